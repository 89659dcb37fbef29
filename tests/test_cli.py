import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import TEST_DATA

from analysis.cli import main

BODY = ("Marine Le Pen met Vladimir Putin in Moscow on Friday. She called for EU sanctions on "
        "Russia to be lifted, a position the Kremlin welcomed.")


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [{"id": "a1", "text": BODY, "published": "2017-03-24", "outlet": "Ledger"},
            {"id": "a2", "text": "", "published": "2017-03-25"},
            {"id": "a3", "text": "  " + BODY.upper(), "published": "25 March 2017"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    return path


def test_ingest_writes_tables_and_manifest(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["ingest", str(corpus), "--out", str(out)]) == 0
    assert "3 records -> 2 articles, 1 rejects" in capsys.readouterr().out
    for name in ("articles", "rejects", "sentences"):
        assert (out / f"{name}.parquet").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["records"] == manifest["counts"]["articles"] + manifest["counts"]["rejects"]
    assert manifest["inputs"][0]["sha256"] and manifest["versions"]["pandas"] == pd.__version__
    assert manifest["counts"]["duplicates"] == 1  # a3 is a1 in capitals


def test_analyze_summary_counts_unscored_pairs_apart(tmp_path, capsys):
    # a French article's pairs are not scored by the English default: the summary line must
    # not call them scored
    path = tmp_path / "mixed.jsonl"
    rows = [{"id": "en1", "text": "Marine Le Pen praised Vladimir Putin on Monday.",
             "published": "2017-03-24"},
            {"id": "fr1", "text": "Marine Le Pen a salué Vladimir Poutine lundi soir à Paris.",
             "published": "2017-03-25"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    assert main(["analyze", str(path), "--out", str(tmp_path / "out")]) == 0
    line = capsys.readouterr().out
    assert ("4 mentions, 2 scored (sentence, actor) pairs (not scored: language 'fr' not "
            "supported by sklearn.tsc.v2: 2)") in line


def test_us_dates_hint_and_month_first(tmp_path, capsys):
    path = tmp_path / "us.csv"
    path.write_text(f'id,text,published\na1,"{BODY}",03/24/2017\na2,"{BODY}",04/05/2017\n',
                    "utf-8")
    assert main(["ingest", str(path), "--out", str(tmp_path / "a")]) == 0
    assert ("note: 1 undated article(s) have numeric dates valid only month first"
            in capsys.readouterr().out)
    study = tmp_path / "study.yaml"
    study.write_text("corpus: us.csv\nout: b\nmonth_first: true\nsentiment_scorer: lexicon.v1\n")
    for argv in (["ingest", str(path), "--out", str(tmp_path / "b"), "--month-first"],
                 ["analyze", "--config", str(study)]):
        assert main(argv) == 0
        assert "note:" not in capsys.readouterr().out
        manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
        assert manifest["config"]["month_first"] is True
        published = pd.read_parquet(tmp_path / "b" / "articles.parquet")["published"]
        assert published.tolist() == [pd.Timestamp("2017-03-24"), pd.Timestamp("2017-04-05")]


def test_analyze_csv_format_adds_mentions(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--format", "csv"]) == 0
    mentions = pd.read_csv(out / "mentions.csv")
    assert {"le_pen", "putin", "russia", "eu_sanctions", "kremlin"} <= set(mentions["actor"])
    assert mentions["continuation"].any()  # "She" continues Le Pen
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["mentions"] == len(mentions)
    assert manifest["config"]["actors"] == ["default"]


@pytest.mark.parametrize("argv, message", [
    (["ingest", "nope.csv", "--out", "x"], "input not found: nope.csv"),
    (["analyze", "{corpus}", "--out", "{tmp}/o", "--actors", "missing.yaml"],
     "actor registry file not found: missing.yaml"),
    (["ingest", "{corpus}", "--out", "{tmp}/o", "--column-map", "body"], "expects INPUT=FIELD"),
    (["ingest", "{corpus}", "--out", "{tmp}/o", "--column-map", "body=texte"], "target must be one of"),
    # the input after --column-map is read as a pair ("analyze: no INPUT given")
    (["analyze", "--column-map", "body=text", "{corpus}", "--out", "{tmp}/o"],
     "--column-map expects INPUT=FIELD, got '{corpus}' (what follows --column-map is read as its "
     "pairs: give the inputs before it)"),
    (["ingest", "{corpus}", "--out", "{tmp}/o", "--column-map", "=text"], "got '=text'"),
    # ... also by ingest, whose INPUT argparse called missing
    (["ingest", "--column-map", "body=text", "{corpus}", "--out", "{tmp}/o"],
     "--column-map expects INPUT=FIELD, got '{corpus}'"),
    (["ingest", "--out", "{tmp}/o"], "electionlens: error: ingest: no INPUT given"),
    # a KeyError's message, without the quotes its str() adds
    (["analyze", "{corpus}", "--out", "{tmp}/o", "--scorer", "nope.v9"],
     "electionlens: error: unknown scorer 'nope.v9'; known: lexicon.frames.v1"),
])
def test_bad_input_exits_2_with_one_line(argv, message, corpus, tmp_path, capsys):
    argv = [a.format(corpus=corpus, tmp=tmp_path) for a in argv]
    message = message.format(corpus=corpus)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_output_folder_holding_an_input_named_like_a_table(tmp_path, capsys, fmt):
    """`analyze data/articles.csv --out data`: a run clears its tables first, which deleted
    the input (then read nothing: 0 articles). It must refuse and leave the file alone."""
    data = tmp_path / "data"
    data.mkdir()
    source = data / "articles.csv"
    source.write_text(f'id,text,published\na1,"{BODY}",2017-03-24\n', "utf-8")
    before = source.read_bytes()
    for inputs in ([str(source)], [str(data)]):
        assert main(["analyze", *inputs, "--out", str(data), "--format", fmt]) == 2
        assert "is where the run writes" in capsys.readouterr().err
        assert source.read_bytes() == before
    assert main(["analyze", str(source), "--out", str(data / "analysis")]) == 0  # beside: fine


def test_unwritable_output_exits_2(corpus, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["ingest", str(corpus), "--out", str(blocker / "sub")]) == 2
    assert "cannot create output folder" in capsys.readouterr().err


def test_missing_text_column_exits_2(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("id,headline\n1,hello\n")
    assert main(["ingest", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "x.csv: missing required column 'text'" in capsys.readouterr().err


def test_actors_command_lists_registry(capsys):
    assert main(["actors", "--csv"]) == 0
    frame = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert {"putin", "eu", "le_pen"} <= set(frame["actor"])
    assert set(frame["bloc"]) == {"russia", "eu", "fr_politics"}


def test_console_script_help_documents_contract():
    out = subprocess.run([sys.executable, "-m", "analysis.cli", "analyze", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for flag in ("--out", "--format", "--metadata", "--actors", "Exit status"):
        assert flag in out
    from analysis.pipeline import TABLES

    described = " ".join(out.split("positional arguments")[0].split())
    assert all(name in described for name in TABLES), described  # every table analyze writes


def test_warnings_are_one_line_like_errors(tmp_path):
    """A library warning (a metadata row that fits no file) reaches the user as one
    `electionlens: warning:` line, not Python's two-line form with a source line."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text(
        "Title\nMarine Le Pen met Vladimir Putin in Moscow on Friday, officials said.\n", "utf-8")
    (tmp_path / "meta.csv").write_text("file,outlet\na.txt,Ledger\nb.txt,Other\n", "utf-8")
    run = subprocess.run([sys.executable, "-m", "analysis.cli", "ingest", str(tmp_path / "data"),
                          "--metadata", str(tmp_path / "meta.csv"), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True, check=True)
    lines = [line for line in run.stderr.replace("\r", "\n").splitlines()  # a slow machine's
             if line.strip() and not line.startswith(("ingest", "analyze"))]  # progress bars
    assert lines == [
        f"electionlens: warning: {tmp_path / 'meta.csv'}: 1 row(s) name no input file: b.txt"]


def test_ids_repeated_across_files_are_counted_and_explained(tmp_path, capsys):
    """Two exports that each number their rows from 1: the second file's rows are rejected as
    duplicate ids. The summary said only "3 rejects"; it now gives the reasons, the manifest
    counts them, and a note says what to do."""
    body = "Marine Le Pen met Vladimir Putin in the Kremlin on Friday, officials in Paris said."
    for name in ("jan", "feb"):
        pd.DataFrame({"id": [1, 2, 3], "text": [f"{body} {name} {i}." for i in range(3)]}
                     ).to_csv(tmp_path / f"{name}.csv", index=False)
    out = tmp_path / "o"
    assert main(["ingest", str(tmp_path / "jan.csv"), str(tmp_path / "feb.csv"), "--out",
                 str(out)]) == 0
    printed = capsys.readouterr().out
    assert "3 rejects (duplicate article_id from another file: 3)" in printed
    assert "note: 3 record(s) reuse an article id of another file" in printed
    counts = json.loads((out / "manifest.json").read_text())["counts"]
    assert counts["rejects_by_reason"] == {"duplicate article_id from another file": 3}


def test_evaluate_claims_on_a_gold_file(tmp_path, capsys):
    """A researcher's own attribution gold (the format of tests/data/stance_gold.jsonl)."""
    gold = tmp_path / "gold.jsonl"
    items = [
        {"id": "1", "lang": "en", "text": "Le Pen praised Vladimir Putin on Monday.",
         "claims": [{"speaker": "Le Pen", "speaker_actor": "le_pen", "target_actor": "putin",
                     "stance": "favor"}]},
        {"id": "2", "lang": "en", "text": '"The EU is a prison," Mélenchon said.',
         "claims": [{"speaker": "Mélenchon", "speaker_actor": "melenchon", "target_actor": "eu",
                     "stance": "against"}]},
        {"id": "3", "lang": "en", "text": "Fillon met Putin in Moscow.",   # narration: author
         "claims": [{"speaker": "Fillon", "speaker_actor": "fillon", "target_actor": "putin",
                     "stance": "favor"}]},
    ]
    gold.write_text("\n".join(json.dumps(i) for i in items), "utf-8")
    out = tmp_path / "m.json"
    assert main(["evaluate", "claims", "--gold", str(gold), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "speaker accuracy = 0.667 (3 gold claims in 3 texts)" in printed
    assert "3 putin: gold Fillon favor, got author neutral" in printed
    metrics = json.loads(out.read_text("utf-8"))
    assert metrics["accuracy"] == pytest.approx(2 / 3) and len(metrics["errors"]) == 1
    # the file says what gave these figures: the arguments, the scorer's options, the bootstrap
    assert metrics["arguments"]["gold"] == str(gold) and metrics["scorer_options"] == {}
    assert (metrics["n_boot"], metrics["seed"]) == (1000, 13) and metrics["electionlens_version"]
    # --json naming the gold file replaced the annotations with the metrics
    before = gold.read_bytes()
    assert main(["evaluate", "claims", "--gold", str(gold), "--json", str(gold)]) == 2
    assert "is (in) the gold data or the model this evaluates" in capsys.readouterr().err
    assert gold.read_bytes() == before
    # ... and a file inside a gold folder (--ruw DIR --json DIR/raw_test.csv replaced the test set)
    ruw = tmp_path / "ruw"
    ruw.mkdir()
    (ruw / "raw_test.csv").write_text("text,label\n", "utf-8")
    assert main(["evaluate", "stance", "--ruw", str(ruw), "--json",
                 str(ruw / "raw_test.csv")]) == 2
    assert "is (in) the gold data or the model this evaluates" in capsys.readouterr().err
    assert (ruw / "raw_test.csv").read_text("utf-8") == "text,label\n"
    # ... and the model evaluated (--json MODEL/model.json replaced the model with the metrics)
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.json").write_text("{}", "utf-8")
    assert main(["evaluate", "claims", "--gold", str(gold), "--scorer-option",
                 f"model_path={model}", "--json", str(model / "model.json")]) == 2
    assert "is (in) the gold data or the model" in capsys.readouterr().err
    assert (model / "model.json").read_text("utf-8") == "{}"
    gold.write_text('{"id": "x", "text": "Putin."}\n', "utf-8")
    assert main(["evaluate", "claims", "--gold", str(gold)]) == 2
    assert "line 1: not a gold item (missing key 'claims')" in capsys.readouterr().err


def test_scorers_lists_each_with_its_task_and_extra(capsys):
    assert main(["scorers"]) == 0
    lines = {ln.split()[0]: ln.split()[1:3] for ln in capsys.readouterr().out.splitlines()[1:]}
    assert lines["lexicon.v1"] == ["sentiment", "-"]   # no extra needed: was "NaN"
    assert lines["transformers.tsc.v1"] == ["sentiment", "transformers"]


def test_debug_may_follow_the_command(tmp_path, capsys):
    # every command's help says "--debug for more", but only "electionlens --debug analyze"
    # was accepted: "analyze ... --debug" was a usage error
    with pytest.raises(FileNotFoundError, match="input not found"):
        main(["ingest", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o"), "--debug"])
    assert main(["ingest", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o")]) == 2
    assert "input not found" in capsys.readouterr().err


def test_column_map_name_no_input_has_is_warned(tmp_path, capsys):
    """`--column-map articlebody=text` on a file with `article_body` read the `text` teaser
    without a word."""
    path = tmp_path / "a.csv"
    path.write_text(f'id,text,article_body\na1,"{BODY}","{BODY} More."\n', "utf-8")
    assert main(["ingest", str(path), "--out", str(tmp_path / "o"), "--column-map",
                 "articlebody=text"]) == 0
    assert ("electionlens: warning: column_map names 'articlebody' (-> text), which no input file "
            "has; columns found: id, text, article_body") in capsys.readouterr().err


def test_inputs_with_no_file_to_read_exit_2(corpus, tmp_path, capsys):
    """An empty folder, or an earlier run's output folder, gave "0 records", exit 0 (and then
    an empty report)."""
    (tmp_path / "empty").mkdir()
    assert main(["ingest", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]) == 2
    assert "no input file to read: " in capsys.readouterr().err
    assert main(["ingest", str(corpus), "--out", str(tmp_path / "ing1")]) == 0
    capsys.readouterr()
    assert main(["analyze", str(tmp_path / "ing1"), "--out", str(tmp_path / "o")]) == 2
    assert (f"ing1 holds an earlier run's tables, which are skipped as input; pass "
            f"{tmp_path / 'ing1' / 'articles.parquet'} to read them") in capsys.readouterr().err


@pytest.mark.parametrize("command", ["ingest", "analyze"])
@pytest.mark.parametrize("flag", ["--workers", "--chunk-size"])
def test_zero_workers_or_chunk_size_refused(command, flag, corpus, tmp_path, capsys):
    # ingest read 0 as "not given" (1 worker, chunks of 1000); analyze refused it
    assert main([command, str(corpus), "--out", str(tmp_path / "o"), flag, "0"]) == 2
    name = flag.lstrip("-").replace("-", "_")
    assert f"{command}: {name} must be a whole number of at least 1, got 0" in capsys.readouterr().err


def test_scorer_option_null_is_refused(corpus, tmp_path, capsys):
    # model_path=null was read as None: the shipped model, without a word
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "o"), "--scorer-option",
                 "model_path=null"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--scorer-option model_path=null" in err
    assert "leave the option out" in err


def test_scorer_option_hint_only_where_it_applies(corpus, tmp_path, capsys):
    # "what follows --scorer-option is read as its pairs" is true of --column-map only
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "o"), "--scorer-option",
                 "model_path"]) == 2
    err = capsys.readouterr().err
    assert "--scorer-option expects KEY=VALUE, got 'model_path'" in err and "follows" not in err


def test_output_paths_are_checked_before_the_work(tmp_path, capsys, monkeypatch):
    """train (64 s of training lost, then "[Errno 17] File exists") and evaluate --json (metrics
    printed, then "[Errno 21] Is a directory") checked the output only after the work."""
    import analysis.scoring.sklearn

    def train(*a, **k):
        raise AssertionError("trained before the output was checked")

    monkeypatch.setattr(analysis.scoring.sklearn, "train_from_newsmtsc", train)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["train", "sentiment", "--newsmtsc", str(tmp_path), "--out", str(blocker)]) == 2
    assert f"--out {blocker} is a file, not a folder" in capsys.readouterr().err
    assert main(["train", "sentiment", "--newsmtsc", str(tmp_path), "--out",
                 str(blocker / "m")]) == 2
    assert f"--out {blocker / 'm'}: " in capsys.readouterr().err
    (tmp_path / "folder").mkdir()
    assert main(["evaluate", "claims", "--gold", str(TEST_DATA / "stance_gold.jsonl"), "--json",
                 str(tmp_path / "folder")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and f"--json {tmp_path / 'folder'} is a folder" in err


def test_report_unwritable_out_names_the_users_path(corpus, tmp_path, capsys):
    # the error named the temporary file the report is written through
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "run")]) == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    targets = [blocker / "r.pdf"] + ([Path("/proc/r.pdf")] if Path("/proc").is_dir() else [])
    for target in targets:
        capsys.readouterr()
        assert main(["report", str(tmp_path / "run"), "--out", str(target)]) == 2
        err = capsys.readouterr().err
        assert f"--out {target}: " in err and ".tmp" not in err, err


@pytest.mark.parametrize("folds", ["1", "100000"])
def test_evaluate_frames_folds_outside_2_to_n_refused(folds, tmp_path, capsys):
    """--folds 1 gave sklearn's message (no word of --folds); --folds 100000 was capped to n
    (leave-one-out) while the header and cv["k"] said 100000."""
    en = tmp_path / "en"
    (en / "train-articles-subtask-2").mkdir(parents=True)
    (en / "train-labels-subtask-2.txt").write_text("1\tEconomic\n2\tMorality\n3\tEconomic\n")
    for i in (1, 2, 3):
        (en / "train-articles-subtask-2" / f"article{i}.txt").write_text(f"Title\n\n{BODY}\n")
    assert main(["evaluate", "frames", "--semeval2023", str(tmp_path), "--folds", folds]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--folds" in err and "from 2 to" in err, err


def test_frames_model_missing_points_to_the_command_line(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ELECTIONLENS_FRAMES_MODEL", raising=False)
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "o"), "--frames-scorer",
                 "sklearn.frames.v1"]) == 2
    err = capsys.readouterr().err
    assert "electionlens train frames" in err and "--frames-scorer-option model_path=" in err
    assert "train_frames_semeval" not in err


def test_closed_pipe_exits_quietly():
    # `electionlens actors --csv | head -1` printed "[Errno 32] Broken pipe" and exited 2
    proc = subprocess.Popen([sys.executable, "-m", "analysis.cli", "actors", "--csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()   # the reader is gone before the first line
    err = proc.stderr.read().decode()
    assert proc.wait() == 141 and err == ""


@pytest.mark.parametrize("argv, text", [
    (["demo", "--help"], "Runs ingest, analyze and report"),
    (["demo", "--help"], "table format"),
    (["train", "frames", "--help"], "the semeval2023-task3-en folder"),
])
def test_help_texts(argv, text, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert text in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("argv", [
    ["analyze", "{demo}", "--out", "{tmp}/o", "--scorer-option", "model_path=true"],
    ["analyze", "{demo}", "--out", "{tmp}/o", "--stance-scorer", "sklearn.stance.v1",
     "--stance-scorer-option", "model_path=false"],
    ["evaluate", "claims", "--gold", "{gold}", "--scorer", "sklearn.stance.v1",
     "--scorer-option", "model_path={{}}"],
])
def test_scorer_option_of_the_wrong_kind_exits_2(argv, tmp_path, capsys):
    # a TypeError traceback, exit 1 (the error handler catches ValueError, OSError, LookupError)
    from conftest import DEMO

    gold = TEST_DATA / "stance_gold.jsonl"
    assert main([a.format(tmp=tmp_path, demo=DEMO / "articles.jsonl", gold=gold)
                 for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "option 'model_path' must be a path, got" in err
