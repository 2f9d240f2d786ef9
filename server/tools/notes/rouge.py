"""ROUGE-1/2/L (F1, Porter stemming) of candidate texts against references, with Google's
rouge-score (the reimplementation of ROUGE-1.5.5 used by most summarisation papers).
Reads JSON from stdin: {"systems": {"name": ["text", ...]}, "references": ["text", ...]};
writes {"name": {"rouge1": mean F1, "rouge2": ..., "rougeL": ..., "rougeLsum": ...}} to stdout."""
import json
import sys

from rouge_score import rouge_scorer


def main() -> None:
    data = json.load(sys.stdin)
    refs = data["references"]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    out = {}
    for name, cands in data["systems"].items():
        if len(cands) != len(refs):
            raise SystemExit(f"{name}: {len(cands)} candidates for {len(refs)} references")
        sums = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0, "rougeLsum": 0.0}
        for cand, ref in zip(cands, refs):
            scores = scorer.score(ref, cand)
            for k in sums:
                sums[k] += scores[k].fmeasure
        out[name] = {k: round(100 * v / max(1, len(refs)), 2) for k, v in sums.items()}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
