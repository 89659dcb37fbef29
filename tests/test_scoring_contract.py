"""One contract over every registered scorer (sentiment, stance, frames): columns, dtypes, bounds,
determinism, empty input; for sentiment also languages it cannot score and opposite targets in
one sentence."""

import re

import pandas as pd
import pytest

from analysis.evaluate import newsmtsc_tables
from analysis.scoring import (
    CLAIM_COLUMNS,
    FRAME_COLUMNS,
    LABELS,
    SENTIMENT_COLUMNS,
    get_scorer,
    list_scorers,
)
from analysis.scoring.base import MentionSentimentScorer
from analysis.sentiment import score_sentiment

SENTIMENT_SCORERS = list_scorers("sentiment")["name"].tolist()

GOLD = pd.DataFrame({
    "sentence": ["I like Bert, but I hate Robert.", "I like Bert, but I hate Robert.",
                 "Critics slammed Putin for the brutal crackdown on protesters.",
                 "Macron praised the EU's generous support for farmers."],
    "mention": ["Bert", "Robert", "Putin", "EU"],
    "start": [7, 24, 16, 19], "end": [11, 30, 21, 21],
})


@pytest.fixture
def make_scorer(request):
    def make(name):
        if name.startswith("transformers."):
            pytest.importorskip("transformers")
            model = request.getfixturevalue("tiny_sentiment_model")
            return get_scorer(name, model=str(model))
        return get_scorer(name)
    return make


def test_registry_lists_the_scorers():
    assert {"lexicon.v1", "sklearn.tsc.v1", "sklearn.tsc.v2",
            "transformers.tsc.v1"} <= set(SENTIMENT_SCORERS)


@pytest.mark.parametrize("name", SENTIMENT_SCORERS)
def test_contract(name, make_scorer):
    scorer = make_scorer(name)
    assert scorer.name == name and scorer.task == "sentiment"
    mentions, sentences = newsmtsc_tables(GOLD)
    out = scorer.score(mentions, sentences)
    assert list(out.columns) == SENTIMENT_COLUMNS
    assert len(out) == len(GOLD)
    assert out["sentence_id"].dtype == "int64"
    assert out["score"].dtype == "float64" and out["confidence"].dtype == "float64"
    assert out["label"].isin(LABELS).all()
    assert out["score"].between(-1, 1).all() and out["confidence"].between(0, 1).all()
    assert (out["scorer"] == name).all() and out["reason"].isna().all()
    again = make_scorer(name).score(mentions, sentences)
    pd.testing.assert_frame_equal(out, again)
    # inputs are not mutated
    pd.testing.assert_frame_equal(mentions, newsmtsc_tables(GOLD)[0])


@pytest.mark.parametrize("name", SENTIMENT_SCORERS)
def test_empty_input(name, make_scorer):
    mentions, sentences = newsmtsc_tables(GOLD.iloc[:0])
    out = make_scorer(name).score(mentions, sentences)
    assert out.empty and list(out.columns) == SENTIMENT_COLUMNS


@pytest.mark.parametrize("name", [n for n in SENTIMENT_SCORERS if not n.startswith("transformers.")])
def test_other_languages_are_left_unscored_with_a_reason(name, make_scorer):
    mentions, sentences = newsmtsc_tables(GOLD)
    sentences = sentences.assign(language=["en", "fr", "en", "fr"])
    out = make_scorer(name).score(mentions, sentences)
    assert out["label"].isna().tolist() == [False, True, False, True]
    assert out.loc[1, "reason"] == f"language 'fr' not supported by {name}"
    assert out.loc[1, "score"] != out.loc[1, "score"]  # NaN


@pytest.mark.parametrize("name", [n for n in SENTIMENT_SCORERS if not n.startswith("transformers.")])
def test_opposite_targets_in_one_sentence(name, make_scorer):
    out = make_scorer(name).score(*newsmtsc_tables(GOLD))
    assert out["label"].tolist()[:2] == ["positive", "negative"]


