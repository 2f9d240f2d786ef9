import { describe, expect, it } from "vitest";
import {
  defaultThresholds as t,
  initialNetworkState,
  networkReducer,
  type NetworkEvent,
  type NetworkState,
  type Quality,
} from "./network-mode";

/** Feeds one quality sample per second from `from` (inclusive) to `to` (exclusive), in ms. */
function hold(s: NetworkState, quality: Quality, from: number, to: number): NetworkState {
  for (let at = from; at < to; at += 1_000) s = networkReducer(s, { type: "quality", quality, at });
  return s;
}
const run = (s: NetworkState, ...events: NetworkEvent[]) => events.reduce((x, e) => networkReducer(x, e), s);

describe("poor-connection state machine", () => {
  it("offers audio only once the connection has been poor for the offer threshold, not before", () => {
    let s = hold(initialNetworkState(false), "good", 0, 10_000);
    s = hold(s, "poor", 10_000, 10_000 + t.offerAfterMs);
    expect(s.offer).toBe("none");
    s = run(s, { type: "tick", at: 10_000 + t.offerAfterMs });
    expect(s).toMatchObject({ mode: "video", offer: "audio-only" });
  });

  it("switches to audio only by itself when the connection is lost for the auto threshold", () => {
    let s = hold(initialNetworkState(false), "lost", 0, t.autoLostMs);
    expect(s.mode).toBe("video");
    s = run(s, { type: "tick", at: t.autoLostMs });
    expect(s).toMatchObject({ mode: "audio-only", reason: "auto", offer: "none" });
  });

  it("switches by itself after a long poor stretch, even if the offer was not answered", () => {
    const s = hold(initialNetworkState(false), "poor", 0, t.autoPoorMs + 1_000);
    expect(s).toMatchObject({ mode: "audio-only", reason: "auto" });
  });

  it("hysteresis: a good blip shorter than clearMs neither hides the offer nor restarts the clock", () => {
    let s = hold(initialNetworkState(false), "poor", 0, 4_000);
    s = hold(s, "good", 4_000, 4_000 + t.clearMs - 1_000);
    const back = 4_000 + t.clearMs - 1_000;
    s = hold(s, "poor", back, t.offerAfterMs + 1_000);
    expect(s.badSince).toBe(0);
    expect(s.offer).toBe("audio-only");
    // …and a good blip while the offer is shown keeps it.
    s = hold(s, "good", t.offerAfterMs + 1_000, t.offerAfterMs + 3_000);
    expect(s.offer).toBe("audio-only");
  });

  it("a bad streak ends after clearMs of good quality: the offer goes away", () => {
    let s = hold(initialNetworkState(false), "poor", 0, t.offerAfterMs + 1_000);
    expect(s.offer).toBe("audio-only");
    s = hold(s, "good", t.offerAfterMs + 1_000, t.offerAfterMs + 2_000 + t.clearMs);
    expect(s).toMatchObject({ offer: "none", badSince: null });
  });

  it("a dismissed offer is not repeated, nor switched automatically, until the link recovers and fails again", () => {
    let s = hold(initialNetworkState(false), "poor", 0, t.offerAfterMs + 1_000);
    s = run(s, { type: "dismiss-offer", at: t.offerAfterMs + 1_000 });
    s = hold(s, "lost", t.offerAfterMs + 1_000, t.autoPoorMs + 10_000);
    expect(s).toMatchObject({ mode: "video", offer: "none" });
    // Recovered, then poor again: offered again.
    let at = t.autoPoorMs + 10_000;
    s = hold(s, "good", at, (at += t.clearMs + 1_000));
    expect(s.declined).toBe(false);
    s = hold(s, "poor", at, at + t.offerAfterMs + 1_000);
    expect(s.offer).toBe("audio-only");
  });

  it("accepting the offer switches to audio only; video is offered again after recoverMs of good quality", () => {
    let s = hold(initialNetworkState(false), "poor", 0, t.offerAfterMs + 1_000);
    s = run(s, { type: "accept-offer", at: t.offerAfterMs + 1_000 });
    expect(s).toMatchObject({ mode: "audio-only", reason: "offer", offer: "none" });
    const from = t.offerAfterMs + 2_000;
    s = hold(s, "good", from, from + t.recoverMs);
    expect(s.offer).toBe("none");
    s = run(s, { type: "tick", at: from + t.recoverMs });
    expect(s.offer).toBe("video");
    s = run(s, { type: "accept-offer", at: from + t.recoverMs });
    expect(s).toMatchObject({ mode: "video", offer: "none" });
  });

  it("after an automatic switch, one poor sample in the recovery restarts the recovery clock", () => {
    let s = hold(initialNetworkState(false), "lost", 0, t.autoLostMs + 1_000);
    expect(s.reason).toBe("auto");
    let at = t.autoLostMs + 1_000;
    s = hold(s, "good", at, (at += t.recoverMs - 2_000));
    s = hold(s, "poor", at, (at += 1_000));
    s = hold(s, "good", at, (at += t.recoverMs - 1_000));
    expect(s.offer).toBe("none");
    s = hold(s, "good", at, (at += 2_000));
    expect(s.offer).toBe("video");
  });

  it("audio only chosen by hand is never offered back as video, whatever the network", () => {
    let s = run(initialNetworkState(false), { type: "choose", mode: "audio-only", at: 0 });
    s = hold(s, "excellent", 0, 60_000);
    expect(s).toMatchObject({ mode: "audio-only", reason: "manual", offer: "none" });
    expect(hold(initialNetworkState(true), "good", 0, 60_000).offer).toBe("none");
  });

  it("going back to video by hand on a bad link stops the offers and the automatic switch until it recovers", () => {
    let s = hold(initialNetworkState(false), "lost", 0, t.autoLostMs + 1_000);
    s = run(s, { type: "choose", mode: "video", at: t.autoLostMs + 1_000 });
    s = hold(s, "lost", t.autoLostMs + 1_000, 60_000);
    expect(s).toMatchObject({ mode: "video", offer: "none" });
  });

  it("unknown quality changes nothing", () => {
    const s = hold(initialNetworkState(false), "poor", 0, 3_000);
    expect(networkReducer(s, { type: "quality", quality: "unknown", at: 3_000 })).toBe(s);
  });
});
