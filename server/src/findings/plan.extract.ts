// The plan: what the clinician orders now versus what was already done ("let's look at your
// x-ray" reviews a test, it does not order one), follow-up intervals as said, and treatments that
// are planned rather than past ("from a cataract surgery standpoint, everything seems fine").
// The rules are data below; the engine calls these predicates from its clinician pass.
import type { Finding } from "@bedside/shared";
import { contextOf } from "./context.js";
import type { Span } from "./context.js";
import { referralMatcher, testMatcher, treatmentMatcher } from "./lexicon.matcher.js";
import { answerToProposal } from "./proposal.answer.js";

/** Words that order a test now or later: the clinician is the agent and the act is ahead. */
export const ORDER_CUES: readonly string[] = [
  String.raw`order(?:ing)?\b(?!ed)`,
  String.raw`(?:i've|i\s+have|we've|we\s+have)\s+(?:also\s+)?ordered\b(?=[^.?!]*\btoday\b)`,
  String.raw`schedul\w*`,
  String.raw`set\s+(?:you\s+)?up\s+(?:for|with)`,
  String.raw`send(?:ing)?\s+(?:you\s+)?(?:for|off|out)`,
  String.raw`(?:get|do|check|draw|obtain|repeat|recheck|perform|run)\s+(?:you\s+)?(?:a|an|some|another|the|those|that|your|repeat|new|follow[- ]?up)?\b`,
  String.raw`(?:need|want|like|going)\s+(?:you\s+)?to\s+(?:get|have|do)`,
  String.raw`(?:should|will|'ll|gonna|wan\s*na|want\s+to|going\s+to)\s+(?:go\s+ahead\s+and\s+)?(?:get|have|do|check|repeat|order)`,
  String.raw`repeat|another|again|due\s+for|recommend\w*|refer\w*|arrange\w*`,
  // "have the medical assistant swab you for a rapid strep test"
  String.raw`swab\w*|(?:test|check|screen)\s+(?:you\s+)?for|(?:have|get)\s+(?:the|a|my|our)\s+(?:nurse|medical\s+assistant|tech\w*|ma)\b`,
];

/** Words that say a test was already done or is being reviewed now. */
export const DONE_CUES: readonly string[] = [
  String.raw`(?:look|looked|looking)\s+at`,
  String.raw`review\w*|went\s+over|go\s+over|going\s+over`,
  String.raw`results?|reading|report`,
  String.raw`show(?:s|ed|ing)?|came\s+back|come\s+back|revealed?|demonstrat\w*|confirm(?:s|ed)|indicat\w*|suggest(?:s|ed)`,
  String.raw`(?:was|were|is|are|looks?|looked|seems?)\s+(?:normal|negative|positive|abnormal|fine|good|okay|ok|unremarkable|clear|stable|elevated|high|low)`,
  String.raw`(?:i|we|they)\s+(?:had|did|got|saw|see|ordered|performed|obtained|checked)`,
  String.raw`(?:you|she|he)\s+(?:had|did|got|underwent)|you've\s+had|you\s+have\s+had`,
  String.raw`(?:ago|last\s+(?:week|month|year|time)|previous|prior|already)`,
  String.raw`based\s+on|according\s+to|from\s+(?:your|the)`,
];

const ORDER = new RegExp(String.raw`\b(?:${ORDER_CUES.join("|")})`, "gi");
const DONE = new RegExp(String.raw`\b(?:${DONE_CUES.join("|")})`, "gi");
// An explicit order word wins over a review in the same clause ("review the labs and order an MRI").
const EXPLICIT_ORDER =
  /\b(?:order(?:ing)?\b(?!ed)|schedul\w*|repeat|another|recheck|due\s+for|send(?:ing)?\s+(?:you\s+)?(?:for|off|out)|set\s+(?:you\s+)?up)/i;

/** A test named as where something was seen: "on your x-ray", "from the mri". */
const READ_FROM =
  /\b(?:seeing|seen|see|saw|shows?|showed)?\s*(?:on|in|from)\s+(?:your|the|her|his)\s+(?:(?:recent|last|prior|previous|chest|foot|knee|left|right)\s+)?$/i;

// The part of the sentence a test belongs to: clauses end at ";", " and then", " but", ", so".
const CLAUSE_END =
  /;|\b(?:but|so|then|because|once|after|when|which)\b|,\s*(?:and\s+)?(?:i|we|you|it|that|she|he|they)\b/gi;

function clauseOf(text: string, m: Span): Span {
  let start = 0;
  let end = text.length;
  for (const b of text.matchAll(CLAUSE_END)) {
    if (b.index + b[0].length <= m.start) start = b.index + b[0].length;
    else if (b.index >= m.end) {
      end = b.index;
      break;
    }
  }
  return { start, end };
}

/**
 * True when the clinician orders the test in this sentence: an order cue in the test's clause,
 * and no sign that it was done already (tense, someone else did it, its results are read)
 * unless the order is explicit ("repeat", "another", "order").
 */
/**
 * An order or a visit taken back in its own sentence: "you can stop seeing the surgeon", "i don't
 * think you need to follow up with the surgeon anymore", "no need for physical therapy anymore". Read
 * here rather than as a general negation: "i can't sleep anymore" still affirms the insomnia.
 */
