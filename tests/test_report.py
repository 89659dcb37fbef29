import json
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import DEMO

from analysis.cli import main
from analysis.pipeline import analyze, read_tables


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep")
    analyze([DEMO / "articles.jsonl", DEMO / "texts", DEMO / "html"], out=out)
    assert main(["report", str(out), "--out", str(out / "r.pdf"), "--title", "Demo <b>title</b>"]) == 0
    return out


def _pdf_text(path):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_has_the_expected_sections(demo_report):
    text = _pdf_text(demo_report / "r.pdf")
    for section in ("Summary", "Headline numbers", "Methods", "Validation figures", "Charts",
                    "Tables", "Evidence", "Most negative sentences toward Russia", "Limitations",
                    "Provenance", "Manifest"):
        assert section in text, section
    assert "Demo <b>title</b>" in text  # the title is escaped text, not markup


def test_html_numbers_come_from_the_tables(demo_report):
    html = (demo_report / "r.html").read_text()
    manifest = json.loads((demo_report / "manifest.json").read_text())
    assert f">{manifest['counts']['records']}<" in html.replace(",", "")
    assert "sklearn.tsc.v2" in html and "<mark>" in html
    assert "word vectors glove-6b-100d-50k" in html   # the Methods row names them
    assert html.count("data:image/svg+xml;base64,") >= 5  # the charts


def test_report_of_a_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope"), "--out", str(tmp_path / "r.pdf")]) == 2
    assert "analysis folder not found" in capsys.readouterr().err


