"""The whole chain, from input files to tables on disk with a manifest.

:func:`ingest` reads and cleans a corpus (articles, rejects, sentences); :func:`analyze` adds
the stages that exist (mentions). Both return the tables as a dict of DataFrames and, given
``out``, write each table as ``<out>/<table>.parquet`` (or ``.csv``) plus ``manifest.json``
recording the configuration, package versions, input file hashes and counts.

Files are written to a temporary name and renamed into place, so an interrupted run never leaves
a table that looks complete; the manifest is written last.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import numbers
import os
import platform
import re
import shutil
import signal
import tempfile
import threading
import uuid
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path

import numpy as np
import pandas as pd

from .actors import ActorRegistry, detect_mentions, registry_from
from .corpus import ARTICLE_COLUMNS, article_counts, path_text
from .scoring import (
    DEFAULT_FRAMES_SCORER,
    DEFAULT_SENTIMENT_SCORER,
    DEFAULT_STANCE_SCORER,
    scorer_for,
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
    "table_path",
    "write_tables",
]

#: Tables in the order the stages produce them.
TABLES = ("articles", "rejects", "sentences", "mentions", "sentiment", "claims", "frames")
FORMATS = ("parquet", "csv")
#: What a run writes in its output folder (tables as files or part folders, manifest, work).
OUTPUT_NAMES = ("manifest.json", ".work", *(f"{t}.{f}" for t in TABLES for f in FORMATS))
_VERSIONED = ("electionlens", "pandas", "numpy", "pyarrow", "scikit-learn", "trafilatura",
              "dateparser", "py3langid", "vadersentiment", "regex", "pyyaml")


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
    """Write through ``write(tmp_path)`` then rename: readers never see a half-written file.
    The file is created by ``write``, so it gets the permissions any new file gets (mkstemp's
    0600 left a run's tables unreadable to the colleagues who share its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.tmp"
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """Hold ``folder`` for one run: a second run into it (another notebook, a second job)
    would mix its chunks with this run's and write a manifest that vouches for both. The lock
    is ``flock`` on ``folder/.lock`` (released by the system however the run ends); on a
    system without ``fcntl`` (Windows) runs are not locked."""
    try:
        import fcntl
    except ImportError:   # pragma: no cover - Windows
        yield
        return
    with open(_make_folder(folder) / ".lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            raise OSError(f"output folder {folder} is in use by another run (process {holder}); "
                          "wait for it to end or choose another --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield


def _make_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(f"cannot create output folder {folder}: {exc.strerror or exc}") from None
    return folder


def _writable_folder(folder: Path) -> Path:
    """Create ``folder`` if needed, check it is writable, and remove its manifest: an old
    manifest must not vouch for the tables about to be written."""
    _make_folder(folder)
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"output folder is not writable: {folder}")
    (folder / "manifest.json").unlink(missing_ok=True)
    return folder


def write_tables(tables: Mapping[str, pd.DataFrame], out: str | Path, *, fmt: str = "parquet",
                 manifest: dict | None = None) -> Path:
    """Write each table to ``out/<name>.<fmt>`` and, if given, ``out/manifest.json`` last."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    out = _writable_folder(Path(out))
    for name, df in tables.items():
        path = out / f"{name}.{fmt}"
        if path.is_dir():  # a partitioned table an earlier analyze run left
            shutil.rmtree(path)
        if fmt == "parquet":
            _atomic_write(path, lambda p, df=df: df.to_parquet(p, index=False))
        else:
            _atomic_write(path, lambda p, df=df: df.to_csv(p, index=False))
    if manifest is not None:
        text = json.dumps(manifest, indent=2, ensure_ascii=False, default=str)
        _atomic_write(out / "manifest.json", lambda p: p.write_text(text + "\n", "utf-8"))
    return out


def read_tables(folder: str | Path, *, tables: Iterable[str] | None = None,
                columns: Mapping[str, list[str]] | None = None,
                article_ids: Iterable[str] | None = None,
                article_level_frames: bool = False) -> dict[str, pd.DataFrame]:
    """Read the tables an ``analyze``/``ingest`` run wrote (Parquet files, partitioned Parquet
    folders or CSV) into DataFrames.

    For a corpus larger than memory, read less: ``tables`` names the tables to read (default:
    all there are), ``columns`` maps a table to the columns to read, ``article_ids`` (one id
    or several; ids are text, so 17 finds "17") keeps only the rows of those articles, and
    ``article_level_frames`` only the article-level rows of the frames table
    (``sentence_id`` missing: which articles carry each frame and narrative; about a quarter
    of its rows). Both filters apply while Parquet is read. A missing column raises a
    ValueError naming the table; so does a partitioned table whose parts are not the run's (one
    missing, one added such as a sync tool's ``part-00000 (1).parquet``, one unreadable, or
    rows other than the manifest counts), naming the files.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"analysis folder not found: {folder}" + (
            " (a file; name the folder the run wrote)" if folder.exists() else ""))
    if not (folder / "manifest.json").exists() and (folder / ".work" / "run.json").exists():
        warnings.warn(f"{folder} holds an unfinished run (no manifest.json): its tables are "
                      "partial; run it again to finish (finished chunks are kept)", stacklevel=2)
    names = list(TABLES) if tables is None else [tables] if isinstance(tables, str) else list(tables)
    unknown = [k for k in (columns or {}) if k not in names and k not in TABLES]
    if unknown:
        raise ValueError(f"read_tables: columns given for unknown table(s) {', '.join(unknown)} "
                         f"(tables: {', '.join(names)})")
    if isinstance(article_ids, str) or not isinstance(article_ids, Iterable | None):
        article_ids = [article_ids]   # one id: "a7", 17 (read as "17")
    ids = None if article_ids is None else sorted({str(a) for a in article_ids})
    out, absent = {}, []
    for name in names:
        path = table_path(folder, name)
        if path is None:
            absent.append(name)
        else:
            out[name] = _read_table(path, path.suffix[1:], (columns or {}).get(name), ids,
                                    article_level=article_level_frames and name == "frames")
    if tables is not None and absent:  # asked for by name: a misspelling must not pass
        there = [t for t in TABLES if table_path(folder, t)]
        raise FileNotFoundError(f"{folder}: no table {', '.join(absent)} (there: "
                                f"{', '.join(there) or 'none'})")
    if not out:
        raise FileNotFoundError(f"no tables (articles.parquet or articles.csv ...) in {folder}")
    return out


