"""The scorer protocol and the registry of versioned scorer names.

Every measure (sentiment toward an actor, a speaker's stance, frames and narratives) is produced
by a *scorer*: an object with a versioned ``name`` and a ``score(mentions, sentences)`` method
that returns a tidy table. Scorers are chosen by name (``get_scorer("lexicon.v1")``), so a config
file or the CLI can name them; an unknown name lists the known ones. Optional backends
(transformers) are imported only when their scorer is asked for, and fail with the
``pip install`` that fixes them.

``__init__`` of a scorer stores parameters only; models load lazily on first use.
"""

from __future__ import annotations

import abc
import importlib
import inspect
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import pandas as pd

from .._checks import join_tables, require_columns

__all__ = [
    "Scorer", "register_scorer", "get_scorer", "scorer_for", "list_scorers", "require_columns",
    "SENTIMENT_COLUMNS", "CLAIM_COLUMNS", "FRAME_COLUMNS", "LABELS", "OptionalDependencyError",
    "CONTEXT_COLUMNS", "mention_contexts", "MentionSentimentScorer", "empty_sentiment",
]

LABELS = ("negative", "neutral", "positive")
STANCE_LABELS = ("against", "neutral", "favor")
SENTIMENT_COLUMNS = ["article_id", "sentence_id", "actor", "bloc", "label", "score", "confidence",
                     "scorer", "evidence", "reason"]
CLAIM_COLUMNS = ["article_id", "sentence_id", "speaker", "speaker_actor", "target_actor",
                 "target_bloc", "stance", "score", "cue", "quote", "scorer"]
FRAME_COLUMNS = ["article_id", "sentence_id", "frame", "kind", "score", "evidence", "scorer"]


