"""The one check of the tables a public function is handed."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def require_columns(df: pd.DataFrame, columns: Iterable[str], where: str,
                    table: str | None = None) -> None:
    """Raise a TypeError when ``df`` is not a DataFrame, else a ValueError naming the columns it
    lacks; messages start with ``where`` (the function) and ``table`` (the argument)."""
    if not isinstance(df, pd.DataFrame):
        subject = f"{where}: {table} must be" if table else f"{where}: expected"
        raise TypeError(f"{subject} a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        subject = f"{where}: {table} is missing" if table else f"{where}: missing"
        raise ValueError(f"{subject} required column(s): {', '.join(missing)}")
