// What a written note must never do (issue 25), as checks the composer enforces on its own
// sentences and `pnpm note:check` measures over whole datasets: paste a span of eight or more
// consecutive words from the transcript, keep a disfluency ("um", "you know", "I, I think") or a
// dictation command ("hey dragon", "end of dictation"), be empty, or leave out the exam or the
// results when the clinician spoke them. Pure functions over plain text.
import { type ClinicalNote, type Transcript } from "@bedside/shared";
import {
  conditionMatcher,
  medicationMatcher,
  symptomMatcher,
  testMatcher,
} from "../findings/lexicon.matcher.js";

/** A note sentence may share at most this many consecutive words with the transcript. */
export const MAX_COPIED_WORDS = 7;

/** Lower-case words, punctuation and the transcript's spaced contractions ("do n't") folded. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/g, "$1")
      .match(/[a-z0-9]+(?:['.][a-z0-9]+)*/g) ?? []
  );
}

/** An index of every n-word run in the transcript, for the copied-span check. */
export class TranscriptSpans {
  private readonly grams = new Set<string>();
  constructor(
    transcript: Pick<Transcript[number], "text">[],
    readonly n = MAX_COPIED_WORDS + 1,
  ) {
    for (const s of transcript) {
      const w = words(s.text);
      for (let i = 0; i + n <= w.length; i++) this.grams.add(w.slice(i, i + n).join(" "));
    }
  }
  /** The longest runs of `text` (n words or more) that appear in the transcript, as text. */
  copied(text: string): string[] {
    const w = words(text);
    const out: string[] = [];
    let start = -1;
    let end = -1;
    for (let i = 0; i + this.n <= w.length; i++) {
      if (!this.grams.has(w.slice(i, i + this.n).join(" "))) continue;
      if (start >= 0 && i <= end) end = i + this.n;
      else {
        if (start >= 0) out.push(w.slice(start, end).join(" "));
        start = i;
        end = i + this.n;
      }
    }
    if (start >= 0) out.push(w.slice(start, end).join(" "));
    return out;
  }
}

/**
 * The stricter check of a note written from structured facts (issue 25, session 12): no run of
 * this many words of a note sentence may appear in the transcript, unless the run is only a name
 * (a drug, test, diagnosis or symptom) and a number phrase ("metformin 500 mg twice a day",
 * "chest pain for the past two weeks"): a template filled with the visit's own names and numbers
 * repeats them by necessity, while any other six words in a row are a clause pasted.
 */
export const COPIED_PHRASE_WORDS = 6;

/** Words a number phrase or a name's linking is made of: counts, units, times, linking words. */
const NUMBER_PHRASE_WORD =
  /^(?:\d+(?:[.,/:]\d+)*(?:mg|mcg|ml|g|kg|%)?|a|an|the|of|and|or|to|in|on|at|for|with|per|x|by|about|around|over|past|last|ago|since|from|until|each|every|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|hundred|half|once|twice|times?|daily|nightly|weekly|monthly|mg|milligrams?|mcg|micrograms?|grams?|g|ml|milliliters?|units?|percent|tablets?|pills?|capsules?|puffs?|drops?|doses?|minutes?|hours?|days?|weeks?|months?|years?|morning|evening|night|bedtime|a\.?m\.?|p\.?m\.?|left|right|bilateral)$/;

/**
 * The note's own template words: the age and sex of the summary line, the exam's set phrases and
 * the places a sign is charted at. A run made only of these, names and numbers is a template
 * filled with the visit's facts ("62-year-old male with a history of", "tenderness to palpation
 * of the right knee"), whatever the clinician happened to say.
 */
const TEMPLATE_WORD =
  /^(?:year|old|\d+-year-old|male|female|man|woman|boy|girl|gentleman|lady|patient|history|seen|no|mild|moderate|severe|tenderness|tender|palpation|auscultation|clear|bilaterally|range|motion|decreased|normal|regular|rate|rhythm|murmurs?|rubs?|gallops?|edema|erythema|swelling|effusion|pitting|left|right|upper|lower|medial|lateral|anterior|posterior|knees?|ankles?|foot|feet|hands?|wrists?|fingers?|elbows?|shoulders?|hips?|back|spine|cervical|lumbar|thoracic|neck|chest|abdomen|quadrant|calf|thighs?|legs?|arms?|joint|line|lungs?|heart|extremit(?:y|ies)|paraspinal|muscular|midfoot|forefoot|hindfoot|wound|purulent|discharge|slight|negative|positive|test|area|side|varus|valgus|stress|sign)$/;

