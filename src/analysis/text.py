"""Sentence segmentation with character offsets into the cleaned article text.

A rule-based splitter, written for speed (it runs on every article of a corpus of millions) and
for news prose in English and French. We measured pysbd at ~0.5 ms per sentence here, which
alone would cap the pipeline far below its throughput goal; this splitter is one regular
expression pass plus a dictionary lookup per candidate boundary.

A boundary is a paragraph break, or ``.``/``!``/``?``/``…`` (optionally followed by closing
quotes or brackets) followed by whitespace and an opening character (a capital letter, digit,
opening quote, dash or bracket). A candidate after a known abbreviation (Mr., U.S., Jan., St.,
M., Mme...) or a single-letter initial (J. Smith) is not a boundary. A quote that spans two
sentences is split at its inner sentence boundary; ``"We will win!" she said.`` is one sentence
because the next word is lower case.
"""

from __future__ import annotations

import re

import pandas as pd

from ._checks import require_columns

__all__ = ["ABBREVIATIONS", "SURNAME_PARTICLES", "TITLE_WORDS", "is_abbreviation",
           "segment_sentences", "split_sentences", "lowered_for_search", "lowered_pattern",
           "word_list"]

#: Lower-case words of a role or rank that stand before a person's name ("Foreign Minister
#: Sergei Lavrov", "former President ...", "the spokeswoman Maria Zakharova").
TITLE_WORDS = frozenset({"ambassador", "commissioner", "deputy", "former", "leader", "minister",
                         "president", "prime", "secretary", "spokesman", "spokeswoman"})

#: Lower-case words that belong to a surname ("Le Goff", "Le Drian", "de Villiers", "van der
#: Bellen"): a name's last word alone is not its surname after them.
SURNAME_PARTICLES = frozenset({"le", "la", "de", "du", "des", "van", "von", "der", "den", "di",
                               "da", "del", "al", "el", "ben", "bin"})

#: Lower-cased tokens (without the final period) after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "gens", "col", "lt", "sgt", "capt", "cpt", "cmdr", "adm", "maj", "rep", "reps", "sen", "sens", "gov", "govt", "pres", "rev", "hon", "messrs", "mme", "mmes", "mlle", "mlles", "mgr", "me", "m", "dr", "pr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janv", "févr", "fevr", "avr", "juil", "déc", "u.s", "u.k", "u.n", "e.u", "u.s.a", "u.s.s.r", "d.c", "a.m", "p.m", "i.e", "e.g", "cf", "vs", "v", "etc", "approx", "no", "nos", "vol", "fig", "inc", "ltd", "co", "corp", "bros", "dept", "univ", "est", "av", "ave", "blvd"]
)
# "etc." is listed: it ends a sentence less often than it sits mid-sentence in news prose.

_CANDIDATE = re.compile(
    r"""(?P<end>[.!?\u2026]+(?:['")\]]|\s?\u00bb)*)   # terminal punctuation and closers
        (?P<gap>\s+)                           # whitespace
        (?=[\"'(\[\u00ab\u2014\-]?\s?(?P<next>[^\W_]))  # an opening: [quote] letter or digit
    """,
    re.VERBOSE,
)
#: abbreviations that are also words ("said no.", "called me.", French "il est."): only
#: when capitalised ("No. 5", "Me Dupond") or before a number ("no. 5")
_WORD_ABBREVIATIONS = frozenset({"no", "nos", "me", "est", "mm", "art"})   # "MM. Fillon", "art. 50"
_PARAGRAPH = re.compile(r"\n+")
#: with the " // " that joins separate claims in one summary (EUvsDisinfo); only used on a text
#: that holds "//": the alternation made every split scan 40% slower
_PARAGRAPH_OR_CLAIM = re.compile(r"\n+|[ \t]+//[ \t]+")
_TOKEN_BEFORE = re.compile(r"(?:^|[\s(\"'])([\w.'-]+)$")
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")


