"""Generic news frames and disinformation narratives, with the evidence that fired.

Resources: ``resources/frames.yaml`` (the 14 generic frames of the Media Frames Corpus as used in
SemEval-2023 Task 3) and ``resources/narratives.yaml`` (a documented taxonomy of pro-Kremlin and
anti-EU narratives, each mapped to SemEval-2025 Task 10 and EUvsDisinfo categories). Both list
*cues* per language:

* a cue is a phrase matched case-insensitively on word boundaries; ``word*`` matches any ending
  of ``word``; ``a|b`` are alternatives and ``( )`` groups them ("stolen (election|vote)");
  ``{actor:BLOC}``, as a whole alternative, matches any actor mention of that bloc (from the
  ``mentions`` table);
* a cue written as a list needs all its parts in the same sentence (co-occurrence);
* a label's ``unless`` cues (same syntax, per language) veto it: a sentence where one of them
  matches does not carry the label ("no sign that the vote was rigged" is no claim that it was).

``lexicon.frames.v1`` (the offline default) fires a label on a sentence when one of its cues
matches, with the matched phrases as evidence, and on the article when at least ``min_hits``
sentences fired (``article_score`` = share of the article's sentences carrying the label).

:func:`match_known_claims` flags sentences similar to known disinformation claims (for example
EUvsDisinfo case summaries a researcher exports) and cites the matched claim.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._checks import (
    read_user_text,
    read_user_yaml,
    require_mentioned_sentences,
    require_same_ids,
    require_unique,
)
from .resources import read_yaml
from .scoring.base import FRAME_COLUMNS, require_columns
from .text import lowered_for_search, lowered_pattern, word_list

__all__ = [
    "FRAME_IDS", "Label", "load_labels", "LexiconFrameScorer", "score_frames",
    "article_labels", "label_names", "match_known_claims",
]

FRAME_IDS = (
    "economic", "capacity_and_resources", "morality", "fairness_and_equality",
    "legality_constitutionality_and_jurisprudence", "policy_prescription_and_evaluation",
    "crime_and_punishment", "security_and_defense", "health_and_safety", "quality_of_life",
    "cultural_identity", "public_opinion", "political", "external_regulation_and_reputation",
)
_ACTOR = re.compile(r"\{actor:([a-z_]+)\}")


_NOT_AFTER_WORD = r"(?<![\w])"   # how every cue pattern starts
_WORD_CHAR = re.compile(r"\w")


def _search_word_start(regex: re.Pattern, text: str) -> re.Match | None:
    r"""``(?<![\w])`` + ``regex`` searched in ``text``: the leftmost match of ``regex`` that starts
    the text or follows a non-word character (a match refused there is the full pattern's
    refusal of that start too, so the search goes on one character later)."""
    pos = 0
    while (m := regex.search(text, pos)) is not None:
        start = m.start()
        if not start or not _WORD_CHAR.match(text, start - 1):
            return m
        pos = start + 1
    return None


@dataclass(frozen=True)
class Part:
    """One part of a cue: matches when its phrase regex matches or an actor of one of its blocs
    is mentioned in the sentence."""

    regex: re.Pattern | None
    blocs: tuple[str, ...]
    triggers: tuple[str, ...] = ()   # first words; "word*" = any word starting with "word"
    #: for lowered text: the same case-sensitively, without the leading ``(?<![\w])`` that
    #: keeps re from skipping ahead to a possible first letter (5x slower); searched by
    #: :func:`_search_word_start`, which checks it
    regex_lower: re.Pattern | None = None

    def find(self, text: str, lowered: str | None, blocs: set) -> str | None:
        """The matched words (or "[bloc actor]"), else None. ``lowered``: the
        :func:`~analysis.text.lowered_for_search` form of ``text``, or None."""
        if self.regex is not None:
            if lowered is not None and self.regex_lower is not None:
                m = _search_word_start(self.regex_lower, lowered)
                if m:
                    return text[m.start():m.end()]
            else:
                m = self.regex.search(text)
                if m:
                    return m.group(0)
        if not (self.blocs and blocs):
            return None
        hit = next((b for b in self.blocs if b in blocs), None)
        return f"[{hit} actor]" if hit else None


@dataclass(frozen=True)
class Cue:
    """One cue: parts that must all match in the same sentence."""

    text: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Label:
    id: str
    kind: str            # "frame" or "narrative"
    name: str
    definition: str
    cues: dict[str, tuple[Cue, ...]]   # language -> cues
    maps_to: dict
    unless: dict[str, tuple[Cue, ...]] = field(default_factory=dict)   # language -> vetoes


def _split_top(text: str, sep: str = "|") -> list[str]:
    """Split on ``sep`` outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