/** Which words of `text` (as `words` splits it) belong to a drug, test, diagnosis or symptom name. */
function nameWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const matcher of [medicationMatcher, testMatcher, conditionMatcher, symptomMatcher])
    for (const m of matcher.find(text)) for (const w of words(text.slice(m.start, m.end))) out.add(w);
  return out;
}

/**
 * The runs of `COPIED_PHRASE_WORDS` words or more of `text` that appear in the transcript and are
 * not just names and number phrases: what a note composed from facts must never contain.
 */
export function copiedPhrases(text: string, spans: TranscriptSpans): string[] {
  if (spans.n !== COPIED_PHRASE_WORDS)
    throw new Error(`copiedPhrases needs ${COPIED_PHRASE_WORDS}-word spans`);
  const names = nameWords(text);
  return spans
    .copied(text)
    .filter(
      (run) => !words(run).every((w) => names.has(w) || NUMBER_PHRASE_WORD.test(w) || TEMPLATE_WORD.test(w)),
    );
}

/** A tag after a comma at the end of a statement ("…, okay.", "…, right.", "…, does that make sense"). */
const TAG_AFTER_COMMA =
  /,\s*(?:okay|ok|alright|all right|right|yeah|sure|you know|does that make sense|sound good|got it)\s*[.!]?\s*$/i;
/** A bare "okay" or "alright" at the end. */
const BARE_TAG = /\s+(?:okay|ok|alright|all right)\s*[.!]?\s*$/i;
/** An instruction's opening: only there is a bare "okay" at the end a tag, not what was found. */
const INSTRUCTION_OPENING =
  /^\W*(?:(?:so|and|then|now|also)\s+)*(?:(?:i want you to|i'd like you to|i would like you to|you should|you can|you need to|you'll need to|make sure (?:you|to)|try to|please|go ahead and)\s+)?(?:take|continue|keep|use|apply|wear|do|stay|avoid|walk|ice|rest|elevate|drink|call|come|follow|start|stop|hold|go|get|schedule|watch|check|put|try|make|eat|cut|limit|push|return|let)\b/i;

/**
 * The tag said to the patient at the end of a statement, if any: after a comma, or a bare "okay"
 * closing an instruction ("do the stretches every morning alright"). "Knee looks okay" and "heart
 * rate and rhythm okay" say what was found and keep it.
 */
export function tagAtEnd(text: string): string | undefined {
  const m = TAG_AFTER_COMMA.exec(text) ?? (INSTRUCTION_OPENING.test(text) ? BARE_TAG.exec(text) : null);
  return m ? m[0].replace(/^[\s,]+|[\s.!]+$/g, "") : undefined;
}

/** The statement without its tag at the end. */
export function withoutTag(text: string): string {
  const m = TAG_AFTER_COMMA.exec(text) ?? (INSTRUCTION_OPENING.test(text) ? BARE_TAG.exec(text) : null);
  return m ? text.slice(0, m.index) : text;
}

const DISFLUENCY =
  /\b(?:um+|uh+|uhm|erm|hmm+|mm-hmm|uh-huh|you know|i mean|kinda|gonna|wanna|gon na|wan na)\b|\b[a-z]+-(?=\s|$)|\.\.\./i;

/** A filler, a cut-off word ("sh-"), or a word said twice in a row ("I, I think"). */
export function disfluencies(text: string): string[] {
  const out: string[] = [];
  const m = DISFLUENCY.exec(text);
  if (m) out.push(m[0]);
  // A repeated word, not a repeated number ("20 20 vision" is rare; "two two" is a stutter).
  const rep = /\b([a-z]+)(?:\s*,?\s+\1\b)/i.exec(text);
  if (rep && !/^(?:that|had|very|bye|no)$/i.test(rep[1] ?? "")) out.push(rep[0]);
  // A tag said to the patient and left at the end ("Continue to ice it, okay.").
  const tag = tagAtEnd(text);
  if (tag) out.push(tag);
  return out;
}

