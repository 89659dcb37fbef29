"""Load, clean, date, deduplicate and validate a news corpus.

``load_corpus`` turns whatever files a researcher has (CSV, TSV, JSONL, Parquet, folders of
``.txt`` or ``.html`` files, Media Cloud story-list exports) into two tidy tables:

* ``articles``: one row per usable article, with the columns in :data:`ARTICLE_COLUMNS`;
* ``rejects``: one row per input record that could not be used (``source``, ``record``,
  ``reason``).

Every input record ends in exactly one of the two, so ``len(articles) + len(rejects)`` equals the
number of records read. Duplicates are *marked* (``duplicate_of``), never deleted.

Dates: a missing or unparseable date keeps the article with ``published`` = NaT (the raw value
stays in ``published_raw``), unless ``strict_dates=True``, which rejects it instead. Timeline
stages skip NaT rows and report how many they skipped. A date in the future (later than today),
exactly the Unix epoch (a common scraper placeholder) or relative ("yesterday") counts as
unparseable.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import datetime as dt
import functools
import gzip
import hashlib
import html
import io
import itertools
import json
import lzma
import os
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import regex
import yaml

from ._checks import load_user_yaml, read_user_text, require_columns
from ._langid import classifier as langid_classifier
from .resources import shipped_path
from .text import word_list

__all__ = [
    "ARTICLE_COLUMNS",
    "DEFAULT_COLUMN_MAP",
    "REJECT_COLUMNS",
    "CleaningRules",
    "clean_text",
    "detect_language",
    "load_corpus",
    "mark_duplicates",
    "normalize_typography",
    "parse_date",
]

ARTICLE_COLUMNS = [
    "article_id", "published", "outlet", "title", "text", "url", "language", "source",
    "duplicate_of", "published_raw", "dateline", "wire",
]
REJECT_COLUMNS = ["source", "record", "reason"]

#: Input column names (lower-cased) recognised for each article field. ``column_map`` passed to
#: :func:`load_corpus` is consulted first; it maps *input* names to these field names.
#: French names come last (exports of French press databases and hand-made French sheets).
DEFAULT_COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "article_id": ("article_id", "id", "stories_id", "story_id", "doc_id", "docid", "guid", "uid",
                   "identifiant"),
    "published": ("published", "date", "publish_date", "published_at", "pub_date",
                  "publication_date", "datetime", "timestamp", "time", "created_at", "date_published",
                  "date_publish", "date_publication", "date_de_publication", "date_parution",
                  "parution"),
    "outlet": ("outlet", "media_name", "source", "publisher", "source_name", "site", "site_name",
               "sitename", "domain", "source_domain", "media", "newspaper", "medium", "journal",
               "média", "titre_de_presse", "editeur", "éditeur"),
    "title": ("title", "headline", "heading", "titre"),
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "maintext",
             "article_text", "story_text", "story", "texte", "contenu", "corps", "texte_integral",
             "texte_intégral"),
    "url": ("url", "link", "permalink", "canonical_url", "lien"),
    "language": ("language", "lang", "language_code", "langue"),
}

TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
#: JSONL, CSV and TSV files may come compressed ("gdelt.jsonl.gz"): read decompressing, streamed
COMPRESSED_SUFFIXES = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
SUPPORTED_SUFFIXES = (
    set(TABLE_SUFFIXES) | JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | PARQUET_SUFFIXES
)
METADATA_FIELDS = ("published", "outlet", "url", "language", "title")
#: In the head of every HTML report (analysis.report), so that a folder walk can skip reports.
REPORT_MARKER = b'<meta name="generator" content="electionlens'


# Texts with fewer letters than this, or where letters are under this share of the characters,
# are rejected as empty or garbled. 20 letters is about three words: below it no scorer has
# anything to work with.
MIN_LETTERS = 20
MIN_LETTER_SHARE = 0.5


# --------------------------------------------------------------------------------------------
# Typography and cleaning rules
# --------------------------------------------------------------------------------------------

_QUOTE_TABLE = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2039": "'", "\u203a": "'", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2012": "\u2014", "\u2013": "\u2014", "\u2015": "\u2014",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\u205f": " ", "\u1680": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
    # direction marks and other invisible format characters: kept, they hid a sentence's
    # capital from the splitter and stuck to speakers' names ("the EU\u200f")
    **dict.fromkeys(["\u200e", "\u200f", "\u2060", "\u034f", *map(chr, range(0x202a, 0x202f)),
                     *map(chr, range(0x2066, 0x206a))]),
    # page and line breaks of other systems (pdftotext puts a form feed between pages): deleted,
    # they glued the words either side together
    "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n",
    **dict.fromkeys([*range(0, 9), *range(14, 32), 127]),  # control characters
})
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _QUOTE_TABLE))) + "]+")
_GUILLEMET_INNER = re.compile(r'(?<=«)\s+|\s+(?=»)')
# "(?<=\d)\u2014(?=\d)" with the literal first, so the search skips to each dash
_DIGIT_DASH = re.compile(r"\u2014(?=\d)(?<=\d\u2014)")
_MULTISPACE = re.compile(r" {2,}")


def _space_dashes(text: str) -> str:
    r"""Each em dash with the whitespace around it becomes " — " (``re.sub(r"\s*—\s*", " — ")``
    without a regex that tries every position)."""
    pieces = text.split("\u2014")
    if len(pieces) == 1:
        return text
    last = len(pieces) - 1
    return " \u2014 ".join(piece.rstrip() if i == 0 else piece.lstrip() if i == last
                           else piece.strip() for i, piece in enumerate(pieces))


def normalize_typography(text: str) -> str:
    """Normalise Unicode (NFC), quotes, dashes and spaces, keeping line breaks.

    Curly quotes and guillemets become straight quotes; en and em dashes become an em dash
    (" — " between words, "-" between digits); exotic spaces become plain spaces. Each regular
    expression runs only when its character occurs (this runs on every article).

    >>> normalize_typography("«\u00a0Non\u00a0», a-t-elle dit \u2013 2015\u20132017 \u201cyes\u201d")
    '"Non", a-t-elle dit — 2015-2017 "yes"'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if "«" in text or "»" in text:
            text = _GUILLEMET_INNER.sub("", text.replace("\u00a0", " ").replace("\u202f", " "))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TRANSLATED.search(text):  # str.translate with a dict table is slow on long texts
        text = _TRANSLATED.sub(lambda m: m.group(0).translate(_QUOTE_TABLE), text)
    if "\u2014" in text:
        text = _space_dashes(_DIGIT_DASH.sub("-", text))
    return _MULTISPACE.sub(" ", text) if "  " in text else text


@dataclass(frozen=True)
class Rule:
    id: str
    action: str
    pattern: regex.Pattern
    max_words: int | None = None
    description: str = ""
    examples: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class CleaningRules:
    """An ordered set of cleaning rules, loaded from YAML (see ``resources/cleaning.yaml``)."""

    rules: tuple[Rule, ...]

    @classmethod
    def default(cls) -> CleaningRules:
        return _default_rules()

    @classmethod
    def from_yaml(cls, *paths: str | Path, include_default: bool = True) -> CleaningRules:
        """Load rules from YAML files; a user's file extends (and by id replaces) the default."""
        merged: dict[str, Rule] = {r.id: r for r in _default_rules().rules} if include_default else {}
        for path in paths:
            text = read_user_text(path, "cleaning rules")
            merged.update({r.id: r for r in _parse_rules(text, str(path))})
        return cls(tuple(merged.values()))

    def ids(self) -> list[str]:
        return [r.id for r in self.rules]


_ACTIONS = {"drop_line", "strip", "dateline"}
_RULE_FIELDS = {"id", "action", "pattern", "flags", "max_words", "description", "examples", "keep"}


def _parse_rules(text: str, where: str) -> list[Rule]:
    try:
        data = load_user_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("rules", []), list):
        raise ValueError(f"{where}: expected a mapping with a 'rules' list")  # noqa: TRY004
    if set(data) - {"rules"}:   # "rule:" for "rules:" loaded as no rules at all
        raise ValueError(f"{where}: unknown top-level key(s): "
                         f"{', '.join(sorted(map(str, set(data) - {'rules'})))} (expected 'rules')")
    out = []
    for i, item in enumerate(data.get("rules", [])):
        label = f"{where}: rule #{i + 1}"
        if not isinstance(item, Mapping) or not item.get("id") or not isinstance(
                item.get("pattern"), str) or not item["pattern"]:
            raise ValueError(f"{label}: each rule needs an 'id' and a 'pattern' (text)")
        label = f"{where}: rule '{item['id']}'"
        unknown = set(item) - _RULE_FIELDS
        if unknown:   # "flag: i" for "flags: i" was ignored
            raise ValueError(f"{label}: unknown field(s): {', '.join(sorted(map(str, unknown)))} "
                             f"(known: {', '.join(sorted(_RULE_FIELDS))})")
        action = item.get("action", "drop_line")
        if action not in _ACTIONS:
            raise ValueError(f"{label}: unknown action '{action}' (known: {sorted(_ACTIONS)})")
        max_words = item.get("max_words")
        if max_words is not None and (not isinstance(max_words, int) or isinstance(
                max_words, bool) or max_words < 1):
            raise ValueError(f"{label}: max_words must be a whole number of at least 1, "
                             f"got {max_words!r}")
        flags = regex.V0 | (regex.IGNORECASE if "i" in str(item.get("flags", "")) else 0)
        try:
            pattern = regex.compile(item["pattern"], flags)
        except regex.error as exc:
            raise ValueError(f"{label}: invalid pattern ({exc})") from None
        out.append(Rule(
            id=str(item["id"]), action=action, pattern=pattern,
            max_words=item.get("max_words"), description=str(item.get("description", "")),
            examples=tuple(item.get("examples", ())), keep=tuple(item.get("keep", ())),
        ))
    return out


@functools.cache
def _default_rules() -> CleaningRules:
    text = shipped_path("cleaning.yaml").read_text("utf-8")
    return CleaningRules(tuple(_parse_rules(text, "cleaning.yaml")))


@dataclass
class CleanResult:
    text: str
    dateline: str | None = None
    wire: str | None = None
    fired: dict[str, int] = field(default_factory=dict)


def _dropping_rule(line: str, rules: list[Rule]) -> Rule | None:
    """The first drop_line rule that removes ``line``, if any."""
    n_words = None
    for rule in rules:
        if rule.max_words is not None:
            if n_words is None:
                n_words = len(line.split())
            if n_words > rule.max_words:
                continue
        if rule.pattern.fullmatch(line) is not None:
            return rule
    return None


#: Tags that mark a text field as HTML (an API's or a scraper's "content"), and HTML entities.
_MARKUP = re.compile(r"</?(?:p|br|div|span|a|b|i|em|strong|u|ul|ol|li|h[1-6]|blockquote|figure|"
                     r"figcaption|img|table|tr|td|section|article|header|footer|script|style)\b"
                     r"[^<>]*>|&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,6});", re.IGNORECASE)
_MARKUP_BLOCKS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_MARKUP_BREAKS = re.compile(r"<(?:br\s*/?|/p|/div|/h[1-6]|/li|/blockquote|/tr)\s*>",
                            re.IGNORECASE)
