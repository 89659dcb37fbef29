"""``sklearn.tsc.v1``: target-aware logistic regression for sentiment toward an actor.

The target span is masked (replaced by the placeholder token ``<t>``) and the features come from
its local context: word uni/bigrams of the whole sentence, of the left and right windows of
several sizes (prefixed by side and size, so "praised <t>" and "<t> praised" differ), of the
clause that holds the target, character n-grams of the near context, and dense cues (VADER
valence of each window and of the clause, target as sentence subject, target inside a quote,
negation before the target), and, in models that name word vectors (``sklearn.tsc.v2``), the
average pretrained word vector (GloVe, :mod:`analysis.scoring.vectors`) of the words in a few
spans around the target, so that words the training sentences never held still count through
their neighbours in meaning. Windows, character context, window valences and vector spans stop
at the contrast words around the target ("but", "while", ";"), so two targets on either side of
a "but" are judged on their own halves. One multinomial logistic regression over all of it.

Featurisation is stateless (hashing with fixed sizes) so the model is plain arrays: ``model.json``
(parameters, provenance, scores) + ``weights.npz`` (coefficients, idf and scaling arrays), saved
with :func:`numpy.savez_compressed` and loaded with ``allow_pickle=False`` -- no pickle anywhere.

Trained on NewsMTSC (Hamborg & Donnay, EACL 2021; MIT): fit on ``hf-rw/train``, every choice
tuned on ``hf-rw/dev`` and ``hf-mt/dev``; the test files are only reported
(:func:`train_from_newsmtsc`).

>>> import pandas as pd
>>> from analysis.scoring.sklearn import SklearnTSC
>>> text = "I like Bert, but I hate Robert."
>>> ctx = pd.DataFrame({"text": [text, text], "t_start": [7, 24], "t_end": [11, 30],
...                     "surface": ["Bert", "Robert"], "language": ["en", "en"]})
>>> out = SklearnTSC().predict_contexts(ctx)
>>> out.columns.tolist(), bool(out["label"].isin(["negative", "neutral", "positive"]).all())
(['label', 'score', 'confidence', 'evidence'], True)
"""

from __future__ import annotations

import math
import re
import time
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..resources import shipped_path
from .base import LABELS, MentionSentimentScorer, require_columns
from .lexicon import vader_analyzer
from .persist import (
    MODEL_JSON,
    WEIGHTS_NPZ,
    check_arrays,
    check_header,
    check_linear_blocks,
    load_validated,
    save_validated,
    sha256_file,
    smooth_idf,
)
from .vectors import (
    DEFAULT_VECTORS,
    VECTORS_CREDITS,
    load_vectors,
    vectors_sha256,
    vectors_shape,
)

__all__ = ["SklearnTSC", "SklearnTSC2", "train_tsc", "save_model", "load_model",
           "train_from_newsmtsc", "featurize", "MODEL_FORMAT", "MODEL_VERSION", "DEFAULT_PARAMS"]

MODEL_FORMAT = "electionlens.sklearn-tsc"
_KIND = "sklearn TSC model"  # prefix of validation errors
MODEL_VERSION = 2    # 2 added the word-vector block; version 1 models still load
READABLE_VERSIONS = (1, 2)
CREDITS = ("Trained on NewsMTSC (Hamborg & Donnay, EACL 2021), MIT licence, "
           "https://github.com/fhamborg/NewsMTSC")
PLACEHOLDER = "<t>"

#: Featurisation and classifier parameters. Every value was chosen on hf-rw/dev + hf-mt/dev
#: (see the module's report in the model's ``model.json``); ``train_tsc(**params)`` overrides.
DEFAULT_PARAMS: dict = {
    "windows": [3, 6, 12],          # left/right context windows, in tokens
    "word_ngrams": [1, 2],          # word n-gram orders for every window block
    "sentence_ngrams": True,        # n-grams of the whole masked sentence
    "clause_ngrams": True,          # n-grams of the clause holding the target
    "negation_marking": True,       # "not good" -> "NEG_good" up to the next punctuation
    "char_ngrams": [2, 5],          # char_wb n-grams of the +-char_window context
    "char_window": 6,
    "n_features_word": 2 ** 19,
    "n_features_char": 2 ** 18,
    "sublinear_tf": True,
    "dense": True,                  # VADER + positional cues
    "segment_windows": True,        # context stops at contrast words ("but", "while", ";")
    "weight_word": 1.0,             # block weights after per-block L2 normalisation
    "weight_char": 0.7,
    "weight_dense": 0.35,
    # The word-vector block (sklearn.tsc.v2), chosen on grouped 5-fold CV of hf-rw/train plus
    # both dev sets: mean macro-F1 0.710 against 0.683 without; weights 0.01-0.05 and the span
    # sets L3/R3, clause/segment alone and + sentence scored lower, 30k words 0.702.
    "vectors": DEFAULT_VECTORS,     # shipped word vectors (None: no vector block, as in v1)
    "vector_spans": ["L6", "R6", "clause", "segment"],  # spans whose words' vectors are averaged
    "weight_vectors": 0.03,
    "C": 2.0,
    "class_weight": "balanced",
    "solver": "saga",
    "max_iter": 3000,
    "tol": 1e-3,
    "min_coef": 1e-4,               # coefficients smaller than this are stored as 0
}