const DICTATION_COMMAND =
  /\b(?:hey,?\s*dragon|dragon,?\s+(?:show|order|finalize|insert|go)|end of (?:the )?dictation|(?:new|next) paragraph|finalize the note|insert (?:the )?(?:normal|template))\b/i;

/** A command spoken to the dictation software, kept as text. */
export function dictationCommands(text: string): string[] {
  const m = DICTATION_COMMAND.exec(text);
  return m ? [m[0]] : [];
}

/**
 * Did the clinician examine the patient aloud? Words a clinician only says while examining
 * ("on exam", "your lungs are clear", "tenderness to palpation"), or dictates as exam findings.
 */
export const EXAM_CUE =
  /\b(?:(?:physical|on|your|the) exam(?:ination)?\b|let me (?:take a )?(?:listen|look|feel|examine|check)|lungs (?:are|sound) clear|clear to auscultation|heart (?:sounds?|rate is|is regular)|regular rate and rhythm|murmurs?|tender(?:ness)? to palpation|(?:no|some|mild|any) tenderness|range of motion|swelling (?:of|in|on) (?:the|your)|edema|abdomen is (?:soft|tender)|reflexes|sensation is|pulses? (?:are|is)|(?:blood pressure|heart rate|temperature|oxygen saturation|pulse ox(?:imetry)?|vital signs?) (?:is|was|are|were|today|here|looks?)|vital signs)\b/i;

/** Did the clinician read out a test result (labs, imaging, a study)? */
export const RESULTS_CUE =
  /\b(?:show me the|(?:your|the) (?:x-?ray|xray|mri|ct|cat scan|ultrasound|echo(?:cardiogram)?|ekg|ecg|labs?|lab results|blood work|bloodwork|a1c|hemoglobin a1c|creatinine|lipid panel|urinalysis|cbc|biopsy|results?|scan|culture|pft|stress test)\b[^.?]{0,40}\b(?:shows?|showed|was|were|is|are|came back|revealed|demonstrates?|looks?|looked)|(?:results?|x-?ray|mri|ultrasound|labs?) (?:showed|shows|came back|revealed))\b/i;

const QUESTION = /\?\s*$/;

export interface NoteCheck {
  empty: boolean;
  sentences: number;
  copiedSpans: { text: string; span: string }[];
  /** Runs of six words or more copied from the transcript that are not names and numbers. */
  copiedPhrases: { text: string; span: string }[];
  disfluencies: { text: string; found: string }[];
  dictationCommands: { text: string; found: string }[];
  /** Sentences that are not well-formed clinical sentences, with why (`malformed`). */
  malformed: { text: string; found: string }[];
  exam: { spoken: boolean; written: boolean };
  results: { spoken: boolean; written: boolean };
}

/** Every check on one note against the transcript it was written from. */
export function checkNote(note: ClinicalNote, transcript: Transcript): NoteCheck {
  const spans = new TranscriptSpans(transcript);
  const phrases = new TranscriptSpans(transcript, COPIED_PHRASE_WORDS);
  const sentences = note.sections.flatMap((s) => s.sentences.map((x) => ({ key: s.key, text: x.text })));
  const clinician = transcript.filter((s) => s.speaker === "clinician" && !QUESTION.test(s.text.trim()));
  const has = (key: string) => note.sections.some((s) => s.key === key && s.sentences.length > 0);
  return {
    empty: sentences.length === 0,
    sentences: sentences.length,
    copiedSpans: sentences.flatMap((s) => spans.copied(s.text).map((span) => ({ text: s.text, span }))),
    copiedPhrases: sentences.flatMap((s) =>
      copiedPhrases(s.text, phrases).map((span) => ({ text: s.text, span })),
    ),
    disfluencies: sentences.flatMap((s) => disfluencies(s.text).map((found) => ({ text: s.text, found }))),
    dictationCommands: sentences.flatMap((s) =>
      dictationCommands(s.text).map((found) => ({ text: s.text, found })),
    ),
    malformed: sentences.flatMap((s) => {
      const why = malformed(s.text, s.key);
      return why.length > 0 ? [{ text: s.text, found: why.join(", ") }] : [];
    }),
    exam: { spoken: clinician.some((s) => EXAM_CUE.test(s.text)), written: has("physical_exam") },
    results: { spoken: clinician.some((s) => RESULTS_CUE.test(s.text)), written: has("results") },
  };
}

