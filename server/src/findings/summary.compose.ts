// The after-visit summary a patient keeps, composed from findings: "Your visit in short" first
// (why you came, what the clinician thinks, two to four things to do, when to get help), then
// medicines, tests and referrals, the next visit, one list of when to get help right away, what
// was talked about with a specific explanation each, and words to know. Pure and deterministic:
// the release stores what this returns, and the clinician's preview calls it on the same
// approved findings, so the preview is exactly what the patient will read.
import {
  type Finding,
  type MedicineChange,
  medicineLabel,
  medicineLine,
  type PatientSummary,
  type SummaryEntry,
  type SummaryLanguage,
  summaryLabels,
  summaryLanguageOf,
  type SummaryMedicine,
  type SummaryQuote,
  type SummarySection,
} from "@bedside/shared";
import { drugClassOf } from "./drug.matcher.js";
import {
  homeInstructionFor,
  isConditionalPlan,
  isDeclinedPlan,
  isPlanToDo,
  isSurgeryRecommended,
} from "./plan.extract.js";
import { lower, type Phrases, phrasesFor } from "./summary-phrases.js";
import {
  continueInstructed,
  triedWithoutRelief,
  notSureForClinician,
  type SummaryLine,
  SummaryTrace,
  supportOf,
  type WithheldLine,
} from "./summary.gate.js";
import { conditionSign, type WarningLevel, warningParts } from "./warning.rules.js";
import { conditionMatcher, referralMatcher } from "./lexicon.matcher.js";
import { isVisitHere, type NextStep, nextStepsOf, nextStepText } from "./next-step.extract.js";
import { conditionGuideAt } from "./patient-guide.js";

export interface ComposeOptions {
  /** "Dr. Rivera"; the evaluation has no name and says "your clinician". */
  clinicianName?: string;
  /** Quotes for a finding's evidence, with who said them (the app knows the speakers). */
  quotesOf?: (f: Finding) => SummaryQuote[];
  /**
   * The visit's preferred language (BCP 47): the summary is written in it when Bedside writes
   * summaries in it (English, Spanish), else in English. The findings are the same either way.
   */
  language?: string;
  /** What the patient dials in an emergency where the clinic is (the server's EMERGENCY_NUMBER). */
  emergencyNumber?: string;
}

/** The emergency number when none is given: the United States' and Canada's. */
export const DEFAULT_EMERGENCY_NUMBER = "911";

/**
 * A definition's guess at a cause ("A fever is how your body fights germs", "often comes with a
 * cold"): nobody in the visit said it, and beside what the clinician found (an infected stent,
 * heart failure, a mass) it is false.
 */
const CAUSE_GUESS =
  /\b(?:germs?|a\s+cold|colds?\b|virus\w*|often\s+comes?|usually|gérmenes|germen|resfriado|virus|suele|a\s+menudo)\b/i;
function withoutCauseGuess(text: string): string {
  return text
    .split(/(?<=[.!?])\s+/)
    .filter((x) => !CAUSE_GUESS.test(x))
    .join(" ");
}

/** A condition told as over: "in the past", "not anymore", "as a child", "used to have", "in 1961". */
const PAST_ONLY =
  /\b(?:in\s+the\s+past|not\s+any\s?more|no\s+longer|as\s+a\s+(?:kid|child)|when\s+i\s+was\s+(?:a\s+)?(?:kid|child|little|young(?:er)?)|used\s+to\s+have|grew\s+out\s+of|in\s+(?:19\d\d|nineteen\s+\w+))\b/i;

/** What the patient wears or uses from today (plan.extract.ts HOME_INSTRUCTIONS keys). */
const DEVICES = new Set(["brace", "splint", "sling", "crutches", "cast"]);

/**
 * Exercises the clinician places in physical therapy or rehabilitation ("therapy will show you the
 * exercises", "after surgery you'll start rehab"): that is the plan, never the leaflet's "Try exercise".
 */
const THERAPY = /\b(?:physical\s+therap\w*|physio\w*|therapists?|rehab\w*|pt)\b/i;
/** Exercises the patient already does and is told to go on with. */
const GO_ON = /\b(?:continu\w*|keep\s+(?:up|doing|on)|stick\s+with|maintain\w*)\b/i;

/** Treatments done by the care team, not tried by the patient. */
const PROCEDURES = new Set(["surgery", "injection", "vaccine", "cast"]);

const isSurgeryRecommendedIn = (f: Finding): boolean =>
  f.details.category === "treatment" && f.evidence.some((e) => isSurgeryRecommended(e.quote));

/** Entries in "What we talked about" beyond which symptoms are listed in one line, to stay short. */
const MAX_EXPLAINED = 6;

const sentenceCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Terms said as letters are written in capitals: GERD, COPD, MRI. */
const ACRONYM = /^(?:gerd|copd|bph|uti|mri|ekg|ecg|ent|dvt|adhd|ibs|covid-19|ct scan|hiv)$/i;
const titleOf = (term: string): string =>
  ACRONYM.test(term) ? term.toUpperCase().replace("SCAN", "scan") : sentenceCase(term);

// What the clinician thinks today: not a past history, an exam finding or the patient's own word.
const isClinicianAssessment = (f: Finding): boolean =>
  f.kind === "assessment" && !/\(patient-reported\)\s*$|^history of\b|^on exam:/i.test(f.text);

function medicineChange(f: Finding, stopPlanned: boolean, instructed: boolean): MedicineChange {
  switch (f.details.status) {
    case "started":
      return "new";
    case "changed":
      return "changed";
    case "stopped":
      return stopPlanned ? "stopped" : "not taking now";
    // "Keep taking" is an instruction; taken with none from the clinician, the row says only that.
    case "continued":
      return instructed ? "keep taking" : "taking";
    case "once":
      return "given once";
    // A medicine with no status said (added by hand without one) is not "keep taking": that could
    // tell a patient to keep taking what the clinician meant to stop.
    case undefined:
      return "ask us";
  }
}

