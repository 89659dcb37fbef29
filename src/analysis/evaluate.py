"""Gold-set loaders and metrics: how good are the scorers, with uncertainty.

NewsMTSC (Hamborg & Donnay, EACL 2021; MIT licence) is the reference for target-dependent
sentiment in news. Its Hugging Face-style files (``hf-rw``, ``hf-mt``) hold one target per line:
``{"sentence", "mention", "from", "to", "polarity" (-1/0/1), "id"}``. Protocol: fit on
``hf-rw/train.jsonl``, tune on ``hf-rw/dev.jsonl`` and ``hf-mt/dev.jsonl``, report on the
``test.jsonl`` files, never the reverse.

Attribution and stance have no public gold set of this shape; :func:`evaluate_claims` scores
the kit's own (``tests/data/stance_gold.jsonl``, 154 items) or one a researcher annotates in its
format to check the claims on their corpus.
"""

from __future__ import annotations

import json
import numbers
from pathlib import Path

import numpy as np
import pandas as pd

from ._checks import is_copy, require_columns, require_same_ids, require_unique

__all__ = [
    "POLARITY_LABELS", "load_newsmtsc", "newsmtsc_tables", "classification_metrics",
    "evaluate_sentiment", "format_metrics", "load_claims_gold", "evaluate_claims",
    "STANCE_LABELS", "audit_sample", "read_audit_codes", "coder_agreement",
]

