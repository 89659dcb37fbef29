import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import DEMO, shared_path

from analysis.corpus import (
    ARTICLE_COLUMNS,
    CleaningRules,
    clean_text,
    detect_language,
    load_corpus,
    mark_duplicates,
    parse_date,
    reject_reasons,
)

BODY = ("Marine Le Pen met Vladimir Putin in Moscow on Friday. The National Front leader "
        "called for EU sanctions on Russia to be lifted, a position the Kremlin welcomed.")
BODY2 = ("Emmanuel Macron's campaign accused Russian state media of spreading false stories. "
         "The European Commission said it was monitoring disinformation closely.")
BODY_FR = ("Marine Le Pen a rencontré Vladimir Poutine au Kremlin vendredi. La candidate du Front "
           "national a réclamé la levée des sanctions européennes contre la Russie.")


def reconcile(articles, rejects, expected_records):
    assert len(articles) + len(rejects) == expected_records
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert list(rejects.columns) == ["source", "record", "reason"]
    assert rejects["reason"].map(bool).all()


# ----------------------------------------------------------------------------- formats

def test_csv_with_default_column_names(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({"id": ["a", "b"], "date": ["2017-03-24", "24/03/2017"], "source": ["X", "Y"],
                  "headline": ["T1", "T2"], "body": [BODY, BODY2], "link": ["u1", "u2"]}
                 ).to_csv(path, index=False)
    arts, rej = load_corpus(path)
    reconcile(arts, rej, 2)
    assert arts["article_id"].tolist() == ["a", "b"]
    assert arts["outlet"].tolist() == ["X", "Y"] and arts["title"].tolist() == ["T1", "T2"]
    assert arts["published"].tolist() == [pd.Timestamp("2017-03-24")] * 2
    assert arts["url"].tolist() == ["u1", "u2"] and arts["language"].tolist() == ["en", "en"]
    assert arts["source"].tolist() == [str(path)] * 2


def test_tsv_and_column_map(tmp_path):
    path = tmp_path / "news.tsv"
    pd.DataFrame({"nachricht": [BODY_FR], "zeitung": ["Z"]}).to_csv(path, sep="\t", index=False)
    arts, rej = load_corpus(path, column_map={"nachricht": "text", "zeitung": "outlet"})
    reconcile(arts, rej, 1)
    assert arts["outlet"].item() == "Z" and arts["language"].item() == "fr"
    assert arts["article_id"].item() == "news:2"  # file stem and row number when no id column


def test_jsonl_and_json_array(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "j1", "text": BODY, "published": "2017-03-24T18:30:00+02:00"}) + "\n\n"
        + json.dumps({"id": "j2", "content": BODY2}) + "\n", "utf-8")
    (tmp_path / "b.json").write_text(json.dumps([{"id": "j3", "text": BODY_FR}]), "utf-8")
    arts, rej = load_corpus([tmp_path / "a.jsonl", tmp_path / "b.json"])
    reconcile(arts, rej, 3)
    assert arts["article_id"].tolist() == ["j1", "j2", "j3"]
    assert arts["published"].iloc[0] == pd.Timestamp("2017-03-24")


def test_parquet(tmp_path):
    path = tmp_path / "news.parquet"
    pd.DataFrame({"article_id": ["p1"], "text": [BODY], "outlet": ["P"],
                  "published": [pd.Timestamp("2017-04-23")]}).to_parquet(path)
    arts, rej = load_corpus(path)
    reconcile(arts, rej, 1)
    assert arts["published"].item() == pd.Timestamp("2017-04-23")


def test_txt_folder_with_sidecar_metadata(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "one.txt").write_text("\n\nLe Pen in Moscow\n\n" + BODY + "\n", "utf-8")
    (folder / "deux.txt").write_text("Le Pen à Moscou\n" + BODY_FR, "utf-8")
    (folder / "metadata.csv").write_text(
        "file,published,outlet,url,language\none.txt,2017-03-24,Ledger,http://x/1,en\n", "utf-8")
    arts, rej = load_corpus(folder)
    reconcile(arts, rej, 2)
    one = arts.set_index("article_id").loc["one"]
    assert one["title"] == "Le Pen in Moscow" and one["text"] == BODY
    assert one["outlet"] == "Ledger" and one["published"] == pd.Timestamp("2017-03-24")
    deux = arts.set_index("article_id").loc["deux"]
    assert deux["title"] == "Le Pen à Moscou" and deux["language"] == "fr"
    assert pd.isna(deux["published"]) and pd.isna(deux["outlet"])


@pytest.mark.parametrize("out_name, fmt", [("analysis", "parquet"), (".", "csv")],
                         ids=["out-inside-input", "out-is-input"])