def test_two_mentions_of_one_actor_in_a_sentence_give_one_row(make_scorer):
    sentences = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [48],
                              "text": ["Putin lied, and Putin's allies praised Putin."],
                              "language": ["en"]})
    mentions = pd.DataFrame({"article_id": ["a"] * 3, "sentence_id": [0] * 3, "actor": ["putin"] * 3,
                             "bloc": ["russia"] * 3, "start": [0, 16, 39], "end": [5, 21, 44]})
    scorer = make_scorer("sklearn.tsc.v2")
    out = scorer.score(mentions, sentences)
    assert len(out) == 1 and out.loc[0, "actor"] == "putin"
    assert len(out.loc[0, "evidence"].split(" | ")) >= 2
    # the mentions table in another row order: the same row, the evidence still in text order
    pd.testing.assert_frame_equal(scorer.score(mentions.iloc[[2, 0, 1]], sentences), out)


def test_tables_that_cannot_be_joined_are_a_clear_error():
    mentions, sentences = newsmtsc_tables(GOLD)
    scorer = get_scorer("lexicon.v1")
    twice = pd.concat([sentences, sentences.iloc[[1]]])
    with pytest.raises(ValueError, match=r"mention_contexts: sentences holds \{'article_id': .+, "
                                         r"'sentence_id': .+\} more than once"):
        scorer.score(mentions, twice)
    as_text = mentions.assign(sentence_id=mentions["sentence_id"].astype(str))
    with pytest.raises(ValueError, match="mentions and sentences cannot be joined on article_id, "
                                         "sentence_id .sentence_id: "):
        scorer.score(as_text, sentences)


@pytest.mark.parametrize("name", SENTIMENT_SCORERS)
def test_many_mentions_are_scored_in_bounded_batches(name, make_scorer, monkeypatch):
    """A chunk with more mentions than one batch (a text naming an actor on every line) gives
    the rows it gives in one batch, and no batch is larger than CONTEXT_BATCH."""
    import analysis.scoring.base as base

    mentions, sentences = newsmtsc_tables(pd.concat([GOLD] * 3, ignore_index=True))
    scorer = make_scorer(name)
    whole = scorer.score(mentions, sentences)
    sizes = []
    real = type(scorer).predict_contexts
    monkeypatch.setattr(type(scorer), "predict_contexts",
                        lambda self, ctx: (sizes.append(len(ctx)), real(self, ctx))[1])
    monkeypatch.setattr(base, "CONTEXT_BATCH", 5)
    pd.testing.assert_frame_equal(scorer.score(mentions, sentences), whole)
    assert sizes == [5, 5, 2]


# ----------------------------------------------------------------------------- stance and frames

STANCE_SCORERS = list_scorers("stance")["name"].tolist()
FRAMES_SCORERS = list_scorers("frames")["name"].tolist() + ["transformers.nli.v1:frames"]

CLAIMS = pd.DataFrame({
    "article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
    "speaker": ["Le Pen", "author", "Macron"], "speaker_actor": ["le_pen", None, "macron"],
    "target_actor": ["russia", "eu", "kremlin"], "target_bloc": ["russia", "eu", "russia"],
    "stance": ["neutral"] * 3, "score": [0.0] * 3, "cue": ["praised", "sentiment", "condemned"],
    "quote": ["Le Pen praised Russia as a reliable partner.", "Brussels failed the farmers.",
              "Macron condemned the Kremlin's interference."],
    "scorer": ["none"] * 3,
})
SENTENCES = pd.DataFrame({
    "article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0], "start": [0, 46, 0],
    "end": [45, 75, 45], "language": ["en"] * 3,
    "text": ["Le Pen praised Russia as a reliable partner.", "Brussels failed the farmers.",
             "Macron condemned the Kremlin's interference."],
})


@pytest.fixture
def make_task_scorer(request, tmp_path):
    def make(name):
        if name.startswith("transformers."):
            pytest.importorskip("transformers")
            model = str(request.getfixturevalue("tiny_nli_model"))
            task = "frames" if name.endswith(":frames") else "stance"
            return get_scorer("transformers.nli.v1", model=model, task=task, threshold=0.0,
                              only_mention_sentences=False) if task == "frames" else \
                get_scorer("transformers.nli.v1", model=model, task=task)
        if name == "sklearn.frames.v1":
            from analysis.scoring.frames_model import save_frames_model, train_frames

            texts = ["The budget deficit widened as taxes fell and inflation rose."] * 6 + \
                    ["Police arrested the suspect after the robbery and the fraud."] * 6
            model = train_frames(texts, [["economic"]] * 6 + [["crime_and_punishment"]] * 6,
                                 seed=3, inner_folds=2)
            return get_scorer(name, model_path=save_frames_model(model, tmp_path / "m"))
        return get_scorer(name)
    return make