/** Sentences with their own punctuation ("Dr. Rivera" is one). */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=(?<!\b(?:Dr|Dra|Mr|Mrs|Ms|Mx|Sr|Sra|St))[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z0-9]/.test(s));
}

/** Removes every sentence said before (case and spacing aside), so nothing is read twice. */
class Once {
  private readonly seen = new Set<string>();
  private key = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  /** The text with sentences already used taken out; "" when nothing new is left. */
  keep(text: string): string {
    const out: string[] = [];
    for (const s of sentencesOf(text)) {
      const k = this.key(s);
      if (this.seen.has(k)) continue;
      this.seen.add(k);
      out.push(s);
    }
    return out.join(" ");
  }
}

/** The summary's composer in one language: the same findings, that language's words. */
class Composer {
  constructor(private readonly p: Phrases) {}

  /** The first candidate whose every sentence is easy enough; the last is plain by construction. */
  plainest(...candidates: (string | undefined | false)[]): string {
    const usable = candidates.filter((c): c is string => typeof c === "string" && c.trim().length > 0);
    return usable.find((c) => this.p.isPlain(c)) ?? usable[usable.length - 1] ?? "";
  }

  private easy = (x: string | undefined): x is string => !!x && this.p.isPlain(x);

  /** One medicine row as the patient reads it: the name they know, the generic in brackets. */
  medicineRow(f: Finding, stopPlanned: boolean, instructed = true): SummaryMedicine {
    const term = f.term ?? f.text.replace(/\s*\(.*$/, "");
    const said = f.details.saidAs;
    const name = this.p.drugName(sentenceCase(said ?? term));
    const cls = drugClassOf(f.term, said);
    const purpose = cls ? this.p.medicinePurpose(cls) : undefined;
    const change = medicineChange(f, stopPlanned, instructed);
    const tip = cls ? this.p.medicineTip(cls) : undefined;
    const dose = this.p.detail(f.details.dose);
    // The course's length is part of how to take it ("every six hours for two weeks").
    const how =
      [this.p.detail(f.details.frequency), this.p.detail(f.details.duration)].filter(Boolean).join(" ") ||
      undefined;
    return {
      findingId: f.id,
      name,
      ...(said && said.toLowerCase() !== term.toLowerCase() ? { generic: this.p.drugName(term) } : {}),
      ...(dose ? { dose } : {}),
      ...(how ? { how } : {}),
      ...(purpose ? { purpose } : {}),
      change,
      ...(tip && (change === "new" || change === "changed" || change === "keep taking" || change === "taking")
        ? { note: tip }
        : {}),
    };
  }

  symptomEntry(f: Finding, quotes: SummaryQuote[], trace?: SummaryTrace): SummaryEntry {
    const p = this.p;
    const term = f.term ?? "";
    const plain = p.plain(term) ?? term;
    const d = f.details;
    const how = [p.detail(d.severity), p.detail(d.duration ?? d.onset)].filter(Boolean).join(", ");
    // The title already names it; only what the patient said about it is worth a sentence.
    const told = how ? this.plainest(p.s.toldAbout(plain, how), p.s.hadIt(how)) : undefined;
    // The guide's self-care advice ("Rest, fluids and sleep can help.") is the engine's leaflet,
    // said by nobody in the visit: the patient would read it as their clinician's care (blind
    // audits s20, s21: "false reassurance" beside a first-ever headache with vomiting). It is
    // withheld whole and listed for the clinician.
    for (const x of sentencesOf(p.symptomGuide(term) ?? ""))
      trace?.withhold("talked", x, [f], "leaflet-not-said");
    const definition = p.symptomDefinition(term);
    const defined = definition && withoutCauseGuess(definition);
    if (trace && definition && defined !== definition)
      for (const x of sentencesOf(definition).filter((y) => !sentencesOf(defined ?? "").includes(y)))
        trace.withhold("talked", x, [f], "cause-not-said");
    const text = [told, defined].filter(this.easy).join(" ");
    return { findingIds: [f.id], title: sentenceCase(p.bare(plain)), text, quotes };
  }

  conditionEntry(f: Finding, quotes: SummaryQuote[], trace?: SummaryTrace): SummaryEntry {
    const p = this.p;
    const term = f.term ?? "";
    const plain = p.plain(term) ?? term;
    const possible = /^possible\b/i.test(f.text);
    const reported = /\(patient-reported\)\s*$/i.test(f.text);
    // "I just had asthma in the past. But not anymore.": had, not has (blind audit s18b).
    const over = f.evidence.some((e) => PAST_ONLY.test(e.quote));
    const lead = possible
      ? this.plainest(p.s.couldBe(plain), p.s.couldBeIt)
      : reported
        ? this.plainest(over ? p.s.youHad(plain) : p.s.youHave(plain))
        : undefined;
    // "Migraine headaches", not "Migraine headaches (Migraine)"; "High blood pressure (hypertension)".
    const title =
      p.language !== "en"
        ? sentenceCase(p.bare(plain))
        : p.bare(plain).toLowerCase() === term.toLowerCase()
          ? titleOf(term)
          : p.bare(plain).toLowerCase().includes(term.toLowerCase())
            ? sentenceCase(p.bare(plain))
            : `${sentenceCase(p.bare(plain))} (${titleOf(term)})`;
    // "Most get better in a few weeks" is said of a problem found today, not of a past one or a guess.
    // Where on the body it was said (its text, else the words beside it): a limb's advice is not
    // given for the back or neck.
    const said = [
      f.text,
      ...f.evidence.flatMap((e) =>
        conditionMatcher
          .find(e.quote)
          .filter((m) => m.term === term)
          // "strained a muscle in your lower back": the place may follow, within the sentence.
          .map(
            (m) =>
              `${
                e.quote
                  .slice(Math.max(0, m.start - 30), m.start)
                  .split(/[.?!]/)
                  .pop() ?? ""
              }${e.quote.slice(m.start, m.end + 40).split(/[.?!]/)[0] ?? ""}`,
          ),
      ),
    ].join(" ");
    // A condition's advice ("Rest and drink fluids.") is the engine's leaflet, not this visit's
    // care: withheld and listed for the clinician; what the word means stays.
    const guide = conditionGuideAt(term, said, p.conditionGuide, p.symptomGuide);
    for (const x of sentencesOf(guide ?? "")) trace?.withhold("talked", x, [f], "leaflet-not-said");
    const text = [lead, p.conditionDefinition(term)].filter(this.easy).join(" ");
    return { findingIds: [f.id], title, text, quotes };
  }

  /** What to do for one plan finding, in one short sentence, or undefined. */
  todoOf(f: Finding, medicines: Map<string, SummaryMedicine>, physicalTherapy = false): string | undefined {
    const p = this.p;
    const d = f.details;
    if (d.category === "test") {
      const plain = p.plain(f.term) ?? p.s.aTest;
      // "Get blood tests next week": the time said with the order, when one was.
      const when = p.detail(d.when);
      return this.plainest(
        when && p.s.getTestWhen(plain, when),
        p.s.getTest(plain),
        p.s.getTestDone(plain),
        p.s.getTestBelow,
      );
    }
    if (d.category === "referral") {
      const who = p.referralWho(f.term) ?? p.s.anExpert;
      return this.plainest(p.s.see(who.replace(/,.*$/, "")), p.s.seeBelow);
    }
    const med = f.term ? medicines.get(f.term) : undefined;
    if (med) {
      const name = med.name;
      const how = med.how ?? "";
      if (med.change === "new")
        return this.plainest(
          p.s.start(name, how),
          p.s.startName(name),
          med.purpose && p.s.startPurpose(med.purpose),
          p.s.startNew,
        );
      if (med.change === "stopped") return this.plainest(p.s.stop(name), p.s.stopMarked);
      if (med.change === "changed") return this.plainest(p.s.changed(name), p.s.changedGeneric);
      // "Continue X" in the plan reads "keep taking" only when the medicine's own status says so.
      if (/^continue\b/i.test(f.text) && med.change === "keep taking")
        // Never the blanket "keep taking your medicines": it would cover medicines nobody said to go on with.
        return this.plainest(p.s.keep(name, how), p.s.keepName(name));
      return undefined;
    }
    // An antibiotic named by its kind only when none is named: a new doxycycline says it already.
    if (f.term === "antibiotics" && [...medicines.keys()].some((t) => drugClassOf(t) === "antibiotic"))
      return undefined;
    // Care at home ("weigh yourself every day") in the patient's words, written for each instruction.
    const home = homeInstructionFor(f.term, p.language);
    if (home) return home;
    // "Try surgery" is no instruction: a procedure is the clinician's to set up and explain. An
    // operation the clinician recommends or schedules is still what happens next: dropped, the
    // patient with a broken wrist to fix reads only "come back in a month".
    if (f.term === "surgery" && isSurgeryRecommendedIn(f)) return p.s.surgeryNext;
    if (PROCEDURES.has(f.term ?? "")) return undefined;
    if (f.term === "exercise") {
      const said = f.evidence.map((e) => e.quote).join(" ");
      // Physical therapy (also after an operation) is what was planned: its own line, if any, says it.
      if (THERAPY.test(said)) return physicalTherapy ? undefined : p.s.therapyAsPlanned;
      if (/\b(?:surgery|operation|fracture|broken)\b/i.test(said)) return undefined;
      if (GO_ON.test(said)) return p.s.keepExercising;
    }
    const plain = p.plain(f.term);
    return plain ? this.plainest(p.s.tryIt(plain)) : undefined;
  }

  /**
   * One next step in the patient's words: the to-do and the "Your next visit" line. Read again from
   * the sentence the finding cites (next-step.extract.ts), so who, what for and on what condition
   * are the clinician's words; what cannot be said faithfully in this language gives the plain line.
   * No "call us to set it up": nobody said it.
   */
  nextStepLines(f: Finding, Who: string): { todo?: string; next?: string } {
    const p = this.p;
    const kind = isVisitHere(f.text) ? "visit" : /^no\s+follow-up/i.test(f.text) ? "none" : "elsewhere";
    // Read again from the quote; else from the line itself ("Follow up with your pcp in a month").
    const step: Omit<NextStep, "cue"> = f.evidence
      .flatMap((e) => nextStepsOf(e.quote))
      .find((x) => nextStepText(x) === f.text) ?? {
      kind,
      ...(f.details.when ? { when: f.details.when } : {}),
      ...(kind === "elsewhere"
        ? {
            who: f.text
              .replace(/^follow\s+up\s+with\s+/i, "")
              .replace(f.details.when ? ` ${f.details.when}` : /$^/, "")
              .trim(),
          }
        : {}),
    };
    const when = p.detail(step.when);
    const purpose = step.purpose ? p.detail(step.purpose) : undefined;
    const condition = step.condition ? p.condition(step.condition) : undefined;
    const sooner = !!condition && /\bsooner\b/i.test(f.evidence.map((e) => e.quote).join(" "));
    if (step.kind === "none") {
      if (step.condition && !condition) return {};
      const line = this.plainest(p.s.noVisit(condition));
      return { todo: line, next: line };
    }
    if (step.kind === "elsewhere") {
      const who = this.whoOf(step.who);
      const line = who ? this.plainest(p.s.seeWho(who, when)) : this.plainest(p.s.seeOther(when));
      return { todo: line, next: line };
    }
    if ((step.condition && !condition) || (step.when && !when)) return { todo: p.s.comeBackSaid };
    if (!when && !condition) return { todo: p.s.comeBackSaid, next: p.s.nextVisitPlain };
    const todo = this.plainest(
      p.s.comeBackAs(when, purpose, condition, sooner),
      p.s.comeBackAs(when, undefined, condition, sooner),
      when ? p.s.comeBack(when) : undefined,
      when ? p.s.comeBackUs(when) : undefined,
      p.s.comeBackSaid,
    );
    const next = when
      ? this.plainest(
          p.s.nextVisit(Who, [when, purpose].filter(Boolean).join(" ")),
          p.s.nextVisit(Who, when),
          p.s.nextVisitUs(when),
        )
      : undefined;
    return { todo, ...(next ? { next } : {}) };
  }

  /**
   * A test's or referral's title: the plain name with the clinical one the patient will hear when
   * the office calls ("Heart ultrasound (echocardiogram)"), as conditions are titled; English only.
   */
  titleWithTerm(plain: string, term: string): string {
    const p = this.p;
    const bare = p.bare(plain);
    if (p.language !== "en" || !term || bare.toLowerCase().includes(term.toLowerCase()))
      return sentenceCase(bare);
    return `${sentenceCase(bare)} (${titleOf(term)})`;
  }

  /** Whom a visit elsewhere is with: the plain name of a specialty, else the words said (English only). */
  whoOf(said: string | undefined): string | undefined {
    if (!said) return undefined;
    const p = this.p;
    const bare = said.replace(/^(?:your|the|a|an|our)\s+/i, "");
    const m = referralMatcher.find(bare).find((x) => x.start === 0 && x.end >= bare.length - 1);
    const plain = m ? p.referralWho(m.term)?.replace(/,.*$/, "") : undefined;
    // "Your cardiologist" is the patient's own: "your heart doctor", not "a heart doctor".
    if (plain)
      return /^your\s/i.test(said)
        ? plain.replace(/^(?:a|an|un|una)\s+/i, p.language === "en" ? "your " : "su ")
        : plain;
    // "Doctor Ramirez", "your eye doctor": a name or the clinician's words, read as said.
    return p.language === "en"
      ? said
      : /^(?:doctor|dr\.?)\s+\w+$/i.test(said)
        ? said.replace(/^dr\.?|^doctor/i, p.s.doctorTitle)
        : undefined;
  }

  compose(findings: Finding[], options: ComposeOptions, trace = new SummaryTrace()): PatientSummary {
    const p = this.p;
    // "Your clinician" at the start of a sentence, "your clinician" inside one.
    const Who = options.clinicianName ?? p.yourClinician.start;
    const who = options.clinicianName ?? p.yourClinician.inside;
    const quotesOf = options.quotesOf ?? (() => []);
    // A medicine the patient turned down is the clinician's to see, like a declined order.
    const byKind = (k: Finding["kind"]) =>
      findings.filter((f) => f.kind === k && !(k === "medication" && isDeclinedPlan(f)));

    // Medicines, one row each; a plan to stop one makes "stopped" an instruction, not a history.
    // An order the patient turned down is not theirs to do; one named only as a possibility
    // ("if it is not better, we'll get an MRI") is listed as such, never as a to-do for today.
    const plans = byKind("plan").filter(isPlanToDo);
    const stopPlanned = new Set(plans.filter((x) => /^stop\b/i.test(x.text)).map((x) => x.term));
    const medicineRows = byKind("medication").map((f) => {
      const instructed = f.details.status !== "continued" || continueInstructed(f, findings);
      const row = this.medicineRow(f, stopPlanned.has(f.term), instructed);
      if (!instructed)
        trace.withhold(
          "medicine",
          `${row.name}: ${summaryLabels[p.language].changes["keep taking"]}.`,
          [f],
          "keep-taking-without-instruction",
        );
      return row;
    });
    // Tried without relief: "ask us" or "you take it now" would read as one to take (beside its
    // replacement, as two). Stopped before this visit with no stop said today ("i used to be on an insulin pump"):
    // history for the clinician's note; "not taking now" reads to the patient as an order.
    const withheldRows = new Set<string>();
    byKind("medication").forEach((f, i) => {
      const row = medicineRows[i];
      if (!row) return;
      const rule =
        (row.change === "ask us" || row.change === "taking") && triedWithoutRelief(f, findings)
          ? "tried-without-relief"
          : row.change === "not taking now"
            ? "stopped-before-visit"
            : undefined;
      if (!rule) return;
      withheldRows.add(row.findingId);
      trace.withhold("medicine", `${row.name}: ${summaryLabels[p.language].changes[row.change]}.`, [f], rule);
    });
    const medByTerm = new Map(
      byKind("medication").flatMap((f, i) =>
        f.term && medicineRows[i] ? [[f.term, medicineRows[i]] as const] : [],
      ),
    );

    // Why you came.
    const chief = byKind("chief_concern")[0];
    const symptoms = byKind("symptom");
    const chiefPlain = chief
      ? /\b(?:annual|yearly|physical|check[- ]?up|wellness)\b/i.test(chief.text)
        ? p.s.yearly
        : // "left leg pain" as the clinician said it says more than "pain".
          ((p.language === "en" && /^(?:pain|swelling)$/.test(chief.term ?? "")
            ? chief.text.replace(/^Chief concern:\s*/i, "")
            : undefined) ??
          p.plain(chief.term) ??
          (p.language === "en" ? chief.text.replace(/^Chief concern:\s*/i, "") : undefined))
      : symptoms[0]
        ? p.plain(symptoms[0].term)
        : undefined;
    const why = chiefPlain
      ? this.plainest(p.s.why(who, lower(chiefPlain)), p.s.whyUs(lower(chiefPlain)), p.s.whyVisitUs)
      : this.plainest(p.s.whyVisit(who), p.s.whyVisitUs);

    // What the clinician thinks (in another language, only what it can name).
    const assessed = findings.filter(isClinicianAssessment);
    // "Possible contusion" is read "it may be contusion": the hedge is the sentence's, not the name's.
    const named = (f: Finding) =>
      p.plain(f.term) ?? (p.language === "en" ? f.text.replace(/^possible\s+/i, "") : undefined);
    const sure = assessed
      .filter((f) => !/^possible\b/i.test(f.text))
      .map(named)
      .filter((x): x is string => !!x)
      .map(lower);
    const maybe = assessed
      .filter((f) => /^possible\b/i.test(f.text))
      .map(named)
      .filter((x): x is string => !!x)
      .map(lower);
    // What the clinician is unsure of is said too: a possible Lyme disease is no less today's
    // problem for a known hypertension and diabetes beside it (blind audit s17).
    const alsoMaybe =
      maybe.length > 0
        ? this.plainest(p.s.mayAlsoHave(Who, p.or(maybe.slice(0, 2))), p.s.mayAlsoHave(Who, maybe[0] ?? ""))
        : undefined;
    const thinks =
      sure.length > 0
        ? [
            this.plainest(
              p.s.thinks(Who, p.and(sure.slice(0, 3))),
              p.s.thinks(Who, sure[0] ?? ""),
              // A long name can tip a sentence over; "we" is the care team the patient saw.
              p.s.weThink(p.and(sure.slice(0, 3))),
              p.s.weThink(sure[0] ?? ""),
            ),
            alsoMaybe,
          ]
            .filter(Boolean)
            .join(" ")
        : maybe.length > 0
          ? this.plainest(
              p.s.mayBe(Who, p.or(maybe.slice(0, 2))),
              p.s.mayBe(Who, maybe[0] ?? ""),
              p.s.weThinkMayBe(p.or(maybe.slice(0, 2))),
              p.s.weThinkMayBe(maybe[0] ?? ""),
            )
          : undefined;

    // Things to do: medicine changes first, then tests, referrals, the next visit, the rest.
    // A medicine to go on with as before comes last: the list holds four, and what changes today
    // (a new medicine, a test, care at home) is what the patient must not miss.
    const rank = (f: Finding) =>
      f.details.category === "treatment" && f.term && medByTerm.has(f.term)
        ? medByTerm.get(f.term)?.change === "keep taking"
          ? 5
          : 0
        : // A brace, splint, sling or crutches to use from today is not to be cut off the list.
          DEVICES.has(f.term ?? "")
          ? 0.5
          : f.details.category === "test" || (f.term === "surgery" && isSurgeryRecommendedIn(f))
            ? 1
            : f.details.category === "referral"
              ? 2
              : 4;
    const physicalTherapy = plans.some(
      (x) => x.details.category === "referral" && x.term === "physical therapy",
    );
    const todo: string[] = [];
    // Which finding(s) each to-do rests on.
    const todoFrom = new Map<string, Finding[]>();
    for (const x of plans.filter((y) => !isConditionalPlan(y)).sort((a, b) => rank(a) - rank(b))) {
      const t = this.todoOf(x, medByTerm, physicalTherapy);
      if (t && !todo.includes(t)) todo.push(t);
      if (t) todoFrom.set(t, [...(todoFrom.get(t) ?? []), x]);
    }
    const medicineFinding = new Map(byKind("medication").map((f) => [f.id, f]));
    for (const m of medicineRows) {
      if (m.change !== "new" || todo.some((t) => t.includes(m.name))) continue;
      const t = this.plainest(
        p.s.start(m.name, m.how ?? ""),
        p.s.startName(m.name),
        m.purpose && p.s.startPurpose(m.purpose),
        p.s.startNew,
      );
      todo.unshift(t);
      todoFrom.set(
        t,
        [medicineFinding.get(m.findingId)].filter((f): f is Finding => !!f),
      );
    }
    // What comes next, each step as the clinician said it: a visit (its interval or the event it
    // waits for, what it is for, a condition), a visit with someone else, no visit needed.
    const steps = byKind("follow_up");
    const noVisit = steps.some((f) => /^no\s+follow-up/i.test(f.text));
    const firstTimed = steps.find((f) => isVisitHere(f.text) && f.details.when);
    const referred = new Set(plans.filter((x) => x.details.category === "referral").map((x) => x.term));
    const nextSteps = steps
      .filter(
        (f) =>
          // One visit here: the first with its time (the engine drops the untimed one beside it);
          // "no visit needed" makes an untimed "follow up" said in passing no visit.
          !isVisitHere(f.text) ||
          (f.details.when ? f === firstTimed : !firstTimed && !(noVisit && !/\bif|unless\b/.test(f.text))),
      )
      .map((f) => ({ f, ...this.nextStepLines(f, Who) }))
      // "Follow up with your dermatologist" beside the referral to dermatology, with no time: said once.
      .filter(
        (x) =>
          isVisitHere(x.f.text) ||
          /^no\s+follow-up/i.test(x.f.text) ||
          x.f.details.when ||
          !referralMatcher
            .find(x.f.text.replace(/^follow\s+up\s+with\s+/i, ""))
            .some((m) => referred.has(m.term)),
      );
    const followUp = nextSteps[0]?.f;
    const stepTodos = nextSteps.filter((x) => x.todo);
    todo.splice(Math.min(3, todo.length), 0, ...stepTodos.map((x) => x.todo as string));
    for (const x of stepTodos) todoFrom.set(x.todo as string, [x.f]);
    // No blanket "keep taking your medicines as before": a "continued" read from the chart or a
    // recap is not the clinician's instruction, and the medicine list already shows each one.

    // When to get help: the clinician's own words, once; without them, the signs that fit the
    // conditions the clinician named today. The swelling sign of a new medicine comes last and
    // never stands in for a specific sign as the one line in "Your visit in short".
    // What the clinician sent to the office ("if it is not better in a week, give us a call") is
    // never turned into "Call 911"; only the urgent signs go to the "right away" list.
    const warnings = byKind("warning_sign").map((f) => warningParts(f.text));
    const saidAs = (...levels: WarningLevel[]) => [
      ...new Set(warnings.filter((w) => levels.includes(w.level)).map((w) => p.sign(w.what))),
    ];
    const said = saidAs("emergency");
    const toCall = saidAs("clinic-now", "clinic");
    // "Come back and see me straight away if…": the clinic, right away.
    const now = warnings.some((w) => w.level === "clinic-now");
    const dial = options.emergencyNumber ?? DEFAULT_EMERGENCY_NUMBER;
    const [callUs, helpCall] = now
      ? [p.s.callUsNow, (sign: string) => p.s.helpCallNow(dial, sign)]
      : [p.s.callUs, (sign: string) => p.s.helpCall(dial, sign)];
    const fitting = [
      ...new Set(
        // Thoughts of not wanting to live, said today, first; then the visit's own problem; the 988
        // line of a depression seen beside it after.
        [
          ...symptoms.filter((f) => f.term === "suicidal thoughts").map((f) => f.term),
          ...[...assessed.map((f) => f.term), chief?.term].sort(
            (a, b) => Number(a === "depression") - Number(b === "depression"),
          ),
        ]
          .map((term) => conditionSign(term, p.language))
          .filter((x): x is string => !!x),
      ),
    ].slice(0, 2);
    const specific = said.length > 0 ? said : fitting;
    const signs = [...specific];
    if (medicineRows.some((m) => m.change === "new")) signs.push(p.s.swellingSign);
    // With an emergency line given, what to call the office for is said after it, not dropped.
    const alsoCall =
      toCall.length > 0 ? ` ${this.plainest(callUs(p.or(toCall.slice(0, 2))), callUs(toCall[0] ?? ""))}` : "";
    const help =
      said.length > 0 || (toCall.length === 0 && specific.length > 0)
        ? this.plainest(
            p.s.helpEmergency(dial, specific[0] ?? "", signs.length > 1),
            p.s.helpEmergencyList(dial),
          ) + alsoCall
        : toCall.length > 0
          ? this.plainest(
              helpCall(p.or(toCall.slice(0, 2))),
              helpCall(toCall[0] ?? ""),
              p.s.helpDefault(dial),
            )
          : p.s.helpDefault(dial);

    // Tests and referrals: what, why, what happens next.
    const tests: SummaryEntry[] = plans
      .filter((x) => x.details.category === "test" || x.details.category === "referral")
      .map((x) => {
        if (isConditionalPlan(x)) {
          const term = x.term ?? "";
          const name =
            x.details.category === "referral" ? (p.referralName(term) ?? term) : (p.plain(term) ?? term);
          return {
            findingIds: [x.id],
            title: this.titleWithTerm(name, term),
            text: this.plainest(p.s.mayNeedLater(lower(p.bare(name))), p.s.mayNeedLater(p.s.aTest)),
            quotes: quotesOf(x),
          };
        }
        if (x.details.category === "test") {
          const term = x.term ?? "";
          return {
            findingIds: [x.id],
            title: this.titleWithTerm(p.plain(term) ?? term, term),
            text: [p.testDefinition(term), p.testNext(term), p.s.results].filter(this.easy).join(" "),
            quotes: quotesOf(x),
          };
        }
        const whoText = p.referralWho(x.term) ?? p.s.anExpert;
        const name = x.term ? (p.referralName(x.term) ?? x.term) : p.s.anExpert;
        return {
          findingIds: [x.id],
          title: this.titleWithTerm(name, x.term ?? ""),
          text: [this.plainest(p.s.youWillSee(whoText), p.s.youWillSeeExpert), p.s.officeCalls]
            .filter(this.easy)
            .join(" "),
          quotes: quotesOf(x),
        };
      });

    // What we talked about: conditions first, then symptoms; past a few, symptoms in one line.
    const conditions = byKind("assessment").map((f) => this.conditionEntry(f, quotesOf(f), trace));
    const chiefTerms = new Set((chief?.text ?? "").replace(/^Chief concern:\s*/i, "").split(/,\s*/));
    const orderedSymptoms = [...symptoms].sort(
      (a, b) => Number(!chiefTerms.has(a.term ?? "")) - Number(!chiefTerms.has(b.term ?? "")),
    );
    const room = Math.max(0, MAX_EXPLAINED - conditions.length);
    const entries = orderedSymptoms
      .slice(0, room)
      .map((f) => [f, this.symptomEntry(f, quotesOf(f), trace)] as const);
    // A symptom left with nothing to say once its leaflet is withheld is still named, in the one line.
    const explained = entries.filter(([, e]) => e.text.trim()).map(([, e]) => e);
    const rest = [
      ...entries.filter(([, e]) => !e.text.trim()).map(([f]) => f),
      ...orderedSymptoms.slice(room),
    ];
    const talkedAbout = [...conditions.slice(0, MAX_EXPLAINED), ...explained];
    const restNamed = rest
      .map((f) => p.plain(f.term) ?? (p.language === "en" ? f.text.toLowerCase() : undefined))
      .filter((x): x is string => !!x);
    if (restNamed.length > 0)
      talkedAbout.push({
        findingIds: rest.map((f) => f.id),
        title: p.s.alsoTold,
        text: `${sentenceCase(p.and(restNamed))}.`,
        quotes: [],
      });
    const numbers = byKind("measurement");
    const numberLines = numbers
      .map((f) => p.measurement(f.term, f.text, f.details.value))
      .filter((x): x is string => !!x);
    if (numberLines.length > 0)
      talkedAbout.push({
        findingIds: numbers.map((f) => f.id),
        title: p.s.numbers,
        text: numberLines.join(" "),
        quotes: [],
      });
    const allergy = byKind("allergy");
    const allergies = allergy.filter((f) => f.term !== "no known allergies");
    if (allergy.length > 0)
      talkedAbout.push({
        findingIds: allergy.map((f) => f.id),
        // The allergen is named in the title: a drug's name in a sentence would not read easily.
        title: p.s.allergies(
          allergies.length > 0
            ? p.and(allergies.map((f) => p.allergen(f.term ?? f.text, f.details.saidAs)))
            : undefined,
        ),
        text: allergies.length > 0 ? p.s.tellAllergy : p.s.noAllergies,
        quotes: allergy.flatMap((f) => quotesOf(f)).slice(0, 2),
      });

    const nextVisit = nextSteps
      .map((x) => x.next)
      .filter(Boolean)
      .join(" ");

    // Nothing is read twice: each sentence is kept where it first appears, in reading order.
    const once = new Once();
    const whyKept = once.keep(why);
    const thinksKept = thinks ? once.keep(thinks) : undefined;
    const todoShown = todo
      .slice(0, 4)
      .map((t) => [t, once.keep(t)] as const)
      .filter(([, kept]) => kept);
    const inShort = {
      why: whyKept,
      ...(thinksKept !== undefined ? { thinks: thinksKept } : {}),
      todo: todoShown.map(([, kept]) => kept),
      help: once.keep(help),
    };
    const medicines = medicineRows
      .filter((m) => !withheldRows.has(m.findingId))
      .map((m) => {
        // A tip already given for another medicine is not repeated; the row itself names its medicine.
        const note = m.note ? once.keep(m.note) : "";
        const { note: _, ...row } = m;
        once.keep(`${medicineLabel(row)}: ${medicineLine(row, p.language)}`);
        return note ? { ...row, note } : row;
      });
    const keepEntry = (e: SummaryEntry): SummaryEntry | undefined => {
      const text = once.keep(e.text);
      return text ? { ...e, text } : undefined;
    };
    const testsKept = tests.map(keepEntry).filter((e): e is SummaryEntry => !!e);
    const nextKept = nextVisit ? once.keep(nextVisit) : "";
    const getHelp = {
      signs: signs.map((x) => once.keep(sentenceCase(x))).filter(Boolean),
      action: once.keep(p.s.actionEmergency(dial)),
    };
    const talkedKept = talkedAbout.map(keepEntry).filter((e): e is SummaryEntry => !!e);
    const shown = [why, thinks, ...todo, ...talkedKept.map((e) => e.text), ...testsKept.map((e) => e.text)]
      .join(" ")
      .toLowerCase();
    const words = Object.keys(p.glossary)
      .filter((w) => new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, "u").test(shown))
      .map((w) =>
        keepEntry({ findingIds: [], title: sentenceCase(w), text: p.glossary[w] ?? "", quotes: [] }),
      )
      .filter((e): e is SummaryEntry => !!e && e.text.length > 0);

    // Each line the patient reads, with the finding(s) and the kind of support it rests on.
    const byId = new Map(findings.map((f) => [f.id, f]));
    const ofIds = (ids: readonly string[]) => ids.map((id) => byId.get(id)).filter((f): f is Finding => !!f);
    const whyFrom = chief ?? symptoms[0];
    trace.line("why", inShort.why, whyFrom ? [whyFrom] : [], whyFrom ? supportOf(whyFrom) : "boilerplate");
    if (inShort.thinks) trace.line("thinks", inShort.thinks, assessed, "clinician-statement");
    for (const [t, kept] of todoShown) {
      const from = todoFrom.get(t) ?? [];
      trace.line("todo", kept, from, from[0] ? supportOf(from[0], true) : "boilerplate");
    }
    const helpFrom = said.length > 0 || toCall.length > 0 ? byKind("warning_sign") : assessed;
    trace.line(
      "help",
      inShort.help,
      helpFrom,
      said.length > 0 || toCall.length > 0
        ? "clinician-instruction"
        : specific.length > 0
          ? "guide"
          : "boilerplate",
    );
    for (const m of medicines) {
      const f = byId.get(m.findingId);
      if (f)
        trace.line(
          "medicine",
          `${medicineLabel(m)}: ${medicineLine(m, p.language)}`,
          [f],
          supportOf(f, m.change === "keep taking"),
        );
    }
    for (const e of testsKept)
      trace.line("test", `${e.title}: ${e.text}`, ofIds(e.findingIds), "clinician-instruction");
    if (nextKept && followUp)
      trace.line(
        "next",
        nextKept,
        nextSteps.map((x) => x.f),
        "clinician-instruction",
      );
    for (const x of getHelp.signs)
      trace.line(
        "sign",
        x,
        said.length > 0 ? byKind("warning_sign") : assessed,
        said.length > 0 ? "clinician-instruction" : "guide",
      );
    for (const e of talkedKept) trace.line("talked", `${e.title}: ${e.text}`, ofIds(e.findingIds), "guide");

    return {
      language: p.language,
      inShort,
      medicines,
      testsAndReferrals: testsKept,
      ...(nextKept ? { nextVisit: nextKept } : {}),
      getHelp: signs.length > 0 ? getHelp : { signs: [], action: "" },
      talkedAbout: talkedKept,
      words,
    };
  }
}

