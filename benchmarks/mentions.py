"""Mention detection throughput on >= 20,000 real articles, one core.

    .venv/bin/python benchmarks/mentions.py [N]

Prints articles/s and mentions/s for ActorRegistry.find (the matcher alone) and for
detect_mentions (matcher + sentence mapping + pronoun continuation), and, for comparison, the
naive approach of one regular expression per alias.
"""

import re
import sys
import time

from _corpus import peak_rss_mb, real_articles, replicate

from analysis.actors import ActorRegistry, detect_mentions
from analysis.corpus import normalize_typography
from analysis.text import segment_sentences


def main(n: int = 20_000) -> None:
    data = replicate(real_articles(), n)
    data["article_id"] = data["id"]
    data["text"] = data["text"].map(normalize_typography)
    texts = data["text"].tolist()
    reg = ActorRegistry.default()
    reg.find("warm up the compiled pattern")
    aliases = sorted(reg._lookup, key=len, reverse=True)
    print(f"corpus: {n:,} articles, {sum(map(len, texts)) / n:,.0f} characters on average; "
          f"registry: {len(reg)} actors, {len(aliases)} surface forms (incl. titles, exclusions)")

    t0 = time.perf_counter()
    found = sum(len(reg.find(t)) for t in texts)
    t1 = time.perf_counter()
    print(f"ActorRegistry.find: {n / (t1 - t0):,.0f} articles/s, {found / (t1 - t0):,.0f} mentions/s "
          f"({found:,} mentions)")

    sentences = segment_sentences(data)
    t2 = time.perf_counter()
    mentions = detect_mentions(data, reg, sentences=sentences)
    t3 = time.perf_counter()
    print(f"detect_mentions (given sentences): {n / (t3 - t2):,.0f} articles/s, "
          f"{len(mentions) / (t3 - t2):,.0f} mentions/s ({len(mentions):,} incl. continuations)")

    sample = texts[:2000]
    patterns = [re.compile(r"(?<!\w)" + re.escape(a) + r"(?!\w)", re.IGNORECASE) for a in aliases]
    t4 = time.perf_counter()
    for t in sample:
        for p in patterns:
            p.findall(t)
    t5 = time.perf_counter()
    print(f"naive, one regex per surface form ({len(patterns)}): {len(sample) / (t5 - t4):,.0f} articles/s")
    print(f"peak RSS {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
