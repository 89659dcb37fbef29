"""Scorers: one protocol, chosen by versioned name. See :mod:`analysis.scoring.base`."""

from .base import (
    CLAIM_COLUMNS,
    FRAME_COLUMNS,
    LABELS,
    SENTIMENT_COLUMNS,
    MentionSentimentScorer,
    OptionalDependencyError,
    Scorer,
    get_scorer,
    list_scorers,
    mention_contexts,
    register_scorer,
)

register_scorer("lexicon.v1", "analysis.scoring.lexicon:LexiconScorer", task="sentiment",
                description="VADER scoped to the target's clause, with negation and contrast; "
                            "offline, no training data; English")
register_scorer("sklearn.tsc.v1", "analysis.scoring.sklearn:SklearnTSC", task="sentiment",
                description="target-aware logistic regression trained on NewsMTSC (the shipped "
                            "default); English")
register_scorer("transformers.tsc.v1", "analysis.scoring.transformers:TransformersTSC",
                task="sentiment", extra="transformers",
                description="any Hugging Face sequence-classification model, target marked")

#: The scorer used when none is named.
DEFAULT_SENTIMENT_SCORER = "sklearn.tsc.v1"

__all__ = [
    "CLAIM_COLUMNS", "FRAME_COLUMNS", "LABELS", "SENTIMENT_COLUMNS", "DEFAULT_SENTIMENT_SCORER",
    "MentionSentimentScorer", "OptionalDependencyError", "Scorer", "get_scorer", "list_scorers",
    "mention_contexts", "register_scorer",
]