const composers: Record<SummaryLanguage, Composer> = {
  en: new Composer(phrasesFor.en),
  es: new Composer(phrasesFor.es),
};

export function composeSummary(findings: Finding[], options: ComposeOptions = {}): PatientSummary {
  return composeSummaryChecked(findings, options).summary;
}

/**
 * The summary with what it rests on: each line the patient reads with its finding(s) and support,
 * and what was kept from the patient for the clinician to check ("not sure, please check"): the
 * findings the verifier could not support and the lines the gate withheld.
 */
export function composeSummaryChecked(
  findings: Finding[],
  options: ComposeOptions = {},
): { summary: PatientSummary; lines: SummaryLine[]; withheld: WithheldLine[] } {
  // What the verifier could not support is for the clinician to check, never for the patient to read.
  const supported = findings.filter((f) => !f.details.uncertain);
  const trace = new SummaryTrace();
  const summary = composers[summaryLanguageOf(options.language)].compose(supported, options, trace);
  return { summary, lines: trace.lines, withheld: notSureForClinician(findings, trace) };
}

/** The summary in the visit's language first, then in the other languages the patient can switch to. */
export function composeSummaries(
  findings: Finding[],
  options: ComposeOptions = {},
): { document: PatientSummary; alternates: PatientSummary[] } {
  const language = summaryLanguageOf(options.language);
  const document = composeSummary(findings, { ...options, language });
  // A Spanish reader can switch to English (and the other way round only when asked for).
  const alternates = language === "en" ? [] : [composeSummary(findings, { ...options, language: "en" })];
  return { document, alternates };
}