#: Words too common to be worth indexing a cue under (English and French function words).
_STOPWORDS = frozenset("""
a an the to of in on at for by with from as into about over under after before than then and or
but nor so if not no is are was were be been being has have had do does did will would can could
shall should may might must it its this that these those there here he she they we you i his her
their our your us them him who whom which what when where up out off new one also just more most
le la les l un une des du de d à au aux en et ou pour par sur dans que qu qui ne n pas est sont
été être a ont se s sa son ses leur leurs nous vous il elle ils elles ce cet cette ces plus y
""".split())
_PLAIN = re.compile(r"[\w'-]+\*?")


def _cost(triggers: tuple[str, ...]) -> float:
    """How many sentences a trigger set lets through, roughly: function words are very costly,
    short words and stems somewhat."""
    return sum(1000.0 if t.rstrip("*") in _STOPWORDS else
               1.0 + 4.0 / len(t.rstrip("*")) + (t.endswith("*") and len(t) < 6)
               for t in triggers)


def _split_words(alt: str) -> list[str]:
    """Split on whitespace outside parentheses."""
    return [c for c in _split_top(re.sub(r"\s+", " ", alt.strip()), " ") if c]


def _enclosed(chunk: str) -> bool:
    """Is ``chunk`` one group, "( ... )", from its first character to its last?"""
    depth = 0
    for pos, ch in enumerate(chunk):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return chunk.startswith("(") and pos == len(chunk) - 1
    return False


def _triggers(phrase: str) -> tuple[str, ...]:
    """Words one of which occurs, as a whole word (``word*``: as a word starting with ``word``),
    in every text ``phrase`` matches; () when no such set is known.

    Each alternative contributes its most selective required word: a plain word standing
    between spaces, or a group whose every alternative has one; so "the suspect" is indexed
    under "suspect", not "the".

    >>> _triggers("stolen (election|vote)|steal* the vote")
    ('stolen', 'steal*')
    >>> _triggers("(élection|scrutin*) truqué*")
    ('truqué*',)
    >>> _triggers("the (doorstep|border)")
    ('doorstep', 'border')
    """
    out: list[str] = []
    for alt in _split_top(phrase.strip()):
        best: tuple[str, ...] | None = None
        for chunk in _split_words(alt):
            options = []
            if _enclosed(chunk):
                inner = _triggers(chunk[1:-1])
                if inner:
                    options.append(inner)
            elif _PLAIN.fullmatch(chunk):
                pieces = word_list(chunk.lower())
                options += [(w,) for w in pieces[:-1]] if pieces else []
                if pieces:
                    options.append((pieces[-1] + "*" if chunk.endswith("*") else pieces[-1],))
            else:  # a group glued to words, as in "(russia|putin)-bashing"
                options += [(w,) for w in _bare_words(chunk)]
            for option in options:
                if best is None or _cost(option) < _cost(best):
                    best = option
        if best is None:
            return ()
        out.extend(best)
    return tuple(dict.fromkeys(out))


_GROUP = re.compile(r"\([^()]*\)")
_BARE = re.compile(r"(?<![\w\x00'*])\w+(?:\*|(?![\w\x00']))")


