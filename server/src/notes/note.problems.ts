// Which assessed problem a plan item belongs to, by what it treats or tests (issue 25, session
// 14). The composer places an item under the problem the clinician named last before saying it;
// that fails when problems are summed up in one breath and the orders come after ("Increase
// metformin" under "Sprain", "Continue albuterol" under "Diabetes"). What a medicine treats comes
// from its drug class (the findings' own vocabulary, `drugClassOf`), what a test looks at from
// the test: data below, so any wording of the same order lands under the same problem.
import { drugClassOf } from "../findings/drug.matcher.js";
import { medicationMatcher, testMatcher } from "../findings/lexicon.matcher.js";

/** Problems (the assessment's term or words) each drug class treats. */
const CLASS_TREATS: Record<string, RegExp> = {
  blood_pressure:
    /\b(?:hypertension|high blood pressure|blood pressure|heart failure|ventricular|cardiomyopathy|ejection fraction|atrial fibrillation|coronary|angina|palpitations)\b/,
  diuretic:
    /\b(?:hypertension|high blood pressure|heart failure|ventricular|cardiomyopathy|fluid retention|edema|swelling)\b/,
  cholesterol: /\b(?:hyperlipidemia|cholesterol|coronary|lipid)\b/,
  diabetes: /\b(?:diabetes|hyperglycemia|blood sugar|prediabetes|a1c)\b/,
  insulin: /\b(?:diabetes|hyperglycemia|blood sugar)\b/,
  thyroid: /\b(?:thyroid|hypothyroidism|hyperthyroidism)\b/,
  inhaler: /\b(?:asthma|copd|bronchitis|wheezing|shortness of breath|reactive airway)\b/,
  antidepressant: /\b(?:depression|anxiety|low mood|mood|panic|insomnia)\b/,
  anxiety: /\b(?:anxiety|panic|insomnia)\b/,
  sleep: /\b(?:insomnia|sleep)\b/,
  mental_health: /\b(?:depression|anxiety|bipolar|schizophrenia|mood)\b/,
  acid: /\b(?:gerd|reflux|heartburn|gastritis|ulcer|esophagitis|dyspepsia)\b/,
  gout: /\bgout\b/,
  migraine: /\b(?:migraine|headache)\b/,
  blood_thinner: /\b(?:atrial fibrillation|deep vein thrombosis|clot|embolism|stroke|coronary)\b/,
  prostate: /\b(?:prostat\w*|benign prostatic hyperplasia|urinary|kidney stones?)\b/,
  allergy: /\b(?:allerg\w*|rhinitis|hives|itching|sinus\w*|nasal congestion)\b/,
  antibiotic:
    /\b(?:infection|pneumonia|bronchitis|sinusitis|strep|otitis|cellulitis|urinary tract|uti|lyme|abscess|wound)\b/,
  antiviral: /\b(?:influenza|flu|covid|shingles|herpes|viral)\b/,
  nerve: /\b(?:neuropathy|sciatica|nerve|radiculopathy|neuralgia)\b/,
  seizure: /\b(?:seizure|epilepsy)\b/,
  bone: /\b(?:osteoporosis|osteopenia|bone density)\b/,
  nausea: /\b(?:nausea|vomiting|gastroenteritis|migraine)\b/,
  bowel: /\b(?:constipation|diarrhea|irritable bowel|bowel)\b/,
  skin: /\b(?:eczema|psoriasis|rash|dermatitis|acne|skin)\b/,
  immune: /\b(?:rheumatoid arthritis|lupus|psoriasis|autoimmune)\b/,
};
/** Pain medicines treat the body's pains and injuries. */
const PAIN =
  /\b(?:pain|sprain|strain|fracture|arthritis|osteoarthritis|tendinitis|tendonitis|bursitis|sciatica|herniated disc|tear|injury|kidney stones?|gout|migraine|headache|contusion|spasm)\b/;
