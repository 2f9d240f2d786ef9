import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import config from "../playwright.config";
import { expect, signInAsDemoClinician, testSound } from "./fixtures";

/**
 * A scribed visit in real browsers: each person's fake microphone plays their own recording,
 * the scribe transcribes each track. Chromium takes the fake audio file per browser process,
 * so each speaker gets a browser of their own.
 */

/** 48 kHz mono 16-bit WAV, what Chromium's fake capture reads; each part padded with silence. */
function toMicrophoneWav(dir: string, name: string, parts: string[], pad: number): string {
  const out = path.join(dir, `${name}.wav`);
  const padded = parts.map((file, i) => {
    const p = path.join(dir, `${name}-${i}.wav`);
    execFileSync("sox", [file, "-r", "48000", "-c", "1", "-b", "16", p, "pad", String(pad), String(pad)]);
    return p;
  });
  execFileSync("sox", [...padded, out]);
  return out;
}

/** Recordings joined into one microphone, with 1.5 s of silence around each. */
export function recordedMicrophone(dir: string, name: string, wavs: string[]): string {
  return toMicrophoneWav(dir, name, wavs, 1.5);
}

/**
 * Sentences spoken by flite (Debian's offline synthesiser) in one voice, with a pause after
 * each, as people pause between sentences: each becomes its own utterance for the scribe.
 */
export function spokenMicrophone(dir: string, name: string, voice: string, sentences: string[]): string {
  const wavs = sentences.map((text, i) => {
    const file = path.join(dir, `${name}-tts-${i}.wav`);
    execFileSync("flite", ["-voice", voice, "-t", text, "-o", file]);
    return file;
  });
  return toMicrophoneWav(dir, name, wavs, 0.8);
}

/**
 * Sentences spoken in Spanish by espeak-ng (Debian's offline synthesiser) in one voice, with a
 * pause after each, as `spokenMicrophone` does for flite's English voices. `voice` is an espeak-ng
 * voice and variant ("es+klatt4"), `speed` in words per minute.
 */
export function espeakMicrophone(
  dir: string,
  name: string,
  voice: string,
  speed: number,
  sentences: string[],
): string {
  const wavs = sentences.map((text, i) => {
    const file = path.join(dir, `${name}-tts-${i}.wav`);
    const raw = path.join(dir, `${name}-espeak-${i}.wav`);
    execFileSync("espeak-ng", ["-v", voice, "-s", String(speed), "-w", raw, text]);
    // espeak-ng writes at full scale: 3 dB of headroom, or resampling clips it.
    execFileSync("sox", [raw, file, "norm", "-3"]);
    return file;
  });
  return toMicrophoneWav(dir, name, wavs, 0.8);
}

/**
 * How long until every sentence of each recording has reached the scribe whole at least once.
 * Chromium loops a fake microphone's file from the moment the page opens it, so when the scribe
 * starts listening it may be anywhere in the file, and the sentence it joins is cut: the next
 * full pass ends at most one file length after that.
 */
export function playedThroughMs(...files: string[]): number {
  const seconds = Math.max(
    ...files.map((f) => Number(execFileSync("soxi", ["-D", f], { encoding: "utf8" }))),
  );
  return Math.ceil(2 * seconds * 1000);
}

/** The caption lines a page shows: who said it (as the caption names them) and what. */
export async function captionLines(page: Page): Promise<{ name: string; text: string }[]> {
  const lines = page.getByRole("log", { name: "Captions" }).locator(".captions__line");
  return (await lines.evaluateAll((els) => els.map((e) => e.textContent ?? ""))).map((l) => {
    const at = l.indexOf(": ");
    return { name: l.slice(0, at), text: l.slice(at + 2) };
  });
}

/** A text's words, lower case, without punctuation. */
export const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);

/** Said in words, often written in digits ("four hundred" → "400"): neither form is asked for. */
const NUMBER_WORD =
  /^(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand)$/;

/** The words a transcript of the sentence must hold, its numbers left out. */
const wordsToHear = (sentence: string) => wordsOf(sentence).filter((w) => !NUMBER_WORD.test(w));

