"""py3langid's classifier with its byte walk vectorised: the same labels, about twice as fast.

py3langid finds its byte n-gram features with a DFA walked byte by byte in Python (about a
fifth of a millisecond for a 400-character sample, the largest single cost of reading an
article). :class:`FastLangid` walks all positions at once: step ``k`` gives every position the
state reached from the start state over its last ``k`` bytes, with one array lookup. The
automaton (Aho-Corasick over n-grams of a few bytes) remembers only the last few bytes, so after
about six steps a step changes nothing, and from then on nothing would: that is the full walk.
The features are counted with a ``Counter`` as py3langid counts them (same order, so the same
float sums) and scored as py3langid scores them (naive Bayes sum, script aliases folded,
argmax).

The walk uses py3langid's model arrays, which are not public API: :func:`classifier` checks
the fast path against ``py3langid.classify`` on samples in several scripts on first use and
falls back to the library when the arrays are missing or any label differs.
"""

from __future__ import annotations

import functools
from collections import Counter

import numpy as np

# Samples in several scripts and languages for the start-up agreement check (written here).
_CHECK_SAMPLES = (
    "The Kremlin denied any interference in the presidential election on Sunday.",
    "Le Kremlin a démenti toute ingérence dans l'élection présidentielle dimanche.",
    "Der Kreml bestritt jede Einmischung in die Präsidentschaftswahl am Sonntag.",
    "Кремль отрицает любое вмешательство в президентские выборы в воскресенье.",
    "El Kremlin negó cualquier injerencia en las elecciones presidenciales del domingo.",
    "ΤΟ ΚΡΕΜΛΙΝΟ ΑΡΝΗΘΗΚΕ ΚΑΘΕ ΑΝΑΜΕΙΞΗ ΣΤΙΣ ΕΚΛΟΓΕΣ.",
    "克里姆林宫否认干预总统选举。",
    "12 345 -- ?!",
    "",
)


_STEPS_UNCHECKED = 5   # walk steps taken before checking for the fixed point (speed only)


class FastLangid:
    """``classify(text) -> label`` with py3langid's default model and rules."""

    def __init__(self, identifier, raw_floor: float):
        self._nextmove = np.asarray(identifier.tk_nextmove)
        self._rowbase = np.asarray(identifier._rowbase, dtype=np.intp)
        self._output = np.asarray(identifier.tk_output)
        # float32 weights (57 MB): the same products as py3langid's float16 ones, 4x sooner
        self._ptc = np.asarray(identifier.nb_ptc, dtype=np.float32)
        self._pc = identifier.nb_pc
        self._classes = list(identifier.nb_classes)
        self._aliases = list(identifier._alias_pairs)
        self._encode = identifier._encode
        self._floor = raw_floor

    def visits(self, data: bytes) -> Counter:
        """Feature counts of the encoded text, as py3langid's ``visit_counts`` makes them."""
        data = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
        # state[i] after step k: the walk from the start state over bytes i-k+1 .. i. Once a
        # step changes no state, no later one will (each reads only the previous step's
        # states), so that is the walk over the whole text, byte i's py3langid state. The
        # first steps are taken without asking: the automaton needs about six.
        state = self._nextmove[self._rowbase[0] + data]
        for _ in range(min(_STEPS_UNCHECKED, len(state)) - 1):
            state[1:] = self._nextmove[self._rowbase[state[:-1]] + data[1:]]
        while len(state) > 1:
            longer = self._nextmove[self._rowbase[state[:-1]] + data[1:]]
            if np.array_equal(longer, state[1:]):
                break
            state[1:] = longer
        feats = self._output[state]
        return Counter(feats[feats >= 0].tolist())  # py3langid's order: the same float sums

    def classify(self, text: str) -> str:
        visits = self.visits(self._encode(text))
        if visits:
            ids = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            scores = np.log1p(counts) @ self._ptc[ids] + self._pc
        else:
            scores = np.full(len(self._classes), self._floor, dtype=np.float32)
        for i, j in self._aliases:
            scores[i] = max(scores[i], scores[j])
            scores[j] = self._floor
        return self._classes[int(scores.argmax())]


@functools.cache
def classifier():
    """``text -> label``: :class:`FastLangid` when it agrees with py3langid on the check
    samples, else py3langid's own ``classify``."""
    from py3langid import langid

    def slow(text: str) -> str:
        return langid.classify(text)[0]

    try:
        fast = FastLangid(langid._get_identifier(), float(langid.RAW_FLOOR))
        if all(fast.classify(t) == slow(t) for t in _CHECK_SAMPLES):
            return fast.classify
    except (AttributeError, TypeError, ValueError, IndexError):
        pass
    return slow
