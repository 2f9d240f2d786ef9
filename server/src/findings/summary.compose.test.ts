import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";
import { maxSentenceGrade, splitSentences } from "./readability.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `s${++n}`, speaker, text }));

// The scribed migraine visit of the e2e journey, as speech-to-text writes it.
const migraine = extractFindings(
  t(
    ["clinician", "what brings you in today"],
    ["patient", "i have had a really bad headache for three days and i feel sick to my stomach"],
    ["patient", "light hurts my eyes"],
    ["clinician", "i think this is a migraine"],
    ["clinician", "take ibuprofen four hundred milligrams every six hours"],
    ["clinician", "i will also prescribe sumatriptan fifty milligrams when a migraine starts"],
    ["clinician", "if you get weakness on one side or the worst headache of your life"],
    ["clinician", "go to the emergency room"],
    ["clinician", "follow up in two weeks"],
  ),
);

const sentencesOf = (doc: ReturnType<typeof composeSummary>) =>
  summarySections(doc).flatMap((s) => s.items.flatMap((i) => splitSentences(i)));

describe("the after-visit summary", () => {
  const doc = composeSummary(migraine, { clinicianName: "Dr. Rivera" });

  it("puts the visit in short first: why, what the clinician thinks, two to four things to do, when to get help", () => {
    expect(doc.inShort.why).toBe("You came to see Dr. Rivera about a headache.");
    expect(doc.inShort.thinks).toBe("Dr. Rivera thinks you have migraine headaches.");
    expect(doc.inShort.todo.length).toBeGreaterThanOrEqual(2);
    expect(doc.inShort.todo.length).toBeLessThanOrEqual(4);
    expect(doc.inShort.todo).toContain("Come back in two weeks.");
    expect(doc.inShort.help).toMatch(
      /^Call 911 if you have weakness on one side or the worst headache of your life/,
    );
    expect(summarySections(doc)[0]?.title).toBe("Your visit in short");
  });

  it("lists each medicine once with what it is for and what changes, and warns about swelling once", () => {
    const names = doc.medicines.map((m) => [m.name, m.change]);
    expect(names).toEqual([
      ["Ibuprofen", "new"],
      ["Sumatriptan", "new"],
    ]);
    expect(doc.medicines[0]).toMatchObject({
      dose: "400 milligrams",
      how: "every six hours",
      note: "Take it with food.",
    });
    const text = summaryText(summarySections(doc));
    expect(text.match(/swelling of your lips/gi)).toHaveLength(1);
    expect(doc.getHelp.signs).toEqual([
      "Weakness on one side or the worst headache of your life",
      "Swelling of your lips, face or throat, or trouble breathing",
    ]);
  });

  it("explains each problem specifically, never with the old boilerplate", () => {
    const text = summaryText(summarySections(doc));
    expect(text).not.toMatch(/This is a sign from your body/);
    expect(text).not.toMatch(/This is the main thing we looked at/);
    expect(text).not.toMatch(/If you feel much worse, get help now/);
    const migraineEntry = doc.talkedAbout.find((e) => /migraine/i.test(e.title));
    expect(migraineEntry?.text).toMatch(/dark, quiet room/);
  });

  it("never repeats a sentence, and every sentence after a label reads at grade 6 or below", () => {
    const sentences = sentencesOf(doc).map((s) => s.toLowerCase());
    expect(new Set(sentences).size).toBe(sentences.length);
    for (const item of summarySections(doc).flatMap((s) => s.items)) {
      const body = item.replace(/^[^:.!?\n]{1,80}:\s+/, "");
      for (const s of splitSentences(body)) expect(maxSentenceGrade(s), s).toBeLessThanOrEqual(6);
    }
  });

  it("keeps the name the patient knows, with the generic in brackets", () => {
    const fs = extractFindings(
      t(["patient", "I take Synthroid for my low thyroid and I used to take Aspirin."]),
    );
    const d = composeSummary(fs);
    expect(d.medicines.map((m) => [m.name, m.generic, m.change])).toEqual([
      ["Synthroid", "levothyroxine", "keep taking"],
      ["Aspirin", undefined, "not taking now"],
    ]);
    // A medicine the patient keeps taking gets no swelling warning.
    expect(summaryText(summarySections(d))).not.toMatch(/swelling of your lips/i);
  });

  it("tells a visit without findings plainly, and never invents to-dos", () => {
    const d = composeSummary([] as Finding[]);
    expect(d.inShort).toEqual({
      why: "You came to see your clinician for a visit.",
      todo: [],
      help: "If you feel much worse, call us. In an emergency, call 911.",
    });
    expect(d.medicines).toEqual([]);
  });
});
