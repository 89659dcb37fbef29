"""Tests of analysis.plots: every plot returns a labelled Figure, draws events, survives empty
input and draws on a given Axes."""

from __future__ import annotations

import io
import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis import plots
from analysis.timeline import aggregate_timeline, load_events, share_of_articles


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    n = 240
    days = pd.Timestamp("2017-03-13") + pd.to_timedelta(rng.integers(0, 63, n), unit="D")
    articles = pd.DataFrame({"article_id": range(n), "published": days,
                             "outlet": rng.choice(["Le Monde", "RT France", "Le Figaro"], n),
                             "duplicate_of": None})
    actors = {"putin": "russia", "eu": "eu", "macron": "fr_politics", "le_pen": "fr_politics"}
    keys = rng.choice(list(actors), 3 * n)
    sentiment = pd.DataFrame({"article_id": np.repeat(np.arange(n), 3), "sentence_id": 0,
                              "actor": keys, "bloc": [actors[k] for k in keys],
                              "score": rng.uniform(-1, 1, 3 * n)})
    frames = pd.DataFrame({"article_id": np.arange(n), "sentence_id": np.nan,
                           "frame": rng.choice(["economic", "political", "morality"], n),
                           "kind": "frame"})
    speakers = [("Peskov", "peskov"), ("Juncker", "juncker"), ("author", None),
                ("a voter", None), ("Macron", "macron")]
    pick = rng.integers(0, len(speakers), 150)
    claims = pd.DataFrame({
        "article_id": rng.integers(0, n, 150), "sentence_id": 0,
        "speaker": [speakers[i][0] for i in pick],
        "speaker_actor": [speakers[i][1] for i in pick],
        "target_actor": "putin", "target_bloc": rng.choice(["russia", "eu"], 150),
        "stance": rng.choice(["against", "neutral", "favor"], 150),
        "score": rng.uniform(-1, 1, 150)})
    return {"articles": articles, "sentiment": sentiment, "frames": frames, "claims": claims}


@pytest.fixture(scope="module")
def events():
    return load_events()


def _render(fig):
    """Draw the figure (runs the layout engine) and return all visible texts."""
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _event_labels(ax):
    return [t.get_text() for t in ax.texts if t.get_gid() == "event_label"]


def _assert_labelled(fig):
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    for text in _render(fig):
        assert text.get_fontsize() >= plots.MIN_FONT, text.get_text()


def _in_range(events, start="2017-03-13", end="2017-05-15"):
    inside = events[(events["end_date"].isna()) & (events["date"] >= start)
                    & (events["date"] <= end)]
    return inside["name"].tolist()


def test_palette_is_okabe_ito_with_fixed_bloc_colours():
    assert set(plots.BLOC_COLORS) >= {"russia", "eu", "fr_politics", "other"}
    assert set(plots.BLOC_COLORS.values()) <= set(plots.OKABE_ITO.values())
    assert len(set(plots.BLOC_COLORS.values())) == len(plots.BLOC_COLORS)


def test_plot_coverage(data, events):
    tl = aggregate_timeline(data["sentiment"], data["articles"], by="bloc", complete=True)
    fig = plots.plot_coverage(tl, events=events)
    _assert_labelled(fig)
    ax = fig.axes[0]
    labels = _event_labels(ax)
    assert labels == _in_range(events)
    assert "First round" in labels and "Le Pen–Putin meeting" in labels
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"Russia", "EU", "French politics", "Pre-vote silence"} <= set(legend)
    # the bloc colours are the fixed ones
    colours = {line.get_label(): line.get_color() for line in ax.get_lines()}
    assert colours["Russia"] == plots.BLOC_COLORS["russia"]
    # event labels sit above the plotting area, not on the data
    fig.canvas.draw()
    top = ax.get_window_extent().y1
    for text in ax.texts:
        if text.get_gid() == "event_label":
            assert text.get_window_extent().y0 >= top


def test_event_labels_do_not_overlap(data, events):
    tl = aggregate_timeline(data["sentiment"], data["articles"], by="bloc")
    fig = plots.plot_coverage(tl, events=events)
    fig.canvas.draw()
    boxes = sorted((t.get_window_extent() for t in fig.axes[0].texts
                    if t.get_gid() == "event_label"), key=lambda b: b.x0)
    assert len(boxes) > 5
    for left, right in itertools.pairwise(boxes):
        assert left.x1 <= right.x0 + 0.5


