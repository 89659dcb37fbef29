import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from conftest import DEMO

from analysis.pipeline import analyze, read_tables, write_tables

# Wire originals and their republished copies in the demo corpus (data/demo/README.md).
WIRE_COPIES = {
    "nt-0007": "cl-0011", "mvi-0010": "cl-0011", "rc-0002": "cl-0003", "nt-0003": "cl-0003",
    "rc-0008": "cl-0008", "rc-0015": "cl-0017", "mvi-0016": "cl-0017", "rc-0018": "cl-0020",
    "nt-0015": "cl-0020", "cl-0021": "rc-0020", "mvi-0006": "cl-0006", "ph-0008": "qc-0007",
    "mvi-0025": "mvi-0005", "qc-0016": "qc-0006",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    tables = analyze([DEMO / "articles.jsonl", DEMO / "texts", DEMO / "html"], out=out)
    return tables, out


def test_demo_counts_reconcile(demo):
    tables, out = demo
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["records"] == 128 == counts["articles"] + counts["rejects"]
    assert counts["articles"] == len(tables["articles"]) and counts["mentions"] == len(tables["mentions"])
    assert counts["languages"]["fr"] >= 15
    assert tables["articles"]["outlet"].nunique() >= 5


def test_demo_wire_copies_and_duplicates_are_marked(demo):
    articles = demo[0]["articles"].set_index("article_id")
    marked = articles["duplicate_of"].dropna().to_dict()
    assert marked == WIRE_COPIES


def test_demo_messy_records_are_rejected_with_reasons(demo):
    rejects = demo[0]["rejects"]
    reasons = sorted(rejects["reason"].str.split(":").str[0].str.split(" '").str[0])
    assert reasons == ["duplicate article_id", "empty text after cleaning", "garbled text",
                       "missing or empty text", "missing or empty text"]


def test_demo_boilerplate_and_dates(demo):
    articles = demo[0]["articles"].set_index("article_id")
    text = "\n".join(articles["text"])
    for junk in ("Please enter your comment", "Share on Facebook", "License Photo",
                 "Subscribe to our newsletter", "Abonnez-vous", "By Anna Keller"):
        assert junk not in text
    assert articles.loc[["nt-0006", "qc-0004", "cl-0002", "rc-0004"], "published"].isna().all()
    dated = articles["published"].dropna()
    assert dated.min() >= pd.Timestamp("2017-02-01") and dated.max() <= pd.Timestamp("2017-05-21")
    assert articles["wire"].eq("CPA").sum() >= 10


def test_demo_mentions_offsets(demo):
    tables = demo[0]
    texts = tables["articles"].set_index("article_id")["text"]
    m = tables["mentions"]
    assert set(m["bloc"]) == {"russia", "eu", "fr_politics"}
    assert all(texts[a][s:e] == surf for a, s, e, surf in
               zip(m["article_id"], m["start"], m["end"], m["surface"]))
    sents = tables["sentences"].set_index(["article_id", "sentence_id"])
    joined = m.join(sents[["start", "end"]].rename(columns=lambda c: "s_" + c), on=["article_id", "sentence_id"])
    assert ((joined["start"] >= joined["s_start"]) & (joined["end"] <= joined["s_end"])).all()


def test_tables_round_trip_csv_and_parquet(demo, tmp_path):
    tables = demo[0]
    for fmt in ("csv", "parquet"):
        write_tables(tables, tmp_path / fmt, fmt=fmt)
        back = read_tables(tmp_path / fmt)
        assert set(back) == set(tables)
        assert len(back["mentions"]) == len(tables["mentions"])
    assert not list((tmp_path / "csv").glob("*.tmp"))


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_read_tables_reads_less_on_request(demo, tmp_path, fmt):
    tables, out = demo
    if fmt == "csv":
        out = write_tables(tables, tmp_path / "csv", fmt="csv")
    full = read_tables(out)
    ids = full["articles"]["article_id"].iloc[[3, 7]].tolist()
    some = read_tables(out, tables=["articles", "sentences"], article_ids=ids,
                       columns={"articles": ["article_id", "outlet"]})
    assert set(some) == {"articles", "sentences"}
    assert list(some["articles"].columns) == ["article_id", "outlet"]
    assert some["articles"]["article_id"].tolist() == ids
    expected = full["sentences"][full["sentences"]["article_id"].isin(ids)].reset_index(drop=True)
    pd.testing.assert_frame_equal(some["sentences"], expected)
    none = read_tables(out, tables=["sentences"], article_ids=[])["sentences"]
    assert none.empty and list(none.columns) == list(full["sentences"].columns)
    with pytest.raises(ValueError, match=r"articles\.(parquet|csv): no column\(s\) nope"):
        read_tables(out, tables=["articles"], columns={"articles": ["article_id", "nope"]})
    # of the frames, only the article-level rows (what the report needs of a large run)
    frames = full["frames"]
    whole = frames[frames["sentence_id"].isna()].reset_index(drop=True)
    assert 0 < len(whole) < len(frames)
    got = read_tables(out, tables=["frames"], article_level_frames=True)["frames"]
    pd.testing.assert_frame_equal(got, whole)
    got = read_tables(out, tables=["frames", "mentions"], article_ids=ids,
                      columns={"frames": ["article_id", "frame"]}, article_level_frames=True)
    expected = whole.loc[whole["article_id"].isin(ids), ["article_id", "frame"]]
    pd.testing.assert_frame_equal(got["frames"], expected.reset_index(drop=True))
    assert len(got["mentions"]) == full["mentions"]["article_id"].isin(ids).sum()
    # columns without the id the filter needs (a CSV run raised KeyError: 'article_id')
    got = read_tables(out, tables=["mentions"], columns={"mentions": ["actor", "bloc"]},
                      article_ids=ids)["mentions"]
    expected = full["mentions"].loc[full["mentions"]["article_id"].isin(ids), ["actor", "bloc"]]
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))


