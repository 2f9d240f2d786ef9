import type { Finding, Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "./builtin.engine.js";

let n = 0;
const t = (...turns: [Transcript[number]["speaker"], string][]): Transcript =>
  turns.map(([speaker, text]) => ({ id: `m${++n}`, speaker, text }));
const meds = (fs: Finding[]): string[] => fs.filter((f) => f.kind === "medication").map((f) => f.text);

describe("a medicine's dose, schedule and course, each as said", () => {
  it.each([
    [
      "i want you to take ibuprofen , 600 milligrams three times a day with food for ten days .",
      "Ibuprofen 600 milligrams three times a day for ten days (started)",
    ],
    [
      "i'll give you naproxen to take twice daily for two weeks , 500 mg .",
      "Naproxen 500 mg twice daily for two weeks (started)",
    ],
    [
      "start cephalexin 500 milligrams four times a day after meals for seven days .",
      "Cephalexin 500 milligrams four times a day for seven days (started)",
    ],
    ["keep taking your metformin , five hundred twice a day .", "Metformin 500 twice a day (continued)"],
    ["continue the gabapentin , 300 every night .", "Gabapentin 300 every night (continued)"],
  ])("%s", (sentence, med) => {
    expect(meds(extractFindings(t(["clinician", sentence])))).toEqual([med]);
  });
});
