import { describe, expect, it } from "vitest";
import { fernandezHuerta, isEasySpanish, spanishLevel, spanishSyllables } from "./readability-es.js";

describe("Spanish readability (Fernández-Huerta)", () => {
  it("counts syllables from the Spanish hyphenation patterns, as textstat does", () => {
    expect(spanishSyllables("medicamento")).toBe(5);
    expect(spanishSyllables("cabeza")).toBe(3);
    expect(spanishSyllables("cuidado")).toBe(3);
    expect(spanishSyllables("dolor")).toBe(2);
    expect(spanishSyllables("911")).toBe(1);
  });

  it("scores a text as textstat 0.7.13 does (206.84 − 60·syllables/word − 1.02·words/sentence)", () => {
    // textstat.set_lang("es"); textstat.fernandez_huerta(text) gives 102.06 for this text.
    const text =
      "Vino a ver a su médico por dolor de cabeza. Su médico cree que tiene migraña. Empiece a tomar Imitrex. Llame al 911 si tiene el peor dolor de cabeza de su vida.";
    expect(fernandezHuerta(text)).toBeCloseTo(102.06, 0);
    expect(fernandezHuerta("Le recomendamos una electrocardiografía ambulatoria prolongada.")).toBeLessThan(
      30,
    );
  });

  it("names the level on the Fernández-Huerta scale and checks each piece", () => {
    expect(spanishLevel(92)).toBe("muy fácil");
    expect(spanishLevel(85)).toBe("fácil");
    expect(spanishLevel(75)).toBe("bastante fácil");
    expect(spanishLevel(45)).toBe("difícil");
    expect(isEasySpanish("Tome mucha agua. Descanse.")).toBe(true);
    expect(isEasySpanish("Tiene hipercolesterolemia heterocigota familiar.")).toBe(false);
  });
});