def test_read_tables_warns_of_an_unfinished_run(demo, tmp_path, monkeypatch):
    """An interrupted run's tables were read back as if whole."""
    _interrupt(lambda: _small_run(tmp_path / "run", chunk_size=20), monkeypatch, at=2)
    with pytest.warns(UserWarning, match=r"run holds an unfinished run \(no manifest.json\): its "
                                         r"tables are partial"):
        partial = read_tables(tmp_path / "run")
    assert 0 < len(partial["mentions"]) < len(demo[0]["mentions"])


def test_parts_with_different_schemas_read_as_pandas_joins_them(tmp_path):
    """Parts of one table are read as one Arrow dataset; parts whose schemas differ (an int
    column in one part, a float one in the next: parts from different writers) are still read
    as pandas joins them, not cast to the first part's types."""
    folder = tmp_path / "run" / "mentions.parquet"
    folder.mkdir(parents=True)
    first = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 1], "start": [3, 4]})
    second = pd.DataFrame({"article_id": ["c"], "sentence_id": [2], "start": [6.0]})
    first.to_parquet(folder / "part-00000.parquet", index=False)
    second.to_parquet(folder / "part-00001.parquet", index=False)
    got = read_tables(tmp_path / "run", tables=["mentions"])["mentions"]
    pd.testing.assert_frame_equal(got, pd.concat([pd.read_parquet(folder / "part-00000.parquet"),
                                                  pd.read_parquet(folder / "part-00001.parquet")],
                                                 ignore_index=True))
    assert got["start"].tolist() == [3.0, 4.0, 6.0] and got["start"].dtype == "float64"
    second.assign(start=[5]).to_parquet(folder / "part-00001.parquet", index=False)
    same = read_tables(tmp_path / "run", tables=["mentions"], article_ids=["a", "c"])["mentions"]
    assert same["article_id"].tolist() == ["a", "c"] and same["start"].tolist() == [3, 5]


@pytest.mark.parametrize("setting, message", [
    ({"workers": 0}, "analyze: workers must be a whole number of at least 1, got 0"),
    ({"chunk_size": 2.5}, "analyze: chunk_size must be a whole number of at least 1, got 2.5"),
])
def test_a_bad_chunk_size_or_worker_count_is_named(tmp_path, setting, message):
    # the message named both settings whichever was wrong, and 2.5 gave a chunk of 3 rows
    with pytest.raises(ValueError, match=message):
        analyze([DEMO], out=tmp_path / "run", progress=False, **setting)


def test_write_tables_rejects_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        write_tables({}, tmp_path, fmt="xlsx")


# ----------------------------------------------------------------------------- chunks, workers, resume

def _small_run(out, **kw):
    return analyze([DEMO / "articles.jsonl"], out=out, scorer="lexicon.v1", **kw)


def _interrupt(run, monkeypatch, *, at: int) -> None:
    """Call ``run()`` as if Ctrl-C were pressed during its ``at``-th chunk of the stages."""
    import analysis.pipeline as pl

    real, calls = pl.analyze_chunk, []

    def stop(articles, cfg):
        calls.append(1)
        if len(calls) == at:
            raise KeyboardInterrupt
        return real(articles, cfg)

    with monkeypatch.context() as m:
        m.setattr(pl, "analyze_chunk", stop)
        with pytest.raises(KeyboardInterrupt):
            run()


