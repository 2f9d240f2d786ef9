import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { composeNote } from "../../src/notes/note.compose.js";
import { noteText } from "@bedside/shared";
import { loadCheckCases } from "./note.check.js";
import { toTranscript } from "../findings/findings.eval.js";
const [split, ...ids] = process.argv.slice(2);
const cases = await loadCheckCases("/work/shared/data", split!);
const engine = createBuiltinEngine();
for (const c of cases.filter((c) => ids.includes(c.id))) {
  const t = toTranscript(c.dialogue);
  const { findings } = await engine.extract(t);
  console.log("=====", c.id);
  if (process.env.T) for (const s of t) console.log(s.id, s.speaker, s.text);
  for (const f of findings) console.log(f.kind, "|", f.text, "|", JSON.stringify(f.details), f.evidence.map(e=>e.segmentId.split("#")[1]).join(","));
  console.log(noteText(composeNote({ findings, transcript: t })));
}
