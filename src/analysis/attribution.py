"""Quotes and reported speech: who says what about which Russia/EU actor, with stance.

:func:`extract_claims` turns ``articles``, ``sentences`` and ``mentions`` into the ``claims``
table (:data:`~analysis.scoring.base.CLAIM_COLUMNS`): one row per (article, sentence, speaker,
target actor). It works in two steps:

1. **Attribution** (rules, English and French). For every article it finds

   * *direct quotes*: ``"...," X said`` / ``X said: "..."`` / ``"...," said X`` /
     ``"...," X told reporters`` / ``« ... », a déclaré X`` / ``a-t-il lancé``; quotes that span
     sentences or paragraphs (a paragraph that opens a quote without closing it continues into
     the next one that re-opens it); stand-alone quotes whose speaker is named in the next
     sentence ("The words came from X", "C'est par ces mots que X ...") or is the subject of
     the previous one ("X took the stage. "..."");
   * *reported speech and stance predicates*: a subject noun phrase followed by a verb cue of
     ``resources/stance_cues.yaml`` (said, called for, accused, dismissed, a dénoncé, a salué,
     ...), with auxiliaries, adverbs and negation ("has long supported", "did not once
     criticise", "n'a pas condamné"), coordinated and relative clauses ("..., while Macron
     accused", "which he said", "qu'il juge"); ``according to X`` / ``selon X``;
   * *speakers*: registry actors (titles stripped: "Russian Foreign Minister Sergei Lavrov" ->
     "Sergei Lavrov", ``lavrov``), pronouns and role nouns ("She", "Il", "The candidate",
     "La candidate du Front national") resolved to the nearest previous person (the subject of
     the nearest sentence that names one), and non-registry names or noun phrases ("Richard
     Ferrand", "an aide to Macron", "EU diplomats", "other candidates"). Mentions inside the
     speaker's own phrase ("EU diplomats", "Kremlin spokesman Dmitry Peskov") are part of the
     speaker, never targets;
   * the *author's voice*: every Russia/EU mention not inside attributed content.

2. **Stance** by a stance scorer (default :class:`CueStanceScorer`, ``"lexicon.stance.v1"``):
   any object with ``score(claims, sentences) -> claims`` that (re)fills ``stance``, ``score``
   and ``scorer`` (see the class docstring for what it receives).

Speed: the cue lexicon is compiled once into a few regular expressions; each article is handled
on its own slice of sentences and mentions with plain lists, and the table is built once.

>>> import pandas as pd
>>> from analysis.text import segment_sentences
>>> from analysis.actors import detect_mentions
>>> arts = pd.DataFrame({"article_id": ["a"], "language": ["en"], "text": [
...     "Le Pen met Putin. She dismissed rumors about Russian election meddling."]})
>>> sents = segment_sentences(arts)
>>> claims = extract_claims(arts, detect_mentions(arts, sentences=sents), sents)
>>> claims[["speaker", "target_actor", "stance", "cue"]].values.tolist()
[['author', 'putin', 'neutral', 'sentiment'], ['Le Pen', 'russia', 'favor', 'dismiss']]
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ._checks import (
    read_user_yaml,
    require_mentioned_sentences,
    require_same_ids,
    require_segmented,
)
from .actors import ActorRegistry
from .resources import read_yaml
from .scoring.base import CLAIM_COLUMNS, STANCE_LABELS, check_scored, require_columns
from .text import (
    SURNAME_PARTICLES,
    TITLE_WORDS,
    is_abbreviation,
    lowered_for_search,
    lowered_pattern,
)

__all__ = ["CLAIM_COLUMNS", "CueStanceScorer", "StanceCues", "extract_claims", "load_stance_cues"]

STANCES = ("against", "neutral", "favor")
OPEN_QUOTES = '"\u201c\u00ab'
CLOSE_QUOTES = '"\u201d\u00bb'
_QUOTE_CHARS = re.compile('["\u201c\u201d\u00ab\u00bb]')
_PARA = re.compile(r"\n\s*")

#: Words between a subject and its verb cue (auxiliaries, adverbs, negation), English + French.
_AUX_WORDS = (
    "has|have|had|will|would|did|does|do|is|was|were|are|also|long|repeatedly|again|once|then|"
    "afterwards|later|quickly|publicly|firmly|strongly|openly|instead|not yet|not|never|already|flatly|"
    "sharply|reportedly|previously|immediately|even|still|often|been|swiftly|angrily|promptly|"
    "didn't|doesn't|won't|hasn't|haven't|hadn't|wouldn't|can't|cannot|couldn't|shouldn't|"
    "mustn't|isn't|aren't|wasn't|weren't|(?-i:can|could|may|might|must|should|shall)|only|"
    # any adverb in -ly ("warmly", "explicitly"), not a noun in -ly ("the Le Pen family")
    r"(?-i:[a-z]+ly)(?<!family)(?<!assembly)(?<!ally)(?<!rally)(?<!supply)(?<!reply)|"
    "refused to|refuses to|refuse to|declined to|declines to|failed to|"
    "a|ont|avait|avaient|aurait|auraient|a-t-il|a-t-elle|ont-ils|ont-elles|pas|jamais|ensuite|"
    "plus|guère|cesse de|eu de cesse de|de cesse de|"
    "au contraire|aussi|encore|également|déjà|alors|même|vivement|fermement|publiquement|"
    "longtemps|toujours|refusé de|refuse de|se refuse à|ne|ne se|s'est|se sont|de nouveau|à nouveau|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
#: ... and French object pronouns before the verb ("Marine Le Pen l'a répété", "le répète",
#: "lui a dit"), lower-case only ("Le" opens "Le Pen")
_CLITICS = r"l['\u2019]|(?-i:(?:le|la|les|lui|leur|y|en)\s+)"
_AUX = r"(?:(?:n['\u2019]|refusé d['\u2019]|" + _CLITICS + r")|(?:" + _AUX_WORDS + r")\s+)*"
_NEG_BEFORE_VERB = re.compile(
    r"(?:\bnot\b(?!\s+only\b)|\bcannot\b|n't\b|\bnever\b|\brefuse[sd]? to\b|\bdeclined? to\b|"
    r"\bdeclines to\b|"
    r"\bfailed to\b|\bpas\b|\bjamais\b|\bguère\b|\bplus\b|\brefusé d|\brefuse de\b|"
    r"\bse refuse à\b)",
    re.IGNORECASE)
_NE = re.compile(r"(?<!\w)(?:ne\s|n['\u2019])", re.IGNORECASE)
#: the second half of a French negation after a simple tense's verb ("ne soutient pas")
_NEG_AFTER_VERB = re.compile(r"\s+(?:pas|jamais|plus|guère|point|nullement)\b", re.IGNORECASE)
_TRAILING_PRONOUN = re.compile(r"(?:\s|qu['\u2019]|^)(he|she|il|elle)\s*$", re.IGNORECASE)
_INVERTED_PRONOUN = re.compile(r"-t-(il|elle)\b|^(?:a|ont)-(ils|elles)\b", re.IGNORECASE)

#: Clause boundaries a subject never crosses (the subject starts after the last one).
_SUBJECT_BOUNDARY = re.compile(   # an opening parenthesis closed before the verb is an aside
    r"(?:[;:\u2014]|\((?![^()]*\))|,\s*(?:while|whereas|but|and|mais|et|tandis que)\s|\b(?:while|whereas|"
    r"tandis que|but|mais)\s|[\"\u201c\u201d\u00ab\u00bb])", re.IGNORECASE)
#: Where the content of a reported clause ends (a contrasting coordinate clause).
_CONTENT_END = re.compile(
    r"(?:;|,\s*(?:while|whereas|but|mais|tandis que)\s|\s(?:while|whereas|tandis que)\s)",
    re.IGNORECASE)
#: A conjunction right before a verb: the verb is coordinated with the one before it.
_COORDINATION = re.compile(r"(?:^|(?<=[\s,]))(?:and|et|yet)\Z", re.IGNORECASE)
#: Discourse adverbs that open a sentence ("However, ...", "Meanwhile, Trump ..."): no speaker
_DISCOURSE = {"however", "meanwhile", "moreover", "furthermore", "nevertheless", "nonetheless",
              "instead", "indeed", "still", "also", "thus", "therefore", "besides", "again",
              "finally", "separately", "similarly", "likewise", "otherwise", "overall",
              "apparently", "ultimately", "eventually", "earlier", "later", "today", "yesterday",
              "now", "cependant", "pourtant", "toutefois", "néanmoins", "ainsi", "enfin",
              "d'ailleurs", "en effet", "aujourd'hui", "hier"}
_LEADING_REL = re.compile(
    r"^(?:(?:this|that|it)(?:\s+is|\s+was|['\u2019]s)\s+what|c['\u2019]est ce que|"   # a cleft
    r"which|that|who|whom|what|a charge|an accusation|a claim|an allegation|une accusation|"
    r"ce que|qu['\u2019]|que|qui|and|et|then|afterwards|on \w+day|even|même|"
    # a discourse adverb and its comma ("However, it is now being reported")
    r"(?:" + "|".join(sorted(_DISCOURSE)).replace("'", "['\u2019]") + r"),)"
    r"(?:(?<=[,'\u2019])|(?!\w))\s*", re.IGNORECASE)   # a whole word: not "And" of "Andrzej"
_DETERMINERS = {"a", "an", "the", "some", "other", "several", "many", "most", "few", "two",
                "three", "des", "un", "une", "le", "la", "les", "l", "plusieurs", "certains",
                "d'autres", "de", "nombreux", "deux", "trois", "ces", "this", "these", "those",
                "their", "his", "her", "another", "one", "its", "our", "my", "your", "sa", "son",
                "ses", "leur", "leurs", "notre", "votre", "nos", "vos"}
_PRONOUNS = {"he": "m", "she": "f", "il": "m", "elle": "f",
             "him": "m", "her": "f", "lui": "m"}   # "according to him", "selon lui"
_PLURAL_PRONOUNS = {"they", "ils", "elles"}
_OTHER_PRONOUNS = {"they", "we", "i", "you", "it", "ils", "elles", "nous", "je", "on", "vous", "one",
                   "this", "that", "there", "what", "who", "which", "ce", "cela", "c",
                   # indefinite ones ("Anyone who still believes the EU ...")
                   "anyone", "anybody", "everyone", "everybody", "nobody", "quiconque",
                   "personne", "chacun"}
#: alone, no speaker ("All told, Mueller charged ..."); "All 27 leaders said" is one
_ALONE_NO_SPEAKER = {"all", "tous", "toutes"}
_NP_VERBS = {"had", "has", "have", "is", "was", "were", "are", "will", "would", "should",
             "could", "can", "been", "be", "est", "sont", "ont", "avait", "était", "sera",
             "said", "did", "does", "do", "may", "might", "must", "told", "says", "met", "took",
             "made", "came", "got", "went"}
_NAME = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'\u2019.-]+(?:\s+(?:(?:de|du|des|von|van|le|la|d['\u2019])\s*)?"
    r"[A-ZÀ-ÖØ-Þ][\w'\u2019.-]+){1,3}")
_FR_AUXILIARIES = {"a", "ont", "avait", "aura", "pour", "sa", "part"}
_NAME_STOP = {"on", "in", "at", "after", "before", "during", "since", "last", "this", "then",
              "while", "if", "once", "although", "though", "because", "despite", "unlike",
              "une", "un",
              "en", "au", "the", "a", "an", "when", "but", "and", "et", "mais", "selon",
              "according", "for", "pour", "with", "avec", "as", "dans", "from", "here's"} | _DISCOURSE
#: Words that cannot open a speaker's noun phrase: those of _NAME_STOP but the articles ("an
#: aide to Macron", "a Commission spokesman", "un opposant au Kremlin" are speakers).
_OPENER_STOP = _NAME_STOP - {"the", "a", "an", "un", "une"}
#: Two or three capitalised words ending a phrase ("le député Gilbert Collard")
_NAME_AT_END = re.compile(r"(?:[A-ZÀ-Þ][\w'\u2019-]+\s+){1,2}[A-ZÀ-Þ][\w'\u2019-]+\Z")
#: Words that make a name before them someone else's ("a spokesman for Le Pen")
_TITLE_STOP = {"for", "of", "to", "with", "from", "by", "at", "in", "and", "or", "de", "du", "des",
               "d'", "à", "au", "aux", "pour", "avec", "chez", "et", "ou", "than", "que",
               "how", "when", "why", "where"}   # "That was how Mélenchon described it"
#: lower-case words that are no title before a name ("whether the White House")
_NOT_TITLE = _NAME_STOP | {"whether", "that", "who", "which", "said", "says"}
_ORG_HEADS = {"campaign", "party", "movement", "camp", "government", "administration",
              "leadership", "headquarters", "campagne", "parti", "mouvement", "gouvernement"}
_TOKEN = re.compile(r"[\w]+(?:[-'\u2019][\w]+)*|n['\u2019]|[!?]", re.UNICODE)
_CLAUSE_BREAK = re.compile(r"[;:\u2014]|[.!?][\"\u201d\u00bb]?\s+(?=[\"\u201c\u00abA-ZÀ-Þ])")
_CONTRAST = {"but", "however", "although", "though", "whereas", "while", "yet", "mais",
             "cependant", "pourtant", "tandis", "alors que"}


# ---------------------------------------------------------------------------- cue lexicon

@dataclass
class _Verb:
    cue: str
    lang: str
    polarity: int   # +1 favor, -1 against, 0 neutral
    role: str       # speech / object / deny / contact


#: a word and the space after it, or an elided article ("l'", "d'")
_WORDS = r"(?:[\w-]+(?:\s+|'))"


@dataclass
class StanceCues:
    """The compiled cue lexicon (``resources/stance_cues.yaml``); see that file for the fields."""

    data: dict
    verbs: dict[str, _Verb] = field(default_factory=dict)      # lower-cased form -> verb
    verb_patterns: list[tuple[re.Pattern, _Verb]] = field(default_factory=list)
    verb_re: re.Pattern | None = None
    verb_re_lower: re.Pattern | None = None   # the same forms, case-sensitive, for lowered text
    according_re: re.Pattern | None = None
    phrase_res: dict[str, re.Pattern] = field(default_factory=dict)
    loaded: dict[str, dict[str, float]] = field(default_factory=dict)
    loaded_res: dict[str, re.Pattern] = field(default_factory=dict)
    negators: dict[str, frozenset] = field(default_factory=dict)
    by_cue: dict[str, _Verb] = field(default_factory=dict)
    #: the target denies a charge in what a speaker reports ("the Kremlin has denied meddling")
    target_denies_re: re.Pattern | None = None
    #: a wrongdoing said not to have happened ("does not meddle", "n'avait jamais interféré")
    negated_wrongdoing_re: re.Pattern | None = None
    #: text ending in a favour/against/serving phrase and at most three words before the target
    just_before_res: dict[str, re.Pattern] = field(default_factory=dict)
    #: blocs whose own speakers are never judged against their bloc (see the YAML file)
    own_side_blocs: frozenset = frozenset()
    #: verb cues whose object is a danger, not a thing they judge (see the YAML file)
    danger_cues: frozenset = frozenset()
    #: verb cues that press someone to act, and the acts that judge the one pressed (see the
    #: YAML file)
    pressing_cues: frozenset = frozenset()
    pressed_to_stop: frozenset = frozenset()
    pressed_to_join: frozenset = frozenset()
    #: text ending in "to <hostile verb>" right before the target ("to fight Russia")
    hostile_to_re: re.Pattern | None = None
    #: the target as the agent of an act of war after it ("Russia's bombing") or before it
    #: ("shelled by")
    agent_after_re: re.Pattern | None = None
    agent_before_re: re.Pattern | None = None
    #: text ending in a hostile act or a measure aimed at what follows ("a jihad against", "a
    #: war with", "sanctions on the")
    hostile_aimed_re: re.Pattern | None = None
    measure_aimed_re: re.Pattern | None = None
    #: the target is what an accusation or inquiry before it is about, optionally ended
    #: (group ``end``): "an end to the investigation into <Russian> meddling"
    inquiry_before_re: re.Pattern | None = None
    #: an inquiry noun after the target: "<Russia> probe", "<Russian> election meddling inquiry"
    inquiry_after_re: re.Pattern | None = None
    #: text ending in a word that ends an inquiry and at most three words ("put an end to the")
    inquiry_end_re: re.Pattern | None = None

    @classmethod
    def from_dict(cls, data: dict) -> StanceCues:
        _no_yaml_booleans(data, "stance cues")
        self = cls(data=data)
        forms_all: list[str] = []
        deny_forms: list[str] = []
        pol = {"favor": 1, "against": -1, "neutral": 0}
        for i, entry in enumerate(data.get("verbs") or []):
            try:
                verb = _Verb(str(entry["cue"]), str(entry.get("lang", "en")),
                             pol[str(entry.get("polarity", "neutral"))],
                             str(entry.get("role", "speech")))
            except KeyError as exc:
                raise ValueError(f"stance cues: verb #{i + 1} has a bad or missing {exc}") from None
            if verb.role not in ("speech", "object", "deny", "contact"):
                raise ValueError(f"stance cues: verb '{verb.cue}': unknown role '{verb.role}'")
            self.by_cue.setdefault(verb.cue, verb)
            for form in entry.get("forms") or []:
                form = str(form)
                self.verb_patterns.append((re.compile(form + r"\Z", re.IGNORECASE), verb))
                forms_all.append(form)
                if verb.role == "deny":
                    deny_forms.append(form)
        forms_all.sort(key=len, reverse=True)
        # The verb forms are searched alone (one alternation); the auxiliaries before a hit are
        # matched backwards on a short window: an optional prefix group tried at every
        # position made the search 10x slower.
        verb_pattern = r"\b(?<![\w'\u2019-])" + _by_first_letter(forms_all) + r"(?![\w-])"
        self.verb_re = re.compile(verb_pattern, re.IGNORECASE)
        self.verb_re_lower = lowered_pattern(verb_pattern)
        self.according_re = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, data.get("according") or [])) + r")\s+",
            re.IGNORECASE)
        for key in ("lift_words", "keep_words", "exit_words", "policy_nouns", "measure_nouns",
                    "hostile_acts",
                    "accusation_nouns", "wrongdoing", "agent_acts", "dismissive", "favor_before",
                    "against_before", "against_after", "serving_before", "serving_after",
                    "role_nouns", "next_sentence_markers",
                    "speaker_np_stop", "aimed_at", "inquiry_nouns", "inquiry_end",
                    "hostile_verbs"):
            words = sorted((str(w).lower() for w in data.get(key) or []), key=len, reverse=True)
            self.phrase_res[key] = re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
                + r")(?![\w-])" if words else r"(?!x)x", re.IGNORECASE)
        self.target_denies_re = re.compile(
            r"\s*(?:'s\s+\w+\s+)?(?:(?:has|have|had|again|repeatedly|always|flatly|strongly|"
            r"categorically|also|a|ont|avait|toujours|fermement|catégoriquement|de nouveau)\s+)"
            r"{0,3}(?:" + "|".join(sorted(deny_forms, key=len, reverse=True) or ["(?!x)x"]) +
            r")(?![\w-])\s+(?:[\w'-]+\s+){0,4}?(?:"
            + self.phrase_res["wrongdoing"].pattern + "|"
            + self.phrase_res["accusation_nouns"].pattern + ")", re.IGNORECASE)
        self.just_before_res = {key: re.compile(_just_before(self.phrase_res[key]))
                                for key in ("favor_before", "against_before", "serving_before")}
        self.hostile_aimed_re = re.compile(r"\b(?:" + self.phrase_res["hostile_acts"].pattern
                                           + r")(?:" + _AIMED + "|" + _WITH_TARGET + ")")
        self.measure_aimed_re = re.compile(r"\b(?:" + self.phrase_res["measure_nouns"].pattern
                                           + r")" + _AIMED)
        self.hostile_to_re = re.compile(r"\bto\s+(?:just\s+|\w+ly\s+)?(?:"
                                        + self.phrase_res["hostile_verbs"].pattern
                                        + r")\s+(?:the\s+)?\Z")
        acts = self.phrase_res["agent_acts"].pattern
        # the target does the act: "'s bombing", "forces shelled", "has been shelling", and not
        # a passive ("the Russian base was bombed")
        self.agent_after_re = re.compile(
            r"(?:'s)?\s+(?:(?!(?:was|were|been|being|is|are)\b)[\w-]+\s+){0,2}?(?:" + acts + ")")
        self.agent_before_re = re.compile(r"(?:" + acts + r")\s+(?:[\w-]+\s+){0,2}?(?:by|par)\s+"
                                          r"(?:the\s+|les?\s+|la\s+|l')?\Z")
        self.negated_wrongdoing_re = re.compile(
            r"(?:\bnot|\bnever|n't|\bjamais|\bpas|\baucune?)\s+(?:[\w'-]+\s+){0,3}?(?:"
            + self.phrase_res["wrongdoing"].pattern + ")", re.IGNORECASE)
        for lang, table in (data.get("loaded") or {}).items():
            table = {str(k).lower().replace("\u2019", "'"): float(v) for k, v in table.items()}
            self.loaded[lang] = table
            multi = sorted((k for k in table if not re.fullmatch(r"[\w-]+", k)), key=len,
                           reverse=True)
            self.loaded_res[lang] = re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in multi)
                + r")(?![\w-])" if multi else r"(?!x)x", re.IGNORECASE)
        for lang, words in (data.get("negators") or {}).items():
            self.negators[lang] = frozenset(str(w).lower() for w in words)
        self.own_side_blocs = frozenset(str(b) for b in data.get("own_side_blocs") or [])
        self.own_side_speaker_res = {
            str(bloc): re.compile(r"(?:(?:the|le|la|les)\s+|l['\u2019])?(?:" + "|".join(
                str(p).replace("'", "['\u2019]").replace(" ", r"\s+") for p in patterns) + ")",
                re.IGNORECASE)
            for bloc, patterns in (data.get("own_side_speakers") or {}).items()}
        self.danger_cues = frozenset(str(c) for c in data.get("danger_cues") or [])
        self.pressing_cues = frozenset(str(c) for c in data.get("pressing_cues") or [])
        self.pressed_to_stop, self.pressed_to_join = (
            frozenset(f for w in data.get(key) or [] for f in (str(w).lower(), f"{w}s".lower()))
            for key in ("pressed_to_stop", "pressed_to_join"))
        pr = self.phrase_res
        ends = "|".join(pr[k].pattern for k in ("lift_words", "exit_words", "inquiry_end"))
        self.inquiry_before_re = re.compile(
            r"(?:(?P<end>" + ends + r")\s+" + _WORDS + "{0,3}?)?(?:" + pr["accusation_nouns"].pattern + "|"
            + pr["inquiry_nouns"].pattern + r")\s+(?:into|of|about|on|over|that|against|sur|"
            r"concernant|visant|contre|de|des|du|d')\s*" + _WORDS + r"{0,4}\Z", re.IGNORECASE)
        self.inquiry_after_re = re.compile(
            r"\s+(?:(?!(?:and|or|the|et|ou)\b)[\w-]+\s+){0,2}?(?:" + pr["inquiry_nouns"].pattern
            + ")", re.IGNORECASE)
        self.inquiry_end_re = re.compile(r"(?:" + ends + r")\s+" + _WORDS + r"{0,3}\Z",
                                         re.IGNORECASE)
        return self

    def verb_for(self, form: str) -> _Verb:
        key = " ".join(form.lower().split())
        verb = self.verbs.get(key)
        if verb is None:
            for pattern, v in self.verb_patterns:
                if pattern.match(key):
                    verb = v
                    break
            else:  # pragma: no cover - the alternation and the patterns come from one list
                verb = _Verb(key, "en", 0, "speech")
            self.verbs[key] = verb
        return verb


def _by_first_letter(forms: list[str]) -> str:
    """One alternation of ``forms`` (regular expressions that each start with a letter and have
    no top-level ``|``), grouped by that letter: ``(?:s(?:aid|ays)|t(?:old))``. The regex
    engine then tries at each word start only the forms of its letter, not all 400; the order
    within a letter (longest first) is kept, so the same form wins."""
    if any(form[1:2] in ("?", "*", "+", "{") for form in forms):
        return "(?:" + "|".join(forms) + ")"   # "s?aid": the first letter is optional
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form[0].lower(), []).append(form[1:])
    return "(?:" + "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")"
                            for first, rests in groups.items()) + ")"


def _no_yaml_booleans(value: object, where: str) -> None:
    """Raise on a boolean in a list: YAML reads a bare on/off/yes/no as one, so the word
    "no" would silently become the cue "false"."""
    if isinstance(value, dict):
        for key, item in value.items():
            _no_yaml_booleans(item, f"{where}: {key}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, bool):
                raise ValueError(f"{where}: {item!r} is a YAML boolean; write the word in "
                                 f"quotes (\"no\", \"on\", \"yes\", \"off\")")
            _no_yaml_booleans(item, where)


def load_stance_cues(path: str | Path | None = None) -> StanceCues:
    """Load a cue lexicon (default: the shipped ``resources/stance_cues.yaml``)."""
    if path is None:
        return _default_cues()
    return StanceCues.from_dict(read_user_yaml(path, "stance cue") or {})


@functools.cache
def _default_cues() -> StanceCues:
    return StanceCues.from_dict(read_yaml("stance_cues.yaml"))


def _cues_from(spec: StanceCues | str | Path | None) -> StanceCues:
    return spec if isinstance(spec, StanceCues) else load_stance_cues(spec)


# ---------------------------------------------------------------------------- article model

@dataclass
class _Mention:
    sid: int
    actor: str
    bloc: str
    surface: str
    start: int
    end: int
    kind: str
    continuation: bool


@dataclass
class _Frame:
    speaker: str
    speaker_actor: str | None
    cue: str
    role: str          # speech / object / deny / contact / proxy
    polarity: int
    negated: bool
    c_start: int       # content span (article offsets)
    c_end: int
    s_start: int       # speaker phrase span: its mentions are not targets
    s_end: int
    kind: str          # quote / reported / according / proxy
    #: narration inside the content, not the speaker's words ('"Russia," Macron said, "must
    #: be respected."': ', Macron said, '), left out when the words are judged
    gap: tuple[int, int] | None = None


@dataclass
class _Article:
    aid: object
    text: str
    lang: str
    sents: list[tuple[int, int, int]]          # (sentence_id, start, end)
    mentions: list[_Mention]
    registry: ActorRegistry
    cues: StanceCues
    quotes: list[tuple[int, int]] = field(default_factory=list)   # (open, close) offsets
    unlisted: dict = field(default_factory=dict)   # sentence index -> (name, gender or None)
    antecedents: dict = field(default_factory=dict)   # gender -> sentence index -> antecedent
    surnames: dict | None = None   # last word of each two-or-three-word name -> its first end

    def sentence_index(self, pos: int) -> int:
        lo, hi = 0, len(self.sents) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sents[mid][1] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def __post_init__(self) -> None:
        # Indexes so that every lookup is a bisection, not a scan: articles can be 10 MB.
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self._first: dict[str, _Mention] = {}
        for m in self.mentions:
            if not m.continuation:
                self._first.setdefault(m.actor, m)
        self.quotes.sort()
        self._quote_opens = [o for o, _ in self.quotes]

    @functools.cached_property
    def lowered(self) -> str | None:
        return lowered_for_search(self.text)

    def span(self, lo: int, hi: int) -> list[_Mention]:
        """Mentions starting in ``[lo, hi)``, in order."""
        return self.mentions[bisect.bisect_left(self._starts, lo):bisect.bisect_left(self._starts, hi)]

    def covers(self, lo: int, hi: int) -> bool:
        """Whether a mention overlaps ``[lo, hi)``: "Pelosi" in "Ms. Pelosi", whose mention
        starts at its title (mentions do not overlap one another)."""
        k = bisect.bisect_left(self._starts, hi)
        return k > 0 and self.mentions[k - 1].end > lo

    def first_mention(self, actor: str) -> _Mention | None:
        return self._first.get(actor)

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_left(self._quote_opens, pos) - 1  # the last quote opening before pos
        return k >= 0 and pos < self.quotes[k][1]


def _find_quotes(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` offsets of quotations; ``text[open+1:close]`` is the quoted text.

    Straight quotes alternate; curly quotes and guillemets have a direction. A quote still open
    at a paragraph end continues when the next paragraph opens with a quote mark (the news
    convention for multi-paragraph quotes); otherwise it closes at the paragraph end.
    """
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    para_ends = [m.start() for m in _PARA.finditer(text)] + [len(text)]
    p = 0
    continued_mark: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        pos, ch = m.start(), m.group()
        while p < len(para_ends) and para_ends[p] < pos:
            if open_at is not None:
                nxt = para_ends[p] + len(_PARA.match(text, para_ends[p]).group()) \
                    if p < len(para_ends) - 1 else None
                if nxt is not None and nxt == pos and ch in OPEN_QUOTES:
                    continued_mark = pos     # the paragraph re-opens the same quote
                else:
                    out.append((open_at, para_ends[p]))
                    open_at = None
            p += 1
        if continued_mark == pos:
            continued_mark = None
            continue
        if open_at is None:
            if ch in OPEN_QUOTES:
                open_at = pos
        elif ch in CLOSE_QUOTES:
            out.append((open_at, pos))
            open_at = None
        elif ch in "\u201c\u00ab":   # a new directional opener: the previous one never closed
            open_at = pos
    if open_at is not None:
        end = next((e for e in para_ends if e > open_at), len(text))
        out.append((open_at, end))
    return out


