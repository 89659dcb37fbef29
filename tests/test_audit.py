"""The audit of a corpus's sentiment scores by human coders (notebook 06's library calls)."""

import pytest
from conftest import DEMO

from analysis.evaluate import AUDIT_KEY_COLUMNS, audit_sample, read_audit_codes
from analysis.pipeline import analyze


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return analyze([DEMO / "articles.jsonl"], out=tmp_path_factory.mktemp("audit") / "run",
                   scorer="lexicon.v1")


def _sample(tables, **kw):
    return audit_sample(tables["sentiment"], tables["mentions"], tables["sentences"],
                        tables["articles"], **kw)


def _write(sample, folder, codes):
    """The two files notebook 06 writes, with ``codes`` (coder_1, coder_2) filled in."""
    coded = sample[AUDIT_KEY_COLUMNS + ["text"]].assign(coder_1=codes[0], coder_2=codes[1])
    coded.to_csv(folder / "coded.csv", index=False)
    sample[AUDIT_KEY_COLUMNS + ["label", "score"]].to_csv(folder / "key.csv", index=False)
    return folder / "coded.csv", folder / "key.csv"


def test_the_sample_is_stratified_seeded_and_blind_to_nothing_it_needs(tables):
    sample = _sample(tables, per_cell=3, seed=13)
    assert sample.equals(_sample(tables, per_cell=3, seed=13))
    strata = sample.attrs["strata"]
    assert (strata["sampled"] <= 3).all() and (strata["sampled"] <= strata["stratum_size"]).all()
    assert sample["audit_id"].tolist() == [f"a{i:04d}" for i in range(len(sample))]
    originals = tables["articles"].loc[tables["articles"]["duplicate_of"].isna(), "article_id"]
    assert sample["article_id"].isin(originals).all() and sample["label"].notna().all()


def test_the_sample_does_not_depend_on_row_order_and_checks_its_tables(tables):
    # the same tables in another row order drew another sample: a key could not be drawn again
    sample = _sample(tables, per_cell=3, seed=13)
    shuffled = {k: tables[k].sample(frac=1.0, random_state=1)
                for k in ("sentiment", "mentions", "sentences", "articles")}
    again = audit_sample(shuffled["sentiment"], shuffled["mentions"], shuffled["sentences"],
                         shuffled["articles"], per_cell=3, seed=13)
    assert again.drop(columns="audit_id").reset_index(drop=True).equals(
        sample.drop(columns="audit_id").reset_index(drop=True))
    with pytest.raises(ValueError, match="audit_sample: articles is missing required column"
                                         r"\(s\): duplicate_of"):
        audit_sample(tables["sentiment"], tables["mentions"], tables["sentences"],
                     tables["articles"].drop(columns="duplicate_of"))
    with pytest.raises(ValueError, match="audit_sample: per_cell must be a whole number >= 1"):
        _sample(tables, per_cell=0)
    twice = __import__("pandas").concat([tables["sentences"]] * 2)
    with pytest.raises(ValueError, match="audit_sample: sentences holds .* more than once"):
        audit_sample(tables["sentiment"], tables["mentions"], twice, tables["articles"])
    with pytest.raises(ValueError, match="audit_sample: sentiment is missing required column"):
        audit_sample(tables["mentions"], tables["sentiment"], tables["sentences"],
                     tables["articles"])


def test_codes_are_read_back_against_their_own_sample(tables, tmp_path):
    sample = _sample(tables, seed=13)
    coded, key = _write(sample, tmp_path, (sample["label"].str.upper() + " ", sample["label"]))
    back = read_audit_codes(coded, key)
    assert (back["coder_1"] == back["label"]).all() and (back["coder_2"] == back["label"]).all()
    # codes of a sample drawn with another seed: the same audit_ids, other rows. Joined on
    # audit_id alone they were scored against the wrong rows (accuracy 0.31 for a perfect coder)
    other = _sample(tables, seed=14)
    other[AUDIT_KEY_COLUMNS + ["label", "score"]].to_csv(key, index=False)
    with pytest.raises(ValueError, match=r"row\(s\) of .*coded.csv are not the rows of "
                                         r".*key.csv .*belong to another sample"):
        read_audit_codes(coded, key)


def test_a_code_that_is_no_label_is_named(tables, tmp_path):
    # "negaitve" was dropped by Cohen's kappa but counted by the raw agreement
    sample = _sample(tables, seed=13)
    second = sample["label"].copy()
    second.iloc[1] = "negaitve"
    second.iloc[2] = ""   # not coded yet: a missing code, not an error
    coded, key = _write(sample, tmp_path, (sample["label"], second))
    with pytest.raises(ValueError, match=r"coder_2 holds codes that are not "
                                         r"negative/neutral/positive: a0001 'negaitve'"):
        read_audit_codes(coded, key)
    second.iloc[1] = "Neutral"
    coded, key = _write(sample, tmp_path, (sample["label"], second))
    back = read_audit_codes(coded, key)
    assert back["coder_2"].isna().sum() == 1 and back.loc[1, "coder_2"] == "neutral"