# Letters that re.IGNORECASE matches to letters their lower case is not (dotless i, long s,
# final sigma, micro sign...: the characters of re._casefix whose upper case lowers to another
# letter); a text holding one is searched with the case-insensitive pattern.
_ODD_FOLDS = re.compile("[\xb5\u0131\u017f\u0345\u0390\u03b0\u03c2\u03d0\u03d1\u03d5\u03d6"
                        "\u03f0\u03f1\u03f5\u1c80-\u1c88\u1e9b\u1fbe\u1fd3\u1fe3\ufb05\ufb06]")


def lowered_pattern(pattern: str) -> re.Pattern | None:
    """``pattern`` compiled case-sensitively, for :func:`lowered_for_search` text: the same
    matches as ``re.compile(pattern, re.IGNORECASE)`` on the original, about 3x faster on the
    long alternations of aliases and verbs. None when the pattern has an upper-case letter (or
    an escape such as ``\\S``) that lowering the text would never match."""
    return re.compile(pattern) if pattern == pattern.lower() else None


def lowered_for_search(text: str) -> str | None:
    """``text.lower()`` when every offset stays put and case folds as re.IGNORECASE folds it,
    so a :func:`lowered_pattern` match's span is the span in ``text``; else None."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and _ODD_FOLDS.search(text)):
        return None
    return low


def is_abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``text[dot]`` the end of an abbreviation or an initial?"""
    m = _TOKEN_BEFORE.search(text, max(0, dot - 20), dot)
    if not m:
        return False
    token = m.group(1).lower().strip("'").rsplit("'", 1)[-1]   # "l'art." is "art."
    if token in _WORD_ABBREVIATIONS:
        return m.group(1)[:1].isupper() or text[dot + 1:dot + 3].lstrip()[:1].isdigit()
    if token in ABBREVIATIONS:
        return True
    # Single-letter initials ("J. Smith", "Jean-M. Le Pen") and dotted acronyms ("U.S.", "E.U.").
    last = token.rsplit("-", 1)[-1]
    if len(last) == 1 and last.isalpha():
        # "J. Smith", but not a unit after a number ("à 20 h. Marine Le Pen ...")
        return not (last.islower() and text[max(0, m.start(1) - 2):m.start(1)].strip().isdigit())
    return "." in token and _ACRONYM.fullmatch(token) is not None


_WORD = re.compile(r"\w+")
# byte table: ASCII word characters (what \w matches) and all non-ASCII bytes kept, every other
# byte a space
_WORD_BYTES = bytes(c if c >= 128 or chr(c).isalnum() or c == 0x5F else 0x20 for c in range(256))


def word_list(text: str) -> list[str]:
    r"""``re.findall(r"\w+", text)``, in order, about twice as fast: the ASCII non-word
    characters become spaces (``bytes.translate``) and the text is split; only a piece holding
    non-ASCII characters (which may be non-word ones, such as ’ or «) goes through the regex.

    >>> word_list("Le Pen’s 2017 run-off: won't")
    ['Le', 'Pen', 's', '2017', 'run', 'off', 'won', 't']
    """
    # surrogatepass: a lone surrogate (not a word character) stays in a non-ASCII piece
    words = text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES) \
        .decode("utf-8", "surrogatepass").split()
    if text.isascii():
        return words
    out = []
    for piece in words:
        if piece.isascii():
            out.append(piece)
        else:
            out.extend(_WORD.findall(piece))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character offsets of the sentences of ``text``.

    Offsets exclude surrounding whitespace, so ``text[start:end]`` is the sentence.

    >>> t = 'Mr. Putin met Mme Le Pen in Moscow on Jan. 24. "We agree. We will win," she said.'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Putin met Mme Le Pen in Moscow on Jan. 24.', '"We agree.', 'We will win," she said.']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in (_PARAGRAPH_OR_CLAIM if "//" in text else _PARAGRAPH).split(text):
        start = text.find(para, pos) if para else pos
        pos = start + len(para)
        if not para.strip():
            continue
        begin = 0
        for m in _CANDIDATE.finditer(para):
            c = m.group("next")   # a sentence opens with a capital (any script) or a digit
            if not (c.isupper() or c.istitle() or c.isdigit()):
                continue
            end = m.end("end")
            dot = m.start("end")
            if para[dot] == "." and m.group("end") == "." and is_abbreviation(para, dot):
                continue
            _append(spans, para, start, begin, end)
            begin = m.end()
        _append(spans, para, start, begin, len(para))
    return spans