# ---------------------------------------------------------------------------- speakers

def _strip_title(surface: str, actor_id: str, registry: ActorRegistry) -> str:
    """The name part of a titled mention ("Russian Foreign Minister Sergei Lavrov" -> "Sergei
    Lavrov"): the longest alias the surface ends with."""
    actor = registry.actors.get(actor_id)
    if actor is None or actor.kind != "person":
        return surface
    low = " ".join(surface.split()).casefold()
    best = None
    for alias in actor.aliases:
        a = alias.casefold()
        if low.endswith(a) and (len(low) == len(a) or not low[-len(a) - 1].isalnum()):
            if best is None or len(a) > len(best):
                best = a
    if best is None or len(best) == len(low):
        return surface
    return surface[len(surface) - len(best):] if surface.casefold().endswith(best) else surface


def _resolve_antecedent(art: _Article, pos: int, gender: str | None) -> _Mention | None:
    """The person a pronoun or role noun at ``pos`` refers to: in the current sentence (before
    ``pos``, outside quotes) and then in earlier sentences, the nearest sentence that names a
    matching person; within it, the first such person (the subject, usually)."""
    k = art.sentence_index(pos)
    s_start, s_end = art.sents[k][1], art.sents[k][2]
    hi = min(s_end, pos)
    rel = _RELATIVE_SUBJECT.search(art.text, max(s_start, pos - 40), hi)
    if rel:   # "about Macron, whose team he accused": he is not Macron
        named = art.span(max(s_start, rel.start() - 60), rel.start())
        hi = named[-1].start if named and not art.text[named[-1].end:rel.start()].strip(" ,") \
            else rel.start()
    unlisted = _unlisted_speaker(art, k, gender)   # "Comey ... said that he believed"
    found = _first_named(_person_in(art, s_start, hi, gender),
                         unlisted if unlisted is not None and unlisted.end <= hi else None)
    if found is not None or k == 0 or (s_end < pos and _gap_before(art, k) > 1_000):
        return found
    # the earlier sentences: the same answer for every pronoun after them, so it is memoised
    # (an article of thousands of sentences naming no one walked back over all of them for each)
    memo = art.antecedents.setdefault(gender, {})
    walked = []
    j = k - 1
    while j not in memo:
        walked.append(j)
        _sid, j_start, j_end = art.sents[j]
        found = _first_named(_person_in(art, j_start, j_end, gender),
                             _unlisted_speaker(art, j, gender))
        if found is not None or j == 0 or _gap_before(art, j) > 1_000:
            memo[j] = found
            break
        j -= 1
    found = memo[j]
    for i in walked:
        memo[i] = found
    return found


def _first_named(person: _Mention | None, unlisted: _Mention | None) -> _Mention | None:
    """Of a sentence's registry person and its unlisted speaker, the one named first: in
    "John Herbst, a former ambassador, said Putin was wrong", Herbst is the subject."""
    if person is None or unlisted is None:
        return person or unlisted
    return unlisted if unlisted.start < person.start else person


#: A pronoun that is the subject of a relative clause ("whose team he accused", "whom she
#: met", "dont il a critiqué"): its antecedent is not the noun the clause is about
_RELATIVE_SUBJECT = re.compile(r"\b(?:whose\s+[\w'-]+(?:\s+[\w'-]+)?|whom|dont)\s+\Z",
                               re.IGNORECASE)


def _person_in(art: _Article, lo: int, hi: int, gender: str | None) -> _Mention | None:
    """The first registry person named in ``[lo, hi)`` outside quotes, of ``gender`` if given
    (a role noun that continues a person counts; a pronoun does not)."""
    actors = art.registry.actors
    return next((m for m in art.span(lo, hi) if m.kind == "person"
                 and (not m.continuation or _named_role(art, m))
                 and not art.in_quote(m.start)
                 and (gender is None or actors[m.actor].gender == gender)), None)


def _named_role(art: _Article, m: _Mention) -> bool:
    """A continuation mention that is a role noun ("Le candidat socialiste" continuing Hamon,
    "The minister" continuing Lavrov), not a pronoun: as good as the name for later pronouns."""
    return m.surface.lower() not in _PRONOUNS


def _gap_before(art: _Article, k: int) -> int:
    """Characters between sentence ``k`` and the one before it (a long gap: another story)."""
    return art.sents[k][1] - art.sents[k - 1][2]


#: A name of two or three capitalised words, and what may come between a verb and its subject
#: words that open a sentence before its subject ("But Herbst", "However, Akin")
_CONNECTIVES = "But|And|Yet|Still|However|Meanwhile|Instead|Later|Then"
_NAME3 = re.compile(   # not from a capitalised function word: "But Herbst" is no name (the
    # capital first: a lookahead tried at every position is 3x slower)
    r"(?=[A-ZÀ-Þ])(?!(?:" + _CONNECTIVES + r"|The|When|If|While|After|Before|As|So|Now|In|On|"
    r"At|For|Of|To|With|By|From|Since|Although|Though|Because|This|That|His|Her|Their|Its)\s)"
    r"(?:[A-ZÀ-Þ][\w'\u2019-]+\s+){1,2}[A-ZÀ-Þ][\w'\u2019-]+")
_TO_VERB = re.compile(r"(?:,\s+[^,.;:!?\"\u201c\u201d«»]{1,80},)?,?\s+"   # an apposition
                      r"(?:(?:has|had|also|then|later|a|avait)\s+)?")
_OF_BEFORE = re.compile(r"(?<!\w)(?:of|for|at|via|on|in|from|with|to|de|du|des|sur|dans|avec|à)\s+"
                        r"(?:the\s+|la\s+|le\s+|l['\u2019])?\Z",
                        re.IGNORECASE)
