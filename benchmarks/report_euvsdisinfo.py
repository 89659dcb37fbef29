"""A report on a real, dated, multi-outlet timeline: the EUvsDisinfo cases 2015-2017.

    .venv/bin/python benchmarks/report_euvsdisinfo.py [OUT_DIR]   (default: /tmp/euvsdisinfo)

Each EUvsDisinfo case is one "article": its text is EUvsDisinfo's English summary of the
disinformation claim (title + summary; the disproof is EUvsDisinfo's rebuttal and is left
out), its outlet the outlet that carried the claim, its date the case date. The file is read in
place from ../shared/data and every output goes to OUT_DIR, outside the repository (the data
may not be redistributed). The report uses the 2017 French election calendar.
"""

import sys
import time
from pathlib import Path

import pandas as pd
from _corpus import SHARED

from analysis.pipeline import analyze
from analysis.report import build_report


def main(out: Path) -> None:
    cases = pd.read_csv(SHARED / "euvsdisinfo-cases-2015-2017" / "full_dataset.csv", sep=";",
                        dtype=str, keep_default_na=False)
    out.mkdir(parents=True, exist_ok=True)
    corpus = pd.DataFrame({
        "id": "euvsd-" + cases.index.astype(str),
        "published": cases["date"],
        "outlet": cases["outlet"].str.split(",").str[0].str.strip(),
        "title": cases["title"],
        "text": cases["title"].str.strip() + ". " + cases["summary"],
        "url": cases["source"],
        "language": "en",  # the summaries are English whatever the outlet's language
    })
    path = out / "euvsdisinfo.jsonl"
    corpus.to_json(path, orient="records", lines=True, force_ascii=False)
    t0 = time.perf_counter()
    tables = analyze([path], out=out / "analysis", workers=2, progress=True)
    t1 = time.perf_counter()
    pdf = build_report(out / "analysis", out=out / "report.pdf",
                       title="EUvsDisinfo cases 2015-2017: Russia and the EU")
    t2 = time.perf_counter()
    counts = tables.manifest["counts"]
    arts = tables["articles"]
    print(f"{counts['records']:,} cases -> {counts['articles']:,} articles, {counts['rejects']} "
          f"rejects, {counts['duplicates']} near-duplicates; dated "
          f"{arts['published'].min():%Y-%m-%d} .. {arts['published'].max():%Y-%m-%d}; "
          f"{arts['outlet'].nunique():,} outlets")
    print(f"mentions by bloc: {counts['mentions_by_bloc']}; claims by stance: "
          f"{counts['claims_by_stance']}")
    s = tables["sentiment"].dropna(subset=["label"])
    print("mean tone by bloc:", s.groupby("bloc")["score"].mean().round(3).to_dict())
    f = tables["frames"]
    top = f[f["sentence_id"].isna()].groupby(["kind", "frame"]).size().sort_values(ascending=False)
    print("top narratives:", top.loc["narrative"].head(6).to_dict())
    print("top frames:", top.loc["frame"].head(6).to_dict())
    y2017 = arts[arts["published"].dt.year == 2017]
    fr = y2017[y2017["text"].str.contains("France|French|Macron|Le Pen", regex=True)]
    print(f"2017 cases about France/Macron/Le Pen: {len(fr)}")
    print(f"analyze {t1 - t0:.0f} s, report {t2 - t1:.0f} s -> {pdf}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/euvsdisinfo"))