def test_plot_tone_masks_cells(data, events):
    tl = aggregate_timeline(data["sentiment"], data["articles"], value="score", by="actor",
                            n_boot=100, min_count=12)
    assert tl["masked"].any()
    fig = plots.plot_tone(tl, events=events)
    _assert_labelled(fig)
    ax = fig.axes[0]
    assert ax.get_ylabel().replace("\n", " ") == (
        "Mean tone toward actor (−1 negative … +1 positive)")
    assert _event_labels(ax) == _in_range(events)
    # masked means are not drawn: the number of finite points equals the unmasked cells
    drawn = sum(np.isfinite(np.asarray(line.get_ydata(), float)).sum()
                for line in ax.get_lines() if line.get_label() in
                {"Vladimir Putin", "EU", "European Union", "Emmanuel Macron", "Marine Le Pen"})
    assert drawn == int((~tl["masked"]).sum())


def test_plot_tone_requires_means(data):
    tl = aggregate_timeline(data["sentiment"], data["articles"])
    with pytest.raises(ValueError, match="mean"):
        plots.plot_tone(tl)


def test_plot_stance_heatmap_from_aggregate_and_raw(data):
    agg = aggregate_timeline(data["claims"], data["articles"], value="score",
                             by=("outlet", "target_bloc"), freq=None, n_boot=100,
                             min_count=20)
    fig = plots.plot_stance_heatmap(agg)
    _assert_labelled(fig)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert all("n=" in t for t in texts) and len(texts) == len(agg)
    assert fig.axes[-1].get_ylabel().startswith("Mean")  # colour bar
    assert ax.images[0].get_cmap().name.startswith("PuOr")
    norm = ax.images[0].norm
    assert norm.vmin == pytest.approx(-norm.vmax)  # centred at zero
    if agg["masked"].any():
        assert any(p.get_hatch() == "///" for p in ax.patches)
    raw = data["claims"].merge(data["articles"][["article_id", "outlet"]], on="article_id")
    fig2 = plots.plot_stance_heatmap(raw, col="target_bloc")
    _assert_labelled(fig2)
    several = aggregate_timeline(data["claims"], data["articles"], value="score",
                                 by=("outlet", "target_bloc"), n_boot=50)
    with pytest.raises(ValueError, match="freq=None"):
        plots.plot_stance_heatmap(several)


def test_plot_frame_shares(data, events):
    sh = share_of_articles(data["frames"], data["articles"])
    fig = plots.plot_frame_shares(sh, top=2, events=events)
    _assert_labelled(fig)
    ax = fig.axes[0]
    lines = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert len(lines) == 2
    assert _event_labels(ax) == _in_range(events)
    empty_kind = plots.plot_frame_shares(sh, kind="narrative")
    assert "No data" in [t.get_text() for t in empty_kind.axes[0].texts]


def test_plot_top_speakers(data):
    fig = plots.plot_top_speakers(data["claims"], top=3)
    _assert_labelled(fig)
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(names) == 3
    assert not any(n.startswith("author") for n in names)
    assert any(n.startswith("Dmitry Peskov") for n in names)  # named from the registry
    # against bars extend left, favor bars right
    widths = [p.get_width() for p in ax.patches]
    assert min(widths) < 0 < max(widths)
    with_author = plots.plot_top_speakers(data["claims"], top=10, include_author=True)
    assert any(t.get_text().startswith("author")
               for t in with_author.axes[0].get_yticklabels())


@pytest.mark.parametrize("func", [plots.plot_coverage, plots.plot_tone,
                                  plots.plot_stance_heatmap, plots.plot_frame_shares,
                                  plots.plot_top_speakers])
def test_empty_input_says_no_data(func):
    fig = func(pd.DataFrame())
    assert isinstance(fig, Figure)
    assert "No data" in [t.get_text() for t in fig.axes[0].texts]
    assert fig.axes[0].get_title()
    _render(fig)


@pytest.mark.parametrize("name", ["coverage", "tone", "heatmap", "frames", "speakers"])
def test_uses_the_given_axes(data, events, name):
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 4))
    tl = aggregate_timeline(data["sentiment"], data["articles"], value="score", by="bloc",
                            n_boot=50)
    calls = {
        "coverage": lambda: plots.plot_coverage(tl, events=events, ax=ax1),
        "tone": lambda: plots.plot_tone(tl, events=events, ax=ax1),
        "heatmap": lambda: plots.plot_stance_heatmap(
            aggregate_timeline(data["sentiment"], data["articles"], value="score",
                               by=("outlet", "bloc"), freq=None, n_boot=50), ax=ax1),
        "frames": lambda: plots.plot_frame_shares(
            share_of_articles(data["frames"], data["articles"]), ax=ax1),
        "speakers": lambda: plots.plot_top_speakers(data["claims"], ax=ax1),
    }
    out = calls[name]()
    assert out is fig
    assert ax1.has_data() and not ax0.has_data()
    assert ax1.get_title()


