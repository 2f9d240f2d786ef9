// The roles are the visit's (shared/): who is measured is who may take part in a call.
import { participantRoles, type ParticipantRole } from "@bedside/shared";

/** One stretch of speech on one participant's track (an utterance from the VAD), in visit time. */
export interface SpeechInterval {
  role: ParticipantRole;
  startMs: number;
  endMs: number;
}

export interface InsightOptions {
  /**
   * Clinician speech shorter than this is a backchannel ("mm-hm", "right", "okay"), which
   * signals listening, not taking the floor. Such tokens last a few hundred ms; 1 s keeps
   * them out while a real question ("and where is the pain?") is well over it.
   */
  backchannelMaxMs?: number;
  /**
   * Clinician speech counts as speaking over the patient only if the patient had held the
   * floor this long before it and went on this long after it began. Smooth turn exchanges
   * overlap by up to ~200 ms (people start as they predict the end of a sentence), and
   * utterance boundaries from a VAD or an annotator are that loose too.
   */
  minOverlapMs?: number;
  /**
   * A patient's stretches of speech separated by silences shorter than this (and by nobody
   * else taking the floor) are one turn: within-turn pauses (breaths, searching for a word)
   * mostly stay under 1.5 s, and the VAD's hangover (600 ms) splits a long answer at them.
   */
  turnGapMs?: number;
}

export interface PatientTurn {
  startMs: number;
  endMs: number;
  durationMs: number;
}

export interface PresenceInsights {
  /** Speaking time per role: the union of that role's intervals (overlaps within a role count once). */
  talkMs: Record<ParticipantRole, number>;
  /** talkMs / the sum over roles; all 0 when nobody spoke. */
  talkShare: Record<ParticipantRole, number>;
  /** Starts of clinician speech that interrupted the patient (see `InsightOptions`), in order. */
  interruptionsAtMs: number[];
  interruptions: number;
  /**
   * The patient's speaking time from the start of the visit until the clinician first spoke
   * over them — the "how long did I let the patient talk" measure of Beckman & Frankel (1984).
   * When the clinician never did, all of the patient's speaking time (`interrupted` is false).
   */
  patientSpeechBeforeFirstInterruptionMs: number;
  interrupted: boolean;
  longestPatientTurn: PatientTurn | null;
}

const DEFAULTS = {
  backchannelMaxMs: 1000,
  minOverlapMs: 250,
  turnGapMs: 1500,
} satisfies Required<InsightOptions>;

type Span = [number, number];

/** Sorted union of spans; touching spans merge. */
function union(spans: Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Span[] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function total(spans: Span[]): number {
  return spans.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** Presence insights from per-track speech timing; pure, so it runs on live or stored segments alike. */
export function computeInsights(intervals: SpeechInterval[], options: InsightOptions = {}): PresenceInsights {
  const o = { ...DEFAULTS, ...options };
  const byRole = Object.fromEntries(
    participantRoles.map((role) => [
      role,
      union(intervals.filter((i) => i.role === role).map((i): Span => [i.startMs, i.endMs])),
    ]),
  ) as Record<ParticipantRole, Span[]>;

  const talkMs = Object.fromEntries(participantRoles.map((r) => [r, total(byRole[r])])) as Record<
    ParticipantRole,
    number
  >;
  const sum = participantRoles.reduce((s, r) => s + talkMs[r], 0);
  const talkShare = Object.fromEntries(
    participantRoles.map((r) => [r, sum === 0 ? 0 : talkMs[r] / sum]),
  ) as Record<ParticipantRole, number>;

  const patient = byRole.patient;
  const floorTaking = (spans: Span[]) => spans.filter(([a, b]) => b - a >= o.backchannelMaxMs);
  const clinicianFloor = floorTaking(byRole.clinician);

  const interruptionsAtMs = clinicianFloor
    .map(([start]) => start)
    .filter((start) => patient.some(([a, b]) => start - a >= o.minOverlapMs && b - start >= o.minOverlapMs));

  const first = interruptionsAtMs[0];
  const patientSpeechBeforeFirstInterruptionMs =
    first === undefined
      ? talkMs.patient
      : total(patient.map(([a, b]): Span => [a, Math.min(b, first)]).filter(([a, b]) => b > a));

  // Anyone else taking the floor (not a backchannel) during a pause ends the patient's turn.
  const others = [...clinicianFloor, ...floorTaking(byRole.interpreter)];
  let longest: PatientTurn | null = null;
  let turn: Span | undefined;
  const closeTurn = () => {
    if (turn && (!longest || turn[1] - turn[0] > longest.durationMs)) {
      longest = { startMs: turn[0], endMs: turn[1], durationMs: turn[1] - turn[0] };
    }
  };
  for (const [a, b] of patient) {
    const gapEnd = a;
    const continues =
      turn !== undefined &&
      gapEnd - turn[1] < o.turnGapMs &&
      !others.some(([s, e]) => turn !== undefined && s < gapEnd && e > turn[1]);
    if (continues && turn) turn[1] = b;
    else {
      closeTurn();
      turn = [a, b];
    }
  }
  closeTurn();

  return {
    talkMs,
    talkShare,
    interruptionsAtMs,
    interruptions: interruptionsAtMs.length,
    patientSpeechBeforeFirstInterruptionMs,
    interrupted: first !== undefined,
    longestPatientTurn: longest,
  };
}
