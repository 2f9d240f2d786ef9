import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParticipantRole } from "@bedside/shared";
import { type SpeechInterval, computeInsights } from "../../src/insights/insights.js";
import { parseTextGrid } from "./textgrid.parser.js";

/** PriMock57 sits beside the repository (team kit), never inside it; BEDSIDE_DATA_DIR names it elsewhere. */
const TRANSCRIPTS = path.join(
  process.env.BEDSIDE_DATA_DIR ??
    path.resolve(fileURLToPath(new URL("../../../", import.meta.url)), "../shared/data"),
  "primock57/transcripts",
);

/** One consultation as per-track speech intervals: every non-empty TextGrid interval is speech. */
function loadConsultation(id: string): SpeechInterval[] {
  const tracks: [ParticipantRole, string][] = [
    ["clinician", "doctor"],
    ["patient", "patient"],
  ];
  return tracks.flatMap(([role, file]) => {
    const tiers = parseTextGrid(readFileSync(path.join(TRANSCRIPTS, `${id}_${file}.TextGrid`), "utf8"));
    expect(tiers).toHaveLength(1);
    return (tiers[0]?.intervals ?? [])
      .filter((interval) => interval.text.trim() !== "")
      .map((interval) => ({ role, startMs: interval.xmin * 1000, endMs: interval.xmax * 1000 }));
  });
}

function consultations(): string[] {
  if (!existsSync(TRANSCRIPTS)) throw new Error(`PriMock57 transcripts not found at ${TRANSCRIPTS}`);
  return readdirSync(TRANSCRIPTS)
    .filter((f) => f.endsWith("_doctor.TextGrid"))
    .map((f) => f.replace(/_doctor\.TextGrid$/, ""))
    .sort();
}

describe("parseTextGrid on PriMock57", () => {
  it("reads every interval of a tier, contiguous from xmin to xmax", () => {
    const [first] = consultations();
    const [tier] = parseTextGrid(readFileSync(path.join(TRANSCRIPTS, `${first}_patient.TextGrid`), "utf8"));
    expect(tier?.name).toBe("Patient");
    const intervals = tier?.intervals ?? [];
    expect(intervals.length).toBeGreaterThan(10);
    expect(intervals[0]?.xmin).toBe(0);
    for (let k = 1; k < intervals.length; k++) expect(intervals[k]?.xmin).toBe(intervals[k - 1]?.xmax);
  });
});

describe("presence insights on the PriMock57 consultations", () => {
  it("are consistent for every consultation and plausible in distribution", () => {
    const ids = consultations();
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const patientShares: number[] = [];
    for (const id of ids) {
      const intervals = loadConsultation(id);
      const r = computeInsights(intervals);
      const patientMs = r.talkMs.patient;
      expect(r.talkShare.clinician + r.talkShare.patient + r.talkShare.interpreter).toBeCloseTo(1, 9);
      expect(r.talkMs.interpreter).toBe(0);
      expect(r.interruptions).toBe(r.interruptionsAtMs.length);
      expect(r.patientSpeechBeforeFirstInterruptionMs).toBeLessThanOrEqual(patientMs + 1e-6);
      if (r.interrupted) {
        const first = r.interruptionsAtMs[0] ?? 0;
        expect(r.patientSpeechBeforeFirstInterruptionMs).toBeLessThanOrEqual(first);
      } else {
        expect(r.patientSpeechBeforeFirstInterruptionMs).toBe(patientMs);
      }
      const turn = r.longestPatientTurn;
      expect(turn).not.toBeNull();
      const longestInterval = Math.max(
        ...intervals.filter((i) => i.role === "patient").map((i) => i.endMs - i.startMs),
      );
      expect(turn?.durationMs).toBeGreaterThanOrEqual(longestInterval - 1e-6);
      patientShares.push(r.talkShare.patient);
    }
    // In primary-care consultations doctors talk more than patients (PriMock57's doctors
    // lead structured history-taking): the median patient share sits well inside 20–60 %.
    patientShares.sort((a, b) => a - b);
    const median = patientShares[Math.floor(patientShares.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(0.2);
    expect(median).toBeLessThan(0.6);
  });
});
