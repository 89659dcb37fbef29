"""Charts of coverage, tone, stance and framing over an election timeline.

Every ``plot_*`` function takes a table from :mod:`analysis.timeline` (or a pipeline table),
draws on ``ax`` when given (otherwise on a new 7-inch-wide figure with constrained layout) and
returns the :class:`~matplotlib.figure.Figure`. Nothing is shown or saved here: call
``fig.savefig(...)`` yourself. Figures are created with :class:`matplotlib.figure.Figure`, not
``pyplot``, so they work on any backend (Agg included), do not pile up in pyplot's registry, and
are not displayed twice in notebooks.

Colours follow the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), with one fixed colour per bloc (:data:`BLOC_COLORS`); diverging maps are
``PuOr`` (also colour-blind safe, unlike ``RdBu``/``RdYlGn``). Text is at least 8 pt at the
default 7-inch width so the figures stay readable in print.

Empty input gives a figure that says "No data" instead of raising.
"""

from __future__ import annotations

import contextlib
import functools
import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import text_to_path
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .text import SURNAME_PARTICLES, TITLE_WORDS
from .timeline import MIN_CI_UNITS

__all__ = [
    "BLOC_COLORS",
    "BLOC_LABELS",
    "OKABE_ITO",
    "draw_events",
    "plot_coverage",
    "plot_frame_shares",
    "plot_stance_heatmap",
    "plot_tone",
    "plot_top_speakers",
]

# Okabe & Ito (2008), "Color Universal Design": https://jfly.uni-koeln.de/color/
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
BLOC_COLORS = {
    "russia": OKABE_ITO["vermillion"],
    "eu": OKABE_ITO["blue"],
    "fr_politics": OKABE_ITO["bluish_green"],
    "other": OKABE_ITO["black"],
}
# For groups that are not blocs (actors, outlets, frames). Yellow goes last: it has little
# contrast on white. Past eight groups, line styles repeat with another dash pattern.
_CYCLE = [OKABE_ITO[c] for c in ("blue", "orange", "bluish_green", "vermillion", "sky_blue",
                                 "reddish_purple", "black", "yellow")]
_LINESTYLES = ["-", "--", ":", "-."]
_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

FIGSIZE = (7.0, 4.2)
MIN_FONT = 8
_STYLE = {
    "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "xtick.labelsize": 8,
    "ytick.labelsize": 8, "legend.fontsize": 8, "legend.title_fontsize": 8,
    "axes.spines.top": False, "axes.spines.right": False,
}
# Event line styles by kind; periods are shaded instead.
_EVENT_STYLE = {
    "vote": {"color": "0.15", "linestyle": "-", "linewidth": 1.1},
    "debate": {"color": "0.35", "linestyle": "--", "linewidth": 0.9},
    "meeting": {"color": "0.35", "linestyle": ":", "linewidth": 1.1},
    "leak": {"color": "0.35", "linestyle": "-.", "linewidth": 0.9},
    "other": {"color": "0.5", "linestyle": ":", "linewidth": 0.9},
}
# Periods (end_date set) are shaded by kind: the silence plain grey, the other kinds in
# hatched Okabe-Ito colours, so that two kinds (the vote and the silence within it) are told
# apart in the legend, in colour-blind vision and in greyscale print.
_SILENCE_STYLE = {"facecolor": "0.78", "alpha": 0.6, "hatch": None}
_PERIOD_STYLES = [
    {"facecolor": OKABE_ITO["yellow"], "alpha": 0.7, "hatch": "///"},
    {"facecolor": OKABE_ITO["sky_blue"], "alpha": 0.35, "hatch": "\\\\\\"},
    {"facecolor": OKABE_ITO["reddish_purple"], "alpha": 0.3, "hatch": "..."},
    {"facecolor": OKABE_ITO["bluish_green"], "alpha": 0.3, "hatch": "xx"},
]

# Columns of timeline tables that are statistics, not groups.
_STAT_COLUMNS = {
    "period", "period_end", "n", "n_articles", "n_scored", "share", "mean", "ci_low", "ci_high",
    "masked", "total_articles", "n_before", "n_after",
}
_FREQ_LABEL = {"D": "day", "W": "week", "M": "month", "bins": "period", None: "period"}


# ---------------------------------------------------------------------------------- helpers

def _new_axes(ax: Axes | None, figsize=FIGSIZE) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _no_data(fig: Figure, ax: Axes, title: str, xlabel: str = "", ylabel: str = "",
             message: str = "No data") -> Figure:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            fontsize=12, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


BLOC_LABELS = {"russia": "Russia", "eu": "EU", "fr_politics": "French politics",
               "other": "Other", "author": "Author (article's voice)"}
_ACTOR_COLUMNS = ("actor", "target_actor", "speaker_actor", "speaker_group")
_BLOC_COLUMNS = ("bloc", "target_bloc")
_LABEL_COLUMNS = ("frame", "narrative")


def _pretty(label: object) -> str:
    """``security_and_defense`` -> ``Security and defense``; mixed-case labels unchanged."""
    s = str(label)
    if s in BLOC_LABELS:
        return BLOC_LABELS[s]
    if s == s.lower():
        s = s.replace("_", " ")
        return s[:1].upper() + s[1:]
    return s


@functools.cache
def _actor_names() -> dict[str, str]:
    try:
        from .actors import ActorRegistry

        return {a.id: a.name for a in ActorRegistry.default().actors.values()}
    except Exception:  # noqa: BLE001 - a broken registry must not break a chart
        return {}


def _display(column: str, value: object) -> str:
    """Readable label of a group value: bloc names, actor and frame/narrative display names,
    tidy snake_case."""
    v = str(value)
    if column in _BLOC_COLUMNS or v in BLOC_LABELS:
        return BLOC_LABELS.get(v, _pretty(v))
    if column in _ACTOR_COLUMNS:
        return _actor_names().get(v, _pretty(v))
    if column in _LABEL_COLUMNS:
        from .framing import label_names

        return label_names().get(v, _pretty(v))
    return _pretty(v)


