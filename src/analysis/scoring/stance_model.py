"""``sklearn.stance.v1``: a trainable stance classifier (against / neutral / favor) toward Russia.

What it measures
    The stance of a text *in its author's own voice* toward **Russia** (the Russian state, its
    government, army and leadership: Putin, the Kremlin, Wagner, ...). It is trained on RUW
    (multi-target stance on the Russia-Ukraine war, tweets), Target 1 = Russia. Labels:
    ``AGAINST -> against``, ``FAVOR -> favor``, ``NONE -> neutral``.

Caveats
    * Tweets, not news sentences: applied to a quote or a sentence of an article it is an
      out-of-domain guess; the pipeline should treat its output as a weak signal.
    * Russia only. For any other ``target_bloc`` (``eu``, ...) the scorer does **not** guess: it
      returns ``stance = "neutral"``, ``score = 0.0`` and (in :meth:`SklearnStance.predict`)
      ``confidence = 0.0``. RUW has no EU target, and "against Russia" does not imply "favor EU"
      (nor the reverse), so marking the target in the text would only relabel the Russia model.

Features (all stateless hashing, so the model is plain arrays)
    * word uni/bigrams of the normalised tweet (URLs, @users and numbers collapsed; hashtags kept
      as ``#tag`` *and* split into words: ``#StandWithUkraine -> stand with ukraine``; negation
      marking ``not good -> NEG_good`` up to the next punctuation);
    * word uni/bigrams of the windows around every Russia token (``russia``, ``putin``,
      ``kremlin``, ``moscow``, ``wagner``, ...) and every Ukraine token, prefixed by side and
      target (``RL:`` / ``RR:`` / ``UL:`` / ``UR:``), so "putin is a war criminal" and
      "ukraine is a war criminal" differ;
    * (char_wb n-grams are supported but off: they did not help on val, and cost time);
    * dense cues: VADER compound/pos/neg of the tweet and of the windows around Russia and
      Ukraine tokens, counts of a small pro-Kremlin and a small pro-Ukraine cue lexicon (overall
      and near a Russia token), counts of Russia and Ukraine tokens, length.
    One multinomial logistic regression over the L2-normalised, weighted blocks (tf-idf for the
    sparse blocks, z-scores for the dense block).

Protocol (:func:`train_stance_from_ruw`)
    Fit on ``raw_train``; choose ``C`` and ``class_weight`` on ``raw_val`` (macro-F1); refit on
    train with the chosen values; report on ``raw_test`` only. The featurisation in
    :data:`DEFAULT_PARAMS` was also chosen on val (the alternatives' val figures are in the
    model's ``model.json`` under ``selection``). The test file never informs a choice.

Results (shipped model, RUW Russia target; ``model.json`` has the details)
    val macro-F1 0.564 / accuracy 0.585; **test macro-F1 0.509 / accuracy 0.538**, against the
    TF-IDF LR baseline (C=32 on val) val 0.507 / 0.550, test 0.505 / 0.565. Val overstated the
    gain: on test the model is only level with the baseline, and short of the 0.57 goal.

Persistence
    ``model.json`` (parameters, provenance, scores) + ``weights.npz`` (coefficients, idf and
    scaling arrays, saved with :func:`numpy.savez_compressed`, read with ``allow_pickle=False``).
    No text from RUW is stored: only hashed feature weights (RUW's licence is not stated; the
    tweets stay where they are).

>>> import pandas as pd
>>> from analysis.scoring.stance_model import SklearnStance
>>> SklearnStance().predict(["Glory to Ukraine, Putin is a war criminal"], ["russia"])["stance"].tolist()
['against']
"""

from __future__ import annotations

import math
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..resources import shipped_path
from .base import require_columns
from .persist import (
    MODEL_JSON,
    WEIGHTS_NPZ,
    check_arrays,
    check_header,
    check_linear_blocks,
    load_validated,
    save_validated,
    sha256_file,
)
from .sklearn import _design, _hashers, _idf, _standardisation, _valence  # shared featurisation

__all__ = ["SklearnStance", "STANCE_LABELS", "RUW_LABELS", "DEFAULT_PARAMS", "MODEL_FORMAT",
           "MODEL_VERSION", "load_ruw", "featurize_stance", "train_stance", "save_stance_model",
           "load_stance_model", "train_stance_from_ruw", "evaluate_stance_ruw",
           "shipped_stance_model_path"]

