"""The vectorised language identifier gives py3langid's labels, text for text."""

from __future__ import annotations

import json
import random

import pytest
from conftest import DEMO
from py3langid import langid

from analysis import _langid
from analysis.corpus import detect_language


def _samples(texts: list[str]) -> list[str]:
    rnd = random.Random(7)
    out = []
    for text in texts:
        out += [text[:400], text[:400].upper(), text[:3]]
        start = rnd.randrange(max(1, len(text)))
        out.append(text[start:start + rnd.choice([1, 7, 40, 400])])
    return out


def _demo_texts() -> list[str]:
    rows = [json.loads(line) for line in (DEMO / "articles.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    texts = [r["text"] for r in rows if isinstance(r.get("text"), str)] + [p.read_text("utf-8") for p in (DEMO / "texts").iterdir()]
    # other scripts and languages (written here), and text with no n-gram features at all
    return texts + ["Кремль отрицает вмешательство в выборы во Франции.",
                    "Die Kommission verhängt neue Sanktionen gegen russische Banken.",
                    "L'Union européenne prolonge les sanctions contre la Russie.",
                    "俄罗斯否认干预法国大选。", "Η Επιτροπή ανακοίνωσε νέες κυρώσεις.",
                    "", " ", "1234567", "\u0301\u0301 \ufffd"]


def test_fast_path_is_used_and_agrees_with_py3langid():
    classify = _langid.classifier()
    assert isinstance(getattr(classify, "__self__", None), _langid.FastLangid)
    samples = _samples(_demo_texts())
    assert len(samples) > 200
    assert [classify(s) for s in samples] == [langid.classify(s)[0] for s in samples]


def test_feature_counts_are_py3langid_s_in_its_order():
    ident = langid._get_identifier()
    fast = _langid.FastLangid(ident, float(langid.RAW_FLOOR))
    data = [ident._encode(s) for s in _samples(_demo_texts())]

    def library(b: bytes):
        return langid.visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, b) or {}

    expected = [list(library(b).items()) for b in data]  # in order: the order fixes the sums
    assert [list(fast.visits(b).items()) for b in data] == expected


@pytest.mark.shared
def test_agrees_with_py3langid_on_real_news(shared):
    lines = shared("newsmtsc", "hf-rw", "test.jsonl").read_text("utf-8").splitlines()
    samples = _samples([json.loads(line)["sentence"] for line in lines])
    classify = _langid.classifier()
    assert [classify(s) for s in samples] == [langid.classify(s)[0] for s in samples]


def test_falls_back_to_py3langid_when_its_model_arrays_change(monkeypatch):
    class Changed:  # an identifier without the arrays the fast walk reads
        nb_classes = ["en"]

    monkeypatch.setattr(langid, "_get_identifier", lambda: Changed())
    _langid.classifier.cache_clear()
    try:
        assert not isinstance(getattr(_langid.classifier(), "__self__", None), _langid.FastLangid)
    finally:
        monkeypatch.undo()
        _langid.classifier.cache_clear()


def test_falls_back_to_py3langid_when_a_check_label_differs(monkeypatch):
    monkeypatch.setattr(_langid.FastLangid, "classify", lambda self, text: "xx")
    _langid.classifier.cache_clear()
    try:
        classify = _langid.classifier()
        assert classify("The Kremlin denied any interference in the election.") == "en"
        assert detect_language("Le Kremlin a démenti toute ingérence dans l'élection.") == "fr"
    finally:
        monkeypatch.undo()
        _langid.classifier.cache_clear()
