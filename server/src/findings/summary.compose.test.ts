import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummaries, composeSummary, summarySections, summaryText } from "./summary.compose.js";
import { maxSentenceGrade, splitSentences } from "./readability.js";
import { fernandezHuerta } from "./readability-es.js";

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
    expect(migraineEntry?.text).toMatch(/bad headache that comes back/);
    // The leaflet's "a dark, quiet room" is nobody's advice in this visit.
    expect(migraineEntry?.text).not.toMatch(/dark, quiet room/);
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
      // Taken, with no word from the clinician to go on with it: not "keep taking" (summary.gate).
      ["Synthroid", "levothyroxine", "taking"],
      // Stopped before the visit, nobody stopped it today: the note's, not a row that reads as an
      // order (summary.gate "stopped-before-visit").
    ]);
    // A medicine the patient keeps taking gets no swelling warning.
    expect(summaryText(summarySections(d))).not.toMatch(/swelling of your lips/i);
  });

  it("tells a visit without findings plainly, and never invents to-dos", () => {
    const d = composeSummary([] as Finding[]);
    expect(d.inShort).toEqual({
      why: "You came to see your clinician for a visit.",
      todo: [],
      help: "As always, call us if you feel much worse. In an emergency, call 911.",
    });
    expect(d.medicines).toEqual([]);
  });
});

describe("the after-visit summary in Spanish", () => {
  // The same approved findings; the visit's preferred language is Spanish.
  const es = composeSummary(migraine, { clinicianName: "Dr. Rivera", language: "es" });
  const text = summaryText(summarySections(es, "Dr. Rivera"));

  it("says 'one week' as Spanish does: 'una semana', never 'uno semana'", () => {
    const fs = extractFindings(t(["clinician", "Come back in one week."]));
    const doc = composeSummary(fs, { clinicianName: "Dr. Rivera", language: "es" });
    expect(doc.inShort.todo).toContain("Vuelva en una semana.");
    expect(JSON.stringify(doc)).not.toMatch(/\buno (?:semana|hora)\b|\bun(?:a)? (?:semanas|horas)\b/);
  });

  it("is written in Spanish for Spanish readers: why, what we think, what to do, when to get help", () => {
    expect(es.language).toBe("es");
    expect(es.inShort.why).toBe("Vino a la consulta de Dr. Rivera por dolor de cabeza.");
    expect(es.inShort.thinks).toBe("Dr. Rivera cree que tiene migraña.");
    expect(es.inShort.todo).toContain("Vuelva en dos semanas.");
    expect(es.inShort.help).toMatch(/^Llame al 911 si tiene debilidad o dolor de cabeza\./);
    expect(summarySections(es).map((s) => s.title)).toEqual([
      "Su consulta en breve",
      "Sus medicinas",
      "Su próxima cita",
      "Pida ayuda ya si",
      "De qué hablamos",
      "Sus preguntas",
      "Díganos cómo lo hicimos",
    ]);
  });

  it("says each medicine's dose, how often and what it is for in Spanish, and its change", () => {
    expect(es.medicines[0]).toMatchObject({
      name: "Ibuprofen",
      dose: "400 mg",
      how: "cada seis horas",
      purpose: "para calmar el dolor y la hinchazón",
      change: "new",
      note: "Tómela con algo de comer.",
    });
    expect(text).toMatch(/Ibuprofen: 400 mg, cada seis horas, para calmar el dolor y la hinchazón; nueva\./);
    const migraineEntry = es.talkedAbout.find((e) => e.title === "Migraña");
    expect(migraineEntry?.text).toMatch(/dolor de cabeza fuerte que vuelve/);
    expect(migraineEntry?.text).not.toMatch(/cuarto oscuro y callado/);
  });

  it("leaves no English sentence, repeats nothing, and reads 'fácil' or better as a whole", () => {
    expect(text).not.toMatch(/\b(?:the|you|your|with|and|is|are|what|this|will|of|to|for|it|we)\b/i);
    const sentences = sentencesOf(es).map((s) => s.toLowerCase());
    expect(new Set(sentences).size).toBe(sentences.length);
    expect(fernandezHuerta(text)).toBeGreaterThanOrEqual(80);
  });

  it("names an allergy as the patient said it in Spanish, and in English in the English version", () => {
    const fs = extractFindings(t(["patient", "Soy alérgica a la penicilina y a los mariscos."]));
    const both = composeSummaries(fs, { language: "es" });
    const title = (doc: ReturnType<typeof composeSummary>) =>
      doc.talkedAbout.find((e) => /^Allerg|^Alerg/.test(e.title))?.title;
    expect(title(both.document)).toBe("Alergias (penicilina y mariscos)");
    expect(title(both.alternates[0]!)).toBe("Allergies (penicillin and shellfish)");
  });

  it("comes with the English the patient can switch to; an English visit has no other language", () => {
    const both = composeSummaries(migraine, { language: "es-MX" });
    expect(both.document.language).toBe("es");
    expect(both.alternates.map((d) => d.language)).toEqual(["en"]);
    expect(both.alternates[0]).toEqual(composeSummary(migraine));
    expect(composeSummaries(migraine, { language: "en" }).alternates).toEqual([]);
    // A language Bedside does not write summaries in gets English.
    expect(composeSummary(migraine, { language: "vi" }).language).toBe("en");
  });
});