# -- tokenisation ------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]", re.UNICODE)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "without", "none", "nobody", "nothing",
                        "neither", "cannot", "n't", "hardly", "barely"})
# clause boundaries: punctuation and contrastive/subordinating conjunctions
_CLAUSE_PUNCT = frozenset({",", ";", ":", "—", "–", "(", ")", "-", "“", "”", '"'})
_CONTRAST = frozenset({"but", "although", "though", "while", "whereas", "yet", "however",
                       "despite", "unlike"})
_QUOTES_OPEN = frozenset({'"', "“", "‘", "«"})
_QUOTES_CLOSE = frozenset({'"', "”", "’", "»"})


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _normalise(tok: str) -> str:
    tok = tok.lower().replace("’", "'")
    if tok.endswith("n't") and len(tok) > 3:
        return tok  # keep "don't" whole; the negation test below catches the suffix
    return tok


def _is_negation(tok: str) -> bool:
    return tok in _NEGATIONS or tok.endswith("n't")


def _masked(text: str, t_start: int, t_end: int) -> tuple[list[str], list[str], int]:
    """Tokens (lowercased) with the target replaced by one placeholder token; the original
    tokens (cased, target removed) for VADER; the index of the placeholder."""
    toks = _tokens(text)
    out, orig, idx = [], [], -1
    for tok, s, e in toks:
        if e <= t_start or s >= t_end:
            out.append(_normalise(tok))
            orig.append(tok)
        elif idx < 0:
            idx = len(out)
            out.append(PLACEHOLDER)
            orig.append("")
    if idx < 0:  # empty or whitespace target: place the marker where the span starts
        idx = sum(1 for _, s, _ in toks if s < t_start)
        out.insert(idx, PLACEHOLDER)
        orig.insert(idx, "")
    return out, orig, idx


def _ngrams(tokens: list[str], orders: list[int], prefix: str) -> list[str]:
    feats = []
    for n in orders:
        for i in range(len(tokens) - n + 1):
            feats.append(prefix + " ".join(tokens[i:i + n]))
    return feats


def _mark_negation(tokens: list[str]) -> list[str]:
    out, neg = [], False
    for tok in tokens:
        if tok in _CLAUSE_PUNCT or tok in {".", "!", "?"} or tok in _CONTRAST:
            neg = False
            out.append(tok)
        elif _is_negation(tok):
            neg = True
            out.append(tok)
        else:
            out.append("NEG_" + tok if neg and tok != PLACEHOLDER else tok)
    return out


def _clause(tokens: list[str], idx: int, boundaries) -> tuple[int, int]:
    lo = idx
    while lo > 0 and not boundaries(tokens[lo - 1]):
        lo -= 1
    hi = idx + 1
    while hi < len(tokens) and not boundaries(tokens[hi]):
        hi += 1
    return lo, hi


def _in_quote(tokens: list[str], idx: int) -> bool:
    opened = False
    for tok in tokens[:idx]:
        if tok in _QUOTES_OPEN and not opened:
            opened = True
        elif tok in _QUOTES_CLOSE and opened:
            opened = False
    return opened


DENSE_NAMES: list[str] = []  # filled below from the window sizes in use


@lru_cache(maxsize=200_000)
def _valence(text: str) -> tuple[float, float, float]:
    if not text.strip():
        return (0.0, 0.0, 0.0)
    s = vader_analyzer().polarity_scores(text)
    return (s["compound"], s["pos"], s["neg"])


