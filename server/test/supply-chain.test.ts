// Issue 24: what `npm start` downloads and runs is what was pinned. The LiveKit release archive is
// checked against its SHA-256 before it is unpacked; the speech engine's Python packages are
// installed from a lock that has every file's hash, and pip refuses one that differs.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { livekitArchive, LIVEKIT_ARCHIVES, verifySha256 } from "../../scripts/livekit.mjs";
import { PIP_LOCKED } from "../../scripts/speech.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "bedside-supply-"));

describe("the livekit-server download is checked against its pinned SHA-256", () => {
  it("accepts the pinned bytes and refuses a tampered file, deleting it", () => {
    const file = path.join(tmp(), "livekit_1.13.5_linux_amd64.tar.gz");
    const genuine = Buffer.from("pretend this is the release archive");
    writeFileSync(file, genuine);
    expect(() => verifySha256(file, sha256(genuine))).not.toThrow();

    const tampered = Buffer.from(genuine);
    tampered[0]! ^= 1;
    writeFileSync(file, tampered);
    expect(() => verifySha256(file, sha256(genuine))).toThrow(/SHA-256 .* is not the pinned .*refusing/);
    expect(existsSync(file)).toBe(false);
  });

  it("pins linux x64 and arm64, and refuses to download for a platform without a digest", () => {
    for (const key of ["linux-x64", "linux-arm64"]) {
      expect(LIVEKIT_ARCHIVES[key]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(livekitArchive("linux", "x64").file).toBe("livekit_1.13.5_linux_amd64.tar.gz");
    expect(() => livekitArchive("darwin", "arm64")).toThrow(
      /no verified livekit-server download for darwin-arm64.*PATH/,
    );
  });
});

/** A Python with pip, for pip's own hash checking: the speech venv's, else python3 on PATH. */
function pythonWithPip(): string | undefined {
  for (const candidate of [path.join(root, ".tools", "venv", "bin", "python"), "python3"]) {
    if (spawnSync(candidate, ["-m", "pip", "--version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return undefined;
}
const python = pythonWithPip();

describe("the speech engine's Python lock", () => {
  const requirements = readFileSync(path.join(root, "server/speech/requirements.txt"), "utf8");

  it("pins every package exactly, each with the hashes of its files, the same set as requirements.in", () => {
    // Joined continuation lines: one requirement per entry.
    const entries = requirements
      .replace(/\\\n/g, " ")
      .split("\n")
      .filter((l) => l.trim() && !l.trim().startsWith("#"));
    expect(entries.length).toBeGreaterThan(10);
    for (const entry of entries) {
      expect(entry, entry).toMatch(/^[A-Za-z0-9_.-]+==[^\s;]+ /);
      expect(entry.match(/--hash=sha256:[0-9a-f]{64}/g)?.length ?? 0, entry).toBeGreaterThan(0);
    }
    const name = (l: string) =>
      l
        .split("==")[0]!
        .toLowerCase()
        .replace(/[-_.]+/g, "-");
    const inputs = readFileSync(path.join(root, "server/speech/requirements.in"), "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"));
    expect(new Set(entries.map(name))).toEqual(new Set(inputs.map(name)));
  });

  it.skipIf(!python)(
    "makes pip refuse a file whose hash is not the pinned one (a local wheel, offline)",
    { timeout: 60_000 },
    () => {
      const dir = tmp();
      const wheels = path.join(dir, "wheels");
      // The smallest valid wheel, built here so the test needs no index.
      const build = spawnSync(
        python!,
        [
          "-c",
          `
import os, sys, zipfile
os.makedirs(sys.argv[1], exist_ok=True)
files = {
  "tinylock/__init__.py": "",
  "tinylock-0.1.dist-info/METADATA": "Metadata-Version: 2.1\\nName: tinylock\\nVersion: 0.1\\n",
  "tinylock-0.1.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
files["tinylock-0.1.dist-info/RECORD"] = "".join(f"{n},,\\n" for n in files) + "tinylock-0.1.dist-info/RECORD,,\\n"
with zipfile.ZipFile(os.path.join(sys.argv[1], "tinylock-0.1-py3-none-any.whl"), "w") as z:
  for n, c in files.items(): z.writestr(n, c)
`,
          wheels,
        ],
        { encoding: "utf8" },
      );
      expect(build.status, build.stderr).toBe(0);
      const real = sha256(readFileSync(path.join(wheels, "tinylock-0.1-py3-none-any.whl")));
      const download = (hash: string) => {
        const req = path.join(dir, "requirements.txt");
        writeFileSync(req, `tinylock==0.1 \\\n    --hash=sha256:${hash}\n`);
        return spawnSync(
          python!,
          [
            ...["-m", "pip", "download", "--no-index", "--find-links", wheels, "--no-deps"],
            ...PIP_LOCKED,
            ...["-d", path.join(dir, "out"), "-r", req],
          ],
          { encoding: "utf8", env: { ...process.env, PIP_CONFIG_FILE: os.devNull, PIP_FIND_LINKS: "" } },
        );
      };
      const ok = download(real);
      expect(ok.status, ok.stderr).toBe(0);
      const tampered = download(sha256("something else"));
      expect(tampered.status).not.toBe(0);
      expect(tampered.stderr).toMatch(/DO NOT MATCH THE HASHES/);
    },
  );
});
