"""Shared fixtures. Tests marked ``shared`` read ../shared/data and skip cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ELECTIONLENS_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEMO = ROOT / "data" / "demo"
TEST_DATA = Path(__file__).parent / "data"


def shared_path(*parts: str) -> Path:
    """Path under ../shared/data, or skip the test with a reason naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared dataset not available: {path}")
    return path


@pytest.fixture
def shared():
    return shared_path
