// PriMock57 (../shared/data/primock57, CC BY 4.0): each mock consultation is two Praat TextGrids,
// one per speaker's track ("<id>_doctor.TextGrid", "<id>_patient.TextGrid"), beside a note
// written by the consulting clinician. This turns a pair into the findings:eval dialogue.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { EvalDialogue } from "@bedside/shared";
import { parseTextGrid } from "../scribe/textgrid.parser.js";

type Turn = EvalDialogue["turns"][number];

/** The transcribers mark unsure and inaudible speech in angle brackets ("<UNSURE>…</UNSURE>", "<UNIN/>"). */
function clean(text: string): string {
  return text
    .replace(/<\/?[A-Z_]+\/?>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * One dialogue from the two tracks: every non-empty interval is an utterance, ordered by start
 * time, and consecutive utterances of one speaker joined into one turn (as a reader of the
 * conversation would see them).
 */
export function primockTurns(doctorTextGrid: string, patientTextGrid: string): Turn[] {
  const utterances: { start: number; speaker: Turn["speaker"]; text: string }[] = [];
  for (const [source, speaker] of [
    [doctorTextGrid, "doctor"],
    [patientTextGrid, "patient"],
  ] as const) {
    for (const tier of parseTextGrid(source))
      for (const i of tier.intervals) {
        const text = clean(i.text);
        if (text) utterances.push({ start: i.xmin, speaker, text });
      }
  }
  utterances.sort((a, b) => a.start - b.start);
  const turns: Turn[] = [];
  for (const u of utterances) {
    const last = turns[turns.length - 1];
    if (last?.speaker === u.speaker) last.text = `${last.text} ${u.text}`;
    else turns.push({ speaker: u.speaker, text: u.text });
  }
  return turns;
}

/** The consultation ids ("day1_consultation01") that have both tracks in `dir/transcripts`. */
export function primockIds(dir: string): string[] {
  const files = new Set(readdirSync(path.join(dir, "transcripts")));
  return [...files]
    .filter((f) => f.endsWith("_doctor.TextGrid"))
    .map((f) => f.replace(/_doctor\.TextGrid$/, ""))
    .filter((id) => files.has(`${id}_patient.TextGrid`))
    .sort();
}

export function readPrimock(dir: string, id: string): EvalDialogue {
  const read = (who: string) => readFileSync(path.join(dir, "transcripts", `${id}_${who}.TextGrid`), "utf8");
  // Mock consultations with UK general practitioners: the patient dials 999.
  return { id, turns: primockTurns(read("doctor"), read("patient")), emergencyNumber: "999" };
}
