import { CAPTIONS_ATTRIBUTE } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { captionTargets } from "./captions.js";

const person = (identity: string, captions?: string) => ({
  identity,
  attributes: {
    role: "patient",
    ...(captions === undefined ? {} : { [CAPTIONS_ATTRIBUTE]: captions }),
  } as Record<string, string>,
});

describe("captionTargets", () => {
  it("is the people who turned captions on, never the speaker, nobody who turned them off or never asked", () => {
    const room = [person("clinician-1"), person("p-1", "on"), person("i-1", "off"), person("c-2", "on")];
    expect(captionTargets(room, "clinician-1")).toEqual(["p-1", "c-2"]);
    expect(captionTargets(room, "p-1")).toEqual(["c-2"]);
    expect(captionTargets([person("p-1", "yes"), person("i-1", "")], "clinician-1")).toEqual([]);
  });
});
