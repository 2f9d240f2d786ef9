// How spoken words become chart words (issue 25): a clinician's "so your lungs are clear, which
// is good, and I do appreciate a two out of six murmur" is charted "Lungs clear. 2/6 murmur."
// Telegraphic style (no articles, no copula, no hedges, units and numbers as clinicians write
// them) is how notes are written, and it is also what keeps a note from pasting the transcript:
// `fitNote` checks the result against the transcript and shortens or drops what would still copy
// eight words in a row.
import { type TranscriptSpans, withoutTag } from "./note.check.js";

export const NUMBER_WORDS: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  fifteen: "15",
  twenty: "20",
  thirty: "30",
  forty: "40",
  fifty: "50",
  hundred: "100",
};

/** Units and numbers as charted: "fifteen milligrams twice a day" → "15 mg twice daily". */
export function chartUnits(text: string): string {
  return text
    .replace(
      /(?<=\bout of\s)(one|two|three|four|five|six|seven|eight|nine|ten)\b/gi,
      (w: string) => NUMBER_WORDS[w.toLowerCase()] ?? w,
    )
    .replace(
      /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)\b(?=\s+(?:out of|over|of|mg|milligrams?|micrograms?|units?|days?|weeks?|months?|years?|hours?|minutes?|pounds?|percent|tablets?|pills?|puffs?|drops?|packs?|cigarettes?|drinks?|beers?|glasses?)\b)/gi,
      (w: string) => NUMBER_WORDS[w.toLowerCase()] ?? w,
    )
    .replace(/\b(\d+)\s+out of\s+(\d+)\b/gi, "$1/$2")
    .replace(/\b(\d{2,3})\s+over\s+(\d{2,3})\b/gi, "$1/$2")
    .replace(/\bmilligrams?\b/gi, "mg")
    .replace(/\bmicrograms?\b/gi, "mcg")
    .replace(/\bkilograms?\b/gi, "kg")
    .replace(/\s*\bpercent\b/gi, "%")
    .replace(/(\d)\s+%/g, "$1%")
    .replace(/\bonce a day\b|\bonce daily\b|\bevery day\b|\ba day\b(?=[.,;]|$)/gi, "daily")
    .replace(/\btwice a day\b/gi, "twice daily")
    .replace(/\bthree times a day\b/gi, "three times daily")
    .replace(/\bas needed\b/gi, "as needed");
}

