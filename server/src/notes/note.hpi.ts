// The history of present illness as the patient told it (issue 25, session 13): what a symptom's
// own sentence says of its course — over and gone ("i had a fever before i was admitted, but
// that's gone now"), brought on by exertion ("short of breath when i climb the stairs") — whether
// a timing the engine found was said of the symptom rather than of a medicine's relief ("the
// tylenol takes the pain away for about two hours"), the complaint the patient called their main
// one, and doses they said they missed. Each is a field the composer renders with its own words.
import type { Finding, Transcript } from "@bedside/shared";
import { answerPolarity, contextOf } from "../findings/context.js";
import { medicationMatcher, symptomMatcher } from "../findings/lexicon.matcher.js";

const sentencesOf = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/\s+([,.?!;])(?=\s|$)/g, "$1")
    .split(/(?<=[.?!;])\s+/)
    .filter(Boolean);

/** Where the symptom is named in a sentence ("pain" for a named pain's generic mention too). */
function mentionsOf(sentence: string, term: string): { start: number; end: number }[] {
  return symptomMatcher
    .find(sentence)
    .filter((m) => m.term === term)
    .map((m) => ({ start: m.start, end: m.end }));
}

/** The symptom is over: said after it in its clause ("…, but that's gone now"), not "gone when i rest". */
const RESOLVED_AFTER =
  /^[^?]{0,40}?\b(?:none\s+(?:now|anymore|any\s+more|since)|(?:is|'s|has|was|are|have)\s+(?:all\s+|completely\s+)?(?:gone|resolved|cleared\s+up)|went\s+away|(?:has|have)\s+(?:gone\s+away|stopped|resolved|disappeared)|(?:don't|do\s+n't|do\s+not)\s+have\s+(?:it|that|them|any)\s+(?:anymore|any\s+more)|not\s+anymore|no\s+longer)\b(?!\s+(?:when|with|after|if|once|unless)\b)/;
/** Said before the symptom, over: "the fever i had went away", "my cough is gone". */
const RESOLVED_BEFORE = /\b(?:no\s+more|got\s+rid\s+of|(?:not|no\s+longer)\s+having\s+(?:any\s+)?)\s*$/;
/** A time before this illness, said right after the symptom: "…before i was admitted", "…in the past". */
const PAST_AFTER =
  /^[^?]{0,25}?\b(?:before\s+(?:i\s+was|i\s+got|being|the|my)\s+(?:admitted|admission|hospital\w*|surgery|operation|procedure)|when\s+i\s+was\s+(?:in\s+the\s+hospital|admitted)|in\s+the\s+past)\b/;
/** …or right before it: "i used to cough", "in the past i had headaches". */
const PAST_BEFORE = /\b(?:used\s+to|in\s+the\s+past(?:\s+i)?\s+(?:had|got|have\s+had))\b(?:\s+\S+){0,3}\s*$/;
/** Brought on by effort: within the symptom's clause. */
const EXERTION =
  /\b(?:when\s+i\s+(?:climb|walk|exercise|run|exert|go\s+up|do\s+(?:any\s+)?(?:activity|chores|yard\s*work))|climbing|walking\s+(?:up|uphill|far|a\s+block)|on\s+exertion|with\s+(?:exertion|activity|exercise)|exertional|up\s+(?:the\s+)?stairs|a\s+flight\s+of\s+stairs)\b/;

export interface SymptomCourse {
  /** The patient said it is over. */
  resolved: boolean;
  /** The patient placed it before this illness (before the admission, in the past). */
  past: boolean;
  /** Brought on by exertion, in the patient's words. */
  exertional: boolean;
}

/**
 * What the patient's own sentences that name the symptom say of its course. A sentence asked by the
 * clinician is not the patient's; only the clause with the symptom counts (another symptom named
 * between the two ends it).
 */
/** A question about what brought the patient to a past hospital stay. */
const PAST_EVENT_ASKED =
  /\bwhy\s+(?:were|was)\s+(?:you|he|she)\s+(?:in\s+the\s+hospital|admitted|hospitali[sz]ed|in\s+the\s+(?:er|emergency\s+room))\b|\bwhat\s+happened\s+(?:at|in)\s+the\s+(?:hospital|er|emergency\s+room)\b|\bwhy\s+did\s+you\s+(?:go|end\s+up)\s+(?:to|in)\s+the\s+(?:hospital|er|emergency\s+room)\b/i;

export function symptomCourse(f: Finding, transcript: Transcript): SymptomCourse {
  const out: SymptomCourse = { resolved: false, past: false, exertional: false };
  const term = f.term ?? "";
  if (!term) return out;
  const cited = new Set(f.evidence.map((e) => e.segmentId));
  const said: { s: string; earlier: boolean }[] = [];
  let asked = "";
  for (const seg of transcript) {
    if (seg.speaker === "clinician") asked = seg.text;
    // "Why were you in the hospital?" "I had a lot of back pain and a fever": what brought the
    // patient in before, not what they have today (blind audit s21: "Endorses back pain and fever."
    // in a follow-up whose pain had subsided).
    else if (cited.has(seg.id))
      said.push(...sentencesOf(seg.text).map((s) => ({ s, earlier: PAST_EVENT_ASKED.test(asked) })));
  }
  let named = 0;
  let over = 0;
  let before = 0;
  for (const { s, earlier } of said) {
    for (const m of mentionsOf(s, term)) {
      named++;
      const tail = s.slice(m.end);
      const next = symptomMatcher.find(tail)[0]?.start ?? tail.length;
      const clause = tail.slice(0, next);
      if (RESOLVED_AFTER.test(clause) || RESOLVED_BEFORE.test(s.slice(Math.max(0, m.start - 30), m.start)))
        over++;
      if (earlier || PAST_AFTER.test(clause) || PAST_BEFORE.test(s.slice(Math.max(0, m.start - 40), m.start)))
        before++;
      if (EXERTION.test(clause.slice(0, 60)) || EXERTION.test(s.slice(Math.max(0, m.start - 40), m.start)))
        out.exertional = true;
    }
  }
  // Every time the patient named it, it was over (or before): one current mention keeps it current.
  out.resolved = named > 0 && over === named;
  out.past = named > 0 && before === named;
  return out;
}

/** A denial said right after the symptom named: "weakness, no.", "numbness? not really", "the cough, never". */
const DENIED_AFTER =
  /^\W*(?:no|nope|nah|not\s+really|not\s+at\s+all|not\s+that\s+i\s+(?:know|noticed)|never|none)\b(?!\s+(?:doubt|question))/;
/** A guess, not a report: "i think i might have …", "maybe it's …", "could be …". */
const GUESSED_BEFORE =
  /\b(?:i\s+(?:think|guess|wonder\s+if|thought)\s+(?:i\s+|it\s+|it's\s+|this\s+is\s+)?(?:might|may|could|probably)|maybe|might\s+(?:be|have)|could\s+(?:be|have)|not\s+sure\s+if|wondering\s+if)\b(?:\W+\w+){0,4}\W*$/;
/** An answer that places what was asked in the past or says it is over ("yes, years ago", "not anymore"). */
export const OVER_NOW =
  /\b(?:gone|went\s+away|resolved|cleared\s+up|not\s+any\s*more|no\s+longer|none\s+now|not\s+now|before\s+i\s+(?:was|got|came)|in\s+the\s+past|used\s+to|last\s+(?:year|month|week)|years?\s+ago|months?\s+ago|as\s+a\s+(?:kid|child|teenager))\b/i;
const isQuestion = (s: string): boolean => /\?\s*$/.test(s.trim());

/**
 * Whether the visit affirms the symptom as the patient's own now (issue 25, session 15): the note's
 * history and chief complaint chart only such a symptom. Affirmed is the patient naming it in a
 * statement with no negation, hypothesis or other person around it ("my knee hurts"), a "yes" to a
 * question naming it, or the clinician stating it as found. A denial in any wording ("i don't have
 * any weakness as such", "weakness, no.", "not really"), a guess ("i think i might have a cold"),
 * a "no" to the question, or a question alone affirms nothing: "The patient presents with
 * weakness" from a denial is the most harmful line a note can carry.
 */
export function symptomAffirmed(f: Finding, transcript: Transcript): boolean {
  const term = f.term ?? "";
  if (!term) return true;
  const cited = new Set(f.evidence.map((e) => e.segmentId));
  // Whether the symptom is named in a turn, and how: affirmed, denied, or not at all.
  const reading = (text: string): "affirmed" | "denied" | "none" => {
    let denied = false;
    for (const s of sentencesOf(text)) {
      if (isQuestion(s)) continue;
      for (const m of mentionsOf(s, term)) {
        const context = contextOf(s, m);
        const after = s.slice(m.end);
        if (
          context.has("negated") ||
          DENIED_AFTER.test(after) ||
          GUESSED_BEFORE.test(s.slice(Math.max(0, m.start - 60), m.start))
        ) {
          denied = true;
          continue;
        }
        if (context.size === 0) return "affirmed";
      }
    }
    return denied ? "denied" : "none";
  };
  // Nothing said either way (the engine read it from words the lexicon does not name): kept.
  let against = false;
  for (const [i, seg] of transcript.entries()) {
    if (!cited.has(seg.id)) continue;
    const read = reading(seg.text);
    if (read === "affirmed") return true;
    if (read === "denied") against = true;
    if (read !== "none" || seg.speaker !== "clinician") continue;
    // A question naming it: the answer after it decides.
    const asked = sentencesOf(seg.text).some((s) => isQuestion(s) && mentionsOf(s, term).length > 0);
    const answer = transcript[i + 1];
    if (!asked || !answer || answer.speaker === "clinician") continue;
    const said = reading(answer.text);
    if (said === "affirmed") return true;
    if (said === "denied" || answerPolarity(answer.text) === "no") against = true;
    // "yes, years ago", "yes, but not anymore": it was, it is not.
    else if (answerPolarity(answer.text) === "yes" && OVER_NOW.test(answer.text)) against = true;
    // "yes" to a question naming it affirms it, unless the answer names other symptoms back
    // (then it is theirs it affirms).
    else if (
      answerPolarity(answer.text) === "yes" &&
      symptomMatcher.find(answer.text.toLowerCase()).length === 0
    )
      return true;
  }
  return !against;
}

/** A medicine's effect, not the symptom's timing: "takes the pain away for two hours". */
const RELIEF =
  /\b(?:helps?|helped|helping|relief|reliev\w*|takes?\s+(?:the\s+\w+\s+|it\s+)?away|took\s+(?:the\s+\w+\s+|it\s+)?away|wears?\s+off|wore\s+off|works|worked|lasts|lasted|kicks?\s+in|knocks?\s+(?:it\s+)?(?:out|down))\b/;

/**
 * Whether a timing the engine attached to a symptom (an onset or duration as said) was said of the
 * symptom: a clause naming a medicine or its relief is about the medicine ("advil helps for about
 * six hours"). A timing not found in the quotes is kept: the engine read it from there.
 */
export function timingOfSymptom(f: Finding, timing: string): boolean {
  const t = timing.toLowerCase().trim();
  if (!t) return false;
  let found = false;
  for (const e of f.evidence)
    for (const s of sentencesOf(e.quote)) {
      const at = s.indexOf(t);
      if (at < 0) continue;
      found = true;
      const start = Math.max(s.lastIndexOf(",", at), s.lastIndexOf(" and then ", at), 0);
      const endAt = s.slice(at + t.length).search(/,|\band then\b|\bbut\b/);
      const clause = s.slice(start, endAt < 0 ? s.length : at + t.length + endAt);
      if (!RELIEF.test(clause) && medicationMatcher.find(clause).length === 0) return true;
    }
  return !found;
}

/** What the patient calls their main problem: "that is my main problem", "the main reason i came in". */
const MAIN =
  /\b(?:(?:that|this|it)(?:'s|\s+is|\s+has\s+been)\s+(?:really\s+)?(?:my|the)\s+(?:main|biggest|major)\s+(?:problem|issue|concern|complaint|thing)|(?:my|the)\s+(?:main|biggest)\s+(?:problem|issue|concern|complaint)\s+(?:is|has\s+been)|(?:main|only)\s+reason\s+(?:i'm|i\s+am|i\s+came|i'm\s+here|for\s+(?:the|my)\s+visit))\b/;

/**
 * The complaint the patient framed as their main one: a symptom affirmed (not denied, asked or
 * hypothetical) in the sentence that calls it the main problem, or in the sentence just before.
 */
export function mainComplaint(transcript: Transcript): { term: string; segmentId: string } | undefined {
  for (const seg of transcript) {
    if (seg.speaker === "clinician") continue;
    const ss = sentencesOf(seg.text);
    for (const [i, s] of ss.entries()) {
      const cue = MAIN.exec(s);
      if (!cue) continue;
      const where = [s.slice(0, cue.index + cue[0].length), ...(i > 0 ? [ss[i - 1] ?? ""] : [])];
      for (const w of where) {
        const affirmed = symptomMatcher.find(w).filter((m) => contextOf(w, m).size === 0);
        const last = affirmed[affirmed.length - 1];
        if (last) return { term: last.term, segmentId: seg.id };
      }
    }
  }
  return undefined;
}

const MISSED =
  /\b(?:miss(?:ed|ing)|skipp?(?:ed|ing)|forg[eo]t(?:ten)?\s+to\s+take|ran\s+out\s+of|run\s+out\s+of|been\s+out\s+of)\b/;
const MISSED_OBJECT = /\b(?:doses?|pills?|meds|medications?|medicines?|it|them)\b/;

/** Doses the patient said they missed: "i missed a few doses of my lasix", or "yeah" to "have you missed any doses of your lasix?". */
export interface MissedDoses {
  drug: string;
  ranOut: boolean;
  segmentIds: string[];
}

export function missedDoses(transcript: Transcript): MissedDoses[] {
  const out: MissedDoses[] = [];
  // The patient's own word that they miss it says it is theirs, even when no finding holds it.
  const add = (drug: string, ranOut: boolean, ids: string[]) => {
    if (drug && !out.some((o) => o.drug === drug)) out.push({ drug, ranOut, segmentIds: ids });
  };
  transcript.forEach((seg, i) => {
    if (seg.speaker === "clinician") return;
    const prev = transcript[i - 1];
    // "Yes." to "have you missed any doses of your lasix?"
    if (
      prev?.speaker === "clinician" &&
      /\?\s*$/.test(prev.text.trim()) &&
      answerPolarity(seg.text) === "yes"
    ) {
      const q = prev.text.toLowerCase();
      const asked = medicationMatcher.find(q).map((x) => x.term);
      const m = MISSED.exec(q);
      if (m && asked.length === 1 && MISSED_OBJECT.test(q.slice(m.index)))
        add(asked[0] ?? "", /\bout\s+of\b/.test(m[0]), [prev.id, seg.id]);
    }
    for (const s of sentencesOf(seg.text)) {
      const m = MISSED.exec(s);
      if (!m || /\?$/.test(s) || /\b(?:never|not|n't|no)\b[^,.]{0,15}$/.test(s.slice(0, m.index))) continue;
      if (!MISSED_OBJECT.test(s.slice(m.index)) && !/\bout\s+of\b/.test(m[0])) continue;
      const ranOut = /\bout\s+of\b/.test(m[0]);
      const named = medicationMatcher.find(s).map((x) => x.term);
      if (named.length === 1) add(named[0] ?? "", ranOut, [seg.id]);
      else if (named.length === 0 && prev?.speaker === "clinician" && /\?\s*$/.test(prev.text.trim())) {
        // "doses", "it": the medicine the question just before named.
        const asked = medicationMatcher.find(prev.text.toLowerCase()).map((x) => x.term);
        if (asked.length === 1) add(asked[0] ?? "", ranOut, [prev.id, seg.id]);
      }
    }
  });
  return out;
}

/** What brings a symptom on or eases it, in the chart's words: a closed list, so nothing else is charted. */
const ACTIONS: [RegExp, string][] = [
  [/^walk(?:s|ing|ed)?(?:\s+(?:around|far|a\s+lot|long\s+distances))?$/, "walking"],
  [
    /^(?:climb(?:s|ing)?|go(?:ing)?\s+up|walk(?:ing)?\s+up)\s+(?:the\s+)?(?:stairs|steps|a\s+flight\s+of\s+stairs)$/,
    "climbing stairs",
  ],
  [/^stand(?:s|ing)?(?:\s+up)?(?:\s+(?:for\s+(?:a\s+)?long|too\s+long))?$/, "standing"],
  [/^sit(?:s|ting)?(?:\s+(?:down|for\s+(?:a\s+)?long|too\s+long))?$/, "sitting"],
  [/^bend(?:s|ing)?(?:\s+(?:over|down))?$/, "bending"],
  [
    /^lift(?:s|ing)?(?:\s+(?:things|anything|stuff|heavy\s+(?:things|stuff|objects|boxes)|anything\s+heavy))?$/,
    "lifting",
  ],
  [/^run(?:s|ning)?$/, "running"],
  [/^(?:lie|lay|lying|laying)\s+(?:down|flat|on\s+my\s+back)$/, "lying down"],
  [/^eat(?:s|ing)?$/, "eating"],
  [/^(?:exercise|exercising|work(?:ing)?\s+out)$/, "exercise"],
  [
    /^(?:move|moving|movement)(?:\s+(?:it|around))?$|^get(?:ting)?\s+up\s+and\s+(?:move|moving|walk\s+around)$/,
    "movement",
  ],
  [/^(?:(?:take|taking)\s+a\s+)?deep\s+breaths?$|^breathe\s+in\s+deep(?:ly)?$/, "deep breaths"],
  [/^cough(?:s|ing)?$/, "coughing"],
  [/^twist(?:s|ing)?$/, "twisting"],
  [/^typ(?:e|es|ing)$/, "typing"],
  [/^kneel(?:s|ing)?$/, "kneeling"],
  [/^squat(?:s|ting)?$/, "squatting"],
  [/^(?:reach(?:es|ing)?)(?:\s+(?:up|overhead))?$/, "reaching"],
  [/^(?:turn(?:s|ing)?)\s+(?:my\s+)?(?:head|neck)$/, "turning the head"],
  [/^chew(?:s|ing)?$/, "chewing"],
  [/^swallow(?:s|ing)?$/, "swallowing"],
  [/^rest(?:s|ing)?$/, "rest"],
  [/^(?:ice|put\s+ice\s+on\s+it|ice\s+it)$/, "ice"],
  [/^(?:heat|a\s+heating\s+pad|put\s+heat\s+on\s+it)$/, "heat"],
  [/^(?:elevat(?:e|ing)\s+it|put\s+it\s+up|prop\s+it\s+up)$/, "elevation"],
  [/^stretch(?:es|ing)?$/, "stretching"],
];
/** The words after the cue, up to where the action can end. */
const ACTION_WORDS = String.raw`((?:[a-z']+\s+){0,4}?[a-z']+)(?=\s*(?:[,.;!?]|$|\s+(?:and|or|but|so|it|the\s+pain|too|really|a\s+lot|at\s+all)\b))`;
const WORSE_CUE = new RegExp(
  String.raw`\b(?:worse|hurts?\s+(?:more|worse)|more\s+(?:pain|painful)|flares?\s+up|aggravat\w+|bothers?\s+(?:me|it)\s+more)\s+(?:when(?:ever)?\s+(?:i'm\s+|i\s+am\s+|i\s+)?|with\s+|if\s+i\s+|after\s+(?:i\s+)?|while\s+(?:i'm\s+|i\s+)?)${ACTION_WORDS}`,
  "g",
);
const WORSE_FIRST = new RegExp(
  String.raw`\b(?:when(?:ever)?\s+i\s+|if\s+i\s+)${ACTION_WORDS}\s*,?\s+(?:it|the\s+\w+|that)\s+(?:gets\s+|is\s+|feels\s+)?(?:worse|hurts?\s+(?:more|worse))`,
  "g",
);
const BETTER_CUE = new RegExp(
  String.raw`\b(?:better|eases?\s+up|(?:it\s+)?helps?|relie(?:f|ved?)|goes\s+away)\s+(?:when(?:ever)?\s+(?:i'm\s+|i\s+am\s+|i\s+)?|with\s+|if\s+i\s+|after\s+(?:i\s+)?)${ACTION_WORDS}`,
  "g",
);
const BETTER_FIRST = new RegExp(
  String.raw`(?:^|[,;]\s*|\band\s+|\bbut\s+)((?:[a-z']+\s+){0,2}?[a-z']+)\s+(?:helps|seems\s+to\s+help|makes\s+it\s+(?:feel\s+)?better)\b`,
  "g",
);
/** Another action joined to the one after the cue: "… or lift things", ", and when i twist". */
const OR_ACTION = new RegExp(
  String.raw`^\s*,?\s*(?:or|and)\s+(?:when\s+i\s+|if\s+i\s+|i\s+)?${ACTION_WORDS}`,
);
/** A negation or a doubt in the clause before the cue: "it doesn't get worse when i walk". */
const NOT_SAID = /\b(?:not|n't|never|no|don't|doesn't|isn't|nothing|if|maybe|might)\b[^,.;]*$/;

function actionOf(words: string): string | undefined {
  const w = words.trim().replace(/^(?:(?:but|and|so|then|just|i|i'm|am|too)\s+)+/, "");
  for (const [re, name] of ACTIONS) if (re.test(w)) return name;
  // "walk up the stairs" at the most: a few words, the first a known action.
  const first = w.split(/\s+/).slice(0, 3).join(" ");
  for (const [re, name] of ACTIONS) if (first !== w && re.test(first)) return name;
  return undefined;
}

export interface SymptomModifiers {
  worse: string[];
  better: string[];
  segmentIds: string[];
}

/**
 * What the patient said makes their complaint worse or better (issue 25, session 15): "it hurts
 * more when i climb the stairs", "when i bend over it gets worse", "resting helps" → worse with
 * climbing stairs, bending; better with rest. Only the patient's statements, only actions of a
 * closed list, never under a negation or a doubt; medicines are `medicinesTried`'s.
 */
export function symptomModifiers(transcript: Transcript, complaint: string[] = []): SymptomModifiers {
  // A sentence about another symptom than the complaint is that symptom's, not the complaint's.
  const aboutOther = (s: string) =>
    symptomMatcher
      .find(s)
      .some((m) => m.term !== "pain" && !complaint.some((c) => c.includes(m.term) || m.term.includes(c)));
  const out: SymptomModifiers = { worse: [], better: [], segmentIds: [] };
  const add = (list: string[], action: string | undefined, id: string) => {
    if (!action || list.includes(action)) return;
    list.push(action);
    if (!out.segmentIds.includes(id)) out.segmentIds.push(id);
  };
  for (const seg of transcript) {
    if (seg.speaker === "clinician") continue;
    for (const s of sentencesOf(seg.text)) {
      if (/\?\s*$/.test(s) || aboutOther(s)) continue;
      for (const [re, list, verbFirst] of [
        [WORSE_CUE, out.worse, false],
        [WORSE_FIRST, out.worse, true],
        [BETTER_CUE, out.better, false],
        [BETTER_FIRST, out.better, true],
      ] as const) {
        for (const m of s.matchAll(re)) {
          const before = s.slice(0, m.index);
          if (
            NOT_SAID.test(verbFirst ? before : `${before}${m[0].slice(0, m[0].length - (m[1] ?? "").length)}`)
          )
            continue;
          // A medicine that helps is the medicines' line, not a modifier.
          if (list === out.better && medicationMatcher.find(m[1] ?? "").length > 0) continue;
          add(list, actionOf(m[1] ?? ""), seg.id);
          // "when i bend over or lift things": each action joined to the first.
          if (verbFirst) continue;
          let rest = s.slice((m.index ?? 0) + m[0].length);
          for (let more = OR_ACTION.exec(rest); more; more = OR_ACTION.exec(rest)) {
            const action = actionOf(more[1] ?? "");
            if (!action) break;
            add(list, action, seg.id);
            rest = rest.slice(more[0].length);
          }
        }
      }
    }
  }
  return out;
}