const TAKEN_BACK_BEFORE =
  /\b(?:stop\s+(?:seeing|going\s+to)|no\s+(?:longer\s+)?need\s+(?:to|for)|(?:don't|do\s+n't|do\s+not|doesn't|does\s+n't|won't|wo\s+n't|will\s+not)\s+(?:(?:really|think|believe)\s+){0,2}(?:(?:you|she|he|we)\s+)?(?:need|have)\s+(?:to|for|any)|(?:don't|do\s+n't|do\s+not)\s+(?:have\s+to|bother))\b(?:\s+\S+){0,6}\s*$/i;
const TAKEN_BACK_AFTER = /^\S*(?:\s+\S+){0,8}?\s+(?:anymore|any\s+more|no\s+longer)\b/i;

/** True when the sentence takes back the order or visit named at `m`. */
export function isTakenBack(text: string, m: Span): boolean {
  const clause = clauseOf(text, m);
  return (
    TAKEN_BACK_BEFORE.test(text.slice(Math.max(0, m.start - 80), m.start)) ||
    TAKEN_BACK_AFTER.test(text.slice(m.end, Math.max(clause.end, m.end)))
  );
}

export function isTestOrdered(text: string, m: Span): boolean {
  const c = contextOf(text, m);
  if (c.has("negated") || c.has("historical") || c.has("other_person")) return false;
  if (isTakenBack(text, m)) return false;
  const clause = clauseOf(text, m);
  const before = text.slice(clause.start, m.start);
  const after = text.slice(m.end, clause.end);
  const whole = `${before} ${after}`;
  // "ordering a cat scan of your lungs, which will help, as well a pulmonary function test": the
  // list goes on past the "which".
  const listed =
    /\b(?:as\s+well(?:\s+as)?|and\s+also|plus|along\s+with)\s+(?:a|an|the|some)?\s*$/i.test(before) &&
    EXPLICIT_ORDER.test(text.slice(0, m.start));
  const ordered =
    listed ||
    [...before.matchAll(ORDER)].length > 0 ||
    /^\W*(?:\w+\s+){0,6}?(?:order(?!ed)|schedul|done|drawn|today)/i.test(after);
  if (!ordered) return false;
  // "From what I'm seeing on your x-ray": a test read, even beside another one ordered.
  if (
    READ_FROM.test(before) &&
    !/\b(?:repeat|another|new)\s*$/i.test(before) &&
    !/\b(?:re)?check\w*\s+(?:on|in)\s+\S+\s*$/i.test(before)
  )
    return false;
  const done = [...whole.matchAll(DONE)].length > 0;
  return !done || EXPLICIT_ORDER.test(whole);
}

/** Treatments (surgery, a brace, an injection) count as planned only when not past or hypothetical. */
/** "…fluids, prevent dehydration and any further weight loss": what the plan keeps from happening. */
const KEPT_FROM_HAPPENING =
  /\b(?:prevent|avoid|any\s+further|no\s+further|stop\s+the)\s+(?:[\w-]+\s+){0,3}$/i;

export function isTreatmentPlanned(text: string, m: Span): boolean {
  const c = contextOf(text, m);
  if (c.has("negated") || c.has("historical") || c.has("other_person")) return false;
  if (KEPT_FROM_HAPPENING.test(text.slice(Math.max(0, m.start - 60), m.start))) return false;
  if (isTakenBack(text, m)) return false;
  const clause = clauseOf(text, m);
  const around = text.slice(clause.start, clause.end);
  return !/\b(?:had|did|underwent|got|was\s+done|standpoint|after\s+(?:your|the|her|his)|since\s+(?:your|the))\b/i.test(
    around,
  );
}

/**
 * The clinician recommends or sets up an operation now ("i am gon na recommend surgery for your
 * foot", "we'll need to do surgery on this"): the patient must read it as what happens next. A
 * bare "procedure" (an injection, an ultrasound) or surgery named around another event ("before
 * surgery", "after you've recovered from surgery") is not one.
 */
export function isSurgeryRecommended(quote: string): boolean {
  const named = /\b(?:surgery|operation|orif|osteotomy)\b/i;
  if (!named.test(quote)) return false;
  if (
    /\b(?:before|after|since|from|recovered\s+from|standpoint)\s+(?:the\s+|your\s+|her\s+|his\s+)?(?:surgery|operation)\b/i.test(
      quote,
    )
  )
    return false;
  if (
    /\b(?:if|unless|discuss\w*|consider\w*|might|may|possibly|(?<!soon\s+as\s+)possible|down\s+the\s+road)\b/i.test(
      quote,
    )
  )
    return false;
  return /\b(?:recommend\w*|(?:need|have)\s+to\s+do|need\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:surgery|operation)|should\s+do|schedul\w*|set\s+(?:you\s+)?up|going\s+to\s+(?:need|do|have)|gon\s*na\s+(?:need|do|have)|we(?:'ll|\s+will)\s+(?:need|do|have))\b/i.test(
    quote,
  );
}

const NOT_TALK_THERAPY =
  /\b(?:hand|physical|occupational|speech|genetic|respiratory|radiation|massage|infusion|chemo|hormone|oxygen|iv|light|vision|feeding|vestibular|pelvic\s+floor|medication|medical|drug|antibiotics?|steroid|insulin|antiviral|replacement)\s+$/i;

/**
 * A referral the patient already had ("her dermatologist referred her", "they ordered a cat scan and
 * sent me to see a urologist": the reason for this visit) is not one ordered now.
 */
