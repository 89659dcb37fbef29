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
import functools
import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path

import pandas as pd

from .actors import ActorRegistry, detect_mentions, registry_from
from .corpus import _expand, load_corpus
from .scoring import (
    DEFAULT_FRAMES_SCORER,
    DEFAULT_SENTIMENT_SCORER,
    DEFAULT_STANCE_SCORER,
    get_scorer,
)
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
    _sentences: bool = True,
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
    config = {"metadata": str(metadata) if metadata else None, "column_map": dict(column_map or {}),
              "rules": str(rules) if rules else "default", "strict_dates": strict_dates, "format": fmt}
    manifest = _manifest(_command, files + ([Path(metadata)] if metadata else []), config, stats)
    tables = Tables({"articles": articles, "rejects": rejects}, manifest)
    if _sentences:
        tables["sentences"] = segment_sentences(articles)
        stats["sentences"] = len(tables["sentences"])
    if out is not None:
        write_tables(tables, out, fmt=fmt, manifest=manifest)
    return tables


@dataclass(frozen=True)
class StageConfig:
    """Everything the per-chunk stages need; picklable, so worker processes rebuild from it."""

    registry: ActorRegistry
    continuation: bool = True
    sentiment_scorer: str = DEFAULT_SENTIMENT_SCORER
    stance_scorer: str | None = None
    frames_scorer: str = DEFAULT_FRAMES_SCORER

    def key(self) -> dict:
        return {"actors": list(self.registry.sources), "continuation": self.continuation,
                "sentiment_scorer": self.sentiment_scorer, "stance_scorer": self.stance_scorer,
                "frames_scorer": self.frames_scorer}


@functools.lru_cache(maxsize=4)
def _scorers(cfg: StageConfig) -> dict:
    """The scorers of one configuration, built once per process (models load lazily)."""
    return {"sentiment": get_scorer(cfg.sentiment_scorer),
            "frames": get_scorer(cfg.frames_scorer)}


def analyze_chunk(articles: pd.DataFrame, cfg: StageConfig) -> dict[str, pd.DataFrame]:
    """Run the per-article stages on a chunk of ``articles``: sentences, mentions, sentiment,
    claims and frames. Every stage depends only on the chunk's own articles, so chunks can run
    in any order, in any process, and give the same rows."""
    from .attribution import extract_claims

    scorers = _scorers(cfg)
    sentences = segment_sentences(articles)
    mentions = detect_mentions(articles, cfg.registry, sentences=sentences,
                               continuation=cfg.continuation)
    sentiment = score_sentiment(mentions, sentences, scorer=scorers["sentiment"])
    claims = extract_claims(articles, mentions, sentences, registry=cfg.registry,
                            scorer=cfg.stance_scorer or DEFAULT_STANCE_SCORER)
    frames = scorers["frames"].score(mentions, sentences)
    return {"sentences": sentences, "mentions": mentions, "sentiment": sentiment,
            "claims": claims, "frames": frames}


STAGE_TABLES = ("sentences", "mentions", "sentiment", "claims", "frames")


