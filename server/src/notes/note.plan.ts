// The note's plan lines pass the same hedge check as the patient's summary (summary.gate.ts,
// `planHedgeKept`): a plan item, follow-up or spoken instruction whose own words around the item
// carry a negation, a hold-off, a condition or a possibility the line lost ("i don't think you need
// to follow up with the surgeon anymore" → never "Follow up with surgeon anymore.") is not the
// clinician's instruction and is left out of the note (the omissions list still shows what was
// said). One rule set for both, so the note and the summary cannot disagree about an order.
import type { Finding } from "@bedside/shared";
import { planHedgeKept, testOrderedInVisit } from "../findings/summary.gate.js";

/** A plan or follow-up finding the note may chart as the clinician's instruction. */
export function planFindingKept(f: Finding): boolean {
  const quotes = f.evidence.map((e) => e.quote);
  return planHedgeKept(f, quotes) && testOrderedInVisit(f, quotes);
}

/** Words a spoken line opens with that are not what it is about ("Order", "Refill"). */
const LEAD = /^(?:order|refill|start|continue|please|also|then|just|go ahead and)$/i;

/**
 * A line the clinician said as an order or instruction ("Follow up with surgeon anymore.", from
 * its turn's text), checked as a plan item named by its first content word.
 */
export function spokenPlanKept(line: string, turn: string): boolean {
  const words = line.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
  const anchor = words.find((w) => !LEAD.test(w) && w.length > 1);
  if (!anchor) return true;
  // "…anymore", "no longer" in the line itself: the negation is already lost from it.
  if (/\b(?:anymore|any more|no longer)\b/i.test(line)) return false;
  const f: Finding = {
    id: "spoken",
    kind: "plan",
    text: line,
    term: anchor,
    details: {},
    evidence: [{ segmentId: "spoken", quote: turn }],
  };
  return planHedgeKept(f, [turn.toLowerCase()]);
}

const UP =
  /\b(?:increas\w*|rais\w*|bump\w*\s+(?:it\s+|that\s+|\w+\s+)?up|go\s+up|going\s+up|doubl\w*|higher)\b/;
const DOWN =
  /\b(?:decreas\w*|lower\w*|reduc\w*|cut\w*\s+(?:it\s+|that\s+|\w+\s+)?(?:back|down)|go\s+down|going\s+down|halv\w*|wean\w*|drop\w*|less)\b/;

/**
 * Which way a changed dose went, as the clinician said it in the sentence naming the medicine
 * ("i want to increase your lasix to 80 milligrams"): "increase", "decrease", or undefined when
 * the sentence says neither or both (then the chart says "Change").
 */
export function doseDirection(f: Finding): "increase" | "decrease" | undefined {
  // The brand the text carries ("furosemide (lasix)") is how it may have been said.
  const brand = /\(([^)]+)\)/.exec(f.text)?.[1];
  const names = [f.term, f.details.saidAs, brand]
    .filter((x): x is string => !!x && x.length > 2)
    .map((x) => x.toLowerCase());
  if (names.length === 0) return undefined;
  let up = false;
  let down = false;
  for (const e of f.evidence)
    for (const s of e.quote.toLowerCase().split(/(?<=[.?!;])\s+/)) {
      if (/\?\s*$/.test(s)) continue;
      // Close to the name: "increase your lasix to 80", "the lasix, let's bump it up" — a turn
      // without punctuation is one long "sentence" whose other words are about other things.
      for (const n of names)
        for (let at = s.indexOf(n); at >= 0; at = s.indexOf(n, at + 1)) {
          const near = s.slice(Math.max(0, at - 40), at + n.length + 30);
          if (UP.test(near)) up = true;
          if (DOWN.test(near)) down = true;
        }
    }
  return up === down ? undefined : up ? "increase" : "decrease";
}
