"""Gold-set loaders and metrics: how good are the scorers, with uncertainty.

NewsMTSC (Hamborg & Donnay, EACL 2021; MIT licence) is the reference for target-dependent
sentiment in news. Its Hugging Face-style files (``hf-rw``, ``hf-mt``) hold one target per line:
``{"sentence", "mention", "from", "to", "polarity" (-1/0/1), "id"}``. Protocol: fit on
``hf-rw/train.jsonl``, tune on ``hf-rw/dev.jsonl`` and ``hf-mt/dev.jsonl``, report on the
``test.jsonl`` files, never the reverse.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["POLARITY_LABELS", "load_newsmtsc", "newsmtsc_tables"]

POLARITY_LABELS = {-1: "negative", 0: "neutral", 1: "positive"}


def load_newsmtsc(path: str | Path) -> pd.DataFrame:
    """Read a NewsMTSC ``hf-*`` JSONL file.

    Out: ``id, sentence, mention, start, end, polarity (-1/0/1), label`` (negative/neutral/
    positive). Rows whose offsets do not index the mention are kept (the gold is the gold) but
    their offsets are re-found by searching the mention in the sentence.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"NewsMTSC file not found: {path}")
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            sentence, mention = item["sentence"], item["mention"]
            start, end, polarity = int(item["from"]), int(item["to"]), int(float(item["polarity"]))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: line {n}: not a NewsMTSC record ({exc})") from None
        if sentence[start:end] != mention:
            found = sentence.find(mention)
            if found >= 0:
                start, end = found, found + len(mention)
        if polarity not in POLARITY_LABELS:
            raise ValueError(f"{path}: line {n}: polarity {polarity} is not -1, 0 or 1")
        rows.append({"id": str(item.get("id", n)), "sentence": sentence, "mention": mention,
                     "start": start, "end": end, "polarity": polarity,
                     "label": POLARITY_LABELS[polarity]})
    return pd.DataFrame(rows, columns=["id", "sentence", "mention", "start", "end", "polarity", "label"])


def newsmtsc_tables(gold: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn NewsMTSC rows into ``(mentions, sentences)`` so any scorer can score them.

    Each row becomes its own one-sentence article (``article_id`` = row position as a string),
    so every (sentence, actor) pair is one gold target, in the order of ``gold``.
    """
    ids = [f"g{i}" for i in range(len(gold))]
    sentences = pd.DataFrame({
        "article_id": ids, "sentence_id": np.zeros(len(gold), dtype="int64"),
        "start": np.zeros(len(gold), dtype="int64"),
        "end": gold["sentence"].str.len().astype("int64").to_numpy(),
        "text": gold["sentence"].to_numpy(), "language": "en",
    })
    mentions = pd.DataFrame({
        "article_id": ids, "sentence_id": np.zeros(len(gold), dtype="int64"),
        "actor": "target", "bloc": "gold", "surface": gold["mention"].to_numpy(),
        "start": gold["start"].astype("int64").to_numpy(), "end": gold["end"].astype("int64").to_numpy(),
    })
    return mentions, sentences
