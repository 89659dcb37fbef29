import json
import subprocess
import sys

import pandas as pd
import pytest

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