#: A "sentence" longer than this (text without sentence punctuation: a table, a list, a PDF
#: extraction) is cut into pieces at a comma, semicolon or colon, else at a space, so that the
#: per-sentence work downstream stays bounded (the longest real sentence in the shared news
#: corpora has 1,828 characters). One such 1 MB article held every stage for minutes and
#: took all 24 GB of memory in the sentiment features.
MAX_SENTENCE_CHARS = 3000


def _append(spans: list[tuple[int, int]], para: str, offset: int, begin: int, end: int) -> None:
    chunk = para[begin:end]
    stripped = chunk.strip()
    if not stripped:
        return
    start = begin + len(chunk) - len(chunk.lstrip())
    stop = start + len(stripped)
    while stop - start > MAX_SENTENCE_CHARS:
        window = para[start:start + MAX_SENTENCE_CHARS]
        cut = max(window.rfind(","), window.rfind(";"), window.rfind(":")) + 1
        if cut < MAX_SENTENCE_CHARS // 2:
            # at a space, but not next to a capitalised word: a cut inside "Marine Le Pen" or
            # "EU sanctions" left a mention across two sentences and "Pen" as a speaker
            space = last = window.rfind(" ")
            while space > MAX_SENTENCE_CHARS // 2 and (
                    para[start + space + 1:start + space + 2].isupper()
                    or window[window.rfind(" ", 0, space) + 1:space][:1].isupper()):
                space = window.rfind(" ", 0, space)
            if space <= MAX_SENTENCE_CHARS // 2:
                space = last
            cut = space if space > 0 else MAX_SENTENCE_CHARS
        spans.append((offset + start, offset + start + len(window[:cut].rstrip())))
        start += cut
        while para[start].isspace():  # para[stop - 1] is not: the loop ends before stop
            start += 1
    spans.append((offset + start, offset + stop))


def segment_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Split every article into sentences.

    In: ``articles`` with ``article_id`` and ``text``.
    Out: one row per sentence: ``article_id``, ``sentence_id`` (0-based within the article),
    ``start``, ``end`` (offsets into ``text``), ``text``, and ``language`` when ``articles``
    has a ``language`` column (scorers use it to skip languages they cannot score).

    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Putin spoke. The EU replied."]})
    >>> segment_sentences(arts)[["sentence_id", "start", "end", "text"]].values.tolist()
    [[0, 0, 12, 'Putin spoke.'], [1, 13, 28, 'The EU replied.']]
    """
    require_columns(articles, ("article_id", "text"), "segment_sentences")
    langs_in = articles["language"].tolist() if "language" in articles.columns else None
    langs: list[object] = []
    ids: list[object] = []
    sids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    for k, (article_id, text) in enumerate(zip(articles["article_id"].tolist(),
                                               articles["text"].tolist())):
        if not isinstance(text, str):
            continue
        spans = split_sentences(text)
        if langs_in is not None:
            langs.extend([langs_in[k]] * len(spans))
        for i, (s, e) in enumerate(spans):
            ids.append(article_id)
            sids.append(i)
            starts.append(s)
            ends.append(e)
            texts.append(text[s:e])
    out = pd.DataFrame({
        "article_id": pd.Series(ids, dtype="object"),
        "sentence_id": pd.Series(sids, dtype="int64"),
        "start": pd.Series(starts, dtype="int64"),
        "end": pd.Series(ends, dtype="int64"),
        "text": pd.Series(texts, dtype="object"),
    })
    if langs_in is not None:
        out["language"] = pd.Series(langs, dtype="object")
    return out