def _assert_same(a, b):
    for name in ("articles", "rejects", "sentences", "mentions", "sentiment", "claims", "frames"):
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True),
                                      obj=name)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return _small_run(tmp_path_factory.mktemp("ref"), chunk_size=1000)


def test_all_tables_written(reference):
    assert {"claims", "frames", "sentiment", "mentions"} <= set(reference)
    assert len(reference["claims"]) and len(reference["frames"])
    counts = reference.manifest["counts"]
    assert counts["claims"] == len(reference["claims"]) and counts["frames"] == len(reference["frames"])


def test_chunk_size_and_workers_do_not_change_results(reference, tmp_path):
    _assert_same(reference, _small_run(tmp_path / "a", chunk_size=17))
    _assert_same(reference, _small_run(tmp_path / "b", chunk_size=17, workers=2))


def test_interrupted_run_resumes_to_identical_tables(reference, tmp_path, monkeypatch):
    import analysis.pipeline as pl

    real = pl.analyze_chunk
    calls = []

    def flaky(articles, cfg):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C during the third chunk
        return real(articles, cfg)

    out = tmp_path / "run"
    monkeypatch.setattr(pl, "analyze_chunk", flaky)
    with pytest.raises(KeyboardInterrupt):
        _small_run(out, chunk_size=20)
    assert not (out / "manifest.json").exists()  # no manifest vouches for partial tables
    done = sorted(p.name for p in (out / ".work").glob("chunk-*.done"))
    assert done == ["chunk-00000.done", "chunk-00001.done"]
    calls.clear()
    monkeypatch.setattr(pl, "analyze_chunk", lambda a, c: (calls.append(1), real(a, c))[1])
    resumed = _small_run(out, chunk_size=20)
    n_chunks = -(-reference.manifest["counts"]["records"] // 20)  # chunks of input records
    assert len(calls) == n_chunks - 2  # finished chunks were not redone
    _assert_same(reference, resumed)
    assert not (out / ".work").exists()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killed_run_leaves_no_workers_and_resumes(reference, tmp_path, sig):
    """`kill` or a batch scheduler's time limit (SIGTERM to the run's process alone), or a
    SIGKILL: the workers must not outlive the run (they were left blocked on their queue,
    holding their memory, and could still write parts), and the run resumes."""
    out = tmp_path / "run"
    argv = [sys.executable, "-m", "analysis.cli", "analyze", str(DEMO / "articles.jsonl"),
            "--out", str(out), "--scorer", "lexicon.v1", "--workers", "2", "--chunk-size", "2"]
    run = subprocess.Popen(argv, start_new_session=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list((out / ".work").glob("chunk-*.done")):  # in the per-article stage
        assert run.poll() is None and time.monotonic() < deadline, "the run ended too soon"
        time.sleep(0.05)
    with open(f"/proc/{run.pid}/task/{run.pid}/children") as fh:
        workers = [int(p) for p in fh.read().split()]
    assert workers
    os.kill(run.pid, sig)
    rc = run.wait(timeout=60)
    if sig == signal.SIGTERM:  # stopped as Ctrl-C stops it
        assert rc == 130 and "interrupted" in run.stderr.read()
    else:
        run.stderr.close()
    deadline = time.monotonic() + 30
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "workers outlived the run"
    assert not (out / "manifest.json").exists()
    assert subprocess.run(argv, capture_output=True).returncode == 0  # resumes
    _assert_same(reference, read_tables(out))


def test_interrupted_ingest_stage_resumes(reference, tmp_path, monkeypatch):
    """Ctrl-C while the input is being cleaned: the chunks already cleaned are not cleaned again
    (their article ids still count for duplicate-id checks) and the tables are identical."""
    import analysis.corpus as corpus

    real = corpus.prepare_records
    calls = []

    def flaky(*a, **k):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **k)

    out = tmp_path / "run"
    monkeypatch.setattr(corpus, "prepare_records", flaky)
    with pytest.raises(KeyboardInterrupt):
        _small_run(out, chunk_size=20)
    assert sorted(p.name for p in (out / ".work").glob("ingest-*.done")) == \
        ["ingest-00000.done", "ingest-00001.done"]
    assert not list((out / ".work").glob("chunk-*.done"))
    calls.clear()
    monkeypatch.setattr(corpus, "prepare_records", lambda *a, **k: (calls.append(1), real(*a, **k))[1])
    resumed = _small_run(out, chunk_size=20)
    assert len(calls) == -(-reference.manifest["counts"]["records"] // 20) - 2
    _assert_same(reference, resumed)


def test_tables_are_partitioned_parquet_any_reader_takes(reference, tmp_path):
    """analyze writes <table>.parquet as a folder of parts, one per chunk: pandas/pyarrow read
    the folder as one table, equal to read_tables'; load=False reads nothing back."""
    out = tmp_path / "parts"
    tables = _small_run(out, chunk_size=40, load=False)
    assert dict(tables) == {} and tables.manifest["counts"]["articles"] == len(reference["articles"])
    n = -(-tables.manifest["counts"]["records"] // 40)
    for name in ("articles", "rejects", "sentences", "mentions", "sentiment", "claims", "frames"):
        folder = out / f"{name}.parquet"
        assert sorted(p.name for p in folder.iterdir()) == [f"part-{k:05d}.parquet" for k in range(n)]
        whole = pd.read_parquet(folder)
        assert len(whole) == len(reference[name]), name
    _assert_same(reference, read_tables(out))
    # a rerun with other settings replaces the folders, never mixes parts of two runs
    again = _small_run(out, chunk_size=1000, load=False)
    assert len(list((out / "mentions.parquet").iterdir())) == 1
    assert again.manifest["counts"]["mentions"] == len(reference["mentions"])


def test_csv_format_joins_the_parts(reference, tmp_path):
    out = tmp_path / "csv"
    _small_run(out, chunk_size=30, fmt="csv", load=False)
    back = read_tables(out)
    assert not list(out.glob("*.parquet")) and not (out / ".work").exists()
    for name in ("articles", "mentions", "frames"):
        assert len(back[name]) == len(reference[name]), name
    assert back["mentions"]["article_id"].tolist() == reference["mentions"]["article_id"].tolist()


def test_duplicates_point_to_the_earliest_copy_across_chunks(tmp_path):
    """Duplicates are resolved over the whole corpus, not per chunk: a copy read first but
    published later points to the earlier one read in a later chunk."""
    story = ("Le Pen met Putin in Moscow on Friday, and the two discussed sanctions, the euro and "
             "the future of the European Union at some length before the cameras. ") * 3
    rows = [{"id": "late", "published": "2017-03-25", "text": story},
            {"id": "other", "published": "2017-03-20", "text": "Macron spoke in Lyon about jobs, "
             "schools and the budget for the coming five years, to a large crowd."},
            {"id": "early", "published": "2017-03-24", "text": story.replace("Friday", "Friday night")}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    for size in (1, 2, 1000):
        arts = analyze(path, out=tmp_path / f"o{size}", scorer="lexicon.v1", chunk_size=size)["articles"]
        dup = dict(zip(arts["article_id"], arts["duplicate_of"]))
        assert dup["late"] == "early" and pd.isna(dup["early"]) and pd.isna(dup["other"]), size


def test_outlets_spelled_two_ways_are_reported(tmp_path):
    """A real corpus (the Narrative Frames Corpus) names 'breitbart' and 'Breitbart', 'The
    Guardian' and 'theguardian': counted as different outlets without a word."""
    rows = [{"id": f"a{i}", "published": f"2017-03-2{i}", "outlet": outlet,
             "text": f"Story {i}: Macron spoke in Lyon about jobs and the budget on day {i}."}
            for i, outlet in enumerate(["breitbart", "Breitbart", "The Guardian", "theguardian",
                                        "breitbart", "Le Monde"])]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    with pytest.warns(UserWarning, match="2 outlet name.*'breitbart' / 'Breitbart'"):
        tables = analyze(path, out=tmp_path / "o", scorer="lexicon.v1", chunk_size=2)
    assert tables.manifest["counts"]["outlet_variants"] == {
        "breitbart": ["breitbart", "Breitbart"], "The Guardian": ["The Guardian", "theguardian"]}
    assert tables["articles"]["outlet"].tolist() == [r["outlet"] for r in rows]   # unchanged
    from analysis.report import build_report

    build_report(tmp_path / "o", out=tmp_path / "r.pdf")
    assert "Outlets spelled two ways" in (tmp_path / "r.html").read_text("utf-8")


def test_scorer_options_reach_the_scorers(tmp_path):
    """A model trained with `electionlens train sentiment` is used by analyze through
    scorer_options (here a copy of the shipped one: same rows); bad options fail before any
    input is read, naming what is wrong."""
    import shutil

    from analysis.scoring.sklearn import shipped_model_path

    mine = tmp_path / "my-model"
    shutil.copytree(shipped_model_path(), mine)
    default = analyze(DEMO / "texts")
    own = analyze(DEMO / "texts", scorer_options={"sentiment": {"model_path": str(mine)}})
    pd.testing.assert_frame_equal(own["sentiment"], default["sentiment"])
    assert own.manifest["config"]["scorer_options"] == {"sentiment": {"model_path": str(mine)}}
    assert default.manifest["config"]["scorer_options"] == {}
    # the manifest names the model and the word vectors it was trained with (reproducibility)
    from analysis.scoring.vectors import DEFAULT_VECTORS, vectors_sha256

    model = default.manifest["models"]["sentiment"]
    assert model["name"] == "sklearn.tsc.v2" and model["test_scores"]["mt"]["macro_f1"] > 0.62
    assert model["vectors"]["sha256"] == vectors_sha256(DEFAULT_VECTORS)
    with pytest.raises(ValueError, match="unknown task 'sentimnet'"):
        analyze(DEMO / "texts", scorer_options={"sentimnet": {"model_path": str(mine)}})
    with pytest.raises(ValueError, match="scorer 'sklearn.tsc.v2' has no option 'model'"):
        analyze(DEMO / "texts", scorer_options={"sentiment": {"model": str(mine)}})
    with pytest.raises(TypeError, match=r"scorer_options\['frames'\]: expected a mapping"):
        analyze(DEMO / "texts", scorer_options={"frames": "x"})


def test_reuse_reads_back_only_the_same_run(tmp_path):
    """analyze(reuse=True), as notebooks 05 and 07 call it: the finished run in `out` is read
    back when inputs, configuration and versions are the same (workers aside), and computed
    again when anything that changes the numbers differs: the scorer, an input file's bytes."""
    import shutil

    texts = tmp_path / "texts"
    shutil.copytree(DEMO / "texts", texts)
    out = tmp_path / "run"
    first = analyze(texts, out=out, reuse=True)
    assert "reused" not in first.manifest
    again = analyze(texts, out=out, reuse=True, workers=2)
    assert again.manifest["reused"] is True
    assert again.manifest["created"] == first.manifest["created"]
    for name in first:
        pd.testing.assert_frame_equal(again[name], first[name])
    other = analyze(texts, out=out, reuse=True, scorer="lexicon.v1")
    assert "reused" not in other.manifest
    assert set(other["sentiment"]["scorer"].dropna()) == {"lexicon.v1"}
    victim = sorted(texts.iterdir())[0]
    victim.write_text(victim.read_text("utf-8") + "\nPutin praised Le Pen.\n", "utf-8")
    edited = analyze(texts, out=out, reuse=True, scorer="lexicon.v1")
    assert "reused" not in edited.manifest
    assert len(edited["sentences"]) > len(other["sentences"])
    assert "reused" not in analyze(texts, out=out, scorer="lexicon.v1").manifest  # default: run
    # the folder's metadata.csv is an input too (it was not hashed: its edits went unseen)
    sidecar = texts / "metadata.csv"
    assert str(sidecar) in [i["path"] for i in edited.manifest["inputs"]]
    sidecar.write_text(sidecar.read_text("utf-8").replace("Ledger", "Gazette"), "utf-8")
    renamed = analyze(texts, out=out, reuse=True, scorer="lexicon.v1")
    assert "reused" not in renamed.manifest
    assert renamed["articles"]["outlet"].str.contains("Gazette").any()


def test_csv_run_reads_back_as_the_parquet_run(tmp_path):
    """read_tables on a --format csv run gives the Parquet run's tables, dtypes included: an id
    "00123" stayed 123 (an int) in every table, so it matched nothing, not even article_ids=."""
    body = ("Marine Le Pen met Vladimir Putin in the Kremlin on Friday. The European Union "
            "criticised the visit, officials in Brussels said.")
    rows = [{"id": "00123", "outlet": "1917", "published": "2017-03-24", "text": body},
            {"id": "124", "outlet": "NA", "published": "2017-03-25", "text": body + " Again."}]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    analyze(src, out=tmp_path / "csv", fmt="csv", load=False)
    analyze(src, out=tmp_path / "pq", load=False)
    csv, pq = read_tables(tmp_path / "csv"), read_tables(tmp_path / "pq")
    assert csv["articles"]["article_id"].tolist() == ["00123", "124"]
    for name in pq:
        pd.testing.assert_frame_equal(csv[name], pq[name], obj=name)
    some = read_tables(tmp_path / "csv", tables=["sentences"], article_ids=["00123"])
    assert len(some["sentences"]) == 2
    # one id as a string, and an id given as a number (pyarrow's ArrowTypeError; a string was
    # read as its characters and matched nothing)
    for run in ("csv", "pq"):
        one = read_tables(tmp_path / run, tables=["articles"], article_ids="00123")["articles"]
        assert one["article_id"].tolist() == ["00123"]
        number = read_tables(tmp_path / run, tables=["articles"], article_ids=[124])["articles"]
        assert number["article_id"].tolist() == ["124"]


def test_read_tables_names_what_it_cannot_read(demo):
    """A misspelt table was skipped without a word (the KeyError came later, elsewhere), a
    table given as a string was read letter by letter, and columns for an unknown table were
    ignored."""
    _, out = demo
    with pytest.raises(FileNotFoundError, match=r"no table sentimnet \(there: articles, "):
        read_tables(out, tables=["articles", "sentimnet"])
    with pytest.raises(ValueError, match=r"columns given for unknown table\(s\) sentimnet"):
        read_tables(out, columns={"sentimnet": ["label"]})
    assert list(read_tables(out, tables="articles")) == ["articles"]


def test_rejects_after_the_first_chunk_are_kept(tmp_path):
    """The readers' rejects (a bad JSONL line, a malformed CSV row) found after the first chunk
    of records went into a list the run no longer read: lost from rejects and the counts."""
    from analysis.pipeline import ingest

    body = "Marine Le Pen met Vladimir Putin in Moscow on Friday; the EU replied with sanctions."
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps({"id": f"a{i}", "text": f"{body} {i}"})
                                                for i in range(5)) + "\nnot json\n")
    (tmp_path / "b.csv").write_text(f'id,text\nb1,"{body}"\nb2,x,y,z\n')
    for size in (2, 1000):
        tables = ingest([tmp_path / "a.jsonl", tmp_path / "b.csv"], out=tmp_path / f"o{size}",
                        chunk_size=size)
        assert tables["rejects"]["record"].tolist() == ["line 6", "row 3"], size
        assert tables.manifest["counts"]["records"] == 8, size


def test_reuse_and_resume_see_edits_to_the_actor_and_rules_files(tmp_path, monkeypatch):
    """The manifest and the resume key named the actor and cleaning-rule files by path only: a
    run after editing them reused the old tables (reuse=True) or the old chunks (resume)."""
    actors = tmp_path / "actors.yaml"
    actors.write_text("actors:\n  - id: nato\n    name: NATO\n    bloc: eu\n    kind: organisation\n"
                      "    aliases: [NATO]\n", "utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: mine\n    pattern: 'zzz'\n", "utf-8")
    out = tmp_path / "run"
    run = lambda **kw: _small_run(out, actors=actors, rules=rules, **kw)   # noqa: E731
    first = run(reuse=True)
    assert [f["path"] for f in first.manifest["config_files"]] == [str(actors), str(rules)]
    assert run(reuse=True).manifest.get("reused") is True
    actors.write_text(actors.read_text("utf-8").replace("id: nato", "id: nato_x"), "utf-8")
    edited = run(reuse=True)
    assert "reused" not in edited.manifest and "nato_x" in set(edited["mentions"]["actor"])
    rules.write_text(rules.read_text("utf-8").replace("zzz", "Putin"), "utf-8")
    assert "reused" not in run(reuse=True).manifest
    # resume: an interrupted run is not continued with the edited file's chunks
    _interrupt(lambda: run(chunk_size=20), monkeypatch, at=3)
    actors.write_text(actors.read_text("utf-8").replace("id: nato_x", "id: nato_y"), "utf-8")
    resumed = run(chunk_size=20)
    assert "nato_x" not in set(resumed["mentions"]["actor"])
    assert "nato_y" in set(resumed["mentions"]["actor"])


def test_a_model_saved_again_at_the_same_path_is_used(tmp_path, monkeypatch):
    """Scorers are cached per configuration, which named the model by its path only: in a
    notebook, retraining into the same folder and analysing again used the old model; and an
    interrupted run resumed with the new model kept the old model's chunks."""
    import shutil

    from analysis.scoring.sklearn import shipped_model_path

    mine = tmp_path / "my-model"
    shutil.copytree(shipped_model_path(), mine)
    options = {"sentiment": {"model_path": str(mine)}}
    first = analyze(DEMO / "texts", out=tmp_path / "a", scorer_options=options)
    assert first.manifest["models"]["sentiment"]["name"] == "sklearn.tsc.v2"
    shutil.rmtree(mine)
    shutil.copytree(shipped_model_path().parent / "sentiment-tsc-v1", mine)
    second = analyze(DEMO / "texts", out=tmp_path / "b", scorer_options=options)
    assert second.manifest["models"]["sentiment"]["name"] == "sklearn.tsc.v1"
    # resume: chunks scored by v1 are not kept once the folder holds v2 again
    _interrupt(lambda: analyze(DEMO / "texts", out=tmp_path / "c", scorer_options=options,
                               chunk_size=2), monkeypatch, at=2)
    shutil.rmtree(mine)
    shutil.copytree(shipped_model_path(), mine)
    resumed = analyze(DEMO / "texts", out=tmp_path / "c", scorer_options=options, chunk_size=2)
    pd.testing.assert_frame_equal(resumed["sentiment"], first["sentiment"])


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_a_second_run_into_a_folder_in_use_is_refused(tmp_path):
    """Two runs into one folder at once mixed their chunks under one manifest (57 of 115
    articles from the other run's corpus)."""
    import fcntl

    out = tmp_path / "run"
    out.mkdir()
    with open(out / ".lock", "a+") as held:   # as a run in another process holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        with pytest.raises(OSError, match=r"output folder .*run is in use by another run "
                                          r"\(process 4242\)"):
            _small_run(out)
        assert not (out / ".work").exists() and not (out / "articles.parquet").exists()
    assert _small_run(out).manifest["counts"]["records"] > 0   # free again


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_tables_get_the_permissions_of_any_new_file(tmp_path):
    """Written through mkstemp, tables and manifest were 0600: unreadable to a colleague
    sharing the run's folder, whatever the umask."""
    old = os.umask(0o022)
    try:
        out = _small_run(tmp_path / "run", fmt="csv")
    finally:
        os.umask(old)
    for name in ("manifest.json", "articles.csv", "mentions.csv"):
        assert (tmp_path / "run" / name).stat().st_mode & 0o777 == 0o644, name
    assert out.manifest["counts"]["articles"] > 0


def test_read_tables_takes_one_id_of_any_type(tmp_path):
    # the docstring's "ids are text, so 17 finds '17'" raised TypeError: 'int' is not iterable
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": f"Putin met the EU envoy {i} times."})
                             for i in (17, 18)), encoding="utf-8")
    analyze([src], out=tmp_path / "run")
    for one in (17, "17", [17]):
        got = read_tables(tmp_path / "run", tables=["articles"], article_ids=one)["articles"]
        assert got["article_id"].tolist() == ["17"]


