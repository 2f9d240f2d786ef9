import { STT_SAMPLE_RATE } from "./stt/stt.provider.js";

export interface SegmenterOptions {
  sampleRate?: number;
  /** A frame at or above this speech probability starts or continues speech. */
  activationThreshold?: number;
  /**
   * Speech continues until probability drops below this (hysteresis): Silero's own guidance
   * is activation − 0.15, so a word whose probability dips briefly does not end the utterance.
   */
  deactivationThreshold?: number;
  /** Silence that ends an utterance: long enough to span pauses between words and breaths. */
  hangoverMs?: number;
  /** Utterances with less speech than this (coughs, clicks, a single "mm") are dropped. */
  minSpeechMs?: number;
  /**
   * An utterance is cut here even mid-speech: bounded memory, timely persistence, and Whisper
   * transcribes 30 s windows at most.
   */
  maxUtteranceMs?: number;
  /**
   * Past this length, the first pause of `pauseCutMs` (the gap between two phrases, a breath)
   * ends the utterance at once, without waiting for the hangover. Long speech is so decoded while
   * the person goes on talking, cut between words rather than inside one. Infinity (the default)
   * turns it off.
   */
  pauseCutAfterMs?: number;
  /**
   * The shortest pause that cuts long speech. Shorter dips happen inside words (the closure of a
   * "t" or "k"), and a cut there splits the word.
   */
  pauseCutMs?: number;
  /** Audio kept before the first speech frame so the first consonant is not clipped. */
  prefixPaddingMs?: number;
  /** Audio kept after the last speech frame for the same reason at the end. */
  suffixPaddingMs?: number;
  /** Track time of the first sample, e.g. when the track was subscribed mid-visit. */
  startMs?: number;
}

/**
 * Why an utterance ended: the speaker stopped ("silence"), paused briefly in long speech
 * ("pause"), spoke past the maximum length ("max-length"), or the stream ended ("flush").
 */
export type UtteranceEnd = "silence" | "pause" | "max-length" | "flush";

export interface Utterance {
  /** Track time of the first sample in `pcm` (including prefix padding), in ms. */
  startMs: number;
  /** Track time just after the last sample in `pcm`, in ms. */
  endMs: number;
  pcm: Int16Array;
  /** Time between first and last speech frames, the quantity `minSpeechMs` is compared to. */
  speechMs: number;
  end: UtteranceEnd;
}

const DEFAULTS = {
  sampleRate: STT_SAMPLE_RATE,
  activationThreshold: 0.5,
  deactivationThreshold: 0.35,
  hangoverMs: 600,
  minSpeechMs: 250,
  maxUtteranceMs: 20_000,
  pauseCutAfterMs: Infinity,
  pauseCutMs: 150,
  prefixPaddingMs: 200,
  suffixPaddingMs: 150,
  startMs: 0,
} satisfies Required<SegmenterOptions>;

/**
 * Cuts a track's PCM into utterances from per-frame speech probabilities given by any VAD.
 * Frames may have any length; time is counted in samples, so it stays exact over hours.
 * Pure and synchronous: the caller (VAD pipeline, tests) owns all timing and I/O.
 */
export class UtteranceSegmenter {
  readonly #o: Required<SegmenterOptions>;
  /** All samples since the start of the prefix window or of the open utterance. */
  #chunks: Int16Array[] = [];
  /** Track sample index of the first buffered sample. */
  #bufferStart: number;
  /** Track sample index just after the last pushed frame. */
  #cursor: number;
  #speechStart: number | undefined;
  #speechEnd = 0;
  #inSpeech = false;

  constructor(options: SegmenterOptions = {}) {
    this.#o = { ...DEFAULTS, ...options };
    if (this.#o.deactivationThreshold > this.#o.activationThreshold) {
      throw new Error("deactivationThreshold must not exceed activationThreshold");
    }
    this.#bufferStart = this.#cursor = Math.round((this.#o.startMs * this.#o.sampleRate) / 1000);
  }