def test_draw_events_only_in_view_and_accepts_dicts():
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(pd.to_datetime(["2017-04-01", "2017-04-30"]), [0, 1])
    pad = plots.draw_events(ax, [
        {"date": "2017-04-23", "name": "First round", "kind": "vote"},
        {"date": "2017-05-07", "name": "Run-off", "kind": "vote"},  # outside the view
        {"date": "2017-04-22", "end_date": "2017-04-23 20:00", "name": "Silence",
         "kind": "silence"},
    ])
    assert _event_labels(ax) == ["First round"]
    assert pad > 0
    assert [t.get_text() for t in ax.texts if t.get_gid() == "event_label"] == ["First round"]
    assert len(ax.patches) == 1  # the shaded silence period
    with pytest.raises(ValueError, match="name"):
        plots.draw_events(ax, [{"date": "2017-04-23"}])


def test_draw_events_takes_a_calendar_name_or_file(tmp_path):
    # a string was read as a list of characters: "events is missing required column(s)"
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(pd.to_datetime(["2017-04-01", "2017-04-30"]), [0, 1])
    plots.draw_events(ax, "fr-2017")
    assert "First round" in _event_labels(ax)
    own = tmp_path / "cal.yaml"
    own.write_text("events:\n  - {date: 2017-04-10, name: Our event, kind: other}\n")
    ax2 = Figure().add_subplot()
    ax2.plot(pd.to_datetime(["2017-04-01", "2017-04-30"]), [0, 1])
    plots.draw_events(ax2, own)
    assert _event_labels(ax2) == ["Our event"]
    with pytest.raises(ValueError, match="events file not found: nope"):
        plots.draw_events(ax, "nope")


def test_plots_do_not_touch_pyplot_or_mutate_input(data):
    tl = aggregate_timeline(data["sentiment"], data["articles"], value="score", by="bloc",
                            n_boot=50)
    before = tl.copy()
    n_open = len(plt.get_fignums())
    plots.plot_tone(tl)
    plots.plot_coverage(tl)
    assert len(plt.get_fignums()) == n_open
    pd.testing.assert_frame_equal(tl, before)


def test_plot_top_speakers_leaves_unnamed_speakers_out():
    """'a spokesman' in ten articles is ten people, not the top speaker."""
    claims = pd.DataFrame({
        "speaker": ["a spokesman"] * 5 + ["un diplomate"] * 3 + ["he", "lui"] + ["Peskov", "Ferrand"],
        "speaker_actor": [None] * 10 + ["peskov", None],
        "target_bloc": ["russia"] * 12, "stance": ["against"] * 12})
    fig = plots.plot_top_speakers(claims)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(names) == ["Dmitry Peskov (1)", "Ferrand (1)"]


def test_narratives_are_named_as_in_their_file():
    """The legend said 'Eu undemocratic', 'West russophobic' (the ids, tidied)."""
    sh = pd.DataFrame({"period": pd.to_datetime(["2017-03-06", "2017-03-13"] * 2),
                       "frame": ["eu_undemocratic"] * 2 + ["west_russophobic"] * 2,
                       "kind": "narrative", "n_articles": [2, 3, 1, 2], "n_total": 10,
                       "share": [0.2, 0.3, 0.1, 0.2]})
    fig = plots.plot_frame_shares(sh, kind="narrative")
    labels = {line.get_label() for line in fig.axes[0].get_lines()
              if not line.get_label().startswith("_")}
    assert labels == {"The EU is undemocratic", "The West is russophobic"}
    assert fig.axes[0].get_legend().get_title().get_text() == "Narrative"   # was "Frame"


def test_top_speakers_merge_the_forms_of_one_unlisted_name():
    """SemEval: 'Trump', 'President Trump' and 'President Donald Trump' were three speakers in
    the chart; two people sharing a surname stay apart."""
    claims = pd.DataFrame({
        "speaker": ["Trump", "Trump", "President Trump", "President Donald Trump",
                    "Hillary Clinton", "Bill Clinton", "Bill Clinton"],
        "speaker_actor": [None] * 7, "target_bloc": ["russia"] * 7,
        "stance": ["against", "against", "neutral", "favor", "against", "favor", "favor"]})
    fig = plots.plot_top_speakers(claims)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Trump (4; 1 neutral)", "Bill Clinton (2)", "Hillary Clinton (1)"]


