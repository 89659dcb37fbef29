"""Evaluation of frames and narratives against the SemEval gold sets (used in place, never copied).

* Frames: SemEval-2023 Task 3 subtask 2 (433 English articles, 14 frames, multi-label), by
  k-fold cross-validation (:func:`analysis.scoring.frames_model.cross_validate_frames`), or a
  given scorer over every article (:func:`evaluate_frames_cli`).
* Narratives: SemEval-2025 Task 10 subtask 2 (English Ukraine-war documents ``EN_UA_*``). Our
  narratives are election-time counterparts of its labels; a document's gold set is every
  narrative of ours whose ``maps_to.semeval2025`` lists one of the document's gold narrative or
  sub-narrative strings, so a coarse mapping ("URW: Discrediting the West, Diplomacy") makes a
  broad gold set and low recall is expected (:func:`evaluate_narratives_semeval2025`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["load_semeval2025_narratives", "evaluate_narratives_semeval2025",
           "evaluate_frames_cli"]


def _semeval2025_dir(root: str | Path) -> Path:
    root = Path(root)
    for cand in (root, root / "EN"):
        if (cand / "subtask-2-annotations.txt").is_file() and (cand / "raw-documents").is_dir():
            return cand
    raise FileNotFoundError(f"SemEval-2025 Task 10 (English): no subtask-2-annotations.txt and "
                            f"raw-documents/ under {root} or {root / 'EN'}")


def load_semeval2025_narratives(root: str | Path, *, prefix: str = "EN_UA_") -> pd.DataFrame:
    """Documents of SemEval-2025 Task 10 subtask 2 whose file name starts with ``prefix``.

    Out: ``article_id`` (file name), ``text``, ``narratives`` (list of gold narrative strings),
    ``subnarratives`` (list).
    """
    base = _semeval2025_dir(root)
    rows = []
    for line in (base / "subtask-2-annotations.txt").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        doc = parts[0].strip()
        if not doc.startswith(prefix):
            continue
        narr = [x.strip() for x in (parts[1] if len(parts) > 1 else "").split(";") if x.strip()]
        sub = [x.strip() for x in (parts[2] if len(parts) > 2 else "").split(";") if x.strip()]
        path = base / "raw-documents" / doc
        if not path.is_file():
            continue
        rows.append((doc, path.read_text("utf-8"), narr, sub))
    return pd.DataFrame(rows, columns=["article_id", "text", "narratives", "subnarratives"])


def evaluate_narratives_semeval2025(root: str | Path, *, scorer=None) -> pd.DataFrame:
    """Per-narrative precision and recall of ``scorer`` (default ``LexiconFrameScorer()``) on
    the English URW documents of SemEval-2025 Task 10.

    Out: one row per narrative of ours with a non-empty ``maps_to.semeval2025``, plus a final
    ``micro`` row: ``narrative, support (gold documents), n_predicted, tp, precision, recall,
    f1`` and ``n_documents``. Precision is 0 where nothing was predicted (see n_predicted).
    """
    from .actors import detect_mentions
    from .framing import LexiconFrameScorer, article_labels, load_labels
    from .text import segment_sentences

    docs = load_semeval2025_narratives(root)
    labels = [lab for lab in load_labels(kinds=("narrative",)) if lab.maps_to.get("semeval2025")]
    mapped = {lab.id: set(lab.maps_to["semeval2025"]) for lab in labels}
    gold = {}
    for doc, narr, sub in zip(docs["article_id"], docs["narratives"], docs["subnarratives"]):
        strings = set(narr) | set(sub)
        gold[doc] = {nid for nid, targets in mapped.items() if targets & strings}
    articles = docs[["article_id", "text"]].assign(language="en")
    sentences = segment_sentences(articles)
    mentions = detect_mentions(articles, sentences=sentences)
    scorer = scorer or LexiconFrameScorer()
    frames = scorer.score(mentions, sentences)
    pred = article_labels(frames, kind="narrative")
    rows = []
    for nid in mapped:
        g = {d for d, s in gold.items() if nid in s}
        p = {d for d in gold if nid in pred.get(d, set())}
        rows.append(_prf(nid, len(g & p), len(g), len(p)))
    tp = sum(r["tp"] for r in rows)
    rows.append(_prf("micro", tp, sum(r["support"] for r in rows),
                     sum(r["n_predicted"] for r in rows)))
    out = pd.DataFrame(rows)
    out["n_documents"] = len(docs)
    return out


def _prf(name: str, tp: int, support: int, n_pred: int) -> dict:
    precision = tp / n_pred if n_pred else 0.0   # zero_division=0, as in sklearn
    recall = tp / support if support else 0.0
    f1 = (2 * precision * recall / (precision + recall)
          if n_pred and support and precision + recall else 0.0)
    return {"narrative": name, "support": int(support), "n_predicted": int(n_pred), "tp": int(tp),
            "precision": precision, "recall": recall, "f1": f1}


def evaluate_frames_cli(root: str | Path, *, scorer=None, k: int = 5, seed: int = 13) -> dict:
    """What ``electionlens evaluate frames --semeval2023 DIR`` prints and writes.

    ``scorer=None``: k-fold cross-validation of the trained model and the three baselines
    (:func:`~analysis.scoring.frames_model.cross_validate_frames`); ``n``, ``micro_f1`` and
    ``macro_f1`` are the trained model's out-of-fold figures. ``scorer`` given (a registered
    name or a scorer object): that scorer's article-level frame labels over all articles (a model
    trained on this data then scores its own training data: say so when reporting).
    Out: ``{"n", "micro_f1", "macro_f1", "methods": {...}}`` (+ ``k``, ``seed``, ``seconds``).
    ``k`` from 2 to the number of articles, else an error (more folds than articles were
    leave-one-out, recorded as the ``k`` asked for).
    """
    from sklearn.metrics import f1_score

    from .scoring.frames_model import (
        _frame_ids,
        _indicator,
        _sentences_of,
        cross_validate_frames,
        load_semeval2023_frames,
    )

    if scorer is None:
        n = len(load_semeval2023_frames(root)) if isinstance(k, int) and k >= 2 else None
        if n is None or k > n:
            raise ValueError(f"evaluate frames: k = {k!r} folds (--folds on the command line) "
                             f"must be a whole number from 2 to the number of articles"
                             f"{f' ({n})' if n is not None else ''}")
        cv = cross_validate_frames(root, k=k, seed=seed)
        m = cv["methods"]["model"]
        return {"n": cv["n"], "micro_f1": m["micro_f1"], "macro_f1": m["macro_f1"],
                "scorer": "sklearn.frames.v1 (cross-validated)", "k": cv["k"], "seed": cv["seed"],
                "methods": cv["methods"], "seconds": cv["seconds"]}
    if isinstance(scorer, str):
        from .scoring import scorer_for
        scorer = scorer_for("frames", scorer)
    from .framing import article_labels

    df = load_semeval2023_frames(root)
    labels = _frame_ids()
    sentences = _sentences_of(df).assign(language="en")
    frames = scorer.score(None, sentences)
    pred = article_labels(frames, kind="frame")
    Y = _indicator(df["labels"].tolist(), labels)
    P = _indicator([sorted(pred.get(a, set())) for a in df["article_id"]], labels)
    micro = float(f1_score(Y, P, average="micro", zero_division=0))
    macro = float(f1_score(Y, P, average="macro", zero_division=0))
    per = f1_score(Y, P, average=None, zero_division=0)
    name = getattr(scorer, "name", str(scorer))
    return {"n": int(len(df)), "micro_f1": round(micro, 4), "macro_f1": round(macro, 4),
            "scorer": name,
            "methods": {name: {"micro_f1": round(micro, 4), "macro_f1": round(macro, 4),
                               "labels_per_article": round(float(P.sum(axis=1).mean()), 3),
                               "per_label_f1": {lab: round(float(v), 4)
                                                for lab, v in zip(labels, np.atleast_1d(per))}}}}