@pytest.mark.parametrize("name", STANCE_SCORERS)
def test_stance_contract(name, make_task_scorer):
    scorer = make_task_scorer(name)
    out = scorer.score(CLAIMS, SENTENCES)
    assert set(CLAIM_COLUMNS) <= set(out.columns) and len(out) == len(CLAIMS)
    assert out["stance"].isin(["against", "neutral", "favor"]).all()
    assert out["score"].between(-1, 1).all() and (out["scorer"] == scorer.name).all()
    pd.testing.assert_frame_equal(out, make_task_scorer(name).score(CLAIMS, SENTENCES))
    assert CLAIMS["scorer"].eq("none").all()  # input not mutated
    assert len(scorer.score(CLAIMS.iloc[:0], SENTENCES.iloc[:0])) == 0


@pytest.mark.parametrize("name", FRAMES_SCORERS)
def test_frames_contract(name, make_task_scorer):
    scorer = make_task_scorer(name)
    out = scorer.score(None, SENTENCES)
    assert list(out.columns) == FRAME_COLUMNS
    assert out["kind"].isin(["frame", "narrative"]).all() and out["score"].between(0, 1).all()
    assert out["sentence_id"].dtype == "float64" and out["evidence"].map(bool).all()
    pd.testing.assert_frame_equal(out, make_task_scorer(name).score(None, SENTENCES))
    empty = scorer.score(None, SENTENCES.iloc[:0])
    assert empty.empty and list(empty.columns) == FRAME_COLUMNS


@pytest.mark.parametrize("options, message", [
    ({"scale": -1}, "option 'scale' must be above 0, got -1"),   # flipped every label
    ({"decay": 0}, "option 'decay' must be above 0, got 0"),     # ZeroDivisionError
    ({"neutral_band": 5}, r"option 'neutral_band' must be in \[0, 1\), got 5"),  # all neutral
    ({"decay": "abc"}, "option 'decay' must be a number, got 'abc'"),            # TypeError
    ({"decay": True}, "option 'decay' must be a number, got True"),
])
def test_a_scorer_option_out_of_range_or_of_the_wrong_kind_is_named(options, message):
    with pytest.raises(ValueError, match=rf"^scorer 'lexicon.v1': {message}$"):
        get_scorer("lexicon.v1", **options)


@pytest.mark.parametrize("name, options, need", [
    ("sklearn.tsc.v2", {"model_path": True}, "a path, got True"),
    ("sklearn.stance.v1", {"model_path": {}}, r"a path, got \{\}"),
    ("transformers.tsc.v1", {"model": [1]}, r"text \(a name or path\), got \[1\]"),
])
def test_a_path_or_name_option_of_another_kind_is_named(name, options, need):
    # `--scorer-option model_path=true` (values are read as JSON) gave Python's TypeError
    key = next(iter(options))
    with pytest.raises(ValueError, match=rf"^scorer '{name}': option '{key}' must be {need}$"):
        get_scorer(name, **options)


def test_a_number_given_for_a_path_option_is_that_path(tmp_path, monkeypatch):
    # `--scorer-option model_path=2017` arrives as the int 2017 (values are read as JSON)
    import shutil

    from analysis.scoring.sklearn import shipped_model_path

    shutil.copytree(shipped_model_path(), tmp_path / "2017")
    monkeypatch.chdir(tmp_path)
    assert get_scorer("sklearn.tsc.v2", model_path=2017).metadata["name"] == "sklearn.tsc.v2"


