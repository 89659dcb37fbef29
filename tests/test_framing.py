import json
import re

import pandas as pd
import pytest
from conftest import TEST_DATA, shared_path

from analysis.actors import detect_mentions
from analysis.framing import (
    FRAME_IDS,
    LexiconFrameScorer,
    _compile_cue,
    _phrase_regex,
    _triggers,
    article_labels,
    load_labels,
    match_known_claims,
    score_frames,
)
from analysis.text import segment_sentences

FIXTURES = [json.loads(line) for line in
            (TEST_DATA / "frames_fixtures.jsonl").read_text("utf-8").splitlines() if line.strip()]
SCORER = LexiconFrameScorer()


def fired_labels(text: str, lang: str) -> set[str]:
    arts = pd.DataFrame({"article_id": ["x"], "text": [text], "language": [lang]})
    sents = segment_sentences(arts)
    frames = SCORER.score(detect_mentions(arts, sentences=sents), sents)
    return set(frames["frame"])


def test_resources_cover_the_taxonomy():
    labels = load_labels()
    frames = [lab.id for lab in labels if lab.kind == "frame"]
    narratives = [lab for lab in labels if lab.kind == "narrative"]
    assert tuple(frames) == FRAME_IDS
    assert len(narratives) >= 8
    for lab in labels:
        assert lab.cues.get("en") and lab.cues.get("fr") and lab.definition, lab.id
    for n in narratives:
        assert "semeval2025" in n.maps_to and "euvsdisinfo_keywords" in n.maps_to, n.id


def test_every_label_has_positive_and_negative_fixtures():
    ids = {lab.id for lab in load_labels()}
    for label in ids:
        cases = [f for f in FIXTURES if f["label"] == label]
        assert any(f["expected"] for f in cases) and any(not f["expected"] for f in cases), label


@pytest.mark.parametrize("case", FIXTURES, ids=[f["id"] for f in FIXTURES])
def test_fixture(case):
    assert (case["label"] in fired_labels(case["text"], case["lang"])) == case["expected"]


def test_cue_syntax():
    import re

    rx = re.compile(_phrase_regex("stolen (election|vote)|sanction* backfir*", "t"), re.I)
    assert rx.search("an election that was a stolen vote")
    assert rx.search("Sanctions backfired on Europe")
    assert not rx.search("sanctionsbackfire") and not rx.search("unstolen vote")


def test_cue_matches_only_at_word_starts_and_keeps_the_text_s_casing():
    # the lowered search drops the pattern's leading "not after a word character" guard and
    # checks it itself: an earlier occurrence inside a word must not stop it or be returned
    part = _compile_cue("vote* (rigged|stolen)|stolen vote", "t").parts[0]
    for text, expected in [("Devote stolen funds? No: a STOLEN VOTE.", "STOLEN VOTE"),
                           ("Votes rigged, they said", "Votes rigged"),
                           ("devotes stolen, outvote rigged", None),
                           ("(Vote stolen)", "Vote stolen"),
                           ("unstolen vote; stolen votes", None)]:
        assert part.find(text, text.lower(), set()) == expected, text
        full = part.regex.search(text)
        assert (full.group(0) if full else None) == expected, text


def _has_trigger(text: str, triggers) -> bool:
    toks = set(re.findall(r"\w+", text.lower()))
    return any(t[:-1] and any(w.startswith(t[:-1]) for w in toks) if t.endswith("*")
               else t in toks for t in triggers)


def test_cue_triggers_are_words_every_match_holds():
    # A sentence only tests the cues whose trigger words it contains, so a trigger that a match
    # can lack would silently drop the cue: check every shipped cue on every fixture sentence.
    assert _triggers("(russia|putin)-bashing|(russia|putin) bashing") == ("bashing",)
    assert _triggers("(un)fair") == ()          # "fair" is inside a longer word: no trigger
    checked = 0
    for label in load_labels():
        for cues in label.cues.values():
            for cue in cues:
                for part in cue.parts:
                    if part.regex is None or not part.triggers:
                        continue
                    for case in FIXTURES:
                        m = part.regex.search(case["text"])
                        if m:
                            checked += 1
                            assert _has_trigger(m.group(0), part.triggers), (cue.text, m.group(0))
    assert checked > 100
    # and no shipped cue has to be tried on every sentence
    assert all(not index[3] for index in SCORER._index.values())