_INVERTED_BEFORE = re.compile(r"(?:said|says|added|déclaré|affirmé|ajouté)\s+\Z")  # not "told X"
#: Last words that make two or three capitalised words no person ("the White House said",
#: "via Twitter Tuesday, saying"): no "he" or "she" refers back to them
_NOT_A_PERSON = {"house", "department", "office", "ministry", "committee", "council", "party",
                 "agency", "service", "bank", "commission", "court", "government", "post",
                 "times", "news", "press", "journal", "association", "union", "institute",
                 "university", "foundation", "group", "company", "corporation", "network",
                 "parliament", "senate", "congress", "assembly", "police", "army", "navy",
                 "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                 "january", "february", "march", "april", "june", "july", "august",
                 "september", "october", "november", "december"}   # not May: Theresa May


#: titles that name a person and their gender
_HONORIFICS = {"Mr": "m", "Mr.": "m", "M.": "m", "Monsieur": "m", "Mrs": "f", "Mrs.": "f",
               "Ms": "f", "Ms.": "f", "Miss": "f", "Mme": "f", "Madame": "f", "Mlle": "f"}
#: a sentence that opens with a title and a name before a lower-case word: its subject
_HONORIFIC_SUBJECT = re.compile(
    r"[\"\u201c\u00ab]?\s*(?:" + "|".join(re.escape(h) for h in sorted(_HONORIFICS, key=len,
                                                                     reverse=True))
    + r")\s+[A-ZÀ-Þ][\w'\u2019-]+(?:\s+[A-ZÀ-Þ][\w'\u2019-]+)?(?=,?\s+[a-zà-ÿ])")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _headline_case(text: str) -> bool:
    """Whether most words are capitalised, as in a headline or a tweet run into the text
    ("'No Way' Northern Irish DUP Will Support May's Brexit Deal")."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _unlisted_speaker(art: _Article, k: int, gender: str | None) -> _Mention | None:
    """The last speaker sentence ``k`` names who is not in the registry ("Deputy Foreign
    Minister Alexei Meshkov said", "Richard Ferrand, called on ...", "said Pierre Valmont",
    "Daurat said" after "Michel Daurat"), or a name in apposition to the sentence's subject
    ("The town's mayor, Steeve Briois, ... spent"), else a titled name that is its subject
    ("Mrs May has doubled down"), as a mention without actor: a pronoun after it is more likely
    theirs than an earlier person's. None if there is none, in a headline-case sentence, and
    when the name's title (Mr, Mrs ...) gives a gender other than ``gender``."""
    if k not in art.unlisted:
        art.unlisted[k] = _unlisted_in(art, k)
    found, title_gender = art.unlisted[k]
    return None if found is not None and gender and title_gender and title_gender != gender \
        else found


def _unlisted_in(art: _Article, k: int) -> tuple[_Mention | None, str | None]:
    """:func:`_unlisted_speaker` for any gender: the name and the gender its title gives."""
    text = art.text
    sid, s_start, s_end = art.sents[k]
    found, gender, subject = None, None, None
    for m in _unlisted_names(art, s_start, s_end):
        if art.in_quote(m.start()) or art.covers(m.start(), m.end()) or \
                m.group().rsplit(None, 1)[-1].lower() in _NOT_A_PERSON or \
                _OF_BEFORE.search(text, max(s_start, m.start() - 10), m.start()):
            continue   # "deputy director of the Greek Energy Forum, said": not the speaker
        gap = _TO_VERB.match(text, m.end(), s_end)
        if (gap and art.cues.verb_re.match(text, gap.end(), s_end)) or \
                _inverted_speaker(art, max(s_start, m.start() - 30), m.start()) or \
                (gap and _ROLE_APPOSITION.match(text, s_start, m.start())
                 and _LOWER_WORD.match(text, gap.end(), s_end)):
            # the last: "The town's mayor, Steeve Briois, a National Front loyalist, spent the
            # morning ...": a person named in apposition to the sentence's subject
            found, gender = _unlisted_mention(sid, m), _HONORIFICS.get(m.group().split()[0])
        elif subject is None and art.lang == "en" and gap and \
                _OPENING.fullmatch(text, s_start, m.start()) and \
                _MAIN_VERB.match(text, gap.end(), s_end):
            # "Akin, however, continued his refusal ...": the subject of a main verb
            subject = _unlisted_mention(sid, m)
    if found is None and subject is not None:
        found, gender = subject, None
    if found is None:
        m = _HONORIFIC_SUBJECT.match(text, s_start, s_end)
        if m and not art.covers(m.start(), m.end()):
            name = m.group().lstrip("\"\u201c\u00ab ")
            found = _Mention(sid, None, None, name, m.end() - len(name), m.end(), "person", False)
            gender = _HONORIFICS[name.split()[0]]
    if found is not None and _headline_case(text[s_start:s_end]):
        return None, None
    return found, gender


def _unlisted_mention(sid: int, m: re.Match) -> _Mention:
    """The name of ``m`` ("Minister Alexei Meshkov": its last two words) as a mention without
    actor; a surname's particle stays ("Yannick Le Goff", not "Le Goff")."""
    words = m.group().split()
    keep = 3 if len(words) > 2 and words[-2].lower() in SURNAME_PARTICLES else 2
    name = " ".join(words[-keep:])
    return _Mention(sid, None, None, name, m.end() - len(name), m.end(), "person", False)


#: what may open a sentence before its subject
_OPENING = re.compile(r"\s*(?:(?:" + _CONNECTIVES + r"),?\s+)?")
#: an English main verb after a subject: a past form or an auxiliary
_MAIN_VERB = re.compile(
    r"(?:[a-z]+ed|has|had|was|is|will|would|did|does|could|can|met|told|took|made|gave|went|won|"
    r"lost|ran|left|came|became|sent|wrote|spoke|stood|held|got|kept|saw|knew|thought|brought|"
    r"began|led|paid|sought|fought|struck|broke|chose|flew|grew|fell|felt)\b")
#: a sentence opening with a noun phrase and a comma, before a name in apposition to it
_ROLE_APPOSITION = re.compile(r"[\"\u201c\u00ab]?\s*(?:The|A|An|Le|La|L['\u2019]|Un|Une|Son|Sa|Her|His|"
                              r"Its|Their)\s[^,.;:!?\"\u201c\u201d\u00ab\u00bb]{1,60},\s*\Z")
_LOWER_WORD = re.compile(r"(?!(?:of|and|or|in|on|at|to|for|with|who|which|that|de|du|des|et|ou|"
                         r"qui|que|dont|the|a|an|le|la|les)\b)[a-zà-ÿ]")


def _inverted_speaker(art: _Article, lo: int, name_start: int) -> bool:
    """Whether a verb of speech comes right before the name ('..., said Pierre Valmont',
    '..., témoigne Yannick Le Goff'), not one whose object it is ('told Sean Hannity')."""
    if _INVERTED_BEFORE.search(art.text, lo, name_start):
        return True
    before = art.text[lo:name_start]
    verbs = [v for v in art.cues.verb_re.finditer(before)
             if not before[v.end():].strip() and not v.group().lower().startswith(("tol", "tell"))
             and before[:v.start()].rstrip().endswith((",", '"', "\u201d", "\u00bb"))]
    # after a quote or a comma: "he believes Barack Obama got ..." is no inversion
    return bool(verbs) and art.cues.verb_for(verbs[-1].group()).role == "speech"


def _unlisted_names(art: _Article, lo: int, hi: int) -> list[re.Match]:
    """Names in ``[lo, hi)``: two or three capitalised words, and a single one that is the
    surname of such a name earlier in the article ("Daurat said" after "Michel Daurat")."""
    text = art.text
    if art.surnames is None:   # one pass over the article
        art.surnames = {}
        for n in _NAME3.finditer(text):
            art.surnames.setdefault(n.group().rsplit(None, 1)[-1], n.end())
    out = list(_NAME3.finditer(text, lo, hi))
    for m in _SURNAME.finditer(text, lo, hi):
        first = art.surnames.get(m.group())
        if first is not None and first <= m.start() and \
                not any(n.start() <= m.start() < n.end() for n in out):
            out.append(m)
    return sorted(out, key=lambda m: m.start())


#: one capitalised word, not an acronym or its plural ("MPs", "EU")
_SURNAME = re.compile(r"(?<![\w'\u2019-])(?![A-Z]{2,}s?\b)[A-ZÀ-Þ][\w'\u2019-]+(?![\w'\u2019-])")


def _actor_named(art: _Article, start: int, end: int) -> _Mention | None:
    """The registry actor whose mention is exactly ``text[start:end]``, else None."""
    return next((m for m in art.span(start, end) if m.start == start and m.end == end
                 and not m.continuation), None)


def _person_named(art: _Article, start: int, end: int) -> _Mention | None:
    """The registry person whose mention is exactly ``text[start:end]``, else None."""
    m = _actor_named(art, start, end)
    return m if m is not None and art.registry.actors[m.actor].kind == "person" else None


def _speaker_from_mention(art: _Article, m: _Mention) -> tuple[str, str]:
    first = art.first_mention(m.actor) if m.continuation else None
    surface = first.surface if first is not None else m.surface
    return _strip_title(surface, m.actor, art.registry), m.actor


def _resolve_np(art: _Article, start: int, end: int) -> tuple[str, str | None] | None:
    """Resolve the noun phrase ``text[start:end]`` to ``(speaker, speaker_actor)`` or None."""
    text = art.text
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip(" ,"))
    s, e = start + lead, start + len(raw.rstrip(" ,"))
    if s >= e:
        return None
    paren = text.find("(", s, e)
    if paren > s:   # "Macron (who was in Berlin)", "the Federal Security Service (FSB)"
        e = s + len(text[s:paren].rstrip())
    np_text = text[s:e]
    trail = _TRAILING_ADVERB.search(np_text) \
        if np_text[np_text.rfind(" ") + 1:].lower() in _TRAILING_ADVERB_ENDS else None
    if trail and trail.start() > 0:   # "He further claimed", "Facebook now warns"
        e = s + trail.start()
        np_text = text[s:e]
    # drop a leading relative/complementiser ("which", "that", "a charge")
    m = _LEADING_REL.match(np_text)
    while m and m.end() > 0:
        s += m.end()
        np_text = text[s:e]
        m = _LEADING_REL.match(np_text)
    low = np_text.lower()
    sub = _SUBORDINATOR.match(np_text) if " if " in low or " whether " in low else None
    if sub:   # "one wonders if Gavin Williamson wrote": Gavin Williamson
        s += sub.end()
        np_text = text[s:e]
    if not np_text:
        return None
    words = np_text.split()
    low0 = words[0].lower().strip(",")
    # pronouns
    if len(words) == 1 and low0 in _PRONOUNS:
        ante = _resolve_antecedent(art, s, _PRONOUNS[low0])
        # no one to refer to: the pronoun itself, not the article's own voice
        return _speaker_from_mention(art, _first_of(art, ante)) if ante else (np_text, None)
    if len(words) == 1 and low0 in _PLURAL_PRONOUNS:
        return np_text, None   # "They said ...": someone's words, if not whose, never the author's
    if len(words) == 1 and (low0 in _OTHER_PRONOUNS or low0 in _ALONE_NO_SPEAKER):
        return None
    # registry mentions inside the phrase
    inside = [mm for mm in art.span(s, e) if mm.end <= e]
    det_stripped = re.sub(r"^(?:the|le|la|les|l['\u2019])\s*", "", np_text, flags=re.IGNORECASE)
    for mm in inside:
        if mm.continuation:
            if mm.start == s and len(np_text) - len(mm.surface) < 60:
                ante = art.registry.actors.get(mm.actor)
                if ante is not None:
                    first = _first_mention(art, mm.actor)
                    return _speaker_from_mention(art, first) if first else None
            continue
        if mm.surface.casefold() in (det_stripped.casefold(), np_text.casefold()):
            return _strip_title(mm.surface, mm.actor, art.registry), mm.actor
        rest = det_stripped[len(mm.surface):].strip().lower() \
            if det_stripped.casefold().startswith(mm.surface.casefold()) else None
        if rest and rest in _ORG_HEADS and art.registry.actors[mm.actor].kind != "person":
            return mm.surface, mm.actor
    # a title before a name: "French presidential candidate Marine Le Pen", "Far-right leader
    # Marine Le Pen" (not "A spokesman for Marine Le Pen", "an adviser to Fillon")
    last = inside[-1] if inside else None
    if last is not None and last.end == e and not last.continuation and \
            art.registry.actors[last.actor].kind == "person":
        title = text[s:last.start].lower().split()
        if title[:1] in (["the"], ["le"], ["la"]) and len(title) > 1:
            title = title[1:]   # "the Socialist candidate Benoît Hamon"
        if 0 < len(title) <= 6 and not any(
                w in _TITLE_STOP or w in _NP_VERBS or w in _OTHER_PRONOUNS or w in _NAME_STOP
                or w.endswith(("'s", "’s")) for w in title):
            return _strip_title(last.surface, last.actor, art.registry), last.actor
    # a title before a name not in the registry: "le député Gilbert Collard" is Gilbert Collard,
    # not the last deputy named before
    article = low0 in ("the", "le", "la", "l'", "un", "une", "a", "an")
    if not inside and (article or words[0][:1].islower()):   # "union President Randi Weingarten"
        tail = _NAME_AT_END.search(np_text)
        title = np_text[:tail.start()].split()[article:] if tail else []
        if title and not any(w[:1].isupper() or w.lower() in _TITLE_STOP or w.endswith("ing")
                             or not article and w.lower() in _NOT_TITLE for w in title):
            first, rest = tail.group().split(None, 1)
            return (rest if first.lower() in TITLE_WORDS and " " in rest else tail.group()), None
    # role nouns ("The candidate", "La candidate du Front national", "The former minister")
    role = art.cues.phrase_res["role_nouns"].search(np_text) \
        if low0 in ("the", "le", "la", "l'") and len(words) <= 7 else None
    if role and not any(art.registry.actors[mm.actor].kind == "person" and not mm.continuation
                        for mm in inside):
        named = art.registry.role_referent(text, s, s + role.end())
        if named is not None:   # "Le candidat socialiste": that one, not the last person named
            ante = art.first_mention(named)
            ante = ante if ante is not None and ante.start < s else None
        else:
            ante = _resolve_antecedent(art, s, {"la": "f", "le": "m"}.get(low0))
        if ante:
            return _speaker_from_mention(art, _first_of(art, ante))
        # no one named before: the phrase itself ("Le candidat d'En Marche a dénoncé")
    # a non-registry name or noun phrase
    if len(words) > 1 and all(w.isupper() for w in words) and any(len(w) > 4 for w in words):
        return None   # a shouted heading or link ("READ MORE SUN STORIES"), not "REN TV"
    if np_text.endswith(("'s", "’s")):
        return None  # "Le Pen's" is a possessive, not a speaker
    if _NAME.fullmatch(np_text) and low0 not in _NAME_STOP:
        return np_text, None
    if np_text.lower().endswith(" that"):
        return None   # "a documentary that challenges the team that blames": a relative
        # clause's verb, whose antecedent is not known ("in" would cut "a documentary" away)
    stop = art.cues.phrase_res["speaker_np_stop"].search(np_text, 1)
    if stop:
        np_text = np_text[:stop.start()].rstrip(" ,")
        words = np_text.split()
    if not words or len(words) > 6:
        return None
    lw = [w.lower().strip(",") for w in words]
    if any(w in _NP_VERBS for w in lw) or "that" in lw[1:]:
        return None   # the last: "the day that Mr. Stone": a relative clause's subject
    if len(words) > 1 and lw[-1] in _ASPECT_VERBS or len(words) > 2 and \
            lw[-1].endswith("ed") and words[-2][0].islower() and not words[-1][0].isupper():
        # a participle after the noun ("a watchdog agency issued (last month)"), or a verb of
        # aspect before the cue's -ing form ("Trump continued bashing", "kept")
        np_text = np_text[:np_text.rstrip().rfind(" ")].rstrip(" ,")
        words, lw = words[:-1], lw[:-1]
    if lw[0] in _OPENER_STOP or lw[-1].endswith("ly") or lw[-1] in _OTHER_PRONOUNS or \
            lw[0] in _OTHER_PRONOUNS and (lw[0] != "one" or len(lw) == 1):
        return None  # "At a rally", "When the French", "A group widely", "One" ("one voter" is)
    if art.lang == "fr" and any(w in _FR_AUXILIARIES for w in lw):
        return None  # "a requis l'anonymat", "Elle a de nouveau": a verb, not a speaker
    if lw[-1] in _DETERMINERS or lw[-1] in {"of", "to", "for", "de", "du", "à", "au", "in", "and",
                                            "or", "but", "et", "ou", "mais"}:
        return None
    first = words[0]
    if not (first[0].isupper() or lw[0] in _DETERMINERS or lw[0].startswith(("l'", "d'"))):
        return None
    if len(words) == 1 and (lw[0] in _DETERMINERS or not words[0][0].isupper()):
        return None
    if len(words) == 1 and not lw[0].endswith("s"):
        # a single capitalised word that is not a registry actor: a surname we cannot check
        # ("Philippot said") is kept; sentence-initial common words are not.
        if lw[0] in _NAME_STOP or lw[0] in _OTHER_PRONOUNS:
            return None
    return np_text, None


_ASPECT_VERBS = frozenset({"continued", "continues", "kept", "keeps", "began", "begins", "started",
                           "starts", "resumed", "resumes", "stopped", "stops", "quit"})

#: time and sequence adverbs that end a subject phrase before its verb, not part of it (and
#: the last words they can end with, a cheap test before the pattern)
_ADVERBS = ("now", "today", "yesterday", "tonight", "earlier", "later", "further", "also",
            "again", "then", "still", "too")
_LAST_PERIODS = ("year", "week", "month", "night")
_TRAILING_ADVERB_ENDS = frozenset(_ADVERBS + _LAST_PERIODS)
_TRAILING_ADVERB = re.compile(r"(?:\s+(?:" + "|".join(_ADVERBS) + r"|last\s+(?:"
                              + "|".join(_LAST_PERIODS) + r")))+\s*\Z", re.IGNORECASE)


