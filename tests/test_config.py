from pathlib import Path

import pytest
from conftest import DEMO

from analysis.cli import main
from analysis.config import load_config


def test_load_config_resolves_paths(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "study.yaml").write_text(
        "corpus: data/a.jsonl\nout: runs/one\nworkers: 2\nsentiment_scorer: lexicon.v1\n")
    cfg = load_config(tmp_path / "study.yaml")
    assert cfg.corpus == (str((tmp_path / "data" / "a.jsonl").resolve()),)
    assert cfg.out == str((tmp_path / "runs" / "one").resolve()) and cfg.workers == 2


def test_load_config_toml(tmp_path):
    (tmp_path / "a.csv").write_text("text\nx\n")
    (tmp_path / "s.toml").write_text('corpus = ["a.csv"]\nformat = "csv"\n')
    assert load_config(tmp_path / "s.toml").format == "csv"
    (tmp_path / "S.TOML").write_text('corpus = [\n')   # read as TOML, but "not valid YAML"
    with pytest.raises(ValueError, match=r"S.TOML: not valid TOML"):
        load_config(tmp_path / "S.TOML")


@pytest.mark.parametrize("body, error, message", [
    ("corpus: missing.jsonl\n", FileNotFoundError, "corpus: 'missing.jsonl' not found"),
    ("corpus: ../../etc/passwd\n", ValueError, "points outside the config's folder"),
    ("colour: red\n", ValueError, "unknown setting"),
    ("workers: two\n", ValueError, "workers: expected int"),
    ("workers: true\n", ValueError, "workers: expected int, got True"),   # ran 1 worker
    ("month_first: yes please\n", ValueError, "month_first: expected bool"),
    ("format: xlsx\n", ValueError, "format: expected parquet or csv"),
    ("title: 2017\n", ValueError, "title: expected str"),
    ("corpus: [unclosed\n", ValueError, "not valid YAML"),
    ("- a\n- b\n", ValueError, "expected a mapping"),
    # an empty value was the option left out: the shipped model, without a word
    ("scorer_options:\n  sentiment:\n    model_path:\n", ValueError,
     "scorer_options: sentiment: model_path: no value; leave the option out"),
])
def test_bad_configs(tmp_path, body, error, message):
    (tmp_path / "s.yaml").write_text(body)
    with pytest.raises(error, match=message):
        load_config(tmp_path / "s.yaml")


def test_analyze_from_config(tmp_path, capsys):
    study = tmp_path / "study.yaml"
    study.write_text(f"corpus: [{DEMO / 'texts'}]\nout: run\nsentiment_scorer: lexicon.v1\n")
    assert main(["analyze", "--config", str(study)]) == 0
    assert (tmp_path / "run" / "manifest.json").exists()
    assert main(["analyze", "--config", str(tmp_path / "nope.yaml")]) == 2
    assert "config file not found" in capsys.readouterr().err


def test_report_from_config(tmp_path, monkeypatch, capsys):
    """The study file's out, events and title reach `electionlens report --config`; the
    command line overrides them; without --out the PDF goes into the analysis folder."""
    import analysis.report

    calls = []
    monkeypatch.setattr(analysis.report, "build_report",
                        lambda d, **kw: calls.append((d, kw)) or Path(kw["out"]))
    (tmp_path / "cal.yaml").write_text("- {date: 2017-04-23, name: First round}\n")
    study = tmp_path / "study.yaml"
    study.write_text("out: runs/one\nevents: cal.yaml\ntitle: My study\n")
    assert main(["report", "--config", str(study)]) == 0
    run = (tmp_path / "runs" / "one").resolve()
    assert calls[-1] == (str(run), {"events": str((tmp_path / "cal.yaml").resolve()),
                                    "title": "My study", "out": run / "report.pdf"})
    assert main(["report", "other", "--config", str(study), "--title", "T", "--out", "x.pdf"]) == 0
    assert calls[-1] == ("other", {"events": str((tmp_path / "cal.yaml").resolve()),
                                   "title": "T", "out": "x.pdf"})
    study.write_text("out: runs/one\nevents: fr-2017\n")  # a shipped calendar by name
    assert main(["report", "--config", str(study)]) == 0
    assert calls[-1][1]["events"] == "fr-2017"
    study.write_text("out: runs/one\nevents: none\n")  # no calendar (not a file 'none')
    assert main(["report", "--config", str(study)]) == 0
    assert calls[-1][1]["events"] == "none"
    assert main(["report"]) == 2
    assert "report: no DIR given" in capsys.readouterr().err


def test_a_model_folder_named_by_a_number(tmp_path):
    # YAML reads `model_path: 2017` as a number: a TypeError from pathlib
    (tmp_path / "2017").mkdir()
    (tmp_path / "s.yaml").write_text("scorer_options:\n  sentiment:\n    model_path: 2017\n")
    cfg = load_config(tmp_path / "s.yaml")
    assert cfg.scorer_options == {"sentiment": {"model_path": str((tmp_path / "2017").resolve())}}


def test_a_scorer_named_on_the_command_line_drops_the_configs_options_for_another(tmp_path):
    # the config's model_path (for the default sentiment scorer) made --scorer lexicon.v1 fail
    # with "scorer 'lexicon.v1' has no option 'model_path'": it could not be switched off
    import shutil

    from analysis.scoring.sklearn import shipped_model_path

    shutil.copytree(shipped_model_path(), tmp_path / "model")
    study = tmp_path / "study.yaml"
    study.write_text(f"corpus: [{DEMO / 'texts'}]\nout: run\n"
                     "scorer_options:\n  sentiment:\n    model_path: model\n")
    assert main(["analyze", "--config", str(study), "--scorer", "lexicon.v1"]) == 0
    import json

    config = json.loads((tmp_path / "run" / "manifest.json").read_text())["config"]
    assert config["sentiment_scorer"] == "lexicon.v1" and config["scorer_options"] == {}
    assert config["stance_scorer"] == "lexicon.stance.v1"   # was null: the default, unnamed
    # the same scorer as the config's (here the default one): its options stay
    assert main(["analyze", "--config", str(study), "--scorer", "sklearn.tsc.v2"]) == 0
    config = json.loads((tmp_path / "run" / "manifest.json").read_text())["config"]
    assert config["scorer_options"] == {"sentiment": {"model_path": str(tmp_path / "model")}}


def test_outside_the_folder_names_the_folder(tmp_path, monkeypatch):
    # a config given by a relative name printed its folder as "."
    (tmp_path / "s.yaml").write_text("corpus: ../elsewhere.csv\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=rf"points outside the config's folder {tmp_path.resolve()} "):
        load_config("s.yaml")
