import sys

import pandas as pd
import pytest

from analysis.evaluate import newsmtsc_tables
from analysis.scoring import OptionalDependencyError, get_scorer

pytest.importorskip("torch")
pytest.importorskip("transformers")

GOLD = pd.DataFrame({
    "sentence": ["I like Bert, but I hate Robert.", "I like Bert, but I hate Robert.",
                 "Putin praised the EU.", "The Kremlin denied it."],
    "mention": ["Bert", "Robert", "Putin", "Kremlin"],
    "start": [7, 24, 0, 4], "end": [11, 30, 5, 11],
})


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def test_scores_offline_from_a_local_path(tiny_sentiment_model):
    scorer = get_scorer("transformers.tsc.v1", model=str(tiny_sentiment_model), batch_size=3)
    out = scorer.score(*newsmtsc_tables(GOLD))
    assert len(out) == 4 and out["label"].isin(["negative", "neutral", "positive"]).all()
    assert out["score"].between(-1, 1).all() and out["confidence"].between(0, 1).all()
    assert scorer.metadata["device"] == "cpu"
    assert scorer.metadata["labels"] == {"0": "negative", "1": "neutral", "2": "positive"}


def test_batching_and_length_sorting_do_not_change_results(tiny_sentiment_model):
    m, s = newsmtsc_tables(GOLD)
    a = get_scorer("transformers.tsc.v1", model=str(tiny_sentiment_model), batch_size=1).score(m, s)
    b = get_scorer("transformers.tsc.v1", model=str(tiny_sentiment_model), batch_size=64).score(m, s)
    pd.testing.assert_series_equal(a["label"], b["label"])
    assert (a["score"] - b["score"]).abs().max() < 1e-5


def test_long_sentence_is_windowed_around_the_target(tiny_sentiment_model):
    filler = " ".join(["the campaign said"] * 200)
    sentence = f"{filler} Putin praised the EU. {filler}"
    start = sentence.index("Putin")
    gold = pd.DataFrame({"sentence": [sentence], "mention": ["Putin"], "start": [start],
                         "end": [start + 5]})
    scorer = get_scorer("transformers.tsc.v1", model=str(tiny_sentiment_model), max_length=32)
    tok = scorer._load()[0]
    window = scorer._window(tok, scorer._mark(sentence, start, start + 5), "Putin")
    assert "<t> Putin </t>" in window and len(tok.tokenize(window)) <= 32
    assert len(scorer.score(*newsmtsc_tables(gold))) == 1


def test_label_map_and_unknown_labels(tiny_nli_model):
    scorer = get_scorer("transformers.tsc.v1", model=str(tiny_nli_model))
    with pytest.raises(ValueError, match="pass label_map"):
        scorer.score(*newsmtsc_tables(GOLD))
    mapped = get_scorer("transformers.tsc.v1", model=str(tiny_nli_model),
                        label_map={"entailment": "positive", "neutral": "neutral",
                                   "contradiction": "negative"})
    assert len(mapped.score(*newsmtsc_tables(GOLD))) == 4


def test_needs_a_model_name():
    with pytest.raises(ValueError, match="needs model="):
        get_scorer("transformers.tsc.v1").score(*newsmtsc_tables(GOLD))


@pytest.mark.parametrize("model, error, message", [
    ("/no/such/model", FileNotFoundError, "model folder not found: /no/such/model"),
    ("./my-model", FileNotFoundError, "model folder not found: ./my-model"),
    # a hub name, offline and not cached: says so instead of huggingface_hub's repo-id error
    ("someorg/some-model", OSError, "cannot load model 'someorg/some-model' \\(not a local folder"),
])
def test_model_that_cannot_be_found_is_a_clear_error(model, error, message):
    scorer = get_scorer("transformers.tsc.v1", model=model, local_files_only=True)
    with pytest.raises(error, match=message):
        scorer.score(*newsmtsc_tables(GOLD))


def test_local_model_path_with_tilde(tiny_sentiment_model, monkeypatch):
    monkeypatch.setenv("HOME", str(tiny_sentiment_model.parent))
    scorer = get_scorer("transformers.tsc.v1", model="~/" + tiny_sentiment_model.name)
    assert len(scorer.score(*newsmtsc_tables(GOLD))) == 4


def test_missing_extra_names_the_pip_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "transformers", None)
    monkeypatch.delitem(sys.modules, "analysis.scoring.transformers", raising=False)
    with pytest.raises(OptionalDependencyError, match=r"pip install .*electionlens\[transformers\]"):
        get_scorer("transformers.tsc.v1", model="x")


