// What comes next, as the patient reads it (issue 25, session 15): each step as the clinician
// said it, never "Call us to set it up" nobody said, never "Ask us when to come back" when the
// clinician named the event, the place or the condition.
import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary, summarySections, summaryText } from "./summary.compose.js";
import { explainFindings, explanationText } from "./plain-language.js";
import { maxSentenceGrade, splitSentences } from "./readability.js";
import { fernandezHuerta } from "./readability-es.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `n${++n}`, speaker, text }));
const visit = (...said: string[]) =>
  extractFindings(
    t(
      ["patient", "my ankle still hurts"],
      ...said.map((x) => ["clinician", x] as [Transcript[number]["speaker"], string]),
    ),
  );
const todo = (said: string[], language?: string) =>
  composeSummary(visit(...said), language ? { language } : {}).inShort.todo.join(" ");
const text = (said: string[], language?: string) =>
  summaryText(summarySections(composeSummary(visit(...said), language ? { language } : {})));

describe("the next step in the patient's summary", () => {
  it("says no 'call us to set it up' that nobody said", () => {
    for (const said of [
      "i'll see you back in three months",
      "let's follow up in six weeks",
      "come back in two weeks so we can look at it again",
      "we'll follow up",
    ]) {
      expect(text([said])).not.toMatch(/set it up|if we have not called/i);
      expect(text([said], "es")).not.toMatch(/Llámenos para la cita/i);
    }
    expect(text(["i'll see you back in three months"])).toMatch(
      /Your clinician wants to see you again in three months\./,
    );
  });

  it("ties the visit to the event the clinician named", () => {
    expect(todo(["we're going to schedule the surgery and i'll see you back after the surgery"])).toMatch(
      /Come back after the surgery\./,
    );
    expect(todo(["follow up with me once you've had the injection"])).toMatch(
      /Come back once you've had the injection\./,
    );
    expect(todo(["the shot should help and then we'll follow up afterwards"])).toMatch(
      /Come back after the shot\./,
    );
    expect(todo(["i'll see you next week for the endoscopy"])).toMatch(
      /Come back next week for the endoscopy\./,
    );
    expect(todo(["i'll see you back after the surgery"])).not.toMatch(/Ask us when to come back/);
  });

  it("keeps the condition on a visit instead of booking it", () => {
    expect(todo(["come back if you're not better in a week"])).toMatch(
      /Come back if you're not better in a week\./,
    );
    expect(todo(["come back if you're not better in a week"])).not.toMatch(/Come back in a week\./);
    expect(todo(["let's follow up in three months , or sooner if it gets worse"])).toMatch(
      /Come back in three months, or sooner if it gets worse\./,
    );
    expect(todo(["if the swelling is still there in two weeks , come back and see me"])).toMatch(
      /Come back if the swelling is still there in two weeks\./,
    );
    // Spanish: the conditions said most often are told; any other is "ask us", never a booking.
    expect(todo(["come back if you're not better"], "es")).toMatch(/Vuelva si no mejora\./);
    expect(todo(["if the swelling is still there in two weeks , come back and see me"], "es")).toBe(
      "Nos puede preguntar cuándo volver.",
    );
  });

  it("names a visit with another doctor as said", () => {
    expect(todo(["please follow up with cardiology in a month"])).toMatch(/See a heart doctor in a month\./);
    expect(todo(["you should follow up with your eye doctor about the pressure"])).toMatch(
      /See (?:an|your) eye doctor\./,
    );
    expect(todo(["i want you to follow up with doctor ramirez for the sleep study"])).toMatch(
      /See doctor ramirez\./,
    );
    expect(todo(["make sure you follow up with the surgeon next week"])).toMatch(/See a surgeon next week\./);
    expect(todo(["please follow up with cardiology in a month"], "es")).toMatch(
      /Vaya a ver a .+ en un mes\./,
    );
    expect(todo(["please follow up with cardiology in a month"])).not.toMatch(/Ask us when to come back/);
  });

  it("says when no visit is needed, and on what condition", () => {
    expect(todo(["i don't need to see you back unless you have any problems"])).toMatch(
      /You do not need to come back unless you have any problems\./,
    );
    expect(todo(["if the ultrasound comes back normal you won't need to come back"])).toMatch(
      /You do not need to come back if the ultrasound comes back normal\./,
    );
    expect(todo(["there's no need to come back if everything looks good on the labs"])).toMatch(
      /You do not need to come back if everything looks good on the labs\./,
    );
    for (const said of [
      "i don't need to see you back unless you have any problems",
      "if the ultrasound comes back normal you won't need to come back",
    ])
      expect(text([said])).not.toMatch(/want to see you again|Ask us when to come back/i);
    expect(todo(["i don't need to see you back unless you have any problems"], "es")).toMatch(
      /No necesita otra consulta a menos que tenga problemas\./,
    );
  });

  it("reads at grade 6 in English and easy in Spanish", () => {
    const said = [
      "please follow up with cardiology in a month",
      "i'll see you next week for the endoscopy",
      "come back if you're not better",
      "i don't need to see you back unless you have any problems",
    ];
    for (const s of said) {
      for (const x of splitSentences(todo([s]))) expect(maxSentenceGrade(x)).toBeLessThanOrEqual(6);
      const es = todo([s], "es");
      if (es) expect(fernandezHuerta(es)).toBeGreaterThanOrEqual(70);
    }
  });
});

describe("the explanation of a next step", () => {
  it("says no 'we want to see you again' for a visit elsewhere or no visit needed", () => {
    for (const said of [
      "i don't need to see you back unless you have any problems",
      "please follow up with cardiology in a month",
      "you won't need to come back if the swelling goes down",
      "follow up with doctor patel about the sleep study",
    ]) {
      const fs = visit(said).filter((f) => f.kind === "follow_up");
      expect(fs.length).toBeGreaterThan(0);
      for (const e of explainFindings(fs).explanations)
        expect(explanationText(e)).not.toMatch(/see you again|set up the visit/i);
    }
  });

  it("books no visit elsewhere that the clinician says is no longer needed, however the 'no' is put", () => {
    for (const said of [
      "i don't think you need to follow up with neurology anymore",
      "honestly i do n't think you need to see the surgeon again",
      "i don't believe you'll need to follow up with the kidney doctor",
      "you don't really need to follow up with cardiology now",
    ]) {
      const fs = visit(said);
      expect(fs.filter((f) => f.kind === "follow_up" || f.details?.category === "referral")).toEqual([]);
      expect(text([said])).not.toMatch(/neurolog|surgeon|kidney|cardiolog|heart doctor/i);
    }
    // The same visit said without the "no" is still a step.
    expect(visit("you need to follow up with neurology").some((f) => f.kind === "follow_up")).toBe(true);
  });
});
