import { describe, expect, it } from "vitest";
import { segmentOf } from "./scribe.agent.js";
import type { SttResult } from "./stt/stt.provider.js";

describe("segmentOf", () => {
  const speaker = { identity: "p1", participantId: "p1", role: "patient" as const };
  const u = { startMs: 1000, endMs: 2500 };

  it("stores nothing for noise the engine heard no words in", () => {
    const empty: SttResult = { ok: true, text: "  ", language: "en", confidence: null, engine: "e" };
    expect(segmentOf("v", speaker, u, empty)).toBeUndefined();
  });

  it("stores words with their language and the engine that heard them", () => {
    const ok: SttResult = {
      ok: true,
      text: " Me duele. ",
      language: "es",
      confidence: 0.8,
      engine: "whisper:base",
    };
    expect(segmentOf("v", speaker, u, ok)).toMatchObject({
      text: "Me duele.",
      language: "es",
      status: "ok",
      failureReason: null,
    });
  });

  it("stores an utterance that could not be transcribed as a gap with its reason", () => {
    const full: SttResult = { ok: false, reason: "overloaded", detail: "decoding queue full", engine: "e" };
    expect(segmentOf("v", speaker, u, full)).toMatchObject({
      text: "",
      language: null,
      status: "failed",
      failureReason: "overloaded: decoding queue full",
      startMs: 1000,
      endMs: 2500,
    });
  });
});
