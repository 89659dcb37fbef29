"""Tests for analysis.attribution: quote and reported-speech attribution with stance."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.actors import ActorRegistry, detect_mentions
from analysis.attribution import CueStanceScorer, extract_claims, load_stance_cues
from analysis.evaluate import classification_metrics, evaluate_claims
from analysis.scoring.base import CLAIM_COLUMNS, get_scorer
from analysis.text import segment_sentences

GOLD = Path(__file__).parent / "data" / "stance_gold.jsonl"


def run(texts, langs=None, ids=None):
    ids = ids or [f"a{i}" for i in range(len(texts))]
    langs = langs or ["en"] * len(texts)
    arts = pd.DataFrame({"article_id": ids, "text": texts, "language": langs})
    sents = segment_sentences(arts)
    ments = detect_mentions(arts, ActorRegistry.default(), sentences=sents)
    return arts, extract_claims(arts, ments, sents)


def claims_of(text, lang="en"):
    _, cl = run([text], [lang])
    return {(r.speaker, r.target_actor): r.stance for r in cl.itertuples()}


def speakers_claims_of(text, lang="en"):
    """claims_of without the article's own voice."""
    return {k: v for k, v in claims_of(text, lang).items() if k[0] != "author"}


@pytest.fixture(scope="module")
def gold_run():
    items = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    arts, claims = run([i["text"] for i in items], [i["lang"] for i in items],
                       [i["id"] for i in items])
    return items, arts, claims


# ------------------------------------------------------------------------------- acceptance

def test_gold_speaker_accuracy_and_stance_f1():
    m = evaluate_claims(GOLD, n_boot=100)
    assert (m["n_items"], m["n"], m["n_unscored"]) == (154, 180, 0)
    # the README's figures (0.994, 0.933): a looser bound let a change that dropped speakers
    # such as "an aide to Macron" pass at 0.967 / 0.923
    assert m["speaker_accuracy"] >= 0.99, m["speaker_accuracy"]
    assert m["macro_f1"] >= 0.93, m["macro_f1"]
    # the figures the manifest and the report's validation table print are these
    assert {
        "n": m["n"], "macro_f1": round(m["macro_f1"], 3), "accuracy": round(m["accuracy"], 3),
        "speaker_accuracy": round(m["speaker_accuracy"], 3)} == CueStanceScorer.GOLD_SCORES
    # every gold claim missed, by speaker or by stance, is listed with what came out instead
    wrong_stance = sum(e["stance"] != e["gold_stance"] for e in m["errors"])
    assert wrong_stance == round(m["n"] * (1 - m["accuracy"])) and len(m["errors"]) < 20


def test_claims_gold_file_errors_name_the_line(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "a", "text": "Putin spoke.", "claims": []}\n'
                    '{"id": "b", "text": "Putin spoke.", "claims": [{"speaker": "author", '
                    '"target_actor": "putin", "stance": "positive"}]}\n', "utf-8")
    with pytest.raises(ValueError, match=r"g.jsonl: line 2: not a gold item \(stance 'positive'"):
        evaluate_claims(path)
    path.write_text('{"id": "a", "claims": []}\n', "utf-8")
    with pytest.raises(ValueError, match=r"line 1: not a gold item \(missing key 'text'\)"):
        evaluate_claims(path)
    # two items of one id: their texts and claims were mixed (accuracy 0.833 for 1.000)
    path.write_text('{"id": "a", "text": "Putin spoke.", "claims": []}\n'
                    '{"id": "a", "text": "The EU spoke.", "claims": []}\n', "utf-8")
    with pytest.raises(ValueError, match=r"line 2: id 'a' is already the id of line 1"):
        evaluate_claims(path)
    path.write_bytes('{"id": "a", "text": "Poutine a parlé.", "claims": []}\n'.encode("latin-1"))
    with pytest.raises(ValueError, match=r"g.jsonl: line 1: not UTF-8 text"):
        evaluate_claims(path)


@pytest.mark.parametrize("polarity, sentence, message", [
    (0.7, "Putin spoke.", "polarity 0.7 is not -1, 0 or 1"),     # was read as 0, neutral
    (True, "Putin spoke.", "polarity True is not -1, 0 or 1"),   # was read as 1, positive
    (1, None, "not a NewsMTSC record"),                           # was a TypeError traceback
])
def test_newsmtsc_gold_values_are_checked(tmp_path, polarity, sentence, message):
    from analysis.evaluate import load_newsmtsc

    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"sentence": sentence, "mention": "Putin", "from": 0, "to": 5,
                                "polarity": polarity}) + "\n", "utf-8")
    with pytest.raises(ValueError, match=rf"n.jsonl: line 1: {message}"):
        load_newsmtsc(path)


def test_speakers_are_substrings_or_author(gold_run):
    _, arts, claims = gold_run
    texts = dict(zip(arts["article_id"], arts["text"]))
    for rec in claims.itertuples():
        assert rec.speaker == "author" or rec.speaker in texts[rec.article_id], rec


def test_columns_dtypes_and_one_row_per_key(gold_run):
    _, _, claims = gold_run
    assert list(claims.columns) == CLAIM_COLUMNS
    assert claims["sentence_id"].dtype == "int64" and claims["score"].dtype == "float64"
    assert set(claims["stance"]) <= {"against", "neutral", "favor"}
    assert claims["score"].between(-1, 1).all()
    assert ((claims["stance"] == "favor") == (claims["score"] > 0)).all()
    assert ((claims["stance"] == "against") == (claims["score"] < 0)).all()
    assert not claims.duplicated(["article_id", "sentence_id", "speaker", "target_actor"]).any()
    assert set(claims["target_bloc"]) <= {"russia", "eu"}
    assert (claims["scorer"] == "lexicon.stance.v1").all()
    # a speaker is never its own target
    assert not (claims["speaker_actor"] == claims["target_actor"]).any()


def test_deterministic_and_inputs_not_mutated():
    texts = ["Le Pen met Putin. She dismissed rumors about Russian election meddling."]
    arts = pd.DataFrame({"article_id": ["a"], "text": texts, "language": ["en"]})
    sents = segment_sentences(arts)
    ments = detect_mentions(arts, sentences=sents)
    before = (arts.copy(), sents.copy(), ments.copy())
    one = extract_claims(arts, ments, sents)
    two = extract_claims(arts, ments, sents)
    pd.testing.assert_frame_equal(one, two)
    for a, b in zip(before, (arts, sents, ments)):
        pd.testing.assert_frame_equal(a, b)


# ------------------------------------------------------------------------------- DESIGN examples

def test_design_example_sanctions_role_reversal():
    c = claims_of("Le Pen supported Russia's annexation of Crimea and has called for resulting "
                  "sanctions by the European Union to be dropped.")
    assert c[("Le Pen", "russia")] == "favor"
    assert c[("Le Pen", "eu")] == "against"


def test_design_example_dismissed_rumors():
    c = claims_of("Le Pen met Putin. She dismissed rumors about Russian election meddling, a "
                  "charge other candidates in the French election have leveled against the "
                  "Kremlin.")
    assert c[("Le Pen", "russia")] == "favor"
    assert c[("other candidates", "kremlin")] == "against"
    assert c[("author", "putin")] == "neutral"


# ------------------------------------------------------------------------------- pattern families

@pytest.mark.parametrize("text,speaker,target,stance", [
    ('"Moscow is lying to the whole world," Macron said.', "Macron", "russia", "against"),
    ('Fillon said: "The Kremlin is a partner we need."', "Fillon", "kremlin", "favor"),
    ('"The Kremlin is a partner we need," said Fillon.', "Fillon", "kremlin", "favor"),
    ('"The EU has betrayed the workers," Mélenchon told reporters.', "Mélenchon", "eu",
     "against"),
    ("Putin is an autocrat, according to Benoît Hamon.", "Benoît Hamon", "putin", "against"),
])
def test_direct_quote_forms(text, speaker, target, stance):
    assert claims_of(text)[(speaker, target)] == stance


def test_multi_paragraph_quote():
    text = ('"We will never accept orders from Brussels.\n'
            '"The European Commission is a disgrace to democracy," Le Pen said.')
    c = claims_of(text)
    assert c[("Le Pen", "eu")] == "against"
    assert c[("Le Pen", "european_commission")] == "against"


def test_quote_speaker_in_previous_and_next_sentence():
    c = claims_of('Fillon was blunt. "Russia is a great partner for France."')
    assert c[("Fillon", "russia")] == "favor"
    c = claims_of('"The Kremlin is spreading lies." The words came from Emmanuel Macron.')
    assert c[("Emmanuel Macron", "kremlin")] == "against"


@pytest.mark.parametrize("text,speaker,target,stance", [
    ("Hamon praised the European Parliament for its courage.", "Hamon", "european_parliament",
     "favor"),
    ("Macron has repeatedly accused RT of spreading lies.", "Macron", "rt", "against"),
    ("Mélenchon says Brussels is a machine for austerity and misery.", "Mélenchon", "eu",
     "against"),
    ("Fillon had defended Putin's record on terrorism.", "Fillon", "putin", "favor"),
    ("Le Pen blamed the European Commission for the migrant crisis.", "Le Pen",
     "european_commission", "against"),
    ("Hamon welcomed the European Council's decision.", "Hamon", "european_council", "favor"),
])
def test_reported_predicates(text, speaker, target, stance):
    assert claims_of(text)[(speaker, target)] == stance


@pytest.mark.parametrize("text,target,stance", [
    ("Le Pen did not criticise the Kremlin during her visit.", "kremlin", "favor"),
    ("Le Pen refused to condemn Putin's war.", "putin", "favor"),
    ("Marine Le Pen n'a pas condamné le Kremlin.", "kremlin", "favor"),
])
def test_negation(text, target, stance):
    lang = "fr" if " n'a " in text else "en"
    assert [v for (s, t), v in claims_of(text, lang).items() if t == target] == [stance]


def test_role_reversal():
    c = claims_of("Fillon rejected claims that the Kremlin had hacked his rivals.")
    assert c[("Fillon", "kremlin")] == "favor"
    c = claims_of("Fillon rejected the European Commission's budget plan.")
    assert c[("Fillon", "european_commission")] == "against"
    c = claims_of("Le Pen called for EU sanctions on Russia to be lifted.")
    assert c[("Le Pen", "eu_sanctions")] == "against" and c[("Le Pen", "russia")] == "favor"


def test_french_patterns():
    c = claims_of("« L'Union européenne est une prison », a déclaré Marine Le Pen.", "fr")
    assert c[("Marine Le Pen", "eu")] == "against"
    c = claims_of("Selon Benoît Hamon, le Kremlin mène une campagne de désinformation.", "fr")
    assert c[("Benoît Hamon", "kremlin")] == "against"
    c = claims_of("Emmanuel Macron a salué la Commission européenne.", "fr")
    assert c[("Emmanuel Macron", "european_commission")] == "favor"


def test_title_and_non_registry_speakers():
    c = claims_of("Kremlin spokesman Dmitry Peskov said the EU sanctions were illegal.")
    assert c[("Dmitry Peskov", "eu_sanctions")] == "against"
    assert not any(t == "kremlin" for _, t in c)      # part of the speaker's title
    c = claims_of("EU diplomats said Putin was isolated.")
    assert ("EU diplomats", "putin") in c and not any(t == "eu" for _, t in c)


def test_author_voice():
    c = claims_of("The Kremlin's propaganda machine worked overtime.")
    assert c[("author", "kremlin")] == "against"
    c = claims_of("The European Council met on Thursday.")
    assert c[("author", "european_council")] == "neutral"


# ------------------------------------------------------------------------------- held out
#: Sentences written for this test module (not in the gold file), covering the same patterns.
HELD_OUT = [
    ('"Sanctions against Moscow only hurt our own exporters," Fillon said in Lyon.', "en",
     "Fillon", "russia", "favor"),
    ('Macron said: "The European Union is our best protection against chaos."', "en", "Macron",
     "eu", "favor"),
    ('"RT is a propaganda channel, nothing more," a Macron adviser told reporters.', "en",
     "a Macron adviser", "rt", "against"),
    ("According to Benoît Hamon, the Kremlin has waged a disinformation war on France.", "en",
     "Benoît Hamon", "kremlin", "against"),
    ('Jean-Luc Mélenchon spoke in Marseille. "The ECB has strangled Greece," he said.', "en",
     "Jean-Luc Mélenchon", "ecb", "against"),
    ("Fillon has long called for closer ties with Moscow.", "en", "Fillon", "russia", "favor"),
    ("Hamon condemned the Kremlin's crackdown on protesters.", "en", "Hamon", "kremlin",
     "against"),
    ("Le Pen denied that Russian banks had financed her party illegally.", "en", "Le Pen",
     "russian_banks", "favor"),
    ("Macron dismissed Lavrov's complaints as propaganda.", "en", "Macron", "lavrov", "against"),
    ("Le Pen did not once criticise Russia during the debate.", "en", "Le Pen", "russia",
     "favor"),
    ("Macron urged the EU to keep its sanctions against Russia in place.", "en", "Macron",
     "russia", "against"),
    ("Fillon said he would work with the Kremlin on Syria.", "en", "Fillon", "kremlin", "favor"),
    ("Marine Le Pen visited Moscow's allies. She praised Vladimir Putin as a patriot.", "en",
     "Marine Le Pen", "putin", "favor"),
    ("Hamon warned that the Kremlin would try to manipulate the vote.", "en", "Hamon", "kremlin",
     "against"),
    ("Jean-Claude Juncker said the euro area had become stronger.", "en", "Jean-Claude Juncker",
     "eurozone", "favor"),
    ("Russian troops held exercises near the Estonian border on Tuesday.", "en", "author",
     "russian_military", "neutral"),
    ("« Le Kremlin ment aux Français », a affirmé Benoît Hamon.", "fr", "Benoît Hamon",
     "kremlin", "against"),
    ("Marine Le Pen a dénoncé les sanctions européennes.", "fr", "Marine Le Pen", "eu_sanctions",
     "against"),
    ("François Fillon a salué le rôle de la Russie en Syrie.", "fr", "François Fillon", "russia",
     "favor"),
    ("Emmanuel Macron a réclamé le maintien des sanctions européennes contre Moscou.", "fr",
     "Emmanuel Macron", "russia", "against"),
    ("Jean-Luc Mélenchon a rejeté les soupçons visant la Russie.", "fr", "Jean-Luc Mélenchon",
     "russia", "favor"),
    ("Benoît Hamon a visité une usine. Il a critiqué la BCE.", "fr", "Benoît Hamon", "ecb",
     "against"),
]