_MARKUP_TAG = re.compile(r"</?[a-z][a-z0-9]*\b[^<>]*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)


def _strip_markup(text: str) -> tuple[str, int]:
    """A text field holding HTML as text: scripts and styles dropped, block ends as paragraph
    breaks, tags removed, entities decoded (``&amp;`` is ``&``). Returns the text and how many
    tags and entities went; a text without any is returned as it is."""
    if not _MARKUP.search(text):
        return text, 0
    n = len(_MARKUP.findall(text))
    text = _MARKUP_BLOCKS.sub(" ", text)
    text = _MARKUP_BREAKS.sub("\n\n", text)
    text = _MARKUP_TAG.sub(" ", text)
    return html.unescape(text), n


def clean_text(text: str, rules: CleaningRules | None = None) -> CleanResult:
    """Normalise typography, drop boilerplate lines, lift a wire dateline, rebuild paragraphs.

    Paragraphs are separated by a blank line in the output. Input blocks separated by blank lines
    are paragraphs (their inner line breaks become spaces); when the input has no blank line at
    all, each line is a paragraph.

    >>> r = clean_text("PARIS, March 24 (CPA) — Le Pen met Putin.\\nShare this article\\nBy Anna Keller")
    >>> r.text, r.dateline, r.wire
    ('Le Pen met Putin.', 'PARIS, March 24 (CPA)', 'CPA')
    """
    rules = rules or _default_rules()
    result = CleanResult(text="")
    text, markup = _strip_markup(text)
    if markup:
        result.fired["html_markup"] = markup
    text = normalize_typography(text)
    for rule in rules.rules:
        if rule.action == "strip":
            text, n = rule.pattern.subn("", text)
            if n:
                result.fired[rule.id] = result.fired.get(rule.id, 0) + n
    has_blank = "\n\n" in text or regex.search(r"\n[ ]*\n", text) is not None
    line_rules = [r for r in rules.rules if r.action == "drop_line"]
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        dropped = _dropping_rule(line, line_rules)
        if dropped is not None:
            result.fired[dropped.id] = result.fired.get(dropped.id, 0) + 1
            continue
        if has_blank:
            current.append(line)
        else:
            paragraphs.append(line)
    if current:
        paragraphs.append(" ".join(current))
    if paragraphs:
        for rule in (r for r in rules.rules if r.action == "dateline"):
            m = rule.pattern.match(paragraphs[0])
            if m and m.end() < len(paragraphs[0]):
                result.dateline = paragraphs[0][: m.end()].rstrip(" -—:").strip()
                result.wire = (m.groupdict().get("agency") or "").strip() or None
                paragraphs[0] = paragraphs[0][m.end():].lstrip()
                result.fired[rule.id] = result.fired.get(rule.id, 0) + 1
                break
    # the regex only where it has work: its scan stops at every single space
    result.text = "\n\n".join(_MULTISPACE.sub(" ", p) if "  " in p else p
                               for p in paragraphs if p)
    return result


# --------------------------------------------------------------------------------------------
# Dates and languages
# --------------------------------------------------------------------------------------------

#: A numeric date: day, month and year (2 or 4 digits) in the order of the convention, or a
#: 4-digit year first (then month and day), separated by "/", "." or "-"; then an optional time
#: ("10:00", "10:00:00", "10:00 AM", "10h32", "à 10h32") and zone ("CET", "Z", "+01:00").
_NUMERIC_DATE = re.compile(
    r"\s*(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})"                                 # the date
    r"(?:(?:\s*[T,]\s*|\s+(?:(?:à|at|um|-)\s+)?)"                               # a time
    r"\d{1,2}(?:(?::\d{2}){1,2}(?:[.,]\d+)?|[hH](?:\d{2})?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|[A-Z]{2,5}|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?))?)?\s*")         # a zone
_EPOCH = dt.date(1970, 1, 1)
_EPOCH_INSTANT = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# a scraped byline's labels: the publication date is kept, a date of update is not (alone,
# "Updated: 25/03/2017" is no publication date)
_PUBLISHED_LABEL = re.compile(r"\s*(?:(?:first\s+)?published|posted|publiée?|mis en ligne|"
                              r"date)(?:\s+(?:on|le))?\s*:?\s*", re.IGNORECASE)
_UPDATE_PART = re.compile(r"\s*[-–—|,;(]?\s*\b(?:(?:last\s+)?updated|modified|mis à jour|mise à jour|"
                          r"modifié|actualisé)\b.*", re.IGNORECASE | re.DOTALL)


def parse_date(value: object, *, today: dt.date | None = None,
               month_first: bool = False) -> dt.date | None:
    """Parse one date value in any common format to a ``datetime.date``; ``None`` if unusable.

    ISO 8601 (with or without time and zone; the day as written), day-first numeric dates
    (24/03/2017, 24.03.17 10h32, the European convention of the corpora this kit targets;
    ``month_first=True`` reads 03/24/2017 10:00 AM as US exports write it; a date impossible in
    the convention is ``None``, never read the other way; a 4-digit year first is year, month,
    day), RFC 2822, and free text in English or French ("March 24, 2017", "24 mars 2017") are
    accepted, also after a byline label ("Publié le 24/03/2017 à 10h32 - Mis à jour le
    25/03/2017" is the 24th; a date of update alone is not a publication date); dates need a
    day, a month and a year. Relative dates ("yesterday", "il y a 2 jours") give ``None``: the
    day they count from is unknown.
    Numbers, or strings of digits, are dates when unambiguous: YYYYMMDD and YYYYMMDDHHMMSS
    (GDELT), Unix seconds (10 digits) or milliseconds (13 digits), read in UTC.
    Dates after ``today`` and the Unix epoch (a scraper placeholder) give ``None``.

    >>> parse_date("24 mars 2017"), parse_date("Fri, 24 Mar 2017 18:30:00 GMT")
    (datetime.date(2017, 3, 24), datetime.date(2017, 3, 24))
    >>> parse_date("2017-13-45") is None, parse_date("sometime in spring") is None
    (True, True)
    """
    parsed = _read_date(value, month_first)
    if parsed is None or parsed == _EPOCH:
        return None
    if parsed > (today or dt.date.today()) or parsed.year < 1800:
        return None
    return parsed


def _date_problem(value: object, today: dt.date | None, month_first: bool) -> str:
    """Why :func:`parse_date` gives no date for ``value`` (a reject's reason)."""
    if value is None:
        return "missing date"
    parsed = _read_date(value, month_first)
    if parsed is None:
        if isinstance(value, str) and _parse_date_text(value.strip(), month_first, True):
            return f"relative date {value!r} with no day to count from"
        return f"unparseable date {value!r}"
    if parsed == _EPOCH:
        return f"placeholder date {value!r} (the Unix epoch, as scrapers write for none)"
    if parsed.year < 1800:
        return f"date before 1800 {value!r}"
    return f"future date {value!r} (after {today or dt.date.today()})"


def _read_date(value: object, month_first: bool) -> dt.date | None:
    """The date ``value`` writes, if any (no bounds: see :func:`parse_date`)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        parsed: dt.date | None = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, bool) or not np.isfinite(value) or value < 0:
            return None
        whole = int(value)
        parsed = _numeric_date(str(whole), fraction=value != whole)
    else:
        text = str(value).strip()
        parsed = _numeric_date(text) if text.isascii() and text.isdigit() else \
            _parse_date_text(text, month_first)
    return parsed


def _numeric_date(digits: str, *, fraction: bool = False) -> dt.date | None:
    """A date written as a number: YYYYMMDD (GDELT's SQLDATE), YYYYMMDDHHMMSS (GDELT's
    DATEADDED), Unix time in seconds (10 digits) or milliseconds (13 digits, in UTC). Other
    numbers (a year alone, 6 digits...) are ambiguous: None."""
    n = len(digits)
    try:
        if n in (10, 13):
            return dt.datetime.fromtimestamp(int(digits) / (1000 if n == 13 else 1), dt.UTC).date()
        if fraction:
            return None
        if n == 8:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if n == 14:
            return dt.datetime.strptime(digits, "%Y%m%d%H%M%S").date()
    except (ValueError, OverflowError, OSError):
        return None
    return None


@functools.lru_cache(maxsize=65536)
def _parse_date_text(text: str, month_first: bool = False,
                     relative: bool = False) -> dt.date | None:
    """The date ``text`` writes; ``relative=True``: the date dateparser would count from today
    for a relative date ("yesterday"), else None (to name the problem, see _date_problem)."""
    if not text or len(text) > 80:
        return None
    try:  # fast path: ISO 8601, which most exports use
        stamp = dt.datetime.fromisoformat(text)
        if stamp.tzinfo is not None and stamp.astimezone(dt.UTC) == _EPOCH_INSTANT:
            return _EPOCH   # the epoch written in local time (1969-12-31T19:00:00-05:00)
        return stamp.date()
    except ValueError:
        pass
    m = _NUMERIC_DATE.fullmatch(text)
    if m:   # never dateparser: it reads month first where day first is impossible, silently
        return _numeric_dmy(*m.groups(), month_first=month_first)
    label = _PUBLISHED_LABEL.match(text)
    update = _UPDATE_PART.search(text)
    if label or update:   # "Publié le 24/03/2017 à 10h32 - Mis à jour le 25/03/2017"
        rest = text[label.end() if label else 0:update.start() if update else len(text)]
        return _parse_date_text(rest, month_first, relative) if rest.strip() else None
    import dateparser  # slow to import; only free-text dates need it

    got = dateparser.parse(
        text,
        languages=["en", "fr", "de", "es", "it", "ru"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"],
                  "DATE_ORDER": "MDY" if month_first else "DMY",
                  "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_LOCALE_DATE_ORDER": False,
                  # relative dates ("yesterday", "il y a 2 jours") count from the machine's
                  # clock, not from the day they were written: no date (see _date_problem)
                  "PARSERS": ["relative-time"] if relative else _ABSOLUTE_PARSERS},
    )
    return got.date() if got else None


#: dateparser's default parsers less "relative-time"
_ABSOLUTE_PARSERS = ["timestamp", "custom-formats", "absolute-time"]


def _numeric_dmy(first: str, second: str, third: str, *, month_first: bool) -> dt.date | None:
    """The date of a numeric form's three numbers (:data:`_NUMERIC_DATE`): year, month, day
    when the first has 4 digits; else day, month, year (month, day, year with
    ``month_first``), a 2-digit year read as ``%y`` reads it (69-99: 1900s, 00-68: 2000s).
    An impossible date, or other digit counts (a 1-digit year), is None."""
    if len(first) == 4 and len(third) <= 2:
        year, month, day = int(first), int(second), int(third)
    elif len(first) <= 2 and len(third) in (2, 4):
        day, month, year = int(first), int(second), int(third)
        if month_first:
            day, month = month, day
        if len(third) == 2:
            year += 1900 if year >= 69 else 2000
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_LETTERS = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.cache
def _ascii_outside(pattern: re.Pattern) -> bytes:
    """The bytes that are not ASCII characters ``pattern`` matches (UTF-8 lead and continuation
    bytes included), for ``bytes.translate(None, delete=...)``."""
    return bytes(b for b in range(256) if b > 0x7F or not pattern.fullmatch(chr(b)))


def _count_chars(text: str, pattern: re.Pattern) -> int:
    """How many characters of ``text`` the run pattern ``pattern`` covers: the ASCII ones by
    deleting the rest of the UTF-8 bytes (C speed), the others by the regex over the non-ASCII
    characters alone (a class of single characters: joining them changes nothing)."""
    n = len(text.encode("utf-8", "surrogatepass").translate(None, _ascii_outside(pattern)))
    if not text.isascii():
        n += sum(map(len, pattern.findall("".join(_NON_ASCII.findall(text)))))
    return n


def _count_letters(text: str) -> int:
    return _count_chars(text, _LETTERS)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` (py3langid, 97 languages; its byte walk vectorised, same
    labels: :mod:`analysis._langid`); ``"und"`` if too short to tell.

    >>> detect_language("Le Kremlin a démenti toute ingérence dans l'élection présidentielle."), \
detect_language("The Kremlin denied any interference in the presidential election.")
    ('fr', 'en')
    """
    sample = text[:400]  # about 70 words: langid's accuracy on en/fr news has saturated by then
    if _count_letters(sample) < MIN_LETTERS:
        return "und"
    return langid_classifier()(sample)


#: The languages the offline scorers read: a language column that says one of them where the
#: text reads as another (or the reverse) is overruled by the text, see _checked_language.
CHECKED_LANGUAGES = frozenset({"en", "fr"})
#: Letters of the detector's sample a text needs before it may overrule a language column.
LANGUAGE_CHECK_LETTERS = 100  # ~18 words; on EUvsDisinfo summaries detection is exact from here


def _checked_language(supplied: str | None, text: str, overridden: dict) -> str:
    """The language of an article: the input's (``supplied``) unless the text, long enough to
    tell, reads as another language and one of the two is English or French (a dataset whose
    language column gives the original outlet's language beside English summaries would
    otherwise leave them unscored). Overrides are counted in ``overridden`` ("ru->en")."""
    if supplied is None:
        return detect_language(text)
    if _count_letters(text[:400]) < LANGUAGE_CHECK_LETTERS:
        return supplied
    detected = detect_language(text)
    if detected != supplied and (detected in CHECKED_LANGUAGES or supplied in CHECKED_LANGUAGES):
        key = f"{supplied}->{detected}"
        overridden[key] = overridden.get(key, 0) + 1
        return detected
    return supplied


#: language names and ISO 639-2 codes -> the ISO 639-1 codes language ID gives
_LANGUAGE_NAMES = {
    "english": "en", "french": "fr", "français": "fr", "francais": "fr", "german": "de",
    "deutsch": "de", "russian": "ru", "spanish": "es", "español": "es", "italian": "it",
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "rus": "ru", "spa": "es",
    "ita": "it", "ukr": "uk", "pol": "pl", "nld": "nl", "dut": "nl", "por": "pt", "bel": "be",
}


def _normalize_language(value: object) -> str | None:
    if not _present(value):
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    code = _LANGUAGE_NAMES.get(code, code)
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


# --------------------------------------------------------------------------------------------
# Deduplication
# --------------------------------------------------------------------------------------------

DEDUPE_PERM = 128          #: MinHash permutations per article
DEDUPE_SEED = 13
_BANDS, _ROWS = 25, 5      # LSH: a pair is compared when one of 25 bands of 5 values agrees
_MAX_BUCKET = 200          # in a bigger bucket each article is compared with its first 200
_PAIR_BLOCK = 16_384       # candidate pairs compared at once (their signatures: 16 MB)
_BIG_BUCKET = 100          # buckets above this are resolved on the spot (_resolve_bucket)


def dedupe_features(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What duplicate marking needs of each text, computed text by text (so in any process).

    Returns ``keys`` (uint64: a hash of the case- and whitespace-normalised words; equal keys
    are exact copies), ``signatures`` (uint32, ``DEDUPE_PERM`` MinHash values of the distinct
    word 5-shingles) and ``has_signature`` (False for texts with under 3 distinct shingles, too
    short for a meaningful near-duplicate test).

    MinHash, vectorised: each shingle is hashed from the CRC-32 of its words (a polynomial over
    the 5 word hashes, then a 64-bit finaliser, high 32 bits), and permutation ``i`` maps a
    shingle hash ``h`` to ``x = a_i * h + b_i (mod 2^32)`` with odd ``a_i`` (a bijection),
    followed by ``x ^ (x >> 15)``; the signature is the minimum per permutation. ``a`` and ``b``
    are drawn from ``DEDUPE_SEED``.
    """
    keys, sigs, has = [], [], []
    empty = np.zeros(DEDUPE_PERM, dtype=np.uint32)
    done: dict[int, int] = {}   # key -> row already computed (copies within one call)
    for text in texts:
        words = word_list(text.lower())
        key = int.from_bytes(hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest(),
                             "little")
        keys.append(key)
        if key in done:
            sigs.append(sigs[done[key]])
            has.append(has[done[key]])
            continue
        done[key] = len(keys) - 1
        shingles = _shingle_hashes(words)
        if len(shingles) < 3:
            sigs.append(empty)
            has.append(False)
            continue
        sigs.append(_minhash(shingles))
        has.append(True)
    n = len(keys)
    return (np.array(keys, dtype=np.uint64),
            np.vstack(sigs) if n else np.zeros((0, DEDUPE_PERM), np.uint32),
            np.array(has, dtype=bool))


class _CrcMemo(dict):
    """word -> CRC-32 of its UTF-8 bytes, computed on first use (a lookup is about 3x faster
    than encoding and hashing again; news vocabularies repeat)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode())
        return value


_WORD_CRC = _CrcMemo()
_WORD_CRC_MAX = 200_000   # words remembered (about 25 MB); then the memo starts afresh


def _shingle_hashes(words: list[str], k: int = 5) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``k``-shingles (texts under ``k`` words: none)."""
    if len(words) < k:
        return np.zeros(0, dtype=np.uint32)
    if len(_WORD_CRC) > _WORD_CRC_MAX:
        _WORD_CRC.clear()
    w = np.fromiter(map(_WORD_CRC.__getitem__, words), dtype=np.uint64, count=len(words))
    n = len(words) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for t in range(k):
            h = h * np.uint64(0x100000001B3) + w[t: t + n]
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
    return _distinct((h >> np.uint64(32)).astype(np.uint32))


def _distinct(a: np.ndarray, kind: str | None = None) -> np.ndarray:
    """``np.unique(a)`` of a 1-d array, by sorting: numpy 2's hash-based ``unique`` is several
    times slower here (650 shingle hashes: 35 against 5 us; 1.6M pair codes: 1.4 against 0.09 s).
    ``kind="stable"`` (timsort) when ``a`` is a few sorted runs: it merges them."""
    a = np.sort(a, kind=kind)
    keep = np.ones(len(a), dtype=bool)
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The ``DEDUPE_PERM`` permutation parameters (odd ``a``, any ``b``), from ``DEDUPE_SEED``."""
    gen = np.random.RandomState(DEDUPE_SEED)
    a = gen.randint(0, 2 ** 32, size=DEDUPE_PERM, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = gen.randint(0, 2 ** 32, size=DEDUPE_PERM, dtype=np.uint64).astype(np.uint32)
    return a, b


def _bucket_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(y, x)``, ``y < x < n``, of a bucket of ``n`` texts, with ``y`` among the
    first ``_MAX_BUCKET``: at most 200 * n pairs, never the n * n of a whole triangle."""
    m = min(n - 1, _MAX_BUCKET)
    counts = n - 1 - np.arange(m)                # partners of y = 0 .. m-1
    y = np.repeat(np.arange(m), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)   # where each y's run starts
    return y, np.arange(len(y)) - first + y + 1


def _resolve_bucket(sigs: np.ndarray, threshold: float) -> np.ndarray:
    """Groups within one big bucket (the signatures of its texts, in bucket order): the same
    pairs as :func:`_bucket_pairs` are compared, but a pair already joined through other pairs
    is skipped, and no pair list is built. Returns each text's group as the bucket index of
    one of its members (``label[i] == i`` for that member)."""
    n = len(sigs)
    label = np.arange(n)
    for y in range(min(n - 1, _MAX_BUCKET)):
        x = np.arange(y + 1, n)
        x = x[label[x] != label[y]]
        if not len(x):
            continue
        hit = x[(sigs[x] == sigs[y]).mean(axis=1) >= threshold]
        if len(hit):
            label[np.isin(label, label[hit])] = label[y]
    return label


def _minhash(shingles: np.ndarray) -> np.ndarray:
    a, b = _permutations()
    # one row per permutation: the minimum runs along contiguous memory (~20% faster)
    with np.errstate(over="ignore"):
        x = np.multiply(a[:, None], shingles)
    x += b[:, None]
    x ^= x >> np.uint32(15)
    return x.min(axis=1)


def _band_keys(sigs: np.ndarray) -> np.ndarray:
    """One uint64 per (article, band): the band's 5 signature values hashed together."""
    mult = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                     0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD], dtype=np.uint64)
    s = sigs[:, : _BANDS * _ROWS].astype(np.uint64).reshape(len(sigs), _BANDS, _ROWS)
    with np.errstate(over="ignore"):
        return (s * mult).sum(axis=2, dtype=np.uint64)