/** The words in one role's stored transcript. */
export const wordsSaidBy = (
  transcript: readonly { role: string; text: string }[],
  role: string,
): Set<string> =>
  new Set(
    wordsOf(
      transcript
        .filter((s) => s.role === role)
        .map((s) => s.text)
        .join(" "),
    ),
  );

/**
 * Waits until the scribe has stored each sentence that each role says: at least `share` of the
 * sentence's words (but its numbers) in that role's stored transcript (read from the clinician's review, which the
 * scribe fills while the call goes on). At most `passes` times `playedThroughMs`, the fixed wait
 * this replaces: a sentence never heard leaves the test's own assertions to fail as they did
 * before, only no later.
 */
export async function untilTranscribed(
  c: Page,
  visitId: string,
  heard: { role: string; sentences: string[] }[],
  files: string[],
  { share = 0.8, passes = 1 } = {},
): Promise<void> {
  const limit = passes * playedThroughMs(...files);
  const deadline = Date.now() + limit;
  /** The sentences not yet in their speaker's stored transcript (all of them if it cannot be read). */
  const missing = async () => {
    const res = await c.request.get(`/api/visits/${visitId}/review`);
    if (!res.ok()) return heard.flatMap((h) => h.sentences);
    const { transcript } = (await res.json()) as { transcript: ReviewSegment[] };
    return heard.flatMap(({ role, sentences }) => {
      const have = wordsSaidBy(transcript, role);
      return sentences.filter((sentence) => {
        const words = wordsToHear(sentence);
        return words.filter((w) => have.has(w)).length < share * words.length;
      });
    });
  };
  const started = Date.now();
  let left = await missing();
  while (left.length > 0 && Date.now() < deadline) {
    await c.waitForTimeout(Math.min(1_000, Math.max(0, deadline - Date.now())));
    left = await missing();
  }
  console.log(
    `transcribed after ${((Date.now() - started) / 1000).toFixed(1)} s (at most ${(limit / 1000).toFixed(1)} s)` +
      (left.length > 0 ? `; not yet heard: ${left.join(" / ")}` : ""),
  );
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "bedside-scribe-e2e-"));
}

/** A Chromium of its own whose fake microphone plays this file (one file per browser process). */
export async function browserWithMicrophone(file: string): Promise<Browser> {
  const launch = config.use?.launchOptions ?? {};
  return chromium.launch({
    ...launch,
    args: [...(launch.args ?? []), `--use-file-for-fake-audio-capture=${file}`],
  });
}

export interface ReviewSegment {
  id: string;
  speakerName: string;
  role: string;
  startMs: number;
  endMs: number;
  text: string;
  /** The language the scribe heard it in ("es"), null when unknown. */
  language: string | null;
  status: string;
}

export interface ScribedVisit {
  /** The clinician's page (signed in as the demo clinician), in the call. */
  c: Page;
  /** The patient's page (390 px wide, a phone), in the call. */
  p: Page;
  visitId: string;
  patientName: string;
  /** Ends the visit for everyone and waits for both end screens. */
  end(): Promise<void>;
  /** The stored transcript, once it has stopped growing (utterances heard before the end are still being stored). */
  settledTranscript(): Promise<ReviewSegment[]>;
  close(): Promise<void>;
}

/** The scribe worker's lines about this visit (JSON, ids only; e2e/stack.ts writes them to a file). */
function scribeLines(visitId: string): string[] {
  const log = process.env.BEDSIDE_SCRIBE_LOG;
  if (!log) throw new Error("no scribe worker log (BEDSIDE_SCRIBE_LOG): is the scribe off?");
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.includes(visitId));
}

/**
 * Waits until the scribe listens to `tracks` microphones of the visit. Its indicator says
 * "listening" once the scribe is in the room; subscribing to each track takes a moment more.
 */
export async function scribeListensTo(visitId: string, tracks: number): Promise<void> {
  const listened = () =>
    new Set(
      scribeLines(visitId)
        .filter((l) => l.includes("scribe listening to a track"))
        .map((l) => (JSON.parse(l) as { participantId: string }).participantId),
    ).size;
  await expect.poll(listened, { timeout: 30_000, intervals: [250] }).toBeGreaterThanOrEqual(tracks);
}