def test_a_corpus_with_nothing_to_audit_is_said_in_one_line(tables):
    # a French-only corpus, or one without actors: sklearn's "Found empty input array" later
    empty = tables["sentiment"].assign(label=None)
    with pytest.raises(ValueError, match="audit_sample: no scored sentiment rows to audit"):
        audit_sample(empty, tables["mentions"], tables["sentences"], tables["articles"])


def test_a_coded_file_from_a_spreadsheet_is_read_as_it_was_meant(tables, tmp_path):
    # a row written twice counted twice in kappa and alpha; "3.0" for sentence 3 refused every
    # row as "another sample"; a coded file keeping the key's label shadowed the scorer's
    import pandas as pd

    sample = _sample(tables, seed=13)
    coded, key = _write(sample, tmp_path, (sample["label"], sample["label"]))
    rows = pd.read_csv(coded, dtype=str)
    pd.concat([rows, rows.iloc[[0]]]).to_csv(coded, index=False)
    with pytest.raises(ValueError, match="the coded file holds audit_id 'a0000' more than once"):
        read_audit_codes(coded, key)
    rows.assign(sentence_id=rows["sentence_id"] + ".0", label="positive").to_csv(coded,
                                                                              index=False)
    back = read_audit_codes(coded, key)
    assert len(back) == len(sample) and back["label"].tolist() == sample["label"].tolist()
    assert list(back.columns).count("label") == 1


def test_agreement_of_coders_who_used_one_label_is_undefined_not_a_crash():
    # notebook 06 raised ("There has to be more than one value in the domain") when both
    # coders gave every row the same label
    import math

    import pandas as pd
    from sklearn.metrics import cohen_kappa_score

    from analysis.evaluate import coder_agreement

    same = coder_agreement(pd.DataFrame({"coder_1": ["neutral"] * 4, "coder_2": ["neutral"] * 4}))
    assert same["raw agreement"] == 1.0
    assert math.isnan(same["Cohen's kappa"]) and math.isnan(same["Krippendorff's alpha (nominal)"])
    c1 = ["negative", "neutral", "positive", "neutral", None, "negative"]
    c2 = ["negative", "neutral", "neutral", "neutral", "positive", "positive"]
    got = coder_agreement(pd.DataFrame({"coder_1": c1, "coder_2": c2}))
    assert got["rows coded by both"] == 5 and got["raw agreement"] == 3 / 5
    assert got["Cohen's kappa"] == cohen_kappa_score(c1[:4] + c1[5:], c2[:4] + c2[5:])


def test_coder_agreement_refuses_codes_outside_the_labels():
    # a typo was counted in the raw agreement but left out of kappa and alpha without a word
    # (kappa 1.0 where the coders disagreed on a row)
    import pandas as pd

    from analysis.evaluate import coder_agreement

    typo = pd.DataFrame({"coder_1": ["negative", "neutral", "positive", "negative"],
                         "coder_2": ["negative", "neutral", "negaitve", "negative"]})
    with pytest.raises(ValueError, match=r"coder_2.*row 2 'negaitve'"):
        coder_agreement(typo)
    with pytest.raises(ValueError, match=r"coder_1.*row 0 -1"):
        coder_agreement(pd.DataFrame({"coder_1": [-1, 0, 1], "coder_2": [-1, 0, 0]}))
    # capitals and spaces are read as read_audit_codes reads them
    c1, c2 = ["negative", "neutral", "positive", "negative"], ["negative", "neutral", "neutral",
                                                              "negative"]
    loud = coder_agreement(pd.DataFrame({"coder_1": [" Negative", "NEUTRAL", "positive",
                                                     "negative"], "coder_2": c2}))
    assert loud.equals(coder_agreement(pd.DataFrame({"coder_1": c1, "coder_2": c2})))


def test_a_coded_file_that_is_not_there_is_named(tables, tmp_path):
    # pandas' FileNotFoundError from deep inside read_csv
    sample = _sample(tables, seed=13)
    _, key = _write(sample, tmp_path, (["neutral"] * len(sample),) * 2)
    with pytest.raises(FileNotFoundError, match=r"read_audit_codes: coded file not found: .*nope"):
        read_audit_codes(tmp_path / "nope.csv", key)
