// Diagnoses only from the clinician's own framing: "I think this is a kidney stone", "for your
// first problem, your hypertension", "my impression is…". A condition named in a denial, a
// question, about someone else or in small talk ("covid has been going around") is no diagnosis;
// one from the past history ("a history significant for depression", "you had a skin cancer
// removed five months ago") is history, not what the clinician thinks today; a murmur heard on
// exam is an exam finding.
import { contextOf, isPseudoMention, type Span } from "./context.js";
import { conditionMatcher } from "./lexicon.matcher.js";

export type AssessmentStrength = "history" | "exam" | "possible" | "current";

/** The clinician commits to it now (before the mention, in its clause). */
export const CURRENT_ASSESSMENT_CUE =
  /\b(?:i\s+(?:do\s+)?think|i\s+believe|(?:it|this|that)\s+(?:looks|sounds|seems)\s+like|(?:this|that)\s+(?:is|looks|sounds|seems)|consistent\s+with|diagnos\w*|impression|assessment|you\s+(?:do\s+)?have|you've\s+got|you\s+have\s+got|(?:first|second|third|fourth|next|last|other|another|final)\s+(?:problem|issue|concern|condition|diagnosis)|recurrence|exacerbation|flare|dealing\s+with|suffering\s+from|treat(?:ing)?\s+(?:you\s+)?for|(?:for|regarding|in\s+terms\s+of|with\s+regards?\s+to)\s+(?:your|the|her|his)|standpoint|likely|probably|suspect)\b/i;

/** Said while examining: a finding, not a diagnosis. */
const EXAM_CUE =
  /\b(?:on\s+(?:your\s+|the\s+|her\s+|his\s+)?(?:\w+\s+)?exam(?:ination)?|i\s+(?:do\s+)?(?:hear|appreciate|feel|see|note|notice)|there\s+is\s+(?:a|an|some)|auscultation|palpation)\b/i;

/**
 * Cues that commit to a diagnosis even inside a question-like clause ("is it, i think it's X"); "have
 * you ever been diagnosed with" asks.
 */
const COMMITTED =
  /\b(?:i\s+(?:do\s+)?think|i\s+believe|impression|diagnos(?:is|es|e|ing)|consistent\s+with|(?:it|this|that)\s+(?:looks|sounds|seems)\s+like)\b/i;

export const UNCERTAIN_ASSESSMENT =
  /\b(?:rule\s+out|possible|possibly|might|may\s+be|could\s+be|concern\w*\s+(?:for|that|about)|worried|suspect|probably|likely|differential)\b/i;

// The clause before a mention: from the last break (", but", "so", ";") to the mention.
const BREAK =
  /;|\b(?:but|however|so|and\s+then|because|although|which)\b|,\s*(?:and\s+)?(?:i|we|it|she|he|they|that)\b/gi;
// For a patient's guess a new subject starts the clause and stays in it: ", i wondered if it was
// just a cold" keeps its "i wondered" with the cold.
const BREAK_KEEPING_SUBJECT =
  /;|\b(?:but|however|so|and\s+then|because|although)\b|,\s*(?:and\s+)?(?=(?:i|we|it|she|he|they|that)\b)/gi;
function clauseBefore(text: string, at: number, breaks = BREAK): string {
  let cut = 0;
  for (const m of text.slice(0, at).matchAll(breaks)) cut = m.index + m[0].length;
  return text.slice(cut, at);
}

/**
 * "This is likely caused by your dietary indiscretion and uncontrolled hypertension that we've been
 * monitoring": the hedge is on the cause, not on a condition the patient is known to have (their
 * own, or one being treated); "likely due to a viral infection" hedges the infection itself.
 */
const CAUSE_OF_YOURS =
  /\b(?:caused\s+by|due\s+to|secondary\s+to|related\s+to|from)\s+(?:your|his|her)\b[^,.;?]*$/i;
const KNOWN_AFTER =
  /^\s*(?:that|which)\s+(?:we've|we\s+have|we're|we\s+are|you've|you\s+have)\s+been\s+(?:monitoring|treating|following|managing|watching|talking\s+about)\b/i;
const knownCause = (text: string, m: Span, before: string) =>
  CAUSE_OF_YOURS.test(before) || KNOWN_AFTER.test(text.slice(m.end, m.end + 60));

/**
 * What the chart or the patient says, not the clinician's assessment today: "you've been diagnosed
 * with high blood pressure", "you said you think you've got osteoarthritis" (blind audit s18: each
 * was told to the patient as what the clinician thinks).
 */
const CHART_OR_PATIENTS_WORD =
  /\b(?:(?:you've|you\s+have|you\s+were|you're|she's|he's|(?:she|he)\s+(?:has|was))\s+(?:been\s+)?(?:previously\s+|already\s+)?diagnosed|you\s+(?:said|mentioned|told\s+(?:me|us)|think|thought|believe|feel\s+like))\b/i;

/** How a condition the clinician names stands: undefined when it is not the patient's at all. */
export function clinicianAssessment(text: string, m: Span): AssessmentStrength | undefined {
  if (isPseudoMention(text, m)) return undefined;
  const c = contextOf(text, m);
  if (c.has("negated") || c.has("other_person")) return undefined;
  const before = clauseBefore(text, m.start);
  const possible = UNCERTAIN_ASSESSMENT.test(before) && !knownCause(text, m, before);
  if (c.has("hypothetical") && !possible) return undefined;
  // A question the scribe wrote without its "?" ("do you have neuropathy where you get numbness",
  // "have you had strep throat in the past") asks; it does not diagnose. "How about your
  // diabetes" asks about a condition already known: history, never today's diagnosis.
  if (c.has("asked") && !COMMITTED.test(before)) {
    return /\b(?:your|her|his|the)\s+(?:\w+\s+)?$/i.test(text.slice(0, m.start)) ? "history" : undefined;
  }
  if (c.has("historical") || CHART_OR_PATIENTS_WORD.test(before)) return "history";
  if (possible) return "possible";
  if (
    CURRENT_ASSESSMENT_CUE.test(before) ||
    CURRENT_ASSESSMENT_CUE.test(text.slice(m.end, m.end + 40).split(/[,.;]/)[0] ?? "")
  )
    return "current";
  if (EXAM_CUE.test(before) || EXAM_CUE.test(text.slice(0, m.start))) return "exam";
  return "history";
}

/** The finding's text for each strength; the summary reads "History of" and "On exam:" as not diagnoses. */
export function assessmentLabel(term: string, strength: AssessmentStrength): string {
  switch (strength) {
    case "current":
      return term.charAt(0).toUpperCase() + term.slice(1);
    case "possible":
      return `Possible ${term}`;
    case "exam":
      return `On exam: ${term}`;
    case "history":
      return `History of ${term}`;
  }
}

/** Which of two labels for one condition says more about today: a later "I think it's X" wins. */
export function assessmentRank(label: string): number {
  if (/\(patient-reported\)\s*$/i.test(label)) return 0;
  if (/^history of\b/i.test(label)) return 1;
  if (/^on exam:/i.test(label)) return 2;
  if (/^possible\b/i.test(label)) return 3;
  return 4;
}

/**
 * The patient guessing or fearing, not reporting a diagnosis: "I thought I was having a heart attack",
 * "I was so worried that I had cancer", "we don't think I'm dying of lung cancer" (blind audit s18c).
 */
const PATIENT_GUESS =
  /\b(?:(?:i|we|you)\s+(?:(?:do|did|don[’']?t|didn[’']?t|do\s+not)\s+)?(?:think|thought)|(?:die|dying)\s+(?:of|from)|i\s+(?:guess|wonder(?:ed)?|was\s+wondering|assumed?|figured|feel\s+like|felt\s+like|was\s+like)|maybe|is\s+it|could\s+(?:it|this|that)\s+be|like\s+i\s+(?:was|had)|worried|scared|afraid|frightened|terrified|paranoid)\b/i;

/**
 * Whether a condition the patient names is their own history: not negated, hypothetical, asked,
 * another person's or small talk, and not a guess or fear ("I think I have diabetes": the reason
 * they came, for the clinician to confirm or not).
 */
export function patientReportedCondition(text: string, m: Span, speaker?: string): boolean {
  if (isPseudoMention(text, m)) return false;
  const c = contextOf(text, m);
  if (c.has("negated") || c.has("hypothetical") || c.has("other_person") || c.has("asked")) return false;
  const before = clauseBefore(text, m.start);
  // A family member speaking for the patient calls them "she" or "he"; the patient means someone else.
  const someoneElse = speaker === "patient" && someoneElseHas(text, m);
  // "They checked my diabetes, my blood pressure and my cholesterol, and the doctor said it was all
  // OK": what was tested for, not what they have (blind audit s18).
  const testedFor =
    /\b(?:check(?:ed|ing)?|test(?:ed|ing)?|screen(?:ed|ing)?)\s+(?:me\s+)?(?:for\s+)?(?:my\s+|the\s+)?$/i.test(
      text.slice(Math.max(0, m.start - 40), m.start),
    );
  return !PATIENT_GUESS.test(before) && !isPatientGuess(text, m) && !someoneElse && !testedFor;
}

/** A patient's sentence gives the condition to someone else: "she has…", "we have…". */
export const someoneElseHas = (text: string, m: Span): boolean =>
  SOMEONE_ELSE_HAS.test(text.slice(Math.max(0, m.start - 60), m.start));

/** The patient's guess at what they have ("I wondered if it was just a cold"): not a diagnosis. */
export function isPatientGuess(text: string, m: Span): boolean {
  return PATIENT_GUESS.test(clauseBefore(text, m.start, BREAK_KEEPING_SUBJECT));
}

// The patient speaks of themselves as "I"; "she has irritable bowel syndrome", "he had color cancer
// and thyroid cancer" (the patient's father, blind audit s18), "a lot of my family has some sort of
// heart problem. We have high blood pressure" (blind audit s19) are someone else's, and so is "the
// history of cancer" they just told of.
const SOMEONE_ELSE_HAS =
  /\b(?:she|he|they|we)\s+(?:(?:also|still|just|actually|already)\s+)?(?:has|had|have|got|was\s+diagnosed\s+with|suffers?\s+from|deals?\s+with|died\s+(?:from|of))\s+(?:[\w-]+\s+){0,4}$|\bthe\s+(?:family\s+)?history\s+of\s+$/i;

// ---- Diagnoses the clinician names outside the lexicon -----------------------------------------
// "For your first problem of right lateral epicondylitis", "my impression is that you probably have
// a contusion", "your symptoms seem consistent with a condition we call hypersensitivity
// pneumonitis", "you have acute esophagitis": the main problem of a visit is often a condition the
// lexicon does not list. Only the clinician's own diagnostic framing is read, and a phrase counts
// only when it ends in a word that names a disorder, so "you have a normal gait" or "for your knee"
// give nothing.

/** Framing after which the clinician names a diagnosis. */
const DIAGNOSIS_FRAMING: readonly RegExp[] = [
  // "for your first problem, your reflux", "your third diagnosis of hypertension"
  /\b(?:(?:first|second|third|fourth|fifth|next|last|final|primary|other|main|new)\s+)+(?:problem|issue|diagnosis|concern|condition)(?:\s+(?:of|is|was|would\s+be|which\s+is))?(?:\s*,)?\s+(?:(?:for|with|of)\s+)?(?:(?:your|the|her|his)\s+)?/gi,
  // "my impression of you, you know, you have this hyperglycemia", "impression is that you probably have…"
  /\bimpression\s+(?:of\s+(?:you|her|him)\s*,?\s*(?:you\s+know\s*,?\s*)?)?(?:(?:is|would\s+be|was)\s+)?(?:that\s+)?/gi,
  /\bdiagnos(?:is|es)\s+(?:here\s+|today\s+)?(?:would\s+be|is|was|of)\s+/gi,
  /\bdiagnosed?\s+(?:you|her|him)\s+with\s+/gi,
  // "i do think that you have a tension type headache", "i suspect that this is a flare of…"
  /\bi\s+(?:do\s+|really\s+|still\s+)?(?:think|believe|suspect)\s+(?:that\s+)?(?:(?:you|she|he)\s+(?:(?:probably|likely|also|just|do|still)\s+)?(?:have|has|had|'ve\s+got)|(?:you're|you\s+are|she's|he's)\s+(?:suffering\s+from|dealing\s+with|having)|(?:this|it|that)(?:'s|\s+is))\s+/gi,
  /\b(?:consistent|compatible)\s+with\s+(?:(?:a|the)\s+(?:condition|diagnosis)\s+(?:that\s+)?(?:we|i)\s+call\s+)?/gi,
  /\b(?:sounds|looks|seems)\s+like\s+(?:(?:you|she|he)\s+(?:(?:probably|likely|may|might)\s+)?(?:have|has|had)\s+)?/gi,
  // "your right foot pain is due to a lisfranc fracture"
  /\b(?:is|are)\s+(?:(?:probably|likely|most\s+likely)\s+)?(?:due\s+to|caused\s+by|from)\s+/gi,
  /\byou\s+(?:(?:do|probably|likely|also|still|definitely)\s+)?(?:have|'ve\s+got|got)\s+/gi,
  // "so this is just a contusion of the knee", "it's most likely a muscle strain": the clinician's
  // verdict, kept only when what follows ends in a disorder's name ("that's a good question" gives nothing).
  /\b(?:this|it|that)(?:'s|\s+is)\s+(?:(?:just|only|simply|most\s+likely|likely|probably|definitely|really)\s+)*(?=an?\s)/gi,
  // "a mass, which i think is a brain tumor"
  /\b(?:which|that)\s+i\s+(?:do\s+)?(?:think|believe|suspect)\s+is\s+/gi,
  // "a small tumor in the pituitary gland called an adenoma", "what's known as plantar fasciitis"
  /\b(?:called(?:\s+as)?|known\s+as)\s+/gi,
  // What a test found: "the mri showed a small tumor", "the biopsy confirmed a basal cell carcinoma",
  // "we found a polyp". A negation ("showed no fracture") is read by the context rules.
  /\b(?:x-?rays?|mri|ct(?:\s+scan)?|scan|ultrasound|biopsy|echo(?:cardiogram)?|colonoscopy|endoscopy|imaging|pathology|culture|test|labs?|we|they)(?:\s+(?!and\b|but\b|no\b|not\b)[\w']+){0,4}?\s+(?:(?:also|clearly)\s+)?(?:showed|shows|revealed|reveals|confirmed|confirms|found|demonstrated|demonstrates)\s+(?:that\s+(?:you\s+have\s+|there\s+is\s+|there's\s+)?|(?:there\s+is|there's)\s+)?/gi,
  // A dictated impression: "number one, left upper extremity neuropathy…"
  /\bnumber\s+(?:one|two|three|four|five)\s*,\s*/gi,
  // "for your back pain, stay on…", "under abnormal liver enzymes, …", "on the hyperthyroidism, …"
  /\b(?:for|under|regarding|in\s+terms\s+of|with\s+regards?\s+to|on)\s+(?:(?:your|the|her|his)\s+)?/gi,
];

/** Where the name ends: punctuation, or a word that starts the next clause. */
const NAME_END =
  /[,.;:?!]|\s+(?:and\s+(?:this|that|it|i|we|so|then|what|you|is|now)|which|that(?:'s)?|what|where|so|but|because|i|i'm|i'd|i'll|we|we're|we'll|let's|let|it's|it|is|was|are|were|from|as\s+well|today|now|here|right\s+now|for|with|since|if|when|um|uh|you\s+know|okay|alright|who|to|causing|caused|suspicious|probably|likely|in\s+the\s+setting|in\s+your\s+case|another|this|has|have|had|seems?|looks?|can|could|should|will|would|does|do|did|not)\b|(?<!\b(?:of|in|on))\s+(?:your|you|you're)\b|\s+(?:on|in)\s+(?:the|your)\s+(?:x-?rays?|mri|ct|scan|ultrasound|colonoscopy|endoscopy|biopsy|exam|imaging|echo\w*)\b/i;

/** Words a disorder's name ends in (its head noun, before any "of the right foot"). */
const DISORDER_SUFFIX =
  /(?:itis|osis|opathy|emia|aemia|algia|oma|plasia|trophy|ectasis|iasis|megaly|penia|uria)$/i;
const DISORDER_HEAD = new Set(
  (
    "syndrome disease disorder injury strain sprain tear fracture contusion infection ulcer deficiency failure " +
    "stenosis headache migraine hernia cyst reflux lesion insufficiency dysfunction regurgitation pneumonia eczema " +
    "concussion dislocation impingement effusion palsy spasm cancer carcinoma tumor tumour polyp stone apnea " +
    "obesity hypertension diabetes asthma copd constipation diarrhea dehydration hypothyroidism hyperthyroidism " +
    "hyperlipidemia nodule rash acne psoriasis gout sciatica vertigo insomnia depression anxiety allergy allergies " +
    "fibrillation flutter arrhythmia aneurysm thrombosis embolism laceration abrasion abscess cellulitis prolapse " +
    "incontinence hirsutism enzymes dcis gerd ibs uti pain sepsis bruise mass neoplasm malignancy metastasis " +
    "adenoma lipoma"
  ).split(" "),
);
/** What a name may not start with: not a disorder, or not now. */
const NOT_A_NAME =
  /^(?:(?:first|second|third|fourth|fifth|next|last|final|primary|other|main|new)\s+(?:problem|issue|diagnosis|concern|condition)|normal|no|not|any|history|a\s+history|previous|past|good|great|question|questions|appointment|lot|little|bit|follow|family|sister|brother|mother|father|son|daughter|wife|husband)\b/i;
const LEADING =
  /^(?:(?:a|an|the|this|that|these|those|some|your|her|his|my|here|today|now|is|was|are|and|or|also|developed|something\s+called|kind\s+of|sort\s+of|like|just|what\s+we\s+call|what's\s+called|a\s+condition\s+(?:we|i)\s+call|uh|um|(?:a\s+)?(?:flare|recurrence|exacerbation)\s+of)\s+|(?:(?:you|she|he)-?\s+)+(?:(?:probably|likely|possibly|do|may|might|just|definitely|also)\s+)*(?:have|has|had|'ve\s+got)\s+)+/i;

/** "Neuropathy suspicious for cervical radiculopathy": the second is not yet diagnosed. */
const SUSPICIOUS = /\b(?:suspicious|worrisome|question\s+of|versus|vs)\b/i;

export interface NamedDiagnosis extends Span {
  /** The name as said, "your" made neutral: "nonhealing ulcer of the right foot". */
  name: string;
  strength: "current" | "possible";
}

function headOf(name: string): string {
  // "tumor in the colon", "contusion of the knee": the head comes before where it is.
  const words = name.split(/\s+(?:of|in|on)\s+/)[0]?.split(/\s+/) ?? [];
  return (words.at(-1) ?? "").replace(/'s$/, "");
}

/**
 * A verb inside says it is a clause, not a name: "x-rays show bronchitis", "had pain in the flank",
 * "headaches revealed a mass on your pituitary gland".
 */
const HAS_A_VERB =
  /\b(?:shows?|showed|showing|reveal\w*|demonstrat\w*|suggest\w*|caus\w+|had|has|have|been|says?|said|is|was|are|were)\b/i;

/** A growth named only by how it looks ("a well defined mass", "a small nodule"): a description, not a diagnosis. */
const DESCRIBED_ONLY =
  /^(?:(?:well|ill|poorly)[\s-]+(?:defined|circumscribed)|small|large|tiny|round|solid|little)\s+(?:mass|lesion|nodule|lump|spot|growth)$/i;

/** Words with a disorder's ending that name none. */
const NOT_A_DISORDER = /^(?:diagnos[ie]s|prognos[ie]s|aroma|diploma)$/i;

/** Heads that name no disorder alone: "assess for injury", "for the pain". */
const BARE_HEAD = new Set(
  "pain injury infection disease disorder syndrome fracture tear strain sprain lesion stone failure dysfunction deficiency insufficiency enzymes".split(
    " ",
  ),
);

function isDisorderName(name: string): boolean {
  const words = name.split(/\s+/);
  if (
    words.length === 0 ||
    words.length > 8 ||
    NOT_A_NAME.test(name) ||
    HAS_A_VERB.test(name) ||
    DESCRIBED_ONLY.test(name)
  )
    return false;
  const head = headOf(name);
  const singularHead = head.replace(/(?<=[a-z]{3})s$/, "");
  if (NOT_A_DISORDER.test(head)) return false;
  if (DISORDER_SUFFIX.test(head) || DISORDER_SUFFIX.test(singularHead)) return true;
  if (!DISORDER_HEAD.has(head) && !DISORDER_HEAD.has(singularHead)) return false;
  return words.length >= 2 || !(BARE_HEAD.has(head) || BARE_HEAD.has(singularHead));
}

/** Where the words that bear on a framing start: eight words before it. */
const NEAR_WORDS = 8;
function nearStart(text: string, at: number): number {
  const starts = [...text.slice(0, at).matchAll(/\S+/g)].map((m) => m.index);
  return starts.at(-NEAR_WORDS) ?? 0;
}

const isPainName = (name: string): boolean => headOf(name) === "pain";

/** Diagnoses the clinician names in one sentence, outside or inside the lexicon. */
export function namedDiagnoses(text: string): NamedDiagnosis[] {
  const out: NamedDiagnosis[] = [];
  for (const framing of DIAGNOSIS_FRAMING) {
    for (const cue of text.matchAll(framing)) {
      const from = cue.index + cue[0].length;
      const rest = text.slice(from, from + 160);
      const end = NAME_END.exec(rest)?.index ?? rest.length;
      // "left ventricular dysfunction and moderate mitral regurgitation": two names.
      let offset = 0;
      for (const part of rest.slice(0, end).split(/(\s+and\s+)/)) {
        const at = from + offset;
        offset += part.length;
        if (/^\s+and\s+$/.test(part)) continue;
        const lead = LEADING.exec(part)?.[0].length ?? 0;
        const raw = part.slice(lead).trim();
        const name = raw
          .toLowerCase()
          // Pointing words need the room: "arthritis in these toes" is charted "in the toes".
          .replace(/\b(?:your|her|his|my|these|those|this)\b/g, "the")
          .replace(/-\s+/g, " ")
          .replace(/\s+/g, " ");
        if (!name || !isDisorderName(name)) continue;
        const span = { start: at + lead, end: at + lead + raw.length };
        // "Seems like a quite severe allergy to it": the drug allergy, charted as one, not a diagnosis.
        if (/\ballerg(?:y|ies)$/.test(name) && /^\W*to\b/i.test(text.slice(span.end))) continue;
        if (out.some((o) => o.start <= span.start && o.end >= span.end)) continue;
        // A scribe runs a dictated plan on without punctuation: a "no murmurs" said on exam, thirty
        // words back, does not negate the diagnosis. What bears on the name is said next to its framing.
        const near = nearStart(text, cue.index);
        const local = text.slice(near);
        const at_ = { start: span.start - near, end: span.end - near };
        if (isPseudoMention(local, at_)) continue;
        const c = contextOf(local, at_);
        if (c.has("negated") || c.has("other_person") || c.has("historical")) continue;
        const before = clauseBefore(local, at_.start);
        if (c.has("asked") && !COMMITTED.test(before)) continue;
        const possible = [before, cue[0]].some((x) => UNCERTAIN_ASSESSMENT.test(x) || SUSPICIOUS.test(x));
        if (c.has("hypothetical") && !possible) continue;
        out.push({ ...span, name, strength: possible ? "possible" : "current" });
      }
    }
  }
  // "For the first problem of right ankle pain, your symptoms are consistent with a right ankle
  // sprain": the symptom named as the problem gives way to the diagnosis named for it.
  const diagnosisAfter = (d: NamedDiagnosis): boolean =>
    out.some((o) => o.start > d.start && !isPainName(o.name)) ||
    conditionMatcher.find(text).some((m) => m.start >= d.end && !isPseudoMention(text, m));
  // "for your first problem of the headache … a tension type headache": the fuller name stands.
  return out
    .filter((d) => !out.some((o) => o !== d && o.name.endsWith(` ${d.name}`)))
    .filter((d) => !isPainName(d.name) || !diagnosisAfter(d))
    .sort((a, b) => a.start - b.start);
}