def test_a_scorer_of_another_task_is_named_before_anything_runs(tmp_path, capsys):
    # it failed after ingest with "output of scorer lexicon.frames.v1: missing required
    # column(s): actor, bloc, ..." or "mentions: missing required column(s): actor, start, end"
    from analysis.cli import main
    from analysis.pipeline import analyze
    from analysis.scoring import scorer_for

    for kw, message in [({"scorer": "lexicon.frames.v1"}, "is a frames scorer, not a sentiment"),
                        ({"stance_scorer": "sklearn.tsc.v2"}, "is a sentiment scorer, not a stance"),
                        ({"frames_scorer": "lexicon.v1"}, "is a sentiment scorer, not a frames")]:
        with pytest.raises(ValueError, match=message):
            analyze(tmp_path / "nowhere.jsonl", **kw)   # before the missing input is noticed
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "1", "text": "Putin.", "claims": []}\n', "utf-8")
    assert main(["evaluate", "claims", "--gold", str(gold), "--scorer", "sklearn.tsc.v2"]) == 2
    assert "scorer 'sklearn.tsc.v2' is a sentiment scorer, not a stance one" in \
        capsys.readouterr().err
    # the zero-shot NLI scorer serves frames when told so (its model loads on first use)
    pytest.importorskip("transformers")
    assert scorer_for("frames", "transformers.nli.v1", task="frames").task == "frames"
    with pytest.raises(ValueError, match="is a stance scorer, not a frames one"):
        scorer_for("frames", "transformers.nli.v1")


def test_evidence_names_only_what_a_reader_can_find():
    # sklearn.tsc.v2 cited "<t> said" (its mask of the target); lexicon.v1 listed words of
    # other clauses that weighed nothing ("prison (-0.00)")
    from analysis.evaluate import newsmtsc_tables

    gold = pd.DataFrame({"sentence": ['Macron said: "Russia lies."',
                                      "The EU failed, but Putin praised the talks."],
                         "mention": ["Macron", "Putin"], "start": [0, 16], "end": [6, 21]})
    mentions, sentences = newsmtsc_tables(gold)
    tsc = get_scorer("sklearn.tsc.v2").score(mentions, sentences)["evidence"].dropna()
    assert not tsc.str.contains("<t>").any() and tsc.str.contains(r"\[target\]").any()
    lex = get_scorer("lexicon.v1").score(mentions, sentences)["evidence"].dropna()
    assert not lex.str.contains(r"\(\+0\.00\)|\(-0\.00\)").any()


def test_list_scorers_names_an_unknown_task():
    # list_scorers("tone") returned an empty table, read as "no scorers"
    with pytest.raises(ValueError, match="unknown task 'tone'; tasks: frames, sentiment, stance"):
        list_scorers("tone")


@pytest.mark.parametrize("name", ["lexicon.v1", "sklearn.tsc.v2"])
def test_an_actor_named_twice_gets_a_label_its_score_agrees_with(name):
    # the label of the most confident mention beside the mean score: "neutral, -0.67" for the
    # EU below, "negative, +0.29" for Russia
    texts = ["The EU announced a plan; the EU is a disaster and the EU failed.",
             "Putin is a wonderful hero, Putin is a liar, Putin is a cheat.",
             "Russia praised the deal, and Russia is a wonderful friend, but Russia lied and "
             "cheated and murdered."]
    names = ["EU", "Putin", "Russia"]
    sentences = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": 0, "start": 0,
                              "end": [len(t) for t in texts], "text": texts, "language": "en"})
    rows = [(aid, m.start(), m.end()) for aid, t, n in zip("abc", texts, names)
            for m in re.finditer(n, t)]
    mentions = pd.DataFrame({"article_id": [r[0] for r in rows], "sentence_id": 0,
                             "actor": "x", "bloc": "x", "start": [r[1] for r in rows],
                             "end": [r[2] for r in rows]})
    out = get_scorer(name).score(mentions, sentences)
    assert len(out) == 3
    for label, score in zip(out["label"], out["score"]):
        assert (label == "positive") == (score > 0) or label == "neutral", (label, score)
        assert (label == "negative") == (score < 0) or label == "neutral", (label, score)
        assert label != "neutral" or abs(score) < 0.5, (label, score)
    assert out.loc[0, "label"] == "negative"   # the EU is a disaster, not a neutral plan


