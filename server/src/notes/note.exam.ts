// The physical exam as facts (issue 25): what the clinician found, parsed from what they said
// while examining and written as chart findings under their body system ("on your heart exam i
// do appreciate a three out of six systolic ejection murmur" → "Cardiovascular: 3/6 systolic
// ejection murmur."). Shortening whole spoken sentences left fragments the grammar gate had to
// drop (exam sections in 6 of 20 validation visits that had one); a finding written from its
// parts — the sign, its grade, where it is, whether it was absent — reads as a chart line and
// keeps no transcript run. Only the clinician's statements count, never a question, and only
// while examining (or in words said only while examining: "lungs are clear", "I don't feel any
// lymph nodes").
import type { Transcript } from "@bedside/shared";
import { copiedPhrases, malformed, type TranscriptSpans } from "./note.check.js";
import { chartUnits } from "./note.phrasing.js";

export interface ExamFact {
  /** The body system the finding is charted under ("Cardiovascular"), or "" when none was named. */
  system: string;
  /** The finding as charted ("3/6 systolic ejection murmur at the left base"). */
  text: string;
  /** Two facts with one key say the same thing ("capillary refill brisk", "… appropriate"). */
  key: string;
  segmentId: string;
}

export interface ExamLine {
  text: string;
  segmentIds: string[];
}

/** Systems in the order a note lists them. */
const SYSTEMS = [
  "Vital signs",
  "General",
  "HEENT",
  "Neck",
  "Lymph nodes",
  "Breast",
  "Respiratory",
  "Cardiovascular",
  "Abdomen",
  "Genitourinary",
  "Musculoskeletal",
  "Extremities",
  "Vascular",
  "Neurological",
  "Skin",
  "Psychiatric",
] as const;

/** Words that name the system being examined; the last one said is the context of what follows. */
const SYSTEM_WORDS: [RegExp, string][] = [
  [/\b(?:vital signs?|vitals)\b/, "Vital signs"],
  [/\bgeneral(?: appearance)?\b/, "General"],
  [
    /\b(?:heent|head|eyes?|pupils?|extraocular|funduscopic|fundus|ears?|tympanic|nose|nasal|turbinates|sinus(?:es)?|facial|face|throat|pharynx|oropharynx|tonsils?|peritonsillar|uvula|mouth|oral)\b/,
    "HEENT",
  ],
  [/\b(?:neck|thyroid|jugular|carotids?)\b/, "Neck"],
  [/\b(?:lymph nodes?|axillary|armpits?|groin)\b/, "Lymph nodes"],
  [/\bbreasts?\b/, "Breast"],
  [/\b(?:lungs?|breath sounds|breathing)\b/, "Respiratory"],
  [/\b(?:heart|cardiac|cardiovascular)\b/, "Cardiovascular"],
  [/\b(?:abdomen|abdominal|belly|stomach)\b/, "Abdomen"],
  [
    /\b(?:vaginal|pelvic|cervix|bimanual|labia|prostate|rectal|genital|testicular|scrotal)\b/,
    "Genitourinary",
  ],
  [
    /\b(?:musculoskeletal|knees?|ankles?|foot|feet|midfoot|forefoot|metatarsals?|malleolus|shoulders?|hips?|wrists?|hands?|elbows?|back|spine|lumbar|thoracic|paraspinal|sacroiliac|trapezius|joints?|fingers?|toes?|thumb)\b/,
    "Musculoskeletal",
  ],
  [/\b(?:extremit(?:y|ies)|legs?|calf|calves)\b/, "Extremities"],
  [/\b(?:neurovascular|pulses?|capillary refill)\b/, "Vascular"],
  [/\b(?:neuro(?:logic(?:al)?)?|reflexes|cranial nerves|sensation|gait|strength)\b/, "Neurological"],
  [/\b(?:skin|scalp|rash|wound|ulcer|incision|moles?|lesions?)\b/, "Skin"],
  [/\b(?:psych(?:iatric)?|mood|affect)\b/, "Psychiatric"],
];

