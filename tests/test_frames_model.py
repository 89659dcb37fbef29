"""sklearn.frames.v1: training, safe persistence, scoring; SemEval evaluations (shared data)."""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from analysis.scoring.base import FRAME_COLUMNS
from analysis.scoring.frames_model import (
    SklearnFrames,
    load_frames_model,
    save_frames_model,
    train_frames,
)
from analysis.text import segment_sentences

# invented sentences, one pool per frame
POOLS = {
    "economic": ["The budget deficit widened as taxes fell.", "Inflation hit households and firms.",
                 "Investors sold shares as the economy slowed.", "Unemployment rose in the region."],
    "crime_and_punishment": ["Police arrested the suspect after the robbery.",
                             "The thief was sentenced to five years in prison.",
                             "Detectives charged two men with fraud.",
                             "The gang was convicted of murder."],
    "health_and_safety": ["The hospital ran out of vaccines during the outbreak.",
                          "Doctors warned about the virus spreading in schools.",
                          "Patients waited for surgery as the epidemic grew.",
                          "Nurses treated the injured after the accident."],
}
FILLER = ["The weather was mild on Tuesday.", "Officials met in the afternoon.",
          "The report was published last week."]


def _corpus(n: int, seed: int):
    rng = random.Random(seed)
    labels = list(POOLS)
    texts, golds = [], []
    for _ in range(n):
        k = rng.choice([1, 1, 2])
        gold = rng.sample(labels, k)
        sents = [rng.choice(POOLS[g]) for g in gold for _ in range(3)] + rng.sample(FILLER, 2)
        rng.shuffle(sents)
        texts.append(" ".join(sents))
        golds.append(sorted(gold))
    return texts, golds


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    texts, golds = _corpus(60, 1)
    model = train_frames(texts, golds, seed=3, inner_folds=3)
    return save_frames_model(model, tmp_path_factory.mktemp("frames") / "m")


def _sentences(texts):
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts})
    return segment_sentences(arts)


def test_trained_model_loads_scores_and_reproduces(model_dir, tmp_path):
    meta = json.loads((model_dir / "model.json").read_text())
    assert meta["redistributable"] is False and "redistribut" in meta["redistribution_note"]
    texts, golds = _corpus(30, 2)
    scorer = SklearnFrames(model_dir)
    out = scorer.score(None, _sentences(texts))
    assert list(out.columns) == FRAME_COLUMNS
    assert out["sentence_id"].isna().all() and (out["kind"] == "frame").all()
    assert out["score"].between(0, 1).all() and (out["scorer"] == "sklearn.frames.v1").all()
    pred = out.groupby("article_id")["frame"].agg(set)
    correct = sum(pred.get(f"a{i}", set()) == set(g) for i, g in enumerate(golds))
    assert correct >= 24, correct
    assert out["evidence"].notna().all()
    # same data + seed -> identical arrays; save/load round trip gives identical scores
    texts_tr, golds_tr = _corpus(60, 1)
    again = save_frames_model(train_frames(texts_tr, golds_tr, seed=3, inner_folds=3),
                              tmp_path / "again")
    a, b = load_frames_model(model_dir), load_frames_model(again)
    for k in a["arrays"]:
        np.testing.assert_array_equal(a["arrays"][k], b["arrays"][k])
    pd.testing.assert_frame_equal(out, SklearnFrames(again).score(None, _sentences(texts)))


def test_empty_input_and_missing_columns(model_dir):
    scorer = SklearnFrames(model_dir)
    empty = scorer.score(None, _sentences([]))
    assert empty.empty and list(empty.columns) == FRAME_COLUMNS
    with pytest.raises(ValueError, match="text"):
        scorer.score(None, pd.DataFrame({"article_id": [], "sentence_id": []}))


def test_no_model_path_says_how_to_train(monkeypatch):
    monkeypatch.delenv("ELECTIONLENS_FRAMES_MODEL", raising=False)
    with pytest.raises(ValueError, match="train_frames_semeval"):
        SklearnFrames().score(None, _sentences(["A sentence."]))


def _copy(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_tampered_model_dirs_raise_value_error_without_unpickling(model_dir, tmp_path):
    # object array in the npz: refused by allow_pickle=False
    bad = _copy(model_dir, tmp_path / "pickle")
    with np.load(bad / "weights.npz") as data:
        arrays = {k: data[k] for k in data.files}
    arrays["coef"] = np.array([{"x": 1}], dtype=object)
    np.savez(bad / "weights.npz", **arrays)
    with pytest.raises(ValueError, match="pickle"):
        load_frames_model(bad)
    # wrong shape
    bad = _copy(model_dir, tmp_path / "shape")
    arrays2 = dict(arrays, coef=np.zeros((2, 2), np.float32))
    np.savez(bad / "weights.npz", **arrays2)
    with pytest.raises(ValueError, match="coef"):
        load_frames_model(bad)
    # unknown format, bad JSON, missing file, not an npz
    bad = _copy(model_dir, tmp_path / "format")
    meta = json.loads((bad / "model.json").read_text())
    (bad / "model.json").write_text(json.dumps({**meta, "format": "other"}))
    with pytest.raises(ValueError, match="format"):
        load_frames_model(bad)
    (bad / "model.json").write_text("{not json")
    with pytest.raises(ValueError, match="JSON"):
        load_frames_model(bad)
    bad = _copy(model_dir, tmp_path / "npz")
    (bad / "weights.npz").write_bytes(b"garbage")
    with pytest.raises(ValueError, match="npz"):
        load_frames_model(bad)
    (bad / "weights.npz").unlink()
    with pytest.raises(ValueError, match="missing"):
        load_frames_model(bad)


@pytest.mark.shared
@pytest.mark.slow
def test_cross_validation_beats_tfidf_baseline():
    from analysis.scoring.frames_model import cross_validate_frames

    root = shared_path("semeval2023-task3-en")
    cv = cross_validate_frames(root, k=5, seed=13)
    m = cv["methods"]
    assert cv["n"] == 433
    # measured (seed 13): model 0.681 / 0.476, TF-IDF LR 0.668 / 0.456, lexicon 0.530 / 0.427,
    # top-5 0.558 / 0.234 (micro / macro-F1); the 0.70 goal is not reached
    assert m["model"]["micro_f1"] > m["tfidf_lr"]["micro_f1"]
    assert m["model"]["micro_f1"] >= 0.67
    assert m["model"]["micro_f1"] > m["top5"]["micro_f1"] > 0.5
    assert m["lexicon"]["micro_f1"] > 0.45


@pytest.mark.shared
def test_narrative_evaluation_has_a_row_per_mapped_narrative():
    from analysis.evaluate_frames import evaluate_narratives_semeval2025
    from analysis.framing import load_labels

    root = shared_path("semeval2025-task10-en")
    table = evaluate_narratives_semeval2025(root)
    mapped = {lab.id for lab in load_labels(kinds=("narrative",)) if lab.maps_to.get("semeval2025")}
    assert set(table["narrative"]) == mapped | {"micro"}
    assert table["precision"].between(0, 1).all() and table["recall"].between(0, 1).all()
    assert (table["n_documents"] == 223).all()
    assert (table["support"] > 0).all()
