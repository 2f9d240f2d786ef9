import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LIBRIVOX } from "./scribe/scribe.fixtures.js";
import { normaliseForWer, wordErrorRate } from "./scribe/transcript.wer.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(path.join(tmpdir(), "bedside-transcribe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pnpm scribe:transcribe", () => {
  it("transcribes every WAV of a folder, whatever its rate and channels, into {name: text}", () => {
    const input = path.join(dir, "in");
    mkdirSync(input);
    const clip = path.join(LIBRIVOX, "sense_and_sensibility_01_austen_64kb-0870.wav");
    // 44.1 kHz stereo 24-bit, as a phone or a desktop recorder would save it.
    execFileSync("sox", [clip, "-r", "44100", "-c", "2", "-b", "24", path.join(input, "stereo.wav")]);
    writeFileSync(path.join(input, "notes.txt"), "not audio");
    // Relative paths are taken from where the command was run (INIT_CWD, as pnpm sets it).
    execFileSync(
      path.join(root, "node_modules/.bin/tsx"),
      [
        "--tsconfig",
        "server/tsconfig.tsx.json",
        "server/tools/transcribe.ts",
        "--input",
        "in",
        "--output",
        "out.json",
        "--model",
        "tiny.en",
      ],
      { cwd: root, env: { ...process.env, INIT_CWD: dir }, stdio: ["ignore", "ignore", "pipe"] },
    );
    const out = JSON.parse(readFileSync(path.join(dir, "out.json"), "utf8")) as Record<string, string>;
    expect(Object.keys(out)).toEqual(["stereo.wav"]);
    const reference =
      "and mister john dashwood had then leisure to consider how much there might be prudently in his power to do for them";
    expect(wordErrorRate(reference, out["stereo.wav"]!)).toBeLessThan(0.1);
    expect(normaliseForWer(out["stereo.wav"]!)).toContain("dashwood");
  }, 120_000);

  it("says what is wrong with its arguments and exits 2", () => {
    const run = (...args: string[]) => {
      try {
        execFileSync(
          path.join(root, "node_modules/.bin/tsx"),
          ["--tsconfig", "server/tsconfig.tsx.json", "server/tools/transcribe.ts", ...args],
          {
            cwd: root,
            stdio: ["ignore", "ignore", "pipe"],
          },
        );
        return { status: 0, stderr: "" };
      } catch (error) {
        const e = error as { status: number; stderr: Buffer };
        return { status: e.status, stderr: e.stderr.toString() };
      }
    };
    expect(run("--input", dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/usage/) });
    expect(run("--input", dir, "--output", "x.json", "--model", "large")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--model must be base or tiny\.en/),
    });
    expect(run("--input", path.join(dir, "missing"), "--output", "x.json")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--input: ENOENT/),
    });
  }, 60_000);
});