def held_out_results():
    texts = [h[0] for h in HELD_OUT]
    _, claims = run(texts, [h[1] for h in HELD_OUT])
    out = []
    for i, (_text, _lang, speaker, target, stance) in enumerate(HELD_OUT):
        rows = claims[(claims["article_id"] == f"a{i}") & (claims["target_actor"] == target)]
        hit = rows[rows["speaker"] == speaker]
        out.append((not hit.empty, not hit.empty and hit["stance"].iloc[0] == stance))
    return out


def test_held_out_sentences():
    res = held_out_results()
    speaker_acc = sum(s for s, _ in res) / len(res)
    both = sum(s and t for s, t in res) / len(res)
    assert len(res) >= 15
    assert speaker_acc >= 0.8, speaker_acc
    assert both >= 0.8, both


# ------------------------------------------------------------------------------- edge cases

def test_empty_input():
    arts = pd.DataFrame({"article_id": [], "text": []})
    sents = segment_sentences(arts)
    ments = detect_mentions(arts, sentences=sents)
    out = extract_claims(arts, ments, sents)
    assert list(out.columns) == CLAIM_COLUMNS and len(out) == 0
    assert out["sentence_id"].dtype == "int64" and out["score"].dtype == "float64"


def test_article_without_targets():
    _, out = run(["Macron met Le Pen in Paris."])
    assert len(out) == 0 and list(out.columns) == CLAIM_COLUMNS


def test_missing_columns():
    arts = pd.DataFrame({"article_id": ["a"], "text": ["x"]})
    sents = segment_sentences(arts)
    ments = detect_mentions(arts, sentences=sents)
    with pytest.raises(ValueError, match="text"):
        extract_claims(arts.drop(columns="text"), ments, sents)
    with pytest.raises(ValueError, match="bloc"):
        extract_claims(arts, ments.drop(columns="bloc"), sents)
    with pytest.raises(ValueError, match="start"):
        extract_claims(arts, ments, sents.drop(columns="start"))


def test_scorer_registered_and_rescores_without_helpers(gold_run):
    scorer = get_scorer("lexicon.stance.v1")
    assert isinstance(scorer, CueStanceScorer) and scorer.task == "stance"
    _, _, claims = gold_run
    blank = claims.assign(stance=None, score=0.0, scorer=None)
    again = scorer.score(blank, None)
    assert list(again.columns) == CLAIM_COLUMNS
    assert set(again["stance"]) <= {"against", "neutral", "favor"}
    # cue/quote alone carry most of the decision
    agree = (again["stance"] == claims["stance"]).mean()
    assert agree >= 0.8, agree
    assert blank["stance"].isna().all()   # not mutated
    assert len(scorer.score(claims.iloc[:0], None)) == 0


def test_custom_scorer_object():
    class Always:
        name = "always.v1"

        def score(self, claims, sentences):
            return claims.assign(stance="favor", score=1.0, scorer=self.name)

    arts = pd.DataFrame({"article_id": ["a"], "text": ["Macron criticised Putin."]})
    sents = segment_sentences(arts)
    out = extract_claims(arts, detect_mentions(arts, sentences=sents), sents, scorer=Always())
    assert out["stance"].tolist() == ["favor"] and out["scorer"].tolist() == ["always.v1"]


@pytest.mark.parametrize("text, lang, speaker", [
    ("\u201cNobody here takes RT seriously,\u201d an aide to Macron told reporters on Tuesday.",
     "en", "an aide to Macron"),
    ("A Kremlin critic living in Paris said Putin was playing chess with the election.", "en",
     "A Kremlin critic"),
    ("Un opposant au Kremlin a estim\u00e9 que Vladimir Poutine jouait la carte Le Pen.", "fr",
     "Un opposant au Kremlin"),
])
def test_speakers_opening_with_an_article(text, lang, speaker):
    assert speaker in {sp for sp, _ in claims_of(text, lang)}


@pytest.mark.parametrize("text, lang, speaker", [
    ("The EU must extend its sanctions against Russia, Macron said in a statement.", "en", "Macron"),
    ("The EU must extend its sanctions against Russia, said Macron.", "en", "Macron"),
    ("Le Pen met Putin. The EU must extend its sanctions against Russia, he said.", "en", "Putin"),
    ("Sanctions against Russia must stay, Macron told the BBC on Tuesday.", "en", "Macron"),
    ("L'UE doit prolonger ses sanctions contre la Russie, a déclaré Macron.", "fr", "Macron"),
])
def test_sentence_final_attribution(text, lang, speaker):
    """Wire style puts the speaker last: the clause before the comma is what was said. Before,
    "..., Macron said in a statement." gave no claim at all (the whole clause was taken for the
    speaker's phrase) and "..., said Macron." gave the author's voice."""
    claims = claims_of(text, lang)
    assert ((speaker, "russia") in claims), claims
    assert not any(sp == "author" for sp, target in claims if target == "russia"), claims


@pytest.mark.parametrize("text", [
    "Despite the sanctions against Russia, Macron said it would fight on.",
    "Despite the sanctions against Russia, Macron said a deal was possible.",
    "Despite the sanctions against Russia, Macron said in 2018 the party would act alone.",
])
def test_a_clause_before_the_speaker_is_not_what_was_said_when_more_follows(text):
    assert set(claims_of(text)) == {("author", "russia")}


def test_second_verb_after_comma_and_keeps_the_speaker_and_its_own_content():
    claims = claims_of("Macron warned that Russia was trying to interfere in the election, and "
                       "praised the European Commission for its support.")
    assert claims == {("Macron", "russia"): "against", ("Macron", "european_commission"): "favor"}


@pytest.mark.parametrize("text, lang", [
    ("The EU extended its asset freezes and travel bans over Russia's actions in Ukraine, "
     "the Council said.", "en"),
    ("Macron said the EU would keep its restrictive measures on Russian officials.", "en"),
    ("L'UE a prolongé le gel des avoirs visant des responsables russes, a déclaré Macron.", "fr"),
])
def test_sanctions_by_other_names(text, lang):
    """Asset freezes, travel bans, restrictive measures (gel des avoirs...) are sanctions:
    keeping them is against Russia (before, their words' valence said favor or neutral)."""
    claims = claims_of(text, lang)
    assert {st for (sp, target), st in claims.items() if target == "russia"} == {"against"}, claims


def test_participle_after_a_quote_keeps_the_quotes_speaker():
    claims = claims_of('"We will never accept interference," Macron said, adding that Russia '
                       "must respect the vote.")
    assert ("Macron", "russia") in claims and ("author", "russia") not in claims


@pytest.mark.parametrize("text, lang", [
    ("The Kremlin has repeatedly denied interfering in the election, Peskov said on Monday.", "en"),
    ("Le Kremlin a toujours démenti toute ingérence, a déclaré Peskov.", "fr"),
])
def test_a_reported_denial_is_not_the_speakers_accusation(text, lang):
    """The clause before a final attribution is the speaker's (not the target's own 'denied'
    frame, which took Peskov for its target); the Kremlin denying meddling is no charge by the
    speaker against it (it was judged 'against' from the wrongdoing word)."""
    claims = claims_of(text, lang)
    assert claims == {("Peskov", "kremlin"): "neutral"}, claims


def test_quote_after_said_then_adding_is_the_same_speakers():
    claims = claims_of('"I sing, I do not do politics," Aubert said, smiling, before adding: '
                       '"But France and Russia have always been friends."')
    assert ("Aubert", "russia") in claims, claims


@pytest.mark.parametrize("text, lang", [
    ("Russia, Macron said on Tuesday, would not be allowed to decide the election.", "en"),
    ("Russia, said Macron, will not decide the election.", "en"),
    ("La Russie, a estimé Macron, ne décidera pas de l'élection.", "fr"),
])
def test_attribution_as_a_parenthesis(text, lang):
    assert set(claims_of(text, lang)) == {("Macron", "russia")}


def test_final_attribution_to_an_audience():
    assert set(claims_of("The EU is a prison of nations, Le Pen told supporters in Lyon.")) == {
        ("Le Pen", "eu")}


@pytest.mark.parametrize("text, lang, target, stance", [
    ('A security source told the Tribune that the government had "strong indications" that '
     "groups tied to the GRU had targeted French parties.", "en", "gru", "against"),
    ('"Russia does not meddle in anyone\'s elections," Peskov told reporters.', "en", "russia",
     "favor"),
    ("Lavrov a affirmé que Moscou n'avait « jamais interféré » dans les élections.", "fr",
     "russia", "favor"),
    # cooperating with Russia is favour, whatever the cooperation is against
    ("Le Pen said France should cooperate with Russia against terrorism.", "en", "russia",
     "favor"),
    ("Le Pen a dit que la France devait coopérer avec la Russie contre le terrorisme.", "fr",
     "russia", "favor"),
])
def test_a_reported_accusation_is_against_its_target_whatever_its_tone(text, lang, target, stance):
    """The accusation's own wording decided ("strong indications" read as favour toward the
    GRU); an accusation a speaker makes is against its target unless the speaker denies it."""
    claims = claims_of(text, lang)
    assert {st for (sp, t), st in claims.items() if t == target} == {stance}, claims


@pytest.mark.parametrize("text, lang, expected", [
    ("Marine Le Pen, who has praised Vladimir Putin, attacked the European Union on Tuesday.",
     "en", {("Marine Le Pen", "putin"): "favor", ("Marine Le Pen", "eu"): "against"}),
    ("Marine Le Pen, qui a salué Vladimir Poutine, a attaqué l'Union européenne mardi.", "fr",
     {("Marine Le Pen", "putin"): "favor", ("Marine Le Pen", "eu"): "against"}),
    # on an object: the relative clause is its antecedent's, not the outer speaker's
    ("Macron criticised Le Pen, who has praised Vladimir Putin.", "en",
     {("Le Pen", "putin"): "favor"}),
    ("The Kremlin, which has denied any interference, condemned the European Commission.", "en",
     {("Kremlin", "european_commission"): "against"}),
    ("Jean Dupont, who repeatedly defended the Kremlin, resigned.", "en",
     {("Jean Dupont", "kremlin"): "favor"}),
    # "which he said": a relative clause with its own subject
    ("Fillon called for the lifting of European sanctions against Russia, which he said had "
     "hurt farmers.", "en", {("Fillon", "eu_sanctions"): "against", ("Fillon", "russia"): "favor"}),
])
def test_relative_clauses(text, lang, expected):
    """'Le Pen, who has praised Putin, attacked the EU' made Putin the speaker of 'attacked'
    (the nearest name before the verb) and lost Le Pen's praise; a relative clause's verb is
    its antecedent's, and the main verb after it is the subject's."""
    assert claims_of(text, lang) == expected


@pytest.mark.parametrize("text, lang, speaker", [
    ("Benoît Hamon condemned Moscow's interference, but praised the European Commission.", "en",
     "Benoît Hamon"),
    ("Benoît Hamon condemned Moscow's interference but praised the European Commission.", "en",
     "Benoît Hamon"),
    ("Hamon a dénoncé l'ingérence de Moscou, mais a salué la Commission européenne.", "fr",
     "Hamon"),
    ("Benoît Hamon condemned Moscow's interference yet praised the European Commission.", "en",
     "Benoît Hamon"),
])
def test_verbs_coordinated_by_but_share_the_subject_and_not_the_content(text, lang, speaker):
    """'condemned X, but praised Y' gave the praise to the author (no subject after 'but'),
    without the comma the condemnation covered Y too, and 'yet' made 'Moscow yet' a speaker."""
    claims = claims_of(text, lang)
    assert {t: st for (sp, t), st in claims.items()} == {"russia": "against",
                                                        "european_commission": "favor"}, claims
    assert {sp for sp, _ in claims} == {speaker}