/** Words and phrases that carry nothing in a chart sentence, removed in this order. */
const DROP: RegExp[] = [
  /\b(?:um+|uh+|uhm|er|hmm+|mm-hmm|uh-huh)\b/gi,
  /\b(?:you know|i mean|kind of|sort of|kinda|like i said|as you know|if you will)\b/gi,
  /,?\s*\b(?:okay|ok|alright|all right|right)\s*\?/gi,
  /\b(?:which|that|this) is (?:(?:really|very|pretty|not) )?(?:good|great|reassuring|nice|fine|wonderful|not surprising|surprising|what we want|what we like to see)\b[^.,;]*/gi,
  /\b(?:i|we) (?:do |also |can |could |did )?(?:appreciate|hear|see|notice|note|feel|find|detect)\b/gi,
  /\b(?:it|that|this|everything|things?) (?:looks?|sounds?|seems?|feels?|appears?) (?:like|to be)?\b/gi,
  /\b(?:looks?|sounds?|seems?|appears?) (?:like|to be)\b/gi,
  /\bthere(?:'s| is| are| was| were)\b/gi,
  /\b(?:i think|i believe|i guess|i would say|basically|actually|really|just|pretty|definitely|certainly|obviously|honestly|quite|totally|completely|overall|here|today|now|still)\b/gi,
  /\bin the office\b/gi,
];

/**
 * A spoken clause in chart style. Drops fillers, hedges, articles and the copula, turns "your"
 * into nothing and "you don't have" into "no", and writes units as clinicians do. The result is
 * a phrase, not necessarily a sentence ("Lungs clear to auscultation bilaterally.").
 */
export function telegraph(spoken: string): string {
  let t = ` ${spoken.toLowerCase()} `
    .replace(/[’‘]/g, "'")
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/g, "$1")
    .replace(/\bwan na\b/g, "want to")
    .replace(/\bgon na\b/g, "going to")
    .replace(/\b([a-z]+)-(?=\s)/g, " ") // a cut-off word ("sh- shows")
    .replace(/\.{2,}|…/g, ", ");
  t = chartUnits(t);
  t = t
    .replace(
      /^\s*(?:(?:so|and|okay|now|alright)\W+)*on (?:your |the |his |her |my |our )?(?:physical )?exam(?:ination)?\b,?/,
      " ",
    )
    .replace(
      /^\s*(?:(?:so|and|okay|now|alright)\W+)*on (?:your |the |his |her |my |our )?((?:\w+ ){0,2}?\w+) exam(?:ination)?\b,?/,
      " $1: ",
    )
    .replace(/\byou (?:do not|don't|did not|didn't) have (?:any |a |an )?/g, "no ")
    .replace(
      /\b(?:you|your \w+) (?:do not|don't|does not|doesn't) (?:seem to )?(?:have|show) (?:any |a |an )?/g,
      "no ",
    )
    .replace(
      /\b(?:i|we) (?:do not|don't|did not|didn't) (?:see|hear|feel|appreciate|find|notice) (?:any |a |an )?/g,
      "no ",
    )
    .replace(/\b(?:you|we|i) do (?:have|see|feel|hear)\b/g, "")
    .replace(
      /\b(?!(?:there|it|that|what|here|who|he|she)'s)(\w+)'s (?=slightly|high|low|normal|elevated|good|fine|clear|up|down|a little|okay|stable|better|worse)/g,
      "$1 ",
    )
    .replace(/,?\s*\b(?:meaning|which means|that means)\b[^.;]*/g, "")
    .replace(/\b(?:but )?other than that,?/g, "")
    .replace(/^\s*(?:the )?(?:patient|he|she)\s+(?:looks|appears|seems)\b/, " ")
    .replace(/\bwith not\b/g, ", no")
    .replace(/\bwith no\b/g, ", no")
    .replace(/\bwell (developed|nourished|appearing)\b/g, "well-$1")
    .replace(/^\s*(?:he|she)\b/, " ")
    .replace(/\b(?:has|have|had) been\b/g, " ")
    .replace(/\b(?:seemed|seems|seem|appeared|appears|appear) to be\b/g, " ")
    .replace(
      /^(?:\W*(?:so|yeah|okay|ok|and|now|well|alright|um|uh)\b)*\W*(?:in |when )?(?:reviewing|looking (?:here )?at|i reviewed|we reviewed)\s+(?:the |your )?(?:results? of (?:the |your )?)?([^,]+?)(?:\s+today|\s+here|\s+in the office)*,\s*(?:(?:it|this|that|they)\b)?/,
      (_m: string, what: string) =>
        /^(?:you|him|her|them|this|that|it)$/.test(what.trim()) ? " " : ` ${what} `,
    )
    .replace(
      /\b(show(?:s|ed)?|suggests?|suggested|revealed|reveals|demonstrates?|demonstrated) that\b/g,
      "$1",
    )
    .replace(/\b(?:really |actually )?(?:do not|don't) (?:see|hear|feel|appreciate) (?:any |a |an )?/g, "no ")
    .replace(/,?\s*\bso (?:i'm|i am|we're|we are) not (?:too |very )?(?:concerned|worried)\b[^.;]*/g, "")
    .replace(/\ba little bit of\b/g, "mild")
    .replace(
      /\b(up|down|better|worse|high|low|elevated|improved)\s+a (?:little|tiny)(?: bit)?\b/g,
      "slightly $1",
    )
    // "a little" qualifies a state ("a little elevated" → "slightly elevated"), not a thing ("a little Tylenol").
    .replace(
      /\b(?:a (?:little|tiny) bit|a little|slightly)\s+(?=(?:\w+ed|\w+er|high|low|sore|swollen|tender|red|warm|off|up|down|better|worse)\b)/g,
      "slightly ",
    )
    .replace(/\ba (?:little|tiny) bit\b|\ba little\b/g, " ")
    .replace(/\b(?:you have|you've got|you've|you had|you are|you're|you were)\b/g, "")
    .replace(/\b(?:your|his|her|their)\b/g, "");
  // A tag said to the patient at the end ("continue to ice it, okay.", "keep it elevated
  // alright"): the scribe writes it without its "?".
  t = ` ${withoutTag(t.trim())} `;
  for (const re of DROP) t = t.replace(re, " ");
  t = t
    // A filler dropped after "and" leaves "and ," ("heart rate and, um, blood pressure").
    .replace(/\b(and|or|but)(?:\s*,)+\s*/g, "$1 ")
    // "let me check, lymph nodes look fine": the clinician's own action is not the finding.
    .replace(/^\s*(?:let me|i'll|i will|i'm going to) (?:check|see|look|examine|feel|listen)\s*,\s*/, " ")
    .replace(/\b(?:the|a|an|some|any)\b/g, " ")
    .replace(/\b(?:is|are|was|were|be|been)\b(?!\s+not\b)/g, " ")
    .replace(/\b(?:is|are|was|were) not\b/g, "not")
    .replace(/\b(\w+)(?:\s*,?\s+\1\b)+/g, "$1") // a word said twice
    .replace(/\s+([,.;:?!%])/g, "$1")
    .replace(/([,;:])(?:\s*[,;:.])+/g, "$1")
    .replace(/^[\s,.;:!?-]+|[\s,;:!?-]+$/g, "")
    .replace(
      /^(?:(?:so|and|but|or|then|also|well(?!-)|yeah|yes|oh|because|okay|now|this|that|it|these)(?:'s|'re|'ll)?\b[,\s]*)+/,
      "",
    )
    .replace(/(?:\s+(?:and|but|or|so|which|with|that|because|of|to|in|on|there|the|a|at|for|from))+$/, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[,;:\s]+$/, "");
  if (t.length === 0) return "";
  t = t.replace(/\bi\b/g, "I").replace(/\ba1c\b/g, "A1c");
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;
}

const LINKS = /\b(?:of|to|in|on|with|that|which|for|at|from|and|then)\b/g;

/**
 * The sentence if it copies no run of eight transcript words; else the same with its linking
 * words removed, if that is enough; else nothing (the sentence is dropped, and the omissions
 * list shows the clinician what was said).
 */
export function fitNote(text: string, spans: TranscriptSpans): string {
  const tidy = (t: string) =>
    t
      .replace(/\s+([,.;:])/g, "$1")
      .replace(/([,;:])(?:\s*[,;:])+/g, "$1")
      .replace(/\s+/g, " ")
      .trim();
  for (const attempt of [
    text,
    tidy(text.replace(/\s+and\s+/g, ", ")),
    tidy(text.replace(/\s+and\s+/g, ", ").replace(/\s+(?:with|which|that)\s+/g, ", ")),
    tidy(text.replace(LINKS, " ")),
  ]) {
    if (spans.copied(attempt).length === 0) return attempt;
  }
  return "";
}

/** The clause split of a spoken turn: sentences, then "and"/"but"-joined findings. */
export function spokenSentences(text: string): string[] {
  return (
    text
      .replace(/\s+([,.?!;])/g, "$1")
      // A tag question ("…, okay?") does not make a statement a question.
      .replace(
        /,?\s*\b(?:okay|ok|right|alright|all right|you know|does that make sense|sound good)\s*\?/gi,
        ".",
      )
      .split(/(?<=[.?!;])\s+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
  );
}

/**
 * A patient's sentence charted as their history: first person dropped, the rest telegraphic.
 * "So I took some Tylenol, but it didn't really help me." → "Took Tylenol, but it didn't help."
 */
export function reported(spoken: string): string {
  const t = ` ${spoken} `
    .replace(/\bi(?:'m| am)\b/gi, " ")
    .replace(/\bi(?:'ve| have)\b(?! to\b)/gi, " has ")
    .replace(/\bi (?:do n't|don't|do not)\b/gi, " does not ")
    .replace(/\bi (?:did n't|didn't|did not)\b/gi, " did not ")
    .replace(/\bi (?:ca n't|can't|cannot)\b/gi, " cannot ")
    .replace(/\bi (?:was|were)\b/gi, " was ")
    .replace(/\bi (?:feel|get|take|think|need|want|go|have)\b/gi, (m: string) =>
      ` ${m.slice(2)}s `.replace("haves", "has"),
    )
    .replace(/\b(?:i|me|myself)\b/gi, " ")
    .replace(/\bmy\b/gi, " ")
    .replace(/\s+/g, " ");
  return telegraph(t);
}