def resolve_duplicates(keys: np.ndarray, published: np.ndarray, signature_rows,
                       *, threshold: float = 0.7) -> np.ndarray:
    """The row each article duplicates (-1: none), from :func:`dedupe_features` output.

    ``published``: datetime64 per row (NaT allowed). ``signature_rows(rows)`` returns
    ``(signatures, has_signature)`` for the given row numbers (so the caller can keep the
    signatures on disk and load only those of the distinct texts). Rows with equal keys are
    exact copies; distinct texts whose MinHash estimate of Jaccard similarity is >= ``threshold``
    are near copies. Each group points to its earliest member (by ``published``, NaT last, then
    row order).
    """
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    published = np.asarray(published, dtype="datetime64[ns]")
    nat = np.isnat(published)
    order = np.lexsort((np.arange(n), nat, np.where(nat, np.datetime64("2262-01-01", "ns"),
                                                    published)))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    reps = np.sort(first)                       # one row per distinct text, in row order
    # band keys of every distinct text, a block of signatures at a time
    bands = np.empty((len(reps), _BANDS), dtype=np.uint64)
    has = np.empty(len(reps), dtype=bool)
    for start in range(0, len(reps), 50_000):
        sigs, h = signature_rows(reps[start: start + 50_000])
        bands[start: start + len(h)] = _band_keys(sigs)
        has[start: start + len(h)] = h
    reps, bands = reps[has], bands[has]
    # candidate pairs (positions in reps, x < y) of the texts that agree on a whole band, kept
    # as one deduplicated int64 array of codes x * m + y, never as Python tuples; a bucket too
    # big for that is resolved on the spot and adds the edges that join its groups
    m = len(reps)
    codes = np.zeros(0, dtype=np.int64)
    joined: list[np.ndarray] = []
    resolved: set[bytes] = set()   # big buckets already resolved (one often recurs in every band)
    for j in range(_BANDS):
        srt = np.argsort(bands[:, j], kind="stable")  # equal keys keep row order
        values = bands[srt, j]
        starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
        lengths = np.diff(np.r_[starts, len(values)])
        found = []
        for st, ln in zip(starts[lengths > 1].tolist(), lengths[lengths > 1].tolist()):
            group = srt[st: st + ln]   # ascending positions
            if ln > _BIG_BUCKET:
                members = group.tobytes()
                if members not in resolved:
                    resolved.add(members)
                    label = _resolve_bucket(signature_rows(reps[group])[0], threshold)
                    moved = label != np.arange(ln)
                    joined.append(np.column_stack([group[label[moved]], group[moved]]))
                continue
            y, x = _bucket_pairs(ln)
            found.append(group[y] * m + group[x])
        if found:
            codes = _distinct(np.concatenate([codes, _distinct(np.concatenate(found))]),
                              kind="stable")
    del bands
    # the candidate pairs whose estimated Jaccard is >= threshold join their texts' groups
    if len(codes):
        x, y = np.divmod(codes, m)
        need = _distinct(np.concatenate([x, y]))
        sigs = signature_rows(reps[need])[0]
        similar = _similar(sigs, np.searchsorted(need, x), np.searchsorted(need, y), threshold)
        del sigs
        joined.append(np.column_stack([x[similar], y[similar]]))
    group = np.arange(m)
    if joined:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        edges = np.concatenate(joined)
        graph = coo_matrix((np.ones(len(edges), dtype=np.int32), (edges[:, 0], edges[:, 1])),
                           shape=(m, m))
        _, component = connected_components(graph, directed=False)
        text_rank = np.full(len(first), n, dtype=np.int64)   # of each text's earliest copy
        np.minimum.at(text_rank, inverse, rank)
        group = _split_components(component, text_rank[inverse[reps]], signature_rows, reps,
                                  threshold)
    # every row's group: that of its text's representative (texts without a signature: the
    # first copy of the text)
    pos = np.searchsorted(reps, first)
    found = (pos < len(reps)) & (reps[np.minimum(pos, len(reps) - 1)] == first) if len(reps) \
        else np.zeros(len(first), dtype=bool)
    comp_of_text = first.astype(np.int64).copy()
    comp_of_text[found] = reps[group[pos[found]]]
    comp = comp_of_text[inverse]
    # the earliest member of each group
    by_rank = np.lexsort((rank, comp))
    comp_sorted = comp[by_rank]
    starts = np.flatnonzero(np.r_[True, comp_sorted[1:] != comp_sorted[:-1]])
    earliest = np.repeat(by_rank[starts], np.diff(np.r_[starts, n]))
    target = np.empty(n, dtype=np.int64)
    target[by_rank] = earliest
    return np.where(target == np.arange(n), -1, target)