def test_share_as_a_noun_carries_no_valence():
    """VADER scores 'share' +1.2: 'a large share of the cases ... originated in Russian state
    media' was favour toward Russian state media."""
    claims = claims_of("Mogherini said that a large share of the cases the team had documented "
                       "originated in Russian state media.")
    assert claims == {("Mogherini", "russian_state_media"): "neutral"}


@pytest.mark.parametrize("text, target, stance", [
    ('"Every time something goes wrong in a Western campaign, somebody finds Russia behind it," '
     "Dmitry Peskov, the Kremlin spokesman, told reporters.", "russia", "neutral"),
    ("Maria Zakharova condemned the decision by Emmanuel Macron's campaign to refuse "
     "accreditation to RT.", "rt", "neutral"),
    # the EU bloc is not an own side: its institutions criticise one another
    ("Jean-Claude Juncker criticised the European Parliament.", "european_parliament",
     "against"),
])
def test_a_russian_official_is_not_against_russia(text, target, stance):
    """Cue readings of a Russian official's words as against Russia were the charge being
    rebutted (6 of 6 in the demo corpus); they are neutral."""
    claims = claims_of(text)
    assert {st for (sp, t), st in claims.items() if sp != "author" and t == target} == {stance}


@pytest.mark.parametrize("text, lang, speaker, target, stance", [
    ('"Russia is our friend," said one voter in Hayange.', "en", "one voter", "russia", "favor"),
    ('"Russia is our friend," one voter said.', "en", "one voter", "russia", "favor"),
    ('"Putin is a strong leader," said another supporter.', "en", "another supporter", "putin",
     "favor"),
    ('"The Kremlin is lying," said a campaign spokesman on Tuesday.', "en",
     "a campaign spokesman", "kremlin", "against"),
    ("One diplomat said the Kremlin was behind the leaks.", "en", "One diplomat", "kremlin",
     "against"),
    ("The Kremlin was behind the leaks, said a diplomat.", "en", "a diplomat", "kremlin",
     "against"),
    ("Le Kremlin est derrière les fuites, a déclaré un diplomate.", "fr", "un diplomate",
     "kremlin", "against"),
])
def test_unnamed_speakers(text, lang, speaker, target, stance):
    """'," said one voter' and 'One diplomat said' were the author's words: only names were
    speakers after an inverted verb, and 'one' opened no speaker."""
    assert claims_of(text, lang) == {(speaker, target): stance}


def test_an_object_after_a_clause_final_verb_is_not_a_speaker():
    claims = claims_of("Yesterday, Roscosmos, the Russian space agency, announced the death of "
                       "cosmonaut Alexei Leonov.")
    assert {sp for sp, _ in claims} <= {"author", "Roscosmos"}, claims


@pytest.mark.parametrize("text, lang, expected", [
    # the example of the kit's own description, which came out reversed ('opposed' was no cue
    # and "the EU's sanctions" no alias: against Russia, favour toward the EU)
    ("Le Pen supported Russia's annexation of Crimea and opposed the EU's sanctions.", "en",
     {("Le Pen", "russia"): "favor", ("Le Pen", "eu_sanctions"): "against"}),
    ("Le Pen s'est opposée aux sanctions de l'UE.", "fr",
     {("Le Pen", "eu_sanctions"): "against"}),
    ("Marine Le Pen said she would recognise Crimea as Russian.", "en",
     {("Marine Le Pen", "russia"): "favor"}),
    ("Fillon said Europe needed Russia.", "en", {("Fillon", "russia"): "favor"}),
    # keeping a policy, negated, is lifting it
    ("Le Pen said she would not keep France bound to the European Union's sanctions.", "en",
     {("Le Pen", "eu_sanctions"): "against"}),
    ("Marine Le Pen a dit qu'elle ne maintiendrait pas les sanctions européennes.", "fr",
     {("Marine Le Pen", "eu_sanctions"): "against"}),
    # naming verbs: 'called it', 'calling them', 'labeled them'
    ("Moscow has called the sanctions illegal and retaliated with a ban on food imports from "
     "the EU.", "en", {("Moscow", "eu"): "against"}),
    ("Macron rejected the claims, calling them Russian propaganda.", "en",
     {("Macron", "russia"): "against"}),
    ("Biden denied the allegations, labeled them as Russian disinformation.", "en",
     {("Biden", "russia"): "against"}),
    # passives: the agent is the speaker, the clause's subject the target
    ("The Kremlin was criticised by Macron.", "en", {("Macron", "kremlin"): "against"}),
    ("Le Kremlin a été critiqué par Macron.", "fr", {("Macron", "kremlin"): "against"}),
    # a French infinitive passive with no agent has no speaker (demo qc-0008 had 'Une position')
    ("Une position qui lui vaut d'être régulièrement accusé de complaisance envers Moscou.", "fr",
     {("author", "russia"): "neutral"}),
    ("Le Pen, backed by Russian banks, praised Putin.", "en",
     {("Le Pen", "putin"): "favor", ("author", "russian_banks"): "neutral"}),
    # a referendum on membership is the eurosceptic pledge; weakening a position is leaving it
    ("Marine Le Pen wants to hold a referendum on EU membership.", "en",
     {("Marine Le Pen", "eu"): "against"}),
    ("Le Pen defended her plans to hold a referendum on membership of the European Union.", "en",
     {("Le Pen", "eu"): "against"}),
    ("Marine Le Pen a promis un référendum sur l'appartenance à l'Union européenne.", "fr",
     {("Marine Le Pen", "eu"): "against"}),
    ("Alain Juppé has warned against any weakening of the EU's position on Ukraine.", "en",
     {("Alain Juppé", "eu"): "favor"}),
    # calling someone the Kremlin's puppet or gift is no praise of the Kremlin
    ("Hamon said Le Pen would be \"a puppet of the Kremlin\".", "en",
     {("Hamon", "kremlin"): "against"}),
    ("Griveaux said Le Pen's comments were \"a gift to the Kremlin\".", "en",
     {("Griveaux", "kremlin"): "against"}),
    ("Hamon said Fillon would repeat the Kremlin's talking points.", "en",
     {("Hamon", "kremlin"): "against"}),
    ("Benoît Hamon a dit que François Fillon faisait le jeu du Kremlin.", "fr",
     {("Benoît Hamon", "kremlin"): "against"}),
    # ... whatever the verb: accusing someone of serving the Kremlin is no praise of it (the
    # demo's fillon-russie-entretien)
    ("Benoît Hamon a accusé François Fillon de \"faire le jeu du Kremlin\".", "fr",
     {("Benoît Hamon", "kremlin"): "against"}),
    ("Hamon accused Fillon of doing the Kremlin's bidding.", "en",
     {("Hamon", "kremlin"): "against"}),
    # relations are favoured when wanted better, not when merely discussed (demo rc-0007)
    ("Macron told reporters that they had discussed defence and relations with Russia.",
     "en", {("Macron", "russia"): "neutral"}),
    ("Fillon said France needed better relations with Russia.", "en",
     {("Fillon", "russia"): "favor"}),
    ("Fillon a dit vouloir de bonnes relations avec la Russie.", "fr",
     {("Fillon", "russia"): "favor"}),
    # VADER's 'party' (+1.7, a celebration) is a political party in news (demo debate-fact-check)
    ("Macron said that Le Pen's party had borrowed money \"from a Russian bank tied to the "
     "Kremlin\".", "en", {("Macron", "russian_banks"): "neutral", ("Macron", "kremlin"): "neutral"}),
    # a common enemy makes allies (demo mvi-0008 read it as against Russia)
    ("Marine Le Pen has long argued that France and Russia face a common enemy in Islamist "
     "extremism.", "en", {("Marine Le Pen", "russia"): "favor"}),
    ("Le Pen a dit que la France et la Russie ont un ennemi commun.", "fr",
     {("Le Pen", "russia"): "favor"}),
    # EUvsDisinfo cases: wanting to destroy, or calling for a war on, is against the target ...
    ("US wants to destroy Russia.", "en", {("US", "russia"): "against"}),
    ("Poroshenko has called for a \"Euro-Atlantic jihad\" against Russia.", "en",
     {("Poroshenko", "russia"): "against"}),
    ("The US wants to launch a preventive nuclear attack on Russia.", "en",
     {("The US", "russia"): "against"}),
    ("Le Pen called for a war against terrorism with Russia.", "en",
     {("Le Pen", "russia"): "favor"}),
    # hostility as an adjective too (propaganda-app: "The US wanted us to return aggressive
    # against Moscow" was a pledge in Moscow's favour) ...
    ("The US wanted us to return aggressive against Moscow.", "en",
     {("The US", "russia"): "against"}),
    ("Lavrov condemned the hostility toward Russia.", "en", {("Lavrov", "russia"): "favor"}),
    # ... and ending a hostile act aimed at the target is for it
    ("Le Pen called for an end to the war against Russia.", "en",
     {("Le Pen", "russia"): "favor"}),
    ("Antonov urged US officials to refrain from aggressive and accusatory rhetoric against "
     "Moscow.", "en", {("Antonov", "russia"): "favor"}),
    # ... and denying a war crime is a rebuttal; 'Even Merkel' is Merkel
    ("The UN report says that Russia has not committed a single war crime in Syria.", "en",
     {("The UN report", "russia"): "favor"}),
    ("Even Merkel has said that the accusations that Russia tries to destabilize Germany are "
     "nonsense.", "en", {("Merkel", "russia"): "favor"}),
])
def test_stance_cues_for_policies_naming_and_passives(text, lang, expected):
    assert claims_of(text, lang) == expected


@pytest.mark.parametrize("text, lang, expected", [
    # a title before a name is that actor (was the whole phrase, with no actor id)
    ("Far-right leader Marine Le Pen said the EU was a failure.", "en",
     {("Marine Le Pen", "le_pen", "eu"): "against"}),
    ("A spokesman for Marine Le Pen said the EU was a failure.", "en",
     {("A spokesman for Marine Le Pen", None, "eu"): "against"}),
    # ... with its article too (demo mvi-0009)
    ("In Paris, the Socialist candidate Benoît Hamon said the EU was a failure.", "en",
     {("Benoît Hamon", "hamon", "eu"): "against"}),
    # a list is the subject, not its last items: each of its actors gets the claim
    ("Le Pen, Fillon and Mélenchon criticised the EU.", "en",
     {("Le Pen", "le_pen", "eu"): "against", ("Fillon", "fillon", "eu"): "against",
      ("Mélenchon", "melenchon", "eu"): "against"}),
    # a meeting is narration (no claim) but gives its subject to the verb after 'and'
    ("Macron met Putin at Versailles and denounced RT.", "en",
     {("author", None, "putin"): "neutral", ("Macron", "macron", "rt"): "against"}),
    ("Pour François Fillon, la Russie est un partenaire indispensable.", "fr",
     {("François Fillon", "fillon", "russia"): "favor"}),
    # ... but "For Putin, it was an opportunity to ..." is the author's reading (demo rc-0009)
    ("For Putin, it was an opportunity to show that a candidate from a founding member of the "
     "EU regards him as a legitimate partner.", "en",
     {("author", None, "putin"): "neutral", ("author", None, "eu"): "favor"}),
    ("Mélenchon wants France to leave NATO and to renegotiate the EU treaties.", "en",
     {("Mélenchon", "melenchon", "eu"): "against"}),
])
def test_speaker_phrases_lists_meetings_and_for_x(text, lang, expected):
    _, cl = run([text], [lang])
    got = {(r.speaker, r.speaker_actor, r.target_actor): r.stance for r in cl.itertuples()}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # the demo's qc-0001: Hamon's position on sanctions was given to Mélenchon, the last
    # person named before "Le candidat socialiste" and its "il"
    ("Benoît Hamon a précisé ses propositions sur l'Europe. Jean-Luc Mélenchon, lui, prône une "
     "renégociation des traités. Le candidat socialiste s'est également montré ferme à l'égard "
     "de Moscou. Interrogé sur la Russie, il a estimé que les sanctions européennes devaient "
     "être maintenues.", {("Benoît Hamon", "eu_sanctions"): "favor"}),
    ("Benoît Hamon a parlé. Jean-Luc Mélenchon a répondu. Le candidat socialiste a déclaré que "
     "les sanctions européennes devaient être maintenues.",
     {("Benoît Hamon", "eu_sanctions"): "favor"}),
])
def test_a_role_noun_with_an_affiliation_speaks_for_its_person(text, expected):
    assert speakers_claims_of(text, "fr") == expected


