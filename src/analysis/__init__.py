"""electionlens: Russia- and EU-related actors, tone, stance and narratives in election news.

The public API, re-exported from the task-named modules; see each module for details. Plots
live in :mod:`analysis.plots` (imported on demand: it loads matplotlib).
"""

from importlib.metadata import PackageNotFoundError, version

from .actors import ActorRegistry, RegistryError, detect_mentions
from .attribution import extract_claims
from .config import StudyConfig, load_config
from .corpus import (
    CleaningRules,
    clean_text,
    detect_language,
    load_corpus,
    mark_duplicates,
    parse_date,
)
from .framing import match_known_claims, score_frames
from .pipeline import analyze, ingest, read_tables, write_tables
from .report import build_report
from .scoring import get_scorer, list_scorers
from .sentiment import article_sentiment, score_sentiment
from .text import segment_sentences, split_sentences
from .timeline import aggregate_timeline, compare_around_event, load_events, share_of_articles

try:
    __version__ = version("electionlens")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "ActorRegistry",
    "CleaningRules",
    "RegistryError",
    "StudyConfig",
    "aggregate_timeline",
    "analyze",
    "article_sentiment",
    "build_report",
    "clean_text",
    "compare_around_event",
    "detect_language",
    "detect_mentions",
    "extract_claims",
    "get_scorer",
    "ingest",
    "list_scorers",
    "load_config",
    "load_corpus",
    "load_events",
    "mark_duplicates",
    "match_known_claims",
    "parse_date",
    "read_tables",
    "score_frames",
    "score_sentiment",
    "segment_sentences",
    "share_of_articles",
    "split_sentences",
    "write_tables",
    "__version__",
]
