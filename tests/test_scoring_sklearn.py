"""The shipped target-aware sentiment models (``sklearn.tsc.v2``, the default, with word
vectors, and ``sklearn.tsc.v1``): scoring, safe loading, and (with ../shared/data) reproducible
training and accuracy on NewsMTSC."""

from __future__ import annotations

import builtins
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from analysis.scoring import get_scorer
from analysis.scoring.base import LABELS, SENTIMENT_COLUMNS
from analysis.scoring.sklearn import (
    MODEL_JSON,
    WEIGHTS_NPZ,
    SklearnTSC,
    SklearnTSC2,
    load_model,
    save_model,
    shipped_model_path,
    train_from_newsmtsc,
    train_tsc,
)
from analysis.scoring.vectors import (
    DEFAULT_VECTORS,
    load_vectors,
    vectors_path,
    vectors_sha256,
)

SHIPPED = {"sklearn.tsc.v1": "sentiment-tsc-v1", "sklearn.tsc.v2": "sentiment-tsc-v2"}


def contexts(text: str, *targets: str) -> pd.DataFrame:
    rows = []
    for t in targets:
        start = text.index(t)
        rows.append({"text": text, "t_start": start, "t_end": start + len(t), "surface": t,
                     "language": "en"})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module", params=[SklearnTSC2, SklearnTSC], ids=["v2", "v1"])
def scorer(request):
    return request.param()


def test_init_stores_parameters_only(tmp_path):
    s = SklearnTSC(model_path=tmp_path / "nowhere")   # would fail if it loaded here
    assert s.model_path == tmp_path / "nowhere"
    assert s.name == "sklearn.tsc.v1" and s.languages == ("en",)
    with pytest.raises(ValueError, match="not a directory"):
        s.predict_contexts(contexts("Putin spoke.", "Putin"))


def test_shipped_model_loads_and_scores(scorer):
    meta = scorer.metadata
    v2 = scorer.name == "sklearn.tsc.v2"
    assert meta["format"] == "electionlens.sklearn-tsc" and meta["version"] == (2 if v2 else 1)
    assert meta["name"] == scorer.name and meta["labels"] == list(LABELS)
    assert "NewsMTSC" in meta["credits"] and "MIT" in meta["credits"]
    assert ("GloVe" in meta["credits"]) == v2 and ("vectors" in meta) == v2
    if v2:
        assert meta["vectors"]["name"] == DEFAULT_VECTORS
        assert meta["vectors"]["sha256"] == vectors_sha256(DEFAULT_VECTORS)
    assert set(meta["dev_scores"]) == {"rw", "mt"} and set(meta["test_scores"]) == {"rw", "mt"}
    mentions = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 0],
                             "actor": ["putin", "eu"], "bloc": ["russia", "eu"],
                             "surface": ["Putin", "EU"], "start": [0, 37], "end": [5, 39]})
    sentences = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
                              "end": [60], "text": ["Putin threatened the neighbours, and the "
                                                    "EU answered calmly."], "language": ["en"]})
    mentions.loc[1, ["start", "end"]] = [sentences.text[0].index("EU"),
                                         sentences.text[0].index("EU") + 2]
    out = get_scorer(scorer.name).score(mentions, sentences)
    assert list(out.columns) == SENTIMENT_COLUMNS and len(out) == 2
    assert out["label"].isin(LABELS).all()
    assert out["score"].between(-1, 1).all() and out["confidence"].between(1 / 3, 1).all()
    assert (out["scorer"] == scorer.name).all()


def test_the_default_sentiment_scorer_is_v2():
    from analysis.scoring import DEFAULT_SENTIMENT_SCORER

    assert DEFAULT_SENTIMENT_SCORER == "sklearn.tsc.v2"
    assert isinstance(get_scorer(DEFAULT_SENTIMENT_SCORER), SklearnTSC2)


