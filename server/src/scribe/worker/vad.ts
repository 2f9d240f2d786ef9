import { createRequire } from "node:module";
import path from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { STT_SAMPLE_RATE } from "./stt/stt.provider.js";
import { type Utterance, UtteranceSegmenter, type SegmenterOptions } from "./utterance.segmenter.js";

/**
 * A per-track voice activity detector: speech probability of each fixed-size 16 kHz frame.
 * Stateful (recurrent models, noise floors), so one instance per audio track.
 */
export interface VoiceActivityDetector {
  readonly frameSamples: number;
  probability(frame: Int16Array): Promise<number>;
  reset(): void;
}

/**
 * Silero VAD v5 as shipped inside `@livekit/agents-plugin-silero` (the same model the LiveKit
 * agent framework uses), run with `onnxruntime-node`'s bundled CPU binaries: nothing is
 * downloaded. One session serves every track; each track gets its own recurrent state.
 */
export async function loadSileroSession(): Promise<InferenceSession> {
  const require = createRequire(import.meta.url);
  const model = path.join(path.dirname(require.resolve("@livekit/agents-plugin-silero")), "silero_vad.onnx");
  // One thread: the scribe runs one VAD per track beside the STT engine on a small machine, and
  // a 32 ms window takes well under a millisecond on one core.
  return InferenceSession.create(model, {
    interOpNumThreads: 1,
    intraOpNumThreads: 1,
    executionMode: "sequential",
    executionProviders: ["cpu"],
  });
}

/** Silero's window at 16 kHz, plus the 64 samples of left context the v5 model expects. */
const SILERO_WINDOW = 512;
const SILERO_CONTEXT = 64;

export class SileroVad implements VoiceActivityDetector {
  readonly frameSamples = SILERO_WINDOW;
  readonly #session: InferenceSession;
  readonly #input = new Float32Array(SILERO_CONTEXT + SILERO_WINDOW);
  readonly #sampleRate = new Tensor("int64", BigInt64Array.from([BigInt(STT_SAMPLE_RATE)]));
  #state: Float32Array = new Float32Array(2 * 128);

  constructor(session: InferenceSession) {
    this.#session = session;
  }

  async probability(frame: Int16Array): Promise<number> {
    if (frame.length !== SILERO_WINDOW) throw new Error(`Silero needs ${SILERO_WINDOW}-sample frames`);
    for (let i = 0; i < SILERO_WINDOW; i++) this.#input[SILERO_CONTEXT + i] = (frame[i] ?? 0) / 32768;
    const result = await this.#session.run({
      input: new Tensor("float32", this.#input, [1, SILERO_CONTEXT + SILERO_WINDOW]),
      state: new Tensor("float32", this.#state, [2, 1, 128]),
      sr: this.#sampleRate,
    });
    const state = result.stateN?.data;
    const output = result.output?.data;
    if (!(state instanceof Float32Array) || !(output instanceof Float32Array)) {
      throw new Error("Silero model returned unexpected outputs");
    }
    this.#state = state;
    // The last 64 samples of this window are the next window's context.
    this.#input.copyWithin(0, SILERO_WINDOW, SILERO_WINDOW + SILERO_CONTEXT);
    return output[0] ?? 0;
  }

  reset(): void {
    this.#state = new Float32Array(2 * 128);
    this.#input.fill(0);
  }
}

export interface EnergyVadOptions {
  /** Speech is this far above the noise floor (the 50 % probability point). */
  marginDb?: number;
  /** Width of the logistic ramp around that point. */
  slopeDb?: number;
  /**
   * The noise floor is a low percentile of frame energies over this window: speech has pauses
   * between syllables and words, so the quiet tail of a few seconds is the room, not the voice,
   * and a room that gets louder (a fan turned on) is learned within the window.
   */
  floorWindowMs?: number;
  floorPercentile?: number;
  /** Frames quieter than this are never speech (digital silence, a muted mic). */
  absoluteGateDbfs?: number;
}

/**
 * A fallback when Silero cannot run (no onnxruntime binary for the platform): frame energy
 * against an adaptive noise floor. Good enough to cut utterances in a steady room; it cannot
 * tell speech from a TV or a door slam, which Silero can, and it misses the first words of a
 * track that opens mid-speech until it has heard some pauses.
 */
export class EnergyVad implements VoiceActivityDetector {
  readonly frameSamples = SILERO_WINDOW;
  readonly #margin: number;
  readonly #slope: number;
  readonly #gate: number;
  readonly #percentile: number;
  readonly #history: Float64Array;
  #filled = 0;
  #next = 0;

  constructor(options: EnergyVadOptions = {}) {
    this.#margin = options.marginDb ?? 10;
    this.#slope = options.slopeDb ?? 2;
    this.#gate = options.absoluteGateDbfs ?? -55;
    this.#percentile = options.floorPercentile ?? 0.1;
    const windowFrames = Math.round(
      ((options.floorWindowMs ?? 5000) * STT_SAMPLE_RATE) / 1000 / SILERO_WINDOW,
    );
    this.#history = new Float64Array(Math.max(1, windowFrames));
  }

  probability(frame: Int16Array): Promise<number> {
    let sum = 0;
    for (const s of frame) sum += s * s;
    const rms = Math.sqrt(sum / Math.max(1, frame.length)) / 32768;
    const db = 20 * Math.log10(rms + 1e-9);
    this.#history[this.#next] = db;
    this.#next = (this.#next + 1) % this.#history.length;
    this.#filled = Math.min(this.#filled + 1, this.#history.length);
    if (db < this.#gate) return Promise.resolve(0);
    const sorted = this.#history.slice(0, this.#filled).sort();
    const floor = sorted[Math.floor(this.#percentile * (this.#filled - 1))] ?? db;
    return Promise.resolve(1 / (1 + Math.exp(-(db - floor - this.#margin) / this.#slope)));
  }

  reset(): void {
    this.#filled = 0;
    this.#next = 0;
  }
}

/**
 * One track's speech → utterances: re-frames arbitrary PCM chunks (LiveKit delivers 10 ms
 * frames) to the VAD's window and feeds the segmenter. Calls must not overlap (await each push).
 */
export class UtteranceDetector {
  readonly #vad: VoiceActivityDetector;
  readonly #segmenter: UtteranceSegmenter;
  readonly #pending: Int16Array;
  #pendingLength = 0;
  #lastProbability = 0;

  constructor(vad: VoiceActivityDetector, options: SegmenterOptions = {}) {
    this.#vad = vad;
    this.#segmenter = new UtteranceSegmenter(options);
    this.#pending = new Int16Array(vad.frameSamples);
  }

  async push(pcm: Int16Array): Promise<Utterance[]> {
    const done: Utterance[] = [];
    let offset = 0;
    while (offset < pcm.length) {
      const take = Math.min(pcm.length - offset, this.#pending.length - this.#pendingLength);
      this.#pending.set(pcm.subarray(offset, offset + take), this.#pendingLength);
      this.#pendingLength += take;
      offset += take;
      if (this.#pendingLength === this.#pending.length) {
        this.#lastProbability = await this.#vad.probability(this.#pending);
        done.push(...this.#segmenter.push(this.#pending, this.#lastProbability));
        this.#pendingLength = 0;
      }
    }
    return done;
  }

  /** Ends the track: the partial last window counts with the last probability seen. */
  flush(): Utterance[] {
    const done = this.#segmenter.push(this.#pending.subarray(0, this.#pendingLength), this.#lastProbability);
    this.#pendingLength = 0;
    this.#vad.reset();
    return [...done, ...this.#segmenter.flush()];
  }
}