MODEL_FORMAT = "electionlens.sklearn-stance"
MODEL_VERSION = 1
SHIPPED_MODEL = "stance-ruw-v1"
SCORER_NAME = "sklearn.stance.v1"
STANCE_LABELS = ("against", "neutral", "favor")
RUW_LABELS = {"AGAINST": "against", "FAVOR": "favor", "NONE": "neutral"}
RUW_FILES = {"train": "raw_train_Russia_Ukraine.csv", "val": "raw_val_Russia_Ukraine.csv",
             "test": "raw_test_Russia_Ukraine.csv"}
CREDITS = ("Trained on RUW, multi-target stance on the Russia-Ukraine war (tweets), "
           "https://github.com/multi-target/RUW (commit ecb2a45). Licence not stated; research "
           "use. Only hashed feature weights are shipped, never any tweet text.")

#: Featurisation and classifier parameters, chosen on RUW val (see ``selection`` in the shipped
#: model.json for the alternatives' val macro-F1). ``C`` and ``class_weight`` are re-tuned on val
#: by :func:`train_stance_from_ruw` over :data:`TUNING_GRID`.
DEFAULT_PARAMS: dict = {
    "word_ngrams": [1, 2],
    "window": 5,                    # tokens either side of a Russia/Ukraine token
    "target_windows": True,         # side- and target-prefixed window n-grams
    "split_hashtags": True,
    "negation_marking": True,
    "char_ngrams": [],              # char_wb n-grams of the tweet: off (val: see SELECTION)
    "n_features_word": 2 ** 18,
    "n_features_char": 2 ** 18,
    "sublinear_tf": True,
    "dense": True,                  # VADER + cue-lexicon + target counts
    "weight_word": 1.0,             # block weights after per-block L2 normalisation
    "weight_char": 0.3,
    "weight_dense": 0.3,
    "C": 1.0,
    "class_weight": "balanced",
    "max_iter": 3000,
    "tol": 1e-4,
    "min_coef": 1e-3,               # smaller coefficients are stored as 0 (model size)
}

#: The values of C and class_weight tried on val by :func:`train_stance_from_ruw`.
TUNING_GRID = {"C": [0.5, 1.0, 2.0], "class_weight": [None, "balanced"]}

#: Val macro-F1 of the featurisation alternatives tried while building DEFAULT_PARAMS (best over
#: C in 0.5-16 with class_weight="balanced"; RUW val, Russia target; measured once, recorded in
#: model.json). Char n-grams cost time and did not help on val, so they are off.
SELECTION_ON_VAL = {
    "chosen (word+target windows+dense, no char)": 0.5638,
    "+ char_wb 2-5 grams (weight 1.0)": 0.5440,
    "+ char_wb 2-5 grams (weight 0.5)": 0.5504,
    "+ char_wb 3-5 grams (weight 0.3)": 0.5629,
    "with char 2-5, without dense cues": 0.5309,
    "with char 2-5, without target windows": 0.5297,
    "dense weight 0.6": 0.5638,
    "window 3": 0.5535,
    "window 8": 0.5403,
    "without negation marking": 0.5592,
    "joint Russia x Ukraine 9-class LR, marginalised": 0.5248,
    "tfidf word 1-2 LR baseline": "see baseline",
}
#: The values of C tried on val for the TF-IDF baseline.
BASELINE_C = [4.0, 8.0, 16.0, 32.0, 64.0]  # 0.5-2 and 128 were lower on val

# -- reading RUW -------------------------------------------------------------------------------