def _unseen_word_data():
    """Train on three praise and three blame words; test on six others that training never
    saw, with no VADER or character features, so only word vectors can tell them apart."""
    praise, blame = ["wonderful", "excellent", "great"], ["terrible", "awful", "horrible"]
    rows = []
    for good, bad in zip(praise, blame):
        for name in ["Anna", "Boris", "Claire", "David"]:
            for word, label in ((good, "positive"), (bad, "negative"), ("here", "neutral")):
                rows.append({"text": f"{name} is {word} today.", "t_start": 0,
                             "t_end": len(name), "label": label})
    unseen = ["brilliant", "admirable", "superb", "disgraceful", "appalling", "dreadful"]
    test = pd.DataFrame([{"text": f"Emma is {w} today.", "t_start": 0, "t_end": 4}
                         for w in unseen])
    return pd.DataFrame(rows), test, ["positive"] * 3 + ["negative"] * 3


@pytest.mark.parametrize("vectors, right", [(DEFAULT_VECTORS, 6), (None, 3)])
def test_word_vectors_carry_words_training_never_saw(tmp_path, vectors, right):
    train, test, gold = _unseen_word_data()
    model = train_tsc(train, vectors=vectors, dense=False, char_ngrams=[], weight_vectors=1.0,
                      C=10.0, min_coef=0.0)
    assert model["metadata"]["version"] == (2 if vectors else 1)
    out = SklearnTSC(model_path=save_model(model, tmp_path / "m")).predict_contexts(test)
    # without vectors the six test rows have the same known features: one label for all
    assert int((out["label"] == pd.Series(gold)).sum()) == right, out["label"].tolist()


def test_bad_vector_settings_fail_before_training():
    train, _, _ = _unseen_word_data()
    with pytest.raises(ValueError, match="not shipped with this package.*glove-6b-100d-50k"):
        train_tsc(train, vectors="glove-nowhere")
    with pytest.raises(ValueError, match="vector_spans must name spans"):
        train_tsc(train, vector_spans=["L6", "middle"])


def test_shipped_vectors_are_lowercase_words_in_float16():
    index, matrix = load_vectors(DEFAULT_VECTORS)
    assert matrix.shape == (50_000, 100) and len(index) == 50_000
    assert all(w.isalpha() and w == w.lower() for w in index)
    assert {"kremlin", "sanctions", "election", "brussels"} <= set(index)
    with np.load(vectors_path(DEFAULT_VECTORS), allow_pickle=False) as npz:
        assert npz["vectors"].dtype == np.float16


def test_validating_a_model_does_not_load_its_vectors():
    """The parent of a run with workers validates the model (names, shapes, the vectors'
    checksum) but never scores: it must not hold the vectors its workers would inherit."""
    load_vectors.cache_clear()
    load_model(shipped_model_path("sentiment-tsc-v2"))
    assert load_vectors.cache_info().currsize == 0


