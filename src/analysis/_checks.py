"""The one check of the tables a public function is handed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

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


def join_tables(left: pd.DataFrame, right: pd.DataFrame, on: list[str], where: str,
                names: tuple[str, str], **kw) -> pd.DataFrame:
    """``left.merge(right, on=on, **kw)``, with pandas' refusals restated for the user: keys of
    different types ("article_id: object in mentions, int64 in sentences"), or, with
    ``validate="many_to_one"``, a key that ``right`` holds twice (the first one named)."""
    try:
        return left.merge(right, on=on, **kw)
    except pd.errors.MergeError:
        require_unique(right, on, where, names[1])
        raise
    except ValueError as exc:
        kinds = "; ".join(f"{k}: {left[k].dtype} in {names[0]}, {right[k].dtype} in {names[1]}"
                          for k in on if left[k].dtype != right[k].dtype)
        raise ValueError(f"{where}: {names[0]} and {names[1]} cannot be joined on "
                         f"{', '.join(on)} ({kinds or exc})") from None


def require_unique(df: pd.DataFrame, key: list[str], where: str, table: str) -> None:
    """A ValueError naming the first ``key`` value that ``df`` holds twice ("articles holds
    article_id 'a' more than once": which row's date would count?)."""
    twice = df.duplicated(key)
    if twice.any():
        first = df.loc[twice, key].iloc[0]
        shown = f"{key[0]} {first.iloc[0]!r}" if len(key) == 1 else str(first.to_dict())
        raise ValueError(f"{where}: {table} holds {shown} more than once; each "
                         f"{', '.join(key)} must appear once")


def read_user_text(path: str | Path, what: str) -> str:
    """The UTF-8 text of a file the user named; a missing one is a FileNotFoundError saying
    what the file was for ("stance cue file not found: cues.yaml"), a folder or a file in
    another encoding a ValueError that says so."""
    try:
        return Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"{what} file not found: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"{what} file {path} is a folder; name the file") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{what} file {path} is not UTF-8 text (byte {exc.start}); save it "
                         "as UTF-8") from None


def read_user_yaml(path: str | Path, what: str) -> object:
    """The YAML data of a file the user named (:func:`read_user_text`, :func:`load_user_yaml`);
    text that is not YAML is a ValueError naming the file."""
    import yaml

    text = read_user_text(path, what)
    try:
        return load_user_yaml(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from None


def load_user_yaml(text: str) -> object:
    """``yaml.safe_load(text)``, but a key written twice in one mapping is a
    ``yaml.YAMLError`` naming it and its line: PyYAML keeps the last silently (two
    ``scorer_options:`` blocks in a study file, an actor with two ``aliases:``)."""
    import yaml

    class UniqueKeys(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (only the last would count)",
                        key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep)

    loader = UniqueKeys(text)   # the safe loader driven by hand, as resources.read_yaml does
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