# ----------------------------------------------------------------------------- parts checked

@pytest.fixture(scope="module")
def chunked(tmp_path_factory):
    """A finished run of 6 chunks (tests copy it before damaging it)."""
    out = tmp_path_factory.mktemp("chunked") / "run"
    _small_run(out, chunk_size=20, load=False)
    return out


def test_read_tables_refuses_parts_lost_added_or_damaged(chunked, tmp_path, capsys):
    """read_tables read whatever matched part-*.parquet: a deleted part lost its rows without a
    word, a sync tool's copy `part-00000 (1).parquet` counted its rows twice, and a truncated
    part raised pyarrow's 'Parquet magic bytes not found in footer' naming no file."""
    import shutil

    from analysis.cli import main

    run = tmp_path / "run"
    shutil.copytree(chunked, run)
    sentences = run / "sentences.parquet"
    shutil.copy(sentences / "part-00000.parquet", sentences / "part-00000 (1).parquet")
    with pytest.raises(ValueError, match=r"sentences\.parquet: not of the run: part-00000 \(1\)"
                                         r"\.parquet.*--no-resume"):
        read_tables(run)
    (sentences / "part-00000 (1).parquet").unlink()
    (sentences / "part-00002.parquet").unlink()
    with pytest.raises(ValueError, match=r"sentences\.parquet: missing part-00002\.parquet.*"
                                         r"--no-resume"):
        read_tables(run, tables=["sentences"], article_ids=["nt-0001"])
    shutil.copy(chunked / "sentences.parquet" / "part-00002.parquet", sentences)
    (sentences / "part-00005.parquet").unlink()   # the last: no gap in the names
    with pytest.raises(ValueError, match=r"sentences\.parquet: [\d,]+ rows in its 5 parts, but the "
                                         r"run's manifest counts [\d,]+.*--no-resume"):
        read_tables(run, tables=["sentences"])
    shutil.copy(chunked / "sentences.parquet" / "part-00005.parquet", sentences)
    part = run / "frames.parquet" / "part-00003.parquet"
    part.write_bytes(part.read_bytes()[:200])
    with pytest.raises(ValueError, match=r"cannot read .*frames\.parquet/part-00003\.parquet.*"
                                         r"--no-resume"):
        read_tables(run, tables=["frames"])
    assert main(["report", str(run), "--out", str(tmp_path / "r.pdf")]) != 0
    assert "frames.parquet/part-00003.parquet" in capsys.readouterr().err
    # reuse=True read a damaged finished run back as it was; it is not reused, but run again
    with pytest.warns(UserWarning, match=r"run is not reused, its tables are damaged .*frames"):
        again = _small_run(run, chunk_size=20, reuse=True)
    assert "reused" not in again.manifest
    _assert_same(read_tables(chunked), again)