@pytest.mark.parametrize("text, expected", [
    # the demo's mvi-0014: Lavrov's words were given to Macron, named in between
    ("Sergei Lavrov said he had noted the positions of François Fillon and Marine Le Pen. He was "
     "more cautious about Emmanuel Macron, whose team he accused of \"hostility to the EU\". The "
     "minister also criticised the European Union's decision. He said Brussels was \"punishing "
     "its own businesses\".",
     {("Sergei Lavrov", "eu"): "against"}),
    ("François Fillon spoke on Monday. He attacked Emmanuel Macron, whose team he accused of "
     "doing Brussels' bidding.", {("François Fillon", "eu"): "against"}),
])
def test_a_pronoun_in_a_whose_clause_and_a_titled_role_noun(text, expected):
    assert speakers_claims_of(text) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("He criticised the climate of suspicion towards Russia.", "en", {("He", None, "russia")}),
    ("Selon lui, les institutions de Bruxelles ne supportent pas la souveraineté.", "fr",
     {("lui", None, "eu")}),
    ("At a rally, he has said he still believes that Russia interfered.", "en",
     {("he", None, "russia")}),
])
def test_a_pronoun_no_one_is_named_for_is_its_own_speaker(text, lang, expected):
    """A quote or report by an unresolved 'he' was the article's own voice (speaker 'author')."""
    _, cl = run([text], [lang])
    assert {(r.speaker, r.speaker_actor, r.target_actor) for r in cl.itertuples()} == expected


@pytest.mark.parametrize("text, lang", [
    ("However, it is now being reported that an informant that was involved in the deal, has "
     "told committees that Moscow paid lobbyists.", "en"),
    ("Meanwhile, Trump kept attacking Sessions in other tweets, saying Russia was a friend.", "en"),
    ("Cependant, il est rapporté que Moscou a payé des lobbyistes.", "fr"),
])
def test_a_discourse_adverb_is_no_speaker(text, lang):
    """SemEval-2023 news had claims by 'However' and 'Meanwhile'."""
    _, cl = run([text], [lang])
    assert len(cl) and not {"However", "Meanwhile", "Cependant"} & set(cl["speaker"])


def test_a_speaker_named_after_any_verb_of_speech():
    """Demo sanctions-eleveurs-bretons: '"...", témoigne Yannick Le Goff, éleveur. Il dit se
    sentir abandonné par Bruxelles' gave 'Il' no referent (only said/added/... inverted)."""
    _, cl = run(['"Pour nous, c\'est dur", témoigne Yannick Le Goff, éleveur. Il dit se sentir '
                 '"abandonné par Bruxelles".'], ["fr"])
    # the name with its surname's particle, not "Le Goff"
    assert cl.loc[cl["target_actor"] == "eu", "speaker"].tolist() == ["Yannick Le Goff"]
    # a verb of speech right before a name with no quote or comma before it is no inversion
    _, cl = run(["Pompeo spoke on Monday. In fact, he believes Barack Obama got Russian help too."])
    assert "Barack Obama" not in set(cl["speaker"])


@pytest.mark.parametrize("text, speaker", [
    # SemEval-2023 news: a pronoun went to the addressee of 'told', to 'Twitter Tuesday' and to
    # 'the White House'
    ("John Carter told Sean Hannity that the deal was corrupt. He said Russia had paid "
     "lobbyists.", "John Carter"),
    ("Donald Trump announced the news via Twitter Tuesday, saying the EU was unfair. He said "
     "Russia was a great friend.", "Donald Trump"),
    ("Donald Trump said the talks went well, the White House said on Monday. He said Russia was "
     "a great friend.", "Donald Trump"),
    ("Theresa May said the talks went well. She said Russia was a great friend.", "Theresa May"),
    # a name in apposition to the subject (demo rhine-courier-polling-day: Macron, named as the
    # object of a vote in the sentence before, had his words)
    ("Her neighbour said she had voted for Emmanuel Macron. The town's mayor, Steeve Briois, a "
     "National Front loyalist, spent the morning shaking hands. He said Russia was a great "
     "friend.", "Steeve Briois"),
    # a surname alone after the full name (demo mvi-0017: 'Daurat said'; cl-0003: 'Ferrand said')
    ("Michel Daurat sang in Moscow on Thursday. \"I am a singer,\" Daurat said. He criticised the "
     "climate of suspicion towards Russia.", "Daurat"),
    ("\"No,\" said two Tory MPs on Monday. \"No,\" MPs said. He criticised the climate of "
     "suspicion towards Russia.", "He"),
    # a registry person's surname after a title is not an unlisted speaker (BASIL: 'he' went
    # to 'Pelosi' from "Ms. Pelosi said")
    ("Vladimir Putin spoke on Monday. \"The EU is failing,\" Mrs. Le Pen said. \"Russia is our "
     "friend,\" he said.", "Vladimir Putin"),
])
def test_a_pronoun_after_a_speaker_not_in_the_registry(text, speaker):
    _, cl = run([text])
    assert cl.loc[cl["target_actor"] == "russia", "speaker"].tolist() == [speaker]


@pytest.mark.parametrize("text, expected", [
    # Wikinews: 'a translation' was the speaker of claims about Juncker, whose words they were
    ("\"The Americans can't just leave the agreement,\" Juncker said Wednesday, according to a "
     "translation from NBC News.", set()),
    ("According to a translation from NBC News, Juncker said the treaty has safeguards.", set()),
    # a document's author is the speaker
    ("According to a Twitter post by Amy Cook, the EU was wrong.", {("Amy Cook", None, "eu")}),
    ("According to a statement from the Kremlin, the EU sanctions were illegal.",
     {("Kremlin", "kremlin", "eu_sanctions")}),
    ("According to a report, Russia interfered.", {("a report", None, "russia")}),
])
def test_according_to_a_document(text, expected):
    _, cl = run([text])
    assert {(r.speaker, r.speaker_actor, r.target_actor) for r in cl.itertuples()} == expected


@pytest.mark.parametrize("text, quote", [
    # the words are the sentence without its "according to" phrase ...
    ("According to Marine Le Pen, the EU is a prison.", "the EU is a prison."),
    ("The EU is a prison, according to Marine Le Pen.", "The EU is a prison"),
    ("Selon Marine Le Pen, l'Union européenne est une prison.",
     "l'Union européenne est une prison."),
    ("\"The EU is a prison,\" according to Marine Le Pen.", "The EU is a prison"),
    # ... unless the phrase sits inside them
    ("The EU, according to Marine Le Pen, is a prison.",
     "The EU, according to Marine Le Pen, is a prison."),
])
def test_according_to_quotes_the_words_not_the_attribution(text, quote):
    _, cl = run([text], ["fr" if text.startswith("Selon") else "en"])
    assert cl.loc[cl["speaker"] == "Marine Le Pen", "quote"].tolist() == [quote]


@pytest.mark.parametrize("text, expected", [
    # English probes: an adverb after the apposition still leaves the name as the subject ...
    ("Dupont-Aignan, once a critic of Moscow, now says France needs Russia as an ally.",
     {("Dupont-Aignan", "russia"): "favor"}),
    # ... a defeat for the target is against it, whatever the verb's own polarity ...
    ("Le Pen hailed Trump's victory as a defeat for the European Union.",
     {("Le Pen", "eu"): "against"}),
    # ... and expelling is hostile: calling for it is against, rejecting it for the target
    ("The minister called for the expulsion of Russian diplomats.",
     {("The minister", "russia"): "against"}),
    ("The minister rejected calls to expel Russian diplomats.",
     {("The minister", "russia"): "favor"}),
    ("Le Pen urged Macron to expel Russian diplomats.", {("Le Pen", "russia"): "against"}),
    # EUvsDisinfo: wanting to encircle or destabilise is hostile; severing all ties too
    ("NATO wants to encircle Russia.", {("NATO", "russia"): "against"}),
    ("The USA wants to transform Ukraine into a transit zone to destabilize Russia.",
     {("The USA", "russia"): "against"}),
    ("Viatrovich called on Ukrainians to sever all ties with their Russian relatives.",
     {("Viatrovich", "russia"): "against"}),
])
def test_english_probes(text, expected):
    assert speakers_claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # French probes: a mistake or a failure is negative (the English already was) ...
    ("Selon Jean-Luc Mélenchon, les sanctions contre la Russie sont « une erreur ».",
     {("Jean-Luc Mélenchon", "russia"): "favor"}),
    # ... and an adverb may stand inside "s'en prendre à"
    ("Marine Le Pen s'en prend régulièrement à la Banque centrale européenne.",
     {("Marine Le Pen", "ecb"): "against"}),
])
def test_french_probes(text, expected):
    assert speakers_claims_of(text, "fr") == expected


@pytest.mark.parametrize("text, expected", [
    # SemEval-2025 'against' rows: the apposition after an inverted speaker says who they are,
    # not what they said (Simonyan was against Sputnik, her own outlet) ...
    ("The West staged the attack, said Margarita Simonyan, the editor-in-chief of RT and "
     "Sputnik.", {}),
    # ... unless it is a clause that goes on with the content
    ("But before any of them can be identified, McGahey suggested, the warfighters will be "
     "obliged to fight Russia.", {("McGahey", "russia"): "against"}),
    # "not yet" negates: refusing to condemn is favour
    ("India has not yet condemned Russia.", {("India", "russia"): "favor"}),
    # a warning after an adjective is a noun: no speaker "The chilling"
    ("The chilling warning comes as fears grow that Russia could use a dirty bomb.", {}),
])
def test_appositions_negation_and_nouns_in_reported_speech(text, expected):
    assert speakers_claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # SemEval-2025 speakers in favour of the target they oppose, and phrases behind them
    ('"We won\'t let Iran or Russia succeed," Biden said.', {("Biden", "russia"): "against"}),
    ('"Our priority should be a Ukrainian victory over Putin," Wicker said.',
     {("Wicker", "putin"): "against"}),
    ('"Russia has used energy as blackmail," Cruz said.', {("Cruz", "russia"): "against"}),
    ("McConnell called for a stronger stance against Russia.",
     {("McConnell", "russia"): "against"}),
    ("Clarke hailed Brexit for letting Britain hit back at Vladimir Putin.",
     {("Clarke", "putin"): "against"}),
    # an against phrase that holds a favour phrase wins ("ties with")
    ("Tata Steel announced it was severing business ties with Russia.",
     {("Tata Steel", "russia"): "against"}),
    ("Le Pen called for a softer stance toward Russia.", {("Le Pen", "russia"): "favor"}),
    # a verb cue after an adjective is a noun: no speaker "Depressing surveys show huge", and
    # Pence keeps his quote past "providing US military support" in his apposition
    ("Depressing surveys show huge support among the population for Putin.", {}),
    ('"If Putin were to overrun Ukraine, our men would be required to fight," Pence, an '
     "outspoken backer of the war effort and providing US military support for the country, "
     "told NBC News in June.", {("Pence", "putin"): "neutral"}),
])
def test_phrases_of_opposition_and_cue_nouns(text, expected):
    assert speakers_claims_of(text) == expected


@pytest.mark.parametrize("text, lang, expected", [
    # a quoted phrase inside the first verb's content does not end the clause: the verb after
    # "and" is the same speaker's, with its own content (demo: the 'claimed' was read as part of
    # the accusation; "et accusé François Fillon de ..." as part of "a dénoncé")
    ('Richard Ferrand accused Russian media of spreading "invented stories" about the candidate '
     "and claimed that the servers had been attacked from Russia.", "en",
     {("russian_state_media", "accuse", "against"), ("russia", "say", "against")}),
    ('À gauche, Benoît Hamon a dénoncé une "complaisance coupable" et accusé François Fillon de '
     '"faire le jeu du Kremlin".', "fr", {("kremlin", "accuser", "against")}),
])
def test_a_verb_coordinated_after_a_quoted_phrase(text, lang, expected):
    _, cl = run([text], [lang])
    cl = cl[cl["speaker"] != "author"]
    assert {(r.target_actor, r.cue, r.stance) for r in cl.itertuples()} == expected


@pytest.mark.parametrize("text, expected", [
    # the target as the place of what is judged (demo: Mélenchon "criticised the deployment of
    # NATO troops close to Russia's borders" was against Russia)
    ("Mélenchon criticised the deployment of NATO troops close to Russia's borders.", "neutral"),
    ("Mélenchon criticised the troops on Russia's border with Ukraine.", "neutral"),
    ("Le Pen condemned Russia's border policy.", "against"),
    ("Macron condemned Russia's annexation of Crimea.", "against"),
])
def test_a_target_that_is_only_a_place(text, expected):
    assert set(speakers_claims_of(text).values()) == {expected}


@pytest.mark.parametrize("text, lang, expected", [
    # verbs of attack in news copy (BASIL, SemEval-2025: "Ted Cruz lashed out at Donald Trump",
    # "Simon Clarke railed against the sluggish EU response" were the author's neutral rows)
    ("Le Pen lashed out at the European Union on Friday.", "en", {("Le Pen", "eu"): "against"}),
    ("Mélenchon railed against Brussels in Marseille.", "en", {("Mélenchon", "eu"): "against"}),
    ("Fillon took aim at the Kremlin.", "en", {("Fillon", "kremlin"): "against"}),
    ("Macron derided the European Commission.", "en",
     {("Macron", "european_commission"): "against"}),
    ("Marine Le Pen s'en est prise à l'Union européenne.", "fr",
     {("Marine Le Pen", "eu"): "against"}),
    ("Jean-Luc Mélenchon a raillé Bruxelles.", "fr", {("Jean-Luc Mélenchon", "eu"): "against"}),
    # "blasts" is a noun as often as a verb, and is no cue
    ("The Nord Stream blasts cut Russia off from Germany.", "en", {}),
])
def test_verbs_of_attack(text, lang, expected):
    assert speakers_claims_of(text, lang) == expected