  /** Feeds one frame; returns the utterances it completed (zero, or one; two only after a max-length cut). */
  push(pcm: Int16Array, speechProbability: number): Utterance[] {
    const done: Utterance[] = [];
    const frameStart = this.#cursor;
    this.#append(pcm);
    const frameEnd = this.#cursor;

    const threshold = this.#inSpeech ? this.#o.deactivationThreshold : this.#o.activationThreshold;
    const speech = speechProbability >= threshold;

    if (speech) {
      if (this.#speechStart === undefined) this.#speechStart = frameStart;
      this.#speechEnd = frameEnd;
      this.#inSpeech = true;
    } else {
      this.#inSpeech = false;
    }

    if (this.#speechStart !== undefined) {
      const length = frameEnd - this.#utteranceStart();
      if (!speech && frameEnd - this.#speechEnd >= this.#ms(this.#o.hangoverMs)) {
        const u = this.#close("silence");
        if (u) done.push(u);
      } else if (
        !speech &&
        length >= this.#ms(this.#o.pauseCutAfterMs) &&
        frameEnd - this.#speechEnd >= this.#ms(this.#o.pauseCutMs)
      ) {
        const u = this.#close("pause", frameEnd);
        if (u) done.push(u);
      } else if (frameEnd - this.#utteranceStart() >= this.#ms(this.#o.maxUtteranceMs)) {
        const u = this.#close("max-length", frameEnd);
        if (u) done.push(u);
      }
    } else {
      this.#trimToPrefix();
    }
    return done;
  }

  /** Ends the stream (track unpublished, consent paused, visit over): emits what is open. */
  flush(): Utterance[] {
    const u = this.#speechStart === undefined ? undefined : this.#close("flush");
    this.#reset(this.#cursor);
    return u ? [u] : [];
  }

  /** True while an utterance is open, e.g. to show that the scribe is hearing someone. */
  get inUtterance(): boolean {
    return this.#speechStart !== undefined;
  }

  #ms(ms: number): number {
    return Math.round((ms * this.#o.sampleRate) / 1000);
  }

  #toMs(sample: number): number {
    return (sample * 1000) / this.#o.sampleRate;
  }

  #utteranceStart(): number {
    return Math.max(
      this.#bufferStart,
      (this.#speechStart ?? this.#cursor) - this.#ms(this.#o.prefixPaddingMs),
    );
  }

  #append(pcm: Int16Array): void {
    if (pcm.length === 0) return;
    // Copy: the caller (a LiveKit AudioStream) may reuse the frame's buffer.
    this.#chunks.push(Int16Array.from(pcm));
    this.#cursor += pcm.length;
  }

  /** Emits [start, end) of the buffer; a max-length cut at `cutAt` keeps speaking state for the rest. */
  #close(end: UtteranceEnd, cutAt?: number): Utterance | undefined {
    const speechStart = this.#speechStart ?? this.#cursor;
    const start = this.#utteranceStart();
    const stop = cutAt ?? Math.min(this.#cursor, this.#speechEnd + this.#ms(this.#o.suffixPaddingMs));
    const speechMs = this.#toMs(Math.min(this.#speechEnd, stop) - speechStart);
    const pcm = this.#slice(start, stop);
    if (cutAt !== undefined) {
      // Speech goes on: the next utterance starts exactly here, with no overlap, so no word is
      // transcribed twice.
      this.#dropBefore(stop);
      this.#speechStart = stop;
    } else {
      this.#reset(stop);
      this.#dropBefore(stop);
      this.#trimToPrefix();
    }
    if (speechMs < this.#o.minSpeechMs) return undefined;
    return { startMs: this.#toMs(start), endMs: this.#toMs(stop), pcm, speechMs, end };
  }

  #reset(bufferStart: number): void {
    this.#speechStart = undefined;
    this.#inSpeech = false;
    this.#speechEnd = bufferStart;
    if (bufferStart >= this.#cursor) {
      this.#chunks = [];
      this.#bufferStart = this.#cursor;
    }
  }

  /** Samples [from, to) in track sample indices, copied into one array. */
  #slice(from: number, to: number): Int16Array {
    const out = new Int16Array(Math.max(0, to - from));
    let position = this.#bufferStart;
    for (const chunk of this.#chunks) {
      const a = Math.max(from, position);
      const b = Math.min(to, position + chunk.length);
      if (b > a) out.set(chunk.subarray(a - position, b - position), a - from);
      position += chunk.length;
      if (position >= to) break;
    }
    return out;
  }

  #dropBefore(sample: number): void {
    while (this.#chunks.length > 0) {
      const first = this.#chunks[0] as Int16Array;
      if (this.#bufferStart + first.length > sample) break;
      this.#chunks.shift();
      this.#bufferStart += first.length;
    }
    if (this.#bufferStart < sample && this.#chunks.length > 0) {
      const first = this.#chunks[0] as Int16Array;
      const cut = sample - this.#bufferStart;
      this.#chunks[0] = first.subarray(cut);
      this.#bufferStart = sample;
    }
  }

  /** While silent, keep only the prefix window so memory does not grow with silence. */
  #trimToPrefix(): void {
    this.#dropBefore(this.#cursor - this.#ms(this.#o.prefixPaddingMs));
  }
}
