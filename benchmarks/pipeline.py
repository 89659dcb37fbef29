"""End-to-end throughput and peak memory of `analyze`, against a naive baseline, same run.

    .venv/bin/python benchmarks/pipeline.py [--sizes 10000 100000 1000000] [--workers 1 2]

Real articles from ../shared/data (Wikinews + the Narrative Frames Corpus, ~670 words each) are
replicated to each size and written to a temporary JSONL file (never into the repository).
Each configuration runs in a fresh child process (`analyze(..., load=False)`, tables written as
partitioned Parquet), which reports its wall time and its peak memory, sampled every 0.25 s from /proc over the
process and its workers: summed RSS (counts pages that forked workers share once per process)
and summed PSS (shares them out: the memory the run really holds). The naive baseline is what a quick script would do: a
regex sentence split, VADER on every sentence, and one regular expression per alias.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import real_articles, replicate, write_replicated

CHILD = r"""
import json, os, sys, threading, time
from analysis.pipeline import analyze

def mem_kb(pid):
    # (RSS, PSS) of one process in kB; PSS shares out the pages forked workers have in common
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            fields = {l.split(":")[0]: int(l.split()[1]) for l in fh if l.split()[-1:] == ["kB"]}
        return fields.get("Rss", 0), fields.get("Pss", 0)
    except OSError:
        return 0, 0

def tree(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = [int(k) for k in fh.read().split()]
    except OSError:
        kids = []
    return [pid] + [p for k in kids for p in tree(k)]

peak = [0, 0]
stop = threading.Event()
def sample():
    while not stop.is_set():
        mems = [mem_kb(p) for p in tree(os.getpid())]
        peak[0] = max(peak[0], sum(m[0] for m in mems))
        peak[1] = max(peak[1], sum(m[1] for m in mems))
        stop.wait(0.25)
threading.Thread(target=sample, daemon=True).start()
t0 = time.perf_counter()
tables = analyze([sys.argv[1]], out=sys.argv[2], workers=int(sys.argv[3]), chunk_size=1000,
                 load=False)
dt = time.perf_counter() - t0
stop.set()
c = tables.manifest["counts"]
print(json.dumps({"seconds": dt, "rss_mb": peak[0] / 1024, "pss_mb": peak[1] / 1024,
                  "articles": c["articles"],
                  "mentions": c["mentions"], "claims": c["claims"]}))
"""


def naive(texts: list[str]) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis.actors import ActorRegistry

    aliases = [a for actor in ActorRegistry.default().actors.values() for a in actor.aliases]
    patterns = [re.compile(r"\b" + re.escape(a) + r"\b") for a in aliases]
    vader = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            vader.polarity_scores(sentence)
        for p in patterns:
            p.findall(text)
    return len(texts) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    base = real_articles()
    sample = replicate(base, 500)["text"].tolist()
    print("naive baseline: regex split + VADER on every sentence + one regex per alias, one core, "
          "measured again before each configuration (a shared machine's speed drifts)")
    print(f"{'articles':>9} {'workers':>7} {'seconds':>8} {'articles/s':>10} {'naive/s':>8} "
          f"{'vs naive':>8} {'peak RSS MB':>11} {'peak PSS MB':>11}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "corpus.jsonl"
            write_replicated(base, n, path)
            for w in args.workers:
                baseline = naive(sample)
                out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(Path(tmp) / f"o{w}"),
                                      str(w)], capture_output=True, text=True, check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                rate = n / r["seconds"]
                print(f"{n:>9,} {w:>7} {r['seconds']:>8.1f} {rate:>10,.0f} {baseline:>8,.0f} "
                      f"{rate / baseline:>7.1f}x "
                      f"{r['rss_mb']:>11,.0f} {r['pss_mb']:>11,.0f}", flush=True)
                shutil.rmtree(Path(tmp) / f"o{w}", ignore_errors=True)


if __name__ == "__main__":
    main()