#: "<clause> if/whether" before a subject ("one wonders if Gavin Williamson wrote"); not a
#: condition ("If the Czech Republic wants", "that if Britain wanted")
_SUBORDINATOR = re.compile(r".*(?<![\s,])(?<!\bthat)(?<!\band)(?<!\bbut)(?<!\bor)\s+(?:if|whether)\s+",
                           re.IGNORECASE)


def _first_of(art: _Article, m: _Mention) -> _Mention:
    return _first_mention(art, m.actor) or m


def _first_mention(art: _Article, actor: str) -> _Mention | None:
    return art.first_mention(actor)


def _subject(art: _Article, lo: int, hi: int) -> tuple[str, str | None, int, int] | None:
    """The subject of a verb whose auxiliaries start at ``hi``; ``lo`` is the clause start.

    Comma-separated parts: "X, a spokesman for Y, said" (ends with a comma: an appositive
    closes the subject) prefers the last part that is a name; otherwise the last part.
    """
    region = art.text[lo:hi]
    if not region.strip(" ,"):
        return None
    pm = _TRAILING_PRONOUN.search(region)
    if pm and pm.start(1) > 0:
        ante = _resolve_antecedent(art, lo + pm.start(1), _PRONOUNS[pm.group(1).lower()])
        sp, sa = _speaker_from_mention(art, _first_of(art, ante)) if ante else (pm.group(1), None)
        return sp, sa, lo + pm.start(1), hi
    parts: list[tuple[int, int]] = []
    pos = lo
    for chunk in region.split(","):
        parts.append((pos, pos + len(chunk)))
        pos += len(chunk) + 1
    parts = [(a, b) for a, b in parts if art.text[a:b].strip()]
    if not parts:
        return None
    appositive = region.rstrip().endswith(",")
    last = art.text[parts[-1][0]:parts[-1][1]].strip().lower()
    if len(parts) > 1 and not appositive and (last in _TRAILING_ADVERB_ENDS or
                                              re.fullmatch(r"[a-z]+ly", last)):
        # "Dupont-Aignan, once a critic of Moscow, now says": an adverb after the apposition
        parts, appositive = parts[:-1], True
    if appositive and len(parts) > 1:
        for a, b in reversed(parts):
            chunk = art.text[a:b].strip()
            names = [mm for mm in art.span(a, b) if mm.end <= b
                     and not mm.continuation and art.registry.actors[mm.actor].kind == "person"]
            is_name = (_NAME.fullmatch(chunk) and chunk.split()[0].lower() not in _NAME_STOP) \
                or (names and chunk.casefold() == names[0].surface.casefold())
            if is_name:
                res = _resolve_np(art, a, b)
                if res:
                    return res[0], res[1], lo, hi
    if not appositive and len(parts) > 1 and _is_list(art.text, parts):
        # a list ("The leaders of France, Germany, Italy and Spain"): the whole, not its end
        parts = [(parts[0][0], parts[-1][1])]
    a, b = parts[-1] if not appositive else parts[0]
    res = _resolve_np(art, a, b)
    if res is None and appositive:
        a, b = parts[-1]
        res = _resolve_np(art, a, b)
    if res is None:
        return None
    if not appositive and len(parts) > 1:
        # "<clause>, Macron said": the subject is the last part; what comes before it is not
        # the speaker's phrase (its mentions are content or the author's, see _final_content)
        return res[0], res[1], a, hi
    return res[0], res[1], lo, hi


def _is_list(text: str, parts: list[tuple[int, int]]) -> bool:
    """Comma parts that are one list ("Le Pen, Fillon and Mélenchon"; "The leaders of France,
    Germany and Spain"), not a clause and its subject ("Russia is a partner, Le Pen said")."""
    def short_name(x: int, y: int) -> bool:
        words = text[x:y].split()
        return 0 < len(words) <= 3 and words[0][:1].isupper() and \
            not any(w.lower() in _NP_VERBS for w in words)
    return bool(re.search(r"\s(?:and|et)\s", text[slice(*parts[-1])])) and \
        all(short_name(x, y) for x, y in parts[1:]) and \
        (len(parts) >= 3 or short_name(*parts[0]))


# ---------------------------------------------------------------------------- frames

#: "X, who [also] ..." / "the Kremlin, which ..." / "X, qui ...": a relative pronoun right before
#: the verb (its auxiliaries excluded), an adverb at most between ("which he said" is not one).
_RELATIVE_PRONOUN = re.compile(
    r",\s*(who|which|qui)\s+(?:(?:\w+ly|also|then|once|later|aussi|déjà|lui-même|elle-même)\s+)?\Z",
    re.IGNORECASE)
#: Where a relative clause ends: a comma before a lower-case word that does not go on with a
#: list or an apposition ("who met Putin, the Kremlin's chief, and" goes on; ", attacked" ends).
_RELATIVE_END = re.compile(
    r",\s+(?!(?:the|an|and|or|its|his|her|their|le|la|les|l['\u2019]|un|une|des|et|ou|son|sa|ses|"
    r"de|du|d['\u2019])\b)(?=[a-zà-ÿ])")
_ARTICLE_ONLY = re.compile(r"\s*(?:(?:the|le|la|les)\s+|l['\u2019]\s*)?", re.IGNORECASE)


def _relative_antecedent(art: _Article, lo: int, comma: int,
                         which: bool) -> tuple[str, str | None, int] | None:
    """Who "who"/"qui" stands for (a person named right before the comma, or a name that is
    the whole phrase there), or "which" (an organisation or state that is the whole phrase,
    with its article): ``(speaker, speaker_actor, phrase start)`` or None."""
    text = art.text
    phrase_start = max(lo, text.rfind(",", lo, comma) + 1)
    phrase = text[phrase_start:comma].strip()
    before = [m for m in art.span(phrase_start, comma) if not text[m.end:comma].strip()]
    if before:
        m = before[-1]
        person = art.registry.actors[m.actor].kind == "person"
        if person == which or which and not _ARTICLE_ONLY.fullmatch(phrase[:-len(m.surface)]):
            return None
        return (*_speaker_from_mention(art, _first_of(art, m) if m.continuation else m), m.start)
    if which or not (_NAME.fullmatch(phrase) or _SURNAME.fullmatch(phrase)) or \
            phrase.split()[0].lower() in _NAME_STOP | _DISCOURSE | _OTHER_PRONOUNS:
        return None   # a name, or a surname alone ("Asselineau, who wants France to leave ...")
    return phrase, None, comma - len(phrase)


_AUX_TAIL = re.compile(r"(?<![\w'\u2019-])" + _AUX + r"\Z", re.IGNORECASE)


class _VerbHit:
    """A verb cue hit with the auxiliaries before it (the API of a match with groups
    ``aux`` and ``verb``)."""

    __slots__ = ("_aux", "_verb", "_a", "_v", "_e")

    def __init__(self, aux: str, verb: str, a: int, v: int, e: int):
        self._aux, self._verb, self._a, self._v, self._e = aux, verb, a, v, e

    def group(self, name: str) -> str:
        return self._aux if name == "aux" else self._verb

    def start(self, name: str | None = None) -> int:
        return self._v if name == "verb" else self._a

    def end(self) -> int:
        return self._e


def _verb_matches(art: _Article, start: int, end: int):
    cues = art.cues
    text = art.text
    lowered = art.lowered
    if cues.verb_re_lower is not None and lowered is not None:
        hits = cues.verb_re_lower.finditer(lowered, start, end)
    else:
        hits = cues.verb_re.finditer(text, start, end)
    for m in hits:
        v = m.start()
        form = text[v:m.end()]
        low_form = form.lower()
        if art.in_quote(v) or low_form == "opposed" and \
                _AS_OPPOSED_TO.match(text, max(0, v - 3), m.end() + 3):
            continue   # the last: "as opposed to" is no opposition
        if low_form in _NOUN_CUES and _ADJECTIVE_BEFORE.search(text, max(start, v - 20), v):
            continue   # a noun: "surveys show huge support for Putin", "a scathing attack on"
        lo = max(start, v - 60)
        am = _AUX_TAIL.search(text, lo, v)
        a = am.start() if am and am.end() == v else v
        yield _VerbHit(text[a:v], form, a, v, m.end()), cues.verb_for(form)


_AS_OPPOSED_TO = re.compile(r"as opposed to", re.IGNORECASE)
#: verb cues that are nouns as often, and adjectives that make them one
_NOUN_CUES = frozenset({"support", "praise", "attack", "blame", "welcome", "defend", "warning"})
_ADJECTIVE_BEFORE = re.compile(
    r"(?<![\w'-])(?:huge|strong|broad|wide|widespread|full|growing|public|popular|little|firm|"
    r"unwavering|total|overwhelming|massive|bipartisan|military|financial|political|vocal|tacit|"
    r"unconditional|enthusiastic|great|major|increasing|rising|declining|fierce|harsh|sharp|"
    r"scathing|rare|high|lukewarm|warm|cautious|explicit|implicit|rhetorical|verbal|chilling|"
    r"stark|dire|grim|fresh|latest|blunt|veiled|clear|early)\s+\Z",
    re.IGNORECASE)


#: A lower-case past form after a capitalised word (and "on Monday") is the clause's main verb,
#: and that word ends its subject: "Trump continued pounding Sessions", "Peskov declined to add".
_PAST_AFTER_NAME = re.compile(r"(?<![\w'\u2019-])[A-ZÀ-Þ][\w.-]*"
                              r"(?=(?:\s+on\s+[A-Z][a-z]+day)?(?:\s+[a-z]+ly)?\s+"
                              + _MAIN_VERB.pattern + ")")
#: Cues whose subject is the main verb's: "..., saying", "declined to add ..., saying", "continued
#: to criticise", "clashed with Le Pen and attacked", "repeated his call for".
_SHARES_MAIN_SUBJECT = re.compile(r"(?:,|[a-z]ed\s+to|\s(?:and|but|yet|when|while|by|after|before|as)|"
                                  r"\s(?:his|her|its|their))\s*\Z")


def _main_subject_end(art: _Article, lo: int, hi: int, verb: str) -> int:
    """Where the subject of a verb cue at ``hi`` ends when the cue shares the subject of an
    English clause's main verb (which is no cue) before it; else ``hi``."""
    if art.lang != "en":
        return hi
    tail = _SHARES_MAIN_SUBJECT.search(art.text, lo, hi)
    if tail is None or tail.group().startswith(",") and not verb.lower().endswith("ing"):
        return hi
    past = _PAST_AFTER_NAME.search(art.text, lo, hi)
    return past.end() if past else hi


def _apposition(art: _Article, lo: int, region: str, v_end: int, s_end: int,
                verb: _Verb) -> _Frame | None:
    """A participle in apposition to the subject before its comma ("Le Pen, backed by Moscow,"):
    a frame holding that subject until the clause closes, for the main verb after it."""
    if not region.rstrip().endswith(","):
        return None
    head = _subject(art, lo, lo + len(region.rstrip()) - 1)
    close = _RELATIVE_END.search(art.text, v_end, s_end)
    if not (head and close):
        return None
    return _Frame(head[0], head[1], verb.cue, "speech", 0, False, v_end, close.start(), head[2],
                  head[3], "reported")


def _pronoun_speaker(art: _Article, m, inv: re.Match, pos: int) -> tuple:
    """``(speaker, actor, start, end)`` of the pronoun after a quote's verb ("a-t-elle lancé"):
    the person it refers to, else the pronoun itself, as for '"...," he said'."""
    g = 1 if inv.group(1) else 2
    ante = _resolve_antecedent(art, pos, _PRONOUNS.get(inv.group(g).lower()))
    if ante:
        return (*_speaker_from_mention(art, _first_of(art, ante)), m.start(), m.start())
    return inv.group(g), None, m.start("aux") + inv.start(g), m.start("aux") + inv.end(g)