def test_a_period_is_named_in_the_legend_by_its_own_name(data):
    # a researcher's calendar: its one silence period was labelled "Pre-vote silence"
    tl = aggregate_timeline(data["sentiment"], data["articles"], by="bloc", complete=True)
    start = tl["period"].min()
    events = [{"date": start + pd.Timedelta(days=2), "end_date": start + pd.Timedelta(days=4),
               "name": "Campaign blackout", "kind": "silence"}]
    fig = plots.plot_coverage(tl, events=events)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Campaign blackout" in legend and "Pre-vote silence" not in legend


def test_tone_lines_break_across_periods_without_rows():
    # without complete=True the empty weeks are absent: the line was drawn straight across them
    from analysis.timeline import aggregate_timeline

    days = ["2017-03-06"] * 6 + ["2017-03-13"] * 6 + ["2017-05-15"] * 6
    articles = pd.DataFrame({"article_id": range(18), "published": pd.to_datetime(days),
                             "duplicate_of": None})
    s = pd.DataFrame({"article_id": range(18), "bloc": "russia",
                      "score": np.tile([-0.4, -0.2, 0.0, 0.1, -0.3, 0.2], 3)})
    tl = aggregate_timeline(s, articles, value="score", n_boot=50)
    assert len(tl) == 3
    fig = plots.plot_tone(tl)
    line = next(ln for ln in fig.axes[0].get_lines() if ln.get_label() == "Russia")
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y).sum() == 1 and np.isfinite(y).sum() == 3   # a hole between March and May
    assert "bootstrap CI where 5+ articles" in fig.axes[0].get_xlabel()


def test_tone_means_from_too_few_articles_for_an_interval_are_hollow():
    # a week of 6 sentences from 2 articles was drawn like a week of 30 articles
    from analysis.timeline import aggregate_timeline

    days = ["2017-03-06"] * 6 + ["2017-03-13"] * 2
    articles = pd.DataFrame({"article_id": range(8), "published": pd.to_datetime(days),
                             "duplicate_of": None})
    s = pd.DataFrame({"article_id": list(range(6)) + [6, 6, 6, 7, 7, 7], "bloc": "russia",
                      "score": [-0.4, -0.2, 0.0, 0.1, -0.3, 0.2, -0.9, -0.8, -0.7, -0.9, -0.6, -0.8]})
    tl = aggregate_timeline(s, articles, value="score", n_boot=50)
    assert tl["ci_low"].isna().tolist() == [False, True]
    ax = plots.plot_tone(tl).axes[0]
    hollow = [ln for ln in ax.get_lines() if ln.get_markerfacecolor() == "white"]
    assert len(hollow) == 1 and list(hollow[0].get_ydata()) == [tl["mean"].iloc[1]]
    assert "hollow points fewer" in ax.get_xlabel()


def test_frame_shares_all_masked_say_no_data():
    from analysis.timeline import share_of_articles

    art = pd.DataFrame({"article_id": [1, 2], "outlet": "X", "duplicate_of": None,
                        "published": pd.to_datetime(["2017-04-18", "2017-04-26"])})
    fr = pd.DataFrame({"article_id": [1, 2], "frame": "economic", "kind": "frame"})
    fig = plots.plot_frame_shares(share_of_articles(fr, art))   # min_count 5: all masked
    ax = fig.axes[0]
    assert ax.get_title().endswith("(every week has fewer than 5 articles, too few for a share)")
    assert not ax.get_lines()


def test_counts_get_whole_number_ticks():
    # a corpus of a few articles a week had ticks at 0.25 articles
    from analysis.timeline import aggregate_timeline

    art = pd.DataFrame({"article_id": [1, 2], "outlet": "X", "duplicate_of": None,
                        "published": pd.to_datetime(["2017-04-18", "2017-04-26"])})
    m = pd.DataFrame({"article_id": [1, 2], "bloc": ["russia", "russia"]})
    fig = plots.plot_coverage(aggregate_timeline(m, art))
    fig.canvas.draw()
    ticks = fig.axes[0].get_yticks()
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)


