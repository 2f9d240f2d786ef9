import type { ScribeState } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { notCaptioned } from "./not-captioned";

const state = (over: Partial<ScribeState> = {}): ScribeState => ({
  visitId: "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01",
  agent: "listening",
  pausedForEveryone: null,
  participants: [
    { identity: "clinician-1", role: "clinician", name: "Dr. Rivera", state: "listening" },
    { identity: "p-1", role: "patient", name: "Pat", state: "off", reason: "refused" },
    { identity: "i-1", role: "interpreter", name: "Ina", state: "paused", reason: "paused-self" },
  ],
  ...over,
});

describe("notCaptioned: whose words the captions cannot show", () => {
  it("names every voice the scribe does not hear, paused apart from refused, and marks one's own", () => {
    expect(notCaptioned(state(), "p-1")).toEqual({
      unavailable: false,
      people: [
        { identity: "p-1", name: "Pat", role: "patient", paused: false, you: true },
        { identity: "i-1", name: "Ina", role: "interpreter", paused: true, you: false },
      ],
    });
  });
  it("says captions are unavailable when the scribe is off, and nothing before its state is known", () => {
    expect(notCaptioned(state({ agent: "off" }), "p-1")).toEqual({ unavailable: true, people: [] });
    expect(notCaptioned(undefined, "p-1")).toEqual({ unavailable: false, people: [] });
  });
});