/** Longer than this, a sentence that is not a list is an unpunctuated turn charted whole. */
export const MAX_SENTENCE_WORDS = 24;

/** Words that cannot end a sentence: a modal or auxiliary without its verb, a dangling link. */
const DANGLING_END =
  /\b(?:could|would|should|can|will|may|might|must|make|makes|which|that|and|but|or|so|because|if|when|while|whether|to|for|with|than|about|from|into|by|the|a|an|he|she|they|is|are|was|were|be|been|has|have|had|do|does|did|not|very|more|less|such)\s*[.!?]?$/i;
/** A modal with no verb after it ("you could in pain"). */
const MODAL_NO_VERB =
  /\b(?:could|would|should|can|will|may|might|must)\s+(?:in|on|at|of|for|with|from|to|the|a|an|and|but|or|which|that)\b|\b(?:could|would|should|can|will|may|might|must)\s*[,;:]/i;
/** A subject pronoun with no verb after it ("it in pain"). */
const SUBJECT_NO_VERB = /\b(?:it|he|she|they)\s+(?:in|on|at|of|for|with|from|the|a|an)\b/i;
/**
 * The first person cut out of a clause, leaving a bare past-tense verb after a conjunction ("when
 * moved", "because fell") or after a verb of thinking ("thought heard"). "When needed", "as
 * directed", "if indicated" are chart phrases, not cut clauses.
 */
const PAST =
  "(?!(?:needed|indicated|directed|prescribed|tolerated|instructed|scheduled|planned|advised|noted|discussed)\\b)(?:\\w+ed|heard|felt|fell|went|got|took|saw|came|had|did|was|were|made|ran|hit|broke|woke|ate|left|thought|knew|told|said|kept|began|sat|stood|slept)\\b";
/** A bare present verb after "when", "if": "when touch it feels warm". */
const PRESENT =
  "(?:touch|walk|move|eat|sleep|lie|sit|stand|bend|run|go|get|try|take|breathe|cough|wake|turn|lift|push|pull|climb|start|feel|need|want|notice|see|use)s?\\b";
const CUT_SUBJECT = new RegExp(
  `\\b(?:when|because|before|after|until|while|since|then|and then|so|if|why|where)\\s+(?:${PAST}|${PRESENT})|\\b(?:why|where)\\s+(?:has|have|is|being)\\b|^(?:thought|think|thinks|said|says|knew|know|knows|realized|figured|guess|guessed|believe|believes|believed|noticed|remember|remembers|remembered)\\s+${PAST}`,
  "i",
);
/**
 * Telegraphese inside a clause of prose: a preposition before a bare count noun that needs its
 * article ("for about hour", "on spot"), or a bare noun heard or felt ("heard pop").
 */
const BARE_NOUN =
  /\b(?:about|around|for|in|within|after|over|on|at|to|from|with|into|than|like|under|near)\s+(?:hour|day|week|month|year|minute|second|while|couple|bit|lot|spot|pop|half|side|moment|night|morning|evening|counter)\b|\b(?:heard|felt|hear|feel|hears|feels|noticed|notice)\s+(?:pop|snap|crack|click|clunk|lump|bump|knot|tear|twinge)\b/i;
/** A subject with its verb cut out ("it hot", "we doing", "it hurting"). */
const COPULA_CUT =
  /\b(?:it|he|she|they|we)\s+(?!(?:thing|bring|sing|ring|spring|string|nothing|something|anything|everything)\b)(?!earlier\b)(?:\w+ing|\w+ier|hot|cold|bad|good|fine|okay|ok|sore|swollen|better|worse|able|sure|worried|concerned|scared|tired)\b/i;
/** A contraction left without its word ("'s stiff", "because'll"). */
const ORPHAN_CONTRACTION =
  /(?:^|[\s,;:])'(?:s|ll|re|ve|d|m)\b|\b(?!(?:it|he|she|they|we|i|you|that|there|what|who|here|where|let|this|one)')\w+'(?:ll|re|ve|m|d)\b/i;
/** What is left of "I know", "I would", "I don't" when the "I" is cut. */
const FIRST_PERSON_LEFT =
  /^(?:know|think|want|wanted|guess|mean|remember|don't|do n't|do not|can't|ca n't|couldn't|would|could|should|will|am|'m|gonna|got to|have to|gotta|help|like)\b/i;
