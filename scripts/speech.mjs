// @ts-check
// Installs the scribe's speech engine, idempotently: a Python virtual environment in
// .tools/venv with the pinned faster-whisper (server/speech/requirements.txt, every file's
// SHA-256 checked by pip), and the Whisper models of server/speech/models.lock.json in
// .tools/models, every file verified by SHA-256.
// Plain JavaScript so it runs before dependencies are installed.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const speech = path.join(root, "server", "speech");
const tools = path.join(root, ".tools");
const venv = path.join(tools, "venv");
const python = path.join(venv, "bin", "python");

/**
 * How pip installs from the lock: every file must match one of its pinned SHA-256 (and every
 * package, dependencies included, must be pinned), and only wheels, so no package's own build
 * code runs at install (an sdist's build dependencies would escape the hashes).
 */
export const PIP_LOCKED = ["--require-hashes", "--only-binary=:all:"];

/**
 * @param {string} cmd
 * @param {string[]} args
 */
const works = (cmd, args) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;

/**
 * A Python ≥ 3.11 to build the environment from (the pinned numpy needs it): `python3` on PATH,
 * else Debian's.
 */
function basePython() {
  const check = ["-c", "import sys; sys.exit(sys.version_info < (3, 11))"];
  for (const candidate of ["python3", "/usr/bin/python3"]) if (works(candidate, check)) return candidate;
  throw new Error("the scribe needs Python 3.11 or newer (python3 on PATH)");
}

/**
 * @param {(msg: string) => void} log
 * @param {(pkg: string) => boolean} aptInstall installs a Debian package when we are root; false otherwise
 */
export function ensureSpeech(log, aptInstall) {
  if (!works(python, ["-c", "import sys"])) {
    const base = basePython();
    log("Creating the speech engine's Python environment (.tools/venv)…");
    if (!works(base, ["-m", "venv", venv])) {
      // Debian and Ubuntu ship venv (and ensurepip) separately from python3.
      if (!aptInstall("python3-venv") || !works(base, ["-m", "venv", "--clear", venv])) {
        throw new Error(`${base} -m venv failed: install python3-venv (sudo apt-get install python3-venv)`);
      }
    }
  }
  const requirements = path.join(speech, "requirements.txt");
  const stamp = path.join(venv, ".bedside-requirements");
  const want = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== want) {
    log("Installing faster-whisper into .tools/venv (pinned versions, verified by hash)…");
    execFileSync(
      python,
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...PIP_LOCKED, "-r", requirements],
      { stdio: "inherit" },
    );
    writeFileSync(stamp, want);
  }
  // Prints one line per model: already installed, or where it came from. Verifies every file.
  const out = execFileSync(
    python,
    [
      path.join(speech, "install_models.py"),
      "--dest",
      path.join(tools, "models"),
      "--cache",
      path.join(tools, "cache", "wheels"),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  for (const line of out.trim().split("\n")) if (!line.endsWith("already installed")) log(line);
}
