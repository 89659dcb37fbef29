"""Sentiment scorers: mentions/s on one core, and macro-F1 on NewsMTSC test (reporting only).

    .venv/bin/python benchmarks/sentiment.py [N_MENTIONS]

Speed is measured on mention contexts built from real NewsMTSC sentences (hf-rw test, repeated
to N). The transformers scorer needs a model (set ELECTIONLENS_TSC_MODEL to a local path or hub
name); it is skipped otherwise.
"""

import os
import sys
import time

import pandas as pd
from _corpus import SHARED

from analysis.evaluate import evaluate_sentiment, load_newsmtsc, newsmtsc_tables
from analysis.scoring import get_scorer, list_scorers


def main(n: int = 5000) -> None:
    gold = load_newsmtsc(SHARED / "newsmtsc" / "hf-rw" / "test.jsonl")
    reps = pd.concat([gold] * (n // len(gold) + 1), ignore_index=True).head(n)
    mentions, sentences = newsmtsc_tables(reps)
    for name in list_scorers("sentiment")["name"]:
        params = {}
        if name.startswith("transformers."):
            if not os.environ.get("ELECTIONLENS_TSC_MODEL"):
                print(f"{name:<22} skipped (set ELECTIONLENS_TSC_MODEL)")
                continue
            params["model"] = os.environ["ELECTIONLENS_TSC_MODEL"]
        scorer = get_scorer(name, **params)
        scorer.score(*newsmtsc_tables(gold.head(5)))  # load the model outside the timing
        t0 = time.perf_counter()
        scorer.score(mentions, sentences)
        dt = time.perf_counter() - t0
        figures = [f"{name:<22} {n / dt:>8,.0f} mentions/s"]
        for split in ("hf-rw", "hf-mt"):
            m = evaluate_sentiment(SHARED / "newsmtsc" / split / "test.jsonl", scorer, n_boot=200)
            figures.append(f"{split} test macro-F1 {m['macro_f1']:.3f} "
                           f"(CI {m['macro_f1_ci'][0]:.3f}-{m['macro_f1_ci'][1]:.3f})")
        print("  ".join(figures))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