def test_folder_input_skips_earlier_runs_and_hidden_folders(tmp_path, out_name, fmt):
    """`electionlens ingest data/ --out data/analysis` (or --out data/), run twice: the second
    run must read the same two articles, not the first run's tables and manifest; nor the
    copies JupyterLab keeps in .ipynb_checkpoints."""
    from analysis.pipeline import ingest

    folder = tmp_path / "data"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    rows = [{"id": "a1", "text": BODY}, {"id": "a2", "text": BODY2}]
    (folder / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    (folder / ".ipynb_checkpoints" / "articles-checkpoint.jsonl").write_text(
        json.dumps(rows[0]), "utf-8")
    out = folder / out_name
    first = ingest(folder, out=out, fmt=fmt)
    (out / "report.pdf").write_bytes(b"%PDF-1.7")   # what `electionlens report` adds
    second = ingest(folder, out=out, fmt=fmt)
    for tables in (first, second):
        assert tables.manifest["counts"]["records"] == 2
        assert [i["path"] for i in tables.manifest["inputs"]] == [str(folder / "articles.jsonl")]
        assert tables["articles"]["article_id"].tolist() == ["a1", "a2"]
    # an interrupted run (no manifest yet, its work folder) is skipped too
    (out / "manifest.json").unlink()
    (out / ".work").mkdir(exist_ok=True)
    (out / ".work" / "run.json").write_text("{}", "utf-8")
    arts, rej = load_corpus(folder)
    reconcile(arts, rej, 2)


def test_explicit_metadata_overrides_nothing_present(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n" + BODY, "utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("file,published,outlet\na.txt,24 March 2017,Rhine Courier\n", "utf-8")
    arts, _ = load_corpus(tmp_path / "a.txt", metadata=meta)
    assert arts["outlet"].item() == "Rhine Courier"
    assert arts["published"].item() == pd.Timestamp("2017-03-24")


def test_a_one_line_text_file_is_rejected_as_a_title_without_text(tmp_path):
    """A .txt file's first line is its title: a file of one line was rejected as 'missing or
    empty text', which did not say why."""
    (tmp_path / "one.txt").write_text("Marine Le Pen told a rally that the EU had failed.", "utf-8")
    arts, rej = load_corpus(tmp_path / "one.txt")
    assert arts.empty
    assert rej["reason"].tolist() == ["a title and no text (the first non-empty line of a .txt "
                                      "file is its title)"]


def test_html_main_text_extracted(tmp_path):
    page = f"""<html><head><title>Le Pen meets Putin</title>
    <meta property="og:site_name" content="Rhine Courier">
    <meta property="article:published_time" content="2017-03-24T10:00:00+01:00">
    <script>var tracking = "SECRET_SCRIPT";</script><style>.x{{color:red}}</style></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Le Pen meets Putin</h1><p>{BODY}</p><p>{BODY2}</p></article>
    <footer>Copyright Rhine Courier. All rights reserved.</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, "utf-8")
    arts, rej = load_corpus(tmp_path / "page.html")
    reconcile(arts, rej, 1)
    row = arts.iloc[0]
    assert "Vladimir Putin" in row["text"] and "SECRET_SCRIPT" not in row["text"]
    assert "color:red" not in row["text"] and "All rights reserved" not in row["text"]
    assert row["published"] == pd.Timestamp("2017-03-24") and row["outlet"] == "Rhine Courier"


def test_media_cloud_story_list(tmp_path):
    path = tmp_path / "mc.csv"
    pd.DataFrame({
        "stories_id": [101, 102], "publish_date": ["2017-05-05 21:10:00", "2017-05-06 08:00:00"],
        "title": ["Macron campaign says it was hacked in massive leak",
                  "Kremlin denies any role in the Macron campaign leak"],
        "url": ["http://a", "http://b"], "language": ["en", "en"], "media_id": [1, 2],
        "media_name": ["Ledger", "Tribune"], "media_url": ["http://l", "http://t"],
    }).to_csv(path, index=False)
    arts, rej = load_corpus(path)
    reconcile(arts, rej, 2)
    assert arts["article_id"].tolist() == ["101", "102"]
    assert arts["outlet"].tolist() == ["Ledger", "Tribune"]
    assert arts["text"].tolist() == arts["title"].tolist()  # headline-only export
    assert arts["published"].tolist() == [pd.Timestamp("2017-05-05"), pd.Timestamp("2017-05-06")]


# ----------------------------------------------------------------------------- cleaning

def _rule_examples():
    for rule in CleaningRules.default().rules:
        for ex in rule.examples:
            yield pytest.param(rule.id, ex, True, id=f"{rule.id}-removes-{ex[:30]}")
        for ex in rule.keep:
            yield pytest.param(rule.id, ex, False, id=f"{rule.id}-keeps-{ex[:30]}")


@pytest.mark.parametrize("rule_id, line, removed", list(_rule_examples()))
def test_each_cleaning_rule(rule_id, line, removed):
    result = clean_text(line)
    if removed:
        assert result.fired.get(rule_id) == 1, result.fired
        if not rule_id.startswith("wire_dateline"):
            assert result.text == ""
    else:
        assert result.text == line and rule_id not in result.fired


def test_every_rule_has_examples():
    for rule in CleaningRules.default().rules:
        assert rule.examples and rule.keep, rule.id


def test_clean_text_on_a_scraped_article():
    raw = ("PARIS, March 24 (CPA) \u2014 Marine Le Pen met Vladimir Putin.\n\n"
           "File photo by Jean Martin/CPA | License Photo\n"
           "By Anna Keller, Staff Writer\n\n"
           "\u201cWe  agree on\u00a0Syria,\u201d she said \u2013 smiling.\n\n"
           "Share this article\nSubscribe to our newsletter\n"
           "We use cookies to improve your experience. By continuing you accept our use of cookies.\n"
           "Related: EU renews sanctions\n\nPlease enter your comment!\nPlease enter your name here\n")
    result = clean_text(raw)
    assert result.text == 'Marine Le Pen met Vladimir Putin.\n\n"We agree on Syria," she said — smiling.'
    assert result.dateline == "PARIS, March 24 (CPA)" and result.wire == "CPA"


def test_a_title_case_dateline_naming_a_network_leaves_the_body():
    """'Washington (CNN) President Donald Trump suggested ...' (SemEval, PTC) made Washington
    the speaker of the first sentence."""
    result = clean_text("Washington (CNN) President Donald Trump suggested Tuesday that he would "
                        "have stopped an investigation into Russia.")
    assert result.text.startswith("President Donald Trump suggested")
    assert (result.dateline, result.wire) == ("Washington (CNN)", "CNN")
    assert clean_text("Le Pen (FN) said so.").dateline is None


def test_hard_wrapped_paragraphs_are_joined():
    assert clean_text("Le Pen met\nPutin.\n\nThen she\nleft.").text == "Le Pen met Putin.\n\nThen she left."
    assert clean_text("Line one.\nLine two.").text == "Line one.\n\nLine two."


def test_user_rules_extend_default(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - id: sponsor\n    pattern: 'sponsored by .*'\n    flags: i\n"
                    "    examples: ['Sponsored by ACME']\n    keep: ['x']\n", "utf-8")
    rules = CleaningRules.from_yaml(path)
    assert "sponsor" in rules.ids() and "comment_form" in rules.ids()
    assert clean_text("Sponsored by ACME\nLe Pen spoke.", rules).text == "Le Pen spoke."



def test_a_missing_rules_file_or_a_bad_threshold_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="cleaning rules file not found: .*nope.yaml"):
        CleaningRules.from_yaml(tmp_path / "nope.yaml")
    # a threshold above 1 marked no near copy at all, without a word
    with pytest.raises(ValueError, match="dedupe_threshold .* got 70"):
        load_corpus(DEMO, dedupe_threshold=70)

@pytest.mark.parametrize("body, message", [
    ("rules:\n  - id: x\n    pattern: '(['\n", "invalid pattern"),
    ("rules:\n  - id: x\n    action: explode\n    pattern: 'a'\n", "unknown action"),
    ("rules:\n  - pattern: 'a'\n", "needs an 'id'"),
    # typos loaded as no rules, or a rule without its flags, silently
    ("rule:\n  - {id: x, pattern: a}\n", r"unknown top-level key\(s\): rule \(expected 'rules'\)"),
    ("rules:\n  - {id: x, pattern: a, flag: i}\n", r"rule 'x': unknown field\(s\): flag "),
    # TypeErrors from inside the cleaning
    ("rules:\n  - {id: x, pattern: a, max_words: many}\n",
     "rule 'x': max_words must be a whole number of at least 1, got 'many'"),
    ("rules:\n  - {id: x, pattern: 5}\n", r"rule #1: each rule needs an 'id' and a 'pattern' \(text\)"),
])
def test_bad_rule_files(tmp_path, body, message):
    path = tmp_path / "r.yaml"
    path.write_text(body, "utf-8")
    with pytest.raises(ValueError, match=message) as err:
        CleaningRules.from_yaml(path)
    assert str(err.value).startswith(str(path))


# ----------------------------------------------------------------------------- dates, language

@pytest.mark.parametrize("value, expected", [
    ("2017-03-24", dt.date(2017, 3, 24)),
    ("2017-03-24T18:30:00+02:00", dt.date(2017, 3, 24)),
    ("2017-03-24T18:30:00Z", dt.date(2017, 3, 24)),
    ("24/03/2017", dt.date(2017, 3, 24)),
    ("24.03.2017", dt.date(2017, 3, 24)),
    ("March 24, 2017", dt.date(2017, 3, 24)),
    ("24 March 2017", dt.date(2017, 3, 24)),
    ("Fri, 24 Mar 2017 18:30:00 GMT", dt.date(2017, 3, 24)),
    ("24 mars 2017", dt.date(2017, 3, 24)),
    ("vendredi 24 mars 2017", dt.date(2017, 3, 24)),
    (pd.Timestamp("2017-03-24 10:00"), dt.date(2017, 3, 24)),
    ("2017-13-45", None), ("sometime in spring", None), ("", None), (None, None),
    (float("nan"), None), ("1970-01-01", None), ("2999-01-01", None), ("March 2017", None),
    # the epoch placeholder written in a scraper's local time was kept as 31 December 1969
    ("1969-12-31T19:00:00-05:00", None), ("1969-12-31T19:00:00", dt.date(1969, 12, 31)),
    # scraped bylines: the publication date, not the update's
    ("Publié le 24/03/2017 à 10h32", dt.date(2017, 3, 24)),
    ("Publié le 24 mars 2017 à 10h32 - Mis à jour le 25 mars 2017 à 08h00",
     dt.date(2017, 3, 24)),
    ("Published: March 24, 2017 | Updated: March 25, 2017", dt.date(2017, 3, 24)),
    ("Posted on 24.03.2017", dt.date(2017, 3, 24)), ("Publiée le 24/03/2017", dt.date(2017, 3, 24)),
    ("Updated: 25/03/2017", None), ("Published:", None),
    # numbers, or digit strings, when unambiguous: the same date either way (GDELT's SQLDATE
    # and DATEADDED, Unix seconds and milliseconds in UTC); a year alone or 6 digits: no guess
    (20170324, dt.date(2017, 3, 24)), ("20170324", dt.date(2017, 3, 24)),
    (20170324101500, dt.date(2017, 3, 24)), ("20170324101500", dt.date(2017, 3, 24)),
    (1490390000, dt.date(2017, 3, 24)), ("1490390000", dt.date(2017, 3, 24)),
    (1490390000123, dt.date(2017, 3, 24)), (1490390000.5, dt.date(2017, 3, 24)),
    (np.int64(20170324), dt.date(2017, 3, 24)), (2017, None), ("2017", None), ("240317", None),
    (20171345, None), (0, None), (-1490390000, None), (True, None), (float("inf"), None),
    (2017032410, None),   # ten digits read as Unix seconds: 2033, in the future
])
def test_parse_date(value, expected):
    assert parse_date(value, today=dt.date(2026, 1, 1)) == expected


def test_bad_and_missing_dates_kept_or_rejected(tmp_path):
    path = tmp_path / "d.jsonl"
    rows = [{"id": "ok", "text": BODY, "published": "2017-03-24"},
            {"id": "bad", "text": BODY2, "published": "sometime in spring"},
            {"id": "none", "text": BODY_FR}]
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    stats = {}
    arts, rej = load_corpus(path, stats=stats)
    reconcile(arts, rej, 3)
    assert arts["published"].isna().sum() == 2 and stats["dates_missing"] == 2
    assert arts.set_index("article_id").loc["bad", "published_raw"] == "sometime in spring"
    arts, rej = load_corpus(path, strict_dates=True)
    reconcile(arts, rej, 3)
    assert arts["article_id"].tolist() == ["ok"]
    assert sorted(rej["reason"]) == ["missing date (strict_dates=True)",
                                     "unparseable date 'sometime in spring' (strict_dates=True)"]
    # dates parse_date reads but refuses: each was "unparseable date '2030-05-01'"
    rows = [{"id": "future", "text": BODY, "published": "2030-05-01"},
            {"id": "epoch", "text": BODY2, "published": "1970-01-01T00:00:00Z"},
            {"id": "old", "text": BODY_FR, "published": "1700-01-01"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    _, rej = load_corpus(path, strict_dates=True, today=dt.date(2026, 1, 1))
    assert rej["reason"].tolist() == [
        "future date '2030-05-01' (after 2026-01-01) (strict_dates=True)",
        "placeholder date '1970-01-01T00:00:00Z' (the Unix epoch, as scrapers write for none) "
        "(strict_dates=True)",
        "date before 1800 '1700-01-01' (strict_dates=True)"]


@pytest.mark.parametrize("value, day_first, month_first", [
    ("03/24/2017", None, dt.date(2017, 3, 24)),
    ("04/05/2017", dt.date(2017, 5, 4), dt.date(2017, 4, 5)),
    ("4-5-2017", dt.date(2017, 5, 4), dt.date(2017, 4, 5)),
    ("24/03/2017", dt.date(2017, 3, 24), None),
    ("2017-04-05", dt.date(2017, 4, 5), dt.date(2017, 4, 5)),      # ISO: never swapped
    ("April 5, 2017", dt.date(2017, 4, 5), dt.date(2017, 4, 5)),   # words: never swapped
    ("5 avril 2017", dt.date(2017, 4, 5), dt.date(2017, 4, 5)),
])
def test_month_first_dates(value, day_first, month_first):
    _assert_read_as(value, day_first, month_first)


def _assert_read_as(value, day_first, month_first):
    """``value`` read day first by default, month first with ``month_first=True``."""
    today = dt.date(2026, 1, 1)
    assert parse_date(value, today=today) == day_first
    assert parse_date(value, today=today, month_first=True) == month_first


def test_us_export_is_counted_and_read_with_month_first(tmp_path):
    path = tmp_path / "us.csv"
    path.write_text('id,text,published\n'
                    f'a1,"{BODY}",03/24/2017\na2,"{BODY2}",04/05/2017\n'
                    f'a3,"{BODY_FR}",not a date\n', "utf-8")
    stats = {}
    arts, _ = load_corpus(path, stats=stats)
    assert stats["dates_missing"] == 2 and stats["dates_month_first"] == 1  # a1, not a3
    assert arts["published"].tolist()[1] == pd.Timestamp("2017-05-04")  # day first
    arts, _ = load_corpus(path, month_first=True, stats=stats)
    assert arts["published"].tolist()[:2] == [pd.Timestamp("2017-03-24"), pd.Timestamp("2017-04-05")]
    assert stats["dates_month_first"] == 0


def test_detect_language():
    assert detect_language(BODY) == "en" and detect_language(BODY_FR) == "fr"
    assert detect_language("ok") == "und"


# ----------------------------------------------------------------------------- duplicates

def test_exact_and_near_duplicates_point_to_earliest():
    wire = ("PARIS — Marine Le Pen met Russian President Vladimir Putin in the Kremlin on Friday, "
            "a month before the first round of the French presidential election. The two leaders "
            "discussed terrorism, Syria and the sanctions the European Union imposed on Russia "
            "after the annexation of Crimea. Le Pen has called for the sanctions to be lifted and "
            "has praised Putin's foreign policy. Her rivals accused her of seeking Moscow's "
            "approval. The Kremlin said the meeting was not an endorsement.")
    edited = wire.replace(" The Kremlin said the meeting was not an endorsement.", "") \
                 .replace("on Friday", "on Friday afternoon")
    other = ("Emmanuel Macron unveiled his programme for Europe, promising a eurozone budget and "
             "closer cooperation with Germany on defence, migration and the single market.")
    arts = pd.DataFrame({
        "article_id": ["copy-late", "orig", "exact", "other"],
        "published": pd.to_datetime(["2017-03-25", "2017-03-24", "2017-03-26", "2017-03-24"]),
        "text": [edited, wire, wire.upper(), other],
    })
    out = mark_duplicates(arts)
    assert out["duplicate_of"].tolist() == ["orig", None, "orig", None]
    assert arts.columns.tolist() == ["article_id", "published", "text"]  # input not mutated


def test_duplicates_marked_not_deleted(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": BODY, "published": d}) for i, d in
                              [("b", "2017-03-25"), ("a", "2017-03-24")]), "utf-8")
    arts, rej = load_corpus(path)
    reconcile(arts, rej, 2)
    assert arts.set_index("article_id")["duplicate_of"].to_dict() == {"b": "a", "a": None}
    arts, _ = load_corpus(path, dedupe=False)
    assert arts["duplicate_of"].isna().all()


# ----------------------------------------------------------------------------- bad input

def test_bad_records_go_to_rejects_with_reasons(tmp_path):
    path = tmp_path / "messy.jsonl"
    lines = [
        json.dumps({"id": "good", "text": BODY}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "nokey"}),
        json.dumps({"id": "boiler", "text": "Share this article\nPlease enter your comment!"}),
        json.dumps({"id": "garbled", "text": "\ufffd\ufffd\ufffd#@@%% \ufffd\ufffd 1234 5678 %%%% ###"}),
        json.dumps({"id": "good", "text": BODY2}),
        json.dumps({"id": "short", "text": "Putin."}),
        json.dumps({"id": None, "text": BODY_FR, "title": None}),
    ]
    path.write_text("\n".join(lines), "utf-8")
    arts, rej = load_corpus(path)
    reconcile(arts, rej, 10)
    assert arts["article_id"].tolist() == ["good", "messy:10"]
    reasons = dict(zip(rej["record"], rej["reason"]))
    assert reasons["line 2"].startswith("invalid JSON")
    assert reasons["line 3"] == "expected a JSON object, got list"
    assert reasons["line 4"] == "missing or empty text"
    assert reasons["line 5"] == "missing or empty text"
    assert reasons["line 6"] == "empty text after cleaning"
    assert reasons["line 7"].startswith("garbled text")
    assert reasons["line 8"].startswith("duplicate article_id 'good'")
    assert reasons["line 9"].startswith("text too short")


def test_tsv_with_an_unbalanced_quote_loses_no_record(tmp_path):
    path = tmp_path / "q.tsv"
    more = "".join(f"{i}\t{BODY2} (copy {i})\n" for i in range(5, 15))
    path.write_text("id\ttext\n1\t\"He said \"\"no\"\" to Putin and left the Kremlin early\"\n"
                    f"2\tA \"broken quote about the EU {BODY}\n3\t{BODY2}\n4\ttoo\tmany\n{more}",
                    "utf-8")
    arts, rej = load_corpus(path)
    reconcile(arts, rej, 14)
    assert arts["article_id"].tolist() == ["1", "2", "3"] + [str(i) for i in range(5, 15)]
    assert arts["text"].iloc[0] == 'He said "no" to Putin and left the Kremlin early'
    assert arts["text"].iloc[1].startswith('A "broken quote about the EU')
    assert rej["record"].tolist() == ["line 5"] and "3 fields" in rej["reason"].item()


def test_missing_required_column_names_file_and_column(tmp_path):
    path = tmp_path / "notext.csv"
    pd.DataFrame({"id": [1], "headline": ["x"]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"notext\.csv: missing required column 'text'.*found columns: id, headline"):
        load_corpus(path)


def test_encodings_are_decoded(tmp_path):
    text = "Le Kremlin a démenti toute ingérence dans l'élection présidentielle française."
    for enc, prefix in [("cp1252", b""), ("latin-1", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")]:
        path = tmp_path / f"{enc}.csv"
        path.write_bytes(prefix + f"id,text\n1,{text}\n".encode(enc))
        arts, rej = load_corpus(path)
        reconcile(arts, rej, 1)
        assert arts["text"].item() == text, enc


def test_csv_rows_wider_than_the_header_are_rejected_with_their_row_numbers(tmp_path, recwarn):
    """A row with more fields than the header (an unquoted comma in a text) is a malformed row,
    rejected with its row number, wherever it sits. pandas took the first data row's width as
    the table's: that row and every later row as wide were cut at the comma, silently but for a
    ParserWarning, and wider rows were reported as "row ?" with the later rows' numbers
    shifted. Empty fields beyond the header are dropped."""
    a = "Marine Le Pen met Vladimir Putin in Moscow on Friday"
    b = "the Kremlin welcomed the National Front leader warmly"
    lines = [f"1,{a}, {b}", f'2,"{BODY2}"', f"3,{BODY2}, again", f'4,"{BODY2}",x,y',
             f"5,{a} and {b}", f"6,{a} and {b}, ", "", f"7,{a}, {b}"]
    for path in (tmp_path / "commas.csv", tmp_path / "commas.csv.gz"):   # whole and streamed
        text = "id,text\n" + "\n".join(lines) + "\n"
        if path.suffix == ".gz":
            import gzip

            path.write_bytes(gzip.compress(text.encode()))
        else:
            path.write_text(text, "utf-8")
        arts, rej = load_corpus(path)
        reconcile(arts, rej, 7)
        assert arts["article_id"].tolist() == ["2", "5", "6"]   # 6: only an empty field beyond
        assert arts["text"].tolist() == [BODY2, f"{a} and {b}", f"{a} and {b}"]
        reasons = dict(zip(rej["record"], rej["reason"]))
        assert sorted(reasons) == ["row 2", "row 4", "row 5", "row 8"]   # the blank line: none
        assert reasons["row 2"].startswith("malformed row with 3 fields (header has 2): '1, Marine")
        assert reasons["row 5"].startswith("malformed row with 4 fields (header has 2)")
    assert not [w for w in recwarn if issubclass(w.category, pd.errors.ParserWarning)]


def test_unreadable_truncated_and_unsupported_files(tmp_path):
    good = tmp_path / "good.parquet"
    pd.DataFrame({"text": [BODY]}).to_parquet(good)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.csv").write_text("", "utf-8")
    (tmp_path / "empty.jsonl").write_text("\n \n", "utf-8")   # was no record and no reject
    (tmp_path / "empty.json").write_text("[]", "utf-8")
    (tmp_path / "ragged.csv").write_text(f'id,text\n1,"{BODY}"\n2,"{BODY2}",extra,fields\n', "utf-8")
    arts, rej = load_corpus([broken, tmp_path / "notes.docx", tmp_path / "empty.csv",
                             tmp_path / "empty.jsonl", tmp_path / "empty.json",
                             tmp_path / "ragged.csv"])
    reconcile(arts, rej, 7)
    reasons = dict(zip(rej["source"].map(lambda s: s.rsplit("/", 1)[-1]), rej["reason"]))
    assert reasons["broken.parquet"].startswith("unreadable Parquet file")
    assert reasons["notes.docx"].startswith("unsupported file type '.docx'")
    assert reasons["empty.csv"].startswith("empty file")
    assert reasons["empty.jsonl"] == reasons["empty.json"] == "empty file: no records"
    assert reasons["ragged.csv"].startswith("malformed row")
    # the manifest's and the CLI's summary counts each kind under its plain name
    assert reject_reasons(rej) == {"unreadable Parquet file": 1, "unsupported file type": 1,
                                   "empty file": 3, "malformed row with N fields": 1}


def test_missing_input_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="input not found: .*nope.csv"):
        load_corpus(tmp_path / "nope.csv")


def test_zero_articles(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", "utf-8")
    arts, rej = load_corpus(path)
    assert arts.empty and list(arts.columns) == ARTICLE_COLUMNS
    assert rej["reason"].tolist() == ["empty file: no records"]   # as for an empty CSV


# ----------------------------------------------------------------------------- real data

@pytest.mark.shared
def test_wikinews_ingest_reconciles():
    folder = shared_path("wikinews-2019-2020", "data")
    files = sorted(folder.glob("*.csv"))
    n_rows = sum(len(pd.read_csv(f)) for f in files)
    stats = {}
    arts, rej = load_corpus(files, stats=stats)
    reconcile(arts, rej, n_rows)
    assert len(arts) >= 0.95 * n_rows
    assert arts["published"].notna().all() and (arts["language"] == "en").mean() > 0.98
    # Wikinews prints the date on the first line; the date_only_line rule removes it.
    assert not arts["text"].str.match(r"\w+day, \w+ \d{1,2}, \d{4}\n").any()


@pytest.mark.shared
def test_narrative_frames_corpus_ingest_reconciles():
    path = shared_path("narrative-frames-corpus", "data", "articles_metadata.tsv")
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    n_rows = len(lines) - 1  # one article per line (MANIFEST: 428, one malformed)
    arts, rej = load_corpus(path)
    reconcile(arts, rej, n_rows)
    assert len(arts) >= 0.95 * n_rows
    assert arts["outlet"].notna().all() and arts["published"].notna().mean() > 0.95


def test_minhash_estimates_shingle_jaccard():
    """The vectorised MinHash behind near-duplicate marking: the share of equal signature
    values estimates the Jaccard similarity of the word 5-shingle sets (128 values: standard
    error about 0.04), and texts under 3 shingles get no signature."""
    import random

    from analysis.corpus import _shingle_hashes, dedupe_features

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(5000)]
    for keep in (0.3, 0.6, 0.9):
        base = [rng.choice(vocab) for _ in range(600)]
        other = [w if rng.random() < keep else rng.choice(vocab) for w in base]
        keys, sigs, has = dedupe_features([" ".join(base), " ".join(other)])
        a, b = set(_shingle_hashes(base).tolist()), set(_shingle_hashes(other).tolist())
        true = len(a & b) / len(a | b)
        assert has.all() and keys[0] != keys[1]
        assert abs(float((sigs[0] == sigs[1]).mean()) - true) < 0.12, (keep, true)
    keys, sigs, has = dedupe_features(["one two three four five six", "One  two three four five six"])
    assert keys[0] == keys[1] and not has.any()


def _groups_by_pairwise_rule(sigs, threshold, cap):
    """The near-duplicate rule spelled out: in every band bucket (texts in row order) each text
    is compared with the first ``cap`` texts before it; pairs at >= threshold join components.
    In each component, the first text and those similar to it are a group; the rest of the
    component is grouped again the same way."""
    from analysis.corpus import _BANDS, _band_keys

    parent = list(range(len(sigs)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    bands = _band_keys(sigs)
    for j in range(_BANDS):
        buckets = {}
        for row, key in enumerate(bands[:, j].tolist()):
            buckets.setdefault(key, []).append(row)
        for rows in buckets.values():
            for yi in range(min(len(rows) - 1, cap)):
                for x in rows[yi + 1:]:
                    if (sigs[rows[yi]] == sigs[x]).mean() >= threshold:
                        parent[find(x)] = find(rows[yi])
    groups = set()
    for root in set(map(find, range(len(sigs)))):
        left = [r for r in range(len(sigs)) if find(r) == root]
        while left:
            group = [r for r in left if (sigs[r] == sigs[left[0]]).mean() >= threshold]
            groups.add(frozenset(group))
            left = [r for r in left if r not in group]
    return groups


@pytest.mark.parametrize("big_bucket", [1_000, 3])
def test_near_duplicate_groups_follow_the_pairwise_rule(monkeypatch, big_bucket):
    """Groups from resolve_duplicates are those of comparing every capped bucket pair, both
    through the pair list and when big buckets are resolved on the spot (chains of texts that
    are similar only through a third one included), each split into texts similar to the
    group's first."""
    import numpy as np

    import analysis.corpus as corpus

    monkeypatch.setattr(corpus, "_MAX_BUCKET", 4)
    monkeypatch.setattr(corpus, "_BIG_BUCKET", big_bucket)
    rng = np.random.default_rng(3)
    sigs = []
    for _ in range(12):     # clusters: chains of 1..14 edits, each a copy of the one before
        v = rng.integers(0, 2 ** 32, 128, dtype=np.uint32)
        for _ in range(int(rng.integers(1, 15))):
            v = v.copy()
            changed = rng.random(128) < rng.uniform(0.03, 0.25)
            v[changed] = rng.integers(0, 2 ** 32, int(changed.sum()), dtype=np.uint32)
            sigs.append(v)
    sigs = np.array(sigs)[rng.permutation(len(sigs))]
    n = len(sigs)
    target = corpus.resolve_duplicates(
        rng.integers(0, 2 ** 63, n, dtype=np.uint64), np.full(n, np.datetime64("NaT"), "M8[ns]"),
        lambda rows: (sigs[rows], np.ones(len(rows), dtype=bool)), threshold=0.7)
    head = np.where(target < 0, np.arange(n), target)
    got = {frozenset(np.flatnonzero(head == h).tolist()) for h in set(head.tolist())}
    expected = _groups_by_pairwise_rule(sigs, 0.7, cap=4)
    assert got == expected
    assert sum(len(g) > 2 for g in expected) >= 3     # the data has real groups to find
    assert all(target[min(g)] == -1 for g in got)     # each points to its first row


def test_big_bucket_joins_texts_through_a_third_one(monkeypatch):
    """In a bucket resolved on the spot, a text similar to a member of a group joins the whole
    group; only the first _MAX_BUCKET texts are compared with those after them."""
    import numpy as np

    import analysis.corpus as corpus

    a = np.random.default_rng(1).integers(0, 2 ** 32, 128, dtype=np.uint32)
    c = a.copy()
    c[:30] += 1                     # a ~ c: 98/128 = 0.77
    b = c.copy()
    b[30:60] += 1                   # b ~ c: 0.77, but a ~ b: 68/128 = 0.53
    assert corpus._resolve_bucket(np.array([a, b, c]), 0.7).tolist() == [1, 1, 1]
    monkeypatch.setattr(corpus, "_MAX_BUCKET", 1)   # b is then compared with a only
    assert corpus._resolve_bucket(np.array([a, b, c]), 0.7).tolist() == [0, 1, 0]


def _table_fixtures(tmp_path):
    rows = [f'a{i},2017-04-{(i % 28) + 1:02d},"Le Pen met Putin in Moscow on day {i}; the EU was not amused."'
            for i in range(8)]
    rows.insert(3, 'x1,2017-04-02,"A quoted field\nthat runs over\ntwo line breaks, with Macron and the EU."')
    rows.insert(5, "bad,2017-04-03,too,many,fields,here")
    rows.insert(6, "nt,2017-04-04,")
    csv_text = "id,date,text\n" + "\n".join(rows) + "\n"
    (tmp_path / "utf8.csv").write_text(csv_text.replace("day 2", "day 2\rstray CR"), "utf-8")
    (tmp_path / "latin.csv").write_bytes(csv_text.replace("amused", "amusé – “really”").encode("cp1252"))
    tsv = ["id\tdate\ttext"] + [f'{i}\t2017-05-01\t"Unbalanced quote: Putin praised Le Pen {i} at length.'
                                 for i in range(7)]
    tsv.insert(4, "broken\tline")
    (tmp_path / "lines.tsv").write_text("\n".join(tsv) + "\n", "utf-8")
    return ["utf8.csv", "latin.csv", "lines.tsv"]


def test_large_tables_stream_to_the_same_records(tmp_path, monkeypatch):
    """A CSV/TSV above STREAM_BYTES is read in batches; articles and rejects are those of the
    whole-file reader (multi-line quoted fields, stray CRs, cp1252, bad rows, line-based TSV)."""
    import analysis.corpus as corpus

    for name in _table_fixtures(tmp_path):
        whole_a, whole_r = load_corpus(tmp_path / name)
        monkeypatch.setattr(corpus, "STREAM_BYTES", 0)
        monkeypatch.setattr(corpus, "_BATCH", 3)  # batches end mid-file
        stream_a, stream_r = load_corpus(tmp_path / name)
        monkeypatch.undo()
        assert len(whole_a) >= 6, name
        pd.testing.assert_frame_equal(whole_a, stream_a, obj=name)
        key = ["source", "record", "reason"]
        assert sorted(map(tuple, whole_r[key].values)) == sorted(map(tuple, stream_r[key].values)), name
        assert len(whole_r) >= 1, name


def test_jsonl_and_parquet_stream_in_chunks(tmp_path):
    """CorpusReader.raw_chunks reads records a chunk at a time, in input order, with the
    readers' rejects in the chunk where they occurred; Parquet row labels run on across
    batches."""
    from analysis.corpus import CorpusReader

    lines = [json.dumps({"id": f"j{i}", "text": f"Putin met Le Pen, report number {i} of many."})
             for i in range(7)]
    lines.insert(2, "{not json")
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    pd.DataFrame({"text": [f"Macron spoke about the EU and Russia, note {i}." for i in range(25_005)]}
                 ).to_parquet(tmp_path / "b.parquet")
    reader = CorpusReader([tmp_path / "a.jsonl", tmp_path / "b.parquet"])
    chunks = list(reader.raw_chunks(4))
    assert [len(raws) for raws, _ in chunks[:3]] == [4, 3 + 1, 4]
    assert chunks[0][1]["record"].tolist() == ["line 3"]  # the bad line, in its chunk
    labels = [r.record for raws, _ in chunks for r in raws if r.source.endswith("b.parquet")]
    assert labels[0] == "row 0" and labels[-1] == "row 25004" and len(set(labels)) == 25_005


def test_jsonl_without_text_field_fails_early(tmp_path, monkeypatch):
    import analysis.corpus as corpus

    monkeypatch.setattr(corpus, "_TEXT_SEARCH_LIMIT", 5)
    path = tmp_path / "notext.jsonl"
    path.write_text("\n".join(json.dumps({"body_html": "x"}) for _ in range(20)))
    with pytest.raises(ValueError, match="missing required field 'text'.*body_html"):
        load_corpus(path)


def test_unbalanced_quotes_never_lose_rows_silently(tmp_path):
    """pandas drops every row after a quote that never closes, without a word: a TSV is then
    read line by line, and a CSV gets a file-level reject that says what happened."""
    tsv = tmp_path / "q.tsv"
    tsv.write_text("id\ttext\n" + "".join(f'{i}\t"Putin praised Le Pen in Moscow, number {i}.\n'
                                          for i in range(4)) + "odd\n")
    arts, rej = load_corpus(tsv)
    assert len(arts) == 4 and rej["record"].tolist() == ["line 6"]
    csv_path = tmp_path / "q.csv"
    csv_path.write_text('id,text\na,"Putin praised Le Pen in Moscow at length.\nb,Macron met the EU leaders today in Brussels.\n')
    arts, rej = load_corpus(csv_path)
    assert "unbalanced quotes" in " ".join(rej["reason"])


def test_dash_spacing_matches_the_regex_it_replaces():
    import random
    import re

    from analysis.corpus import _space_dashes

    reference = re.compile(r"\s*\u2014\s*")
    rnd = random.Random(3)
    alphabet = ["\u2014", " ", "\n", "a", "1", "\u2003", "\t"]
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        assert _space_dashes(text) == reference.sub(" \u2014 ", text), repr(text)


def test_letter_and_space_counts_match_the_regex_classes():
    # the "too short" and "garbled" checks count letters and spaces with a bytes fast path for
    # ASCII; non-ASCII letters, digits such as "²", NBSP and other separators must count as the
    # regex classes count them
    import random
    import re

    from analysis.corpus import _SPACES, _count_chars, _count_letters

    rnd = random.Random(3)
    texts = ["Élection présidentielle: 2e tour — «Macron» 66,1 %", "Путин\u00a0и Ле Пен\u2003²½_9",
             "a\x1c\x1fb\t\n\u3000c", "ſ ı ǅ", "", "\ud800x"]
    texts += ["".join(chr(rnd.randrange(0x3000)) for _ in range(300)) for _ in range(200)]
    for text in texts:
        assert _count_letters(text) == sum(map(len, re.findall(r"[^\W\d_]+", text))), text
        assert _count_chars(text, _SPACES) == len(re.findall(r"\s", text)), text


def test_tsv_row_of_empty_fields_is_rejected_not_dropped(tmp_path):
    # "\t\t" is whitespace to str.strip, but it is a record: it must reach rejects with a reason
    path = tmp_path / "in.tsv"
    path.write_text("id\ttext\tpublished\n\t\t\n\nb\t" + "Le Pen met Putin in Moscow. " * 3
                    + "\t2017-03-24\n", "utf-8")
    arts, rej = load_corpus(path)
    assert arts["article_id"].tolist() == ["b"]
    assert rej[["record", "reason"]].values.tolist() == [["line 2", "missing or empty text"]]


def test_lone_surrogate_escape_becomes_replacement_character(tmp_path):
    # json accepts "\ud83d" without its pair (half an emoji cut by a scraper); such a string can
    # not be written as UTF-8, so the run crashed in the Parquet writer. It must become U+FFFD.
    from analysis.pipeline import analyze

    body = "Le Pen met Putin in Moscow. " * 3
    line = json.dumps({"id": "a", "text": body + "\ud83d!", "title": "Putin \udc00",
                       "published": "2017-03-24"})
    assert "\\ud83d" in line
    (tmp_path / "in.jsonl").write_text(line + "\n" + json.dumps(
        {"id": "b", "text": body + "\U0001F600 ok", "published": "2017-03-25"}) + "\n", "utf-8")
    (tmp_path / "in.json").write_text("[" + line.replace('"a"', '"c"') + "]", "utf-8")
    arts, rej = load_corpus([tmp_path / "in.jsonl", tmp_path / "in.json"])
    assert rej.empty
    got = arts.set_index("article_id")
    assert got.loc["a", "text"].endswith("Moscow. \ufffd!")
    assert got.loc["a", "title"] == "Putin \ufffd"
    assert got.loc["c", "title"] == "Putin \ufffd"
    assert got.loc["b", "text"].endswith("\U0001F600 ok")   # a whole pair stays the emoji
    tables = analyze([tmp_path / "in.jsonl"], out=tmp_path / "run", workers=1, progress=False)
    assert sorted(tables["articles"]["article_id"]) == ["a", "b"]
    # UTF-16 with a lone surrogate code unit (invalid UTF-16) raised UnicodeDecodeError
    raw = json.dumps({"id": "d", "text": body}).encode("utf-16")
    cut = raw.index("Moscow".encode("utf-16-le"))
    (tmp_path / "u16.jsonl").write_bytes(raw[:cut] + b"\x3d\xd8" + raw[cut:])
    arts, rej = load_corpus(tmp_path / "u16.jsonl")
    assert rej.empty and arts["text"].item().startswith("Le Pen met Putin in \ufffdMoscow.")


def test_file_name_that_is_not_utf8_is_escaped_not_fatal(tmp_path):
    # A Latin-1 archive's "caf\xe9.txt": Python decodes the byte to a lone surrogate, which no
    # writer takes (the run crashed writing articles.parquet, then manifest.json).
    import os

    from analysis.pipeline import analyze

    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    try:
        with open(name, "wb") as fh:
            fh.write(("Le Pen in Moscow\n" + "Le Pen met Putin in Moscow on Friday. " * 3).encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    tables = analyze([tmp_path], out=tmp_path / "run", workers=1, progress=False)
    art = tables["articles"]
    assert art["article_id"].tolist() == ["caf\\xe9"]
    assert art["source"].tolist() == [str(tmp_path / "caf\\xe9.txt")]
    assert tables.manifest["inputs"][0]["path"].endswith("caf\\xe9.txt")
    arts, rej = load_corpus([tmp_path / os.fsdecode(b"caf\xe9.txt")] * 2)   # id seen twice
    assert "first seen in" in rej["reason"].item() and "caf\\xe9.txt" in rej["reason"].item()


def test_text_given_as_a_list_of_paragraphs(tmp_path):
    # Some scrapers export the body as a list of paragraphs: join them; anything else that is
    # not text (an object, a list holding objects) is rejected with a reason, not printed as
    # Python's repr into the article.
    para = "Le Pen met Putin in Moscow on Friday, and the EU replied."
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "p", "text": [para, None, "", "The Kremlin welcomed the visit of the candidate."]},
        {"id": "o", "text": {"body": para}},
        {"id": "m", "text": [para, {"caption": "x"}]},
        {"id": "e", "text": []},
    ]), "utf-8")
    arts, rej = load_corpus(path)
    assert arts.set_index("article_id").loc["p", "text"] == \
        para + "\n\nThe Kremlin welcomed the visit of the candidate."
    assert rej["reason"].tolist() == ["text is an object, not a string",
                                      "text is a list of non-text items, not a string",
                                      "missing or empty text"]
    # Parquet: a list<string> column arrives as arrays, a binary column as bytes
    import pyarrow as pa
    import pyarrow.parquet as pq

    fr = "Le Kremlin a démenti toute ingérence dans l’élection présidentielle."
    pq.write_table(pa.table({"id": ["l", "b"], "text": pa.array([[para, fr], None],
                                                                pa.list_(pa.string()))}),
                   tmp_path / "list.parquet")
    pq.write_table(pa.table({"id": ["c"], "text": pa.array([fr.encode("cp1252")], pa.binary())}),
                   tmp_path / "bin.parquet")
    arts, rej = load_corpus([tmp_path / "list.parquet", tmp_path / "bin.parquet"])
    got = arts.set_index("article_id")["text"]
    assert got["l"] == para + "\n\n" + fr.replace("’", "'")
    assert got["c"] == fr.replace("’", "'")
    assert rej["reason"].tolist() == ["missing or empty text"]