def _run_chunks(articles: pd.DataFrame, cfg: StageConfig, *, chunk_size: int, workers: int,
                work: Path | None, progress: bool) -> dict[str, pd.DataFrame]:
    """Run :func:`analyze_chunk` over chunks, in ``workers`` processes, resuming from ``work``.

    With a ``work`` folder, each finished chunk's tables are written there (atomically) and a
    rerun skips them; the assembled tables are identical to an uninterrupted run because chunks
    are cut the same way and concatenated in chunk order.
    """
    from tqdm import tqdm

    n_chunks = max(1, -(-len(articles) // chunk_size))
    bounds = [(k, k * chunk_size, min(len(articles), (k + 1) * chunk_size)) for k in range(n_chunks)]

    def part(table: str, k: int) -> Path:
        return work / table / f"part-{k:05d}.parquet"  # type: ignore[operator]

    results: dict[int, dict[str, pd.DataFrame]] = {}
    todo = []
    for k, a, b in bounds:
        if work is not None and (work / f"chunk-{k:05d}.done").exists():
            continue
        todo.append((k, a, b))

    def store(k: int, tables: dict[str, pd.DataFrame]) -> None:
        if work is None:
            results[k] = tables
            return
        for name, df in tables.items():
            _atomic_write(part(name, k), lambda p, df=df: df.to_parquet(p, index=False))
        (work / f"chunk-{k:05d}.done").write_text("ok\n")

    bar = tqdm(total=len(bounds), initial=len(bounds) - len(todo), unit="chunk",
               desc="analyze", disable=not progress)
    try:
        if workers <= 1 or len(todo) <= 1:
            for k, a, b in todo:
                store(k, analyze_chunk(articles.iloc[a:b], cfg))
                bar.update()
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(analyze_chunk, articles.iloc[a:b], cfg): k
                           for k, a, b in todo}
                for future in as_completed(futures):
                    store(futures[future], future.result())
                    bar.update()
    finally:
        bar.close()
    out = {}
    for name in STAGE_TABLES:
        if work is None:
            frames = [results[k][name] for k, _, _ in bounds]
        else:
            # every chunk is read back, also those computed in this run: a resumed run then
            # yields exactly the dtypes of an uninterrupted one (Parquet round-trips them)
            frames = [pd.read_parquet(part(name, k)) for k, _, _ in bounds]
        out[name] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out


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
    stance_scorer: str | None = None,
    frames_scorer: str | None = None,
    chunk_size: int = 1000,
    workers: int = 1,
    resume: bool = True,
    progress: bool = False,
) -> Tables:
    """Run the whole chain: ingest, then sentences, mentions, sentiment, claims and frames.

    Returns ``{"articles", "rejects", "sentences", "mentions", "sentiment", "claims",
    "frames"}`` DataFrames, with the manifest as ``.manifest``; with ``out`` writes them and
    ``manifest.json``. ``scorer`` names the sentiment scorer (default: the shipped
    ``sklearn.tsc.v1``), ``stance_scorer`` and ``frames_scorer`` the others.

    The per-article stages run in chunks of ``chunk_size`` articles on ``workers`` processes
    with a progress bar (``progress``). With ``out``, finished chunks are kept in
    ``out/.work/`` until the run completes, so an interrupted run resumes where it stopped
    (``resume=False`` starts over); the tables are identical to an uninterrupted run.
    """
    if chunk_size < 1 or workers < 1:
        raise ValueError("chunk_size and workers must be at least 1")
    cfg = StageConfig(registry=registry_from(actors), continuation=continuation,
                      sentiment_scorer=scorer or DEFAULT_SENTIMENT_SCORER,
                      stance_scorer=stance_scorer, frames_scorer=frames_scorer or DEFAULT_FRAMES_SCORER)
    _scorers(cfg)  # unknown scorer names fail here, before the corpus is read
    tables = ingest(inputs, fmt=fmt, metadata=metadata, column_map=column_map, rules=rules,
                    strict_dates=strict_dates, _command="analyze", _sentences=False)
    manifest = tables.manifest
    work = None
    if out is not None:
        work = Path(out) / ".work"
        run_key = {"inputs": manifest["inputs"], "config": manifest["config"], "stages": cfg.key(),
                   "chunk_size": chunk_size, "articles": len(tables["articles"])}
        key_file = work / "run.json"
        previous = json.loads(key_file.read_text()) if key_file.exists() else None
        if not resume or previous != run_key:
            shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True, exist_ok=True)
        key_file.write_text(json.dumps(run_key, default=str))
    staged = _run_chunks(tables["articles"], cfg, chunk_size=chunk_size, workers=workers,
                         work=work, progress=progress)
    tables.update(staged)
    scorers = _scorers(cfg)
    manifest["config"].update({**cfg.key(), "chunk_size": chunk_size, "workers": workers})
    models = {task: _model_summary(sc.metadata) for task, sc in scorers.items()
              if isinstance(getattr(type(sc), "metadata", None), property)}
    if models:
        manifest["models"] = models
    mentions, sentiment, claims, frames = (staged[t] for t in ("mentions", "sentiment", "claims",
                                                                "frames"))
    manifest["counts"].update({
        "sentences": len(staged["sentences"]),
        "mentions": len(mentions),
        "articles_with_mentions": int(mentions["article_id"].nunique()),
        "mentions_by_bloc": {str(k): int(v) for k, v in mentions["bloc"].value_counts().items()},
        "sentiment": len(sentiment),
        "sentiment_unscored": {str(k): int(v) for k, v in
                               sentiment["reason"].dropna().value_counts().items()},
        "claims": len(claims),
        "claims_by_stance": {str(k): int(v) for k, v in claims["stance"].value_counts().items()},
        "frames": len(frames),
    })
    if out is not None:
        write_tables(tables, out, fmt=fmt, manifest=manifest)
        shutil.rmtree(work, ignore_errors=True)  # type: ignore[arg-type]
    return tables
