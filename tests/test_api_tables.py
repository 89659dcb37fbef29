"""Tables handed to the public functions must fit together: the same kind of article id, the
same articles and the same segmentation. Mixed tables were joined into silently empty or thin
output (0 claims for 594, a third of the narratives, no evidence)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.actors import detect_mentions
from analysis.attribution import extract_claims
from analysis.framing import score_frames
from analysis.report import evidence_sentences
from analysis.sentiment import score_sentiment
from analysis.text import segment_sentences

TEXTS = ["Marine Le Pen praised Vladimir Putin. She said the EU sanctions were a disaster.",
         "Macron condemned the Kremlin. The European Commission called Russia a threat to peace."]


@pytest.fixture(scope="module")
def tables():
    articles = pd.DataFrame({"article_id": [0, 1], "text": TEXTS, "language": "en",
                             "published": pd.to_datetime(["2017-03-01", "2017-03-02"]),
                             "outlet": "x", "duplicate_of": None})
    sentences = segment_sentences(articles)
    mentions = detect_mentions(articles, sentences=sentences)
    return articles, sentences, mentions


def as_text(df):
    return df.assign(article_id=df["article_id"].astype(str))


def test_ids_of_different_kinds_are_refused(tables):
    articles, sentences, mentions = tables
    assert len(extract_claims(articles, mentions, sentences)) >= 4
    kinds = r"article_id holds numbers in articles, text in mentions, text in sentences"
    with pytest.raises(ValueError, match=rf"extract_claims: {kinds}.*astype\(str\)"):
        extract_claims(articles, as_text(mentions), as_text(sentences))
    with pytest.raises(ValueError, match="score_frames: article_id holds text in sentences, "
                                         "numbers in mentions"):
        score_frames(as_text(sentences), mentions)
    with pytest.raises(ValueError, match="detect_mentions: article_id holds numbers in articles, "
                                         "text in sentences"):
        detect_mentions(articles, sentences=as_text(sentences))
    sentiment = score_sentiment(mentions, sentences, scorer="lexicon.v1")
    with pytest.raises(ValueError, match="evidence_sentences: article_id holds"):
        evidence_sentences(sentiment, mentions, sentences, as_text(articles), bloc="eu",
                           direction="negative")
    # the same kind throughout is fine, text or numbers
    assert len(extract_claims(as_text(articles), as_text(mentions), as_text(sentences))) == \
        len(extract_claims(articles, mentions, sentences))


def test_mentions_of_sentences_not_given_are_refused(tables):
    articles, sentences, mentions = tables
    # every article was read as one sentence numbered 0: more claims, wrong sentence ids
    with pytest.raises(ValueError, match=r"extract_claims: \d+ mention\(s\) name a sentence that "
                                         r"sentences lacks \(article 0, sentence 0\)"):
        extract_claims(articles, mentions, sentences.iloc[:0])
    with pytest.raises(ValueError, match=r"score_frames: \d+ mention\(s\) name a sentence"):
        score_frames(sentences[sentences["sentence_id"] == 0], mentions)


def test_sentences_of_another_version_of_the_text_are_refused(tables):
    articles, sentences, mentions = tables
    edited = articles.assign(text="Intro. " + articles["text"])
    with pytest.raises(ValueError, match=r"detect_mentions: sentence 1 of article 0 is not the "
                                         r"article's text at \d+-\d+ .*run segment_sentences"):
        detect_mentions(edited, sentences=sentences)
    with pytest.raises(ValueError, match="extract_claims: sentence 1 of article 0 is not the "):
        extract_claims(edited, mentions, sentences)
    # articles the sentences leave out are still segmented on the fly, as documented
    more = pd.concat([articles, pd.DataFrame({"article_id": [2], "text": [TEXTS[0]]})])
    assert set(detect_mentions(more, sentences=sentences)["article_id"]) == {0, 1, 2}


def test_a_missing_sentence_id_is_named(tables):
    articles, sentences, mentions = tables
    holed = mentions.astype({"sentence_id": "float64"})
    holed.loc[holed.index[0], "sentence_id"] = float("nan")
    with pytest.raises(ValueError, match=r"extract_claims: mentions has no sentence_id in 1 row"):
        extract_claims(articles, holed, sentences)
    with pytest.raises(ValueError, match=r"score_frames: mentions has no sentence_id in 1 row"):
        score_frames(sentences, holed)


def test_plausible_mistakes_get_errors_that_say_what_to_do(tables, tmp_path):
    from analysis.corpus import load_corpus
    from analysis.framing import match_known_claims

    articles, sentences, mentions = tables
    # "input not found: article_id": the DataFrame's column names were read as paths
    with pytest.raises(TypeError, match=r"load_corpus reads files: save the DataFrame first"):
        load_corpus(articles)
    # AttributeError: 'str' object has no attribute 'find'
    with pytest.raises(TypeError, match=r"detect_mentions: registry must be an ActorRegistry, "
                                        r"got the path 'mine.yaml': pass "
                                        r"ActorRegistry.from_yaml\('mine.yaml'\)"):
        detect_mentions(articles, "mine.yaml")
    with pytest.raises(TypeError, match="detect_mentions: sentences must be a pandas DataFrame"):
        detect_mentions(articles, sentences=sentences.to_dict("records"))
    # KeyError: 'ID', and pandas' "Invalid file path or buffer object type"
    claims = pd.DataFrame({"id": ["c1"], "summary": ["The EU sanctions are a disaster."]})
    with pytest.raises(ValueError, match=r"match_known_claims: id_column 'ID' is not a column "
                                         r"of the claims; found: id, summary"):
        match_known_claims(sentences, claims, id_column="ID")
    with pytest.raises(TypeError, match="match_known_claims: claims must be a DataFrame or a "
                                        "CSV file's path, got list"):
        match_known_claims(sentences, claims.to_dict("records"))
    # pandas' IntCastingNaNError from deep inside score_sentiment
    holed = mentions.astype({"start": "float64"})
    holed.loc[holed.index[0], "start"] = float("nan")
    with pytest.raises(ValueError, match=r"mentions: 1 mention\(s\) have no start offset"):
        score_sentiment(holed, sentences, scorer="lexicon.v1")