@pytest.mark.parametrize("text, expected", [
    # a headline's passive has no auxiliary: the one judged is no speaker (SemEval-2023: "Sadiq
    # Khan Slammed for Pro-EU 'Message of Support'" was Sadiq Khan against the EU)
    ("Sadiq Khan Slammed for Pro-EU Message of Support", {}),
    ("Macron criticised for his remarks on Russia.", {}),
    ("Le Pen slammed over her ties to Russia.", {}),
    # ... and its subject, in apposition, is still the main verb's
    ("Macron, criticised for his remarks, praised Russia.", {("Macron", "russia"): "favor"}),
    # active verbs: the object comes first, or "for" is the verb's own ("pressed for")
    ("Macron criticised Putin for his remarks.", {("Macron", "putin"): "against"}),
    ("Le Pen pressed for closer ties with Russia.", {("Le Pen", "russia"): "favor"}),
])
def test_a_passive_without_its_auxiliary(text, expected):
    assert speakers_claims_of(text) == expected


@pytest.mark.parametrize("text", [
    # pro-Kremlin statements (propaganda-app): the relative's antecedent speaks, not what
    # follows "according to which" ("the missile") nor the words before "in" ("The
    # allegations come")
    "This is shown by data from the Russian Defence Ministry, according to which the missile, "
    "whose number Western investigators gave, was handed to Ukraine.",
    "The allegations come in a new documentary that challenges the version of the "
    "investigative team that blames Moscow.",
    "The allegations appear in a documentary that blames Moscow.",
])
def test_no_speaker_from_a_relative_clause_without_its_antecedent(text):
    _, cl = run([text])
    assert set(cl["speaker"]) == {"author"}, cl[["speaker", "target_actor", "cue"]]


@pytest.mark.parametrize("text, lang, speaker", [
    ("Le candidat d'En Marche a dénoncé l'ingérence russe dans la campagne.", "fr",
     "Le candidat d'En Marche"),
    ("La présidente du FN a salué la politique étrangère de Vladimir Poutine.", "fr",
     "La présidente du FN"),
])
def test_a_role_noun_with_no_one_named_before_is_its_own_speaker(text, lang, speaker):
    """An excerpt that opens with 'La présidente du FN a salué ...' gave the praise to the
    author: the role noun found no antecedent and no speaker at all."""
    claims = claims_of(text, lang)
    assert {sp for sp, _ in claims} == {speaker}, claims


@pytest.mark.parametrize("text, speaker", [
    ('Emmanuel Macron was sworn in on Sunday. "We will judge the new leadership by its actions," '
     "Deputy Foreign Minister Alexei Meshkov said on Monday. He said Russia was ready to restore "
     '"full-format cooperation" with France.', "Alexei Meshkov"),
    ("Emmanuel Macron spoke in Berlin. The party's secretary-general, Richard Ferrand, called on "
     "the government to act. He said the attacks had come from Russia.", "Richard Ferrand"),
    ("Marine Le Pen was in Lyon. Alex Lagakos, deputy director of the Greek Energy Forum, said "
     "the project mattered. He said the EU would not finance it.", "Alex Lagakos"),
    # a registry person named after the unlisted speaker, in the same sentence, is not the
    # antecedent (BASIL: '"...," he said' went to Nancy Pelosi, named in Sarah Sanders' words)
    ("John Herbst, a former ambassador, said Putin was wrong. \"Russia will not change,\" he "
     "said.", "John Herbst"),
    ("John Herbst criticized Macron for the visit. He said the EU was weak.", "John Herbst"),
])
def test_a_pronoun_after_an_unlisted_speaker_is_theirs(text, speaker):
    """'He said ...' after a speaker who is not in the registry went back to the last registry
    person (six times in the demo corpus, Macron or Le Pen, who never said those words)."""
    claims = claims_of(text)
    assert {sp for sp, t in claims if t in ("russia", "eu")} == {speaker}, claims


@pytest.mark.parametrize("text, speaker", [
    # BASIL: '"...," he said' after 'Akin, however, continued his refusal' went to Mitt Romney
    ("Putin met Macron on Monday. John Herbst, a former ambassador, remained skeptical. "
     "\"Russia will not change,\" he said.", "John Herbst"),
    ("Todd Akin was in Paris. Putin met Macron on Monday. Akin, however, continued his refusal "
     "to leave. \"Russia is our friend,\" he said.", "Akin"),
    # demo rc-0019: 'Ostrovsky, 52, grew up in Leningrad ...'
    ("Dmitri Ostrovsky runs a restaurant. Putin met Macron on Monday. Ostrovsky, 52, grew up in "
     "Leningrad. During the campaign, he said, customers argued about Russia.", "Ostrovsky"),
    # no person: a place before a noun, and a connective before a surname not named in full
    ("Putin met Macron on Monday. New York officials remained skeptical. \"Russia will not "
     "change,\" he said.", "Putin"),
    ("Putin met Macron on Monday. But Herbst remained skeptical. \"Russia will not change,\" he "
     "said.", "Putin"),
    # ... and in the pronoun's own sentence, before it (SemEval, BASIL: 'he' went to the last
    # registry person before the sentence, or stayed 'he')
    ("Putin met Macron. Former FBI Director James Comey, who led the inquiry, said that he "
     "believed Russia had interfered.", "James Comey"),
    ("Beto O'Rourke says he still believes that Trump conspired with Russia.", "Beto O'Rourke"),
])
def test_a_pronoun_after_an_unlisted_subject_is_theirs(text, speaker):
    """A name not in the registry that opens a sentence with its main verb is the antecedent of
    a pronoun after it, as a speaker's name is."""
    claims = claims_of(text)
    assert {sp for sp, t in claims if t in ("russia", "eu")} == {speaker}, claims


@pytest.mark.parametrize("text, expected", [
    ('Germany\'s domestic intelligence agency said that it had recorded "a marked rise" in '
     "cyber-attacks on political parties attributed to groups linked to Russian intelligence "
     "services.", {("Germany's domestic intelligence agency", "russia"): "against"}),
    ("Macron's campaign said it faces hundreds of attempts to penetrate its systems and has "
     "pointed at groups it believes are linked to Russian intelligence.",
     {("Macron's campaign", "russia"): "against"}),
    # a passive without its agent has no speaker: its subject did not blame anyone
    ("The BfV said the attacks were blamed on hackers working for the GRU.",
     {("The BfV", "gru"): "against"}),
    ("Le Pen is opposed to the EU sanctions.", {("Le Pen", "eu_sanctions"): "against"}),
])
def test_attributed_attacks_and_agentless_passives(text, expected):
    """'cyber-attacks ... attributed to groups linked to Russian intelligence' was favour toward
    Russia (the demo report's first Russia claim); 'the attacks were blamed on' made 'the
    attacks' a speaker."""
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, lang, expected", [
    # a quote standing alone after the speaker's attributed quote goes on with the same speaker
    ('"Russia is our friend," Le Pen said. "The EU is our enemy."', "en",
     {("Le Pen", "russia"): "favor", ("Le Pen", "eu"): "against"}),
    ("« La Russie est notre amie », a déclaré Marine Le Pen. « L'Union européenne est notre "
     "ennemie. »", "fr",
     {("Marine Le Pen", "russia"): "favor", ("Marine Le Pen", "eu"): "against"}),
    # ... but not after someone else's sentence
    ('"Russia is our friend," Le Pen said. Macron disagreed. "The EU is our future."', "en",
     {("Le Pen", "russia"): "favor", ("Macron", "eu"): "neutral"}),
    # one statement in two parts
    ('"The EU," Le Pen added, "is our enemy."', "en", {("Le Pen", "eu"): "against"}),
    # a speaker and a colon
    ('Le Pen: "Russia is our friend."', "en", {("Le Pen", "russia"): "favor"}),
    # an accusation mocked as foregone is a rebuttal
    ('"Whatever happened, Russia would be guilty," said Viktor Arkhipov.', "en",
     {("Viktor Arkhipov", "russia"): "favor"}),
    # and the target's own coordinated clause
    ('"The sanctions must go," Fillon said, "because they hurt our farmers and Russia is not '
     'our enemy."', "en", {("Fillon", "russia"): "favor"}),
])
def test_quotes_that_go_on_split_or_follow_a_colon(text, lang, expected):
    assert claims_of(text, lang) == expected


@pytest.mark.parametrize("text, expected", [
    # BASIL (NYT style): a period of a title, initial or state in the speaker phrase made the
    # quote the author's
    ('"Russia is not our enemy," Mr. Herbst said.', {("Mr. Herbst", "russia"): "favor"}),
    ('"The EU must change," Rep. Gregory Meeks, D-N.Y., said.',
     {("Rep. Gregory Meeks", "eu"): "neutral"}),
    ('"This is about Russia," an unnamed U.S. intelligence official told reporters.',
     {("an unnamed U.S. intelligence official", "russia"): "neutral"}),
    ('"Russia is not our enemy", Mr. Herbst said.', {("Mr. Herbst", "russia"): "favor"}),
    # a quoted phrase the sentence goes on from is no utterance: the verb after it is the
    # reported speech's (this sentence's quote went to Mr. Trump, its 'that' clause to no one)
    ('In an interview on the "Today" show, Mr. Herbst told Meredith Vieira that he had "real '
     'doubts" about Russia.', {("Mr. Herbst", "russia"): "against"}),
])
def test_quote_speakers_with_abbreviations(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a lower-case title before a name not in the registry (demo mvi-0015, BASIL)
    ('"Brussels has chosen its candidate," her deputy Louis Aliot said.',
     {("Louis Aliot", "eu"): "neutral"}),
    ('In a statement, union president Randi Weingarten called the EU "a cruel hoax."',
     {("Randi Weingarten", "eu"): "against"}),
    # a quoted title is no utterance: the verb after it is the reported speech's
    ('Speaking on CNN\'s "State of the Union," John Herbst said Russia had lied.',
     {("John Herbst", "russia"): "against"}),
    # a speaker with a long apposition after the quote
    ('"Russia lied," John Herbst, the former ambassador to Ukraine and a senior fellow at the '
     "Atlantic Council in Washington, said in a statement.", {("John Herbst", "russia"): "against"}),
])
def test_speakers_after_lower_case_titles_quoted_titles_and_long_appositions(text, expected):
    """All four were the author's: the speaker phrase opened in lower case, the title
    '"State of the Union,"' took the verb as if it were a quote, and the apposition was
    over 90 characters."""
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # BASIL: 'Added Gibbs: "..."', a verb before its speaker at the sentence start
    ('Robert Gibbs spoke. Added Gibbs: "Russia lied."', {("Gibbs", "russia"): "against"}),
    ('Added the minister: "Russia lied."', {("the minister", "russia"): "against"}),
    # quoted or cited as saying (BASIL, SemEval-2025)
    ('Sen. Charles Schumer was quoted in The Hill as saying: "Russia lied."',
     {("Sen. Charles Schumer", "russia"): "against"}),
    ("Ben Wallace was cited by The Scotsman as saying that Putin's order amounts to an "
     "admission of failure.", {("Ben Wallace", "putin"): "against"}),
])
def test_a_verb_before_its_speaker_and_a_colon(text, expected):
    assert claims_of(text) == expected


def test_pronouns_without_antecedent_are_resolved_in_linear_work(monkeypatch):
    """An article of 3,000 sentences 'He said the EU was wrong.' (no one named) walked back over
    every earlier sentence for each pronoun: 4.5 million sentence scans, 6 s; 60,000 sentences
    would take hours. The walk is memoised per article."""
    import analysis.attribution as attribution

    calls = []
    real = attribution._Article.span
    monkeypatch.setattr(attribution._Article, "span",
                        lambda self, lo, hi: calls.append(1) or real(self, lo, hi))
    claims = claims_of(" ".join("He said the EU was wrong." for _ in range(3000)))
    assert claims == {("He", "eu"): "against"}   # no one to refer to: the pronoun speaks
    assert len(calls) < 10 * 3000, len(calls)   # mentions looked up per sentence, not per pair


@pytest.mark.parametrize("text, expected", [
    ("« Poutine est un dictateur », a répondu Benoît Hamon.", {("Benoît Hamon", "putin"): "against"}),
    ("La candidate s'est dite favorable à un rapprochement avec Moscou.",
     {("La candidate", "russia"): "favor"}),
    ("Benoît Hamon était à Lille. Selon lui, les sanctions contre la Russie sont utiles.",
     {("Benoît Hamon", "russia"): "against"}),
    # a title before a name outside the registry is that name, not the last deputy named
    ("Jean-Claude Juncker a parlé. « Bruxelles a déjà choisi son président », a ironisé le "
     "député Gilbert Collard.", {("Gilbert Collard", "eu"): "neutral",
                                  ("author", "juncker"): "neutral"}),
])
def test_french_speech_verbs_pronouns_and_titles(text, expected):
    assert claims_of(text, "fr") == expected


