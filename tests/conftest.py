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


TINY_WORDS = """the a an and but of to in on for with by at from is was were be has have had
said says told not no he she it they we i you his her their its this that these those
putin kremlin russia russian moscow eu european union brussels commission macron le pen
fillon sanctions praised criticised condemned supported accused denied dismissed called
good bad great terrible like hate love support oppose favor against neutral positive negative
election campaign meddling interference vote candidate president minister bert robert
supports opposes economy security war peace policy frame narrative text about is . , " ' !
""".split()


def build_tiny_classifier(path: Path, labels: list[str], *, seed: int = 0) -> Path:
    """Save a 2-layer BERT sequence classifier with a word-level vocabulary to ``path``.

    It is untrained (random weights, fixed seed): tests check plumbing (loading offline,
    batching, label mapping, windowing), not accuracy.
    """
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    path.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "<t>", "</t>"]
    vocab += sorted(set(TINY_WORDS) - set(vocab))
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", "utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(path / "vocab.txt"), do_lower_case=True)
    tokenizer.save_pretrained(path)
    torch.manual_seed(seed)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=37, max_position_embeddings=512, num_labels=len(labels),
        id2label=dict(enumerate(labels)), label2id={lab: i for i, lab in enumerate(labels)},
    )
    transformers.BertForSequenceClassification(config).save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_sentiment_model(tmp_path_factory) -> Path:
    return build_tiny_classifier(tmp_path_factory.mktemp("tiny-tsc"), ["NEGATIVE", "NEUTRAL", "POSITIVE"])


@pytest.fixture(scope="session")
def tiny_nli_model(tmp_path_factory) -> Path:
    return build_tiny_classifier(tmp_path_factory.mktemp("tiny-nli"),
                                 ["entailment", "neutral", "contradiction"], seed=1)