def load_ruw(path: str | Path, target: str = "Russia") -> pd.DataFrame:
    """Read one RUW CSV (cp1252; undecodable bytes replaced) -> ``text, stance``.

    ``target`` picks the column pair whose ``Target`` value it is (``Russia`` = Target 1,
    ``Ukraine`` = Target 2); ``stance`` is against/neutral/favor. Raises ``FileNotFoundError`` or
    a ``ValueError`` naming what is wrong with the file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"RUW file not found: {path}")
    try:
        df = pd.read_csv(path, encoding="cp1252", encoding_errors="replace", dtype=str,
                         keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{path}: not a RUW CSV file ({exc})") from None
    need = ["Tweet", "Target 1", "Stance 1", "Target 2", "Stance 2"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: not a RUW file, missing column(s): {', '.join(missing)}")
    for i in (1, 2):
        if (df[f"Target {i}"].str.strip().str.lower() == target.lower()).all():
            col = f"Stance {i}"
            break
    else:
        raise ValueError(f"{path}: no target column holds only {target!r}")
    raw = df[col].str.strip().str.upper()
    bad = sorted(set(raw) - set(RUW_LABELS))
    if bad:
        raise ValueError(f"{path}: {col}: unknown stance label(s) {bad}")
    return pd.DataFrame({"text": df["Tweet"].astype(str).to_numpy(),
                         "stance": raw.map(RUW_LABELS).to_numpy()})


def _ruw_file(root: Path, split: str) -> Path:
    return root / RUW_FILES[split]


# -- tokenisation ------------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_USER = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_TOKEN = re.compile(r"#?[^\W_]+(?:['’][^\W_]+)*|[!?]+|[^\w\s]", re.UNICODE)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "without", "none", "nobody", "nothing",
                        "neither", "cannot", "hardly", "barely"})
_BREAKS = frozenset({".", ",", ";", ":", "!", "?", "(", ")", "—", "–", "-", '"', "“", "”",
                     "but", "however", "although", "though", "yet"})

# Surface forms that name the target (Russia) and the opposing side (Ukraine); matched on
# lowercased tokens, with the hashtag sign stripped and a trailing possessive 's removed.
RUSSIA_TOKENS = frozenset({
    "russia", "russian", "russians", "russias", "putin", "putins", "kremlin", "moscow",
    "wagner", "prigozhin", "lavrov", "shoigu", "medvedev", "peskov", "zakharova", "kadyrov",
    "gerasimov", "rf", "ru", "rus", "ruzzia", "ruzzian", "ruzzians", "russkies", "putler",
    "russiaukrainewar", "russianarmy", "russiaisaterroriststate", "russiaisaterrorisstate",
})
UKRAINE_TOKENS = frozenset({
    "ukraine", "ukrainian", "ukrainians", "ukraines", "zelensky", "zelenskyy", "zelenskiy",
    "zelenskyi", "kyiv", "kiev", "kharkiv", "kherson", "bakhmut", "odesa", "odessa", "donbas",
    "donbass", "crimea", "mariupol", "azov", "ua", "ukr", "slavaukraini", "standwithukraine",
})
# Small cue lexicons written for this model (not taken from RUW). Pro-Kremlin talking points and
# pro-Ukraine/anti-Kremlin ones; counted over the tweet and within the window of a Russia token.
PRO_RUSSIA_CUES = frozenset({
    "denazification", "denazify", "nazis", "nazi", "neonazi", "neonazis", "banderite",
    "banderites", "bandera", "biolabs", "biolab", "russophobia", "russophobic", "nato",
    "expansion", "provoked", "provocation", "proxy", "liberation", "liberated", "liberate",
    "smo", "operation", "multipolar", "globalists", "globalist", "neocons", "neocon", "junta",
    "kyiv regime", "kiev regime", "coup", "maidan", "donbass", "genocide", "cocaine",
    "zelenskyy's regime", "west", "western", "propaganda", "lost", "losing", "stalemate",
    "peace", "negotiate", "negotiations", "sanctions backfire", "strong", "winning", "victory",
})
PRO_UKRAINE_CUES = frozenset({
    "slava", "ukraini", "heroyam", "glory", "standwithukraine", "slavaukraini", "invasion",
    "invaded", "invader", "invaders", "occupiers", "occupier", "occupation", "occupied",
    "orcs", "orc", "ruzzia", "ruzzian", "putler", "terrorist", "terrorists", "terrorism",
    "war crimes", "war criminal", "criminal", "criminals", "genocidal", "atrocities",
    "atrocity", "murder", "murderer", "murderers", "killers", "dictator", "tyrant", "fascist",
    "fascists", "rashists", "rashist", "aggression", "aggressor", "illegal", "unprovoked",
    "brutal", "barbaric", "defend", "defending", "brave", "bravery", "heroes", "support",
})


def _split_hashtag(tag: str) -> list[str]:
    parts = _CAMEL.findall(tag)
    return [p.lower() for p in parts] if len(parts) > 1 else []


def _normalise_text(text: str, split_hashtags: bool) -> str:
    text = _URL.sub(" URL ", str(text))
    text = _USER.sub(" @USER ", text)
    if split_hashtags:
        text = _HASHTAG.sub(lambda m: " #" + m.group(1) + " "
                            + " ".join(_split_hashtag(m.group(1))) + " ", text)
    return text


def _tokens(text: str, split_hashtags: bool) -> list[str]:
    out = []
    for tok in _TOKEN.findall(_normalise_text(text, split_hashtags)):
        tok = tok.lower().replace("’", "'")
        if tok[0].isdigit() or (tok[0] == "#" and tok[1:2].isdigit()):
            tok = "<num>"
        out.append(tok)
    return out


def _base(tok: str) -> str:
    tok = tok.lstrip("#")
    return tok[:-2] if tok.endswith("'s") else tok


def _mark_negation(tokens: list[str]) -> list[str]:
    out, neg = [], False
    for tok in tokens:
        if tok in _BREAKS:
            neg = False
            out.append(tok)
        elif tok in _NEGATIONS or tok.endswith("n't"):
            neg = True
            out.append(tok)
        else:
            out.append("NEG_" + tok if neg else tok)
    return out


def _ngrams(tokens: list[str], orders, prefix: str) -> list[str]:
    feats = []
    for n in orders:
        for i in range(len(tokens) - n + 1):
            feats.append(prefix + " ".join(tokens[i:i + n]))
    return feats


DENSE_NAMES = (
    [f"vader_{b}_{k}" for b in ("tweet", "near_russia", "near_ukraine")
     for k in ("compound", "pos", "neg")]
    + ["pro_russia_cues", "pro_ukraine_cues", "pro_russia_cues_near", "pro_ukraine_cues_near",
       "n_russia", "n_ukraine", "has_russia", "has_ukraine", "log_len"]
)


def _cue_count(tokens: list[str], cues: frozenset) -> int:
    bases = [_base(t) for t in tokens]
    n = sum(b in cues for b in bases)
    n += sum(f"{a} {b}" in cues for a, b in zip(bases, bases[1:]))
    return n


def _row_features(text: str, p: dict):
    toks = _tokens(text, p["split_hashtags"])
    feats_toks = _mark_negation(toks) if p["negation_marking"] else toks
    orders = list(p["word_ngrams"])
    feats = _ngrams(feats_toks, orders, "")
    w = int(p["window"])
    bases = [_base(t) for t in toks]
    r_idx = [i for i, b in enumerate(bases) if b in RUSSIA_TOKENS]
    u_idx = [i for i, b in enumerate(bases) if b in UKRAINE_TOKENS]
    near_r: set[int] = set()
    near_u: set[int] = set()
    for idx, near, tag in ((r_idx, near_r, "R"), (u_idx, near_u, "U")):
        for i in idx:
            lo, hi = max(0, i - w), min(len(toks), i + 1 + w)
            near.update(j for j in range(lo, hi) if j != i)
            if p["target_windows"]:
                feats += _ngrams(feats_toks[lo:i] + ["<T>"], orders, f"{tag}L:")
                feats += _ngrams(["<T>"] + feats_toks[i + 1:hi], orders, f"{tag}R:")
    dense = None
    if p["dense"]:
        # VADER on the original text (it reads case, punctuation and emoticons)
        raw_words = str(text).split()
        dense = list(_valence(str(text)))
        for near in (near_r, near_u):
            dense += _valence(" ".join(toks[j] for j in sorted(near)))
        near_toks = [toks[j] for j in sorted(near_r)]
        dense += [_cue_count(toks, PRO_RUSSIA_CUES), _cue_count(toks, PRO_UKRAINE_CUES),
                  _cue_count(near_toks, PRO_RUSSIA_CUES), _cue_count(near_toks, PRO_UKRAINE_CUES),
                  len(r_idx), len(u_idx), float(bool(r_idx)), float(bool(u_idx)),
                  math.log1p(len(raw_words))]
    char_text = " ".join(toks)
    return feats, char_text, dense


# -- vectorisation -----------------------------------------------------------------------------


def featurize_stance(texts, params: dict | None = None) -> dict:
    """Raw feature blocks for ``texts``: ``{"word": csr, "char": csr | None, "dense": ndarray |
    None}`` (unweighted counts; :func:`_design` applies the fitted idf and scaling)."""
    p = {**DEFAULT_PARAMS, **(params or {})}
    rows = [_row_features(t, p) for t in texts]
    word_h, char_h = _hashers(p)
    word = word_h.transform([r[0] for r in rows]).tocsr() if rows else \
        sp.csr_matrix((0, int(p["n_features_word"])))
    char = None
    if char_h is not None:
        char = char_h.transform([r[1] for r in rows]).tocsr()
    dense = None
    if p["dense"]:
        dense = np.asarray([r[2] for r in rows], dtype=np.float64).reshape(len(rows),
                                                                           len(DENSE_NAMES))
    return {"word": word, "char": char, "dense": dense}


def _fit_arrays(blocks: dict) -> dict:
    arrays = {"idf_word": _idf(blocks["word"]),
              "idf_char": _idf(blocks["char"]) if blocks["char"] is not None
              else np.ones(0, np.float32)}
    arrays["dense_mean"], arrays["dense_scale"] = _standardisation(blocks["dense"])
    return arrays


# -- training ----------------------------------------------------------------------------------

_FEATURIZATION_KEYS = ("word_ngrams", "window", "target_windows", "split_hashtags",
                       "negation_marking", "char_ngrams", "n_features_word", "n_features_char",
                       "sublinear_tf", "dense", "weight_word", "weight_char", "weight_dense")
_CLASSIFIER_KEYS = ("C", "class_weight", "max_iter", "tol", "min_coef")


def _fit_lr(X, y, p: dict, seed: int):
    """Multinomial LR (lbfgs) -> ``(classes, coef over all X columns, intercept)``.

    Fitted on the columns that occur in ``X`` only: hashed columns that never occur get a zero
    gradient and stay exactly 0 under L2, so this changes nothing but the time. One thread:
    on a busy 2-core machine OpenMP oversubscription made the same fit ~5x slower.
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    used = np.unique(X.indices)
    clf = LogisticRegression(C=float(p["C"]), class_weight=p["class_weight"],
                             max_iter=int(p["max_iter"]), tol=float(p["tol"]),
                             random_state=seed, solver="lbfgs")
    with threadpool_limits(limits=1):
        clf.fit(X[:, used], y)
    coef = np.zeros((clf.coef_.shape[0], X.shape[1]), dtype=np.float64)
    coef[:, used] = clf.coef_
    return list(clf.classes_), coef, clf.intercept_