def table_path(folder: str | Path, name: str) -> Path | None:
    """Where table ``name`` of a run is in ``folder`` (``name.parquet``, a file or a folder of
    parts, else ``name.csv``); None if it is not there."""
    return next((p for fmt in FORMATS if (p := Path(folder) / f"{name}.{fmt}").exists()), None)


def _read_table(path: Path, fmt: str, columns: list[str] | None, ids: list[str] | None, *,
                article_level: bool = False) -> pd.DataFrame:
    """One table: a Parquet file, a folder of Parquet parts (written by analyze) or a CSV.
    ``article_level``: only the rows without a sentence (``sentence_id`` missing)."""
    if fmt == "csv":
        header = list(pd.read_csv(path, nrows=0).columns)
    else:
        import pyarrow.parquet as pq

        rows, complete = _run_counts(path) if path.is_dir() else (None, True)
        parts = _checked_parts(path, complete=complete) if path.is_dir() else None
        first = parts[0] if parts else path
        try:
            schema = pq.read_schema(first)
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read {first} ({exc}): the file is damaged; "
                             f"{_REDO if parts else 'write it again'}") from None
        header = schema.names
    missing = [c for c in (columns or []) + (["article_id"] if ids is not None else [])
               + (["sentence_id"] if article_level else []) if c not in header]
    if missing:
        raise ValueError(f"{path}: no column(s) {', '.join(missing)}")
    if fmt == "csv":   # the filters' columns are read too, even when not asked for
        usecols = None if columns is None else list(dict.fromkeys(
            columns + (["article_id"] if ids is not None else [])
            + (["sentence_id"] if article_level else [])))
        df = _typed(pd.read_csv(path, usecols=usecols, dtype=str, keep_default_na=False,
                                na_values=[""]), path.stem)
        keep = pd.Series(True, index=df.index)
        if ids is not None:
            keep &= df["article_id"].isin(ids)
        if article_level:
            keep &= df["sentence_id"].isna()
        return df.loc[keep, columns or df.columns].reset_index(drop=True)
    if ids is not None and not ids:  # pyarrow refuses an empty "in"
        return schema.empty_table().select(columns or header).to_pandas()
    import pyarrow.compute as pc

    filters = None if ids is None else pc.field("article_id").isin(ids)
    if article_level:
        filters = pc.field("sentence_id").is_null() if filters is None else \
            filters & pc.field("sentence_id").is_null()
    if parts is not None:
        return _read_parts(path, columns=columns, filters=filters, paths=parts, rows=rows)
    return pd.read_parquet(path, columns=columns, filters=filters)


#: The table columns that are not text (the rest are text, as in Parquet; read as such from a
#: CSV run, so that an id "00123" or an outlet "1917" stays what it was). Frames of a whole
#: article have no sentence: the frames table's sentence_id is float.
_NUMERIC_COLUMNS = {"sentence_id": "int64", "start": "int64", "end": "int64",
                    "score": "float64", "confidence": "float64"}
_NUMERIC_BY_TABLE = {"frames": {"sentence_id": "float64"}}


def _typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Table ``table`` read from CSV as text, its non-text columns converted back."""
    numeric = {**_NUMERIC_COLUMNS, **_NUMERIC_BY_TABLE.get(table, {})}
    for col in df.columns.intersection(list(numeric)):
        try:
            values = pd.to_numeric(df[col])
        except ValueError:  # not one of ours (a table of the user's, written by write_tables)
            continue
        df[col] = values.astype("float64" if values.isna().any() else numeric[col])
    if "continuation" in df.columns:
        df["continuation"] = df["continuation"].map({"True": True, "False": False})
    if "published" in df.columns:
        df["published"] = pd.to_datetime(df["published"]).astype("datetime64[ns]")
    return df


def _manifest(command: str, inputs: list[Path], config: dict, counts: dict) -> dict:
    return {
        "tool": "electionlens",
        "command": command,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "config": config,
        "versions": package_versions(),
        "inputs": [{"path": path_text(p), "bytes": p.stat().st_size, "sha256": _sha256(p)}
                   for p in inputs],
        "counts": counts,
    }


def _model_summary(metadata: dict) -> dict:
    """What a report's methods section needs from a model's metadata (no weights)."""
    keys = ("name", "format", "created", "training", "params", "vectors", "dev_scores",
            "test_scores", "credits")
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
    month_first: bool = False,
    chunk_size: int = 1000,
    workers: int = 1,
    resume: bool = True,
    progress: bool = False,
    load: bool = True,
) -> Tables:
    """Load a corpus and split it into sentences: ``articles``, ``rejects``, ``sentences``.

    The first stages of :func:`analyze`, with the same bounded memory, workers, resumption and
    partitioned output (see there). With ``out`` the tables and ``manifest.json`` are written
    there. The manifest's counts reconcile: ``records == articles + rejects``. For a corpus
    that fits in memory, :func:`analysis.corpus.load_corpus` returns the same two tables.
    """
    return _staged("ingest", inputs, None, out=out, fmt=fmt, metadata=metadata,
                   column_map=column_map, rules=rules, strict_dates=strict_dates,
                   month_first=month_first,
                   chunk_size=chunk_size, workers=workers, resume=resume, progress=progress,
                   load=load)


@dataclass(frozen=True)
class StageConfig:
    """Everything the per-chunk stages need; picklable, so worker processes rebuild from it."""

    registry: ActorRegistry
    continuation: bool = True
    sentiment_scorer: str = DEFAULT_SENTIMENT_SCORER
    stance_scorer: str = DEFAULT_STANCE_SCORER
    frames_scorer: str = DEFAULT_FRAMES_SCORER
    scorer_options: str = "{}"  # JSON {task: {option: value}}: hashable, and goes to the manifest
    #: (path, size, mtime) of the files and folders the options name: a model saved again at
    #: the same path is another configuration, so :func:`_scorers` does not serve the old one
    option_files: tuple = ()

    @classmethod
    def build(cls, *, actors=None, continuation: bool = True, scorer: str | None = None,
              stance_scorer: str | None = None, frames_scorer: str | None = None,
              scorer_options: Mapping[str, Mapping] | None = None) -> StageConfig:
        """The configuration of :func:`analyze`'s arguments (defaults filled, options checked)."""
        return cls(registry=registry_from(actors), continuation=continuation,
                   sentiment_scorer=scorer or DEFAULT_SENTIMENT_SCORER,
                   stance_scorer=stance_scorer or DEFAULT_STANCE_SCORER,   # named in the manifest
                   frames_scorer=frames_scorer or DEFAULT_FRAMES_SCORER,
                   scorer_options=(options := _options_json(scorer_options)),
                   option_files=_file_stamps(options))

    def options(self, task: str) -> dict:
        return json.loads(self.scorer_options).get(task, {})

    def key(self) -> dict:
        return {"actors": list(self.registry.sources),
                "target_blocs": list(self.registry.target_blocs), "continuation": self.continuation,
                "sentiment_scorer": self.sentiment_scorer, "stance_scorer": self.stance_scorer,
                "frames_scorer": self.frames_scorer,
                "scorer_options": json.loads(self.scorer_options)}


