"""A study's configuration in one file: what to read, which resources and scorers, where to write.

```yaml
# study.yaml — paths are relative to this file
corpus: [data/articles.jsonl, data/pages/]
metadata: data/pages.csv          # optional
actors: my_actors.yaml            # optional, merged over the default registry
events: events/fr-2017.yaml       # optional: a file, a shipped calendar's name (default: fr-2017) or none
sentiment_scorer: sklearn.tsc.v2
stance_scorer: lexicon.stance.v1
frames_scorer: lexicon.frames.v1
scorer_options:                   # optional, by task: options of the scorers above
  sentiment: {model_path: models/my-tsc}    # e.g. a model of `electionlens train sentiment`
out: runs/2017
format: parquet
chunk_size: 1000
workers: 2
month_first: false                # true: numeric dates are US-style, 03/24/2017
title: Russia and the EU in the 2017 French campaign
```

``load_config("study.yaml")`` returns a frozen :class:`StudyConfig`; ``electionlens analyze
--config study.yaml`` uses it, and ``electionlens report --config study.yaml`` its ``out``,
``events`` and ``title`` (command-line options override it). YAML is read with
``yaml.safe_load`` only (TOML with ``tomllib``). Every path is resolved against the config
file's folder and checked: it must exist (except ``out``) and may not contain NUL bytes; a
relative path may not climb out of the config's folder with ``..`` unless
``allow_outside=True`` (a shared config should not read or write arbitrary places).
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import yaml

from ._checks import load_user_yaml, read_user_text

__all__ = ["StudyConfig", "load_config"]


@dataclass(frozen=True)
class StudyConfig:
    corpus: tuple[str, ...] = ()
    metadata: str | None = None
    actors: str | None = None
    events: str | None = None
    rules: str | None = None
    sentiment_scorer: str | None = None
    stance_scorer: str | None = None
    frames_scorer: str | None = None
    out: str | None = None
    format: str = "parquet"
    chunk_size: int = 1000
    workers: int = 1
    strict_dates: bool = False
    month_first: bool = False
    title: str | None = None
    column_map: dict = field(default_factory=dict)
    scorer_options: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


_PATH_FIELDS = ("metadata", "actors", "events", "rules")


def _resolve(value: object, base: Path, where: str, *, must_exist: bool,
             allow_outside: bool) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: expected a path string, got {value!r}")
    if "\x00" in value:
        raise ValueError(f"{where}: path contains a NUL byte")
    path = Path(value).expanduser()
    resolved = (path if path.is_absolute() else base / path).resolve()
    if not path.is_absolute() and not allow_outside and not resolved.is_relative_to(base.resolve()):
        raise ValueError(f"{where}: '{value}' points outside the config's folder {base.resolve()} "
                         "(use an absolute path, or allow_outside=True)")
    if must_exist and not resolved.exists():
        raise FileNotFoundError(f"{where}: '{value}' not found (resolved to {resolved})")
    return str(resolved)


def _shipped_calendar(value: object, base: Path) -> bool:
    from .timeline import NO_CALENDAR, shipped_calendars

    return isinstance(value, str) and (value in shipped_calendars() or value.lower() == NO_CALENDAR) \
        and not (base / value).exists()


def _scorer_options(options: dict, base: Path, path: Path, allow_outside: bool) -> dict:
    """``{task: {option: value}}`` checked; ``model_path`` and a ``model`` that names a local
    folder are resolved against the config's folder like every other path in it."""
    from .pipeline import SCORER_TASKS

    out = {}
    for task, opts in options.items():
        where = f"{path}: scorer_options: {task}"
        if task not in SCORER_TASKS:
            raise ValueError(f"{where}: unknown task (known: {', '.join(SCORER_TASKS)})")
        if not isinstance(opts, dict):
            raise ValueError(f"{where}: expected a mapping of option names to values")
        opts = dict(opts)
        empty = [k for k, v in opts.items() if v is None]
        if empty:   # "model_path:" with nothing after it: the shipped model, without a word
            raise ValueError(f"{where}: {empty[0]}: no value; leave the option out for the "
                             "scorer's default")
        for key in ("model_path", "model"):
            value = opts.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)   # a folder named "2017" (YAML reads it as a number)
            if isinstance(value, str) and (key == "model_path" or (base / value).exists()):
                opts[key] = _resolve(value, base, f"{where}: {key}", must_exist=True,
                                     allow_outside=allow_outside)
        out[task] = opts
    return out


def load_config(path: str | Path, *, allow_outside: bool = False) -> StudyConfig:
    """Read a YAML or TOML study file into a :class:`StudyConfig` with checked, absolute paths.

    Unknown keys, wrong types and missing files are errors that name the file and the key.
    """
    path = Path(path)
    text = read_user_text(path, "config")
    kind = "TOML" if path.suffix.lower() == ".toml" else "YAML"
    try:
        data = tomllib.loads(text) if kind == "TOML" else load_user_yaml(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: not valid {kind} ({exc})") from None
    data = data or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of settings")
    known = {f.name for f in fields(StudyConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"{path}: unknown setting(s): {', '.join(unknown)} "
                         f"(known: {', '.join(sorted(known))})")
    base = path.parent
    values = dict(data)
    corpus = values.get("corpus", [])
    corpus = [corpus] if isinstance(corpus, str) else corpus
    if not isinstance(corpus, list):
        raise ValueError(f"{path}: corpus: expected a path or a list of paths")
    values["corpus"] = tuple(_resolve(c, base, f"{path}: corpus", must_exist=True,
                                      allow_outside=allow_outside) for c in corpus)
    for key in _PATH_FIELDS:
        if values.get(key) is not None:
            if key == "events" and _shipped_calendar(values[key], base):
                continue  # "events: fr-2017", a calendar of the package
            values[key] = _resolve(values[key], base, f"{path}: {key}", must_exist=True,
                                   allow_outside=allow_outside)
    if values.get("out") is not None:
        values["out"] = _resolve(values["out"], base, f"{path}: out", must_exist=False,
                                 allow_outside=allow_outside)
    for key, kind in (("chunk_size", int), ("workers", int), ("strict_dates", bool),
                      ("month_first", bool), ("format", str), ("column_map", dict),
                      ("title", str), ("scorer_options", dict)):
        # a bool is an int to Python: "workers: true" ran one worker
        if key in values and (not isinstance(values[key], kind) or (
                kind is int and isinstance(values[key], bool))):
            raise ValueError(f"{path}: {key}: expected {kind.__name__}, got {values[key]!r}")
    values["scorer_options"] = _scorer_options(values.get("scorer_options", {}), base, path,
                                               allow_outside)
    if values.get("format", "parquet") not in ("parquet", "csv"):
        raise ValueError(f"{path}: format: expected parquet or csv, got {values['format']!r}")
    return StudyConfig(**values)
