"""The ``electionlens`` command line.

Exit status: 0 on success; 2 for bad input or usage, with a one-line message on stderr that says
what and where (add ``--debug`` for the traceback); 130 when interrupted; 141, quietly, when the
reader of the output went away (``electionlens actors --csv | head -1``), as Unix tools do.
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


def _pairs(pairs: list[str] | None, flag: str, form: str, *, several: bool = False
           ) -> dict[str, str]:
    """``KEY=VALUE`` pairs of ``flag``; ``several``: the flag takes several (``nargs="*"``), so
    an input given after it was read as one of its pairs."""
    out = {}
    for pair in pairs or []:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            hint = (f" (what follows {flag} is read as its pairs: give the inputs before it)"
                    if several else "")
            raise ValueError(f"{flag} expects {form}, got '{pair}'{hint}")
        out[key.strip()] = value.strip()
    return out


def _column_map(pairs: list[str] | None) -> dict[str, str]:
    return _pairs(pairs, "--column-map", "INPUT=FIELD", several=True)


def _option_pairs(pairs: list[str] | None, flag: str = "--scorer-option") -> dict:
    """``KEY=VALUE`` options of a scorer; a value that reads as JSON (64, true, {"0": "neg"})
    is taken as such, anything else as text (a model name or path). ``null`` is refused: it
    would be the option left out (model_path=null: the shipped model), without a word."""
    import json

    out = {}
    for key, value in _pairs(pairs, flag, "KEY=VALUE").items():
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
        if out[key] is None:
            raise ValueError(f"{flag} {key}={value}: null is no value; leave the option out for "
                             "the scorer's default")
    return out


def _check_writable(path: str | Path, flag: str | None, *, folder: bool = False) -> None:
    """Before the work, not after it: ``path`` (the value of ``flag``) can be written, as a
    file, or with ``folder`` as a folder (created later if need be)."""
    import tempfile

    target = Path(path)
    where = f"{flag} {path}" if flag else str(path)
    if folder and target.exists() and not target.is_dir():
        raise ValueError(f"{where} is a file, not a folder; give a folder (it is created if "
                         "need be)")
    if not folder and target.is_dir():
        raise ValueError(f"{where} is a folder; give a file name, e.g. {target / 'metrics.json'}")
    parent = target if folder else target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ValueError(f"{where}: {parent} is a file, not a folder; choose another path")
    try:
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as exc:
        raise OSError(f"{where}: cannot write in {parent} ({exc.strerror or exc}); choose "
                      "another path") from None


def _add_scorer_option(p: argparse.ArgumentParser, flag: str, which: str) -> None:
    p.add_argument(flag, action="append", metavar="KEY=VALUE",
                   help=f"an option of the {which} scorer, repeatable: model=NAME_OR_PATH "
                   "(transformers.*), model_path=MODEL (a model you trained), batch_size=64...")


def _add_input_options(p: argparse.ArgumentParser, *, config: bool = False) -> None:
    # "*" even without a config: "--column-map a=text corpus.csv" takes the input as a pair,
    # and the pair check names that mistake (argparse would only say INPUT is missing)
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files or folders: CSV, TSV, JSONL (these three also .gz/.bz2/.xz), "
                        "Parquet, .txt, .html")
    p.add_argument("--out", required=not config, metavar="DIR", help="output folder for the tables")
    p.add_argument("--format", choices=["parquet", "csv"], default=None if config else "parquet",
                   help="table format (default: parquet)")
    if config:
        p.add_argument("--config", metavar="YAML",
                       help="a study file (see analysis.config); options given here override it")
    p.add_argument("--metadata", metavar="CSV",
                   help="sidecar CSV (file, published, outlet, url, language) for text/HTML files")
    p.add_argument("--column-map", nargs="*", metavar="INPUT=FIELD",
                   help="map your column names to fields, e.g. --column-map body=text")
    p.add_argument("--rules", metavar="YAML", help="extra cleaning rules (extend the default)")
    p.add_argument("--strict-dates", action="store_true",
                   help="reject articles whose date is missing or unparseable (default: keep, NaT)")
    p.add_argument("--month-first", action="store_true",
                   help="read numeric dates month first, 03/24/2017 as US exports write them "
                   "(default: day first, 24/03/2017)")


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes for cleaning and the per-article stages (default: 1)")
    p.add_argument("--chunk-size", type=int, default=None, metavar="N",
                   help="input records per chunk; each chunk is one part of every table and "
                   "survives an interruption (default: 1000)")
    p.add_argument("--no-resume", action="store_true",
                   help="recompute every chunk even if an interrupted run left some in DIR/.work")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="electionlens",
        description="Russia- and EU-related actors, tone and narratives in election news.",
        epilog=EPILOG,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="load, clean, date, deduplicate and split a corpus",
                       description="Writes the tables articles, rejects and sentences "
                       "(partitioned Parquet, one part per chunk, or CSV) and manifest.json to "
                       "DIR.",
                       epilog=EPILOG)
    _add_input_options(p)
    _add_run_options(p)

    p = sub.add_parser("analyze", help="run the whole pipeline on a corpus",
                       description="Writes the tables articles, rejects, sentences, mentions, "
                       "sentiment, claims and frames (partitioned Parquet, one part per chunk, or "
                       "CSV) and manifest.json to DIR.", epilog=EPILOG)
    _add_input_options(p, config=True)
    p.add_argument("--actors", metavar="YAML", help="your actor registry, merged over the default")
    p.add_argument("--no-continuation", action="store_true",
                   help="do not link sentence-initial pronouns (She, Il) to the last person named")
    p.add_argument("--scorer", metavar="NAME",
                   help="sentiment scorer (default: sklearn.tsc.v2; see `electionlens scorers`)")
    p.add_argument("--stance-scorer", metavar="NAME", help="stance scorer (default: lexicon.stance.v1)")
    p.add_argument("--frames-scorer", metavar="NAME", help="frames scorer (default: lexicon.frames.v1)")
    _add_scorer_option(p, "--scorer-option", "sentiment")
    _add_scorer_option(p, "--stance-scorer-option", "stance")
    _add_scorer_option(p, "--frames-scorer-option", "frames")
    _add_run_options(p)

    p = sub.add_parser("scorers", help="list the registered scorers", epilog=EPILOG)

    p = sub.add_parser("evaluate", help="evaluate a scorer on gold data", epilog=EPILOG)
    ev = p.add_subparsers(dest="measure", required=True, metavar="MEASURE")
    q = ev.add_parser("sentiment", help="target-dependent sentiment on a NewsMTSC file",
                      description="Prints accuracy, macro-F1 with a bootstrap 95% CI, a per-class "
                      "report and the confusion matrix.", epilog=EPILOG)
    q.add_argument("--newsmtsc", required=True, metavar="FILE", help="a NewsMTSC hf-* JSONL file")
    q.add_argument("--scorer", metavar="NAME", help="scorer name (default: sklearn.tsc.v2)")
    _add_scorer_option(q, "--scorer-option", "sentiment")
    q.add_argument("--json", metavar="OUT", help="also write the metrics as JSON")
    q = ev.add_parser("stance", help="stance toward Russia on the RUW test file",
                      description="Prints macro-F1 and accuracy of the stance model and of a "
                      "TF-IDF logistic-regression baseline fitted on RUW train.", epilog=EPILOG)
    q.add_argument("--ruw", required=True, metavar="FILE_OR_DIR",
                   help="RUW folder or its raw_test_Russia_Ukraine.csv")
    q.add_argument("--scorer", metavar="NAME", help="stance scorer (default: sklearn.stance.v1; "
                   "RUW's tweets are the author's voice, which that scorer judges)")
    _add_scorer_option(q, "--scorer-option", "stance")
    q.add_argument("--json", metavar="OUT", help="also write the metrics as JSON")
    q = ev.add_parser("claims", help="speakers and stance on an attribution gold file",
                      description="Runs attribution and stance on the gold texts and prints "
                      "speaker accuracy, stance macro-F1 with a bootstrap 95% CI, a per-class "
                      "report, the confusion matrix and the gold claims missed. Gold format: "
                      "JSONL {id, lang, text, claims: [{speaker, speaker_actor, target_actor, "
                      "stance}]}, as tests/data/stance_gold.jsonl.", epilog=EPILOG)
    q.add_argument("--gold", required=True, metavar="FILE", help="the gold JSONL file")
    q.add_argument("--scorer", metavar="NAME", help="stance scorer (default: lexicon.stance.v1)")
    _add_scorer_option(q, "--scorer-option", "stance")
    q.add_argument("--actors", metavar="YAML", help="your actor registry, merged over the default")
    q.add_argument("--json", metavar="OUT", help="also write the metrics as JSON")
    q = ev.add_parser("frames", help="frames on SemEval-2023 Task 3 (5-fold cross-validation)",
                      description="Prints micro- and macro-F1 of the trained model, the lexicon "
                      "default and baselines over the same folds.", epilog=EPILOG)
    q.add_argument("--semeval2023", required=True, metavar="DIR",
                   help="the semeval2023-task3-en folder")
    q.add_argument("--folds", type=int, default=5, metavar="K",
                   help="cross-validation folds of the trained model and baselines (default: 5)")
    q.add_argument("--json", metavar="OUT", help="also write the metrics as JSON")

    p = sub.add_parser("train", help="train a model", epilog=EPILOG)
    tr = p.add_subparsers(dest="measure", required=True, metavar="MEASURE")
    q = tr.add_parser("sentiment", help="train sklearn.tsc.v2 (or v1) on NewsMTSC",
                      description="Fits on hf-rw/train, records dev (and test) scores in the "
                      "model's metadata, writes MODEL/model.json and MODEL/weights.npz. "
                      "Score with it: --scorer-option model_path=MODEL.",
                      epilog=EPILOG)
    q.add_argument("--newsmtsc", required=True, metavar="DIR",
                   help="the NewsMTSC folder holding hf-rw/ and hf-mt/")
    q.add_argument("--out", required=True, metavar="MODEL", help="output model folder")
    q.add_argument("--no-vectors", action="store_true",
                   help="leave out the word-vector features (sklearn.tsc.v1's configuration)")
    q = tr.add_parser("stance", help="train sklearn.stance.v1 on RUW", epilog=EPILOG)
    q.add_argument("--ruw", required=True, metavar="DIR", help="the RUW folder")
    q.add_argument("--out", required=True, metavar="MODEL", help="output model folder")
    q = tr.add_parser("frames", help="train sklearn.frames.v1 on SemEval-2023 Task 3",
                      description="The trained weights must not be redistributed (SemEval data "
                      "terms); the model is for your own use.", epilog=EPILOG)
    q.add_argument("--semeval2023", required=True, metavar="DIR",
                   help="the semeval2023-task3-en folder")
    q.add_argument("--out", required=True, metavar="MODEL", help="output model folder")

    p = sub.add_parser("report", help="render the PDF (and HTML) report of an analysis folder",
                       description="Reads the tables and manifest.json that `analyze` wrote in "
                       "DIR; writes FILE.pdf and FILE.html.", epilog=EPILOG)
    p.add_argument("analysis_dir", nargs="?", metavar="DIR",
                   help="output folder of `electionlens analyze` (default: out: in --config)")
    p.add_argument("--out", metavar="FILE.pdf",
                   help="the PDF to write (a folder: report.pdf in it; default: DIR/report.pdf)")
    p.add_argument("--config", metavar="YAML", help="the study file of the analysis: its out, "
                   "events and title; options given here override it")
    p.add_argument("--events", metavar="YAML", help="event calendar: a YAML file, the name of a "
                   "shipped one (default: fr-2017) or 'none'")
    p.add_argument("--title", metavar="TEXT", help="report title")

    p = sub.add_parser("actors", help="print the actor registry", epilog=EPILOG)
    p.add_argument("--actors", metavar="YAML", help="your actor registry, merged over the default")
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")

    p = sub.add_parser("demo", help="the whole pipeline and the PDF report on the embedded demo "
                       "corpus, into reports/demo/",
                       description="Runs ingest, analyze and report on the demo corpus that "
                       "ships with electionlens (data/demo, or $ELECTIONLENS_DEMO): writes the "
                       "tables, manifest.json, report.pdf and report.html to DIR.",
                       epilog=EPILOG)
    p.add_argument("--out", default="reports/demo", metavar="DIR", help="default: reports/demo")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet",
                   help="table format (default: parquet)")
    return parser


def _summary(tables, out: Path) -> str:
    counts = tables.manifest["counts"]
    reasons = counts.get("rejects_by_reason", {})
    why = f" ({'; '.join(f'{r}: {n}' for r, n in reasons.items())})" if reasons else ""
    parts = [(f"{counts['records']} records -> {counts['articles']} articles, "
              f"{counts['rejects']} rejects{why}, {counts['duplicates']} marked duplicates, "
              f"{counts['sentences']} sentences")]
    if "mentions" in counts:
        parts.append(f"{counts['mentions']} mentions")
    if "sentiment" in counts:
        unscored = counts.get("sentiment_unscored", {})
        why = "; ".join(f"{reason}: {v}" for reason, v in unscored.items())
        parts.append(f"{counts['sentiment'] - sum(unscored.values())} scored (sentence, actor) "
                     "pairs" + (f" (not scored: {why})" if why else ""))
    line = ", ".join(parts) + f"; written to {out}"
    if reasons.get("duplicate article_id from another file"):
        line += (f"\nnote: {reasons['duplicate article_id from another file']} record(s) reuse "
                 "an article id of another file and are in rejects; if your files number their "
                 "rows from 1 each, drop or rename their id column (rows then get <file>:<row> "
                 "ids)")
    overridden = counts.get("languages_overridden", {})
    if overridden:
        pairs = ", ".join(f"{k.replace('->', ' read as ')}: {v}" for k, v in overridden.items())
        line += (f"\nnote: the language column was overruled by the text for "
                 f"{sum(overridden.values())} article(s) ({pairs})")
    if counts.get("dates_month_first"):
        line += (f"\nnote: {counts['dates_month_first']} undated article(s) have numeric dates valid "
                 "only month first (06/13/2017); if your files write dates the US way, run again "
                 "with --month-first")
    return line


def _run(args: argparse.Namespace) -> int:
    from . import pipeline

    if args.command in ("analyze", "report"):
        _apply_config(args)
    if args.command in ("ingest", "analyze"):
        common = {"out": args.out, "fmt": args.format, "metadata": args.metadata,
                  "column_map": _column_map(args.column_map), "rules": args.rules,
                  "strict_dates": args.strict_dates, "month_first": args.month_first}
        if args.command == "ingest":
            if not args.inputs:
                raise ValueError("ingest: no INPUT given")
            tables = pipeline.ingest(args.inputs,
                                     workers=1 if args.workers is None else args.workers,
                                     chunk_size=1000 if args.chunk_size is None else args.chunk_size,
                                     resume=not args.no_resume, progress=True, load=False,
                                     **common)
        else:
            _check_frames_model(args)
            tables = pipeline.analyze(
                args.inputs, actors=args.actors, scorer=args.scorer,
                stance_scorer=args.stance_scorer, frames_scorer=args.frames_scorer,
                scorer_options=args.scorer_options,
                continuation=not args.no_continuation, workers=args.workers,
                chunk_size=args.chunk_size, resume=not args.no_resume, progress=True, load=False,
                **common)
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
            print(list_scorers().fillna({"extra": "-"}).to_string(index=False))   # not NaN
    elif args.command == "evaluate":
        return _evaluate(args)
    elif args.command == "train":
        _check_writable(args.out, "--out", folder=True)   # not after minutes of training
        if args.measure == "sentiment":
            from .scoring.sklearn import train_from_newsmtsc

            path = train_from_newsmtsc(args.newsmtsc, args.out,
                                       **({"vectors": None} if args.no_vectors else {}))
        elif args.measure == "stance":
            from .scoring.stance_model import train_stance_from_ruw

            path = train_stance_from_ruw(args.ruw, args.out)
        else:
            from .scoring.frames_model import train_frames_semeval

            path = train_frames_semeval(args.semeval2023, args.out)
        print(f"model written to {path}")
    elif args.command == "demo":
        demo = find_demo_dir()
        inputs = [demo / "articles.jsonl", demo / "texts", demo / "html"]
        tables = pipeline.analyze([p for p in inputs if p.exists()], out=args.out, fmt=args.format,
                                  progress=True, load=False)
        print(_summary(tables, Path(args.out)))
        from .report import build_report

        pdf = build_report(args.out,
                           title="Demo: Russia and the EU in the 2017 French election coverage")
        print(f"report: {pdf} and {pdf.with_suffix('.html')}")
    elif args.command == "report":
        from .report import build_report

        out = args.out or Path(args.analysis_dir) / "report.pdf"
        # here, so the message names this path, not the temporary file it is written through
        pdf = Path(out) / "report.pdf" if Path(out).is_dir() else out
        _check_writable(pdf, "--out" if args.out else None)
        pdf = build_report(args.analysis_dir, events=args.events, title=args.title, out=out)
        print(f"report: {pdf} and {pdf.with_suffix('.html')}")
    return 0


def _apply_config(args: argparse.Namespace) -> None:
    """Fill analyze's or report's options from --config where the command line left them
    unset."""
    from .config import StudyConfig, load_config

    cfg = load_config(args.config) if args.config else StudyConfig()
    if args.command == "report":
        pairs = {"analysis_dir": "out", "events": "events", "title": "title"}
    else:
        pairs = {"inputs": "corpus", "out": "out", "format": "format", "metadata": "metadata",
                 "rules": "rules", "actors": "actors", "scorer": "sentiment_scorer",
                 "stance_scorer": "stance_scorer", "frames_scorer": "frames_scorer",
                 "workers": "workers", "chunk_size": "chunk_size"}
    for arg, key in pairs.items():
        if getattr(args, arg) in (None, []):
            setattr(args, arg, list(getattr(cfg, key)) if key == "corpus" else getattr(cfg, key))
    if args.command == "report":
        if not args.analysis_dir:
            raise ValueError("report: no DIR given (on the command line or as out: in --config)")
        return
    from .scoring import DEFAULT_FRAMES_SCORER, DEFAULT_SENTIMENT_SCORER, DEFAULT_STANCE_SCORER

    # the config's options of a scorer the command line replaced are not for the new one
    replaced = {task for task, arg, default in (
        ("sentiment", "scorer", DEFAULT_SENTIMENT_SCORER),
        ("stance", "stance_scorer", DEFAULT_STANCE_SCORER),
        ("frames", "frames_scorer", DEFAULT_FRAMES_SCORER))
        if (getattr(args, arg) or default) != (getattr(cfg, pairs[arg]) or default)}
    args.strict_dates = args.strict_dates or cfg.strict_dates
    args.month_first = args.month_first or cfg.month_first
    if not args.column_map and cfg.column_map:
        args.column_map = [f"{k}={v}" for k, v in cfg.column_map.items()]
    given = {"sentiment": _option_pairs(args.scorer_option),
             "stance": _option_pairs(args.stance_scorer_option, "--stance-scorer-option"),
             "frames": _option_pairs(args.frames_scorer_option, "--frames-scorer-option")}
    args.scorer_options = {task: {**({} if task in replaced else cfg.scorer_options.get(task, {})),
                                  **given[task]} for task in given}
    _column_map(args.column_map)   # "--column-map a=text corpus.csv" took the input as a pair
    if not args.inputs:
        raise ValueError("analyze: no INPUT given (on the command line or as corpus: in --config)")
    if not args.out:
        raise ValueError("analyze: no --out given (on the command line or as out: in --config)")


def _check_frames_model(args: argparse.Namespace) -> None:
    """sklearn.frames.v1 without a model: the command-line way to get one (the scorer's own
    message names Python functions)."""
    from .scoring.frames_model import ENV_MODEL

    if (args.frames_scorer == "sklearn.frames.v1" and not os.environ.get(ENV_MODEL)
            and not args.scorer_options["frames"].get("model_path")):
        raise ValueError("sklearn.frames.v1 needs a trained model (none ships: the SemEval-2023 "
                         "data may not be redistributed): train one with `electionlens train "
                         "frames --semeval2023 DIR --out MODEL`, then give "
                         f"--frames-scorer-option model_path=MODEL (or set {ENV_MODEL})")


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from .evaluate import evaluate_sentiment, format_metrics

    options = _option_pairs(getattr(args, "scorer_option", None))
    inputs = [Path(p).resolve() for k in ("newsmtsc", "ruw", "gold", "semeval2023")
              if (p := getattr(args, k, None))]
    # and the model evaluated (--json MODEL/model.json replaced the model with the metrics)
    inputs += [Path(str(v)).resolve() for k, v in options.items() if k in ("model", "model_path")
               and Path(str(v)).exists()]
    target = Path(args.json).resolve() if args.json else None
    if target is not None and any(target == p or p in target.parents for p in inputs):
        # a gold folder's own files too (--ruw DIR --json DIR/raw_test.csv replaced the test set)
        raise ValueError(f"--json {args.json} is (in) the gold data or the model this evaluates; "
                         "write the metrics to another file")
    if args.json:
        _check_writable(args.json, "--json")   # not after the metrics are computed
    if args.measure == "sentiment":
        from .scoring import DEFAULT_SENTIMENT_SCORER, scorer_for

        metrics = evaluate_sentiment(args.newsmtsc, scorer_for(
            "sentiment", args.scorer or DEFAULT_SENTIMENT_SCORER, **options))
        print(format_metrics(metrics))
    elif args.measure == "stance":
        from .scoring import scorer_for
        from .scoring.stance_model import evaluate_stance_ruw

        metrics = evaluate_stance_ruw(args.ruw, scorer_for(
            "stance", args.scorer or "sklearn.stance.v1", **options))
        print(format_metrics(metrics))
        base = metrics.get("baseline")
        if base:
            print(f"\nbaseline (TF-IDF + logistic regression, fit on RUW train): "
                  f"macro-F1 = {base['macro_f1']:.3f}, accuracy = {base['accuracy']:.3f}")
    elif args.measure == "claims":
        from .actors import registry_from
        from .evaluate import evaluate_claims
        from .scoring import scorer_for

        metrics = evaluate_claims(args.gold, registry=registry_from(args.actors), scorer=scorer_for(
            "stance", args.scorer or "lexicon.stance.v1", **options))
        print(f"speaker accuracy = {metrics['speaker_accuracy']:.3f} "
              f"({metrics['n']} gold claims in {metrics['n_items']} texts)")
        print(format_metrics(metrics))
        if metrics["errors"]:
            print(f"\ngold claims missed ({len(metrics['errors'])}; all in --json):")
            for e in metrics["errors"][:10]:
                print(f"  {e['id']} {e['target_actor']}: gold {e['gold_speaker']} {e['gold_stance']}"
                      f", got {e['speaker'] or '-'} {e['stance'] or '-'}")
    else:
        from .evaluate_frames import evaluate_frames_cli

        metrics = evaluate_frames_cli(args.semeval2023, k=args.folds)
        print(f"SemEval-2023 Task 3 frames, {args.folds}-fold cross-validation, n = {metrics['n']}")
        print(f"{'method':<28} {'micro-F1':>9} {'macro-F1':>9}")
        for name, m in metrics["methods"].items():
            print(f"{name:<28} {m['micro_f1']:>9.3f} {m['macro_f1']:>9.3f}")
    if args.json:
        from . import __version__

        # which model and settings gave these figures (a trained model_path and the shipped
        # default wrote the same "scorer" name)
        record = {"arguments": {k: v for k, v in vars(args).items() if k != "debug"},
                  "electionlens_version": __version__, "scorer_options": options, **metrics}
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(record, indent=2, default=str) + "\n", "utf-8")
    return 0


def _wide_pandas():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_rows", None)


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from tqdm import tqdm

    # through tqdm: a warning met while reading is a line of its own, not the end of the bar's
    tqdm.write(f"electionlens: warning: {' '.join(str(message).split())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    import warnings

    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # --debug anywhere: "electionlens analyze ... --debug", as every command's help suggests
    args = parser.parse_args([a for a in argv if a != "--debug"])
    args.debug = "--debug" in argv
    shown = warnings.showwarning
    if not args.debug:  # one line, like errors (--debug: Python's form, with the source line)
        warnings.showwarning = _one_line_warning
    try:
        return _run(args)
    except BrokenPipeError:   # "| head": the reader has what it wanted
        import contextlib

        with contextlib.suppress(OSError, ValueError):   # else Python's flush at exit fails
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # again, loudly
        return 141   # 128 + SIGPIPE, as a Unix tool killed by the closed pipe
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM during a run with workers
        why = f" ({exc.args[0]})" if exc.args else ""
        resume = ("; finished chunks are kept: the same command resumes the run"
                  if args.command in ("ingest", "analyze") and not getattr(args, "no_resume", False)
                  else "")
        print(f"electionlens: interrupted{why}{resume}", file=sys.stderr)
        return 130
    except (ValueError, OSError, LookupError) as exc:
        if args.debug:
            raise
        # a KeyError's str() is the repr of its message, quotes and all
        text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        message = " ".join(text.split()) or type(exc).__name__
        print(f"electionlens: error: {message}", file=sys.stderr)
        return 2
    finally:
        warnings.showwarning = shown


if __name__ == "__main__":
    sys.exit(main())