export function isReferralOrdered(text: string, m: Span & { term?: string }): boolean {
  // "Our hand therapist", "genetic counseling": another kind of therapy, not a counselor to talk with.
  if (m.term === "counseling" && NOT_TALK_THERAPY.test(text.slice(0, m.start))) return false;
  const c = contextOf(text, m);
  if (c.has("negated") || c.has("historical") || c.has("other_person")) return false;
  if (isTakenBack(text, m)) return false;
  const clause = clauseOf(text, m);
  const around = text.slice(clause.start, clause.end);
  return !/\b(?:(?:your|her|his|the)\s+\w+\s+(?:referred|sent)|who\s+(?:referred|sent)|(?:was|were)\s+referred|(?:referred|sent)\s+(?:me|her|him|them)|you\s+(?:saw|had\s+seen))\b/i.test(
    around,
  );
}

// ---- follow-up ---------------------------------------------------------------------------------

const NUM = String.raw`(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|twenty[\s-]+one|thirty|forty[\s-]+five|sixty|ninety|a\s+few|a\s+couple(?:\s+of)?|several)`;
const UNIT = String.raw`(?:days?|weeks?|months?|years?)`;

/** The intervals a follow-up is said in: "in three months", "for four weeks", "six weeks from now". */
export const FOLLOW_UP_WHEN = new RegExp(
  [
    String.raw`\b(?:in|within|after|about|around|for|every)\s+(?:about\s+|another\s+|the\s+next\s+)?${NUM}(?:\s+(?:to|or)\s+${NUM})?[\s-]+${UNIT}`,
    String.raw`\b${NUM}[\s-]+${UNIT}\s+from\s+(?:now|today)`,
    String.raw`\b(?:in\s+)?(?:a|one)\s+(?:week|month)\s+or\s+(?:two|so)`,
    String.raw`\bnext\s+(?:week|month|year)`,
    String.raw`\btomorrow`,
    String.raw`\bin\s+a\s+(?:week|month|year)`,
    String.raw`\bas\s+needed`,
  ].join("|"),
  "gi",
);

export const FOLLOW_UP_CUE =
  /\b(?:follow(?:[- ]|\s+)?up|come\s+back|coming\s+back\s+(?=to\s+see|and\s+see)|see\s+you\s+(?:back|again|in)|see\s+me\s+(?:back|again|in)|check\s+(?:back\s+)?in|recheck|touch\s+base|next\s+(?:visit|appointment)|return\s+(?:to\s+(?:the\s+)?clinic|visit|in|for)|(?:will|to)\s+return)\b/gi;

const WITH_SOMEONE_ELSE =
  /^\s+with\s+(?:your|the|a|an|his|her|their)\s+(?!(?:doctor|clinician|provider|office|clinic)\b)\w+/i;

/** Cues that make a follow-up only with an interval said beside them. */
const WEAK_FOLLOW_UP_CUE = /^(?:check|recheck|touch|next|return\s+visit)/i;

// "Come back up" on exam, "here for follow-up from the ER": not a next visit.
const EXAM_MOVE =
  /^come\s+back\s+(?:up|down|to\s+(?:normal|center|neutral|the\s+middle)|forward|over|here\s+and)\b/i;
const REASON_BEFORE =
  /\b(?:here|presents?|presenting|in|seen|coming\s+in|came\s+in|called)\s+(?:today\s+)?(?:for|with)\s+(?:(?:a|an|his|her|your|their|routine|emergency\s+room|er|hospital|post-?op(?:erative)?)\s+)*$/i;

