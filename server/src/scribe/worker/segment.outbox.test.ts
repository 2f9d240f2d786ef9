import { describe, expect, it } from "vitest";
import type { NewTranscriptSegment } from "../../transcripts/transcript.service.js";
import { SegmentOutbox } from "./segment.outbox.js";

const segment = (n: number) => ({ visitId: "v", text: `utterance ${n}` }) as unknown as NewTranscriptSegment;
const quiet = { info: () => {}, warn: () => {} };

describe("the segment outbox", () => {
  it("keeps segments in order while the database is away and stores each once when it is back", async () => {
    const stored: NewTranscriptSegment[] = [];
    let down = 3; // the first three inserts fail, as a database restarting would
    const outbox = new SegmentOutbox(async (s) => {
      if (down-- > 0) throw new TypeError("Cannot read properties of null (reading 'query')");
      stored.push(s);
    }, quiet);
    await Promise.all([outbox.push(segment(1)), outbox.push(segment(2)), outbox.push(segment(3))]);
    expect(stored.map((s) => (s as unknown as { text: string }).text)).toEqual([
      "utterance 1",
      "utterance 2",
      "utterance 3",
    ]);
    expect(new Set(stored.map((s) => s.id)).size).toBe(3);
    expect(await outbox.drain(1_000)).toBe(0);
  });

  it("gives up at drain's deadline and says how many segments were left", async () => {
    const outbox = new SegmentOutbox(() => Promise.reject(new Error("ECONNREFUSED")), quiet);
    const waiting = [outbox.push(segment(1)), outbox.push(segment(2))];
    expect(await outbox.drain(600)).toBe(2);
    await Promise.all(waiting); // resolved by the close, not left hanging
  });
});
