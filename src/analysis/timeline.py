"""Aggregation of mentions, tone, stance and frames over time and outlets, with uncertainty.

Every function takes a pipeline table (``mentions``, ``sentiment``, ``claims``, ``frames``) and the
``articles`` table, joins on ``article_id`` for ``published``, ``outlet`` and ``duplicate_of``,
and returns a new tidy table. Inputs are never modified.

- :func:`load_events` reads an election calendar (``resources/events/fr-2017.yaml`` by default).
- :func:`assign_period` maps dates to period starts (days, weeks starting Monday, months, or
  custom bin edges such as the dates of the debates and votes).
- :func:`aggregate_timeline` counts rows per period and group, their share of the period's
  coverage, and optionally a mean with a bootstrap confidence interval; cells with fewer than
  ``min_count`` observations are masked rather than shown as noisy means.
- :func:`share_of_articles` is the share of a period's articles that carry a label (a frame, a
  narrative, an actor), with a Wilson interval.
- :func:`compare_around_event` compares the values before and after an event date (difference of
  means, bootstrap interval, Cohen's d, Cliff's delta, Mann–Whitney U).
- :func:`speaker_groups` maps quoted speakers to analysis groups (the article's own voice,
  each French candidate or party, Russian officials, EU officials, others).

Intervals and tests treat the article as the unit: the sentences of one article are not
independent, so the bootstraps resample whole articles (``cluster``, see the functions).

Rows without a publication date, and wire copies marked in ``duplicate_of`` (unless
``include_duplicates=True``), are left out and counted in ``df.attrs`` so that nothing is
dropped silently.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy import stats

from ._checks import is_copy, join_tables, load_user_yaml, read_user_text, require_columns
from .resources import shipped_path

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "aggregate_timeline",
    "assign_period",
    "compare_around_event",
    "date_window",
    "holm",
    "in_window",
    "load_events",
    "share_of_articles",
    "shipped_calendars",
    "speaker_groups",
]

EVENT_KINDS = ("vote", "debate", "meeting", "leak", "silence", "other")
EVENT_COLUMNS = ["date", "end_date", "name", "kind", "description", "source"]
_EVENT_FIELDS = {"date", "end_date", "name", "kind", "description", "source"}
_EVENT_FILE_KEYS = {"election", "events"}
_FREQS = {"D": "day", "W": "week (Monday start)", "M": "month"}


# ---------------------------------------------------------------------------------- events

#: the calendar name that means no calendar (``--events none``)
NO_CALENDAR = "none"


def shipped_calendars() -> list[str]:
    """Names of the election calendars shipped with the package (``["fr-2017"]``)."""
    return sorted(p.name[:-5] for p in shipped_path("events").iterdir() if p.name.endswith(".yaml"))


def date_window(start: object = None, end: object = None) -> tuple:
    """``(start, end)`` as Timestamps (None: no limit), checked: ISO 8601 text or dates, start
    not after end. Notebooks call it on their START/END parameters before any long work, so
    that a typo fails at once and names the parameter."""
    lo = _event_date(start, "date window", "START") if start is not None else None
    hi = _event_date(end, "date window", "END") if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"date window: START {lo.date()} is after END {hi.date()}")
    return lo, hi


def in_window(articles: pd.DataFrame, window: tuple) -> pd.DataFrame:
    """The ``articles`` published within ``window`` (from :func:`date_window`; an END without
    a time is that whole day), and the undated ones, which the timeline functions count as
    skipped."""
    require_columns(articles, ["published"], "in_window", "articles")
    lo, hi = window
    if hi is not None and hi == hi.normalize():
        hi = hi + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    published = _naive(articles["published"])
    inside = published.between(pd.Timestamp.min if lo is None else lo,
                               pd.Timestamp.max if hi is None else hi)
    return articles[inside | published.isna()]


def load_events(path: str | Path | None = None) -> pd.DataFrame:
    """Load an election calendar from YAML.

    Out: one row per event, sorted by date: ``date`` (Timestamp), ``end_date`` (Timestamp or
    NaT, for periods such as the pre-vote silence), ``name``, ``kind`` (one of
    :data:`EVENT_KINDS`), ``description``, ``source``. ``attrs["source"]`` names the file.

    ``path=None`` loads the shipped calendar of the 2017 French presidential election; a name
    without a file of that name loads the shipped calendar so named (``"fr-2017"``, see
    :func:`shipped_calendars`); ``"none"`` (:data:`NO_CALENDAR`) is no calendar, for a corpus
    of another period. The file is a mapping with an ``events`` list (and optionally an
    ``election`` title) or a bare list.
    Raises ``ValueError`` naming the file and the entry for an unparseable date, an end before
    the start, an unknown field or kind, or a missing name or date.

    >>> events = load_events()
    >>> events.loc[events["kind"] == "vote", ["date", "name"]]
    ... # doctest: +NORMALIZE_WHITESPACE
            date         name
    6 2017-04-23  First round
    10 2017-05-07     Run-off
    """
    if path is None:
        path = "fr-2017"
    shipped = shipped_calendars()
    if str(path).lower() == NO_CALENDAR and not Path(path).exists():
        where, text = NO_CALENDAR, ""   # no events, built as a file without any
    elif not Path(path).exists() and str(path) in shipped:
        where = f"{path}.yaml (shipped)"
        text = shipped_path("events").joinpath(f"{path}.yaml").read_text("utf-8")
    else:
        where = str(path)
        try:
            text = read_user_text(path, "events")
        except FileNotFoundError:
            raise ValueError(f"events file not found: {path} (shipped calendars: "
                             f"{', '.join(shipped)}; 'none' for no calendar)") from None
    try:
        raw = load_user_yaml(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}: not valid YAML ({exc})") from None
    except ValueError as exc:  # PyYAML parses 2017-13-45 as a date and fails on the month
        raise ValueError(f"{where}: not a date: {exc} (use YYYY-MM-DD)") from None
    title = None
    if isinstance(raw, Mapping):
        unknown = sorted(set(map(str, raw)) - _EVENT_FILE_KEYS)
        if unknown:
            raise ValueError(f"{where}: unknown top-level key(s) {unknown}; "
                             f"expected {sorted(_EVENT_FILE_KEYS)}")
        title = raw.get("election")
        entries = raw.get("events")
    else:
        entries = raw
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise ValueError(f"{where}: `events` must be a list of mappings")  # noqa: TRY004
    rows = []
    for i, entry in enumerate(entries):
        label = f"{where}: event #{i + 1}"
        if not isinstance(entry, Mapping):
            raise ValueError(  # noqa: TRY004 - a bad file is a value error for callers
                f"{label}: expected a mapping with date, name, kind, got {entry!r}")
        if entry.get("name"):
            label += f" ({entry['name']!r})"
        unknown = sorted(set(map(str, entry)) - _EVENT_FIELDS)
        if unknown:
            raise ValueError(f"{label}: unknown field(s) {unknown}; "
                             f"allowed: {sorted(_EVENT_FIELDS)}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{label}: missing name")
        if entry.get("date") is None:
            raise ValueError(f"{label}: missing date")
        date = _event_date(entry["date"], label, "date")
        end = _event_date(entry.get("end_date"), label, "end_date")
        if end is not pd.NaT and end < date:
            raise ValueError(f"{label}: end_date {end} is before date {date}")
        kind = str(entry.get("kind", "other")).strip().lower()
        if kind not in EVENT_KINDS:
            raise ValueError(f"{label}: unknown kind {kind!r}; expected one of {EVENT_KINDS}")
        rows.append({"date": date, "end_date": end, "name": name.strip(), "kind": kind,
                     "description": str(entry.get("description") or "").strip(),
                     "source": str(entry.get("source") or "").strip()})
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    events["date"] = pd.to_datetime(events["date"]).astype("datetime64[ns]")
    events["end_date"] = pd.to_datetime(events["end_date"]).astype("datetime64[ns]")
    events = events.sort_values(["date", "name"], kind="stable").reset_index(drop=True)
    events.attrs["source"] = where
    if title:
        events.attrs["election"] = str(title)
    return events


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
                       r"(Z|[+-]\d{2}:?\d{2})?)?")


def _event_date(value: object, label: str, field: str) -> pd.Timestamp:
    """A calendar date, event date or bin edge: a date, datetime or ``np.datetime64``, or ISO
    8601 text, at its wall time (a time zone is dropped); None is NaT; anything else is an
    error naming ``label`` and ``field``."""
    if value is None:
        return pd.NaT
    if isinstance(value, _dt.date | _dt.datetime | np.datetime64):
        ts = pd.Timestamp(value)
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        # ISO only: "01/06/2017" was read month first (6 January), "2017" as 1 January
        try:
            ts = pd.Timestamp(value.strip())
        except (ValueError, TypeError):
            ts = pd.NaT
    else:
        ts = pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        raise ValueError(f"{label}: {field} {value!r} is not a date (use YYYY-MM-DD "
                         f"or 'YYYY-MM-DD HH:MM')")
    if ts.tzinfo is not None:  # calendars are local time; keep the wall-clock time
        ts = ts.tz_localize(None)
    return ts


# ---------------------------------------------------------------------------------- periods

def _naive(dates: pd.Series, what: str = "articles.published") -> pd.Series:
    """``dates`` as time-zone-naive datetimes at their own wall time (a date of 23:30+02:00
    stays on its day). Text must be ISO 8601 ("2017-04-23", "2017-04-23T21:30:00+02:00"),
    with or without times and offsets, which may differ row by row (summer time). Other text
    and numbers raise: "01/06/2017" is 1 June or 6 January depending on the country, so
    parse it yourself (``pd.to_datetime(..., dayfirst=True)``)."""
    if not pd.api.types.is_datetime64_any_dtype(dates):
        if pd.api.types.is_numeric_dtype(dates) and dates.notna().any():
            raise ValueError(f"{what} holds numbers, not dates (for Unix times use "
                             "pd.to_datetime(..., unit='s'))")
        try:
            dates = pd.to_datetime(dates, format="ISO8601")
        except ValueError as exc:
            # offsets that differ by row, in text or in datetime objects (summer time)
            if "Mixed timezones" not in str(exc) and "Tz-aware datetime" not in str(exc):
                # pandas' first sentence names the value ("Time data 24/03/2017 is not
                # ISO8601 format"); its advice after it does not apply here
                reason = str(exc).split(". You might", 1)[0].splitlines()[0].rstrip(". ")
                raise ValueError(f"{what} must hold dates or ISO 8601 text such as 2017-04-23: "
                                 f"{reason}; parse other formats first, e.g. "
                                 "pd.to_datetime(..., dayfirst=True)") from None
            # each date at its own wall time
            dates = pd.to_datetime(dates.map(
                lambda d: pd.Timestamp(d).tz_localize(None) if pd.notna(d) else pd.NaT))
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates


def _edges(bins: Sequence) -> pd.DatetimeIndex:
    edges = pd.DatetimeIndex([_event_date(b, "bins", "edge") for b in bins])
    if len(edges) < 2:
        raise ValueError("bins: need at least two edges")
    if edges.hasnans:
        raise ValueError("bins: edges must be dates, got a missing value")
    if not edges.is_monotonic_increasing or not edges.is_unique:
        raise ValueError("bins: edges must be strictly increasing")
    return edges


def assign_period(dates, freq: str | Sequence | None = "W") -> pd.Series:
    """Map dates to the start of their period.

    ``freq`` is ``"D"`` (day), ``"W"`` (week, starting Monday), ``"M"`` (calendar month),
    ``None`` (one period starting at the earliest day) or a list of bin edges: a date falls in
    ``[edge_i, edge_i+1)`` and gets ``edge_i``; dates outside the edges get NaT, as do missing
    dates. Returns a datetime Series named ``period`` (index kept when ``dates`` is a Series).

    >>> d = pd.Series(pd.to_datetime(["2017-04-23 21:00", "2017-04-24 08:00", None]))
    >>> assign_period(d, "W").tolist()
    [Timestamp('2017-04-17 00:00:00'), Timestamp('2017-04-24 00:00:00'), NaT]
    >>> assign_period(d, ["2017-04-01", "2017-04-24", "2017-05-08"]).tolist()
    [Timestamp('2017-04-01 00:00:00'), Timestamp('2017-04-24 00:00:00'), NaT]
    """
    index = dates.index if isinstance(dates, pd.Series) else None
    d = _naive(pd.Series(np.asarray(dates) if index is None else dates.to_numpy(), index=index),
               "assign_period: dates")
    if freq is None:
        start = d.min()
        out = pd.Series(pd.NaT if pd.isna(start) else start.normalize(), index=d.index)
        out = out.where(d.notna())
    elif isinstance(freq, str):
        f = freq.upper()
        day = d.dt.normalize()
        if f == "D":
            out = day
        elif f == "W":
            out = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
        elif f in ("M", "MS", "ME"):
            out = d.dt.to_period("M").dt.start_time
        else:
            raise ValueError(f"assign_period: unknown freq {freq!r}; use 'D', 'W', 'M', None "
                             "or a list of bin edges")
    else:
        edges = _edges(freq)
        pos = edges.searchsorted(d.to_numpy(), side="right") - 1
        inside = (pos >= 0) & (pos < len(edges) - 1) & d.notna().to_numpy()
        vals = np.where(inside, edges.to_numpy()[np.clip(pos, 0, len(edges) - 1)],
                        np.datetime64("NaT"))
        out = pd.Series(vals, index=d.index)
    return pd.Series(pd.to_datetime(out).astype("datetime64[ns]"), index=d.index, name="period")


def _period_end(period: pd.Series, freq, dates: pd.Series | None = None) -> pd.Series:
    """Exclusive end of each period (for plotting at mid-period and for bar widths)."""
    if freq is None:
        last = dates.max() if dates is not None else pd.NaT
        end = last.normalize() + pd.Timedelta(days=1) if pd.notna(last) else pd.NaT
        return pd.Series(end, index=period.index, dtype="datetime64[ns]")
    if isinstance(freq, str):
        f = freq.upper()
        if f == "D":
            return period + pd.Timedelta(days=1)
        if f == "W":
            return period + pd.Timedelta(days=7)
        return period + pd.offsets.MonthBegin(1)
    edges = _edges(freq)
    nxt = dict(itertools.pairwise(edges))
    return period.map(nxt).astype("datetime64[ns]")


# ---------------------------------------------------------------------------------- joins

_ARTICLE_FIELDS = ("published", "outlet", "duplicate_of")


def _join_articles(table: pd.DataFrame, articles: pd.DataFrame, *, need_outlet: bool,
                   include_duplicates: bool, func: str, keep_undated: bool = False
                   ) -> tuple[pd.DataFrame, dict]:
    """Table rows with the article's published/outlet; drops wire copies and (unless
    ``keep_undated``) undated rows."""
    require_columns(table, ["article_id"], func, "table")
    cols = ["article_id", "published"]
    if need_outlet:
        cols.append("outlet")
    require_columns(articles, cols, func, "articles")
    if not include_duplicates:
        if "duplicate_of" not in articles.columns:
            raise ValueError(f"{func}: articles is missing required column(s): duplicate_of "
                             "(or pass include_duplicates=True)")
        cols.append("duplicate_of")
    art = articles[cols]
    # the article's own fields win over same-named columns in the table (e.g. a stale outlet)
    left = table.drop(columns=[c for c in _ARTICLE_FIELDS if c in table.columns and c in cols])
    # an article listed twice is refused (the first row's date and outlet won, silently)
    merged = join_tables(left, art, ["article_id"], func, ("table", "articles"), how="left",
                         indicator=True, validate="many_to_one")
    info = {"skipped_unmatched": int((merged["_merge"] == "left_only").sum())}
    merged = merged[merged["_merge"] == "both"].drop(columns="_merge")
    merged["published"] = _naive(merged["published"])
    if not include_duplicates:
        dup = is_copy(merged["duplicate_of"])
        info["skipped_duplicates"] = int(dup.sum())
        merged = merged[~dup]
    else:
        info["skipped_duplicates"] = 0
    undated = merged["published"].isna() & (not keep_undated)
    info["skipped_undated"] = int(undated.sum())
    merged = merged[~undated]
    return merged, info


def _numeric(values: pd.Series, name: str, func: str) -> pd.Series:
    """``values`` as floats (missing ones NaN); text such as a label, or an infinity, raises."""
    out = pd.to_numeric(values, errors="coerce")
    bad = out.isna() & values.notna()
    if bad.any():
        raise ValueError(f"{func}: {name} must be numeric; got {values[bad].iloc[0]!r} "
                         f"({int(bad.sum())} such rows)")
    if np.isinf(out.to_numpy(dtype=float)).any():
        raise ValueError(f"{func}: {name} has infinite values")
    return out


def _warn_within_day(dates: pd.Series, marks, func: str, what: str) -> None:
    """Warn when one of ``marks`` (an event's time, bin edges) falls inside a day while every
    dated row is a whole day (the pipeline keeps days): that day's rows all count before it,
    whatever hour they were published ("2017-04-23 20:00", the end of the pre-vote silence)."""
    within = [m for m in marks if m != m.normalize()]
    known = dates.dropna()
    if within and len(known) and (known == known.dt.normalize()).all():
        warnings.warn(f"{func}: {what} {within[0]:%Y-%m-%d %H:%M} falls within a day, but the "
                      "dates are whole days (no times): every row of "
                      f"{within[0]:%Y-%m-%d} counts before it. Round it to a day, or give "
                      "published with times.", stacklevel=3)


def _periods(dates: pd.Series, spec) -> pd.Series:
    """:func:`assign_period`, except that the one period of ``spec`` None needs no date: it
    holds the undated rows too (its start is the earliest date; NaT when none is dated)."""
    period = assign_period(dates, spec)
    return period.fillna(period.min()) if spec is None else period


def _add_derived(df: pd.DataFrame, by: Sequence[str], outlet_groups, func: str) -> pd.DataFrame:
    if "outlet_group" in by and "outlet_group" not in df.columns:
        if not isinstance(outlet_groups, (Mapping, pd.Series)):
            got = "none" if outlet_groups is None else f"a {type(outlet_groups).__name__}"
            raise ValueError(f"{func}: by='outlet_group' needs an outlet_groups mapping "
                             f"(outlet -> group), got {got}")
        df = df.assign(outlet_group=df["outlet"].map(dict(outlet_groups)).fillna("other"))
    if "speaker_group" in by and "speaker_group" not in df.columns:
        df = df.assign(speaker_group=speaker_groups(df))
    return df


def _check_cluster(table: pd.DataFrame, cluster: str | None, func: str) -> None:
    if cluster is not None and cluster != "outlet" and cluster not in table.columns:
        raise ValueError(f"{func}: cluster={cluster!r} is not a column of the table "
                         "(use 'article_id', 'outlet', another column, or None for rows)")


def _check_settings(func: str, *, min_count: int, ci: float, n_boot: int | None = None,
                    window_days: float | None = None) -> None:
    """Refuse settings that would give silent nonsense (NaN intervals, a reversed window)."""
    if min_count < 1:
        raise ValueError(f"{func}: min_count must be >= 1")
    if not 0 < ci < 1:
        raise ValueError(f"{func}: ci must be between 0 and 1 (e.g. 0.95), got {ci!r}")
    if n_boot is not None and n_boot < 1:
        raise ValueError(f"{func}: n_boot must be >= 1 (bootstrap resamples; e.g. 200 for a "
                         f"quick look), got {n_boot!r}")
    if window_days is not None and not window_days > 0:
        raise ValueError(f"{func}: window_days must be a positive number of days, "
                         f"got {window_days!r}")


def _by_list(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _check_by(table: pd.DataFrame, by: list[str], func: str) -> None:
    derived = {"outlet", "outlet_group", "speaker_group"}
    missing = [c for c in by if c not in table.columns and c not in derived]
    if "speaker_group" in by and "speaker_group" not in table.columns:
        missing += [c for c in ("speaker", "speaker_actor") if c not in table.columns]
    if missing:
        raise ValueError(f"{func}: table is missing required column(s): {', '.join(missing)}")


# ---------------------------------------------------------------------------------- statistics

def _clusters(values: np.ndarray, groups) -> tuple[np.ndarray, np.ndarray]:
    """Per-cluster sums and counts of ``values``, clusters ordered by their mean, then their
    key (as text); ``groups`` None: every value is its own cluster. So a seeded bootstrap draws
    the same clusters whatever the order of the table's rows (in order of first appearance,
    shuffled rows moved an interval by up to 0.16), and one value per cluster resamples as the
    values themselves do, draw for draw."""
    if groups is None:
        return np.sort(values), np.ones(len(values))
    codes, uniques = pd.factorize(np.asarray(groups, dtype=object), use_na_sentinel=False)
    sums = np.bincount(codes, weights=values, minlength=len(uniques))
    counts = np.bincount(codes, minlength=len(uniques)).astype(float)
    # means rounded: summed in another row order, tied means differ in the last bits
    order = np.lexsort((np.asarray([str(u) for u in uniques]), np.round(sums / counts, 12)))
    return sums[order], counts[order]


#: Units (articles, or values with ``cluster=None``) a bootstrap interval needs: with fewer,
#: a percentile bootstrap covers far less than it claims (a nominal 95% interval covers the
#: true mean 49% of the time from two articles, 75% from three, 83% from five, 94% from 30:
#: benchmarks/ci_coverage.py).
MIN_CI_UNITS = 5


def _bootstrap(samples: Sequence[tuple[np.ndarray, np.ndarray]], statistic, *, n_boot: int,
               ci: float, seed: int, min_units: int = MIN_CI_UNITS) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(means...)``, one mean per sample, where each
    sample is ``(sums, counts)`` of its clusters (:func:`_clusters`) and resampling draws whole
    clusters: the mean of a resample is its clusters' summed values over their summed counts.
    With one value per cluster this is ``scipy.stats.bootstrap`` on the values themselves (same
    draws, same interval). Resamples are drawn in batches that bound memory. NaN when a sample
    has fewer than ``min_units`` clusters."""
    if min(len(s) for s, _ in samples) < min_units:
        return np.nan, np.nan
    def stat(*idx, axis=-1):
        return statistic(*(s[i].sum(axis=axis) / c[i].sum(axis=axis)
                           for (s, c), i in zip(samples, idx, strict=True)))

    largest = max(len(s) for s, _ in samples)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.bootstrap(tuple(np.arange(len(s)) for s, _ in samples), stat,
                              n_resamples=n_boot, confidence_level=ci, method="percentile",
                              batch=max(1, min(n_boot, 2_000_000 // largest)),
                              rng=np.random.default_rng(seed))
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


def _bootstrap_ci(values: np.ndarray, *, n_boot: int, ci: float, seed: int,
                  groups=None) -> tuple[float, float]:
    """Percentile bootstrap CI of the mean; NaN for fewer than :data:`MIN_CI_UNITS` values, or
    with ``groups`` (each value's cluster, such as its article) as many clusters: then whole
    clusters are resampled, since values of one article are not independent of each other.

    Each cell uses a fresh generator seeded with ``seed`` so a cell's interval does not depend
    on which other cells exist, nor on the order of the rows (without groups it equals
    ``scipy.stats.bootstrap`` run on the values sorted).
    """
    sums, counts = _clusters(values, groups)
    if len(sums) >= MIN_CI_UNITS and np.all(values == values[0]):  # no spread: the value itself
        return float(values[0]), float(values[0])
    return _bootstrap([(sums, counts)], lambda m: m, n_boot=n_boot, ci=ci, seed=seed)


def aggregate_timeline(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    value: str | None = None,
    by: Sequence[str] | str | None = ("bloc",),
    freq: str | None = "W",
    bins: Sequence | None = None,
    include_duplicates: bool = False,
    min_count: int = 5,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 13,
    outlet_groups: Mapping[str, str] | None = None,
    complete: bool = False,
    cluster: str | None = "article_id",
) -> pd.DataFrame:
    """Count (and optionally average) table rows per period and group.

    In: any table with ``article_id`` (mentions, sentiment, claims, one level of frames
    (article or sentence rows, not both), or articles itself), plus the ``by`` columns and
    ``value``; ``articles`` with ``article_id``, ``published``, ``outlet`` (when grouping by
    outlet) and ``duplicate_of`` (unless
    ``include_duplicates``). ``by`` may name any column of the table, or ``outlet``,
    ``outlet_group`` (via ``outlet_groups``, unmapped outlets -> ``"other"``) and
    ``speaker_group`` (via :func:`speaker_groups`, for claims).

    Periods come from ``freq`` ("D", "W" weeks starting Monday, "M", None = one period) or
    from ``bins`` (bin edges, e.g. event dates; rows outside them are dropped and counted in
    ``attrs["skipped_out_of_bins"]``). Undated rows are dropped and counted in
    ``attrs["skipped_undated"]``, except with ``freq=None``: one period (for a comparison of
    outlets or speakers) needs no date, so they count in it; its ``period`` is the earliest
    date (NaT when no row is dated).

    Out: one row per (period, *by) cell with rows: ``period``, ``period_end`` (exclusive),
    the ``by`` columns, ``n`` (rows), ``n_articles`` (distinct articles), ``share`` (n / all
    rows of the period: the group's share of coverage). With ``value``: ``n_scored``
    (non-missing values), ``mean``, ``ci_low``, ``ci_high`` (percentile bootstrap,
    ``n_boot`` resamples, level ``ci``, seeded with ``seed``), and ``masked``
    (``n_scored < min_count``: mean and CI are set to NaN). The bootstrap resamples whole
    ``cluster`` units (articles by default: the sentences of one article are not independent,
    and resampling them one by one gives intervals that are too narrow); the CI is NaN for
    a cell with values from fewer than :data:`MIN_CI_UNITS` (5) units, too few for a bootstrap
    to cover what it claims. ``cluster`` may name another column of the
    table, or ``outlet``; ``cluster=None`` resamples rows. ``complete=True`` adds
    the empty cells (n = 0) of every regular period from the first to the last dated article
    of ``articles`` (wire copies left out unless ``include_duplicates``), so that weeks
    without rows at either end of the corpus are zeros too; with ``bins``, of every bin.
    ``attrs`` holds ``skipped_undated``, ``skipped_duplicates``, ``skipped_unmatched``
    (rows whose article is not in ``articles``), ``skipped_out_of_bins``, ``freq``, ``value``,
    ``by``, ``ci``, ``cluster``, ``min_count`` and ``span`` (the first and last date the
    periods cover: of the articles with ``complete=True``, else of the rows counted; the
    charts take the years of their date axis from it). Cost: one bootstrap per cell (~5 ms
    for a few hundred values at ``n_boot=1000``); lower ``n_boot`` for quick looks.

    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
    ...     "published": pd.to_datetime(["2017-04-18", "2017-04-20", None]),
    ...     "duplicate_of": [None, None, None]})
    >>> sent = pd.DataFrame({"article_id": ["a", "a", "b", "c"],
    ...     "bloc": ["russia", "eu", "russia", "eu"], "score": [-0.5, 0.2, -0.1, 0.9]})
    >>> out = aggregate_timeline(sent, articles, value="score", min_count=2, n_boot=200)
    >>> out[["period", "bloc", "n", "share", "mean", "masked"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          period    bloc  n     share  mean  masked
    0 2017-04-17      eu  1  0.333333   NaN    True
    1 2017-04-17  russia  2  0.666667  -0.3   False
    >>> out.attrs["skipped_undated"]
    1
    """
    func = "aggregate_timeline"
    by = _by_list(by)
    require_columns(table, ["article_id"] + ([value] if value else []), func, "table")
    _check_by(table, by, func)
    _check_cluster(table, cluster, func)
    if "period" in by or "period_end" in by:
        raise ValueError(f"{func}: 'period' is added automatically; do not pass it in by")
    _check_settings(func, min_count=min_count, ci=ci, n_boot=n_boot)
    if "sentence_id" in table.columns:
        whole = int(table["sentence_id"].isna().sum())
        if 0 < whole < len(table):   # the frames table: an article's row and its sentences'
            raise ValueError(
                f"{func}: table mixes article-level rows ({whole}, sentence_id missing) with "
                f"sentence-level rows ({len(table) - whole}), which counts an article twice and "
                "averages two kinds of score: aggregate one level, e.g. "
                "frames[frames['sentence_id'].isna()] for the articles' labels")
    spec = bins if bins is not None else freq
    edges = _edges(bins) if bins is not None else None   # checked before any work

    need_outlet = "outlet" in by or "outlet_group" in by or cluster == "outlet"
    df, info = _join_articles(table, articles, need_outlet=need_outlet,
                              include_duplicates=include_duplicates, func=func,
                              keep_undated=spec is None)
    df = _add_derived(df, by, outlet_groups, func)
    if edges is not None:
        _warn_within_day(df["published"], edges, func, "the bin edge")
    df = df.assign(period=_periods(df["published"], spec))
    out_of_bins = df["period"].isna() & (spec is not None)
    info["skipped_out_of_bins"] = int(out_of_bins.sum())
    df = df[~out_of_bins]
    # the dates the periods cover: with complete=True (regular periods), those of the dated
    # articles, so that a quiet first or last week is a zero, not left out
    span = (_dated_span(articles, include_duplicates) if complete and bins is None
            and isinstance(freq, str) else _span_of(df["published"]))

    keys = ["period", *by]
    stat_cols = ["n", "n_articles", "share"] + (
        ["n_scored", "mean", "ci_low", "ci_high", "masked"] if value else [])
    if df.empty:
        out = pd.DataFrame(columns=["period", "period_end", *by, *stat_cols])
        out["period"] = out["period"].astype("datetime64[ns]")
        out["period_end"] = out["period_end"].astype("datetime64[ns]")
    else:
        # by-columns with missing values (e.g. an unresolved bloc) form their own group
        grouped = df.groupby(keys, dropna=False, sort=True, observed=True)
        out = grouped.agg(n=("article_id", "size"), n_articles=("article_id", "nunique"))
        if value:
            vals = _numeric(df[value], value, func)
            rows = []
            units = df[cluster] if cluster else None
            for _, v in vals.groupby([df[k] for k in keys], dropna=False, sort=True,
                                     observed=True):
                v = v.dropna()
                x = v.to_numpy(dtype=float)
                low, high = _bootstrap_ci(x, n_boot=n_boot, ci=ci, seed=seed,
                                          groups=None if units is None else units.loc[v.index])
                rows.append((len(x), float(x.mean()) if len(x) else np.nan, low, high))
            stats_df = pd.DataFrame(rows, columns=["n_scored", "mean", "ci_low", "ci_high"],
                                    index=out.index)
            out = out.join(stats_df)
        out = out.reset_index()
        if complete and (bins is not None or (isinstance(freq, str))):
            out = _complete(out, by, spec, value, span)
        totals = out.groupby("period", dropna=False)["n"].transform("sum")
        out["share"] = np.where(totals > 0, out["n"] / totals.where(totals > 0, 1), np.nan)
        if value:
            out["masked"] = out["n_scored"] < min_count
            out.loc[out["masked"], ["mean", "ci_low", "ci_high"]] = np.nan
            out["n_scored"] = out["n_scored"].astype(int)
        out.insert(1, "period_end", _period_end(out["period"], spec, df["published"]))
        out = out[["period", "period_end", *by, *stat_cols]]
        out = out.sort_values(keys, kind="stable").reset_index(drop=True)
        out[["n", "n_articles"]] = out[["n", "n_articles"]].astype(int)
    out.attrs.update(info)
    out.attrs["freq"] = "bins" if bins is not None else freq
    out.attrs["value"] = value
    out.attrs["by"] = tuple(by)
    out.attrs["ci"] = ci
    out.attrs["cluster"] = cluster
    out.attrs["min_count"] = min_count
    out.attrs["span"] = span
    return out


def _span_of(dates: pd.Series) -> tuple:
    """(first, last) of ``dates``; (NaT, NaT) when none is known."""
    return (dates.min(), dates.max()) if dates.notna().any() else (pd.NaT, pd.NaT)


def _dated_span(articles: pd.DataFrame, include_duplicates: bool) -> tuple:
    """(first, last) publication date of ``articles``, wire copies left out unless
    ``include_duplicates``."""
    art = articles if include_duplicates else articles[~is_copy(articles["duplicate_of"])]
    return _span_of(_naive(art["published"]))


def _complete(out: pd.DataFrame, by: list[str], spec, value: str | None,
              span: tuple) -> pd.DataFrame:
    """Add zero-count rows for every (regular period x observed group) combination, the
    regular periods running over ``span`` (first, last date) and the periods of ``out``."""
    if isinstance(spec, str):
        f = {"D": "D", "W": "W-MON", "M": "MS"}.get(spec.upper(), "MS")
        ends = assign_period(pd.Series([*span, out["period"].min(), out["period"].max()]), spec)
        periods = pd.date_range(ends.min(), ends.max(), freq=f)
    else:
        periods = _edges(spec)[:-1]
    groups = out[by].drop_duplicates() if by else pd.DataFrame(index=[0])
    grid = groups.merge(pd.DataFrame({"period": periods}), how="cross")
    full = grid.merge(out, on=["period", *by], how="left")
    full[["n", "n_articles"]] = full[["n", "n_articles"]].fillna(0)
    if value:
        full["n_scored"] = full["n_scored"].fillna(0)
    return full


# ---------------------------------------------------------------------------------- shares

def _wilson(k: np.ndarray, n: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion k/n (NaN where n == 0)."""
    z = stats.norm.ppf(0.5 + ci / 2)
    n = n.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def share_of_articles(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    label: str = "frame",
    by: Sequence[str] | str | None = None,
    freq: str | None = "W",
    bins: Sequence | None = None,
    include_duplicates: bool = False,
    min_count: int = 5,
    ci: float = 0.95,
    outlet_groups: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Share of a period's articles that carry a label (a frame, a narrative, an actor...).

    In: a table with ``article_id`` and the ``label`` column (``frames`` with ``frame``;
    ``mentions`` with ``actor`` or ``bloc``); for ``frames`` the ``kind`` column (frame or
    narrative) is kept alongside ``frame``. ``by`` may add article-level groups
    (``outlet``, ``outlet_group``); the denominator is then the articles of that group.
    The denominator counts every dated article of the period in ``articles``, including those
    that carry no label at all; with ``freq=None`` (one period) undated articles count too.

    Out: ``period``, ``period_end``, the by-columns, [``kind``], ``label``, ``n_articles``
    (articles carrying the label), ``total_articles`` (articles in the period/group),
    ``share``, ``ci_low``, ``ci_high`` (Wilson interval), ``masked``
    (``total_articles < min_count``; share and CI set to NaN). Labels absent from a period
    appear with n_articles = 0. ``attrs`` holds the ``skipped_*`` counts, ``freq``, ``label``,
    ``min_count`` and ``span`` (the first and last date of the articles counted).

    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c", "d"],
    ...     "published": pd.to_datetime(["2017-04-18"] * 4), "outlet": "X",
    ...     "duplicate_of": None})
    >>> frames = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 2],
    ...     "frame": ["security_and_defense"] * 2 + ["economic"], "kind": "frame"})
    >>> out = share_of_articles(frames, articles, min_count=1)
    >>> out[["period", "frame", "n_articles", "total_articles", "share"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          period                 frame  n_articles  total_articles  share
    0 2017-04-17              economic           1               4   0.25
    1 2017-04-17  security_and_defense           1               4   0.25
    """
    func = "share_of_articles"
    by = _by_list(by)
    require_columns(table, ["article_id", label], func, "table")
    bad = [c for c in by if c not in ("outlet", "outlet_group") and c not in articles.columns]
    if bad:
        raise ValueError(f"{func}: by must name article-level columns (outlet, outlet_group or "
                         f"a column of articles); not in articles: {', '.join(bad)}")
    _check_settings(func, min_count=min_count, ci=ci)
    labels = ([label, "kind"] if label == "frame" and "kind" in table.columns else [label])
    labels = sorted(labels, key=lambda c: c != "kind")  # kind first
    spec = bins if bins is not None else freq
    if bins is not None:
        _edges(bins)
    need_outlet = "outlet" in by or "outlet_group" in by
    extra = [c for c in by if c in articles.columns and c not in _ARTICLE_FIELDS]
    base = articles[["article_id", *extra]].drop_duplicates("article_id")
    dated, info = _join_articles(base, articles, need_outlet=need_outlet,
                                 include_duplicates=include_duplicates, func=func,
                                 keep_undated=spec is None)
    dated = _add_derived(dated, by, outlet_groups, func)
    dated = dated.assign(period=_periods(dated["published"], spec))
    out_of_bins = dated["period"].isna() & (spec is not None)
    info["skipped_out_of_bins"] = int(out_of_bins.sum())
    dated = dated[~out_of_bins]
    keys = ["period", *by]
    totals = (dated.groupby(keys, observed=True, dropna=False).size().rename("total_articles")
              .reset_index())

    tagged = table[["article_id", *labels]].dropna(subset=[label]).drop_duplicates()
    # rows of articles missing from `articles` are counted, as aggregate_timeline counts them
    unmatched = ~tagged["article_id"].isin(articles["article_id"])
    info["skipped_unmatched"] = int(unmatched.sum())
    tagged = join_tables(tagged[~unmatched], dated[["article_id", *keys]], ["article_id"], func,
                         ("table", "articles"), how="inner")
    counts = (tagged.groupby([*keys, *labels], observed=True, dropna=False)["article_id"].nunique()
              .rename("n_articles").reset_index())
    label_values = tagged[labels].drop_duplicates()
    grid = totals.merge(label_values, how="cross")
    out = grid.merge(counts, on=[*keys, *labels], how="left")
    out["n_articles"] = out["n_articles"].fillna(0).astype(int)
    out["total_articles"] = out["total_articles"].astype(int)
    out["share"] = out["n_articles"] / out["total_articles"]
    low, high = _wilson(out["n_articles"].to_numpy(), out["total_articles"].to_numpy(), ci)
    out["ci_low"], out["ci_high"] = low, high
    out["masked"] = out["total_articles"] < min_count
    out.loc[out["masked"], ["share", "ci_low", "ci_high"]] = np.nan
    out.insert(1, "period_end", _period_end(out["period"], spec, dated["published"]))
    cols = ["period", "period_end", *by, *labels, "n_articles", "total_articles", "share",
            "ci_low", "ci_high", "masked"]
    out = out[cols].sort_values([*keys, *labels], kind="stable").reset_index(drop=True)
    out.attrs.update(info)
    out.attrs["freq"] = "bins" if bins is not None else freq
    out.attrs["label"] = label
    out.attrs["min_count"] = min_count
    out.attrs["span"] = _span_of(dated["published"])
    return out


# ---------------------------------------------------------------------------------- speakers

def speaker_groups(claims: pd.DataFrame, registry=None) -> pd.Series:
    """Group the speakers of ``claims`` for aggregation (a Series aligned with ``claims``).

    In: ``speaker`` and ``speaker_actor``. Out: a Series named ``speaker_group``:
    ``"author"`` for the article's own voice (speaker ``"author"``); the actor id for French
    political actors (each candidate, e.g. ``"macron"``, ``"le_pen"``, and each party);
    the bloc for other registered actors (``"russia"`` for Russian officials and media,
    ``"eu"`` for EU officials and institutions, or a custom bloc); ``"other"`` for
    unidentified speakers and actors not in the registry.

    >>> claims = pd.DataFrame({"speaker": ["author", "Peskov", "Macron", "a voter", "Juncker"],
    ...     "speaker_actor": [None, "peskov", "macron", None, "juncker"]})
    >>> speaker_groups(claims).tolist()
    ['author', 'russia', 'macron', 'other', 'eu']
    """
    require_columns(claims, ["speaker", "speaker_actor"], "speaker_groups", "claims")
    from .actors import registry_from  # local import: actors.py compiles a large pattern

    reg = registry_from(registry)
    blocs = {a.id: a.bloc for a in reg.actors.values()}

    def group(speaker: object, actor: object) -> str:
        if isinstance(speaker, str) and speaker.strip().casefold() == "author":
            return "author"
        if not isinstance(actor, str) or actor not in blocs:
            return "other"
        bloc = blocs[actor]
        return actor if bloc == "fr_politics" else bloc

    values = [group(s, a) for s, a in zip(claims["speaker"], claims["speaker_actor"],
                                          strict=True)]
    return pd.Series(values, index=claims.index, name="speaker_group", dtype="object")


# ---------------------------------------------------------------------------------- events

def holm(p_values) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values (family-wise error), in the input order; NaN stays
    NaN and does not count as a test. For the p-values of several calls of
    :func:`compare_around_event` (several events), pass them all at once.

    >>> holm([0.01, 0.04, 0.03, np.nan]).round(2).tolist()
    [0.03, 0.06, 0.06, nan]
    """
    try:
        p = np.asarray(p_values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError(f"holm: p-values must be numbers, got {p_values!r}") from None
    if ((p < 0) | (p > 1)).any():   # -0.1 came back as -0.2: no p-value at all
        raise ValueError(f"holm: p-values must be between 0 and 1, got "
                         f"{float(p[(p < 0) | (p > 1)][0])!r}")
    out = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    order = tested[np.argsort(p[tested], kind="stable")]
    m = len(order)
    out[order] = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    return out


def _cliffs_delta(x: np.ndarray, y: np.ndarray) -> float:
    """Cliff's delta of y over x: P(y > x) - P(y < x), in [-1, 1] (ties count zero)."""
    xs = np.sort(x)
    gt = np.searchsorted(xs, y, side="left").sum()   # x values below each y
    lt = (len(xs) - np.searchsorted(xs, y, side="right")).sum()  # x values above each y
    return float((gt - lt) / (len(x) * len(y)))


def _cohens_d(x: np.ndarray, y: np.ndarray) -> float:
    """(mean(y) - mean(x)) / pooled SD (ddof=1); NaN when the pooled SD is 0."""
    nx, ny = len(x), len(y)
    if nx < 2 or ny < 2:
        return np.nan
    pooled = np.sqrt(((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / (nx + ny - 2))
    return float((y.mean() - x.mean()) / pooled) if pooled > 0 else np.nan


def compare_around_event(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    event_date,
    value: str = "score",
    window_days: float = 14,
    by: Sequence[str] | str | None = None,
    min_count: int = 5,
    seed: int = 13,
    n_boot: int = 1000,
    ci: float = 0.95,
    include_duplicates: bool = False,
    outlet_groups: Mapping[str, str] | None = None,
    cluster: str | None = "article_id",
) -> pd.DataFrame:
    """Compare ``value`` before and after an event, overall or per group.

    Before = ``[event - window, event)``, after = ``[event, event + window)`` on the articles'
    ``published`` dates (so 14 days each side: with the event on 5 May, 21 April to 4 May and
    5 to 18 May) (wire copies and undated rows excluded as in
    :func:`aggregate_timeline`). ``event_date`` is a date, a string, or a one-row events frame.

    Out: one row per group (the by-columns), ``n_before``, ``n_after`` (values),
    ``n_articles_before``, ``n_articles_after``, ``mean_before``, ``mean_after``, ``diff``
    (after − before), ``diff_ci_low``/``diff_ci_high`` (percentile bootstrap of the
    difference, seeded), ``cohens_d`` (pooled SD), ``cliffs_delta`` (P(after > before) −
    P(after < before)), ``p_value`` (two-sided Mann–Whitney U), ``p_holm`` (``p_value``
    adjusted for the groups compared in this call, Holm–Bonferroni: with many blocs or
    outlets some raw p-values fall below 0.05 by chance), and ``masked`` (either side
    has fewer than ``min_count`` values, or fewer than two ``cluster`` units: the statistics
    are NaN; with fewer than :data:`MIN_CI_UNITS` units on a side the interval alone is NaN).

    Values of one article are not independent, so by default the unit of inference is the
    article (``cluster="article_id"``): the bootstrap resamples whole articles on each side,
    and the Mann–Whitney test compares the articles' mean values. The effect sizes describe
    the values themselves. ``cluster`` may name another column of the table, or ``outlet``;
    ``cluster=None`` treats every value as independent (intervals too narrow and p-values
    too small when articles contribute several values).

    >>> rng = np.random.default_rng(0)
    >>> days = pd.date_range("2017-03-10", "2017-04-07", freq="D")
    >>> articles = pd.DataFrame({"article_id": range(len(days)), "published": days,
    ...     "duplicate_of": None})
    >>> shift = np.where(days >= "2017-03-24", 0.6, 0.0)
    >>> sent = pd.DataFrame({"article_id": range(len(days)),
    ...     "score": (rng.normal(0, 0.2, len(days)) + shift).clip(-1, 1)})
    >>> res = compare_around_event(sent, articles, event_date="2017-03-24")
    >>> bool(res.loc[0, "diff"] > 0.4), bool(res.loc[0, "p_value"] < 0.05)
    (True, True)
    """
    func = "compare_around_event"
    by = _by_list(by)
    require_columns(table, ["article_id", value], func, "table")
    _check_by(table, by, func)
    _check_settings(func, min_count=min_count, ci=ci, n_boot=n_boot, window_days=window_days)
    if isinstance(event_date, pd.DataFrame):
        if len(event_date) != 1:
            raise ValueError(f"{func}: pass one event (got {len(event_date)} rows)")
        event_date = event_date["date"].iloc[0]
    event = _event_date(event_date, func, "event_date")
    if pd.isna(event):
        raise ValueError(f"{func}: event_date is missing")
    window = pd.Timedelta(days=window_days)
    _check_cluster(table, cluster, func)
    need_outlet = "outlet" in by or "outlet_group" in by or cluster == "outlet"
    df, info = _join_articles(table, articles, need_outlet=need_outlet,
                              include_duplicates=include_duplicates, func=func)
    df = _add_derived(df, by, outlet_groups, func)
    d = df["published"]
    _warn_within_day(d, [event], func, "the event")
    # two windows of the same length: [event - window, event) and [event, event + window)
    side = np.select([(d >= event - window) & (d < event), (d >= event) & (d < event + window)],
                     ["before", "after"], default="")
    df = df.assign(_side=side, _v=_numeric(df[value], value, func))
    if not (df["_side"] != "").any():   # an event outside the corpus: say so, not an empty table
        span = (f"the dated rows run from {d.min():%Y-%m-%d} to {d.max():%Y-%m-%d}"
                if d.notna().any() else "no row is dated")
        warnings.warn(f"{func}: no row within {window_days:g} days of the event "
                      f"{event:%Y-%m-%d} ({span})", stacklevel=2)
    df = df[(df["_side"] != "") & df["_v"].notna()]

    groups = df.groupby(by, dropna=False, sort=True) if by else [((), df)]
    if by and df.empty:
        groups = []
    rows = []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        sides = [g[g["_side"] == side] for side in ("before", "after")]
        x, y = (side["_v"].to_numpy(float) for side in sides)
        # (sums, counts) of each side's units; their means are what the test compares
        units = [_clusters(v, side[cluster] if cluster else None)
                 for v, side in zip((x, y), sides, strict=True)]
        row = dict(zip(by, key, strict=True))
        row.update(n_before=len(x), n_after=len(y),
                   n_articles_before=sides[0]["article_id"].nunique(),
                   n_articles_after=sides[1]["article_id"].nunique(),
                   mean_before=x.mean() if len(x) else np.nan,
                   mean_after=y.mean() if len(y) else np.nan)
        masked = len(x) < min_count or len(y) < min_count or min(len(u[0]) for u in units) < 2
        row["diff"] = row["mean_after"] - row["mean_before"]
        row.update(diff_ci_low=np.nan, diff_ci_high=np.nan, cohens_d=np.nan,
                   cliffs_delta=np.nan, p_value=np.nan, masked=masked)
        if not masked:
            low, high = _bootstrap(units, lambda before, after: after - before,
                                   n_boot=n_boot, ci=ci, seed=seed)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                (sx, cx), (sy, cy) = units
                p = stats.mannwhitneyu(sy / cy, sx / cx, alternative="two-sided").pvalue
            row.update(diff_ci_low=low, diff_ci_high=high,
                       cohens_d=_cohens_d(x, y), cliffs_delta=_cliffs_delta(x, y),
                       p_value=float(p))
        rows.append(row)
    cols = [*by, "n_before", "n_after", "n_articles_before", "n_articles_after", "mean_before",
            "mean_after", "diff", "diff_ci_low", "diff_ci_high", "cohens_d", "cliffs_delta",
            "p_value", "masked"]
    out = pd.DataFrame(rows, columns=cols)
    out.insert(cols.index("p_value") + 1, "p_holm", holm(out["p_value"]))
    out.loc[out["masked"], ["mean_before", "mean_after", "diff"]] = np.nan
    out.attrs.update(info)
    out.attrs.update(event_date=event, window_days=window_days, value=value)
    return out
