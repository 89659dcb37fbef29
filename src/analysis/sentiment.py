"""Target-dependent sentiment: score every (sentence, actor) and aggregate to articles.

The scorers live in :mod:`analysis.scoring` (chosen by name); this module is the task-level API.
"""

from __future__ import annotations

import warnings

import pandas as pd

from .scoring import DEFAULT_SENTIMENT_SCORER, LABELS, SENTIMENT_COLUMNS, Scorer, scorer_for
from .scoring.base import check_scored, require_columns

__all__ = ["score_sentiment", "article_sentiment"]


def score_sentiment(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                    scorer: str | Scorer | None = None, **params) -> pd.DataFrame:
    """The ``sentiment`` table: one row per (sentence, actor) with a label, score, confidence
    and evidence, from the named scorer (default: the shipped ``sklearn.tsc.v2``).

    In: ``mentions`` (from :func:`analysis.actors.detect_mentions`) and ``sentences`` (from
    :func:`analysis.text.segment_sentences`, with ``language`` so that the English scorers can
    leave other languages unscored: label None, with a ``reason``).
    Out: :data:`analysis.scoring.SENTIMENT_COLUMNS`.

    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [34],
    ...                       "text": ["Critics slammed Putin's crackdown."], "language": ["en"]})
    >>> ments = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "actor": ["putin"],
    ...                       "bloc": ["russia"], "surface": ["Putin"], "start": [16], "end": [21]})
    >>> score_sentiment(ments, sents, scorer="lexicon.v1")[["actor", "label"]].values.tolist()
    [['putin', 'negative']]
    """
    if scorer is None or isinstance(scorer, str):
        scorer = scorer_for("sentiment", scorer or DEFAULT_SENTIMENT_SCORER, **params)
    elif params:   # they were dropped without a word: the scorer was already made
        raise TypeError(f"score_sentiment: options {', '.join(sorted(params))} go with a scorer "
                        "name (scorer='lexicon.v1', neutral_band=...); a scorer object was "
                        "made with its own")
    if isinstance(sentences, pd.DataFrame) and "language" not in sentences.columns:
        warnings.warn("score_sentiment: sentences has no language column: every sentence is "
                      "taken as English (segment_sentences gives each its article's language)",
                      stacklevel=2)
    out = scorer.score(mentions, sentences)
    name = getattr(scorer, "name", type(scorer).__name__)
    require_columns(out, SENTIMENT_COLUMNS, f"output of scorer {name}")
    check_scored(out, "label", LABELS, name)
    keys = ["article_id", "sentence_id", "actor"]
    if len(mentions):
        got = mentions[keys].drop_duplicates().merge(out[keys].drop_duplicates(), how="left",
                                                     indicator=True)
        missing = int(got["_merge"].eq("left_only").sum())
        if missing:
            raise ValueError(f"scorer {name}: {missing} (sentence, actor) of the mentions has no "
                             "row in what it returned; a scorer returns one row per (sentence, "
                             "actor), with label None where it cannot score")
    return out


def article_sentiment(sentiment: pd.DataFrame, *, by: str = "actor") -> pd.DataFrame:
    """Aggregate sentence-level sentiment to one row per (article, actor) or (article, bloc).

    Out: ``article_id``, ``by`` column, ``n_sentences`` (scored), ``mean_score``,
    ``share_negative``, ``share_positive``, ``label`` (the sign of the mean score with the same
    neutral band for every scorer: |mean| < 0.1 is neutral). Unscored rows (label None) are left
    out of the figures and counted in ``n_unscored``; a pair with no scored row (French
    sentences and an English scorer) keeps its row, with ``n_sentences`` 0, NaN figures and
    label None.

    >>> s = pd.DataFrame({"article_id": ["a", "a", "a"], "actor": ["eu"] * 3, "bloc": ["eu"] * 3,
    ...                   "label": ["negative", "negative", "positive"], "score": [-0.8, -0.4, 0.6]})
    >>> article_sentiment(s)[["n_sentences", "mean_score", "label"]].values.tolist()
    [[3, -0.2, 'negative']]
    """
    if by not in ("actor", "bloc"):
        raise ValueError(f"article_sentiment: by must be 'actor' or 'bloc', not {by!r}")
    require_columns(sentiment, ["article_id", by, "label", "score"], "article_sentiment")
    if not pd.api.types.is_numeric_dtype(sentiment["score"]):
        raise ValueError(f"article_sentiment: score must be numbers, got "
                         f"{sentiment['score'].dtype}")
    scored = sentiment["label"].notna()
    df = pd.DataFrame({"article_id": sentiment["article_id"], by: sentiment[by],
                       "_score": sentiment["score"].where(scored), "_scored": scored,
                       "_unscored": ~scored,
                       "_neg": sentiment["label"].eq("negative").where(scored),
                       "_pos": sentiment["label"].eq("positive").where(scored)})
    out = df.groupby(["article_id", by], sort=True, dropna=False).agg(
        n_sentences=("_scored", "sum"), mean_score=("_score", "mean"),
        share_negative=("_neg", "mean"), share_positive=("_pos", "mean"),
        n_unscored=("_unscored", "sum"),
    ).reset_index()
    out = out[["article_id", by, "n_sentences", "mean_score", "share_negative",
               "share_positive", "n_unscored"]].astype({"n_sentences": "int64",
                                                        "n_unscored": "int64"})
    out["mean_score"] = out["mean_score"].round(12)
    label = pd.cut(out["mean_score"], [-1.01, -0.1, 0.1, 1.01],
                   labels=["negative", "neutral", "positive"], right=False).astype("object")
    out["label"] = label.where(label.notna(), None)
    return out