def _bare_words(chunk: str) -> list[str]:
    """The words of ``chunk`` outside its groups that every match holds as whole words: set off
    by non-word characters such as "-" (``word*``: a word starting so). In "(un)fair" "fair" is
    part of a longer word, so it is none.

    >>> _bare_words("(russia|putin)-bashing"), _bare_words("(un)fair"), _bare_words("anti-(eu|nato)")
    (['bashing'], [], ['anti'])
    """
    flat = chunk.lower()
    while "(" in flat:
        flat, n = _GROUP.subn("\x00", flat)
        if not n:
            return []
    return _BARE.findall(flat)


def _phrase_regex(phrase: str, where: str) -> str:
    """Translate the cue mini-language (words, ``*`` endings, ``|`` and ``( )``) to a regex."""
    phrase = re.sub(r"\s*\|\s*", "|", phrase.strip())
    phrase = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", phrase))
    if phrase.count("(") != phrase.count(")") or not phrase.replace("|", "").strip("() "):
        raise ValueError(f"{where}: unbalanced or empty cue {phrase!r}")
    bad = sorted(set(phrase) & set("?+[]{}\\^$"))
    if bad:   # they would be matched as themselves, so the cue would silently never fire
        raise ValueError(f"{where}: cue {phrase!r} uses {' '.join(bad)}; cues have words, * "
                         "endings, | and ( ) only: write optional words out as alternatives, "
                         "e.g. (have hurt|hurt)")
    out = []
    for ch in phrase:
        if ch == "(":
            out.append("(?:")
        elif ch in ")|":
            out.append(ch)
        elif ch == "*":
            out.append(r"\w*(?:['-]\w+)*")   # "prison'" took the closing quote along
        elif ch.isspace():
            if out and out[-1] != r"\s+":
                out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return _NOT_AFTER_WORD + "(?:" + "".join(out) + r")(?![\w])"


def _compile_cue(cue: object, where: str) -> Cue:
    items = cue if isinstance(cue, list) else [cue]
    if not items or not all(isinstance(i, str) and i.strip() for i in items):
        raise ValueError(f"{where}: a cue must be a non-empty string or list of strings: {cue!r}")
    parts = []
    for item in items:
        alternatives = [a.strip() for a in _split_top(item)]
        blocs = tuple(m.group(1) for a in alternatives if (m := _ACTOR.fullmatch(a)))
        phrases = [a for a in alternatives if not _ACTOR.fullmatch(a)]
        if any(_ACTOR.search(a) for a in phrases):
            raise ValueError(f"{where}: {{actor:BLOC}} must be a whole alternative: {item!r}")
        regex = regex_lower = None
        if phrases:
            pattern = _phrase_regex("|".join(phrases), where)
            try:
                regex = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{where}: invalid cue {item!r} ({exc})") from None
            regex_lower = lowered_pattern(pattern.removeprefix(_NOT_AFTER_WORD))
        parts.append(Part(regex, blocs, _triggers("|".join(phrases)) if phrases else (),
                          regex_lower))
    return Cue(text=" + ".join(items), parts=tuple(parts))


def _read_yaml(path: str | Path | None, default: str) -> tuple[dict, str]:
    if path is None:
        return read_yaml(default), default
    return read_user_yaml(path, "label"), str(path)


def _parse_labels(data: object, kind: str, where: str) -> list[Label]:
    key = "frames" if kind == "frame" else "narratives"
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ValueError(f"{where}: expected a mapping with a '{key}' list")
    out = []
    for i, item in enumerate(data[key]):
        if not isinstance(item, dict) or not item.get("id"):
            raise ValueError(f"{where}: {kind} #{i + 1} has no 'id'")
        label_where = f"{where}: {kind} '{item['id']}'"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(item["id"])):
            raise ValueError(f"{label_where}: id must be snake_case")
        cues = item.get("cues") or {}
        if not isinstance(cues, dict) or not cues:
            raise ValueError(f"{label_where}: needs 'cues' by language, e.g. cues: {{en: [...]}}")
        compiled = {str(lang): tuple(_compile_cue(c, f"{label_where} ({lang})") for c in (lst or []))
                    for lang, lst in cues.items()}
        unless = item.get("unless") or {}
        if not isinstance(unless, dict):
            raise ValueError(f"{label_where}: 'unless' lists cues by language, e.g. unless: "
                             "{en: [...]}")
        vetoes = {str(lang): tuple(_compile_cue(c, f"{label_where} unless ({lang})")
                                   for c in (lst or [])) for lang, lst in unless.items()}
        out.append(Label(id=str(item["id"]), kind=kind, name=str(item.get("name", item["id"])),
                         definition=str(item.get("definition", "")), cues=compiled,
                         maps_to=dict(item.get("maps_to") or {}), unless=vetoes))
    return out


