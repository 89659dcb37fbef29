"""``sklearn.frames.v1``: a supervised multi-label classifier of the 14 generic news frames.

The model labels whole articles (the sentences of each article joined in order) with the frames
of the Media Frames Corpus as used in SemEval-2023 Task 3 subtask 2 (ids in
:data:`analysis.framing.FRAME_IDS`). It is two stacked linear layers, chosen by cross-validation
on the 433 English training articles of SemEval-2023 Task 3 (figures in the model's
``model.json`` and in ``benchmarks/frames.py``):

1. *Text layer*: a stateless :class:`~sklearn.feature_extraction.text.HashingVectorizer` of word
   1-2-grams (2**20 buckets), sublinear tf times idf (fitted on the training articles), L2
   normalised; optionally character 2-5-grams and the lexicon's cue counts per frame
   (:class:`analysis.framing.LexiconFrameScorer`). One L2 logistic regression per frame
   (one-vs-rest).
2. *Label layer*: frames co-occur (political with legality, crime with security...), so a second
   logistic regression per frame reads the logits of all 14 first-layer probabilities. It is fit
   on out-of-fold first-layer probabilities (inner k-fold inside the training data).

Decision thresholds are tuned on the second layer's out-of-fold probabilities of the training
data only (one threshold that maximises micro-F1, stored per label; or per-label thresholds with
``threshold_mode="per_label"``); an article always gets at least its most probable frame
(``min_labels=1``: every SemEval article carries at least one frame).

Persistence is safe by construction, as in :mod:`analysis.scoring.sklearn`: ``model.json``
(metadata, parameters, thresholds, cross-validated figures) and ``weights.npz`` (plain numeric
arrays, read with ``np.load(allow_pickle=False)``), validated on load; a tampered directory
raises ``ValueError`` naming the file and the problem. Nothing is unpickled.

No model ships with the package: the SemEval-2023 data may not be redistributed, and weights
trained on it are kept out of the repository as well (``"redistributable": false`` in
``model.json``). Train your own with :func:`train_frames_semeval` (about a minute on one core)::

    from analysis.scoring.frames_model import train_frames_semeval, SklearnFrames
    path = train_frames_semeval("../shared/data/semeval2023-task3-en", "models/frames-v1")
    frames = SklearnFrames(path).score(mentions, sentences)
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .base import FRAME_COLUMNS, require_columns
from .persist import (
    MODEL_JSON,
    WEIGHTS_NPZ,
    check_arrays,
    check_header,
    check_shapes,
    load_validated,
    save_validated,
    sha256_file,
    smooth_idf,
)

__all__ = [
    "SklearnFrames", "load_semeval2023_frames", "train_frames", "predict_frames_proba",
    "save_frames_model", "load_frames_model", "train_frames_semeval", "cross_validate_frames",
    "frames_from_texts", "SEMEVAL2023_FRAMES", "DEFAULT_PARAMS", "MODEL_FORMAT", "MODEL_VERSION",
]

SCORER_NAME = "sklearn.frames.v1"
MODEL_FORMAT = "electionlens.sklearn-frames"
MODEL_VERSION = 1
ENV_MODEL = "ELECTIONLENS_FRAMES_MODEL"
CREDITS = ("Trained on SemEval-2023 Task 3 subtask 2 (English training articles; Piskorski, "
           "Stefanovitch, Da San Martino and Nakov, SemEval 2023), "
           "https://propaganda.math.unipd.it/semeval2023task3/")
REDISTRIBUTION_NOTE = ("Do not ship these weights: the SemEval-2023 Task 3 data is released to "
                       "registered participants for research only and may not be redistributed; "
                       "weights trained on it are kept out of the repository as well. Retrain "
                       "with analysis.scoring.frames_model.train_frames_semeval.")

#: SemEval-2023 Task 3 subtask 2 label string -> our frame id (analysis.framing.FRAME_IDS).
SEMEVAL2023_FRAMES = {
    "Economic": "economic",
    "Capacity_and_resources": "capacity_and_resources",
    "Morality": "morality",
    "Fairness_and_equality": "fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence": "legality_constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation": "policy_prescription_and_evaluation",
    "Crime_and_punishment": "crime_and_punishment",
    "Security_and_defense": "security_and_defense",
    "Health_and_safety": "health_and_safety",
    "Quality_of_life": "quality_of_life",
    "Cultural_identity": "cultural_identity",
    "Public_opinion": "public_opinion",
    "Political": "political",
    "External_regulation_and_reputation": "external_regulation_and_reputation",
}

#: Parameters of :func:`train_frames`. Chosen by 5-fold cross-validation on the SemEval-2023
#: training articles (seed 13), each candidate judged on out-of-fold figures of the training
#: folds (``model.json`` -> ``selection``); see the module docstring and benchmarks/frames.py.
DEFAULT_PARAMS: dict = {
    "word_ngrams": [1, 2],
    "n_features_word": 2 ** 20,
    "char_ngrams": None,          # e.g. [2, 5]: +0.003 micro-F1 in CV for 10x the time; off
    "n_features_char": 2 ** 20,
    "weight_char": 1.0,
    "lexicon_features": False,    # cue counts per frame; -0.01 micro-F1 in CV (see selection)
    "weight_lexicon": 0.3,
    "sublinear_tf": True,
    "C": 10.0,                    # text layer; C in {3, 10, 30, 100}: 10 best in the folds
    "stack": True,                # label layer over the 14 first-layer logits (+0.01 micro)
    "C_stack": 0.3,
    "inner_folds": 5,
    "threshold_mode": "global",   # "global" (max micro-F1) or "per_label" (max each label's F1)
    "min_labels": 1,
    "max_iter": 2000,
    "min_coef": 1e-5,             # |coefficient| below this is dropped from the stored model
}

# -- data --------------------------------------------------------------------------------------


def _semeval2023_dir(root: str | Path) -> Path:
    root = Path(root)
    for cand in (root, root / "en"):
        if (cand / "train-labels-subtask-2.txt").is_file():
            return cand
    raise FileNotFoundError(f"SemEval-2023 Task 3 (English): no train-labels-subtask-2.txt "
                            f"under {root} or {root / 'en'}")


def load_semeval2023_frames(root: str | Path) -> pd.DataFrame:
    """The SemEval-2023 Task 3 subtask 2 English training articles with their frames.

    ``root``: the dataset folder (holding ``en/``) or its ``en/`` folder.
    Out: ``article_id`` (str), ``text`` (the file: title on line 1, then paragraphs),
    ``labels`` (list of our frame ids, in file order). Unknown label strings raise ValueError.
    """
    base = _semeval2023_dir(root)
    labels_file = base / "train-labels-subtask-2.txt"
    rows = []
    for n, line in enumerate(labels_file.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        aid, _, labs = line.partition("\t")
        names = [x.strip() for x in labs.split(",") if x.strip()]
        bad = [x for x in names if x not in SEMEVAL2023_FRAMES]
        if bad:
            raise ValueError(f"{labels_file}:{n}: unknown frame label(s) {bad}")
        path = base / "train-articles-subtask-2" / f"article{aid.strip()}.txt"
        if not path.is_file():
            raise FileNotFoundError(f"{labels_file}:{n}: article file missing: {path}")
        rows.append((aid.strip(), path.read_text("utf-8"),
                     [SEMEVAL2023_FRAMES[x] for x in names]))
    return pd.DataFrame(rows, columns=["article_id", "text", "labels"])


def _frame_ids() -> list[str]:
    from ..framing import FRAME_IDS
    return list(FRAME_IDS)


def _indicator(label_lists, labels: list[str]) -> np.ndarray:
    index = {lab: j for j, lab in enumerate(labels)}
    Y = np.zeros((len(label_lists), len(labels)), dtype=np.int8)
    for i, labs in enumerate(label_lists):
        for lab in labs:
            if lab in index:
                Y[i, index[lab]] = 1
    return Y


def _sentences_of(articles: pd.DataFrame) -> pd.DataFrame:
    from ..text import segment_sentences
    return segment_sentences(articles[["article_id", "text"]])


def _joined(sentences: pd.DataFrame) -> tuple[list, list[str]]:
    """Article ids (first-seen order) and the article texts: sentences joined in order."""
    s = sentences[["article_id", "sentence_id", "text"]]
    ids = list(dict.fromkeys(s["article_id"].tolist()))
    s = s.assign(_o=s["article_id"].map({a: i for i, a in enumerate(ids)}))
    s = s.sort_values(["_o", "sentence_id"], kind="stable")
    texts = s.groupby("_o", sort=True)["text"].agg(
        lambda t: " ".join(x for x in t if isinstance(x, str)))
    return ids, texts.reindex(range(len(ids)), fill_value="").tolist()


def _lexicon_raw(sentences: pd.DataFrame, mentions: pd.DataFrame | None, ids: list,
                 labels: list[str]) -> np.ndarray:
    """Per article: log1p(sentences with a cue of each frame) and sqrt(share of sentences)."""
    from ..framing import LexiconFrameScorer
    fr = LexiconFrameScorer(kinds=("frame",)).score(mentions, sentences)
    art = fr[fr["sentence_id"].isna()]
    pos = {a: i for i, a in enumerate(ids)}
    col = {lab: j for j, lab in enumerate(labels)}
    share = np.zeros((len(ids), len(labels)))
    for a, f, s in zip(art["article_id"], art["frame"], art["score"]):
        if a in pos and f in col:
            share[pos[a], col[f]] = s
    n_sent = sentences.groupby("article_id").size().reindex(ids).fillna(0).to_numpy()
    return np.hstack([np.log1p(share * n_sent[:, None]), np.sqrt(share)])


# -- features ----------------------------------------------------------------------------------


def _hashers(p: dict):
    from sklearn.feature_extraction.text import HashingVectorizer
    word = HashingVectorizer(ngram_range=tuple(p["word_ngrams"]), n_features=int(p["n_features_word"]),
                             alternate_sign=False, norm=None, lowercase=True)
    char = None
    if p["char_ngrams"]:
        char = HashingVectorizer(analyzer="char_wb", ngram_range=tuple(p["char_ngrams"]),
                                 n_features=int(p["n_features_char"]), alternate_sign=False,
                                 norm=None, lowercase=True)
    return word, char


def _raw_blocks(texts: list[str], p: dict) -> dict:
    word_h, char_h = _hashers(p)
    blocks = {"word": word_h.transform(texts).tocsr()}
    blocks["char"] = char_h.transform(texts).tocsr() if char_h is not None else None
    return blocks


def _tfidf(m: sp.csr_matrix, idf: np.ndarray, sublinear: bool) -> sp.csr_matrix:
    from sklearn.preprocessing import normalize
    m = m.astype(np.float64)
    if sublinear:
        m.data = 1.0 + np.log(m.data)
    return normalize(m @ sp.diags(idf.astype(np.float64)), norm="l2", copy=False)


def _idf(m: sp.csr_matrix) -> np.ndarray:
    return smooth_idf(m)


def _design(blocks: dict, lex: np.ndarray | None, st: dict, p: dict) -> sp.csr_matrix:
    """The text layer's X from raw blocks and fitted state ``st`` (idf per block; lexicon
    mean/scale)."""
    parts = [_tfidf(blocks["word"], st["idf_word"], p["sublinear_tf"])]
    if blocks["char"] is not None:
        parts.append(_tfidf(blocks["char"], st["idf_char"], p["sublinear_tf"])
                     * float(p["weight_char"]))
    if p["lexicon_features"]:
        z = (lex - st["lex_mean"]) / st["lex_scale"]
        parts.append(sp.csr_matrix(z * float(p["weight_lexicon"])))
    return sp.hstack(parts, format="csr")


def _logit(prob: np.ndarray) -> np.ndarray:
    prob = np.clip(prob, 1e-4, 1 - 1e-4)
    return np.log(prob / (1 - prob))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


# -- fitting -----------------------------------------------------------------------------------


def _fit_per_label(X, Y: np.ndarray, make_classifier) -> tuple[np.ndarray, np.ndarray]:
    """One binary classifier per column of Y: (coef (L, d), intercept (L,)). A label that is
    constant in Y gets a zero coefficient and a large +-intercept."""
    coef = np.zeros((Y.shape[1], X.shape[1]))
    intercept = np.zeros(Y.shape[1])
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if y.min() == y.max():
            intercept[j] = 9.0 if y[0] else -9.0
            continue
        clf = make_classifier()
        clf.fit(X, y)
        coef[j] = clf.coef_[0]
        intercept[j] = clf.intercept_[0]
    return coef, intercept


def _fit_ovr(X: sp.csr_matrix, Y: np.ndarray, C: float, p: dict, seed: int, *, dual: bool = True):
    """One L2 logistic regression per frame over the text features."""
    from sklearn.linear_model import LogisticRegression

    # liblinear's dual solver: n_articles << n_features, ~10x faster than the primal
    return _fit_per_label(X, Y, lambda: LogisticRegression(
        C=C, solver="liblinear", dual=dual, max_iter=int(p["max_iter"]), random_state=seed))


def _fit_text_layer(blocks: dict, lex, Y: np.ndarray, p: dict, seed: int):
    """Fit idf/scaling and the text-layer regressions; returns (state, coef over the used
    columns, intercept, used column indices)."""
    st = {"idf_word": _idf(blocks["word"])}
    if blocks["char"] is not None:
        st["idf_char"] = _idf(blocks["char"])
    if p["lexicon_features"]:
        st["lex_mean"] = lex.mean(axis=0)
        scale = lex.std(axis=0)
        scale[scale == 0] = 1.0
        st["lex_scale"] = scale
    X = _design(blocks, lex, st, p)
    used = np.unique(X.indices)   # the other columns are 0 in every training row: inert
    coef, intercept = _fit_ovr(X[:, used], Y, float(p["C"]), p, seed)
    return st, coef, intercept, used


def _text_proba(st, coef, intercept, used, blocks, lex, p) -> np.ndarray:
    X = _design(blocks, lex, st, p)[:, used]
    return _sigmoid(np.asarray(X @ coef.T) + intercept)


def _subset(blocks: dict, idx: np.ndarray) -> dict:
    return {k: (v[idx] if v is not None else None) for k, v in blocks.items()}


def _micro_f1(Y: np.ndarray, P: np.ndarray) -> float:
    tp = float((Y & P).sum())
    denom = float(Y.sum() + P.sum())
    return 2 * tp / denom if denom else 0.0


def _label_f1(y: np.ndarray, p: np.ndarray) -> float:
    tp = float((y & p).sum())
    denom = float(y.sum() + p.sum())
    return 2 * tp / denom if denom else 0.0


def _decide(prob: np.ndarray, thresholds: np.ndarray, min_labels: int) -> np.ndarray:
    pred = (prob >= thresholds).astype(np.int8)
    if min_labels and prob.shape[0] and prob.shape[1]:
        top = np.argsort(-prob, axis=1, kind="stable")[:, :int(min_labels)]
        np.put_along_axis(pred, top, 1, axis=1)
    return pred


_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def _tune_thresholds(prob: np.ndarray, Y: np.ndarray, mode: str, min_labels: int):
    """Thresholds from out-of-fold probabilities of the training data only."""
    Y = Y.astype(np.int8)
    if mode == "global":
        scores = [_micro_f1(Y, _decide(prob, np.full(Y.shape[1], t), min_labels)) for t in _GRID]
        best = float(_GRID[int(np.argmax(scores))])
        return np.full(Y.shape[1], best), float(max(scores))
    if mode == "per_label":
        th = np.empty(Y.shape[1])
        for j in range(Y.shape[1]):
            scores = [_label_f1(Y[:, j], (prob[:, j] >= t).astype(np.int8)) for t in _GRID]
            th[j] = _GRID[int(np.argmax(scores))]
        return th, _micro_f1(Y, _decide(prob, th, min_labels))
    raise ValueError(f"threshold_mode must be 'global' or 'per_label', got {mode!r}")


def _kfold(n: int, k: int, seed: int):
    from sklearn.model_selection import KFold
    return KFold(n_splits=min(k, n), shuffle=True, random_state=seed).split(np.arange(n))


def _fit_stack(Z: np.ndarray, Y: np.ndarray, p: dict, seed: int):
    from sklearn.linear_model import LogisticRegression

    return _fit_per_label(Z, Y, lambda: LogisticRegression(
        C=float(p["C_stack"]), max_iter=1000, random_state=seed))


def train_frames(texts: list[str], label_lists: list[list[str]], *, lexicon: np.ndarray | None = None,
                 seed: int = 13, labels: list[str] | None = None, **params) -> dict:
    """Fit the two-layer model on article ``texts`` and their ``label_lists`` (frame ids).

    ``lexicon``: :func:`_lexicon_raw` rows for the same articles (needed only when
    ``lexicon_features=True``). ``params`` override :data:`DEFAULT_PARAMS`.
    Out: ``{"metadata": {...}, "arrays": {...}}`` (see :func:`save_frames_model`).
    Deterministic: the same texts, labels, params and seed give identical arrays.
    """
    unknown = set(params) - set(DEFAULT_PARAMS)
    if unknown:
        raise TypeError(f"train_frames: unknown parameter(s): {', '.join(sorted(unknown))}")
    p = {**DEFAULT_PARAMS, **params}
    labels = list(labels or _frame_ids())
    if len(texts) != len(label_lists):
        raise ValueError(f"train_frames: {len(texts)} texts but {len(label_lists)} label lists")
    if len(texts) < 4:
        raise ValueError("train_frames: need at least 4 labelled articles")
    if p["lexicon_features"] and lexicon is None:
        raise ValueError("train_frames: lexicon_features=True needs the lexicon= feature rows")
    t0 = time.perf_counter()
    Y = _indicator(label_lists, labels)
    blocks = _raw_blocks(list(texts), p)
    n = len(texts)
    # out-of-fold text-layer probabilities: train the label layer and tune thresholds on data
    # the text layer has not seen
    oof = np.zeros(Y.shape, dtype=np.float64)
    for tr, te in _kfold(n, int(p["inner_folds"]), seed):
        lex_tr = lexicon[tr] if lexicon is not None else None
        lex_te = lexicon[te] if lexicon is not None else None
        fitted = _fit_text_layer(_subset(blocks, tr), lex_tr, Y[tr], p, seed)
        oof[te] = _text_proba(*fitted, _subset(blocks, te), lex_te, p)
    stack_coef = np.zeros((len(labels), len(labels)))
    stack_intercept = np.zeros(len(labels))
    final_oof = oof
    if p["stack"]:
        Z = _logit(oof)
        final_oof = np.zeros_like(oof)
        for tr, te in _kfold(n, int(p["inner_folds"]), seed + 1):
            c, b = _fit_stack(Z[tr], Y[tr], p, seed)
            final_oof[te] = _sigmoid(Z[te] @ c.T + b)
        stack_coef, stack_intercept = _fit_stack(Z, Y, p, seed)
    thresholds, oof_micro = _tune_thresholds(final_oof, Y, p["threshold_mode"], int(p["min_labels"]))
    oof_pred = _decide(final_oof, thresholds, int(p["min_labels"]))
    from sklearn.metrics import f1_score
    oof_macro = float(f1_score(Y, oof_pred, average="macro", zero_division=0))
    st, coef, intercept, used = _fit_text_layer(blocks, lexicon, Y, p, seed)
    # drop negligible coefficients (smaller file, identical predictions to ~1e-5)
    keep = np.abs(coef).max(axis=0) >= float(p["min_coef"]) if coef.size else np.zeros(0, bool)
    n_word = int(p["n_features_word"])
    n_char = int(p["n_features_char"]) if p["char_ngrams"] else 0
    cols = used[keep].astype(np.int64)
    arrays = {
        "columns": cols,
        "coef": coef[:, keep].astype(np.float32),
        "intercept": intercept.astype(np.float64),
        "idf_word": st["idf_word"][cols[cols < n_word]].astype(np.float64),
        "idf_char": (st["idf_char"][cols[(cols >= n_word) & (cols < n_word + n_char)] - n_word]
                     if n_char else np.zeros(0)).astype(np.float64),
        "lex_mean": st.get("lex_mean", np.zeros(0)).astype(np.float64),
        "lex_scale": st.get("lex_scale", np.ones(0)).astype(np.float64),
        "stack_coef": stack_coef.astype(np.float64),
        "stack_intercept": stack_intercept.astype(np.float64),
        "thresholds": thresholds.astype(np.float64),
    }
    # idf of a column unseen in training (df = 0): the same for every such column
    idf_unseen = math.log(1 + n) + 1.0
    metadata = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "name": SCORER_NAME,
        "labels": labels,
        "featurization": {k: p[k] for k in _FEATURIZATION_KEYS},
        "params": {k: p[k] for k in _CLASSIFIER_KEYS},
        "n_train": int(n),
        "idf_unseen": idf_unseen,
        "label_counts": {lab: int(Y[:, j].sum()) for j, lab in enumerate(labels)},
        "training": {"seed": seed, "seconds": round(time.perf_counter() - t0, 2),
                     "oof_micro_f1": round(float(oof_micro), 4),
                     "oof_macro_f1": round(oof_macro, 4),
                     "note": "oof_* = out-of-fold figures of the inner folds on the training "
                             "data, the ones the thresholds were tuned on (optimistic)"},
        "credits": CREDITS,
        "redistributable": False,
        "redistribution_note": REDISTRIBUTION_NOTE,
    }
    return {"metadata": metadata, "arrays": arrays}


_FEATURIZATION_KEYS = ("word_ngrams", "n_features_word", "char_ngrams", "n_features_char",
                       "weight_char", "lexicon_features", "weight_lexicon", "sublinear_tf")
_CLASSIFIER_KEYS = ("C", "stack", "C_stack", "inner_folds", "threshold_mode", "min_labels",
                    "max_iter", "min_coef")


# -- prediction --------------------------------------------------------------------------------


def _full_idf(model: dict) -> tuple[np.ndarray, np.ndarray | None]:
    """Rebuild the dense idf vectors from the stored used-column idf and the unseen value."""
    meta, a = model["metadata"], model["arrays"]
    f = meta["featurization"]
    n_word = int(f["n_features_word"])
    n_char = int(f["n_features_char"]) if f["char_ngrams"] else 0
    cols = a["columns"]
    unseen = float(meta["idf_unseen"])
    idf_word = np.full(n_word, unseen)
    wcols = cols[cols < n_word]
    idf_word[wcols] = a["idf_word"]
    idf_char = None
    if n_char:
        idf_char = np.full(n_char, unseen)
        idf_char[cols[(cols >= n_word) & (cols < n_word + n_char)] - n_word] = a["idf_char"]
    return idf_word, idf_char


def predict_frames_proba(model: dict, texts: list[str], lexicon: np.ndarray | None = None):
    """Probabilities (n_articles, n_labels) of a loaded model for article ``texts``; also the
    text-layer X restricted to the stored columns (for evidence) and the raw blocks."""
    meta, a = model["metadata"], model["arrays"]
    f = meta["featurization"]
    if f["lexicon_features"] and lexicon is None:
        raise ValueError("this frames model uses lexicon features: pass lexicon=")
    cache = model.setdefault("_cache", {})
    if "idf" not in cache:
        cache["idf"] = _full_idf(model)
    idf_word, idf_char = cache["idf"]
    st = {"idf_word": idf_word, "idf_char": idf_char,
          "lex_mean": a["lex_mean"], "lex_scale": a["lex_scale"]}
    blocks = _raw_blocks(list(texts), f)
    X = _design(blocks, lexicon, st, f)[:, a["columns"]]
    prob = _sigmoid(np.asarray(X @ a["coef"].T.astype(np.float64)) + a["intercept"])
    if meta["params"]["stack"]:
        prob = _sigmoid(_logit(prob) @ a["stack_coef"].T + a["stack_intercept"])
    return prob, X, blocks


def _evidence(model: dict, X: sp.csr_matrix, texts: list[str], rows: list[tuple[int, int]],
              top: int = 5) -> dict:
    """``{(article_index, label_index): "gram, gram, ..."}``: the word n-grams whose text-layer
    contribution (tf-idf value x coefficient) toward the label is largest and positive."""
    f = model["metadata"]["featurization"]
    a = model["arrays"]
    word_h, _ = _hashers(f)
    analyzer = word_h.build_analyzer()
    from sklearn.feature_extraction import FeatureHasher
    hasher = FeatureHasher(n_features=int(f["n_features_word"]), input_type="string",
                           alternate_sign=False)
    pos = {int(c): k for k, c in enumerate(a["columns"])}
    coef = a["coef"]
    out: dict = {}
    by_article: dict[int, list[int]] = {}
    for i, j in rows:
        by_article.setdefault(i, []).append(j)
    for i, js in by_article.items():
        grams = list(dict.fromkeys(analyzer(texts[i])))
        if not grams:
            continue
        idx = hasher.transform([[g] for g in grams]).tocsr().indices
        row = X.getrow(i)
        xval = dict(zip(row.indices, row.data))   # row.indices index the stored columns
        cols = np.array([pos.get(int(h), -1) for h in idx])
        for j in js:
            contrib = {}
            for g, c in zip(grams, cols):
                if c >= 0:
                    v = xval.get(c, 0.0) * float(coef[j, c])
                    if v > 0:
                        contrib[g] = v
            best = sorted(contrib.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            out[(i, j)] = ", ".join(g for g, _ in best) if best else None
    return out


def frames_from_texts(model: dict, ids: list, texts: list[str], lexicon: np.ndarray | None = None,
                      *, evidence: bool = True) -> pd.DataFrame:
    """Article-level ``frames`` rows for articles ``ids`` with ``texts``."""
    labels = model["metadata"]["labels"]
    if not len(ids):
        return _empty_frames()
    prob, X, _ = predict_frames_proba(model, texts, lexicon)
    pred = _decide(prob, model["arrays"]["thresholds"], int(model["metadata"]["params"]["min_labels"]))
    hits = [(int(i), int(j)) for i, j in zip(*np.nonzero(pred))]
    ev = _evidence(model, X, texts, hits) if evidence else {}
    rows = [(ids[i], np.nan, labels[j], "frame", float(prob[i, j]), ev.get((i, j)), SCORER_NAME)
            for i, j in hits]
    return _frames_dtypes(pd.DataFrame(rows, columns=FRAME_COLUMNS))


def _empty_frames() -> pd.DataFrame:
    return _frames_dtypes(pd.DataFrame(columns=FRAME_COLUMNS))


def _frames_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reindex(columns=FRAME_COLUMNS)
    out["sentence_id"] = out["sentence_id"].astype("float64")
    out["score"] = out["score"].astype("float64")
    for col in ("article_id", "frame", "kind", "evidence", "scorer"):
        out[col] = out[col].astype("object")
    return out.reset_index(drop=True)


# -- persistence -------------------------------------------------------------------------------

_REQUIRED_KEYS = ("format", "version", "name", "labels", "featurization", "params", "n_train",
                  "idf_unseen", "credits", "redistributable")
_ARRAYS = ("columns", "coef", "intercept", "idf_word", "idf_char", "lex_mean", "lex_scale",
           "stack_coef", "stack_intercept", "thresholds")


_KIND = "sklearn frames model"  # prefix of validation errors


def _fail(file: Path, problem: str):
    raise ValueError(f"{_KIND}: {file}: {problem}")


def _validate(meta, arrays: dict, where: Path) -> None:
    js, npz = where / MODEL_JSON, where / WEIGHTS_NPZ
    check_header(meta, js, _KIND, required=_REQUIRED_KEYS, fmt=MODEL_FORMAT,
                 version=MODEL_VERSION)
    labels = meta["labels"]
    if (not isinstance(labels, list) or not labels or len(set(labels)) != len(labels)
            or not all(isinstance(x, str) and x for x in labels)):
        _fail(js, f"labels must be a non-empty list of distinct strings, got {labels!r}")
    f, p = meta["featurization"], meta["params"]
    if not isinstance(f, dict) or not isinstance(p, dict):
        _fail(js, "featurization and params must be objects")
    fmissing = [k for k in _FEATURIZATION_KEYS if k not in f]
    pmissing = [k for k in _CLASSIFIER_KEYS if k not in p]
    if fmissing or pmissing:
        _fail(js, f"featurization/params lack key(s): {', '.join(fmissing + pmissing)}")
    try:
        n_word = int(f["n_features_word"])
        n_char = int(f["n_features_char"]) if f["char_ngrams"] else 0
        ngrams = [int(x) for x in f["word_ngrams"]]
        if f["char_ngrams"]:
            ngrams += [int(x) for x in f["char_ngrams"]]
        float(meta["idf_unseen"])
        int(p["min_labels"])
    except (TypeError, ValueError, KeyError) as exc:
        _fail(js, f"bad featurization/params value ({exc})")
    if not (0 < n_word <= 2 ** 24 and 0 <= n_char <= 2 ** 24):
        _fail(js, "n_features out of range")
    if not all(1 <= x <= 10 for x in ngrams):
        _fail(js, "n-gram orders out of range")
    check_arrays(arrays, npz, _KIND, _ARRAYS, exact=True, integer=("columns",))
    cols = arrays["columns"]
    n_lab = len(labels)
    n_cols = len(cols)
    if cols.ndim != 1 or (n_cols and (cols.min() < 0 or cols.max() >= n_word + n_char)):
        _fail(npz, f"array 'columns' must index 0..{n_word + n_char - 1}")
    if n_cols > 1 and not np.all(np.diff(cols) > 0):
        _fail(npz, "array 'columns' must be strictly increasing")
    n_lex = 2 * n_lab if f["lexicon_features"] else 0
    if f["lexicon_features"]:
        n_cols_lex = int(np.sum(cols >= n_word + n_char))  # lexicon columns follow word + char
        if n_cols_lex > n_lex:
            _fail(npz, "array 'columns' indexes more lexicon features than the labels allow")
    expected = {"coef": (n_lab, n_cols), "intercept": (n_lab,),
                "idf_word": (int(np.sum(cols < n_word)),),
                "idf_char": (int(np.sum((cols >= n_word) & (cols < n_word + n_char))),),
                "lex_mean": (n_lex,), "lex_scale": (n_lex,),
                "stack_coef": (n_lab, n_lab), "stack_intercept": (n_lab,),
                "thresholds": (n_lab,)}
    check_shapes(arrays, expected, npz, _KIND)
    if n_lex and np.any(arrays["lex_scale"] == 0):
        _fail(npz, "array 'lex_scale' holds zeros")
    if np.any((arrays["thresholds"] < 0) | (arrays["thresholds"] > 1)):
        _fail(npz, "thresholds must lie in [0, 1]")


def save_frames_model(model: dict, out_dir: str | Path) -> Path:
    """Write ``model.json`` + ``weights.npz`` into ``out_dir`` (created); returns ``out_dir``."""
    return save_validated(model, out_dir, _validate, _ARRAYS)


def load_frames_model(path: str | Path) -> dict:
    """Read and validate a model directory written by :func:`save_frames_model`.

    Raises ``ValueError`` naming the file and the problem (missing file, bad JSON, unknown
    format or version, missing key, wrong array name/shape/dtype). Never unpickles.
    """
    return load_validated(path, _KIND, _validate)


# -- the SemEval-2023 protocol -----------------------------------------------------------------


def _prepare(df: pd.DataFrame, *, lexicon: bool) -> tuple[list, list[str], np.ndarray | None,
                                                           pd.DataFrame]:
    """Sentences, joined texts (as the scorer will see them) and lexicon rows of ``df``."""
    sentences = _sentences_of(df)
    ids, texts = _joined(sentences)
    # articles without a sentence keep an empty text (never happens in SemEval)
    by_id = dict(zip(ids, texts))
    ids = df["article_id"].tolist()
    texts = [by_id.get(a, "") for a in ids]
    lex = _lexicon_raw(sentences, None, ids, _frame_ids()) if lexicon else None
    return ids, texts, lex, sentences


def train_frames_semeval(root: str | Path, out_dir: str | Path, *, seed: int = 13,
                         cv: dict | None = None, k: int = 5, **params) -> Path:
    """Fit on all 433 SemEval-2023 English training articles and write the model to
    ``out_dir``. ``model.json`` records the data's sha256, counts, parameters, credits,
    ``"redistributable": false`` and the cross-validated figures (``cv`` = an earlier
    :func:`cross_validate_frames` result, else computed here with ``k`` folds; ``k=0`` skips)."""
    base = _semeval2023_dir(root)
    df = load_semeval2023_frames(base)
    p = {**DEFAULT_PARAMS, **params}
    ids, texts, lex, _ = _prepare(df, lexicon=bool(p["lexicon_features"]))
    model = train_frames(texts, df["labels"].tolist(), lexicon=lex, seed=seed, **params)
    meta = model["metadata"]
    h = hashlib.sha256()
    for name in ("train-labels-subtask-2.txt",):
        h.update(sha256_file(base / name).encode())
    for aid in ids:
        h.update(sha256_file(base / "train-articles-subtask-2" / f"article{aid}.txt").encode())
    meta["training"] = {
        "data": "SemEval-2023 Task 3 subtask 2, English train "
                "(en/train-labels-subtask-2.txt + en/train-articles-subtask-2/)",
        "sha256": h.hexdigest(),
        "sha256_note": "sha256 over the sha256 of the labels file, then of each article file "
                       "in label-file order",
        "n_articles": len(df),
        "n_label_assignments": int(sum(len(x) for x in df["labels"])),
        **meta["training"],
    }
    if cv is None and k:
        cv = cross_validate_frames(base, k=k, seed=seed, **params)
    if cv is not None:
        meta["cross_validation"] = {kk: v for kk, v in cv.items() if kk != "per_label"}
    meta["created"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    return save_frames_model(model, out_dir)


def _lexicon_cut(hits: np.ndarray, share: np.ndarray, Y: np.ndarray):
    """The (min_hits, min_score) cut of the lexicon's article labels with the best micro-F1 on
    ``Y`` (training folds only)."""
    best = (-1.0, 1, 0.0)
    for mh in (1, 2, 3, 4, 5, 6, 8):
        for ms in (0.0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2):
            f = _micro_f1(Y, ((hits >= mh) & (share >= ms)).astype(np.int8))
            if f > best[0] + 1e-12:
                best = (f, mh, ms)
    return best


def _tfidf_baseline(texts_tr, Y_tr, texts_te, seed: int, Cs=(1.0, 10.0, 100.0), inner: int = 3):
    """TF-IDF (word 1-2-grams, sublinear) + one-vs-rest LR (class_weight balanced), C chosen by
    inner CV micro-F1 on the training fold; predicts at 0.5."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def fit_predict(tr_texts, Ytr, te_texts, C):
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        Xtr = vec.fit_transform(tr_texts)
        Xte = vec.transform(te_texts)
        P = np.zeros((Xte.shape[0], Ytr.shape[1]), dtype=np.int8)
        for j in range(Ytr.shape[1]):
            if Ytr[:, j].min() == Ytr[:, j].max():
                P[:, j] = Ytr[0, j]
                continue
            clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", dual=True,
                                     max_iter=2000, random_state=seed)
            P[:, j] = clf.fit(Xtr, Ytr[:, j]).predict(Xte)
        return P

    texts_tr = list(texts_tr)
    scores = {}
    for C in Cs:
        pred = np.zeros_like(Y_tr)
        for a, b in _kfold(len(texts_tr), inner, seed):
            pred[b] = fit_predict([texts_tr[i] for i in a], Y_tr[a], [texts_tr[i] for i in b], C)
        scores[C] = _micro_f1(Y_tr, pred)
    C = max(Cs, key=lambda c: (scores[c], -c))
    return fit_predict(texts_tr, Y_tr, list(texts_te), C), C, scores[C]