describe("when to get help, and no reassurance against the visit", () => {
  it("gives an infected foot its own sign, never only the allergy line of a new antibiotic", () => {
    const fs = extractFindings(
      t(
        ["clinician", "What brings you in today?"],
        ["patient", "My foot has been red and swollen for four days."],
        [
          "clinician",
          "I think you have cellulitis of the foot, so I'm going to start you on Keflex 500 milligrams four times a day.",
        ],
      ),
    );
    const doc = composeSummary(fs);
    expect(doc.inShort.help).toBe(
      "Call 911 if you have redness that spreads, red streaks, or a fever. See the list below for more.",
    );
    expect(doc.getHelp.signs[0]).toBe("Redness that spreads, red streaks, or a fever");
    expect(doc.getHelp.signs.at(-1)).toBe("Swelling of your lips, face or throat, or trouble breathing");
    // The clinic's emergency number where it is, in either language (blind audit s18c: "Call 911"
    // to a patient in the United Kingdom).
    const uk = composeSummary(fs, { emergencyNumber: "999" });
    expect(uk.inShort.help).toMatch(/^Call 999 if you have redness/);
    expect(uk.getHelp.action).toBe("Call 999 or go to the emergency room right away.");
    expect(summaryText(summarySections(uk))).not.toContain("911");
    const spain = composeSummary(fs, { emergencyNumber: "112", language: "es" });
    expect(spain.getHelp.action).toBe("Llame al 112 o vaya a urgencias ya.");
    expect(summaryText(summarySections(spain))).not.toContain("911");
  });

  it("puts the sign of the visit's own problem before the 988 line of a depression named beside it", () => {
    const fs = extractFindings(
      t(
        ["clinician", "and then in terms of your depression , i think you're doing well on the zoloft ."],
        ["clinician", "so i'm gon na diagnose you with copd ."],
      ),
    );
    expect(composeSummary(fs).getHelp.signs).toEqual([
      "Trouble breathing that your inhaler does not help",
      "Thoughts of hurting yourself (call or text 988)",
    ]);
  });

  it("does not put the allergy line first for a known allergy alone", () => {
    const fs = extractFindings(
      t(["patient", "I'm allergic to penicillin."], ["patient", "I've had a headache since yesterday."]),
    );
    const doc = composeSummary(fs);
    expect(doc.inShort.help).toBe("As always, call us if you feel much worse. In an emergency, call 911.");
    expect(doc.getHelp.signs).toEqual([]);
  });

  it("never says 'most coughs get better', least of all with a fever and a possible pneumonia", () => {
    const fs = extractFindings(
      t(
        ["clinician", "What's going on with the baby?"],
        ["other", "She's had a cough and a fever since Tuesday."],
        ["clinician", "I'm worried this could be pneumonia, so I'd like to get a chest x-ray today."],
      ),
    );
    const text = summaryText(summarySections(composeSummary(fs)));
    expect(text).toMatch(/\bcough\b/i);
    expect(text).not.toMatch(/Most coughs from a cold get better/);
    // The reassurance is the engine's, not the clinician's: only beside the minor cause the clinician named.
    const unnamed = summaryText(
      summarySections(composeSummary(extractFindings(t(["patient", "I've had a cough for a week."])))),
    );
    expect(unnamed).not.toMatch(/Most coughs from a cold get better/);
    const cold = summaryText(
      summarySections(
        composeSummary(
          extractFindings(
            t(
              ["patient", "I've had a cough and a runny nose for a week."],
              ["clinician", "I think this is just a cold, an upper respiratory infection."],
            ),
          ),
        ),
      ),
    );
    // Nor beside a cold the clinician named: nobody said it (blind audits s20, s21).
    expect(cold).not.toMatch(/Most coughs from a cold get better/);
    expect(cold).toMatch(/It is a germ that causes a cold/);
  });
});