def _predict_proba(model: dict, texts) -> np.ndarray:
    p = model["metadata"]["featurization"]
    arrays = model["arrays"]
    X = _design(featurize_stance(texts, p), arrays, p)
    logits = X @ arrays["coef"].T.astype(np.float64) + arrays["intercept"].astype(np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    prob = np.exp(logits)
    prob /= prob.sum(axis=1, keepdims=True)
    return prob


def _predict_labels(model: dict, texts) -> np.ndarray:
    prob = _predict_proba(model, texts)
    return np.asarray(model["metadata"]["labels"], dtype=object)[prob.argmax(axis=1)]


def _quick_scores(gold, pred) -> dict:
    from sklearn.metrics import accuracy_score, f1_score
    return {"n": int(len(gold)),
            "macro_f1": float(f1_score(gold, pred, average="macro", labels=list(STANCE_LABELS),
                                       zero_division=0)),
            "accuracy": float(accuracy_score(gold, pred))}


def train_stance(train: pd.DataFrame, *, seed: int = 13, blocks: dict | None = None,
                 **params) -> dict:
    """Fit the stance classifier on ``train`` (``text, stance``).

    ``params`` override :data:`DEFAULT_PARAMS`; ``blocks`` reuses a :func:`featurize_stance`
    result for ``train`` made with the same featurisation. Out: ``{"metadata", "arrays"}``
    (see :func:`save_stance_model`). Deterministic for the same rows, params and seed.
    """
    require_columns(train, ["text", "stance"], "train_stance")
    p = {**DEFAULT_PARAMS, **params}
    y = train["stance"].to_numpy(dtype=object)
    bad = sorted(set(y) - set(STANCE_LABELS))
    if bad:
        raise ValueError(f"train_stance: unknown stance label(s) {bad}")
    t0 = time.perf_counter()
    if blocks is None:
        blocks = featurize_stance(train["text"].tolist(), p)
    arrays = _fit_arrays(blocks)
    X = _design(blocks, arrays, p)  # with the float32 arrays, exactly as at load time
    classes, coef, intercept = _fit_lr(X, y, p, seed)
    if set(classes) != set(STANCE_LABELS):
        raise ValueError(f"train_stance: training data lacks a label; has {classes}")
    order = [classes.index(lab) for lab in STANCE_LABELS]
    coef = coef[order].astype(np.float32)
    coef[np.abs(coef) < float(p["min_coef"])] = 0.0
    arrays["coef"] = coef
    arrays["intercept"] = intercept[order].astype(np.float32)
    import sklearn
    counts = pd.Series(y).value_counts()
    metadata = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "name": SCORER_NAME,
        "task": "stance",
        "target": "russia",
        "labels": list(STANCE_LABELS),
        "featurization": {k: p[k] for k in _FEATURIZATION_KEYS},
        "dense_features": list(DENSE_NAMES) if p["dense"] else [],
        "n_features": int(X.shape[1]),
        "params": {**{k: p[k] for k in _CLASSIFIER_KEYS}, "solver": "lbfgs",
                   "multi_class": "multinomial", "seed": seed},
        "training": {"n_rows": int(len(train)),
                     "label_counts": {lab: int(counts.get(lab, 0)) for lab in STANCE_LABELS},
                     "seed": seed, "seconds": round(time.perf_counter() - t0, 1)},
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "credits": CREDITS,
    }
    return {"metadata": metadata, "arrays": arrays}


