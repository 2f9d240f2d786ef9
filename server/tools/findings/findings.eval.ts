// The evaluation contract (JSONL dialogues in, one JSON object of findings out), shared by
// the CLI and the report script so both run the same code path.
import {
  type EvalDialogue,
  evalDialogueSchema,
  type EvalOutput,
  type Transcript,
  type TranscriptSpeaker,
} from "@bedside/shared";
import type { FindingsEngine } from "../../src/findings/findings.engine.js";
import { explanationText } from "../../src/findings/plain-language.js";
import { gradeLevel } from "../../src/findings/readability.js";
import { fernandezHuerta, spanishLevel } from "../../src/findings/readability-es.js";
import { composeSummary, summarySections, summaryText } from "../../src/findings/summary.compose.js";
import { visitBundle } from "../../src/notes/fhir.bundle.js";
import { composeNote } from "../../src/notes/note.compose.js";
import { noteText } from "@bedside/shared";

export class InputError extends Error {}

/** The date the evaluation's Bundles carry, so the same input gives the same output. */
const EVAL_DATE = "2026-01-01T00:00:00Z";

const SPEAKER: Record<EvalDialogue["turns"][number]["speaker"], TranscriptSpeaker> = {
  doctor: "clinician",
  patient: "patient",
  other: "other",
};

/** Parses JSONL; the first bad line throws an InputError naming its line number. */
export function parseDialogues(jsonl: string): EvalDialogue[] {
  const out: EvalDialogue[] = [];
  const seen = new Set<string>();
  const lines = jsonl.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? "";
    if (line === "") continue;
    const n = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new InputError(`line ${n}: not valid JSON`);
    }
    const parsed = evalDialogueSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((iss) => `${iss.path.join(".") || "(line)"}: ${iss.message}`);
      throw new InputError(`line ${n}: ${problems.join("; ")}`);
    }
    if (seen.has(parsed.data.id))
      throw new InputError(`line ${n}: duplicate id ${JSON.stringify(parsed.data.id)}`);
    seen.add(parsed.data.id);
    out.push(parsed.data);
  }
  return out;
}

export function toTranscript(d: EvalDialogue): Transcript {
  return d.turns.map((t, i) => ({ id: `${d.id}#${i}`, speaker: SPEAKER[t.speaker], text: t.text }));
}

export async function runDialogues(dialogues: EvalDialogue[], engine: FindingsEngine): Promise<EvalOutput> {
  const out: EvalOutput = {};
  for (const d of dialogues) {
    const transcript = toTranscript(d);
    const result = await engine.extract(transcript);
    // The findings are the same in any language; the summary is written in the patient's.
    const doc = composeSummary(result.findings, {
      ...(d.language ? { language: d.language } : {}),
      ...(d.emergencyNumber ? { emergencyNumber: d.emergencyNumber } : {}),
    });
    const sections = summarySections(doc);
    const summary = summaryText(sections);
    const score = doc.language === "es" ? fernandezHuerta(summary) : undefined;
    const note = noteText(composeNote({ findings: result.findings, transcript }));
    out[d.id] = {
      findings: result.findings.map((f) => ({
        kind: f.kind,
        text: f.text,
        evidence: f.evidence.map((e) => ({ quote: e.quote })),
      })),
      explanations: result.explanations.map((e) => {
        const text = explanationText(e);
        return { text, grade: gradeLevel(text) };
      }),
      summary: {
        language: doc.language,
        sections,
        text: summary,
        ...(score !== undefined
          ? { readability: { formula: "fernandez-huerta" as const, score, level: spanishLevel(score) } }
          : {}),
      },
      note,
      // Placeholder names and a fixed date: the dialogues have neither. Unsigned (a draft).
      fhir: {
        ...visitBundle({
          visit: { id: d.id, patientDisplayName: "Patient", clinicianName: "Clinician", start: EVAL_DATE },
          findings: result.findings,
          noteText: note,
          summaryText: summary,
          engine: result.engine,
          at: EVAL_DATE,
        }),
      },
    };
  }
  return out;
}