@functools.cache
def _default_labels() -> tuple[Label, ...]:
    frames, w1 = _read_yaml(None, "frames.yaml")
    narratives, w2 = _read_yaml(None, "narratives.yaml")
    return tuple(_parse_labels(frames, "frame", w1) + _parse_labels(narratives, "narrative", w2))


def load_labels(*, frames: str | Path | None = None, narratives: str | Path | None = None,
                kinds: Iterable[str] = ("frame", "narrative")) -> list[Label]:
    """Frame and narrative definitions with compiled cues (the shipped files by default)."""
    kinds = set(kinds)
    if frames is None and narratives is None:
        return [lab for lab in _default_labels() if lab.kind in kinds]
    out = []
    if "frame" in kinds:
        data, where = _read_yaml(frames, "frames.yaml")
        out += _parse_labels(data, "frame", where)
    if "narrative" in kinds:
        data, where = _read_yaml(narratives, "narratives.yaml")
        out += _parse_labels(data, "narrative", where)
    return out


class LexiconFrameScorer:
    """``lexicon.frames.v1``: transparent cue matching (see the module docstring).

    ``score(mentions, sentences)`` returns the ``frames`` table: sentence-level rows (score = 1 -
    0.5 ** number of distinct cues that fired) and article-level rows (``sentence_id`` NaN,
    score = share of the article's sentences with the label, present when at least ``min_hits``
    sentences fired). Sentences in a language without cues for a label are not scored for it.
    """

    name = "lexicon.frames.v1"
    task = "frames"

    def __init__(self, *, frames: str | Path | None = None, narratives: str | Path | None = None,
                 min_hits: int = 1, kinds: tuple[str, ...] = ("frame", "narrative")):
        self.frames = frames
        self.narratives = narratives
        self.min_hits = min_hits
        self.kinds = kinds

    @functools.cached_property
    def labels(self) -> list[Label]:
        return load_labels(frames=self.frames, narratives=self.narratives, kinds=self.kinds)

    @functools.cached_property
    def _index(self) -> dict[str, tuple]:
        """Per language: cues, and trigger word -> cue numbers, so that a sentence only tests
        the cues one of whose required words it contains (a handful of ~900 regexes)."""
        out = {}
        langs = {lang for label in self.labels for lang in label.cues}
        for lang in langs:
            cues, exact, prefix, always = [], {}, {}, set()
            for label in self.labels:
                for cue in label.cues.get(lang, ()):
                    k = len(cues)
                    cues.append((label, cue))
                    # a part that an actor mention can satisfy has no reliable trigger words
                    regex_parts = [p for p in cue.parts if p.regex is not None and not p.blocs]
                    if not regex_parts:
                        always.add(k)
                        continue
                    # index the cue under the triggers of its most selective part (see _cost)
                    part = min(regex_parts, key=lambda p: (not p.triggers, _cost(p.triggers)))
                    if not part.triggers:
                        always.add(k)
                    for t in part.triggers:
                        target = prefix if t.endswith("*") else exact
                        target.setdefault(t.rstrip("*"), set()).add(k)
            vetoes = {label.id: label.unless[lang] for label in self.labels
                      if label.unless.get(lang)}
            out[lang] = (cues, exact, prefix, frozenset(always), sorted({len(p) for p in prefix}),
                         {"cues": {}, "known": set(), "triggering": set()}, vetoes)
            # the memo: word -> cues it triggers, for the words met so far
        return out

    @staticmethod
    def _fire(text: str, blocs: set, index: tuple):
        cues, exact, prefix, always, prefix_lengths, memo, vetoes = index
        by_token, known, triggering = memo["cues"], memo["known"], memo["triggering"]
        lowered = lowered_for_search(text)
        toks = set(word_list(text.lower() if lowered is None else lowered))
        candidates = set(always)
        for tok in toks - known:   # words not met before: which cues do they trigger?
            hit = set(exact.get(tok, ()))
            for n in prefix_lengths:
                if n > len(tok):
                    break
                hit |= prefix.get(tok[:n], set())
            candidates |= hit
            if len(known) < 500_000:  # the memo is bounded; beyond it words are looked up anew
                known.add(tok)
                if hit:
                    triggering.add(tok)
                    by_token[tok] = frozenset(hit)
        for tok in toks & triggering:
            candidates |= by_token[tok]
        fired: dict[str, tuple] = {}
        for k in sorted(candidates):
            label, cue = cues[k]
            found = []
            for part in cue.parts:
                hit = part.find(text, lowered, blocs)
                if hit is None:
                    break
                found.append(hit)
            else:
                fired.setdefault(label.id, (label, []))[1].append(" + ".join(dict.fromkeys(found)))
        return [hit for label_id, hit in fired.items()
                if not any(all(part.find(text, lowered, blocs) is not None for part in veto.parts)
                           for veto in vetoes.get(label_id, ()))]

    def score(self, mentions: pd.DataFrame | None, sentences: pd.DataFrame) -> pd.DataFrame:
        require_columns(sentences, ["article_id", "sentence_id", "text"], "sentences")
        require_unique(sentences, ["article_id", "sentence_id"], "score_frames", "sentences")
        blocs_by_sentence: dict[tuple, set] = {}
        if mentions is not None and len(mentions):
            require_columns(mentions, ["article_id", "sentence_id", "bloc"], "mentions")
            require_same_ids("score_frames", sentences=sentences, mentions=mentions)
            require_mentioned_sentences("score_frames", mentions, sentences)
            for a, s, b in zip(mentions["article_id"], mentions["sentence_id"], mentions["bloc"]):
                blocs_by_sentence.setdefault((a, int(s)), set()).add(b)
        langs = sentences["language"].tolist() if "language" in sentences.columns else \
            ["en"] * len(sentences)
        article_ids = sentences["article_id"].tolist()
        rows = []                            # sentence level
        per_article: dict[tuple, list] = {}  # (article, label, kind) -> sentences' evidence
        indexes, no_blocs = self._index, frozenset()
        uncovered: Counter = Counter()   # languages without cues -> sentences not scored
        for a, s, text, lang in zip(article_ids, sentences["sentence_id"].tolist(),
                                     sentences["text"].tolist(), langs):
            index = indexes.get(lang if isinstance(lang, str) else "en")
            if index is None and isinstance(lang, str):   # "EN ", "FR"
                lang = lang.strip().lower()
                index = indexes.get(lang)
                if index is None:
                    uncovered[lang] += 1
            if index is None or not isinstance(text, str):
                continue
            blocs = blocs_by_sentence.get((a, int(s)), no_blocs)
            for label, fired in self._fire(text, blocs, index):
                distinct = list(dict.fromkeys(fired))
                evidence = "; ".join(distinct[:5])
                rows.append((a, int(s), label.id, label.kind, 1 - 0.5 ** len(distinct), evidence))
                per_article.setdefault((a, label.id, label.kind), []).append((int(s), evidence))
        n_sent = Counter(article_ids)
        # an article's evidence in text order, whatever the order of the sentences table
        articles = [(a, np.nan, frame, kind, len(evs) / n_sent[a],
                     "; ".join(list(dict.fromkeys("; ".join(e for _, e in sorted(evs))
                                                  .split("; ")))[:5]))
                    for (a, frame, kind), evs in per_article.items() if len(evs) >= self.min_hits]
        out = pd.DataFrame(articles + rows, columns=["article_id", "sentence_id", "frame", "kind",
                                                     "score", "evidence"])
        out["scorer"] = self.name
        # Canonical order: by article (as in `sentences`), the article-level rows first, then by
        # sentence; so a corpus scored in chunks concatenates to the same table.
        position = {a: i for i, a in enumerate(dict.fromkeys(article_ids))}
        out = out.assign(_a=out["article_id"].map(position),
                         _s=out["sentence_id"].fillna(-1.0)).sort_values(["_a", "_s"], kind="stable")
        out = _frames_dtypes(out.drop(columns=["_a", "_s"]))
        out.attrs["unscored_languages"] = dict(sorted(uncovered.items()))
        return out