describe("no 'keep taking' and no follow-up line nobody said", () => {
  const textOf = (fs: Finding[]) => summaryText(summarySections(composeSummary(fs)));

  it("does not tell the patient to keep taking a medicine only named in passing", () => {
    const fs = extractFindings(
      t(["clinician", "How was your week?"], ["patient", "Busy. Lots of coffee, and Advil the other day."]),
    );
    expect(fs.find((f) => f.term === "ibuprofen")?.details.status).toBeUndefined();
    const text = textOf(fs);
    expect(text).not.toMatch(/keep taking/i);
  });

  it("says 'keep taking' only when the clinician said to go on with it", () => {
    const taken = extractFindings(
      t(["clinician", "What medicines do you take?"], ["patient", "I take lisinopril every morning."]),
    );
    expect(textOf(taken)).not.toMatch(/keep taking/i);
    expect(textOf(taken)).toMatch(/Lisinopril: .*you take it now/i);
    const continued = extractFindings(
      t(
        ["clinician", "What medicines do you take?"],
        ["patient", "I take lisinopril every morning."],
        ["clinician", "Your pressure looks good, so let's continue the lisinopril."],
      ),
    );
    expect(textOf(continued)).toMatch(/keep taking/i);
  });

  it("reads a 'Continue' plan as 'keep taking' only when the medicine's status is continued", () => {
    const ev = [{ segmentId: "s1", quote: "metformin" }];
    const fs: Finding[] = [
      { id: "m1", kind: "medication", text: "Metformin", term: "metformin", details: {}, evidence: ev },
      {
        id: "p1",
        kind: "plan",
        text: "Continue metformin",
        term: "metformin",
        details: { category: "treatment" },
        evidence: ev,
      },
    ];
    expect(textOf(fs)).not.toMatch(/keep taking/i);
  });

  it("shows no follow-up line for a recheck of a lab or a visit already planned", () => {
    const fs = extractFindings(
      t(
        ["clinician", "Your sugars look good. I do want to get a recheck on your hemoglobin A1c."],
        ["clinician", "And we'll repeat your thyroid levels before your next visit."],
      ),
    );
    expect(fs.filter((f) => f.kind === "follow_up")).toEqual([]);
    expect(textOf(fs)).not.toMatch(/come back|see you again/i);
  });

  it("names the medicine to keep taking, never 'keep taking your medicines'", () => {
    const fs = extractFindings(
      t([
        "clinician",
        "i'm going to prescribe oxycodone five milligrams every six hours for pain, and you can continue to take tylenol between that for any breakthrough pain.",
      ]),
    );
    const text = textOf(fs);
    expect(text).toMatch(/Keep taking Tylenol/);
    expect(text).not.toMatch(/keep taking your medicines/i);
  });
});

describe("no blanket 'keep taking your medicines as before'", () => {
  it("leaves the to-do list to what was said, not a line for every medicine read back", () => {
    const fs = extractFindings(
      t(
        ["clinician", "I see you're on lisinopril and metformin."],
        ["patient", "Yes."],
        ["clinician", "Everything looks good today."],
      ),
    );
    const doc = composeSummary(fs);
    expect(doc.inShort.todo.join(" ")).not.toMatch(/as before/i);
    expect(summaryText(summarySections(doc))).not.toMatch(/your medicines as before/i);
  });
});

describe("no everyday cause or reassurance against the cause the clinician named", () => {
  const textOf = (fs: Finding[]) => summaryText(summarySections(composeSummary(fs)));

  it("does not explain a fever as germs when the clinician put it down to lupus", () => {
    const fs = extractFindings(
      t(
        ["clinician", "What brings you in?"],
        ["patient", "I've had a fever on and off for a week and my joints ache."],
        ["clinician", "I think this is a flare of your lupus, so we'll get some blood work today."],
      ),
    );
    const text = textOf(fs);
    expect(text).toMatch(/fever/i);
    expect(text).not.toMatch(/germs/i);
  });

  it("does not tell a patient with COPD that most coughs from a cold get better", () => {
    const fs = extractFindings(
      t(
        ["clinician", "What's going on today?"],
        ["patient", "I have COPD and this cough has been worse for about two weeks."],
      ),
    );
    expect(fs.some((f) => f.kind === "assessment" && f.term === "copd")).toBe(true);
    const text = textOf(fs);
    expect(text).toMatch(/cough/i);
    expect(text).not.toMatch(/from a cold|get better/i);
  });

  it("says 'most get better' of a problem found today, not of one in the past", () => {
    const fs = extractFindings(
      t(
        ["clinician", "Any other medical problems?"],
        ["patient", "I had sciatica a few years ago, but that's gone."],
        ["patient", "Now it's my left wrist that hurts when I type."],
      ),
    );
    expect(fs.some((f) => f.kind === "assessment" && f.term === "sciatica")).toBe(true);
    expect(textOf(fs)).not.toMatch(/Most get better/);
  });

  it("gives no cold's reassurance when the patient only wondered about a cold and the clinician found fluid", () => {
    const fs = extractFindings(
      t(
        ["clinician", "what brings you in today?"],
        [
          "patient",
          "i've had this cough for about a week and my ankles are puffy, i wondered if it was just a cold.",
        ],
        [
          "clinician",
          "i listened to your lungs and looked at your legs. i think you're retaining fluid, that's why you're coughing at night.",
        ],
        ["clinician", "i want to increase your lasix to forty milligrams and get an echo."],
      ),
    );
    expect(fs.filter((f) => f.kind === "assessment").map((f) => f.term)).toEqual(["fluid retention"]);
    expect(fs.find((f) => f.kind === "chief_concern")?.text).not.toMatch(/respiratory|cold/i);
    const text = summaryText(summarySections(composeSummary(fs)));
    expect(text).not.toMatch(/\bcold\b/i);
  });
});
