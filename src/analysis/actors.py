"""The actor registry and fast mention detection.

:class:`ActorRegistry` holds the actors (``resources/actors.yaml``: Russia, the EU and the French
2017 candidates), their aliases in English and French, demonyms, titles, exclusions and context
rules. :func:`detect_mentions` finds every mention in a corpus with exact character offsets.

Speed: all aliases, titled names, honorific forms and exclusions are compiled into one
case-insensitive regular expression, factored as a trie (shared prefixes written once, so the
engine does not retry hundreds of alternatives at each position). One ``finditer`` pass per text
finds every candidate; a dictionary lookup maps it to its actor. DESIGN.md measured one regex per
alias at 160 articles/s and a trie-factored alternation at 7,000/s on real articles.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._checks import read_user_yaml, require_columns, require_same_ids, require_segmented
from .resources import read_yaml
from .text import lowered_for_search, lowered_pattern, segment_sentences, split_sentences

__all__ = [
    "MENTION_COLUMNS",
    "Actor",
    "ActorRegistry",
    "RegistryError",
    "detect_mentions",
    "registry_from",
]

MENTION_COLUMNS = [
    "article_id", "sentence_id", "actor", "bloc", "surface", "start", "end", "kind", "continuation",
]
KINDS = {"person", "government", "institution", "media", "finance", "country", "party", "policy",
         "military", "intelligence", "organisation", "organization", "other"}
_ID = re.compile(r"[a-z][a-z0-9_]*")

# Sentence-initial words that continue the previous sentence's subject ("Le Pen met Putin. She
# said..."). Only used when the person's gender is known and matches.
PRONOUNS = {"f": ("She", "Elle"), "m": ("He", "Il")}
#: French role nouns carry the person's gender ("La candidate" is not Fillon)
ROLE_GENDERS = {"La candidate": "f", "Le candidat": "m", "The spokeswoman": "f",
                "The spokesman": "m", "La porte-parole": "f", "Le porte-parole": "m"}
#: role nouns that continue only a person with that title, never whoever was named last
_TITLE_ONLY = {"spokeswoman", "spokesman", "porte-parole"}
ROLE_NOUNS = ("The candidate", "The far-right candidate", "The centrist candidate",
              "The conservative candidate", "The leftist candidate", "La candidate",
              "Le candidat", "The president", "Le président", "The minister", "Le ministre",
              "The spokeswoman", "The spokesman", "La porte-parole", "Le porte-parole")
_CONTINUATION = re.compile(
    r"[\"'(]?(?P<word>" + "|".join(map(re.escape, sorted(
        {w for ws in PRONOUNS.values() for w in ws} | set(ROLE_NOUNS), key=len, reverse=True)))
    + r")\b(?!\s*-)(?!['\u2019](?!(?:s|d|ll)\b))"   # "She's", "He'd"; not "The president's"
)
#: "Il" that refers to no one: "Il y a", "Il faut", "Il s'agit", "Il est temps de"
_IMPERSONAL_IL = re.compile(
    r"\s+(?:y\s|faut|fallait|faudra|faudrait|s['\u2019]agi|semble|semblait|paraît|paraissait|"
    r"suffit|suffisait|vaut mieux|importe|existe|est (?:\w+\s+){0,2}?(?:temps|clair|possible|"
    r"impossible|vrai|probable|évident|certain|nécessaire|important|difficile|facile|urgent|"
    r"question|dommage|normal|rare|inutile|interdit)\b)", re.IGNORECASE)


class RegistryError(ValueError):
    """A registry file is invalid; the message names the file and the entry."""


@dataclass(frozen=True)
class Actor:
    id: str
    bloc: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    gender: str | None = None
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextRule:
    id: str
    aliases: frozenset[str]
    before: re.Pattern | None
    after: re.Pattern | None
    description: str = ""
    drop_examples: tuple[str, ...] = ()
    keep_examples: tuple[str, ...] = ()

    @property
    def aliases_casefold(self) -> frozenset[str]:
        return frozenset(a.casefold() for a in self.aliases)


def _is_case_sensitive(alias: str, kind: str | None = None) -> bool:
    """Acronyms must match exactly: all-capital aliases and any alias of up to three letters;
    so must an outlet's name of several capitalised words ("Russia Today" is not "Russia
    today")."""
    letters = [c for c in alias if c.isalpha()]
    words = alias.split()
    return len(letters) <= 3 or all(c.isupper() for c in letters) or (
        kind == "media" and len(words) > 1 and all(w[:1].isupper() for w in words))


def _norm(surface: str) -> str:
    """``surface`` with its spaces normalised and lowered letter by letter, as re.IGNORECASE
    pairs letters: a letter whose lower case is longer stays as written (casefold made "ß"
    "ss" and "İ" two letters, so "Großbritannien" and "İstanbul" never matched themselves)."""
    written = " ".join(surface.split())
    low = written.lower()
    if len(low) == len(written):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in written)