def test_json_nested_too_deeply_is_a_reject_not_a_crash(tmp_path):
    # json.loads raises RecursionError (not JSONDecodeError) on deep nesting: one bad line must
    # not end the run
    body = "Le Pen met Putin in Moscow on Friday. The EU replied with sanctions. " * 3
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": "a", "text": body}) + "\n"
        + '{"id": "b", "x": ' + deep + ', "text": "' + body + '"}\n', "utf-8")
    (tmp_path / "in.json").write_text("[" + deep + "]", "utf-8")
    arts, rej = load_corpus([tmp_path / "in.jsonl", tmp_path / "in.json"])
    assert arts["article_id"].tolist() == ["a"]
    assert rej[["record", "reason"]].values.tolist() == [
        ["line 2", "invalid JSON: nested too deeply"],
        ["file", "invalid JSON array: nested too deeply"]]


def test_csv_field_over_128_kib_is_read_not_skipped(tmp_path):
    # pandas' python engine skipped, without a word, a row whose field passed the csv module's
    # 131,072-character limit: a long article (a transcript, a live blog) was lost
    import csv

    long_text = "Le Pen met Putin in Moscow on Friday. The EU replied with sanctions. " * 3000
    short = "A short report: Le Pen met Putin in Moscow, and the EU replied."
    (tmp_path / "in.csv").write_text(f'id,text\na,"{long_text}"\nb,"{short}"\n', "utf-8")
    before = csv.field_size_limit()
    arts, rej = load_corpus([tmp_path / "in.csv"])
    assert arts["article_id"].tolist() == ["a", "b"] and rej.empty
    assert len(arts.set_index("article_id").loc["a", "text"]) == len(long_text.strip())
    assert csv.field_size_limit() == before


