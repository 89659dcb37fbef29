"""Near-duplicate marking when one story is syndicated thousands of times.

    .venv/bin/python benchmarks/duplicates.py [--copies 4000 40000]

A wire story republished by every outlet puts all its copies into the same LSH buckets. For each
size this builds that many lightly edited copies of one 600-word text (6 words replaced in each)
plus a quarter as many unrelated texts (synthetic words, so no shared data is needed), then
times `dedupe_features` (per text) and `resolve_duplicates` (over the corpus), and prints the
memory `resolve_duplicates` adds on top of the process (RSS sampled every 50 ms). Not a timed
test: run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import random
import threading
import time

import numpy as np

from analysis.corpus import dedupe_features, resolve_duplicates


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def corpus(copies: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    base = [rng.choice(vocab) for _ in range(600)]
    texts = []
    for _ in range(copies):
        words = list(base)
        for _ in range(6):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        texts.append(" ".join(words))
    texts += [" ".join(rng.choice(vocab) for _ in range(300)) for _ in range(copies // 4)]
    return texts


def run(copies: int) -> None:
    texts = corpus(copies)
    t0 = time.perf_counter()
    keys, sigs, has = dedupe_features(texts)
    t1 = time.perf_counter()
    published = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[ns]")
    before, peak, stop = _rss_mb(), [0.0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _rss_mb())
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t2 = time.perf_counter()
    target = resolve_duplicates(keys, published, lambda rows: (sigs[rows], has[rows]))
    t3 = time.perf_counter()
    stop.set()
    sampler.join()
    print(f"{copies:>7,} copies + {copies // 4:,} other texts: dedupe_features {t1 - t0:5.1f} s "
          f"({len(texts) / (t1 - t0):,.0f} texts/s), resolve_duplicates {t3 - t2:5.1f} s, "
          f"+{max(peak[0], _rss_mb()) - before:,.0f} MB over {before:,.0f} MB; "
          f"{int((target >= 0).sum()):,} marked as copies")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[4000, 40000])
    for copies in ap.parse_args().copies:
        run(copies)


if __name__ == "__main__":
    main()
