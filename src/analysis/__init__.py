"""electionlens: Russia- and EU-related actors, tone and narratives in election news.

The public API, re-exported from the task-named modules; see each module for details.
"""

from importlib.metadata import PackageNotFoundError, version

from .actors import ActorRegistry, RegistryError, detect_mentions
from .corpus import (
    CleaningRules,
    clean_text,
    detect_language,
    load_corpus,
    mark_duplicates,
    parse_date,
)
from .pipeline import analyze, ingest, read_tables, write_tables
from .text import segment_sentences, split_sentences

try:
    __version__ = version("electionlens")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "ActorRegistry",
    "CleaningRules",
    "RegistryError",
    "__version__",
    "analyze",
    "clean_text",
    "detect_language",
    "detect_mentions",
    "ingest",
    "load_corpus",
    "mark_duplicates",
    "parse_date",
    "read_tables",
    "segment_sentences",
    "split_sentences",
    "write_tables",
]
