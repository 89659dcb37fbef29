"""How often the timeline's bootstrap intervals cover the true mean, by number of articles.

    .venv/bin/python benchmarks/ci_coverage.py [--reps 400] [--articles 2 3 5 10 30]

Simulates cells of the kind `aggregate_timeline` summarises: ``k`` articles, each with its own
tone (normal, mean 0, SD 1) and five sentences around it (SD 0.5). For each ``k`` it draws
``--reps`` cells and counts how often the article-clustered 95% percentile interval (the one
the timeline and the report compute, here without their five-article cut-off) holds the true
mean, 0. This is the evidence behind
``timeline.MIN_CI_UNITS``: below five articles the interval covers far less than it claims.
Seeded, so the figures repeat; not a test.
"""

from __future__ import annotations

import argparse

import numpy as np


def coverage(k: int, reps: int, *, sentences: int = 5, n_boot: int = 500) -> float:
    from analysis.timeline import _bootstrap, _clusters

    rng = np.random.default_rng(k)
    hits = 0
    for r in range(reps):
        tone = rng.normal(0, 1, k)
        values = np.concatenate([t + rng.normal(0, 0.5, sentences) for t in tone])
        low, high = _bootstrap([_clusters(values, np.repeat(np.arange(k), sentences))],
                               lambda m: m, n_boot=n_boot, ci=0.95, seed=r, min_units=1)
        hits += low <= 0 <= high
    return hits / reps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--articles", type=int, nargs="+", default=[2, 3, 5, 10, 30])
    args = ap.parse_args()
    print(f"coverage of a nominal 95% interval ({args.reps} simulated cells each)")
    for k in args.articles:
        print(f"{k:>4} articles  {coverage(k, args.reps):.2f}")


if __name__ == "__main__":
    main()
