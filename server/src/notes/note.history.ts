// The history a visit took by question and answer (issue 25): social history (tobacco, alcohol,
// drugs, work, home), family history, past medical and surgical history, and the symptoms the
// patient was asked about and denied (the review of systems' pertinent negatives). Each line is
// charted from the clinician's question and the patient's answer together ("Do you smoke?" "No."
// → "Denies tobacco use."), citing both. Only the patient's (or a companion's) answers are facts;
// a question alone says nothing, and an answer that is neither yes nor no is left out.
import type { Transcript, TranscriptSegment } from "@bedside/shared";
import { conditionMatcher, symptomMatcher } from "../findings/lexicon.matcher.js";
import { OVER_NOW } from "./note.hpi.js";
import { chartUnits, NUMBER_WORDS, telegraph } from "./note.phrasing.js";

export type AnsweredSection =
  | "hpi"
  | "past_history"
  | "family_history"
  | "social_history"
  | "medications"
  | "allergies"
  | "review_of_systems";

const stripStop = (t: string) => t.replace(/[.\s]+$/, "");
const lower = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);
const upper = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** Where a charted yes/no answer belongs, by what the question was about. */
function sectionOf(q: string): AnsweredSection {
  if (/\b(?:family|mother|father|parents?|siblings?|brothers?|sisters?|relatives?)\b/i.test(q))
    return "family_history";
  // "Are you allergic to any meds?", "Ever reacted poorly to any medications?" ask about allergies.
  if (/\ballerg|\breact(?:ed|ion|ions)\b/i.test(q)) return "allergies";
  if (/\b(?:medications?|medicines?|meds|pills|prescriptions?|supplements?|vitamins?)\b/i.test(q))
    return "medications";
  if (
    /\b(?:surger(?:y|ies)|operations?|history|illness(?:es)?|diseases?|conditions?|diagnosed|hospitali[sz]ed|vaccin\w*|shots?|immuni[sz]\w+)\b/i.test(
      q,
    )
  )
    return "past_history";
  if (
    /\b(?:smok\w*|alcohol|drink|drugs?|sexually|partners?|married|children|kids|live|living|work|job|school|exercise|diet|retired|pets?|travel\w*)\b/i.test(
      q,
    )
  )
    return "social_history";
  if (symptomMatcher.find(q).length > 0) return "review_of_systems";
  return "hpi";
}

/** A question's slot that names no particular thing: "major medical conditions", "any problems". */
const GENERIC_SLOT = /^(?:\w+ ){0,2}(?:conditions|problems|issues|illnesses|things|records?)\b/;

/**
 * A yes/no question and its plain answer as a chart line: "Do you have a history of mental
 * illness?" "No." → "No history of mental illness." Only questions about the patient ("you",
 * "he", "she") in the shapes below; anything else is left out rather than guessed.
 */