def _baseline(train: pd.DataFrame, val: pd.DataFrame, test: pd.DataFrame | None, seed: int):
    """Plain TF-IDF (word 1-2 grams) + LogisticRegression; C chosen on val macro-F1.

    Returns ``(C, val_scores_by_C, predict)`` where ``predict(texts)`` gives labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2))
    Xtr = vec.fit_transform(train["text"])
    Xva = vec.transform(val["text"])
    ytr = train["stance"].to_numpy(dtype=object)
    tried = {}
    best = None
    for c in BASELINE_C:
        clf = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(Xtr, ytr)
        s = _quick_scores(val["stance"].to_numpy(dtype=object), clf.predict(Xva))
        tried[str(c)] = s["macro_f1"]
        if best is None or s["macro_f1"] > best[1]:
            best = (c, s["macro_f1"], clf)
    c, _, clf = best
    return c, tried, lambda texts: clf.predict(vec.transform(list(texts)))


def _tune(train: pd.DataFrame, val: pd.DataFrame, seed: int, **params):
    """Choose C and class_weight on val macro-F1 (ties: first in grid order)."""
    p = {**DEFAULT_PARAMS, **params}
    blocks = featurize_stance(train["text"].tolist(), p)
    val_gold = val["stance"].to_numpy(dtype=object)
    tried, best = [], None
    for cw in TUNING_GRID["class_weight"]:
        for c in TUNING_GRID["C"]:
            model = train_stance(train, seed=seed, blocks=blocks, **{**p, "C": c,
                                                                     "class_weight": cw})
            s = _quick_scores(val_gold, _predict_labels(model, val["text"].tolist()))
            tried.append({"C": c, "class_weight": cw, "val_macro_f1": s["macro_f1"]})
            if best is None or s["macro_f1"] > best[0]:
                best = (s["macro_f1"], model)
    return best[1], tried


def train_stance_from_ruw(ruw_dir: str | Path, out_dir: str | Path, *, seed: int = 13,
                          selection: dict | None = SELECTION_ON_VAL) -> Path:
    """The whole protocol on RUW (Russia target): fit on train, tune ``C`` and
    ``class_weight`` on val, report val and test scores (test reported only), and the TF-IDF
    baseline (C tuned on val) on both; write the model to ``out_dir`` and return it.

    ``selection`` (optional) is recorded as is under ``selection`` in ``model.json``: the val
    figures of the featurisation alternatives that led to :data:`DEFAULT_PARAMS`.
    """
    root = Path(ruw_dir)
    files = {k: _ruw_file(root, k) for k in RUW_FILES}
    for k, f in files.items():
        if not f.is_file():
            raise FileNotFoundError(f"RUW {k} file not found: {f}")
    t0 = time.perf_counter()
    train, val, test = (load_ruw(files[k]) for k in ("train", "val", "test"))
    model, tried = _tune(train, val, seed)
    meta = model["metadata"]
    base_c, base_tried, base_predict = _baseline(train, val, test, seed)
    gold = {"val": val, "test": test}
    meta["val_scores"] = _quick_scores(val["stance"].to_numpy(dtype=object),
                                       _predict_labels(model, val["text"].tolist()))
    meta["test_scores"] = _quick_scores(test["stance"].to_numpy(dtype=object),
                                        _predict_labels(model, test["text"].tolist()))
    meta["baseline"] = {
        "description": "TfidfVectorizer(word 1-2 grams) + LogisticRegression, C tuned on val",
        "C": base_c, "val_macro_f1_by_C": base_tried,
        **{f"{k}_scores": _quick_scores(df["stance"].to_numpy(dtype=object),
                                        base_predict(df["text"])) for k, df in gold.items()},
    }
    meta["tuning"] = {"grid": TUNING_GRID, "val_macro_f1": tried,
                      "chosen": {"C": meta["params"]["C"],
                                 "class_weight": meta["params"]["class_weight"]}}
    if selection:
        meta["selection"] = selection
    meta["training"] = {
        "dataset": "RUW (multi-target/RUW), target 1 = Russia",
        "files": {k: f.name for k, f in files.items()},
        "sha256": {k: sha256_file(f) for k, f in files.items()},
        "counts": {k: {"n": int(len(df)), **{lab: int((df["stance"] == lab).sum())
                                             for lab in STANCE_LABELS}}
                   for k, df in (("train", train), ("val", val), ("test", test))},
        "protocol": "fit on train; C and class_weight chosen on val macro-F1; test reported "
                    "only",
        **{k: v for k, v in meta["training"].items() if k != "seconds"},
        "seconds_total": round(time.perf_counter() - t0, 1),
    }
    meta["text_included"] = False
    meta["note"] = ("Measures stance toward Russia in an author's own voice (trained on tweets). "
                    "Applied to other targets it returns neutral with confidence 0. Only hashed "
                    "feature weights are stored: no RUW text (licence not stated; research use).")
    meta["created"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    return save_stance_model(model, out_dir)


# -- persistence -------------------------------------------------------------------------------

_REQUIRED_KEYS = ("format", "version", "name", "labels", "featurization", "dense_features",
                  "n_features", "params", "training", "credits")
_ARRAYS = ("coef", "intercept", "idf_word", "idf_char", "dense_mean", "dense_scale")


_KIND = "sklearn stance model"  # prefix of validation errors


def _fail(file: Path, problem: str):
    raise ValueError(f"{_KIND}: {file}: {problem}")


def _validate(meta, arrays: dict, where: Path) -> None:
    js, npz = where / MODEL_JSON, where / WEIGHTS_NPZ
    check_header(meta, js, _KIND, required=_REQUIRED_KEYS, fmt=MODEL_FORMAT,
                 version=MODEL_VERSION)
    if meta["labels"] != list(STANCE_LABELS):
        _fail(js, f"labels must be {list(STANCE_LABELS)}, got {meta['labels']!r}")
    f = meta["featurization"]
    if list(meta["dense_features"]) not in ([], list(DENSE_NAMES)):
        _fail(js, "dense_features do not match this code's dense features")
    if isinstance(f, dict) and bool(f.get("dense")) != bool(meta["dense_features"]):
        _fail(js, "featurization.dense disagrees with dense_features")
    check_arrays(arrays, npz, _KIND, _ARRAYS, exact=True)
    check_linear_blocks(meta, arrays, js, npz, _KIND, n_labels=len(STANCE_LABELS),
                        featurization_keys=_FEATURIZATION_KEYS)


def save_stance_model(model: dict, out_dir: str | Path) -> Path:
    """Write ``model.json`` + ``weights.npz`` into ``out_dir`` (created); returns ``out_dir``."""
    return save_validated(model, out_dir, _validate, _ARRAYS)


def load_stance_model(path: str | Path) -> dict:
    """Read and validate a model directory written by :func:`save_stance_model`.

    Raises ``ValueError`` naming the file and the problem (missing file, bad JSON, unknown
    format or version, missing key, wrong array name/shape/dtype). Never unpickles.
    """
    return load_validated(path, _KIND, _validate)


def shipped_stance_model_path() -> Path:
    """The directory of the shipped model (``analysis/resources/models/stance-ruw-v1``)."""
    return shipped_path("models", SHIPPED_MODEL)


# -- the scorer --------------------------------------------------------------------------------


class SklearnStance:
    """Stance toward Russia (against/neutral/favor) of a text in its author's own voice.

    ``model_path``: a directory written by :func:`save_stance_model`; ``None`` = the shipped
    ``stance-ruw-v1``. The model loads on first use. Targets other than ``russia`` get
    ``neutral`` with score 0 and confidence 0 (the model knows no other target).
    """

    name = SCORER_NAME
    task = "stance"
    target_blocs = ("russia",)

    def __init__(self, model_path: str | Path | None = None):
        self.model_path = model_path

    def _model(self) -> dict:
        if getattr(self, "_model_", None) is None:
            path = shipped_stance_model_path() if self.model_path is None \
                else Path(self.model_path)
            self._model_ = load_stance_model(path)
        return self._model_

    @property
    def metadata(self) -> dict:
        """The model's ``model.json`` (loads the model)."""
        return self._model()["metadata"]

    def predict(self, texts, targets=None) -> pd.DataFrame:
        """``texts`` (and per-text ``targets``, a bloc name or one name for all; default
        ``russia``) -> ``stance, score (P(favor) - P(against)), confidence (max probability)``.
        Rows whose target is not ``russia`` are ``neutral, 0.0, 0.0``."""
        texts = ["" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t)
                 for t in texts]
        n = len(texts)
        if targets is None or isinstance(targets, str):
            targets = [targets or "russia"] * n
        targets = [str(t).lower() if t is not None else "" for t in targets]
        if len(targets) != n:
            raise ValueError(f"predict: {n} texts but {len(targets)} targets")
        stance = np.full(n, "neutral", dtype=object)
        score = np.zeros(n, dtype="float64")
        conf = np.zeros(n, dtype="float64")
        ok = np.array([t in self.target_blocs for t in targets], dtype=bool)
        if ok.any():
            model = self._model()
            labels = model["metadata"]["labels"]
            prob = _predict_proba(model, [t for t, k in zip(texts, ok) if k])
            stance[ok] = np.asarray(labels, dtype=object)[prob.argmax(axis=1)]
            score[ok] = np.clip(prob[:, labels.index("favor")] - prob[:, labels.index("against")],
                                -1.0, 1.0)
            conf[ok] = prob.max(axis=1)
        return pd.DataFrame({"stance": pd.Series(stance, dtype="object"), "score": score,
                             "confidence": conf})

    def score(self, claims: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
        """A copy of ``claims`` (needs ``quote`` and ``target_bloc``) with ``stance``,
        ``score`` and ``scorer`` filled. ``sentences`` is unused (the quote is the text)."""
        require_columns(claims, ["quote", "target_bloc"], "SklearnStance.score")
        out = claims.copy()
        pred = self.predict(out["quote"].tolist(), out["target_bloc"].tolist())
        out["stance"] = pred["stance"].to_numpy(dtype=object)
        out["score"] = pred["score"].to_numpy(dtype="float64")
        out["scorer"] = self.name
        return out


# -- evaluation --------------------------------------------------------------------------------


def evaluate_stance_ruw(ruw_dir_or_test_file: str | Path, scorer=None, **metric_params) -> dict:
    """Score a RUW file (a directory = its test file) toward Russia with ``scorer`` (a
    :class:`SklearnStance` or another scorer with its ``predict(texts, targets)``, a registered
    scorer name, a model directory, or ``None`` = the shipped model).

    Returns :func:`analysis.evaluate.classification_metrics` over against/neutral/favor plus
    ``file``, ``scorer`` and ``baseline``: the same metrics for TF-IDF (word 1-2 grams) + LR fit
    on the train file beside it with C tuned on the val file (absent when they are missing).
    """
    from ..evaluate import classification_metrics, fitted_on_warning

    path = Path(ruw_dir_or_test_file)
    test_file = _ruw_file(path, "test") if path.is_dir() else path
    from .base import get_scorer, list_scorers

    if isinstance(scorer, str) and scorer in set(list_scorers()["name"]):
        scorer = get_scorer(scorer)
    elif scorer is None or isinstance(scorer, (str, Path)):
        scorer = SklearnStance(scorer)
    if not callable(getattr(scorer, "predict", None)):
        raise ValueError(f"evaluate stance: {scorer.name} judges claims in articles; RUW's "
                         "tweets are the author's voice, which sklearn.stance.v1 (or a model of "
                         "`electionlens train stance`, model_path=DIR) judges")
    gold = load_ruw(test_file)
    pred = scorer.predict(gold["text"].tolist(), ["russia"] * len(gold))
    labels = STANCE_LABELS
    metrics = classification_metrics(gold["stance"].tolist(), pred["stance"].tolist(),
                                     labels=labels, **metric_params)
    out = {"file": str(test_file), "scorer": scorer.name, **metrics,
           **fitted_on_warning(scorer, test_file)}
    train_f, val_f = _ruw_file(test_file.parent, "train"), _ruw_file(test_file.parent, "val")
    # no baseline fit (or tuned) on the file it is scored on: it read 0.999 on the train file
    if train_f.is_file() and val_f.is_file() and \
            test_file.resolve() not in (train_f.resolve(), val_f.resolve()):
        c, _, predict = _baseline(load_ruw(train_f), load_ruw(val_f), None, 13)
        out["baseline"] = {"scorer": "tfidf-word12-lr", "C": c,
                           **classification_metrics(gold["stance"].tolist(),
                                                    list(predict(gold["text"])),
                                                    labels=labels, **metric_params)}
    else:
        out["baseline"] = None
    return out