SCORER_TASKS = ("sentiment", "stance", "frames")


def _option_paths(options_json: str) -> list[Path]:
    """The files and folders that scorer options name (a model folder, a cue file)."""
    return [Path(v) for options in json.loads(options_json).values() for v in options.values()
            if isinstance(v, str) and Path(v).exists()]


def _file_stamps(options_json: str) -> tuple:
    """(path, size, mtime_ns) of each file named by a scorer option, or under a folder it names."""
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns)
                 for path in _option_paths(options_json)
                 for f in (sorted(path.rglob("*")) if path.is_dir() else [path]) if f.is_file())


def _options_json(options: Mapping[str, Mapping] | None) -> str:
    """``{"sentiment": {"model": "path"}, ...}`` as canonical JSON, after checking its shape."""
    options = dict(options or {})
    for task, opts in options.items():
        if task not in SCORER_TASKS:
            raise ValueError(f"scorer_options: unknown task '{task}' "
                             f"(known: {', '.join(SCORER_TASKS)})")
        if not isinstance(opts, Mapping):
            raise TypeError(f"scorer_options['{task}']: expected a mapping of option names to "
                            f"values, got {type(opts).__name__}")
    try:
        return json.dumps({t: dict(o) for t, o in options.items() if o}, sort_keys=True)
    except TypeError as exc:
        raise TypeError(f"scorer_options: values must be text, numbers, booleans, lists or "
                        f"mappings ({exc})") from None


@functools.lru_cache(maxsize=4)
def _scorers(cfg: StageConfig) -> dict:
    """The scorers of one configuration, built once per process (models load lazily)."""
    return {"sentiment": scorer_for("sentiment", cfg.sentiment_scorer, **cfg.options("sentiment")),
            "stance": scorer_for("stance", cfg.stance_scorer, **cfg.options("stance")),
            "frames": scorer_for("frames", cfg.frames_scorer, **cfg.options("frames"))}


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
                            scorer=scorers["stance"])
    frames = scorers["frames"].score(mentions, sentences)
    return {"sentences": sentences, "mentions": mentions, "sentiment": sentiment,
            "claims": claims, "frames": frames}


STAGE_TABLES = ("sentences", "mentions", "sentiment", "claims", "frames")
_PART = "part-{:05d}.parquet"


def _schema(df: pd.DataFrame):
    """The Arrow schema of ``df`` with all-null object columns typed as strings, so that every
    part of a table has the same schema (readers of a partitioned dataset require it)."""
    import pyarrow as pa

    schema = pa.Schema.from_pandas(df, preserve_index=False)
    for i, f in enumerate(schema):
        if pa.types.is_null(f.type):
            schema = schema.set(i, pa.field(f.name, pa.string()))
    return schema


def _write_part(df: pd.DataFrame, path: Path) -> None:
    """One Parquet part, written atomically."""
    _atomic_write(path, lambda p: df.to_parquet(p, index=False, schema=_schema(df)))


def as_stored(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as it reads back from the Parquet parts :func:`analyze` writes (pandas' string
    dtype for text columns): what other runners of the stages return, to compare equal."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, schema=_schema(df))
    buf.seek(0)
    return pd.read_parquet(buf)


_REDO = "run it again with --no-resume (resume=False)"


def _part_rows(path: Path) -> int:
    """The rows of one Parquet part, from its footer (cheap); a part that cannot be read (a
    truncated copy, a killed write) is named."""
    import pyarrow.parquet as pq

    try:
        return pq.read_metadata(path).num_rows
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {path} ({exc}): the part is damaged; {_REDO}") from None


def _checked_parts(folder: Path, *, n: int | None = None, rows: int | None = None,
                   complete: bool = True) -> list[Path]:
    """The parts of the partitioned table ``folder``, in order, once checked to be the run's:
    ``part-00000.parquet`` to the last (or to ``n - 1``) all there (``complete``: not an
    unfinished run, whose chunks may finish out of order), no other Parquet file (a sync tool's
    ``part-00000 (1).parquet`` counted its rows twice) and, given ``rows`` (the manifest's
    count), each footer readable and that many rows in all."""
    names = sorted(p.name for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))
    ours = {int(x[5:-8]) for x in names
            if re.fullmatch(r"part-\d{5,}\.parquet", x) and x == _PART.format(int(x[5:-8]))}
    n = n if n is not None else max(ours, default=-1) + 1
    expected = [_PART.format(k) for k in (range(n) if complete else sorted(ours))]
    missing = sorted(set(expected) - set(names))
    extra = sorted(set(names) - set(expected))
    if missing or extra:
        def listed(xs: list[str]) -> str:
            return ", ".join(xs[:5]) + (f" ... ({len(xs)} in all)" if len(xs) > 5 else "")
        fix = "remove the files not of the run, or " if extra and not missing else ""
        raise ValueError(f"{folder}: " + "; ".join(
            ([f"missing {listed(missing)}"] if missing else [])
            + ([f"not of the run: {listed(extra)}"] if extra else []))
            + f": its parts are not the run's table; {fix}{_REDO}")
    if not expected:
        raise FileNotFoundError(f"no parts in {folder}; {_REDO}")
    paths = [folder / x for x in expected]
    if rows is not None:
        _check_rows(folder, sum(_part_rows(p) for p in paths), len(paths), rows)
    return paths


