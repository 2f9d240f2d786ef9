// `pnpm findings:eval --input FILE.jsonl --output FILE.json`
// Run through tsx from the repository root, so it reads the TypeScript sources and never
// a stale build. pnpm runs root scripts from the root; INIT_CWD is where the caller was,
// and relative paths are resolved against it.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createFindingsEngine, parseFindingsConfig } from "../../src/findings/findings.engine.js";
import { InputError, parseDialogues, runDialogues } from "./findings.eval.js";

const USAGE = "usage: pnpm findings:eval --input FILE.jsonl --output FILE.json";

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let values: { input?: string; output?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { input: { type: "string" }, output: { type: "string" } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (!values.input || !values.output) {
    console.error(USAGE);
    return 2;
  }
  const base = env.INIT_CWD ?? process.cwd();
  const input = path.resolve(base, values.input);
  const output = path.resolve(base, values.output);

  try {
    const engine = createFindingsEngine(parseFindingsConfig(env), {
      logger: { warn: (details, message) => console.error(message, JSON.stringify(details)) },
    });
    const started = performance.now();
    const dialogues = parseDialogues(await readFile(input, "utf8"));
    const result = await runDialogues(dialogues, engine);
    await writeFile(output, `${JSON.stringify(result, null, 2)}\n`);
    const ms = Math.round(performance.now() - started);
    // Counts and timing only: nothing from the dialogues.
    console.error(
      `findings:eval ${dialogues.length} dialogues in ${ms} ms (engine ${engine.name}) -> ${output}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof InputError) console.error(`${input}: ${err.message}`);
    else if (err instanceof Error && "code" in err && typeof err.code === "string")
      console.error(`${err.code}: ${err.message}`);
    else console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