def test_tone_chart_of_nothing_scored_says_so():
    # a French-only corpus (no scorer for French) was titled "(all cells below min_count)"
    from analysis.timeline import aggregate_timeline

    art = pd.DataFrame({"article_id": range(6), "outlet": "X", "duplicate_of": None,
                        "published": pd.to_datetime(["2017-04-18"] * 6)})
    s = pd.DataFrame({"article_id": range(6), "bloc": "russia", "score": np.nan})
    fig = plots.plot_tone(aggregate_timeline(s, art, value="score"))
    assert fig.axes[0].get_title() == "Tone over time (no scored sentences)"
    # ... and too little scored says so in words, with the numbers ("(all cells below
    # min_count)" was the code's word)
    s = s.assign(score=0.2).iloc[:2]
    fig = plots.plot_tone(aggregate_timeline(s, art, value="score"))
    assert fig.axes[0].get_title() == ("Tone over time (no week has 5 or more scored sentences; "
                                       "the most: 2)")


def test_an_interval_between_weeks_without_one_is_drawn():
    # a week with an interval between weeks with a mean but none got neither band nor error bar
    from analysis.timeline import aggregate_timeline

    days = ["2017-03-06"] * 2 + ["2017-03-13"] * 6 + ["2017-03-20"] * 2
    articles = pd.DataFrame({"article_id": range(10), "published": pd.to_datetime(days),
                             "duplicate_of": None})
    s = pd.DataFrame({"article_id": np.repeat(range(10), 3), "bloc": "russia",
                      "score": np.linspace(-0.6, 0.3, 30)})
    tl = aggregate_timeline(s, articles, value="score", n_boot=100)
    assert tl["ci_low"].notna().tolist() == [False, True, False]   # 2, 6 and 2 articles
    fig = plots.plot_tone(tl)
    bars = [c for c in fig.axes[0].containers if c.__class__.__name__ == "ErrorbarContainer"]
    assert len(bars) == 1


def test_share_ticks_have_the_decimals_they_need():
    # PercentFormatter(decimals=0) printed ticks at 2.5% and 7.5% as "2%" and "8%"
    from analysis.timeline import share_of_articles

    art = pd.DataFrame({"article_id": range(40), "outlet": "X", "duplicate_of": None,
                        "published": pd.to_datetime(["2017-04-18"] * 20 + ["2017-04-26"] * 20)})
    fr = pd.DataFrame({"article_id": [0, 1, 2, 20], "frame": "economic", "kind": "frame"})
    fig = plots.plot_frame_shares(share_of_articles(fr, art))
    ax = fig.axes[0]
    ax.set_ylim(0, 0.2)
    ax.yaxis.set_ticks([0, 0.025, 0.075])
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0%", "2.5%", "7.5%"]
    # ... and whole ones have none (the demo's narrative axis read "35.0%")
    ax.yaxis.set_ticks([0, 0.1, 0.35])
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0%", "10%", "35%"]


def test_date_axes_name_the_month_and_the_years_of_the_dates():
    """A corpus of one week had ticks "09 10 11 ..." and no month anywhere; a 2019 corpus whose
    first week starts on 31 December 2018 was labelled "Publication date, 2018–2019"."""
    art = pd.DataFrame({"article_id": range(12), "outlet": "X", "duplicate_of": None,
                        "published": pd.to_datetime(["2019-05-09", "2019-05-10"] * 6)})
    m = pd.DataFrame({"article_id": range(12), "bloc": "eu", "score": 0.1})
    fig = plots.plot_coverage(aggregate_timeline(m, art, complete=True))
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and all("May" in t for t in ticks), ticks
    art["published"] = pd.to_datetime(["2019-01-02", "2019-03-20"] * 6)
    tl = aggregate_timeline(m, art, complete=True)
    assert tl["period"].min() == pd.Timestamp("2018-12-31")
    tone = aggregate_timeline(m, art, value="score", min_count=1, n_boot=50)
    shares = share_of_articles(m.assign(frame="economic", kind="frame"), art, min_count=1)
    for fig in (plots.plot_coverage(tl), plots.plot_tone(tone), plots.plot_frame_shares(shares)):
        assert fig.axes[0].get_xlabel().startswith("Publication date, 2019 ("), \
            fig.axes[0].get_xlabel()
    tl.attrs.clear()   # a table made elsewhere: the years of its mid-weeks
    assert plots.plot_coverage(tl).axes[0].get_xlabel().startswith("Publication date, 2019 (")