/** A patient's answer or a form of address kept as chart text ("No, numb from there down", ", sir"). */
const SPOKEN_LEFT =
  /^(?:no|yes|yeah|yep|nope|okay|ok|well|oh|so|sure|right|alright|all right|hi|hello|hey),|^(?:yes|yeah|yep|nope|okay|ok|oh|so|sure|alright|hi|hello|hey)\s|,\s*(?:sir|ma'am|maam|doc|doctor|dear|buddy|honey|hon)\b|^doctor,|\b(?:and|or|but|with),|\b(?:and|it's|but) like\b|\blike,/i;
/** In the history, a sentence opening on a bare present verb is the patient's "I" cut out ("Feel more pain"). */
const BARE_PRESENT =
  /^(?:feel|get|go|need|take|have|see|hear|notice|try|use|wake|sleep|eat|drink|work|walk|do|hurt|think|want|like|keep|put|come|run|lie)\b/i;
/** Sections written as the patient's history, where prose must read as prose. */
const PROSE_SECTIONS = new Set(["hpi", "past_history", "family_history", "social_history"]);
/**
 * In the history, words that point into the exam room ("this foot", "pins and needles there",
 * "hurts when do that"): the chart reader was not there to see what they point at.
 */
const POINTING =
  /\b(?:this|these)\s+(?!(?:morning|afternoon|evening|week|weekend|month|year|time|past|summer|winter|spring|fall|visit|type|kind|sort|point)\b)[a-z]+|\b(?:there|here)\s*(?:[.,;!?]|$)|\b(?:do|does|did|doing)\s+that\b/i;
/** Sections that chart what was found. */
const FOUND_SECTIONS = new Set(["physical_exam", "results"]);
const CLINICIAN_WE = /\b(?:we|we'll|we're|we've|us|our|let's)\b/i;
/** A patient's answer left at the end of prose ("Norvasc, yep.", "Hurts when bending, yeah."). */
const ANSWER_AT_END =
  /,\s*(?:yeah|yep|yes|yup|nope|okay|ok|right|sure)\s*[.!?]?$|^(?:ah|um|uh|absolutely)\b/i;
/** A time phrase charted as if it were a statement ("About 5 days ago.", "Few days ago."). */
const TIME_ONLY =
  /^(?:(?:about|around|almost|over|maybe|like|for|since|just)\s+)?(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|a few|couple|a couple of|several|\d+)\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?)(?:\s+ago)?\s*[.!]?$/i;
/** Chart openings of a list sentence, which may run on in commas. */
const LIST_OPENING =
  /^(?:denies|endorses|reports|no|history of|takes|family history|positive for|negative for|discussed|\d+-year-old)\b/i;
/**
 * Speech cut into comma chunks ("Lately, worn out, even, walking mile or going to work, doing
 * things, …"): three or more commas, not opening or ending as a list ("Has taken elavil, topamax,
 * cymbalta and lexapro."), and chunks after the first that run longer than a list's items.
 */
function commaRun(t: string): boolean {
  const chunks = t.replace(/[.!?]$/, "").split(/\s*,\s*/);
  if (chunks.length < 4 || LIST_OPENING.test(t)) return false;
  // A list ends on short items joined by "and"/"or" ("…, chest, back and legs").
  const last = chunks[chunks.length - 1] ?? "";
  const tail = [chunks[chunks.length - 2] ?? "", ...last.split(/\s+(?:and|or)\s+/i)]
    .slice(-2)
    .map((c) => c.replace(/^(?:and|or)\s+/i, "").split(/\s+/).length);
  if (/(?:^|\s)(?:and|or)\s/i.test(last) && tail.every((n) => n <= 2)) return false;
  const rest = chunks.slice(1).map((c) => c.replace(/^(?:and|or)\s+/i, "").split(/\s+/).length);
  return rest.reduce((a, b) => a + b, 0) / rest.length >= 2.5;
}