def test_report_into_a_folder(demo_report):
    from analysis.report import build_report

    folder = demo_report / "pdfs"
    folder.mkdir()
    assert build_report(demo_report, out=folder) == folder / "report.pdf"
    assert (folder / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert (folder / "report.html").exists()
    assert not (demo_report / "pdfs.html").exists()  # nothing written beside the folder
    # no out: into the analysis folder, as the command line does (it went to the current folder)
    (demo_report / "report.pdf").unlink(missing_ok=True)
    assert build_report(demo_report) == demo_report / "report.pdf"
    assert (demo_report / "report.html").exists()



def test_report_out_must_be_a_pdf_or_a_folder(demo_report, tmp_path):
    # --out report.html wrote the HTML, then the PDF over it; --out articles.jsonl replaced an
    # input with a PDF
    from analysis.report import build_report

    keep = tmp_path / "articles.jsonl"
    keep.write_text('{"text": "mine"}\n', "utf-8")
    for out in (keep, tmp_path / "report.html", tmp_path / "report"):
        with pytest.raises(ValueError, match="must end in .pdf .or be an existing folder."):
            build_report(demo_report, out=out)
    assert keep.read_text("utf-8") == '{"text": "mine"}\n'
    assert not (tmp_path / "report.html").exists()
    # the HTML beside the PDF: a corpus page of that name (a run written into the input folder)
    # was replaced by the report
    page = tmp_path / "pages" / "report.html"
    page.parent.mkdir()
    page.write_text("<html><body><p>A scraped article.</p></body></html>", "utf-8")
    with pytest.raises(ValueError, match=r"report.html exists and is not a report of electionlens"):
        build_report(demo_report, out=page.parent)
    assert page.read_text("utf-8").startswith("<html><body><p>A scraped")
    assert build_report(demo_report, out=tmp_path / "r.pdf").exists()   # a report is replaced
    assert build_report(demo_report, out=tmp_path / "r.pdf").exists()

def test_report_reads_only_what_it_shows(demo_report, monkeypatch):
    """A corpus of millions of articles: the report must not load the article texts, the frame
    evidence, the sentence-level frames (three quarters of that table) or the sentences table
    beyond the sentences it quotes (it needed ~30 KB per article, so 30 GB for a million)."""
    import analysis.pipeline as pl
    from analysis.report import report_context

    reads = []
    real = pl._read_table

    def spy(path, fmt, columns, ids, *, article_level=False):
        reads.append((path.name.split(".")[0], columns, ids, article_level))
        return real(path, fmt, columns, ids, article_level=article_level)

    monkeypatch.setattr(pl, "_read_table", spy)
    context = report_context(demo_report, charts=False)
    got = {name: (columns, ids) for name, columns, ids, _ in reads}
    assert "text" not in got["articles"][0] and "evidence" not in got["frames"][0]
    assert [name for name, *_, article_level in reads if article_level] == ["frames"]
    quoted = got["sentences"][1]
    assert quoted is not None and 0 < len(quoted) <= 20  # 4 lists of 5 evidence sentences
    shown = [e for block in context["evidence"] for e in block["entries"]]
    assert any("<mark>" in str(e["html"]) for e in shown)


def test_count_tables_leave_wire_copies_out(demo_report):
    """Like every figure, the claim headlines and the actor and frame tables count original
    articles only: wire copies would inflate whatever a story syndicated many times says."""
    from analysis.pipeline import read_tables
    from analysis.report import report_context

    t = read_tables(demo_report)
    originals = set(t["articles"].loc[t["articles"]["duplicate_of"].isna(), "article_id"])
    assert len(originals) < len(t["articles"])  # the demo has wire copies
    context = report_context(demo_report, charts=False)
    tables = {x["title"]: x for x in context["tables"]}
    c = t["claims"][t["claims"]["article_id"].isin(originals) & t["claims"]["speaker"].ne("author")]
    assert len(c) < len(t["claims"][t["claims"]["speaker"].ne("author")])
    for bloc, name in (("russia", "Russia"), ("eu", "the EU")):
        headline = next(h for h in context["headlines"]
                        if h["label"] == f"Quoted claims against {name} (share)")
        assert headline["n"] == int((c["target_bloc"] == bloc).sum())
        assert headline["articles"] == c.loc[c["target_bloc"] == bloc, "article_id"].nunique()
        assert headline["link"] == "claims"
    # the summary counts what the figures count: original articles, and what is in them
    kpis = {k["label"]: k["value"] for k in context["kpis"]}
    assert kpis["original articles (wire copies left out, as in every figure)"] == \
        f"{len(originals):,}"
    assert kpis["actor mentions in them"] == f"{int(t['mentions']['article_id'].isin(originals).sum()):,}"
    m = t["mentions"][t["mentions"]["article_id"].isin(originals)]
    for actor, bloc, n in tables["Most mentioned actors (top 15)"]["rows"]:
        assert n == len(m[(m["actor"] == actor) & (m["bloc"] == bloc)])
    f = t["frames"][t["frames"]["sentence_id"].isna() & t["frames"]["article_id"].isin(originals)]
    rows = tables["Frames and narratives (articles carrying each; top 20)"]["rows"]
    for kind, frame, _name, n in rows:
        assert n == len(f[(f["kind"] == kind) & (f["frame"] == frame)])
    # each label is named as in frames.yaml / narratives.yaml
    names = {frame: name for _kind, frame, name, _n in rows}
    assert names.get("west_russophobic", "The West is russophobic") == "The West is russophobic"
    assert all(name and name != frame for frame, name in names.items())


def test_headline_intervals_resample_articles(demo_report):
    """The headline intervals are the library's article-level bootstrap (the one
    aggregate_timeline gives), and the claim shares have one too."""
    from analysis.pipeline import read_tables
    from analysis.report import report_context
    from analysis.timeline import aggregate_timeline

    t = read_tables(demo_report)
    context = report_context(demo_report, charts=False)
    scored = t["sentiment"][t["sentiment"]["label"].notna()]
    overall = aggregate_timeline(scored, t["articles"], value="score", by="bloc", freq=None,
                                 n_boot=2000).set_index("bloc")
    for bloc, name in (("russia", "Russia"), ("eu", "the EU")):
        tone = next(h for h in context["headlines"] if h["label"] == f"Mean tone toward {name}")
        cell = overall.loc[bloc]
        assert tone["ci"] == f"{cell['ci_low']:+.2f} to {cell['ci_high']:+.2f}"
        share = next(h for h in context["headlines"]
                     if h["label"] == f"Quoted claims against {name} (share)")
        low, high = (int(x) for x in re.fullmatch(r"(\d+)% to (\d+)%", share["ci"]).groups())
        assert low < int(share["value"].rstrip("%")) < high


def test_folder_walk_skips_reports(demo_report, tmp_path):
    """A report written into the data folder (or into a run folder under it) is not read back as
    an article by the next `analyze data/`: its quoted sentences would be counted twice."""
    from analysis.corpus import load_corpus

    shutil.copy(demo_report / "r.html", tmp_path / "report.html")
    shutil.copy(DEMO / "texts" / "debate-fact-check.txt", tmp_path)
    arts, rejects = load_corpus(tmp_path)
    assert rejects.empty
    assert [Path(s).name for s in arts["source"]] == ["debate-fact-check.txt"]


def test_coverage_chart_counts_empty_periods_as_zero(tmp_path, monkeypatch):
    """Months without articles were left out of the coverage series, so the line was drawn
    straight across them as if coverage had gone on; they are zeros now (as in notebooks 01
    and 05)."""
    import analysis.plots
    import analysis.report

    texts = ["The European Union criticised Vladimir Putin on Monday, officials said.",
             "Brussels officials warned that the EU would extend its sanctions on Russia.",
             "Marine Le Pen told a rally in Lyon that the EU had failed French farmers."]
    rows = [{"id": f"a{i}", "published": d, "text": t}
            for i, (d, t) in enumerate(zip(["2017-01-10", "2017-01-20", "2017-04-12"], texts))]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    analyze(tmp_path / "in.jsonl", out=tmp_path / "run", load=False)
    seen = []
    real = analysis.plots.plot_coverage
    monkeypatch.setattr(analysis.plots, "plot_coverage",
                        lambda df, **kw: seen.append(df) or real(df, **kw))
    analysis.report.report_context(tmp_path / "run")
    eu = seen[0][seen[0]["bloc"] == "eu"].set_index("period")["n_articles"].sort_index()
    weeks = pd.date_range(eu.index.min(), eu.index.max(), freq="W-MON")
    assert list(eu.index) == list(weeks) and len(weeks) == 14  # every week, Jan 9 .. Apr 10
    assert eu.sum() == 3 and (eu == 0).sum() == 11


def test_a_bloc_the_researcher_adds_gets_claims_and_report_rows(tmp_path):
    """A registry that adds a 'china' bloc got sentiment for it but no claims (stance targets
    were Russia and the EU only) and no report rows: it is a target bloc now."""
    (tmp_path / "china.yaml").write_text(
        "blocs: {china: Chinese state actors}\n"
        "actors:\n  - {id: china, bloc: china, name: China, kind: country, aliases: [China, Beijing]}\n",
        "utf-8")
    (tmp_path / "in.jsonl").write_text(json.dumps(
        {"id": "a", "published": "2017-03-24", "outlet": "X",
         "text": "Macron warned that China was meddling in Europe. Le Pen criticised the EU."}),
        "utf-8")
    res = analyze(tmp_path / "in.jsonl", out=tmp_path / "run", actors=tmp_path / "china.yaml")
    claims = res["claims"]
    assert set(zip(claims["speaker"], claims["target_bloc"])) == {("Macron", "china"),
                                                                  ("Le Pen", "eu")}
    assert main(["report", str(tmp_path / "run")]) == 0
    text = (tmp_path / "run" / "report.html").read_text("utf-8")
    assert "Mean tone toward China" in text and "Quoted claims against China" in text


def test_table_text_left_numbers_right(demo_report):
    """Every column but the first was right-aligned, names and blocs included."""
    html = (demo_report / "r.html").read_text("utf-8")
    assert "<td>Security and defense</td>" in html and "<td>russia</td>" in html
    assert '<td class="num">Security and defense</td>' not in html
    assert re.search(r'<td class="num">\d[\d,]*</td>', html)


def test_undated_articles_without_outlets_get_a_note_not_empty_charts(tmp_path):
    """A folder of .txt files (SemEval) has no dates and no outlets: the report drew six empty
    'No data' charts and an empty outlet table. It says why they are left out instead."""
    import analysis.report

    (tmp_path / "in").mkdir()
    for i, text in enumerate(["The European Union criticised Vladimir Putin, officials said.",
                              "Marine Le Pen told a rally that the EU had failed farmers."]):
        (tmp_path / "in" / f"a{i}.txt").write_text(f"Title {i}\n\n{text}", "utf-8")
    analyze(tmp_path / "in", out=tmp_path / "run", load=False)
    context = analysis.report.report_context(tmp_path / "run")
    assert len(context["charts"]) == 1   # the speakers chart; nothing over time or by outlet
    assert [n.split(":")[0] for n in context["chart_notes"]] == ["No chart over time",
                                                                 "No chart by outlet"]
    assert "Outlets" not in [t["title"] for t in context["tables"]]
    dated = pd.DataFrame({"id": ["a"], "published": ["2017-03-24"], "outlet": ["X"],
                          "text": ["The European Union criticised Vladimir Putin, officials said."]})
    dated.to_json(tmp_path / "d.jsonl", orient="records", lines=True)
    analyze(tmp_path / "d.jsonl", out=tmp_path / "run2", load=False)
    context = analysis.report.report_context(tmp_path / "run2")
    # (its one scored sentence is too few for a tone chart: a note says so)
    assert not any(n.startswith(("No chart over time", "No chart by outlet"))
                   for n in context["chart_notes"])
    assert len(context["charts"]) >= 4


def test_evidence_direction_is_checked():
    # "down" matched no sentiment label, so the call returned no evidence instead of an error
    from analysis.report import evidence_sentences

    empty = pd.DataFrame(columns=["article_id", "sentence_id", "bloc", "label", "score",
                                  "confidence"])
    with pytest.raises(ValueError, match="direction must be 'negative' or 'positive', got 'down'"):
        evidence_sentences(empty, empty, empty, empty, bloc="russia", direction="down")


@pytest.mark.parametrize("manifest, message", [
    ("[1, 2]", "not a manifest written by electionlens analyze"),   # AttributeError before
    ('{"tool": "electionlens", "co', "not a run's manifest"),        # JSON error, no file named
    ("{}", "not a manifest written by electionlens analyze"),        # a report without a word
])
def test_report_names_a_manifest_it_cannot_use(demo_report, tmp_path, manifest, message):
    import shutil

    from analysis.report import report_context

    run = tmp_path / "run"
    shutil.copytree(demo_report, run)
    (run / "manifest.json").write_text(manifest, "utf-8")
    with pytest.raises(ValueError, match=rf"run/manifest.json: {message}"):
        report_context(run, charts=False)


def test_an_empty_table_says_so(tmp_path):
    """A corpus where no actor is named: the 'Most mentioned actors' table was a header over
    nothing."""
    from analysis.report import build_report

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Title\n\nThe weather in Lyon was mild all week, "
                                           "and the markets were calm.", "utf-8")
    analyze(tmp_path / "in", out=tmp_path / "run", load=False)
    html = build_report(tmp_path / "run", out=tmp_path / "r.pdf").with_suffix(".html").read_text()
    table = html.split("<h3>Most mentioned actors (top 15)</h3>", 1)[1].split("</table>", 1)[0]
    assert '<td colspan="3">None in this corpus.</td>' in table


