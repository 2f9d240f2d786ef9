// Medicine names. The engine's vocabulary is generated from a maintained drug dictionary
// (vocabulary/drug-names.data.ts: MedlinePlus, DrugBank open vocabulary and MeSH names with
// brands and synonyms, ~39,000 names) and the hand lexicon fills what it lacks ("baby aspirin",
// "rescue inhaler", "Norco") and says what each medicine is for. Matching is by words, not by
// one big regular expression: 39,000 alternatives would make every sentence slow.
import { MEDICATIONS } from "./findings.lexicon.js";
import type { Mention } from "./lexicon.matcher.js";
import { DRUG_NAMES } from "./vocabulary/drug-names.data.js";

/** A medicine mention: the generic it is, and the words the speaker used for it. */
export interface DrugMention extends Mention {
  /** The name as said ("Synthroid"), for the patient's summary. */
  said: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const MAX_WORDS = 3;
/** Names this long or longer are matched one letter off too. */
const MIN_FUZZY = 8;
// Generic names built on the common USAN stems ("-pril", "-statin", "-mycin"…): the medicines
// a misspelling most likely means, and never an everyday word.
const USAN_STEM =
  /(?:pril|sartan|olol|alol|statin|azole|mycin|micin|cillin|cycline|floxacin|prazole|tidine|dipine|formin|gliptin|glutide|gliflozin|oxetine|aline|azepam|azolam|triptan|navir|ciclovir|clovir|sone|olone|semide|thiazide|parin|xaban|gatran|grel|profen|coxib|codone|morphone|tropium|terol|lukast|tadine|zosin|osin|afil|dronate|tretin|trexate|hydramine|pramine|triptyline|barbital|setron|pentin|gabalin|racetam|trigine|amate|azine|idone|apine|ipine)$/;

// Everyday words of a visit that sit one letter from a drug name.
const COMMON_LONG_WORDS = new Set(["medicine", "medicines", "medication", "medications"]);
// Brand names that are everyday phrases: "Is that all clear?" names no eye drops (blind audit s19).
const EVERYDAY_PHRASES = new Set(["all clear"]);

// What a lab measures is no medicine taken: "your creatinine", "morning aldosterone levels" must
// never become "Start aldosterone". Names that are only analytes are never medicines; a name that
// is both ("vitamin d", "b12", "insulin") is a test when a lab word follows it.
const ANALYTES_ONLY = new Set(["creatinine", "aldosterone"]);
const LAB_AFTER =
  /^[\s,]*(?:levels?|count|panel|labs?|tests?|testing|results?|resistance|deficiency|insufficiency|stores|studies|screen(?:ing)?)\b/i;

// Foods and drinks the vocabulary lists as products (allergen extracts, dairy): "take him off
// cow's milk" takes a food away, it stops no medicine. A supplement made from one stays a medicine.
const FOOD =
  /\b(?:milk|whey|egg|eggs|peanuts?|shrimp|wheat|soybean|cheese|juice)\b(?!\s+(?:of\s+magnesia|thistle))/i;
const NOT_FOOD = /\b(?:thistle|magnesia|extract\s+injection|tablets?|capsules?)\b/i;
/** True when the vocabulary's name is a food or drink, not a medicine. */
export const isFoodName = (term: string): boolean => FOOD.test(term) && !NOT_FOOD.test(term);

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Lower-case words joined by single spaces: "Z-Pak" and "z pak" are one key. */
export function nameKey(name: string): string {
  return (name.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/’/g, "'")).join(" ");
}

// Names the generated vocabulary lacks or files under a chemical name patients never use,
// each checked against the vocabulary below (it only fills gaps). Brand names withdrawn or
// regional, and common mishearings of speech-to-text.
const EXTRA_NAMES: Record<string, string[]> = {
  levothyroxine: ["synthroid", "levoxyl", "unithroid", "euthyrox"],
  hydrocodone: ["norco", "vicodin", "lortab", "hydrocodone acetaminophen"],
  propoxyphene: ["darvocet", "darvon"],
  // One product, not two new medicines (blind audit s19).
  "acetaminophen and codeine": ["tylenol with codeine", "tylenol #3", "tylenol 3", "tylenol number 3"],
  // A family of cold and allergy products with different ingredients: kept under its own name.
  aldex: ["aldex"],
  phenytoin: ["dilantin", "phenytek"],
  cortisone: ["cortisone", "cortisone shot", "cortisone injection"],
  "thyroid desiccated": [
    "armour thyroid",
    "np thyroid",
    "thyroid pills",
    "thyroid medicine",
    "thyroid medication",
    "thyroid meds",
  ],
  "vitamin d": ["vitamin d", "vitamin d3", "vitamin d 3"],
  insulin: ["insulin", "lantus", "humalog", "novolog", "levemir", "tresiba", "basaglar"],
  "oral contraceptive": ["birth control pill", "birth control pills"],
};

class DrugMatcher {
  private readonly byKey = new Map<string, string>();
  /** First words of every name: most words of a visit start none, and are skipped at once. */
  private readonly starts = new Set<string>();
  /** The engine asks about the same sentence several times (statement, question, answer). */
  private readonly recent = new Map<string, DrugMention[]>();
  /** One-letter-off spellings of long one-word names ("lisinipril", "metforman"): deletion index. */
  private readonly nearby = new Map<string, Set<string>>();

