import type { NoteSectionKey, Transcript } from "@bedside/shared";
import { extractFindings } from "../src/findings/builtin.engine.js";
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
