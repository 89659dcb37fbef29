import pandas as pd
import pytest

from analysis.text import lowered_for_search, lowered_pattern, segment_sentences, split_sentences


def sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Putin arrived. Mrs. Le Pen waited.", ["Mr. Putin arrived.", "Mrs. Le Pen waited."]),
        ("The U.S. and the E.U. disagreed on Jan. 5. Talks resumed.",
         ["The U.S. and the E.U. disagreed on Jan. 5.", "Talks resumed."]),
        ("She met St. Petersburg officials. Dr. Ivanov spoke.",
         ["She met St. Petersburg officials.", "Dr. Ivanov spoke."]),
        ("J. R. Smith wrote it. Nobody read it.", ["J. R. Smith wrote it.", "Nobody read it."]),
        ("M. Macron et Mme Le Pen ont débattu. Le vote a lieu dimanche.",
         ["M. Macron et Mme Le Pen ont débattu.", "Le vote a lieu dimanche."]),
        ('"We will win!" she said. Then she left.', ['"We will win!" she said.', "Then she left."]),
        ('"Sanctions hurt us. They must go," Le Pen said.',
         ['"Sanctions hurt us.', 'They must go," Le Pen said.']),
        ("The vote — a close one — ended. Was it fair? Yes!",
         ["The vote — a close one — ended.", "Was it fair?", "Yes!"]),
        ("Il a dit : « Non. » Puis il est parti.", ["Il a dit : « Non. »", "Puis il est parti."]),
        ("First paragraph without a period\n\nSecond paragraph.",
         ["First paragraph without a period", "Second paragraph."]),
        ("Turnout was 77.8 per cent. Results came at 8 p.m. on Sunday.",
         ["Turnout was 77.8 per cent.", "Results came at 8 p.m. on Sunday."]),
        # French abbreviations split sentences; a unit after a number joined two
        ("MM. Fillon et Hamon ont parlé le 23 avr. 2017 de l'art. 50 du traité.",
         ["MM. Fillon et Hamon ont parlé le 23 avr. 2017 de l'art. 50 du traité."]),
        ("Le meeting a commencé à 20 h. Marine Le Pen a dénoncé l'UE.",
         ["Le meeting a commencé à 20 h.", "Marine Le Pen a dénoncé l'UE."]),
        ("It measured 5 mm. Works of art. The EU replied.",
         ["It measured 5 mm.", "Works of art.", "The EU replied."]),
    ],
)
def test_split_sentences(text, expected):
    assert sents(text) == expected


def test_offsets_index_the_text():
    text = "  Putin spoke.   The EU replied!\n\n\"Fine,\" said Tusk.  "
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip() and text[s:e]
    assert sents(text) == ["Putin spoke.", "The EU replied!", '"Fine," said Tusk.']


def test_segment_sentences_table():
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": ["One. Two.", "Three."]})
    out = segment_sentences(arts)
    assert out.columns.tolist() == ["article_id", "sentence_id", "start", "end", "text"]
    assert out["sentence_id"].tolist() == [0, 1, 0]
    assert (out["text"] == [t[s:e] for t, s, e in zip(
        arts.set_index("article_id").loc[out["article_id"], "text"], out["start"], out["end"])]).all()


def test_segment_sentences_names_missing_columns():
    with pytest.raises(ValueError, match="text"):
        segment_sentences(pd.DataFrame({"article_id": ["a"]}))


@pytest.mark.parametrize("text, lowered", [
    ("Putin SAID", "putin said"),
    ("\u0130stanbul", None),          # lowering adds a combining dot: offsets would move
    ("Mo\u017fcow", None),             # long s: IGNORECASE matches it to "s", lower() does not
    ("Moscow \u0131s", None),          # dotless i, likewise
    ("\u03c0\u03bf\u03bb\u03b9\u03c2", None),  # final sigma: IGNORECASE matches it to sigma
    ("Kremlin caf\u00e9", "kremlin caf\u00e9"),
])
def test_lowered_for_search_keeps_offsets_or_declines(text, lowered):
    assert lowered_for_search(text) == lowered


def test_lowered_pattern_finds_what_ignorecase_finds():
    import re
    pattern = r"(?<![\w])(?:kremlin|putin|call(?:s|ed)? for)(?![\w])"
    fast, slow = lowered_pattern(pattern), re.compile(pattern, re.IGNORECASE)
    for text in ["The KREMLIN and Putin", "recalled for Putin's", "PUTINS calls FOR calm"]:
        assert [m.span() for m in fast.finditer(lowered_for_search(text))] == \
            [m.span() for m in slow.finditer(text)]
    assert lowered_pattern(r"\S+ Putin") is None   # lowering would turn \S into \s


