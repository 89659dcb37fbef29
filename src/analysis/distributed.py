"""Run the per-article stages on a Dask cluster (the ``dask`` extra).

The same :func:`analysis.pipeline.analyze_chunk` runs on every partition of a Dask DataFrame of
articles (or of a Parquet dataset written by ``electionlens ingest``), on whatever cluster the
``distributed`` client points at; the partitions' tables are concatenated in partition order, so
the result equals the local path's row for row.

Point it at a real cluster by its scheduler address::

    from dask.distributed import Client
    client = Client("tcp://scheduler-host:8786")
    tables = analyze_dask("runs/ingest/articles.parquet", client=client)
"""

from __future__ import annotations

import numbers
from pathlib import Path

import pandas as pd

from ._checks import require_columns
from .actors import ActorRegistry
from .pipeline import STAGE_TABLES, StageConfig, _run_parts, _scorers, analyze_chunk, as_stored
from .scoring.base import OptionalDependencyError

__all__ = ["analyze_dask"]


def _dask():
    try:
        import dask
        import dask.dataframe as dd
        from dask import delayed
    except ImportError as exc:
        raise OptionalDependencyError(
            f"analyze_dask needs the 'dask' extra ({exc.name} is not installed): "
            "pip install 'electionlens[dask]'") from None
    return dask, dd, delayed


def _language_of(text) -> str:
    from .corpus import detect_language

    return detect_language(text) if isinstance(text, str) else "und"


def _articles_path(path: Path) -> Path:
    """The Parquet articles of ``path``: a run's folder gives its ``articles.parquet``, whose
    parts are checked as :func:`~analysis.pipeline.read_tables` checks them."""
    if (path / "manifest.json").is_file() or (path / ".work" / "run.json").is_file():
        if not (path / "manifest.json").is_file():
            raise ValueError(f"analyze_dask: {path} holds an unfinished run (no manifest.json): "
                             "its tables are partial; run it again to finish it")
        if not (path / "articles.parquet").exists() and (path / "articles.csv").exists():
            raise ValueError(f"analyze_dask: {path} holds a --format csv run (articles.csv); "
                             "analyze_dask reads Parquet: run it with --format parquet, or give "
                             "read_tables(DIR, tables=['articles'])['articles']")
        path = path / "articles.parquet"
    if path.is_dir() and (path.parent / "manifest.json").is_file():   # a run's table
        _run_parts(path)
    return path


def analyze_dask(articles, *, client=None, actors: ActorRegistry | str | Path | None = None,
                 continuation: bool = True, scorer: str | None = None,
                 stance_scorer: str | None = None, frames_scorer: str | None = None,
                 scorer_options=None, npartitions: int | None = None) -> dict[str, pd.DataFrame]:
    """The per-article tables (sentences, mentions, sentiment, claims, frames) of ``articles``.

    ``articles``: a Dask DataFrame, a pandas DataFrame (split into ``npartitions``), or the path
    of a Parquet file/dataset with the ``articles`` columns (or of a run's folder: its articles).
    Without a ``language`` column, each text's language is identified as ingest does.
    ``client``: a
    ``dask.distributed.Client`` (default: the current one, or Dask's local scheduler).
    The tables have the dtypes of :func:`analysis.pipeline.analyze`'s (as read from Parquet);
    the scorers and their ``scorer_options`` are those of :func:`~analysis.pipeline.analyze`.
    """
    if npartitions is not None and (not isinstance(npartitions, numbers.Integral)
                                    or npartitions < 1):
        raise ValueError("analyze_dask: npartitions must be a whole number of at least 1, "
                         f"got {npartitions!r}")
    dask, dd, delayed = _dask()
    if isinstance(articles, (str, Path)):
        if "://" not in str(articles) and not Path(articles).exists():
            raise FileNotFoundError(f"analyze_dask: {articles} not found (a Parquet file or "
                                    "dataset with the articles table of `electionlens ingest`)")
        articles = _articles_path(Path(articles)) if "://" not in str(articles) else articles
        articles = dd.read_parquet(str(articles))
    elif isinstance(articles, pd.DataFrame):
        articles = dd.from_pandas(articles, npartitions=npartitions or 2, sort=False)
    elif not isinstance(articles, dd.DataFrame):
        raise TypeError("analyze_dask: articles must be a Dask or pandas DataFrame or a Parquet "
                        f"path, got {type(articles).__name__}")
    # checked here, not in a task on some worker after the cluster has started on it
    require_columns(pd.DataFrame(columns=articles.columns), ("article_id", "text"), "analyze_dask",
                    "articles")
    if "sentence_id" in articles.columns:   # a run's sentences table has article_id and text
        raise ValueError("analyze_dask: these are sentences (a sentence_id column), not "
                         "articles; give the articles table (DIR/articles.parquet)")
    if not pd.api.types.is_string_dtype(articles["article_id"].dtype) \
            and articles["article_id"].dtype != object:
        # ids are text in every table of analyze (ingest reads 17 as "17"): int64 ids here gave
        # tables that do not join with a local run's
        from .corpus import _as_id

        articles = articles.assign(article_id=articles["article_id"].map(
            _as_id, meta=("article_id", "object")))
    if "language" not in articles.columns:
        # identified from the text, as `electionlens ingest` does: without it every text was
        # scored as English (French sentences by the English model) and frames used English cues
        articles = articles.assign(language=articles["text"].map(
            _language_of, meta=("language", "object")))
    cfg = StageConfig.build(actors=actors, continuation=continuation, scorer=scorer,
                            stance_scorer=stance_scorer, frames_scorer=frames_scorer,
                            scorer_options=scorer_options)
    _scorers(cfg)  # unknown names and options fail here, not in a task on some worker
    tasks = [delayed(analyze_chunk)(part, cfg) for part in articles.to_delayed()]
    if client is not None:
        results = client.gather(client.compute(tasks))
    else:
        results = dask.compute(*tasks)
    return {name: as_stored(pd.concat([r[name] for r in results], ignore_index=True))
            for name in STAGE_TABLES}
