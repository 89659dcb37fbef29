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


@pytest.mark.parametrize("body, error, message", [
    ("corpus: missing.jsonl\n", FileNotFoundError, "corpus: 'missing.jsonl' not found"),
    ("corpus: ../../etc/passwd\n", ValueError, "points outside the config's folder"),
    ("colour: red\n", ValueError, "unknown setting"),
    ("workers: two\n", ValueError, "workers: expected int"),
    ("month_first: yes please\n", ValueError, "month_first: expected bool"),
    ("format: xlsx\n", ValueError, "format: expected parquet or csv"),
    ("corpus: [unclosed\n", ValueError, "not valid YAML"),
    ("- a\n- b\n", ValueError, "expected a mapping"),
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
