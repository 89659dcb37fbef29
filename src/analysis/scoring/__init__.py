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
    scorer_for,
)

register_scorer("lexicon.v1", "analysis.scoring.lexicon:LexiconScorer", task="sentiment",
                description="VADER scoped to the target's clause, with negation and contrast; "
                            "offline, no training data; English")
register_scorer("sklearn.tsc.v1", "analysis.scoring.sklearn:SklearnTSC", task="sentiment",
                description="target-aware logistic regression trained on NewsMTSC; English")
register_scorer("sklearn.tsc.v2", "analysis.scoring.sklearn:SklearnTSC2", task="sentiment",
                description="sklearn.tsc.v1 plus GloVe word-vector features, trained on NewsMTSC "
                            "(the shipped default); English")
register_scorer("transformers.tsc.v1", "analysis.scoring.transformers:TransformersTSC",
                task="sentiment", extra="transformers",
                description="any Hugging Face sequence-classification model, target marked")

register_scorer("lexicon.frames.v1", "analysis.framing:LexiconFrameScorer", task="frames",
                description="transparent cue matching for the 14 generic frames and the "
                            "narrative taxonomy; English and French")
register_scorer("sklearn.frames.v1", "analysis.scoring.frames_model:SklearnFrames", task="frames",
                description="supervised 14-frame article classifier; needs a model trained with "
                            "`electionlens train frames` (none ships: SemEval data terms)")
register_scorer("lexicon.stance.v1", "analysis.attribution:CueStanceScorer", task="stance",
                description="cue verbs and phrases (stance_cues.yaml) with negation and role "
                            "reversal, then target-scoped valence; offline; English and French")
register_scorer("sklearn.stance.v1", "analysis.scoring.stance_model:SklearnStance", task="stance",
                description="stance toward Russia trained on RUW tweets (author voice)")
register_scorer("transformers.nli.v1", "analysis.scoring.transformers:TransformersNLI",
                task="stance", extra="transformers",
                description="zero-shot stance, frames and narratives with any NLI model "
                            "(task='stance' or 'frames')")

#: The scorers used when none is named.
DEFAULT_SENTIMENT_SCORER = "sklearn.tsc.v2"
DEFAULT_STANCE_SCORER = "lexicon.stance.v1"
DEFAULT_FRAMES_SCORER = "lexicon.frames.v1"

__all__ = [
    "CLAIM_COLUMNS", "FRAME_COLUMNS", "LABELS", "SENTIMENT_COLUMNS", "DEFAULT_SENTIMENT_SCORER",
    "DEFAULT_STANCE_SCORER", "DEFAULT_FRAMES_SCORER",
    "MentionSentimentScorer", "OptionalDependencyError", "Scorer", "get_scorer", "list_scorers",
    "mention_contexts", "register_scorer", "scorer_for",
]