def _frames_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reindex(columns=FRAME_COLUMNS)
    out["sentence_id"] = out["sentence_id"].astype("float64")  # NaN = article level
    out["score"] = out["score"].astype("float64")
    for col in ("article_id", "frame", "kind", "evidence", "scorer"):
        out[col] = out[col].astype("object")
    return out.reset_index(drop=True)


def score_frames(sentences: pd.DataFrame, mentions: pd.DataFrame | None = None, *,
                 scorer: str | object | None = None, **params) -> pd.DataFrame:
    """The ``frames`` table from the named scorer (default ``lexicon.frames.v1``).

    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "language": ["en"],
    ...     "text": ["The sanctions hurt French farmers and the economy."]})
    >>> f = score_frames(sents)
    >>> sorted(f.loc[f.sentence_id.isna(), "frame"])  # doctest: +SKIP
    ['economic', ...]
    """
    from .scoring import DEFAULT_FRAMES_SCORER, scorer_for

    if scorer is None or isinstance(scorer, str):
        scorer = scorer_for("frames", scorer or DEFAULT_FRAMES_SCORER, **params)
    out = scorer.score(mentions, sentences)
    uncovered = out.attrs.get("unscored_languages")
    if uncovered:
        warnings.warn(f"score_frames: {sum(uncovered.values())} sentence(s) in languages the "
                      "scorer has no cues for (" + ", ".join(f"{k}: {n}" for k, n in
                                                             uncovered.items())
                      + ") were not scored", stacklevel=2)
    return out


