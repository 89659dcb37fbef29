import pandas as pd
import pytest
from conftest import DEMO

from analysis.pipeline import analyze, ingest

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


def test_local_cluster_gives_the_local_tables(tmp_path):
    """The stages on a 2-worker LocalCluster, over the articles of `ingest` (one Parquet file)
    and over the partitioned articles table `analyze` wrote, equal the local run's tables."""
    from analysis.distributed import analyze_dask

    local = analyze([DEMO / "articles.jsonl"], out=tmp_path / "an", scorer="lexicon.v1",
                    chunk_size=25)
    ingest([DEMO / "articles.jsonl"], out=tmp_path / "ing")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        from_ingest = analyze_dask(tmp_path / "ing" / "articles.parquet", client=client,
                                   scorer="lexicon.v1")
        from_parts = analyze_dask(tmp_path / "an" / "articles.parquet", client=client,
                                  scorer="lexicon.v1")
    for name in ("sentences", "mentions", "sentiment", "claims", "frames"):
        pd.testing.assert_frame_equal(local[name], from_ingest[name], obj=name)
        pd.testing.assert_frame_equal(local[name], from_parts[name], obj=name)


def test_bad_articles_are_refused_before_any_task_runs(tmp_path):
    from analysis.distributed import analyze_dask

    articles = pd.DataFrame({"id": ["a1"], "body": ["Putin met Macron in Versailles."]})
    with pytest.raises(ValueError, match=r"^analyze_dask: articles is missing required column"
                                         r"\(s\): article_id, text$"):
        analyze_dask(articles)
    with pytest.raises(TypeError, match="^analyze_dask: articles must be .* got list"):
        analyze_dask([articles])
    with pytest.raises(FileNotFoundError, match="^analyze_dask: .*nope.parquet not found"):
        analyze_dask(tmp_path / "nope.parquet")
    for bad in (0, -1, 2.5):   # 0 ran as 2 partitions; -1 failed inside dask
        with pytest.raises(ValueError, match=r"^analyze_dask: npartitions must be a whole "
                                             rf"number of at least 1, got {bad}$"):
            analyze_dask(articles.rename(columns={"id": "article_id", "body": "text"}),
                         npartitions=bad)


def test_articles_without_language_or_given_as_a_run_folder(tmp_path):
    """Without a language column every text was scored as English (the demo's French sentences
    by the English model); a run's folder gave pandas' KeyError, its sentences table an error
    from deep inside the stages."""
    from analysis.distributed import analyze_dask

    run = ingest([DEMO / "articles.jsonl"], out=tmp_path / "ing")
    articles = run["articles"]
    assert (articles["language"] == "fr").any()
    whole = analyze_dask(articles, scorer="lexicon.v1")
    unlabelled = analyze_dask(articles.drop(columns=["language"]), scorer="lexicon.v1")
    for name in ("sentences", "mentions", "sentiment", "claims", "frames"):
        pd.testing.assert_frame_equal(unlabelled[name], whole[name], obj=name)
    from_folder = analyze_dask(tmp_path / "ing", scorer="lexicon.v1")
    pd.testing.assert_frame_equal(from_folder["sentiment"], whole["sentiment"])
    with pytest.raises(ValueError, match=r"^analyze_dask: these are sentences"):
        analyze_dask(tmp_path / "ing" / "sentences.parquet")


def test_number_ids_come_back_as_text_as_analyze_gives_them():
    from analysis.distributed import analyze_dask

    articles = pd.DataFrame({"article_id": [17, 18], "language": "en",
                             "text": ["Putin met Macron in Versailles.", "The EU replied."]})
    out = analyze_dask(articles, scorer="lexicon.v1")
    assert out["mentions"]["article_id"].tolist() == ["17", "17", "18"]
    assert out["sentences"]["article_id"].map(type).eq(str).all()


def test_a_run_folder_it_cannot_read_is_named(tmp_path):
    """An unfinished run's folder gave 'missing required column(s): article_id, text'; a
    --format csv run's folder a raw FileNotFoundError from Dask for articles.parquet."""
    import shutil

    from analysis.distributed import analyze_dask

    analyze([DEMO / "articles.jsonl"], out=tmp_path / "csv", scorer="lexicon.v1", fmt="csv",
            load=False)
    with pytest.raises(ValueError, match=r"^analyze_dask: .*csv holds a --format csv run"):
        analyze_dask(tmp_path / "csv")
    analyze([DEMO / "articles.jsonl"], out=tmp_path / "pq", scorer="lexicon.v1", load=False)
    shutil.copytree(tmp_path / "pq", tmp_path / "unfinished")
    (tmp_path / "unfinished" / "manifest.json").unlink()
    (tmp_path / "unfinished" / ".work").mkdir()
    (tmp_path / "unfinished" / ".work" / "run.json").write_text("{}")
    with pytest.raises(ValueError, match=r"^analyze_dask: .*unfinished holds an unfinished run"):
        analyze_dask(tmp_path / "unfinished")