def test_cue_search_on_lowered_text_finds_what_ignorecase_finds():
    # cues search the lowered sentence case-sensitively (faster); the evidence must still be
    # the sentence's own words, and text that lowering would shift (İ) or that re.IGNORECASE
    # folds otherwise (long s) falls back to the case-insensitive search
    from analysis.text import lowered_for_search

    texts = [c["text"] for c in FIXTURES]
    texts += [t.upper() for t in texts[:40]] + ["İ " + t for t in texts[:40]] + \
        [t.replace("s", "ſ") for t in texts[:40]]
    compared = lowered = 0
    for label in load_labels():
        for cue in label.cues.get("en", ()):
            for part in cue.parts:
                if part.regex is None:
                    continue
                for text in texts:
                    m = part.regex.search(text)
                    low = lowered_for_search(text)
                    assert part.find(text, low, set()) == (m.group(0) if m else None), \
                        (cue.text, text)
                    compared += m is not None
                    lowered += m is not None and low is not None and part.regex_lower is not None
    assert compared > 300 and lowered > 200


def test_frames_table_shape_and_evidence():
    sents = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
                          "language": ["en", "en", "en"],
                          "text": ["The sanctions hurt French farmers and the economy.",
                                   "Police arrested two men over the fraud.",
                                   "The weather was mild."]})
    out = score_frames(sents)
    assert list(out.columns) == ["article_id", "sentence_id", "frame", "kind", "score",
                                 "evidence", "scorer"]
    art = out[out["sentence_id"].isna()]
    assert set(art["article_id"]) == {"a"}
    assert art["score"].between(0, 1).all() and out["evidence"].str.len().gt(0).all()
    assert "economic" in article_labels(out)["a"]
    assert out.loc[out["frame"].eq("economic") & out["sentence_id"].eq(0), "evidence"].item()


def test_article_evidence_is_in_text_order_whatever_the_table_order():
    # the same article's sentences in another row order: the same rows, and the article-level
    # evidence lists its sentences' cues in text order
    sents = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2],
                          "language": ["en"] * 3,
                          "text": ["The economy shrank.", "The weather was mild.",
                                   "Unemployment rose and the budget deficit grew."]})
    ordered = score_frames(sents)
    shuffled = score_frames(sents.iloc[[2, 0, 1]])
    pd.testing.assert_frame_equal(shuffled, ordered)
    evidence = ordered.loc[ordered["sentence_id"].isna() & ordered["frame"].eq("economic"),
                           "evidence"].item()
    assert evidence == "The economy; Unemployment; budget deficit"


def test_a_regex_operator_in_a_cue_is_a_clear_error():
    """'more than they (have )?hurt' compiled to a literal '?' and never fired; the cue
    language has no such operator, so it is an error that says how to write it."""
    with pytest.raises(ValueError, match=r"narratives\.yaml: cue .* uses \?; .*alternatives"):
        _compile_cue(["sanction*", "more than they (have )?hurt (russia|moscow)"], "narratives.yaml")


def test_bad_cue_file_is_a_clear_error(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text("frames:\n  - id: economic\n    cues: {en: ['(unbalanced']}\n", "utf-8")
    with pytest.raises(ValueError, match="frames.yaml: frame 'economic'.*unbalanced"):
        load_labels(frames=path, kinds=("frame",))


def test_match_known_claims_cites_the_claim():
    claims = pd.DataFrame({"id": ["c1", "c2"], "summary": [
        "The French election was rigged by Brussels to stop Marine Le Pen.",
        "Western sanctions against Russia hurt European farmers more than Russia."]})
    sents = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": [
        "Some claim the French election was rigged by Brussels to stop Le Pen.",
        "The weather in Lyon was sunny on Sunday."]})
    out = match_known_claims(sents, claims, threshold=0.3)
    assert out["sentence_id"].tolist() == [0.0]
    assert out["evidence"].item().startswith("c1: The French election was rigged")
    assert (out["kind"] == "narrative").all()
    # a claim without text is left out (scikit-learn refused the whole list: "np.nan is an
    # invalid document"), and settings that matched nothing silently are refused
    gappy = pd.concat([claims, pd.DataFrame({"id": ["c3"], "summary": [None]})],
                      ignore_index=True)
    pd.testing.assert_frame_equal(match_known_claims(sents, gappy, threshold=0.3), out)
    with pytest.raises(ValueError, match="threshold is a cosine between 0 and 1, got 30"):
        match_known_claims(sents, claims, threshold=30)
    with pytest.raises(ValueError, match="top must be at least 1"):
        match_known_claims(sents, claims, top=0)
    with pytest.raises(FileNotFoundError, match="claims file not found: nope.csv"):
        match_known_claims(sents, "nope.csv")
    with pytest.raises(ValueError, match="kind must be 'frame' or 'narrative', got 'frames'"):
        article_labels(out, kind="frames")