def test_build_vectors_script_is_reproducible(tmp_path):
    """scripts/build_vectors.py on a file in wink-embeddings' layout: alphabetic words only,
    by frequency, float16, and the same bytes on a second run (models record the checksum)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_vectors.py"
    spec = importlib.util.spec_from_file_location("build_vectors", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    words = ["the", ",", "kremlin", "2017", "eu", "sanctions"]
    src = {"precision": 8, "l2NormIndex": 4, "wordIndex": 5, "size": len(words),
           "dimensions": 4, "words": words,
           "vectors": {w: [i + 0.5, -i, 0.25, 1.0, 9.9, i] for i, w in enumerate(words)}}
    (tmp_path / "wink.json").write_text(json.dumps(src), "utf-8")
    out_a = build.main([str(tmp_path / "wink.json"), "--words", "3", "--out", str(tmp_path / "a")])
    out_b = build.main([str(tmp_path / "wink.json"), "--words", "3", "--out", str(tmp_path / "b")])
    assert out_a.name == "glove-6b-4d-3.npz" and out_a.read_bytes() == out_b.read_bytes()
    with np.load(out_a, allow_pickle=False) as npz:
        assert npz["words"].tolist() == ["the", "kremlin", "eu"]
        assert npz["vectors"].dtype == np.float16
        np.testing.assert_array_equal(npz["vectors"][1], [2.5, -2.0, 0.25, 1.0])


def test_predict_contexts_columns_and_determinism(scorer):
    ctx = contexts("The opposition accused Le Pen of lying about her ties to Moscow.",
                   "Le Pen", "Moscow")
    a, b = scorer.predict_contexts(ctx), scorer.predict_contexts(ctx)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == ["label", "score", "confidence", "evidence"] and len(a) == 2
    for ev in a["evidence"]:
        assert ev is None or (isinstance(ev, str) and 1 <= len(ev.split(", ")) <= 3)
    empty = scorer.predict_contexts(ctx.iloc[:0])
    assert len(empty) == 0 and list(empty.columns) == list(a.columns)


@pytest.mark.parametrize("text, positive, negative, known_miss", [
    ("I like Bert, but I hate Robert.", "Bert", "Robert", {}),
    ("Macron praised the EU while condemning the Kremlin's interference.", "EU", "Kremlin",
     {"sklearn.tsc.v1": "the Kremlin comes out neutral (verb in a participle)"}),
    ("Voters applauded Merkel for her courage, but they blamed Orban for the corruption "
     "scandal.", "Merkel", "Orban", {}),
    ("The report condemned Gazprom's blackmail and commended Ukraine's brave resistance.",
     "Ukraine", "Gazprom",
     dict.fromkeys(["sklearn.tsc.v1", "sklearn.tsc.v2"],
                   "no contrast word separates the targets ('and')")),
])
def test_opposite_targets_in_one_sentence_get_opposite_labels(request, scorer, text, positive,
                                                              negative, known_miss):
    if scorer.name in known_miss:
        request.applymarker(pytest.mark.xfail(reason="known miss: " + known_miss[scorer.name],
                                              strict=True))
    out = scorer.predict_contexts(contexts(text, positive, negative))
    assert out["label"].tolist() == ["positive", "negative"], out
    assert out["score"].iloc[0] > 0 > out["score"].iloc[1]
    assert out["evidence"].iloc[0] and out["evidence"].iloc[1]


def test_non_english_rows_get_no_label_and_a_reason():
    mentions = pd.DataFrame({"article_id": ["en", "fr"], "sentence_id": [0, 0],
                             "actor": ["putin", "putin"], "bloc": ["russia", "russia"],
                             "surface": ["Putin", "Poutine"], "start": [0, 0], "end": [5, 7]})
    sentences = pd.DataFrame({"article_id": ["en", "fr"], "sentence_id": [0, 0], "start": [0, 0],
                              "text": ["Putin lied again.", "Poutine a encore menti."],
                              "language": ["en", "fr"]})
    out = SklearnTSC().score(mentions, sentences).set_index("article_id")
    assert out.loc["en", "label"] in LABELS and out.loc["en", "reason"] is None
    assert out.loc["fr", "label"] is None and np.isnan(out.loc["fr", "score"])
    assert "language 'fr' not supported by sklearn.tsc.v1" in out.loc["fr", "reason"]
    out = SklearnTSC2().score(mentions, sentences).set_index("article_id")
    assert "language 'fr' not supported by sklearn.tsc.v2" in out.loc["fr", "reason"]


# -- safe, validated loading ---------------------------------------------------------------------

@pytest.fixture(params=["sentiment-tsc-v2", "sentiment-tsc-v1"])
def model_copy(tmp_path, request):
    dst = tmp_path / "model"
    shutil.copytree(shipped_model_path(request.param), dst)
    return dst


@pytest.fixture
def v2_copy(tmp_path):
    dst = tmp_path / "model-v2"
    shutil.copytree(shipped_model_path("sentiment-tsc-v2"), dst)
    return dst


def _rewrite_npz(path, **changes):
    with np.load(path / WEIGHTS_NPZ, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    arrays.update(changes)
    arrays = {k: v for k, v in arrays.items() if v is not None}
    np.savez_compressed(path / WEIGHTS_NPZ, **arrays)


def _rewrite_json(path, edit):
    meta = json.loads((path / MODEL_JSON).read_text("utf-8"))
    edit(meta)
    (path / MODEL_JSON).write_text(json.dumps(meta), "utf-8")


@pytest.mark.parametrize("name", SHIPPED.values())
def test_shipped_model_is_valid_and_small(name):
    model = load_model(shipped_model_path(name))
    assert model["arrays"]["coef"].dtype == np.float32
    size = sum(f.stat().st_size for f in shipped_model_path(name).iterdir())
    assert size < 8 * 2 ** 20


@pytest.mark.parametrize("name", SHIPPED.values())
def test_save_load_roundtrip(tmp_path, name):
    model = load_model(shipped_model_path(name))
    out = save_model(model, tmp_path / "again")
    again = load_model(out)
    assert again["metadata"] == model["metadata"]
    for k, v in model["arrays"].items():
        np.testing.assert_array_equal(again["arrays"][k], v)


@pytest.mark.parametrize("damage, file, problem", [
    (lambda p: (p / WEIGHTS_NPZ).unlink(), WEIGHTS_NPZ, "file missing"),
    (lambda p: (p / MODEL_JSON).unlink(), MODEL_JSON, "file missing"),
    (lambda p: (p / MODEL_JSON).write_text("{not json", "utf-8"), MODEL_JSON, "not valid JSON"),
    (lambda p: (p / WEIGHTS_NPZ).write_bytes(b"garbage"), WEIGHTS_NPZ,
     "not a valid .npz|unreadable without pickle"),
    (lambda p: _rewrite_json(p, lambda m: m.pop("labels")), MODEL_JSON, "missing required key"),
    (lambda p: _rewrite_json(p, lambda m: m["featurization"].pop("windows")), MODEL_JSON,
     "featurization lacks"),
    (lambda p: _rewrite_json(p, lambda m: m.update(format="other")), MODEL_JSON,
     "unknown format"),
    (lambda p: _rewrite_json(p, lambda m: m.update(version=99)), MODEL_JSON,
     "unsupported version"),
    (lambda p: _rewrite_json(p, lambda m: m["featurization"].update(n_features_word=1024)),
     MODEL_JSON, "n_features"),
    (lambda p: _rewrite_npz(p, coef=np.zeros((2, 5), np.float32)), WEIGHTS_NPZ,
     "'coef' has shape"),
    (lambda p: _rewrite_npz(p, intercept=None), WEIGHTS_NPZ, "missing array"),
    (lambda p: _rewrite_npz(p, intercept=np.array([1, 2, 3])), WEIGHTS_NPZ, "floating point"),
])
def test_damaged_model_raises_a_clear_value_error(model_copy, damage, file, problem):
    damage(model_copy)
    with pytest.raises(ValueError, match=problem) as err:
        load_model(model_copy)
    assert file in str(err.value)
    with pytest.raises(ValueError, match=problem):
        SklearnTSC(model_copy).predict_contexts(contexts("Putin spoke.", "Putin"))


@pytest.mark.parametrize("damage, problem", [
    (lambda p: _rewrite_json(p, lambda m: m["vectors"].update(sha256="0" * 64)),
     "trained with word vectors 'glove-6b-100d-50k' of SHA-256 000000000000"),
    (lambda p: _rewrite_json(p, lambda m: (m["vectors"].update(name="glove-gone"),
                                           m["featurization"].update(vectors="glove-gone"))),
     "'glove-gone' are not shipped with this package"),
    (lambda p: _rewrite_json(p, lambda m: m["featurization"].update(vector_spans=["L6", "x"])),
     "vector_spans must list spans"),
    (lambda p: _rewrite_json(p, lambda m: m.update(version=1)), "needs version 2"),
    (lambda p: _rewrite_json(p, lambda m: m["featurization"].pop("weight_vectors")),
     "featurization lacks key.*weight_vectors"),
    (lambda p: _rewrite_npz(p, vectors_scale=None), "missing array.*vectors_scale"),
    (lambda p: _rewrite_npz(p, vectors_scale=np.zeros(400, np.float32)),
     "'vectors_scale' holds zeros"),
    (lambda p: _rewrite_npz(p, vectors_mean=np.zeros(300, np.float32)),
     "'vectors_mean' has shape"),
])
def test_damaged_vector_block_raises_a_clear_value_error(v2_copy, damage, problem):
    damage(v2_copy)
    with pytest.raises(ValueError, match=problem) as err:
        load_model(v2_copy)
    assert str(v2_copy) in str(err.value)


class _Trap:
    """Unpickling this sets a flag: proves that loading never unpickles."""

    def __reduce__(self):
        return (exec, ("import builtins; builtins._electionlens_unpickled = True",))


def test_object_array_is_refused_without_unpickling(model_copy):
    with np.load(model_copy / WEIGHTS_NPZ, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    trap = np.empty(1, dtype=object)
    trap[0] = _Trap()
    arrays["coef"] = trap
    np.savez_compressed(model_copy / WEIGHTS_NPZ, **arrays)   # pickles the object array
    with pytest.raises(ValueError, match=WEIGHTS_NPZ) as err:
        load_model(model_copy)
    assert "pickle" in str(err.value)
    assert not getattr(builtins, "_electionlens_unpickled", False)


# -- real data (../shared/data/newsmtsc) ---------------------------------------------------------

@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("name, params", [("sentiment-tsc-v2", {}),
                                          ("sentiment-tsc-v1", {"vectors": None})])
def test_retraining_reproduces_the_shipped_model(tmp_path, name, params):
    newsmtsc = shared_path("newsmtsc")
    shipped = load_model(shipped_model_path(name))
    out = train_from_newsmtsc(newsmtsc, tmp_path / "model", **params)
    again = load_model(out)
    a, b = shipped["metadata"], again["metadata"]
    assert b["training"]["sha256"] == a["training"]["sha256"]
    assert b["training"]["label_counts"] == a["training"]["label_counts"]
    assert b["featurization"] == a["featurization"] and b["params"] == a["params"]
    for which in ("dev_scores", "test_scores"):
        for split in ("rw", "mt"):
            for metric in ("macro_f1", "accuracy"):
                assert b[which][split][metric] == pytest.approx(a[which][split][metric],
                                                                abs=1e-9)


@pytest.mark.shared
# Acceptance asks rw >= 0.66 and mt >= 0.62 of the default. sklearn.tsc.v2 (the default) reaches
# 0.695 / 0.658 on test. v1, the default before it, reaches 0.667 / 0.619 and is asserted at
# what it reaches (retuning it after seeing test would have been tuning on test).
@pytest.mark.parametrize("scorer_class, split, minimum", [
    (SklearnTSC2, "hf-rw", 0.66), (SklearnTSC2, "hf-mt", 0.62),
    (SklearnTSC, "hf-rw", 0.66), (SklearnTSC, "hf-mt", 0.615)])
def test_shipped_model_macro_f1_on_newsmtsc_test(scorer_class, split, minimum):
    from sklearn.metrics import f1_score

    from analysis.evaluate import load_newsmtsc, newsmtsc_tables

    gold = load_newsmtsc(shared_path("newsmtsc", split, "test.jsonl"))
    out = scorer_class().score(*newsmtsc_tables(gold))
    assert len(out) == len(gold) and out["label"].notna().all()
    f1 = f1_score(gold["label"], out["label"], average="macro")
    assert f1 >= minimum, f"{split} test macro-F1 {f1:.3f} < {minimum}"


def test_evidence_is_words_a_reader_can_check():
    """Evidence grams like "to the" or "and" (real weights, but nothing to check in the
    sentence) are not shown; every gram has a content word or a negation."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from analysis.evaluate import newsmtsc_tables

    gold = pd.DataFrame({
        "sentence": ["Le Pen supported Russia's annexation of Crimea and called for an end to "
                     "the sanctions.", "Macron warned that Russia was trying to interfere in "
                     "the election.", "The EU is a club of the rich, he said to the crowd."],
        "mention": ["Russia", "Russia", "EU"], "start": [15, 13, 4], "end": [21, 19, 6]})
    gold["id"] = ["a", "b", "c"]
    out = SklearnTSC().score(*newsmtsc_tables(gold))
    grams = [g for ev in out["evidence"].dropna() for part in ev.split(" | ")
             for g in part.split(", ")]
    assert grams
    function = ENGLISH_STOP_WORDS - {"not", "no", "nor", "never"}
    assert all(any(w not in function and w != "<t>" for w in g.split()) for g in grams), grams


