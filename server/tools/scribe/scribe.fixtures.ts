// Test and benchmark support (not used by the server): real read speech from Debian's
// `pocketsphinx-testdata`, and a LiveKit participant that speaks it into a room in real time.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from "@livekit/rtc-node";
import { decodeWav } from "../../src/scribe/worker/stt/wav.encoder.js";
import { STT_SAMPLE_RATE } from "../../src/scribe/worker/stt/stt.provider.js";

export const LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox";

export interface Clip {
  id: string;
  reference: string;
  samples: Int16Array;
}

/** The five LibriVox sentences (one male reader, 16 kHz mono) with their reference text. */
export function librivoxClips(): Clip[] {
  if (!existsSync(LIBRIVOX)) throw new Error(`${LIBRIVOX} missing: apt-get install -y pocketsphinx-testdata`);
  const clips: Clip[] = [];
  for (const line of readFileSync(path.join(LIBRIVOX, "transcription"), "utf8").split("\n")) {
    const match = /^(.*)\(([^)]+)\)\s*$/.exec(line.trim());
    if (!match?.[1] || !match[2]) continue;
    const wav = decodeWav(readFileSync(path.join(LIBRIVOX, `${match[2]}.wav`)));
    if (wav.sampleRate !== STT_SAMPLE_RATE || wav.channels !== 1)
      throw new Error(`${match[2]}: not 16 kHz mono`);
    clips.push({ id: match[2], reference: match[1].trim(), samples: wav.samples });
  }
  return clips;
}

/** Clips joined with `gapMs` of silence between them and after the last. */
export function withGaps(clips: Int16Array[], gapMs: number): Int16Array {
  const gap = Math.round((gapMs * STT_SAMPLE_RATE) / 1000);
  const out = new Int16Array(clips.reduce((n, c) => n + c.length + gap, gap));
  let at = gap;
  for (const c of clips) {
    out.set(c, at);
    at += c.length + gap;
  }
  return out;
}

/** A participant that publishes a microphone track and speaks PCM into it at real-time pace. */
export class Speaker {
  readonly room = new Room();
  readonly #source = new AudioSource(STT_SAMPLE_RATE, 1, 200);

  async join(url: string, token: string): Promise<void> {
    await this.room.connect(url, token, { autoSubscribe: false, dynacast: false });
    const track = LocalAudioTrack.createAudioTrack("microphone", this.#source);
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await this.room.localParticipant!.publishTrack(track, options);
  }

  /** Resolves when the last sample has been handed to WebRTC (paced by the source's queue). */
  async speak(samples: Int16Array, onSample?: (index: number, at: number) => void): Promise<void> {
    const frame = STT_SAMPLE_RATE / 100; // 10 ms
    for (let i = 0; i < samples.length; i += frame) {
      const chunk = new Int16Array(frame);
      chunk.set(samples.subarray(i, Math.min(samples.length, i + frame)));
      await this.#source.captureFrame(new AudioFrame(chunk, STT_SAMPLE_RATE, 1, frame));
      onSample?.(i, Date.now());
    }
    await this.#source.waitForPlayout();
  }

  async leave(): Promise<void> {
    await this.room.disconnect();
    await this.#source.close();
  }
}

/** A participant that subscribes to everyone's audio and counts the frames that actually arrive. */
export class Listener {
  readonly room = new Room();
  frames = 0;

  async join(url: string, token: string): Promise<void> {
    this.room.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind !== TrackKind.KIND_AUDIO) return;
      void (async () => {
        for await (const frame of new AudioStream(track)) if (frame.samplesPerChannel > 0) this.frames++;
      })().catch(() => undefined);
    });
    await this.room.connect(url, token, { autoSubscribe: true, dynacast: false });
  }

  async leave(): Promise<void> {
    await this.room.disconnect();
  }
}

/** Share of the reference's words found in the hypothesis (bag of words, each counted once per occurrence). */
export function wordRecall(reference: string[], hypothesis: string[]): number {
  const pool = new Map<string, number>();
  for (const w of hypothesis) pool.set(w, (pool.get(w) ?? 0) + 1);
  let hit = 0;
  for (const w of reference) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      hit++;
      pool.set(w, n - 1);
    }
  }
  return reference.length === 0 ? 1 : hit / reference.length;
}
