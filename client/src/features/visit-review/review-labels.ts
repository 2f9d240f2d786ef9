import type { FindingKind, ReviewFinding } from "@bedside/shared";

export const kindLabel: Record<FindingKind, string> = {
  chief_concern: "Main concern",
  symptom: "Symptom",
  medication: "Medicine",
  allergy: "Allergy",
  measurement: "Measurement",
  assessment: "Assessment",
  plan: "Plan",
  follow_up: "Follow-up",
  warning_sign: "Warning sign",
};

export const statusLabel: Record<ReviewFinding["status"], string> = {
  draft: "Draft",
  approved: "Approved",
  removed: "Removed",
};

/** A segment's language named in English (the clinician's screens), e.g. "es" → "Spanish". */
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });
export const languageName = (code: string) => languageNames.of(code) ?? code;

export const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};