@functools.cache
def label_names() -> dict[str, str]:
    """Frame and narrative ids of the shipped label files -> their names ("west_russophobic" ->
    "The West is russophobic"), for charts and tables; {} if the files cannot be read."""
    try:
        return {label.id: label.name for label in load_labels()}
    except Exception:  # noqa: BLE001 - a broken label file must not break a chart
        return {}


def article_labels(frames: pd.DataFrame, *, kind: str = "frame",
                   min_score: float = 0.0) -> dict[object, set[str]]:
    """``{article_id: {labels}}`` from the article-level rows of a ``frames`` table
    (``kind``: "frame" or "narrative")."""
    require_columns(frames, ["article_id", "sentence_id", "frame", "kind", "score"], "frames")
    if kind not in ("frame", "narrative"):
        raise ValueError(f"article_labels: kind must be 'frame' or 'narrative', got {kind!r}")
    art = frames[frames["sentence_id"].isna() & frames["kind"].eq(kind)
                 & (frames["score"] >= min_score)]
    out: dict[object, set[str]] = {}
    for a, f in zip(art["article_id"], art["frame"]):
        out.setdefault(a, set()).add(f)
    return out


def _read_claims_file(path: Path) -> pd.DataFrame:
    """A CSV of known claims, ","- or ";"-separated (EUvsDisinfo exports use ";")."""
    from .corpus import _semicolon_separated

    if not path.is_file():
        raise FileNotFoundError(f"match_known_claims: claims file not found: {path}")
    text = read_user_text(path, "match_known_claims: claims file")
    sep = ";" if _semicolon_separated(text.split("\n", 1)[0]) else ","
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise ValueError(f"match_known_claims: cannot read {path} as a {sep!r}-separated CSV: "
                         f"{str(exc).splitlines()[0]}") from None


