import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { isSpanishText } from "./spanish-cues.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `s${++n}`, speaker, text }));
const of = (fs: Finding[], kind: Finding["kind"]) => fs.filter((f) => f.kind === kind);

/** Every evidence quote is a verbatim substring of the segment it cites. */
function expectVerbatim(transcript: Transcript, fs: Finding[]) {
  const byId = new Map(transcript.map((s) => [s.id, s.text]));
  for (const f of fs) for (const e of f.evidence) expect(byId.get(e.segmentId), f.text).toContain(e.quote);
}

describe("findings from Spanish speech", () => {
  it("reads the medicines a patient says she takes, with dose and how often, and what she stopped", () => {
    const tr = t([
      "patient",
      "Tomo metformina quinientos miligramos dos veces al día y dejé de tomar la aspirina.",
    ]);
    const meds = of(extractFindings(tr), "medication");
    expect(meds.map((m) => [m.term, m.details.status, m.details.dose, m.details.frequency])).toEqual([
      ["metformin", "continued", "500 mg", "twice a day"],
      ["aspirin", "stopped", undefined, undefined],
    ]);
    // The name as said stays beside the generic, and the quote is the Spanish said.
    expect(meds[0]?.text).toBe("Metformina (metformin) 500 mg twice a day (continued)");
    expect(meds[0]?.evidence[0]?.quote).toBe(tr[0]?.text);
  });

  it("reads a verbless answer led by the drug with its dose as a medicine taken, cited in the patient's Spanish", () => {
    const tr = t(
      ["interpreter", "¿Qué medicinas toma?"],
      ["patient", "Metformina, quinientos miligramos, dos veces al día."],
    );
    const meds = of(extractFindings(tr), "medication");
    expect(meds.map((m) => [m.term, m.details.status, m.details.dose, m.details.frequency])).toEqual([
      ["metformin", "continued", "500 mg", "twice a day"],
    ]);
    expect(meds[0]?.evidence.map((e) => e.quote)).toContain(tr[1]?.text);
    // One no longer taken is no medicine taken.
    expect(
      of(extractFindings(t(["patient", "Metformina, ya no, dos veces al día no."])), "medication"),
    ).toEqual([]);
  });

  it("reads allergies to a drug and to a food, and says so when there are none", () => {
    const fs = extractFindings(
      t(
        ["patient", "Soy alérgica a la penicilina y a los mariscos."],
        ["patient", "Estoy tomando omeprazol."],
      ),
    );
    expect(of(fs, "allergy").map((f) => f.text)).toEqual(["Allergy: penicillin", "Allergy: shellfish"]);
    // A drug one is allergic to is not a medicine taken; one taken is.
    expect(of(fs, "medication").map((m) => m.term)).toEqual(["omeprazole"]);
    expect(of(extractFindings(t(["patient", "No tengo alergias."])), "allergy").map((f) => f.text)).toEqual([
      "No known allergies",
    ]);
  });

  it("reads an allergy as speech recognition spells it: alérgica heard as 'alerjica', the 'a' lost", () => {
    // Whisper base writes the Spanish /x/ of "alérgica" with a j and drops the unstressed "a"
    // (measured on espeak-ng Spanish, the e2e's patient voice); the words are still an allergy.
    const tr = t(["patient", "Soy alerjica la penicilina."], ["patient", "No soy alerjico a nada."]);
    const fs = extractFindings(tr);
    expect(of(fs, "allergy").map((f) => f.text)).toEqual(["Allergy: penicillin", "No known allergies"]);
    expect(of(fs, "medication")).toEqual([]);
    expectVerbatim(tr, fs);
  });

  it.each([
    "Yo soy alerjicada, penicilina.",
    "Yo soy Alerquica la penicilina.",
    "Yo soy Aleer Hicada, penicilina.",
  ])("reads %s (how Whisper wrote 'soy alérgica a la penicilina' in an e2e run) as the allergy", (said) => {
    const tr = t(["patient", said]);
    const fs = extractFindings(tr);
    expect(of(fs, "allergy").map((f) => f.text)).toEqual(["Allergy: penicillin"]);
    expect(of(fs, "medication")).toEqual([]);
    expectVerbatim(tr, fs);
  });

  it("does not read an alert as an allergy", () => {
    expect(of(extractFindings(t(["patient", "Yo soy alerta, tomo metformina."])), "allergy")).toEqual([]);
  });

  it("reads the warning signs the interpreter gives in Spanish, and merges them with the clinician's", () => {
    const tr = t(
      ["clinician", "If you get chest pain or trouble breathing, call 911."],
      ["interpreter", "Si tiene dolor de pecho o le falta el aire, llame al 911."],
    );
    const signs = of(extractFindings(tr), "warning_sign");
    expect(signs).toHaveLength(1);
    expect(signs[0]?.evidence.map((e) => e.quote)).toEqual([tr[0]?.text, tr[1]?.text]);
    // Said only in Spanish, cut at a pause: the advice in the next sentence.
    const only = of(
      extractFindings(t(["interpreter", "Si se siente mareada o débil. Vaya a urgencias."])),
      "warning_sign",
    );
    expect(only.map((f) => f.text)).toEqual(["Seek care now if: dizziness, weakness"]);
  });

  it("starts the medicine the interpreter says the clinician prescribes", () => {
    const meds = of(
      extractFindings(
        t(["interpreter", "Le voy a recetar ibuprofeno cuatrocientos miligramos cada seis horas."]),
      ),
      "medication",
    );
    expect(meds.map((m) => [m.term, m.details.status, m.details.dose, m.details.frequency])).toEqual([
      ["ibuprofen", "started", "400 mg", "every six hours"],
    ]);
  });

  it("reads the patient's symptoms, not the ones she denies or the interpreter asks about", () => {
    const tr = t(
      ["interpreter", "¿Tiene fiebre o tos?"],
      ["patient", "Tengo dolor de cabeza desde ayer y me siento mareada, pero no tengo fiebre."],
    );
    const fs = extractFindings(tr);
    expect(of(fs, "symptom").map((f) => f.term)).toEqual(["headache", "dizziness"]);
    expectVerbatim(tr, fs);
  });

  it("keeps the patient's own Spanish among the quotes when the English rendering is said again and again", () => {
    const tr = t(
      ["patient", "Yo soy alérgica a la penicilina."],
      ["interpreter", "I am allergic to penicillin."],
      ["interpreter", "I am allergic to penicillin."],
      ["interpreter", "She is allergic to penicillin."],
      ["interpreter", "She said she is allergic to penicillin."],
    );
    const [allergy, ...others] = of(extractFindings(tr), "allergy");
    expect(others).toEqual([]);
    expect(allergy?.evidence.length).toBe(3);
    expect(allergy?.evidence.map((e) => e.quote)).toContain("Yo soy alérgica a la penicilina.");
    expect(allergy?.evidence.map((e) => e.quote)).toContain("I am allergic to penicillin.");
  });

  it("uses the interpreter's English rendering too: one finding with both quotes, each in its language", () => {
    const tr = t(
      ["clinician", "What brings you in today?"],
      ["patient", "Tengo dolor de pecho desde ayer."],
      ["interpreter", "She has had chest pain since yesterday."],
    );
    const fs = extractFindings(tr);
    const pain = of(fs, "symptom").find((f) => f.term === "chest pain");
    expect(pain?.evidence.map((e) => e.quote).sort()).toEqual(
      ["Tengo dolor de pecho desde ayer.", "She has had chest pain since yesterday."].sort(),
    );
    expectVerbatim(tr, fs);
  });

  it("tells Spanish from English, so the English patterns never misread a Spanish sentence", () => {
    expect(isSpanishText("Tengo dolor de pecho desde ayer.")).toBe(true);
    expect(isSpanishText("Sí.")).toBe(true);
    expect(isSpanishText("No, I am fine.")).toBe(false);
    expect(isSpanishText("I take metformin twice a day.")).toBe(false);
    // "alérgica a la penicilina" is an allergy, never a medicine the patient takes.
    const fs = extractFindings(t(["patient", "Soy alérgica a la penicilina."]));
    expect(of(fs, "medication")).toEqual([]);
  });
});