def test_outlet_mention_counts_read_as_counts():
    # counts became floats when an outlet lacked a bloc, and a count of 1 was printed as the
    # tone "+1.00" (0 as "–")
    from analysis.report import _outlet_table

    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"]})
    mentions = pd.DataFrame({"article_id": ["a", "b", "c", "c"], "actor": ["putin", "eu", "eu", "eu"],
                             "bloc": ["russia", "eu", "eu", "eu"]})
    table = _outlet_table(articles, articles, pd.DataFrame(), mentions, ["russia", "eu"])
    rows = {r[0]: dict(zip(table["header"], r)) for r in table["rows"]}
    assert rows["X"]["mentions russia"] == "1" and rows["X"]["mentions eu"] == "0"
    assert rows["Y"]["mentions eu"] == "3" and rows["Y"]["articles"] == "2"


def test_frame_charts_of_periods_below_min_count_become_a_note(tmp_path):
    """Three articles: every week has fewer than five, so every share is masked; the report
    drew an empty axis under a full legend of frames."""
    import analysis.report

    rows = [{"id": f"a{i}", "published": "2017-03-24", "outlet": "X",
             "text": "The EU sanctions on Russia hurt the French economy, farmers said, and cost "
                     f"thousands of jobs and billions of euros in lost exports. ({i})"}
            for i in range(3)]
    pd.DataFrame(rows).to_json(tmp_path / "a.jsonl", orient="records", lines=True)
    analyze(tmp_path / "a.jsonl", out=tmp_path / "run", load=False)
    context = analysis.report.report_context(tmp_path / "run")
    assert "No chart of frames over time: every week has fewer than 5 original articles, too " \
           "few for a share." in context["chart_notes"]
    assert not any("carrying the most frequent frames" in c["caption"] for c in context["charts"])