#: the space inside a multi-word alias: any run of spaces but a line break, so that a name never
#: joins two paragraphs ("the Russian President\n\nVladimir Putin" put one mention across two
#: sentences); written without upper-case escapes (\S) to keep lowered_pattern's fast search
_ALIAS_SPACE = r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+"


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, factored as a trie; greedy, so the longest wins."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})   # words are _norm()ed: lower case already
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch).replace("\\ ", _ALIAS_SPACE) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


@dataclass(eq=False)  # compared and hashed by identity: registries are built once and shared
class ActorRegistry:
    """Actors, blocs, exclusions and context rules, compiled into one matcher.

    >>> reg = ActorRegistry.default()
    >>> reg.actors["putin"].bloc, len(reg) > 30
    ('russia', True)
    """

    actors: dict[str, Actor]
    blocs: dict[str, str]
    exclude: tuple[str, ...] = ()
    rules: tuple[ContextRule, ...] = ()
    #: (honorific, gender): "m" or "f" attaches only to persons of that gender, None to any
    honorifics: tuple[tuple[str, str | None], ...] = ()
    sources: tuple[str, ...] = ()
    #: blocs whose actors speak but are no stance targets (the election's candidates and parties)
    speaker_blocs: tuple[str, ...] = ()
    _lookup: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern | None = field(default=None, repr=False)
    _pattern_lower: re.Pattern | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.actors)

    @property
    def target_blocs(self) -> tuple[str, ...]:
        """The blocs whose actors are stance targets: every bloc but ``speaker_blocs`` (so a
        bloc a researcher adds, "china", gets claims too)."""
        return tuple(b for b in self.blocs if b not in self.speaker_blocs)

    # ------------------------------------------------------------------ loading
    @classmethod
    def default(cls) -> ActorRegistry:
        """The shipped registry (``analysis/resources/actors.yaml``)."""
        return _default_registry()

    @classmethod
    def from_yaml(cls, *paths: str | Path, include_default: bool = True) -> ActorRegistry:
        """Load registry files, each merged over the previous one (and over the default).

        Raises :class:`RegistryError` naming the file and entry for an unknown bloc, an alias
        claimed by two actors, an empty alias, an invalid pattern or a malformed entry.
        """
        data: dict = {"blocs": {}, "actors": {}, "exclude": [], "rules": {}, "honorifics": [],
                      "speaker_blocs": []}
        sources: list[str] = []
        if include_default:
            _merge(data, _default_data(), "actors.yaml (default)")
            sources.append("default")
        for path in paths:
            path = Path(path)
            try:   # not there, a folder, not UTF-8, not YAML
                raw = read_user_yaml(path, "actor registry") or {}
            except (FileNotFoundError, ValueError) as exc:
                raise RegistryError(str(exc)) from None
            _merge(data, raw, str(path))
            sources.append(str(path))
        return _build(data, tuple(sources))

    # ------------------------------------------------------------------ compiled matcher
    def _compile(self) -> None:
        lookup: dict[str, list[tuple[str, str | None]]] = {}
        claimed: dict[str, str] = {}

        def add(surface: str, actor_id: str | None, owner: str, kind: str | None = None) -> None:
            if not surface.strip():
                raise RegistryError(f"actor '{owner}': empty alias")
            key = _norm(surface)
            if actor_id is not None and key in claimed and claimed[key] != actor_id:
                raise RegistryError(
                    f"{', '.join(self.sources) or 'registry'}: alias '{surface}' is claimed by "
                    f"two actors: '{claimed[key]}' and '{actor_id}'")
            if actor_id is not None:
                claimed[key] = actor_id
            written = " ".join(surface.split())   # as resolve() compares it
            entry = (written if _is_case_sensitive(surface, kind) else None, actor_id)
            if entry not in lookup.setdefault(key, []):
                lookup[key].append(entry)

        other_gender: set[str] = set()
        for actor in self.actors.values():
            names = list(actor.aliases)
            for alias in names + list(actor.demonyms):
                add(alias, actor.id, actor.id, actor.kind)
            if actor.kind == "person":
                # Titles and honorifics attach to names ("Russian President Vladimir Putin",
                # "Mme Le Pen"); they become longer aliases of the same actor.
                for title in actor.titles:
                    for name in names:
                        add(f"{title} {name}", actor.id, actor.id)
                for hon, gender in self.honorifics:
                    for name in names:
                        if _is_case_sensitive(name):
                            continue
                        if gender is None or actor.gender is None or gender == actor.gender:
                            add(f"{hon} {name}", actor.id, actor.id)
                        else:   # "Mme Fillon" is his wife, "M. Le Pen" her father
                            other_gender.add(f"{hon} {name}")
        for phrase in self.exclude + tuple(sorted(other_gender)):
            key = _norm(phrase)
            lookup.setdefault(key, [])
            lookup[key].insert(0, (None, None))
        alternation = _trie_regex(lookup)
        self._lookup = lookup
        pattern = r"(?<![\w])" + alternation + r"(?![\w])"
        self._pattern = re.compile(pattern, re.IGNORECASE)
        self._pattern_lower = lowered_pattern(pattern)

    @property
    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            self._compile()
        return self._pattern  # type: ignore[return-value]

    def resolve(self, surface: str) -> str | None:
        """The actor id a matched surface denotes, or ``None`` (an exclusion or a case miss)."""
        if self._pattern is None:
            self._compile()
        entries = self._lookup.get(_norm(surface), ())
        written = " ".join(surface.split())
        for exact, actor_id in entries:
            if actor_id is None:
                return None
            if exact is None or written == exact or written == exact.upper() != exact:
                return actor_id   # the last: a name in a headline's capitals ("RUSSIA TODAY")
        return None

    def _case_miss(self, surface: str) -> bool:
        """Whether ``surface`` matched an alias that must match exactly, written otherwise."""
        entries = self._lookup.get(_norm(surface), ())
        return bool(entries) and all(a is not None and exact is not None for exact, a in entries)

    def find(self, text: str) -> list[tuple[str, str, int, int]]:
        """``(actor, surface, start, end)`` for every mention in one text (no sentence info).

        >>> ActorRegistry.default().find("Le Pen met Russian President Vladimir Putin in Moscow.")
        [('le_pen', 'Le Pen', 0, 6), ('putin', 'Russian President Vladimir Putin', 11, 43)]
        """
        out = []
        rules_by_alias = self._rules_by_alias
        pattern = self.pattern   # compiles both patterns on first use
        lowered = lowered_for_search(text) if self._pattern_lower is not None else None
        matches = pattern.finditer(text) if lowered is None else \
            self._pattern_lower.finditer(lowered)
        for m in matches:
            s, e = m.span()
            surface = text[s:e]
            actor_id = self.resolve(surface)
            if actor_id is None:
                cut = surface.rstrip().rfind(" ")
                if cut > 0 and self._case_miss(surface):
                    # a longer alias written in other case ("into Russia today"): a shorter
                    # one may still match ("Russia")
                    out.extend((a, sf, s + a_s, s + a_e)
                               for a, sf, a_s, a_e in self.find(text[s:s + cut]))
                continue
            if self.actors[actor_id].kind == "person" and surface.split()[-1][:1].islower():
                continue   # a name is capitalised: a narwhal's "tusk" is not Donald Tusk
                # (in a script without case, such as Chinese, there is nothing to check)
            rules = rules_by_alias.get(surface.casefold())
            if rules and any(_rule_drops(r, text, s, e) for r in rules):
                continue
            if (text[s - 1:s] in _URL_EDGE or text[e:e + 1] in _URL_EDGE) and \
                    _in_address(text, s, e):
                continue   # "http://en.kremlin.ru/...", "press@sputnik-france.fr": no mention
            if out and out[-1][0] == actor_id and _BRACKETED.fullmatch(text, out[-1][3], s) \
                    and text[e:e + 1] == ")":
                continue   # "the European Union (EU)": one mention, not two
            out.append((actor_id, surface, s, e))
        return out

    def role_referent(self, text: str, start: int, role_end: int) -> str | None:
        """The person a role noun names by an affiliation: "The far-right candidate" (between
        ``start`` and the noun's end ``role_end``), "Le candidat socialiste", "La candidate du
        Front national" (right after the noun). None when it names no one, or several.

        >>> ActorRegistry.default().role_referent("Le candidat socialiste a dit", 0, 11)
        'hamon'
        """
        found = self._affiliation_re
        if found is None:
            return None
        inside, after, owner = found
        m = inside.search(text, start, role_end) or after.match(text, role_end)
        return owner.get(_norm(m.group("aff"))) if m else None

    @functools.cached_property
    def _affiliation_re(self) -> tuple[re.Pattern, re.Pattern, dict[str, str | None]] | None:
        owner: dict[str, str | None] = {}   # normalised phrase -> its person, None if several
        phrases: set[str] = set()
        for actor in self.actors.values():
            for phrase in actor.affiliations:
                key = _norm(phrase)
                owner[key] = actor.id if owner.get(key, actor.id) == actor.id else None
                phrases.add(phrase)
        if not owner:
            return None
        alternation = "|".join(f"(?-i:{re.escape(p)})" if _is_case_sensitive(p) else
                               re.escape(p).replace("\\ ", _ALIAS_SPACE)
                               for p in sorted(phrases, key=len, reverse=True))
        aff = rf"(?P<aff>{alternation})(?![\w])"
        return (re.compile(rf"(?<![\w]){aff}", re.IGNORECASE),
                re.compile(rf"\s+(?:(?:de|du|des|of)\s+(?:la\s+|l['’]|the\s+)?|d['’])?{aff}",
                           re.IGNORECASE),
                owner)

    @functools.cached_property
    def _rules_by_alias(self) -> dict[str, list[ContextRule]]:
        out: dict[str, list[ContextRule]] = {}
        for rule in self.rules:
            for alias in rule.aliases:
                out.setdefault(alias.casefold(), []).append(rule)
        return out

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> pd.DataFrame:
        """One row per actor: ``actor, bloc, name, kind, aliases`` (aliases joined by ``; ``)."""
        return pd.DataFrame([
            {"actor": a.id, "bloc": a.bloc, "name": a.name, "kind": a.kind,
             "aliases": "; ".join(a.aliases + a.demonyms)}
            for a in self.actors.values()
        ])


