/**
 * When a weak connection should cost the call its video: a pure state machine fed with the local
 * participant's connection quality (LiveKit's `ConnectionQuality`, sampled as it changes and on a
 * timer) and with what the person chooses. No React, no LiveKit: the thresholds are unit-tested.
 *
 * - Poor (or lost) for `offerAfterMs`: offer "audio only"; the person may accept or dismiss it.
 * - Lost for `autoLostMs`, or poor for `autoPoorMs`: switch to audio only by itself, saying so.
 * - Back on audio only because of the network, good for `recoverMs`: offer video again.
 * - Hysteresis: a bad streak ends only after `clearMs` of good quality, so one good sample in a
 *   poor stretch neither hides the offer nor restarts the clock; a dismissed offer (or a return to
 *   video on a bad link) is not repeated, nor switched over automatically, until the connection
 *   has been good for `clearMs` and turned bad again.
 */
export type Quality = "excellent" | "good" | "poor" | "lost" | "unknown";

export interface NetworkThresholds {
  offerAfterMs: number;
  autoLostMs: number;
  autoPoorMs: number;
  clearMs: number;
  recoverMs: number;
}

export const defaultThresholds: NetworkThresholds = {
  offerAfterMs: 8_000,
  autoLostMs: 5_000,
  autoPoorMs: 30_000,
  clearMs: 5_000,
  recoverMs: 15_000,
};

export interface NetworkState {
  /** What the call sends and shows now. */
  mode: "video" | "audio-only";
  /** Why audio only: the network (offered or automatic) offers video again; a manual choice does not. */
  reason: "none" | "manual" | "offer" | "auto";
  /** What the person's screen offers now. */
  offer: "none" | "audio-only" | "video";
  /** Start of the current bad (poor or lost) streak. */
  badSince: number | null;
  lostSince: number | null;
  goodSince: number | null;
  /** The person said no (dismissed, or went back to video) during this bad streak. */
  declined: boolean;
}

export type NetworkEvent =
  | { type: "quality"; quality: Quality; at: number }
  /** A timer tick: time passes with the last quality. */
  | { type: "tick"; at: number }
  | { type: "accept-offer"; at: number }
  | { type: "dismiss-offer"; at: number }
  /** The person's own "voice only" / "show video" button. */
  | { type: "choose"; mode: "video" | "audio-only"; at: number };

export function initialNetworkState(audioOnly: boolean): NetworkState {
  return {
    mode: audioOnly ? "audio-only" : "video",
    reason: audioOnly ? "manual" : "none",
    offer: "none",
    badSince: null,
    lostSince: null,
    goodSince: null,
    declined: false,
  };
}

function observe(s: NetworkState, quality: Quality, at: number, t: NetworkThresholds): NetworkState {
  switch (quality) {
    case "unknown":
      return s;
    case "excellent":
    case "good": {
      const goodSince = s.goodSince ?? at;
      if (s.badSince !== null && at - goodSince >= t.clearMs) {
        return { ...s, goodSince, badSince: null, lostSince: null, declined: false };
      }
      return { ...s, goodSince };
    }
    case "poor":
      return { ...s, goodSince: null, badSince: s.badSince ?? at, lostSince: null };
    case "lost":
      return { ...s, goodSince: null, badSince: s.badSince ?? at, lostSince: s.lostSince ?? at };
  }
}

/** What the screen offers, and whether to switch by itself, from the streaks at `at`. */
function decide(s: NetworkState, at: number, t: NetworkThresholds): NetworkState {
  if (s.mode === "audio-only") {
    const recovered = s.goodSince !== null && s.badSince === null && at - s.goodSince >= t.recoverMs;
    const offer = s.reason !== "manual" && s.reason !== "none" && recovered ? "video" : "none";
    return offer === s.offer ? s : { ...s, offer };
  }
  if (s.badSince === null || s.declined) return s.offer === "none" ? s : { ...s, offer: "none" };
  const lostFor = s.lostSince === null ? 0 : at - s.lostSince;
  if (lostFor >= t.autoLostMs || at - s.badSince >= t.autoPoorMs) {
    return { ...s, mode: "audio-only", reason: "auto", offer: "none" };
  }
  const offer = at - s.badSince >= t.offerAfterMs ? "audio-only" : "none";
  return offer === s.offer ? s : { ...s, offer };
}

export function networkReducer(
  s: NetworkState,
  e: NetworkEvent,
  t: NetworkThresholds = defaultThresholds,
): NetworkState {
  switch (e.type) {
    case "quality":
      return decide(observe(s, e.quality, e.at, t), e.at, t);
    case "tick":
      return decide(s, e.at, t);
    case "accept-offer":
      if (s.offer === "audio-only") return { ...s, mode: "audio-only", reason: "offer", offer: "none" };
      if (s.offer === "video") return { ...s, mode: "video", reason: "none", offer: "none" };
      return s;
    case "dismiss-offer":
      // Declining video again just keeps audio only; declining audio only holds until the link recovers.
      if (s.offer === "video") return { ...s, reason: "manual", offer: "none" };
      return { ...s, declined: true, offer: "none" };
    case "choose":
      if (e.mode === s.mode) return s;
      if (e.mode === "audio-only") return { ...s, mode: "audio-only", reason: "manual", offer: "none" };
      // Back to video by hand while the link is still bad: no offer nor switch until it recovers.
      return { ...s, mode: "video", reason: "none", offer: "none", declined: s.badSince !== null };
  }
}
