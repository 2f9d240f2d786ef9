// `node scripts/bedside.mjs migrate | backup <file> | restore <file> [--force]`: the database's
// operations, for the database the server's own configuration names (DATABASE_URL, else the
// embedded PGlite in DATA_DIR). `postgres-major` prints the server's major version, for
// bedside.mjs to install the matching client programs.
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { BackupError, backupDatabase, postgresMajor, restoreDatabase } from "./db/backup.js";
import { ConfigError, parseConfig } from "./config.js";
import { migrateToLatest, openDatabase } from "./db/database.js";
import { EmbeddedDatabaseBusy, lockEmbeddedDatabase } from "./db/pglite-lock.js";

const USAGE = "usage: node scripts/bedside.mjs migrate | backup <file> | restore <file> [--force]";

const argsSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("migrate"), file: z.undefined(), force: z.undefined() }),
  z.object({ command: z.literal("postgres-major"), file: z.undefined(), force: z.undefined() }),
  z.object({ command: z.literal("backup"), file: z.string().min(1), force: z.undefined() }),
  z.object({ command: z.literal("restore"), file: z.string().min(1), force: z.boolean().optional() }),
]);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { force: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  const parsed = argsSchema.safeParse({
    command: positionals[0],
    file: positionals[1],
    force: values.force,
  });
  if (!parsed.success || positionals.length > 2) {
    console.error(USAGE);
    return 2;
  }
  const args = parsed.data;
  const config = parseConfig(process.env);
  const where =
    config.database.kind === "postgres"
      ? "PostgreSQL at DATABASE_URL"
      : `the embedded database in ${config.database.dataDir}`;

  switch (args.command) {
    case "postgres-major": {
      if (config.database.kind !== "postgres") return 0;
      console.log(await postgresMajor(config.database));
      return 0;
    }
    case "migrate": {
      const release =
        config.database.kind === "pglite"
          ? lockEmbeddedDatabase(config.database.dataDir, "bedside migrate")
          : () => {};
      try {
        const db = await openDatabase(config.database);
        try {
          // Several instances' migrators may race (MIGRATE_ON_START on each): Kysely takes a lock.
          const applied = await migrateToLatest(db);
          console.log(
            applied.length === 0
              ? `${where} is up to date.`
              : `Applied ${applied.length} migration${applied.length === 1 ? "" : "s"} to ${where}: ${applied.join(", ")}`,
          );
        } finally {
          await db.destroy();
        }
      } finally {
        release();
      }
      return 0;
    }
    case "backup": {
      const file = path.resolve(args.file);
      const header = await backupDatabase(config.database, file);
      console.log(
        [
          `Backed up ${where} to ${file} (${header.payloadBytes} bytes, schema at ${header.migration ?? "no migration"}).`,
          "It holds clinical data (mode 0600): keep it encrypted and access-controlled, like the database.",
        ].join("\n"),
      );
      return 0;
    }
    case "restore": {
      const file = path.resolve(args.file);
      const header = await restoreDatabase(config.database, file, { force: args.force ?? false });
      console.log(
        `Restored ${where} from ${file} (made ${header.createdAt}, schema at ${header.migration ?? "no migration"}). The server applies newer migrations at its next start (or run \`node scripts/bedside.mjs migrate\`).`,
      );
      return 0;
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known =
      err instanceof BackupError || err instanceof ConfigError || err instanceof EmbeddedDatabaseBusy;
    console.error(`bedside: ${known ? (err as Error).message : String((err as Error).stack ?? err)}`);
    process.exit(1);
  },
);