def cross_validate_frames(root: str | Path, *, k: int = 5, seed: int = 13,
                          methods: tuple[str, ...] = ("model", "lexicon", "tfidf_lr", "top5"),
                          **params) -> dict:
    """k-fold cross-validation (KFold, shuffled with ``seed``; the same folds for every method)
    on the SemEval-2023 English training articles.

    Methods: ``model`` (:func:`train_frames` with ``params``), ``lexicon``
    (``LexiconFrameScorer(kinds=("frame",))`` article labels; its ``min_hits``/``min_score`` cut
    chosen on the training folds), ``tfidf_lr`` (TfidfVectorizer word 1-2-grams + one-vs-rest
    LR, C tuned inside the training folds) and ``top5`` (the 5 most frequent labels of the
    training folds for every article). Every choice is made on the training folds only.

    Out: ``{"n", "k", "seed", "labels", "methods": {name: {"micro_f1", "macro_f1",
    "per_label_f1", "folds": [...], ...}}, "seconds"}``; micro/macro-F1 are
    :func:`sklearn.metrics.f1_score` on the pooled out-of-fold multilabel indicator matrix.
    """
    from sklearn.metrics import f1_score

    t_start = time.perf_counter()
    df = load_semeval2023_frames(root)
    labels = _frame_ids()
    p = {**DEFAULT_PARAMS, **params}
    need_lex = "lexicon" in methods or bool(p["lexicon_features"])
    ids, texts, lex, sentences = _prepare(df, lexicon=need_lex)
    Y = _indicator(df["labels"].tolist(), labels)
    n = len(df)
    preds = {m: np.zeros_like(Y) for m in methods}
    folds: dict[str, list] = {m: [] for m in methods}
    seconds = dict.fromkeys(methods, 0.0)
    n_lab = len(labels)
    hits = np.expm1(lex[:, :n_lab]) if lex is not None else None
    share = lex[:, n_lab:] ** 2 if lex is not None else None
    for fold, (tr, te) in enumerate(_kfold(n, k, seed)):
        tr_texts = [texts[i] for i in tr]
        te_texts = [texts[i] for i in te]
        if "model" in methods:
            t0 = time.perf_counter()
            model = train_frames(tr_texts, [df["labels"].iloc[i] for i in tr],
                                 lexicon=lex[tr] if p["lexicon_features"] else None,
                                 seed=seed, labels=labels, **params)
            prob, _, _ = predict_frames_proba(model, te_texts,
                                              lex[te] if p["lexicon_features"] else None)
            preds["model"][te] = _decide(prob, model["arrays"]["thresholds"],
                                         int(p["min_labels"]))
            seconds["model"] += time.perf_counter() - t0
            folds["model"].append({
                "fold": fold, "threshold": float(model["arrays"]["thresholds"].mean()),
                "train_oof_micro_f1": model["metadata"]["training"]["oof_micro_f1"],
                "train_oof_macro_f1": model["metadata"]["training"]["oof_macro_f1"],
                "test_micro_f1": round(_micro_f1(Y[te], preds["model"][te]), 4)})
        if "lexicon" in methods:
            t0 = time.perf_counter()
            f_tr, mh, ms = _lexicon_cut(hits[tr], share[tr], Y[tr])
            preds["lexicon"][te] = ((hits[te] >= mh) & (share[te] >= ms)).astype(np.int8)
            seconds["lexicon"] += time.perf_counter() - t0
            folds["lexicon"].append({"fold": fold, "min_hits": mh, "min_score": ms,
                                     "train_micro_f1": round(f_tr, 4),
                                     "test_micro_f1": round(_micro_f1(Y[te], preds["lexicon"][te]), 4)})
        if "tfidf_lr" in methods:
            t0 = time.perf_counter()
            pred, C, f_tr = _tfidf_baseline(tr_texts, Y[tr], te_texts, seed)
            preds["tfidf_lr"][te] = pred
            seconds["tfidf_lr"] += time.perf_counter() - t0
            folds["tfidf_lr"].append({"fold": fold, "C": C, "train_cv_micro_f1": round(f_tr, 4),
                                      "test_micro_f1": round(_micro_f1(Y[te], pred), 4)})
        if "top5" in methods:
            top = np.argsort(-Y[tr].sum(axis=0), kind="stable")[:5]
            preds["top5"][te] = 0
            preds["top5"][np.ix_(te, top)] = 1
            folds["top5"].append({"fold": fold, "labels": [labels[j] for j in top]})
    out_methods = {}
    for m in methods:
        P = preds[m]
        per = f1_score(Y, P, average=None, zero_division=0)
        out_methods[m] = {
            "micro_f1": round(float(f1_score(Y, P, average="micro", zero_division=0)), 4),
            "macro_f1": round(float(f1_score(Y, P, average="macro", zero_division=0)), 4),
            "labels_per_article": round(float(P.sum(axis=1).mean()), 3),
            "per_label_f1": {lab: round(float(v), 4) for lab, v in zip(labels, per)},
            "folds": folds[m],
            "seconds": round(seconds[m], 2),
        }
    if "lexicon" in out_methods:
        out_methods["lexicon"]["lexicon_seconds"] = "included in data preparation"
    return {"n": int(n), "k": int(k), "seed": int(seed), "labels": labels,
            "gold_labels_per_article": round(float(Y.sum(axis=1).mean()), 3),
            "params": {kk: p[kk] for kk in (*_FEATURIZATION_KEYS, *_CLASSIFIER_KEYS)},
            "methods": out_methods, "seconds": round(time.perf_counter() - t_start, 1)}