def test_negated_evidence_quotes_the_sentence():
    # "NEG_with" was shown as "not with", "NEG_the" as "not the": phrases nowhere in the text
    gold = pd.DataFrame({"sentence": ["Putin is never honest with the EU."],
                         "mention": ["Putin"], "start": [0], "end": [5]})
    evidence = get_scorer("sklearn.tsc.v2").score(*newsmtsc_tables(gold))["evidence"].iloc[0]
    text = "putin is never honest with the eu."
    for item in evidence.split(", "):
        words = item.removesuffix(" (negated)").replace("[target]", "putin")
        assert words in text, item
    assert "(negated)" in evidence and "not the" not in evidence


@pytest.mark.parametrize("start, end", [(24, 26), (4, 6)])
def test_a_mention_outside_its_sentence_is_an_error(start, end):
    # the EU was scored on "Putin is a tyrant." (negative, evidence "putin, tyrant")
    sentences = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "start": [0, 20],
                              "end": [18, 49], "language": "en",
                              "text": ["Putin is a tyrant.", "The EU is wonderful and kind."]})
    mentions = pd.DataFrame({"article_id": ["a"], "sentence_id": [0 if start > 20 else 1],
                             "actor": ["eu"], "bloc": ["eu"], "start": [start], "end": [end]})
    with pytest.raises(ValueError, match=rf"article 'a', sentence \d: the mention at {start}-{end} "
                                         r"is not inside its sentence"):
        score_sentiment(mentions, sentences, scorer="lexicon.v1")


def test_lexicon_masks_every_actor_named_and_keeps_zero_neutral():
    # "intelligence" (of Russian military intelligence) made the EU "positive +0.82"; with
    # neutral_band=0 a score of 0 was "positive"; options beside a scorer object were dropped
    from analysis.actors import detect_mentions
    from analysis.scoring.lexicon import LexiconScorer
    from analysis.text import segment_sentences

    texts = ["Russian military intelligence targeted the EU.", "Putin met Macron on Monday."]
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": texts, "language": "en"})
    sents = segment_sentences(arts)
    ments = detect_mentions(arts, sentences=sents)
    out = score_sentiment(ments, sents, scorer="lexicon.v1", neutral_band=0)
    assert set(out["label"]) == {"neutral"} and (out["score"] == 0).all()
    with pytest.raises(TypeError, match="options neutral_band go with a scorer name"):
        score_sentiment(ments, sents, scorer=LexiconScorer(), neutral_band=0.5)


def test_lexicon_reads_a_curly_apostrophe_as_a_straight_one():
    texts = ["The EU isn\u2019t corrupt.", "The EU isn't corrupt."]
    sents = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": 0, "start": 0,
                          "end": [len(t) for t in texts], "text": texts, "language": "en"})
    ments = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": 0, "actor": "eu", "bloc": "eu",
                          "start": 4, "end": 6})
    out = score_sentiment(ments, sents, scorer="lexicon.v1")
    assert out["label"].tolist() == ["positive", "positive"]
    assert out.loc[0, "score"] == out.loc[1, "score"]


def test_article_sentiment_keeps_every_article_and_actor():
    from analysis.sentiment import article_sentiment

    s = pd.DataFrame({"article_id": ["a", "a", "a", "b", "b", "c"],
                      "actor": ["eu", "eu", "putin", "eu", "eu", None],
                      "bloc": ["eu", "eu", "russia", "eu", "eu", "eu"],
                      "label": ["negative", "positive", None, None, None, "neutral"],
                      "score": [-0.8, 0.4, None, None, None, 0.0]})
    got = article_sentiment(s).set_index(["article_id", "actor"])
    # a pair with only unscored rows (French sentences, an English scorer) was dropped and
    # counted nowhere; the docstring said it was counted in n_unscored
    assert got.loc[("a", "eu"), ["n_sentences", "n_unscored"]].tolist() == [2, 0]
    assert got.loc[("a", "eu"), "mean_score"] == pytest.approx(-0.2)
    assert got.loc[("b", "eu"), ["n_sentences", "n_unscored"]].tolist() == [0, 2]
    assert pd.isna(got.loc[("b", "eu"), "mean_score"]) and got.loc[("b", "eu"), "label"] is None
    assert got.loc[("a", "putin"), "n_unscored"] == 1
    assert len(got) == 4   # the row without an actor too
    assert article_sentiment(s, by="bloc")["n_unscored"].sum() == 3
    with pytest.raises(ValueError, match="article_sentiment: score must be numbers, got "):
        article_sentiment(s.assign(score=s["score"].astype(str)))


