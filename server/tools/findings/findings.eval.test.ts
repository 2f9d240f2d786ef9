import { describe, expect, it } from "vitest";
import { evalResultSchema } from "@bedside/shared";
import { createBuiltinEngine } from "../../src/findings/findings.engine.js";
import { InputError, parseDialogues, runDialogues } from "./findings.eval.js";
import { dialogueTurns, parseCsv } from "./findings.evaluate.js";

const good = JSON.stringify({
  id: "d1",
  turns: [{ speaker: "patient", text: "I have a bad headache since yesterday." }],
});

describe("evaluation contract", () => {
  it("names the line of a bad input", () => {
    expect(() =>
      parseDialogues(`${good}\n\n{"id": "d2", "turns": [{"speaker": "nurse", "text": "hi"}]}`),
    ).toThrow(/^line 3: turns\.0\.speaker/);
    expect(() => parseDialogues(`${good}\nnot json`)).toThrow(new InputError("line 2: not valid JSON"));
    expect(() => parseDialogues(`${good}\n${good}`)).toThrow(/line 2: duplicate id "d1"/);
  });

  it("maps each id to findings with verbatim quotes and graded explanations", async () => {
    const out = await runDialogues(parseDialogues(good), createBuiltinEngine());
    expect(Object.keys(out)).toEqual(["d1"]);
    const r = out.d1;
    expect(r?.findings.find((f) => f.kind === "symptom")).toEqual({
      kind: "symptom",
      text: "Headache (since yesterday)",
      evidence: [{ quote: "I have a bad headache since yesterday." }],
    });
    expect(r?.explanations.length).toBe(r?.findings.length);
    for (const e of r?.explanations ?? []) expect(e.grade).toBeLessThanOrEqual(6);
  });

  it("adds the patient's summary: language, titled sections in reading order, and all of it as text", async () => {
    const out = await runDialogues(parseDialogues(good), createBuiltinEngine());
    const summary = evalResultSchema.parse(out.d1).summary;
    expect(summary.language).toBe("en");
    expect(summary.sections[0]).toEqual({
      title: "Your visit in short",
      items: [
        "Why you came: You came to see your clinician about a headache.",
        "When to get help: As always, call us if you feel much worse. In an emergency, call 911.",
      ],
    });
    expect(summary.sections.map((s) => s.title)).toEqual([
      "Your visit in short",
      "What we talked about",
      "Your questions",
      "Tell us how we did",
    ]);
    expect(summary.sections[1]?.items).toEqual(["Headache: You told us about a headache, since yesterday."]);
    // `text` is every title and item, in order: what the patient would read.
    for (const s of summary.sections) {
      expect(summary.text).toContain(s.title);
      for (const item of s.items) expect(summary.text).toContain(item);
    }
  });

  it("adds the draft note as plain text and the visit as a FHIR Bundle with placeholder names", async () => {
    const out = await runDialogues(parseDialogues(good), createBuiltinEngine());
    const r = evalResultSchema.parse(out.d1);
    expect(r.note).toMatch(/^CHIEF COMPLAINT\nHeadache\.\n\nHISTORY OF PRESENT ILLNESS\n/);
    // Written in the chart's third person, never the patient's words pasted in.
    expect(r.note).not.toMatch(/\bI have\b|they have a bad headache/);
    expect(r.note).toContain("The patient presents with headache, since yesterday.");
    expect(r.fhir).toMatchObject({ resourceType: "Bundle", type: "collection" });
    const resources = (r.fhir.entry as { resource: { resourceType: string; name?: unknown } }[]).map(
      (e) => e.resource,
    );
    expect(resources.find((x) => x.resourceType === "Patient")?.name).toEqual([{ text: "Patient" }]);
    expect(resources.map((x) => x.resourceType)).toEqual(
      expect.arrayContaining(["Encounter", "Observation", "DocumentReference", "Provenance"]),
    );
  });
});

describe("public-data conversion", () => {
  it('writes the summary in Spanish for a line with "language": "es", with its readability', async () => {
    const line = JSON.stringify({
      id: "es1",
      language: "es",
      turns: [
        { speaker: "doctor", text: "What brings you in today?" },
        { speaker: "patient", text: "I have a bad headache since yesterday." },
        { speaker: "doctor", text: "I think this is a migraine. Follow up in two weeks." },
      ],
    });
    const out = await runDialogues(parseDialogues(`${good}\n${line}`), createBuiltinEngine());
    const es = evalResultSchema.parse(out.es1).summary;
    expect(es.language).toBe("es");
    expect(es.sections[0]?.title).toBe("Su consulta en breve");
    expect(es.text).toMatch(/Vino a la consulta de su médico por dolor de cabeza\./);
    expect(es.readability).toMatchObject({
      formula: "fernandez-huerta",
      level: expect.stringMatching(/fácil/),
    });
    expect(es.readability?.score).toBeGreaterThanOrEqual(80);
    // The findings are the same whatever the summary's language.
    expect(out.es1?.findings).toEqual(
      (await runDialogues(parseDialogues(line.replace(',"language":"es"', "")), createBuiltinEngine())).es1
        ?.findings,
    );
    // English lines are unchanged and carry no Spanish score.
    expect(evalResultSchema.parse(out.d1).summary).not.toHaveProperty("readability");
    expect(() => parseDialogues(JSON.stringify({ id: "x", language: "Spanish!", turns: [] }))).toThrow(
      /^line 1: language/,
    );
  });

  it("parses quoted CSV fields with commas, quotes and newlines", () => {
    expect(parseCsv('a,b\n"x, ""y""","line1\nline2"\n')).toEqual([{ a: 'x, "y"', b: "line1\nline2" }]);
  });

  it("reads ACI-Bench and MTS-Dialog speaker tags", () => {
    expect(dialogueTurns("[doctor] hi .\n[patient] hello .")).toEqual([
      { speaker: "doctor", text: "hi ." },
      { speaker: "patient", text: "hello ." },
    ]);
    expect(dialogueTurns("Doctor: Any allergies?\nGuest_family: No.\nmore words")).toEqual([
      { speaker: "doctor", text: "Any allergies?" },
      { speaker: "other", text: "No. more words" },
    ]);
  });
});
