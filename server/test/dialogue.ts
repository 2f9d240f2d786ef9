import type { Finding, NoteSectionKey, Transcript } from "@bedside/shared";
import { extractFindings } from "../src/findings/builtin.engine.js";
import { verifyFindings } from "../src/findings/verifier.js";
import { composeNote } from "../src/notes/note.compose.js";

/** A short invented visit, one line per turn: "D: …" the clinician, "P: …" the patient. */
export const visit = (lines: string[]): Transcript =>
  lines.map((l, i) => ({
    id: `s${i}`,
    speaker: l.startsWith("D:") ? "clinician" : "patient",
    text: l.slice(2).trim(),
  }));

/** The note the engine drafts for a visit, read by section: its sentences' text. */
export function noteOf(transcript: Transcript) {
  const note = composeNote({ findings: extractFindings(transcript), transcript });
  return (key: NoteSectionKey) =>
    (note.sections.find((s) => s.key === key)?.sentences ?? []).map((s) => s.text);
}

let said = 0;
/** The engine's findings for turns given as [speaker, text], after the verifier, as a review shows them. */
export function verifiedFindings(...turns: [Transcript[number]["speaker"], string][]): Finding[] {
  const transcript: Transcript = turns.map(([speaker, text]) => ({ id: `v${++said}`, speaker, text }));
  return verifyFindings(extractFindings(transcript), transcript).findings;
}

/** The terms of one kind of finding. */
export const termsOf = (fs: Finding[], kind: Finding["kind"]) =>
  fs.filter((f) => f.kind === kind).map((f) => f.term);
