"""``lexicon.v1``: target-scoped VADER, offline, no training data.

The sentence mood is not the target's portrayal ("I like Bert, but I hate Robert"), so each
sentiment word of the VADER lexicon counts toward a target in proportion to how close it is:

* words in another clause than the target (clauses split at contrast markers such as "but",
  "however", "although", "while", and at ";" and dashes) weigh ``other_clause_weight``, and
  words in the same clause but another comma- or quote-delimited phrase weigh
  ``comma_weight`` (both 0 by default: the target's own phrase decides);
* within the phrase, weight decays with the distance in tokens, ``1 / (1 + d / decay)``, and
  words before the target weigh ``left_weight`` (what follows the target, usually its
  predicate, says more about it);
* a negator among the three preceding tokens flips and damps the valence (VADER's -0.74);
* the target's own tokens are masked, and those of the other actors named in the sentence
  (names such as "Trump" or "Hope" are in the lexicon; "Russian military intelligence" is no
  praise).

The weighted sum goes through ``tanh(sum / scale)`` to a score in [-1, 1]; |score| below
``neutral_band`` is neutral. Confidence is |score| scaled into the band it fell in. Evidence lists
the words that drove the score, strongest first, with their signed contribution.

Parameters were chosen by grid search on NewsMTSC ``hf-rw/dev`` and ``hf-mt/dev`` (mean
macro-F1 0.555), never on test; ``electionlens evaluate sentiment`` reports the test figures.
"""

from __future__ import annotations

import functools
import math
import re

import pandas as pd

from .base import MentionSentimentScorer

__all__ = ["LexiconScorer"]

_TOKEN = re.compile(r"[A-Za-z]+(?:[-'][a-z]+)?|[!?]")
CONTRAST = {"but", "however", "although", "though", "whereas", "while", "yet", "nevertheless",
            "nonetheless", "despite", "unlike"}
_CLAUSE_BREAK = re.compile(r"[;:\u2014]|\s-\s")
_PHRASE_BREAK = re.compile(r"[,;:\u2014()\"]|\s-\s")


#: Political-news words VADER lacks or misjudges (VADER's -4..+4 scale), written for this kit.
#: VADER was built on social media; news portrays actors with verbs of accusation and praise
#: and with nouns of wrongdoing that are missing from it ("slammed", "meddling", "dictator"),
#: and it reads "strongman" as positive because of "strong".
NEWS_LEXICON = {
    "slammed": -1.8, "slams": -1.8, "denounced": -1.8, "denounces": -1.8, "decried": -1.6,
    "lambasted": -2.0, "blasted": -1.6, "berated": -1.8, "chided": -1.2, "rebuked": -1.5,
    "corrupt": -2.5, "corruption": -2.4, "indicted": -2.0, "convicted": -2.0, "bribery": -2.5,
    "embezzlement": -2.5, "meddling": -1.8, "interference": -1.5, "hacking": -1.4,
    "hacked": -1.4, "annexation": -1.5, "annexed": -1.5, "invasion": -2.0, "invaded": -2.0,
    "authoritarian": -2.0, "autocrat": -2.2, "autocratic": -2.2, "dictator": -2.5,
    "dictatorship": -2.5, "regime": -0.8, "crackdown": -1.8, "repression": -2.2,
    "disinformation": -2.0, "misinformation": -1.8, "undemocratic": -2.0, "strongman": -1.0,
    "embattled": -1.5, "disgraced": -2.5, "smear": -2.0, "backlash": -1.5, "outrage": -2.0,
    "scandals": -1.9, "scandal-hit": -2.0, "xenophobic": -2.6, "extremist": -2.2,
    "far-right": -0.6, "populist": -0.4, "demagogue": -2.2, "collusion": -2.0,
    "lauded": 2.0, "hailed": 1.6, "victory": 2.0, "victorious": 2.0, "defended": 0.8,
    "ally": 0.8, "allies": 0.8, "cooperation": 1.0, "reformer": 1.2, "landslide": 1.2,
}


