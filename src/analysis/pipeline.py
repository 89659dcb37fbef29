"""The whole chain, from input files to tables on disk with a manifest.

:func:`ingest` reads and cleans a corpus (articles, rejects, sentences); :func:`analyze` adds
the stages that exist (mentions). Both return the tables as a dict of DataFrames and, given
``out``, write each table as ``<out>/<table>.parquet`` (or ``.csv``) plus ``manifest.json``
recording the configuration, package versions, input file hashes and counts.

Files are written to a temporary name and renamed into place, so an interrupted run never leaves
a table that looks complete; the manifest is written last.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Iterable, Mapping
from importlib import metadata as importlib_metadata
from pathlib import Path

import pandas as pd

from .actors import ActorRegistry, detect_mentions, registry_from
from .corpus import _expand, load_corpus
from .scoring import DEFAULT_SENTIMENT_SCORER, get_scorer
from .sentiment import score_sentiment
from .text import segment_sentences

__all__ = [
    "TABLES",
    "Tables",
    "analyze",
    "ingest",
    "package_versions",
    "read_tables",
    "write_tables",
]

#: Tables in the order the stages produce them.
TABLES = ("articles", "rejects", "sentences", "mentions", "sentiment", "claims", "frames")
FORMATS = ("parquet", "csv")
_VERSIONED = ("electionlens", "pandas", "numpy", "pyarrow", "scikit-learn", "trafilatura",
              "dateparser", "py3langid", "datasketch", "vadersentiment", "regex", "pyyaml")


class Tables(dict):
    """``{name: DataFrame}`` of one run, with the run's manifest as ``.manifest``."""

    manifest: dict

    def __init__(self, tables: Mapping[str, pd.DataFrame], manifest: dict):
        super().__init__(tables)
        self.manifest = manifest


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages whose behaviour shapes the results."""
    out = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _atomic_write(path: Path, write) -> None:
    """Write through ``write(tmp_path)`` then rename: readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: Mapping[str, pd.DataFrame], out: str | Path, *, fmt: str = "parquet",
                 manifest: dict | None = None) -> Path:
    """Write each table to ``out/<name>.<fmt>`` and, if given, ``out/manifest.json`` last."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(f"cannot create output folder {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise PermissionError(f"output folder is not writable: {out}")
    (out / "manifest.json").unlink(missing_ok=True)  # the old manifest must not vouch for new tables
    for name, df in tables.items():
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            _atomic_write(path, lambda p, df=df: df.to_parquet(p, index=False))
        else:
            _atomic_write(path, lambda p, df=df: df.to_csv(p, index=False))
    if manifest is not None:
        text = json.dumps(manifest, indent=2, ensure_ascii=False, default=str)
        _atomic_write(out / "manifest.json", lambda p: p.write_text(text + "\n", "utf-8"))
    return out


def read_tables(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Read the tables an ``analyze``/``ingest`` run wrote (Parquet or CSV) into DataFrames."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"analysis folder not found: {folder}")
    tables = {}
    for name in TABLES:
        for fmt in FORMATS:
            path = folder / f"{name}.{fmt}"
            if path.exists():
                tables[name] = pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path)
                break
    if not tables:
        raise FileNotFoundError(f"no tables (articles.parquet or articles.csv ...) in {folder}")
    return tables


def _manifest(command: str, inputs: list[Path], config: dict, counts: dict) -> dict:
    return {
        "tool": "electionlens",
        "command": command,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "config": config,
        "versions": package_versions(),
        "inputs": [{"path": str(p), "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in inputs],
        "counts": counts,
    }


def _model_summary(metadata: dict) -> dict:
    """What a report's methods section needs from a model's metadata (no weights)."""
    keys = ("name", "format", "created", "training", "params", "dev_scores", "test_scores", "credits")
    return {k: metadata[k] for k in keys if k in metadata}


def ingest(
    inputs: str | Path | Iterable[str | Path],
    *,
    out: str | Path | None = None,
    fmt: str = "parquet",
    metadata: str | Path | None = None,
    column_map: Mapping[str, str] | None = None,
    rules: str | Path | None = None,
    strict_dates: bool = False,
    _command: str = "ingest",
) -> Tables:
    """Load a corpus and split it into sentences: ``articles``, ``rejects``, ``sentences``.

    With ``out`` the tables and ``manifest.json`` are written there. The manifest's counts
    reconcile: ``records == articles + rejects``.
    """
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    files = _expand(paths)
    stats: dict = {}
    articles, rejects = load_corpus(files, metadata=metadata, column_map=column_map, rules=rules,
                                    strict_dates=strict_dates, stats=stats)
    sentences = segment_sentences(articles)
    stats["sentences"] = len(sentences)
    config = {"metadata": str(metadata) if metadata else None, "column_map": dict(column_map or {}),
              "rules": str(rules) if rules else "default", "strict_dates": strict_dates, "format": fmt}
    manifest = _manifest(_command, files + ([Path(metadata)] if metadata else []), config, stats)
    tables = Tables({"articles": articles, "rejects": rejects, "sentences": sentences}, manifest)
    if out is not None:
        write_tables(tables, out, fmt=fmt, manifest=manifest)
    return tables


def analyze(
    inputs: str | Path | Iterable[str | Path],
    *,
    out: str | Path | None = None,
    fmt: str = "parquet",
    metadata: str | Path | None = None,
    column_map: Mapping[str, str] | None = None,
    rules: str | Path | None = None,
    strict_dates: bool = False,
    actors: ActorRegistry | str | Path | None = None,
    continuation: bool = True,
    scorer: str | None = None,
) -> Tables:
    """Run every stage that exists: ingest, sentences, actor mentions, sentiment.

    Returns ``{"articles", "rejects", "sentences", "mentions", "sentiment"}`` DataFrames, with the
    manifest as ``.manifest``; with ``out`` writes them and ``manifest.json``. ``scorer`` names
    the sentiment scorer (default: the shipped ``sklearn.tsc.v1``).
    """
    registry = registry_from(actors)
    sentiment_scorer = get_scorer(scorer or DEFAULT_SENTIMENT_SCORER)
    tables = ingest(inputs, fmt=fmt, metadata=metadata, column_map=column_map, rules=rules,
                    strict_dates=strict_dates, _command="analyze")
    manifest = tables.manifest
    mentions = detect_mentions(tables["articles"], registry, sentences=tables["sentences"],
                               continuation=continuation)
    tables["mentions"] = mentions
    sentiment = score_sentiment(mentions, tables["sentences"], scorer=sentiment_scorer)
    tables["sentiment"] = sentiment
    manifest["config"].update({"actors": list(registry.sources), "continuation": continuation,
                               "sentiment_scorer": sentiment_scorer.name})
    if hasattr(sentiment_scorer, "metadata"):
        manifest["models"] = {"sentiment": _model_summary(sentiment_scorer.metadata)}
    manifest["counts"].update({
        "mentions": len(mentions),
        "articles_with_mentions": int(mentions["article_id"].nunique()),
        "mentions_by_bloc": {str(k): int(v) for k, v in mentions["bloc"].value_counts().items()},
        "sentiment": len(sentiment),
        "sentiment_unscored": {str(k): int(v) for k, v in
                               sentiment["reason"].dropna().value_counts().items()},
    })
    if out is not None:
        write_tables(tables, out, fmt=fmt, manifest=manifest)
    return tables