def _wrap(label: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _group_columns(df: pd.DataFrame, group: str | Sequence[str] | None) -> list[str]:
    if group is not None:
        cols = [group] if isinstance(group, str) else list(group)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ValueError(f"group column(s) not in the table: {', '.join(missing)}")
        return cols
    return [c for c in df.columns if c not in _STAT_COLUMNS]


def _group_labels(df: pd.DataFrame, cols: list[str]) -> tuple[pd.Series, dict[str, str]]:
    """Group keys (raw values joined by " / ") and their display labels."""
    if not cols:
        return pd.Series("all", index=df.index), {"all": "All"}
    parts = [df[c].astype("object").where(df[c].notna(), "unknown").map(str) for c in cols]
    out = parts[0]
    for p in parts[1:]:
        out = out + " / " + p
    display = {}
    for key, *values in zip(out, *parts, strict=True):
        if key not in display:
            display[key] = _wrap(" / ".join(_display(c, v) for c, v in zip(cols, values,
                                                                            strict=True)))
    return out, display


def _colors_for(keys: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """(colour, linestyle, marker) per key: fixed colours for blocs, the cycle for others."""
    out = {}
    i = 0
    for key in keys:
        if key in BLOC_COLORS:
            out[key] = (BLOC_COLORS[key], "-", "o")
            continue
        out[key] = (_CYCLE[i % len(_CYCLE)], _LINESTYLES[(i // len(_CYCLE)) % 4],
                    _MARKERS[i % len(_MARKERS)])
        i += 1
    return out


def _midpoints(df: pd.DataFrame) -> pd.Series:
    """Plot each period at its middle, so events line up with the data they fall in."""
    start = pd.to_datetime(df["period"])
    if "period_end" in df.columns:
        end = pd.to_datetime(df["period_end"])
        return start + (end - start).where(end.notna(), pd.Timedelta(0)) / 2
    return start


def _format_dates(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    # the offset text ("2017-May") collides with the axis label; the year goes in the label.
    # Day ticks name their month ("09 May"): alone ("09", "10"...) the month was nowhere
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(
        locator, show_offset=False, formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%b", "%d %b", "%H:%M", "%H:%M"]))


def _set_date_limits(ax: Axes, df: pd.DataFrame) -> None:
    start = pd.to_datetime(df["period"]).min()
    end = (pd.to_datetime(df["period_end"]).max() if "period_end" in df.columns
           and df["period_end"].notna().any() else pd.to_datetime(df["period"]).max())
    if pd.isna(start) or pd.isna(end):
        return
    if end <= start:
        end = start + pd.Timedelta(days=1)
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))


def _date_label(df: pd.DataFrame, note: str = "") -> str:
    """The date axis's label, with the years of the data's dates: those of the table's
    ``attrs["span"]`` (from :mod:`analysis.timeline`), else of its mid-periods (a week that
    starts on 31 December 2018 holds dates of 2019)."""
    span = pd.to_datetime(pd.Series(df.attrs.get("span") or [], dtype="object")).dropna()
    years = (span if len(span) else _midpoints(df)).dt.year.dropna().unique()
    span = (f", {int(years.min())}" if len(years) == 1
            else f", {int(years.min())}–{int(years.max())}" if len(years) else "")
    return f"Publication date{span}" + (f" ({note})" if note else "")


def _period_word(df: pd.DataFrame) -> str:
    freq = df.attrs.get("freq")
    return _FREQ_LABEL.get(freq.upper() if isinstance(freq, str) and freq != "bins" else freq,
                           "period")


def _legend_outside(ax: Axes, **kwargs) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0.0, frameon=False, **kwargs)


def _top_groups(df: pd.DataFrame, labels: pd.Series, top: int | None, weight: str) -> list[str]:
    w = df[weight] if weight in df.columns else pd.Series(1, index=df.index)
    totals = w.groupby(labels).sum().sort_values(ascending=False, kind="stable")
    keys = list(totals.index)
    if top is not None:
        keys = keys[:top]
    # blocs in their canonical order, then the rest by size
    blocs = [b for b in BLOC_COLORS if b in keys]
    return blocs + [k for k in keys if k not in blocs]


# ---------------------------------------------------------------------------------- events

def _event_frame(events) -> pd.DataFrame:
    if events is None:
        return pd.DataFrame(columns=["date", "end_date", "name", "kind"])
    if isinstance(events, (str, Path)):   # a calendar file or a shipped calendar's name
        from .timeline import load_events
        events = load_events(events)
    if isinstance(events, pd.DataFrame):
        ev = events.copy()
    else:
        ev = pd.DataFrame(list(events))
    missing = [c for c in ("date", "name") if c not in ev.columns]
    if missing:
        raise ValueError(f"events is missing required column(s): {', '.join(missing)}")
    if "end_date" not in ev.columns:
        ev["end_date"] = pd.NaT
    if "kind" not in ev.columns:
        ev["kind"] = "other"
    from .timeline import _event_date  # ISO text or dates, as calendar files take them

    for field in ("date", "end_date"):
        ev[field] = pd.to_datetime([
            pd.NaT if v is None or (not isinstance(v, str) and pd.isna(v))
            else _event_date(v, "events", field) for v in ev[field]])
    return ev.sort_values("date", kind="stable").reset_index(drop=True)


def _spread(positions: np.ndarray, gap: float, lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    """Move sorted positions apart to at least ``gap``, staying within [lo, hi] if possible."""
    q = positions.astype(float).copy()
    for i in range(1, len(q)):
        q[i] = max(q[i], q[i - 1] + gap)
    if len(q) and q[-1] > hi:
        q[-1] = hi
        for i in range(len(q) - 2, -1, -1):
            q[i] = min(q[i], q[i + 1] - gap)
    if len(q) and q[0] < lo:  # too many labels to fit: keep the gap, overflow on the right
        q[0] = lo
        for i in range(1, len(q)):
            q[i] = max(q[i], q[i - 1] + gap)
    return q


def draw_events(ax: Axes, events, *, fontsize: float = MIN_FONT, labels: bool = True) -> float:
    """Draw event markers on a date axis: vertical lines labelled with the event names.

    ``events`` is a table from :func:`analysis.timeline.load_events` (``date``, ``name``,
    optionally ``end_date`` and ``kind``), a list of such mappings, or what ``load_events``
    takes (a calendar file, or a shipped calendar's name such as ``"fr-2017"``). Only events
    inside the current x limits are drawn, so call this after plotting the data. Point events get a
    vertical line styled by kind (votes solid, debates dashed...) and a name written vertically
    *above* the axes, where it cannot hide data; names that would overlap are pushed apart and
    joined to their line by a thin leader. Periods (``end_date`` set, e.g. the pre-vote
    silence) are shaded, the silence in grey and each other kind in its own hatched colour,
    with one legend entry per kind.

    Returns the height, in points, that the labels take above the axes (use it as the title
    pad).
    """
    ev = _event_frame(events)
    if ev.empty:
        return 0.0
    xmin, xmax = ax.get_xlim()
    fig = ax.figure
    shaded_kinds = set()
    points = []
    periods = ev[ev["end_date"].notna()]
    # a kind's legend entry: its periods' one name, if they share it ("Campaign blackout" in a
    # researcher's calendar), else what the kind is
    period_names = periods.groupby(periods["kind"].astype(str))["name"].unique()
    others = [k for k in periods["kind"].astype(str).unique() if k != "silence"]
    fills = {"silence": _SILENCE_STYLE,
             **{k: _PERIOD_STYLES[i % len(_PERIOD_STYLES)] for i, k in enumerate(others)}}
    for row in ev.itertuples(index=False):
        x0 = mdates.date2num(row.date)
        if pd.notna(row.end_date) and row.end_date > row.date:
            x1 = mdates.date2num(row.end_date)
            if x1 < xmin or x0 > xmax:
                continue
            kind = str(row.kind)
            names = period_names.get(kind, [])
            label = (str(names[0]) if len(names) == 1 else "Pre-vote silence" if kind == "silence"
                     else kind.capitalize())
            ax.axvspan(x0, x1, **fills[kind], edgecolor="0.35", lw=0, zorder=0,
                       label=None if kind in shaded_kinds else label)
            shaded_kinds.add(kind)
            continue
        if xmin <= x0 <= xmax:
            points.append((x0, str(row.name), str(row.kind)))
            style = _EVENT_STYLE.get(str(row.kind), _EVENT_STYLE["other"])
            ax.axvline(x0, zorder=1, **style)
    ax.set_xlim(xmin, xmax)  # axvspan/axvline must not widen the view
    if not labels or not points:
        return 0.0
    frac = np.array([(x - xmin) / (xmax - xmin) for x, _, _ in points])
    # the axes is narrower than the figure; 0.75 is a safe guess for a right-hand legend
    width_pt = max(ax.get_position().width * fig.get_figwidth() * 72 * 0.75, 1.0)
    gap = fontsize * 1.35 / width_pt
    order = np.argsort(frac, kind="stable")
    placed = np.empty_like(frac)
    placed[order] = _spread(frac[order], gap)
    lift = 4.0  # points between the axes top and the labels
    above = mtransforms.offset_copy(ax.transAxes, fig=fig, x=0, y=lift, units="points")
    for (_, name, _), p, q in zip(points, frac, placed, strict=True):
        ax.annotate(
            name, xy=(p, 1.0), xycoords="axes fraction", xytext=(q, 1.0), textcoords=above,
            rotation=90, ha="center", va="bottom", fontsize=fontsize, color="0.15",
            annotation_clip=False, gid="event_label",
            arrowprops={"arrowstyle": "-", "color": "0.55", "lw": 0.6,
                        "shrinkA": 0, "shrinkB": 0, "relpos": (0.5, 0.0)},
        )
    prop = FontProperties(size=fontsize)
    longest = max(text_to_path.get_text_width_height_descent(name, prop, ismath=False)[0]
                  for _, name, _ in points)
    return lift + longest + 6.0


# ---------------------------------------------------------------------------------- coverage

def _percent() -> FuncFormatter:
    """Shares as percentages with as many decimals as a tick needs: "2.5%" (not "2%"), "35%"
    (not "35.0%")."""
    return FuncFormatter(lambda v, _: f"{round(v * 100, 6):g}%")


def plot_coverage(
    timeline_df: pd.DataFrame,
    *,
    events=None,
    ax: Axes | None = None,
    y: str | None = None,
    group: str | Sequence[str] | None = None,
    top: int | None = 8,
    title: str | None = None,
) -> Figure:
    """Coverage volume per group over time, with event markers.

    In: a table from :func:`analysis.timeline.aggregate_timeline` (``period``,
    ``period_end``, ``n`` and/or ``n_articles``, one or more group columns such as ``bloc``).
    ``y`` defaults to ``n_articles`` (articles mentioning the group), else ``n``;
    ``y="share"`` plots the share of coverage. Lines are drawn at mid-period; a group absent
    from a period counts as zero (a period with no coverage at all has no shares: a gap). ``top`` keeps the largest groups. ``events`` is a table from
    :func:`analysis.timeline.load_events`.

    >>> from analysis.timeline import aggregate_timeline
    >>> art = pd.DataFrame({"article_id": [1, 2], "outlet": "X", "duplicate_of": None,
    ...     "published": pd.to_datetime(["2017-04-18", "2017-04-26"])})
    >>> m = pd.DataFrame({"article_id": [1, 2, 2], "bloc": ["russia", "eu", "russia"]})
    >>> fig = plot_coverage(aggregate_timeline(m, art))
    >>> fig.axes[0].get_ylabel()
    'Articles per week'
    """
    with mpl.rc_context(_STYLE):
        fig, ax = _new_axes(ax, figsize=(7.0, 4.6) if events is not None else FIGSIZE)
        default_title = title or "Coverage over time"
        if timeline_df is None or len(timeline_df) == 0:
            return _no_data(fig, ax, default_title, "Publication date", "Articles")
        df = timeline_df
        if "period" not in df.columns:
            raise ValueError("plot_coverage: table is missing required column(s): period")
        if y is None:
            y = "n_articles" if "n_articles" in df.columns else "n"
        if y not in df.columns:
            raise ValueError(f"plot_coverage: table is missing required column(s): {y}")
        cols = _group_columns(df, group)
        labels, display = _group_labels(df, cols)
        keys = _top_groups(df, labels, top, y)
        x = _midpoints(df)
        wide = (pd.DataFrame({"x": x, "g": labels, "v": df[y].astype(float)})
                .pivot_table(index="x", columns="g", values="v", aggfunc="sum"))
        wide = wide.fillna(0.0)  # a group absent from a period had no coverage there
        if y == "share":   # ... but a period with no coverage at all has no shares: a gap
            nodata = df[y].isna().groupby(x.to_numpy()).all()
            wide.loc[wide.index.isin(nodata.index[nodata])] = np.nan
        styles = _colors_for(keys)
        for key in keys:
            if key not in wide.columns:
                continue
            c, ls, mk = styles[key]
            ax.plot(wide.index, wide[key], color=c, linestyle=ls, marker=mk, markersize=3.5,
                    linewidth=1.6, label=display[key], zorder=3)
        word = _period_word(df)
        if y == "share":
            ax.yaxis.set_major_formatter(_percent())
            ax.set_ylabel(f"Share of coverage per {word} (%)")
        else:   # counts: whole-number ticks (a quiet corpus had ticks at 0.25 articles)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylabel(f"{'Articles' if y == 'n_articles' else 'Mentions'} per {word}")
        ax.set_ylim(bottom=0)
        ax.set_xlabel(_date_label(df, f"points at mid-{word}"))
        _set_date_limits(ax, df)
        _format_dates(ax)
        pad = draw_events(ax, events)
        ax.grid(axis="y", color="0.9", linewidth=0.6)
        _legend_outside(ax, title=" / ".join(_pretty(c) for c in cols) or None)
        ax.set_title(default_title, pad=max(pad, 6.0))
        return fig


# ---------------------------------------------------------------------------------- tone

def plot_tone(
    timeline_df: pd.DataFrame,
    *,
    events=None,
    ax: Axes | None = None,
    group: str | Sequence[str] | None = None,
    top: int | None = 6,
    title: str | None = None,
    ylabel: str = "Mean tone toward actor\n(−1 negative … +1 positive)",
) -> Figure:
    """Mean tone per group over time with confidence bands; masked cells are not drawn.

    In: a table from :func:`analysis.timeline.aggregate_timeline` with ``value="score"``
    (``period``, ``period_end``, ``mean``, ``ci_low``, ``ci_high``, ``masked``, ``n``, and
    group columns such as ``actor`` or ``bloc``). Means of masked cells (too few
    observations) are left out, which breaks the line; an isolated point is still drawn as a
    marker. ``top`` keeps the groups with the most observations.

    >>> from analysis.timeline import aggregate_timeline
    >>> art = pd.DataFrame({"article_id": range(12), "outlet": "X", "duplicate_of": None,
    ...     "published": pd.to_datetime(["2017-04-18"] * 6 + ["2017-04-26"] * 6)})
    >>> s = pd.DataFrame({"article_id": range(12), "bloc": "russia",
    ...     "score": [-0.5, -0.2, 0.1, -0.4, -0.3, 0.0] * 2})
    >>> fig = plot_tone(aggregate_timeline(s, art, value="score", n_boot=100))
    >>> fig.axes[0].get_title()
    'Tone over time'
    """
    with mpl.rc_context(_STYLE):
        fig, ax = _new_axes(ax, figsize=(7.0, 4.6) if events is not None else FIGSIZE)
        default_title = title or "Tone over time"
        if timeline_df is None or len(timeline_df) == 0:
            return _no_data(fig, ax, default_title, "Publication date", ylabel)
        df = timeline_df
        need = [c for c in ("period", "mean", "ci_low", "ci_high") if c not in df.columns]
        if need:
            raise ValueError("plot_tone: table is missing required column(s): "
                             f"{', '.join(need)} (aggregate with value='score')")
        masked = df["masked"].astype(bool) if "masked" in df.columns else df["mean"].isna()
        cols = _group_columns(df, group)
        labels, display = _group_labels(df, cols)
        weight = "n_scored" if "n_scored" in df.columns else "n"
        keys = _top_groups(df[~masked], labels[~masked], top, weight)
        if not keys:   # nothing scored (a French-only corpus, say) is not too little scored
            word = _period_word(df)
            most = int(df[weight].max()) if len(df) else 0
            least = df.attrs.get("min_count")
            why = ("no scored sentences" if "n_scored" in df.columns and not df["n_scored"].any()
                   else f"no {word} has {least} or more scored sentences; the most: {most}"
                   if least else f"every {word} has too few scored sentences for a mean")
            return _no_data(fig, ax, f"{default_title} ({why})", "Publication date", ylabel)
        x = _midpoints(df)
        styles = _colors_for(keys)
        step = pd.Series(np.sort(x.unique())).diff().median()
        for key in keys:
            sel = (labels == key).to_numpy()
            g = pd.DataFrame({"x": x[sel], "mean": df["mean"][sel], "lo": df["ci_low"][sel],
                              "hi": df["ci_high"][sel], "masked": masked[sel]}).sort_values("x")
            g.loc[g["masked"], ["mean", "lo", "hi"]] = np.nan
            # a period without rows (a table not made with complete=True) breaks the line too:
            # it was drawn straight across weeks with no articles
            gap = g["x"].diff() > 1.5 * step if pd.notna(step) else g["x"].isna()
            if gap.any():
                holes = pd.DataFrame({"x": g["x"].shift()[gap] + step, "masked": True})
                g = pd.concat([g, holes]).sort_values("x", kind="stable")
            c, ls, mk = styles[key]
            ax.fill_between(g["x"], g["lo"], g["hi"], color=c, alpha=0.13, linewidth=0,
                            zorder=2)
            ax.plot(g["x"], g["mean"], color=c, linestyle=ls, marker=mk, markersize=3.5,
                    linewidth=1.6, label=display[key], zorder=3)
            # an interval whose neighbours have none (masked, or too few articles for one) is
            # no band fill_between can draw: it gets an error bar (such intervals went undrawn)
            m = (g["mean"].notna() & g["lo"].notna() & g["hi"].notna()).to_numpy()
            lonely = m & ~np.r_[False, m[:-1]] & ~np.r_[m[1:], False]
            if lonely.any():
                gl = g[lonely]
                ax.errorbar(gl["x"], gl["mean"], yerr=[gl["mean"] - gl["lo"], gl["hi"] - gl["mean"]],
                            fmt="none", ecolor=c, elinewidth=1.0, capsize=2.5, zorder=3)
            # a mean from too few articles for an interval: hollow, so that a week resting on
            # one or two articles does not read like the others
            few = (g["mean"].notna() & g["lo"].isna()).to_numpy()
            if few.any():
                ax.plot(g["x"][few], g["mean"][few], linestyle="none", marker=mk or "o",
                        markersize=4.5, markerfacecolor="white", markeredgecolor=c, zorder=4)
        ax.axhline(0, color="0.3", linewidth=0.7, zorder=1)
        lo = np.nanmin([df["ci_low"].min(), df["mean"].min(), -0.1])
        hi = np.nanmax([df["ci_high"].max(), df["mean"].max(), 0.1])
        ax.set_ylim(max(-1.05, lo - 0.05), min(1.05, hi + 0.05))
        ax.set_ylabel(ylabel)
        word = _period_word(df)
        cluster = df.attrs.get("cluster", "article_id")
        units = {"article_id": "articles", None: "values"}.get(cluster, f"{cluster}s")
        ax.set_xlabel(_date_label(df, f"mid-{word}; bands: {round(100 * df.attrs.get('ci', 0.95))}"
                      f"% bootstrap CI where {MIN_CI_UNITS}+ {units}, hollow points fewer"))
        _set_date_limits(ax, df)
        _format_dates(ax)
        pad = draw_events(ax, events)
        ax.grid(axis="y", color="0.9", linewidth=0.6)
        _legend_outside(ax, title=" / ".join(_pretty(c) for c in cols) or None)
        ax.set_title(default_title, pad=max(pad, 6.0))
        return fig


# ---------------------------------------------------------------------------------- heatmap

_COLUMN_CANDIDATES = ("actor", "target_actor", "bloc", "target_bloc", "speaker_group")


def plot_stance_heatmap(
    df: pd.DataFrame,
    *,
    ax: Axes | None = None,
    row: str = "outlet",
    col: str | None = None,
    value: str = "score",
    min_count: int = 5,
    max_cols: int = 12,
    title: str | None = None,
    label: str = "Mean score\n(−1 negative/against … +1 positive/favor)",
) -> Figure:
    """Outlet × actor (or bloc) heatmap of mean tone or stance, annotated with n.

    In: either an aggregate with ``row``, ``col``, ``mean`` and ``n`` (``n_scored``) and
    ``masked`` — e.g. ``aggregate_timeline(claims, articles, value="score",
    by=("outlet", "target_bloc"), freq=None)`` — or a raw table with ``row``, ``col`` and
    ``value`` (claims or sentiment joined to the outlet), which is averaged here; cells with
    fewer than ``min_count`` values are masked. ``col`` defaults to the first of actor,
    target_actor, bloc, target_bloc, speaker_group. The colour map (PuOr) is centred at 0;
    masked cells are grey and hatched; at most ``max_cols`` columns (the most observed).

    >>> claims = pd.DataFrame({"outlet": ["A"] * 6 + ["B"], "target_bloc": "eu",
    ...     "score": [-0.5, -0.2, -0.4, -0.1, -0.3, -0.6, 0.4]})
    >>> fig = plot_stance_heatmap(claims)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['−0.35\\nn=6', 'n=1']
    """
    with mpl.rc_context(_STYLE):
        fig, ax = _new_axes(ax, figsize=(7.0, 4.2))
        default_title = title or "Mean tone/stance by outlet"
        if df is None or len(df) == 0:
            return _no_data(fig, ax, default_title, _pretty(col or "actor"), _pretty(row))
        if col is None:
            col = next((c for c in _COLUMN_CANDIDATES if c in df.columns), None)
            if col is None:
                raise ValueError("plot_stance_heatmap: no column to use as columns; pass col= "
                                 f"(one of {', '.join(_COLUMN_CANDIDATES)})")
        if row in df.columns:   # a corpus without outlets is one row, not "No data"
            df = df.assign(**{row: df[row].astype("object").where(df[row].notna(),
                                                                 f"(no {row})")})
        if "mean" in df.columns:
            missing = [c for c in (row, col, "n") if c not in df.columns]
            if missing:
                raise ValueError("plot_stance_heatmap: table is missing required column(s): "
                                 + ", ".join(missing))
            if "period" in df.columns and df["period"].nunique() > 1:
                raise ValueError("plot_stance_heatmap: the aggregate has several periods; "
                                 "aggregate with freq=None (one period) first")
            n_col = "n_scored" if "n_scored" in df.columns else "n"
            cells = df[[row, col, "mean", n_col]].rename(columns={n_col: "n"})
            cells = cells.assign(masked=df["masked"].astype(bool) if "masked" in df.columns
                                 else cells["n"] < min_count)
        else:
            missing = [c for c in (row, col, value) if c not in df.columns]
            if missing:
                raise ValueError("plot_stance_heatmap: table is missing required column(s): "
                                 + ", ".join(missing))
            v = pd.to_numeric(df[value], errors="coerce")
            cells = (pd.DataFrame({row: df[row], col: df[col], "v": v}).dropna(subset=["v"])
                     .groupby([row, col], observed=True)["v"].agg(["mean", "size"])
                     .rename(columns={"size": "n"}).reset_index())
            cells["masked"] = cells["n"] < min_count
        cells = cells.dropna(subset=[col])
        if cells.empty:
            return _no_data(fig, ax, default_title, _pretty(col), _pretty(row))
        col_order = (cells.groupby(col)["n"].sum().sort_values(ascending=False, kind="stable")
                     .index[:max_cols].tolist())
        blocs_first = [b for b in BLOC_COLORS if b in col_order]
        col_order = blocs_first + [c for c in col_order if c not in blocs_first]
        row_order = (cells.groupby(row)["n"].sum().sort_values(ascending=False, kind="stable")
                     .index.tolist())
        cells = cells[cells[col].isin(col_order)]
        mean = cells.pivot_table(index=row, columns=col, values="mean", aggfunc="first")
        mean = mean.reindex(index=row_order, columns=col_order)
        nmat = (cells.pivot_table(index=row, columns=col, values="n", aggfunc="sum")
                .reindex(index=row_order, columns=col_order).fillna(0).astype(int))
        mmat = (cells.pivot_table(index=row, columns=col, values="masked", aggfunc="max")
                .reindex(index=row_order, columns=col_order).fillna(True).astype(bool))
        shown = mean.where(~mmat)
        finite = np.abs(shown.to_numpy(dtype=float))
        vmax = float(np.nanmax(finite)) if np.isfinite(finite).any() else 0.5
        # a scale of at least ±0.25: means within ±0.1 on a ±0.1 scale drew -0.09 as dark
        # as -0.9 elsewhere
        vmax = min(1.0, max(0.25, np.ceil(vmax * 10) / 10))
        norm = Normalize(-vmax, vmax)
        cmap = mpl.colormaps["PuOr"].with_extremes(bad="white")
        nr, nc = shown.shape
        im = ax.imshow(np.ma.masked_invalid(shown.to_numpy(dtype=float)), cmap=cmap, norm=norm,
                       aspect="auto", interpolation="nearest")
        for i in range(nr):
            for j in range(nc):
                n = int(nmat.iat[i, j])
                if n == 0:
                    continue
                if mmat.iat[i, j]:
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="0.88",
                                           edgecolor="0.6", hatch="///", linewidth=0))
                    ax.text(j, i, f"n={n}", ha="center", va="center", fontsize=MIN_FONT,
                            color="0.25")
                    continue
                m = float(shown.iat[i, j])
                dark = abs(m) / vmax > 0.6
                txt = "0.00" if abs(m) < 0.005 else f"{m:+.2f}".replace("-", "−")
                ax.text(j, i, f"{txt}\nn={n}", ha="center", va="center",
                        fontsize=MIN_FONT, color="white" if dark else "black",
                        linespacing=1.1)
        ax.set_xticks(range(nc), [_wrap(_display(col, c), 18) for c in col_order],
                      rotation=35 if nc > 4 else 0,
                      ha="right" if nc > 4 else "center", rotation_mode="anchor")
        ax.set_yticks(range(nr), [str(r) for r in row_order])
        ax.set_xticks(np.arange(-0.5, nc, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, nr, 1), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(_pretty(col))
        ax.set_ylabel(_pretty(row))
        cbar = fig.colorbar(im, ax=ax, shrink=0.9, pad=0.02)
        cbar.set_label(label)
        cbar.ax.tick_params(labelsize=MIN_FONT)
        if (mmat & (nmat > 0)).to_numpy().any():
            # a legend would collide with the rotated tick labels; the axis label has room
            ax.set_xlabel(f"{_pretty(col)}   (hatched grey: fewer than {min_count} scored)")
        ax.set_title(default_title)
        return fig


# ---------------------------------------------------------------------------------- frames

def plot_frame_shares(
    df: pd.DataFrame,
    *,
    kind: str | None = "frame",
    top: int = 8,
    ax: Axes | None = None,
    label: str = "frame",
    events=None,
    title: str | None = None,
) -> Figure:
    """Share of articles carrying each frame (or narrative) over time, for the top labels.

    In: a table from :func:`analysis.timeline.share_of_articles` (``period``, ``period_end``,
    ``kind``, ``frame``, ``share``, ``n_articles``, ``masked``); ``kind`` selects frames or
    narratives (None = all). ``top`` keeps the labels carried by the most articles. Masked
    periods (too few articles) are not drawn.

    >>> from analysis.timeline import share_of_articles
    >>> art = pd.DataFrame({"article_id": [1, 2], "outlet": "X", "duplicate_of": None,
    ...     "published": pd.to_datetime(["2017-04-18", "2017-04-26"])})
    >>> fr = pd.DataFrame({"article_id": [1, 2], "frame": "economic", "kind": "frame"})
    >>> fig = plot_frame_shares(share_of_articles(fr, art, min_count=1))
    >>> fig.axes[0].get_ylabel()
    'Share of articles per week (%)'
    """
    with mpl.rc_context(_STYLE):
        fig, ax = _new_axes(ax, figsize=(7.0, 4.6) if events is not None else FIGSIZE)
        what = {"frame": "Frames", "narrative": "Narratives"}.get(kind or "", "Labels")
        default_title = title or f"{what} over time (share of articles)"
        word = _period_word(df) if df is not None else "period"
        ylabel = f"Share of articles per {word} (%)"
        if df is None or len(df) == 0:
            return _no_data(fig, ax, default_title, "Publication date", ylabel)
        missing = [c for c in ("period", label, "share") if c not in df.columns]
        if missing:
            raise ValueError("plot_frame_shares: table is missing required column(s): "
                             + ", ".join(missing))
        data = df
        if kind is not None and "kind" in df.columns:
            data = df[df["kind"] == kind]
        if data.empty:
            return _no_data(fig, ax, default_title, "Publication date", ylabel)
        masked = (data["masked"].astype(bool) if "masked" in data.columns
                  else data["share"].isna())
        if masked.all():   # an empty axis under a full legend looked like a result
            least = data.attrs.get("min_count")
            why = (f"every {word} has fewer than {least} articles" if least else
                   f"every {word} has too few articles")
            return _no_data(fig, ax, f"{default_title}\n({why}, too few for a share)",
                            "Publication date", ylabel)
        weight = "n_articles" if "n_articles" in data.columns else "share"
        labels = data[label].map(str)
        keys = (data[weight].groupby(labels).sum().sort_values(ascending=False, kind="stable")
                .index[:top].tolist())
        x = _midpoints(data)
        styles = _colors_for(keys)
        for key in keys:
            sel = (labels == key).to_numpy()
            g = pd.DataFrame({"x": x[sel], "v": data["share"][sel].astype(float),
                              "m": masked[sel]}).sort_values("x")
            g.loc[g["m"], "v"] = np.nan
            c, ls, mk = styles[key]
            ax.plot(g["x"], g["v"], color=c, linestyle=ls, marker=mk, markersize=3.5,
                    linewidth=1.5, label=_wrap(_display(label, key)), zorder=3)
        ax.yaxis.set_major_formatter(_percent())
        ax.set_ylim(bottom=0)
        ax.set_ylabel(ylabel)
        ax.set_xlabel(_date_label(data, f"points at mid-{word}"))
        _set_date_limits(ax, data)
        _format_dates(ax)
        pad = draw_events(ax, events)
        ax.grid(axis="y", color="0.9", linewidth=0.6)
        _legend_outside(ax, title={"frame": "Frame", "narrative": "Narrative"}.get(
            kind or "", _pretty(label)))
        ax.set_title(default_title, pad=max(pad, 6.0))
        return fig


# ---------------------------------------------------------------------------------- speakers

#: speakers without a name: "a spokesman", "one voter", "un diplomate", and pronouns that
#: attribution could not resolve ("he", "lui")
_UNNAMED_SPEAKER = re.compile(r"(?:an?|one|another|some|several|two|three|un|une|des|"
                              r"plusieurs|deux|trois|l['\u2019]une?)\s|"
                              r"(?:he|she|him|her|il|elle|lui)\Z", re.IGNORECASE)


def plot_top_speakers(
    claims: pd.DataFrame,
    *,
    top: int = 10,
    ax: Axes | None = None,
    include_author: bool = False,
    registry=None,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """The most quoted speakers and their stance toward each bloc, as diverging bars.

    In: ``claims`` (``speaker``, ``speaker_actor``, ``target_bloc``, ``stance``). For each of
    the ``top`` speakers (by number of claims, the article's own voice excluded unless
    ``include_author``), claims *against* a bloc extend left and claims in *favor* extend
    right, stacked by target bloc in the bloc colours; neutral claims are counted in the
    label. Speakers are merged by ``speaker_actor`` when known and named from the actor
    registry (or ``names``: speaker key -> display name); the forms of one name outside the
    registry ("Trump", "President Donald Trump") are merged too. Unnamed speakers ("a spokesman",
    "one voter", "un diplomate") are left out: the same words are different people.

    >>> claims = pd.DataFrame({"speaker": ["Peskov", "Peskov", "Juncker"],
    ...     "speaker_actor": ["peskov", "peskov", "juncker"], "target_bloc": ["eu", "eu", "russia"],
    ...     "stance": ["against", "neutral", "favor"]})
    >>> fig = plot_top_speakers(claims)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Dmitry Peskov (2; 1 neutral)', 'Jean-Claude Juncker (1)']
    """
    with mpl.rc_context(_STYLE):
        fig, ax = _new_axes(ax, figsize=(7.0, 4.2))
        default_title = title or "Top speakers and their stance toward each bloc"
        xlabel = "Claims against (←)  |  claims in favor (→)"
        if claims is None or len(claims) == 0:
            return _no_data(fig, ax, default_title, xlabel, "Speaker")
        missing = [c for c in ("speaker", "target_bloc", "stance") if c not in claims.columns]
        if missing:
            raise ValueError("plot_top_speakers: claims is missing required column(s): "
                             + ", ".join(missing))
        actor = (claims["speaker_actor"] if "speaker_actor" in claims.columns
                 else pd.Series(None, index=claims.index, dtype="object"))
        speaker = claims["speaker"].astype("object")
        is_author = speaker.map(lambda s: isinstance(s, str) and s.strip().casefold() == "author")
        unnamed = actor.isna() & speaker.map(
            lambda s: isinstance(s, str) and bool(_UNNAMED_SPEAKER.match(s.strip())))
        keep = speaker.notna() & (include_author | ~is_author) & ~unnamed
        if not keep.any():   # say why: "No data" over a table of claims read as a bug
            n_author, n_unnamed = int(is_author.sum()), int((unnamed & ~is_author).sum())
            why = [f"{n_author:,} in the article's own voice (author)"] if n_author else []
            why += [f"{n_unnamed:,} by unnamed speakers"] if n_unnamed else []
            return _no_data(fig, ax, default_title, xlabel, "Speaker",
                            message="No named speaker quoted:\n" + " and ".join(why)
                            + f" of {len(claims):,} claim{'s' if len(claims) != 1 else ''}"
                            if why else "No data")
        key = actor.where(actor.notna(), _name_keys(speaker.where(keep & actor.isna())))[keep]
        d = pd.DataFrame({"key": key, "speaker": speaker[keep],
                          "bloc": claims["target_bloc"][keep].astype("object").fillna("other"),
                          "stance": claims["stance"][keep].astype("object").fillna("neutral")})
        totals = d.groupby("key").size().sort_values(ascending=False, kind="stable")
        keys = totals.index[:top].tolist()
        d = d[d["key"].isin(keys)]
        display = _speaker_names(d, actor[keep], registry, names)
        blocs = [b for b in BLOC_COLORS if b in set(d["bloc"])] + sorted(
            set(d["bloc"]) - set(BLOC_COLORS))
        colors = {b: v[0] for b, v in _colors_for(blocs).items()}
        counts = d.groupby(["key", "stance", "bloc"]).size()
        ypos = np.arange(len(keys))
        extent = 1.0
        seen: set[str] = set()
        for side_name, sign in (("against", -1), ("favor", 1)):
            left = np.zeros(len(keys))
            for b in blocs:
                vals = np.array([counts.get((k, side_name, b), 0) for k in keys], dtype=float)
                if not vals.any():
                    continue
                ax.barh(ypos, sign * vals, left=sign * left, color=colors[b], height=0.7,
                        edgecolor="white", linewidth=0.5,
                        label=None if b in seen else _display("target_bloc", b))
                seen.add(b)
                left += vals
            extent = max(extent, float(left.max()))
        handles, labels = ax.get_legend_handles_labels()
        shown = [_display("target_bloc", b) for b in blocs]
        order = [labels.index(b) for b in shown if b in labels]
        uniq = {labels[i]: handles[i] for i in order}
        ax.axvline(0, color="0.2", linewidth=0.8)
        ax.set_xlim(-extent * 1.08, extent * 1.08)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))
        neutral = d[d["stance"] == "neutral"].groupby("key").size()
        ticklabels = []
        for k in keys:
            nn = int(neutral.get(k, 0))
            extra = f"; {nn} neutral" if nn else ""
            ticklabels.append(f"{display.get(k, k)} ({int(totals[k])}{extra})")
        ax.set_yticks(ypos, ticklabels)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Speaker (total claims; neutral)")
        ax.text(0.0, 1.0, "against", transform=ax.transAxes, ha="left", va="bottom",
                fontsize=MIN_FONT, color="0.3")
        ax.text(1.0, 1.0, "favor", transform=ax.transAxes, ha="right", va="bottom",
                fontsize=MIN_FONT, color="0.3")
        if uniq:
            ax.legend(uniq.values(), uniq.keys(), title="Target bloc", loc="upper left",
                      bbox_to_anchor=(1.01, 1.0), frameon=False, borderaxespad=0.0)
        ax.grid(axis="x", color="0.9", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(default_title, pad=14)
        return fig


#: words before a surname that are titles, not first names ("President Trump", "Mr Khan")
_TITLES = TITLE_WORDS | {"pm", "senator", "sen.", "rep.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                         "miss", "dr", "dr.", "prof", "prof.", "professor", "chancellor",
                         "governor", "mayor", "judge", "general", "gen.", "counsel", "attorney",
                         "m.", "mme", "monsieur", "madame", "sir", "lord", "lady", "dame", "king",
                         "queen", "pope", "mp", "mep", "economist", "the", "a", "an", "le", "la",
                         "les"}


def _name_keys(speakers: pd.Series) -> pd.Series:
    """A key per speaker outside the registry that merges the forms of one name: "Trump",
    "President Trump" and "President Donald Trump" (forms ending in the same capitalised word)
    are one speaker unless two first names share that surname ("Bill Clinton", "Hillary
    Clinton": those stay apart, and a bare "Clinton" alone). Other speakers keep their words.

    >>> _name_keys(pd.Series(["Trump", "President Donald Trump", "Hillary Clinton",
    ...                       "Bill Clinton", "Clinton", "the report", "Le Drian",
    ...                       "Minister Jean-Yves Le Drian"])).tolist()
    ['name:trump', 'name:trump', 'name:clinton:hillary', 'name:clinton:bill', 'Clinton', 'the report', 'name:le drian', 'name:le drian']
    """
    forms = speakers.dropna().map(lambda v: str(v).strip()).unique()
    parsed = {}
    for form in forms:
        words = form.split()
        last = words[-1] if words else ""
        if len(last) > 1 and last[0].isupper() and last.casefold() != "author":
            i = len(words) - 2
            while i >= 0 and words[i].casefold() in SURNAME_PARTICLES:
                i -= 1
            surname = " ".join(words[i + 1:]).casefold()
            before = words[i] if i >= 0 else ""
            first = before if before[:1].isupper() and before.casefold() not in _TITLES else None
            parsed[form] = (surname, first)
    firsts: dict[str, set] = {}
    for surname, first in parsed.values():
        firsts.setdefault(surname, set()).update({first} if first else set())

    def key(v):
        if not isinstance(v, str):
            return v
        form = v.strip()
        if form not in parsed:
            return form
        surname, first = parsed[form]
        if len(firsts[surname]) <= 1:
            return f"name:{surname}"
        return f"name:{surname}:{first.casefold()}" if first else form

    return speakers.map(key)


def _speaker_names(d: pd.DataFrame, actor: pd.Series, registry, names) -> dict[str, str]:
    out: dict[str, str] = {}
    # the most frequent surface form names a speaker without an actor id
    for k, g in d.groupby("key"):
        out[k] = str(g["speaker"].mode().iloc[0])
    ids = {a for a in actor.dropna().unique() if a in out}
    if ids:
        with contextlib.suppress(Exception):  # a registry problem must not break a chart
            from .actors import registry_from

            reg = registry_from(registry)
            for a in ids:
                if a in reg.actors:
                    out[a] = reg.actors[a].name
    if names:
        out.update({k: v for k, v in names.items() if k in out})
    return out