def _dense_names(windows: list[int]) -> list[str]:
    names = []
    for w in windows:
        for side in ("L", "R"):
            names += [f"vader_{side}{w}_{k}" for k in ("compound", "pos", "neg")]
    for block in ("clause", "segment", "sentence"):
        names += [f"vader_{block}_{k}" for k in ("compound", "pos", "neg")]
    names += ["subject", "in_quote", "has_quote", "neg_left3", "rel_position", "log_len"]
    return names


def _row_features(text: str, t_start: int, t_end: int, p: dict):
    """Word feature strings, the char-n-gram context string, dense cues for one mention."""
    toks, orig, idx = _masked(text, int(t_start), int(t_end))
    orders = list(p["word_ngrams"])
    neg_toks = _mark_negation(toks) if p["negation_marking"] else toks
    feats: list[str] = []
    c_lo, c_hi = _clause(toks, idx, lambda t: t in _CLAUSE_PUNCT or t in _CONTRAST)
    g_lo, g_hi = _clause(toks, idx, lambda t: t in _CONTRAST or t == ";")
    # With segment_windows the context stops at the contrast words around the target, so in
    # "I like Bert, but I hate Robert" each target sees only its own half (dev: 0.692 mean
    # macro-F1 against 0.698 without, and the only setting that gets such pairs right).
    lo, hi = (g_lo, g_hi) if p["segment_windows"] else (0, len(toks))
    if p["sentence_ngrams"]:
        feats += _ngrams(neg_toks, orders, "s:")
    for w in p["windows"]:
        left = neg_toks[max(lo, idx - w):idx + 1]
        right = neg_toks[idx:min(hi, idx + 1 + w)]
        feats += _ngrams(left, orders, f"L{w}:")
        feats += _ngrams(right, orders, f"R{w}:")
    if p["clause_ngrams"]:
        feats += _ngrams(neg_toks[c_lo:c_hi], orders, "c:")
        feats += _ngrams(neg_toks[g_lo:g_hi], orders, "g:")
    cw = int(p["char_window"])
    char_text = " ".join(toks[max(lo, idx - cw):min(hi, idx + 1 + cw)])
    spans = None
    if p["vectors"]:
        bounds = {"clause": (c_lo, c_hi), "segment": (g_lo, g_hi), "sentence": (0, len(toks))}
        spans = []
        for name in p["vector_spans"]:
            a, b = bounds.get(name) or ((max(lo, idx - int(name[1:])), idx) if name[0] == "L"
                                        else (idx + 1, min(hi, idx + 1 + int(name[1:]))))
            spans.append([t for t in toks[a:b] if t.isalpha()])  # the target is "<t>": out
    dense = None
    if p["dense"]:
        dense = []
        for w in p["windows"]:
            dense += _valence(" ".join(orig[max(lo, idx - w):idx]))
            dense += _valence(" ".join(orig[idx + 1:min(hi, idx + 1 + w)]))
        dense += _valence(" ".join(orig[c_lo:c_hi]))
        dense += _valence(" ".join(orig[g_lo:g_hi]))
        dense += _valence(" ".join(orig[lo:hi]))  # the sentence, or its segment
        first = 0
        while first < len(toks) and (toks[first] in _QUOTES_OPEN or toks[first] in
                                     {"the", "a", "an", "but", "and", "so", "then"}):
            first += 1
        dense += [
            1.0 if idx <= first else 0.0,
            1.0 if _in_quote(toks, idx) else 0.0,
            1.0 if any(t in _QUOTES_OPEN or t in _QUOTES_CLOSE for t in toks) else 0.0,
            1.0 if any(_is_negation(t) for t in toks[max(0, idx - 3):idx]) else 0.0,
            idx / max(1, len(toks) - 1),
            math.log1p(len(toks)),
        ]
    return feats, char_text, dense, spans


def _span_name_ok(name: object) -> bool:
    return name in ("clause", "segment", "sentence") or (
        isinstance(name, str) and len(name) > 1 and name[0] in "LR" and name[1:].isdigit())


def _vector_block(spans: list, n_spans: int, name: str) -> np.ndarray:
    """Per row, per span: the mean vector of the span's words found in the vectors ``name``
    (zeros when none is), side by side: ``rows x (n_spans * dimensions)``."""
    index, matrix = load_vectors(name)
    blocks = []
    for k in range(n_spans):
        indptr, cols = [0], []
        for row in spans:
            cols += [j for j in map(index.get, row[k]) if j is not None]
            indptr.append(len(cols))
        counts = np.diff(indptr)
        data = np.repeat(1.0 / np.maximum(counts, 1), counts)
        # only the rows of the words met, in float64 (the product sums the same terms in the
        # same order as over the whole matrix)
        used, local = np.unique(np.asarray(cols, dtype=np.int64), return_inverse=True)
        avg = sp.csr_matrix((data, local, indptr), shape=(len(spans), len(used)))
        blocks.append(avg @ matrix[used].astype(np.float64))
    return np.hstack(blocks) if blocks else np.zeros((len(spans), 0))


