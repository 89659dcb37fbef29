"""Where the time of ``analyze`` goes: milliseconds per article of each stage, on one core.

    .venv/bin/python benchmarks/stages.py [--articles 3000] [--passes 3]

Real articles from ../shared/data (as in ``benchmarks/pipeline.py``) are replicated to
``--articles`` and written to a temporary JSONL file. One process then runs, in order:

* start-up: importing the package and a first call of every stage on five articles (loading
  the language-ID and scoring models, parsing the cue files, compiling their patterns), which
  every process of a run pays once;
* ``--passes`` passes over the whole sample, each timing every stage separately: ingest
  (``load_corpus``: reading, cleaning, language ID, duplicate features and marking), sentences,
  mentions, sentiment, claims, frames, and writing the tables as Parquet.

The sample repeats 718 real texts, so per-word memos (frame cues, word hashes) fill up during
the first pass and are warm in the later ones; on a corpus of distinct texts expect figures
nearer the first pass. These are single-process times without the pipeline's chunking, parts
and workers: ``benchmarks/pipeline.py`` gives the end-to-end rate.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _corpus import real_articles, write_replicated

STAGES = ("ingest", "sentences", "mentions", "sentiment", "claims", "frames", "write")


def run_pass(path: Path, cfg, scorers, out: Path) -> dict[str, float]:
    """Seconds per stage over the corpus at ``path``."""
    from analysis.actors import detect_mentions
    from analysis.attribution import extract_claims
    from analysis.corpus import load_corpus
    from analysis.pipeline import write_tables
    from analysis.sentiment import score_sentiment
    from analysis.text import segment_sentences

    seconds: dict[str, float] = {}

    def timed(stage, f):
        t = time.perf_counter()
        result = f()
        seconds[stage] = time.perf_counter() - t
        return result

    articles, rejects = timed("ingest", lambda: load_corpus([path]))
    s = timed("sentences", lambda: segment_sentences(articles))
    m = timed("mentions", lambda: detect_mentions(articles, cfg.registry, sentences=s,
                                                  continuation=cfg.continuation))
    se = timed("sentiment", lambda: score_sentiment(m, s, scorer=scorers["sentiment"]))
    c = timed("claims", lambda: extract_claims(articles, m, s, registry=cfg.registry,
                                               scorer=scorers["stance"]))
    f = timed("frames", lambda: scorers["frames"].score(m, s))
    tables = {"articles": articles, "rejects": rejects, "sentences": s, "mentions": m,
              "sentiment": se, "claims": c, "frames": f}
    timed("write", lambda: write_tables(tables, out))
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = tmp / "corpus.jsonl"
        write_replicated(real_articles(), args.articles, path)
        warm = tmp / "warm.jsonl"
        with path.open(encoding="utf-8") as src, warm.open("w", encoding="utf-8") as dst:
            dst.writelines(line for _, line in zip(range(5), src))

        t0 = time.perf_counter()
        from analysis.pipeline import StageConfig, _scorers

        cfg = StageConfig.build()
        scorers = _scorers(cfg)
        run_pass(warm, cfg, scorers, tmp / "warm-out")
        startup = time.perf_counter() - t0
        print(f"start-up (imports, models, cue files; once per process): {startup:.2f} s")

        passes = [run_pass(path, cfg, scorers, tmp / f"out{i}") for i in range(args.passes)]
        n = args.articles
        header = "".join(f"{f'pass {i + 1}':>10}" for i in range(len(passes)))
        print(f"\nms per article, {n:,} articles, one core\n{'stage':<10}{header}")
        for stage in (*STAGES, "all"):
            cells = "".join(f"{(sum(p.values()) if stage == 'all' else p[stage]) / n * 1e3:>10.3f}"
                            for p in passes)
            print(f"{stage:<10}{cells}")
        best = min(sum(p.values()) for p in passes)
        print(f"\nbest pass: {n / best:,.0f} articles/s on one core")


if __name__ == "__main__":
    main()