@functools.cache
def vader_analyzer():
    """The one VADER analyzer of the process (it reads its lexicon file when created)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@functools.cache
def valence_lexicon() -> tuple[dict[str, float], frozenset[str]]:
    """The English valence lexicon (VADER plus :data:`NEWS_LEXICON`) and the negators."""
    from vaderSentiment.vaderSentiment import NEGATE

    lexicon = dict(vader_analyzer().lexicon)
    lexicon.update(NEWS_LEXICON)
    return lexicon, frozenset(NEGATE) | {"not", "never", "no", "without", "nor"}


class LexiconScorer(MentionSentimentScorer):
    """VADER scoped to the target (see the module docstring).

    >>> from analysis.evaluate import newsmtsc_tables
    >>> gold = pd.DataFrame({"sentence": ["I like Bert, but I hate Robert."] * 2,
    ...                      "mention": ["Bert", "Robert"], "start": [7, 24], "end": [11, 30]})
    >>> LexiconScorer().score(*newsmtsc_tables(gold))["label"].tolist()
    ['positive', 'negative']
    """

    name = "lexicon.v1"
    languages = ("en",)

    def __init__(self, *, decay: float = 8.0, other_clause_weight: float = 0.0,
                 scale: float = 1.0, neutral_band: float = 0.05,
                 left_weight: float = 0.75, comma_weight: float = 0.0):
        for option, value, ok, need in (
                ("decay", decay, decay > 0, "above 0"), ("scale", scale, scale > 0, "above 0"),
                ("neutral_band", neutral_band, 0 <= neutral_band < 1, "in [0, 1)"),
                ("other_clause_weight", other_clause_weight, other_clause_weight >= 0, "0 or more"),
                ("left_weight", left_weight, left_weight >= 0, "0 or more"),
                ("comma_weight", comma_weight, comma_weight >= 0, "0 or more")):
            if not ok:   # a negative scale flipped every label; decay 0 divided by zero
                raise ValueError(f"scorer '{self.name}': option '{option}' must be {need}, "
                                 f"got {value!r}")
        self.decay = decay
        self.other_clause_weight = other_clause_weight
        self.scale = scale
        self.neutral_band = neutral_band
        self.left_weight = left_weight
        self.comma_weight = comma_weight

    def predict_contexts(self, ctx: pd.DataFrame) -> pd.DataFrame:
        # every actor named in the sentence is masked, not only the target: "Russian military
        # intelligence" or "the Socialist Party" are names, not praise ("intelligence (+1.15)")
        names: dict[tuple, list[tuple[int, int]]] = {}
        keys = list(zip(ctx["article_id"].tolist(), ctx["sentence_id"].tolist()))
        for key, s, e in zip(keys, ctx["t_start"].tolist(), ctx["t_end"].tolist()):
            names.setdefault(key, []).append((s, e))
        rows = [self._score_one(t, s, e, names[key]) for t, s, e, key in
                zip(ctx["text"].tolist(), ctx["t_start"].tolist(), ctx["t_end"].tolist(), keys)]
        return pd.DataFrame(rows, columns=["label", "score", "confidence", "evidence"])

    def _score_one(self, text: str, t_start: int, t_end: int,
                   names: list[tuple[int, int]] = ()) -> tuple[str, float, float, str | None]:
        lexicon, negate = valence_lexicon()
        # "isn’t" as "isn't" (a curly apostrophe split the negator); same length, same offsets
        tokens = [(m.group(0).lower(), m.start(), m.end())
                  for m in _TOKEN.finditer(text.replace("\u2019", "'"))]
        named = {i for i, (_, s, e) in enumerate(tokens)
                 if any(s < ne and e > ns for ns, ne in names)}
        target_idx = [i for i, (_, s, e) in enumerate(tokens) if s < t_end and e > t_start]
        if not target_idx:  # the target is not a word token (e.g. a symbol): use its position
            pos = sum(1 for _, s, _ in tokens if s < t_start)
            target_idx = [pos]
        first, last = target_idx[0], target_idx[-1]
        clause = self._clause_ids(text, tokens, _CLAUSE_BREAK)
        target_clause = clause[min(first, len(clause) - 1)] if clause else 0
        phrase = self._clause_ids(text, tokens, _PHRASE_BREAK)
        target_phrase = phrase[min(first, len(phrase) - 1)] if phrase else 0
        total = 0.0
        contributions: list[tuple[float, str]] = []
        for i, (tok, _, _) in enumerate(tokens):
            if first <= i <= last or i in named:
                continue
            valence = lexicon.get(tok)
            if valence is None:
                continue
            if any(tokens[j][0] in negate for j in range(max(0, i - 3), i)):
                valence *= -0.74
            distance = first - i if i < first else i - last
            weight = 1.0 / (1.0 + distance / self.decay)
            if i < first:
                weight *= self.left_weight
            if clause[i] != target_clause:
                weight *= self.other_clause_weight
            elif phrase[i] != target_phrase:
                weight *= self.comma_weight
            contribution = valence * weight
            total += contribution
            contributions.append((contribution, tok))
        score = math.tanh(total / self.scale) if contributions else 0.0
        band = self.neutral_band
        if score >= band and score > 0:   # band 0: a score of 0 is still neutral
            label, confidence = "positive", 0.5 + 0.5 * (score - band) / (1 - band)
        elif score <= -band and score < 0:
            label, confidence = "negative", 0.5 + 0.5 * (-score - band) / (1 - band)
        else:
            label, confidence = "neutral", 1.0 - 0.5 * abs(score) / band if band else 1.0
        contributions.sort(key=lambda c: -abs(c[0]))
        # words of other clauses weigh 0 by default: no evidence ("prison (-0.00)")
        evidence = ", ".join(f"{w} ({c:+.2f})" for c, w in contributions[:3]
                             if abs(c) >= 0.005) or None
        return label, score, confidence, evidence

    @staticmethod
    def _clause_ids(text: str, tokens: list[tuple[str, int, int]], pattern: re.Pattern) -> list[int]:
        """Clause number of each token: a new clause starts at a contrast word or a break."""
        breaks = [m.start() for m in pattern.finditer(text)]
        ids, current, b = [], 0, 0
        for tok, start, _ in tokens:
            while b < len(breaks) and breaks[b] < start:
                current += 1
                b += 1
            if tok in CONTRAST:
                current += 1
            ids.append(current)
        return ids