@runtime_checkable
class Scorer(Protocol):
    """What every backend implements."""

    name: str   # versioned, e.g. "lexicon.v1", "sklearn.tsc.v1", "transformers.tsc.v1"
    task: str   # "sentiment", "stance" or "frames"

    def score(self, mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame: ...


class OptionalDependencyError(ImportError):
    """An optional backend is not installed; the message says which ``pip install`` fixes it."""


@dataclass(frozen=True)
class _Entry:
    target: str | Callable[..., Scorer]   # "module:Class" (imported lazily) or a factory
    task: str
    extra: str | None                     # the pip extra the backend needs
    description: str


_REGISTRY: dict[str, _Entry] = {}


def register_scorer(name: str, target: str | Callable[..., Scorer], *, task: str,
                    extra: str | None = None, description: str = "") -> None:
    """Register a scorer factory under a versioned name (``"family.v1"``).

    ``target`` is a callable returning a scorer, or ``"module:attribute"`` imported on first use.
    Registering an existing name replaces it (so a researcher can swap an implementation).
    """
    if "." not in name:
        raise ValueError(f"scorer name '{name}' must be versioned, e.g. '{name}.v1'")
    _REGISTRY[name] = _Entry(target, task, extra, description)


def list_scorers(task: str | None = None) -> pd.DataFrame:
    """The registered scorers: ``name, task, extra, description``; ``task`` one of the
    registered tasks (an unknown one is an error, not an empty table)."""
    tasks = sorted({e.task for e in _REGISTRY.values()})
    if task is not None and task not in tasks:
        raise ValueError(f"list_scorers: unknown task '{task}'; tasks: {', '.join(tasks)}")
    rows = [{"name": n, "task": e.task, "extra": e.extra, "description": e.description}
            for n, e in sorted(_REGISTRY.items()) if task is None or e.task == task]
    return pd.DataFrame(rows, columns=["name", "task", "extra", "description"])


def get_scorer(name: str, **params) -> Scorer:
    """Instantiate the scorer registered under ``name`` with ``params``.

    >>> get_scorer("lexicon.v1").name
    'lexicon.v1'
    >>> get_scorer("nope.v9")
    Traceback (most recent call last):
    ...
    KeyError: "unknown scorer 'nope.v9'; known: ..."
    """
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown scorer '{name}'; known: {known}")
    entry = _REGISTRY[name]
    factory = entry.target
    if isinstance(factory, str):
        module_name, attr = factory.split(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            if entry.extra:
                raise OptionalDependencyError(
                    f"scorer '{name}' needs the '{entry.extra}' extra ({exc.name or exc} is not "
                    f"installed): pip install 'electionlens[{entry.extra}]'"
                ) from None
            raise
        factory = getattr(module, attr)
    return factory(**_checked_options(name, factory, params))


def scorer_for(task: str, name: str, /, **params) -> Scorer:
    """:func:`get_scorer` for one task (sentiment, stance, frames): a scorer of another task is
    named before any input is read, not met as missing columns after ingest.

    >>> scorer_for("sentiment", "lexicon.frames.v1")
    Traceback (most recent call last):
    ...
    ValueError: scorer 'lexicon.frames.v1' is a frames scorer, not a sentiment one (sentiment scorers: ...)
    """
    entry = _REGISTRY.get(name)
    # transformers.nli.v1 serves stance and frames, as its `task` option says
    if entry is not None and entry.task != task and params.get("task") != task:
        same = sorted(n for n, e in _REGISTRY.items() if e.task == task)
        raise ValueError(f"scorer '{name}' is a {entry.task} scorer, not a {task} one "
                         f"({task} scorers: {', '.join(same)})")
    return get_scorer(name, **params)


def _checked_options(name: str, factory: Callable, params: dict) -> dict:
    """``params``, checked against the scorer's signature: a clear error for an option it does
    not take (``model`` where it takes ``model_path``) instead of Python's "unexpected keyword
    argument" from deep inside, and for a value of the wrong kind (text for a number option:
    a TypeError in the middle of a run). A number given for a path or name option (a model
    folder called "2017": the command line reads the value as JSON) is that text; true, false,
    an object or a list is an error (None: the option's default)."""
    try:
        accepted = inspect.signature(factory).parameters
    except (TypeError, ValueError):  # a builtin or C callable: let the call decide
        return params
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in accepted.values()):
        return params
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        takes = ", ".join(accepted) or "none"
        raise ValueError(f"scorer '{name}' has no option {', '.join(map(repr, unknown))} "
                         f"(its options: {takes})")
    out = dict(params)
    for key, value in params.items():
        default, kind = accepted[key].default, str(accepted[key].annotation)
        is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if isinstance(default, bool):
            ok, need = isinstance(value, bool), "true or false"
        elif isinstance(default, int):
            ok, need = is_number and isinstance(value, numbers.Integral), "a whole number"
        elif isinstance(default, numbers.Real):
            ok, need = is_number, "a number"
        else:
            ok, need = True, ""
            text = ("str" in kind or "Path" in kind) and not any(
                t in kind for t in ("dict", "list", "tuple", "bool"))   # a path or a name
            if is_number and ("str" in kind or "Path" in kind):
                out[key] = str(value)
            elif text and isinstance(value, (bool, dict, list, tuple)):
                # true, {} or [] (the command line reads JSON): a TypeError deep in a run;
                # an object the annotation also allows (StanceCues for cues) is let through
                ok, need = False, "a path" if "Path" in kind else "text (a name or path)"
        if not ok:
            raise ValueError(f"scorer '{name}': option '{key}' must be {need}, got {value!r}")
    return out


# ---------------------------------------------------------------------------------------------
# Target-dependent sentiment: shared plumbing for every backend
# ---------------------------------------------------------------------------------------------

CONTEXT_COLUMNS = ["article_id", "sentence_id", "actor", "bloc", "surface", "text", "t_start",
                   "t_end", "language"]


def mention_contexts(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Join each mention to its sentence: one row per mention with the sentence ``text`` and the
    target's offsets *within that sentence* (``t_start``, ``t_end``) and ``language``.

    In: ``mentions`` (article_id, sentence_id, actor, bloc, surface, start, end) and
    ``sentences`` (article_id, sentence_id, start, text, and optionally language).
    """
    require_columns(mentions, ["article_id", "sentence_id", "actor", "start", "end"], "mentions")
    require_columns(sentences, ["article_id", "sentence_id", "start", "text"], "sentences")
    sent = sentences[["article_id", "sentence_id", "start", "text"]
                     + (["language"] if "language" in sentences.columns else [])]
    sent = sent.rename(columns={"start": "s_start"})
    ctx = join_tables(mentions, sent, ["article_id", "sentence_id"], "mention_contexts",
                      ("mentions", "sentences"), how="left", validate="many_to_one")
    if ctx["text"].isna().any():
        bad = ctx.loc[ctx["text"].isna(), ["article_id", "sentence_id"]].iloc[0].tolist()
        raise ValueError(f"mentions refer to a sentence not in sentences: {bad}")
    for col in ("start", "end"):
        if ctx[col].isna().any():
            raise ValueError(f"mentions: {int(ctx[col].isna().sum())} mention(s) have no {col} "
                             "offset (article offsets, from detect_mentions)")
    ctx["t_start"] = (ctx["start"] - ctx["s_start"]).astype("int64")
    ctx["t_end"] = (ctx["end"] - ctx["s_start"]).astype("int64")
    outside = (ctx["t_start"] < 0) | (ctx["t_end"] > ctx["text"].str.len()) | \
        (ctx["t_end"] < ctx["t_start"])
    if outside.any():   # a stale table, or offsets within the sentence: scored another's words
        row = ctx[outside].iloc[0]
        raise ValueError(
            f"mentions: article {row['article_id']!r}, sentence {row['sentence_id']}: the mention "
            f"at {row['start']}-{row['end']} is not inside its sentence (article offsets "
            f"{row['s_start']}-{row['s_start'] + len(row['text'])}); {int(outside.sum())} such "
            "mention(s). start and end are article offsets, from the same segmentation as the "
            "sentences")
    if "language" not in ctx.columns:
        ctx["language"] = "en"
    if "bloc" not in ctx.columns:
        ctx["bloc"] = None
    if "surface" not in ctx.columns:
        ctx["surface"] = [t[s:e] for t, s, e in zip(ctx["text"], ctx["t_start"], ctx["t_end"])]
    return ctx[CONTEXT_COLUMNS].reset_index(drop=True)


def check_scored(out: pd.DataFrame, column: str, labels: tuple[str, ...], scorer: str) -> None:
    """A ValueError naming ``scorer`` when what it returned holds a ``column`` value outside
    ``labels`` (a plug-in's "POS", "FAVOUR") or a ``score`` that is not a number in [-1, 1]
    (taken as it came, or clipped without a word)."""
    bad = out[column].notna() & ~out[column].isin(labels)
    if bad.any():
        raise ValueError(f"scorer {scorer}: {column} {out.loc[bad, column].iloc[0]!r} is not one "
                         f"of {'/'.join(labels)} ({int(bad.sum())} row(s))")
    score = pd.to_numeric(out["score"], errors="coerce")
    bad = score.isna() & out["score"].notna() | (score.abs() > 1 + 1e-9)
    if bad.any():
        value = out.loc[bad, "score"].iloc[0]
        shown = value if isinstance(value, str) else float(value)
        raise ValueError(f"scorer {scorer}: score {shown!r} is outside "
                         f"[-1, 1] ({int(bad.sum())} row(s))")


def empty_sentiment() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("score", "confidence") else
                                      "int64" if c == "sentence_id" else "object")
                         for c in SENTIMENT_COLUMNS})


#: Mentions scored at once by :meth:`MentionSentimentScorer.score` (a chunk of 1,000 news
#: articles has a few hundred; one megabyte of text naming an actor in every line had 33,000,
#: whose features took 4 GB at once).
CONTEXT_BATCH = 2048


class MentionSentimentScorer(abc.ABC):
    """Base for target-dependent sentiment scorers.

    Subclasses set ``name`` and ``languages`` (ISO codes they can score; ``None`` = any) and
    implement ``predict_contexts(ctx) -> DataFrame[label, score, confidence, evidence]`` over rows
    of :func:`mention_contexts`. This base handles languages it cannot score (null label with a
    reason), and the reduction to one row per (sentence, actor): the label, score and
    confidence of that actor's strongest mention in the sentence (largest absolute score, then
    most confident, then first), and the evidence of each mention joined with " | ".
    """

    name = "base"
    task = "sentiment"
    languages: tuple[str, ...] | None = ("en",)

    @abc.abstractmethod
    def predict_contexts(self, ctx: pd.DataFrame) -> pd.DataFrame:
        """``label, score, confidence, evidence`` for each row of ``ctx``, in order."""

    def score(self, mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
        """One row per (sentence, actor) with :data:`SENTIMENT_COLUMNS`."""
        if len(mentions) == 0:
            return empty_sentiment()
        ctx = mention_contexts(mentions, sentences)
        ok = ctx["language"].isin(self.languages) if self.languages is not None else \
            pd.Series(True, index=ctx.index)
        out = pd.DataFrame({"label": pd.Series([None] * len(ctx), dtype="object"),
                            "score": float("nan"), "confidence": float("nan"),
                            "evidence": pd.Series([None] * len(ctx), dtype="object"),
                            "reason": pd.Series([None] * len(ctx), dtype="object")})
        if ok.any():  # in batches: memory stays bounded however many mentions a chunk has
            todo = ctx[ok].reset_index(drop=True)
            pred = pd.concat([self.predict_contexts(todo.iloc[i:i + CONTEXT_BATCH]
                                                    .reset_index(drop=True))
                              for i in range(0, len(todo), CONTEXT_BATCH)], ignore_index=True)
            if len(pred) != len(todo):
                raise ValueError(f"scorer {self.name}: predict_contexts returned {len(pred)} "
                                 f"row(s) for {len(todo)} mention(s)")
            check_scored(pred, "label", LABELS, self.name)
            idx = ok[ok].index
            for col in ("label", "score", "confidence", "evidence"):
                out.loc[idx, col] = pred[col].to_numpy()
        if (~ok).any():
            out.loc[~ok, "reason"] = [f"language '{lang}' not supported by {self.name}"
                                      for lang in ctx.loc[~ok, "language"]]
        rows = pd.concat([ctx[["article_id", "sentence_id", "actor", "bloc", "t_start"]], out],
                         axis=1)
        return _reduce_per_sentence_actor(rows, self.name)


def _reduce_per_sentence_actor(rows: pd.DataFrame, scorer: str) -> pd.DataFrame:
    """One row per (sentence, actor) from one row per mention (with its ``t_start``): an actor
    named twice in a sentence gets the label, score and confidence of one mention, its
    strongest (largest absolute score, then most confident, then first in the text), so that
    they agree (a mean score beside the most confident label read "neutral, -0.67"), and its
    mentions' evidence in text order, whatever the mentions' row order."""
    keys = ["article_id", "sentence_id", "actor"]
    rows = rows.reset_index(drop=True)
    dup = rows.duplicated(keys, keep=False)
    single = rows[~dup]
    if dup.any():  # an actor named twice in a sentence (rare, so pure pandas)
        multi = rows[dup].assign(_conf=rows.loc[dup, "confidence"].fillna(-1.0),
                                 _strength=rows.loc[dup, "score"].abs().fillna(-1.0),
                                 _order=rows.index[dup]).sort_values("t_start", kind="stable")
        best = multi.sort_values(["_strength", "_conf", "t_start"],
                                 ascending=[False, False, True], kind="stable")
        best = best.drop_duplicates(keys)
        agg = multi.groupby(keys, sort=False).agg(
            evidence=("evidence", lambda s: " | ".join(dict.fromkeys(
                e for e in s if isinstance(e, str) and e)) or None),
            _order=("_order", "min"),
        )
        best = best[keys + ["bloc", "label", "score", "confidence", "reason"]].join(agg, on=keys)
        out = pd.concat([single.assign(_order=single.index), best]).sort_values("_order")
        out = out.drop(columns="_order")
    else:
        out = single.copy()
    out["scorer"] = scorer
    out["score"] = out["score"].astype("float64").clip(-1, 1)
    out["confidence"] = out["confidence"].astype("float64").clip(0, 1)
    out["sentence_id"] = out["sentence_id"].astype("int64")
    for col in ("article_id", "actor", "bloc", "label", "evidence", "reason", "scorer"):
        out[col] = out[col].astype("object").where(out[col].notna(), None)
    return out[SENTIMENT_COLUMNS].reset_index(drop=True)