class _Fixed(MentionSentimentScorer):
    """A plug-in returning what it is given (to test what the base accepts)."""

    name = "test.fixed.v1"

    def __init__(self, label="positive", score=0.5, drop=0):
        self.label, self.value, self.drop = label, score, drop

    def predict_contexts(self, ctx):
        n = len(ctx) - self.drop
        return pd.DataFrame({"label": [self.label] * n, "score": [self.value] * n,
                             "confidence": [0.9] * n, "evidence": [None] * n})


def _one_mention():
    sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [20],
                          "text": ["Putin spoke in Paris"], "language": ["en"]})
    ments = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "actor": ["putin"],
                          "bloc": ["russia"], "surface": ["Putin"], "start": [0], "end": [5]})
    return ments, sents


def test_what_a_plugged_in_scorer_returns_is_checked():
    ments, sents = _one_mention()
    assert score_sentiment(ments, sents, scorer=_Fixed())["label"].tolist() == ["positive"]
    # "POS" and 3.0 were taken as they came (3.0 clipped to 1 without a word); a row too few
    # raised pandas' "Must have equal len keys and value"
    with pytest.raises(ValueError, match=r"scorer test.fixed.v1: label 'POS' is not one of "
                                         r"negative/neutral/positive \(1 row"):
        score_sentiment(ments, sents, scorer=_Fixed(label="POS"))
    with pytest.raises(ValueError, match=r"scorer test.fixed.v1: score 3.0 is outside \[-1, 1\]"):
        score_sentiment(ments, sents, scorer=_Fixed(score=3.0))
    with pytest.raises(ValueError, match=r"scorer test.fixed.v1: predict_contexts returned 0 "
                                         r"row\(s\) for 1 mention\(s\)"):
        score_sentiment(ments, sents, scorer=_Fixed(drop=1))

    class Thin:   # any object with score(): its rows must be the mentions' (sentence, actor)s
        name = "test.thin.v1"

        def score(self, mentions, sentences):
            return _Fixed().score(mentions, sentences).iloc[:0]

    with pytest.raises(ValueError, match=r"scorer test.thin.v1: 1 \(sentence, actor\) of the "
                                         r"mentions has no row"):
        score_sentiment(ments, sents, scorer=Thin())


def test_what_a_plugged_in_stance_scorer_returns_is_checked():
    from analysis.actors import detect_mentions
    from analysis.attribution import extract_claims
    from analysis.text import segment_sentences

    arts = pd.DataFrame({"article_id": ["a"], "text": ["Le Pen praised Putin."]})
    sents = segment_sentences(arts)
    ments = detect_mentions(arts, sentences=sents)

    class Odd:
        name = "test.odd.v1"

        def __init__(self, stance="FAVOUR", score=0.5, keep=None):
            self.stance, self.value, self.keep = stance, score, keep

        def score(self, claims, sentences):
            return claims.assign(stance=self.stance, score=self.value, scorer=self.name) \
                .iloc[:self.keep]

    assert extract_claims(arts, ments, sents, scorer=Odd("favor"))["stance"].tolist() == ["favor"]
    with pytest.raises(ValueError, match=r"scorer test.odd.v1: stance 'FAVOUR' is not one of "
                                         r"against/neutral/favor"):
        extract_claims(arts, ments, sents, scorer=Odd())
    with pytest.raises(ValueError, match=r"scorer test.odd.v1: score 5.0 is outside \[-1, 1\]"):
        extract_claims(arts, ments, sents, scorer=Odd("favor", 5.0))
    with pytest.raises(ValueError, match=r"scorer test.odd.v1: returned 0 row\(s\) for 1 "
                                         r"claim\(s\)"):
        extract_claims(arts, ments, sents, scorer=Odd("favor", keep=0))


def test_sentences_without_a_language_are_said_to_be_taken_as_english():
    # French sentences were scored by the English model without a word
    ments, sents = _one_mention()
    with pytest.warns(UserWarning, match="score_sentiment: sentences has no language column: "
                                         "every sentence is taken as English"):
        score_sentiment(ments, sents.drop(columns="language"), scorer=_Fixed())