/**
 * The summary as the patient reads it, section by section: the evaluation contract's
 * `sections` and `text`. An item that starts with a name and a colon ("MRI: …") is a row with
 * its label, as the page shows it.
 */
export function summarySections(doc: PatientSummary, clinicianName?: string): SummarySection[] {
  const language = summaryLanguageOf(doc.language);
  const {
    titles: SECTION_TITLES,
    inShort: IN_SHORT_LABELS,
    questionsLead,
    feedbackLead,
  } = summaryLabels[language];
  const name = clinicianName ?? phrasesFor[language].yourClinician.inside;
  const sections: SummarySection[] = [];
  const push = (title: string, items: string[]) => {
    const kept = items.filter((i) => i.trim().length > 0);
    if (kept.length > 0) sections.push({ title, items: kept });
  };
  push(SECTION_TITLES.inShort, [
    `${IN_SHORT_LABELS.why}: ${doc.inShort.why}`,
    doc.inShort.thinks ? `${IN_SHORT_LABELS.thinks}: ${doc.inShort.thinks}` : "",
    doc.inShort.todo.length > 0 ? `${IN_SHORT_LABELS.todo}: ${doc.inShort.todo.join(" ")}` : "",
    `${IN_SHORT_LABELS.help}: ${doc.inShort.help}`,
  ]);
  push(
    SECTION_TITLES.medicines,
    doc.medicines.map((m) => `${medicineLabel(m)}: ${medicineLine(m, language)}`),
  );
  push(
    SECTION_TITLES.tests,
    doc.testsAndReferrals.map((e) => `${e.title}: ${e.text}`),
  );
  push(SECTION_TITLES.next, doc.nextVisit ? [doc.nextVisit] : []);
  push(
    SECTION_TITLES.help,
    doc.getHelp.signs.length > 0
      ? [...doc.getHelp.signs.map((s) => `${s}.`.replace(/\.\.$/, ".")), doc.getHelp.action]
      : [],
  );
  push(
    SECTION_TITLES.talked,
    doc.talkedAbout.map((e) => `${e.title}: ${e.text}`),
  );
  push(
    SECTION_TITLES.words,
    doc.words.map((e) => `${e.title}: ${e.text}`),
  );
  push(SECTION_TITLES.questions, [questionsLead(name)]);
  push(SECTION_TITLES.feedback, [feedbackLead]);
  return sections;
}

