import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import config from "../playwright.config";
import { expect, signInAsDemoClinician, test } from "./fixtures";

/**
 * The silent scribe in real browsers: each person's (fake) microphone plays a different recording
 * of real read speech (Debian pocketsphinx-testdata, LibriVox). Chromium takes the fake audio file
 * per browser process, so each speaker gets a browser of their own.
 */
const LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox";
const references = new Map(
  readFileSync(path.join(LIBRIVOX, "transcription"), "utf8")
    .split("\n")
    .map((l) => /^(.*)\(([^)]+)\)\s*$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => [m[2]!, m[1]!.trim()] as const),
);
const patientClips = [
  "sense_and_sensibility_01_austen_64kb-0870",
  "sense_and_sensibility_01_austen_64kb-0880",
];
const clinicianClips = [
  "sense_and_sensibility_01_austen_64kb-0890",
  "sense_and_sensibility_01_austen_64kb-0920",
];

/** The clips joined with 1.5 s of silence around each, as 48 kHz mono 16-bit WAV (what Chromium reads). */
function fakeMicrophone(dir: string, name: string, ids: string[]): string {
  const out = path.join(dir, `${name}.wav`);
  const parts = ids.flatMap((id) => [path.join(LIBRIVOX, `${id}.wav`)]);
  execFileSync("sox", [...parts, "-r", "48000", "-c", "1", "-b", "16", out, "pad", "1.5", "1.5"]);
  return out;
}

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);

/** Share of the reference's words the transcript contains (bag of words; the fake microphone loops). */
function recall(reference: string, transcript: string): number {
  const have = new Set(words(transcript));
  const ref = words(reference);
  return ref.filter((w) => have.has(w)).length / ref.length;
}

async function browserWithMicrophone(file: string): Promise<Browser> {
  const launch = config.use?.launchOptions ?? {};
  return chromium.launch({
    ...launch,
    args: [...(launch.args ?? []), `--use-file-for-fake-audio-capture=${file}`],
  });
}

interface ReviewSegment {
  speakerName: string;
  role: string;
  startMs: number;
  endMs: number;
  text: string;
  status: string;
}

async function runVisit(baseURL: string, consent: "Yes" | "No") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bedside-scribe-e2e-"));
  const clinicianBrowser = await browserWithMicrophone(fakeMicrophone(dir, "clinician", clinicianClips));
  const patientBrowser = await browserWithMicrophone(fakeMicrophone(dir, "patient", patientClips));
  try {
    const c = await (await clinicianBrowser.newContext({ baseURL })).newPage();
    const p = await (await patientBrowser.newContext({ baseURL })).newPage();
    await signInAsDemoClinician(c);
    await c.getByLabel("Patient name").fill("Sam Reader");
    await c.getByLabel("Preferred language").selectOption("en");
    await c.getByRole("button", { name: "Create visit and links" }).click();
    const link = await c.getByLabel("Patient link").inputValue();

    await p.goto(link);
    await p.getByRole("button", { name: "Play a test sound" }).click();
    await p.getByRole("button", { name: "Yes", exact: true }).click();
    await p.getByLabel(/Your name/).fill("Sam Reader");
    await p
      .getByLabel(
        consent === "Yes" ? "Yes, it may take notes of what I say" : "No, do not take notes of what I say",
      )
      .check();
    await p.getByRole("button", { name: "Join the waiting room" }).click();
    await expect(p.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();

    await c.getByRole("button", { name: "Admit Sam Reader" }).click();
    await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
    const visitId = /\/clinic\/visits\/([\w-]+)\/call$/.exec(c.url())![1]!;
    for (const page of [c, p]) {
      await expect(page.getByRole("region", { name: "People in the call" }).getByRole("figure")).toHaveCount(
        2,
        {
          timeout: 20_000,
        },
      );
    }
    await indicatorShows(c, p, consent);
    // The clinician's screen shows no running transcript.
    await expect(c.getByText(/transcript/i)).toHaveCount(0);

    // Let both recordings play through at least once (each is ~14 s with its pauses).
    await p.waitForTimeout(20_000);
    c.once("dialog", (d) => void d.accept());
    await c.getByRole("button", { name: "End visit for everyone" }).click();
    await expect(c.getByRole("heading", { name: "The visit has ended" })).toBeVisible();

    // Utterances heard before the end are still being stored: read until the transcript stops growing.
    const read = async () => {
      const res = await c.request.get(`/api/visits/${visitId}/review`);
      expect(res.ok()).toBe(true);
      return ((await res.json()) as { transcript: ReviewSegment[] }).transcript;
    };
    let transcript = await read();
    for (let stable = 0; stable < 3;) {
      await c.waitForTimeout(1000);
      const next = await read();
      stable = next.length === transcript.length ? stable + 1 : 0;
      transcript = next;
    }
    return transcript;
  } finally {
    await clinicianBrowser.close();
    await patientBrowser.close();
  }
}

async function indicatorShows(c: Page, p: Page, consent: "Yes" | "No") {
  const mine = p.getByRole("status", { name: "AI scribe" });
  await expect(mine).toContainText(consent === "Yes" ? "listening to you" : "off for you", {
    timeout: 20_000,
  });
  await expect(c.getByRole("status", { name: "AI scribe" })).toContainText("listening to you", {
    timeout: 20_000,
  });
}

test("the scribe transcribes each speaker's own microphone, labelled by role, in time order", async ({
  baseURL,
}) => {
  test.setTimeout(150_000);
  const transcript = await runVisit(baseURL!, "Yes");
  const patient = transcript.filter((s) => s.role === "patient");
  const clinician = transcript.filter((s) => s.role === "clinician");
  expect(patient.length).toBeGreaterThan(0);
  expect(clinician.length).toBeGreaterThan(0);
  expect(new Set(patient.map((s) => s.speakerName))).toEqual(new Set(["Sam Reader"]));
  expect(new Set(clinician.map((s) => s.speakerName))).toEqual(new Set(["Dr. Alex Rivera"]));
  expect(transcript.map((s) => s.startMs)).toEqual(
    [...transcript.map((s) => s.startMs)].sort((a, b) => a - b),
  );

  const patientRecall = recall(
    patientClips.map((id) => references.get(id)).join(" "),
    patient.map((s) => s.text).join(" "),
  );
  const clinicianRecall = recall(
    clinicianClips.map((id) => references.get(id)).join(" "),
    clinician.map((s) => s.text).join(" "),
  );
  console.log(
    `scribe e2e word recall: patient ${patientRecall.toFixed(2)}, clinician ${clinicianRecall.toFixed(2)}`,
  );
  // PocketSphinx alone recovers 0.73 of these clips' words (the scribe README); Chromium's capture
  // processing and Opus cost some. Above half means the right voice reached the right speaker's
  // segments; a swapped speaker or a broken audio path recovers the other clip's words, far fewer.
  expect(patientRecall).toBeGreaterThan(0.5);
  expect(clinicianRecall).toBeGreaterThan(0.5);
  // And neither speaker's segments are the other's speech.
  expect(
    recall(clinicianClips.map((id) => references.get(id)).join(" "), patient.map((s) => s.text).join(" ")),
  ).toBeLessThan(patientRecall);
});

test("with scribe consent refused, nothing the patient says is transcribed", async ({ baseURL }) => {
  test.setTimeout(150_000);
  const transcript = await runVisit(baseURL!, "No");
  expect(transcript.filter((s) => s.role === "patient")).toHaveLength(0);
  // The scribe was running: the clinician's speech is there.
  expect(transcript.filter((s) => s.role === "clinician").length).toBeGreaterThan(0);
});