def test_evidence_from_tables_read_back_from_a_csv_run(demo_report):
    # a CSV run's published column is text: AttributeError "'str' object has no attribute
    # 'date'"; an article listed twice: "truth value of a Series is ambiguous"
    from analysis.pipeline import read_tables
    from analysis.report import evidence_sentences

    t = read_tables(demo_report)
    args = (t["sentiment"], t["mentions"], t["sentences"])
    as_text = t["articles"].assign(published=t["articles"]["published"].dt.strftime("%Y-%m-%d"))
    items = evidence_sentences(*args, as_text, bloc="russia", direction="negative", top=3)
    assert len(items) == 3 and all(", 2017-" in i["meta"] for i in items)
    with pytest.raises(ValueError, match="evidence_sentences: articles holds article_id .* more "
                                         "than once"):
        evidence_sentences(*args, pd.concat([t["articles"]] * 2), bloc="russia",
                           direction="negative")


def test_methods_name_the_calendar_and_validation_gives_its_sizes(demo_report):
    # the calendar behind the event markers was not recorded, and the validation table gave
    # macro-F1 without the number of items or what "rw" and "mt" are
    from analysis.report import report_context

    context = report_context(demo_report, charts=False)
    methods = {m[0]: m[2] for m in context["methods"]}
    assert methods["Election calendar"].startswith("fr-2017 (shipped; 2017 French presidential")
    rows = {(v[0], v[1]): v for v in context["validation"]}
    assert rows[("sklearn.tsc.v2", "test rw")][2] == "803"
    html = (demo_report / "r.html").read_text("utf-8")
    assert "rw and mt are NewsMTSC" in html