def test_the_vote_and_the_silence_are_told_apart():
    # both periods were shaded in the same grey: their legend entries could not be told apart
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(pd.to_datetime(["2019-05-01", "2019-05-31"]), [0, 1])
    plots.draw_events(ax, [
        {"date": "2019-05-23 00:00", "end_date": "2019-05-26 00:00", "name": "EP election",
         "kind": "vote"},
        {"date": "2019-05-25 00:00", "end_date": "2019-05-26 20:00", "name": "Silence",
         "kind": "silence"},
        {"date": "2019-05-02 00:00", "end_date": "2019-05-04 00:00", "name": "Summit",
         "kind": "meeting"},
    ])
    looks = {(p.get_label(), tuple(np.round(p.get_facecolor(), 2)), p.get_hatch())
             for p in ax.patches}
    assert len(looks) == 3 and len({look[1:] for look in looks}) == 3, looks
    legend = ax.legend()
    assert len({(tuple(np.round(h.get_facecolor(), 2)), h.get_hatch())
                for h in legend.legend_handles}) == 3


def test_top_speakers_of_the_authors_voice_only_say_so():
    # every claim in the article's own voice: an empty "No data" chart, without a word why
    claims = pd.DataFrame({"speaker": ["author"] * 3 + ["a spokesman"],
                           "target_bloc": ["eu", "russia", "eu", "eu"], "stance": "neutral"})
    fig = plots.plot_top_speakers(claims.iloc[:3])
    assert [t.get_text() for t in fig.axes[0].texts] == [
        "No named speaker quoted:\n3 in the article's own voice (author) of 3 claims"]
    fig = plots.plot_top_speakers(claims)
    assert fig.axes[0].texts[0].get_text() == (
        "No named speaker quoted:\n3 in the article's own voice (author) and 1 by unnamed "
        "speakers of 4 claims")


def test_stance_heatmap_of_a_corpus_without_outlets_shows_them_as_such():
    # claims with no outlet (a one-source corpus) drew "No data" over a table of 71 claims
    claims = pd.DataFrame({"outlet": [None] * 6, "target_bloc": ["eu"] * 3 + ["russia"] * 3,
                           "score": [-0.5, -0.4, -0.6, 0.2, 0.3, 0.1]})
    fig = plots.plot_stance_heatmap(claims, row="outlet", col="target_bloc", min_count=1)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["(no outlet)"]
    assert any("n=3" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_coverage_shares_of_a_period_without_coverage_are_a_gap_not_zero():
    # a month with no mention has share NaN; it was drawn as 0% for every bloc
    t = pd.DataFrame({"period": pd.to_datetime(["2019-05-01", "2019-05-01", "2019-06-01",
                                                "2019-06-01", "2019-07-01", "2019-07-01"]),
                      "period_end": pd.to_datetime(["2019-06-01", "2019-06-01", "2019-07-01",
                                                    "2019-07-01", "2019-08-01", "2019-08-01"]),
                      "bloc": ["eu", "russia"] * 3, "n": [3, 1, 0, 0, 2, 0],
                      "share": [0.75, 0.25, np.nan, np.nan, 1.0, 0.0]})
    fig = plots.plot_coverage(t, y="share")
    lines = {ln.get_label(): ln.get_ydata() for ln in fig.axes[0].get_lines()
             if not ln.get_label().startswith("_")}
    assert len(lines) == 2
    for y in lines.values():
        assert np.isnan(y[1]) and not np.isnan(y[0]) and not np.isnan(y[2])
    plt.close(fig)


def test_stance_heatmap_scale_does_not_blow_up_near_neutral_means():
    # means within ±0.1 were drawn on a ±0.1 scale: -0.09 in the darkest colour, as strong as
    # a mean of -0.9 in another report
    cells = pd.DataFrame({"outlet": ["A", "B"], "target_bloc": ["eu", "eu"],
                          "score": [-0.09, -0.03]})
    fig = plots.plot_stance_heatmap(cells, col="target_bloc", min_count=1)
    assert fig.axes[0].images[0].norm.vmax >= 0.25
    plt.close(fig)


def test_events_mixing_dates_and_times_are_read():
    # pd.to_datetime without format="mixed" refused a list mixing the two forms
    events = [{"date": "2019-05-26", "name": "EP election", "kind": "vote"},
              {"date": "2019-05-24 20:00", "end_date": "2019-05-26 20:00", "name": "Silence",
               "kind": "silence"}]
    ev = plots._event_frame(events)
    assert ev["date"].tolist() == [pd.Timestamp("2019-05-24 20:00"), pd.Timestamp("2019-05-26")]
    with pytest.raises(ValueError, match=r"events: date '26/05/2019' is not a date"):
        plots._event_frame([{"date": "26/05/2019", "name": "x"}])