/** "Why don't we have you come back…" suggests; it denies nothing. */
const SUGGESTION = /\bwhy\s+(?:don't|do\s+n't|not)\b/gi;
const NEAR_DENIAL =
  /\b(?:no|not|never|don't|do\s+n't|doesn't|does\s+n't|won't|wo\s+n't|shouldn't|should\s+n't|needn't)\s+(?:\w+\s+){0,4}$/i;

export interface FollowUp {
  when?: string;
  cue: Span;
}

/** The next visit said in a sentence, with the interval nearest to its cue; undefined when none. */
export function followUpOf(text: string): FollowUp | undefined {
  for (const cue of text.matchAll(FOLLOW_UP_CUE)) {
    const span = { start: cue.index, end: cue.index + cue[0].length };
    if (EXAM_MOVE.test(text.slice(span.start))) continue;
    // "Follow up with your dermatologist regularly": a visit with someone else, not the next one here.
    if (WITH_SOMEONE_ELSE.test(text.slice(span.end))) continue;
    if (REASON_BEFORE.test(text.slice(Math.max(0, span.start - 60), span.start))) continue;
    // "No need to come back": the denial is beside the cue. A "not" a sentence earlier in an
    // unpunctuated dictation ("…we're not missing anything… then i'll see you again in three months")
    // denies nothing about the visit.
    const lead = text.slice(Math.max(0, span.start - 60), span.start).replace(SUGGESTION, "");
    if (NEAR_DENIAL.test(lead)) continue;
    // The interval after the cue ("see you back in three months"), else the nearest before it.
    const whens = [...text.matchAll(FOLLOW_UP_WHEN)].map((m) => ({ at: m.index, text: m[0].trim() }));
    const after = whens.find((w) => w.at >= span.start && w.at - span.end <= 60);
    const before = whens.filter((w) => w.at < span.start && span.start - w.at <= 60).pop();
    const when = (after ?? before)?.text;
    if (when) return { when, cue: span };
    // "Recheck your A1c", "check in with them", "before your next visit": without an interval these
    // name a test or a visit already planned, not a follow-up said today.
    if (WEAK_FOLLOW_UP_CUE.test(cue[0])) continue;
    return { cue: span };
  }
  return undefined;
}

// ---- care at home ------------------------------------------------------------------------------

/**
 * What the patient is told to do at home that is neither a medicine nor a test: less salt, a scale,
 * (keys shared with the lexicon's TREATMENTS — "fluids", "ice", "crutches" — merge with its finding)
 * a urine strainer, fluids, home blood pressures. Each is the clinician's instruction only: the
 * sentence must tell the patient to do it (not ask how it is going, not recall it), and nothing
 * in its clause may deny it. `plan` is the clinician's line, `en`/`es` what the patient reads.
 */
export interface HomeInstruction {
  key: string;
  re: RegExp;
  plan: string;
  /** The clinician's line from the words said, where the fixed one would add what was not said. */
  planOf?: (said: string) => string;
  en: string;
  es: string;
}

export const HOME_INSTRUCTIONS: readonly HomeInstruction[] = [
  // An antibiotic named only by its kind ("I will prescribe you some antibiotics"; blind audits s17
  // and s18 found it missed on every surface). A named one is a medicine of its own (summary.compose).
  {
    key: "antibiotics",
    re: /\b(?:prescrib\w*|start\w*|give|giving|put\w*|treat\w*|send\w*|call\w*\s+in)\s+(?:you\s+)?(?:on\s+|with\s+|in\s+)?(?:some\s+|a\s+course\s+of\s+|an?\s+)?(?:oral\s+)?antibiotics?\b/i,
    plan: "Start an antibiotic",
    en: "Take the antibiotic we prescribe. Take every dose, even when you feel better.",
    es: "Tome el antibiótico que le recetamos. Tome cada dosis, aunque se sienta mejor.",
  },
  {
    key: "low-salt diet",
    re: /\b(?:watch\w*|cut\w*\s+(?:back|down)(?:\s+on)?|decreas\w*|lower\w*|limit\w*|reduc\w*|low|less|avoid\w*|no)\s+(?:\w+\s+){0,3}?(?:salt|sodium|salty)\b/i,
    plan: "Low-salt diet: watch salt intake",
    en: "Eat less salt.",
    es: "Coma con menos sal.",
  },
  {
    key: "daily weight",
    re: /\bweigh\s+(?:yourself|your\s*self|him\w*|her\w*)\b|\bget\s+(?:a|yourself\s+a)\s+scale\b/i,
    plan: "Weigh yourself every day on a scale",
    en: "Weigh yourself each day and write it down.",
    es: "Pésese cada día y anótelo.",
  },
  {
    key: "strain urine",
    re: /\bstrain\s+(?:your|the|all\s+(?:your|the))\s+(?:urine|pee)\b|\b(?:urine\s+)?strainer\b/i,
    plan: "Strain the urine with a strainer",
    en: "Pee through the strainer to catch any stone.",
    es: "Orine a través del colador para atrapar las piedras.",
  },
  {
    key: "fluids",
    re: /\bpush\s+(?:the\s+)?fluids\b|\b(?:stay|keep\s+(?:yourself\s+)?)\s*(?:well\s+)?hydrated\b|\b(?:drink|increase\s+your)\s+(?:\w+\s+){0,3}?(?:fluids|water)\b/i,
    plan: "Drink plenty of fluids and water, stay hydrated",
    en: "Drink a lot of water.",
    es: "Tome mucha agua.",
  },
  {
    key: "home blood pressure checks",
    re: /\b(?:check\w*|tak\w*|record\w*|monitor\w*|measur\w*|log\w*|keep\s+(?:a\s+)?(?:log|track|record)\s+of)\s+(?:\w+\s+){0,4}?blood\s+pressures?\b(?![^.?!]{0,20}\b(?:today|in\s+(?:the\s+)?(?:office|clinic)))/i,
    plan: "Check blood pressure at home and record it daily",
    en: "Check your blood pressure at home and write it down.",
    es: "Tómese la presión en casa y anótela.",
  },
  {
    key: "alcohol",
    re: /\b(?:avoid\w*|cut\s+(?:\w+\s+)?(?:back|down)(?:\s+on)?|limit\w*|stop\w*|refrain\w*\s+from|no|less|reduc\w*|decreas\w*|quit)\s+(?:\w+\s+){0,3}?(?:alcohol|drinking|beer|wine|liquor)\b/i,
    plan: "Avoid alcohol, cut down on drinking",
    en: "Drink less alcohol, or none.",
    es: "Tome menos alcohol, o nada.",
  },
  {
    key: "trigger foods",
    re: /\b(?:avoid\w*|cut\s+(?:\w+\s+)?(?:back|down)(?:\s+on)?|limit\w*|stay\s+away\s+from|less|decreas\w*|reduc\w*)\s+(?:\w+\s+){0,4}?(?:spicy|citrus|acidic|fatty|fried|greasy|caffeine|coffee|chocolate)\b/i,
    plan: "Avoid the foods and drinks said to make it worse",
    planOf: (said) =>
      `Avoid the foods and drinks said to make it worse: ${[
        ...new Set(said.match(/\b(?:spicy|citrus|acidic|fatty|fried|greasy|caffeine|coffee|chocolate)\b/gi)),
      ]
        .map((w) => w.toLowerCase())
        .join(", ")}`,
    en: "Stay away from the foods and drinks we talked about that make it worse.",
    es: "Evite las comidas y bebidas de las que hablamos que lo empeoran.",
  },
  {
    key: "eat slowly",
    re: /\beat\w*\s+(?:more\s+)?slowly\b|\bchew\w*\s+(?:your\s+food\s+)?(?:more\s+)?(?:well|thoroughly|carefully|slowly)\b/i,
    plan: "Eat slowly and chew the food thoroughly",
    en: "Eat slowly and chew your food well.",
    es: "Coma despacio y mastique bien la comida.",
  },
  {
    key: "smoking cessation",
    re: /\b(?:quit\w*|stop\w*|cut\s+(?:\w+\s+)?(?:back|down)(?:\s+on)?)\s+(?:\w+\s+){0,2}?(?:smoking|cigarettes|vaping|tobacco)\b/i,
    plan: "Quit smoking",
    en: "Stop smoking. We can help you quit.",
    es: "Deje de fumar. Podemos ayudarle.",
  },
  {
    key: "ice",
    re: /\b(?:use|put|apply|try)\s+(?:some\s+)?ice\b|\bice\s+(?:it|that|the\s+\w+|and\s+(?:rest|elevat\w*|heat))\b/i,
    plan: "Ice for the pain",
    en: "Put ice on the sore spot.",
    es: "Póngase hielo en la zona que duele.",
  },
  {
    key: "elevation",
    re: /\bkeep\s+(?:your|the|that|it)\s*(?:\w+\s+)?(?:elevated|raised)\b|\b(?:elevat\w*|raise|prop\s+up|keep\s+up)\s+(?:your|the|that|it)\s*(?:\w+\s+)?(?:legs?|foot|feet|ankles?|arms?|knees?|hands?)?\b(?=[^.?!]{0,40}\b(?:swell\w*|heart|above|pillow|up)\b)/i,
    plan: "Elevate to bring the swelling down",
    en: "Raise the swollen part when you sit or lie down.",
    es: "Levante la parte hinchada cuando se siente o se acueste.",
  },
  {
    key: "pill reminder",
    re: /\bpill\s*box\b|\b(?:phone\s+)?(?:alarm|reminder)s?\b(?=[^.?!]{0,60}\b(?:pills?|medicines?|medications?|meds|take)\b)|\b(?:pills?|medicines?|medications?|meds)\b[^.?!]{0,60}\b(?:alarm|reminder)s?\b/i,
    plan: "Use a pill box or a phone alarm to take the pills at the same time",
    en: "Use a pill box or a phone alarm so you do not miss a pill.",
    es: "Use un pastillero o una alarma para no olvidar ninguna pastilla.",
  },
  {
    key: "symptom diary",
    re: /\bkeep\s+(?:a\s+)?(?:log|diary|journal|record)\b(?![^.?!]{0,20}\bblood\s+pressure)/i,
    plan: "Keep a diary and log of the symptoms",
    en: "Keep a short diary of when it happens and what you were doing.",
    es: "Anote cuándo pasa y qué estaba haciendo.",
  },
  // A device the clinician gives or tells the patient to use, each its own line: a patient given
  // crutches is not told to wear a sling.
  ...(
    [
      [
        "sling",
        "Wear the sling",
        "Wear the sling the way we showed you.",
        "Use el cabestrillo como le mostramos.",
      ],
      [
        "splint",
        "Wear the splint",
        "Wear the splint the way we showed you.",
        "Use la férula como le mostramos.",
      ],
      [
        "brace",
        "Wear the brace, keep bracing",
        "Wear the brace the way we showed you.",
        "Use el soporte como le mostramos.",
      ],
      [
        "crutches",
        "Use crutches",
        "Use the crutches, and keep weight off that leg as we said.",
        "Use las muletas y no apoye peso en esa pierna como le dijimos.",
      ],
    ] as const
  ).map(([key, plan, en, es]) => ({
    key,
    re: new RegExp(
      String.raw`\b(?:give|put|wear|keep|use|get|fit|continue)\w*\s+(?:you\s+)?(?:in\s+|on\s+|with\s+|to\s+use\s+)?(?:\w+\s+){0,3}?${key}\b|\bkeep\s+${key === "brace" ? "bracing" : `wearing\\s+(?:the|your)\\s+${key}`}\b`,
      "i",
    ),
    plan,
    en,
    es,
  })),
  {
    key: "activity",
    re: /\btake\s+it\s+easy\b|\b(?:no|avoid\w*|hold\s+off\s+on|stay\s+off|stop)\s+(?:\w+\s+){0,2}?(?:running|skiing|sports|lifting|heavy\s+lifting|gymnastics|contact\s+sports|exercise)\b/i,
    plan: "Take it easy: rest, no running or sports for now",
    en: "Take it easy for now, and do not do sports or heavy lifting until we say.",
    es: "Descanse por ahora y no haga deporte ni cargue peso hasta que le digamos.",
  },
];

/** The clinician tells the patient to do something (not asks, recalls or muses about it). */
const DIRECTIVE =
  /\b(?:i\s+(?:really\s+|also\s+|just\s+)?(?:want|need|would\s+like|'d\s+like)\s+(?:you|him|her)\s+to|i'd\s+(?:also\s+|really\s+|just\s+)?like\s+(?:you|him|her)\s+to|(?:you|he|she)\s+(?:should|need\s+to|must|have\s+to|will\s+need\s+to|'ll\s+need\s+to|can|could)|you'll\s+need\s+to|make\s+sure|try\s+to|try\s+not\s+to|be\s+sure\s+to|continue\s+to|keep\s+(?:on\s+)?\w+ing|please|let's|let\s+us|we(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to|\s+can|\s+should)|i(?:'ll|\s+will|'m\s+going\s+to|'m\s+gon\s*na|\s+am\s+going\s+to)\s+(?:give|put|get|have|fit|prescribe|start|treat)|i\s+recommend|recommend\w*|definitely|i\s+(?:would\s+)?encourage\s+(?:you|him|her)\s+to|in\s+the\s+meantime|(?:^|[,;:]\s*|\b(?:and|so|also|then|just|okay|alright)\s+)(?:get|watch|avoid|drink|cut|limit|weigh|strain|push|stay|elevate|ice|use|put|take|check|record|keep|quit|stop|refrain|wear|increase|decrease|reduce|eat|lower)\b)/i;

/**
 * "How are you doing watching your salt?", "you've been checking your pressures", and a move asked
 * for on exam ("raise your elbow up a little bit like that, … so I can just see the underside"):
 * not an instruction.
 */
const NOT_AN_INSTRUCTION =
  /\b(?:is\s+that\s+(?:correct|right)|how\s+(?:are|is|have)|have\s+you\s+been|you've\s+been|are\s+you|did\s+you|do\s+you|were\s+you|we've\s+talked|we\s+talked|you\s+were|you\s+said|you\s+mentioned|i\s+know\s+(?:you|we)|like\s+that|so\s+(?:i|we)\s+can\s+(?:just\s+)?(?:see|look|feel|check))\b/i;

const DENIAL_BEFORE =
  /\b(?:no\s+need|don't|do\s+n't|do\s+not|doesn't|does\s+n't|shouldn't|should\s+n't|won't|wo\s+n't|not\s+(?:necessary|needed)|never)\s+(?:\w+\s+){0,4}$/i;

/** The care-at-home instructions the clinician gives in this sentence, each once. */
export function homeInstructionsOf(
  text: string,
  isQuestion = false,
): { item: HomeInstruction; at: Span; plan: string }[] {
  if (isQuestion || !DIRECTIVE.test(text)) return [];
  const out: { item: HomeInstruction; at: Span; plan: string }[] = [];
  for (const item of HOME_INSTRUCTIONS) {
    // Every saying in a long dictated turn is read: "cut down on caffeine … avoid citrus and spicy
    // foods" is two pieces of advice; a fixed one is kept once.
    for (const m of text.matchAll(new RegExp(item.re.source, "gi"))) {
      const at = { start: m.index, end: m.index + m[0].length };
      const clause = clauseOf(text, at);
      const before = text.slice(clause.start, at.start);
      const inClause = text.slice(clause.start, clause.end);
      if (NOT_AN_INSTRUCTION.test(inClause) || DENIAL_BEFORE.test(before)) continue;
      const c = contextOf(text, at);
      if (c.has("historical") || c.has("other_person")) continue;
      // The words of the sentence from the cue on, so "avoid alcohol and fatty foods" names "fatty".
      const said = text.slice(at.start, Math.min(clause.end, at.end + 40));
      out.push({ item, at, plan: item.planOf ? item.planOf(said) : item.plan });
      if (!item.planOf) break;
    }
  }
  return out;
}

/** The patient's words for an instruction found by `homeInstructionsOf`, by its term. */
export function homeInstructionFor(term: string | undefined, language: "en" | "es"): string | undefined {
  const item = HOME_INSTRUCTIONS.find((x) => x.key === term);
  return item?.[language];
}

// ---- orders that are not orders yet ----------------------------------------------------------

/**
 * "If you're still having symptoms, I'll order an MRI", "watch for more episodes, at which point we
 * could do the EGD": the order waits on a condition.
 */
const CONDITION_LEAD = /\b(?:if|unless|in\s+case|at\s+which\s+point|in\s+which\s+case)\b/gi;
/** "To see if", "determine if": what a test is for, not a condition on it. */
const PURPOSE_IF =
  /\b(?:see|determine|know|check|assess|tell|find\s+out|rule\s+out|look|decide|sure|whether|wonder|ask)\s+$/i;
/**
 * "If it's okay with you", "if you'd like": asked out of courtesy; "(let me see) if we can schedule
 * you": an attempt made now. The order stands.
 */
const COURTESY_IF =
  /^(?:if|in\s+case)\s+(?:(?:it's|it\s+is|that's|that\s+is|you're|you\s+are)\s+(?:ok|okay|alright|all\s+right|fine)|you(?:'d|\s+would)?\s+(?:like|want|agree|can|don't\s+mind|do\s+n't\s+mind)|possible|that\s+works|we\s+can\s+(?:schedule|get\s+you|set\s+you\s+up|arrange|book|fit\s+you))\b/i;
/** "For right now, let's get a CBC": the order is made now whatever comes later. */
const NOW_ANYWAY =
  /\b(?:for\s+(?:right\s+)?now|right\s+now|today|in\s+the\s+meantime|either\s+way|regardless|anyway|okay|alright|also|and\s+then\s+i)\b|[.?!;]/i;
/** "We'll talk about further imaging", "possibly a referral": a possibility, not an order. */
const POSSIBILITY =
  /\b(?:talk\s+about|discuss\w*|consider\w*|possibl[ey]|potentially|down\s+the\s+road|eventually|at\s+some\s+point|in\s+the\s+future|(?:might|may)\s+(?:need|have\s+to|want|end\s+up))\s+(?:\w+\s+){0,5}?(?:an?\s+|the\s+|some\s+)?$/i;

/**
 * True when the clinician names the test, referral or treatment as a later possibility or as
 * waiting on a condition ("if it is not better in a week, we'll get an MRI"), so the patient is
 * not told to go and get it now.
 */
export function isConditionalOrder(text: string, m: Span): boolean {
  const before = text.slice(Math.max(0, m.start - 120), m.start);
  if (POSSIBILITY.test(before)) return true;
  let lead: number | undefined;
  for (const c of before.matchAll(CONDITION_LEAD)) {
    if (PURPOSE_IF.test(before.slice(0, c.index)) || COURTESY_IF.test(before.slice(c.index))) continue;
    lead = c.index;
  }
  return lead !== undefined && !NOW_ANYWAY.test(before.slice(lead));
}

/** The plan line for an order said in `text` at `m`: marked when it is only a possibility. */
export function planLabel(text: string, m: Span, label: string): string {
  return isConditionalOrder(text, m)
    ? `${CONDITIONAL_PREFIX}${label.charAt(0).toLowerCase()}${label.slice(1)}`
    : label;
}

export const CONDITIONAL_PREFIX = "If needed later: ";
export const DECLINED_PREFIX = "Patient declined: ";
export const isConditionalPlan = (f: { text: string }): boolean => f.text.startsWith(CONDITIONAL_PREFIX);
export const isDeclinedPlan = (f: { text: string }): boolean => f.text.startsWith(DECLINED_PREFIX);
export const HELD_PREFIX = "On hold: ";
/** The clinician put the order on hold later in the visit ("let's hold off on the MRI"). */
export const isHeldPlan = (f: { text: string }): boolean => f.text.startsWith(HELD_PREFIX);
/** Neither turned down nor put on hold: the patient's to do. */
export const isPlanToDo = (f: { text: string }): boolean => !isDeclinedPlan(f) && !isHeldPlan(f);

/**
 * Orders the patient turned down or put off are kept for the clinician, marked declined, and never
 * told to the patient as something to do; an order the patient answered without saying yes or no
 * ("i guess… i don't know") cites that answer, so the verifier's `answer-unclear` rule shows it to
 * the clinician alone as "not sure, please check". The answer is paired with the order by
 * `answerToProposal` (proposal.answer.ts): the patient's turn(s) after the clinician's last turn
 * citing the order, past one short "okay?", and past one question and reply; a turn ending on a
 * question about something else ("any questions?", "have you had one before?") is answered, not the
 * order.
 */
export function markDeclinedPlans(
  transcript: readonly { id: string; speaker: string; text: string }[],
  findings: Finding[],
): Finding[] {
  const at = new Map(transcript.map((s, i) => [s.id, i]));
  return findings.map((f) => {
    if (f.kind !== "plan" || isDeclinedPlan(f) || (f.details.category === "treatment" && f.details.status))
      return f;
    // Every clinician turn that names it is a proposal the patient may answer ("i'd prefer not to"),
    // and a later mention ("an open mri if you change your mind") need not be answered at all: the
    // last answer with a stance decides, so a yes after the clinician argues still wins. A turn
    // that names it only under a condition ("if it comes back, we'll get you scheduled for one")
    // proposes nothing now: its "okay" does not undo a no.
    const matcher = matcherFor(f.details.category);
    const proposes = (text: string) => {
      const named = matcher?.find(text).filter((m) => m.term === f.term) ?? [];
      return named.length === 0 || named.some((m) => !isConditionalOrder(text, m));
    };
    const turns = [...new Set(f.evidence.map((e) => at.get(e.segmentId ?? "") ?? -1))]
      .filter((i) => i >= 0 && proposes(transcript[i]?.text ?? ""))
      .sort((a, b) => a - b);
    let answer: ReturnType<typeof answerToProposal>;
    for (const i of turns) {
      const a = answerToProposal(transcript, i, f.term, quotesIn(f, transcript[i]?.id));
      if (a && (!answer || a.stance !== "question")) answer = a;
    }
    if (!answer) return f;
    if (answer.stance === "decline" || answer.stance === "defer")
      return { ...f, text: `${DECLINED_PREFIX}${f.text.charAt(0).toLowerCase()}${f.text.slice(1)}` };
    if (answer.stance === "unclear" && !f.evidence.some((e) => e.segmentId === answer.turn.id))
      return { ...f, evidence: [...f.evidence, { segmentId: answer.turn.id, quote: answer.turn.text }] };
    return f;
  });
}

const quotesIn = (f: Finding, segmentId: string | undefined): string[] =>
  f.evidence.filter((e) => e.segmentId === segmentId).map((e) => e.quote);

/** "Let's hold off on the MRI", "we won't do the CT": said right before the order's name. */
const HOLD_BEFORE_NAME =
  /\b(?:hold\s+off\s+on|wait\s+on|skip|(?:won't|wo\s+n't|will\s+not|not\s+going\s+to|not\s+gon\s*na|(?:don't|do\s+n't|do\s+not)\s+need\s+to)\s+(?:order|do|get|bother\s+with))\s+(?:(?:the|that|an?|this|your)\s+)?$/i;
/** "We can hold off and watch your symptoms", said in answer to the patient asking to wait. */
const HOLD_BARE =
  /\b(?:(?:let's|let\s+us|we(?:'ll|\s+will|\s+can|\s+could)|i'll|i\s+will)\s+(?:just\s+)?(?:hold\s+off|wait\s+on\s+(?:that|it|this|those)|wait\s+and\s+(?:see|watch))|hold\s+off\s+on\s+(?:that|it|this|those))\b/i;
const HOLD_CONDITION = /\b(?:if|unless|when|once|until)\b/i;

const matcherFor = (category: unknown) =>
  category === "test"
    ? testMatcher
    : category === "referral"
      ? referralMatcher
      : category === "treatment"
        ? treatmentMatcher
        : undefined;

/**
 * Orders the clinician puts on hold later in the visit are kept for the clinician, marked on hold,
 * and never told to the patient as something to do: "let's hold off on the MRI for now" after
 * the patient asks to try therapy first, or "we'll hold off and watch your symptoms" in answer to
 * "can we wait?". A hold said under a condition ("if the labs are normal we can hold off on the
 * MRI") holds nothing yet.
 */
export function markHeldPlans(
  transcript: readonly { id: string; speaker: string; text: string }[],
  findings: Finding[],
): Finding[] {
  const at = new Map(transcript.map((s, i) => [s.id, i]));
  return findings.map((f) => {
    // The clinician agreeing to wait is the last word on an order the patient put off.
    if (f.kind !== "plan" || !f.term || isHeldPlan(f) || isConditionalPlan(f)) return f;
    if (f.details.category === "treatment" && f.details.status) return f;
    const matcher = matcherFor(f.details.category);
    if (!matcher) return f;
    const i = Math.max(...f.evidence.map((e) => at.get(e.segmentId ?? "") ?? -1));
    if (i < 0) return f;
    const held = transcript.slice(i + 1).some((seg, k) => {
      if (seg.speaker !== "clinician") return false;
      for (const sentence of seg.text.split(/(?<=[.?!])\s+/)) {
        const named = matcher
          .find(sentence)
          .some(
            (m) =>
              m.term === f.term &&
              HOLD_BEFORE_NAME.test(sentence.slice(0, m.start)) &&
              !HOLD_CONDITION.test(sentence.slice(0, m.start)),
          );
        if (named) return true;
        // Unnamed, the hold answers the patient's turn right after the order.
        const bare = HOLD_BARE.exec(sentence);
        if (
          bare &&
          k === 1 &&
          transcript[i]?.speaker === "clinician" &&
          transcript[i + 1]?.speaker !== "clinician" &&
          !HOLD_CONDITION.test(sentence.slice(0, bare.index))
        )
          return true;
      }
      return false;
    });
    if (!held) return f;
    const text = isDeclinedPlan(f) ? f.text.slice(DECLINED_PREFIX.length) : f.text;
    return { ...f, text: `${HELD_PREFIX}${text.charAt(0).toLowerCase()}${text.slice(1)}` };
  });
}

/** When an ordered test is to be done, as said right after it: "labs next week", "an echo in two months". */
const ORDER_WHEN = new RegExp(
  String.raw`^[^.?!;]{0,50}?(${FOLLOW_UP_WHEN.source}|\btoday\b|\bthis\s+week\b|\bbefore\s+(?:your|the)\s+next\s+(?:visit|appointment))`,
  "i",
);

/** The time said first, before the order: "in six months we will repeat the a1c". */
const ORDER_WHEN_LEAD = new RegExp(
  String.raw`^\W*(?:(?:and|so|then|okay|ok|um|uh|also|now)[\s,]+)*(${FOLLOW_UP_WHEN.source}|\bnext\s+time)(?![^.?!;]*\b(?:today|right\s+now|now)\b)`,
  "i",
);

/** The time said for a test ordered at `m`, or undefined: never one said of another test after it. */
/** "…a urinalysis and a urine culture now i wan na see you again in one to two weeks": the visit's time. */
const NEXT_VISIT =
  /\b(?:(?:i|we)(?:'ll|\s+will|\s+wan\s*na|\s+want\s+to|'d\s+like\s+to)\s+(?:see|follow)|follow\s+up|come\s+back)\b/i;

export function orderWhenOf(text: string, m: Span, nextMention?: number): string | undefined {
  const clause = clauseOf(text, m);
  const upTo = text.slice(m.end, Math.min(clause.end, nextMention ?? text.length));
  const after = upTo.slice(0, NEXT_VISIT.exec(upTo)?.index ?? upTo.length);
  // "In three months, let's get another a1c and a lipid panel": the time leads the sentence.
  const found =
    ORDER_WHEN.exec(after)?.[1]?.trim() ?? ORDER_WHEN_LEAD.exec(text.slice(0, m.start))?.[1]?.trim();
  // "For about two weeks" is how long, not when.
  if (!found || /^(?:for|every|as\s+needed)\b/i.test(found)) return undefined;
  return found.toLowerCase();
}