@pytest.mark.parametrize("text, expected", [
    # a parenthesis before the verb is an aside, not where the subject starts
    ("The FSB (Russia's security service) said the EU was lying.", {("FSB", "eu"): "against"}),
    ("Macron (who was in Berlin) said Russia was meddling.", {("Macron", "russia"): "against"}),
    # demanding an explanation from someone is no support for them
    ("Angela Merkel, the Chancellor of Germany, demanded an explanation from Russia.",
     {("Angela Merkel", "russia"): "against"}),
])
def test_asides_demands_and_names(text, expected):
    """Real Wikinews sentences gave the speaker 'FSB)', and Merkel's demand for an explanation
    was favour toward Russia."""
    assert claims_of(text) == expected


def test_also_called_names_a_thing_not_a_speaker():
    claims = claims_of("The winners are awarded free tuition at First Moscow State Medical "
                       "University (First MSMU) in Russia, also called Sechenov University.")
    assert "Sechenov University" not in {sp for sp, _ in claims}, claims


@pytest.mark.parametrize("text, expected", [
    # a participle after the main clause, whose verb is no cue, is the main subject's
    ("Meanwhile, Trump continued pounding Sessions in other tweets, saying he needed to "
     "investigate Russia.", {("Trump", "russia")}),
    ("Kremlin spokesman Dmitry Peskov declined to add to her remarks, saying the Kremlin did not "
     "comment.", {("Dmitry Peskov", "kremlin")}),
    # so is a cue after "<verb>ed to", after "and", and a cue noun after a possessive
    ("Trump continued to criticise Russia.", {("Trump", "russia")}),
    # a verb of aspect right before the cue's -ing form is no part of its subject
    ("Trump continued criticizing Russia.", {("Trump", "russia")}),
    ("Mr. Trump kept criticising the EU on Twitter.", {("Mr. Trump", "eu")}),
    ("Jean-Luc Mélenchon clashed with Le Pen over her economic plans and attacked the EU's trade "
     "deals.", {("Jean-Luc Mélenchon", "eu")}),
    ("President Vladimir Putin on Monday congratulated Emmanuel Macron on his victory and called "
     "on the new leader to work with Moscow.", {("Vladimir Putin", "russia")}),
    ("Le Pen repeated her pledge to hold a referendum on EU membership.", {("Le Pen", "eu")}),
    # a cue noun after a possessive is no verb whose subject ends before it
    ("APCO officials told The Hill that its support for the Clinton Global Initiative and its work "
     "with Russia were not connected in any way.", {("APCO officials", "russia")}),
    # a relative clause far from the main verb keeps its own subject
    ("The Department of Justice unsealed an indictment against an executive who stands accused "
     "of bribing a Russian official.", set()),
])
def test_a_cue_that_shares_the_main_verbs_subject(text, expected):
    """Real news (SemEval, the Propaganda Techniques Corpus, the demo) gave these claims to
    'Trump continued pounding Sessions' and 'The Hill that its', or to no one."""
    assert set(speakers_claims_of(text)) == expected


@pytest.mark.parametrize("text, lang, expected", [
    # an object verb judges the accusation or inquiry, not what it is about
    ("Macron called for an investigation into Russian hacking.", "en", "against"),
    ("Emmanuel Macron a réclamé une enquête sur l'influence de la Russie.", "fr", "against"),
    ("Trump attacked the investigation into Russian interference.", "en", "favor"),
    ("Trump criticised the accusations of Russian meddling.", "en", "favor"),
    ("Marine Le Pen a dénoncé l'enquête sur les ingérences russes.", "fr", "favor"),
    # ending it, in an object or in what is said
    ("Trump called for an end to the investigation into Russian meddling.", "en", "favor"),
    ("Trump told Jeff Sessions to put an end to the Russia probe.", "en", "favor"),
    ("Emmanuel Macron a demandé l'arrêt de l'enquête sur la Russie.", "fr", "favor"),
    # dismissing it, as with an accusation
    ("Trump dismissed the Russia investigation as a witch hunt.", "en", "favor"),
    # a warning's object is a danger; Russia's own inquiry is not about Russia
    ("Macron warned of reports of Russian meddling.", "en", "against"),
    ("Macron praised Russia's investigation into the crash.", "en", "favor"),
])
def test_a_verb_on_an_inquiry_gives_its_subject_the_opposite_stance(text, lang, expected):
    """'called for an investigation into Russian hacking' was favour toward Russia, and
    'put an end to the Russia probe' (a PTC headline) against it."""
    stances = {st for (sp, target), st in speakers_claims_of(text, lang).items()
               if target == "russia"}
    assert stances == {expected}


@pytest.mark.parametrize("text, speaker", [
    # a titled name opening the sentence is its subject, and a later pronoun's referent
    ("Mrs May has doubled down on the scare tactics, writing in the Mail on Sunday that critics "
     "were wrong. \"The only way is backing the deal and leaving the EU,\" she wrote.", "Mrs May"),
    # a title gives a gender: 'she' is not Mr Rees-Mogg
    ("Mr Rees-Mogg wrote in the Sunday Express. She said the EU had failed.", "She"),
    # a headline run into the text names no speaker
    ("'No Way' Northern Irish DUP Will Support May's Brexit Deal. She said the EU had failed.",
     "She"),
])
def test_titled_names_and_headlines_as_referents(text, speaker):
    """SemEval: Mrs May's 'she wrote' went to 'DUP Will', from a tweet's title two sentences
    before."""
    assert {sp for sp, target in speakers_claims_of(text) if target == "eu"} == {speaker}


def test_a_quote_after_an_attributed_one_is_not_given_to_a_name_deep_in_the_next_sentence():
    """PTC/SemEval: the second part of Campbell's testimony was given to 'Clinton Global
    Initiative', a name after 'APCO officials told The Hill that its support for the'."""
    _, cl = run(['Campbell added that Russian officials "told me they expected APCO to help."\n'
                 '"APCO was expected to give assistance to the Clinton Global Initiative to ensure '
                 'approval of the U.S.-Russia nuclear agreement."\n'
                 "APCO officials told The Hill that its support for the Clinton Global Initiative "
                 "and its work with Russia were not connected."])
    assert "Clinton Global Initiative" not in set(cl["speaker"])
    assert "APCO officials" in set(cl.loc[cl["sentence_id"] == 2, "speaker"])


def test_a_phrase_ending_in_a_conjunction_is_no_speaker():
    """SemEval: 'If the UK government had called Brussels' bluff and announced ...' was said by
    "Brussels' bluff and"."""
    claims = claims_of("If the UK government had called Brussels' bluff and announced that "
                       "Britain would just leave, Tusk would have come running.")
    assert {sp for sp, _ in claims} == {"author"}


@pytest.mark.parametrize("text, speakers", [
    ("Since British troops train on Russia's doorstep, one wonders if Gavin Williamson wrote "
     "this speech about Russia.", {"Gavin Williamson"}),
    # indefinite pronouns and 'All told' name no speaker
    ("Anyone who still believes the EU supports democracy should reflect.", set()),
    ("All told, Mueller charged 34 people over Russia.", set()),
    ("Nobody in Kiev wants to negotiate with the Kremlin.", set()),
    # a condition's subject says nothing; unnamed others do speak
    ("If the Czech Republic wants to stay in the EU, it will have to accept the quota.", set()),
    ("Others noted that RT had been criticised for breaching impartiality rules.", {"Others"}),
])
def test_subordinate_and_indefinite_subjects(text, speakers):
    """SemEval: 'one wonders if Gavin Williamson', 'Anyone' and 'All' (of 'All told') were
    speakers; EUvsDisinfo: 'Nobody in Kiev wants ...' was Nobody favouring the Kremlin."""
    assert {sp for sp, _ in speakers_claims_of(text)} == speakers


@pytest.mark.parametrize("text, expected", [
    # an agentless passive of speech: the subject is what is said about, the author reports it
    ("Moscow is said to have interfered in the election.", {("author", "russia"): "against"}),
    ("Russian hackers are thought to be behind the leaks.", {("author", "russia"): "against"}),
    ("The deal is believed to have netted the Clintons millions from Russia.",
     {("author", "russia"): "neutral"}),
    # "is opposed to" stays a stance
    ("Le Pen is opposed to the EU.", {("Le Pen", "eu"): "against"}),
])
def test_said_to_and_believed_to_have_no_speaker(text, expected):
    """'Moscow is said to have interfered' made Moscow the speaker of its own charge (no claim
    about Russia at all), and PTC's 'the Uranium One deal ... is believed to have netted ...'
    made the deal a speaker."""
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, lang, key, stance", [
    # a policy that fails: against the sanctions, so for their target
    ("Fillon said sanctions against Russia had achieved nothing.", "en", ("Fillon", "russia"),
     "favor"),
    ("Fillon said sanctions against Russia were counterproductive.", "en", ("Fillon", "russia"),
     "favor"),
    ("François Fillon a estimé que les sanctions contre la Russie ne servaient à rien.", "fr",
     ("François Fillon", "russia"), "favor"),
    ("François Fillon a jugé les sanctions contre la Russie inefficaces.", "fr",
     ("François Fillon", "russia"), "favor"),
    ("If Marine Le Pen's visit to the Kremlin achieved nothing else, it revealed how nervous the "
     "press has become.", "en", ("author", "kremlin"), "neutral"),
    # "a de nouveau réclamé": the pronoun is the subject
    ("Marine Le Pen était à Lyon. Selon son entourage, le déplacement visait à démontrer sa "
     "stature. Elle a de nouveau réclamé la levée des sanctions européennes.",
     "fr", ("Marine Le Pen", "eu_sanctions"), "against"),
])
def test_failed_policies_and_de_nouveau(text, lang, key, stance):
    """'sanctions against Russia had achieved nothing' / 'ne servaient à rien' / 'inefficaces'
    were neutral; the demo's 'Elle a de nouveau réclamé la levée des sanctions' had no
    speaker."""
    assert claims_of(text, lang).get(key) == stance


@pytest.mark.parametrize("text, lang, key", [
    ("Selon Benoît Hamon, l'Union européenne doit rester ferme face à Moscou.", "fr",
     ("Benoît Hamon", "russia")),
    ("Nicolas Dupont-Aignan dénonce la soumission à Bruxelles.", "fr",
     ("Nicolas Dupont-Aignan", "eu")),
    ("Macron said Europe should stand firm against Moscow.", "en", ("Macron", "russia")),
])
def test_firmness_facing_a_capital_is_against_it(text, lang, key):
    """'face à Moscou' and 'soumission à Bruxelles' were read as places (no mention), and
    firmness toward a target carried no stance."""
    assert claims_of(text, lang).get(key) == "against"


@pytest.mark.parametrize("text, key, stance", [
    ("Asselineau, who wants France to leave the EU, also wants to quit NATO.",
     ("Asselineau", "eu"), "against"),
    ("Le Pen has promised to take France out of the eurozone.", ("Le Pen", "eurozone"), "against"),
    ('Johnson said: "I am committed to getting Britain out of the EU by October 31st."',
     ("Johnson", "eu"), "against"),
])
def test_a_surname_before_who_and_taking_a_country_out(text, key, stance):
    """'Asselineau, who wants France to leave the EU' had no speaker (a surname alone was no
    antecedent of 'who'); 'take France out of the eurozone' and Wikinews' 'getting Britain out
    of the EU' were favour and neutral."""
    assert claims_of(text).get(key) == stance


def test_the_addressee_told_something_is_no_target():
    """'Macron told Putin at Versailles that RT and Sputnik had behaved as organs of
    propaganda' was Macron against Putin; the one told is no target, unless told to act."""
    assert claims_of("Macron told Putin at Versailles that RT and Sputnik had behaved as organs "
                     "of propaganda.") == {("Macron", "rt"): "against",
                                           ("Macron", "sputnik"): "against"}
    assert claims_of("Macron told Putin to stop meddling.") == {("Macron", "putin"): "against"}


@pytest.mark.parametrize("text, expected", [
    # the quote or cue shares the subject of a main verb with an auxiliary (BASIL, demo
    # mvi-0003: the author's)
    ('Mr. Santorum did not back down, saying, "Russia has a very bad record."',
     {("Mr. Santorum", "russia"): "against"}),
    ("François Fillon has refused to abandon his call for a new relationship with Moscow.",
     {("François Fillon", "russia"): "favor"}),
    ("Donald Trump has expelled more Russian diplomats and sanctioned more Russian oligarchs.",
     {("author", "russia"): "neutral", ("Donald Trump", "russia"): "against"}),
    # a relative clause's subject is no speaker ('BuzzFeed also reported that Trump' was one)
    ("BuzzFeed also reported that Trump backed a plan to visit Russia.",
     {("author", "russia"): "neutral"}),
])
def test_the_subject_of_a_main_verb_with_an_auxiliary(text, expected):
    assert claims_of(text) == expected


def test_a_participle_after_a_quoted_phrase_shares_the_main_subject():
    """BASIL: 'Rick Santorum on Sunday tried to clarify his comment that President Obama
    subscribed to a "phony theology," saying he was referring ...': the quote cut the
    participle off from its subject, and what Santorum said was the author's."""
    assert claims_of('Marine Le Pen on Sunday tried to clarify her comment that the EU was a '
                     '"prison of peoples," saying that Russia was a partner.') == {
        ("author", "eu"): "against", ("Marine Le Pen", "russia"): "favor"}


