"""Frames and narratives: accuracy against the SemEval gold sets, and lexicon speed.

Prints (1) 5-fold cross-validation on SemEval-2023 Task 3 subtask 2 (433 English articles):
micro/macro-F1 of the trained ``sklearn.frames.v1`` model, the lexicon default, a TF-IDF
one-vs-rest LR baseline and the "5 most frequent labels" baseline, all on the same folds;
(2) per-narrative precision/recall of ``lexicon.frames.v1`` on the SemEval-2025 Task 10 English
URW documents; (3) articles/s of the lexicon scorer. The datasets are read in place from
``../shared/data`` (or ``ELECTIONLENS_SHARED_DATA``); nothing is copied.

    .venv/bin/python benchmarks/frames.py [--k 5] [--seed 13] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ELECTIONLENS_SHARED_DATA", ROOT.parent / "shared" / "data"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", type=Path, default=None, help="write all figures to this file")
    args = ap.parse_args(argv)

    import pandas as pd

    from analysis.evaluate_frames import evaluate_narratives_semeval2025
    from analysis.framing import LexiconFrameScorer
    from analysis.scoring.frames_model import cross_validate_frames, load_semeval2023_frames
    from analysis.text import segment_sentences

    out: dict = {}
    s23 = SHARED / "semeval2023-task3-en"
    s25 = SHARED / "semeval2025-task10-en"
    if s23.exists():
        t0 = time.perf_counter()
        cv = cross_validate_frames(s23, k=args.k, seed=args.seed)
        elapsed = time.perf_counter() - t0
        out["cross_validation"] = cv
        print(f"SemEval-2023 Task 3 ST2 (n={cv['n']}), {cv['k']}-fold CV, seed {cv['seed']} "
              f"({elapsed:.0f} s; gold {cv['gold_labels_per_article']} labels/article)")
        print(f"{'method':<10} {'micro-F1':>9} {'macro-F1':>9} {'labels/art':>10} {'seconds':>8}")
        for name, m in cv["methods"].items():
            print(f"{name:<10} {m['micro_f1']:>9.3f} {m['macro_f1']:>9.3f} "
                  f"{m['labels_per_article']:>10.2f} {m['seconds']:>8.1f}")
        print("\nper-label F1")
        per = pd.DataFrame({n: m["per_label_f1"] for n, m in cv["methods"].items()})
        print(per.round(3).to_string())
        print()

        df = load_semeval2023_frames(s23)
        sentences = segment_sentences(df[["article_id", "text"]])
        scorer = LexiconFrameScorer()
        scorer.score(None, sentences.head(50))   # compile the cues outside the timing
        t0 = time.perf_counter()
        scorer.score(None, sentences)
        dt = time.perf_counter() - t0
        out["lexicon_articles_per_s"] = len(df) / dt
        print(f"lexicon.frames.v1 (frames + narratives): {len(df) / dt:.0f} articles/s "
              f"({len(sentences) / dt:.0f} sentences/s, {len(df)} articles, one core)\n")
    else:
        print(f"skipped SemEval-2023: {s23} not found\n")
    if s25.exists():
        table = evaluate_narratives_semeval2025(s25)
        out["narratives"] = table.to_dict(orient="records")
        print(f"SemEval-2025 Task 10 ST2, English URW documents (n={table['n_documents'].iloc[0]}), "
              "lexicon.frames.v1 narratives")
        print(table.drop(columns="n_documents").round(3).to_string(index=False))
    else:
        print(f"skipped SemEval-2025: {s25} not found")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=float) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