/** A finding that belongs to one system wherever it is said. */
const OWN_SYSTEM: [RegExp, string][] = [
  [/\b(?:murmur|gallop|rub|clicks|rate and rhythm|rhythm|heart sounds)\b/, "Cardiovascular"],
  [/\b(?:crackles|rales|rhonchi|wheez\w*|clear to auscultation|lungs?)\b/, "Respiratory"],
  [/\b(?:jugular venous distention|jvd|carotid bruits?|bruits?|thyroid)\b/, "Neck"],
  [
    /\b(?:rebound|guarding|murphy's|bowel sounds|cva|nondistended|distended|quadrant|epigastric)\b/,
    "Abdomen",
  ],
  [/\b(?:reflexes|cranial nerves|pronator drift|oriented|gait|speech|heel-toe)\b/, "Neurological"],
  [/\b(?:capillary refill|pulses?)\b/, "Vascular"],
  [/\b(?:pupils|extraocular|uvula|tympanic|turbinates|papilledema|exudates?|sinuses)\b/, "HEENT"],
  [/\b(?:lymphadenopathy|lymph nodes?)\b/, "Lymph nodes"],
  [/\b(?:distress|well-appearing|well-developed|well-nourished)\b/, "General"],
  [/\b(?:afebrile)\b/, "Vital signs"],
  [/\b(?:lesions?|pigmentation|moles?|rash(?:es)?|plaques?|jaundice|ulcers?)\b/, "Skin"],
  [/\b(?:effusion|range of motion)\b/, "Musculoskeletal"],
];

/** Signs charted from their parts: modifiers before, a place after, "no" before when absent. */
const SIGN =
  "tenderness|bulging|swelling|edema|redness|erythema|ecchymosis|bruising|effusion|masses|mass|lesions?|rash(?:es)?|plaques?|discharge|exudates?|lymphadenopathy|crackles|rales|rhonchi|wheezes|wheezing|rubs?|gallops?|clicks|carotid bruits|bruits?|jugular venous distention|jvd|deformit(?:y|ies)|laxity|induration|fluctuance|drainage|granulation tissue|ulcers?|crepitus|spasms?|tightness|atrophy|nodules?|papilledema|rebound|guarding|murmurs?|pronator drift|warmth|asymmetry|lumps?|injur(?:y|ies)|wounds?|pigmentation|satellite lesions|jaundice|cyanosis|clubbing|lymph nodes|nodes|hepatomegaly|splenomegaly|hernia|pain to palpation|pain on palpation|pain with palpation";
const SIGN_RE = new RegExp(`\\b(?:${SIGN})\\b`, "g");

/** Words that may qualify a sign before it ("mild", "3/6 systolic ejection", "1+ pitting"). */
const MODIFIER =
  /^(?:mild|mildly|moderate|severe|slight|trace|significant|marked|minimal|small|large|diffuse|focal|bilateral|left|right|posterior|anterior|medial|lateral|cervical|inguinal|axillary|supraclavicular|paraspinal|muscular|purulent|clear|coarse|fine|expiratory|inspiratory|pitting|nonpitting|scaly|erythematous|demarcated|well-demarcated|systolic|diastolic|holosystolic|ejection|soft|firm|palpable|intrinsic|residual|suspicious|tender|nontender|point|cva|midline|grade|\d+\/\d+|\d\+|\d+)$/;
/** Words of a place after a sign ("of the medial right knee", "at the left base"). */
const PLACE =
  /^(?:left|right|both|bilateral|medial|lateral|anterior|posterior|upper|lower|inferior|superior|proximal|distal|dorsal|plantar|mid|midfoot|forefoot|hindfoot|knees?|ankles?|foot|feet|hands?|wrists?|fingers?|elbows?|shoulders?|hips?|back|spine|cervical|lumbar|thoracic|neck|chest|abdomen|quadrant|epigastric|epigastrium|flank|calf|calves|thighs?|legs?|arms?|face|forehead|scalp|sinus(?:es)?|maxillary|frontal|turbinates|nasal|tonsils?|peritonsillar|space|throat|groin|axilla|armpits?|bases?|apex|border|sternal|malleolus|metatarsals?|first|second|third|fourth|fifth|soft|tissue|joint|line|bones?|muscles?|musculature|trapezius|paraspinal|side|aspect|area|region|extremit(?:y|ies)|toes?|great|heel|arch|achilles|tendon|ligament|mcl|acl|patella|patellar|tibia|fibula|forearm|biceps|triceps|wound|site|foot's|sacrum|coccyx|buttocks?|gluteal|ribs?|sternum|clavicle|temple|jaw|cheek|lip|tongue|eyelids?|ear|eardrums?|tympanic|membranes?|canal|tonsils|pharynx|gums|conjunctivae?|eyes?|lobe|breast|nipple|spaces?|phalanx|phalanges|middle|index|ring|pinky|thumb|knuckles?|shin|calcaneus|navicular|scaphoid|snuffbox|olecranon|epicondyle|sacroiliac|si|trochanter|greater|bursa)$/;

/** A place said before a sign ("no calf tenderness", "right knee effusion"). */
const BODY_WORD =
  /^(?:knee|ankle|foot|hand|wrist|finger|elbow|shoulder|hip|back|spine|neck|chest|calf|thigh|leg|arm|face|scalp|groin|midline|joint|bony|bone|muscle|pedal|facial|sinus|abdominal|flank|calf)$/;

/** Words after "no" that belong to the list of absent signs ("no rebound or guarding"). */
const NO_LIST_GLUE = /^(?:or|and|nor|any|other|signs?|of|obvious|evidence)$/;

const NEGATION_BEFORE =
  /(?:\b(?:no|not|without|negative for|absence of|none of)|n't(?: (?:see|appreciate|hear|feel|notice|find|have))?)\b(?:\s+\S+){0,3}\s*$/;

/** Where the exam begins in a turn. */
const EXAM_START =
  /\b(?:physical exam(?:ination)?|(?:on|your|the|quick|focused) (?:\w+ )?exam(?:ination)?|examin(?:e|ing|ation)|let me (?:take a )?(?:closer )?(?:listen|look|feel|check|press|tap)|(?:i'm|i am) (?:going to|just going to) (?:\w+ )?(?:listen|look|feel|check|press)|vital signs?|vitals)\b/;
/** Where it ends: the meaning, the results, the assessment and plan. */
const EXAM_END =
  /\b(?:(?:so )?what does (?:all )?(?:that|this) mean|let's talk|let me tell you|talk (?:a little bit )?about|my assessment|assessment and plan|for your (?:first|second|third|next|last|primary) (?:problem|diagnosis|issue)|here's what i|what i'm thinking|so here's|(?:i|we) (?:have |had )?(?:reviewed|looked at|review) (?:the |your )?(?:results?|x-?rays?|imaging|labs?|ct|mri|ultrasound|echo\w*|blood work)|(?:i|we) (?:got|did) (?:an? |the )?(?:x-?rays?|ct|mri|ultrasound)|(?:results?|x-?rays?|radiographs?|ct|mri|ultrasound|echocardiogram) (?:of \w+ )?(?:showed|shows|revealed|demonstrated)|radiographs|arthrogram|next paragraph|plan)\b/;
/** Said only while examining: a statement carrying one of these is part of the exam wherever it falls. */
const SURE_EXAM =
  /\b(?:lungs? (?:are |sound |is )?clear|clear to auscultation|regular rate and rhythm|tenderness to palpation|(?:i|we) (?:do not|don't|do n't|did not) (?:see|feel|appreciate|hear) (?:any|a)\b|no palpable|on (?:your |the )?(?:\w+ ){0,2}exam(?:ination)?\b|well[- ]developed|well[- ]nourished|(?:in |with )?no (?:acute|apparent) distress)/;
/** The plan, the history and talk to the patient, which end a run of exam statements. */
const PLAN_CUE = /\b(?:assessment|my plan|the plan|impression|for your (?:first|next|last) problem)\b/;

/** A question asked in the middle of an unpunctuated turn: what follows it is not a finding. */
const INLINE_QUESTION =
  /\b(?:does (?:it|this|that) hurt|do you (?:feel|have|get|notice)|can you|could you|if you can|how about|any pain|is (?:it|this|that) (?:tender|sore|painful))\b/;

/** What a finding means, said to the patient ("that just means there's no swelling in your eye"). */
function withoutExplanations(text: string): string {
  return text
    .replace(
      /\b(?:that|which|this|it|so that) (?:just )?means?\b(?:\s+\S+){0,20}?(?=\s+(?:and )?(?:now )?on (?:your|the) (?:\w+ ){0,2}exam(?:ination)?\b)/g,
      " ",
    )
    .replace(/\b(?:that|which|this|it|so that) (?:just )?means?\b(?:\s+\S+){0,15}/g, " ");
}

const QUESTION_START = /^(?:do|does|did|are|is|have|has|can|could|would|will|any|how|what|when|where|why)\b/;

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Spoken words normalized for parsing: lower case, contractions joined, fillers out, units charted. */
/** A sign said as an adjective of the part, and the sign the chart writes. */
const ADJECTIVE_SIGN: Record<string, string> = {
  red: "erythema",
  inflamed: "erythema",
  swollen: "swelling",
  bulging: "bulging",
  warm: "warmth",
};
const PREDICATE_SIGNS = new RegExp(
  String.raw`\b(?:your|his|her|the|their)\s+((?:(?:right|left)\s+)?(?:eardrums?|tympanic\s+membranes?|ear\s+canals?|throat|tonsils|pharynx|gums|conjunctivae?|eyes?))\s+(?:is|are|looks?|appears?)\s+(?:mildly\s+|very\s+|quite\s+)?(red|inflamed|swollen|bulging|warm)(?:\s+and\s+(?:mildly\s+|very\s+)?(red|inflamed|swollen|bulging|warm))?\b`,
  "g",
);

function normalize(text: string): string {
  return chartUnits(
    ` ${text.toLowerCase()} `
      .replace(/[’‘]/g, "'")
      // A tag question ("…, okay?") does not make a finding a question.
      // "No wheezing, right?" asks; "…, okay?" only checks the patient is following.
      .replace(/,?\s*\b(?:okay|ok|alright|all right|you know|does that make sense|sound good)\s*\?/g, ".")
      .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/g, "$1")
      .replace(/\bgon na\b/g, "going to")
      .replace(/\bwan na\b/g, "want to")
      .replace(/\blem me\b/g, "let me")
      .replace(/\b(?:um+|uh+|uhm|hmm+|you know|i mean|kind of|sort of|okay|alright|all right)\b/g, " ")
      // A word cut off ("sh- shows") goes; a whole word before an interruption ("murmur-") stays.
      .replace(/\b([a-z]{1,3})-(?=\s)/g, " ")
      .replace(/\b([a-z]{4,})-(?=\s)/g, "$1")
      .replace(/\b(one|two|three|four|1|2|3|4)\s+plus\b/g, (_m, n: string) => `${numeral(n)}+`)
      .replace(
        /\b(one|two|three|four|five)\s+(?:out of|over)\s+(five|six)\b/g,
        (_m, a: string, b: string) => {
          return `${numeral(a)}/${numeral(b)}`;
        },
      )
      .replace(/\b(\d)\s+over\s+(6|5)\b/g, "$1/$2")
      .replace(/\b(two|three|four|five) seconds\b/g, (_m, n: string) => `${numeral(n)} seconds`)
      // A part said with what was found of it ("his right eardrum is red and bulging", "you're
      // tender in the right lower quadrant") reads as the signs of that part.
      .replace(PREDICATE_SIGNS, (_m, part: string, a: string, b: string | undefined) => {
        const signs = [a, b].filter((x): x is string => !!x).map((x) => ADJECTIVE_SIGN[x] ?? x);
        // The chart's name of the part: an eardrum is the tympanic membrane.
        const named = part.replace(/\beardrums?\b/, "tympanic membrane");
        return ` ${[...new Set(signs)].join(" and ")} of the ${named} `;
      })
      .replace(
        /\b(?:you're|you are|he's|she's|he is|she is)\s+(?:mildly\s+|very\s+)?tender\s+(in|over|at)\b/g,
        "tenderness $1",
      )
      .replace(/\bnon[- ]?tender\b/g, "nontender")
      .replace(/\bnon[- ]?distended\b/g, "nondistended")
      .replace(/\bwell (developed|nourished|appearing)\b/g, "well-$1")
      .replace(/\bheel (?:to )?toe\b/g, "heel-toe")
      .replace(/\bjugular vein distention\b/g, "jugular venous distention")
      .replace(/\b(right|left) hand side\b/g, "$1 side")
      .replace(/\s+([,.;:?!])/g, "$1")
      .replace(/([,;:])(?:\s*[,;:])+/g, "$1")
      .replace(/\b(\w+)(?:\s+\1\b)+/g, "$1")
      .replace(/\b(?:a little bit of|a little bit|a little|a bit of)\b/g, "mild")
      .replace(/\s+/g, " "),
  );
}

function numeral(w: string): string {
  return (
    { one: "1", two: "2", three: "3", four: "4", five: "5", six: "6" }[w] ?? w.replace(/[^\d]/g, "") ?? w
  );
}

/** The system a finding belongs to on its own, if any. */
function ownSystem(text: string): string | undefined {
  for (const [re, system] of OWN_SYSTEM) if (re.test(text)) return system;
  return undefined;
}

/** The system of the place a finding names ("of the nasal turbinates" → HEENT). */
function placeSystem(fact: string): string | undefined {
  const place = /\b(?:of|over|on|in|at|along|around|to palpation of) (?:the |both )?(.+)$/.exec(fact)?.[1];
  if (!place) return undefined;
  for (const [re, system] of SYSTEM_WORDS)
    if (system !== "Vital signs" && system !== "General" && re.test(place)) return system;
  return undefined;
}

const EPONYMS: Record<string, string> = {
  mcmurray: "McMurray",
  "mcmurray's": "McMurray's",
  tinel: "Tinel",
  phalen: "Phalen",
  murphy: "Murphy",
  spurling: "Spurling",
  finkelstein: "Finkelstein",
  "tinel's": "Tinel's",
  "phalen's": "Phalen's",
  "murphy's": "Murphy's",
  "spurling's": "Spurling's",
  hawkins: "Hawkins",
  "neer's": "Neer's",
  "finkelstein's": "Finkelstein's",
  "homan's": "Homan's",
  lachman: "Lachman",
  "lachman's": "Lachman's",
};
const eponyms = (t: string): string => t.replace(/\b[a-z]+(?:'s)?/g, (w) => EPONYMS[w] ?? w);

/** The system named last before `at` in `text`. */
function systemBefore(text: string, at: number, fallback: string): string {
  let best = { at: -1, system: fallback };
  let first = { at: Infinity, system: "" };
  for (const [re, system] of SYSTEM_WORDS) {
    const g = new RegExp(re.source, "g");
    for (const m of text.matchAll(g)) {
      const i = m.index ?? 0;
      if (i < at && i > best.at) best = { at: i, system };
      if (i < first.at) first = { at: i, system };
    }
  }
  // Nothing named yet in this turn: the system it goes on to name, before the last one examined.
  if (best.at < 0 && !fallback) return first.system;
  return best.system;
}

/** The place words after a sign: "of the medial right knee and now" → "of the medial right knee". */
/** Words that say which side or part, not which place ("both" of the ankles is not a place). */
const SIDE_ONLY =
  /^(?:left|right|both|first|second|third|fourth|fifth|mid|or|and|anterior|posterior|medial|lateral|upper|lower|inferior|superior|proximal|distal|dorsal|plantar|bilateral)$/;

function placeAfter(words: string[], from: number): { text: string; end: number } {
  let i = from;
  if (words[i] === "to" && words[i + 1] === "palpation") i += 2;
  // "tenderness of the palpation of the right lower quadrant", "tenderness on palpation over …"
  else if (/^(?:on|with|of|upon)$/.test(words[i] ?? "") && words[i + 1] === "palpation") i += 2;
  else if (/^(?:on|with|of)$/.test(words[i] ?? "") && words[i + 1] === "the" && words[i + 2] === "palpation")
    i += 3;
  const prep = words[i];
  if (!prep || !/^(?:of|over|on|in|at|along|around|to|near|from)$/.test(prep)) {
    if (words[from] === "bilaterally") return { text: "bilaterally", end: from + 1 };
    return { text: "", end: from };
  }
  let j = i + 1;
  const place: string[] = [];
  const article = words[j] && /^(?:the|your|both|his|her)$/.test(words[j] ?? "") ? words[j] : undefined;
  if (article) j++;
  while (j < words.length && place.length < 9) {
    const w = words[j] ?? "";
    if (PLACE.test(w)) place.push(words[j++] ?? "");
    // "of the frontal or maxillary sinuses"
    else if (/^(?:or|and)$/.test(w) && place.length > 0 && PLACE.test(words[j + 1] ?? ""))
      place.push(words[j++] ?? "");
    // "over the distal phalanx of the right middle finger": a part of a part.
    else if (
      w === "of" &&
      place.length > 0 &&
      place.length < 4 &&
      !SIDE_ONLY.test(place[place.length - 1] ?? "")
    ) {
      const art = /^(?:the|your|his|her)$/.test(words[j + 1] ?? "") ? 1 : 0;
      if (!PLACE.test(words[j + 1 + art] ?? "")) break;
      place.push("of", "the");
      j += 1 + art;
    } else break;
  }
  // "on the left paraspinal area right …": a side after the place belongs to what follows.
  while (
    place.length > 1 &&
    /^(?:or|and|left|right|both|medial|lateral|anterior|posterior|upper|lower)$/.test(
      place[place.length - 1] ?? "",
    )
  )
    place.pop();
  // "… and on your neck exam": the next system named, not where the finding is.
  if (place.length === 0 || /^exam(?:ination)?$/.test(words[j] ?? "")) return { text: "", end: from };
  // Only a bodily place: "pain on both flexion" is not one.
  if (
    !place.some(
      (w) =>
        !/^(?:left|right|both|first|second|third|fourth|fifth|mid|or|and|anterior|posterior|medial|lateral|upper|lower|inferior|superior|proximal|distal|dorsal|plantar|bilateral)$/.test(
          w,
        ),
    )
  )
    return { text: "", end: from };
  if (words[j] === "bilaterally") place.push(words[j++] ?? "");
  // A word said twice ("the lateral malleolus malleolus") is written once.
  for (let k = place.length - 1; k > 0; k--) if (place[k] === place[k - 1]) place.splice(k, 1);
  const art = article === "both" ? "both " : "the ";
  const pre = words[from] === "to" ? "to palpation of" : prep;
  return { text: `${pre} ${art}${place.join(" ")}`, end: j };
}

/** The exam findings of one stretch of exam talk (already normalized). */
function factsOf(text: string, startSystem: string): { system: string; text: string; key: string }[] {
  const out: { system: string; text: string; at: number; key: string }[] = [];
  const push = (at: number, t: string, own?: string, key?: string) => {
    const system =
      own ??
      placeSystem(t) ??
      ownSystem(t) ??
      (/\bedema\b/i.test(t) ? "Extremities" : undefined) ??
      (/\b(?:test|sign|maneuver)$/i.test(t)
        ? systemBefore(text, at + 1, startSystem) || "Musculoskeletal"
        : undefined) ??
      systemBefore(text, at + 1, startSystem);
    out.push({ system, text: t, at, key: key ?? t.toLowerCase() });
  };
  const taken: [number, number][] = [];
  const free = (a: number, b: number) => !taken.some(([x, y]) => a < y && b > x);
  const take = (a: number, b: number) => taken.push([a, b]);

  // Whole findings said in set phrases.
  const PHRASES: [RegExp, (m: RegExpMatchArray) => string, string?][] = [
    [
      /\b(?:lungs?|breath sounds)(?: \w+){0,3}? (?:are |is |sound |sounds )?clear(?: to auscultation)?(?: and equal)?(?: bilaterally| in both)?/g,
      (m) =>
        `Lungs clear${/auscultation/.test(m[0]) ? " to auscultation" : ""}${/bilaterally|both|equal/.test(m[0]) ? " bilaterally" : ""}`,
      "Respiratory",
    ],
    [/\bclear to auscultation(?: bilaterally)?/g, (m) => capital(m[0]), "Respiratory"],
    [
      /\bregular (?:in |of )?(?:rate and rhythm|rhythm and rate)\b|\b(?:rate and rhythm|rhythm) (?:is |are )?regular\b|\bregular rhythm\b/g,
      (m) => (/rate/.test(m[0]) ? "Regular rate and rhythm" : "Regular rhythm"),
      "Cardiovascular",
    ],
    [
      /\b(?:heart sounds? (?:is |are )?normal|normal heart sounds)\b/g,
      () => "Normal heart sounds",
      "Cardiovascular",
    ],
    [/\bheart (?:is |sounds )?(?:nice and )?regular\b/g, () => "Regular rhythm", "Cardiovascular"],
    [
      /\bthyroid(?:'s| is)? (mild |slightly )?(enlarged|normal|nontender)\b/g,
      (m) => `Thyroid ${m[1] ? "mildly " : ""}${m[2] ?? ""}`,
      "Neck",
    ],
    [
      /\b(blood pressure|heart rate|pulse|temperature|oxygen saturation)(?: and (?:your,? )?(blood pressure|heart rate|pulse|temperature|oxygen saturation))? (?:look|looks|are|is|was|were) (?:fine|good|normal|great)\b(?!.{0,40}\b(?:except|but|however)\b)/g,
      (m) => `${capital(m[1] ?? "")}${m[2] ? ` and ${m[2]}` : ""} normal`,
      "Vital signs",
    ],
    [
      /\b(?:grade )?(?:\d\/6 )?(?:(?:holo|mid)?systolic |diastolic )?(?:ejection )?murmur(?: (?:heard )?(?:at|over) the (?:left|right)(?: lower| upper)?(?: sternal border| base| apex))?/g,
      (m) => m[0].replace(/\bheard /, "").replace(/^grade /, "grade "),
      "Cardiovascular",
    ],
    [
      /\b(?:awake,? )?alert and oriented (?:times |x ?)?(?:3|three|x3|to person,? place,? and time)/g,
      (m) => (/awake/.test(m[0]) ? "Awake, alert and oriented x3" : "Alert and oriented x3"),
      "Neurological",
    ],
    [
      /\bcranial nerves (?:\w+ ){0,2}?(?:are )?(?:grossly )?intact\b/g,
      () => "Cranial nerves intact",
      "Neurological",
    ],
    [
      /\bsensation (?:is )?(?:grossly )?intact(?: to light touch)?/g,
      (m) => `Sensation intact${/light touch/.test(m[0]) ? " to light touch" : ""}`,
      "Neurological",
    ],
    [
      /\breflexes (?:are )?(\d\+|normal|symmetric)(?: and symmetric)?/g,
      (m) => `Reflexes ${m[1] ?? ""}${/and symmetric/.test(m[0]) ? " and symmetric" : ""}`,
      "Neurological",
    ],
    [
      /\b(?:muscle )?strength (?:is )?(\d\/5|normal|full|good|intact)\b/g,
      (m) => `Strength ${m[1] === "good" ? "normal" : (m[1] ?? "")}`,
      "Neurological",
    ],
    [
      /\b(?:gait (?:is )?(steady|normal|stable)|(normal|steady) gait)\b/g,
      (m) => `Gait ${m[1] ?? m[2] ?? ""}`,
      "Neurological",
    ],
    [
      /\bspeech (?:is )?clear(?: and fluent)?/g,
      (m) => `Speech clear${/fluent/.test(m[0]) ? " and fluent" : ""}`,
      "Neurological",
    ],
    [/\bheel-toe walking (?:is )?normal\b/g, () => "Heel-toe walking normal", "Neurological"],
    [
      /\b(?:pupils|eyes) (?:are |seem |seem to be )?equal(?:,? round,?)?(?: and)? reactive(?: to light)?/g,
      () => "Pupils equal and reactive to light",
      "HEENT",
    ],
    [
      /\bextraocular (?:motions|movements|muscles) (?:are )?intact\b/g,
      () => "Extraocular movements intact",
      "HEENT",
    ],
    [/\buvula (?:is )?midline\b/g, () => "Uvula midline", "HEENT"],
    [
      /\btympanic membranes? (?:are |is )?(clear|normal|intact|pearly gray)\b/g,
      (m) => `Tympanic membranes ${m[1] ?? ""}`,
      "HEENT",
    ],
    [/\bmucous membranes (?:are )?(moist|dry)\b/g, (m) => `Mucous membranes ${m[1] ?? ""}`, "HEENT"],
    [
      /\b(brisk )?capillary refill(?: is)?(?: (brisk|appropriate|normal))?(?: (?:and |in |of )?(?:less than|under) (\d+) seconds?)?/g,
      (m) =>
        `Capillary refill ${[m[1]?.trim() ?? m[2], m[3] ? `less than ${m[3]} seconds` : ""].filter(Boolean).join(", ") || "normal"}`,
      "Vascular",
    ],
    [
      /\b(strong|bounding|palpable|2\+|normal|intact|good) (?:and \w+ )?(dorsalis pedis|radial|pedal|posterior tibial|distal|femoral) pulses?\b/g,
      (m) => `${capital(m[1] ?? "")} ${m[2] ?? ""} pulse${/pulses$/.test(m[0]) ? "s" : ""}`,
      "Vascular",
    ],
    [
      /\b(dorsalis pedis|radial|pedal|posterior tibial|distal) pulses? (?:are |is )?(strong|palpable|intact|2\+|normal)\b/g,
      (m) => `${capital(m[1] ?? "")} pulses ${m[2] ?? ""}`,
      "Vascular",
    ],
    [
      /\b(decreased|limited|reduced|full|normal|good) range of motion\b/g,
      (m) => `${capital(m[1] === "good" ? "full" : (m[1] ?? ""))} range of motion`,
    ],
    [
      /\bpain (?:on|with) (?:both )?(flexion|extension)(?: and (flexion|extension))?/g,
      (m) => `Pain with ${m[1] ?? ""}${m[2] ? ` and ${m[2]}` : ""}`,
      "Musculoskeletal",
    ],
    [
      /\b(positive|negative) ((?:[a-z]+'s|anterior drawer|posterior drawer|varus(?: and valgus)?|valgus|straight leg raise|piano key|lachman|mcmurray|tinel|phalen|spurling|hawkins|neer|finkelstein|murphy|homan)(?: [a-z]+)?) (test|sign|maneuver)s?/g,
      (m) =>
        `${capital(m[1] ?? "")} ${(m[2] ?? "").replace(/^(mcmurray|tinel|phalen|murphy)(?!')\b/, "$1's")} ${m[3] ?? ""}`,
    ],
    [
      /\b((?:[a-z]+'s|anterior drawer|posterior drawer|varus(?: and valgus)?|valgus|lachman|straight leg raise|piano key|mcmurray|tinel|phalen|murphy|spurling|finkelstein)(?: stress)?) (test|sign|maneuver) (?:is |was )?(positive|negative)\b/g,
      (m) => `${capital(m[3] ?? "")} ${m[1] ?? ""} ${m[2] ?? ""}`,
    ],
    [
      // Said without "test": "straight leg raise is negative" (the manoeuvre is the finding).
      /\b(?:(positive|negative) straight[- ]leg raises?(?! test| sign)|straight[- ]leg raises? (?:is |was |are )?(?:also )?(positive|negative))\b/g,
      (m) => `${capital(m[1] ?? m[2] ?? "")} straight leg raise`,
      // Its "leg" names no system: the manoeuvre tests the lumbar spine.
      "Musculoskeletal",
    ],
    [
      /\b(?:in )?no (?:acute )?distress\b/g,
      (m) => (/acute/.test(m[0]) ? "No acute distress" : "No distress"),
      "General",
    ],
    [/\bwell-(?:appearing|developed|nourished)\b/g, (m) => capital(m[0]), "General"],
    [/\bskin (?:is )?intact\b/g, () => "Skin intact", "Skin"],
    [
      /\b(positive|negative) ((?:[a-z]+ ){1,2}?)(test|sign|maneuver)s?\b/g,
      (m) =>
        /\b(?:you|your|the|a|an|for|on|that|is|are|was|this|my|of|and|or|covid|pregnancy|strep|flu)\b/.test(
          m[2] ?? "",
        )
          ? ""
          : `${capital(m[1] ?? "")} ${(m[2] ?? "").trim()} ${m[3] ?? ""}`,
    ],
    [
      /\bafebrile\b|\b(?:no|(?:do|did)(?: not|n't) (?:have|see)(?: any| a)?) fever\b/g,
      () => "Afebrile",
      "Vital signs",
    ],
    [
      /\b(?:soft(?! tissue)|nontender|nondistended)(?:,? (?:and )?(?:soft(?! tissue)|nontender|nondistended)){0,2}\b/g,
      (m) =>
        capital(
          (m[0].match(/soft|nontender|nondistended/g) ?? [])
            .filter((w, i, a) => a.indexOf(w) === i)
            .join(", "),
        ),
      "Abdomen",
    ],
    [/\bwarm to (?:the )?touch\b/g, () => "Warm to touch"],
    [
      /\b(?:vital signs?|vitals) (?:\w+ )?(?:look|looks|are|were|seem|seemed) (?:\w+ ){0,2}?(?:good|normal|fine|stable|great|phenomenal)\b(?!.{0,60}\b(?:except|but|however|high|elevated|low|fever)\b)|\b(?:reviewed|looked at) (?:your |the )?(?:vital signs?|vitals) and (?:everything|they|it) (?:looks?|looked|are|were|was) (?:\w+ ){0,2}?(?:good|normal|fine|great)\b(?!.{0,60}\b(?:except|but|however|high|elevated|low|fever)\b)/g,
      () => "Within normal limits",
      "Vital signs",
    ],
  ];
  for (const [n, [re, write, own]] of PHRASES.entries()) {
    for (const m of text.matchAll(re)) {
      const a = m.index ?? 0;
      const b = a + m[0].length;
      if (!free(a, b)) continue;
      const before = text.slice(Math.max(0, a - 40), a);
      // "no murmur" is written by the negated-sign pass below; a question is not a finding.
      if (NEGATION_BEFORE.test(before) && !/^(?:no|afebrile|in no|do|did)\b/.test(m[0])) continue;
      if (/\b(?:any|if|whether)\s+$/.test(before)) continue;
      const written = write(m);
      if (!written) continue;
      // "Nontender" alone is the abdomen's only when the abdomen is being examined.
      if (
        own === "Abdomen" &&
        /^(?:nontender|soft)$/i.test(written) &&
        systemBefore(text, a + 1, startSystem) !== "Abdomen"
      )
        continue;
      take(a, b);
      push(a, eponyms(written), own, `phrase-${n}`);
    }
  }

  // Generic signs, absent ("no rebound or guarding") or present ("mild tenderness of the knee").
  const wordsAt: { w: string; at: number }[] = [];
  const commaAfter = new Set<number>();
  for (const m of text.matchAll(/\S+/g)) {
    if (/,$/.test(m[0])) commaAfter.add(wordsAt.length);
    wordsAt.push({ w: m[0].replace(/[,.;:]+$/, ""), at: m.index ?? 0 });
  }
  const words = wordsAt.map((x) => x.w);
  for (const m of text.matchAll(SIGN_RE)) {
    const a = m.index ?? 0;
    const b = a + m[0].length;
    if (!free(a, b)) continue;
    const idx = wordsAt.findIndex((x) => x.at <= a && a < x.at + x.w.length + 1);
    if (idx < 0) continue;
    const signWords = m[0].split(" ").length;
    const before = text.slice(Math.max(0, a - 60), a);
    if (/\b(?:any|if|whether|for)\s+$/.test(before) && !NEGATION_BEFORE.test(before)) continue;
    if (NEGATION_BEFORE.test(before)) {
      // The list of absent signs, from the first to the last sign joined by "or"/"and"/commas.
      const list: string[] = [m[0]];
      let j = idx + signWords;
      let end = b;
      while (j < words.length) {
        const k = j;
        while (j < words.length && NO_LIST_GLUE.test(words[j] ?? "")) j++;
        const rest = words.slice(j).join(" ");
        const next = new RegExp(`^(?:${SIGN})\\b`).exec(rest);
        if (!next || j - k > 2) break;
        list.push(next[0]);
        const n = next[0].split(" ").length;
        end = (wordsAt[j + n - 1]?.at ?? end) + (words[j + n - 1]?.length ?? 0);
        j += n;
      }
      const place = placeAfter(words, j);
      take(a, place.end > j ? (wordsAt[place.end - 1]?.at ?? end) + 1 : end);
      const negMods: string[] = [];
      for (let k = idx - 1; k >= 0 && negMods.length < 2; k--) {
        const w = words[k] ?? "";
        if (!(MODIFIER.test(w) || BODY_WORD.test(w)) || /^\d/.test(w)) break;
        negMods.unshift(w);
      }
      if (negMods.length > 0) list[0] = `${negMods.join(" ")} ${list[0] ?? ""}`;
      const names = [...new Set(list)];
      const t = `No ${names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1] ?? ""}` : names[0]}${place.text ? ` ${place.text}` : ""}`;
      push(
        a,
        t
          .replace(/(?<!\blymph )\bnodes\b/, "lymph nodes")
          .replace(/^No lymph nodes\b/, "No palpable lymph nodes"),
      );
      continue;
    }
    // Present: its modifiers before, its place after.
    const mods: string[] = [];
    for (let k = idx - 1; k >= 0 && mods.length < 4; k--) {
      const w = words[k] ?? "";
      if (!(MODIFIER.test(w) || BODY_WORD.test(w))) break;
      mods.unshift(w);
    }
    // A bare "lesion", "mass" or "wound" says nothing a clinician could sign.
    if (
      /^(?:lumps?|injur(?:y|ies)|wounds?|nodes|lymph nodes|lesions?|masses|mass|nodules?|discharge|drainage)$/.test(
        m[0],
      ) &&
      mods.length === 0
    )
      continue;
    // "Let me take a look at the rash": what is about to be examined, not what was found.
    if (
      /\b(?:look at|check(?: out)?|examine|feel|see) (?:the |your |that |this )?(?:\w+ )?$/.test(
        text.slice(Math.max(0, a - 40), a),
      )
    )
      continue;
    // "edema and erythema of the nasal turbinates": two signs sharing one place.
    let after = idx + signWords;
    let signs = m[0];
    const joined = new RegExp(`^(and|or) (?:(?:mild|slight|some) )?(${SIGN})\\b`).exec(
      words.slice(after).join(" "),
    );
    if (joined?.[2]) {
      const n = joined[0].split(" ").length;
      const rest = placeAfter(words, after + n);
      // "ecchymosis or bruising": the same sign named twice, the second for the patient.
      if (joined[1] === "or") {
        after += n;
        const end = wordsAt[after - 1];
        if (end) take(end.at, end.at + end.w.length);
      } else if (rest.text) {
        // The second sign keeps its own degree: "effusion and mild tenderness".
        signs = `${m[0]} and ${joined[0].slice((joined[1] ?? "").length + 1).replace(/^some /, "")}`;
        after += n;
        const end = wordsAt[after - 1];
        if (end) take(end.at, end.at + end.w.length);
      }
    }
    const place = placeAfter(words, after);
    // Severity first, each word once: "posterior mild posterior paraspinal" → "mild posterior paraspinal".
    const uniqueMods = mods.filter((w, i) => mods.indexOf(w) === i);
    const severity = uniqueMods.filter((w) =>
      /^(?:mild|mildly|moderate|severe|slight|trace|significant|marked|minimal)$/.test(w),
    );
    const ordered = [...severity, ...uniqueMods.filter((w) => !severity.includes(w))];
    const t = [...ordered, signs, place.text].filter(Boolean).join(" ");
    take(a, b);
    push(a, capital(t.replace(/^mild mild\b/, "mild")));
  }
  return out
    .sort((x, y) => x.at - y.at)
    .map(({ system, text: t, key, at }) => ({ system, text: withSide(t, system, text, at), key }));
}

/** A side and body part named as what is being examined: "your right knee has…", "the left ankle". */
const SIDE_REGION =
  /\b(left|right)\s+((?:(?:upper|lower|index|middle|ring|little|great|big)\s+)?(knee|ankle|foot|hand|wrist|finger|thumb|toe|elbow|shoulder|hip|leg|arm|calf|thigh|forearm|shin|heel|ear|eye|breast|flank))s?\b/g;
const OTHER_PART =
  /\b(?:knees?|ankles?|foot|feet|midfoot|forefoot|hindfoot|hands?|wrists?|fingers?|thumbs?|toes?|elbows?|shoulders?|hips?|legs?|arms?|calf|calves|thighs?|forearms?|shins?|heels?|ears?|eyes?|breasts?|flanks?|back|spine|neck)\b/i;
const SIDE_SAID = /\b(?:left|right|bilateral|bilaterally|both)\b/i;

/**
 * A finding charted with the side the clinician said of the part being examined ("your right
 * knee has a small effusion and mild tenderness along the medial joint line" → "Small effusion
 * of the right knee", "Mild tenderness along the medial joint line of the right knee"): a sign
 * without its side is no use on a knee exam. Only within the same stretch of exam talk, only a
 * finding of the part's own system, and never over a side the finding already has.
 */
function withSide(fact: string, system: string, text: string, at: number): string {
  if (SIDE_SAID.test(fact) || /^(?:warm|within normal limits|no acute distress|no distress)\b/i.test(fact))
    return fact;
  let region: RegExpExecArray | undefined;
  for (const m of text.matchAll(SIDE_REGION)) if ((m.index ?? 0) < at) region = m;
  if (!region?.[1] || !region[3]) return fact;
  const own = SYSTEM_WORDS.find(([re]) => re.test(region[3] ?? ""))?.[1];
  if (!own || own !== system) return fact;
  const part = new RegExp(
    `\\b(?:${region[3]}s?|${region[3] === "foot" ? "midfoot|forefoot|hindfoot" : "_"})\\b`,
    "i",
  );
  // The part already named in the finding's place: the side goes before it ("medial right knee").
  if (part.test(fact)) return fact.replace(part, (w) => `${region[1]} ${w}`);
  // Another part named ("tenderness of the foot" on the left ankle exam): its side was not said.
  if (OTHER_PART.test(fact)) return fact;
  return `${fact} of the ${region[1]} ${region[2]}`;
}

/** The exam facts the clinician spoke, in spoken order. */
export function examFacts(transcript: Transcript): ExamFact[] {
  const out: ExamFact[] = [];
  let examining = false;
  let system = "";
  for (const seg of transcript) {
    if (seg.speaker !== "clinician") {
      if (seg.text.split(/\s+/).length > 25) examining = false;
      continue;
    }
    const text = normalize(seg.text);
    // Statements only: each sentence that is not a question; an unpunctuated turn is one.
    const sentences = text
      .split(/(?<=[.?!;])\s+/)
      .map((s) => s.trim())
      .filter(Boolean);
    for (const sentence of sentences) {
      const start = EXAM_START.exec(sentence);
      let body = sentence;
      if (!examining && start) {
        examining = true;
        body = sentence.slice(start.index);
      } else if (!examining && !SURE_EXAM.test(sentence)) continue;
      const end = EXAM_END.exec(body);
      if (end) body = body.slice(0, end.index);
      body = withoutExplanations(body);
      const asked = /\?\s*$/.test(sentence) && sentence.split(/\s+/).length <= 20;
      if (asked || QUESTION_START.test(body.trim())) {
        if (end || PLAN_CUE.test(sentence)) examining = false;
        continue;
      }
      const inline = INLINE_QUESTION.exec(body);
      if (inline) body = body.slice(0, inline.index);
      // History and what the patient said are not what was found.
      if (
        /\b(?:you (?:said|told|mentioned|noticed|had)|history of|last (?:time|year|visit)|records?)\b/.test(
          body,
        ) &&
        !SURE_EXAM.test(body)
      ) {
        if (end) examining = false;
        continue;
      }
      for (const f of factsOf(body, system)) {
        out.push({ ...f, segmentId: seg.id });
        if (f.system) system = f.system;
      }
      if (end || PLAN_CUE.test(sentence)) {
        examining = false;
        system = "";
      }
    }
  }
  return out;
}

/**
 * The exam facts as note lines, one per system in chart order ("Cardiovascular: Regular rate and
 * rhythm; 3/6 systolic ejection murmur."). A fact that would still copy eight transcript words
 * (given its neighbours) is left out.
 */
export function examLines(facts: ExamFact[], spans: TranscriptSpans, phrases?: TranscriptSpans): ExamLine[] {
  const bySystem = new Map<string, ExamFact[]>();
  for (const f of facts) bySystem.set(f.system, [...(bySystem.get(f.system) ?? []), f]);
  const order = (s: string) => {
    const i = (SYSTEMS as readonly string[]).indexOf(s);
    return i < 0 ? SYSTEMS.length : i;
  };
  const lines: ExamLine[] = [];
  /** Every finding charted so far, in any system: one said twice, or inside a longer one, is written once. */
  const charted: string[] = [];
  const inside = (t: string) => {
    const w = t.toLowerCase().replace(/^no /, "");
    return charted.some((c) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\b`).test(c));
  };
  for (const system of [...bySystem.keys()].sort((a, b) => order(a) - order(b))) {
    const list = bySystem.get(system) ?? [];
    const kept: string[] = [];
    const keys = new Set<string>();
    const ids: string[] = [];
    const lineOf = (facts: string[]) =>
      `${system ? `${system}: ` : ""}${facts.map((x, i) => (i === 0 ? capital(x) : x.charAt(0).toLowerCase() + x.slice(1))).join("; ")}.`;
    for (const f of list) {
      const said = f.text.trim();
      if (!said || keys.has(f.key) || inside(said)) continue;
      // Said at length, a finding may still match the transcript word for word: the chart's
      // shorter forms ("of nasal turbinates", "edema, erythema") first, else it is left out.
      const t = [
        said,
        said.replace(/\b(?:the|both) /g, ""),
        said.replace(/ and /g, ", "),
        said.replace(/\b(?:the|both) /g, "").replace(/ and /g, ", "),
      ].find((v) => {
        const line = lineOf([...kept, v]);
        // The composer drops a line with a 6-word run that is not names and numbers: one fact
        // said at length must not cost the whole system's line ("tenderness over the left lumbar
        // paraspinal muscles" is charted without its article instead).
        return (
          spans.copied(line).length === 0 &&
          malformed(line, "physical_exam").length === 0 &&
          (!phrases || copiedPhrases(line, phrases).length === 0)
        );
      });
      if (!t) continue;
      kept.push(t);
      charted.push(t.toLowerCase());
      keys.add(f.key);
      if (!ids.includes(f.segmentId)) ids.push(f.segmentId);
    }
    if (kept.length === 0) continue;
    const body = kept
      .filter((k) => !(kept.length > 1 && /^within normal limits$/i.test(k)))
      .map((x, i) => (i === 0 ? capital(x) : x.charAt(0).toLowerCase() + x.slice(1)))
      .join("; ");
    lines.push({ text: `${system ? `${system}: ` : ""}${body}.`, segmentIds: ids });
  }
  return lines;
}