POLARITY_LABELS = {-1: "negative", 0: "neutral", 1: "positive"}
STANCE_LABELS = ("against", "neutral", "favor")


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
    for n, line in enumerate(_gold_lines(path), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            sentence, mention = item["sentence"], item["mention"]
            start, end, polarity = int(item["from"]), int(item["to"]), float(item["polarity"])
            if not (isinstance(sentence, str) and isinstance(mention, str)):
                raise TypeError("sentence and mention must be text")
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: line {n}: not a NewsMTSC record ({exc})") from None
        if isinstance(item["polarity"], bool) or not polarity.is_integer():
            # int(0.7) was 0, neutral; True was 1, positive
            raise ValueError(f"{path}: line {n}: polarity {item['polarity']!r} is not -1, 0 or 1")
        polarity = int(polarity)
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


def _gold_lines(path: Path) -> list[str]:
    """The lines of a gold file, or an error naming the file and the line it cannot read."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValueError(f"{path}: line {line}: not UTF-8 text (byte {data[exc.start]:#x}); save "
                         "the file as UTF-8") from None


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


def _macro_f1_from_confusion(cm: np.ndarray) -> float:
    """Macro-F1 of a square confusion matrix whose last row and column are "unscored" (see
    :func:`_pad`): the mean F1 of the labels that occur in the gold or the predictions, as
    scikit-learn's default. A label predicted but never gold has F1 0 and counts (averaging
    over the gold labels alone left it out, so a wrong prediction of an absent class, common in
    small audit samples and bootstrap resamples, raised the score)."""
    tp = np.diag(cm)[:-1].astype(float)
    pred = cm.sum(axis=0)[:-1].astype(float)
    true = cm.sum(axis=1)[:-1].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(pred + true > 0, 2 * tp / (pred + true), 0.0)
    present = pred + true > 0
    return float(f1[present].mean()) if present.any() else float("nan")


def classification_metrics(y_true, y_pred, *, labels=("negative", "neutral", "positive"),
                           n_boot: int = 1000, ci: float = 0.95, seed: int = 13) -> dict:
    """Accuracy, macro-F1 (with a bootstrap CI), per-class report and confusion matrix.

    A missing prediction (None, e.g. a language the scorer cannot score) counts as wrong and is
    reported as ``n_unscored``. The CI resamples gold items with replacement ``n_boot`` times
    (percentile interval, fixed seed).

    >>> m = classification_metrics(["negative", "positive", "neutral", "neutral"],
    ...                            ["negative", "positive", "neutral", "positive"], n_boot=200)
    >>> m["accuracy"], round(m["macro_f1"], 3), m["confusion"]["matrix"][2]
    (0.75, 0.778, [0, 0, 1])
    """
    labels = list(labels)
    y_true, y_pred = list(y_true), list(y_pred)
    if not isinstance(n_boot, numbers.Integral) or isinstance(n_boot, bool) or n_boot < 1:
        raise ValueError(f"classification_metrics: n_boot must be a whole number of at least 1, "
                         f"got {n_boot!r}")
    if not isinstance(ci, numbers.Real) or not 0 < ci < 1:
        raise ValueError(f"classification_metrics: ci must be between 0 and 1 (0.95 for 95%), "
                         f"got {ci!r}")
    if len(y_true) != len(y_pred):
        raise ValueError(f"classification_metrics: {len(y_true)} gold labels but "
                         f"{len(y_pred)} predictions")
    index = {lab: i for i, lab in enumerate(labels)}
    t = np.array([index.get(y, -1) for y in y_true])
    if (t < 0).any():
        bad = sorted({str(y) for y in y_true if y not in index})
        raise ValueError(f"gold labels {bad} are not among {labels}")
    p = np.array([index.get(y, len(labels)) for y in y_pred])  # unknown/None -> extra column
    k = len(labels) + 1
    n = len(t)
    if n == 0:
        raise ValueError("no gold items to evaluate")
    cm_full = np.bincount(t * k + p, minlength=len(labels) * k).reshape(len(labels), k)
    cm = cm_full[:, : len(labels)]
    macro = _macro_f1_from_confusion(_pad(cm_full))
    rng = np.random.default_rng(seed)
    boots = np.empty(n_boot)
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        cmb = np.bincount(t[idx] * k + p[idx], minlength=len(labels) * k).reshape(len(labels), k)
        boots[b] = _macro_f1_from_confusion(_pad(cmb))
    alpha = (1 - ci) / 2
    per_class = {}
    for i, lab in enumerate(labels):
        tp = int(cm[i, i])
        pred = int(cm[:, i].sum())
        support = int(cm_full[i].sum())
        precision = tp / pred if pred else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[lab] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    return {
        "n": int(n),
        "n_unscored": int(cm_full[:, -1].sum()),
        "accuracy": float(np.trace(cm) / n),
        "macro_f1": macro,
        "macro_f1_ci": [float(np.quantile(boots, alpha)), float(np.quantile(boots, 1 - alpha))],
        "ci_level": float(ci), "n_boot": int(n_boot), "seed": seed,
        "per_class": per_class,
        "confusion": {"labels": labels, "matrix": cm.astype(int).tolist(),
                      "note": "rows = gold, columns = predicted"},
    }


def _pad(cm_full: np.ndarray) -> np.ndarray:
    """Square confusion matrix whose extra 'unscored' column counts as a wrong prediction."""
    n_labels = cm_full.shape[0]
    square = np.zeros((n_labels + 1, n_labels + 1), dtype=cm_full.dtype)
    square[:n_labels, :] = cm_full
    return square


def evaluate_sentiment(path: str | Path, scorer=None, **metric_params) -> dict:
    """Score a NewsMTSC file with ``scorer`` (a name or a scorer; default: the shipped default)
    and return :func:`classification_metrics` plus ``file`` and ``scorer``."""
    from .scoring import DEFAULT_SENTIMENT_SCORER, scorer_for

    if scorer is None or isinstance(scorer, str):
        scorer = scorer_for("sentiment", scorer or DEFAULT_SENTIMENT_SCORER)
    gold = load_newsmtsc(path)
    pred = scorer.score(*newsmtsc_tables(gold))
    if len(pred) != len(gold):
        raise RuntimeError(f"{scorer.name} returned {len(pred)} rows for {len(gold)} targets")
    metrics = classification_metrics(gold["label"].tolist(), pred["label"].tolist(), **metric_params)
    return {"file": str(path), "scorer": scorer.name, **metrics,
            **fitted_on_warning(scorer, path)}


def fitted_on_warning(scorer, path: str | Path) -> dict:
    """``{"warning": ...}`` when ``scorer``'s model was fit or tuned on the file at ``path`` (its
    metadata holds the file's SHA-256): such figures are no test. ``{}`` otherwise."""
    from .pipeline import _sha256

    try:
        training = (getattr(scorer, "metadata", None) or {}).get("training") or {}
    except (OSError, ValueError):   # a scorer whose model cannot be read has no metadata
        return {}
    recorded = training.get("sha256")
    recorded = {"train": recorded} if isinstance(recorded, str) else recorded or {}
    digest = _sha256(Path(path))
    split = next((k for k, v in recorded.items() if v == digest and k != "test"), None)
    return {"warning": f"the model was fit on this file (its {split} split): these figures "
                       "measure fit, not accuracy on unseen text"} if split else {}


