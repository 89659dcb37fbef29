"""The ``electionlens`` command line.

Exit status: 0 on success; 2 for bad input or usage, with a one-line message on stderr that says
what and where (add ``--debug`` for the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["find_demo_dir", "main"]

EPILOG = "Exit status: 0 on success, 2 for bad input or usage (one line on stderr; --debug for more)."


def find_demo_dir() -> Path:
    """The demo corpus: $ELECTIONLENS_DEMO, else ``data/demo`` in the source checkout or cwd."""
    env = os.environ.get("ELECTIONLENS_DEMO")
    candidates = [Path(env)] if env else []
    candidates += [Path(__file__).resolve().parents[2] / "data" / "demo", Path.cwd() / "data" / "demo"]
    for c in candidates:
        if (c / "articles.jsonl").exists():
            return c
    raise FileNotFoundError("demo corpus not found (looked in: " + ", ".join(map(str, candidates))
                            + "); set ELECTIONLENS_DEMO to the data/demo folder of a checkout")


def _column_map(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise ValueError(f"--column-map expects INPUT=FIELD, got '{pair}'")
        src, dst = pair.split("=", 1)
        out[src.strip()] = dst.strip()
    return out


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files or folders: CSV, TSV, JSONL, Parquet, .txt, .html")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder for the tables")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet",
                   help="table format (default: parquet)")
    p.add_argument("--metadata", metavar="CSV",
                   help="sidecar CSV (file, published, outlet, url, language) for text/HTML files")
    p.add_argument("--column-map", nargs="*", metavar="INPUT=FIELD",
                   help="map your column names to fields, e.g. --column-map body=text")
    p.add_argument("--rules", metavar="YAML", help="extra cleaning rules (extend the default)")
    p.add_argument("--strict-dates", action="store_true",
                   help="reject articles whose date is missing or unparseable (default: keep, NaT)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="electionlens",
        description="Russia- and EU-related actors, tone and narratives in election news.",
        epilog=EPILOG,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="load, clean, date, deduplicate and split a corpus",
                       description="Writes articles, rejects, sentences and manifest.json to DIR.",
                       epilog=EPILOG)
    _add_input_options(p)

    p = sub.add_parser("analyze", help="run the whole pipeline on a corpus",
                       description="Writes articles, rejects, sentences, mentions and "
                       "manifest.json to DIR.", epilog=EPILOG)
    _add_input_options(p)
    p.add_argument("--actors", metavar="YAML", help="your actor registry, merged over the default")
    p.add_argument("--no-continuation", action="store_true",
                   help="do not link sentence-initial pronouns (She, Il) to the last person named")
    p.add_argument("--scorer", metavar="NAME",
                   help="sentiment scorer (default: sklearn.tsc.v1; see `electionlens scorers`)")

    p = sub.add_parser("scorers", help="list the registered scorers", epilog=EPILOG)

    p = sub.add_parser("evaluate", help="evaluate a scorer on gold data", epilog=EPILOG)
    ev = p.add_subparsers(dest="measure", required=True, metavar="MEASURE")
    q = ev.add_parser("sentiment", help="target-dependent sentiment on a NewsMTSC file",
                      description="Prints accuracy, macro-F1 with a bootstrap 95% CI, a per-class "
                      "report and the confusion matrix.", epilog=EPILOG)
    q.add_argument("--newsmtsc", required=True, metavar="FILE", help="a NewsMTSC hf-* JSONL file")
    q.add_argument("--scorer", metavar="NAME", help="scorer name (default: sklearn.tsc.v1)")
    q.add_argument("--json", metavar="OUT", help="also write the metrics as JSON")

    p = sub.add_parser("train", help="train a model", epilog=EPILOG)
    tr = p.add_subparsers(dest="measure", required=True, metavar="MEASURE")
    q = tr.add_parser("sentiment", help="train sklearn.tsc.v1 on NewsMTSC",
                      description="Fits on hf-rw/train, records dev (and test) scores in the "
                      "model's metadata, writes MODEL/model.json and MODEL/weights.npz.",
                      epilog=EPILOG)
    q.add_argument("--newsmtsc", required=True, metavar="DIR",
                   help="the NewsMTSC folder holding hf-rw/ and hf-mt/")
    q.add_argument("--out", required=True, metavar="MODEL", help="output model folder")

    p = sub.add_parser("actors", help="print the actor registry", epilog=EPILOG)
    p.add_argument("--actors", metavar="YAML", help="your actor registry, merged over the default")
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")

    p = sub.add_parser("demo", help="run the pipeline on the embedded demo corpus into reports/demo/",
                       epilog=EPILOG)
    p.add_argument("--out", default="reports/demo", metavar="DIR", help="default: reports/demo")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    return parser


def _summary(tables, out: Path) -> str:
    counts = tables.manifest["counts"]
    parts = [(f"{counts['records']} records -> {counts['articles']} articles, "
              f"{counts['rejects']} rejects, {counts['duplicates']} marked duplicates, "
              f"{counts['sentences']} sentences")]
    if "mentions" in counts:
        parts.append(f"{counts['mentions']} mentions")
    if "sentiment" in counts:
        parts.append(f"{counts['sentiment']} scored (sentence, actor) pairs")
    return ", ".join(parts) + f"; written to {out}"


def _run(args: argparse.Namespace) -> int:
    from . import pipeline

    if args.command in ("ingest", "analyze"):
        common = {"out": args.out, "fmt": args.format, "metadata": args.metadata,
                  "column_map": _column_map(args.column_map), "rules": args.rules,
                  "strict_dates": args.strict_dates}
        if args.command == "ingest":
            tables = pipeline.ingest(args.inputs, **common)
        else:
            tables = pipeline.analyze(args.inputs, actors=args.actors, scorer=args.scorer,
                                      continuation=not args.no_continuation, **common)
        print(_summary(tables, Path(args.out)))
    elif args.command == "actors":
        from .actors import registry_from

        frame = registry_from(args.actors).to_frame()
        if args.csv:
            frame.to_csv(sys.stdout, index=False)
        else:
            with _wide_pandas():
                print(frame.to_string(index=False, max_colwidth=70))
    elif args.command == "scorers":
        from .scoring import list_scorers

        with _wide_pandas():
            print(list_scorers().to_string(index=False))
    elif args.command == "evaluate":
        return _evaluate(args)
    elif args.command == "train":
        from .scoring.sklearn import train_from_newsmtsc

        path = train_from_newsmtsc(args.newsmtsc, args.out)
        print(f"model written to {path}")
    elif args.command == "demo":
        demo = find_demo_dir()
        inputs = [demo / "articles.jsonl", demo / "texts", demo / "html"]
        tables = pipeline.analyze([p for p in inputs if p.exists()], out=args.out, fmt=args.format)
        print(_summary(tables, Path(args.out)))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from .evaluate import evaluate_sentiment, format_metrics

    metrics = evaluate_sentiment(args.newsmtsc, args.scorer)
    print(format_metrics(metrics))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(metrics, indent=2) + "\n", "utf-8")
    return 0


def _wide_pandas():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_rows", None)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("electionlens: interrupted", file=sys.stderr)
        return 130
    except (ValueError, OSError, LookupError) as exc:
        if args.debug:
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"electionlens: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