def match_known_claims(sentences: pd.DataFrame, claims: pd.DataFrame | str | Path, *,
                       text_column: str | None = None, id_column: str | None = None,
                       threshold: float = 0.35, top: int = 1) -> pd.DataFrame:
    """Flag sentences similar to known disinformation claims, citing the matched claim.

    ``claims`` is a DataFrame or a CSV file (for example EUvsDisinfo case summaries a researcher
    exported); ``text_column`` (default: the first of summary/claim/text/title) holds the claim,
    ``id_column`` (default: the first of id/case_id/url) its identifier. Similarity is the cosine
    between TF-IDF vectors of word 1-2-grams and character 3-5-grams (fitted on the claims and
    sentences together, English stop words kept out), which tolerates paraphrase better than exact
    matching while staying transparent. Returns the ``frames`` columns with kind "narrative",
    frame "known_claim", score = similarity, evidence = "<claim id>: <claim text>". Claims
    without text are left out; ``threshold`` is a cosine in [0, 1], ``top`` at least 1.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    require_columns(sentences, ["article_id", "sentence_id", "text"], "sentences")
    if not 0 <= threshold <= 1:
        raise ValueError(f"match_known_claims: threshold is a cosine between 0 and 1, "
                         f"got {threshold!r}")
    if top < 1:
        raise ValueError(f"match_known_claims: top must be at least 1, got {top!r}")
    if not isinstance(claims, pd.DataFrame | str | Path):
        raise TypeError("match_known_claims: claims must be a DataFrame or a CSV file's path, "
                        f"got {type(claims).__name__}")
    if not isinstance(claims, pd.DataFrame):
        claims = _read_claims_file(Path(claims))
    text_column = text_column or next(
        (c for c in ("summary", "claim", "text", "title") if c in claims.columns), None)
    if text_column is None or text_column not in claims.columns:
        raise ValueError(f"match_known_claims: claims need a text column (summary, claim, text or "
                         f"title, or pass text_column=); found: {', '.join(claims.columns)}")
    if id_column is not None and id_column not in claims.columns:
        raise ValueError(f"match_known_claims: id_column {id_column!r} is not a column of the "
                         f"claims; found: {', '.join(claims.columns)}")
    id_column = id_column or next((c for c in ("id", "case_id", "url") if c in claims.columns), None)
    stripped = claims[text_column].map(lambda v: v.strip() if isinstance(v, str) else "")
    known = claims[stripped.ne("")]
    if known.empty or sentences.empty:
        return _frames_dtypes(pd.DataFrame(columns=FRAME_COLUMNS))
    claim_texts = known[text_column].tolist()
    claim_ids = (known[id_column].astype(str) if id_column else known.index.astype(str)).tolist()
    vectorizer = make_union(
        TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True, min_df=1),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2),
    )
    raw = sentences["text"].tolist()
    vectorizer.fit(claim_texts + [t for t in raw if isinstance(t, str)])
    c = vectorizer.transform(claim_texts)
    c = _l2(c)
    rows = []
    texts = [t if isinstance(t, str) else "" for t in raw]
    for start in range(0, len(texts), 2000):  # bounded memory on large corpora
        s = _l2(vectorizer.transform(texts[start: start + 2000]))
        sim = (s @ c.T).toarray()
        for i in np.flatnonzero(sim.max(axis=1) >= threshold):
            order = np.argsort(-sim[i])[:top]
            for j in order:
                if sim[i, j] < threshold:
                    break
                k = start + i
                rows.append((sentences["article_id"].iloc[k], float(sentences["sentence_id"].iloc[k]),
                             "known_claim", "narrative", float(sim[i, j]),
                             f"{claim_ids[j]}: {claim_texts[j][:300]}", "match.known_claims.v1"))
    return _frames_dtypes(pd.DataFrame(rows, columns=FRAME_COLUMNS))


def _l2(m):
    from sklearn.preprocessing import normalize

    return normalize(m, norm="l2", copy=False)