@pytest.mark.parametrize("text, expected", [
    ('"The EU is a disaster," Trump tweeted on Tuesday.', {("Trump", "eu"): "against"}),
    ("Comey testified that Russia had interfered in the election.",
     {("Comey", "russia"): "against"}),
    ("Le Pen retorted that Macron was the candidate of Brussels.", {("Le Pen", "eu"): "neutral"}),
    ("Hamon went on to attack Fillon, claiming that he was too close to Moscow.",
     {("Hamon", "russia"): "neutral"}),
    # after 'when' the participle's subject is the main clause's (EUvsDisinfo)
    ("The President of Lithuania lied when stating that Russia attacked Georgia.",
     {("The President of Lithuania", "russia"): "against"}),
    # 'maintaining' is no verb of speech: it maintains the sanctions
    ("Macron has criticised Russia's actions in Ukraine and supports maintaining EU sanctions.",
     {("Macron", "russia"): "against", ("Macron", "eu_sanctions"): "favor"}),
])
def test_more_verbs_of_speech(text, expected):
    """'tweeted', 'testified', 'retorted', 'claiming' and other forms were missing from the
    speech verbs, so BASIL's, SemEval's and the demo's tweets and testimony were the author's."""
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("On Monday, John Herbst told reporters that Russia had lied.",
     {("John Herbst", "russia"): "against"}),
    ("In Paris, Le Pen told journalists that the EU sanctions had failed.",
     {("Le Pen", "eu_sanctions"): "against"}),
    # what was said before the comma
    ("The EU must act, Macron told reporters.", {("Macron", "eu"): "neutral"}),
    # where it was said, before "that", is not what was said (SemEval-2025: Kristersson was
    # against the European Parliament he spoke before)
    ("Kristersson claimed in a speech before the European Parliament that Moscow is a threat.",
     {("author", "european_parliament"): "neutral", ("Kristersson", "russia"): "against"}),
    ("Macron said at a meeting with Putin that RT had lied.",
     {("author", "putin"): "neutral", ("Macron", "rt"): "against"}),
])
def test_a_time_or_place_before_the_speaker_is_no_content(text, expected):
    """'On Monday, X told reporters that ...' read 'On Monday' as what X told reporters (as in
    'The EU must act, X told reporters'), and the 'that' clause was no one's."""
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # an elided article is no part of the word: "l'ennemi" is "ennemi"
    ("Pour Marine Le Pen, Bruxelles est l'ennemi des peuples.", {("Marine Le Pen", "eu"): "against"}),
    # "dire à X que": X is the one told, no target
    ("Emmanuel Macron a dit à Vladimir Poutine que RT et Sputnik s'étaient comportés comme des "
     "organes de propagande.", {("Emmanuel Macron", "rt"): "against",
                                ("Emmanuel Macron", "sputnik"): "against"}),
])
def test_french_elision_and_the_one_told(text, expected):
    assert claims_of(text, "fr") == expected


@pytest.mark.parametrize("text, key, stance", [
    # VADER scores "intelligence" +2.1, "determined" +1.4 and "interest" +2.0
    ("Cyber-security experts said the attack resembled operations of a group which Western "
     "governments associate with Russian military intelligence.",
     ("Cyber-security experts", "gru"), "against"),
    ('Peskov said only that Moscow was "watching with interest".', ("Peskov", "russia"),
     "neutral"),
    # and "top" +0.8, "justice" +2.4
    ("Macron said Russia's top diplomat was in Paris.", ("Macron", "russia"), "neutral"),
    ("Hamon said the Justice Department of Russia had opened a case.", ("Hamon", "russia"),
     "neutral"),
])
def test_news_nouns_that_vader_scores_carry_no_stance(text, key, stance):
    """The demo's 'associate with Russian military intelligence' was favour toward the Russian
    military, and Peskov's 'watching with interest' favour toward Russia."""
    assert claims_of(text).get(key) == stance


@pytest.mark.parametrize("text, key, stance", [
    # a negated exit is staying in
    ("Mélenchon said he would not leave the EU unless negotiations failed.",
     ("Mélenchon", "eu"), "favor"),
    ("Macron said France would never leave the EU.", ("Macron", "eu"), "favor"),
    ("Le Pen wants to leave the EU.", ("Le Pen", "eu"), "against"),
    # a negated lift word keeps its reading
    ("Macron said France would never abandon Ukraine to Russia.", ("Macron", "russia"), "against"),
    # a target to be dismantled or abolished
    ("Le Pen said the EU should be dismantled and replaced by a Europe of nations.",
     ("Le Pen", "eu"), "against"),
])
def test_negated_exits_and_targets_to_be_dismantled(text, key, stance):
    """'would not leave the EU' was against the EU, and 'the EU should be dismantled'
    neutral."""
    assert claims_of(text).get(key) == stance


@pytest.mark.parametrize("text, key, stance", [
    ("Jean-Luc Mélenchon a affirmé qu'il ne quitterait pas l'Union européenne sans référendum.",
     ("Jean-Luc Mélenchon", "eu"), "favor"),
    ("Marine Le Pen a promis que la France quitterait l'Union européenne.",
     ("Marine Le Pen", "eu"), "against"),
    ("Emmanuel Macron a promis de ne rien céder à Moscou.", ("Emmanuel Macron", "russia"),
     "against"),
])
def test_french_exit_tenses_and_conceding_nothing(text, key, stance):
    """'quitterait' was no exit word, and 'de ne rien céder à Moscou' was favour."""
    assert claims_of(text, "fr").get(key) == stance


@pytest.mark.parametrize("text, lang, expected", [
    ("Russia is a partner, said French presidential candidate Marine Le Pen.", "en",
     {("Marine Le Pen", "russia"): "favor"}),
    ("ISIS fighters bought missiles in Ukraine, says Ministry of Foreign Affairs spokesperson "
     "Maria Zakharova.", "en", {}),
    # a person after an adjective phrase is no inverted speaker
    ("Plusieurs élus LR, attachés à l'alliance atlantique, jugent le candidat trop conciliant "
     "envers Vladimir Poutine.", "fr", {("Plusieurs élus LR", "putin"): "neutral"}),
])
def test_a_speaker_after_a_long_title(text, lang, expected):
    """EUvsDisinfo: ', says Ministry of Foreign Affairs spokesperson Maria Zakharova' left the
    clause before it ('ISIS fighters bought missile complexes') as the speaker."""
    assert speakers_claims_of(text, lang) == expected


@pytest.mark.parametrize("text, key, stance", [
    ("The US wants to start a nuclear war with Russia in Ukraine.", ("The US", "russia"), "against"),
    # "with" after an intervening target is an ally
    ("Fillon called for a war against ISIS with Russia.", ("Fillon", "russia"), "favor"),
])
def test_a_war_with_a_target_is_against_it(text, key, stance):
    """EUvsDisinfo: 'The US wants to start a nuclear war with Russia' was favour toward
    Russia."""
    assert claims_of(text).get(key) == stance


@pytest.mark.parametrize("text, expected", [
    # "no" was read by YAML as the boolean False, so it negated nothing (BASIL, SemEval: "there
    # was no Russian collusion" was against Russia)
    ("Grant Smith said that there was no Russian collusion.", {("Grant Smith", "russia"): "favor"}),
    ("Fillon said there was no support for the EU sanctions.",
     {("Fillon", "eu_sanctions"): "against"}),
    # ... and where "no" negates nothing
    ("Le Pen said that France has no other partner than Russia.", {("Le Pen", "russia"): "favor"}),
    ("Khan said that no matter the outcome, the EU will always be welcome.",
     {("Khan", "eu"): "favor"}),
])
def test_no_negates(text, expected):
    assert claims_of(text) == expected


def test_a_yaml_boolean_in_a_cue_file_is_a_clear_error(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("negators:\n  en: [not, no]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"negators: en: False is a YAML boolean.*quotes"):
        load_stance_cues(path)


@pytest.mark.parametrize("text, expected", [
    # SemEval-2025 news: an adverb after the subject, an abbreviation's period, a participle
    # after the noun and a shouted heading were kept in (or cut) the speaker's phrase
    ("Facebook now warns users not to praise Putin.", {("Facebook", "putin"): "against"}),
    ("Russia moved helicopters, according to a senior U.S. defence official.",
     {("a senior U.S. defence official", "russia"): "neutral"}),
    ("Russia spent millions, according to a report by a watchdog agency issued last month.",
     {("a watchdog agency", "russia"): "neutral"}),
    ("EX-MI6 CHIEF SAYS the EU deal threatens security.", {("author", "eu"): "neutral"}),
    # an acronym name is no heading
    ("According to REN TV, Russia won.", {("REN TV", "russia"): "favor"}),
])
def test_speaker_phrase_edges(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the one pressed to act is judged by the act, not as favoured (SemEval-2025: "BORIS
    # Johnson today demanded Vladimir Putin 'steps back from the brink'" was favour)
    ("Macron urged Putin to withdraw his troops.", {("Macron", "putin"): "against"}),
    ("Johnson demanded Vladimir Putin steps back from the brink of war.",
     {("Johnson", "putin"): "against"}),
    ("Zelensky demanded Russia should withdraw its troops.", {("Zelensky", "russia"): "against"}),
    ("Le Pen urged Putin to help France fight terrorism.", {("Le Pen", "putin"): "favor"}),
    ("Macron urged the EU to lift sanctions on Russia.",
     {("Macron", "eu"): "neutral", ("Macron", "russia"): "favor"}),
    # a hostile act done to the target
    ('Johnson urged the Ukrainians to "just fight" Russia.', {("Johnson", "russia"): "against"}),
    ('"We will give Ukraine what it needs to resist the Kremlin\'s aggression," Biden said.',
     {("Biden", "kremlin"): "against"}),
    # calling for something stays favour
    ("Le Pen called for closer ties with Russia.", {("Le Pen", "russia"): "favor"}),
    # ... but protests and struggles against the target are against it (SemEval-2025)
    ("Yulia Navalnaya is urging mass protests against President Putin.",
     {("Yulia Navalnaya", "putin"): "against"}),
    ('"We must support Ukraine in its struggle against Russia," Yellen said.',
     {("Yellen", "russia"): "against"}),
])
def test_pressing_someone_to_act(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the target does an act of war VADER lacks (SemEval-2025 news: all neutral before)
    ("Russia's bombing of the Ukrainian energy system cut power.",
     {("author", "russia"): "against"}),
    ("The port city was relentlessly shelled by Russian forces.",
     {("author", "russian_military"): "against"}),
    ("Some areas were also bombed by Russian aircraft, Synegubov added.",
     {("Synegubov", "russia"): "against"}),
    # ... not when it suffers the act, nor when the charge is denied or called false
    # (EUvsDisinfo)
    ("The Russian military base was bombed.", {("author", "russian_military"): "neutral"}),
    ("Ukrainian forces are conducting a genocide of Russians in Donbas.",
     {("author", "russia"): "neutral"}),
    ("There was no bombing of Syrian civilians by Russia.", {("author", "russia"): "neutral"}),
    ("The claims that Russia has bombed civilians in Syria are fake.",
     {("author", "russia"): "neutral"}),
])
def test_acts_of_war_count_against_their_agent(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "as opposed to" compares; it opposes nothing (BASIL)
    ("Trump signed the bill, as opposed to the EU proposal.", {("author", "eu"): "neutral"}),
    ("Le Pen is opposed to the EU sanctions.", {("Le Pen", "eu_sanctions"): "against"}),
])
def test_as_opposed_to_is_no_opposition(text, expected):
    assert claims_of(text) == expected


@pytest.mark.parametrize("text, lang, expected", [
    # a cleft: "This is what X said" (SemEval-2025: the speaker was the apposition "MEP for
    # Poland's Law and Justice")
    ("This is what Joachim Brudzinski, MEP for Poland's Law and Justice (PiS) party, said "
     "about the EU.", "en", {"Joachim Brudzinski"}),
    ("That's what Le Pen said about the EU.", "en", {"Le Pen"}),
    ("C'est ce que Marine Le Pen a déclaré sur l'UE.", "fr", {"Marine Le Pen"}),
])
def test_a_cleft_names_its_speaker(text, lang, expected):
    assert {sp for sp, _ in claims_of(text, lang)} == expected


def test_target_blocs_scorer_and_cue_file_are_checked():
    arts = pd.DataFrame({"article_id": ["a"], "text": ["Le Pen said Russia was right about Crimea."]})
    sents = segment_sentences(arts)
    ments = detect_mentions(arts, sentences=sents)
    # one bloc as a string (it was read as its letters and gave no claims)
    assert extract_claims(arts, ments, sents, target_blocs="russia")["target_bloc"].tolist() \
        == ["russia"]
    with pytest.raises(ValueError, match="target_blocs rusia not in the registry"):
        extract_claims(arts, ments, sents, target_blocs=["rusia"])
    with pytest.raises(TypeError, match="an object with score.claims, sentences., got object"):
        extract_claims(arts, ments, sents, scorer=object())
    with pytest.raises(FileNotFoundError, match="stance cue file not found: nope.yaml"):
        extract_claims(arts, ments, sents, cues="nope.yaml")