# -- the scorer --------------------------------------------------------------------------------


class SklearnFrames:
    """``sklearn.frames.v1``: article-level generic frames from a trained model (English).

    ``model_path``: a directory written by :func:`train_frames_semeval` /
    :func:`save_frames_model`; ``None`` = the directory named by the environment variable
    ``ELECTIONLENS_FRAMES_MODEL`` (no model ships: see the module docstring). Loads lazily.

    ``score(mentions, sentences)`` joins each article's sentences in order, and returns
    article-level ``frames`` rows (``sentence_id`` NaN, kind ``frame``, score = predicted
    probability) for the labels at or above the model's per-label thresholds (at least the most
    probable one), with the top contributing word n-grams as evidence. ``mentions`` is used only
    by a model trained with lexicon features.
    """

    name = SCORER_NAME
    task = "frames"

    def __init__(self, model_path: str | Path | None = None):
        self.model_path = model_path

    def _model(self) -> dict:
        if getattr(self, "_model_", None) is None:
            path = self.model_path or os.environ.get(ENV_MODEL)
            if not path:
                raise ValueError(
                    "sklearn.frames.v1 needs a trained model directory (none ships: the "
                    "SemEval-2023 data may not be redistributed). Train one with "
                    "analysis.scoring.frames_model.train_frames_semeval(SEMEVAL_DIR, OUT_DIR) "
                    f"and pass model_path=OUT_DIR or set {ENV_MODEL}.")
            self._model_ = load_frames_model(path)
        return self._model_

    @property
    def metadata(self) -> dict:
        """The model's ``model.json`` (loads the model)."""
        return self._model()["metadata"]

    def score(self, mentions: pd.DataFrame | None, sentences: pd.DataFrame) -> pd.DataFrame:
        require_columns(sentences, ["article_id", "sentence_id", "text"], "sentences")
        if len(sentences) == 0:
            return _empty_frames()
        model = self._model()
        if "language" in sentences.columns:
            lang = sentences["language"].fillna("en").astype(str)
            sentences = sentences[lang.str.lower().str.startswith("en")]
            if len(sentences) == 0:
                return _empty_frames()
        ids, texts = _joined(sentences)
        lex = None
        if model["metadata"]["featurization"]["lexicon_features"]:
            lex = _lexicon_raw(sentences, mentions, ids, model["metadata"]["labels"])
        return frames_from_texts(model, ids, texts, lex)