def test_the_printed_manifest_records_the_reports_own_settings(demo_report, tmp_path):
    # the bootstrap resamples and seed, the bins and the calendar were only in the methods
    # prose, and an edited calendar file under the same name left no trace
    from analysis.report import report_context
    from analysis.resources import shipped_path

    calendar = tmp_path / "calendar.yaml"
    shutil.copy(shipped_path("events", "fr-2017.yaml"), calendar)
    printed = json.loads(report_context(demo_report, events=calendar, charts=False)["manifest_json"])
    settings = printed["report"]
    assert settings["bootstrap"] == {"ci": 0.95, "over": "articles", "headline_resamples": 2000,
                                     "chart_resamples": 500, "seed": 13, "min_articles": 5}
    assert settings["bins"] == "week"
    assert settings["events"] == f"{calendar} (12 events)"
    first = settings["events_sha256"]
    calendar.write_text(calendar.read_text("utf-8").replace("name:", "name:  ", 1), "utf-8")
    again = json.loads(report_context(demo_report, events=calendar, charts=False)["manifest_json"])
    assert again["report"]["events_sha256"] != first
    run_manifest = json.loads((demo_report / "manifest.json").read_text("utf-8"))
    assert printed["config"] == run_manifest["config"]


def test_evidence_and_labels_say_what_the_numbers_are(demo_report):
    # a reviewer's reading of the demo report: the evidence behind "quoted claims against X"
    # listed claims in favour too; the tone cards did not say that French articles are left
    # out; the evidence was ranked by a confidence it did not print; "Attributed claims"
    # counted the author's voice
    from analysis.report import report_context

    context = report_context(demo_report, charts=False)
    claims = read_tables(demo_report, tables=["claims"])["claims"]
    for e in context["evidence"]:
        if e["anchor"].startswith("ev-claims-"):
            assert e["title"].startswith("Quoted claims against")
            assert e["entries"] and all(" against " in it["meta"] for it in e["entries"])
        else:
            assert all("confidence" in it["meta"] for it in e["entries"])
    cards = {k["label"]: k["value"] for k in context["kpis"]}
    russia = next(h for h in context["headlines"] if h["label"] == "Mean tone toward Russia")
    assert any(label.startswith("mean tone toward Russia") and "languages the scorer cannot "
               "read" in label and f"from {russia['articles']} articles" in label
               for label in cards)
    rows = dict(context["corpus_rows"])
    assert rows["Claims (quoted speakers, and the author's own voice)"] == f"{len(claims):,}"