def _reported_frames(art: _Article, used_verbs: dict[int, _Frame]) -> list[_Frame]:
    text = art.text
    frames: list[_Frame] = []
    for _sid, s_start, s_end in art.sents:
        prev_end = s_start
        prev_frame: _Frame | None = None
        relative: _Frame | None = None   # "X, who praised Y," on the subject: X's main verb
        first = len(frames)  # this sentence's frames start here
        for m, verb in _verb_matches(art, s_start, s_end):
            v_start, v_end = m.start(), m.end()
            if m.start("verb") in used_verbs:
                # '"...," Macron said, adding that ...': the participle's subject is the quote's
                prev_end = v_end
                prev_frame = used_verbs[m.start("verb")]
                continue
            aux = m.group("aux")
            lo = prev_end
            boundary = None
            for boundary in _SUBJECT_BOUNDARY.finditer(text, prev_end, v_start):
                lo = boundary.end()
            negated = bool(_NEG_BEFORE_VERB.search(aux)) or bool(
                _NE.search(aux) and _NEG_AFTER_VERB.match(text, v_end))   # "ne dénonce jamais"
            subj = None
            inv = _INVERTED_PRONOUN.search(aux)
            if inv:
                pron = (inv.group(1) or inv.group(2) or "").lower()
                if pron in _PRONOUNS:
                    ante = _resolve_antecedent(art, v_start, _PRONOUNS[pron])
                    if ante:
                        sp, sa = _speaker_from_mention(art, _first_of(art, ante))
                        subj = (sp, sa, v_start, v_start)
            region = text[lo:v_start]
            by = _BY_AGENT.match(text, v_end)
            passive = _PASSIVE_AUX.search(text, max(lo, v_start - 40), m.start("verb")) and \
                not re.search(r"(?:ing|ant)\Z", m.group("verb"))
            if not passive and not aux and verb.role != "speech" and \
                    verb.cue not in art.cues.pressing_cues and \
                    m.group("verb").lower().endswith("ed") and _FOR_OVER.match(text, v_end):
                # a passive without its auxiliary, as in headlines and captions: "Macron
                # criticised for his remarks on Russia", "Le Pen slammed over her ties to Moscow"
                # (active verbs of judgement take their object first: "criticised Putin for";
                # "pressed for more support" is active)
                passive = True
            if passive and not by and (verb.role == "speech" or
                                       not re.match(r"\s+(?:to|à)\s", text[v_end:v_end + 4])):
                # a passive without its agent ("the attacks were blamed on the GRU", "Russia was
                # accused of meddling", "Moscow is said to have interfered"): its subject is no
                # speaker ("is opposed to" is a stance)
                prev_end = v_end
                if prev_frame is None:   # "Macron, criticised for his remarks, praised ..."
                    relative = _apposition(art, lo, region, v_end, s_end, verb) or relative
                continue
            if by:
                # a passive: "The Kremlin was criticised by Macron" is Macron's criticism of the
                # clause's subject; "Le Pen, backed by Moscow, praised Putin": no one's words, and
                # the main verb after the participle's clause is the subject's
                prev_end = v_end
                agent = _np_after(art, by.end(), s_end, generic=True)
                if agent and passive:
                    frames.append(_Frame(agent[0], agent[1], verb.cue, verb.role, verb.polarity,
                                         negated, lo, v_start, agent[2], agent[3], "reported"))
                elif prev_frame is None:
                    relative = _apposition(art, lo, region, v_end, s_end, verb) or relative
                continue
            rel = _RELATIVE_PRONOUN.search(region) if subj is None else None
            if rel is not None:
                antecedent = _relative_antecedent(art, lo, lo + rel.start(),
                                                  rel.group(1).lower() == "which")
                rel = None if antecedent is None else rel
            if rel is not None:
                subj = (*antecedent, v_start)
                if prev_frame is not None:   # "X criticised Le Pen, who ...": X's content ends
                    prev_frame.c_end = min(prev_frame.c_end, lo + rel.start())
            if subj is None and relative is not None and lo == prev_end and \
                    re.fullmatch(r",\s*", text[relative.c_end:v_start]):
                # "Le Pen, who has praised Putin, attacked the EU": the main verb is Le Pen's
                subj = (relative.speaker, relative.speaker_actor, v_start, v_start)
            if subj is None and prev_frame is not None and lo == prev_end and \
                    region.count(",") == 1 and region.rstrip().endswith(",") and \
                    region.strip(" ,") and (verb.role != "speech" or
                                            _NAMING.fullmatch(m.group("verb").lower())):
                # "X denied the reports, called them propaganda": the same subject again
                subj = (prev_frame.speaker, prev_frame.speaker_actor, v_start, v_start)
                prev_frame.c_end = min(prev_frame.c_end, lo + len(region.rstrip()) - 1)
            if subj is None:
                stripped = region.rstrip()
                conj = _COORDINATION.search(stripped) if prev_frame is not None else None
                if conj and (lo == prev_end or all(
                        _QUOTE_CHARS.fullmatch(b.group())
                        for b in _SUBJECT_BOUNDARY.finditer(text, prev_end, v_start))):
                    # a coordinated verb shares the previous subject ("... and has called for",
                    # "condemned Moscow yet praised Brussels"); a quoted phrase in between does
                    # not end the clause ('accused Russian media of spreading "invented
                    # stories" and claimed that ...')
                    subj = (prev_frame.speaker, prev_frame.speaker_actor, v_start, v_start)
                    prev_frame.c_end = min(prev_frame.c_end, lo + conj.start())
                elif prev_frame is not None and not stripped and boundary is not None and \
                        re.fullmatch(r",?\s*(?:and|et|but|mais)\s", boundary.group(), re.IGNORECASE):
                    # "... warned that Russia was meddling, and praised the Commission",
                    # "condemned Moscow's interference, but praised the Commission"
                    subj = (prev_frame.speaker, prev_frame.speaker_actor, v_start, v_start)
                    prev_frame.c_end = min(prev_frame.c_end, boundary.start())
                elif prev_frame is not None and (re.fullmatch(r"\s*,?\s*", region) or
                                                 region.rstrip().endswith(",")) and \
                        re.search(r"(?:ing|ant)$", m.group("verb").lower()):
                    # a participle clause (", arguing that", ", estimant que") shares it too,
                    # and ends what the verb before it covers
                    subj = (prev_frame.speaker, prev_frame.speaker_actor, v_start, v_start)
                    if region.strip():
                        prev_frame.c_end = min(prev_frame.c_end, lo + len(region.rstrip()) - 1)
                else:
                    subj = _subject(art, lo, _main_subject_end(art, lo, v_start, m.group("verb")))
                if subj is None and boundary is not None and _QUOTE_CHARS.fullmatch(boundary.group()) \
                        and re.fullmatch(r"\s*,?\s*", region) \
                        and "," in text[boundary.start() - 1:v_start] \
                        and m.group("verb").lower().endswith("ing"):
                    # 'X tried to clarify his comment that Obama subscribed to a "phony
                    # theology," saying ...': the main clause's subject, before the quote
                    past = _PAST_AFTER_NAME.search(text, s_start, v_start)
                    if past:
                        b_lo = s_start
                        for b in _SUBJECT_BOUNDARY.finditer(text, s_start, past.start()):
                            b_lo = b.end()
                        subj = _subject(art, b_lo, past.end())
            after = None
            if verb.role == "speech" and region.rstrip().endswith(",") and (
                    subj is None or subj[2] == lo) and \
                    not _NAMING.fullmatch(m.group("verb").lower()):   # ", also called X."
                # "<clause>, said Macron." / "<clause>, a déclaré Macron."
                after = _np_after(art, v_end, s_end,
                                  generic=bool(_SAID.fullmatch(m.group("verb").lower())))
                if after is not None and (_bare_tail(text, after[3], s_end) or
                                          _PARENTHESIS_TAIL.match(text, after[3], s_end)):
                    subj = after
            prev_end = v_end
            if subj is None:
                continue
            c_start, c_end = v_end, s_end
            s_to = subj[3]   # the speaker phrase, and an addressee told (no target either)
            cm = _CONTENT_END.search(text, v_end, s_end)
            if cm:
                c_end = cm.start()
            if verb.role == "speech":
                tail = subj[3] if subj is after else v_end
                if m.group("verb").lower().startswith(("told", "tell")):  # "..., X told RT.com"
                    addressee = _ADDRESSEE.match(text, tail, c_end)
                    tail = addressee.end() if addressee else tail
                    told = _TOLD_THAT.match(text, addressee.end(), c_end) \
                        if addressee and subj is not after else None
                    if told:
                        # "told Putin at Versailles that RT ...": what was told, not to whom
                        c_start, s_to = told.end(), addressee.end()
                    elif subj is not after:   # "told reporters that ..."
                        where = _WHERE_THAT.match(text, v_end, c_end)
                        c_start = where.end() if where else c_start
                elif art.lang == "fr" and subj is not after:
                    told = _DIT_A.match(text, v_end, c_end)
                    when = None if told else _WHEN_QUE.match(text, v_end, c_end)
                    if told:   # "a dit à Vladimir Poutine que RT ...": likewise
                        c_start, s_to = told.end(), told.end("to")
                    elif when:   # "a déclaré jeudi que ..."
                        c_start = when.end()
                elif subj is not after and not _NAMING.fullmatch(m.group("verb").lower()):
                    where = _WHERE_THAT.match(text, v_end, c_end)
                    if where:   # "claimed in a speech before European Parliament that ...":
                        c_start = where.end()   # where it was said is not what was said
                before = _final_content(text, s_start if frames[first:] else lo,
                                        min(subj[2], m.start()), tail, c_end)
                if before is not None:
                    c_start, c_end = before
                    for earlier in frames[first:]:  # "<X denied Y>, Peskov said": X's content
                        if earlier.c_start < c_end < earlier.c_end:   # ends at the comma
                            earlier.c_end = c_end
            frame = _Frame(subj[0], subj[1], verb.cue, verb.role, verb.polarity, negated,
                           c_start, c_end, subj[2], s_to, "reported")
            frames.append(frame)
            relative = None
            if rel is not None:
                # a relative clause ends at a comma before a verb ("..., attacked the EU"); a
                # verb after it is the subject's (on an object, the outer frame goes on)
                close = _RELATIVE_END.search(text, v_end, frame.c_end)
                frame.c_end = close.start() if close else frame.c_end
                relative = frame if prev_frame is None else None
                continue
            prev_frame = frame
        # according to X / selon X
        for am in art.cues.according_re.finditer(text, s_start, s_end):
            if art.in_quote(am.start()):
                continue
            np_start = am.end()
            # the phrase ends at punctuation, not at an abbreviation's period ("a senior U.S.
            # defence official")
            np_end = _first_stop(text, _ACCORDING_END, np_start, s_end)
            np_end = s_end if np_end is None else np_end
            if _RELATIVE_WORD.match(text, np_start, np_end):
                continue   # "data from the ministry, according to which the missile ...": the
                # speaker is the phrase before, not what follows
            doc = _DOCUMENT.match(text, np_start, np_end)
            if doc and doc.group("channel"):
                continue   # "according to a translation from NBC News": the words are Juncker's
            if doc and doc.group("author"):   # "a Twitter post by Amy Cook": Amy Cook
                np_start = doc.start("author")
            # "a study that is often cited": the phrase before its relative clause speaks
            rel = _NP_RELATIVE.search(text, np_start, np_end)
            res = _resolve_np(art, np_start, rel.start() if rel else np_end)
            if res is None:
                continue
            # the words are the rest of the sentence: after a leading phrase ("According to Le
            # Pen, the EU ..."), before a closing one ("..., according to Le Pen."); after a
            # pronoun ("Tusk ... hailed a vote which, according to him, shows ...": not the
            # sentence about him); a phrase inside the words leaves the whole sentence
            c_start, c_end = s_start, s_end
            if not _ONLY_MARKS.fullmatch(text, np_end, s_end):
                if (_ONLY_MARKS.fullmatch(text, s_start, am.start())
                        or text[np_start:np_end].strip().lower() in _PRONOUNS):
                    c_start = np_end
            elif not _ONLY_MARKS.fullmatch(text, s_start, am.start()):
                c_end = am.start()
            c_start = _QUOTE_EDGE.match(text, c_start, c_end).end()   # '"The EU ...," according'
            while c_end > c_start and text[c_end - 1] in _QUOTE_EDGE_CHARS:
                c_end -= 1
            frames.append(_Frame(res[0], res[1], "according to", "speech", 0, False, c_start,
                                 c_end, am.start(), np_end, "according"))
        # "Pour François Fillon, la Russie est un partenaire" / "For Le Pen, the EU is a prison"
        fm = _FOR_SPEAKER.match(text, s_start, s_end)
        named = _actor_named(art, fm.start(1), fm.end(1)) \
            if fm and not art.in_quote(fm.start()) and not _IT_WAS.match(text, fm.end()) else None
        if named:
            sp, sa = _speaker_from_mention(art, _first_of(art, named))
            frames.append(_Frame(sp, sa, "according to", "speech", 0, False, fm.end(1) + 1,
                                 s_end, fm.start(), fm.end(1), "according"))
    return frames


#: a sentence's end, with its closing quotes, at the end of a stretch of text
_ENDS_SENTENCE = re.compile(r"[.!?;:][\"')\]\u201d\u00bb]*\s*\Z")
_NP_RELATIVE = re.compile(r"\s+(?:that|which|who|whose|qui|que|dont)\s", re.IGNORECASE)
_ACCORDING_END = re.compile(r"[,.;:!?\"\u201c\u201d\u00ab\u00bb]")
_QUOTE_EDGE_CHARS = " \t\n\r,\u00a0" + OPEN_QUOTES + CLOSE_QUOTES
_QUOTE_EDGE = re.compile("[" + re.escape(_QUOTE_EDGE_CHARS) + "]*")
_ONLY_MARKS = re.compile(r"[\s,.;:!?\"\u201c\u201d\u00ab\u00bb\u2014\u2013-]*")
_RELATIVE_WORD = re.compile(r"(?:which|whom|lequel|laquelle|lesquels|lesquelles|quoi)\b",
                            re.IGNORECASE)


def _just_before(phrases: re.Pattern) -> str:
    """A pattern for text ending in one of ``phrases`` and at most three words, and perhaps an
    elided article: "closer ties with the", "référendum sur l'appartenance à l'"."""
    return r"(?:" + phrases.pattern + r")\s+(?:[\w'-]+\s+){0,3}(?:[ld]')?$"


#: the end of "<measure> against/on <the target>": at most 3 words between the noun and its
#: preposition, 9 after it ("a fight against terrorism with Russia" is not aimed at Russia)
_AIMED = (r"\s+(?:[\w'-]+\s+){0,3}?(?:against|on|toward|towards|contre|visant|targeting|envers)\s+"
          r"(?:(?!with\b|alongside\b|avec\b)[\w'-]+\s+){0,9}$")
#: a war or attack is also aimed at whom it is "with", right after it ("wants to start a nuclear
#: war with Russia"; not "a war against ISIS with Russia")
_WITH_TARGET = r"\s+(?:with|avec)\s+(?:the\s+|la\s+|le\s+|l')?$"
_FOR_SPEAKER = re.compile(r"\s*(?:Pour|For)\s+(?:(?:the|le|la|les)\s+|l['\u2019])?"
                          r"([^,.;:!?]{2,40}?),")
#: "For Putin, it was an opportunity to ...", "Pour l'UE, c'est un échec": the author's reading
#: of X's situation, not X's view
_IT_WAS = re.compile(r"\s*(?:(?:it|this|that)\s+(?:was|is|has been|had been|would be|will be)\b"
                     r"|c['\u2019]est\b|c['\u2019]était\b|ce (?:fut|sera|serait)\b|"
                     r"il s['\u2019]agit\b|cela\b|ça\b)", re.IGNORECASE)
#: "according to" a document: its author speaks ("a Twitter post by Amy Cook", "a statement
#: from the Kremlin"); a translation or transcript only carries someone else's words
_DOCUMENT = re.compile(
    r"(?:an?|the|une?|le|la|les|l')?\s*(?:[\w'-]+\s+){0,2}?(?:(?P<channel>translations?|"
    r"transcripts?|traductions?|transcriptions?)|posts?|tweets?|statements?|reports?|"
    r"documents?|letters?|releases?|filings?|memos?|videos?|interviews?|messages?|"
    r"communiqués?|rapports?|lettres?|vidéos?|entretiens?|déclarations?)"
    r"(?:\s+(?:by|from|of|de|du|des|d')\s*(?P<author>\S.*))?\Z", re.IGNORECASE)


#: What may follow a sentence-final attribution ("..., Macron said on Tuesday in a statement",
#: "..., a déclaré Macron lors d'un meeting"): circumstances, not content.
#: Up to three circumstances of up to four words each after their first ("in a statement on
#: Tuesday", "ce matin devant la presse"); more words would be content ("in 2018 the EU would
#: act alone").
_CIRCUMSTANCE = (
    r"(?:\s*(?:on|in|at|during|after|before|from|to|with|by|last|this|yesterday|today|"
    r"tonight|earlier|later|again|also|then|late|told|reporters|journalists|supporters|voters|"
    r"lawmakers|students|lors|dans|devant|en|à|au|aux|(?:ce|cette) (?:matin|soir|semaine)|"
    r"hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|journalistes|partisans|"
    r"militants|sympathisants)\b(?:\s+[^\s,;:\"\u201c\u201d\u00ab\u00bb]+){0,4}?){0,3}")
_BARE_TAIL = re.compile(r"[\s,]*" + _CIRCUMSTANCE + r"[.!?\s]*\Z", re.IGNORECASE)
_CIRCUMSTANCE_ONLY = re.compile(r"\s*" + _CIRCUMSTANCE + r"\s*", re.IGNORECASE)
#: "Russia, Macron said on Tuesday, would not decide the election": the attribution is a
#: parenthesis inside what was said.
_PARENTHESIS_TAIL = re.compile(_CIRCUMSTANCE + r"\s*,\s*\w", re.IGNORECASE)
_APPOSITION = re.compile(r"(?:the|an?|his|her|its|their|le|la|les|l['\u2019]|une?)\b",
                         re.IGNORECASE)
#: a finite verb: what follows the speaker is a clause that goes on with the content ("...,
#: McGahey suggested, the government's warfighters will be obliged to ...")
_CLAUSE_VERB = re.compile(r"\b(?:will|would|is|are|was|were|has|have|had|can|could|must|should|"
                          r"may|might|est|sont|sera|serait|a|ont|doit|doivent)\b")


#: Whom a speaker told: a name or an outlet ("RT. com", "the BBC", "Le Monde").
_ADDRESSEE = re.compile(r"\s*(?:the\s+)?(?:[A-ZÀ-Ö][\w.'\u2019&-]*(?:\s+|(?=[.,;!?])|\Z)){1,5}")


#: after the addressee of "told": a place or time, then "that" or a comma
_TOLD_THAT = re.compile(r"(?:(?:at|in|on|during|after|before)\s+[^,.;:\"\u201c\u00ab]{1,40}?\s*)?"
                        r"(?:that\b|,)")


#: where or to whom something was said, then "that" ("in a speech before European Parliament
#: that", "at a meeting with Putin that")
_WHERE_THAT = re.compile(r"\s+(?:(?:in|at|during|before|to|with|on|last|this|earlier)\s+"
                         r"[^,.;:!?\"\u201c\u00ab]{1,60}?|yesterday|today|again|repeatedly|"
                         r"publicly|recently|reporters|journalists|the press|supporters|"
                         r"lawmakers|voters)\s+that\b", re.IGNORECASE)
#: French "a déclaré jeudi que": when it was said, then what
_WHEN_QUE = re.compile(r"\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|"
                       r"aujourd['\u2019]hui|encore|à nouveau|publiquement|aux journalistes|"
                       r"à la presse)\s+(?:que\b|qu['\u2019])", re.IGNORECASE)
#: French "dire à X que": the one told, then what
_DIT_A = re.compile(r"\s+(?:à|au|aux)\s+[^,.;:!?\"\u201c\u00ab\u00bb]{1,60}?(?P<to>)\s+(?:que\b|qu['\u2019])",
                    re.IGNORECASE)


def _bare_tail(text: str, pos: int, end: int) -> bool:
    """Nothing but circumstances between ``pos`` and the sentence end ``end``."""
    return bool(_BARE_TAIL.match(text, pos, end))


def _final_content(text: str, lo: int, attribution: int, tail_start: int,
                   c_end: int) -> tuple[int, int] | None:
    """The content of a sentence-final attribution ("The EU must act, Macron said."): the
    clause from ``lo`` to the comma before the attribution (which starts at ``attribution``),
    when only circumstances follow the verb or the inverted subject (``tail_start``)."""
    head = text[lo:attribution]
    comma = head.rstrip().rfind(",")
    if comma < 0 or head[comma + 1:].strip() or not head[:comma].strip(" \"'\u201c\u00ab"):
        return None
    if _bare_tail(text, tail_start, c_end):
        # not a circumstance: "On Monday, Herbst told reporters that ..." has its content after
        return None if _CIRCUMSTANCE_ONLY.fullmatch(head, 0, comma) else (lo, lo + comma)
    tail = _PARENTHESIS_TAIL.match(text, tail_start, c_end)
    if tail:
        if _APPOSITION.match(text, tail.end() - 1) and \
                not _CLAUSE_VERB.search(text, tail.end() - 1, c_end):
            # "..., said Margarita Simonyan, the editor-in-chief of RT and Sputnik.": who the
            # speaker is, not what was said
            return lo, lo + comma
        return lo, c_end  # the speaker's own phrase is excluded from its targets anyway
    return None


#: what ends a quoted utterance inside its quotation marks ('"We will win," he said')
_QUOTE_END = frozenset(",.!?;:\u2026-\u2014")


#: what stands before a quoted title ('on ABC's "This Week,"', 'in the "Today" show')
_BEFORE_TITLE = re.compile(r"(?:\b(?:on|in|of|the)|['\u2019]s)\s*\Z", re.IGNORECASE)
_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "in", "on", "to", "for", "at"})


def _title_quote(text: str, qo: int, qc: int) -> bool:
    """Whether the quote ``text[qo:qc + 1]`` is a title ('Speaking on ABC's "This Week," Sen.
    John McCain said ...'): a few capitalised words after 'on', 'in', 'the' or a possessive.
    A verb after it is not its attribution."""
    words = text[qo + 1:qc].strip(" ,").split()
    return 0 < len(words) <= 5 and all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS
                                       for w in words) and \
        not words[-1].endswith((".", "!", "?")) and \
        bool(_BEFORE_TITLE.search(text, max(0, qo - 12), qo))


def _first_stop(text: str, marks: re.Pattern, lo: int, hi: int) -> int | None:
    """Offset of the first of ``marks`` in ``text[lo:hi]`` that is not the period of an
    abbreviation or initial ("a senior U.S. defence official", "Mr. Steele"), else None."""
    return next((p.start() for p in marks.finditer(text, lo, hi)
                 if p.group() != "." or not is_abbreviation(text, p.start())), None)


_SENTENCE_MARKS = re.compile(r"[.!?;]")