for (const c of ["pain", "nsaid", "opioid", "muscle"]) CLASS_TREATS[c] = PAIN;

/** Problems each test looks at. */
const TEST_LOOKS_AT: Record<string, RegExp> = {
  "hemoglobin a1c": /\b(?:diabetes|hyperglycemia|blood sugar|prediabetes)\b/,
  "lipid panel": /\b(?:hyperlipidemia|cholesterol|coronary)\b/,
  "thyroid test": /\b(?:thyroid|hypothyroidism|hyperthyroidism)\b/,
  echocardiogram:
    /\b(?:heart|cardiac|murmur|regurgitation|stenosis|atrial fibrillation|coronary|valve|ventricular|cardiomyopathy|ejection fraction)\b/,
  ekg: /\b(?:heart|cardiac|atrial fibrillation|palpitations|chest pain|coronary|arrhythmia)\b/,
  "stress test": /\b(?:heart|cardiac|coronary|chest pain|angina)\b/,
  "holter monitor": /\b(?:palpitations|atrial fibrillation|arrhythmia|heart)\b/,
  "pulmonary function test": /\b(?:asthma|copd|shortness of breath|lung)\b/,
  "psa test": /\bprostat\w*\b/,
  urinalysis: /\b(?:urinary|kidney|uti|bladder|hematuria|stones?)\b/,
  colonoscopy: /\b(?:colon|bowel|rectal|stool|anemia|polyps?|diverticul\w*|cancer)\b/,
  endoscopy: /\b(?:gerd|reflux|ulcer|esophag\w*|stomach|anemia|bleeding|dyspepsia)\b/,
  mammogram: /\bbreast\b/,
  "bone density scan": /\b(?:osteoporosis|osteopenia)\b/,
  "sleep study": /\b(?:sleep apnea|snoring|insomnia)\b/,
  "nerve conduction study": /\b(?:neuropathy|carpal tunnel|nerve|radiculopathy)\b/,
};

/** The words of a problem to match: its term and its name. */
const problemWords = (term: string | undefined, name: string): string =>
  `${term ?? ""} ${name}`.toLowerCase();

/** Whether the table knows anything this problem is treated or tested with. */
export function knownProblem(term: string | undefined, name: string): boolean {
  const words = problemWords(term, name);
  return [...Object.values(CLASS_TREATS), ...Object.values(TEST_LOOKS_AT)].some((re) => re.test(words));
}

/**
 * Whether a plan line is about this problem by what it names: a medicine that treats it (by its
 * class) or a test that looks at it. Undefined when the line names neither, so position decides.
 */
export function treats(line: string, term: string | undefined, name: string): boolean | undefined {
  const words = problemWords(term, name);
  const drugs = medicationMatcher.find(line).map((m) => drugClassOf(m.term));
  const tests = testMatcher.find(line).map((m) => m.term.toLowerCase());
  const known = [
    ...drugs.map((c) => (c ? CLASS_TREATS[c] : undefined)),
    ...tests.map((t) => TEST_LOOKS_AT[t]),
  ].filter((re): re is RegExp => re !== undefined);
  if (known.length === 0) return undefined;
  return known.some((re) => re.test(words));
}

