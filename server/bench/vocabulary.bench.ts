/**
 * pnpm bench:vocabulary — does the medical vocabulary prompt help Whisper hear medical words?
 *
 * Sentences: turns of the ACI-Bench and MTS-Dialog *validation* dialogues (../shared/data; the
 * vocabulary's order was counted on the training splits) that name a medicine or condition of the vocabulary,
 * 6–30 words long, the first SENTENCES of them in file order. Each is spoken by an offline flite
 * voice (four voices in turn; Debian's flite) to a 16 kHz WAV in a temporary folder, then
 * transcribed by the scribe's engine twice — with the vocabulary prompt and without (the
 * baseline, in the same run) — for each model.
 *
 * Reported per model and setting: word error rate (transcript.wer.ts normalisation) and term
 * recall: of the vocabulary's words in the reference sentences, the share found in the
 * transcript. SPLIT=train reads the training dialogues instead (to tune on); WINDOW=N sets the
 * encoder window in seconds (10 by default, 30 is Whisper's own).
 * Last line: {"sentences", "split", "window_s", "base": {"with", "without"}, "tiny.en": {…}}.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dialogueTurns, parseCsv } from "../tools/findings/findings.evaluate.js";
import { MEDICAL_VOCABULARY } from "../src/scribe/worker/stt/medical.vocabulary.js";
import type { WhisperModel } from "../src/scribe/worker/stt/stt.provider.js";
import { decodeWav } from "../src/scribe/worker/stt/wav.encoder.js";
import { WhisperSttProvider } from "../src/scribe/worker/stt/whisper.stt.js";
import { normaliseForWer, werCounts } from "../tools/scribe/transcript.wer.js";

const SENTENCES = Number(process.env.SENTENCES ?? 60);
/** `train` to tune on (the engine's settings were chosen there); report on `valid`. */
const SPLIT = process.env.SPLIT === "train" ? "train" : "valid";
/** The encoder window for these short sentences (whisper.stt.ts windowSeconds); the engine's default if unset. */
const WINDOW = process.env.WINDOW ? Number(process.env.WINDOW) : undefined;
const VOICES = ["slt", "rms", "awb", "kal16"];
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(process.env.BEDSIDE_DATA_DIR ?? path.join(here, "../../../shared/data"));

const vocabulary = new Set(MEDICAL_VOCABULARY);
const termsIn = (words: string[]) =>
  words.filter((w) => vocabulary.has(w) || vocabulary.has(w.replace(/s$/, "")));

const sentences: string[] = [];
const dialogues = [
  ...parseCsv(await readFile(path.join(dataDir, "aci-bench", `${SPLIT}.csv`), "utf8")),
  ...parseCsv(await readFile(path.join(dataDir, "mts-dialog", `${SPLIT}.csv`), "utf8")),
].map((row) => row.dialogue ?? "");
for (const dialogue of dialogues) {
  for (const { text } of dialogueTurns(dialogue)) {
    const words = normaliseForWer(text);
    if (words.length >= 6 && words.length <= 30 && termsIn(words).length > 0) sentences.push(text);
  }
}
const chosen = sentences.slice(0, SENTENCES);
if (chosen.length === 0) throw new Error("no sentences found");

const dir = mkdtempSync(path.join(tmpdir(), "bedside-vocab-"));
const audio = chosen.map((text, i) => {
  const file = path.join(dir, `${i}.wav`);
  execFileSync("flite", ["-voice", VOICES[i % VOICES.length]!, "-t", text, "-o", file]);
  const wav = decodeWav(readFileSync(file));
  if (wav.sampleRate !== 16_000) throw new Error(`flite voice ${VOICES[i % VOICES.length]} is not 16 kHz`);
  return wav.samples;
});
rmSync(dir, { recursive: true, force: true });

async function score(model: WhisperModel, withVocabulary: boolean) {
  const stt = new WhisperSttProvider({ model, threads: cpus().length, windowSeconds: WINDOW });
  let errors = 0;
  let words = 0;
  let terms = 0;
  let heard = 0;
  for (const [i, text] of chosen.entries()) {
    const r = await stt.transcribe({
      pcm: audio[i]!,
      languages: ["en"],
      vocabulary: withVocabulary ? MEDICAL_VOCABULARY : [],
    });
    if (!r.ok) throw new Error(`${r.reason} ${r.detail}`);
    const ref = normaliseForWer(text);
    const hyp = normaliseForWer(r.text);
    const c = werCounts(ref, hyp);
    errors += c.substitutions + c.deletions + c.insertions;
    words += c.referenceWords;
    const said = termsIn(ref);
    terms += said.length;
    heard += said.filter((t) => hyp.includes(t)).length;
  }
  await stt.close();
  return { wer: Number((errors / words).toFixed(4)), term_recall: Number((heard / terms).toFixed(4)), terms };
}

const out: Record<string, unknown> = {
  sentences: chosen.length,
  split: SPLIT,
  window_s: WINDOW ?? "default",
};
for (const model of ["base", "tiny.en"] as const) {
  const without = await score(model, false);
  const withVocabulary = await score(model, true);
  out[model] = { with: withVocabulary, without };
  console.error(`${model}: ${JSON.stringify(out[model])}`);
}
console.log(JSON.stringify(out));