def format_metrics(metrics: dict) -> str:
    """A plain-text report of :func:`classification_metrics` output."""
    lines = [*([f"WARNING: {metrics['warning']}", ""] if metrics.get("warning") else []),
             f"{metrics.get('scorer', '')} on {metrics.get('file', '')}".strip(),
             f"n = {metrics['n']} (unscored {metrics['n_unscored']})",
             f"accuracy = {metrics['accuracy']:.3f}",
             f"macro-F1 = {metrics['macro_f1']:.3f} "
             f"({metrics.get('ci_level', 0.95):.0%} CI {metrics['macro_f1_ci'][0]:.3f}-"
             f"{metrics['macro_f1_ci'][1]:.3f})",
             "", f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for lab, r in metrics["per_class"].items():
        lines.append(f"{lab:<10} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f} "
                     f"{r['support']:>8}")
    labels = metrics["confusion"]["labels"]
    lines += ["", "confusion (rows gold, columns predicted): " + " ".join(labels)]
    for lab, row in zip(labels, metrics["confusion"]["matrix"]):
        lines.append(f"{lab:<10} " + " ".join(f"{v:>8}" for v in row))
    return "\n".join(lines)


def load_claims_gold(path: str | Path) -> list[dict]:
    """Read an attribution-and-stance gold file: JSONL, one text per line,
    ``{"id", "lang" (en/fr), "text", "claims": [{"speaker", "speaker_actor" (registry id or
    null), "target_actor", "stance" (against/neutral/favor)}, ...]}``; the speaker of the
    article's own voice is "author". Errors name the file and line."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"gold file not found: {path}")
    items, seen = [], {}
    for n, line in enumerate(_gold_lines(path), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text, claims = item["text"], item["claims"]
            if not isinstance(text, str) or not isinstance(claims, list):
                raise TypeError("'text' must be a string and 'claims' a list")
            for c in claims:
                if c["stance"] not in STANCE_LABELS:
                    raise ValueError(f"stance {c['stance']!r} is not one of {STANCE_LABELS}")
                c["speaker"], c["target_actor"]  # noqa: B018 - required keys
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            what = f"missing key {exc}" if isinstance(exc, KeyError) else exc
            raise ValueError(f"{path}: line {n}: not a gold item ({what})") from None
        key = str(item.get("id", n))
        if key in seen:   # texts are matched to their claims by id: two mixed their scores
            raise ValueError(f"{path}: line {n}: id {key!r} is already the id of line "
                             f"{seen[key]}; every item needs its own id")
        seen[key] = n
        items.append({"id": key, "lang": item.get("lang") or "en", "text": text,
                      "claims": claims})
    if not items:
        raise ValueError(f"{path}: no gold items")
    return items


def evaluate_claims(path: str | Path, *, scorer: str | object = "lexicon.stance.v1",
                    registry=None, n_boot: int = 1000) -> dict:
    """Run attribution and stance (:func:`analysis.attribution.extract_claims`) on the texts of
    a gold file (:func:`load_claims_gold`) and compare, per gold claim: the system claim about
    the same target whose speaker matches (same registry actor when both have one, else the
    same words), else any claim about that target (its speaker is then wrong), else none.

    Out: ``speaker_accuracy`` (gold claims whose speaker was found), the stance metrics of
    :func:`classification_metrics` over gold claims (a target without a claim counts as
    unscored, hence wrong), ``errors`` (each wrong gold claim with what came out) and ``file``,
    ``scorer``.
    """
    from .actors import ActorRegistry, detect_mentions
    from .attribution import extract_claims
    from .text import segment_sentences

    items = load_claims_gold(path)
    registry = registry or ActorRegistry.default()
    articles = pd.DataFrame({"article_id": [it["id"] for it in items],
                             "text": [it["text"] for it in items],
                             "language": [it["lang"] for it in items]})
    sentences = segment_sentences(articles)
    mentions = detect_mentions(articles, registry, sentences=sentences)
    claims = extract_claims(articles, mentions, sentences, registry=registry, scorer=scorer)
    by_article: dict[str, list[dict]] = {}
    for rec in claims.to_dict("records"):
        by_article.setdefault(rec["article_id"], []).append(rec)

    def same_speaker(gold: dict, got: dict) -> bool:
        if gold.get("speaker_actor") and got["speaker_actor"]:
            return gold["speaker_actor"] == got["speaker_actor"]
        return gold["speaker"] == got["speaker"]

    gold_stances, predicted, right, errors = [], [], 0, []
    for it in items:
        for g in it["claims"]:
            about = [c for c in by_article.get(it["id"], []) if c["target_actor"] == g["target_actor"]]
            got = next((c for c in about if same_speaker(g, c)), about[0] if about else None)
            ok = got is not None and same_speaker(g, got)
            right += ok
            gold_stances.append(g["stance"])
            predicted.append(got["stance"] if got is not None else None)
            if not ok or got["stance"] != g["stance"]:
                errors.append({"id": it["id"], "target_actor": g["target_actor"],
                               "gold_speaker": g["speaker"], "gold_stance": g["stance"],
                               "speaker": got["speaker"] if got else None,
                               "stance": got["stance"] if got else None, "text": it["text"]})
    metrics = classification_metrics(gold_stances, predicted, labels=STANCE_LABELS,
                                     n_boot=n_boot)
    name = scorer if isinstance(scorer, str) else getattr(scorer, "name", type(scorer).__name__)
    return {"file": str(path), "scorer": name, "n_items": len(items),
            "speaker_accuracy": right / len(gold_stances) if gold_stances else float("nan"),
            **metrics, "errors": errors}


# --------------------------------------------------------------------------------------------
# Auditing a corpus's scores with human coders (notebook 06)
# --------------------------------------------------------------------------------------------

#: The columns that tie a coded row to the (sentence, actor) it is about.
AUDIT_KEY_COLUMNS = ["audit_id", "article_id", "sentence_id", "actor"]


def audit_sample(sentiment: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame,
                 articles: pd.DataFrame, *, per_cell: int = 4, seed: int = 13) -> pd.DataFrame:
    """A stratified random sample of the scored (sentence, actor) rows, for human coders.

    Strata are (bloc, scorer label); ``per_cell`` rows are drawn from each with ``seed``, so the
    same tables (in any row order) and seed give the same sample, and the rows are shuffled so
    coders see a mixed order. Wire copies and unscored rows (other languages) are left out. Returns the sample
    with ``audit_id`` (a0000...), the sentence ``text``, the actor's ``surface``, ``outlet``,
    ``language`` and the scorer's ``label``/``score``; ``attrs["strata"]`` holds each stratum's
    size and how many were drawn (weight by size to estimate corpus-wide figures).
    """
    func = "audit_sample"
    key = ["article_id", "sentence_id", "actor"]
    require_columns(sentiment, [*key, "bloc", "label", "score"], func, "sentiment")
    require_columns(mentions, [*key, "start", "surface"], func, "mentions")
    require_columns(sentences, ["article_id", "sentence_id", "text"], func, "sentences")
    require_columns(articles, ["article_id", "outlet", "language", "duplicate_of"], func,
                    "articles")
    if isinstance(per_cell, bool) or not isinstance(per_cell, int | np.integer) or per_cell < 1:
        raise ValueError(f"{func}: per_cell must be a whole number >= 1, got {per_cell!r}")
    require_same_ids(func, sentiment=sentiment, mentions=mentions, sentences=sentences,
                     articles=articles)
    require_unique(sentences, ["article_id", "sentence_id"], func, "sentences")
    require_unique(articles, ["article_id"], func, "articles")
    originals = articles.loc[~is_copy(articles["duplicate_of"]), ["article_id", "outlet", "language"]]
    first_mention = mentions.sort_values([*key, "start"]).drop_duplicates(key)[[*key, "surface"]]
    # in the order of the rows' keys, not of the tables: the same tables in any row order draw
    # the same sample
    pool = (sentiment.dropna(subset=["label"])
            .sort_values(key, key=lambda c: c.astype(str) if c.name != "sentence_id" else c)
            .merge(originals, on="article_id")
            .merge(first_mention, on=key, how="left")
            .merge(sentences[["article_id", "sentence_id", "text"]],
                   on=["article_id", "sentence_id"]))
    if pool.empty:
        raise ValueError("audit_sample: no scored sentiment rows to audit (the scorer scores "
                         "none of this corpus's sentences that mention an actor: another "
                         "language, or no actor mentioned)")
    sample = (pool.groupby(["bloc", "label"]).sample(frac=1.0, random_state=seed)
              .groupby(["bloc", "label"]).head(per_cell)
              .sample(frac=1.0, random_state=seed)
              .reset_index(drop=True))
    sample.insert(0, "audit_id", [f"a{i:04d}" for i in range(len(sample))])
    sample.attrs["strata"] = (sample.groupby(["bloc", "label"]).size().rename("sampled")
                              .to_frame().join(pool.groupby(["bloc", "label"]).size()
                                               .rename("stratum_size")))
    return sample


def read_audit_codes(coded: str | Path, key: str | Path, *,
                     labels=("negative", "neutral", "positive")) -> pd.DataFrame:
    """The coders' file (``audit_id``, ``article_id``, ``sentence_id``, ``actor``, ``coder_1``,
    ``coder_2``) joined to the key of the sample it was made from (the scorer's ``label``).

    Codes are trimmed and lower-cased; an empty code is a missing one. Refused with a
    ValueError: rows whose sentence or actor differ from the key's (the codes of another
    sample: a re-run with another seed or corpus renumbers ``audit_id``, and joining on it alone
    scored the codes against other rows), and codes that are not among ``labels`` (a typo such
    as "negaitve" was dropped by Cohen's kappa but counted by the raw agreement).
    """
    for name, path in (("coded file", coded), ("audit key", key)):
        if not Path(path).is_file():
            raise FileNotFoundError(f"read_audit_codes: {name} not found: {path}")
    got = pd.read_csv(coded, dtype=str, keep_default_na=False)
    ref = pd.read_csv(key, dtype=str, keep_default_na=False)
    for name, df in (("coded file", got), ("audit key", ref)):
        require_columns(df, AUDIT_KEY_COLUMNS, "read_audit_codes", name)
    require_columns(got, ["coder_1", "coder_2"], "read_audit_codes", "coded file")
    require_unique(got, ["audit_id"], "read_audit_codes", "the coded file")   # counted twice
    # the key's label and score are the scorer's: a coded file's own columns of those names
    # (a copy of the key) would shadow them
    got = got.drop(columns=[c for c in ("label", "score") if c in got.columns])
    merged = got.merge(ref, on="audit_id", how="left", suffixes=("", "_key"), indicator=True)
    differ = merged["_merge"].ne("both")
    for col in AUDIT_KEY_COLUMNS[1:]:
        a, b = merged[col].str.strip(), merged[f"{col}_key"].str.strip()
        # a spreadsheet writes sentence 3 as "3.0": the same row
        same_number = pd.to_numeric(a, errors="coerce") == pd.to_numeric(b, errors="coerce")
        differ |= (a != b) & ~same_number
    if differ.any():
        shown = ", ".join(merged.loc[differ, "audit_id"].head(5))
        raise ValueError(f"read_audit_codes: {int(differ.sum())} row(s) of {coded} are not the "
                         f"rows of {key} ({shown}): these codes belong to another sample; "
                         "draw the sample again with the corpus and seed of theirs (the same "
                         "key comes back), or code the new sample")
    out = merged[list(got.columns) + ["label", "score"]].copy()
    return _checked_codes(out, labels, "read_audit_codes", out["audit_id"])


def _checked_codes(coded: pd.DataFrame, labels, where: str, names) -> pd.DataFrame:
    """``coded`` with ``coder_1``/``coder_2`` stripped and lower-cased (an empty code is None);
    a code that is not among ``labels`` is an error naming its row (``names``: a label per row
    for the message)."""
    out = coded.copy()
    for col in ("coder_1", "coder_2"):
        text = out[col].map(lambda v: v.strip().lower() if isinstance(v, str) else v)
        out[col] = text.where(text.ne("") & text.notna(), None)
        bad = out[col].notna() & ~out[col].isin(list(labels))
        if bad.any():
            raise ValueError(f"{where}: {col} holds codes that are not {'/'.join(labels)}: "
                             + ", ".join(f"{n} {v!r}" for n, v in
                                         zip(list(names[bad])[:5], out.loc[bad, col].head(5))))
    return out


def coder_agreement(coded: pd.DataFrame, *,
                    labels=("negative", "neutral", "positive")) -> pd.Series:
    """Agreement of two coders (``coder_1``, ``coder_2``; a missing code is None): rows coded by
    both, raw agreement, Cohen's kappa (rows coded by both) and Krippendorff's alpha (nominal,
    every row). Kappa and alpha correct for chance, which needs two labels in use: when every
    code is the same label they are undefined (NaN), however perfect the raw agreement (the
    ``krippendorff`` package raised and scikit-learn warned). Codes are read as
    :func:`read_audit_codes` reads them (case and surrounding spaces ignored); a code that is
    not among ``labels`` is an error naming its row.

    >>> codes = pd.DataFrame({"coder_1": ["negative", "neutral", "neutral"],
    ...                       "coder_2": ["negative", "neutral", "positive"]})
    >>> coder_agreement(codes).round(3).tolist()
    [3.0, 0.667, 0.5, 0.545]
    """
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    require_columns(coded, ["coder_1", "coder_2"], "coder_agreement", "coded")
    coded = _checked_codes(coded[["coder_1", "coder_2"]], labels, "coder_agreement",
                           pd.Series([f"row {i}" for i in range(len(coded))], index=coded.index))
    both = coded.dropna(subset=["coder_1", "coder_2"])
    in_use = set(coded["coder_1"].dropna()) | set(coded["coder_2"].dropna())
    codes = {label: i for i, label in enumerate(labels)}
    chance = len(in_use) > 1
    kappa = cohen_kappa_score(both["coder_1"], both["coder_2"], labels=list(labels)) \
        if chance and len(both) else float("nan")
    data = np.vstack([coded[c].map(codes).to_numpy(dtype=float) for c in ("coder_1", "coder_2")])
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal") \
        if chance else float("nan")
    return pd.Series({"rows coded by both": float(len(both)),
                      "raw agreement": float((both["coder_1"] == both["coder_2"]).mean())
                      if len(both) else float("nan"),
                      "Cohen's kappa": float(kappa),
                      "Krippendorff's alpha (nominal)": float(alpha)},
                     name="value")
