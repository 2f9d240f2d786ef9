// `node scripts/bedside.mjs admin --email you@clinic.example [--name "Dr. Ana Ruiz"] [--clinician]`:
// creates the clinic's first admin without a browser (a headless install). It refuses when an
// active admin exists: from then on admins invite people from the People screen. With the
// embedded database, run it while the server is stopped (PGlite has one process at a time).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createClinicianRepository } from "./auth/clinician.repository.js";
import { hashPassword } from "./auth/password.js";
import { createAuditRepository } from "./audit/audit.repository.js";
import { ConfigError, parseConfig } from "./config.js";
import { migrateToLatest, openDatabase } from "./db/database.js";
import { lockEmbeddedDatabase } from "./db/pglite-lock.js";

const argsSchema = z.object({
  email: z.email({ error: "--email must be an email address" }).max(254),
  name: z.string().trim().min(1).max(120).optional(),
  clinician: z.boolean().optional(),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { email: { type: "string" }, name: { type: "string" }, clinician: { type: "boolean" } },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`bedside admin: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    console.error(
      'usage: node scripts/bedside.mjs admin --email you@clinic.example [--name "Your Name"] [--clinician]',
    );
    return 2;
  }
  const args = parsed.data;
  const config = parseConfig(process.env);
  if (config.database.kind === "pglite") {
    process.on("exit", lockEmbeddedDatabase(config.database.dataDir, "bedside admin"));
  }
  const db = await openDatabase(config.database);
  try {
    await migrateToLatest(db);
    const clinicians = createClinicianRepository(db);
    if (await clinicians.hasActiveAdmin()) {
      console.error(
        "bedside admin: this clinic already has an admin; they invite people from the People screen.",
      );
      return 1;
    }
    if (await clinicians.findByEmail(args.email)) {
      console.error("bedside admin: an account with this email already exists.");
      return 1;
    }
    // Random, shown once: the admin signs in with it and changes it.
    const password = randomBytes(15).toString("base64url");
    const user = await clinicians.create({
      email: args.email,
      displayName: args.name ?? args.email.split("@")[0]!,
      passwordHash: await hashPassword(password),
      roles: args.clinician ? ["admin", "clinician"] : ["admin"],
    });
    // The setup links printed at earlier starts no longer create anyone.
    await db
      .updateTable("account_tokens")
      .set({ revoked_at: new Date() })
      .where("purpose", "=", "setup")
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    await createAuditRepository(db).append({
      visitId: null,
      actor: { kind: "system", id: null },
      action: "account.setup",
      detail: { userId: user.id, via: "cli" },
    });
    console.log(
      [
        `Created the admin ${user.email} (${user.roles.join(", ")}).`,
        `Password (shown once; change it after signing in): ${password}`,
      ].join("\n"),
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bedside admin: ${err instanceof ConfigError ? err.message : (err as Error).message}`);
    process.exit(1);
  },
);