def _count_chunks(monkeypatch) -> list:
    import analysis.pipeline as pl

    real, calls = pl.analyze_chunk, []
    monkeypatch.setattr(pl, "analyze_chunk", lambda a, c: (calls.append(1), real(a, c))[1])
    return calls


def test_resume_redoes_finished_chunks_whose_files_are_damaged(reference, tmp_path, monkeypatch):
    """Resume trusted every chunk with a .done marker: a part deleted since was missing from the
    finished run (whose manifest counted its rows), a truncated one was carried into it, and an
    empty marker stopped the run with 'Expecting value: line 1 column 1 (char 0)'."""
    out = tmp_path / "run"
    _interrupt(lambda: _small_run(out, chunk_size=20), monkeypatch, at=5)   # 4 chunks finished
    work = out / ".work"
    (out / "mentions.parquet" / "part-00000.parquet").unlink()
    damaged = out / "sentences.parquet" / "part-00001.parquet"
    damaged.write_bytes(damaged.read_bytes()[:100])
    (work / "chunk-00002.done").write_text("")
    calls = _count_chunks(monkeypatch)
    resumed = _small_run(out, chunk_size=20)
    assert len(calls) == 6 - 4 + 3   # the three damaged chunks were done again
    _assert_same(reference, resumed)
    assert resumed.manifest["counts"]["mentions"] == len(resumed["mentions"])


