import { describe, expect, it } from "vitest";
import { metadataOf } from "../scribe/worker/worker.config.js";
import { handOverIdentity, isScribeOf, scribeIdentity } from "./livekit.names.js";

const visit = "7974fea9-e798-4713-850e-4d23f035dea7";
const other = "0b7c2d1e-1111-4222-8333-944455556666";

describe("scribe identities: the first job's and a hand-over's", () => {
  it("gives a hand-over's job an identity of its own, recognised as the visit's scribe", () => {
    const next = handOverIdentity(visit, "a1b2c3");
    expect(next).not.toBe(scribeIdentity(visit));
    expect(isScribeOf(visit, scribeIdentity(visit))).toBe(true);
    expect(isScribeOf(visit, next)).toBe(true);
  });

  it("does not take another visit's scribe, or a person, for this visit's", () => {
    expect(isScribeOf(visit, scribeIdentity(other))).toBe(false);
    expect(isScribeOf(visit, handOverIdentity(other, "a1b2c3"))).toBe(false);
    expect(isScribeOf(visit, `${scribeIdentity(visit)}x`)).toBe(false);
    expect(isScribeOf(visit, visit)).toBe(false);
  });

  it("reads a hand-over's tag from the dispatch's metadata, and refuses a malformed one", () => {
    const deployment = other;
    expect(metadataOf(JSON.stringify({ visitId: visit, deployment }))?.handOver).toBeUndefined();
    expect(metadataOf(JSON.stringify({ visitId: visit, deployment, handOver: "a1b2c3" }))?.handOver).toBe(
      "a1b2c3",
    );
    expect(metadataOf(JSON.stringify({ visitId: visit, deployment, handOver: "../x" }))).toBeUndefined();
  });
});