/** How a problem stands, as said right after its name ("your depression's stable", "the diabetes is well controlled"). */
const STATUS_AFTER =
  /^(?:'s|,\s*(?:it|that)(?:'s|\s+(?:is|seems|looks|appears|has\s+been|remains))|\s+(?:is|was|seems|seem|looks|look|appears|has\s+been|remains|are|is\s+still|is\s+now|has|has\s+gotten|got))(\s+(?:not|n't))?\s+(?:to\s+be\s+)?(?:very\s+|pretty\s+|fairly\s+|really\s+|quite\s+|relatively\s+|much\s+|a\s+lot\s+|a\s+little\s+)?(stable|well[\s-]controlled|under\s+(?:good\s+)?control|controlled|improving|improved|better|resolved|worse|worsening|uncontrolled|out\s+of\s+control)\b/;
/** "you're doing well with your depression", "the depression, you're doing really well". */
const DOING_WELL_BEFORE =
  /\b(?:you're|you\s+are|you've\s+been|she's|he's)\s+doing\s+(?:really\s+|very\s+|pretty\s+)?well\s+with\s+(?:your\s+|the\s+|her\s+|his\s+)?$/;
const DOING_WELL_AFTER =
  /^(?:\s+(?:standpoint|wise|front))?\W{0,3}(?:it\s+sounds\s+like\s+|i\s+think\s+)?(?:you're|you\s+are|you've\s+been)\s+doing\s+(?:really\s+|very\s+|pretty\s+)?well\b/;
/** Nothing changed today: "we're not gonna change anything", "no changes". */
const NO_CHANGE =
  /\b(?:(?:we're|we\s+are|i'm|i\s+am)\s+not\s+(?:gon\s*na|going\s+to)\s+change\s+(?:anything|any\s+of\s+your|your)|no\s+changes?\s+(?:to|in|today|for\s+now)|(?:we|i)\s+(?:won't|wo\s+n't|will\s+not)\s+(?:change|do)\s+anything\s+(?:different|differently|else))\b/;

const STATUS_LINE: Record<string, string> = {
  stable: "Stable.",
  controlled: "Controlled.",
  "well controlled": "Well controlled.",
  "under control": "Controlled.",
  "under good control": "Well controlled.",
  improving: "Improving.",
  improved: "Improved.",
  better: "Improved.",
  resolved: "Resolved.",
  worse: "Worsening.",
  worsening: "Worsening.",
  uncontrolled: "Uncontrolled.",
  "out of control": "Uncontrolled.",
};

/**
 * How the clinician said a problem stands (issue 25, session 15), as the chart's line under it:
 * "it sounds like your depression's stable, so we're not gonna change anything" → "Stable. No
 * changes to treatment." Only a status word said of the problem by name in the clinician's own
 * statement (never a question, never the patient's guess); a negation keeps only "Not well
 * controlled" / "Not stable", and a status it cannot read is left out.
 */
export function problemStatus(
  term: string,
  transcript: readonly { id: string; speaker: string; text: string }[],
): { text: string; segmentId: string }[] {
  const t = term.toLowerCase().trim();
  if (t.length < 3) return [];
  const out: { text: string; segmentId: string }[] = [];
  for (const seg of transcript) {
    if (seg.speaker !== "clinician") continue;
    const sentences = seg.text
      .toLowerCase()
      .replace(/\s+([,.?!;])(?=\s|$)/g, "$1")
      .replace(/\s+'s\b/g, "'s")
      .split(/(?<=[.?!;])\s+/);
    for (const s of sentences) {
      if (/\?\s*$/.test(s) || /\b(?:if|whether|when)\b[^,.]*$/.test(s.slice(0, s.indexOf(t)))) continue;
      let at = s.indexOf(t);
      while (at >= 0) {
        const after = s.slice(at + t.length);
        const m = STATUS_AFTER.exec(after);
        let line: string | undefined;
        if (m?.[2]) {
          const word = m[2].replace(/[\s-]+/g, " ");
          if (m[1])
            line = /controlled|control/.test(word)
              ? "Not well controlled."
              : word === "stable"
                ? "Not stable."
                : undefined;
          else line = STATUS_LINE[word];
        } else if (DOING_WELL_BEFORE.test(s.slice(0, at)) || DOING_WELL_AFTER.test(after))
          line = "Doing well.";
        if (line && !out.some((o) => o.text === line)) out.push({ text: line, segmentId: seg.id });
        if (line && NO_CHANGE.test(s) && !out.some((o) => o.text === "No changes to treatment."))
          out.push({ text: "No changes to treatment.", segmentId: seg.id });
        at = s.indexOf(t, at + t.length);
      }
    }
    if (out.length > 0) return out;
  }
  return out;
}