def _similar(sigs: np.ndarray, a: np.ndarray, b: np.ndarray, threshold: float) -> np.ndarray:
    """Is the MinHash estimate of Jaccard similarity of ``sigs[a[i]]`` and ``sigs[b[i]]`` at
    least ``threshold``? Compared ``_PAIR_BLOCK`` pairs at a time."""
    out = np.zeros(len(a), dtype=bool)
    for lo in range(0, len(a), _PAIR_BLOCK):
        hi = lo + _PAIR_BLOCK
        out[lo:hi] = (sigs[a[lo:hi]] == sigs[b[lo:hi]]).mean(axis=1) >= threshold
    return out


def _split_components(component: np.ndarray, rank: np.ndarray, signature_rows,
                      reps: np.ndarray, threshold: float) -> np.ndarray:
    """Groups of near copies from the connected components of similar pairs (``component``:
    a label per distinct text, ``rank``: the order of the texts, earliest first): a component
    chains texts that are similar only through others (each version of a rolling story to the
    next), so each group holds the earliest text of what is left of its component and the
    texts similar to it (>= ``threshold``); the rest are grouped again the same way, until none
    is left. Returns each text's group as the position of that earliest text."""
    m = len(component)
    group = np.arange(m)
    todo = np.flatnonzero(np.bincount(component, minlength=m)[component] > 1)
    sigs = signature_rows(reps[todo])[0]
    slot = np.zeros(m, dtype=np.int64)
    slot[todo] = np.arange(len(todo))
    while len(todo):
        todo = todo[np.lexsort((rank[todo], component[todo]))]
        label = component[todo]
        starts = np.flatnonzero(np.r_[True, label[1:] != label[:-1]])
        head = np.repeat(todo[starts], np.diff(np.r_[starts, len(todo)]))
        taken = (todo == head) | _similar(sigs, slot[todo], slot[head], threshold)
        group[todo[taken]] = head[taken]
        todo = todo[~taken]
    return group


def mark_duplicates(
    articles: pd.DataFrame, *, threshold: float = 0.7, num_perm: int = DEDUPE_PERM,
    seed: int = DEDUPE_SEED,
) -> pd.DataFrame:
    """Return a copy of ``articles`` with ``duplicate_of`` set for exact and near duplicates.

    Exact copies share the whitespace- and case-normalised text. Near copies (a wire story lightly
    edited by each outlet) are found with MinHash LSH over word 5-shingles (128 values, 25 bands
    of 5) and confirmed by the estimated Jaccard similarity >= ``threshold``.
    0.7 keeps copies with a sentence trimmed or reworded and a new headline, while distinct
    stories on the same event stay apart (they share a few phrases, not most 5-word runs). The
    bands make a pair at similarity 0.7 a candidate with probability 0.99 (0.5: 0.55); the
    128-value estimate then decides (standard error about 0.04 near 0.7). Each group points to
    its earliest copy (by ``published``, then input order), whose ``duplicate_of`` stays null.

    Needs columns ``article_id``, ``text``, ``published``. The same functions
    (:func:`dedupe_features`, :func:`resolve_duplicates`) mark duplicates in chunked runs.
    """
    if (num_perm, seed) != (DEDUPE_PERM, DEDUPE_SEED):
        raise ValueError(f"mark_duplicates: num_perm and seed are fixed at {DEDUPE_PERM} and "
                         f"{DEDUPE_SEED} so that chunked and whole-corpus runs agree")
    require_columns(articles, ["article_id", "text", "published"], "mark_duplicates")
    out = articles.copy()
    out["duplicate_of"] = _duplicate_of(out, *dedupe_features(out["text"].tolist()),
                                        threshold=threshold)
    return out


def _duplicate_of(articles: pd.DataFrame, keys, sigs, has, *, threshold: float) -> pd.Series:
    """``duplicate_of`` for ``articles`` from their features held in memory."""
    target = resolve_duplicates(keys, articles["published"].to_numpy(dtype="datetime64[ns]"),
                                lambda rows: (sigs[rows], has[rows]), threshold=threshold)
    ids = articles["article_id"].tolist()
    return pd.Series([None if t < 0 else ids[t] for t in target], index=articles.index,
                     dtype="object")


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------

@dataclass
class _Raw:
    """One input record before validation."""

    source: str
    record: str
    fields: dict[str, object]
    stem: str | None = None  # of the id of a table row that has none (see _id_stems)


class _Rejects(list):
    def add(self, source: str, record: str, reason: str) -> None:
        self.append({"source": source, "record": record, "reason": reason})


def _present(value: object) -> bool:
    if value is None or value is pd.NA:
        return False
    if isinstance(value, float) and np.isnan(value):
        return False
    return not (value is pd.NaT or (isinstance(value, str) and not value.strip()))