# -- vectorisation -----------------------------------------------------------------------------

def _hashers(p: dict):
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.feature_extraction.text import HashingVectorizer
    word = FeatureHasher(n_features=int(p["n_features_word"]), input_type="string",
                         alternate_sign=False)
    char = HashingVectorizer(analyzer="char_wb", ngram_range=tuple(p["char_ngrams"]),
                             n_features=int(p["n_features_char"]), alternate_sign=False,
                             norm=None, lowercase=True) if p["char_ngrams"] else None
    return word, char


def featurize(ctx: pd.DataFrame, params: dict) -> dict:
    """Raw (unweighted) feature blocks for rows with ``text, t_start, t_end``.

    Out: ``{"word": csr, "char": csr, "dense": ndarray | None, "vectors": ndarray | None,
    "word_feats": list[list[str]]}``. ``params`` missing a key take :data:`DEFAULT_PARAMS`'s,
    except the vector block, which is off unless ``params`` names ``vectors`` (a version 1
    model's featurization has none).
    """
    p = {**DEFAULT_PARAMS, "vectors": None, **params}
    rows = [_row_features(t, s, e, p) for t, s, e in
            zip(ctx["text"], ctx["t_start"], ctx["t_end"])]
    word_h, char_h = _hashers(p)
    word_feats = [r[0] for r in rows]
    word = word_h.transform(word_feats).tocsr() if rows else \
        sp.csr_matrix((0, int(p["n_features_word"])))
    char = char_h.transform([r[1] for r in rows]).tocsr() if p["char_ngrams"] else None
    dense = np.asarray([r[2] for r in rows], dtype=np.float64) if p["dense"] else None
    if dense is not None and dense.ndim == 1:
        dense = dense.reshape(len(rows), -1)
    vectors = None
    if p["vectors"]:
        vectors = _vector_block([r[3] for r in rows], len(p["vector_spans"]), p["vectors"])
    return {"word": word, "char": char, "dense": dense, "vectors": vectors,
            "word_feats": word_feats}


def _tf(m: sp.csr_matrix, sublinear: bool) -> sp.csr_matrix:
    m = m.astype(np.float64)
    if sublinear:
        m.data = 1.0 + np.log(m.data)
    return m