/** First person outside quotation marks: the note speaks of the patient in the third person. */
const FIRST_PERSON = /\b(?:I|me|my|mine|myself|I'm|I've|I'll|I'd)\b/;
/** A noun of quantity or a light verb's object with its article dropped ("lot of", "take look"). */
const QUANTITY_BARE =
  /(?<!\ba\s+(?:\w+\s+)?)\b(?:lot|bunch)\b|(?<!\ba\s+(?:little\s+|tiny\s+)?)\bbit\b|\b(?:for|at|all) time\b|(?<!\ba\s+)\bcouple of\b|\b(?:take|takes|taking|took|have|having|had|do|doing|did|give|gave)\s+(?:look|listen|quick|closer look)\b/i;
/** "You" or "your" outside quotation marks: the note speaks of the patient, not to them. */
const SECOND_PERSON = /\b(?:you|your|yours|yourself|yourselves|you're|you've|you'll|you'd|y'all)\b/i;

/**
 * Why a note sentence is not a well-formed clinical sentence a clinician could sign, or nothing
 * when it is. Telegraphic chart lines ("Lungs clear.", "Reports back pain.") are well formed;
 * fragments left by shortening spoken words are not: a sentence starting with an apostrophe or in
 * lower case ("'s stiff ever since."), the patient addressed as "you", a dangling end ("which
 * could make."), a modal or pronoun with no verb ("but it in pain"), a subject cut out of a clause
 * ("thought heard pop when moved"), an article dropped mid-prose ("for about hour").
 */
export function malformed(text: string, section?: string): string[] {
  const out: string[] = [];
  const t = text.trim();
  const unquoted = t.replace(/"[^"]*"|“[^”]*”/g, '""');
  if (t.length === 0) return ["empty"];
  if (/^[^A-Z0-9]/.test(t)) out.push("starts with a fragment");
  if (SECOND_PERSON.test(unquoted)) out.push("second person");
  if (FIRST_PERSON.test(unquoted)) out.push("first person");
  if (SPOKEN_LEFT.test(unquoted)) out.push("spoken words left");
  // The exam and results chart what was found; the clinician's "we" is talk around it ("We often
  // like to keep people on magnesium"), and "there" points at what the reader cannot see.
  if (section && FOUND_SECTIONS.has(section)) {
    if (CLINICIAN_WE.test(unquoted)) out.push("clinician's talk");
    if (POINTING.test(unquoted)) out.push("points into the room");
  }
  if (section && PROSE_SECTIONS.has(section)) {
    if (BARE_PRESENT.test(unquoted) || TIME_ONLY.test(unquoted)) out.push("subject cut out");
    if (POINTING.test(unquoted)) out.push("points into the room");
    if (ANSWER_AT_END.test(unquoted)) out.push("spoken words left");
    // Speech cut into comma chunks ("Lately, worn out, even, walking mile or going to work, …")
    // is not a list unless it opens as one.
    if (commaRun(unquoted)) out.push("run-on");
  }
  if (ORPHAN_CONTRACTION.test(unquoted)) out.push("starts with a fragment");
  const clauses = unquoted.split(/\s*[;:]\s*|(?<=[.!?])\s+/).filter((c) => c.length > 0);
  const sentences = unquoted.split(/(?<=[.!?])\s+/).filter((c) => c.length > 0);
  if (clauses.some((c) => DANGLING_END.test(c.replace(/[,\s]+$/, "")))) out.push("dangling end");
  if (MODAL_NO_VERB.test(unquoted) || SUBJECT_NO_VERB.test(unquoted) || COPULA_CUT.test(unquoted))
    out.push("no verb");
  if (
    CUT_SUBJECT.test(unquoted) ||
    FIRST_PERSON_LEFT.test(unquoted) ||
    sentences.slice(1).some((c) => /^[^A-Z0-9]/.test(c))
  )
    out.push("subject cut out");
  if (BARE_NOUN.test(unquoted) || QUANTITY_BARE.test(unquoted)) out.push("article dropped");
  // An unpunctuated turn charted whole: too long to read as one sentence, and not a list.
  // A chart line of findings joined by semicolons ("Musculoskeletal: …; …; …") is a list of
  // clauses: each is measured on its own.
  const runOn = t.split(/;\s*/).some((c) => {
    const n = c.split(/\s+/).length;
    return n > MAX_SENTENCE_WORDS && (c.match(/,/g) ?? []).length < n / 6;
  });
  if (runOn) out.push("run-on");
  return out;
}