def test_validation_shows_the_stance_figures_with_their_source(demo_report):
    # the two claim-share headlines depend on the stance scorer, whose figures were missing
    from analysis.report import report_context

    rows = {(v[0], v[1]): v for v in report_context(demo_report, charts=False)["validation"]}
    stance = rows[("lexicon.stance.v1",
                   "test project gold (EN/FR claims written for electionlens)")]
    assert stance[2:] == ("180", "0.933", "0.939")


def test_a_frame_found_only_in_masked_weeks_is_named_under_its_chart(demo_report):
    # three EU narratives were in the legend, flat at 0%: their articles fell in weeks of fewer
    # than 5 articles, and the caption did not say so
    from analysis.report import report_context

    captions = [c["caption"] for c in report_context(demo_report)["charts"]]
    narratives = next(c for c in captions if "frequent narratives" in c)
    assert "The EU is undemocratic" in narratives and "found only in such weeks" in narratives


_WORDS = ("harbour market bridge river council school garden tram station museum library "
          "bakery festival weather rain summer orchard vineyard cyclists bus ferry theatre "
          "stadium concert harvest village mayor road repairs parking lanterns").split()


@pytest.fixture(scope="module")
def quiet_2019(tmp_path_factory):
    """A 2019 corpus (the default calendar is 2017's): 30 articles of 15 outlets that name no
    actor, from 2 January to 25 June, and 3 of an outlet 'Small' in February that do."""
    import random

    rng = random.Random(5)
    rows = [{"id": f"q{i}", "outlet": f"Outlet {i % 15 + 1:02d}",
             "published": f"{pd.Timestamp('2019-01-02') + pd.Timedelta(days=6 * i):%Y-%m-%d}",
             "text": "The " + " ".join(rng.sample(_WORDS, 18)) + f" story number {i}."}
            for i in range(30)]
    rows += [{"id": f"s{i}", "outlet": "Small", "published": d, "text": t} for i, (d, t) in
             enumerate([("2019-02-12", "Sanctions on Russia and the EU were discussed in Lyon."),
                        ("2019-02-20", "The European Commission extended its sanctions on "
                                       "Russia."),
                        ("2019-02-21", "The European Parliament praised the Kremlin for its "
                                       "help.")])]
    out = tmp_path_factory.mktemp("quiet")
    pd.DataFrame(rows).to_json(out / "in.jsonl", orient="records", lines=True)
    analyze(out / "in.jsonl", out=out / "run", load=False)
    return out / "run"