def test_train_from_a_folder_with_only_a_train_and_a_dev_file(tmp_path, capsys):
    """A researcher's own data in NewsMTSC's format has no multi-target split: training used to
    fail on the missing hf-mt/dev.jsonl. The model trains, records the dev scores it has, and
    evaluates from the command line."""
    from analysis.cli import main

    words = {1: ["praised", "welcomed", "thanked", "applauded"],
             -1: ["condemned", "attacked", "blamed", "denounced"],
             0: ["met", "visited", "called", "phoned"]}
    lines = []
    for i in range(90):
        pol = (1, -1, 0)[i % 3]
        sentence = f"Macron {words[pol][i % 4]} Putin in Paris on day {i}."
        lines.append(json.dumps({"sentence": sentence, "mention": "Putin",
                                 "from": sentence.index("Putin"),
                                 "to": sentence.index("Putin") + 5, "polarity": pol}))
    (tmp_path / "own" / "hf-rw").mkdir(parents=True)
    (tmp_path / "own" / "hf-rw" / "train.jsonl").write_text("\n".join(lines[:72]), "utf-8")
    (tmp_path / "own" / "hf-rw" / "dev.jsonl").write_text("\n".join(lines[72:]), "utf-8")
    assert main(["train", "sentiment", "--newsmtsc", str(tmp_path / "own"), "--out",
                 str(tmp_path / "m")]) == 0
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    assert meta["training"]["files"] == {"train": "hf-rw/train.jsonl",
                                         "dev": ["hf-rw/dev.jsonl"], "test": []}
    assert set(meta["dev_scores"]) == {"rw"} and meta["test_scores"] == {}
    assert meta["name"] == "sklearn.tsc.v2" and meta["vectors"]["name"] == DEFAULT_VECTORS
    assert main(["train", "sentiment", "--newsmtsc", str(tmp_path / "own"), "--out",
                 str(tmp_path / "m1"), "--no-vectors"]) == 0
    meta1 = json.loads((tmp_path / "m1" / "model.json").read_text())
    assert (meta1["name"], meta1["version"], "vectors" in meta1) == ("sklearn.tsc.v1", 1, False)
    capsys.readouterr()
    assert main(["evaluate", "sentiment", "--newsmtsc", str(tmp_path / "own" / "hf-rw" /
                                                           "dev.jsonl"),
                 "--scorer-option", f"model_path={tmp_path / 'm'}"]) == 0
    assert "macro-F1" in capsys.readouterr().out


