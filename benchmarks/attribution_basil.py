"""Speaker attribution against real annotations: the quotes of BASIL (Fan et al., EMNLP 2019).

    .venv/bin/python benchmarks/attribution_basil.py [--show-errors]

BASIL annotates 300 US news articles (NYT, Fox News, HuffPost; 2010-2019) with biased spans;
1,726 spans carry a `quote` flag and a `speaker`. This script runs `analyze` on the articles,
with `benchmarks/basil_actors.yaml` (US politicians BASIL names as targets) merged over the
default registry, and checks, for every quoted span whose gold speaker is a named person, the
claims of the sentence holding it:

* *no row*: the sentence names no target actor, so it has no claim (not an attribution error);
* *author*: its only rows are the author's (the quote was not attributed);
* *right*: a row's speaker holds the gold speaker's surname;
* *wrong*: rows with other speakers only.

Speaker accuracy = right / (right + wrong), with a Wilson 95% interval; attributed = (right +
wrong) / (rows). Protocol: the years 2010-2014 are the development half (their errors were read
and fixed); 2015-2019 are held out, and only their figures are printed (`--show-errors` lists
the development half's errors). The articles are read in place from ../shared/data (licence
not stated: internal evaluation only) and nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
from _corpus import SHARED

from analysis.corpus import normalize_typography
from analysis.pipeline import analyze
from analysis.timeline import _wilson

BASIL = SHARED / "basil"
ACTORS = Path(__file__).with_name("basil_actors.yaml")
SPLITS = {"development (2010-2014)": range(2010, 2015), "held out (2015-2019)": range(2015, 2020)}
#: gold speakers that are groups, not persons ("Democratic_Lawmakers", "Obama_campaign")
GROUP_WORDS = {"lawmakers", "democrats", "republicans", "officials", "campaign", "administration",
               "party", "committee", "members", "group", "companies", "plaintiffs", "protestors",
               "catholics", "house", "senate", "department", "supporters", "critics", "and",
               "staff", "leaders", "media", "groups", "activists", "advocates"}


def person(speaker: str) -> bool:
    words = speaker.split("_")
    return not speaker.startswith("other_") and 0 < len(words) <= 4 and all(
        w[:1].isupper() and not w.isupper() and w.lower() not in GROUP_WORDS for w in words)


def load(years: range) -> tuple[list[dict], list[tuple]]:
    articles, quotes = [], []
    for path in sorted(BASIL.glob("articles/*/*.json")):
        if int(path.parent.name) not in years:
            continue
        doc = json.loads(path.read_text("utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else p for p in doc["body-paragraphs"]]
        articles.append({"id": path.stem, "text": "\n\n".join(paragraphs), "title": doc["title"],
                         "outlet": doc["source"], "published": doc["date"], "language": "en"})
        ann = BASIL / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        for span in json.loads(ann.read_text("utf-8"))["phrase-level-annotations"]:
            if span["quote"] == "yes" and person(span["speaker"]):
                quotes.append((path.stem, span["speaker"], span["txt"]))
    return articles, quotes


def evaluate(years: range, work: Path) -> tuple[Counter, list[tuple]]:
    articles, quotes = load(years)
    src = work / f"basil-{years.start}.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in articles), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = analyze([src], actors=ACTORS)
    # whitespace as single spaces, offsets kept: the spans are searched in it
    texts = {aid: re.sub(r"\s", " ", text) for aid, text in
             zip(tables["articles"]["article_id"], tables["articles"]["text"])}
    sentences = tables["sentences"]
    claims = tables["claims"].groupby(["article_id", "sentence_id"])["speaker"].agg(list)
    outcome: Counter = Counter()
    errors = []
    for aid, gold, span in quotes:
        text = texts.get(aid)
        probe = re.sub(r"\s+", " ", normalize_typography(span)).strip(" \"',.")[:50]
        pos = -1 if text is None or not probe else text.find(probe)
        if pos < 0:
            outcome["not located"] += 1
            continue
        sent = sentences[(sentences["article_id"] == aid) & (sentences["start"] <= pos)
                         & (sentences["end"] > pos)]
        speakers = claims.get((aid, int(sent["sentence_id"].iloc[0])), [])
        surname = gold.split("_")[-1].lower()
        named = [s for s in speakers if s != "author"]
        if not speakers:
            verdict = "no row"
        elif any(surname in s.lower() for s in named):
            verdict = "right"
        else:
            verdict = "wrong" if named else "author"
        outcome[verdict] += 1
        if verdict in ("wrong", "author"):
            errors.append((verdict, gold, named, sent["text"].iloc[0]))
    outcome["quotes"] = len(quotes)
    return outcome, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-errors", action="store_true",
                        help="list the development half's unattributed and wrong quotes")
    args = parser.parse_args()
    if not BASIL.exists():
        raise SystemExit(f"benchmark needs the BASIL data under {BASIL}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, years in SPLITS.items():
            c, errors = evaluate(years, Path(tmp))
            rows = c["right"] + c["wrong"] + c["author"]
            judged = c["right"] + c["wrong"]
            lo, hi = (float(x[0]) for x in _wilson(np.array([c["right"]]), np.array([judged]),
                                                    0.95))
            print(f"{name}: {c['quotes']} quoted spans with a named person as speaker, "
                  f"{c['not located']} not located in the cleaned text, {c['no row']} in "
                  f"sentences without a target actor (no claim)")
            print(f"  with claim rows: {rows}; attributed to a speaker: {judged} "
                  f"({judged / max(rows, 1):.0%}), left to the author: {c['author']}")
            print(f"  speaker accuracy: {c['right']}/{judged} = {c['right'] / max(judged, 1):.3f} "
                  f"(95% CI {lo:.3f}-{hi:.3f})")
            if args.show_errors and years.start == 2010:
                for verdict, gold, named, sentence in errors:
                    print(f"    {verdict:6} gold {gold:22} ours {named or '-'}: {sentence[:150]}")


if __name__ == "__main__":
    main()