export function summaryText(sections: SummarySection[]): string {
  return sections.map((s) => [s.title, ...s.items].join("\n")).join("\n\n");
}

const KIND_TITLES: Record<Finding["kind"], string> = {
  chief_concern: "Why you came",
  symptom: "How you feel",
  medication: "A medicine",
  allergy: "Allergies",
  measurement: "Your numbers",
  assessment: "What we found",
  plan: "Your plan",
  follow_up: "Your next visit",
  warning_sign: "When to get help",
};

/**
 * A release made before summaries were composed (migration 0007) kept only each finding's four
 * explanation parts: shown as "What we talked about", each sentence once.
 */
export function legacySummary(
  rows: {
    id: string;
    kind: Finding["kind"];
    explanation: { about: { text: string }; next: { text: string } };
  }[],
  emergencyNumber = DEFAULT_EMERGENCY_NUMBER,
): PatientSummary {
  const once = new Once();
  const chief = rows.find((r) => r.kind === "chief_concern");
  const why = once.keep(chief?.explanation.about.text ?? "You came to see us for a visit.");
  const help = once.keep(`If you feel much worse, call us. In an emergency, call ${emergencyNumber}.`);
  const talkedAbout = rows
    .filter((r) => r !== chief)
    .map((r) => ({
      findingIds: [r.id],
      title: KIND_TITLES[r.kind],
      text: once.keep(`${r.explanation.about.text} ${r.explanation.next.text}`),
      quotes: [],
    }))
    .filter((e) => e.text.length > 0);
  return {
    language: "en",
    inShort: { why, todo: [], help },
    medicines: [],
    testsAndReferrals: [],
    getHelp: { signs: [], action: "" },
    talkedAbout,
    words: [],
  };
}
