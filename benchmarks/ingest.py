"""Ingestion throughput: load_corpus on >= 20,000 real articles (replicated shared corpora).

    .venv/bin/python benchmarks/ingest.py [N]

Prints articles/s for the whole of load_corpus (reading a JSONL file, cleaning, dates, language
identification, exact and MinHash near-duplicate marking) and for sentence segmentation, and the
peak RSS of the process. Run it on an otherwise idle machine; it is not a timed test.
"""

import sys
import tempfile
import time
from pathlib import Path

from _corpus import peak_rss_mb, real_articles, replicate

from analysis.corpus import load_corpus
from analysis.text import segment_sentences


def main(n: int = 20_000) -> None:
    base = real_articles()
    data = replicate(base, n)
    words = data["text"].str.split().str.len().mean()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        data.to_json(path, orient="records", lines=True, force_ascii=False)
        t0 = time.perf_counter()
        articles, rejects = load_corpus(path)
        t1 = time.perf_counter()
    sentences = segment_sentences(articles)
    t2 = time.perf_counter()
    print(f"corpus: {n:,} records replicated from {len(base):,} real articles "
          f"(wikinews + narrative-frames), {words:.0f} words on average")
    print(f"load_corpus: {len(articles):,} articles + {len(rejects):,} rejects in {t1 - t0:.1f} s "
          f"= {n / (t1 - t0):,.0f} records/s; {articles['duplicate_of'].notna().sum():,} marked duplicates")
    print(f"segment_sentences: {len(sentences):,} sentences in {t2 - t1:.1f} s "
          f"= {len(articles) / (t2 - t1):,.0f} articles/s")
    print(f"end to end: {n / (t2 - t0):,.0f} articles/s; peak RSS {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