def test_resume_redoes_ingested_chunks_whose_files_are_damaged(reference, tmp_path, monkeypatch):
    """The same for the first stage's work files: an empty marker, a truncated part (pyarrow's
    'Parquet magic bytes not found in footer'), a deleted duplicate-signature file."""
    import analysis.corpus as corpus

    out = tmp_path / "run"
    _interrupt(lambda: _small_run(out, chunk_size=20), monkeypatch, at=2)
    ingest = out / ".work" / "ingest"
    (out / ".work" / "ingest-00000.done").write_text("")
    damaged = ingest / "part-00003.parquet"
    damaged.write_bytes(damaged.read_bytes()[:100])
    (ingest / "signatures-00005.npy").unlink()
    real, cleaned = corpus.prepare_records, []
    monkeypatch.setattr(corpus, "prepare_records",
                        lambda *a, **k: (cleaned.append(1), real(*a, **k))[1])
    _assert_same(reference, _small_run(out, chunk_size=20))
    assert len(cleaned) == 3


def test_resume_after_a_package_upgrade_starts_over(tmp_path, monkeypatch):
    """The resume key left out the package versions: a run resumed after an upgrade mixed the
    chunks of two versions under a manifest naming only the new one."""
    import analysis.pipeline as pl

    out = tmp_path / "run"
    _interrupt(lambda: _small_run(out, chunk_size=20), monkeypatch, at=3)
    real = pl.package_versions
    monkeypatch.setattr(pl, "package_versions", lambda: {**real(), "scikit-learn": "99.0"})
    calls = _count_chunks(monkeypatch)
    resumed = _small_run(out, chunk_size=20)
    assert len(calls) == 6   # every chunk, by the new version
    assert resumed.manifest["versions"]["scikit-learn"] == "99.0"


def test_an_input_that_grows_while_it_is_read_is_refused(tmp_path, monkeypatch):
    """A scraper still writing the input: the tables held more records than the file whose
    size and SHA-256 the manifest recorded (taken at the start)."""
    import shutil

    import analysis.corpus as corpus

    src = tmp_path / "c.jsonl"
    shutil.copy(DEMO / "articles.jsonl", src)
    real = corpus.prepare_records

    def scraped(*a, **k):
        with src.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": f"late-{os.urandom(4).hex()}",
                                 "text": "Putin met Le Pen in Moscow on Friday."}) + "\n")
        return real(*a, **k)

    monkeypatch.setattr(corpus, "prepare_records", scraped)
    with pytest.raises(ValueError, match=r"input .*c\.jsonl changed while it was read"):
        analyze(src, out=tmp_path / "run", scorer="lexicon.v1", chunk_size=40)
    assert not (tmp_path / "run" / "manifest.json").exists()