@pytest.mark.shared
def test_match_known_claims_on_euvsdisinfo():
    path = shared_path("euvsdisinfo-cases-2015-2017", "full_dataset.csv")
    cases = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    text_col = next(c for c in cases.columns if c.lower() in ("summary", "disinformation_summary",
                                                            "claim", "title"))
    sample = cases[cases[text_col].str.len() > 60].head(300)
    # a sentence paraphrasing a known case matches it; an unrelated sentence does not
    target = sample[text_col].iloc[0]
    sents = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1],
                          "text": ["Reportedly, " + target[0].lower() + target[1:],
                                   "The bakery on the corner sells fresh bread every morning."]})
    out = match_known_claims(sents, sample, text_column=text_col, threshold=0.5)
    assert out["sentence_id"].tolist() == [0.0]


def test_cue_evidence_stops_at_a_closing_quote():
    # "word*" took the closing quote along: evidence "prison'" and "sanctions'"
    from analysis import score_frames, segment_sentences

    arts = pd.DataFrame({"article_id": ["c"], "text": [
        "Critics called the 'sanctions' absurd and said the EU was 'a prison' for France."]})
    sents = segment_sentences(arts)
    evidence = score_frames(sents, detect_mentions(arts, sentences=sents))["evidence"]
    words = {w for e in evidence.dropna() for part in e.split("; ") for w in part.split(" + ")}
    assert words and not any(w.endswith("'") for w in words)
    assert {"prison", "sanctions"} <= words


def test_unless_cues_veto_a_label(tmp_path):
    # a sentence that reports the claim as false is not the narrative ("no sign that the vote
    # was rigged" fired election_rigged)
    path = tmp_path / "narr.yaml"
    path.write_text(
        "narratives:\n"
        "  - id: rigged\n"
        "    cues: {en: ['vote was rigged']}\n"
        "    unless: {en: ['no (sign|evidence) that', ['denied', '{actor:russia}']]}\n",
        encoding="utf-8")
    scorer = LexiconFrameScorer(narratives=path, kinds=("narrative",))

    def fired(text):
        arts = pd.DataFrame({"article_id": ["x"], "text": [text], "language": ["en"]})
        sents = segment_sentences(arts)
        return set(scorer.score(detect_mentions(arts, sentences=sents), sents)["frame"])

    assert fired("The blogger wrote that the vote was rigged.") == {"rigged"}
    assert fired("Observers saw no sign that the vote was rigged.") == set()
    assert fired("Moscow denied that the vote was rigged.") == set()
    assert fired("The blogger denied nothing: the vote was rigged.") == {"rigged"}
    path.write_text("narratives:\n  - id: rigged\n    cues: {en: [rigged]}\n    unless: [no]\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="'unless' lists cues by language"):
        load_labels(narratives=path, kinds=("narrative",))


def test_languages_without_cues_are_said_and_duplicates_refused():
    text = "The sanctions hurt French farmers and the economy."
    sents = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": [0, 0, 0],
                          "language": ["en", "EN ", "de"], "text": [text, text, text]})
    # "EN" and "de" gave no rows and no word about it
    with pytest.warns(UserWarning, match=r"score_frames: 1 sentence\(s\) in languages the "
                                         r"scorer has no cues for \(de: 1\) were not scored"):
        f = score_frames(sents)
    assert set(f.loc[f["frame"].eq("economic"), "article_id"]) == {"a", "b"}
    with pytest.raises(ValueError, match="holds .*'a'.* more than once"):
        score_frames(pd.concat([sents, sents]))


def test_match_known_claims_reads_a_semicolon_export(tmp_path):
    # EUvsDisinfo exports are ";"-separated: pandas' ParserError ("Expected 6 fields in line 3")
    claims = tmp_path / "cases.csv"
    claims.write_text('"issue";"date";"summary"\n"82";"03.10.2017";"The EU is collapsing, '
                      'a Russian talk show host said; the euro will die."\n', encoding="utf-8")
    sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0],
                          "text": ["The EU is collapsing and the euro will die, the host said."]})
    got = match_known_claims(sents, claims, threshold=0.3)
    assert got["evidence"].str.contains("The EU is collapsing").all() and len(got) >= 1
    broken = tmp_path / "broken.csv"
    broken.write_text('summary,id\n"never closed,1\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"match_known_claims: cannot read .*broken.csv"):
        match_known_claims(sents, broken)