def test_quotes_and_speakers_are_trimmed_of_every_kind_of_space():
    # " ,:" only: a tab or French typography's narrow no-break space stayed at the edges
    from analysis import segment_sentences

    arts = pd.DataFrame({"article_id": ["a", "b"], "language": ["fr", "en"], "text": [
        "Marine Le Pen a déclaré : «\u202fL'Union européenne est une prison\u202f!\u202f»",
        "Putin\tsaid:\tthe EU is weak."]})
    sents = segment_sentences(arts)
    claims = extract_claims(arts, detect_mentions(arts, sentences=sents), sents)
    got = dict(zip(claims["article_id"], zip(claims["speaker"], claims["quote"])))
    assert got["a"] == ("Marine Le Pen", "L'Union européenne est une prison\u202f!")
    assert got["b"] == ("Putin", "the EU is weak.")


@pytest.mark.parametrize("text, lang, expected", [
    # negative modals and modals between subject and verb: the speaker lost its verb
    # ("Le Pen can't" as the speaker) or the claim fell to the author
    ("Le Pen can't condemn Russia.", "en", {("Le Pen", "russia"): "favor"}),
    ("Macron cannot support the EU.", "en", {("Macron", "eu"): "against"}),
    ("Le Pen could not condemn Russia.", "en", {("Le Pen", "russia"): "favor"}),
    ("Le Pen should criticise Russia.", "en", {("Le Pen", "russia"): "against"}),
    ("Theresa May criticised Russia.", "en", {("Theresa May", "russia"): "against"}),
    # any adverb in -ly, and "not only", which negates nothing
    ("Le Pen warmly praised Putin.", "en", {("Le Pen", "putin"): "favor"}),
    ("Macron explicitly condemned the Kremlin.", "en", {("Macron", "kremlin"): "against"}),
    ("Le Pen not only praised Putin but also defended Russia.", "en",
     {("Le Pen", "putin"): "favor", ("Le Pen", "russia"): "favor"}),
    # French negation around a simple tense's verb
    ("Marine Le Pen ne dénonce jamais Vladimir Poutine.", "fr", {("Marine Le Pen", "putin"): "favor"}),
    ("Marine Le Pen ne critique plus la Russie.", "fr", {("Marine Le Pen", "russia"): "favor"}),
    ("Marine Le Pen ne soutient pas les sanctions de l'UE.", "fr",
     {("Marine Le Pen", "eu_sanctions"): "against"}),
    # a quote of two sentences: the second target takes its own sentence's tone
    ('"The EU is a great partner. Russia is a dangerous enemy," Macron said.', "en",
     {("Macron", "eu"): "favor", ("Macron", "russia"): "against"}),
    ('"The EU is a prison. Russia is our friend," Le Pen said.', "en",
     {("Le Pen", "eu"): "against", ("Le Pen", "russia"): "favor"}),
    # a quote closed by a verb with its own polarity is judged by the words
    ('"Russia is not our enemy," Le Pen warned.', "en", {("Le Pen", "russia"): "favor"}),
    ('"Putin is a great statesman," Le Pen warned.', "en", {("Le Pen", "putin"): "favor"}),
    # an inverted pronoun no one named before is the speaker, as '"...," he said' is
    ("« La Russie est notre amie », a-t-elle lancé.", "fr", {("elle", "russia"): "favor"}),
    # the author's tone leaves out the words of a speaker in the same sentence
    ("After meeting Putin, Le Pen said the EU was a dictatorship and a disaster.", "en",
     {("author", "putin"): "neutral", ("Le Pen", "eu"): "against"}),
    ("Le Pen said in an interview with RT that the EU was a dictatorship.", "en",
     {("author", "rt"): "neutral", ("Le Pen", "eu"): "against"}),
    # a quote split by its attribution is judged on the words, not the narration between
    ('"The EU," Le Pen said with a smile, "is a prison."', "en", {("Le Pen", "eu"): "against"}),
    # an accusation denied right before the target is a denial ("not a Russian plot" read as
    # the accusation itself); a withdrawal from the EU is leaving it
    ('Mark Olsen said the report was "not a Russian plot."', "en",
     {("Mark Olsen", "russia"): "favor"}),
    ('Mark Olsen said the report was "a Russian plot."', "en", {("Mark Olsen", "russia"): "against"}),
    ("Le Pen wants a withdrawal from the EU.", "en", {("Le Pen", "eu"): "against"}),
    # French: common speech verbs after a quote, "ne ... plus" before a participle,
    # "est favorable à", RT France
    ("« Bruxelles nous impose tout », a déploré François Fillon.", "fr",
     {("François Fillon", "eu"): "neutral"}),
    ("Jean-Luc Mélenchon n'a plus défendu l'UE.", "fr", {("Jean-Luc Mélenchon", "eu"): "against"}),
    ("Marine Le Pen est favorable à la levée des sanctions européennes.", "fr",
     {("Marine Le Pen", "eu_sanctions"): "against"}),
    ("RT France a dénoncé l'UE.", "fr", {("RT France", "eu"): "against"}),
    ("Marine Le Pen veut que la France sorte de l'UE.", "fr", {("Marine Le Pen", "eu"): "against"}),
    ("Marine Le Pen ne cesse de dénoncer l'UE.", "fr", {("Marine Le Pen", "eu"): "against"}),
    # a partial quote inside a paraphrase: the paraphrase is the speaker's too (the target
    # outside the quote went to the author)
    ("L'UE est une « prison des peuples », a affirmé Marine Le Pen.", "fr",
     {("Marine Le Pen", "eu"): "against"}),
    ('The EU is a "prison", Marine Le Pen said.', "en", {("Marine Le Pen", "eu"): "against"}),
    ("Marine Le Pen a salué Vladimir Poutine, « un partenaire fiable ».", "fr",
     {("Marine Le Pen", "putin"): "favor"}),
    # a speaker's words about itself are neither a claim nor the author's
    ("Moscow denied that Russian hackers were behind the leak.", "en", {}),
    ("The Kremlin dismissed claims of Kremlin interference as absurd.", "en", {}),
    # an object pronoun before the verb is not part of the speaker ("Marine Le Pen l'a")
    ("Marine Le Pen l'a répété : l'UE est une prison.", "fr", {("Marine Le Pen", "eu"): "against"}),
    ("Marine Le Pen le répète : l'UE est une prison.", "fr", {("Marine Le Pen", "eu"): "against"}),
    ("François Fillon lui a dit que la Russie était une partenaire.", "fr",
     {("François Fillon", "russia"): "favor"}),
    # leaving the euro and the EU is leaving the EU (was for it)
    ("Marine Le Pen veut sortir de l'euro et de l'UE.", "fr", {("Marine Le Pen", "eu"): "against"}),
    ("Le Pen wants to leave the euro and the EU.", "en", {("Le Pen", "eu"): "against"}),
    # "Pour le Kremlin, ..." is the Kremlin's view, as "Pour François Fillon, ..." is his
    ("Pour le Kremlin, les sanctions de l'UE sont une erreur.", "fr",
     {("Kremlin", "eu_sanctions"): "against"}),
    ("For the Kremlin, the EU sanctions are a mistake.", "en",
     {("Kremlin", "eu_sanctions"): "against"}),
    # ... but "Pour l'UE, c'est un échec" is the author's reading of the EU's situation
    ("Pour l'UE, c'est un échec.", "fr", {("author", "eu"): "against"}),
    # a name opening with a function word's letters is the name ("Andrzej" is not "and" +
    # "rzej": the claim went to the author, and "Evenson Smith" became "son Smith")
    ("Andrzej Duda said that the EU is weak.", "en", {("Andrzej Duda", "eu"): "against"}),
    ("Evenson Smith said that the EU is weak.", "en", {("Evenson Smith", "eu"): "against"}),
    ("Quentin Smith said that the EU is weak.", "en", {("Quentin Smith", "eu"): "against"}),
    ("Thatcher said that the EU is weak.", "en", {("Thatcher", "eu"): "against"}),
    # "they" is someone, if not named: its words are not the author's
    ("They said Putin was a criminal.", "en", {("They", "putin"): "against"}),
    ('They claimed: "Russia is a threat."', "en", {("They", "russia"): "against"}),
    ("Ils ont dénoncé l'UE.", "fr", {("Ils", "eu"): "against"}),
    # more speech verbs (the claims went to the author)
    ("Lavrov went on to say that the EU was weak.", "en", {("Lavrov", "eu"): "against"}),
    ("Putin informed reporters that the EU was weak.", "en", {("Putin", "eu"): "against"}),
    ("The court ruled that Russia was responsible for the abuses.", "en",
     {("The court", "russia"): "against"}),
    # "according to" a phrase with a relative clause: the phrase (was the author's voice)
    ("According to a study that is often cited, Gazprom is a top polluter.", "en",
     {("a study", "gazprom"): "against"}),
    # a Russian state body outside the registry is on Russia's side too, as its officials in
    # the registry are (the README says so; these were read as against Russia)
    ('"If restrictions on Russian media are lifted, the Russian side will reconsider," the '
     'Russian Foreign Ministry said.', "en",
     {("the Russian Foreign Ministry", "russia"): "neutral",
      ("the Russian Foreign Ministry", "russian_state_media"): "neutral"}),
    ("Russia's Investigative Committee said the Russian army was attacked.", "en",
     {("Russia's Investigative Committee", "russian_military"): "neutral"}),
    ("Le ministère russe des Affaires étrangères a dénoncé une provocation contre la Russie.",
     "fr", {("Le ministère russe des Affaires étrangères", "russia"): "favor"}),
    # ... but Russians who are not the state are judged as anyone
    ("Russian opposition activists said Putin was a criminal.", "en",
     {("Russian opposition activists", "putin"): "against"}),
])
def test_probe_sentences_get_their_speaker_and_stance(text, lang, expected):
    assert claims_of(text, lang) == expected


@pytest.mark.parametrize("text, lang, quote", [
    # the words start after who was told and when: "reporters that the EU ...", "on Wednesday
    # that ...", "jeudi que ..." were in the quote
    ("Peskov told reporters that the EU sanctions were illegal.", "en",
     "the EU sanctions were illegal."),
    ("Le Pen said last month that Russia was a natural ally.", "en", "Russia was a natural ally."),
    ("Lavrov said on Wednesday that the EU was silent.", "en", "the EU was silent."),
    ("Marine Le Pen a déclaré jeudi que la Russie était une alliée.", "fr",
     "la Russie était une alliée."),
    ("Le Pen said this was a victory for Russia.", "en", "this was a victory for Russia."),
])
def test_a_reported_claim_quotes_what_was_said(text, lang, quote):
    _, cl = run([text], [lang])
    assert cl.loc[cl["speaker"] != "author", "quote"].tolist() == [quote]


def test_figures_on_a_models_own_training_file_carry_a_warning(tmp_path):
    # a model evaluated on its train (or tuning) file reported 0.995 as if it were a test
    import hashlib
    from types import SimpleNamespace

    from analysis.evaluate import fitted_on_warning, format_metrics

    data = tmp_path / "train.jsonl"
    data.write_text("x\n", "utf-8")
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    sentiment = SimpleNamespace(metadata={"training": {"sha256": digest}})
    stance = SimpleNamespace(metadata={"training": {"sha256": {"val": digest, "test": "0"}}})
    lexicon = SimpleNamespace()
    assert "its train split" in fitted_on_warning(sentiment, data)["warning"]
    assert "its val split" in fitted_on_warning(stance, data)["warning"]
    assert fitted_on_warning(lexicon, data) == {}
    metrics = classification_metrics(["neutral"], ["neutral"], n_boot=10)
    assert format_metrics({**metrics, **fitted_on_warning(sentiment, data)}).startswith(
        "WARNING: the model was fit on this file")


@pytest.mark.parametrize("text, lang, expected", [
    ("Le Pen and Fillon praised Putin.", "en",
     {("Le Pen", "putin"): "favor", ("Fillon", "putin"): "favor"}),
    ("Marine Le Pen, François Fillon and Jean-Luc Mélenchon criticised the EU sanctions.", "en",
     {("Marine Le Pen", "eu_sanctions"): "against", ("François Fillon", "eu_sanctions"): "against",
      ("Jean-Luc Mélenchon", "eu_sanctions"): "against"}),
    ("Marine Le Pen et Jean-Luc Mélenchon ont dénoncé les sanctions de l'UE.", "fr",
     {("Marine Le Pen", "eu_sanctions"): "against",
      ("Jean-Luc Mélenchon", "eu_sanctions"): "against"}),
    # one of the two is not in the registry: the phrase stays one speaker, as before
    ("Le Pen and John Smith praised Putin.", "en", {("Le Pen and John Smith", "putin"): "favor"}),
])
def test_each_of_two_named_speakers_gets_the_claim(text, lang, expected):
    # "Le Pen and Fillon" was one speaker with no registry id, so neither candidate's claim
    # reached the per-speaker tables
    assert speakers_claims_of(text, lang) == expected
    _, cl = run([text], [lang])
    named = cl[cl.speaker != "author"]
    assert named.speaker_actor.notna().all() or len(named) == 1
