import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { composeNote } from "../../src/notes/note.compose.js";
import { loadCheckCases } from "./note.check.js";
import { toTranscript, } from "../findings/findings.eval.js";
import { parseCsv } from "../findings/findings.evaluate.js";
import { readFileSync } from "node:fs";
const split = process.argv[2]!;
const hdr = new Map(parseCsv(readFileSync(`/work/shared/data/mts-dialog/${split}.csv`, "utf8")).map((r) => [`mts-${split}-${r.ID}`, r.section_header]));
const cases = await loadCheckCases("/work/shared/data", split);
const engine = createBuiltinEngine();
const count = new Map<string, number[]>();
const ex: Record<string, string[]> = {};
for (const c of cases) {
  const t = toTranscript(c.dialogue);
  const { findings } = await engine.extract(t);
  const n = composeNote({ findings, transcript: t }).sections.reduce((a, s) => a + s.sentences.length, 0);
  const h = hdr.get(c.id) ?? "ACI";
  const v = count.get(h) ?? [0, 0];
  v[0]++; if (n === 0) { v[1]++; (ex[h] ??= []).push(c.id); }
  count.set(h, v);
}
for (const [h, [a, b]] of count) console.log(h, a, b, (ex[h] ?? []).slice(0, 8).join(" "));
