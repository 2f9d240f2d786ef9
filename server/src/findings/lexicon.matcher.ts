// Compiles a lexicon into one case-insensitive alternation per lexicon, so a whole
// transcript is scanned once per lexicon instead of once per surface form (500 long
// dialogues must run in minutes).
import {
  ALLERGENS,
  CONDITIONS,
  MEDICATIONS,
  REFERRALS,
  SYMPTOMS,
  TESTS,
  TREATMENTS,
  type TermEntry,
} from "./findings.lexicon.js";

export interface Mention {
  term: string;
  start: number;
  end: number;
}

function escapeForm(form: string): string {
  return form
    .trim()
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\s+/g, "\\s+")
    .replace(/[-’']/g, (c) => (c === "-" ? "[-\\s]?" : "['’]"));
}

function canonical(form: string): string {
  return form.toLowerCase().replace(/[’]/g, "'").replace(/-/g, " ").replace(/\s+/g, " ").trim();
}

export class LexiconMatcher {
  private readonly pattern: RegExp;
  private readonly byForm = new Map<string, string>();

  /**
   * `notInside`: a lexicon whose longer names hold this one's words as no mention of their own
   * ("hay fever" is no fever, blind audit s18).
   */
  constructor(
    entries: ReadonlyArray<{ term: string; forms: string[] }>,
    private readonly notInside?: LexiconMatcher,
  ) {
    const forms: string[] = [];
    for (const e of entries) {
      for (const f of [e.term, ...e.forms]) {
        const key = canonical(f);
        // First entry wins: lexicons list the more specific meaning first.
        if (!this.byForm.has(key)) this.byForm.set(key, e.term);
        forms.push(f);
      }
    }
    // Longest first so "chest pain" wins over "pain" at the same position.
    const alternation = [...new Set(forms.map(escapeForm))].sort((a, b) => b.length - a.length).join("|");
    this.pattern = new RegExp(`(?<![\\w-])(?:${alternation})(?:e?s)?(?!\\w|-\\w)`, "gi");
  }

  /** Every non-overlapping mention in text, leftmost-longest. */
  find(text: string): Mention[] {
    const out: Mention[] = [];
    for (const m of text.matchAll(this.pattern)) {
      const term = this.lookup(m[0]);
      if (term) out.push({ term, start: m.index, end: m.index + m[0].length });
    }
    if (!this.notInside || out.length === 0) return out;
    const outer = this.notInside.find(text);
    return out.filter(
      (m) => !outer.some((o) => o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start),
    );
  }

  private lookup(surface: string): string | undefined {
    const key = canonical(surface);
    return (
      this.byForm.get(key) ??
      this.byForm.get(key.replace(/es$/, "")) ??
      this.byForm.get(key.replace(/s$/, ""))
    );
  }
}

export const conditionMatcher = new LexiconMatcher(CONDITIONS);
export const symptomMatcher = new LexiconMatcher(SYMPTOMS, conditionMatcher);
export const medicationMatcher = new LexiconMatcher(MEDICATIONS);
export const allergenMatcher = new LexiconMatcher([...ALLERGENS, ...MEDICATIONS]);
export const testMatcher = new LexiconMatcher(TESTS);
export const referralMatcher = new LexiconMatcher(REFERRALS);
export const treatmentMatcher = new LexiconMatcher(TREATMENTS);

function index(entries: TermEntry[]): Map<string, TermEntry> {
  return new Map(entries.map((e) => [e.term, e]));
}
export const symptomByTerm = index(SYMPTOMS);
export const conditionByTerm = index(CONDITIONS);
export const testByTerm = index(TESTS);
export const referralByTerm = index(REFERRALS);
export const treatmentByTerm = index(TREATMENTS);
export const allergenByTerm = index(ALLERGENS);
export const medicationByTerm = new Map(MEDICATIONS.map((m) => [m.term, m]));