def test_compressed_jsonl_csv_tsv_are_read_streaming(tmp_path):
    # GDELT- and Media Cloud-sized pulls come gzipped: .gz, .bz2 and .xz JSONL/CSV/TSV files are
    # read like their plain forms; a cut or damaged one is a reject with a reason
    import bz2
    import gzip
    import lzma

    lines = "".join(json.dumps({"id": f"j{i}", "text": f"{BODY} {i}", "published": "2017-03-24"})
                    + "\n" for i in range(3))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    (tmp_path / "b.csv.bz2").write_bytes(bz2.compress(
        f'id,text\nc1,"{BODY} Élysée"\nc2,"{BODY2}"\n'.encode("cp1252")))
    (tmp_path / "c.tsv.xz").write_bytes(lzma.compress(f"id\ttext\nt1\t{BODY}\n".encode()))
    (tmp_path / "d.json.gz").write_bytes(gzip.compress(
        json.dumps([{"id": "arr", "text": BODY2}]).encode()))
    packed = gzip.compress("".join(json.dumps({"id": f"e{i}", "text": f"{BODY} {i}"}) + "\n"
                                   for i in range(3000)).encode())
    (tmp_path / "e.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "f.jsonl.gz").write_bytes(b"not gzip at all")
    arts, rej = load_corpus(tmp_path)   # a folder: compressed files are listed too
    cut = arts[arts["source"].str.endswith("e.jsonl.gz")]["article_id"].tolist()
    assert 0 < len(cut) < 3000 and cut == [f"e{i}" for i in range(len(cut))]  # what came before
    reconcile(arts, rej, 3 + 2 + 1 + 1 + len(cut) + 2)
    got = arts.set_index("article_id")["text"]
    assert got["j2"] == f"{BODY} 2" and got["c1"].endswith("Élysée") and got["t1"] == BODY
    assert got["arr"] == BODY2
    reasons = dict(zip(rej["source"].map(lambda s: Path(s).name), rej["reason"]))
    assert reasons["e.jsonl.gz"].startswith("truncated or corrupt compressed file")
    assert reasons["f.jsonl.gz"].startswith("unreadable file")


def test_free_text_dates_are_parsed_once_per_distinct_value(monkeypatch):
    # dateparser takes ~1 ms a call; a corpus repeats its date strings (one per day), so each
    # distinct string is parsed once (a misplaced decorator once dropped this cache)
    import dateparser

    from analysis import corpus

    calls = []
    real = dateparser.parse
    monkeypatch.setattr(dateparser, "parse", lambda *a, **k: calls.append(a) or real(*a, **k))
    corpus._parse_date_text.cache_clear()
    assert [parse_date("vendredi 24 mars 2017") for _ in range(50)] == [dt.date(2017, 3, 24)] * 50
    assert len(calls) == 1


def test_semicolon_csv_from_a_spreadsheet_is_read(tmp_path):
    # Excel in a French locale saves "CSV" with ";" between fields (and cp1252): read it, rather
    # than report one column named "id;text;published"
    fr = "Le Pen a rencontré Poutine à Moscou vendredi; l'UE a répondu par des sanctions."
    (tmp_path / "semi.csv").write_bytes(
        f'id;text;published\n1;"{fr}";24/03/2017\n2;{BODY2};25/03/2017\n'.encode("cp1252"))
    (tmp_path / "comma.csv").write_text(f'id,text\n3,"{BODY}; {fr}"\n', "utf-8")
    arts, rej = load_corpus([tmp_path / "semi.csv", tmp_path / "comma.csv"])
    assert rej.empty
    got = arts.set_index("article_id")
    assert got.loc["1", "text"] == fr and got.loc["2", "text"] == BODY2
    assert str(got.loc["1", "published"].date()) == "2017-03-24"
    assert got.loc["3", "text"] == f"{BODY}; {fr}"


def test_french_column_names_are_recognised(tmp_path):
    """A sheet made in French ("Date de publication", "Média", "Texte") needs no column_map."""
    fr = "Le Pen a rencontré Poutine à Moscou vendredi; l'UE a répondu par des sanctions."
    (tmp_path / "corpus.csv").write_bytes(
        f'Identifiant;Date de publication;Média;Titre;Texte;Lien;Langue\n'
        f'f1;24/03/2017;Le Quotidien;Visite à Moscou;"{fr}";http://x/1;fr\n'.encode("cp1252"))
    arts, rej = load_corpus(tmp_path / "corpus.csv")
    reconcile(arts, rej, 1)
    row = arts.iloc[0]
    assert (row["article_id"], row["outlet"], row["title"], row["text"], row["url"]) == (
        "f1", "Le Quotidien", "Visite à Moscou", fr, "http://x/1")
    assert row["published"] == pd.Timestamp("2017-03-24") and row["language"] == "fr"


def test_one_folder_per_outlet_with_files_named_by_date(tmp_path):
    """data/lemonde/2017-03-24.txt and data/figaro/2017-03-24.txt, each folder with its own
    metadata.csv: both articles are kept, each with its own outlet. (Before, the second was
    rejected as a duplicate id, and the first got the other folder's outlet.)"""
    data = tmp_path / "data"
    for outlet, body in (("lemonde", BODY), ("figaro", BODY2)):
        (data / outlet).mkdir(parents=True)
        (data / outlet / "2017-03-24.txt").write_text("Title\n" + body, "utf-8")
        (data / outlet / "news.csv").write_text(f'text\n"{body}"\n', "utf-8")  # no id column
        (data / outlet / "metadata.csv").write_text(
            f"file,outlet,published\n2017-03-24.txt,{outlet.title()},2017-03-24\n", "utf-8")
    arts, rej = load_corpus(data)
    reconcile(arts, rej, 4)
    got = dict(zip(arts["article_id"], arts["outlet"].fillna("-"), strict=True))
    assert got == {"figaro/2017-03-24": "Figaro", "figaro/news:2": "-",
                   "lemonde/2017-03-24": "Lemonde", "lemonde/news:2": "-"}
    texts = dict(zip(arts["article_id"], arts["text"], strict=True))
    assert texts["lemonde/2017-03-24"] == BODY and texts["figaro/2017-03-24"] == BODY2

    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\n2017-03-24.txt,Le Monde\n", "utf-8")
    with pytest.raises(ValueError, match=r"meta.csv: row 2: '2017-03-24.txt' fits 2 input files"):
        load_corpus(data, metadata=meta)
    meta.write_text("file,outlet\nlemonde/2017-03-24.txt,Le Monde\nnope/x.txt,X\n", "utf-8")
    with pytest.warns(UserWarning, match=r"meta.csv: 1 row\(s\) name no input file: nope/x.txt"):
        arts, _ = load_corpus(data, metadata=meta)
    got = dict(zip(arts["article_id"], arts["outlet"], strict=True))
    assert got["lemonde/2017-03-24"] == "Le Monde" and got["figaro/2017-03-24"] == "Figaro"


def test_language_column_overruled_by_a_text_that_reads_otherwise(tmp_path):
    """A dataset whose language column is the original outlet's (EUvsDisinfo: "Russian" beside
    English summaries) left English texts unscored; long enough texts now overrule the column
    where English or French is involved, and the manifest counts it."""
    ru = "Кремль отрицает любое вмешательство в президентские выборы во Франции в воскресенье."
    rows = [{"id": "a", "language": "Russian", "text": BODY},          # English text
            {"id": "b", "language": "ru", "text": ru * 2},            # right
            {"id": "c", "language": "ru", "text": "Putin met Le Pen in Moscow today."},  # short
            {"id": "d", "language": "uk", "text": ru * 2}]            # neither en nor fr: kept
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    stats: dict = {}
    arts, rej = load_corpus(path, stats=stats)
    reconcile(arts, rej, 4)
    assert dict(zip(arts["article_id"], arts["language"], strict=True)) == {
        "a": "en", "b": "ru", "c": "ru", "d": "uk"}
    assert stats["languages_overridden"] == {"ru->en": 1}


def test_html_in_a_text_field_is_reduced_to_text():
    """An API's or scraper's "content" field holding HTML kept its tags, script code and
    entities (&apos; &#8220;) in the article text, its sentences and the report; 28 of 2,000
    real articles of the shared corpora had entities."""
    r = clean_text("<p>Marine Le Pen <b>met</b> Vladimir Putin on Friday.</p><script>var x = 1;"
                   "</script><p>The EU&apos;s envoy called it &#8220;a provocation&#8221;.</p>")
    assert r.text == ("Marine Le Pen met Vladimir Putin on Friday.\n\n"
                      'The EU\'s envoy called it "a provocation".')  # quotes normalised
    assert r.fired["html_markup"] == 11  # 8 tags, 3 entities
    plain = "If x < 3 and y > 2, the EU wins."
    assert clean_text(plain).text == plain and "html_markup" not in clean_text(plain).fired


def test_parquet_ids_stay_exact_and_nulls_are_missing(tmp_path):
    # pyarrow turns an int64 column with a null into float64 (1 -> "1.0", and ids above 2**53
    # collide); pandas' nullable dtypes came back as the string "<NA>"
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [f"{BODY} ({k})" for k in range(3)]
    pq.write_table(pa.table({"stories_id": pa.array([9007199254740993, None, 9007199254740992],
                                                    pa.int64()), "text": texts}),
                   tmp_path / "big.parquet")
    pd.DataFrame({"id": pd.array([None, None, 5], dtype="Int64"),
                  "text": pd.array([BODY2, None, BODY2 + " Again."], dtype="string"),
                  "outlet": pd.array(["Le Monde", None, None], dtype="string")}
                 ).to_parquet(tmp_path / "nullable.parquet")
    arts, rej = load_corpus([tmp_path / "big.parquet", tmp_path / "nullable.parquet"],
                            dedupe=False)
    assert arts["article_id"].tolist() == ["9007199254740993", "big:1", "9007199254740992",
                                           "nullable:0", "5"]
    assert arts["outlet"].tolist()[3:] == ["Le Monde", None]
    assert rej[["record", "reason"]].values.tolist() == [["row 1", "missing or empty text"]]


def test_ids_are_kept_as_given_but_trimmed(tmp_path):
    # inner whitespace made "a b" and "a\tb" one id (the second rejected as a duplicate); a
    # JSON 1.0 is the id 1
    rows = [{"id": "a b", "text": BODY}, {"id": "a\tb", "text": BODY2},
            {"id": " 7 ", "text": BODY + " Seven."}, {"id": 8.0, "text": BODY2 + " Eight."}]
    (tmp_path / "ids.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    arts, rej = load_corpus(tmp_path / "ids.jsonl")
    assert arts["article_id"].tolist() == ["a b", "a\tb", "7", "8"] and rej.empty


@pytest.mark.parametrize("name, rows", [("small.csv.gz", 400), ("big.csv.xz", 12_000),
                                        ("line.tsv.gz", 400)])
def test_a_cut_compressed_table_keeps_the_rows_before_the_cut(tmp_path, name, rows):
    # the quote count and the encoding sniff read the stream first and hit the cut, and the rows
    # of the batch being parsed were dropped: a cut CSV kept none of its records
    import bz2
    import gzip
    import lzma

    sep = "\t" if ".tsv" in name else ","
    table = f"id{sep}text\n" + "".join(f'r{i}{sep}"{BODY} {i}"\n' for i in range(rows))
    packed = {".gz": gzip, ".xz": lzma, ".bz2": bz2}[Path(name).suffix].compress(table.encode())
    (tmp_path / name).write_bytes(packed[: len(packed) * 2 // 3])
    arts, rej = load_corpus(tmp_path / name, dedupe=False)
    kept = arts["article_id"].tolist()
    assert len(kept) > rows // 3 and kept == [f"r{i}" for i in range(len(kept))]
    assert rej["reason"].str.startswith("truncated or corrupt compressed file").tolist() == [True]


def test_a_folders_metadata_csv_is_checked_like_the_metadata_option(tmp_path):
    # a metadata.csv beside the files: two rows for one file silently let the last win, rows
    # naming no file were not reported, and "Metadata.csv" was neither read nor applied
    (tmp_path / "a.txt").write_text("Title\n" + BODY, "utf-8")
    (tmp_path / "b.txt").write_text("Title\n" + BODY2, "utf-8")
    sidecar = tmp_path / "Metadata.csv"
    sidecar.write_text("File;Outlet\na.txt;Ledger\nc.txt;Gone\n", "utf-8")   # spreadsheet style
    with pytest.warns(UserWarning, match=r"Metadata.csv: 1 row\(s\) name no input file: c.txt"):
        arts, rej = load_corpus(tmp_path)
    reconcile(arts, rej, 2)
    assert arts.set_index("article_id")["outlet"].to_dict() == {"a": "Ledger", "b": None}
    sidecar.write_text("file,outlet\na.txt,Ledger\na.txt,Courier\n", "utf-8")
    with pytest.raises(ValueError, match=r"Metadata.csv: rows 2 and 3 both describe .*a.txt"):
        load_corpus(tmp_path)
    # --metadata may name a file by its absolute path
    sidecar.unlink()
    meta = tmp_path.parent / f"{tmp_path.name}-meta.csv"
    meta.write_text(f"file,outlet\n{tmp_path / 'b.txt'},Courier\n", "utf-8")
    arts, _ = load_corpus(tmp_path, metadata=meta)
    assert arts.set_index("article_id")["outlet"].to_dict() == {"a": None, "b": "Courier"}


def test_a_folders_files_of_other_types_are_rejects(tmp_path):
    # a folder walk left out PDFs, Word files and the like without a word; given by name they
    # were already rejects
    (tmp_path / "a.txt").write_text("Title\n" + BODY, "utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "README.md").write_text("about this folder", "utf-8")
    arts, rej = load_corpus(tmp_path)
    reconcile(arts, rej, 3)
    assert [Path(s).name for s in rej["source"]] == ["notes.docx", "scan.pdf"]
    assert rej["reason"].str.startswith("unsupported file type '.").all()


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r"])
def test_an_html_page_is_read_in_the_charset_it_declares(tmp_path, charset):
    # read as cp1252, a Russian page became accepted mojibake ("Êðåìëü")
    text = ("Кремль отверг обвинения во вмешательстве в президентские выборы во Франции. "
            "Представитель Кремля заявил, что Москва не поддерживает ни одного кандидата.")
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>Кремль</title></head><body><article><p>{text}</p><p>{text}</p></article>"
            "</body></html>")
    (tmp_path / "ru.html").write_bytes(page.encode(charset))
    (tmp_path / "liar.html").write_bytes(  # says latin-1, is UTF-8: the bytes are believed
        f'<html><head><meta charset="iso-8859-1"></head><body><p>{BODY} Élysée.</p></body></html>'
        .encode())
    arts, rej = load_corpus(tmp_path)
    reconcile(arts, rej, 2)
    got = arts.set_index("article_id")
    assert "Кремль отверг обвинения" in got.loc["ru", "text"] and got.loc["ru", "language"] == "ru"
    assert got.loc["liar", "text"].endswith("Élysée.")


def test_a_json_file_of_one_pretty_printed_object_is_one_record(tmp_path):
    # it was read as JSONL: five "invalid JSON" rejects for one article
    (tmp_path / "one.json").write_text(json.dumps({"id": "x", "text": BODY}, indent=2), "utf-8")
    (tmp_path / "lines.json").write_text(   # JSONL named .json is still read line by line
        "\n".join(json.dumps({"id": f"l{i}", "text": f"{BODY2} {i}"}) for i in range(2)), "utf-8")
    arts, rej = load_corpus(tmp_path)
    reconcile(arts, rej, 3)
    assert arts["article_id"].tolist() == ["l0", "l1", "x"]


def test_a_metadata_field_holding_an_object_or_list_is_a_reject(tmp_path):
    # stored as Python reprs ("{'name': 'Le Monde'}"); a date in a list was even parsed
    rows = [{"id": "a", "text": BODY, "outlet": {"name": "Le Monde"}},
            {"id": "b", "text": BODY2, "published": ["2017-03-24"]},
            {"id": "c", "text": BODY, "outlet": "Le Monde", "published": "2017-03-24"}]
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    arts, rej = load_corpus(tmp_path / "n.jsonl")
    reconcile(arts, rej, 3)
    assert arts["article_id"].tolist() == ["c"]
    assert rej["reason"].tolist() == [
        "outlet is an object, not a single value: \"{'name': 'Le Monde'}\"",
        "published is a list, not a single value: \"['2017-03-24']\""]


def test_language_codes_and_names_are_normalised(tmp_path):
    # 3-letter codes (library catalogues, some APIs) were kept as given: "eng" next to "en"
    short = "Putin met Macron on Friday."   # too short for language ID to override the column
    rows = [{"id": str(i), "text": f"{short} {i}", "language": lang}
            for i, lang in enumerate(["EN", "en-US", "fr_FR", "French", "eng", "fre", "deu", "ukr"])]
    (tmp_path / "l.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    arts, _ = load_corpus(tmp_path / "l.jsonl", dedupe=False)
    assert arts["language"].tolist() == ["en", "en", "fr", "fr", "en", "fr", "de", "uk"]


def test_column_names_for_the_text(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    # column_map's names are matched like the default map's: case aside ("nachricht" was
    # "missing required column 'text'", though the user had mapped it)
    (tmp_path / "de.csv").write_text(f'Nachricht,Datum\n"{BODY}",2017-03-24\n', "utf-8")
    arts, _ = load_corpus(tmp_path / "de.csv", column_map={"nachricht": "text", "datum": "published"})
    assert arts["published"].tolist() == [pd.Timestamp("2017-03-24")]
    # two mapped columns present for one field: the last silently won
    with pytest.raises(ValueError, match=r"de.csv: column_map maps both 'Nachricht' and 'Datum' "
                                         r"to 'text'"):
        load_corpus(tmp_path / "de.csv", column_map={"Nachricht": "text", "Datum": "text"})
    # several columns the default map takes for the text: read the first, but say so (a row with
    # an empty "body" and a full "content" is "missing or empty text")
    (tmp_path / "two.csv").write_text(f'content,body\n"{BODY}",\n', "utf-8")
    with pytest.warns(UserWarning, match=r"two.csv: columns 'body', 'content' could each be the "
                                         r"text; 'body' is read"):
        arts, rej = load_corpus(tmp_path / "two.csv")
    assert rej["reason"].tolist() == ["missing or empty text"]
    # a Parquet file may repeat a column name (pyarrow allows it): an AttributeError from pandas;
    # the first is read, and the warning says so, as for two names
    pq.write_table(pa.Table.from_arrays([pa.array([BODY]), pa.array([BODY2])],
                                        names=["text", "text"]), tmp_path / "dup.parquet")
    with pytest.warns(UserWarning, match=r"columns 'text', 'text.1' \(a repeat of 'text'\)"):
        arts, _ = load_corpus(tmp_path / "dup.parquet")
    assert arts["text"].tolist() == [BODY]


def test_a_line_based_tsv_keeps_a_quoted_field_over_several_lines(tmp_path):
    # the record was kept cut at the first line break (with a stray quote), and its next lines
    # were rejected as malformed rows
    rows = "".join(f"{i}\tT{i}\t{BODY2} ({i})\t2017-03-2{i}\n" for i in range(2, 6))
    (tmp_path / "ml.tsv").write_text(
        f'id\ttitle\ttext\tdate\n1\tA\t"{BODY}\n\nA second paragraph, ""quoted"".\n'
        f'The end."\t2017-03-21\n{rows}7\tB\t"never closed\t2017-03-27\n8\tC\t{BODY} (8)\t'
        "2017-03-28\n", "utf-8")
    arts, rej = load_corpus(tmp_path / "ml.tsv")
    reconcile(arts, rej, 7)
    first = arts.iloc[0]
    assert first["text"] == f'{BODY}\n\nA second paragraph, "quoted". The end.'
    assert first["published"] == pd.Timestamp("2017-03-21")
    assert arts["article_id"].tolist() == ["1", "2", "3", "4", "5", "8"]
    assert rej[["record", "reason"]].values.tolist() == [["line 10", "text too short: 11 "
                                                          "letters (minimum 20)"]]


def test_rejects_are_listed_in_input_order(tmp_path):
    # the readers' rejects (a bad line) came before the records' (a short text) of the chunk:
    # "line 3" was listed before "line 1"
    lines = ['{"id": "a", "text": "too short"}', json.dumps({"id": "b", "text": BODY}),
             "not json", '{"id": "c", "text": ""}']
    (tmp_path / "a.jsonl").write_text("\n".join(lines), "utf-8")
    _, rej = load_corpus(tmp_path / "a.jsonl")
    assert rej["record"].tolist() == ["line 1", "line 3", "line 4"]


def test_invisible_and_foreign_breaks_are_cleaned(tmp_path):
    # a form feed (pdftotext between pages) was deleted, gluing "EU.The"; direction marks
    # stayed, hiding a sentence's capital and sticking to names; U+205F stayed in speakers
    from analysis.corpus import clean_text

    got = clean_text("Putin praised the EU.\x0cThe Kremlin denied it. Lavrov said the EU "
                     "lies.\u200f The EU\u200f condemned\u205fMoscow.").text
    assert got == ("Putin praised the EU.\n\nThe Kremlin denied it. Lavrov said the EU lies. "
                   "The EU condemned Moscow.")


@pytest.mark.parametrize("value", ["yesterday", "hier", "il y a 2 jours", "Posted 3 days ago",
                                   "2 hours ago", "today", "aujourd'hui"])
def test_relative_dates_give_no_date(tmp_path, value):
    # dateparser read them from the machine's clock: a real-looking date that changed from run
    # to run, whatever today= said
    assert parse_date(value) is None and parse_date(value, today=dt.date(2030, 1, 1)) is None
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "r", "text": BODY, "published": value}), "utf-8")
    stats = {}
    arts, _ = load_corpus(path, stats=stats)
    assert arts["published"].isna().all() and stats["dates_missing"] == 1
    assert arts["published_raw"].item() == value
    _, rej = load_corpus(path, strict_dates=True)
    assert rej["reason"].item() == (f"relative date {value!r} with no day to count from "
                                    "(strict_dates=True)")


@pytest.mark.parametrize("value, day_first, month_first", [
    # every numeric day/month/year form follows the one convention: dateparser read those
    # that were not exactly dd/mm/yyyy month first when day first was impossible
    ("03/24/2017 10:00 AM", None, dt.date(2017, 3, 24)),
    ("03/24/2017 10:00", None, dt.date(2017, 3, 24)),
    ("3/24/17", None, dt.date(2017, 3, 24)),
    ("24/03/17", dt.date(2017, 3, 24), None),
    ("24.03.2017 10h32", dt.date(2017, 3, 24), None),
    ("24/03/2017 à 10h32", dt.date(2017, 3, 24), None),
    ("24-03-2017 10:00:00", dt.date(2017, 3, 24), None),
    ("24/03/2017 18:30 CET", dt.date(2017, 3, 24), None),
    ("24/03/2017T18:30:00+01:00", dt.date(2017, 3, 24), None),
    ("04/05/17 10:00", dt.date(2017, 5, 4), dt.date(2017, 4, 5)),
    ("Publié le 03/24/2017 à 10h32", None, dt.date(2017, 3, 24)),
    ("24/03/99", dt.date(1999, 3, 24), None),      # two-digit years as %y reads them
    ("05/06/70", dt.date(1970, 6, 5), dt.date(1970, 5, 6)),
    # a four-digit year first: year, month, day in either convention
    ("2017/03/24", dt.date(2017, 3, 24), dt.date(2017, 3, 24)),
    ("2017.03.24", dt.date(2017, 3, 24), dt.date(2017, 3, 24)),
    ("2017/03/24 10:00 AM", dt.date(2017, 3, 24), dt.date(2017, 3, 24)),
    ("2017-24-03", None, None), ("2017/24/03", None, None),
    ("1/2/3", None, None),                         # a one-digit year: no guess
])
def test_numeric_dates_follow_one_convention(value, day_first, month_first):
    _assert_read_as(value, day_first, month_first)


def test_month_first_count_includes_every_numeric_form(tmp_path):
    path = tmp_path / "us.jsonl"
    dates = ["03/24/2017 10:00 AM", "3/24/17", "Posted on 03/24/2017", "24/03/2017", "2017-24-03"]
    path.write_text("\n".join(json.dumps({"id": str(i), "text": BODY, "published": d})
                              for i, d in enumerate(dates)), "utf-8")
    stats = {}
    arts, _ = load_corpus(path, stats=stats, today=dt.date(2026, 1, 1))
    assert stats["dates_missing"] == 4 and stats["dates_month_first"] == 3
    arts, _ = load_corpus(path, stats=stats, month_first=True, today=dt.date(2026, 1, 1))
    assert arts["published"].notna().tolist() == [True, True, True, False, False]
    assert stats["dates_month_first"] == 0


@pytest.mark.parametrize("how", ["plain", "gz", "streamed"])
def test_a_utf8_table_with_a_cp1252_line_decodes_line_by_line(tmp_path, monkeypatch, how):
    # one pasted Latin-1 line made the whole file cp1252 ("é" elsewhere became "Ã©"), while the
    # same bytes gzipped, or a big file, were UTF-8 with U+FFFD
    import gzip

    import analysis.corpus as corpus

    fr = "Le Kremlin a démenti toute ingérence dans l'élection présidentielle française."
    lines = ["id,text\n", f'1,"{fr}"\n', f'2,"{fr} – “cp1252”"\n', f'3,"{BODY} Élysée"\n']
    path = tmp_path / ("t.csv.gz" if how == "gz" else "t.csv")
    if how == "streamed":
        monkeypatch.setattr(corpus, "STREAM_BYTES", 0)
    for encodings in (["utf-8", "utf-8", "cp1252", "utf-8"], ["cp1252"] * 4):
        # the second: a file that is cp1252 throughout is still cp1252, each line of it
        data = b"".join(line.encode(enc) for line, enc in zip(lines, encodings))
        path.write_bytes(gzip.compress(data) if how == "gz" else data)
        arts, rej = load_corpus(path)
        reconcile(arts, rej, 3)
        assert arts["text"].tolist() == [fr, f'{fr} — "cp1252"', f"{BODY} Élysée"]


def test_near_duplicates_do_not_chain_through_intermediate_texts():
    # groups were the connected components of similar pairs: a rolling text, each version
    # replacing one sentence, pointed every version to the first at Jaccard 0.36
    from analysis.corpus import dedupe_features

    sentences = [f"Sentence number {i} reports a distinct development in the count of votes "
                 f"across region {i} today." for i in range(12)]
    texts = [" ".join(sentences[i: i + 6]) for i in range(7)]
    arts = pd.DataFrame({"article_id": [f"v{i}" for i in range(7)], "text": texts,
                         "published": pd.to_datetime([f"2017-05-0{i + 1}" for i in range(7)])})
    out = mark_duplicates(arts)
    _, sigs, _ = dedupe_features(texts)
    row = {f"v{i}": i for i in range(7)}
    marked = out.dropna(subset=["duplicate_of"])
    assert len(marked) >= 2    # near copies are still found
    for art, orig in zip(marked["article_id"], marked["duplicate_of"]):
        assert (sigs[row[art]] == sigs[row[orig]]).mean() >= 0.7, (art, orig)
    # the same marks whatever the order of the rows
    back = mark_duplicates(arts.iloc[::-1]).set_index("article_id")["duplicate_of"]
    assert back.reindex(out["article_id"]).tolist() == out["duplicate_of"].tolist()


def test_a_text_that_is_only_urls_is_rejected(tmp_path):
    url = ("https://www.lemonde.fr/election-presidentielle-2017/article/2017/03/24/"
           "marine-le-pen-rencontre-vladimir-poutine-au-kremlin_5100000_4854003.html")
    rows = [{"id": "one", "text": url}, {"id": "two", "text": f" {url}\n\nhttp://example.org/"
                                                             "an-other-long-address-of-words \n"},
            {"id": "www", "text": "www.liberation.fr/politiques/2017/03/24/le-pen-a-moscou"},
            {"id": "ok", "text": f"{BODY} Source: {url}"}]
    (tmp_path / "u.jsonl").write_text("\n".join(map(json.dumps, rows)), "utf-8")
    arts, rej = load_corpus(tmp_path / "u.jsonl")
    reconcile(arts, rej, 4)
    assert arts["article_id"].tolist() == ["ok"]
    assert set(rej["reason"]) == {"text is only a URL or URLs, no article text"}


def test_semicolon_header_with_a_quoted_comma(tmp_path):
    fr = "Le Kremlin a démenti toute ingérence dans l'élection, selon un porte-parole."
    (tmp_path / "s.csv").write_text(f'id;texte;"Auteur (nom, prénom)"\n1;"{fr}";"Dupont, Jean"\n',
                                    "utf-8")
    arts, rej = load_corpus(tmp_path / "s.csv")
    reconcile(arts, rej, 1)
    assert arts["text"].tolist() == [fr]
    (tmp_path / "c.csv").write_text(f'id,text,"note; remark"\n1,"{BODY}",x\n', "utf-8")
    arts, rej = load_corpus(tmp_path / "c.csv")
    assert arts["text"].tolist() == [BODY]


def test_news_please_json_fields(tmp_path):
    item = {"authors": ["A B"], "date_download": "2017-05-08 10:00:00", "date_modify": None,
            "date_publish": "2017-05-06 09:00:00", "language": "en",
            "source_domain": "example.org", "maintext": BODY, "title": "T", "title_page": None,
            "url": "https://example.org/x"}
    (tmp_path / "np.json").write_text(json.dumps(item), "utf-8")
    arts, rej = load_corpus(tmp_path / "np.json")
    reconcile(arts, rej, 1)
    row = arts.iloc[0]
    assert (row["published"], row["outlet"], row["title"], row["text"]) == (
        pd.Timestamp("2017-05-06"), "example.org", "T", BODY)


@pytest.mark.parametrize("name, header", [("s.csv", "id;Texte;Texte"), ("t.tsv", "id\tTexte\tTexte")])
def test_a_repeated_text_column_name_warns(tmp_path, name, header):
    # the second "Texte" (pandas' "Texte.1") was ignored without a word, while two different
    # names for the text warned
    sep = header[2]
    (tmp_path / name).write_text(f"{header}\n1{sep}{BODY}{sep}{BODY2}\n", "utf-8")
    with pytest.warns(UserWarning, match=r"columns 'Texte', 'Texte.1' \(a repeat of 'Texte'\) "
                                         r"could each be the text; 'Texte' is read"):
        arts, _ = load_corpus(tmp_path / name)
    assert arts["text"].tolist() == [BODY]


def test_column_map_name_that_no_input_has_is_warned(tmp_path):
    """`--column-map articlebody=text` on a file with `article_body` was skipped without a word,
    so the `text` teaser was read as the article. A name no input file has is now warned about,
    with the columns found; a name only some files have is fine (exports may differ)."""
    import warnings

    (tmp_path / "a.csv").write_text(f'id,text,article_body\na1,Short teaser,"{BODY}"\n', "utf-8")
    with pytest.warns(UserWarning, match=r"column_map names 'articlebody' \(-> text\), which no "
                      r"input file has; columns found: id, text, article_body"):
        load_corpus(tmp_path / "a.csv", column_map={"articlebody": "text"})
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b1", "nachricht": BODY2}), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        arts, _ = load_corpus([tmp_path / "a.csv", tmp_path / "b.jsonl"],
                              column_map={"nachricht": "text"})
    assert arts.set_index("article_id").loc["b1", "text"] == BODY2


def test_inputs_with_no_file_to_read_are_refused(tmp_path):
    """An empty folder, or an earlier run's output folder (its tables are skipped as input by
    design), gave 0 records and no word; empty files are still rejects with a reason."""
    from analysis.pipeline import ingest

    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match=r"no input file to read: .*empty is an empty folder"):
        load_corpus(tmp_path / "empty")
    (tmp_path / "src.jsonl").write_text(json.dumps({"id": "a1", "text": BODY}), "utf-8")
    ingest(tmp_path / "src.jsonl", out=tmp_path / "run")
    with pytest.raises(ValueError, match=r"run holds an earlier run's tables, which are skipped "
                       r"as input; pass .*run/articles.parquet to read them"):
        load_corpus(tmp_path / "run")
    arts, _ = load_corpus(tmp_path / "run" / "articles.parquet")   # as the message says
    assert arts["article_id"].tolist() == ["a1"]
    (tmp_path / "empty" / "empty.csv").write_text("", "utf-8")
    arts, rej = load_corpus(tmp_path / "empty")
    assert arts.empty and rej["reason"].str.startswith("empty file").all()