def _check_rows(folder: Path, found: int, n: int, rows: int) -> None:
    if found != rows:
        raise ValueError(f"{folder}: {found:,} rows in its {n} parts, but the run's manifest "
                         f"counts {rows:,}: parts were replaced or lost since the run wrote "
                         f"them; {_REDO}")


def _run_counts(folder: Path) -> tuple[int | None, bool]:
    """What the run that wrote ``folder`` (``DIR/<table>.parquet/``) says of it: the rows its
    manifest counts (None: no manifest, or no count) and whether the run finished (an unfinished
    one's chunks may finish out of order)."""
    run = folder.parent
    try:
        rows = json.loads((run / "manifest.json").read_text("utf-8"))["counts"].get(
            folder.name.removesuffix(".parquet"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # none, or not a run's
        rows = None
    unfinished = not (run / "manifest.json").exists() and (run / ".work" / "run.json").exists()
    return (rows if isinstance(rows, int) else None), not unfinished


def _run_parts(folder: Path) -> list[Path]:
    """The parts of ``folder``, a table a run wrote, checked (:func:`_checked_parts`) against
    what its run says of it (:func:`_run_counts`)."""
    rows, complete = _run_counts(folder)
    return _checked_parts(folder, rows=rows, complete=complete)


def _read_parts(folder: Path, n: int | None = None, columns: list[str] | None = None,
                filters=None, paths: list[Path] | None = None,
                rows: int | None = None) -> pd.DataFrame:
    """A partitioned table (``part-00000.parquet`` ... in ``folder``, or ``paths``, checked
    parts of it), parts in order; ``rows``: the rows the parts must hold in all (from their
    footers, which the dataset reads anyway).

    Read as one Arrow dataset (in parallel: a million-article run's frames in 1.7 s instead of
    3.6 part by part) when every part has the same schema; otherwise (parts not all written by
    one run of this version) part by part, joined by pandas as before."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    if paths is None:
        paths = _checked_parts(folder, n=n)
    try:   # pyarrow's message names the part it cannot open
        dataset = ds.dataset([str(p) for p in paths], format="parquet")
        fragments = list(dataset.get_fragments())
        same = all(f.physical_schema.equals(dataset.schema) for f in fragments)
        if rows is not None:
            _check_rows(folder, sum(f.metadata.num_rows for f in fragments), len(paths), rows)
        if same:
            return dataset.to_table(columns=columns, filter=filters).to_pandas()
        frames = [pd.read_parquet(p, columns=columns, filters=filters) for p in paths]
    except (OSError, pa.ArrowInvalid) as exc:
        raise ValueError(f"cannot read {folder} ({exc}): a part is damaged; {_REDO}") from None
    return pd.concat(frames, ignore_index=True)


def _analyze_task(k: int, work: Path, dest: Path, cfg: StageConfig | None) -> dict:
    """Stage 3 in a worker: chunk ``k``'s articles, their ``duplicate_of`` set from stage 2,
    through every per-article stage (``cfg`` None: sentences only); each table's part is
    written to ``dest/<table>.parquet/``. Returns the chunk's counts."""
    articles = pd.read_parquet(work / "ingest" / _PART.format(k))
    duplicate_of = pd.read_parquet(work / "duplicates" / _PART.format(k))["duplicate_of"]
    articles.insert(ARTICLE_COLUMNS.index("duplicate_of"), "duplicate_of",
                    pd.Series(duplicate_of.tolist(), index=articles.index, dtype="object"))
    tables = analyze_chunk(articles, cfg) if cfg else {"sentences": segment_sentences(articles)}
    tables["articles"] = articles
    tables["rejects"] = pd.read_parquet(work / "ingest-rejects" / _PART.format(k))
    for name, df in tables.items():
        _write_part(df, dest / f"{name}.parquet" / _PART.format(k))
    counts = {**article_counts(articles), "sentences": len(tables["sentences"])}
    if cfg is None:
        return counts
    m, s, c = tables["mentions"], tables["sentiment"], tables["claims"]
    return {**counts, "mentions": len(m),
            "articles_with_mentions": int(m["article_id"].nunique()),
            "mentions_by_bloc": {str(b): int(v) for b, v in m["bloc"].value_counts().items()},
            "sentiment": len(s),
            "sentiment_unscored": {str(r): int(v) for r, v in s["reason"].dropna().value_counts().items()},
            "claims": len(c),
            "claims_by_stance": {str(x): int(v) for x, v in c["stance"].value_counts().items()},
            "frames": len(tables["frames"])}


def _write_marker(path: Path, counts: dict) -> None:
    """A finished chunk's ``.done`` marker (its counts), written atomically as the parts are."""
    text = json.dumps(counts)
    _atomic_write(path, lambda p: p.write_text(text, "utf-8"))


def _read_marker(path: Path) -> dict | None:
    """The counts of a ``.done`` marker; None when there is none or it is damaged (an empty
    file an older version left): its chunk is done again."""
    try:
        counts = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return counts if isinstance(counts, dict) else None


def _whole(path: Path, rows: int | None = None) -> bool:
    """Whether a file of a finished chunk is there and whole, from what is cheap to read: a
    Parquet part's footer, a NumPy file's header (an ``.npz``: its arrays), with ``rows`` rows
    when that is an int."""
    try:
        if path.suffix == ".parquet":
            n = _part_rows(path)
        elif path.suffix == ".npy":
            n = len(np.load(path, mmap_mode="r"))
        else:
            with np.load(path) as f:
                n = len(f["keys"])
                if len(f["has_signature"]) != n:
                    return False
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return False
    return not isinstance(rows, int) or n == rows


def _stamps(paths: list[Path]) -> list[tuple[int, int]]:
    """(size, mtime) of each input, to see at the end whether one changed while it was read."""
    return [(p.stat().st_size, p.stat().st_mtime_ns) for p in paths]


def _check_unchanged(paths: list[Path], stamps: list[tuple[int, int]]) -> None:
    """Refuse to finish a run whose input changed while it was read (a scraper still writing
    it): its tables would not be those of the file whose size and SHA-256 the manifest records."""
    for path, (size, mtime) in zip(paths, stamps, strict=True):
        try:
            now = (path.stat().st_size, path.stat().st_mtime_ns)
        except OSError:
            now = None
        if now != (size, mtime):
            what = "is gone" if now is None else \
                f"now {now[0]:,} bytes, was {size:,}" if now[0] != size else "modified again"
            raise ValueError(f"input {path_text(path)} changed while it was read ({what}): the "
                             "tables would not be those of the file the manifest describes; "
                             "run again once it is complete (the run starts over)")


def _add_counts(total: dict, part: dict) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            into = total.setdefault(key, {})
            for k, v in value.items():
                into[k] = into.get(k, 0) + v
        else:
            total[key] = total.get(key, 0) + value


def analyze(
    inputs: str | Path | Iterable[str | Path],
    *,
    out: str | Path | None = None,
    fmt: str = "parquet",
    metadata: str | Path | None = None,
    column_map: Mapping[str, str] | None = None,
    rules: str | Path | None = None,
    strict_dates: bool = False,
    month_first: bool = False,
    actors: ActorRegistry | str | Path | None = None,
    continuation: bool = True,
    scorer: str | None = None,
    stance_scorer: str | None = None,
    frames_scorer: str | None = None,
    scorer_options: Mapping[str, Mapping] | None = None,
    chunk_size: int = 1000,
    workers: int = 1,
    resume: bool = True,
    reuse: bool = False,
    progress: bool = False,
    load: bool = True,
) -> Tables:
    """Run the whole chain: ingest, then sentences, mentions, sentiment, claims and frames.

    Returns ``{"articles", "rejects", "sentences", "mentions", "sentiment", "claims",
    "frames"}`` DataFrames, with the manifest as ``.manifest``; with ``out`` writes them and
    ``manifest.json``. ``scorer`` names the sentiment scorer (default: the shipped
    ``sklearn.tsc.v2``), ``stance_scorer`` and ``frames_scorer`` the others;
    ``scorer_options`` passes options to them by task, e.g. ``{"sentiment": {"model":
    "path/or/hub-name"}}`` for ``transformers.tsc.v1`` or ``{"sentiment": {"model_path":
    "MODEL"}}`` for a model of ``electionlens train sentiment`` (see ``electionlens scorers``).

    Bounded memory: the input is read ``chunk_size`` records at a time (JSONL, CSV/TSV and
    Parquet files stream) and each chunk's tables are written as one part of a partitioned
    Parquet table, ``out/<table>.parquet/part-NNNNN.parquet`` (any Parquet reader takes the
    folder as one table; with ``fmt="csv"`` the parts are joined into ``out/<table>.csv`` at the
    end). Besides the chunks in flight, memory holds about 50 bytes per article and, while
    duplicates are resolved, 200 bytes per distinct text. Three stages: (1) clean and check
    each chunk (``workers`` processes), (2) mark exact and near duplicates over the whole
    corpus, (3) the per-article stages on each chunk (``workers`` processes). A progress bar
    shows each stage (``progress``).

    Resumable: with ``out``, finished chunks are recorded in ``out/.work/`` until the run
    completes, so an interrupted run resumes where it stopped (``resume=False`` starts over) and
    the tables are identical to an uninterrupted run's. With ``load=False`` the tables are not
    read back into memory (the returned mapping is empty; read them with :func:`read_tables`
    or any Parquet reader), which is what a corpus larger than memory needs.

    ``reuse=True``: when ``out`` holds a finished run of the same inputs (same SHA-256), the
    same configuration (scorers, their options and models, actors, options of this call;
    ``workers`` aside) and the same package versions, its tables are read back instead of
    computed again (``.manifest["reused"]`` is then True); anything different runs afresh.
    """
    cfg = StageConfig.build(actors=actors, continuation=continuation, scorer=scorer,
                            stance_scorer=stance_scorer, frames_scorer=frames_scorer,
                            scorer_options=scorer_options)
    return _staged("analyze", inputs, cfg, out=out, fmt=fmt, metadata=metadata,
                   column_map=column_map, rules=rules, strict_dates=strict_dates,
                   month_first=month_first,
                   chunk_size=chunk_size, workers=workers, resume=resume, progress=progress,
                   load=load, reuse=reuse)


def _reusable(folder: Path, manifest: dict) -> dict | None:
    """The manifest of the finished run in ``folder`` when it is the run ``manifest`` describes
    (inputs, configuration but workers, versions, models) and its tables are whole, else None."""
    try:
        previous = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None

    def same(m: dict) -> tuple:
        config = {k: v for k, v in m.get("config", {}).items() if k != "workers"}
        inputs = [{k: i.get(k) for k in ("bytes", "sha256")} for i in m.get("inputs", [])]
        files = [{k: f.get(k) for k in ("path", "sha256")} for f in m.get("config_files", [])]
        return (m.get("command"), config, inputs, files, m.get("versions"), m.get("models"))

    if not isinstance(previous, dict) or same(previous) != same(manifest):
        return None
    try:   # the same run, but are its tables still what it wrote?
        for name in TABLES:
            if (folder / f"{name}.parquet").is_dir():
                _run_parts(folder / f"{name}.parquet")
    except (OSError, ValueError) as exc:
        warnings.warn(f"the finished run in {folder} is not reused, its tables are damaged "
                      f"({exc}); it is run again", stacklevel=4)
        return None
    return previous


def _config_files(cfg: StageConfig | None, rules) -> list[dict]:
    """The files the configuration names (actor registries, cleaning rules, a scorer option
    that names a file), with their SHA-256: an edit to one, under the same name, must not let a
    finished run or its finished chunks be reused."""
    paths = [Path(s) for s in (cfg.registry.sources if cfg else ()) if s != "default"]
    if isinstance(rules, (str, Path)):
        paths.append(Path(rules))
    paths += _option_paths(cfg.scorer_options) if cfg else []
    return [{"path": path_text(p), "sha256": _sha256(p)} for p in paths if p.is_file()]


def _staged(command: str, inputs, cfg: StageConfig | None, *, out, fmt: str, metadata,
            column_map, rules, strict_dates: bool, month_first: bool, chunk_size: int,
            workers: int, resume: bool, progress: bool, load: bool,
            reuse: bool = False) -> Tables:
    """:func:`ingest` (``cfg`` None: articles, rejects, sentences) or :func:`analyze`."""
    from .corpus import CorpusReader, corpus_stats

    for name, value in (("chunk_size", chunk_size), ("workers", workers)):
        if not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{command}: {name} must be a whole number of at least 1, "
                             f"got {value!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    scorers = _scorers(cfg) if cfg else {}  # unknown scorer names fail before reading input
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    reader = CorpusReader(paths, metadata=metadata, column_map=column_map, rules=rules,
                          strict_dates=strict_dates, month_first=month_first)
    config = {"metadata": str(metadata) if metadata else None, "column_map": dict(column_map or {}),
              "rules": str(rules) if rules else "default", "strict_dates": strict_dates,
              "month_first": month_first, "format": fmt}
    input_files = reader.files + reader.metadata_files
    stamps = _stamps(input_files)  # before the hashes: a change from here on is seen at the end
    manifest = _manifest(command, input_files, config, {})
    manifest["config_files"] = _config_files(cfg, rules)
    scratch = Path(tempfile.mkdtemp(prefix="electionlens-")) if out is None else None
    folder = Path(out) if out is not None else scratch
    _check_inputs_outside_outputs(input_files, folder)  # type: ignore[arg-type]
    manifest["config"].update({**(cfg.key() if cfg else {}), "chunk_size": chunk_size,
                               "workers": workers})
    models = {task: _model_summary(sc.metadata) for task, sc in scorers.items()
              if isinstance(getattr(type(sc), "metadata", None), property)}
    if models:
        manifest["models"] = models
    manifest = json.loads(json.dumps(manifest, default=str))  # as it reads back
    # what finished chunks depend on: a model replaced at the same path, or an upgraded
    # package, is another run
    run_key = {"command": command, "inputs": manifest["inputs"], "config": dict(config),
               "config_files": manifest["config_files"], "stages": cfg.key() if cfg else None,
               "models": manifest.get("models"), "versions": manifest["versions"],
               "chunk_size": chunk_size}
    previous = _reusable(folder, manifest) if reuse and out is not None else None  # type: ignore[arg-type]
    if previous is not None:
        return Tables(read_tables(folder) if load else {}, {**previous, "reused": True})  # type: ignore[arg-type]
    try:
        run = _Run(folder, fmt=fmt, workers=workers, progress=progress)  # type: ignore[arg-type]
        with _folder_lock(folder):  # type: ignore[arg-type]
            _prepare_folder(folder, run.work, run_key, resume=resume)  # type: ignore[arg-type]
            with run:
                ingested = run.ingest(reader, chunk_size)
                variants = run.duplicates(ingested)
                counts = run.analyze(cfg, ingested)
            _check_unchanged(input_files, stamps)
            n = len(ingested)
            manifest["counts"] = corpus_stats(
                len(reader.files), sum(c["articles"] for c in ingested),
                sum(c["rejects"] for c in ingested), [c["fired"] for c in ingested], counts,
                [c.get("reasons", {}) for c in ingested],
                [c.get("languages_overridden", {}) for c in ingested])
            manifest["counts"]["outlet_variants"] = variants
            if variants:
                shown = "; ".join(" / ".join(f"'{s}'" for s in v) for v in list(variants.values())[:5])
                warnings.warn(f"{len(variants)} outlet name(s) differ only in case, spaces or "
                              f"punctuation and are counted as different outlets: {shown}"
                              f"{' ...' if len(variants) > 5 else ''} (unify them in the input or "
                              "with --metadata; all in the manifest's counts.outlet_variants)",
                              stacklevel=3)
            for name in run.tables(cfg):   # what the manifest is about to vouch for
                _checked_parts(run.dest / f"{name}.parquet", n=n,
                               rows=manifest["counts"].get(name))
            if fmt == "csv":
                for name in run.tables(cfg):
                    _atomic_write(folder / f"{name}.csv",  # type: ignore[operator]
                                  lambda p, name=name: _parts_to_csv(run.dest / f"{name}.parquet", n, p))
            text = json.dumps(manifest, indent=2, ensure_ascii=False, default=str)
            _atomic_write(folder / "manifest.json",  # type: ignore[operator]
                          lambda p: p.write_text(text + "\n", "utf-8"))
            shutil.rmtree(run.work, ignore_errors=True)
            return Tables(read_tables(folder) if load else {}, manifest)  # type: ignore[arg-type]
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


class _Run:
    """The three stages of :func:`analyze` over one output folder, each resumable from
    ``folder/.work`` (a ``*.done`` file per finished chunk), on ``workers`` processes."""

    def __init__(self, folder: Path, *, fmt: str, workers: int, progress: bool):
        self.work = folder / ".work"
        self.dest = folder if fmt == "parquet" else self.work / "parts"
        self.workers, self.progress = workers, progress
        self.pool = None
        self._sigterm = None

    def __enter__(self) -> _Run:
        # With workers, SIGTERM (kill, a batch scheduler's time limit) stops the run as Ctrl-C
        # does: the pool is shut down, so no worker outlives the run; finished chunks stay.
        if self.workers > 1 and threading.current_thread() is threading.main_thread():
            self._sigterm = signal.signal(signal.SIGTERM, _interrupt)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._new_pool(start=False)
        finally:
            if self._sigterm is not None:
                signal.signal(signal.SIGTERM, self._sigterm)

    def _new_pool(self, *, start: bool = True) -> None:
        """A fresh pool per parallel stage: stage-3 workers do not carry what stage 1 loaded
        (the language-ID model), which keeps the run's memory down."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        if start and self.workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            _release_memory()
            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_die_with_parent,
                                            initargs=(os.getpid(),))

    def _part(self, what: str, k: int) -> Path:
        return self.work / what / _PART.format(k)

    @staticmethod
    def tables(cfg: StageConfig | None) -> tuple[str, ...]:
        """The tables stage 3 writes (``cfg`` None, :func:`ingest`: the first three)."""
        return TABLES if cfg else TABLES[:3]

    def _ingested(self, k: int) -> dict | None:
        """The counts of stage 1's chunk ``k`` when it finished and its files are whole; None
        (do it again) when it did not, or a file was lost or damaged since (a killed copy of the
        folder, a full disk)."""
        c = _read_marker(self.work / f"ingest-{k:05d}.done")
        if c is None:
            return None
        ingest, n = self.work / "ingest", c.get("articles")
        files = {self._part("ingest", k): n, self._part("ingest-rejects", k): c.get("rejects"),
                 ingest / f"features-{k:05d}.npz": n, ingest / f"signatures-{k:05d}.npy": n}
        return c if all(_whole(f, rows) for f, rows in files.items()) else None

    def _analyzed(self, k: int, cfg: StageConfig | None, ingested: dict) -> dict | None:
        """The counts of stage 3's chunk ``k`` when it finished and its parts are whole, with
        the rows its marker (and stage 1's) counts; else None (do it again)."""
        c = _read_marker(self.work / f"chunk-{k:05d}.done")
        if c is None:
            return None
        rows = {**c, "articles": ingested.get("articles"), "rejects": ingested.get("rejects")}
        return c if all(_whole(self.dest / f"{name}.parquet" / _PART.format(k), rows.get(name))
                        for name in self.tables(cfg)) else None

    def _bar(self, **kw):
        from tqdm import tqdm

        # shown after a second: an input error found at once leaves stderr to its one line
        return tqdm(disable=not self.progress, delay=1.0, **kw)

    def ingest(self, reader, chunk_size: int) -> list[dict]:
        """Stage 1: read, clean and check the input chunk by chunk (cleaning on the workers,
        id checks here, in input order). Returns each chunk's counts."""
        from .corpus import prepare_records, reject_reasons

        self._new_pool()
        counts: list[dict] = []
        pending: list = []   # (k, result or future, raws, reader rejects), in input order
        bar = self._bar(unit=" records", desc="ingest")

        def finish_one() -> None:
            k, result, raws, rejected = pending.pop(0)
            chunk = reader.admit(result.result() if self.pool else result, raws, rejected)
            _write_part(chunk.articles, self._part("ingest", k))
            _write_part(chunk.rejects, self._part("ingest-rejects", k))
            np.savez(self.work / "ingest" / f"features-{k:05d}.npz", keys=chunk.keys,
                     has_signature=chunk.has_signature)
            np.save(self.work / "ingest" / f"signatures-{k:05d}.npy", chunk.signatures)
            c = {"records": len(chunk.articles) + len(chunk.rejects),
                 "articles": len(chunk.articles), "rejects": len(chunk.rejects),
                 "reasons": reject_reasons(chunk.rejects), "fired": chunk.fired,
                 "languages_overridden": chunk.languages_overridden}
            _write_marker(self.work / f"ingest-{k:05d}.done", c)
            counts.append(c)
            bar.update(c["records"])

        with bar:
            for k, (raws, rejected) in enumerate(reader.raw_chunks(chunk_size)):
                done = self._ingested(k)
                if done is not None:  # resumed: only its article ids need to be known again
                    while pending:
                        finish_one()
                    counts.append(done)
                    ids = pd.read_parquet(self._part("ingest", k), columns=["article_id", "source"])
                    reader.readmit(ids["article_id"].tolist(), ids["source"].tolist())
                    bar.update(counts[-1]["records"])
                    continue
                if self.pool is None:
                    pending.append((k, reader.prepare(raws), raws, rejected))
                else:
                    pending.append((k, self.pool.submit(prepare_records, raws, reader.rules,
                                                        reader.meta, reader.today,
                                                        reader.month_first), raws, rejected))
                while pending and (self.pool is None or len(pending) > 2 * self.workers):
                    finish_one()
            while pending:
                finish_one()
        return counts

    def duplicates(self, ingested: list[dict]) -> dict[str, list[str]]:
        """Stage 2: ``duplicate_of`` of every article, resolved over the whole corpus and
        written per chunk to ``.work/duplicates/``. Returns the outlet names that differ only
        in case, spaces or punctuation (:func:`~analysis.corpus.outlet_variants`)."""
        from .corpus import DEDUPE_PERM, outlet_variants, resolve_duplicates

        n = len(ingested)
        # one step per chunk whose marks are written; the bar shows from the stage's start
        with self._bar(total=n, unit="chunk", desc="duplicates") as bar:
            offsets = np.concatenate([[0], np.cumsum([c["articles"] for c in ingested])]
                                     ).astype(np.int64)
            features = [np.load(self.work / "ingest" / f"features-{k:05d}.npz") for k in range(n)]
            keys = np.concatenate([f["keys"] for f in features])
            has = np.concatenate([f["has_signature"] for f in features])
            parts = [pd.read_parquet(self._part("ingest", k), columns=["published", "outlet"])
                     for k in range(n)]
            published = np.concatenate([p["published"].to_numpy(dtype="datetime64[ns]")
                                        for p in parts])
            outlets: Counter = Counter()
            for p in parts:
                outlets.update(p["outlet"].dropna().astype(str).tolist())
            del parts

            def signature_rows(rows: np.ndarray):
                chunk_of = np.searchsorted(offsets, rows, side="right") - 1
                sigs = np.zeros((len(rows), DEDUPE_PERM), dtype=np.uint32)
                for k in np.unique(chunk_of):
                    sel = chunk_of == k
                    stored = np.load(self.work / "ingest" / f"signatures-{k:05d}.npy",
                                     mmap_mode="r")
                    sigs[sel] = stored[rows[sel] - offsets[k]]
                return sigs, has[rows]

            target = resolve_duplicates(keys, published, signature_rows)
            wanted = np.unique(target[target >= 0])
            id_of: dict[int, str] = {}
            for k in np.unique(np.searchsorted(offsets, wanted, side="right") - 1):
                ids = pd.read_parquet(self._part("ingest", k),
                                      columns=["article_id"])["article_id"]
                rows = wanted[(wanted >= offsets[k]) & (wanted < offsets[k + 1])]
                id_of.update({int(r): ids.iloc[r - offsets[k]] for r in rows})
            for k in range(n):  # to disk, so that stage 3 starts from a parent this small again
                rows = target[offsets[k]: offsets[k + 1]]
                _write_part(pd.DataFrame({"duplicate_of": pd.Series(
                    [None if t < 0 else id_of[int(t)] for t in rows], dtype="object")}),
                    self._part("duplicates", k))
                bar.update()
            return outlet_variants(outlets)

    def analyze(self, cfg: StageConfig | None, ingested: list[dict]) -> dict:
        """Stage 3: the per-article stages on every chunk. Returns the summed counts."""
        self._new_pool()
        total: dict = {}
        todo = []
        for k in range(len(ingested)):
            done = self._analyzed(k, cfg, ingested[k])
            if done is not None:
                _add_counts(total, done)
            else:
                todo.append(k)
        with self._bar(total=len(ingested), initial=len(ingested) - len(todo), unit="chunk",
                       desc="analyze") as bar:

            def record(k: int, counts: dict) -> None:
                _write_marker(self.work / f"chunk-{k:05d}.done", counts)
                _add_counts(total, counts)
                bar.update()

            args = {k: (k, self.work, self.dest, cfg) for k in todo}
            if self.pool is None:
                for k in todo:
                    record(k, _analyze_task(*args[k]))
            else:
                from concurrent.futures import as_completed

                futures = {self.pool.submit(_analyze_task, *args[k]): k for k in todo}
                for future in as_completed(futures):
                    record(futures[future], future.result())
        return total


def _release_memory() -> None:
    """Hand the memory this process has freed back to the system before workers fork: they
    start with its resident pages, so what it keeps is held once more per worker (after stage
    1 of 10k articles the parent held 341 MB, 241 MB after this)."""
    import contextlib
    import ctypes
    import gc

    import pyarrow as pa

    gc.collect()
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(AttributeError, OSError):   # glibc; other C libraries lack it
        ctypes.CDLL(None).malloc_trim(0)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signal.Signals(signum).name}")


def _die_with_parent(run_pid: int) -> None:
    """Worker initializer: on Linux the kernel sends the worker SIGTERM when its parent (the
    run's process, or the fork server that dies with it) dies, however it dies (SIGKILL, out of
    memory), so that no worker is left behind, blocked on its task queue."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the run's handler, which forked in
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    try:
        os.kill(run_pid, 0)  # the run died before prctl took effect?
    except ProcessLookupError:
        os._exit(1)


def _parts_to_csv(folder: Path, n: int, path: Path) -> None:
    for k in range(n):
        pd.read_parquet(folder / _PART.format(k)).to_csv(path, mode="a" if k else "w",
                                                          header=k == 0, index=False)


def _check_inputs_outside_outputs(inputs: list[Path], folder: Path) -> None:
    """Refuse a run whose output would delete or overwrite one of its inputs (``data/articles.csv``
    with ``--out data``: the run clears its tables first)."""
    outputs = [folder / name for name in OUTPUT_NAMES]
    resolved = [o.resolve() for o in outputs]
    for path in inputs:
        p = path.resolve()
        for out, o in zip(outputs, resolved, strict=True):
            if p == o or o in p.parents:
                raise ValueError(f"input {path_text(path)} is where the run writes "
                                 f"{path_text(out)}: it would be deleted; choose another output "
                                 "folder (or rename the input)")


def _prepare_folder(folder: Path, work: Path, run_key: dict, *, resume: bool) -> None:
    """Make ``folder`` ready: resume a matching interrupted run, else clear what an earlier run
    left (its tables, its work folder; the manifest always goes first)."""
    _writable_folder(folder)
    key_file = work / "run.json"
    key = json.loads(json.dumps(run_key, default=str))
    try:
        previous = json.loads(key_file.read_text())
    except (OSError, ValueError):   # none, or damaged: start over
        previous = None
    if not resume or previous != key:
        shutil.rmtree(work, ignore_errors=True)
        for name in TABLES:
            for fmt in FORMATS:
                target = folder / f"{name}.{fmt}"
                if target.is_dir():
                    shutil.rmtree(target)
                else:
                    target.unlink(missing_ok=True)
    (work / "ingest").mkdir(parents=True, exist_ok=True)
    _atomic_write(key_file, lambda p: p.write_text(json.dumps(key)))
