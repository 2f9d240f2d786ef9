// `pnpm findings:next-step [--data DIR] [--split train|valid] [--half A|B] [--show]`
// Would the patient know what to do next? (issue 25, the audit's "summary" question.) The gold
// set's next steps (plan items: follow-up, referrals, tests) and warning signs, looked for in the
// patient's summary as composed (not in the findings, which `findings:gold` scores), and the
// generic lines that stand in for what the clinician said: "Call us to set it up" (no one said to
// call), "Ask us when to come back", "If you feel much worse, call us". Prints a line per visit with
// `--show` (tune on half A of the training gold only); the last line is JSON.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { composeSummary, summarySections } from "../../src/findings/summary.compose.js";
import { toTranscript } from "./findings.eval.js";
import { GOLD_SPLITS, type GoldVisit, loadGold, matchesGroups, mentionsAny } from "./gold.score.js";
import { parseHalf, trainHalf } from "./halves.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Lines that stand in for the clinician's own words about what comes next. */
export const GENERIC_LINES: readonly { name: string; re: RegExp }[] = [
  { name: "call-to-set-up", re: /\bcall us to set it up\b(?! if we have not called)/i },
  { name: "ask-when", re: /\bask us when to come back\b/i },
  { name: "feel-much-worse", re: /\bif you feel much worse, call us\b|\bcall us if you feel much worse\b/i },
];

export interface NextStepScore {
  id: string;
  steps: { text: string; category: string; found: boolean }[];
  signs: { found: number; total: number };
  generic: string[];
}

/** One visit: which gold next steps and warning signs the patient's summary says, and its generic lines. */
export function scoreNextStep(gold: GoldVisit, summary: { todo: string; help: string }): NextStepScore {
  const steps = gold.plan
    .filter((p) => p.category === "follow_up" || p.category === "referral" || p.category === "test")
    .map((p) => ({ text: p.text, category: p.category, found: matchesGroups(summary.todo, p.keywords) }));
  const signs = gold.warningSigns.map((w) => mentionsAny(summary.help, typeof w === "string" ? [w] : w));
  const all = `${summary.todo}\n${summary.help}`;
  return {
    id: gold.id,
    steps,
    signs: { found: signs.filter(Boolean).length, total: signs.length },
    generic: GENERIC_LINES.filter((g) => g.re.test(all)).map((g) => g.name),
  };
}

const argsSchema = z.object({
  data: z.string().default(path.join(REPO, "../shared/data")),
  split: z.enum(["train", "valid"]).default("train"),
  show: z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      split: { type: "string" },
      half: { type: "string" },
      show: { type: "boolean" },
    },
  });
  const half = parseHalf(values.half);
  const args = argsSchema.safeParse(values);
  if (half.error || !args.success) {
    console.error(half.error ?? args.error?.issues.map((i) => i.message).join("; "));
    process.exitCode = 2;
    return;
  }
  const dataDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.data.data);
  const engine = createBuiltinEngine();
  const scores: NextStepScore[] = [];
  for (const source of GOLD_SPLITS[args.data.split]) {
    const visits = loadGold(source.file).visits.filter((v) => !half.half || trainHalf(v.id) === half.half);
    const dialogues = await source.dialogues(dataDir, new Set(visits.map((v) => v.id)));
    for (const v of visits) {
      const dialogue = dialogues.get(v.id);
      if (!dialogue) throw new Error(`no dialogue for ${v.id}`);
      const result = await engine.extract(toTranscript(dialogue));
      const doc = composeSummary(result.findings);
      const sections = summarySections(doc);
      // What to do next: the to-do, tests and referrals, the next visit; when to get help apart.
      const text = (titles: RegExp) =>
        sections
          .filter((s) => titles.test(s.title))
          .flatMap((s) => s.items)
          .join("\n");
      const todo = [text(/visit in short/i), text(/tests|next visit/i)].join("\n");
      const help = [doc.inShort.help, ...doc.getHelp.signs].join("\n");
      const score = scoreNextStep(v, { todo, help });
      scores.push(score);
      if (args.data.show)
        console.log(
          `${v.id.padEnd(12)} steps ${score.steps.filter((s) => s.found).length}/${score.steps.length} signs ${score.signs.found}/${score.signs.total} ${score.generic.join(",")}${score.steps
            .filter((s) => !s.found)
            .map((s) => `\n    missed [${s.category}] ${s.text}`)
            .join("")}`,
        );
    }
  }
  const steps = scores.flatMap((s) => s.steps);
  const by = (c: string) => {
    const x = steps.filter((s) => s.category === c);
    return { found: x.filter((s) => s.found).length, total: x.length };
  };
  const generic = Object.fromEntries(
    GENERIC_LINES.map((g) => [g.name, scores.filter((s) => s.generic.includes(g.name)).length]),
  );
  console.log(
    JSON.stringify({
      split: args.data.split,
      half: half.half ?? null,
      visits: scores.length,
      followUp: by("follow_up"),
      referral: by("referral"),
      test: by("test"),
      warningSigns: {
        found: scores.reduce((n, s) => n + s.signs.found, 0),
        total: scores.reduce((n, s) => n + s.signs.total, 0),
      },
      visitsWithGenericLine: generic,
    }),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