def test_nli_stance_and_frames_offline(tiny_nli_model):
    claims = pd.DataFrame({
        "article_id": ["a", "a"], "sentence_id": [0, 1], "speaker": ["Le Pen", "author"],
        "speaker_actor": ["le_pen", None], "target_actor": ["russia", "eu"],
        "target_bloc": ["russia", "eu"], "stance": ["neutral"] * 2, "score": [0.0] * 2,
        "cue": ["said", "sentiment"], "quote": ["Russia is a great partner.", "Brussels failed."],
        "scorer": ["lexicon.stance.v1"] * 2, "language": ["en", "fr"],
    })
    nli = get_scorer("transformers.nli.v1", model=str(tiny_nli_model), threshold=0.0)
    out = nli.score(claims, None)
    assert out["stance"].isin(["favor", "against", "neutral"]).all()
    assert out["score"].between(-1, 1).all() and (out["scorer"] == "transformers.nli.v1").all()
    assert claims["scorer"].eq("lexicon.stance.v1").all()  # input untouched
    sentences = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1],
                              "text": ["The sanctions hurt the economy.", "Putin spoke."],
                              "language": ["en", "en"]})
    frames = get_scorer("transformers.nli.v1", model=str(tiny_nli_model), task="frames",
                        threshold=0.0, only_mention_sentences=False).score(None, sentences)
    assert {"frame", "narrative"} == set(frames["kind"])
    assert frames["sentence_id"].isna().any() and frames["score"].between(0, 1).all()


def test_nli_rejects_a_non_nli_model(tiny_sentiment_model):
    nli = get_scorer("transformers.nli.v1", model=str(tiny_sentiment_model))
    with pytest.raises(ValueError, match="is it an NLI model"):
        nli.entailment(["a"], ["b"])


def test_analyze_runs_a_transformers_model_given_as_an_option(tiny_sentiment_model, tiny_nli_model,
                                                               tmp_path, capsys):
    """The main job with a user's model: `electionlens analyze --scorer transformers.tsc.v1
    --scorer-option model=PATH` (and the NLI stance scorer), with the options in the manifest;
    the same from a study file; a misspelt option is a one-line error naming the scorer's
    options."""
    import json

    from conftest import DEMO

    from analysis.cli import main
    from analysis.pipeline import read_tables

    out = tmp_path / "run"
    assert main(["analyze", str(DEMO / "texts"), "--out", str(out),
                 "--scorer", "transformers.tsc.v1", "--scorer-option", f"model={tiny_sentiment_model}",
                 "--scorer-option", "batch_size=4", "--stance-scorer", "transformers.nli.v1",
                 "--stance-scorer-option", f"model={tiny_nli_model}"]) == 0
    tables = read_tables(out, tables=["sentiment", "claims"])
    assert set(tables["sentiment"]["scorer"].dropna()) == {"transformers.tsc.v1"}
    assert tables["sentiment"]["label"].notna().any()
    assert set(tables["claims"]["scorer"]) == {"transformers.nli.v1"}
    config = json.loads((out / "manifest.json").read_text())["config"]
    assert config["scorer_options"] == {"sentiment": {"model": str(tiny_sentiment_model),
                                                      "batch_size": 4},
                                        "stance": {"model": str(tiny_nli_model)}}

    study = tmp_path / "study.yaml"
    study.write_text(f"corpus: [{DEMO / 'texts'}]\nout: run2\nsentiment_scorer: transformers.tsc.v1\n"
                     f"scorer_options:\n  sentiment: {{model: {tiny_sentiment_model}, batch_size: 4}}\n")
    assert main(["analyze", "--config", str(study)]) == 0
    assert read_tables(tmp_path / "run2", tables=["sentiment"])["sentiment"].equals(
        tables["sentiment"])

    capsys.readouterr()
    assert main(["analyze", str(DEMO / "texts"), "--out", str(tmp_path / "bad"),
                 "--scorer", "transformers.tsc.v1", "--scorer-option", "model_path=x"]) == 2
    assert "scorer 'transformers.tsc.v1' has no option 'model_path' (its options: model, " \
        in capsys.readouterr().err


def test_evaluate_a_transformers_model_from_the_cli(tiny_sentiment_model, tmp_path):
    import json

    from analysis.cli import main

    items = [("Putin praised the deal.", "Putin", 1), ("The EU fined the bank.", "EU", -1),
             ("Macron met Merkel in Berlin.", "Merkel", 0)] * 3
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"sentence": s, "mention": m, "from": s.index(m),
                                        "to": s.index(m) + len(m), "polarity": p}) + "\n"
                            for s, m, p in items))
    assert main(["evaluate", "sentiment", "--newsmtsc", str(gold), "--scorer",
                 "transformers.tsc.v1", "--scorer-option", f"model={tiny_sentiment_model}",
                 "--json", str(tmp_path / "m.json")]) == 0
    metrics = json.loads((tmp_path / "m.json").read_text())
    assert metrics["scorer"] == "transformers.tsc.v1" and metrics["n"] == 9
