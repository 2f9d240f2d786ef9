/**
 * pnpm scribe:transcribe --input DIR --output FILE.json [--language CODE] [--model base|tiny.en]
 *                        [--no-vocabulary]
 *
 * Transcribes every *.wav in DIR as the scribe would: the configured engine and its settings
 * (the same environment variables as the server), Silero VAD and the scribe's utterance cuts,
 * the medical vocabulary as prompt. Any sample rate, channel count and PCM or float encoding:
 * channels are averaged and the audio resampled to 16 kHz (LiveKit's resampler, as in a call).
 * Writes {"name.wav": "text", …}; relative paths are relative to where the command was run.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { AudioFrame, AudioResampler, AudioResamplerQuality } from "@livekit/rtc-node";
import { scribeConfigFromEnv, scribeEnvSchema } from "../src/scribe/scribe.config.js";
import { SEGMENTER } from "../src/scribe/worker/scribe.job.js";
import { MEDICAL_VOCABULARY } from "../src/scribe/worker/stt/medical.vocabulary.js";
import { createSttProvider } from "../src/scribe/worker/stt/stt.factory.js";
import { languageSchema } from "@bedside/shared";
import { STT_SAMPLE_RATE, whisperModelSchema } from "../src/scribe/worker/stt/stt.provider.js";
import { decodeWav } from "../src/scribe/worker/stt/wav.encoder.js";
import { loadSileroSession, SileroVad, UtteranceDetector } from "../src/scribe/worker/vad.js";

function fail(message: string): never {
  console.error(`scribe:transcribe: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    input: { type: "string" },
    output: { type: "string" },
    language: { type: "string", default: "en" },
    model: { type: "string" },
    "no-vocabulary": { type: "boolean", default: false },
  },
});
if (!values.input || !values.output)
  fail("usage: --input DIR --output FILE.json [--language CODE] [--model base|tiny.en]");
const language = languageSchema.safeParse(values.language);
if (!language.success) fail(`--language: ${language.error.issues[0]?.message}`);
const model = values.model === undefined ? undefined : whisperModelSchema.safeParse(values.model);
if (model && !model.success) fail(`--model must be base or tiny.en, not "${values.model}"`);
const env = scribeEnvSchema.safeParse(process.env);
if (!env.success) fail(env.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; "));

// pnpm runs scripts from the repository root; INIT_CWD is where the person ran the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const inputDir = path.resolve(cwd, values.input);
const outputFile = path.resolve(cwd, values.output);
const names = (await readdir(inputDir).catch((e: Error) => fail(`--input: ${e.message}`)))
  .filter((n) => n.toLowerCase().endsWith(".wav"))
  .sort();
if (names.length === 0) fail(`no .wav files in ${inputDir}`);

const config = scribeConfigFromEnv(env.data);
const stt = createSttProvider(
  config.stt.kind === "whisper" && model?.success ? { ...config.stt, model: model.data } : config.stt,
  { threads: cpus().length },
);
const silero = await loadSileroSession();
const vocabulary = values["no-vocabulary"] ? [] : MEDICAL_VOCABULARY;

/** 16 kHz mono, as the scribe hears a call. */
function toScribeAudio(file: Buffer): Int16Array {
  const wav = decodeWav(file);
  const frames = Math.floor(wav.samples.length / wav.channels);
  const mono = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < wav.channels; c++) sum += wav.samples[i * wav.channels + c]!;
    mono[i] = Math.round(sum / wav.channels);
  }
  if (wav.sampleRate === STT_SAMPLE_RATE) return mono;
  const resampler = new AudioResampler(wav.sampleRate, STT_SAMPLE_RATE, 1, AudioResamplerQuality.HIGH);
  const out = [...resampler.push(new AudioFrame(mono, wav.sampleRate, 1, frames)), ...resampler.flush()];
  const joined = new Int16Array(out.reduce((n, f) => n + f.data.length, 0));
  let at = 0;
  for (const f of out) {
    joined.set(f.data, at);
    at += f.data.length;
  }
  return joined;
}

const result: Record<string, string> = {};
let failures = 0;
for (const name of names) {
  const started = performance.now();
  let pcm: Int16Array;
  try {
    pcm = toScribeAudio(await readFile(path.join(inputDir, name)));
  } catch (error) {
    console.error(`${name}: skipped, ${(error as Error).message}`);
    failures++;
    continue;
  }
  const detector = new UtteranceDetector(new SileroVad(silero), SEGMENTER);
  const utterances = [...(await detector.push(pcm)), ...detector.flush()];
  const texts: string[] = [];
  for (const u of utterances) {
    const r = await stt.transcribe({ pcm: u.pcm, languages: [language.data], vocabulary });
    if (r.ok) texts.push(r.text.trim());
    else {
      failures++;
      console.error(
        `${name}: an utterance at ${(u.startMs / 1000).toFixed(1)} s failed: ${r.reason} ${r.detail}`,
      );
    }
  }
  result[name] = texts.filter(Boolean).join(" ");
  const seconds = pcm.length / STT_SAMPLE_RATE;
  console.error(
    `${name}: ${seconds.toFixed(1)} s of audio, ${utterances.length} utterances, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
await stt.close();
await writeFile(outputFile, `${JSON.stringify(result, null, 2)}\n`);
console.error(`wrote ${Object.keys(result).length} transcripts to ${outputFile} (${stt.engine})`);
process.exit(failures > 0 ? 1 : 0);