/**
 * The visit's transcript as the clinician's review reads it, once it is complete: after the call
 * ended, the visit's scribe job has stored what it had heard and stopped.
 */
export async function settledTranscript(c: Page, visitId: string): Promise<ReviewSegment[]> {
  await expect
    .poll(() => scribeLines(visitId).some((l) => l.includes("scribe job stopped")), {
      timeout: 90_000,
      intervals: [250],
    })
    .toBe(true);
  const res = await c.request.get(`/api/visits/${visitId}/review`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { transcript: ReviewSegment[] }).transcript;
}

/** Creates a visit, checks the patient in (with or without scribe consent), admits them, waits for both in the call. */
export async function startScribedVisit(options: {
  baseURL: string;
  dir: string;
  clinicianMicrophone: string;
  patientMicrophone: string;
  consent: "Yes" | "No";
}): Promise<ScribedVisit> {
  const patientName = "Sam Reader";
  const clinicianBrowser = await browserWithMicrophone(options.clinicianMicrophone);
  const patientBrowser = await browserWithMicrophone(options.patientMicrophone);
  const close = async () => {
    await clinicianBrowser.close();
    await patientBrowser.close();
    rmSync(options.dir, { recursive: true, force: true });
  };
  try {
    const c = await (await clinicianBrowser.newContext({ baseURL: options.baseURL })).newPage();
    const p = await (
      await patientBrowser.newContext({ baseURL: options.baseURL, viewport: { width: 390, height: 844 } })
    ).newPage();
    await signInAsDemoClinician(c);
    await c.getByLabel("Patient name").fill(patientName);
    await c.getByLabel("Preferred language").selectOption("en");
    await c.getByRole("button", { name: "Create visit and links" }).click();
    const link = await c
      .getByRole("region", { name: `Links for ${patientName}` })
      .getByLabel("Patient link")
      .inputValue();

    await p.goto(link);
    await testSound(p);
    await p.getByLabel(/Your name/).fill(patientName);
    await p
      .getByLabel(
        options.consent === "Yes"
          ? "Yes, it may take notes of what I say"
          : "No, do not take notes of what I say",
      )
      .check();
    // Both with voice only: these journeys are about speech (video is the visit journey's), and
    // two browsers encoding video beside Whisper on two busy cores only add load.
    await p.getByLabel(/^Join with voice only \(no video\)/).check();
    await p.getByRole("button", { name: "Join the waiting room" }).click();
    await expect(p.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();

    await c.getByRole("button", { name: `Admit ${patientName}` }).click();
    await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
    const visitId = /\/clinic\/visits\/([\w-]+)\/call$/.exec(c.url())![1]!;
    await c.getByRole("button", { name: "Voice only" }).click();
    for (const page of [c, p]) {
      await expect(page.getByRole("region", { name: "People in the call" }).getByRole("figure")).toHaveCount(
        2,
        { timeout: 20_000 },
      );
    }
    await expect(p.getByRole("status", { name: "AI scribe" })).toContainText(
      options.consent === "Yes" ? "listening to you" : "off for you",
      { timeout: 20_000 },
    );
    await expect(c.getByRole("status", { name: "AI scribe" })).toContainText("listening to you", {
      timeout: 20_000,
    });
    await scribeListensTo(visitId, options.consent === "Yes" ? 2 : 1);

    return {
      c,
      p,
      visitId,
      patientName,
      close,
      async end() {
        await c.getByRole("button", { name: "End visit for everyone" }).click();
        const confirm = c.getByRole("alertdialog", { name: "End the visit for everyone?" });
        await expect(confirm.getByRole("button", { name: "Keep talking" })).toBeFocused();
        await confirm.getByRole("button", { name: "End the visit" }).click();
        await expect(c.getByRole("heading", { name: "The visit has ended" })).toBeVisible();
        await expect(p.getByRole("heading", { name: "Your visit has ended" })).toBeVisible();
      },
      settledTranscript: () => settledTranscript(c, visitId),
    };
  } catch (err) {
    await close();
    throw err;
  }
}
