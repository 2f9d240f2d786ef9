// Advice that fits the problem (issue 25, session 15): exercises placed in physical therapy or after
// an operation are that plan, never "Try exercise"; a brace or splint to wear from today stays in
// the to-do list beside the tests.
import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";
import { composeSummary } from "./summary.compose.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `x${++n}`, speaker, text }));
const todo = (said: string[], language?: string) =>
  composeSummary(
    extractFindings(
      t(
        ["patient", "i hurt my shoulder"],
        ...said.map((x) => ["clinician", x] as [Transcript[number]["speaker"], string]),
      ),
    ),
    language ? { language } : {},
  ).inShort.todo.join(" ");

describe("exercise advice that fits the plan", () => {
  it("is the physical therapy said, not 'Try exercise'", () => {
    const cases = [
      "i want you to do the stretching exercises the physio shows you",
      "i'd like you to do the exercises the physical therapist gave you every day",
      "once the fracture heals we'll start working on some exercises",
      "after your operation we'll get you going on some rehab exercises",
    ];
    for (const said of cases) {
      expect(todo([said])).not.toMatch(/Try exercise|If needed later/i);
      expect(todo([said], "es")).not.toMatch(/Pruebe ejercicio/i);
    }
    expect(todo([cases[0]!])).toMatch(/Do the physical therapy we talked about\./);
    expect(todo([cases[1]!])).toMatch(/Do the physical therapy we talked about\./);
  });

  it("tells exercises to go on with as such", () => {
    expect(todo(["i want you to keep up your walking every day"])).toMatch(/Keep doing your exercises\./);
    expect(todo(["continue with the exercises you've been doing at home"])).toMatch(
      /Keep doing your exercises\./,
    );
  });

  it("keeps a brace or splint to wear now among the first things to do", () => {
    const said = [
      "i'm going to order an x-ray of the shoulder , an mri , and some blood work , and an ultrasound",
      "i'm going to refer you to orthopedics",
      "and i'm going to put you in a sling for now",
    ];
    expect(todo(said)).toMatch(/Wear the sling/);
    expect(todo(said, "es")).toMatch(/cabestrillo/);
  });
});