  constructor(lines: string, extra: Record<string, string[]>, hand: typeof MEDICATIONS) {
    for (const line of lines.split("\n")) {
      const [generic, names] = line.split("\t");
      if (!generic || !names) continue;
      for (const n of names.split("|"))
        if (!EVERYDAY_PHRASES.has(nameKey(n))) this.set(nameKey(n), generic, false);
    }
    for (const [generic, names] of Object.entries(extra))
      for (const n of names) this.set(nameKey(n), generic, true);
    // The hand lexicon: its forms fill gaps; where the vocabulary knows the form as the same
    // drug as the hand term ("vitamin d" → ergocalciferol), the patient's word for it wins.
    for (const m of hand) {
      const handDrug = this.byKey.get(nameKey(m.term));
      for (const f of [m.term, ...m.forms]) {
        const key = nameKey(f);
        const known = this.byKey.get(key);
        if (known === undefined) this.byKey.set(key, m.term);
        else if (handDrug !== undefined && known === handDrug && nameKey(m.term) === key)
          this.byKey.set(key, m.term);
      }
    }
    for (const key of this.byKey.keys()) this.starts.add(key.split(" ")[0] ?? key);
    // Only generic names and the hand lexicon's forms are guessed at: the vocabulary's many
    // foreign and old brand names sit one letter from everyday words ("infection", "systolic").
    const guessable = new Set<string>([
      ...lines
        .split("\n")
        .map((l) => nameKey(l.split("\t")[0] ?? ""))
        .filter((g) => USAN_STEM.test(g)),
      ...hand.flatMap((m) => [m.term, ...m.forms].map(nameKey)),
    ]);
    for (const [key, generic] of this.byKey) {
      if (key.includes(" ") || key.length < MIN_FUZZY || !guessable.has(key)) continue;
      for (const d of [key, ...deletions(key)]) {
        const set = this.nearby.get(d) ?? new Set<string>();
        set.add(generic);
        this.nearby.set(d, set);
      }
    }
  }

  /**
   * A long word one letter off a long drug name (a slip of the ear or the keyboard), when exactly
   * one drug is that close. Short words are never guessed: too many everyday words sit one letter
   * from a short name.
   */
  private nearest(word: string): string | undefined {
    if (word.length < MIN_FUZZY || !/^[a-z]+$/.test(word) || COMMON_LONG_WORDS.has(word)) return undefined;
    const found = new Set<string>();
    for (const d of [word, ...deletions(word)]) for (const g of this.nearby.get(d) ?? []) found.add(g);
    return found.size === 1 ? [...found][0] : undefined;
  }

  private set(key: string, generic: string, override: boolean): void {
    if (!key || key.split(" ").length > MAX_WORDS) return;
    if (override || !this.byKey.has(key)) this.byKey.set(key, generic);
  }

  /** The generic for one name, or undefined. */
  lookup(name: string): string | undefined {
    const key = nameKey(name);
    return this.byKey.get(key) ?? (key.endsWith("s") ? this.byKey.get(key.slice(0, -1)) : undefined);
  }

  /** Every non-overlapping mention in text, leftmost-longest. */
  find(text: string): DrugMention[] {
    const cached = this.recent.get(text);
    if (cached) return cached;
    const words = [...text.matchAll(WORD)].map((m) => ({
      key: m[0].toLowerCase().replace(/’/g, "'"),
      start: m.index,
      end: m.index + m[0].length,
    }));
    const out: DrugMention[] = [];
    for (let i = 0; i < words.length;) {
      const first = words[i];
      if (!first) break;
      if (
        !this.starts.has(first.key) &&
        !this.starts.has(first.key.replace(/s$/, "")) &&
        first.key.length < MIN_FUZZY
      ) {
        i++;
        continue;
      }
      let hit: DrugMention | undefined;
      for (let n = Math.min(MAX_WORDS, words.length - i); n >= 1 && !hit; n--) {
        const last = words[i + n - 1];
        if (!last) continue;
        let key = first.key;
        for (let k = i + 1; k < i + n; k++) key += ` ${words[k]?.key ?? ""}`;
        const term =
          this.byKey.get(key) ?? (key.endsWith("s") ? this.byKey.get(key.slice(0, -1)) : undefined);
        if (term) {
          hit = { term, start: first.start, end: last.end, said: text.slice(first.start, last.end) };
          i += n;
        }
      }
      if (!hit && !this.byKey.has(first.key)) {
        const term = this.nearest(first.key);
        if (term) {
          hit = { term, start: first.start, end: first.end, said: text.slice(first.start, first.end) };
          i++;
        }
      }
      if (
        hit &&
        !ANALYTES_ONLY.has(hit.term) &&
        !isFoodName(hit.term) &&
        !LAB_AFTER.test(text.slice(hit.end))
      )
        out.push(hit);
      else if (!hit) i++;
    }
    if (this.recent.size > 256) this.recent.clear();
    this.recent.set(text, out);
    return out;
  }
}

export const drugMatcher = new DrugMatcher(DRUG_NAMES, EXTRA_NAMES, MEDICATIONS);

// What a medicine is for comes from the hand lexicon's class, looked up by any of its names.
const classByKey = new Map<string, string>();
for (const m of MEDICATIONS) for (const f of [m.term, ...m.forms]) classByKey.set(nameKey(f), m.drugClass);
const EXTRA_CLASSES: Record<string, string> = {
  hydrocodone: "opioid",
  propoxyphene: "opioid",
  aldex: "allergy",
  phenytoin: "seizure",
  cortisone: "steroid",
  "thyroid desiccated": "thyroid",
  dutasteride: "prostate",
  risperidone: "mental_health",
  paliperidone: "mental_health",
  ergocalciferol: "vitamin",
};

/** The hand lexicon's class of a medicine (by its generic or the name said), if known. */
export function drugClassOf(generic: string | undefined, said?: string): string | undefined {
  if (said) {
    const bySaid = classByKey.get(nameKey(said));
    if (bySaid) return bySaid;
  }
  if (!generic) return undefined;
  return classByKey.get(nameKey(generic)) ?? EXTRA_CLASSES[generic];
}
