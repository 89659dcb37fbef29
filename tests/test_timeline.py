"""Tests of analysis.timeline: aggregation math, masking, exclusions, periods, events, effects."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.plots import plot_coverage
from analysis.timeline import (
    EVENT_COLUMNS,
    EVENT_KINDS,
    aggregate_timeline,
    assign_period,
    compare_around_event,
    holm,
    load_events,
    share_of_articles,
    speaker_groups,
)


@pytest.fixture
def articles():
    # weeks: 2017-04-17 (Mon) .. 2017-04-23 (Sun) and 2017-04-24 ..
    return pd.DataFrame({
        "article_id": ["a1", "a2", "a3", "a4", "a5", "a6", "a7"],
        "published": pd.to_datetime(["2017-04-17 08:00", "2017-04-19", "2017-04-23 21:30",
                                     "2017-04-24", "2017-04-26", None, "2017-04-19"], format="mixed"),
        "outlet": ["Le Monde", "RT France", "Le Monde", "RT France", "Le Monde", "Le Monde",
                   "AFP copy"],
        "duplicate_of": [None, None, None, None, None, None, "a2"],
        "language": "en",
    })


@pytest.fixture
def sentiment():
    rows = [
        # article, bloc, actor, score
        ("a1", "russia", "putin", -0.6), ("a1", "russia", "putin", -0.2),
        ("a1", "eu", "eu", 0.3), ("a2", "russia", "kremlin", 0.5),
        ("a2", "russia", "putin", 0.1), ("a3", "russia", "putin", -0.4),
        ("a3", "eu", "eu", np.nan),
        ("a4", "eu", "juncker", 0.2), ("a4", "eu", "eu", -0.1), ("a5", "russia", "putin", -0.9),
        ("a6", "russia", "putin", 0.7),  # undated
        ("a7", "russia", "putin", 0.9), ("a7", "eu", "eu", 0.9),  # wire copy of a2
    ]
    return pd.DataFrame(rows, columns=["article_id", "bloc", "actor", "score"]).assign(
        sentence_id=range(len(rows)))


def _direct(sentiment, articles, keep_dups=False):
    """The same aggregation written out by hand."""
    df = sentiment.merge(articles[["article_id", "published", "outlet", "duplicate_of"]],
                         on="article_id")
    df = df[df["published"].notna()]
    if not keep_dups:
        df = df[df["duplicate_of"].isna()]
    df = df.assign(period=df["published"].dt.normalize()
                   - pd.to_timedelta(df["published"].dt.day_of_week, unit="D"))
    return df


# ------------------------------------------------------------------------------ aggregation

def test_counts_shares_and_means_match_direct_computation(sentiment, articles):
    out = aggregate_timeline(sentiment, articles, value="score", min_count=1, n_boot=200)
    df = _direct(sentiment, articles)
    expected = df.groupby(["period", "bloc"]).agg(
        n=("article_id", "size"), n_articles=("article_id", "nunique"),
        n_scored=("score", "count"), mean=("score", "mean")).reset_index()
    expected["share"] = expected["n"] / expected.groupby("period")["n"].transform("sum")
    got = out.set_index(["period", "bloc"])
    exp = expected.set_index(["period", "bloc"])
    assert list(got.index) == list(exp.index)
    for col in ("n", "n_articles", "n_scored"):
        assert got[col].tolist() == exp[col].tolist(), col
    np.testing.assert_allclose(got["share"], exp["share"])
    np.testing.assert_allclose(got["mean"], exp["mean"])
    # shares of coverage sum to one in every period
    np.testing.assert_allclose(out.groupby("period")["share"].sum(), 1.0)
    assert (out["period_end"] - out["period"] == pd.Timedelta(days=7)).all()
    assert set(out["period"].dt.day_of_week) == {0}


def test_week_19_april_values_by_hand(sentiment, articles):
    out = aggregate_timeline(sentiment, articles, value="score", min_count=1, n_boot=100)
    cell = out[(out["period"] == "2017-04-17") & (out["bloc"] == "russia")].iloc[0]
    # a1 (-0.6, -0.2), a2 (0.5, 0.1), a3 (-0.4); a7 is a wire copy
    assert cell["n"] == 5 and cell["n_articles"] == 3
    assert cell["mean"] == pytest.approx((-0.6 - 0.2 + 0.5 + 0.1 - 0.4) / 5)
    assert cell["share"] == pytest.approx(5 / 7)  # plus two eu rows (one unscored)


def test_ci_equals_scipy_bootstrap_with_same_seed(sentiment, articles):
    out = aggregate_timeline(sentiment, articles, value="score", min_count=1, n_boot=500,
                             ci=0.9, seed=7, cluster=None)
    x = np.sort([-0.6, -0.2, 0.5, 0.1, -0.4])   # resampled in value order, whatever the rows'
    ref = stats.bootstrap((x,), np.mean, n_resamples=500, confidence_level=0.9,
                          method="percentile", rng=np.random.default_rng(7))
    cell = out[(out["period"] == "2017-04-17") & (out["bloc"] == "russia")].iloc[0]
    assert cell["ci_low"] == pytest.approx(ref.confidence_interval.low)
    assert cell["ci_high"] == pytest.approx(ref.confidence_interval.high)
    assert cell["ci_low"] <= cell["mean"] <= cell["ci_high"]


def _repeated(table, times):
    """Every row ``times`` times: the same articles saying the same thing more often."""
    return table.loc[table.index.repeat(times)].reset_index(drop=True)


def test_ci_resamples_articles_so_repeating_sentences_adds_no_certainty():
    rng = np.random.default_rng(1)
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(12)],
                             "published": pd.Timestamp("2017-04-18"), "duplicate_of": None})
    table = pd.DataFrame({"article_id": articles["article_id"],
                          "score": rng.uniform(-1, 1, 12).round(2)})
    once = aggregate_timeline(table, articles, value="score", by=None).iloc[0]
    ten = aggregate_timeline(_repeated(table, 10), articles, value="score", by=None).iloc[0]
    assert (ten["n_scored"], ten["n_articles"]) == (120, 12)
    assert ten["mean"] == pytest.approx(once["mean"])
    assert (ten["ci_low"], ten["ci_high"]) == pytest.approx((once["ci_low"], once["ci_high"]))
    # one value per article: the article bootstrap is the row bootstrap, draw for draw
    rows = aggregate_timeline(table, articles, value="score", by=None, cluster=None).iloc[0]
    assert (rows["ci_low"], rows["ci_high"]) == (once["ci_low"], once["ci_high"])
    # treating the 120 rows as independent would claim a third of the width
    naive = aggregate_timeline(_repeated(table, 10), articles, value="score", by=None,
                               cluster=None).iloc[0]
    assert naive["ci_high"] - naive["ci_low"] < 0.5 * (once["ci_high"] - once["ci_low"])


def test_ci_of_a_cell_from_one_article_is_nan_and_clusters_can_be_outlets(sentiment, articles):
    out = aggregate_timeline(sentiment, articles, value="score", min_count=1, n_boot=200)
    # week of 24 April, EU: two scores, both from a4
    cell = out[(out["period"] == "2017-04-24") & (out["bloc"] == "eu")].iloc[0]
    assert (cell["n_scored"], cell["n_articles"]) == (2, 1)
    assert cell["mean"] == pytest.approx(0.05)
    assert np.isnan(cell["ci_low"]) and np.isnan(cell["ci_high"])
    # two values are too few units for an interval even when counted one by one
    rows = aggregate_timeline(sentiment, articles, value="score", min_count=1, n_boot=200,
                              cluster=None)
    assert np.isnan(rows.loc[cell.name, "ci_low"])
    # the russia cell of week 17 April holds Le Monde (a1, a3) and RT France (a2): five
    # values from three articles, from two outlets
    week = (out["period"] == "2017-04-17") & (out["bloc"] == "russia")
    by_row = aggregate_timeline(sentiment, articles, value="score", min_count=1, n_boot=200,
                                cluster=None)
    assert by_row.loc[week, "ci_low"].iloc[0] < by_row.loc[week, "ci_high"].iloc[0]
    by_outlet = aggregate_timeline(sentiment, articles, value="score", min_count=1,
                                   n_boot=200, cluster="outlet")
    assert by_outlet.loc[week, "ci_low"].isna().all() and out.loc[week, "ci_low"].isna().all()
    with pytest.raises(ValueError, match="cluster='speaker' is not a column of the table"):
        aggregate_timeline(sentiment, articles, value="score", cluster="speaker")


def test_ids_of_another_type_are_a_clear_error(sentiment, articles):
    # article ids read as numbers in one table and as text in the other cannot be matched
    numbered = articles.assign(article_id=range(len(articles)))
    with pytest.raises(ValueError, match=r"aggregate_timeline: table and articles cannot be "
                                         r"joined on article_id \(article_id: \w+ in table, "
                                         r"int64 in articles\)"):
        aggregate_timeline(sentiment, numbered, value="score")


@pytest.mark.parametrize("call, message", [
    (lambda t, a: aggregate_timeline(t, a, value="score", n_boot=0), "n_boot must be >= 1"),
    (lambda t, a: aggregate_timeline(t, a, value="score", ci=95), "ci must be between 0 and 1"),
    (lambda t, a: share_of_articles(t.assign(frame="economic"), a, ci=1.5),
     "ci must be between 0 and 1"),
    (lambda t, a: share_of_articles(t.assign(frame="economic"), a, min_count=0),
     "min_count must be >= 1"),
    (lambda t, a: compare_around_event(t, a, event_date="2017-04-23", ci=2),
     "ci must be between 0 and 1"),
    (lambda t, a: compare_around_event(t, a, event_date="2017-04-23", n_boot=0),
     "n_boot must be >= 1"),
    (lambda t, a: compare_around_event(t, a, event_date="2017-04-23", window_days=-7),
     "window_days must be a positive number of days, got -7"),
])
def test_settings_that_would_give_nonsense_are_refused(sentiment, articles, call, message):
    # ci=1.5 gave NaN intervals, a negative window an empty "before", n_boot=0 scipy's error
    with pytest.raises(ValueError, match=message):
        call(sentiment, articles)


def test_single_value_has_nan_ci(sentiment, articles):
    out = aggregate_timeline(sentiment, articles, value="score", min_count=1, n_boot=100)
    cell = out[(out["period"] == "2017-04-24") & (out["bloc"] == "russia")].iloc[0]
    assert cell["n_scored"] == 1 and cell["mean"] == pytest.approx(-0.9)
    assert np.isnan(cell["ci_low"]) and np.isnan(cell["ci_high"])


def test_masking_below_min_count(sentiment, articles):
    out = aggregate_timeline(sentiment, articles, value="score", min_count=3, n_boot=100)
    small = out["n_scored"] < 3
    assert small.any() and (~small).any()
    assert out.loc[small, "masked"].all()
    assert out.loc[small, ["mean", "ci_low", "ci_high"]].isna().all().all()
    assert not out.loc[~small, "masked"].any()
    assert out.loc[~small, "mean"].notna().all()
    # counts stay visible for masked cells
    assert (out.loc[small, "n"] > 0).all()


def test_duplicates_excluded_by_default_and_included_on_request(sentiment, articles):
    out = aggregate_timeline(sentiment, articles, by="outlet")
    assert "AFP copy" not in set(out["outlet"])
    assert out.attrs["skipped_duplicates"] == 2
    both = aggregate_timeline(sentiment, articles, by="outlet", include_duplicates=True)
    assert both.loc[both["outlet"] == "AFP copy", "n"].sum() == 2
    assert both.attrs["skipped_duplicates"] == 0
    assert both["n"].sum() == out["n"].sum() + 2


def test_undated_rows_skipped_and_counted(sentiment, articles):
    out = aggregate_timeline(sentiment, articles)
    assert out.attrs["skipped_undated"] == 1
    n_dated = len(_direct(sentiment, articles))
    assert out["n"].sum() == n_dated
    accounted = (out["n"].sum() + out.attrs["skipped_undated"]
                 + out.attrs["skipped_duplicates"] + out.attrs["skipped_unmatched"])
    assert accounted == len(sentiment)


def test_one_period_counts_undated_rows(sentiment, articles):
    # an outlet comparison (freq=None) needs no date: the undated article a6 counts in it,
    # as it does in the report's outlet table; a timeline (freq="W") leaves it out
    out = aggregate_timeline(sentiment, articles, value="score", by=("outlet", "bloc"),
                             freq=None, min_count=1, n_boot=50)
    assert out.attrs["skipped_undated"] == 0
    assert (out["period"] == pd.Timestamp("2017-04-17")).all()
    assert (out["period_end"] == pd.Timestamp("2017-04-27")).all()
    cell = out.set_index(["outlet", "bloc"]).loc[("Le Monde", "russia")]
    # Le Monde on Russia: a1 (-0.6, -0.2), a3 (-0.4), a5 (-0.9) and the undated a6 (0.7)
    assert cell["n"] == 5 and cell["mean"] == pytest.approx((-0.6 - 0.2 - 0.4 - 0.9 + 0.7) / 5)
    accounted = out["n"].sum() + out.attrs["skipped_duplicates"]
    assert accounted == len(sentiment)
    weekly = aggregate_timeline(sentiment, articles, by=("outlet", "bloc"), freq="W")
    assert weekly.attrs["skipped_undated"] == 1


def test_one_period_of_undated_articles_only(sentiment, articles):
    undated = articles.assign(published=pd.NaT)
    out = aggregate_timeline(sentiment, undated, value="score", by="bloc", freq=None,
                             min_count=1, n_boot=50)
    assert out["period"].isna().all() and out["period_end"].isna().all()
    assert out["n"].sum() == len(sentiment) - 2  # all but a7's two rows (a wire copy)
    assert out["share"].sum() == pytest.approx(1.0)
    frames = pd.DataFrame({"article_id": ["a1", "a6"], "frame": "economic", "kind": "frame"})
    share = share_of_articles(frames, undated, freq=None, min_count=1)
    assert share[["n_articles", "total_articles"]].values.tolist() == [[2, 6]]
    assert share_of_articles(frames, undated, freq="W", min_count=1).empty


def test_unknown_articles_are_counted(sentiment, articles):
    extra = pd.concat([sentiment, sentiment.iloc[:1].assign(article_id="zzz")])
    out = aggregate_timeline(extra, articles)
    assert out.attrs["skipped_unmatched"] == 1


def test_custom_bins(sentiment, articles):
    bins = ["2017-04-17", "2017-04-23 20:00", "2017-04-25"]
    out = aggregate_timeline(sentiment, articles, bins=bins, by=())
    assert out["period"].tolist() == [pd.Timestamp("2017-04-17"),
                                      pd.Timestamp("2017-04-23 20:00")]
    assert out["period_end"].tolist() == [pd.Timestamp("2017-04-23 20:00"),
                                          pd.Timestamp("2017-04-25")]
    # a1, a1, a1, a2, a2 before; a3 x2, a4 x2 after; a5 (04-26) is past the last edge
    assert out["n"].tolist() == [5, 4]
    assert out.attrs["skipped_out_of_bins"] == 1
    assert out.attrs["freq"] == "bins"


def test_bad_bins_rejected(sentiment, articles):
    with pytest.raises(ValueError, match="increasing"):
        aggregate_timeline(sentiment, articles, bins=["2017-05-01", "2017-04-01"])
    with pytest.raises(ValueError, match="two edges"):
        aggregate_timeline(sentiment, articles, bins=["2017-05-01"])


def test_assign_period_frequencies():
    d = pd.Series(pd.to_datetime(["2017-04-23 23:59", "2017-04-24 00:00", "2017-05-31 12:00"]))
    assert assign_period(d, "D").tolist() == list(pd.to_datetime(
        ["2017-04-23", "2017-04-24", "2017-05-31"]))
    assert assign_period(d, "W").tolist() == list(pd.to_datetime(
        ["2017-04-17", "2017-04-24", "2017-05-29"]))
    assert assign_period(d, "M").tolist() == list(pd.to_datetime(
        ["2017-04-01", "2017-04-01", "2017-05-01"]))
    assert assign_period(d, None).nunique() == 1
    with pytest.raises(ValueError, match="freq"):
        assign_period(d, "Q")


def test_assign_period_timezone_aware_dates_keep_wall_time():
    d = pd.Series(pd.to_datetime(["2017-04-23 23:30"]).tz_localize("Europe/Paris"))
    assert assign_period(d, "D").iloc[0] == pd.Timestamp("2017-04-23")


def test_outlet_groups_and_grouping_by_several_columns(sentiment, articles):
    groups = {"RT France": "russian_state", "Le Monde": "french"}
    out = aggregate_timeline(sentiment, articles, by=("outlet_group", "bloc"),
                             outlet_groups=groups)
    assert set(out["outlet_group"]) == {"russian_state", "french"}
    with pytest.raises(ValueError, match="outlet_groups"):
        aggregate_timeline(sentiment, articles, by="outlet_group")
    # a Series from a spreadsheet serves as the mapping; a list was Python's "dictionary
    # update sequence element #0 has length 1"
    as_series = aggregate_timeline(sentiment, articles, by=("outlet_group", "bloc"),
                                   outlet_groups=pd.Series(groups))
    pd.testing.assert_frame_equal(as_series, out)
    with pytest.raises(ValueError, match=r"needs an outlet_groups mapping \(outlet -> group\), "
                                         "got a list"):
        aggregate_timeline(sentiment, articles, by="outlet_group", outlet_groups=["RT France"])


def test_complete_adds_empty_cells(articles):
    table = pd.DataFrame({"article_id": ["a1", "a5"], "bloc": ["eu", "russia"]})
    out = aggregate_timeline(table, articles, complete=True)
    assert len(out) == 4  # 2 weeks x 2 blocs
    assert out["n"].tolist() == [1, 0, 0, 1]


def test_missing_columns_are_named(sentiment, articles):
    with pytest.raises(ValueError, match="score"):
        aggregate_timeline(sentiment.drop(columns="score"), articles, value="score")
    with pytest.raises(ValueError, match="published"):
        aggregate_timeline(sentiment, articles.drop(columns="published"))
    with pytest.raises(ValueError, match="stance"):
        aggregate_timeline(sentiment, articles, by=("stance",))
    with pytest.raises(ValueError, match="duplicate_of"):
        aggregate_timeline(sentiment, articles.drop(columns="duplicate_of"))


def test_inputs_not_mutated_and_output_deterministic(sentiment, articles):
    s0, a0 = sentiment.copy(), articles.copy()
    one = aggregate_timeline(sentiment, articles, value="score", by=("bloc", "outlet"),
                             min_count=1, n_boot=200)
    two = aggregate_timeline(sentiment, articles, value="score", by=("bloc", "outlet"),
                             min_count=1, n_boot=200)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(sentiment, s0)
    pd.testing.assert_frame_equal(articles, a0)


def test_empty_input_gives_empty_table(articles):
    empty = pd.DataFrame({"article_id": [], "bloc": [], "score": []})
    out = aggregate_timeline(empty, articles, value="score")
    assert out.empty and {"period", "bloc", "mean", "masked"} <= set(out.columns)


def test_speaker_groups_and_aggregation_by_speaker_group(articles):
    claims = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a3", "a4", "a5"],
        "speaker": ["author", "Peskov", "Marine Le Pen", "a voter", "Juncker", "someone"],
        "speaker_actor": [None, "peskov", "le_pen", None, "juncker", "not_an_actor"],
        "score": [0.1, -0.5, 0.2, 0.0, 0.3, 0.1],
    })
    assert speaker_groups(claims).tolist() == ["author", "russia", "le_pen", "other", "eu",
                                               "other"]
    out = aggregate_timeline(claims, articles, by="speaker_group", freq=None)
    assert set(out["speaker_group"]) == {"author", "russia", "le_pen", "other", "eu"}
    assert "speaker_group" not in claims.columns


def test_share_of_articles_counts_articles_without_labels(articles):
    frames = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a4", "a7"],
        "sentence_id": [0, 1, np.nan, 2, 0],
        "frame": ["economic", "economic", "political", "economic", "political"],
        "kind": "frame",
    })
    out = share_of_articles(frames, articles, min_count=1)
    wk1 = out[out["period"] == "2017-04-17"].set_index("frame")
    # week 1 has a1, a2, a3 (a7 is a copy): economic in 1 of 3, political in 1 of 3
    assert wk1.loc["economic", "n_articles"] == 1
    assert wk1.loc["economic", "total_articles"] == 3
    assert wk1.loc["political", "share"] == pytest.approx(1 / 3)
    wk2 = out[out["period"] == "2017-04-24"].set_index("frame")
    assert wk2.loc["political", "n_articles"] == 0  # absent labels appear as zero
    assert (out["ci_low"] <= out["share"]).all() and (out["share"] <= out["ci_high"]).all()
    masked = share_of_articles(frames, articles, min_count=5)
    assert masked["masked"].all() and masked["share"].isna().all()
    # one period: the undated a6 is in the denominator (6 originals: a7 is a copy)
    whole = share_of_articles(frames, articles, freq=None, min_count=1).set_index("frame")
    assert whole.loc["economic", "total_articles"] == 6
    assert whole.loc["economic", "n_articles"] == 2


# ------------------------------------------------------------------------------ events

def test_a_shipped_calendar_by_name(tmp_path, monkeypatch):
    """`--events fr-2017`, the name the help gives as the default, was 'not found'."""
    from analysis.timeline import shipped_calendars

    monkeypatch.chdir(tmp_path)
    assert "fr-2017" in shipped_calendars()
    pd.testing.assert_frame_equal(load_events("fr-2017"), load_events())
    with pytest.raises(ValueError, match=r"events file not found: de-2017 \(shipped calendars: "
                                         r"fr-2017"):
        load_events("de-2017")


def test_no_calendar_for_a_corpus_of_another_period():
    """A 2017-2019 corpus had the 2017 French calendar piled up in its first months, and no way
    to leave it out but writing an empty file."""
    events = load_events("none")
    assert events.empty and list(events.columns) == EVENT_COLUMNS
    assert str(events["date"].dtype) == "datetime64[ns]"
    fig = plot_coverage(pd.DataFrame({"period": pd.to_datetime(["2017-04-01", "2017-05-01"]),
                                      "bloc": "russia", "n_articles": [3, 4]}), events=events)
    assert not [t for t in fig.axes[0].texts if t.get_text()]   # no event labels (4 by default)


def test_shipped_events_have_the_key_dates():
    ev = load_events()
    assert set(ev["kind"]) <= set(EVENT_KINDS)
    by_kind = {k: set(g["date"].dt.strftime("%Y-%m-%d")) for k, g in ev.groupby("kind")}
    assert {"2017-04-23", "2017-05-07"} <= by_kind["vote"]
    assert {"2017-03-20", "2017-04-04", "2017-05-03"} <= by_kind["debate"]
    assert "2017-03-24" in by_kind["meeting"]
    assert "2017-05-05" in by_kind["leak"]
    silence = ev[ev["kind"] == "silence"].sort_values("date")
    assert silence["date"].tolist() == [pd.Timestamp("2017-04-22"), pd.Timestamp("2017-05-06")]
    assert silence["end_date"].tolist() == [pd.Timestamp("2017-04-23 20:00"),
                                            pd.Timestamp("2017-05-07 20:00")]
    # the leak came before the silence period of the run-off
    leak = ev.loc[ev["kind"] == "leak", "date"].iloc[0]
    assert leak < silence["date"].iloc[1]
    assert ev["date"].is_monotonic_increasing
    assert ev["name"].str.len().max() <= 26  # short labels for charts
    assert ev.loc[ev["kind"] != "silence", "end_date"].isna().all()


def _write(tmp_path, text, name="events.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, message", [
    ("events:\n  - {date: 2017-13-45, name: X, kind: vote}\n", "not a date"),
    ("events:\n  - {date: 'next tuesday', name: X, kind: vote}\n", "not a date"),
    # not ISO: read month first (6 January), as a year's 1 January, or out of pandas' bounds
    ("events:\n  - {date: '01/06/2017', name: X, kind: vote}\n", "'01/06/2017' is not a date"),
    ("events:\n  - {date: '2017', name: X, kind: vote}\n", "'2017' is not a date"),
    ("events:\n  - {date: 'March 24', name: X, kind: vote}\n", "'March 24' is not a date"),
    ("events:\n  - {date: 2017-04-23, name: X, kind: vote, venue: Paris}\n", "unknown field"),
    ("events:\n  - {date: 2017-04-23, end_date: 2017-04-20, name: X, kind: silence}\n",
     "before"),
    ("events:\n  - {date: 2017-04-23, name: X, kind: parade}\n", "unknown kind"),
    ("events:\n  - {date: 2017-04-23, kind: vote}\n", "missing name"),
    ("events:\n  - {name: X, kind: vote}\n", "missing date"),
    ("calendar: []\n", "unknown top-level"),
    ("events: [1, 2\n", "not valid YAML"),
])
def test_event_validation_errors_name_the_file(tmp_path, body, message):
    path = _write(tmp_path, body, "bad-calendar.yaml")
    with pytest.raises(ValueError, match=message) as err:
        load_events(path)
    assert "bad-calendar.yaml" in str(err.value)


def test_event_errors_name_the_entry(tmp_path):
    path = _write(tmp_path, "events:\n  - {date: 2017-04-23, name: A}\n"
                            "  - {date: 2017-04-24, name: B, kind: nope}\n")
    with pytest.raises(ValueError, match=r"event #2 \('B'\)"):
        load_events(path)


def test_custom_event_file_and_defaults(tmp_path):
    path = _write(tmp_path, "- {date: '2017-04-23 20:00', name: Results}\n")
    ev = load_events(path)
    assert ev.loc[0, "date"] == pd.Timestamp("2017-04-23 20:00")
    assert ev.loc[0, "kind"] == "other" and pd.isna(ev.loc[0, "end_date"])
    with pytest.raises(ValueError, match="not found"):
        load_events(tmp_path / "missing.yaml")


# ------------------------------------------------------------------------------ before/after

def _synthetic(shift, n_per_day=3, seed=0):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2017-03-10", "2017-04-07", freq="D").repeat(n_per_day)
    articles = pd.DataFrame({"article_id": range(len(days)), "published": days,
                             "duplicate_of": None, "outlet": "X"})
    after = days >= pd.Timestamp("2017-03-24")
    score = rng.normal(0.0, 0.25, len(days)) + np.where(after, shift, 0.0)
    table = pd.DataFrame({"article_id": range(len(days)), "score": score,
                          "actor": np.where(np.arange(len(days)) % 2, "le_pen", "putin")})
    return table, articles


def test_compare_around_event_detects_a_known_shift():
    table, articles = _synthetic(shift=-0.4)
    res = compare_around_event(table, articles, event_date="2017-03-24")
    row = res.iloc[0]
    assert row["diff"] == pytest.approx(row["mean_after"] - row["mean_before"])
    assert row["diff"] < -0.25
    assert row["cohens_d"] < -1 and row["cliffs_delta"] < -0.5
    assert row["p_value"] < 0.05
    assert row["diff_ci_low"] <= row["diff"] <= row["diff_ci_high"] < 0
    # windows: the 14 days before (14 x 3); the event day and the 13 days after (14 x 3)
    assert (row["n_before"], row["n_after"]) == (42, 42)


def test_compare_around_event_without_shift():
    table, articles = _synthetic(shift=0.0, seed=3)
    row = compare_around_event(table, articles, event_date="2017-03-24").iloc[0]
    assert abs(row["cliffs_delta"]) < 0.3
    assert row["p_value"] > 0.05
    assert row["diff_ci_low"] <= 0 <= row["diff_ci_high"]


def test_effect_sizes_match_direct_formulas():
    table, articles = _synthetic(shift=0.3, seed=5)
    res = compare_around_event(table, articles, event_date="2017-03-24", window_days=7)
    d = articles.set_index("article_id")["published"]
    when = table["article_id"].map(d)
    ev = pd.Timestamp("2017-03-24")
    x = table.loc[(when >= ev - pd.Timedelta(days=7)) & (when < ev), "score"].to_numpy()
    y = table.loc[(when >= ev) & (when < ev + pd.Timedelta(days=7)), "score"].to_numpy()
    pooled = np.sqrt(((len(x) - 1) * x.var(ddof=1) + (len(y) - 1) * y.var(ddof=1))
                     / (len(x) + len(y) - 2))
    cliff = np.mean(np.sign(y[:, None] - x[None, :]))
    row = res.iloc[0]
    assert row["cohens_d"] == pytest.approx((y.mean() - x.mean()) / pooled)
    assert row["cliffs_delta"] == pytest.approx(cliff)
    assert row["p_value"] == pytest.approx(
        stats.mannwhitneyu(y, x, alternative="two-sided").pvalue)


def test_compare_around_event_tests_articles_not_repeated_sentences():
    """Six articles a side, each saying the same thing twenty times: the evidence is six
    articles a side, and the test and interval must not read it as 120 sentences."""
    articles = pd.DataFrame({"article_id": [f"b{i}" for i in range(6)] + [f"c{i}" for i in range(6)],
                             "published": pd.to_datetime(["2017-03-20"] * 6 + ["2017-03-27"] * 6),
                             "duplicate_of": None})
    table = pd.DataFrame({"article_id": articles["article_id"],
                          "score": [-0.3, 0.2, -0.1, 0.0, 0.1, -0.2, 0.2, -0.2, 0.3, 0.1, 0.0, 0.2]})
    once = compare_around_event(table, articles, event_date="2017-03-24", min_count=3).iloc[0]
    many = compare_around_event(_repeated(table, 20), articles, event_date="2017-03-24")
    many = many.iloc[0]
    assert (many["n_before"], many["n_after"]) == (120, 120)
    assert (many["n_articles_before"], many["n_articles_after"]) == (6, 6)
    assert many["diff"] == pytest.approx(once["diff"])
    assert many["p_value"] == pytest.approx(once["p_value"]) and many["p_value"] > 0.1
    assert (many["diff_ci_low"], many["diff_ci_high"]) == pytest.approx(
        (once["diff_ci_low"], once["diff_ci_high"]))
    assert many["diff_ci_low"] < 0 < many["diff_ci_high"]
    naive = compare_around_event(_repeated(table, 20), articles, event_date="2017-03-24",
                                 cluster=None).iloc[0]
    assert naive["p_value"] < 0.001 and naive["diff_ci_low"] > 0
    # a side whose values all come from one article has no between-article spread to measure
    one = compare_around_event(_repeated(table, 20)[lambda t: t["article_id"].isin(
        ["b0", "c0", "c1"])], articles, event_date="2017-03-24")
    assert one["masked"].all() and one["p_value"].isna().all()
    # four articles a side: the test, but no interval (too few units to cover what it claims)
    four = compare_around_event(_repeated(table, 20)[lambda t: ~t["article_id"].isin(
        ["b4", "b5", "c4", "c5"])], articles, event_date="2017-03-24").iloc[0]
    assert not four["masked"] and four["p_value"] > 0 and np.isnan(four["diff_ci_low"])


def test_an_interval_needs_five_units():
    """A percentile bootstrap of two or three articles covered the true mean 44% and 79% of
    the time at a nominal 95%: such cells keep their mean but get no interval."""
    from analysis.timeline import MIN_CI_UNITS

    assert MIN_CI_UNITS == 5
    for k, has_ci in ((4, False), (5, True)):
        articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(k)],
                                 "published": pd.Timestamp("2017-04-18"), "duplicate_of": None})
        table = pd.DataFrame({"article_id": np.repeat(articles["article_id"], 3),
                              "score": np.linspace(-0.5, 0.5, 3 * k)})
        cell = aggregate_timeline(table, articles, value="score", by=None).iloc[0]
        assert not cell["masked"] and np.isfinite(cell["mean"])
        assert np.isfinite(cell["ci_low"]) == has_ci, k


def test_p_values_adjusted_for_the_groups_of_a_call():
    table, articles = _synthetic(shift=0.1, seed=2)
    table = table.assign(desk=np.arange(len(table)) % 4)
    res = compare_around_event(table, articles, event_date="2017-03-24", by="desk")
    p = res["p_value"].to_numpy()
    order = np.argsort(p)
    expected = np.minimum(1, np.maximum.accumulate(p[order] * (4 - np.arange(4))))
    assert res["p_holm"].to_numpy()[order] == pytest.approx(expected)
    assert (res["p_holm"] >= res["p_value"]).all()
    # masked groups are not tests: they neither get an adjusted p nor raise the others'
    assert holm([0.01, np.nan, 0.02]).tolist()[::2] == pytest.approx([0.02, 0.02])
    assert np.isnan(holm([0.01, np.nan, 0.02])[1])


def test_compare_around_event_per_group_and_masking():
    table, articles = _synthetic(shift=0.5)
    res = compare_around_event(table, articles, event_date=pd.Timestamp("2017-03-24"),
                               by="actor")
    assert res["actor"].tolist() == ["le_pen", "putin"]
    assert (res["diff"] > 0).all()
    tiny = compare_around_event(table, articles, event_date="2017-03-24", window_days=1,
                                min_count=10)
    assert tiny["masked"].all() and tiny["p_value"].isna().all()
    events = load_events()
    meeting = events[events["kind"] == "meeting"]
    by_event = compare_around_event(table, articles, event_date=meeting)
    assert by_event.attrs["event_date"] == pd.Timestamp("2017-03-24")


# ------------------------------------------------------------------------------ bad input

def test_published_as_text_must_be_iso(sentiment, articles):
    iso = articles.assign(published=["2017-04-17T08:00:00", "2017-04-19", "2017-04-23 21:30",
                                     "2017-04-24", "2017-04-26", None, "2017-04-19"])
    expected = aggregate_timeline(sentiment, articles, value="score", n_boot=50)
    pd.testing.assert_frame_equal(aggregate_timeline(sentiment, iso, value="score", n_boot=50),
                                  expected)
    # "01/06/2017" is 1 June in France and 6 January in the US: never guessed
    local = articles.assign(published=articles["published"].dt.strftime("%d/%m/%Y"))
    with pytest.raises(ValueError, match=r"articles.published must hold dates or ISO 8601 .*"
                                         r"17/04/2017.*dayfirst=True") as err:
        aggregate_timeline(sentiment, local)
    # pandas' advice, cut at its first line, read "You might want to try:; parse other ..."
    assert "ISO8601 format; parse other formats first" in str(err.value)
    assert "You might" not in str(err.value)
    with pytest.raises(ValueError, match="articles.published holds numbers"):
        aggregate_timeline(sentiment, articles.assign(published=1492416000))


@pytest.mark.parametrize("kind", ["text", "datetime", "Timestamp"])
def test_offsets_that_change_with_summer_time_keep_wall_time(kind):
    # French dates either side of the switch to summer time (26 March 2017), as text or as
    # aware Python objects (these raised, advising dayfirst=True)
    dates = ["2017-03-25T23:30:00+01:00", "2017-03-26T23:30:00+02:00"]
    convert = {"text": str, "datetime": dt.datetime.fromisoformat, "Timestamp": pd.Timestamp}[kind]
    articles = pd.DataFrame({"article_id": ["w", "s"], "duplicate_of": None,
                             "published": pd.Series([convert(d) for d in dates], dtype=object)})
    sent = pd.DataFrame({"article_id": ["w", "s"], "score": [0.5, -0.5]})
    out = aggregate_timeline(sent, articles, value="score", by=None, freq="D", min_count=1,
                             n_boot=10)
    assert out["period"].tolist() == [pd.Timestamp("2017-03-25"), pd.Timestamp("2017-03-26")]
    assert out["mean"].tolist() == [0.5, -0.5]


def test_value_must_be_numeric(sentiment, articles):
    labelled = sentiment.assign(label=np.where(sentiment["score"] > 0, "positive", "negative"))
    with pytest.raises(ValueError, match=r"aggregate_timeline: label must be numeric; got "
                                         r"'negative' \(\d+ such rows\)"):
        aggregate_timeline(labelled, articles, value="label")
    with pytest.raises(ValueError, match="compare_around_event: label must be numeric"):
        compare_around_event(labelled, articles, event_date="2017-04-23", value="label")
    with pytest.raises(ValueError, match="score has infinite values"):
        aggregate_timeline(sentiment.assign(score=np.inf), articles, value="score")


def test_event_date_that_is_not_a_date(sentiment, articles):
    with pytest.raises(ValueError, match="compare_around_event: event_date 'first round' is not "
                                         "a date"):
        compare_around_event(sentiment, articles, event_date="first round")


def test_dates_given_as_text_must_be_iso(sentiment, articles):
    # "05/04/2017" was taken as 4 May (month first), "2017" as 1 January, and bins in day/month
    # text gave an empty table with no word: text is ISO 8601, as for published and calendars
    for bad in ("05/04/2017", "2017", "April 23"):
        with pytest.raises(ValueError, match=rf"compare_around_event: event_date '{bad}' is not "
                                             r"a date \(use YYYY-MM-DD"):
            compare_around_event(sentiment, articles, event_date=bad)
    with pytest.raises(ValueError, match=r"bins: edge '01/05/2017' is not a date \(use YYYY-MM-DD"):
        aggregate_timeline(sentiment, articles, bins=["2017-04-17", "01/05/2017"])
    # dates of every kind are still dates
    for good in ("2017-04-23", dt.date(2017, 4, 23), pd.Timestamp("2017-04-23"),
                 np.datetime64("2017-04-23"), "2017-04-23T00:00:00+02:00"):
        got = compare_around_event(sentiment, articles, event_date=good, by=())
        assert got["n_after"].tolist() == compare_around_event(
            sentiment, articles, event_date="2017-04-23", by=())["n_after"].tolist()
    assert len(aggregate_timeline(sentiment, articles, by=(), bins=[
        dt.date(2017, 4, 17), np.datetime64("2017-04-23T20:00"), "2017-04-25"])) == 2


def test_tables_that_are_not_dataframes(sentiment, articles):
    with pytest.raises(TypeError, match="aggregate_timeline: table must be a pandas DataFrame, "
                                        "got list"):
        aggregate_timeline(sentiment.to_dict("records"), articles)
    with pytest.raises(TypeError, match="aggregate_timeline: articles must be a pandas DataFrame"):
        aggregate_timeline(sentiment, articles["published"])


def test_a_seeded_ci_does_not_depend_on_the_order_of_the_rows():
    # clusters were numbered in order of first appearance: the same draws fell on other
    # articles when the table was shuffled (weekly intervals moved by up to 0.16)
    rng = np.random.default_rng(3)
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(20)],
                             "published": pd.Timestamp("2017-04-18"), "duplicate_of": None})
    table = pd.DataFrame({"article_id": np.repeat(articles["article_id"], 2),
                          "score": rng.uniform(-1, 1, 40).round(2)})
    shuffled = table.sample(frac=1, random_state=5).set_index(np.arange(40) * 7)
    for cluster in ("article_id", None):
        a = aggregate_timeline(table, articles, value="score", by=None, cluster=cluster).iloc[0]
        b = aggregate_timeline(shuffled, articles.sample(frac=1, random_state=6), value="score",
                               by=None, cluster=cluster).iloc[0]
        assert (a["ci_low"], a["ci_high"]) == pytest.approx((b["ci_low"], b["ci_high"]))


def test_the_windows_around_an_event_have_the_same_length():
    # after was [event, event + window], a day longer than before for day-dated articles:
    # 15 days against 14
    days = pd.date_range("2017-04-19", "2017-05-21")
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(days))],
                             "published": days, "duplicate_of": None})
    table = pd.DataFrame({"article_id": articles["article_id"], "score": 0.1})
    res = compare_around_event(table, articles, event_date="2017-05-05", window_days=14,
                               min_count=1).iloc[0]
    assert (res["n_articles_before"], res["n_articles_after"]) == (14, 14)   # 21/4-4/5, 5/5-18/5


def test_an_event_outside_the_corpus_is_said(sentiment, articles):
    # notebook 05 on a 2019 corpus printed two empty before/after tables without a word
    with pytest.warns(UserWarning, match=r"compare_around_event: no row within 14 days of the "
                                         r"event 2019-06-01 \(the dated rows run from 2017-"):
        res = compare_around_event(sentiment, articles, event_date="2019-06-01", by="bloc")
    assert res.empty


def test_share_of_articles_counts_rows_it_cannot_place_and_refuses_ids_twice():
    # rows of articles absent from `articles` were dropped with skipped_unmatched = 0; an
    # article listed twice took its first row's date without a word
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2017-04-18"] * 2),
                             "duplicate_of": None})
    frames = pd.DataFrame({"article_id": ["a", "zz", "zz"], "frame": ["economic", "economic", "morality"]})
    out = share_of_articles(frames, articles, min_count=1)
    assert out.attrs["skipped_unmatched"] == 2
    assert out.loc[out["frame"] == "economic", "n_articles"].tolist() == [1]
    twice = pd.concat([articles, articles.assign(published=pd.Timestamp("2017-05-02"))])
    for f in (lambda: share_of_articles(frames, twice),
              lambda: aggregate_timeline(frames, twice, by="frame")):
        with pytest.raises(ValueError, match=r"articles holds article_id 'a' more than once"):
            f()


def test_holm_refuses_what_is_no_p_value():
    with pytest.raises(ValueError, match=r"holm: p-values must be between 0 and 1, got -0.1"):
        holm([-0.1, 0.5])   # came back as [-0.2, 0.5]
    with pytest.raises(ValueError, match=r"holm: p-values must be numbers"):
        holm(["low", 0.5])
    assert holm([]).tolist() == [] and np.isnan(holm([np.nan])).all()


def test_frames_of_both_levels_are_refused(articles):
    # one article row plus its sentence rows: n and share counted the article twice, and the
    # mean averaged shares of sentences with 1 - 0.5**k scores
    frames = pd.DataFrame({"article_id": [articles["article_id"].iloc[0]] * 3,
                           "sentence_id": [np.nan, 0, 2], "frame": "sanctions_backfire",
                           "score": [0.4, 0.5, 0.5]})
    with pytest.raises(ValueError, match=r"mixes article-level rows \(1, sentence_id missing\) "
                                         r"with sentence-level rows \(2\)"):
        aggregate_timeline(frames, articles, value="score", by="frame", freq=None)
    one_level = aggregate_timeline(frames[frames["sentence_id"].isna()], articles, value="score",
                                   by="frame", freq=None, min_count=1)
    assert one_level["n"].tolist() == [1]


def test_an_event_time_within_a_day_of_whole_day_dates_is_named(articles, sentiment):
    # the shipped calendar's silence ends 2017-04-23 20:00, but the pipeline keeps days: the
    # results-night articles of the 23rd silently counted inside the silence
    days = articles.assign(published=pd.to_datetime(articles["published"]).dt.normalize())
    with pytest.warns(UserWarning, match=r"the event 2017-04-23 20:00 falls within a day, but "
                                         r"the dates are whole days"):
        compare_around_event(sentiment, days, event_date="2017-04-23 20:00", n_boot=10)
    with pytest.warns(UserWarning, match=r"the bin edge 2017-04-23 20:00 falls within a day"):
        aggregate_timeline(sentiment, days, value="score", n_boot=10,
                           bins=["2017-03-01", "2017-04-23 20:00", "2017-06-30"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compare_around_event(sentiment, days, event_date="2017-04-23", n_boot=10)
        timed = days.assign(published=days["published"] + pd.Timedelta(hours=21))
        compare_around_event(sentiment, timed, event_date="2017-04-23 20:00", n_boot=10)


def test_complete_runs_over_the_dated_articles(articles):
    """complete=True filled only between the first and the last week with a row, so quiet
    weeks at either end of the corpus were left out instead of counted as zeros (and the
    report's coverage chart stopped short of the corpus, with its calendar events)."""
    late = pd.DataFrame({"article_id": ["a8", "a9", "a10"], "outlet": "Le Monde",
                         "published": pd.to_datetime(["2017-05-10", "2017-06-01", "2017-04-02"]),
                         "duplicate_of": [None, "a8", "a8"], "language": "en"})
    arts = pd.concat([articles, late], ignore_index=True)   # a9, a10: wire copies, not counted
    table = pd.DataFrame({"article_id": ["a4", "a5"], "bloc": "eu"})
    out = aggregate_timeline(table, arts, complete=True)
    assert out["period"].dt.strftime("%m-%d").tolist() == ["04-17", "04-24", "05-01", "05-08"]
    assert out["n"].tolist() == [0, 2, 0, 0]
    assert out.attrs["span"] == (pd.Timestamp("2017-04-17 08:00"), pd.Timestamp("2017-05-10"))
    assert out.attrs["min_count"] == 5
    # the wire copies count with include_duplicates
    out = aggregate_timeline(table, arts, complete=True, include_duplicates=True, freq="M")
    assert out["period"].dt.strftime("%m").tolist() == ["04", "05", "06"]
    assert out["n"].tolist() == [2, 0, 0]
    # without complete, the span is that of the rows counted
    out = aggregate_timeline(table, arts)
    assert out.attrs["span"] == (pd.Timestamp("2017-04-24"), pd.Timestamp("2017-04-26"))
    shares = share_of_articles(pd.DataFrame({"article_id": ["a4"], "frame": "economic"}), arts)
    assert shares.attrs["span"] == (pd.Timestamp("2017-04-17 08:00"), pd.Timestamp("2017-05-10"))


def test_a_date_window_is_checked_up_front_and_keeps_undated_articles(articles):
    from analysis.timeline import date_window, in_window

    # notebooks read START/END with pd.Timestamp after all the scoring: "2019-13-01" was
    # pandas' DateParseError at the end, and START after END an empty chart without a word
    with pytest.raises(ValueError, match=r"START '2019-13-01' is not a date \(use YYYY-MM-DD"):
        date_window("2019-13-01", None)
    with pytest.raises(ValueError, match=r"START 2020-06-01 is after END 2019-06-01"):
        date_window("2020-06-01", "2019-06-01")
    assert date_window(None, None) == (None, None)
    window = date_window("2017-04-18", "2017-04-20")
    kept = in_window(articles, window)
    dated = kept["published"].dropna()
    assert dated.between("2017-04-18", "2017-04-20 23:59:59").all()
    # END is a whole day; undated articles stay, for the timeline to count as skipped
    assert kept["published"].isna().sum() == articles["published"].isna().sum()
    assert len(dated) == articles["published"].between(
        "2017-04-18", "2017-04-20 23:59:59").sum() > 0


def test_intervals_do_not_depend_on_row_order_when_article_means_tie():
    # the clusters were ordered by means summed in row order: 0.1+0.2+0.3 != 0.3+0.2+0.1, so
    # tied articles swapped places and the seeded bootstrap drew others (scores on a 0.1 grid)
    t = pd.DataFrame({"article_id": list("AAABCCDEEFGG"),
                      "score": [0.1, 0.2, 0.3, 0.2, 0.7, 0.9, -0.4, 0.05, 0.5, 1.0, -1.0, 0.3]})
    arts = pd.DataFrame({"article_id": list("ABCDEFG"), "published": pd.Timestamp("2017-04-03"),
                         "duplicate_of": None})
    got = [aggregate_timeline(rows, arts, value="score", by=None, min_count=1)
           [["mean", "ci_low", "ci_high"]].to_numpy() for rows in (t, t.iloc[::-1])]
    np.testing.assert_allclose(got[0], got[1], rtol=1e-12)   # the sums to the last bit


def test_a_blank_duplicate_of_is_no_wire_copy(sentiment, articles):
    # "" (a table read with keep_default_na=False) made every article a wire copy: empty output
    blank = articles.assign(duplicate_of=articles["duplicate_of"].fillna(""))
    got = aggregate_timeline(sentiment, blank, by=())
    want = aggregate_timeline(sentiment, articles, by=())
    assert got.attrs["skipped_duplicates"] == want.attrs["skipped_duplicates"]
    assert got["n"].sum() == want["n"].sum() > 0
