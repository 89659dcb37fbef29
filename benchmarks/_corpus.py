"""Real articles from ../shared/data, replicated to the size a benchmark needs.

Nothing from shared/ is written into the repository: copies live in memory or in a temp dir.
Each copy gets a distinct id and a distinct date, and every third copy has its paragraphs
rotated, so the deduplicator sees wire-copy-like variation rather than only exact repeats.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

import pandas as pd

SHARED = Path(os.environ.get("ELECTIONLENS_SHARED_DATA",
                             Path(__file__).resolve().parents[2] / "shared" / "data"))


def real_articles() -> pd.DataFrame:
    frames = []
    wn = SHARED / "wikinews-2019-2020" / "data"
    for f in sorted(wn.glob("*.csv")):
        df = pd.read_csv(f)
        frames.append(pd.DataFrame({"text": df["text"], "outlet": "wikinews", "published": df["date"],
                                    "title": df["title"]}))
    nf = SHARED / "narrative-frames-corpus" / "data" / "articles_metadata.tsv"
    if nf.exists():
        df = pd.read_csv(nf, sep="\t", dtype=str, on_bad_lines="skip", engine="python")
        frames.append(pd.DataFrame({"text": df["text"], "outlet": df["source"], "published": df["date"],
                                    "title": None}))
    if not frames:
        raise SystemExit(f"benchmark needs the shared corpora under {SHARED}")
    out = pd.concat(frames, ignore_index=True).dropna(subset=["text"])
    return out[out["text"].str.len() > 200].reset_index(drop=True)


def replicate(base: pd.DataFrame, n: int, *, seed: int = 7, start: int = 0) -> pd.DataFrame:
    """``n`` copies drawn from ``base``; ids (and dates) count from ``start``."""
    reps = base.sample(n=n, replace=True, random_state=seed).reset_index(drop=True)
    reps.index += start
    texts = reps["text"].tolist()
    for i in range(0, n, 3):
        paras = texts[i].split("\n")
        k = (i // 3) % max(1, len(paras))
        texts[i] = "\n".join(paras[k:] + paras[:k])
    reps["text"] = texts
    reps["id"] = [f"b{i}" for i in reps.index]
    reps["published"] = (pd.Timestamp("2017-01-01") + pd.to_timedelta(reps.index % 900, unit="D")
                         ).strftime("%Y-%m-%d")
    return reps.reset_index(drop=True)


def write_replicated(base: pd.DataFrame, n: int, path: Path, *, block: int = 20_000) -> None:
    """:func:`replicate` to a JSONL file, block by block (a million articles never sit in memory)."""
    with path.open("w", encoding="utf-8") as fh:
        for b, start in enumerate(range(0, n, block)):
            part = replicate(base, min(block, n - start), seed=7 + b, start=start)
            fh.write(part.to_json(orient="records", lines=True, force_ascii=False))
            if not part.empty:
                fh.write("\n")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