def _sentence_mark(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]``, its edges' punctuation aside, holds ``! ? ;`` or a period that
    ends no abbreviation or initial ('," Mr. Steele said', '," Rep. Gregory Meeks, D-N.Y., said')."""
    region = text[lo:hi]
    inner = region.strip(" ,.!?")
    if not inner:
        return False
    lo += region.find(inner)
    return _first_stop(text, _SENTENCE_MARKS, lo, lo + len(inner)) is not None


def _quote_frames(art: _Article) -> tuple[list[_Frame], dict[int, _Frame]]:
    """Frames for attributed direct quotes, and the frame of each verb (by its offset) used as
    an attribution."""
    text = art.text
    frames: list[_Frame] = []
    used: dict[int, _Frame] = {}
    prev_close = -1
    attributed: list[_Frame | None] = []   # per quote, its frame
    for qi, (qo, qc) in enumerate(art.quotes):
        k_open = art.sentence_index(qo)
        k_close = art.sentence_index(max(qo, qc - 1))
        close_sent_end = art.sents[k_close][2]
        speaker = None
        used_verb = None
        lead = None   # where the paraphrase around a partial quote starts: the speaker's words
        lo = max(art.sents[k_open][1], prev_close + 1)   # the quote's sentence, before it
        # 1. after the quote, in its last sentence: '," X said' / '," said X' / 'a-t-il lancé'
        after_lo = qc + 1
        after_hi = min(close_sent_end, after_lo + 160)
        nxt_q = next((o for o, _ in art.quotes[qi + 1:qi + 2]), None)
        if nxt_q is not None:
            after_hi = min(after_hi, nxt_q)
        if after_lo < after_hi and re.match(r"\s*[,.!?]?\s*\S", text[after_lo:after_hi]) and \
                not _title_quote(text, qo, qc):
            for m, verb in _verb_matches(art, after_lo, after_hi):
                region = text[after_lo:m.start()]
                inv = _INVERTED_PRONOUN.search(m.group("aux"))
                if inv:
                    speaker = (*_pronoun_speaker(art, m, inv, qo), verb)
                elif not region.strip(" ,.!?"):
                    # inverted: '," said X' / '», a déclaré X'
                    res = _np_after(art, m.end(), after_hi, generic=True)
                    if res:
                        speaker = (*res, verb)
                elif len(region) < 160 and not _sentence_mark(text, after_lo, m.start()) and \
                        (text[qc - 1] in _QUOTE_END or region.lstrip().startswith(",")):
                    # not after a quoted phrase that the sentence goes on from ('the "Today"
                    # show, Mr. Trump told')
                    res = _subject(art, after_lo + len(region) - len(region.lstrip(" ,.!?")),
                                   m.start())
                    if res:
                        speaker = (res[0], res[1], res[2], res[3], verb)
                if speaker:
                    used_verb = m.start("verb")
                    # 'L'UE est une « prison des peuples », a affirmé Le Pen': the sentence
                    # before the quote is her words too (not a sentence the splitter left
                    # joined to the quote)
                    if k_open == k_close and re.search(r"\w", text[lo:qo]) and \
                            not _sentence_mark(text, lo, qo) and \
                            not _ENDS_SENTENCE.search(text, lo, qo):
                        lead = lo
                break
        # 2. before the quote: 'X said: "' / 'X told supporters: "' / 'X said, "'
        if speaker is None:
            before = text[lo:qo]
            if re.search(r"[:,]\s*$", before):
                # the last verb with a subject: 'X said, laughing, before adding: "' is X's
                for m, verb in reversed(list(_verb_matches(art, lo, qo))):
                    if speaker is not None:
                        break
                    tail = text[m.end():qo]
                    if len(tail.split()) <= 4:
                        b_lo = lo
                        for b in _SUBJECT_BOUNDARY.finditer(text, lo, m.start()):
                            b_lo = b.end()
                        inv = _INVERTED_PRONOUN.search(m.group("aux"))
                        res = None
                        if inv:
                            res = _pronoun_speaker(art, m, inv, m.start())
                        elif not text[b_lo:m.start()].strip() and tail.rstrip().endswith(":"):
                            # inverted at the sentence start: 'Added Gibbs: "' (a surname
                            # named in full before)
                            res = _np_after(art, m.end(), qo, generic=True)
                            names = [] if res else _unlisted_names(art, m.end(), qo)
                            if names:
                                res = (names[-1].group(), None, names[-1].start(),
                                       names[-1].end())
                        else:   # 'X did not back down, saying, "': X's
                            res = _subject(art, b_lo, _main_subject_end(
                                art, b_lo, m.start(), m.group("verb")))
                        if res:
                            speaker = (res[0], res[1], res[2], res[3], verb)
                            used_verb = m.start("verb")
                            # 'Le Pen a salué Poutine, « un partenaire fiable »': the object
                            # between the verb and the quote is what she said it of
                            if re.search(r"\w", tail) and not tail.rstrip().endswith(":"):
                                lead = m.end()
            colon = _COLON_SPEAKER.fullmatch(before) if speaker is None else None
            named = _person_named(art, lo + colon.start(1), lo + colon.end(1)) if colon else None
            if named:   # 'Le Pen: "Russia is our friend."' (a headline, a list of reactions)
                sp, sa = _speaker_from_mention(art, named)
                speaker = (sp, sa, named.start, named.end, None)
        # 3. a stand-alone quote: the next sentence names the speaker, or the previous
        #    sentence's subject is the speaker
        proxy: _Frame | None = None
        if speaker is None and _fills_sentences(art, qo, qc, k_open, k_close):
            nk = k_close + 1
            same = text[qc + 1:art.sents[k_close][2]].strip()
            if same or nk < len(art.sents):
                if same:
                    n_start, n_end = qc + 1, art.sents[k_close][2]
                else:
                    n_sid, n_start, n_end = art.sents[nk]
                marker = None if any(n_start <= o < n_end for o, _ in art.quotes) else \
                    art.cues.phrase_res["next_sentence_markers"].search(text, n_start, n_end)
                if marker:
                    # before the marker or just after it ("said Macron"), not in what follows
                    # ("APCO officials told The Hill that its support for the Clinton Global
                    # Initiative ...")
                    cand = _first_speakerish(art, n_start, min(n_end, marker.end() + 40))
                    if cand:
                        speaker = (cand[0], cand[1], cand[2], cand[3], None)
                        proxy = _Frame(cand[0], cand[1], "quote", "proxy", 0, False, cand[3],
                                       n_end, n_start, cand[3], "proxy")
                        proxy.quote_span = (qo + 1, qc)  # type: ignore[attr-defined]
            before = attributed[-1] if attributed else None
            if speaker is None and before is not None and \
                    art.sentence_index(before.c_end) == k_open - 1:
                # '"Russia is our friend," Le Pen said. "The EU is our enemy."': she goes on
                speaker = (before.speaker, before.speaker_actor, -1, -1, None)
            if speaker is None and k_open > 0:
                p_sid, p_start, p_end = art.sents[k_open - 1]
                if not any(p_start <= o < p_end for o, _ in art.quotes):
                    cand = _first_speakerish(art, p_start, p_end, at_start=True)
                    if cand:
                        speaker = (cand[0], cand[1], -1, -1, None)
        prev_close = qc
        if speaker is None:
            attributed.append(None)
            continue
        sp, sa, ss, se, verb = speaker
        cue = "quote"
        role, pol = "speech", 0
        if verb is not None and verb.role == "object":
            # '"Russia is not our enemy," Le Pen warned': the quote is the words, judged as
            # said; the verb's polarity is for its object ("warned that ...", "praised X")
            cue = verb.cue
        elif verb is not None and verb.role != "speech":
            cue, role, pol = verb.cue, verb.role, verb.polarity
        frames.append(_Frame(sp, sa, cue, role, pol, False, qo + 1 if lead is None else lead, qc,
                             ss, se, "quote"))
        before = attributed[-1] if attributed else None
        if before is not None and before.speaker == sp and before.c_end < qo < before.c_end + 80 \
                and text[before.c_start:before.c_end].rstrip().endswith(",") and \
                text[qo + 1:qo + 2].islower() and art.sentence_index(qo) == \
                art.sentence_index(before.c_end):
            # '"The EU," she added, "is our enemy."': one statement in two parts
            before.gap = (before.c_end, qo + 1)
            before.c_end = qc
        attributed.append(frames[-1])
        if used_verb is not None:
            used[used_verb] = frames[-1]
        if proxy is not None:
            frames.append(proxy)
    return frames, used


_COLON_SPEAKER = re.compile(r"\s*([^:,.;!?\"\u201c\u201d«»]{2,60}?)\s*:\s*")


def _fills_sentences(art: _Article, qo: int, qc: int, k_open: int, k_close: int) -> bool:
    text = art.text
    head = text[art.sents[k_open][1]:qo]
    tail = text[qc + 1:art.sents[k_close][2]]
    if head.strip():
        return False
    if not tail.strip(" .!?,\u2026"):
        return True
    # '"... opponents." The words came from X' kept in one segment by the splitter
    return bool(re.search(r"[.!?]\s*$", text[qo + 1:qc])) and bool(re.match(r"\s+[A-ZÀ-Þ]", tail))


#: lower-case words of a title before a name ("Ministry of Foreign Affairs spokesperson", "the
#: far-right candidate", "le porte-parole du Kremlin")
_TITLE_WORDS = TITLE_WORDS | {
    "the", "of", "for", "and", "de", "du", "des", "la", "le", "l'", "spokesperson",
    "porte-parole", "ministre", "adviser", "advisor", "conseiller", "conseillère", "official",
    "diplomat", "chief", "head", "ambassadeur", "candidate", "candidat", "président", "présidente",
    "envoy", "director", "directeur", "directrice", "commissaire", "presidential", "far-right",
    "far-left", "foreign", "senior", "centrist", "conservative", "socialist", "liberal",
    "nationalist", "party", "press", "général", "générale", "d'état", "premier", "vice",
    "vice-president"}


def _is_title(words: str) -> bool:
    """Whether the words before a name are a title: capitalised words and title words only,
    at most eight."""
    ws = words.split()
    return len(ws) <= 8 and all(w[0].isupper() or w.lower() in _TITLE_WORDS for w in ws)


def _np_after(art: _Article, pos: int, hi: int,
              generic: bool = False) -> tuple[str, str | None, int, int] | None:
    """The speaker named right after an inverted verb ('," said Marine Le Pen at ...'); with
    ``generic``, an unnamed one too ('," said one voter'): after a quote, or after 'said'
    ending a clause (', announced the death of ...' is an object, not a speaker)."""
    text = art.text
    i = pos + len(text[pos:hi]) - len(text[pos:hi].lstrip())
    for mm in art.span(i, i + 1):
        if not mm.continuation:
            return _strip_title(mm.surface, mm.actor, art.registry), mm.actor, mm.start, mm.end
    # a person after their title: ', says Ministry of Foreign Affairs spokesperson Maria
    # Zakharova', ', said Russian spokesperson Maria Zakharova'
    person = next((mm for mm in art.span(i, min(hi, i + 80)) if not mm.continuation
                   and art.registry.actors[mm.actor].kind == "person"), None)
    if person is not None and _is_title(text[i:person.start]):
        return (_strip_title(person.surface, person.actor, art.registry), person.actor,
                person.start, person.end)
    nm = _NAME.match(text, i, hi)
    if nm and nm.group().split()[0].lower() not in _NAME_STOP:
        name = nm.group().rstrip(".")
        return name, None, nm.start(), nm.start() + len(name)
    # an unnamed speaker: '," said one voter in Hayange', '», lance un agriculteur'
    np = _GENERIC_SPEAKER.match(text, i, hi) if generic else None
    if np:
        end = np.start() + len(np.group().rstrip())
        for stop_re in (art.cues.phrase_res["speaker_np_stop"], _WHEN_AFTER_SPEAKER):
            stop = stop_re.search(text, np.start() + 1, end)
            end = stop.start() if stop else end
        res = _resolve_np(art, np.start(), end)
        if res is not None:
            return res[0], res[1], np.start(), end
    return None


#: A passive verb's agent follows ("criticised by Macron", "critiqué par Macron"); a form of
#: "be" before the verb makes the clause's subject what the agent said or did something about.
_BY_AGENT = re.compile(r"\s+(?:by|par)\s", re.IGNORECASE)
_FOR_OVER = re.compile(r"\s+(?:for|over)\s", re.IGNORECASE)
_PASSIVE_AUX = re.compile(r"(?<!\w)(?:is|was|were|are|been|being|be|été|être|est|sont|était|étaient|fut|"
                          r"sera)\s+(?:\w+\s+)?\Z", re.IGNORECASE)
#: Speech verbs that name their object ("called them propaganda")
_NAMING = re.compile(r"call(?:ed|ing)|brand(?:ed|ing)|labell?(?:ed|ing)|dubb(?:ed|ing)")
#: Verbs after which a clause-final noun phrase is the speaker ("..., said a spokesman.").
_SAID = re.compile(r"said|says|adds?|added|déclar[eé]|ajout[eé]|affirm[eé]|dit", re.IGNORECASE)
#: A noun phrase opening with a determiner, up to the punctuation after it, and the time
#: phrase that may end it ("a campaign spokesman on Tuesday").
_GENERIC_SPEAKER = re.compile(r"(?i:an?|one|another|two|three|several|some|the|un|une|deux|"
                              r"trois|plusieurs|l['\u2019]un|l['\u2019]une|le|la|les)\s"
                              r"[^,.;:!?()\"\u201c\u201d«»]{2,60}")
_WHEN_AFTER_SPEAKER = re.compile(
    r"\s(?:on|last|this|yesterday|today|earlier|later|during|after|before|when|as|while|lors|"
    r"hier|aujourd['\u2019]hui|ce|cette|après|avant|pendant)\b", re.IGNORECASE)


def _first_speakerish(art: _Article, lo: int, hi: int, at_start: bool = False):
    """The first person (registry person, continuation, or a capitalised name) in a span."""
    text = art.text
    for mm in art.span(lo, hi):
        if art.registry.actors[mm.actor].kind == "person":
            if at_start and text[lo:mm.start].strip(" \"'"):
                break
            sp, sa = _speaker_from_mention(art, mm)
            return sp, sa, mm.start, mm.end
    for nm in _NAME.finditer(text, lo, hi):
        if nm.group().split()[0].lower() in _NAME_STOP or art.in_quote(nm.start()):
            continue
        if any(mm.end > nm.start() for mm in art.span(nm.start() - 200, nm.start() + 1)):
            continue
        if at_start and text[lo:nm.start()].strip():
            return None
        return nm.group(), None, nm.start(), nm.end()
    return None


# ---------------------------------------------------------------------------- candidates

#: passed to the stance scorer beside the claims' columns; ``judged`` is the author's sentence
#: with the words of the speakers in it blanked, for the lexicon to judge (None: the quote)
_HELPER_COLUMNS = ["language", "role", "polarity", "negated", "t_start", "t_end", "judged"]


_COORDINATED_OBJECT = re.compile(r"(?<!\w)(?:and|or|et|ou)(?!\w)", re.IGNORECASE)
_COORDINATED_REST = re.compile(r"(?:\s*,\s*|\s+(?:and|et)\s+|\s*,\s*(?:and|et)\s+)",
                               re.IGNORECASE)


def _coordinated(art: _Article, f: _Frame) -> list[_Frame]:
    """A frame whose speaker is two or more registry actors joined by commas and "and"/"et"
    ("Le Pen and Fillon praised Putin"): a copy of it for each actor; else ``[f]``. A phrase with
    anything else in it ("Le Pen and John Smith") stays one speaker."""
    if f.speaker_actor is not None or f.s_end <= f.s_start or \
            not _COORDINATED_REST.search(f.speaker):
        return [f]
    named = [mm for mm in art.span(f.s_start, f.s_end)
             if mm.end <= f.s_end and not mm.continuation]
    if len(named) < 2 or len({mm.actor for mm in named}) < len(named):
        return [f]
    between = [art.text[a.end:b.start] for a, b in zip(named, named[1:])]
    edges = art.text[f.s_start:named[0].start] + art.text[named[-1].end:f.s_end]
    if edges.strip(" ,") or not all(_COORDINATED_REST.fullmatch(g) for g in between):
        return [f]
    # a list's first names, left out of the subject at its comma ("Marine Le Pen, François
    # Fillon and Jean-Luc Mélenchon criticised"), when the list opens the sentence
    opening = art.sents[art.sentence_index(f.s_start)][1]
    before = [mm for mm in art.span(opening, named[0].start) if not mm.continuation]
    if before and not art.text[opening:before[0].start].strip() and all(
            re.fullmatch(r"\s*,\s*", art.text[a.end:b.start])
            for a, b in zip(before, [*before[1:], named[0]])) and \
            len({mm.actor for mm in before + named}) == len(before) + len(named):
        named = before + named
        f.s_start = named[0].start   # their mentions are speakers, not targets
    return [replace(f, speaker=_strip_title(mm.surface, mm.actor, art.registry),
                    speaker_actor=mm.actor) for mm in named]


def _article_candidates(art: _Article, target_blocs: frozenset) -> list[tuple]:
    qframes, used = _quote_frames(art)
    rframes = _reported_frames(art, used)
    # a contact verb ("met", "a rencontré") is narration, not a claim: it only gives a verb
    # coordinated with it its subject ("Macron met Putin and denounced RT")
    frames = [f for f in qframes + rframes if f.role != "contact"]
    coordinated = {}   # first speaker's frame -> the frames of all its coordinated speakers
    for f in frames:
        split = _coordinated(art, f)
        if len(split) > 1:
            coordinated[id(f)] = split
    text = art.text
    rows: list[tuple] = []
    sent_by_id = {sid: (s, e) for sid, s, e in art.sents}
    # each frame is filed under the sentences its content and speaker spans touch, so a mention
    # only meets the frames of its own sentence
    by_sentence: dict[int, list[_Frame]] = {}
    for f in frames:
        lo = art.sentence_index(min(f.c_start, f.s_start if f.s_end > f.s_start else f.c_start))
        hi = art.sentence_index(max(f.c_end, f.s_end))
        for k in range(lo, hi + 1):
            by_sentence.setdefault(k, []).append(f)
    for mm in art.mentions:
        if mm.bloc not in target_blocs or mm.continuation:
            continue
        best: _Frame | None = None
        in_speaker = False   # the mention names a speaker, or sits in its own speaker's words
        for f in by_sentence.get(art.sentence_index(mm.start), ()):
            if f.s_start <= mm.start and mm.end <= f.s_end and f.s_end > f.s_start:
                in_speaker = True
                continue
            if f.c_start <= mm.start and mm.end <= f.c_end:
                if f.speaker_actor == mm.actor:
                    # a speaker is never its own target, and its words are not the author's
                    # ("Moscow denied that Russian hackers were behind the leak")
                    in_speaker = True
                    continue
                if best is None or (f.c_end - f.c_start) < (best.c_end - best.c_start) or (
                        (f.c_end - f.c_start) == (best.c_end - best.c_start)
                        and f.c_start > best.c_start):
                    best = f
        if best is None:
            if in_speaker:
                continue
            s, e = sent_by_id.get(mm.sid, (mm.start, mm.end))
            sentence = judged = text[s:e]
            # "After meeting Putin, Le Pen said the EU was a dictatorship": the loaded words
            # are Le Pen's, not the outlet's tone toward Putin
            for f in by_sentence.get(art.sentence_index(mm.start), ()):
                lo, hi = max(f.c_start, s) - s, min(f.c_end, e) - s
                if lo < hi:
                    judged = judged[:lo] + " " * (hi - lo) + judged[hi:]
            rows.append((art.aid, mm.sid, "author", None, mm.actor, mm.bloc, "sentiment",
                         sentence, art.lang, "author", 0, False, mm.start - s, mm.end - s,
                         None if judged is sentence else judged))
            continue
        if best.kind == "proxy":
            qs, qe = best.quote_span  # type: ignore[attr-defined]
            rows.append((art.aid, mm.sid, best.speaker, best.speaker_actor, mm.actor, mm.bloc,
                         "quote", text[qs:qe], art.lang, "proxy", 0, False, -1, -1, None))
            continue
        trimmed = _QUOTE_CONTENT.fullmatch(text, best.c_start, best.c_end)
        content = trimmed.group(1)
        off = trimmed.start(1)
        judged = None
        if best.gap is not None:
            lo, hi = best.gap[0] - off, best.gap[1] - off
            judged = content[:lo] + " " * (hi - lo) + content[hi:]
        for f in coordinated.get(id(best), (best,)):   # "Le Pen and Fillon": a row each
            rows.append((art.aid, mm.sid, f.speaker.strip(), f.speaker_actor, mm.actor, mm.bloc,
                         f.cue, content, art.lang, f.role, f.polarity, f.negated,
                         mm.start - off, mm.end - off, judged))
    return rows


#: a quote's content without the commas, colons and spaces of any kind at its ends (a tab or
#: the narrow no-break space of French typography stayed in the quote)
_QUOTE_CONTENT = re.compile(r"[\s,:]*(.*?)[\s,:]*", re.DOTALL)


def extract_claims(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    registry: ActorRegistry | None = None,
    scorer: str | object = "lexicon.stance.v1",
    target_blocs: Iterable[str] | None = None,
    cues: StanceCues | str | Path | None = None,
) -> pd.DataFrame:
    """Attribute statements about Russia/EU actors to speakers and judge their stance.

    In: ``articles`` (article_id, text; language optional, default "en"), ``mentions`` from
    :func:`analysis.actors.detect_mentions` (article_id, sentence_id, actor, bloc, surface,
    start, end; continuation optional), ``sentences`` from
    :func:`analysis.text.segment_sentences` (article_id, sentence_id, start, end).
    Out: the ``claims`` table, :data:`CLAIM_COLUMNS`: one row per (article, sentence, speaker,
    target_actor); ``speaker`` is a substring of the article text or "author";
    ``speaker_actor`` a registry id or None; ``stance`` against/neutral/favor with ``score`` in
    [-1, 1] (sign = stance); ``cue`` the verb cue, "quote", "according to" or "sentiment";
    ``quote`` the quoted or reported content (the sentence for the author's voice).

    ``scorer`` is a registered stance scorer name or an object with
    ``score(claims, sentences) -> claims`` (see :class:`CueStanceScorer`). ``target_blocs``:
    the blocs whose mentions are targets (default: the registry's ``target_blocs``, every bloc
    but the election's candidates and parties).
    """
    require_columns(articles, ["article_id", "text"], "extract_claims: articles")
    require_columns(mentions, ["article_id", "sentence_id", "actor", "bloc", "start", "end"],
                    "extract_claims: mentions")
    require_columns(sentences, ["article_id", "sentence_id", "start", "end"],
                    "extract_claims: sentences")
    require_same_ids("extract_claims", articles=articles, mentions=mentions, sentences=sentences)
    require_mentioned_sentences("extract_claims", mentions, sentences)
    require_segmented("extract_claims", articles, sentences)
    registry = registry or ActorRegistry.default()
    cue_lex = _cues_from(cues)
    if isinstance(target_blocs, str):
        target_blocs = [target_blocs]
    blocs = frozenset(registry.target_blocs if target_blocs is None else target_blocs)
    unknown = sorted(blocs - set(registry.blocs))
    if unknown:   # a misspelt bloc gave no claims, without a word
        raise ValueError(f"extract_claims: target_blocs {', '.join(unknown)} not in the "
                         f"registry (its blocs: {', '.join(registry.blocs)})")
    if isinstance(scorer, str):
        from .scoring.base import scorer_for
        judge = scorer_for("stance", scorer, cues=cue_lex) if scorer == CueStanceScorer.name \
            else scorer_for("stance", scorer)
    elif callable(getattr(scorer, "score", None)):
        judge = scorer
    else:
        raise TypeError("extract_claims: scorer must be a registered stance scorer's name or "
                        f"an object with score(claims, sentences), got {type(scorer).__name__}")

    sents_by: dict[object, list[tuple[int, int, int]]] = {}
    for aid, sid, s, e in zip(sentences["article_id"].tolist(), sentences["sentence_id"].tolist(),
                              sentences["start"].tolist(), sentences["end"].tolist()):
        sents_by.setdefault(aid, []).append((int(sid), int(s), int(e)))
    ment_by: dict[object, list[_Mention]] = {}
    cont = mentions["continuation"].tolist() if "continuation" in mentions.columns \
        else [False] * len(mentions)
    kinds = mentions["kind"].tolist() if "kind" in mentions.columns else \
        [registry.actors[a].kind if a in registry.actors else "other"
         for a in mentions["actor"].tolist()]
    surfaces = mentions["surface"].tolist() if "surface" in mentions.columns else \
        [None] * len(mentions)
    for aid, sid, actor, bloc, surf, s, e, kind, c in zip(
            mentions["article_id"].tolist(), mentions["sentence_id"].tolist(),
            mentions["actor"].tolist(), mentions["bloc"].tolist(), surfaces,
            mentions["start"].tolist(), mentions["end"].tolist(), kinds, cont):
        ment_by.setdefault(aid, []).append(_Mention(int(sid), actor, bloc, surf, int(s), int(e),
                                                    kind, bool(c)))
    langs = articles["language"].tolist() if "language" in articles.columns else \
        ["en"] * len(articles)
    rows: list[tuple] = []
    for aid, text, lang in zip(articles["article_id"].tolist(), articles["text"].tolist(), langs):
        if not isinstance(text, str) or aid not in ment_by:
            continue
        ments = sorted(ment_by[aid], key=lambda m: m.start)
        for m in ments:
            if m.surface is None:
                m.surface = text[m.start:m.end]
        sents = sorted(sents_by[aid], key=lambda x: x[1])   # checked: mentions' sentences are there
        art = _Article(aid, text, lang if isinstance(lang, str) else "en", sents, ments,
                       registry, cue_lex, _find_quotes(text))
        rows.extend(_article_candidates(art, blocs))

    cand = pd.DataFrame(rows, columns=["article_id", "sentence_id", "speaker", "speaker_actor",
                                       "target_actor", "target_bloc", "cue", "quote"]
                        + _HELPER_COLUMNS)
    cand["speaker_bloc"] = [registry.actors[a].bloc if a in registry.actors else None
                            for a in cand["speaker_actor"].tolist()]
    cand["stance"] = pd.Series([None] * len(cand), dtype="object")
    cand["score"] = 0.0
    cand["scorer"] = None
    if not len(cand):
        return _finish(cand)
    scored = judge.score(cand, sentences)
    name = getattr(judge, "name", type(judge).__name__)
    if len(scored) != len(cand):
        raise ValueError(f"scorer {name}: returned {len(scored)} row(s) for {len(cand)} "
                         "claim(s); a stance scorer fills in stance and score of every claim")
    check_scored(scored, "stance", STANCE_LABELS, name)
    return _finish(scored)


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, sentence, speaker, target): the strongest (first on ties)."""
    if len(df):
        df = df.reset_index(drop=True)
        strength = df["score"].abs().to_numpy()
        best: dict[tuple, int] = {}
        keys = zip(df["article_id"].tolist(), df["sentence_id"].tolist(), df["speaker"].tolist(),
                   df["target_actor"].tolist())
        for i, key in enumerate(keys):
            j = best.get(key)
            if j is None or strength[i] > strength[j]:
                best[key] = i
        df = df.iloc[sorted(best.values())]
    out = pd.DataFrame({
        "article_id": pd.Series(df["article_id"].tolist() if len(df) else [], dtype="object"),
        "sentence_id": pd.Series(df["sentence_id"].tolist() if len(df) else [], dtype="int64"),
    })
    for col in CLAIM_COLUMNS[2:]:
        vals = df[col].tolist() if len(df) else []
        if col == "score":
            out[col] = pd.Series(vals, dtype="float64").clip(-1, 1)
        else:
            out[col] = pd.Series([v if isinstance(v, str) else None for v in vals],
                                 dtype="object")
    return out[CLAIM_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------------- stance scorer

class CueStanceScorer:
    """``lexicon.stance.v1``: stance of a speaker toward a target from cue verbs and phrases.

    The stance-scorer interface (task ``"stance"``), shared by every stance backend (a trained
    classifier, an NLI model):

    ``score(claims, sentences) -> claims``: ``claims`` are the candidates of
    :func:`extract_claims` with at least ``article_id, sentence_id, speaker, speaker_actor,
    target_actor, target_bloc, cue, quote``; the scorer returns a copy with ``stance``
    (against/neutral/favor), ``score`` (-1..1, sign = stance) and ``scorer`` (its name)
    filled. ``quote`` is the statement (the quoted or reported content; the sentence for
    ``speaker == "author"``); a backend judges the stance of that text toward ``target_actor``
    (e.g. an NLI hypothesis "The speaker supports <actor name>."). Optional columns that
    :func:`extract_claims` passes and a backend may ignore: ``t_start``/``t_end`` (the target's
    offsets in ``quote``, -1 when unknown), ``role`` (speech/object/deny/author/proxy),
    ``polarity`` (+1/-1/0 of the verb cue), ``negated``, ``language`` and ``speaker_bloc``
    (the speaker's bloc in the registry, None for others). ``sentences`` gives
    context and ``language`` when the claims lack it. Extra columns may be returned; the input
    is never mutated.

    This scorer: the verb cue's polarity and role from ``stance_cues.yaml`` (object verbs apply
    to what follows, deny verbs reverse on accusations), local phrases around the target
    (lifting or keeping sanctions, leaving the EU, "cooperation with", "not allow",
    accusation and wrongdoing words with dismissive words), negation of the verb, and otherwise
    the valence of the content toward the target (the ``loaded`` list plus, for English, the
    VADER-based lexicon of ``lexicon.v1``), with distance decay inside the target's clause.
    The author's voice uses the curated ``loaded`` list only, so plain narration stays neutral.
    A speaker of an ``own_side_blocs`` bloc (a Russian official, a Russian state outlet) is not
    judged against that bloc: such readings are the accusation the speaker rebuts
    ("somebody finds Russia behind it"); they are neutral.
    """

    name = "lexicon.stance.v1"
    task = "stance"

    def __init__(self, *, cues: StanceCues | str | Path | None = None, registry=None,
                 neutral_band: float = 0.15, author_band: float = 0.25, decay: float = 6.0):
        self.cues = cues
        self.registry = registry
        self.neutral_band = neutral_band
        self.author_band = author_band
        self.decay = decay

    #: ``electionlens evaluate claims --gold tests/data/stance_gold.jsonl`` with the shipped cues
    #: and the default bands (a test keeps these in step with it)
    GOLD_SCORES = {"n": 180, "macro_f1": 0.933, "accuracy": 0.939, "speaker_accuracy": 0.994}

    @property
    def metadata(self) -> dict:
        """What the manifest and the report's validation table show: the stance figures on the
        project's gold claims, when the shipped cues and default bands are in use."""
        meta = {"name": self.name, "format": "cue lexicon (stance_cues.yaml)",
                "params": {"neutral_band": self.neutral_band, "author_band": self.author_band,
                           "decay": self.decay, "cues": str(self.cues or "shipped")}}
        defaults = CueStanceScorer.__init__.__kwdefaults__
        if self.cues is None and all(getattr(self, k) == defaults[k]
                                     for k in ("neutral_band", "author_band", "decay")):
            meta["test_scores"] = {"project gold (EN/FR claims written for electionlens)":
                                   dict(self.GOLD_SCORES)}
        return meta

    # -------------------------------------------------------------- public
    def score(self, claims: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
        require_columns(claims, ["target_actor", "quote"], f"{self.name}: claims")
        out = claims.copy()
        if len(out) == 0:
            out["stance"] = pd.Series(dtype="object")
            out["score"] = pd.Series(dtype="float64")
            out["scorer"] = pd.Series(dtype="object")
            return out
        cues = _cues_from(self.cues)
        n = len(out)
        def col(c, default):
            return out[c].tolist() if c in out.columns else [default] * n

        langs = col("language", None)
        if any(v is None for v in langs):
            langs = self._languages(out, sentences, langs)
        speakers = col("speaker", None)
        own_side = [b if b in cues.own_side_blocs else
                    self._own_side_speaker(s, cues) if b is None and isinstance(s, str) else None
                    for b, s in zip(col("speaker_bloc", None), speakers)]
        target_blocs = col("target_bloc", None)
        cue_names = col("cue", None)
        roles = col("role", None)
        pols = col("polarity", None)
        negs = col("negated", False)
        t_starts = col("t_start", None)
        t_ends = col("t_end", None)
        quotes = out["quote"].tolist()
        judged = col("judged", None)
        targets = out["target_actor"].tolist()
        stances, scores = [], []
        for i in range(n):
            text = judged[i] if isinstance(judged[i], str) else \
                quotes[i] if isinstance(quotes[i], str) else ""
            role, pol = roles[i], pols[i]
            if role is None or (isinstance(role, float) and math.isnan(role)):
                if speakers[i] == "author":
                    role, pol = "author", 0
                else:
                    verb = cues.by_cue.get(cue_names[i]) if isinstance(cue_names[i], str) else None
                    role, pol = (verb.role, verb.polarity) if verb else ("speech", 0)
            ts, te = t_starts[i], t_ends[i]
            if ts is None or (isinstance(ts, float) and math.isnan(ts)):
                ts, te = self._locate(text, targets[i])
            stance, s = self.judge(text, int(ts), int(te), langs[i] or "en", role, int(pol or 0),
                                   bool(negs[i]) if negs[i] is not None else False, cues,
                                   cue_names[i] if isinstance(cue_names[i], str) else None)
            if stance == "against" and own_side[i] is not None and own_side[i] == target_blocs[i]:
                stance, s = "neutral", 0.0
            stances.append(stance)
            scores.append(s)
        out["stance"] = pd.Series(stances, index=out.index, dtype="object")
        out["score"] = pd.Series(scores, index=out.index, dtype="float64")
        out["scorer"] = self.name
        return out

    # -------------------------------------------------------------- helpers
    @staticmethod
    def _own_side_speaker(speaker: str, cues: StanceCues) -> str | None:
        """The bloc of an ``own_side_speakers`` speaker outside the registry ("the Russian
        Foreign Ministry"), else None."""
        return next((bloc for bloc, pattern in cues.own_side_speaker_res.items()
                     if pattern.fullmatch(speaker.strip())), None)

    def _languages(self, claims, sentences, langs):
        lookup = {}
        if sentences is not None and "language" in sentences.columns and len(sentences):
            lookup = dict(zip(zip(sentences["article_id"].tolist(),
                                  sentences["sentence_id"].tolist()),
                              sentences["language"].tolist()))
        if "article_id" in claims.columns and "sentence_id" in claims.columns:
            keys = list(zip(claims["article_id"].tolist(), claims["sentence_id"].tolist()))
        else:
            keys = [None] * len(claims)
        return [lg if isinstance(lg, str) else (lookup.get(k) or "en")
                for lg, k in zip(langs, keys)]

    def _locate(self, text: str, actor: str) -> tuple[int, int]:
        registry = self.registry or ActorRegistry.default()
        for a, _surface, s, e in registry.find(text):
            if a == actor:
                return s, e
        return -1, -1

    def judge(self, text: str, ts: int, te: int, lang: str, role: str, pol: int, negated: bool,
              cues: StanceCues, cue: str | None = None) -> tuple[str, float]:
        """Stance and score of one claim (see the class docstring)."""
        if role == "author":
            v = self._valence(text, ts, te, lang, cues, use_vader=False, comma_weight=0.8)
            low = text.lower().replace("\u2019", "'")
            if self._agent_of_war(low, low[_clause_start(text, ts, te):ts],
                                  low[te:_clause_end(text, te)], cues):
                v = max(-1.0, v - 0.6)
            return _label(v, self.author_band)
        if role == "proxy" or ts < 0:
            v = self._valence(text, -1, -1, lang, cues, use_vader=lang == "en", comma_weight=1.0)
            return _label(v, self.neutral_band)
        low = _QUOTE_CHARS.sub(" ", text.lower().replace("\u2019", "'"))
        if len(low) != len(text):  # pragma: no cover - exotic case mappings
            low = text
        clause_lo = _clause_start(text, ts)
        clause_hi = _clause_end(text, te)
        pre = low[clause_lo:ts]
        post = low[te:clause_hi]
        target = low[ts:te]
        L, strength = self._local(low, pre, post, target, ts, te, lang, role, cues, cue)
        pr = cues.phrase_res
        if cues.just_before_res["serving_before"].search(pre) or \
                re.match(r"^(?:'s)?\s*(?:" + pr["serving_after"].pattern + ")", post):
            s = -0.7   # the master someone serves, whatever the verb
        elif role == "deny":
            if L is None and self._accused(pre, post, target, cues, deny=True):
                s = 0.7
            else:
                s = -0.7 * (L if L is not None else 1)
        elif role == "object" and cue in cues.pressing_cues and L is None and \
                pre.strip() in ("", "the", "that") and (act := _TO_ACT_AFTER.match(post)):
            # "urged Putin to withdraw", "demanded Putin steps back": the one pressed to act is
            # judged by the act (to stop: against; to help: favour; else neutral), not the verb
            word = act.group(1)
            s = -0.7 if word in cues.pressed_to_stop else \
                0.7 if word in cues.pressed_to_join else 0.0
        elif role == "object" and L is None and _PLACE_AFTER.match(post):
            # the target is where the judged thing is: "criticised the deployment of NATO troops
            # close to Russia's borders"
            s = 0.0
        elif role == "object":
            s = pol * 0.7 * (L if L is not None else 1)
        else:  # speech
            if L is not None:
                s = 0.7 * L * strength
            elif cues.target_denies_re is not None and cues.target_denies_re.match(post):
                # "<the Kremlin> has denied interfering, X said": the charge is the target's
                # denial's object, not the speaker's accusation; reporting a denial is no side
                s = 0.0
            elif self._accused(pre, post, target, cues, deny=False):
                if cues.phrase_res["dismissive"].search(low) or \
                        cues.negated_wrongdoing_re.search(post) or _NOT_BEFORE_TARGET.search(pre):
                    s = 0.7  # "Russia does not meddle", "n'avait jamais interféré": a denial
                else:
                    v = self._valence(text, ts, te, lang, cues, use_vader=lang == "en")
                    # accused and not dismissed: against, whatever the wording's own tone ("strong
                    # indications that the GRU targeted ...")
                    s = v if v <= -self.neutral_band else -0.6
            else:
                s = self._valence(text, ts, te, lang, cues, use_vader=lang == "en")
                if abs(s) < self.neutral_band and self._single_sentence_fallback(low, ts):
                    s = 0.6 * self._valence(text, -1, -1, lang, cues, use_vader=lang == "en")
        if negated:
            s = -s
        return _label(s, self.neutral_band)

    def _single_sentence_fallback(self, low: str, ts: int) -> bool:
        """A multi-sentence quote: the other sentences often refer back ("It is ...")."""
        return bool(re.search(r"[.!?]\s+(?:it|il|elle|they|ils)\b", low))

    def _local(self, low, pre, post, target, ts, te, lang, role, cues, cue=None):
        """Local cue phrases around the target: (+1/-1 or None, strength)."""
        pr = cues.phrase_res
        words_pre = pre.split()
        # 1. the target is (or imposes) a sanctions policy
        policy_target = bool(pr["policy_nouns"].search(target)) or bool(
            re.search(r"\b(?:sanctions?|embargo)\s+(?:\w+\s+){0,2}(?:by|of|from|imposed by|de|"
                      r"par|décidées par)\s+(?:the\s+|la\s+|le\s+|l')?$", pre))
        hostile = cues.hostile_aimed_re.search(pre) if role == "object" else None
        if hostile:
            # "called for a jihad against Russia": against Russia; "called for an end to the war
            # against Russia", "urged them to refrain from attacks against Moscow": for it
            return (1 if cues.inquiry_end_re.search(pre, 0, hostile.start()) else -1), 1.0
        aimed = cues.measure_aimed_re.search(pre)
        if policy_target or aimed:
            ps = self._policy(low, ts, te, lang, cues, role)
            if ps:
                return (ps if policy_target else -ps), 1.0
        elif role in ("speech", "object"):
            # the EU's sanctions are aimed at Russia: a stance on them implies the opposite
            # stance toward a Russia-bloc target in the same statement
            sm = pr["policy_nouns"].search(low)
            if sm and lang in ("en", "fr") and self._is_russia_like(target):
                ps = self._policy(low, sm.start(), sm.end(), lang, cues, role)
                if ps:
                    return -ps, 1.0
        # 2. the target is what an accusation or inquiry is about: the verb judges that
        ended = self._inquiry(pre, post, cues) if role in ("object", "speech") else None
        if ended is not None and (role == "object" and cue not in cues.danger_cues or
                                  role == "speech" and ended):
            return (1 if ended else -1), 1.0
        # 3. leaving / lifting / ending the target ("would not leave the EU": staying in it)
        last = " ".join(words_pre[-4:])
        if _COORDINATED_OBJECT.search(" ".join(words_pre[-3:])):
            last = " ".join(words_pre[-8:])   # "leave the euro and the EU", "et de l'UE"
        left = pr["exit_words"].search(last)
        if left or pr["lift_words"].search(last):
            return (1 if left and _NEGATED_BEFORE.search(last, 0, left.start()) else -1), 1.0
        # 4. relationship phrases, and a hostile act done to the target ("urged the Ukrainians
        # to fight Russia")
        if role in ("object", "speech", "deny") and cues.hostile_to_re.search(pre):
            return -1, 1.0
        if role == "speech" and self._agent_of_war(low, pre, post, cues):
            return -1, 1.0
        against = cues.just_before_res["against_before"].search(pre)
        favor = cues.just_before_res["favor_before"].search(pre) \
            if pr["favor_before"].search(" ".join(words_pre[-5:]) + " ") else None
        # an against phrase that holds the favour phrase wins ("severing business ties with")
        if favor and not (against and against.start() <= favor.start()):
            return 1, 1.0
        if against:
            return -1, 1.0
        if re.match(r"^(?:'s)?\s*(?:" + pr["against_after"].pattern + ")", post):
            return -1, 1.0
        if role == "object" and re.search(r"(?:^|,\s*|\s)(?:not|pas|non)\s+(?:the\s+|la\s+|le\s+|"
                                          r"l')?$", pre):
            return -1, 1.0
        return None, 1.0

    @staticmethod
    def _is_russia_like(target: str) -> bool:
        return bool(re.search(r"russ|moscow|moscou|kremlin|putin|poutine", target))

    def _policy(self, low, ps, pe, lang, cues, role) -> int:
        """+1 keep/tighten, -1 lift/end the policy around ``low[ps:pe]``; else its valence."""
        pr = cues.phrase_res
        window_pre = low[max(0, ps - 60):ps]
        window_post = low[pe:pe + 60]
        win_pre = re.split(r"[;.]", window_pre)[-1]
        win_post = re.split(r"[;.]", window_post)[0]
        lift = pr["lift_words"].search(win_pre)
        if lift or re.search(
                r"^\s*(?:[\w'-]+\s+){0,10}?(?:to be\s+)?(?:" + pr["lift_words"].pattern + ")",
                win_post):
            return 1 if lift and _NEGATED_BEFORE.search(win_pre, 0, lift.start()) else -1
        keep = pr["keep_words"].search(win_pre)
        if keep or re.search(
                r"^\s*(?:[\w'-]+\s+){0,4}?(?:to\s+|would\s+|will\s+)?(?:" + pr["keep_words"].pattern
                + ")", win_post):
            # "would not keep France bound to the sanctions" is lifting them
            return -1 if keep and _NEGATED_BEFORE.search(win_pre, 0, keep.start()) else 1
        if role == "object":
            return 1
        v = self._valence(low, ps, pe, lang, cues, use_vader=lang == "en")
        if abs(v) >= self.neutral_band:
            return 1 if v > 0 else -1
        return 1 if role == "object" else 0

    @staticmethod
    def _inquiry(pre: str, post: str, cues: StanceCues) -> bool | None:
        """None if the target is not what an accusation or inquiry is about; else whether that
        is being ended ("an end to the investigation into", "shut down the Russia probe")."""
        before = cues.inquiry_before_re.search(pre)
        if before:
            return before.group("end") is not None
        if cues.inquiry_after_re.match(post):
            return bool(cues.inquiry_end_re.search(pre))
        return None

    @staticmethod
    def _agent_of_war(low: str, pre: str, post: str, cues: StanceCues) -> bool:
        """Whether the target, between ``pre`` and ``post`` (the rest of its clause) in the
        lowered text ``low``, does an act of war (`agent_acts`), in a text that does not declare
        the charge false ("no bombing of civilians by Russia", "claims that Russia bombed
        civilians are fake")."""
        if not (cues.agent_after_re.match(post) or cues.agent_before_re.search(pre)):
            return False
        return not (cues.phrase_res["dismissive"].search(low) or _WAR_CHARGE_DENIED.search(pre)
                    or _WAR_CHARGE_DENIED.search(post) or _WAR_CHARGE_FALSE.search(low))

    def _accused(self, pre, post, target, cues, deny: bool) -> bool:
        pr = cues.phrase_res
        if deny and self._inquiry(pre, post, cues) is not None:
            return True   # "dismissed the Russia investigation as a witch hunt"
        tail = " ".join(pre.split()[-10:])
        if pr["accusation_nouns"].search(tail):
            return True
        if re.search(r"(?:" + pr["wrongdoing"].pattern + r")\s+(?:\w+\s+){0,2}$", pre):
            return True
        if deny and re.match(r"\s*'s?\b", post):
            return False     # "dismissed Lavrov's complaints": the target owns what is dismissed
        head = " ".join(post.split()[:3 if deny else 8])
        if pr["wrongdoing"].search(head):
            return True
        return deny and bool(re.search(r"\b(?:that|qu'|que)\b", pre))

    def _valence(self, text: str, ts: int, te: int, lang: str, cues: StanceCues,
                 use_vader: bool, comma_weight: float = 0.5) -> float:
        """Distance-weighted valence toward the target (whole text when ts < 0), in [-1, 1]."""
        low = _QUOTE_CHARS.sub(" ", text.lower().replace("\u2019", "'"))
        if len(low) != len(text):  # pragma: no cover - exotic case mappings
            low = text
        table = cues.loaded.get(lang) or cues.loaded.get("en", {})
        negators = cues.negators.get(lang) or cues.negators.get("en", frozenset())
        vader = _vader_lexicon() if use_vader else {}
        if ts >= 0:
            lo, hi = _clause_start(text, ts, te), _clause_end(text, te)
        else:
            lo, hi = 0, len(low)
        # phrases first, their span masks single words
        hits: list[tuple[int, int, float]] = []
        masked: list[tuple[int, int]] = []
        for m in cues.loaded_res[lang if lang in cues.loaded_res else "en"].finditer(low, lo, hi):
            if ts >= 0 and m.start() < te and m.end() > ts:
                continue
            hits.append((m.start(), m.end(), table[" ".join(m.group().split())]))
            masked.append(m.span())
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low, lo, hi)]
        for tok, s, e in tokens:
            if ts >= 0 and s < te and e > ts:
                continue
            if any(a <= s < b for a, b in masked):
                continue
            val = table.get(tok)
            if val is None and lang == "fr" and "'" in tok:   # "l'ennemi", "d'ingérence"
                val = table.get(_ELIDED.sub("", tok, count=1))
            if val is None and vader and tok not in _VADER_SKIP:
                val = vader.get(tok)
            if val is not None:
                hits.append((s, e, val))
        if not hits:
            return 0.0
        tok_starts = [s for _, s, _ in tokens]
        if ts >= 0:
            t_idx = _bisect(tok_starts, ts)
            t_last = _bisect(tok_starts, max(ts, te - 1))
        commas = [m.start() for m in re.finditer(r"[,()]", low[lo:hi])]
        total = 0.0
        for s, _e, val in hits:
            i = _bisect(tok_starts, s)
            # negation among the three tokens before
            prev = [tokens[j][0] for j in range(max(0, i - 3), i)]
            if any(p in negators and (p != "no" or tokens[j + 1][0] not in _NO_AFFIRMS)
                   for j, p in enumerate(prev, max(0, i - 3))) or \
                    (lang == "en" and any(p.endswith("n't") for p in prev)):
                val *= -0.74
            if ts >= 0:
                d = t_idx - i if i < t_idx else max(0, i - t_last)
                w = 1.0 / (1.0 + d / self.decay)
                a, b = sorted((s - lo, ts - lo))
                if any(a < c < b for c in commas):
                    w *= comma_weight
            else:
                w = 0.7
            total += val * w
        return math.tanh(total / 2.0)


#: After a target, what makes it the place of the judged thing ("close to Russia's borders";
#: not "Russia's border policy")
_PLACE_AFTER = re.compile(r"'s\s+(?:borders|doorstep|frontiers|border regions?|"
                          r"border(?=\s*(?:[.,;:!?\"]|\Z|\s(?:with|and|in|to|as|by|for|at|on)\b)))")
#: A French elided article or pronoun glued to the word after it
_ELIDED = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'")
#: A negation right before a word (one word between at most): "not keep", "ne pas maintenir".
_NEGATED_BEFORE = re.compile(r"(?:\bnot|\bnever|n't|\bno longer|\bne|\bpas|\bplus|\bjamais)\s+"
                             r"(?:[\w'-]+\s+)?\Z")
#: VADER words that are mostly function words in news prose ("behaved like a ...") or nouns
#: and verbs without valence there ("a large share of the cases", "shares fell", "Le Pen's
#: party", "the United States", "the Federal Security Service", "Russian military
#: intelligence", "investigators determined that", "interest rates", "Russia's interests", "the
#: Justice Department", "top officials").
_VADER_SKIP = frozenset({"like", "likes", "well", "please", "yes", "no", "ok", "sure", "share",
                         "shares", "party", "parties", "united", "security", "intelligence",
                         "determined", "interest", "interests", "justice", "top"})


#: words after which "no" negates nothing: "no matter", "no other partner than", "no doubt"
_NO_AFFIRMS = frozenset({"matter", "other", "doubt", "wonder"})


#: after the one an "urge" cue presses: the act ("to withdraw", "steps back", "'s government to")
_TO_ACT_AFTER = re.compile(r"(?:'s\s+\w+)?\s+'?(?:to\s+|should\s+|must\s+)?([a-z]+)")
#: a charge of an act of war denied in its clause, or called false in its text
_WAR_CHARGE_DENIED = re.compile(r"\b(?:no|not|never|denied|denies|deny|without)\b|n't")
_WAR_CHARGE_FALSE = re.compile(r"\b(?:fake|untrue|hoax|debunked|staged|fabricat\w*|lies?|lying|"
                               r"lied)\b")


def _bisect(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return max(0, lo - 1)


#: a negation right before the target ("the report was not a Russian plot", "not part of some
#: Russian campaign"): what it is accused of is denied
_NOT_BEFORE_TARGET = re.compile(r"(?:\bnot|\bnever|n't|\bno)\s+(?:part\s+of\s+)?"
                                r"(?:(?:a|an|the|any|some)\s+)?\Z")


def _clause_start(low: str, ts: int, te: int | None = None) -> int:
    start = 0
    # up to the target's first character: a sentence break before it looks at its capital
    # ('"The EU is a great partner. Russia is a dangerous enemy," Macron said')
    for m in _CLAUSE_BREAK.finditer(low, 0, ts + 1):
        start = min(m.end(), ts)
    for m in re.finditer(r"(?:,\s*|\s)(?:but|however|although|though|whereas|while|yet|mais|"
                         r"cependant|pourtant|tandis que|alors que)\s", low[start:ts],
                         re.IGNORECASE):
        start = start + m.end()
        break
    if te is not None and _VERB_AFTER_TARGET.match(low, te):
        # "they hurt our farmers and Russia is not our enemy": the target's own clause
        m = _AND_BEFORE_TARGET.search(low, start, ts)
        start = m.end() if m else start
    return start


_AND_BEFORE_TARGET = re.compile(r"\s(?:and|et)\s+(?:the\s+|la\s+|le\s+|l['\u2019])?\Z",
                                re.IGNORECASE)
_VERB_AFTER_TARGET = re.compile(r"(?:['\u2019]s)?\s+(?:is|was|were|are|has|have|had|will|would|"
                                r"must|should|can|could|est|était|sont|a|ont|avait|sera|doit)\b",
                                re.IGNORECASE)


def _clause_end(low: str, te: int) -> int:
    m = _CLAUSE_BREAK.search(low, te)
    end = m.start() if m else len(low)
    c = re.search(r"(?:,\s*|\s)(?:but|however|although|though|whereas|while|yet|mais|cependant|"
                  r"pourtant|tandis que|alors que)\s", low[te:end], re.IGNORECASE)
    return te + c.start() if c else end


def _label(v: float, band: float) -> tuple[str, float]:
    v = max(-1.0, min(1.0, float(v)))
    if v >= band:
        return "favor", v
    if v <= -band:
        return "against", v
    return "neutral", 0.0


def _vader_lexicon() -> dict[str, float]:
    # The English valence lexicon of lexicon.v1 (VADER plus its political-news additions).
    from .scoring.lexicon import valence_lexicon

    return valence_lexicon()[0]

