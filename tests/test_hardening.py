"""Bad input, faults and unsafe content: nothing crashes, nothing is lost, nothing runs.

Property-based (hypothesis): generated corpora with NaN/None in every field, wrong types,
duplicate ids, dates in the future / at the epoch / as free text, HTML with scripts, wrong
encodings, truncated files and random bytes. Every run must end without an unhandled exception,
with every record in ``articles`` or ``rejects`` (with a reason).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.pipeline import analyze

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

WORDS = ["Putin", "Kremlin", "EU", "Brussels", "Le Pen", "Macron", "said", "sanctions", "the",
         "election", "criticised", "praised", "«", "»", "—", "<script>alert(1)</script>",
         "<b>bold</b>", "\u00a0", "\ufffd", "Russie", "l'UE", "\n\n", '"', "'", "&amp;", "é"]
texts = st.one_of(
    st.none(), st.just(float("nan")), st.integers(), st.just(""), st.just("   \n "),
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=80).map(" ".join),
)
dates = st.one_of(
    st.none(), st.just(float("nan")), st.integers(-10**12, 10**12), st.text(max_size=30),
    st.sampled_from(["2017-03-24", "24/03/2017", "March 24, 2017", "24 mars 2017", "1970-01-01",
                     "2999-01-01", "0000-00-00", "yesterday", "2017-02-30", "Fri, 24 Mar 2017"]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(str),
)
ids = st.one_of(st.none(), st.sampled_from(["a", "b", "a1", ""]), st.integers(0, 5), st.text(max_size=5))


def _records(texts):
    return st.lists(
        st.fixed_dictionaries({"id": ids, "text": texts, "published": dates},
                              optional={"outlet": st.one_of(st.none(), st.text(max_size=20)),
                                        "title": st.one_of(st.none(), st.integers(), st.text(max_size=40),
                                                          texts),
                                        "extra": st.integers()}),
        max_size=25,
    )


records = _records(texts)
# json.dumps writes a lone surrogate (half an emoji cut by a scraper) as an escape, "\ud83d",
# that json.loads accepts: JSON input can hold strings that no UTF-8 writer takes
json_records = _records(st.one_of(texts, st.lists(
    st.one_of(st.sampled_from(WORDS), st.characters(categories=["Cs"])), min_size=1, max_size=60)
    .map(" ".join)))


def reconcile(articles, rejects, n):
    assert len(articles) + len(rejects) == n
    assert rejects["reason"].map(lambda r: isinstance(r, str) and len(r) > 0).all()
    assert articles["article_id"].is_unique
    assert (articles["published"].dropna() <= pd.Timestamp.now()).all()


@SETTINGS
@given(rows=json_records)
def test_jsonl_with_anything_in_every_field(rows, tmp_path_factory):
    path = tmp_path_factory.mktemp("h") / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    has_text = any(k == "text" for r in rows for k in r)
    if not rows:   # an empty file is one reject, as an empty CSV is
        arts, rej = load_corpus(path)
        reconcile(arts, rej, 1)
        return
    assert has_text
    arts, rej = load_corpus(path)
    reconcile(arts, rej, len(rows))


@SETTINGS
@given(rows=records, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]),
       sep=st.sampled_from([",", "\t"]))
def test_csv_in_any_encoding(rows, encoding, sep, tmp_path_factory):
    folder = tmp_path_factory.mktemp("h")
    df = pd.DataFrame(rows, columns=["id", "text", "published"]).astype(object)
    # keep the characters the encoding can hold: the test is about decoding, not data loss
    df = df.map(lambda v: str(v).encode(encoding, "replace").decode(encoding).replace("\x00", ""))
    path = folder / ("in.tsv" if sep == "\t" else "in.csv")
    path.write_bytes(df.to_csv(index=False, sep=sep).encode(encoding))
    arts, rej = load_corpus(path)
    # every row is accounted for; a stray CR that pandas writes unquoted becomes a line break,
    # and a line-based TSV reads a line break in a field as a new record: such a row splits
    assert len(arts) + len(rej) >= len(df)
    assert rej["reason"].str.len().gt(0).all() and arts["article_id"].is_unique


@SETTINGS
@given(data=st.binary(max_size=3000),
       suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".json", ".parquet", ".txt", ".html"]))
def test_random_bytes_never_crash(data, suffix, tmp_path_factory):
    path = tmp_path_factory.mktemp("h") / f"junk{suffix}"
    path.write_bytes(data)
    try:
        arts, rej = load_corpus(path)
    except ValueError as exc:  # a table without any text column: a clear, handled error
        assert "missing required" in str(exc) and "junk" in str(exc)
        return
    assert rej["reason"].str.len().gt(0).all()


@SETTINGS
@given(cut=st.floats(0.05, 0.95), kind=st.sampled_from(["csv", "jsonl", "parquet"]))
def test_truncated_files(cut, kind, tmp_path_factory):
    folder = tmp_path_factory.mktemp("h")
    df = pd.DataFrame({"id": [f"a{i}" for i in range(30)],
                       "text": [f"Putin met Le Pen in the Kremlin on day {i} of the campaign." for i in range(30)]})
    full = folder / f"full.{kind}"
    if kind == "csv":
        df.to_csv(full, index=False)
    elif kind == "jsonl":
        df.to_json(full, orient="records", lines=True)
    else:
        df.to_parquet(full)
    data = full.read_bytes()
    broken = folder / f"broken.{kind}"
    broken.write_bytes(data[: max(1, int(len(data) * cut))])
    try:
        arts, rej = load_corpus(broken)
    except ValueError as exc:
        assert "missing required" in str(exc)
        return
    assert len(arts) <= 30 and rej["reason"].str.len().gt(0).all()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=json_records)
def test_whole_pipeline_and_cli_on_anything(rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("h")
    path = folder / "in.jsonl"
    rows = rows + [{"id": "anchor", "text": "Le Pen praised Putin, but Macron criticised the Kremlin."}]
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    code = main(["analyze", str(path), "--out", str(folder / "out"), "--scorer", "lexicon.v1"])
    assert code == 0
    manifest = json.loads((folder / "out" / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["records"] == len(rows) == counts["articles"] + counts["rejects"]


def test_zero_articles_and_zero_mentions(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    t = analyze(empty, out=tmp_path / "a", scorer="lexicon.v1")
    assert len(t["articles"]) == 0 and len(t["mentions"]) == 0 and len(t["claims"]) == 0
    none = tmp_path / "none.jsonl"
    none.write_text(json.dumps({"text": "The weather in Lyon was mild and sunny all week long."}))
    t = analyze(none, out=tmp_path / "b", scorer="lexicon.v1")
    assert len(t["articles"]) == 1 and len(t["mentions"]) == 0 and len(t["sentiment"]) == 0
    from analysis.report import build_report

    pdf = build_report(tmp_path / "b", out=tmp_path / "b" / "r.pdf")
    assert pdf.stat().st_size > 1000


def test_huge_text_and_many_tiny_texts(tmp_path):
    big = tmp_path / "big.jsonl"
    sentence = "Le Pen praised Putin in Moscow while the EU criticised the Kremlin. "
    big.write_text(json.dumps({"id": "big", "text": sentence * (10_000_000 // len(sentence))}))
    arts, rej = load_corpus(big)
    assert len(arts) == 1 and len(arts["text"].iloc[0]) > 9_000_000
    # the whole pipeline on a 10 MB article: every stage must stay linear in the text length
    block = sentence + "The committee met on Tuesday to discuss the agenda for the week. " * 9
    big.write_text(json.dumps({"id": "big", "text": block * (10_000_000 // len(block))}))
    tables = analyze(big, scorer="lexicon.v1")
    assert len(tables["articles"]) == 1 and len(tables["mentions"]) > 50_000
    assert tables["claims"]["speaker"].isin(["author", "Le Pen", "the EU", "EU"]).all()
    tiny = tmp_path / "tiny.jsonl"
    tiny.write_text("\n".join(json.dumps({"id": i, "text": "ok"}) for i in range(100_000)))
    arts, rej = load_corpus(tiny)
    assert len(arts) == 0 and len(rej) == 100_000
    assert set(rej["reason"]) == {"text too short: 2 letters (minimum 20)"}


def test_full_disk_leaves_no_tables_that_look_complete(tmp_path, monkeypatch, capsys):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"text": "Le Pen praised Putin, and Macron criticised the Kremlin."}))

    def no_space(self, path, *a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", no_space)
    out = tmp_path / "out"
    assert main(["ingest", str(corpus), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and err.count("\n") == 1
    assert not (out / "manifest.json").exists()
    assert not list(out.glob("*.parquet")) and not list(out.glob("*.tmp"))


def test_script_in_an_article_is_escaped_in_the_report(tmp_path):
    corpus = tmp_path / "in.jsonl"
    rows = [{"id": "x", "outlet": "<img src=x onerror=alert(1)>", "published": "2017-03-24",
             "text": "Critics slammed Putin <svg onload=alert(1)> for the brutal crackdown. "
                     "Le Pen praised the EU."},
            # an HTML field: cleaning drops the script (see test_corpus), nothing of it is left
            {"id": "y", "published": "2017-03-25",
             "text": "<p>Macron condemned the Kremlin.</p><script>alert('pwned')</script>"}]
    corpus.write_text("\n".join(json.dumps(r) for r in rows))
    analyze(corpus, out=tmp_path / "a", scorer="lexicon.v1")
    from analysis.report import build_report

    build_report(tmp_path / "a", out=tmp_path / "a" / "r.pdf")
    html = (tmp_path / "a" / "r.html").read_text()
    assert "<svg onload" not in html and "&lt;svg onload=alert(1)&gt;" in html
    assert "<img src=x" not in html
    assert "alert(&#39;pwned" not in html and "<script>alert" not in html


def test_source_has_no_unsafe_calls():
    forbidden = {
        r"\bpickle\.loads?\(": "unpickling", r"allow_pickle\s*=\s*True": "unpickling arrays",
        r"trust_remote_code\s*=\s*True": "remote code", r"yaml\.load\(": "unsafe YAML",
        r"yaml\.unsafe_load": "unsafe YAML", r"(?<![.\w])eval\(": "eval", r"(?<![.\w])exec\(": "exec",
        r"joblib\.load": "unpickling", r"torch\.load\(": "unpickling",
    }
    for path in SRC.rglob("*.py"):
        code = path.read_text()
        for pattern, what in forbidden.items():
            assert not re.search(pattern, code), f"{path.name}: {what} ({pattern})"


def test_a_settings_file_that_is_a_folder_or_not_utf8_is_named(tmp_path):
    """Config, actor, event, cleaning-rule and stance-cue files: a folder gave only "[Errno 21]
    Is a directory: 'x'", a cp1252 file "'utf-8' codec can't decode byte 0xe9 in position 29"."""
    import pytest

    from analysis.actors import ActorRegistry
    from analysis.attribution import load_stance_cues
    from analysis.config import load_config
    from analysis.corpus import CleaningRules
    from analysis.timeline import load_events

    folder = tmp_path / "settings"
    folder.mkdir()
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("# réglages\nevents: []\n".encode("cp1252"))
    loaders = [(load_config, "config"), (ActorRegistry.from_yaml, "actor registry"),
               (load_events, "events"), (CleaningRules.from_yaml, "cleaning rules"),
               (load_stance_cues, "stance cue")]
    for load, what in loaders:
        with pytest.raises(ValueError, match=rf"^{what} file {folder} is a folder; name the file$"):
            load(folder)
        with pytest.raises(ValueError, match=rf"^{what} file {latin} is not UTF-8 text \(byte 3\)"):
            load(latin)


def test_a_key_written_twice_in_a_settings_file_is_an_error(tmp_path):
    """PyYAML keeps the last of two equal keys without a word: a second scorer_options block,
    a second aliases list. Every settings file refuses it, naming the key and line."""
    import pytest

    from analysis.actors import ActorRegistry
    from analysis.attribution import load_stance_cues
    from analysis.config import load_config
    from analysis.corpus import CleaningRules
    from analysis.timeline import load_events

    cases = [(load_config, "workers: 1\nformat: csv\nworkers: 2\n", "'workers'"),
             (ActorRegistry.from_yaml, "actors:\n  - {id: x, bloc: eu, aliases: [A], aliases: [B]}\n",
              "'aliases'"),
             (load_events, "events:\n  - {date: 2017-04-23, name: X, name: Y}\n", "'name'"),
             (CleaningRules.from_yaml, "rules: []\nrules: []\n", "'rules'"),
             (load_stance_cues, "verbs: {}\nverbs: {}\n", "'verbs'")]
    for load, body, key in cases:
        path = tmp_path / "twice.yaml"
        path.write_text(body, "utf-8")
        with pytest.raises(ValueError, match=rf"twice.yaml: not valid YAML .*duplicate key {key}"):
            load(path)