def test_charts_over_time_span_the_corpus_and_say_the_calendar_marks_nothing(quiet_2019,
                                                                            monkeypatch):
    """The coverage chart ran from the first to the last week with a mention (10 to 25
    February here), not over the corpus (January to June): the empty weeks at the end were no
    zeros, and calendar events in them went unmarked while the frames chart marked them. A
    2019 corpus with the default (2017) calendar was captioned "with the election calendar"
    and its Methods named 12 events, without a word that none falls in 2019."""
    import analysis.plots
    from analysis.report import report_context

    seen = {}

    def spy(name, real):
        def plot(df, **kw):
            seen[name] = df
            return real(df, **kw)
        return plot

    for name in ("plot_coverage", "plot_tone"):
        monkeypatch.setattr(analysis.plots, name, spy(name, getattr(analysis.plots, name)))
    with pytest.warns(UserWarning, match=r"report: the election calendar fr-2017 .*none of its "
                                         r"events falls within the corpus's dates .original "
                                         r"articles, 2019-01-02 to 2019-06-25."):
        context = report_context(quiet_2019)
    for df in seen.values():   # both charts: every week of the corpus
        assert df["period"].min() == pd.Timestamp("2018-12-31")
        assert df["period"].max() == pd.Timestamp("2019-06-24")
    eu = seen["plot_coverage"].query("bloc == 'eu'").set_index("period")["n_articles"]
    assert len(eu) == 26 and eu.sum() == 3 and eu.loc["2019-06-24"] == 0
    coverage = next(c["caption"] for c in context["charts"] if c["caption"].startswith("Articles"))
    assert coverage.endswith("; the election calendar has no event within the corpus's dates "
                             "(original articles, 2019-01-02 to 2019-06-25), so none is marked.")
    methods = {m[0]: m[2] for m in context["methods"]}
    assert methods["Election calendar"].endswith("12 events); none of its events falls within "
                                                 "the corpus's dates (original articles, "
                                                 "2019-01-02 to 2019-06-25), so the charts "
                                                 "mark none")
    # a calendar with events in the corpus's weeks: no warning, counted in Methods
    events = pd.DataFrame({"date": pd.to_datetime(["2019-05-26", "2019-09-01"]),
                           "end_date": pd.NaT, "name": ["EP election", "Later"], "kind": "vote"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        context = report_context(quiet_2019, events=events, charts=False)
    methods = {m[0]: m[2] for m in context["methods"]}
    assert methods["Election calendar"] == ("2 events given as a table; 1 of them within the "
                                            "weeks of the corpus, which the charts mark")


def test_outlet_heatmap_keeps_the_outlets_with_scored_sentences(quiet_2019, monkeypatch):
    """The heatmap kept the 15 outlets with the most articles: 'Small', the one outlet with
    scored sentences, was dropped for 15 outlets with none. The outlet table said "the 40
    largest outlets" of a corpus of 16."""
    import analysis.plots
    from analysis.report import report_context

    seen = []
    real = analysis.plots.plot_stance_heatmap
    monkeypatch.setattr(analysis.plots, "plot_stance_heatmap",
                        lambda df, **kw: seen.append(df) or real(df, **kw))
    context = report_context(quiet_2019, events="none")
    assert set(seen[0]["outlet"]) == {"Small"}
    outlets = next(t for t in context["tables"] if t["title"] == "Outlets")
    assert len(outlets["rows"]) == 16
    assert outlets["note"] == ("Original articles only (wire copies excluded); all 16 outlets; "
                               "tone = mean sentence score.")


def test_the_most_scored_outlets_are_shown_and_the_caption_says_so():
    from analysis.report import _most_scored

    heat = pd.DataFrame({"outlet": [f"o{i:02d}" for i in range(20)], "bloc": "eu",
                         "n_scored": [0, 0] + list(range(1, 19))})
    kept, said = _most_scored(heat, "sentences")
    assert set(kept["outlet"]) == {f"o{i:02d}" for i in range(5, 20)}
    assert said == "; the 15 outlets with the most scored sentences are shown, of 18 with any"
    assert _most_scored(heat.iloc[5:], "claims")[1] == ""


def test_empty_evidence_and_charts_say_why(tmp_path):
    """Every sentence neutral and every claim the author's: the evidence said "No scored
    sentences" under each heading while the headline counted them; the speakers chart was an
    empty "No data", and the tone chart was titled "(all cells below min_count)"."""
    from analysis.report import build_report, report_context

    rows = [{"id": "a", "published": "2019-02-12", "outlet": "X",
             "text": "Sanctions on Russia and the EU were discussed in Lyon on Monday."},
            {"id": "b", "published": "2019-02-13", "outlet": "X",
             "text": "Farmers in Lyon talked about the EU budget and about Moscow."}]
    pd.DataFrame(rows).to_json(tmp_path / "in.jsonl", orient="records", lines=True)
    analyze(tmp_path / "in.jsonl", out=tmp_path / "run", load=False)
    t = read_tables(tmp_path / "run")
    assert set(t["sentiment"]["label"]) == {"neutral"} and set(t["claims"]["speaker"]) == {"author"}
    context = report_context(tmp_path / "run", events="none")
    said = {e["title"]: e["empty"] for e in context["evidence"] if not e["entries"]}
    assert said["Most negative sentences toward Russia"] == (
        "None of the 2 scores toward Russia (the n of the headline numbers) is labelled "
        "negative: 2 neutral.")
    assert said["Quoted claims against the EU"] == (
        "No quoted claim about the EU (2 in the article's own voice, which the share leaves out).")
    assert "No chart of quoted speakers: all 4 claims of the original articles are in the " \
           "article's own voice (author); none is quoted." in context["chart_notes"]
    assert "No chart of tone over time: no week has the 5 scored sentences toward a bloc that " \
           "a mean needs (the most: 2)." in context["chart_notes"]
    captions = " ".join(c["caption"] for c in context["charts"])
    assert "speakers" not in captions and "tone toward each bloc per" not in captions
    html = build_report(tmp_path / "run", events="none",
                        out=tmp_path / "r.pdf").with_suffix(".html").read_text("utf-8")
    assert "No scored sentences" not in html and "2 neutral" in html
    # a corpus naming no actor: a note, not an empty coverage chart captioned with the calendar
    quiet = [{"id": "c", "published": "2019-02-12", "outlet": "X",
              "text": "The weather in Lyon was mild all week, and the markets were calm."}]
    pd.DataFrame(quiet).to_json(tmp_path / "q.jsonl", orient="records", lines=True)
    analyze(tmp_path / "q.jsonl", out=tmp_path / "quiet", load=False)
    context = report_context(tmp_path / "quiet", events="none")
    assert context["chart_notes"][0] == ("No chart of coverage over time: the one dated "
                                         "original article names no actor of the registry.")
    assert not any(c["caption"].startswith("Articles per") for c in context["charts"])


def test_quoted_claims_none_against_say_what_they_are(quiet_2019):
    from analysis.report import report_context

    claims = read_tables(quiet_2019, tables=["claims"])["claims"]
    quoted = claims[(claims["speaker"] != "author") & (claims["target_bloc"] == "russia")]
    assert len(quoted) and not (quoted["stance"] == "against").any()
    block = next(e for e in report_context(quiet_2019, events="none", charts=False)["evidence"]
                 if e["title"] == "Quoted claims against Russia")
    assert block["entries"] == []
    counts = quoted["stance"].value_counts()
    assert block["empty"] == (
        f"The only quoted claim about Russia is labelled {quoted['stance'].iloc[0]}, not against."
        if len(quoted) == 1 else
        f"None of the {len(quoted)} quoted claims about Russia is labelled against: "
        + ", ".join(f"{n} {s}" for s, n in counts.items()) + ".")


def test_table_notes_stand_above_their_tables(demo_report):
    # a note after a table was printed alone at the top of the next page
    html = (demo_report / "r.html").read_text("utf-8")
    for title in ("Outlets", "Most mentioned actors (top 15)"):
        after = html.split(f"<h3>{title}</h3>", 1)[1].lstrip()
        assert after.startswith('<p class="note tnote">Original articles only'), after[:80]