def _rule_drops(rule: ContextRule, text: str, start: int, end: int) -> bool:
    if rule.before is not None and rule.before.search(text[max(0, start - 40): start]):
        return True
    return rule.after is not None and rule.after.match(text[end: end + 40]) is not None


# ---------------------------------------------------------------------- YAML -> registry

@functools.cache
def _default_data() -> dict:
    return read_yaml("actors.yaml")


@functools.cache
def _default_registry() -> ActorRegistry:
    return ActorRegistry.from_yaml()


def _as_list(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise RegistryError(f"{where}: expected a list of strings")
    return [str(v) for v in value]


def _merge(data: dict, raw: object, where: str) -> None:
    if not isinstance(raw, Mapping):
        raise RegistryError(f"{where}: expected a mapping with 'actors' (and optionally 'blocs', "
                            "'exclude', 'rules')")
    unknown = set(raw) - {"blocs", "actors", "exclude", "rules", "honorifics", "speaker_blocs"}
    if unknown:
        raise RegistryError(f"{where}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    blocs = raw.get("blocs") or {}
    if not isinstance(blocs, Mapping):
        raise RegistryError(f"{where}: 'blocs' must map bloc ids to descriptions")
    for bloc, desc in blocs.items():
        if not _ID.fullmatch(str(bloc)):
            raise RegistryError(f"{where}: bloc '{bloc}' is not a snake_case id")
        if desc is not None and not isinstance(desc, str):
            raise RegistryError(f"{where}: bloc '{bloc}': its description must be text, got "
                                f"{desc!r}")
        data["blocs"][str(bloc)] = desc or str(bloc)   # "nato:" with nothing: was "None"
    honorifics = raw.get("honorifics")
    if not isinstance(honorifics, Mapping):   # a list: for persons of any gender
        honorifics = {"any": honorifics}
    for gender, words in honorifics.items():
        if gender not in ("m", "f", "any"):
            raise RegistryError(f"{where}: honorifics: '{gender}' is not m, f or any")
        pairs = [(h, None if gender == "any" else gender)
                 for h in _as_list(words, f"{where}: honorifics: {gender}")]
        data["honorifics"].extend(h for h in pairs if h not in data["honorifics"])
    for bloc in _as_list(raw.get("speaker_blocs"), f"{where}: speaker_blocs"):
        if bloc not in data["blocs"]:
            raise RegistryError(f"{where}: speaker_blocs: unknown bloc '{bloc}' (known: "
                                f"{', '.join(sorted(data['blocs']))})")
        if bloc not in data["speaker_blocs"]:
            data["speaker_blocs"].append(bloc)
    actors = raw.get("actors") or []
    if not isinstance(actors, list):
        raise RegistryError(f"{where}: 'actors' must be a list")
    in_this_file: set[str] = set()
    for i, entry in enumerate(actors):
        if not isinstance(entry, Mapping) or not entry.get("id"):
            raise RegistryError(f"{where}: actor #{i + 1} has no 'id'")
        actor_id = str(entry["id"])
        label = f"{where}: actor '{actor_id}'"
        if not _ID.fullmatch(actor_id):
            raise RegistryError(f"{label}: id must be snake_case")
        if actor_id in in_this_file:   # the second replaced the first's aliases, silently
            raise RegistryError(f"{label}: defined twice in this file (actor #{i + 1})")
        in_this_file.add(actor_id)
        if "extra_aliases" in entry and actor_id not in data["actors"] and "bloc" not in entry:
            near = difflib.get_close_matches(actor_id, list(data["actors"]), n=3)
            raise RegistryError(f"{label}: extra_aliases adds to an actor defined before, and "
                                f"there is none of this id"
                                + (f" (did you mean {', '.join(near)}?)" if near else ""))
        bad = set(entry) - {"id", "bloc", "name", "kind", "aliases", "extra_aliases", "demonyms",
                            "titles", "gender", "affiliations"}
        if bad:
            raise RegistryError(f"{label}: unknown field(s): {', '.join(sorted(bad))}")
        current = dict(data["actors"].get(actor_id, {}))
        for key in ("bloc", "name", "kind", "gender"):
            if key in entry:
                if key == "name" and not isinstance(entry[key], (str, int, float)):
                    raise RegistryError(f"{label}: name must be text, got {entry[key]!r}")
                current[key] = entry[key]
        for key in ("aliases", "demonyms", "titles", "affiliations"):
            if key in entry:
                current[key] = _as_list(entry[key], f"{label}: {key}")
        if "extra_aliases" in entry:
            current["aliases"] = current.get("aliases", []) + _as_list(
                entry["extra_aliases"], f"{label}: extra_aliases")
        current["_where"] = label
        data["actors"][actor_id] = current
    data["exclude"].extend(_as_list(raw.get("exclude"), f"{where}: exclude"))
    rules = raw.get("rules") or []
    if not isinstance(rules, list):
        raise RegistryError(f"{where}: 'rules' must be a list")
    for i, rule in enumerate(rules):
        if not isinstance(rule, Mapping) or not rule.get("id"):
            raise RegistryError(f"{where}: rule #{i + 1} has no 'id'")
        data["rules"][str(rule["id"])] = {**rule, "_where": f"{where}: rule '{rule['id']}'"}


def _compile_rule_pattern(pattern: object, where: str) -> re.Pattern | None:
    if pattern in (None, ""):
        return None
    try:
        return re.compile(str(pattern), re.IGNORECASE)
    except re.error as exc:
        raise RegistryError(f"{where}: invalid pattern {pattern!r} ({exc})") from None


def _build(data: dict, sources: tuple[str, ...]) -> ActorRegistry:
    actors: dict[str, Actor] = {}
    for actor_id, entry in data["actors"].items():
        where = entry["_where"]
        bloc = entry.get("bloc")
        if bloc not in data["blocs"]:
            raise RegistryError(f"{where}: unknown bloc '{bloc}' (known: "
                                f"{', '.join(sorted(data['blocs']))}; declare new ones under 'blocs')")
        kind = entry.get("kind", "other")
        if kind not in KINDS:
            raise RegistryError(f"{where}: unknown kind '{kind}' (known: {', '.join(sorted(KINDS))})")
        aliases = tuple(entry.get("aliases", ()))
        if not aliases:
            raise RegistryError(f"{where}: needs at least one alias")
        for alias in aliases + tuple(entry.get("demonyms", ())) + tuple(entry.get("titles", ())):
            if not alias.strip():
                raise RegistryError(f"{where}: empty alias")
        affiliations = tuple(entry.get("affiliations", ()))
        if any(not a.strip() for a in affiliations):
            raise RegistryError(f"{where}: empty affiliation")
        if affiliations and kind != "person":
            raise RegistryError(f"{where}: only persons have affiliations (kind is '{kind}')")
        gender = entry.get("gender")
        if gender not in (None, "f", "m"):
            raise RegistryError(f"{where}: gender must be 'f' or 'm', not {gender!r}")
        actors[actor_id] = Actor(
            id=actor_id, bloc=bloc, name=str(entry.get("name", actor_id)), kind=kind,
            aliases=aliases, demonyms=tuple(entry.get("demonyms", ())),
            titles=tuple(entry.get("titles", ())), gender=gender, affiliations=affiliations,
        )
    rules = []
    for rule_id, rule in data["rules"].items():
        where = rule["_where"]
        examples = rule.get("examples") or {}
        if not isinstance(examples, Mapping) or set(examples) - {"drop", "keep"}:
            raise RegistryError(f"{where}: examples must map 'drop' and 'keep' to lists of "
                                f"sentences, got {examples!r}")
        rules.append(ContextRule(
            id=rule_id,
            aliases=frozenset(_as_list(rule.get("aliases"), f"{where}: aliases")),
            before=_compile_rule_pattern(rule.get("before"), where),
            after=_compile_rule_pattern(rule.get("after"), where),
            description=str(rule.get("description", "")),
            drop_examples=tuple(_as_list(examples.get("drop"), f"{where}: examples: drop")),
            keep_examples=tuple(_as_list(examples.get("keep"), f"{where}: examples: keep")),
        ))
        if not rules[-1].aliases:
            raise RegistryError(f"{where}: needs 'aliases' (the surfaces it applies to)")
    for phrase in data["exclude"]:
        if not phrase.strip():
            raise RegistryError("exclude: empty phrase")
    registry = ActorRegistry(
        actors=actors, blocs=dict(data["blocs"]), exclude=tuple(dict.fromkeys(data["exclude"])),
        rules=tuple(rules), honorifics=tuple(data["honorifics"]), sources=sources,
        speaker_blocs=tuple(data["speaker_blocs"]),
    )
    registry._compile()  # validates aliases (duplicates across actors, empties) up front
    return registry


# ---------------------------------------------------------------------- detection

def detect_mentions(
    articles: pd.DataFrame,
    registry: ActorRegistry | None = None,
    *,
    sentences: pd.DataFrame | None = None,
    continuation: bool = True,
) -> pd.DataFrame:
    """Find actor mentions in every article.

    In: ``articles`` with ``article_id`` and ``text``; optionally ``sentences`` (from
    :func:`analysis.text.segment_sentences`; computed when not given).
    Out: one row per mention with :data:`MENTION_COLUMNS`: ``article_id``, ``sentence_id``,
    ``actor``, ``bloc``, ``surface``, ``start``, ``end`` (offsets into the article text),
    ``kind`` (the actor's kind) and ``continuation`` (True for a sentence-initial pronoun or role
    noun that continues the most recent person mention, e.g. surface "She").

    >>> arts = pd.DataFrame({"article_id": ["a1"],
    ...     "text": ["Le Pen met Putin in the Kremlin. She praised Russia's stance."]})
    >>> detect_mentions(arts)[["sentence_id", "actor", "surface", "continuation"]].values.tolist()
    [[0, 'le_pen', 'Le Pen', False], [0, 'putin', 'Putin', False], [0, 'kremlin', 'Kremlin', False], [1, 'le_pen', 'She', True], [1, 'russia', 'Russia', False]]
    """
    require_columns(articles, ("article_id", "text"), "detect_mentions")
    if isinstance(registry, str | Path):
        raise TypeError(f"detect_mentions: registry must be an ActorRegistry, got the path "
                        f"{str(registry)!r}: pass ActorRegistry.from_yaml({str(registry)!r})")
    registry = registry or ActorRegistry.default()
    if sentences is None:
        sentences = segment_sentences(articles)
    else:
        require_columns(sentences, ("article_id", "sentence_id", "start", "end"),
                        "detect_mentions", "sentences")
        require_same_ids("detect_mentions", articles=articles, sentences=sentences)
        require_segmented("detect_mentions", articles, sentences)
    bounds = _sentence_bounds(sentences)
    actors = registry.actors
    rows: list[tuple] = []
    for article_id, text in zip(articles["article_id"].tolist(), articles["text"].tolist()):
        if not isinstance(text, str) or not text:
            continue
        found = registry.find(text)
        if not found:
            continue
        if article_id in bounds:
            starts, sids = bounds[article_id]
        else:   # an article the given sentences lack: its sentences as segment_sentences numbers them
            starts = np.array([0] + [s for s, _ in split_sentences(text)[1:]], dtype=np.int64)
            sids = np.arange(len(starts))
        if continuation:
            found = _add_continuations(found, text, starts, registry)
        if not found:
            continue
        idx = np.searchsorted(starts, [f[2] for f in found], side="right") - 1
        for (actor_id, surface, s, e, *cont), i in zip(found, idx):
            actor = actors[actor_id]
            rows.append((article_id, int(sids[max(i, 0)]), actor_id, actor.bloc, surface, s, e,
                         actor.kind, bool(cont and cont[0])))
    out = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return out.astype({"article_id": "object", "sentence_id": "int64", "actor": "object",
                       "bloc": "object", "surface": "object", "start": "int64", "end": "int64",
                       "kind": "object", "continuation": "bool"})


def _sentence_bounds(sentences: pd.DataFrame) -> dict[object, tuple[np.ndarray, np.ndarray]]:
    """article id -> (its sentences' starts, their ids), in text order whatever the table's
    order, without a pandas object per article (a groupby took a tenth of this stage)."""
    codes, uniques = pd.factorize(sentences["article_id"].to_numpy(dtype=object))
    start = sentences["start"].to_numpy()
    order = np.lexsort((start, codes))
    order = order[codes[order] >= 0]    # a missing article id belongs to no article
    cuts = np.cumsum(np.bincount(codes[order], minlength=len(uniques)))[:-1]
    starts = np.split(start[order], cuts)
    sids = np.split(sentences["sentence_id"].to_numpy()[order], cuts)
    return dict(zip(uniques.tolist(), zip(starts, sids)))


def _quote_opening(text: str, pos: int) -> int:
    """The offset of the mark opening the quotation that holds ``text[pos]``, or -1 when it is
    outside quotes (read from the start of its paragraph: straight quotes pair up, curly and
    French ones open and close)."""
    para = text.rfind("\n", 0, pos) + 1
    before = text[para:pos]
    opens = [before.rfind('"')] if before.count('"') % 2 else []
    for open_mark, close_mark in (("\u201c", "\u201d"), ("\u00ab", "\u00bb")):
        i = before.rfind(open_mark)
        if i > before.rfind(close_mark):
            opens.append(i)
    return para + max(opens) if opens else -1


def _add_continuations(found, text, starts, registry: ActorRegistry):
    """Add a mention for a sentence-initial pronoun/role noun after a person mention.

    The referent is the first person (the subject, usually) of matching gender in the previous
    sentence; a role noun with an affiliation ("Le candidat socialiste") continues the person it
    names, if named earlier in the article, and no one else; one whose word is in a person's
    titles ("The minister": Lavrov, Foreign Minister) the last such person of the last three
    sentences, if any.
    """
    actors = registry.actors
    persons = [f for f in found if actors[f[0]].kind == "person"]
    if not persons:
        return found
    person_starts = [f[2] for f in persons]   # sorted: found is in text order

    def persons_in(lo: int, hi: int) -> list:
        return persons[bisect.bisect_left(person_starts, lo):bisect.bisect_left(person_starts, hi)]

    extra = []
    mention_starts = {f[2] for f in found}
    sentence_starts = starts.tolist()
    for k, s in enumerate(sentence_starts):
        if k == 0 or s in mention_starts:
            continue
        m = _CONTINUATION.match(text, s)
        if not m:
            continue
        word = m.group("word")
        if word == "Il" and _IMPERSONAL_IL.match(text, m.end("word")):
            continue
        if word in ROLE_NOUNS:
            if text[m.end("word"):m.end("word") + 1] in ("'", "\u2019"):
                continue   # "The president's aides": a possessive, not the subject
            if _named_in_apposition(text, m.end("word"), persons) or \
                    _NAME_AFTER.match(text, m.end("word")):
                continue   # "Le président Emmanuel Macron", "The candidate of En Marche, Emmanuel
                # Macron", "Le président Hollande" (not in the registry)
            office = _OFFICE_OF.match(text, m.end("word"))
            if office and not any(office.group("adj").lower() in t.lower().split()
                                  for f in persons_in(0, s) for t in actors[f[0]].titles):
                continue   # "Le président français" after Putin: someone else's office
            named = registry.role_referent(text, m.start("word"), m.end("word"))
            if named is not None:
                if any(f[0] == named for f in persons_in(0, s)):
                    extra.append((named, word, m.start("word"), m.end("word"), True))
                continue
        prev_start = sentence_starts[k - 1]
        if word not in ROLE_NOUNS and _unlisted_subject(text, prev_start, s, found):
            continue   # "Senator Smith met Putin. He said ...": Smith, not in the registry
        # the previous sentence's persons, a role noun that continued one included ("The
        # spokeswoman was asked ... She replied": Zakharova)
        roles = []   # extras are in text order: only the last few can be in that sentence
        for f in reversed(extra):
            if f[2] < prev_start:
                break
            if f[1] in ROLE_NOUNS:
                roles.append(f)
        # a name glued into a compound ("the Trump-Putin conspiracy") is no referent, nor is
        # a possessive for a pronoun ("Putin's agents arrested Gershkovich. He ...")
        candidates = sorted([f for f in persons_in(prev_start, s) if not _in_compound(text, f)
                             and (word in ROLE_NOUNS or not _POSSESSIVE.match(text, f[3]))]
                            + roles, key=lambda f: f[2])
        if word in ROLE_NOUNS:
            # "The minister" is someone with that title (Lavrov, Foreign Minister) named in the
            # last three sentences, not the candidate named in between
            role = word.split()[-1].lower()
            titled = [f for f in persons_in(sentence_starts[max(0, k - 3)], s)
                      if any(role in t.lower().split() for t in actors[f[0]].titles)]
            if titled:
                candidates = titled[-1:]
            elif role in _TITLE_ONLY:
                continue   # "The spokesman" after Macron is his spokesman, not Macron
        if not candidates:
            continue
        gender = next((g for g, ws in PRONOUNS.items() if word in ws), ROLE_GENDERS.get(word))
        if gender is not None:
            matching = [f for f in candidates if actors[f[0]].gender == gender]
        else:
            matching = candidates
        if not matching:
            continue
        referent = matching[0][0]
        opening = _quote_opening(text, m.start("word"))
        if opening >= 0:
            end = sentence_starts[k + 1] if k + 1 < len(sentence_starts) else len(text)
            if any(f[0] == referent for f in found if s <= f[2] < end) or \
                    s > opening > matching[0][2]:
                # in a quote, its speaker is not "he": '"He made a great contribution," Putin
                # said', 'Putin said: "... Robert Mugabe. He made ..."'
                continue
        if len({f[0] for f in matching}) > 1 and word in ROLE_NOUNS:
            continue  # "The candidate" after two candidates: ambiguous, do not guess
        if word in ROLE_NOUNS and _titled_unlisted_since(text, word, matching[0][3], s, persons):
            continue  # "... with Putin, President Trump said ... The president": not Putin
        extra.append((referent, word, m.start("word"), m.end("word"), True))
    if not extra:
        return found
    return sorted(found + extra, key=lambda f: f[2])


#: a sentence opening with a person's name the registry does not hold ("Senator Smith met",
#: "Mr Bolsonaro responded", "Donald Trump told", "Tory MP Karl McCartney said", "Navalny, a
#: critic of Putin,"): a title and a name, or two to five names, then a lower-case word or an
#: apposition; one name, then an apposition or a reporting verb
_REPORTING = (r"(?:said|says|told|tells|added|wrote|warned|claimed|denied|insisted|argued|"
              r"accused|criticised|criticized|condemned|praised|met|called|urged|stressed|"
              r"noted|explained|announced|replied|responded)\b")
_UNLISTED_SUBJECT = re.compile(
    r"[\"'(\u201c]?(?:(?:(?:Mr|Mrs|Ms|Dr|M|Mme|Senator|Sen|Rep|President|Prime Minister|"
    r"Minister|Chancellor|General|Gen|Governor|Mayor|Judge)\.?\s+[A-ZÀ-Þ][\w'-]+)|"
    r"[A-ZÀ-Þ][\w'-]+(?:\s+[A-ZÀ-Þ][\w'-]+){1,4})(?:\s+(?=[a-zà-ÿ])|,\s+(?=an?\s))"
    r"|(?!(?:He|She|It|They|We|I|You|This|That|There|The|An?|Il|Elle|On)\b)"
    r"[\"'(\u201c]?[A-ZÀ-Þ][\w'-]*[^\Ws](?:,\s+(?=an?\s)|\s+(?=" + _REPORTING + "))")
#: "..., Smith said", '"...," Zelensky said': a name outside the registry reporting after a
#: comma or a closing quote is the sentence's subject
_UNLISTED_REPORTER = re.compile(
    r"[,\"\u201d]\s+([A-ZÀ-Þ][\w'-]+(?:\s+[A-ZÀ-Þ][\w'-]+){0,3})\s+" + _REPORTING)
_POSSESSIVE = re.compile(r"['\u2019]s?(?!\w)")


def _unlisted_subject(text: str, lo: int, hi: int, found) -> bool:
    """Whether the sentence ``text[lo:hi]`` has a person outside the registry as its subject
    (:data:`_UNLISTED_SUBJECT` at its start, :data:`_UNLISTED_REPORTER` in it), whose name no
    registry mention covers."""
    def unlisted(a: int, b: int) -> bool:
        return not any(f[2] < b and f[3] > a for f in found)

    m = _UNLISTED_SUBJECT.match(text, lo, hi)
    if m and unlisted(m.start(), m.end()):
        return True
    return any(unlisted(r.start(1), r.end(1)) for r in _UNLISTED_REPORTER.finditer(text, lo, hi))
_BRACKETED = re.compile(r"\s*\(")   # between a name and its abbreviation in brackets
_URL_EDGE = frozenset("/.@-:_")
_ADDRESS = re.compile(r"\S*(://|www\.|@)\S*|[\w.-]+\.(?:com|ru|fr|org|net|eu|info|io|uk|de|be|"
                      r"ua|tv|news|int|gov)(?:/\S*)?", re.IGNORECASE)


def _in_address(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is part of a web or e-mail address (the token around it)."""
    lo = s
    while lo > 0 and not text[lo - 1].isspace() and text[lo - 1] not in "([<\"'":
        lo -= 1
    hi = e
    while hi < len(text) and not text[hi].isspace() and text[hi] not in ")]>\"',;":
        hi += 1
    m = _ADDRESS.search(text, lo, hi)
    if m is None or not m.start() <= s <= e <= m.end():
        return False
    # a bare domain written as a name ("RT.com readers") still names the outlet
    return m.group(1) is not None or text[lo:hi].islower()


#: a French role noun's nationality ("Le président américain", "Le porte-parole du
#: gouvernement français"): it continues only a person with that word in a title
_OFFICE_OF = re.compile(
    r"(?:\s+d[eu]s?\s+[\w\u00c0-\u00ff-]+)?\s+(?P<adj>(?:français|américain|allemand|britannique|"
    r"ukrainien|chinois|turc|italien|espagnol|polonais|belge|syrien|russe|européen|israélien|"
    r"iranien|japonais|canadien|néerlandais|hongrois|autrichien|suédois|grec)(?:e|ne|se)?s?)\b",
    re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
                         r"[A-ZÀ-Þ][\w'-]+")


def _in_compound(text: str, f: tuple) -> bool:
    return text[f[2] - 1:f[2]] == "-" or text[f[3]:f[3] + 1] == "-"


def _titled_unlisted_since(text: str, role: str, lo: int, hi: int, persons: list) -> bool:
    """Whether ``text[lo:hi]`` names someone outside the registry with the role noun's title
    ("President Trump", "le président Hollande")."""
    title = re.compile(r"(?<![\w-])(?i:" + re.escape(role.split()[-1]) + r")\s+[A-ZÀ-Þ][\w'-]+")
    return any(not any(f[2] <= t.end() and f[3] > t.start() for f in persons)
               for t in title.finditer(text, lo, hi))


def _named_in_apposition(text: str, end: int, persons: list) -> bool:
    """Whether the role noun ending at ``end`` is followed by its own name: a person mention
    right after it, or after a short phrase and a comma ("of En Marche, Emmanuel Macron")."""
    nxt = next((f for f in persons if f[2] >= end), None)
    if nxt is None or nxt[2] - end > 80:
        return False
    between = text[end:nxt[2]]
    return not between.strip() or (bool(re.fullmatch(r"[^.;:!?\"«»]*,\s*", between)))


def registry_from(spec: ActorRegistry | str | Path | None) -> ActorRegistry:
    """An :class:`ActorRegistry` from a registry, a YAML path (merged over the default) or None."""
    if spec is None:
        return ActorRegistry.default()
    if isinstance(spec, ActorRegistry):
        return spec
    return ActorRegistry.from_yaml(spec)