def test_word_list_is_findall_of_word_characters():
    r"""The ASCII fast path of word_list (dedupe shingles, frame triggers) must give the very
    tokens, in order, of re.findall(r"\w+"): every ASCII character, and mixed-script text."""
    import random
    import re

    from analysis.text import word_list

    every_ascii = "".join(map(chr, range(128)))
    rnd = random.Random(5)
    alphabet = every_ascii + "éÉßİıﬁ٣_ –—’«»\u00a0\u200b中\ud83d"
    samples = [every_ascii, every_ascii[::-1], "", "   ", "Le Pen's run-off: 2017_v2 (won't)",
               "Macron\tand\nPutin\x0bmet\x1fin\x7fParis"]
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60)))
                for _ in range(3000)]
    for text in samples:
        assert word_list(text) == re.findall(r"\w+", text), repr(text)
    assert word_list("Mr_X said: a1 b2") == ["Mr_X", "said", "a1", "b2"]


def test_text_without_sentence_punctuation_is_cut_into_bounded_pieces():
    """A table, a list or a PDF extraction with no full stop for a megabyte was one "sentence",
    and the per-sentence work downstream (sentiment features) took minutes and all memory."""
    from analysis.text import MAX_SENTENCE_CHARS

    clause = "Putin met the Commission in Brussels, "  # 38 characters, a comma each
    text = clause * 200 + "word " * 1000
    spans = split_sentences(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    assert all(text[s:e] and text[s:e] == text[s:e].strip() for s, e in spans)
    assert text[spans[0][0]:spans[0][1]].endswith(",")  # cut after a comma where there is one
    covered = set().union(*(range(s, e) for s, e in spans))
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())  # nothing lost
    assert split_sentences("x" * 7000) == [(0, 3000), (3000, 6000), (6000, 7000)]
    real = "A long but real sentence, " * 60 + "ends here."  # 1,570 characters: kept whole
    assert split_sentences(real) == [(0, len(real))]


def test_a_double_slash_between_claims_ends_a_sentence():
    """EUvsDisinfo joins separate claims with ' // ': 'Siberia. // The US wants ...' was one
    sentence, so 'Siberia. // The US' became a speaker. A URL's '//' is no break."""
    t = ("The true cradle of humankind is not Africa but Siberia. // The US wants to destroy "
         "Russia // Europe is dying. See http://example.com/a for more.")
    assert [t[s:e] for s, e in split_sentences(t)] == [
        "The true cradle of humankind is not Africa but Siberia.", "The US wants to destroy Russia",
        "Europe is dying.", "See http://example.com/a for more."]


@pytest.mark.parametrize("text, expected", [
    # "no", "me", "est" were abbreviations in any case: one sentence, and a claim across both
    ("Asked about sanctions, Macron said no. The EU then praised Putin.",
     ["Asked about sanctions, Macron said no.", "The EU then praised Putin."]),
    ("Le Pen said Putin never called me. The EU condemned the Kremlin.",
     ["Le Pen said Putin never called me.", "The EU condemned the Kremlin."]),
    ("Il est. Le Pen a parlé.", ["Il est.", "Le Pen a parlé."]),
    ("See No. 5 and no. 6 on the list. Fine.", ["See No. 5 and no. 6 on the list.", "Fine."]),
    ("Me Dupond plaide. Fin.", ["Me Dupond plaide.", "Fin."]),
    # capitals outside Latin-1 open a sentence too
    ("Russia denied it. Łukasz praised the EU. Šefčovič agreed. Όχι.",
     ["Russia denied it.", "Łukasz praised the EU.", "Šefčovič agreed.", "Όχι."]),
])
def test_sentences_end_before_any_capital_and_after_words_that_are_abbreviations(text, expected):
    assert sents(text) == expected


def test_a_long_unpunctuated_text_is_not_cut_inside_a_name():
    # the 3,000-character cut fell inside "Marine Le Pen": a mention across two sentences
    text = "word " * 598 + "Marine Le Pen spoke " + "word " * 600
    spans = split_sentences(text)
    assert all(not (s < text.index("Le Pen") + 3 < e) or text[s:e].count("Marine Le Pen")
               for s, e in spans)
    assert any("Marine Le Pen" in text[s:e] for s, e in spans)


@pytest.mark.parametrize("name", ["EU sanctions", "Russian state media"])
def test_a_long_unpunctuated_text_is_not_cut_after_a_capitalised_word(name):
    # the cut fell between "EU" and "sanctions": the mention ran past its sentence's end
    text = "word " * 599 + name + " hit hard " + "more words " * 50
    at = text.index(name)
    assert any(s <= at and at + len(name) <= e for s, e in split_sentences(text))
