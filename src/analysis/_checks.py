"""The checks of the tables a public function is handed."""

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


def is_copy(duplicate_of: pd.Series) -> pd.Series:
    """Which rows of an articles table's ``duplicate_of`` name an original: not missing and not
    blank (a table read with ``keep_default_na=False`` holds "" for none; every article was
    taken for a wire copy and left out)."""
    text = duplicate_of.astype("object")
    return text.notna() & text.map(lambda v: not isinstance(v, str) or bool(v.strip()))


def _id_kind(ids: pd.Series) -> str | None:
    """"text", "numbers" or "mixed" values of an id column (None: no values)."""
    kind = pd.api.types.infer_dtype(ids, skipna=True)
    if kind == "empty":
        return None
    return {"string": "text", "integer": "numbers", "floating": "numbers",
            "mixed-integer-float": "numbers", "decimal": "numbers"}.get(kind, "mixed")


def require_same_ids(where: str, **tables: pd.DataFrame | None) -> None:
    """A ValueError when the ``article_id`` columns of ``tables`` (argument name -> table; None
    skipped) hold different kinds of value: 17 and "17" never match, so every lookup between
    them failed and the output was silently empty or thin."""
    kinds = {name: _id_kind(df["article_id"]) for name, df in tables.items()
             if df is not None and "article_id" in df.columns}
    if len({k for k in kinds.values() if k is not None}) > 1:
        shown = ", ".join(f"{k} in {name}" for name, k in kinds.items() if k is not None)
        raise ValueError(f"{where}: article_id holds {shown}; 17 and '17' are different ids, "
                         "so give every table the same kind (e.g. .astype(str))")


def require_mentioned_sentences(where: str, mentions: pd.DataFrame,
                                sentences: pd.DataFrame) -> None:
    """A ValueError when a mention names a sentence that ``sentences`` lacks (tables from two
    runs, or a filtered sentences table)."""
    for name, df in (("mentions", mentions), ("sentences", sentences)):
        if df["sentence_id"].isna().any():
            raise ValueError(f"{where}: {name} has no sentence_id in "
                             f"{int(df['sentence_id'].isna().sum())} row(s)")
    if not len(mentions):
        return
    codes, _ = pd.factorize(pd.concat([mentions["article_id"], sentences["article_id"]],
                                      ignore_index=True))
    sid = pd.concat([mentions["sentence_id"], sentences["sentence_id"]], ignore_index=True)
    keys = pd.Series(codes.astype("int64") * (1 << 32) + sid.to_numpy(dtype="int64"))
    missing = ~keys[:len(mentions)].isin(keys[len(mentions):]).to_numpy()
    if missing.any():
        first = mentions[missing].iloc[0]
        raise ValueError(f"{where}: {int(missing.sum())} mention(s) name a sentence that "
                         f"sentences lacks (article {first['article_id']!r}, sentence "
                         f"{first['sentence_id']}); mentions and sentences must come from the "
                         "same articles and segmentation")


def require_segmented(where: str, articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    """A ValueError when the last sentence of an article (``sentences`` with ``text``) is not the
    article's text at its offsets: sentences segmented from another version of the text (every
    offset after the change points at other words)."""
    if "text" not in sentences.columns or not len(sentences):
        return
    texts = dict(zip(articles["article_id"], articles["text"]))
    last = sentences.loc[sentences.groupby("article_id", sort=False)["end"].idxmax()]
    for a, sid, start, end, sentence in zip(last["article_id"], last["sentence_id"],
                                            last["start"].tolist(), last["end"].tolist(),
                                            last["text"]):
        text = texts.get(a)
        if isinstance(text, str) and isinstance(sentence, str) and text[start:end] != sentence:
            raise ValueError(
                f"{where}: sentence {sid} of article {a!r} is not the article's text at "
                f"{start}-{end} ({text[start:end][:40]!r} there, {sentence[:40]!r} in "
                "sentences): the sentences were segmented from another version of the text; "
                "run segment_sentences on these articles")


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