def _decode(data: bytes) -> tuple[str, str]:
    """Decode bytes: BOM-marked UTF-16 first, then UTF-8 (with or without BOM); bytes that are
    not UTF-8 throughout are decoded line by line (:func:`_decode_line`: a UTF-8 file with a
    pasted Latin-1 line keeps its other lines, a cp1252 file is cp1252 line after line).
    Invalid UTF-16 (a lone surrogate) decodes to U+FFFD, as CSV files do."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    return "\n".join(map(_decode_line, data.removeprefix(codecs.BOM_UTF8).split(b"\n"))), \
        "by line"


def _decode_line(line: bytes) -> str:
    """One line of a file that is not UTF-8 throughout: UTF-8, else cp1252, else latin-1."""
    for enc in ("utf-8", "cp1252"):
        try:
            return line.decode(enc)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")


class _ColumnMap(dict):
    """A ``column_map`` that notes, as files are read, the input columns seen and the names of
    the map found among them: a name is skipped in a file without it (files may differ), and
    :meth:`CorpusReader.raw_chunks` warns about a name no file had."""

    def __init__(self, mapping: Mapping[str, str] | None):
        super().__init__(mapping or {})
        self.found: set[str] = set()
        self.columns: dict[str, None] = {}   # in the order met

    def warn_unused(self) -> None:
        import warnings

        columns = list(self.columns)
        shown = ", ".join(columns[:30]) + (" ..." if len(columns) > 30 else "")
        for src, dst in self.items():
            if src not in self.found:
                warnings.warn(f"column_map names '{src}' (-> {dst}), which no input file has; "
                              f"columns found: {shown or '(none: text and HTML files have no columns)'}"
                              f"; the default names were read for {dst}", stacklevel=3)


def _column_lookup(columns: Iterable[str], column_map: Mapping[str, str] | None,
                   where: str = "") -> dict[str, str]:
    """Map input column names to article fields: ``column_map`` first, then the default map
    (case, spaces and hyphens aside: "Date de publication" is ``date_de_publication``; so are
    ``column_map``'s names). Two columns for one field are an error when ``column_map`` names
    both, and a warning (the first is read) when the default map finds several texts. A
    :class:`_ColumnMap` notes the columns and the names of the map found."""
    import warnings

    def norm(name) -> str:
        return re.sub(r"[\s-]+", "_", str(name).strip().lower())

    lookup: dict[str, str] = {}
    cols = list(columns)
    normed = {c: norm(c) for c in cols}
    # a name the header repeats, which pandas renames "Texte.1", is still that name
    repeated = {c: m[1] for c in cols if (m := re.fullmatch(r"(.+)\.\d+", str(c)))
                and m[1] in normed}
    normed.update({c: normed[base] for c, base in repeated.items()})
    lowered: dict[str, str] = {}
    for c, n in normed.items():
        lowered.setdefault(n, c)
    for src, dst in (column_map or {}).items():
        if dst not in DEFAULT_COLUMN_MAP:
            raise ValueError(
                f"column_map: '{src}' -> '{dst}': target must be one of {sorted(DEFAULT_COLUMN_MAP)}"
            )
        col = src if src in cols else lowered.get(norm(src))
        if col is None:
            continue
        if isinstance(column_map, _ColumnMap):
            column_map.found.add(src)
        if dst in lookup:
            raise ValueError(f"{where}: column_map maps both '{lookup[dst]}' and '{col}' to "
                             f"'{dst}'; map one of them")
        lookup[dst] = col
    if isinstance(column_map, _ColumnMap):
        column_map.columns.update(dict.fromkeys(map(str, cols)))
    for dst, names in DEFAULT_COLUMN_MAP.items():
        if dst in lookup:
            continue
        found = [c for c in cols if normed[c] in names and c not in lookup.values()]
        if not found:
            continue
        found.sort(key=lambda c: names.index(normed[c]))
        lookup[dst] = found[0]
        if dst == "text" and len(found) > 1:
            named = [f"{c!r} (a repeat of {repeated[c]!r})" if c in repeated else repr(c)
                     for c in found]
            warnings.warn(f"{where}: columns {', '.join(named)} could each be the "
                          f"text; '{found[0]}' is read (choose with column_map="
                          f"{{'<column>': 'text'}})", stacklevel=2)
    return lookup


def _is_media_cloud(columns: Iterable[str]) -> bool:
    cols = {str(c).lower() for c in columns}
    return bool({"media_name", "media_url"} & cols) and bool({"publish_date", "stories_id"} & cols)


def _records_from_frame(df: pd.DataFrame, source: str, column_map, row_offset: int = 2,
                        labels: list[str] | None = None) -> Iterator[_Raw]:
    if df.columns.duplicated().any():   # a Parquet file may repeat a name: "text", "text.1"
        df = df.set_axis(_header_names([str(c) for c in df.columns], ","), axis=1)
    lookup = _column_lookup(df.columns, column_map, source)
    if "text" not in lookup:
        if _is_media_cloud(df.columns) and "title" in lookup:
            # Media Cloud story lists carry headlines, not bodies: analyse the headline.
            lookup["text"] = lookup["title"]
        else:
            raise ValueError(
                f"{source}: missing required column 'text' (or one of "
                f"{', '.join(DEFAULT_COLUMN_MAP['text'][1:])}); found columns: "
                f"{', '.join(map(str, df.columns)) or '(none)'}. Pass column_map="
                "{'<your column>': 'text'} (command line: --column-map '<your column>=text')."
            )
    columns = {dst: df[src].tolist() for dst, src in lookup.items()}
    for i in range(len(df)):
        label = labels[i] if labels is not None else f"row {i + row_offset}"
        yield _Raw(source, label, {k: v[i] for k, v in columns.items()})


def _unquote(field: str) -> str:
    if len(field) >= 2 and field[0] == '"' and field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def _looks_line_based(text: str) -> bool:
    """Is this TSV one record per line: at least half its lines have the header's tabs?

    Quote characters are then data (wrapping quotes are removed and doubled quotes undone):
    a quote-aware parser would let one unbalanced quote swallow the following records into a
    single field, silently (seen in a real corpus: four articles merged into their
    predecessors). Lines with another number of fields are rejected, so visible. Files where
    under half the lines match (e.g. many real multi-line quoted fields) go to the CSV parser.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    n_tabs = lines[0].count("\t")
    good = sum(line.count("\t") == n_tabs for line in lines[1:])
    return n_tabs > 0 and good >= 0.5 * (len(lines) - 1)


#: Tables (CSV/TSV) larger than this are read in pieces of ``_BATCH`` rows, not whole.
STREAM_BYTES = 64 << 20
_BATCH = 10_000


def _kind(path: Path) -> str:
    """The format suffix of ``path``: ".jsonl" for "x.jsonl.gz" (JSONL, CSV and TSV files may be
    compressed with gzip, bzip2 or xz)."""
    suffix = path.suffix.lower()
    if suffix in COMPRESSED_SUFFIXES:
        inner = Path(path.stem).suffix.lower()
        if inner in TABLE_SUFFIXES or inner in JSONL_SUFFIXES:
            return inner
    return suffix


def _open(path: Path, mode: str = "rb", **kwargs):
    """``path`` opened, decompressed on the fly when it ends in .gz, .bz2 or .xz."""
    opener = COMPRESSED_SUFFIXES.get(path.suffix.lower())
    return opener(path, mode, **kwargs) if opener else path.open(mode, **kwargs)


#: how a cut or damaged .gz/.bz2/.xz stream fails
_CUT = (EOFError, zlib.error, lzma.LZMAError)


def _blocks(path: Path, limit: int | None = None) -> Iterator[bytes]:
    """The bytes of ``path`` (decompressed), in blocks of up to 64 KB, the first ``limit`` of
    them or all; a cut stream ends at the cut (the reader that parses it reports the cut)."""
    size = 0
    with _open(path) as fh:
        while limit is None or size < limit:
            try:
                block = fh.read(1 << 16 if limit is None else min(1 << 16, limit - size))
            except _CUT:
                return
            if not block:
                return
            size += len(block)
            yield block


def _text_lines(path: Path) -> Iterator[str]:
    """The lines of a table read streaming, decoded as :func:`_decode` decodes the whole file
    (UTF-8, else line by line; UTF-16 with a BOM), line ends as in ``newline=None``."""
    with _open(path) as fh:
        head = fh.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        with _open(path, "rt", encoding="utf-16", errors="replace", newline=None) as fh:
            yield from fh
        return
    with _open(path) as fh:
        for n, line in enumerate(fh):
            if n == 0:
                line = line.removeprefix(codecs.BOM_UTF8)
            text = _decode_line(line)
            if "\r" in text:   # CRLF, and old-Mac CRs: more lines
                yield from io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"))
            else:
                yield text


_QUOTED_LINES = 200   # lines a quoted field of a line-based TSV may span


def _quoted_lines(line: str, last: str, lines: Iterator[str], n_tabs: int):
    """``line`` ends in a quoted field that is not closed: ``(the row, the lines it took,
    the lines read ahead and not taken)``. The row joins the next lines, up to the one that
    closes the quote, when the result has the header's tabs; else it is ``line`` alone."""
    more = list(itertools.islice(lines, _QUOTED_LINES))
    quotes = last.count('"')
    for k, extra in enumerate(more):
        quotes += extra.count('"')
        if quotes % 2 == 0:
            joined = "\n".join([line, *(m.rstrip("\n") for m in more[:k + 1])])
            if joined.count("\t") == n_tabs:
                return joined, k + 1, more[k + 1:]
            break
    return line, 0, more


def _tsv_lines(lines: Iterable[str], source: str, column_map, rejects: _Rejects) -> Iterator[_Raw]:
    """Records of a line-based TSV (see :func:`_looks_line_based`), ``_BATCH`` at a time."""
    header: list[str] | None = None
    n_tabs = 0
    rows: list[list[str]] = []
    labels: list[str] = []

    def flush() -> Iterator[_Raw]:
        if rows:
            yield from _records_from_frame(pd.DataFrame(rows, columns=header, dtype=str), source,
                                           column_map, labels=list(labels))
            rows.clear()
            labels.clear()

    source_lines = iter(lines)
    ahead: list[str] = []   # lines read ahead for a quoted field and not taken, reversed
    n = 0
    while (line := ahead.pop() if ahead else next(source_lines, None)) is not None:
        n += 1
        label = f"line {n}"
        line = line.rstrip("\n")
        if not line.strip() and "\t" not in line:  # a blank line; "\t\t" is a row of empties
            continue
        if header is None:
            header, n_tabs = [_unquote(h) for h in line.split("\t")], line.count("\t")
            continue
        last = line.rsplit("\t", 1)[-1]
        if last.startswith('"') and last.count('"') % 2:   # a quoted field that goes on below?
            line, taken, more = _quoted_lines(line, last, itertools.chain(reversed(ahead),
                                                                          source_lines), n_tabs)
            if taken:
                label = f"lines {n}-{n + taken}"
                n += taken
            ahead = more[::-1]
        if line.count("\t") != n_tabs:
            rejects.add(source, label, f"malformed row with {line.count(chr(9)) + 1} fields "
                        f"(header has {len(header)})")
            continue
        rows.append([_unquote(f) for f in line.split("\t")])
        labels.append(label)
        if len(rows) >= _BATCH:
            yield from flush()
    yield from flush()


def _read_table(path: Path, source: str, column_map, rejects: _Rejects) -> Iterator[_Raw]:
    """A CSV/TSV, ``_BATCH`` rows at a time. Files up to ``STREAM_BYTES`` are decoded whole
    (:func:`_decode`); larger ones, and compressed ones, stream, decoded line by line to the
    same text (:func:`_text_lines`).
    Old-Mac CR line ends and stray CRs in unquoted fields become line breaks (the csv parser
    would drop the rest of such a row without a word). A TSV is read one record per line when
    its first ``_BATCH`` lines look line-based (:func:`_looks_line_based`). A CSV whose header
    holds more semicolons than commas outside quotes is read with ";" as the separator."""

    sep = TABLE_SUFFIXES.get(_kind(path), ",")
    text = None
    if path.suffix.lower() in COMPRESSED_SUFFIXES or path.stat().st_size > STREAM_BYTES:
        unbalanced = _odd_quotes(path)
    else:
        text = _decode(path.read_bytes())[0].replace("\r\n", "\n").replace("\r", "\n")
        unbalanced = text.count('"') % 2 == 1

    def open_lines() -> Iterator[str]:   # the file's lines, from the start
        return _text_lines(path) if text is None else io.StringIO(text)

    cut: list[Exception] = []   # a cut compressed file: its lines end there, its rows are kept
    if sep == "\t":
        lines = _until_cut(open_lines(), cut)
        head = list(itertools.islice(lines, _BATCH))
        if _looks_line_based("".join(head)):
            yield from _tsv_lines(itertools.chain(head, lines), source, column_map, rejects)
            if cut:
                raise cut[0]
            return
        lines.close()
        cut.clear()
    else:
        first = open_lines()
        header = next(first, "")
        first.close()
        if _semicolon_separated(header):
            sep = ";"
    # the csv module's default limit, 128 KiB per field, makes the parser skip a longer
    # article (a transcript, a live blog) without a word: allow any size
    limit = csv.field_size_limit(2**31 - 1)
    lines = _until_cut(open_lines(), cut)
    try:
        yield from _csv_rows(lines, sep, source, column_map, rejects)
    except csv.Error as exc:
        rejects.add(source, "file", f"unreadable {_kind(path)} file: "
                    f"{str(exc).splitlines()[0]}" + (f"; {_UNBALANCED}" if unbalanced else ""))
        return
    finally:
        csv.field_size_limit(limit)
        lines.close()
    if cut:
        raise cut[0]   # reported by the caller, after the rows before the cut
    if unbalanced:
        rejects.add(source, "file", _UNBALANCED)


def _until_cut(lines: Iterable[str], cut: list) -> Iterator[str]:
    """``lines``, ending at the cut of a cut compressed file (the error appended to ``cut``)."""
    try:
        yield from lines
    except _CUT as exc:
        cut.append(exc)


def _csv_rows(fh, sep: str, source: str, column_map, rejects: _Rejects) -> Iterator[_Raw]:
    """The records of a CSV (or quoted TSV), ``_BATCH`` at a time, labelled "row N" (the header
    is row 1; blank lines are skipped and not counted). Parsed with the csv module's default
    dialect, as pandas' Python engine parses, but without its guesses: a row with more fields
    than the header is rejected as malformed when the extra fields hold text (pandas cut such
    rows to the header's width when the first data row was one of them, and reported the
    others as "row ?" with the later rows' numbers shifted); empty extra fields are dropped, and
    missing ones are empty."""
    names: list[str] | None = None
    rows: list[list[str | None]] = []
    labels: list[str] = []

    def batch() -> Iterator[_Raw]:
        yield from _records_from_frame(pd.DataFrame(rows, columns=names, dtype=object), source,
                                       column_map, labels=list(labels))
        rows.clear()
        labels.clear()

    n = 1
    for fields in csv.reader(fh, delimiter=sep):
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue   # a blank line
        if names is None:
            names = _header_names(fields, sep)
            continue
        n += 1
        width = len(names)
        if len(fields) > width and any(f.strip() for f in fields[width:]):
            rejects.add(source, f"row {n}", f"malformed row with {len(fields)} fields (header "
                        f"has {width}): {', '.join(fields)[:80]!r}")
            continue
        rows.append(fields[:width] + [None] * (width - len(fields)))
        labels.append(f"row {n}")
        if len(rows) >= _BATCH:
            yield from batch()
    if names is None:
        rejects.add(source, "file", "empty file: no header and no rows")
    else:   # the last rows; with none at all, the header's columns are still checked
        yield from batch()


def _semicolon_separated(header: str) -> bool:
    """Is this CSV header line ";"-separated, as a spreadsheet in a French (or German...)
    locale saves "CSV": more semicolons than commas outside quotes (``id;texte;"Auteur (nom,
    prénom)"`` is)?"""
    if '"' in header:
        header = re.sub(r'"[^"]*"', "", header)
    return header.count(";") > header.count(",")


def _header_names(fields: list[str], sep: str) -> list[str]:
    """The column names pandas gives a header row (a byte-order mark dropped, an empty name
    "Unnamed: i", a repeated name "name.1")."""
    header = io.StringIO()
    csv.writer(header, delimiter=sep).writerow(fields)
    header.seek(0)
    return pd.read_csv(header, sep=sep, dtype=str, nrows=0, engine="python").columns.tolist()


_UNBALANCED = ("unbalanced quotes: a quoted field never closes, so the rows after it were merged "
               "into it or dropped by the CSV parser; fix the quoting (or save as TSV)")


def _odd_quotes(path: Path) -> bool:
    """Does the file hold an odd number of double quotes (counted in 1 MB blocks)?"""
    return sum(block.count(b'"') for block in _blocks(path)) % 2 == 1


_TEXT_SEARCH_LIMIT = 10_000   # JSONL objects read, at most, before deciding a file has no text field


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _replace_surrogates(item: object) -> object:
    """``item`` (parsed JSON) with every lone surrogate in its strings replaced by U+FFFD.
    Python's json accepts an escape such as ``"\\ud83d"`` without its pair (half an emoji cut
    by a scraper); such a string cannot be encoded as UTF-8, so it would fail every writer."""
    if isinstance(item, str):
        return _SURROGATE.sub("\ufffd", item)
    if isinstance(item, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_replace_surrogates(v) for v in item]
    return item


def _jsonl_objects(path: Path, source: str, rejects: _Rejects) -> Iterator[tuple[str, object]]:
    """``(label, parsed item)`` of a JSON array file or a JSONL file; JSONL is read line by line
    (each line decoded on its own: UTF-8, else cp1252, else latin-1), so a file of any size
    streams. UTF-16 files are decoded whole. A lone surrogate escape becomes U+FFFD, as an
    undecodable byte does in other files."""
    with _open(path) as fh:
        head = fh.read(4096)
    is_json = _kind(path) == ".json"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    # a .json file is one document: an array, or one object (pretty-printed, it spans lines),
    # unless its first line is a whole object: then it is JSONL
    whole = is_json and (start.startswith(b"[") or (
        start.startswith(b"{") and not _is_json_line(start.split(b"\n", 1)[0])))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or whole:
        with _open(path) as fh:
            text, _ = _decode(fh.read())
        stripped = text.lstrip()
        if is_json and stripped.startswith(("[", "{")):
            what = "JSON array" if stripped.startswith("[") else "JSON object"
            try:
                items = json.loads(stripped)
                if _SURROGATE_ESCAPE.search(stripped):
                    items = _replace_surrogates(items)
            except json.JSONDecodeError as exc:
                rejects.add(source, "file", f"invalid {what}: {exc.msg} at line {exc.lineno}")
                return
            except RecursionError:
                rejects.add(source, "file", f"invalid {what}: nested too deeply")
                return
            items = items if isinstance(items, list) else [items]
            if not items:
                rejects.add(source, "file", "empty file: no records")
            for i, item in enumerate(items):
                yield f"item {i + 1}", item
            return
        lines: Iterable = (line.encode("utf-8") for line in text.splitlines())
    else:
        lines = _binary_lines(path)
    blank = True
    for n, line in enumerate(lines, start=1):
        text_line = _decode(line)[0] if n > 1 else _decode(line)[0].lstrip("\ufeff")
        if not text_line.strip():
            continue
        blank = False
        try:
            item = json.loads(text_line)
            if _SURROGATE_ESCAPE.search(text_line):
                item = _replace_surrogates(item)
        except json.JSONDecodeError as exc:
            rejects.add(source, f"line {n}", f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            rejects.add(source, f"line {n}", "invalid JSON: nested too deeply")
            continue
        yield f"line {n}", item
    if blank:   # as an empty CSV is: the file is accounted for, not silently nothing
        rejects.add(source, "file", "empty file: no records")


def _is_json_line(line: bytes) -> bool:
    try:
        json.loads(_decode(line)[0])
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def _binary_lines(path: Path) -> Iterator[bytes]:
    """Lines of a file split at LF, CRLF and lone CR, like ``str.splitlines`` on its text."""
    with _open(path) as fh:
        for line in fh:
            if b"\r" in line:
                yield from line.replace(b"\r\n", b"\n").replace(b"\r", b"\n").rstrip(b"\n").split(b"\n")
            else:
                yield line.rstrip(b"\n")


def _read_jsonl(path: Path, source: str, column_map, rejects: _Rejects) -> Iterator[_Raw]:
    lookups: dict[frozenset, dict[str, str]] = {}
    pending: list[tuple[str, dict]] = []   # objects read before the first one with a text field
    has_text = False
    seen_fields: set[str] = set()

    def missing_text() -> ValueError:
        return ValueError(
            f"{source}: missing required field 'text' (or one of "
            f"{', '.join(DEFAULT_COLUMN_MAP['text'][1:])}); found fields: "
            f"{', '.join(sorted(seen_fields))}. Pass column_map={{'<your field>': 'text'}} "
            "(command line: --column-map '<your field>=text').")

    def as_raw(label: str, item: dict) -> _Raw:
        return _Raw(source, label, {dst: item.get(src) for dst, src in lookups[frozenset(item)].items()})

    for label, item in _jsonl_objects(path, source, rejects):
        if not isinstance(item, dict):
            rejects.add(source, label, f"expected a JSON object, got {type(item).__name__}")
            continue
        keys = frozenset(item)
        if keys not in lookups:
            lookups[keys] = _column_lookup(list(item), column_map, source)
            seen_fields |= {str(k) for k in item}
        if has_text:
            yield as_raw(label, item)
            continue
        pending.append((label, item))
        if "text" in lookups[keys]:
            has_text = True
            for lab, it in pending:
                yield as_raw(lab, it)
            pending = []
        elif len(pending) >= _TEXT_SEARCH_LIMIT:
            raise missing_text()
    if pending:
        raise missing_text()


def _read_parquet(path: Path, source: str, column_map, rejects: _Rejects) -> Iterator[_Raw]:
    """Parquet, read in batches of rows (a file of any size streams)."""
    import pyarrow.parquet as pq

    def unreadable(exc: Exception) -> None:
        rejects.add(source, "file", f"unreadable Parquet file: {type(exc).__name__}: "
                    f"{str(exc).splitlines()[0][:120]}")

    frames: Iterator[pd.DataFrame]
    try:
        pf = pq.ParquetFile(path)
        # ints with nulls stay ints (not float64: 1 -> "1.0", ids above 2**53 collide), and
        # pandas' nullable dtypes are not restored (their NA is no missing value to str())
        frames = (batch.to_pandas(integer_object_nulls=True, ignore_metadata=True)
                  for batch in pf.iter_batches(batch_size=10_000))
        first = next(frames, None)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for corrupt files
        unreadable(exc)
        return
    if first is None:  # no rows: still check the columns, as for a non-empty file
        yield from _records_from_frame(pf.schema_arrow.empty_table().to_pandas(), source,
                                       column_map, row_offset=0)
        return
    offset = 0
    df: pd.DataFrame | None = first
    while df is not None:
        yield from _records_from_frame(df, source, column_map, row_offset=offset)
        offset += len(df)
        try:
            df = next(frames, None)
        except Exception as exc:  # noqa: BLE001
            unreadable(exc)
            return


def _with_stem(raws: Iterator[_Raw], stem: str) -> Iterator[_Raw]:
    """Records of a table file, with the stem of the ids of those that have none."""
    for raw in raws:
        raw.stem = stem
        yield raw


def _read_txt(path: Path, source: str, rejects: _Rejects, stem: str) -> Iterator[_Raw]:
    text, _ = _decode(path.read_bytes())
    lines = text.splitlines()
    idx = next((i for i, line in enumerate(lines) if line.strip()), None)
    if idx is None:
        rejects.add(source, "file", "empty text file")
        return
    title = lines[idx].strip()
    body = "\n".join(lines[idx + 1:])
    if not body.strip():
        rejects.add(source, "file", "a title and no text (the first non-empty line of a .txt "
                    "file is its title)")
        return
    yield _Raw(source, "file", {"title": title, "text": body, "article_id": stem})


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _decode_html(data: bytes) -> str:
    """An HTML page's text. Bytes that decode as UTF-8 are UTF-8 (whatever the page says: a
    template's stale label is commoner than text that happens to be valid UTF-8); else the
    charset its ``<meta>`` declares (a page in windows-1251 or KOI8-R, which read as cp1252 is
    mojibake); else as :func:`_decode` decodes any file."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
            # as browsers do, a page labelled latin-1 is read as its superset cp1252
            return data.decode("cp1252" if codec in ("iso8859-1", "ascii") else codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(data)[0]


def _read_html(path: Path, source: str, rejects: _Rejects, stem: str) -> Iterator[_Raw]:
    import trafilatura

    html = _decode_html(path.read_bytes())
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        rejects.add(source, "file", "no article text found in HTML")
        return
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    yield _Raw(source, "file", {
        "article_id": stem, "title": get("title"), "text": get("text") or "",
        "published": get("date"), "outlet": get("sitename"), "url": get("url"),
        "language": get("language"),
    })


def _is_run_folder(folder: Path) -> bool:
    """An output folder of ``analyze``/``ingest`` (finished: its manifest; or under way)."""
    if (folder / ".work" / "run.json").is_file():
        return True
    try:
        return json.loads((folder / "manifest.json").read_bytes()).get("tool") == "electionlens"
    except (OSError, ValueError, AttributeError):
        return False


def _is_report(path: Path) -> bool:
    """An HTML report written by ``electionlens report`` (its generator meta tag is in the first
    bytes): news to nobody, and full of quoted sentences that would be counted again."""
    if _kind(path) not in HTML_SUFFIXES:
        return False
    try:
        with open(path, "rb") as fh:
            return REPORT_MARKER in fh.read(512)
    except OSError:
        return False


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    """Input files, folders expanded to the files under them. A folder walk skips
    hidden files and folders (``.ipynb_checkpoints`` holds copies of files opened in
    JupyterLab), the tables of earlier runs (``--out`` inside or equal to the input folder) and
    electionlens' own HTML reports, which would otherwise come back as input. Inputs that
    hold no file at all are an error that says why."""
    from .pipeline import OUTPUT_NAMES

    outputs = {*OUTPUT_NAMES, "report.pdf"}   # a run folder's own files
    out: list[Path] = []
    why_none: list[str] = []   # of each folder with no file to read
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise FileNotFoundError(f"input not found: {path}")
        if not path.is_dir():
            out.append(path)
            continue
        found, runs, seen = [], [], False
        for root, dirs, files in os.walk(path):
            skip = outputs if _is_run_folder(Path(root)) else set()
            if skip:
                runs.append(Path(root))
            seen = seen or bool(files) or bool(dirs)
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in skip]
            # files of other types are listed too: each becomes an "unsupported file type"
            # reject, so a folder's PDFs or Word files are not left out without a word
            found += [f for f in map(Path(root).joinpath, files)
                      if f.name not in skip and f.is_file() and not f.name.startswith(".")
                      and f.name.lower() not in {"metadata.csv", "readme.md"}
                      and not _is_report(f)]
        out.extend(sorted(found))
        if runs and not found:
            table = next((runs[0] / f"articles.{ext}" for ext in ("parquet", "csv")
                          if (runs[0] / f"articles.{ext}").exists()), runs[0] / "articles.parquet")
            why_none.append(f"{runs[0]} holds an earlier run's tables, which are skipped as "
                            f"input; pass {table} to read them")
        elif not found:
            why_none.append(f"{path} is an empty folder" if not seen else
                            f"{path} holds no file that is read as input (hidden files and "
                            "folders, metadata.csv, README.md and electionlens reports are not)")
    if why_none and not out:
        raise ValueError(f"no input file to read: {'; '.join(why_none)}")
    return out


def _metadata_rows(metadata: str | Path | pd.DataFrame) -> tuple[str, list[tuple[str, dict]]]:
    """``(where, [(file, fields), ...])`` of a metadata CSV (or DataFrame)."""
    if isinstance(metadata, pd.DataFrame):
        df, where = metadata, "metadata"
    else:
        where = str(metadata)
        try:
            text = _decode(Path(metadata).read_bytes())[0]
            header = text.split("\n", 1)[0]
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                             sep=";" if _semicolon_separated(header) else ",")
        except FileNotFoundError:
            raise FileNotFoundError(f"metadata file not found: {metadata}") from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise ValueError(f"{where}: unreadable metadata CSV ({exc})") from None
    df = df.rename(columns=lambda c: str(c).strip().lower())   # "File", " published"
    if "file" not in df.columns:
        raise ValueError(f"{where}: missing required column 'file' (found: {', '.join(df.columns)})")
    return where, [(str(row["file"]).strip().replace("\\", "/"),
                    {k: row.get(k) for k in METADATA_FIELDS if _present(row.get(k))})
                   for row in df.to_dict("records")]


def sidecar_metadata(files: list[Path]) -> list[Path]:
    """The ``metadata.csv`` (any case) beside text or HTML files among ``files``."""
    out = []
    for folder in sorted({f.parent for f in files if f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES}):
        found = next((folder / n for n in sorted(os.listdir(folder))
                      if n.lower() == "metadata.csv" and (folder / n).is_file()), None)
        if found is not None:
            out.append(found)
    return out


def _match_metadata(files: list[Path], sidecars: list[Path],
                    metadata) -> dict[str, dict[str, object]]:
    """The metadata of each input file, by its ``source``: first from the ``sidecars`` (the
    ``metadata.csv`` beside text/HTML files: rows name files of its folder), then from
    ``metadata``, whose rows
    name a file by its name or by the end of its path ("lemonde/2017-03-24.txt") and override.
    A row that fits several input files is an error (two outlets' folders both holding a
    "2017-03-24.txt"), as are two rows for one file; rows that fit no input file are reported
    in a warning."""
    by_name: dict[str, list[Path]] = {}
    for f in files:
        by_name.setdefault(f.name, []).append(f)
    out: dict[str, dict[str, object]] = {}
    for beside in sidecars:   # a folder's metadata.csv: its rows name files of its folder
        out.update(_fit_rows(*_metadata_rows(beside), lambda name, folder=beside.parent: [
            f for f in by_name.get(Path(name).name, [])
            if os.path.normpath(f) == os.path.normpath(folder / name)]))

    def fits(name: str) -> list[Path]:   # a name, the end of a path, or an absolute path
        named = Path(name)
        if named.is_absolute():
            return [f for f in by_name.get(named.name, [])
                    if os.path.abspath(f) == os.path.normpath(named)]
        return [f for f in by_name.get(named.name, []) if f.parts[-len(named.parts):] == named.parts]

    if metadata is not None:
        out.update(_fit_rows(*_metadata_rows(metadata), fits))
    return out


def _fit_rows(where: str, rows: list[tuple[str, dict]], fits) -> dict[str, dict[str, object]]:
    """The fields of each input file (by ``source``) from metadata ``rows``; ``fits(name)``: the
    input files a row's name fits. A row that fits several, or two rows for one file, is an
    error; rows that fit none are named in a warning."""
    import warnings

    out: dict[str, dict[str, object]] = {}
    unmatched, seen = [], {}
    for n, (name, fields) in enumerate(rows, start=2):
        matches = fits(name)
        if len(matches) > 1:
            raise ValueError(f"{where}: row {n}: '{name}' fits {len(matches)} input files "
                             f"({', '.join(path_text(f) for f in matches[:3])}); name its folder "
                             "too, e.g. 'outlet/file.txt'")
        if not matches:
            unmatched.append(name)
            continue
        key = path_text(matches[0])
        if key in seen:
            raise ValueError(f"{where}: rows {seen[key]} and {n} both describe {key}")
        seen[key] = n
        out[key] = fields
    if unmatched:
        warnings.warn(f"{where}: {len(unmatched)} row(s) name no input file: "
                      f"{', '.join(unmatched[:5])}{' ...' if len(unmatched) > 5 else ''}",
                      stacklevel=4)
    return out


def _id_stems(files: list[Path]) -> dict[str, str]:
    """The article-id stem of each input file: its name without suffix ("2017-03-24" for a
    text file, "news" for the rows of news.csv that have no id), or, where input files in
    different folders share it, their path from the folder they have in common
    ("lemonde/2017-03-24", "figaro/2017-03-24"), so that neither is lost as a duplicate id."""
    by_stem: dict[str, list[Path]] = {}
    for f in dict.fromkeys(files):  # a file given twice is one file: its records are duplicates
        by_stem.setdefault(Path(path_text(f)).stem, []).append(f)
    out = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            out[path_text(group[0])] = stem
            continue
        full = [os.path.abspath(f) for f in group]
        root = os.path.commonpath([os.path.dirname(f) for f in full])
        rel = [Path(os.path.relpath(f, root)).as_posix() for f in full]
        short = [r[: -len(Path(r).suffix)] if Path(r).suffix else r for r in rel]
        taken = Counter(short)  # a scrape of 100,000 ".../index.html" is one group
        for f, r, sh in zip(group, rel, short, strict=True):
            out[path_text(f)] = path_text(Path(sh if taken[sh] == 1 else r))
    return out


def path_text(path: Path) -> str:
    """``path`` as text that every writer takes: a name with bytes that are not UTF-8 (an old
    Latin-1 archive's "caf\\xe9.txt", which Python decodes to a lone surrogate) has them
    backslash-escaped in ``source``, ``article_id`` and messages."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _iter_raw(files: list[Path], column_map, rejects: _Rejects,
              stems: dict[str, str]) -> Iterator[_Raw]:
    for path in files:
        source = path_text(path)
        stem = stems[source]
        suffix = _kind(path)
        try:
            if suffix in TABLE_SUFFIXES:
                yield from _with_stem(_read_table(path, source, column_map, rejects), stem)
            elif suffix in JSONL_SUFFIXES:
                yield from _with_stem(_read_jsonl(path, source, column_map, rejects), stem)
            elif suffix in PARQUET_SUFFIXES:
                yield from _with_stem(_read_parquet(path, source, column_map, rejects), stem)
            elif suffix in TEXT_SUFFIXES:
                yield from _read_txt(path, source, rejects, stem)
            elif suffix in HTML_SUFFIXES:
                yield from _read_html(path, source, rejects, stem)
            else:
                rejects.add(source, "file", f"unsupported file type '{suffix or '(none)'}' "
                            f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}; CSV, TSV and "
                            f"JSON(L) also compressed: {', '.join(COMPRESSED_SUFFIXES)})")
        except (PermissionError, IsADirectoryError, OSError) as exc:
            rejects.add(source, "file", f"unreadable file: {exc.strerror or exc}")
        except _CUT as exc:   # a cut or damaged .gz/.bz2/.xz
            rejects.add(source, "file", f"truncated or corrupt compressed file: {exc}")


# --------------------------------------------------------------------------------------------
# load_corpus
# --------------------------------------------------------------------------------------------

def _text_problem(text: str) -> str | None:
    if not text.strip():
        return "empty text after cleaning"
    if text[:4].lower() in ("http", "www.") and all(   # a link where the article should be
            w[:8].lower().startswith(("http://", "https://", "www.")) for w in text.split()):
        return "text is only a URL or URLs, no article text"
    text = text[:2000]  # a sample decides: garbled text is garbled from the start
    letters = _count_letters(text)
    visible = len(text) - _count_chars(text, _SPACES)
    if visible >= MIN_LETTERS and text.count("\ufffd") > 0.05 * visible:
        return "garbled text: many undecodable characters (U+FFFD)"
    if visible >= MIN_LETTERS and letters < MIN_LETTER_SHARE * visible:
        return f"garbled text: only {letters / visible:.0%} of characters are letters"
    if letters < MIN_LETTERS:
        return f"text too short: {letters} letters (minimum {MIN_LETTERS})"
    return None


def _as_str(value: object) -> str | None:
    """A metadata value as one clean line (scraped outlets and titles carry stray CR/LF/tabs)."""
    return " ".join(str(value).split()) if _present(value) else None


def _as_id(value: object) -> str | None:
    """An article id as text: trimmed but otherwise as given ("a b" and "a\tb" stay two ids);
    a whole float as the integer it is (JSON writes 1.0 for a row id 1)."""
    if not _present(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def load_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    metadata: str | Path | pd.DataFrame | None = None,
    column_map: Mapping[str, str] | None = None,
    rules: CleaningRules | str | Path | None = None,
    strict_dates: bool = False,
    month_first: bool = False,
    dedupe: bool = True,
    dedupe_threshold: float = 0.7,
    today: dt.date | None = None,
    stats: dict | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read, clean, date, deduplicate and validate news articles.

    Parameters
    ----------
    paths
        Files or folders. CSV/TSV (comma/tab separated, header row), JSONL (one object a line;
        ``.json`` may be an array), Parquet, ``.txt`` (first non-empty line is the title) and
        ``.html`` (main text extracted with trafilatura). Folders are searched recursively.
        Media Cloud story-list CSV exports are recognised (``media_name`` -> outlet,
        ``publish_date`` -> published; headline used as text when the export has no body).
    metadata
        A CSV with columns ``file, published, outlet, url, language`` (and optionally
        ``title``) that fills what a text or HTML file lacks, matched by file name. A
        ``metadata.csv`` beside text/HTML files is picked up automatically.
    column_map
        ``{"input column": "field"}`` for names the default map (:data:`DEFAULT_COLUMN_MAP`)
        does not know, e.g. ``{"nachricht": "text"}``.
    rules
        Cleaning rules: a :class:`CleaningRules` or a YAML file that extends the default.
    strict_dates
        Reject articles whose date is missing or unparseable instead of keeping them with NaT.
    month_first
        Read numeric dates month first (03/24/2017, US exports) instead of day first.
    stats
        If a dict is given, it is filled with counts (records read, dates missing, rules fired).
    dedupe, dedupe_threshold
        Mark exact and near copies (MinHash over word 5-grams; ``duplicate_of`` names the
        earliest copy) from this Jaccard similarity on; ``dedupe=False`` marks none.
    today
        Dates after this day are future dates, treated as missing (default: the day of the
        run; fix it to rerun a corpus holding recent dates with the same result).

    Returns
    -------
    (articles, rejects)
        ``articles`` has the columns :data:`ARTICLE_COLUMNS`; ``rejects`` has ``source``,
        ``record``, ``reason``. Every input record is in exactly one of them.

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> articles, rejects = load_corpus("data/demo/texts")  # doctest: +SKIP
    """
    if isinstance(paths, pd.DataFrame | pd.Series):   # its column names were read as paths
        raise TypeError("load_corpus reads files: save the DataFrame first (e.g. "
                        "df.to_parquet('corpus.parquet')) and pass its path; analyze_dask also "
                        "takes a pandas or Dask DataFrame")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if dedupe and not 0 < dedupe_threshold <= 1:
        raise ValueError("load_corpus: dedupe_threshold is the similarity (Jaccard, of word "
                         "5-grams) from which texts are near copies: above 0 and at most 1 "
                         f"(default 0.7), got {dedupe_threshold!r}")
    reader = CorpusReader(paths, metadata=metadata, column_map=column_map, rules=rules,
                          strict_dates=strict_dates, month_first=month_first, today=today)
    chunks = [reader.admit(reader.prepare(raws), raws, rejected)
              for raws, rejected in reader.raw_chunks(10_000)]
    articles = pd.concat([c.articles for c in chunks], ignore_index=True) if len(chunks) > 1 \
        else chunks[0].articles
    rejects_df = pd.concat([c.rejects for c in chunks], ignore_index=True) if len(chunks) > 1 \
        else chunks[0].rejects
    if dedupe:
        features = [np.concatenate([getattr(c, f) for c in chunks])
                    for f in ("keys", "signatures", "has_signature")]
        articles["duplicate_of"] = _duplicate_of(articles, *features, threshold=dedupe_threshold)
    else:
        articles["duplicate_of"] = pd.Series([None] * len(articles), index=articles.index,
                                             dtype="object")
    articles = articles[ARTICLE_COLUMNS]
    if stats is not None:
        stats.update(corpus_stats(len(reader.files), len(articles), len(rejects_df),
                                  [c.fired for c in chunks], article_counts(articles),
                                  [reject_reasons(rejects_df)],
                                  [c.languages_overridden for c in chunks]))
    return articles, rejects_df


def corpus_stats(n_files: int, n_articles: int, n_rejects: int,
                 fired: Iterable[Mapping[str, int]], counts: Mapping,
                 reasons: Iterable[Mapping[str, int]] = (),
                 languages_overridden: Iterable[Mapping[str, int]] = ()) -> dict:
    """The counts a manifest records for an ingested corpus: files, records, articles and
    rejects (by kind of reason, summed over ``reasons``, see :func:`reject_reasons`), then
    ``counts`` (:func:`article_counts` and whatever later stages add), the language column
    values the text overruled ("ru->en"), then the cleaning rules' firings summed over
    ``fired``."""
    def summed(parts: Iterable[Mapping[str, int]]) -> Counter:
        return sum(map(Counter, parts), Counter())

    by_reason = sorted(summed(reasons).items(), key=lambda kv: (-kv[1], kv[0]))
    return {"files": n_files, "records": n_articles + n_rejects, "articles": n_articles,
            "rejects": n_rejects, "rejects_by_reason": dict(by_reason), **counts,
            "languages_overridden": dict(sorted(summed(languages_overridden).items())),
            "cleaning_rules_fired": dict(sorted(summed(fired).items()))}


def reject_reasons(rejects: pd.DataFrame) -> dict[str, int]:
    """Rejects counted by kind of reason: the reason up to the values it quotes, its
    parenthesis or its colon, numbers as N ("duplicate article_id '17' (first seen in a.csv)"
    is "duplicate article_id", or "duplicate article_id from another file" when the reject is
    not from a.csv; "malformed row with 5 fields (header has 3)" is "malformed row with N
    fields")."""
    reasons = rejects["reason"].astype(str)
    kinds = (reasons.str.replace(r"\s*(?:'|\(|:).*", "", regex=True)
             .str.replace(r"\d+", "N", regex=True).str.strip())
    first_seen = reasons.str.extract(r"\(first seen in (.*)\)$", expand=False)
    other_file = first_seen.notna() & (first_seen != rejects["source"].astype(str))
    kinds = kinds.where(~other_file, kinds + " from another file")
    return {str(k): int(v) for k, v in kinds.value_counts().items()}


def outlet_variants(counts: Mapping[str, int]) -> dict[str, list[str]]:
    """Outlet names that differ only in case, spaces or punctuation ("Breitbart" and
    "breitbart", "The Guardian" and "theguardian"), from ``{outlet: n_articles}``: the most
    frequent spelling -> every spelling, most frequent first. They are counted as different
    outlets until the input says otherwise; an empty dict when there are none.

    >>> outlet_variants({"breitbart": 23, "Breitbart": 14, "bbc": 3, "Le Monde": 2})
    {'breitbart': ['breitbart', 'Breitbart']}
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    for name, n in counts.items():
        groups.setdefault(re.sub(r"[\W_]+", "", str(name).casefold()), []).append((-n, str(name)))
    return {spellings[0][1]: [s for _, s in spellings]
            for spellings in (sorted(g) for g in groups.values() if len(g) > 1)}


def article_counts(articles: pd.DataFrame) -> dict:
    """Dates missing, duplicates and languages of ``articles``; counts of chunks add up.
    ``dates_month_first``: missing dates that are numeric and valid only month first
    (06/13/2017): a sign of a US export, to read with ``month_first=True``."""
    undated = articles.loc[articles["published"].isna(), "published_raw"].dropna().astype(str)
    return {
        "dates_missing": int(articles["published"].isna().sum()),
        "dates_month_first": sum(1 for raw in undated if _NUMERIC_DATE.search(raw)
                                 and _parse_date_text(raw.strip()) is None
                                 and _parse_date_text(raw.strip(), True) is not None),
        "duplicates": int(articles["duplicate_of"].notna().sum()),
        "languages": {str(k): int(v) for k, v in articles["language"].value_counts().items()},
    }


@dataclass
class CorpusChunk:
    """One chunk of input records, cleaned and validated: ``articles`` (without
    ``duplicate_of``), ``rejects``, the duplicate-marking features of the articles (rows
    aligned) and the cleaning rules that fired."""

    articles: pd.DataFrame
    rejects: pd.DataFrame
    keys: np.ndarray
    signatures: np.ndarray
    has_signature: np.ndarray
    fired: dict
    languages_overridden: dict = field(default_factory=dict)


class _IdIndex:
    """The article ids admitted so far, in 8 bytes per id plus the index of the file that held
    it (a corpus of millions of articles must not hold millions of strings)."""

    def __init__(self):
        self.hashes = np.zeros(0, dtype=np.uint64)
        self.files = np.zeros(0, dtype=np.int32)

    @staticmethod
    def _hash(article_id: str) -> int:
        return int.from_bytes(hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"),
                                              digest_size=8).digest(), "little")

    def first_seen(self, article_id: str) -> int | None:
        """Index of the file where ``article_id`` was admitted, or None."""
        h = np.uint64(self._hash(article_id))
        pos = int(np.searchsorted(self.hashes, h))
        if pos < len(self.hashes) and self.hashes[pos] == h:
            return int(self.files[pos])
        return None

    def add(self, ids: list[str], files: list[int]) -> None:
        hashes = np.array([self._hash(i) for i in ids], dtype=np.uint64)
        order = np.argsort(hashes, kind="stable")
        at = np.searchsorted(self.hashes, hashes[order])  # insert, not re-sort: O(n) a chunk
        self.hashes = np.insert(self.hashes, at, hashes[order])
        self.files = np.insert(self.files, at, np.asarray(files, dtype=np.int32)[order])


class CorpusReader:
    """:func:`load_corpus` in steps, for corpora read chunk by chunk.

    ``raw_chunks(n)`` reads the next ``n`` input records (streaming JSONL, CSV/TSV and Parquet
    files rather than loading them whole); ``prepare(raws)`` cleans, dates and checks them and
    computes their duplicate-marking features, with no state, so it can run in a worker
    process; ``admit(prepared, raws, rejected)``, called on the chunks in input order, rejects
    article ids already seen (and undated records under ``strict_dates``) and returns a
    :class:`CorpusChunk`. Duplicates are then resolved over the whole corpus with
    :func:`resolve_duplicates`.
    """

    def __init__(self, paths: Iterable[str | Path], *, metadata=None, column_map=None,
                 rules: CleaningRules | str | Path | None = None, strict_dates: bool = False,
                 month_first: bool = False, today: dt.date | None = None):
        self.files = _expand(paths)
        self.column_map = _ColumnMap(column_map)
        _column_lookup([], self.column_map)  # a bad target fails now, not at the first record
        self.rules = rules if isinstance(rules, CleaningRules) else (
            CleaningRules.from_yaml(rules) if rules is not None else CleaningRules.default())
        sidecars = sidecar_metadata(self.files)
        self.meta = _match_metadata(self.files, sidecars, metadata)
        #: the metadata files the records draw on (hashed in a run's manifest like the inputs)
        self.metadata_files = sidecars + ([Path(metadata)] if isinstance(metadata, (str, Path))
                                          else [])
        self.stems = _id_stems(self.files)
        self.strict_dates = strict_dates
        self.month_first = month_first
        self.today = today
        self._ids = _IdIndex()
        self._file_index = {path_text(f): i for i, f in enumerate(self.files)}

    def raw_chunks(self, size: int) -> Iterator[tuple[list[_Raw], pd.DataFrame]]:
        """``(records, rejected)`` per ``size`` records; ``rejected`` holds what the readers
        rejected meanwhile (malformed lines, unreadable files). The last chunk may be short;
        an empty corpus gives one empty chunk."""
        rejects = _Rejects()
        chunk: list[_Raw] = []
        yielded = False
        for raw in _iter_raw(self.files, self.column_map, rejects, self.stems):
            chunk.append(raw)
            if len(chunk) >= size:
                yield chunk, _rejects_frame(rejects)
                yielded = True
                chunk = []
                rejects.clear()   # the readers hold this list: a new one would never be filled
        if chunk or rejects or not yielded:
            yield chunk, _rejects_frame(rejects)
        self.column_map.warn_unused()

    def prepare(self, raws: list[_Raw]) -> dict:
        """Per record: the article row or the reason it is rejected (no corpus-wide state)."""
        return prepare_records(raws, self.rules, self.meta, self.today, self.month_first)

    def readmit(self, ids: list[str], sources: list[str]) -> None:
        """Record ids admitted by an earlier, interrupted run (resuming skips their chunks)."""
        self._ids.add(ids, [self._file_index.get(s, 0) for s in sources])

    def _in_input_order(self, rejects: pd.DataFrame) -> pd.DataFrame:
        """A chunk's rejects by file, then line, row or item (the readers' rejects came first,
        then the records': "line 13" before "line 7")."""
        number = pd.to_numeric(rejects["record"].str.extract(r"(\d+)", expand=False),
                               errors="coerce").fillna(-1)
        key = pd.DataFrame({"file": rejects["source"].map(self._file_index).fillna(-1),
                            "n": number})
        return rejects.loc[key.sort_values(["file", "n"], kind="stable").index] \
            .reset_index(drop=True)

    def admit(self, prepared: dict, raws: list[_Raw], rejected: pd.DataFrame) -> CorpusChunk:
        rejects = _Rejects()
        kept, kept_ids, kept_files, feature_rows = [], [], [], []
        in_chunk: dict[str, str] = {}
        k = -1
        for raw, row, reason in zip(raws, prepared["rows"], prepared["reasons"]):
            if row is None:
                rejects.add(raw.source, raw.record, reason)
                continue
            k += 1
            article_id = row["article_id"]
            where = in_chunk.get(article_id)
            if where is None:
                first = self._ids.first_seen(article_id)
                where = path_text(self.files[first]) if first is not None else None
            if where is not None:
                rejects.add(raw.source, raw.record,
                            f"duplicate article_id '{article_id}' (first seen in {where})")
                continue
            if row["published"] is pd.NaT and self.strict_dates:
                why = _date_problem(row["published_raw"], self.today, self.month_first)
                rejects.add(raw.source, raw.record, f"{why} (strict_dates=True)")
                continue
            in_chunk[article_id] = raw.source
            kept.append(row)
            kept_ids.append(article_id)
            kept_files.append(self._file_index.get(raw.source, 0))
            feature_rows.append(k)
        self._ids.add(kept_ids, kept_files)
        # object columns, so a missing value is None in every chunk (inferred string columns
        # hold NaN, except a column with no value at all)
        articles = pd.DataFrame(kept, columns=[c for c in ARTICLE_COLUMNS if c != "duplicate_of"],
                                dtype=object)
        articles["published"] = pd.to_datetime(articles["published"]).astype("datetime64[ns]")
        rows = np.asarray(feature_rows, dtype=np.int64)
        return CorpusChunk(
            articles=articles,
            rejects=self._in_input_order(pd.concat([rejected, _rejects_frame(rejects)],
                                                   ignore_index=True))
            if len(rejected) else _rejects_frame(rejects),
            keys=prepared["keys"][rows], signatures=prepared["signatures"][rows],
            has_signature=prepared["has_signature"][rows], fired=prepared["fired"],
            languages_overridden=prepared["languages_overridden"])


def prepare_records(raws: list[_Raw], rules: CleaningRules, meta: dict, today=None,
                    month_first: bool = False) -> dict:
    """:meth:`CorpusReader.prepare` as a function of picklable arguments (for worker processes)."""
    rows, reasons, fired, overridden = [], [], {}, {}
    for raw in raws:
        row, reason = _prepare_record(raw, rules, meta, today, fired, month_first, overridden)
        rows.append(row)
        reasons.append(reason)
    keys, sigs, has = dedupe_features([r["text"] for r in rows if r is not None])
    return {"rows": rows, "reasons": reasons, "fired": fired, "keys": keys,
            "signatures": sigs, "has_signature": has, "languages_overridden": overridden}


def _rejects_frame(rejects: list) -> pd.DataFrame:
    return pd.DataFrame(list(rejects), columns=REJECT_COLUMNS).astype("object")


def _prepare_record(raw: _Raw, rules: CleaningRules, meta: dict, today, fired: dict,
                    month_first: bool, overridden: dict):
    """``(row, None)`` for a usable record, ``(None, reason)`` otherwise."""
    f = raw.fields
    for key, value in meta.get(raw.source, {}).items():
        if not _present(f.get(key)):
            f[key] = value
    text = f.get("text")
    if isinstance(text, (bytes, bytearray)):   # a Parquet binary column
        text = _decode(bytes(text))[0]
    elif isinstance(text, (tuple, np.ndarray)):   # a Parquet list column arrives as an array
        text = list(text)
    if isinstance(text, list) and all(p is None or isinstance(p, str) for p in text):
        text = "\n\n".join(p for p in text if p)   # paragraphs, as some scrapers export them
    elif isinstance(text, (list, dict)):
        kind = "a list of non-text items" if isinstance(text, list) else "an object"
        return None, f"text is {kind}, not a string"
    if not _present(text):
        return None, "missing or empty text"
    for key in ("article_id", "published", "outlet", "title", "url", "language"):
        value = f.get(key)   # a JSON object or list (a Parquet struct or list) is no value
        if isinstance(value, (dict, list, tuple, np.ndarray)):
            kind = "an object" if isinstance(value, dict) else "a list"
            return None, f"{key} is {kind}, not a single value: {_as_str(value)[:60]!r}"
    cleaned = clean_text(str(text), rules)
    for k, v in cleaned.fired.items():
        fired[k] = fired.get(k, 0) + v
    problem = _text_problem(cleaned.text)
    if problem:
        return None, problem
    article_id = _as_id(f.get("article_id"))
    if article_id is None:
        article_id = f"{raw.stem}:{raw.record.split()[-1]}"  # only table rows lack an id
    published_raw = _as_str(f.get("published"))
    published = parse_date(f.get("published"), today=today, month_first=month_first) \
        if _present(f.get("published")) else None
    title = _as_str(f.get("title"))
    return {
        "article_id": article_id,
        "published": pd.Timestamp(published) if published else pd.NaT,
        "outlet": _as_str(f.get("outlet")),
        "title": normalize_typography(title).strip() if title else None,
        "text": cleaned.text,
        "url": _as_str(f.get("url")),
        "language": _checked_language(_normalize_language(f.get("language")), cleaned.text,
                                      overridden),
        "source": raw.source,
        "published_raw": published_raw,
        "dateline": cleaned.dateline,
        "wire": cleaned.wire,
    }, None