def test_classification_metrics_refuses_lists_of_different_lengths():
    from analysis.evaluate import classification_metrics

    m = classification_metrics(["negative", "positive", "neutral"],
                               ["negative", None, "neutral"], n_boot=50)
    assert m["accuracy"] == pytest.approx(2 / 3) and m["n_unscored"] == 1
    # a prediction list one short scored the pairs it had, then failed with an IndexError
    with pytest.raises(ValueError, match="3 gold labels but 2 predictions"):
        classification_metrics(["negative", "positive", "neutral"], ["negative", "positive"])


def test_macro_f1_counts_a_class_predicted_but_not_in_the_gold():
    # it averaged over the gold's classes only: 0.833 here, where scikit-learn gives 0.556 (the
    # wrongly predicted "positive" has F1 0); small audit samples and bootstrap resamples that
    # miss a rare class came out too high
    from sklearn.metrics import f1_score

    from analysis.evaluate import classification_metrics, format_metrics

    gold = ["negative", "negative", "neutral", "neutral"]
    pred = ["negative", "positive", "neutral", "neutral"]
    m = classification_metrics(gold, pred, n_boot=50, ci=0.5)
    assert m["macro_f1"] == pytest.approx(f1_score(gold, pred, average="macro"))
    assert m["macro_f1"] == pytest.approx(5 / 9)
    # an unscored prediction is a wrong one, not a class of its own
    m2 = classification_metrics(gold, ["negative", None, "neutral", "neutral"], n_boot=50)
    assert m2["macro_f1"] == pytest.approx(f1_score(gold, ["negative", "x", "neutral", "neutral"],
                                                    labels=["negative", "neutral"],
                                                    average="macro"))
    assert "(50% CI " in format_metrics(m)   # it always said 95%
    for bad in ({"n_boot": 0}, {"ci": 95}):   # IndexError; numpy's quantile error
        with pytest.raises(ValueError, match="classification_metrics: (n_boot|ci) must be"):
            classification_metrics(gold, pred, **bad)