export function answeredQuestion(question: string, yes: boolean): string {
  const q = question
    .toLowerCase()
    .replace(/\s+([,.?!])/g, "$1")
    .replace(/^(?:(?:okay|ok|and|so|now|alright|great|good|well|also)\W+)+/, "")
    // A form of address is not part of what was asked: "are you married, sir?" → "Married."
    .replace(/,?\s*\b(?:sir|ma'am|maam|miss|madam|dear|buddy)\s*(?=\?$)/, "")
    .replace(/\s+(?:that )?(?:i|we) (?:should|need to|ought to) (?:know|be aware) (?:about|of)(?=\W*\?$)/, "")
    .trim();
  // "X or Y?" answered yes does not say which.
  if (!/\?$/.test(q) || (yes && /\bor\b/.test(q))) return "";
  // Two questions in one ("have you been depressed or had mood swings?"): a "no" to both has no
  // chart line that reads ("No depressed or had mood swing problems."); the denial is left out.
  if (
    /\b(?:or|and)\s+(?:had|have|has|been|felt|noticed|taken|experienced|gotten|got|seen|lost|gained)\b/.test(
      q,
    )
  )
    return "";
  // "Have you used anything for your pain?": the answer is what was used, not the yes.
  if (yes && /\b(?:any|some)thing\b/.test(q)) return "";
  const body = (x: string) => stripStop(telegraph(x.replace(/\?$/, "").replace(/\s+at all$/, "")));
  let m =
    /^(?:do|does|did) (?:you|he|she|the patient) (?:currently |still )?(?:have|has|had)\s+(?:any |a |an )?(?:(?:past |prior |family )?history of\s+)?(.+)\?$/.exec(
      q,
    );
  if (m?.[1]) {
    const history = /history of/.test(q);
    const x = lower(body(m[1]));
    // "Do you have any major medical conditions?" "Oh, yeah, a whole list": which is in the answer.
    if (!x || (yes && GENERIC_SLOT.test(x))) return "";
    return yes ? `${history ? "History of" : "Has"} ${x}.` : `No ${history ? "history of " : ""}${x}.`;
  }
  m =
    /^(?:have|has) (?:you|he|she|the patient) (?:ever |recently )?(had|been|taken|noticed|experienced|felt|tried|used)\s+(?:any |a |an )?(.+)\?$/.exec(
      q,
    );
  if (m?.[1] && m[2]) {
    const x = lower(body(m[2]));
    if (!x) return "";
    if (/^(?:had|noticed|experienced|felt)$/.test(m[1])) return yes ? `Has had ${x}.` : `No ${x}.`;
    return yes ? `Has ${m[1]} ${x}.` : `Has not ${m[1]} ${x}.`;
  }
  m = /^you (?:do )?have (?:a |an )?(.+?),? right\?$/.exec(q);
  if (m?.[1] && yes) {
    const x = lower(body(m[1]));
    return x ? `Has ${x}.` : "";
  }
  m = /^(?:are|is) (?:you|he|she|the patient) (?:currently |still )?(.+)\?$/.exec(q);
  if (m?.[1]) {
    const x = lower(body(m[1]));
    if (!x || /^(?:okay|ok|sure|ready|good|alright|fine)$/.test(x)) return "";
    return yes ? `${upper(x)}.` : `Not ${x}.`;
  }
  m = /^(?:any|anyone|any other)\s+(.+)\?$/.exec(q);
  if (m?.[1] && !yes) {
    const x = lower(body(m[1]));
    return x ? `No ${x}.` : "";
  }
  return "";
}

export interface HistoryLine {
  text: string;
  segmentIds: string[];
}

export interface TakenHistory {
  social: HistoryLine[];
  family: HistoryLine[];
  past: HistoryLine[];
  /** The reason for the visit in the patient's words, charted, when no finding names it. */
  complaint: HistoryLine[];
  /** Other questions answered plainly yes or no, charted ("Sexually active."), by section. */
  answered: (HistoryLine & { section: AnsweredSection })[];
  /** How the patient feels, asked: "Feels a little better." */
  course: HistoryLine[];
  /** Where the patient goes and in what state, as the clinician said: "Discharged home." */
  disposition: HistoryLine[];
  /** Symptoms asked about and denied. */
  denied: HistoryLine[];
  /** The same, one symptom at a time, so the note can leave out one the patient also reported. */
  deniedTerms: { term: string; segmentIds: string[] }[];
}

// An answer may open with "oh", "um" or "well" before its yes or no.
const NO =
  /^\W*(?:(?:oh|um|uh|well|hm+)\W+)?(?:no|nope|nah|never|not really|none|negative|not at all|(?:i don't|i do not|i do n't)(?! (?:know|remember|recall)\b)|i haven't|i have not|i have n't|i've never|nothing(?! (?:significant|much|major|serious|crazy)\b))\b/i;
const YES =
  /^\W*(?:(?:oh|um|uh|well|hm+)\W+)?(?:yes|yeah|yep|yup|sure|(?:i do|i did|i have)(?=\s*(?:[.,!;]|$)|\s+(?:had|been|but|and|so|too|actually|indeed|sometimes|occasionally|some|a few|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several)\b)|correct|right|absolutely|occasionally|sometimes|a little|socially)\b/i;

/** The answer proper: its first sentence up to a "but", or its first twenty words when the scribe left none. */
const firstClause = (a: string): string =>
  (/^[^.!]*?[.?!](?=\s|$)/.exec(a)?.[0] ?? a)
    .split(/,?\s+but\s+/)[0]!
    .split(/\s+/)
    .slice(0, 20)
    .join(" ");

const sentencesOf = (a: string): string[] => a.split(/(?<=[.?!])\s+/).filter((x) => x.trim().length > 0);

/** The words a bare denial is made of: a negation and nothing the patient reports. */
const DENIAL_WORD =
  /^(?:i|i've|i'd|i'm|that|that's|say|said|would|wouldn't|would n't|could|can't|ca|n't|cannot|can|have|haven't|have n't|has|hasn't|noticed|notice|any|anything|like|nothing|not|really|so|think|seen|see|felt|feel|had|it|lately|recently|well|nah|nope|no|none|been|at|all|of|that|really|either|yet|to|my|knowledge|honestly|actually|um|uh|nothing's|there's|there|isn't|is|was|wasn't|do|don't|do n't|did|didn't|did n't|am|are|aren't|never|ever|much|too|sure)$/;

/**
 * An answer that denies in other words than an opening "no": "i wouldn't say that", "can't say
 * that i have", "not that i've noticed", "nothing like that". Its first clause is short, carries
 * a negation, and is made only of denial words: nothing reported ("i can't walk on it" is no denial).
 */
function bareDenial(answer: string): boolean {
  const first = (/^[^.!?,;]*/.exec(answer.toLowerCase())?.[0] ?? "").replace(/\s+(n't|'\w+)\b/g, "$1").trim();
  const words = first.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 6) return false;
  // "not that i can think of. well, actually my sister has …": the answer takes it back.
  if (/\b(?:actually|but|although|except|come to think)\b/i.test(answer.slice(first.length))) return false;
  if (!/\b(?:not|never|nothing|none|nah|nope|no)\b|n't\b/.test(first)) return false;
  return words.every((w) => DENIAL_WORD.test(w));
}

/** Words that leave an answer open: uncertainty, a guess, a memory not sure, an answer asked back. */
const HEDGED =
  /\b(?:not (?:sure|certain)|unsure|(?:don't|do n't|do not|dont) (?:know|remember|recall)(?! (?:of )?any| (?:very |that |too )?much| a lot| the (?:exact|name|date|year|month))|(?:can't|ca n't|cannot) say (?:for sure|exactly|which|what|when|how|if|whether)|(?:maybe|possibly|probably|perhaps)(?! (?:around |about |like |over |under |less than |more than )?(?:\d|a |an |one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|a few|a couple|half|once|twice|last|this|that|when|in (?:the|my|\d)))|i guess|i suppose|might (?:have|be)|could (?:have|be)|i wonder|hard to say)\b|^[^.?!]*\?/i;

const RELATIVE =
  /\b(?:mother|mom|father|dad|brother|sister|sibling|grandmother|grandma|grandfather|grandpa|aunt|uncle|cousin|son|daughter|parents?|siblings?)\b/i;

interface Topic {
  key: string;
  cue: RegExp;
  denied: string;
  /** Words that name the habit unasked (a bare "drink" may be water): defaults to the cue. */
  named?: RegExp;
  /** The patient's own words of use ("I drink infrequently"): they win over an opening "not really". */
  uses: RegExp;
  /** What it is counted in ("packs", "drinks"): an amount of it is use, asked or not named. */
  unit?: RegExp;
  /** The affirmed line from the answer (and the question when the answer is a bare "yes"). */
  affirmed: (answer: string) => string | undefined;
}

/** An amount said of a time before ("I was smoking about two packs a day prior to Chantix"). */
const BEFORE_NOW =
  /\b(?:i was|i used to|prior to|before (?:i|starting|that)|back then|did you (?:smoke|drink))\b/i;

/** "I smoke", "I only drink socially": use in the first person, no negation between. */
const usesIn = (verbs: string): RegExp =>
  new RegExp(
    String.raw`\bi\s+(?:(?:only|just|still|do|usually|occasionally|sometimes|probably|normally)\s+)?(?:${verbs})\b`,
    "i",
  );

const PACKS = /(?:packs?|cigarettes?|cigs)/;
const DRINKS = /(?:drinks?|beers?|glasses(?: of wine)?|glass(?: of wine)?|shots?)/;
const COUNT = String.raw`(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)`;
/** "two or three drinks daily", "half a pack a day", "1-2 beers a night": how much, how often. */
const amount = (text: string, unit: RegExp): string | undefined => {
  const m = new RegExp(
    String.raw`\b((?:${COUNT}(?:\s*(?:to|-|or)\s*${COUNT})?|half a|a|an)\s+${unit.source}\s+(?:(?:a|per|each|every)\s+(?:day|week|month|night|weekend)|daily|weekly|nightly))\b`,
    "i",
  ).exec(text);
  return m?.[1]
    ? chartUnits(
        m[1]
          .toLowerCase()
          .replace(/\bor\b/, "to")
          .replace(
            /\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b(?=\s*(?:to|-)\s)/,
            (w) => NUMBER_WORDS[w] ?? w,
          ),
      ).replace(/\b(?:a|each|every) (day|week|month|night|weekend)\b/, "per $1")
    : undefined;
};

/** A drink that is no alcohol, or a question about others' habits (exposure, not use). */
const NOT_USE =
  /\b(?:milk|formula|juice|water|fluids|coffee|tea|soda|pop|caffeine|pedialyte|gatorade|smoothies?|shakes?|allergic|allergy|allergies|rubbing alcohol)\b|\b(?:any ?(?:one|body)|someone|somebody) (?:\w+ ){0,3}(?:smoke|drink|vape|use)|\b(?:at home|in the (?:house|home)|around (?:him|her|them|the baby))\b/i;

/**
 * A young child's visit: an age in months or under 12 years, or words only a child's visit uses.
 * Its social-history questions are about feeding ("is she drinking okay?") or about the parent
 * who answers ("I'm a nurse"): tobacco, alcohol, drugs, work and marital status are not charted.
 */
const CHILD_VISIT =
  /(?<!\b(?:have|had|with|my|our)\s+(?:an?\s+)?)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty(?:[\s-]\w+)?)[\s-]+months?[\s-]+old\b|\b(?:she|he|baby|son|daughter)(?:'s|\s+is)\s+(?:\w+[\s-]+){1,2}months?\b(?!\s+ago)|\b(?:[1-9]|1[01]|one|two|three|four|five|six|seven|eight|nine|ten|eleven)[\s-]+years?[\s-]+old\s+(?:boy|girl|child|kid|toddler)\b|\b(?:toddler|infant|newborn|daycare|day care|preschool|kindergarten|sippy cup|diapers?|well[\s-]child)\b/i;

/** Social history that only an adult has: habits, sex, marriage, work. */
const ADULT_SOCIAL =
  /\b(?:smok\w*|alcohol|drink\w*|beers?|wine|drugs?|marijuana|sexually|partners?|married|work|job|retired)\b/i;

/** True when the transcript is a young child's visit (see CHILD_VISIT). */
export const isChildVisit = (transcript: Transcript): boolean =>
  transcript.some((s) => CHILD_VISIT.test(s.text));

const TOPICS: Topic[] = [
  {
    key: "tobacco",
    // "I occasionally smoke weed" is no tobacco.
    cue: /\b(?:smok\w*(?!\s+(?:weed|marijuana|pot|cannabis|crack|meth)\b)|cigarettes?|tobacco|cigars?|vap(?:e|es|ing)|chew)\b/i,
    denied: "Denies tobacco use.",
    named:
      /\b(?:smok\w*(?!\s+(?:weed|marijuana|pot|cannabis|crack|meth)\b)|cigarettes?|tobacco|cigars?|vap(?:e|es|ing))\b/i,
    uses: usesIn("smoke|vape|chew"),
    unit: PACKS,
    affirmed: (a) => {
      const n = amount(a, PACKS);
      if (n && BEFORE_NOW.test(a)) return `Previously smoked ${n}.`;
      if (/\b(?:quit|used to|stopped|former|gave (?:it )?up)\b/i.test(a)) return "Former smoker.";
      return n ? `Smokes ${n}.` : "Reports tobacco use.";
    },
  },
  {
    key: "alcohol",
    cue: /\b(?:alcohol|drink(?:s|ing)?\b(?!\s+(?:water|fluids|plenty))|beers?|wine|liquor|booze)\b/i,
    denied: "Denies alcohol use.",
    named:
      /\b(?:alcohol|beers?|wine|liquor|booze|whiske?y|vodka|scotch|single malt|drinker|drunk|(?:an?|little|occasional) drink|(?:\d+|one|two|three|four|five|six|seven|eight|ten|few|couple of) drinks|used to drink|i (?:don't|do not|do n't|never) drink(?! (?:any ?thing|water|fluids|enough|much water|milk|coffee)))\b/i,
    uses: usesIn("drink|have\\s+a\\s+drink"),
    unit: DRINKS,
    affirmed: (a) => {
      const n = amount(a, DRINKS);
      if (n && BEFORE_NOW.test(a)) return `Previously drank ${n}.`;
      if (/\b(?:quit|used to|stopped|sober)\b/i.test(a)) return "Former alcohol use.";
      if (n) return `Drinks ${n}.`;
      if (/\b(?:socially|social|occasion\w*|sometimes|once in a while|rarely|weekends?)\b/i.test(a))
        return "Drinks alcohol occasionally.";
      return "Drinks alcohol.";
    },
  },
  {
    key: "drugs",
    cue: /\b(?:recreational|illicit|illegal|street) drugs?\b|\b(?:marijuana|cocaine|heroin|weed|cannabis|meth|opioids)\b|\bany drugs\b|\buse drugs\b/i,
    denied: "Denies recreational drug use.",
    uses: usesIn("use|smoke\\s+(?:weed|marijuana|cannabis)"),
    affirmed: (a) => {
      const m = /\b(marijuana|cocaine|heroin|weed|cannabis|meth)\b/i.exec(a);
      const drug = m?.[1]?.toLowerCase().replace("weed", "marijuana");
      return drug ? `${FORMER.test(a) ? "Former" : "Reports"} ${drug} use.` : undefined;
    },
  },
];

/** The answer's statements: its sentences but those asked back. */
const statements = (answer: string): string[] => sentencesOf(answer).filter((x) => !/\?\s*$/.test(x));

/** A habit that was and is no more: "I don't drink any more", "after quitting smoking". */
const FORMER =
  /\b(?:no longer|quit(?:ting)?|stopped|anymore|any more|used to|gave (?:it )?up|years ago|in (?:\w+ ){0,3}years)\b/i;

/** A habit negated where it is named: "I don't drink", "never smoked", "quit smoking", "no alcohol". */
const negates = (sentence: string, cue: RegExp): boolean => {
  const m = new RegExp(cue.source, "gi");
  return [...sentence.matchAll(m)].some((x) =>
    /\b(?:don't|do not|do n't|dont|never|no longer|not|no|quit(?:ting)?|stopped|gave up|n't)\s+(?:\w+\s+){0,4}$/i.test(
      sentence.slice(0, x.index),
    ),
  );
};

const HOUSEHOLD = String.raw`(?:wife|husband|partner|boyfriend|girlfriend|fianc[eé]e?|spouse|parents|mother|mom|father|dad|sons?|daughters?|kids|children|family|roommates?|friends?|sisters?|brothers?|siblings|grandchildren|grandkids|grandparents|grandmother|grandfather|aunt|uncle|dogs?|cats?)`;

/** Who the patient lives with: "" alone, undefined when not said. */
function livesWith(answer: string): string | undefined {
  const m = new RegExp(
    String.raw`\bi live (?:(?:here |there |now )?in (?:the|a|an) \w+ )?(alone|by myself|with (?:my )?((?:\w+ ){0,2}?${HOUSEHOLD}(?:,? and (?:my )?(?:\w+ )?${HOUSEHOLD})?))\b`,
    "i",
  ).exec(answer);
  if (m)
    return (m[2] ?? "")
      .toLowerCase()
      .replace(/\bmy\b/g, "")
      .replace(/\s+/g, " ")
      .trim();
  return /\b(wife|husband|partner|daughter|son|mother|mom|father|dad) lives (?:at home |here )?with me\b/i
    .exec(answer)?.[1]
    ?.toLowerCase();
}

/** A care home the patient lives in: "I live at an old age nursing home", "I stay at a care facility". */
const CARE_HOME =
  /\bi (?:live|stay|reside) (?:at|in) (?:an? |the )?(?:old age )?(nursing home|care (?:facility|facilit|center|centre|home)|assisted living(?: facility)?|group home|shelter|rehab(?:ilitation)? (?:facility|center))\b/i;

/** A school grade, as said ("Firth grade" is how the scribe hears "fifth"). */
const GRADE =
  /\b(first|second|third|fourth|fifth|firth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))\s+grade\b/i;

/** A question about others ill around the patient. */
const SICK_CONTACTS =
  /\b(?:any ?(?:one|body)|someone|somebody|others?)\b[^?]*\b(?:sick|ill|unwell)\b|\bsick contacts?\b/i;

/** In school: "I am in school", "I'm a student", "I'm doing my major in computer science". */
const STUDENT =
  /\bi(?:'m| am) (?:in (?:school|college|university|high school|grad school)|(?:a )?(?:college |university |high school |grad )?student|doing my (?:major|degree|masters|phd))\b/i;

/** A question about the family's health. */
const FAMILY_ASKED =
  /\bfamily|\brelatives?\b|\bparents?\b|\bmother|\bfather|\bsiblings?|\bmom\b|\bdad\b|\bmaternal|\bpaternal|\bruns? in (?:the|your)\b/i;
const FAMILY_HEALTH =
  /\b(?:diseases?|illness\w*|conditions?|problems?|issues?|disorders?|symptoms?|history|sick|health\w*|runs? in|medical|traits?|cancers?|how(?:'s| is| are)|doing)\b/i;
/** An answer that the family is well: "we're a pretty healthy family", "not that I know of". */
const FAMILY_WELL =
  /\b(?:(?:pretty|very|all|everyone(?: else)? is|they're|they are|are|is)\s+(?:\w+\s+)?(?:healthy|well|good|fine|doing (?:well|good|great|fine))|(?:don't|do not) know of any|nothing (?:runs|that i know)|not that i (?:know|am aware) of|not aware of any|no one|nobody)\b/i;
/** An answer that the family's history is not known: adopted, no contact, never told. */
const FAMILY_UNKNOWN =
  /\b(?:adopted|(?:don't|do not|do n't) know (?:my|about|of|the|any|much|his|her)|i (?:don't|do not|do n't) know\b|no idea|(?:have|need) to check|never (?:shared|told|talked)|not in contact)\b/i;

/**
 * The clinician's question an answer answers: the turn before, or the one before a clarification
 * ("Any diseases in your family?" "Do you mean like BP?" "Yes." "No, no one in my family…").
 */
function questionAnswered(transcript: Transcript, i: number): TranscriptSegment | undefined {
  const prev = transcript[i - 1];
  if (!prev || prev.speaker !== "clinician") return undefined;
  if (question(prev)) return prev;
  const asked = transcript[i - 2];
  const first = transcript[i - 3];
  return prev.text.split(/\s+/).length <= 4 &&
    asked &&
    asked.speaker !== "clinician" &&
    /\?\s*$/.test(asked.text) &&
    first &&
    question(first)
    ? first
    : undefined;
}

const question = (s: TranscriptSegment) =>
  s.speaker === "clinician" &&
  (/\?/.test(s.text) || /^\W*(?:do|does|did|are|is|have|has|any|how|what|tell me about)\b/i.test(s.text));

/** The clinician's last question (its last sentence) before a patient's answer. */
const lastQuestion = (text: string): string => {
  const parts = text.split(/(?<=[.?!])\s+/).filter((p) => p.trim().length > 0);
  return [...parts].reverse().find((p) => /\?/.test(p)) ?? parts[parts.length - 1] ?? text;
};

/** "Reports tobacco use." beside "Smokes 2 packs daily." says less: the specific line stands alone. */
const VAGUE: readonly [string, RegExp][] = [
  ["Reports tobacco use.", /^(?:Smokes |Former smoker|Previously smoked )/],
  ["Former smoker.", /^Previously smoked /],
  ["Former alcohol use.", /^Previously drank /],
  ["Drinks alcohol.", /^(?:Drinks (?!alcohol\.$)|Former alcohol)/],
];
const withoutVague = (lines: HistoryLine[]): HistoryLine[] =>
  lines.filter(
    (l) =>
      !VAGUE.some(([vague, specific]) => l.text === vague && lines.some((o) => specific.test(o.text))) &&
      // "I used to inject heroin" and, asked, "I've been using it occasionally": the use is current.
      !lines.some((o) => o !== l && o.text === l.text.replace(/^Former (.+ use\.)$/, "Reports $1")),
  );

const unique = (lines: HistoryLine[]): HistoryLine[] => {
  const seen = new Map<string, HistoryLine>();
  for (const l of lines) {
    const had = seen.get(l.text);
    if (had) had.segmentIds = [...new Set([...had.segmentIds, ...l.segmentIds])];
    else seen.set(l.text, { ...l, segmentIds: [...l.segmentIds] });
  }
  return [...seen.values()];
};

const andList = (xs: string[]): string =>
  xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1] ?? ""}`;

const SURGERY =
  /\b(\w+ectomy|c[\s-]?sections?|d (?:and|&) c|circumcision|cardiac catheteri[sz]ation|(?:lumbar|spinal|cervical) (?:decompression|fusion)|(?:\w+ )?transplant|\w+otomy|\w+plasty|\w+oscopy|c-section|cesarean section|bypass surgery|(?:knee|hip|shoulder) replacement|hernia repair|(?!(?:what|which|have|has|had|having|for|the|a|an|my|any|some|no|that|this|other|another|first|second|third|last|next|major|minor|big|small|that's|of|any|your|her|his)\b)\w+ surgery|surgery on (?:my|the) \w+)\b/i;
/** When a past event was, as charted: "1996", "ten years ago", "in childhood". */
/**
 * When the event at `at` was, from its own clause only: "I had my appendix taken out and glaucoma
 * surgery fairly recently. I also had my gallbladder taken out ten years ago" dates the gallbladder
 * alone (blind audit s21b: all three were "ten years ago").
 */
const whenAt = (answer: string, at: number): string | undefined => {
  const cuts = [...answer.matchAll(/[.;!?,]|\band\b/g)].map((m) => m.index);
  const from = Math.max(0, ...cuts.filter((c) => c < at));
  const to = Math.min(answer.length, ...cuts.filter((c) => c > at));
  return whenSaid(answer.slice(from, to));
};
const whenSaid = (answer: string): string | undefined =>
  WHEN.exec(answer)?.[1]
    ?.toLowerCase()
    .replace(/^(?:as a (?:child|kid)|when i was (?:a )?(?:child|kid|baby|little))$/, "in childhood")
    .replace(/^when i was a teenager$/, "as a teenager");

/** A question whether anything else is wrong, anywhere. */
const ROS_ASKED =
  /\bfrom head to toe\b|\banything (?:else )?(?:wrong|going on)\b[^?]*\b(?:head to toe|body|else)\b|\bany other (?:symptoms|problems|complaints)\b/i;

/** Whether anything changed since the last visit. */
const UNCHANGED_ASKED =
  /\b(?:anything|any)\b[^?]*\bchang\w*\b[^?]*\bsince\b|\bany changes?\b[^?]*\b(?:since|history)\b|\bthere (?:are|have been) no changes?\b/i;
const WHEN =
  /\b((?:19|20)\d\d|\d+ years? ago|(?:(?:twenty|thirty|forty|fifty|sixty)[\s-])?(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty) years? ago|as a (?:child|kid|teenager)|when i was (?:a )?(?:child|kid|teenager|baby|little))\b/i;

/** The history the clinician took, charted from each question and its answer. */
export function takenHistory(transcript: Transcript): TakenHistory {
  const out: TakenHistory = {
    social: [],
    family: [],
    past: [],
    denied: [],
    deniedTerms: [],
    complaint: [],
    course: [],
    disposition: [],
    answered: [],
  };
  const denied: { term: string; ids: string[] }[] = [];
  /** "relative:condition" pairs already in the family history. */
  const familyCharted = new Set<string>();
  const child = isChildVisit(transcript);
  for (let i = 0; i < transcript.length; i++) {
    const a = transcript[i];
    if (!a || a.speaker === "clinician") continue;
    const prev = transcript[i - 1];
    const asker = questionAnswered(transcript, i);
    const q = asker ? lastQuestion(asker.text) : undefined;
    const ids = asker ? [...transcript.slice(transcript.indexOf(asker), i).map((s) => s.id), a.id] : [a.id];
    const answer = a.text.trim();
    // An answer that hedges ("i don't think so, maybe as a kid? i'm not sure", "possibly", "i
    // guess so") is neither yes nor no, whatever word it opens with: nothing is charted from it.
    const unsure =
      HEDGED.test(firstClause(answer)) ||
      // A short hedge said after the answer takes it back ("i don't think so. maybe as a kid? i'm
      // not sure.").
      sentencesOf(answer)
        .slice(1)
        // A question asked back after a plain answer ("Never. What if something goes wrong?") is
        // no hedge on it; only the hedging words are.
        .some((x) => x.split(/\s+/).length <= 8 && HEDGED.test(x.replace(/\?/g, ".")));
    const no = (NO.test(answer) || bareDenial(answer)) && !unsure;
    const yes = YES.test(answer) && !unsure;
    // "How about drugs?" "I used to but not anymore." "Which one?" "Meth.": the answer before the
    // follow-up question says what the named one is.
    const before =
      q && /^\W*(?:which|what)\s+(?:one|ones|kind|kinds|type|types|drugs?)\b/i.test(q)
        ? transcript[i - 2]?.speaker === a.speaker
          ? transcript[i - 2]?.text
          : ""
        : "";
    const context = `${before ?? ""} ${q ?? ""} ${answer}`;

    // Social history: a topic the question asked about or the answer names. Not what the child
    // drinks ("she drinks a lot of milk" is no alcohol) nor what someone else at home does.
    for (const topic of child ? [] : TOPICS) {
      const about = (text: string) => topic.cue.test(text) && !NOT_USE.test(text);
      const asked = q !== undefined && about(q);
      // What the answer says of the habit: not a sentence asked back ("Do I look like I smoke?
      // I've never smoked in my life."), and, when the clinician's turn did not raise it, only in
      // words that name the habit itself, not a drink spilled in a fight ("It broke the glass and
      // spilled all the drink.").
      const raised = asked || (prev?.speaker === "clinician" && about(prev.text));
      const own = RELATIVE.test(answer)
        ? []
        : statements(answer).filter(
            (x) =>
              (about(x) && (raised || (topic.named ?? topic.cue).test(x))) ||
              // "How much do you smoke per day?" "… now I am down to a half a pack a day."
              (asked && !!topic.unit && !!amount(x, topic.unit)),
          );
      const said = own.length > 0;
      // "Smoking and alcohol?" "Not really, I drink infrequently, like socially, and I don't
      // smoke": drinks occasionally, no tobacco (blind audit s18c: "Drinks alcohol. Denies alcohol use.").
      const uses = own.some((x) => topic.uses.test(x));
      // "Any drinking or smoking?" "No, I never smoked, and I do take two or three drinks daily": the
      // "no" is not to the drinks.
      const counted = !!topic.unit && own.some((x) => !!amount(x, topic.unit!));
      if (asked && no && !uses && !counted) out.social.push({ text: topic.denied, segmentIds: ids });
      else if (!uses && own.some((x) => negates(x, topic.cue))) {
        out.social.push({
          text: FORMER.test(answer) ? (topic.affirmed("quit") ?? topic.denied) : topic.denied,
          segmentIds: ids,
        });
      } else if ((asked && yes) || (said && !(no && asked)) || uses || counted) {
        const line = topic.affirmed(`${answer} ${before ?? ""} ${q ?? ""}`);
        if (line) out.social.push({ text: line, segmentIds: ids });
      }
    }
    const work =
      /\bi(?:'m| am) (?:a|an) ((?:\w+ ){0,2}?(?:teacher|nurse|driver|engineer|mechanic|carpenter|electrician|plumber|accountant|lawyer|student|manager|cashier|farmer|doctor|chef|cook|clerk|secretary|contractor|construction worker|police officer|firefighter|retiree|homemaker|worker|assistant|technician|programmer|salesman|designer|painter|officer|veteran))\b|\bi work (as (?:a|an) |in |at )((?:\w+ ){0,3}\w+)/i.exec(
        answer,
      );
    if (child) {
      // The parent's job, home and marriage answer for the parent, not the child.
    } else if (work && q && /\b(?:work|job|do for a living|occupation|employ)/i.test(q)) {
      const what = (work[1] ?? work[3] ?? "").toLowerCase().replace(/\s+(?:and|but|so)$/, "");
      // "I work as a nurse at the hospital" is the occupation's field, "Occupation: nurse at the
      // hospital.", not "Works as a nurse at the hospital" (six of the patient's words in a row).
      const as = work[1] || /^as\b/i.test(work[2] ?? "");
      const text = /\bretired\b/.test(what)
        ? `${upper(what)}.`
        : as
          ? `Occupation: ${what}.`
          : `Works ${(work[2] ?? "in ").toLowerCase()}${what}.`;
      out.social.push({ text, segmentIds: ids });
    } else if (/\bi(?:'m| am) retired\b|\bi retired\b|^\W*retired\b/i.test(answer)) {
      out.social.push({ text: "Retired.", segmentIds: ids });
    } else if (!child && STUDENT.test(answer)) {
      out.social.push({ text: "Student.", segmentIds: ids });
    }
    const home = child ? undefined : livesWith(answer);
    if (home !== undefined)
      out.social.push({ text: home ? `Lives with ${home}.` : "Lives alone.", segmentIds: ids });
    const facility = child ? null : CARE_HOME.exec(answer);
    if (facility?.[1]) {
      const where = facility[1].toLowerCase().replace(/facilit$/, "facility");
      out.social.push({ text: `Lives in ${/^assisted/.test(where) ? "" : "a "}${where}.`, segmentIds: ids });
    }
    // A child's school and home: "Do you live at home with both of your parents?" "Yes."; "What
    // grade are you in?" "Fifth grade."; "Any special education classes?" "No."
    if (q && yes && !unsure && /\blive\b[^?]*\bwith\b[^?]*\bparents\b/i.test(q))
      out.social.push({ text: "Lives with parents.", segmentIds: ids });
    const grade = q && /\bgrade\b/i.test(q) ? GRADE.exec(answer) : null;
    if (grade?.[1])
      out.social.push({
        text: `In ${grade[1].toLowerCase().replace(/^firth$/, "fifth")} grade.`,
        segmentIds: ids,
      });
    if (q && no && !unsure && /\bspecial (?:education|ed|needs)\b/i.test(q))
      out.social.push({ text: "No special education classes.", segmentIds: ids });
    // "Is anyone else at home sick?" "No. My husband and daughter seem to be doing okay."
    if (q && SICK_CONTACTS.test(q) && (no || (!yes && FAMILY_WELL.test(answer))) && !unsure)
      out.social.push({ text: "No sick contacts.", segmentIds: ids });
    else if (q && SICK_CONTACTS.test(q) && yes && !unsure)
      out.social.push({ text: "Has sick contacts.", segmentIds: ids });
    const status = child
      ? null
      : /\bi(?:'m| am) (married|divorced|widowed|single|separated)\b|\b(?:we|i) (?:just |recently )?got (married)\b/i.exec(
          answer,
        );
    const state = status?.[1] ?? status?.[2];
    if (state) out.social.push({ text: `${upper(state.toLowerCase())}.`, segmentIds: ids });

    // Family history: a relative and a condition in the answer (or the question, answered yes/no).
    const familyAsked = q !== undefined && FAMILY_ASKED.test(q);
    // "Is your father still working?" "No." says nothing of the family's health.
    const familyHealthAsked = familyAsked && FAMILY_HEALTH.test(q ?? "");
    const relative = RELATIVE.exec(answer);
    const familyLine = (text: string) => out.family.push({ text, segmentIds: ids });
    const termsIn = (text: string) => [...new Set(conditionMatcher.find(text).map((m) => m.term))];
    // Read only where the family is in question, once each.
    const conditions = relative || familyAsked ? termsIn(relative ? answer : context) : [];
    const asked = familyAsked ? termsIn(q ?? "") : [];
    // "Any family history of heart disease?" "No.": that illness, below, not every illness.
    if (
      familyHealthAsked &&
      conditions.length === 0 &&
      asked.length === 0 &&
      (FAMILY_WELL.test(answer) || (no && !unsure))
    )
      familyLine("No known family history of illness.");
    else if (familyHealthAsked && conditions.length === 0 && FAMILY_UNKNOWN.test(answer))
      familyLine(
        /\badopted\b/i.test(answer) ? "Adopted; family history unknown." : "Family history unknown.",
      );
    else if (
      familyAsked &&
      /\bparents\b/i.test(q ?? "") &&
      /\b(?:both|they)\b[^.]*\b(?:passed away|died)\b/i.test(answer)
    )
      familyLine("Parents deceased.");
    else if ((relative || familyAsked) && !unsure) {
      // "Does anyone in your family have diabetes?" "No.": the illness asked about, not one the
      // answer goes on to name, nor a cause of death denied ("Did your dad pass from colon cancer?").
      if (familyAsked && no && asked.length > 0 && !/\b(?:pass\w*|die|died|death)\b/i.test(q ?? ""))
        familyLine(`No family history of ${andList(asked)}.`);
      else if (conditions.length > 0 && !no && !/\b(?:nobody|no one|none)\b/i.test(answer)) {
        // Who had it: named in the answer, or the relative asked about ("How's your dad doing?" "He
        // passed away. He had mesothelioma."), or the family at large ("many of my family members").
        const who = (relative ?? (familyAsked ? RELATIVE.exec(q ?? "") : null))?.[0]
          .toLowerCase()
          .replace(/^mom$/, "mother")
          .replace(/^dad$/, "father");
        // An illness already charted for them is not charted again ("Is your dad being treated for
        // lupus?" "Yes.").
        const fresh = conditions.filter((c) => !familyCharted.has(`${who ?? ""}:${c}`));
        for (const c of fresh) familyCharted.add(`${who ?? ""}:${c}`);
        if (fresh.length > 0 && who) familyLine(`Family history of ${andList(fresh)} (${who}).`);
        else if (fresh.length > 0 && familyAsked && /\b(?:family|relatives)\b/i.test(answer))
          familyLine(`Family history of ${andList(fresh)}.`);
      }
    }

    // Past medical and surgical history: the answer to a history question, or "I had …".
    const historyAsked =
      q !== undefined &&
      /\b(?:medical (?:history|problems|conditions|issues)|health (?:problems|issues|conditions)|history of|diagnosed|chronic|surger(?:y|ies)|operations?|procedures?|hospitali[sz]ed)\b/i.test(
        q,
      );
    // "Looks like you had eye surgery, cataract surgery, and lumbar decompression, correct?" "Yeah.":
    // the surgeries read out and confirmed.
    const readOut = yes && !no && q !== undefined && /\byou(?:'ve| have)? had\b/i.test(q) ? q : "";
    const surgeries = [...`${readOut} ${answer}`.matchAll(new RegExp(SURGERY.source, "gi"))].map((x) =>
      (x[1] ?? "")
        .replace(/^c[\s-]?sections?$/i, (c) => (/s$/i.test(c) ? "cesarean sections" : "cesarean section"))
        .replace(/^d (?:and|&) c$/i, "D&C"),
    );
    const surgery =
      surgeries.length > 0
        ? [
            surgeries[0],
            // Listed in a chart's order, not the patient's words in a row.
            andList([...new Set(surgeries.map((x) => (x === "D&C" ? x : x.toLowerCase())))].sort()),
          ]
        : null;
    if (
      surgery?.[1] &&
      !no &&
      !unsure &&
      (historyAsked || readOut || /\bi(?:'ve| have)? (?:had|have had|underwent|got)\b/i.test(answer))
    ) {
      // A list is dated only when it is one surgery.
      const one =
        surgeries.length === 1 ? answer.toLowerCase().indexOf((surgeries[0] ?? "").toLowerCase()) : -1;
      const when = one >= 0 ? whenAt(answer, one) : undefined;
      const what = surgery[1].replace(/\bmy\b/i, "the").replace(/^(?!D&C)\w/, (c) => c.toLowerCase());
      out.past.push({
        text: `Prior ${what}${when ? ` (${when})` : ""}.`,
        segmentIds: ids,
      });
    }
    const removedAll = [
      ...answer.matchAll(
        /\bi (?:also )?(?:had|got) (?:my |the |an? )?((?:\w+ )?\w+) (removed|out|taken out|repaired|replaced|fixed)\b/gi,
      ),
    ];
    for (const removed of !no && !unsure ? removedAll : []) {
      if (!removed[1]) continue;
      const when = whenAt(answer, removed.index);
      out.past.push({
        // "I had my tonsils taken out" → "Tonsils removed".
        text: `${upper(removed[1].toLowerCase().replace(/\s+taken$/, ""))} ${/^(?:taken )?out$/i.test(removed[2] ?? "") ? "removed" : (removed[2] ?? "").toLowerCase()}${when ? ` (${when})` : ""}.`,
        segmentIds: ids,
      });
    }
    // "I dislocated my wrist when I was a kid": an old injury.
    const injury = /\bi (dislocated|broke|fractured|tore|sprained) (?:my|the) ((?:left |right )?\w+)\b/i.exec(
      answer,
    );
    if (injury?.[1] && injury[2] && !no && !unsure && (historyAsked || WHEN.test(answer))) {
      const done = { broke: "broken", tore: "torn" }[injury[1].toLowerCase()] ?? injury[1].toLowerCase();
      const when = whenAt(answer, injury.index);
      out.past.push({
        text: `History of ${done} ${injury[2].toLowerCase()}${when ? ` (${when})` : ""}.`,
        segmentIds: ids,
      });
    }
    const historyOf = /\bi (?:have|had) (?:a )?(?:past )?history of\s+([^.,;!?]+)/i.exec(answer);
    if (historyOf?.[1] && !familyAsked && !unsure) {
      const x = lower(stripStop(telegraph(historyOf[1])));
      if (x) out.past.push({ text: `History of ${x}.`, segmentIds: ids });
    }
    if (historyAsked && !relative && !familyAsked && !unsure) {
      const conditions = [...new Set(conditionMatcher.find(answer).map((m) => m.term))];
      if (conditions.length > 0 && !no)
        out.past.push({ text: `History of ${andList(conditions)}.`, segmentIds: ids });
      else if (
        no &&
        /\bmedical (?:history|problems|conditions|issues)|health (?:problems|issues)\b/i.test(q ?? "")
      )
        out.past.push({ text: "No significant past medical history.", segmentIds: ids });
      // "Any complications with either surgery?" "Nope." says nothing of having had none.
      else if (
        no &&
        /\bsurger(?:y|ies)|operations?\b/i.test(q ?? "") &&
        !/\b(?:complications?|problems?|issues?|recover\w*|after|since|from|with)\b[^?]*\bsurger|\b(?:either|that|the|your|this) (?:surgery|operation)\b/i.test(
          q ?? "",
        )
      )
        out.past.push({ text: "No prior surgeries.", segmentIds: ids });
    }
    // "Any changes since your last visit?" "No changes.": the history stands as charted before.
    if (
      q &&
      UNCHANGED_ASKED.test(q) &&
      // "There are no changes, right?" "Yes, nothing changed."
      (/\b(?:the same|unchanged|no changes?|nothing (?:has )?changed)\b/i.test(answer) ||
        (no && !/\bno changes?\b/i.test(q)) ||
        (yes && /\bno changes?\b/i.test(q))) &&
      !unsure
    )
      out.past.push({ text: "No changes in history since the last visit.", segmentIds: ids });

    // The reason for the visit, in answer to the opening question.
    if (
      q &&
      /\b(?:what brings you|what seems to be|what(?:'s| is) (?:the )?(?:problem|matter|going on)|how can i help|what can i do for you|how are you|what happened|reason for)\b/i.test(
        q,
      ) &&
      /\bi(?:'ve| have)? (?:had|have|got|burned|hurt|broke|cut|fell|twisted|injured|feel|am having|'m having)\b/i.test(
        answer,
      )
    ) {
      const first = answer.split(/(?<=[.?!])\s+/).find((x) => /\bi\b/i.test(x)) ?? answer;
      const t = stripStop(
        telegraph(
          first
            .replace(/\bi(?:'ve| have)? (?:had|have|got)\s+(?:this |these |a |an )?/i, "")
            .replace(/\bi(?:'m| am) having\s+/i, "")
            .replace(/\bi\b/gi, "")
            .replace(/\bmy\b/gi, ""),
        ),
      );
      if (t.split(" ").length >= 1 && t.length > 2) out.complaint.push({ text: `${t}.`, segmentIds: ids });
    }

    // "How are you feeling today?" "Honestly, I'm feeling a little bit better."
    const felt = q && HOW_FEELING.test(q) && !unsure ? feeling(answer) : undefined;
    if (felt) out.course.push({ text: felt, segmentIds: ids });
    // "Any issues from head to toe?" "No, everything is fine.": the review of systems is negative.
    if (
      q &&
      ROS_ASKED.test(q) &&
      (no || /\beverything(?: else)? is (?:fine|good|well|okay|ok|normal)\b/i.test(answer)) &&
      !yes &&
      !unsure
    )
      out.answered.push({
        text: "Review of systems otherwise negative.",
        segmentIds: ids,
        section: "review_of_systems",
      });
    // "Are you up to date on your vaccines?" "I've never been vaccinated."
    const vaccines = q !== undefined && /\b(?:vaccin\w*|immuni[sz]\w*|shots)\b/i.test(q);
    if (
      vaccines &&
      /\bnever been (?:vaccinated|immuni[sz]ed)\b|\b(?:don't|do not) believe in vaccines\b/i.test(answer)
    )
      out.answered.push({ text: "Not vaccinated.", segmentIds: ids, section: "past_history" });
    else if (vaccines && yes && !unsure && /\bup to date|\bhad (?:them )?all\b/i.test(`${q} ${answer}`))
      out.answered.push({ text: "Immunizations up to date.", segmentIds: ids, section: "past_history" });

    // Any other question answered plainly yes or no.
    if (q && (yes || no)) {
      const section = sectionOf(q);
      const clinical = symptomMatcher.find(q).length > 0 || conditionMatcher.find(q).length > 0;
      let line = answeredQuestion(q, yes && !no);
      if (section === "medications") line = no ? "No current medications." : "";
      else if (section === "allergies") line = no ? "No known allergies." : "";
      // The family's illnesses are charted above, from the question and the answer together; "Do
      // you have any siblings?" "Yes." stays.
      else if (section === "family_history" && FAMILY_HEALTH.test(q)) line = "";
      // A child's visit: the parent's own habits and life are not the child's social history.
      if (child && section === "social_history" && ADULT_SOCIAL.test(q) && !NOT_USE.test(q)) line = "";
      // "yes, i had a fever before i was admitted, but that's gone now": a symptom that was, not one
      // that is — "Has fever." would say the opposite of the answer.
      if (yes && symptomMatcher.find(q).length > 0 && OVER_NOW.test(answer)) line = "";
      // Small talk ("Are you close with her?") is not history: only clinical questions chart there.
      if (line && (section !== "hpi" || clinical))
        out.answered.push({ text: line, segmentIds: ids, section });
    }

    // Pertinent negatives: symptoms the clinician asked about that the patient denied.
    if (q && no && !familyAsked && !TOPICS.some((t) => t.cue.test(q))) {
      for (const m of symptomMatcher.find(q)) {
        const had = denied.find((d) => d.term === m.term);
        if (had) had.ids.push(...ids);
        else denied.push({ term: m.term, ids: [...ids] });
      }
    }
  }
  if (denied.length > 0)
    out.denied.push({
      text: `Denies ${andList(denied.map((d) => d.term))}.`,
      segmentIds: [...new Set(denied.flatMap((d) => d.ids))],
    });
  return {
    social: withoutVague(unique(out.social)),
    family: unique(out.family),
    // "No significant past medical history" beside a history charted from another answer says less.
    past: unique(out.past).filter(
      (l, _, all) =>
        l.text !== "No significant past medical history." || !all.some((o) => /^History of /.test(o.text)),
    ),
    denied: out.denied,
    deniedTerms: denied.map((d) => ({ term: d.term, segmentIds: [...new Set(d.ids)] })),
    complaint: out.complaint.slice(0, 1),
    answered: out.answered,
    course: out.course.slice(0, 1),
    disposition: disposition(transcript),
  };
}

/** "How are you feeling today?" and its like: the answer says how the patient is doing. */
const HOW_FEELING =
  /\bhow\s+(?:are|have)\s+you\s+(?:been\s+)?(?:feeling|doing)\b|\bhow\s+are\s+you(?:\s+(?:today|now))?\W*$|\bhow(?:'s| is) (?:the )?(?:pain|it) (?:now|today)\b/i;

/** How the patient feels, from the first sentence of the answer: better, worse, improving. */
function feeling(answer: string): string | undefined {
  const first = (sentencesOf(answer)[0] ?? "").toLowerCase();
  if (/\b(?:no|not|n't|any)\s+(?:\w+\s+)?(?:better|worse)\b/.test(first)) return undefined;
  // "I'm feeling a little bit better", "doing much worse"; not "I have seen worse days".
  const m =
    /\b(?:feel(?:s|ing)?|doing|getting|i'm|i am)\s+(?:\w+\s+){0,2}?((?:a (?:little|lot) (?:bit )?|much |somewhat |slightly |a bit )?)(better|worse)\b/.exec(
      first,
    );
  if (m?.[2]) return `Feels ${m[1] ?? ""}${m[2]}.`.replace(/a little bit /, "a little ");
  if (/\bimprov(?:ing|ed)\b/.test(first)) return "Improving, per the patient.";
  return undefined;
}

/**
 * What the clinician said of where the patient goes and how they are: "you are good to go home"
 * → "Discharged home."; "your condition is improved, and you look pretty stable" → "Condition
 * improved and stable." Only the clinician's words, and only said plainly.
 */
function disposition(transcript: Transcript): HistoryLine[] {
  const out: HistoryLine[] = [];
  const states = new Set<string>();
  const ids: string[] = [];
  transcript.forEach((s, i) => {
    if (s.speaker !== "clinician") return;
    // "Are you ready for home?" "Yes."
    const reply = transcript[i + 1];
    if (
      /\bready (?:to go |for )?home\b/i.test(s.text) &&
      reply &&
      reply.speaker !== "clinician" &&
      YES.test(reply.text) &&
      !out.length
    )
      out.push({ text: "Discharged home.", segmentIds: [s.id, reply.id] });
    for (const sentence of sentencesOf(s.text)) {
      if (/\?\s*$/.test(sentence) || /\b(?:if|when|once|until|not|n't)\b/i.test(sentence)) continue;
      if (
        /\b(?:you|he|she) (?:can|may) go home\b|\b(?:good|ready|okay|ok|fine) to go home\b|\bprepare (?:your|the|his|her) discharge\b|\bdischarg(?:e|ing) (?:you|him|her) (?:home|today)\b/i.test(
          sentence,
        ) &&
        !out.length
      )
        out.push({ text: "Discharged home.", segmentIds: [s.id] });
      const said = [
        ...sentence.matchAll(
          /\b(?:you(?:'re| are| look)|(?:he|she)(?:'s| is| looks)|(?:your|his|her) condition (?:is|has)|(?:he|she) has)\s+(?:\w+\s+){0,2}?(stable|improved|clinically improved)\b/gi,
        ),
      ];
      for (const state of said) {
        states.add((state[1] ?? "").toLowerCase().replace("clinically ", ""));
        ids.push(s.id);
      }
    }
  });
  if (states.size > 0) {
    const order = ["improved", "stable"].filter((x) => states.has(x));
    out.unshift({ text: `Condition ${order.join(" and ")}.`, segmentIds: [...new Set(ids)] });
  }
  return out;
}
