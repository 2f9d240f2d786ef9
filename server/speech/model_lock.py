"""The model lock (models.lock.json): which Whisper files the scribe may load, and the check.

Shared by the installer and the worker so both refuse exactly the same files.
"""

import hashlib
import json
import os

LOCK_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models.lock.json")


def load_lock(path=LOCK_PATH):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["models"]


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def first_mismatch(model_dir, entry):
    """None when every locked file is there with its size and hash; else one line naming the file."""
    for name, want in entry["files"].items():
        path = os.path.join(model_dir, name)
        if not os.path.isfile(path):
            return f"{name} is missing"
        size = os.path.getsize(path)
        if size != want["size"]:
            return f"{name} is {size} bytes, the lock says {want['size']}"
        # Size first: a truncated download is caught without reading 145 MB.
        digest = sha256_of(path)
        if digest != want["sha256"]:
            return f"{name} has SHA-256 {digest}, the lock says {want['sha256']}"
    return None