def _l2(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ m


def _design(blocks: dict, arrays: dict, p: dict) -> sp.csr_matrix:
    """Weight the raw blocks with the fitted idf/scaling arrays into the model's X."""
    parts = [_l2(_tf(blocks["word"], p["sublinear_tf"]) @ sp.diags(arrays["idf_word"]))
             * float(p["weight_word"])]
    if blocks["char"] is not None:
        parts.append(_l2(_tf(blocks["char"], p["sublinear_tf"]) @ sp.diags(arrays["idf_char"]))
                     * float(p["weight_char"]))
    for name in ("dense", "vectors"):   # standardised blocks (the stance model has no vectors)
        if blocks.get(name) is not None:
            z = (blocks[name] - arrays[f"{name}_mean"]) / arrays[f"{name}_scale"]
            parts.append(sp.csr_matrix(z * float(p[f"weight_{name}"])))
    return sp.hstack(parts, format="csr")


def _standardisation(block: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Per column of a dense block: its mean and standard deviation (1 where that is 0), as
    float32; empty for no block."""
    if block is None:
        return np.zeros(0, np.float32), np.ones(0, np.float32)
    scale = block.std(axis=0)
    scale[scale == 0] = 1.0
    return block.mean(axis=0).astype(np.float32), scale.astype(np.float32)


def _idf(m: sp.csr_matrix) -> np.ndarray:
    return smooth_idf(m).astype(np.float32)


# -- training ----------------------------------------------------------------------------------

def _labels_of(df: pd.DataFrame) -> np.ndarray:
    if "label" in df.columns:
        return df["label"].to_numpy(dtype=object)
    from ..evaluate import POLARITY_LABELS
    return df["polarity"].map(POLARITY_LABELS).to_numpy(dtype=object)


def _contexts_of(df: pd.DataFrame) -> pd.DataFrame:
    """Scorer input (mention_contexts rows) from NewsMTSC rows, or ``df`` if it already is."""
    if {"text", "t_start", "t_end"} <= set(df.columns):
        return df
    from ..evaluate import newsmtsc_tables
    from .base import mention_contexts
    return mention_contexts(*newsmtsc_tables(df))


def _predict_proba(model: dict, ctx: pd.DataFrame):
    p = model["metadata"]["featurization"]
    arrays = model["arrays"]
    blocks = featurize(ctx, p)
    X = _design(blocks, arrays, p)
    logits = X @ arrays["coef"].T.astype(np.float64) + arrays["intercept"].astype(np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    prob = np.exp(logits)
    prob /= prob.sum(axis=1, keepdims=True)
    return prob, X, blocks


def _scores(model: dict, df: pd.DataFrame) -> dict:
    from sklearn.metrics import accuracy_score, f1_score
    prob, _, _ = _predict_proba(model, _contexts_of(df))
    labels = model["metadata"]["labels"]
    pred = np.asarray(labels, dtype=object)[prob.argmax(axis=1)]
    gold = _labels_of(df)
    return {"n": int(len(df)),
            "macro_f1": float(f1_score(gold, pred, average="macro", labels=list(labels))),
            "accuracy": float(accuracy_score(gold, pred))}


_FEATURIZATION_KEYS = ("windows", "word_ngrams", "sentence_ngrams", "clause_ngrams",
                       "negation_marking", "char_ngrams", "char_window", "n_features_word",
                       "n_features_char", "sublinear_tf", "dense", "weight_word", "weight_char",
                       "weight_dense", "segment_windows")
_VECTOR_KEYS = ("vectors", "vector_spans", "weight_vectors")  # version 2, when vectors are used
_CLASSIFIER_KEYS = ("C", "class_weight", "solver", "max_iter", "tol", "min_coef")


def train_tsc(train: pd.DataFrame, *, dev: dict[str, pd.DataFrame] | None = None, seed: int = 13,
              **params) -> dict:
    """Fit the target-aware classifier.

    In: ``train`` as NewsMTSC rows (:func:`analysis.evaluate.load_newsmtsc`) or as
    ``mention_contexts`` rows plus a ``label`` column; ``dev`` maps a name to frames of the same
    kind, scored into ``metadata["dev_scores"]``. ``params`` override :data:`DEFAULT_PARAMS`.
    Out: ``{"metadata": {...}, "arrays": {name: ndarray}}`` (see :func:`save_model`).
    Deterministic: the same rows, params and seed give identical arrays.
    """
    from sklearn.linear_model import LogisticRegression

    unknown = set(params) - set(DEFAULT_PARAMS)
    if unknown:
        raise TypeError(f"train_tsc: unknown parameter(s): {', '.join(sorted(unknown))}")
    p = {**DEFAULT_PARAMS, **params}
    if p["vectors"]:
        load_vectors(p["vectors"])  # an unknown name fails before featurising
        spans = p["vector_spans"]
        if not isinstance(spans, (list, tuple)) or not spans or not all(map(_span_name_ok, spans)):
            raise ValueError(f"train_tsc: vector_spans must name spans L<n>, R<n>, clause, "
                             f"segment or sentence, got {spans!r}")
        p["vector_spans"] = list(spans)
    ctx = _contexts_of(train)
    y = _labels_of(train)
    bad = sorted(set(y) - set(LABELS))
    if bad:
        raise ValueError(f"train_tsc: labels must be {LABELS}, got {bad}")
    t0 = time.perf_counter()
    blocks = featurize(ctx, p)
    arrays: dict[str, np.ndarray] = {
        "idf_word": _idf(blocks["word"]),
        "idf_char": _idf(blocks["char"]) if blocks["char"] is not None
        else np.ones(0, np.float32),
    }
    arrays["dense_mean"], arrays["dense_scale"] = _standardisation(blocks["dense"])
    if blocks["vectors"] is not None:
        arrays["vectors_mean"], arrays["vectors_scale"] = _standardisation(blocks["vectors"])
    # the design uses the float32-rounded arrays, exactly as at load time
    X = _design(blocks, arrays, p)
    clf = LogisticRegression(C=float(p["C"]), class_weight=p["class_weight"],
                             max_iter=int(p["max_iter"]), tol=float(p["tol"]),
                             random_state=seed, solver=p["solver"])
    clf.fit(X, y)
    order = [list(clf.classes_).index(lab) for lab in LABELS if lab in clf.classes_]
    if len(order) != len(LABELS):
        raise ValueError(f"train_tsc: training data lacks a label; has {list(clf.classes_)}")
    coef = clf.coef_[order].astype(np.float32)
    coef[np.abs(coef) < float(p["min_coef"])] = 0.0
    arrays["coef"] = coef
    arrays["intercept"] = clf.intercept_[order].astype(np.float32)
    import sklearn
    counts = pd.Series(y).value_counts()
    metadata = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION if p["vectors"] else 1,  # readable by older releases
        "name": SklearnTSC2.name if p["vectors"] else SklearnTSC.name,
        "labels": list(LABELS),
        "featurization": {k: p[k] for k in _FEATURIZATION_KEYS + (
            _VECTOR_KEYS if p["vectors"] else ())},
        "dense_features": _dense_names(list(p["windows"])) if p["dense"] else [],
        "n_features": int(X.shape[1]),
        "params": {**{k: p[k] for k in _CLASSIFIER_KEYS}, "multi_class": "multinomial",
                   "seed": seed},
        "training": {"n_rows": int(len(train)),
                     "label_counts": {lab: int(counts.get(lab, 0)) for lab in LABELS},
                     "seed": seed, "seconds": round(time.perf_counter() - t0, 1)},
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "credits": CREDITS + ("; word vectors: " + VECTORS_CREDITS if p["vectors"] else ""),
    }
    if p["vectors"]:
        metadata["vectors"] = {"name": p["vectors"], "sha256": vectors_sha256(p["vectors"]),
                               "n_features": int(blocks["vectors"].shape[1])}
    model = {"metadata": metadata, "arrays": arrays}
    metadata["dev_scores"] = {name: _scores(model, df) for name, df in (dev or {}).items()}
    return model


# -- persistence -------------------------------------------------------------------------------

_REQUIRED_KEYS = ("format", "version", "name", "labels", "featurization", "dense_features",
                  "n_features", "params", "training", "credits")
_ARRAYS = ("coef", "intercept", "idf_word", "idf_char", "dense_mean", "dense_scale")
_VECTOR_ARRAYS = ("vectors_mean", "vectors_scale")   # version 2, when vectors are used


def save_model(model: dict, out_dir: str | Path) -> Path:
    """Write ``model.json`` + ``weights.npz`` into ``out_dir`` (created); returns ``out_dir``."""
    names = _ARRAYS + (_VECTOR_ARRAYS if "vectors" in model["metadata"] else ())
    return save_validated(model, out_dir, _validate, names)


def _validate(meta, arrays: dict, where: Path) -> None:
    js, npz = where / MODEL_JSON, where / WEIGHTS_NPZ
    check_header(meta, js, _KIND, required=_REQUIRED_KEYS, fmt=MODEL_FORMAT,
                 version=READABLE_VERSIONS)
    labels = meta["labels"]
    if not isinstance(labels, list) or sorted(labels) != sorted(LABELS):
        raise ValueError(f"{_KIND}: {js}: labels must be a list of {list(LABELS)}, got {labels!r}")
    if not isinstance(meta["dense_features"], list):
        raise ValueError(f"{_KIND}: {js}: dense_features is not a list")
    vectors = _check_vectors(meta, js)
    check_arrays(arrays, npz, _KIND, _ARRAYS + (_VECTOR_ARRAYS if vectors else ()))
    check_linear_blocks(meta, arrays, js, npz, _KIND, n_labels=len(labels),
                        featurization_keys=_FEATURIZATION_KEYS + (_VECTOR_KEYS if vectors else ()),
                        extra={"vectors": vectors} if vectors else None)


def _check_vectors(meta: dict, js: Path) -> int:
    """The width of the model's word-vector block (0: none); the vectors it was trained with
    must be the shipped file of that name, byte for byte (its SHA-256)."""
    v = meta.get("vectors")
    if v is None:
        return 0
    if meta["version"] < 2 or not isinstance(v, dict) or \
            not {"name", "sha256", "n_features"} <= set(v):
        raise ValueError(f"{_KIND}: {js}: 'vectors' needs version 2 and the keys name, sha256 "
                         f"and n_features, got {v!r}")
    f = meta["featurization"]
    spans = f.get("vector_spans") if isinstance(f, dict) else None
    if not isinstance(spans, list) or not spans or not all(map(_span_name_ok, spans)) \
            or f.get("vectors") != v["name"]:
        raise ValueError(f"{_KIND}: {js}: featurization.vector_spans must list spans (L<n>, "
                         f"R<n>, clause, segment, sentence) and featurization.vectors must be "
                         f"{v['name']!r}")
    try:
        sha, dims = vectors_sha256(v["name"]), vectors_shape(v["name"])[1]
    except ValueError as exc:
        raise ValueError(f"{_KIND}: {js}: {exc}") from None
    if sha != v["sha256"]:
        raise ValueError(f"{_KIND}: {js}: the model was trained with word vectors "
                         f"{v['name']!r} of SHA-256 {v['sha256'][:12]}..., but the shipped file "
                         f"has {sha[:12]}...")
    if int(v["n_features"]) != len(spans) * dims:
        raise ValueError(f"{_KIND}: {js}: vectors.n_features {v['n_features']} != "
                         f"{len(spans)} spans x {dims} dimensions")
    return int(v["n_features"])


def load_model(path: str | Path) -> dict:
    """Read and validate a model directory written by :func:`save_model`.

    Raises ``ValueError`` naming the file and the problem (missing file, unknown format or
    version, missing key, wrong array name/shape/dtype). Never unpickles.
    """
    return load_validated(path, _KIND, _validate)


def shipped_model_path(name: str = "sentiment-tsc-v2") -> Path:
    """The directory of a model shipped in ``analysis/resources/models``: ``sentiment-tsc-v2``
    (the default, with word vectors) or ``sentiment-tsc-v1``."""
    return shipped_path("models", name)


def train_from_newsmtsc(newsmtsc_dir: str | Path, out_dir: str | Path, *, seed: int = 13,
                        **params) -> Path:
    """The whole protocol: fit on ``hf-rw/train.jsonl``, record dev scores on ``hf-rw/dev`` and
    ``hf-mt/dev``, report test scores on ``hf-rw/test`` and ``hf-mt/test`` (reported only: no
    choice depends on them), write the model to ``out_dir`` and return it. Only the train file
    is required: dev and test files that are absent (your own data in NewsMTSC's format, with
    no multi-target split) are left out of the metadata. ``params`` go to :func:`train_tsc`
    (``vectors=None`` trains the shipped ``sentiment-tsc-v1``'s configuration)."""
    from ..evaluate import load_newsmtsc

    root = Path(newsmtsc_dir)
    train_file = root / "hf-rw" / "train.jsonl"
    train = load_newsmtsc(train_file)
    present = {split: {k: f"hf-{k}/{split}.jsonl" for k in ("rw", "mt")
                       if (root / f"hf-{k}" / f"{split}.jsonl").is_file()}
               for split in ("dev", "test")}
    dev = {k: load_newsmtsc(root / name) for k, name in present["dev"].items()}
    model = train_tsc(train, dev=dev, seed=seed, **params)
    meta = model["metadata"]
    meta["training"] = {
        "files": {"train": "hf-rw/train.jsonl", "dev": list(present["dev"].values()),
                  "test": list(present["test"].values())},
        "sha256": sha256_file(train_file),
        **meta["training"],
    }
    meta["test_scores"] = {k: _scores(model, load_newsmtsc(root / name))
                           for k, name in present["test"].items()}
    meta["created"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    return save_model(model, out_dir)


# -- the scorer --------------------------------------------------------------------------------

class SklearnTSC(MentionSentimentScorer):
    """Target-aware logistic regression over the masked target's context (English).

    ``model_path``: a directory written by :func:`save_model`; ``None`` = the shipped
    ``sentiment-tsc-v1`` (no word vectors). The model loads on first use.
    """

    name = "sklearn.tsc.v1"
    shipped = "sentiment-tsc-v1"
    languages = ("en",)

    def __init__(self, model_path: str | Path | None = None):
        self.model_path = model_path

    def _model(self) -> dict:
        if getattr(self, "_model_", None) is None:
            path = shipped_model_path(self.shipped) if self.model_path is None \
                else Path(self.model_path)
            self._model_ = load_model(path)
        return self._model_

    @property
    def metadata(self) -> dict:
        """The model's ``model.json`` (loads the model)."""
        return self._model()["metadata"]

    def predict_contexts(self, ctx: pd.DataFrame) -> pd.DataFrame:
        """Rows of ``mention_contexts`` (text, t_start, t_end, ...) -> label, score (P(pos) -
        P(neg)), confidence (max probability), evidence (up to 3 context n-grams pushing
        hardest toward the predicted label, joined with ", ")."""
        require_columns(ctx, ["text", "t_start", "t_end"], "SklearnTSC.predict_contexts")
        out_cols = ["label", "score", "confidence", "evidence"]
        if len(ctx) == 0:
            return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("score", "confidence")
                                              else "object") for c in out_cols})
        model = self._model()
        labels = model["metadata"]["labels"]
        prob, X, blocks = _predict_proba(model, ctx)
        best = prob.argmax(axis=1)
        score = prob[:, labels.index("positive")] - prob[:, labels.index("negative")]
        evidence = _evidence(model, X, blocks, best)
        return pd.DataFrame({"label": np.asarray(labels, dtype=object)[best],
                             "score": np.clip(score, -1.0, 1.0).astype("float64"),
                             "confidence": prob.max(axis=1).astype("float64"),
                             "evidence": pd.Series(evidence, dtype="object")})


class SklearnTSC2(SklearnTSC):
    """``sklearn.tsc.v1``'s classifier with the word-vector block (the shipped default).

    ``model_path``: as for :class:`SklearnTSC`; ``None`` = the shipped ``sentiment-tsc-v2``.
    Both names score any model of :func:`save_model` the same way: they differ only in the
    model they ship.
    """

    name = "sklearn.tsc.v2"
    shipped = "sentiment-tsc-v2"


def _evidence(model: dict, X: sp.csr_matrix, blocks: dict, best: np.ndarray) -> list:
    """Per row: the word n-grams (side/window prefixes merged) with the largest contribution
    x_j * (w_pred,j - mean_k w_k,j) toward the predicted class, at most 3, positive only."""
    p = model["metadata"]["featurization"]
    rel = model.get("_relative_coef")
    if rel is None:  # computed once per loaded model
        coef = model["arrays"]["coef"].astype(np.float64)
        rel = model["_relative_coef"] = coef - coef.mean(axis=0, keepdims=True)
    # each distinct feature of the batch is read and hashed once; features whose n-gram can
    # never be evidence (punctuation, the target alone) are left out before hashing
    grams: dict[str, str] = {}
    for feats in blocks["word_feats"]:
        for f in feats:
            if f not in grams:
                grams[f] = _evidence_gram(f)
    usable = [f for f, g in grams.items() if g]
    word_h, _ = _hashers(p)
    columns = word_h.transform([[f] for f in usable]).tocsr().indices.tolist() if usable else []
    column_of = dict(zip(usable, columns))
    X = X.tocsr()
    out = []
    for i, feats in enumerate(blocks["word_feats"]):
        lo, hi = X.indptr[i], X.indptr[i + 1]
        xval = dict(zip(X.indices[lo:hi].tolist(), X.data[lo:hi].tolist()))
        weights = rel[best[i]]
        contrib: dict[str, float] = {}
        for f in dict.fromkeys(feats):
            j = column_of.get(f)
            if j is None:
                continue
            v = xval.get(j, 0.0) * weights[j]
            if v:  # a zero adds nothing and can never be evidence
                gram = grams[f]
                contrib[gram] = contrib.get(gram, 0.0) + v
        top = [g for g, v in sorted(contrib.items(), key=lambda kv: (-kv[1], kv[0]))[:3] if v > 0]
        out.append(", ".join(top) if top else None)
    return out


@lru_cache(maxsize=1)
def _function_words() -> frozenset:
    """Words that cannot be evidence alone ("to the", "and"): English function words,
    negations aside ("not" carries meaning, and "not good" shows it)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS - {"not", "no", "nor", "never", "nothing", "none",
                                           "nobody", "cannot"})


def _evidence_gram(feature: str) -> str:
    """The readable n-gram of a word feature, its words as the sentence has them, with
    "(negated)" when they stand after a negation the gram leaves out ("L3:NEG_good" -> "good
    (negated)"; "not NEG_good" -> "not good"), or "" when it is no evidence: a token not starting
    with a letter or digit, only the target, or only function words ("to the", "NEG_the": a
    real weight of the model, but nothing a reader can check)."""
    tokens = feature.split(":", 1)[1].split()
    words = [t.removeprefix("NEG_") for t in tokens]
    function_words = _function_words()
    if not words or any(not t[:1].isalnum() for t in words if t != PLACEHOLDER) \
            or all(t == PLACEHOLDER or t in function_words for t in words):
        return ""
    gram = " ".join(words).replace(PLACEHOLDER, "[target]")   # "<t>" is nowhere in the text
    negated = any(t.startswith("NEG_") for t in tokens) and not any(map(_is_negation, words))
    return gram + " (negated)" if negated else gram
