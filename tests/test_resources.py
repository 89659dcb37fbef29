"""The shipped data files: parsed with libyaml where PyYAML has it, to the same data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from analysis.resources import read_yaml

ROOT = Path(str(resources.files("analysis.resources")))
SHIPPED = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.yaml"))


def test_every_shipped_yaml_file_is_checked():
    assert {"actors.yaml", "stance_cues.yaml", "frames.yaml", "narratives.yaml",
            "cleaning.yaml", "events/fr-2017.yaml"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_read_yaml_gives_what_safe_load_gives(name):
    assert read_yaml(name) == yaml.safe_load((ROOT / name).read_text("utf-8"))


def test_read_yaml_falls_back_to_the_python_loader(monkeypatch):
    """A PyYAML built without libyaml has no CSafeLoader: the pure-Python safe loader runs."""
    expected = yaml.safe_load((ROOT / "frames.yaml").read_text("utf-8"))
    used = []

    class Spy(yaml.SafeLoader):
        def __init__(self, stream):
            used.append(True)
            super().__init__(stream)

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    monkeypatch.setattr(yaml, "SafeLoader", Spy)
    assert read_yaml("frames.yaml") == expected and used == [True]
