"""The scribe's speech worker: one Whisper model (faster-whisper, CTranslate2 int8 on CPU), loaded
once, decoding utterances that arrive over stdin. Audio never touches the disk.

Started and supervised by server/src/scribe/worker/stt/whisper.stt.ts. The model's files are checked
against models.lock.json before loading; a mismatch ends the worker with one line on stderr
naming the file.

Protocol. Each request on stdin: a 4-byte little-endian length and that many bytes of JSON
({"languages": ["es", "en"], "prompt_terms": ["ibuprofen", ...]}), then a 4-byte little-endian
length and that many bytes of 16 kHz mono signed 16-bit little-endian PCM. Each answer is one
JSON line on stdout: {"text", "confidence", "language"} or {"error"}. The first line is
{"ready": true, "engine": ...} once the model is loaded. Nothing else is written to stdout.
"""

import argparse
import json
import math
import os
import re
import struct
import sys

from model_lock import first_mismatch, load_lock

# Whisper's prompt holds at most 224 tokens (half its text context); faster-whisper keeps the
# last 223. A smaller budget leaves the decoder room and keeps the prompt's cost low.
PROMPT_TOKEN_BUDGET = 160
PROMPT_HEADER = "A medical visit."
# Whisper's encoder reads 30 s windows, padding shorter audio with silence, and its cost grows
# faster than linearly with the window: on this project's 2-core machine the base model encodes
# 30 s in ~1.3 s and 10 s in ~0.2 s. With --window N, an utterance up to N seconds (the scribe cuts
# at 10) is encoded in an N-second window instead. Windows tighter than the audio plus a few
# seconds make Whisper repeat itself, so the window is fixed, not fitted to each utterance. Which
# window suits which model is measured, and chosen, in whisper.stt.ts.
# Whisper answers silence and noise with stock phrases ("you", "Thank you."); faster-whisper drops
# a window whose no-speech probability is above this and whose mean log-probability is below -1.
# Its default, 0.6, let through 2 s of digital silence in a 10 s window (0.593, "Thank you.").
# Measured on base and tiny.en: silence, hiss and noise of 0.5-8 s score 0.54-0.97; the LibriVox
# clips and 20 flite-spoken ACI-Bench train sentences at most 0.16.
NO_SPEECH_THRESHOLD = 0.5


def read_exact(stream, n):
    chunks = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(stream):
    head = read_exact(stream, 4)
    if head is None:
        return None
    return read_exact(stream, struct.unpack("<I", head)[0])


class Prompts:
    """Builds the decoding prompt from terms in priority order, within the token budget. The same
    term list recurs for every utterance of a visit, so prompts are memoised."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.cache = {}

    def build(self, terms):
        if not terms:
            return None
        key = tuple(terms)
        if key in self.cache:
            return self.cache[key]
        used = len(self.tokenizer.encode(PROMPT_HEADER).ids)
        kept = []
        for term in terms:
            cost = len(self.tokenizer.encode(" " + term + ",").ids)
            if used + cost > PROMPT_TOKEN_BUDGET:
                break
            kept.append(term)
            used += cost
        prompt = f"{PROMPT_HEADER} {', '.join(kept)}." if kept else None
        if len(self.cache) > 256:
            self.cache.clear()
        self.cache[key] = prompt
        return prompt


def words_of(text):
    return re.findall(r"[a-z0-9']+", text.lower())


def without_prompt_echo(text, prompt):
    """Whisper sometimes answers unclear audio by repeating its prompt ("A medical visit. Dr. Alex
    Rivera,"). Text that is the prompt's header, or a run of three or more of the prompt's words
    in the prompt's order, was never said: it is removed. One or two prompt words ("Ibuprofen.")
    are kept, since people do say them."""
    if not prompt or not text:
        return text
    if text.startswith(PROMPT_HEADER):
        text = text[len(PROMPT_HEADER):].strip()
    said = words_of(text)
    if len(said) >= 3:
        source = words_of(prompt)
        n = len(said)
        if any(source[i:i + n] == said for i in range(len(source) - n + 1)):
            return ""
    return text


def make_model_class():
    from faster_whisper import WhisperModel

    class WindowedWhisper(WhisperModel):
        """faster-whisper pads every window to 30 s; this encodes only the window that the
        feature extractor was last asked for (`chunk_length`), dropping the padding beyond it."""

        def encode(self, features):
            return super().encode(features[..., : self.feature_extractor.nb_max_frames])

    return WindowedWhisper


def window_seconds(samples, window):
    return window if samples <= window * 16_000 else 30


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models-dir", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--beam-size", type=int, default=1)
    parser.add_argument("--window", type=int, default=30, choices=range(5, 31))
    args = parser.parse_args()

    lock = load_lock()
    if args.model not in lock:
        sys.exit(f"model {args.model!r} is not in models.lock.json (have: {', '.join(lock)})")
    entry = lock[args.model]
    model_dir = os.path.join(args.models_dir, args.model)
    problem = first_mismatch(model_dir, entry)
    if problem:
        sys.exit(f"refusing Whisper {args.model} in {model_dir}: {problem}")

    import numpy as np

    model = make_model_class()(model_dir, device="cpu", compute_type="int8", cpu_threads=args.threads)
    prompts = Prompts(model.hf_tokenizer)
    multilingual = model.model.is_multilingual
    engine = f"whisper:{args.model}@{entry['revision'][:7]}"

    stdin = sys.stdin.buffer
    stdout = sys.stdout
    stdout.write(json.dumps({"ready": True, "engine": engine}) + "\n")
    stdout.flush()

    while True:
        header = read_frame(stdin)
        pcm = read_frame(stdin) if header is not None else None
        if pcm is None:
            break
        try:
            request = json.loads(header)
            languages = [l for l in request.get("languages") or ["en"] if multilingual or l == "en"]
            if not languages:
                raise ValueError("this model is English-only")
            audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
            window = window_seconds(len(audio), args.window)
            language = languages[0]
            if len(languages) > 1:
                # Only the languages this speaker may use compete (an interpreter: the visit's
                # language and English), so a short English "yes" is not heard as Welsh.
                features = model.feature_extractor(audio, chunk_length=window)
                _, _, scores = model.detect_language(features=features)
                score = dict(scores)
                language = max(languages, key=lambda l: score.get(l, 0.0))
            prompt = prompts.build(request.get("prompt_terms") or [])
            segments, _ = model.transcribe(
                audio,
                language=language,
                beam_size=args.beam_size,
                initial_prompt=prompt,
                chunk_length=window,
                no_speech_threshold=NO_SPEECH_THRESHOLD,
                # Each utterance stands alone; the prompt carries the visit's vocabulary instead.
                condition_on_previous_text=False,
                without_timestamps=True,
                vad_filter=False,
            )
            texts, logprobs, weights = [], [], []
            for segment in segments:
                text = without_prompt_echo(segment.text.strip(), prompt)
                if not text:
                    continue
                texts.append(text)
                logprobs.append(segment.avg_logprob)
                weights.append(max(1, len(text)))
            confidence = None
            if texts:
                mean = sum(l * w for l, w in zip(logprobs, weights)) / sum(weights)
                confidence = min(1.0, max(0.0, math.exp(mean)))
            answer = {"text": " ".join(texts), "confidence": confidence, "language": language}
        except Exception as error:  # one bad utterance must not end the worker
            answer = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
        stdout.write(json.dumps(answer) + "\n")
        stdout.flush()


if __name__ == "__main__":
    main()
