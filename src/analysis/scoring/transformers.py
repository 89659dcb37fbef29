"""``transformers.tsc.v1``: any Hugging Face sequence-classification model, target marked.

Needs the ``transformers`` extra (``pip install 'electionlens[transformers]'``, with the CPU
wheel of torch installed first where there is no GPU).

The input is the sentence with the target wrapped in markers, paired with the target's surface
as the second segment (``"The <t> Kremlin </t> denied it."``, ``"Kremlin"``), the format
target-dependent models fine-tuned on NewsMTSC-style data expect. Inputs are sorted by length and
batched; the device is CUDA when available, else CPU; a sentence longer than ``max_length``
tokens is cut to a window of tokens centred on the target instead of being dropped or truncated
at the end. Models load from a name or a local path, never with ``trust_remote_code``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import LABELS, MentionSentimentScorer, OptionalDependencyError

try:  # fail at import, so get_scorer can say which extra is missing
    import torch
    import transformers
except ImportError as exc:  # pragma: no cover - exercised by a test that hides the modules
    raise OptionalDependencyError(
        f"transformers.tsc.v1 needs torch and transformers ({exc.name} is not installed): "
        "pip install torch==<cpu wheel> 'electionlens[transformers]'"
    ) from None

__all__ = ["TransformersTSC", "resolve_label_map", "pick_device"]

_ALIASES = {"neg": "negative", "negative": "negative", "neu": "neutral", "neutral": "neutral",
            "pos": "positive", "positive": "positive", "-1": "negative", "0": "neutral",
            "1": "positive"}


def pick_device(device: str | None = None) -> str:
    """``device`` if given, else ``"cuda"`` when a GPU is visible, else ``"cpu"``."""
    if device:
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def resolve_label_map(id2label: dict, label_map: dict | None = None) -> dict[int, str]:
    """Map the model's class indices to negative/neutral/positive.

    ``label_map`` ({model label or index: our label}) wins; otherwise the model's own label
    names are read (NEGATIVE, neu, LABEL_-1 ...). Raises ValueError when a class cannot be
    mapped, listing the model's labels, so the user can pass ``label_map``.

    >>> resolve_label_map({0: "NEGATIVE", 1: "NEUTRAL", 2: "POSITIVE"})
    {0: 'negative', 1: 'neutral', 2: 'positive'}
    >>> resolve_label_map({0: "LABEL_0", 1: "LABEL_1"}, {"LABEL_0": "negative", 1: "positive"})
    {0: 'negative', 1: 'positive'}
    """
    out: dict[int, str] = {}
    for idx, name in sorted((int(k), str(v)) for k, v in id2label.items()):
        target = None
        if label_map:
            target = label_map.get(name, label_map.get(idx, label_map.get(str(idx))))
        if target is None:
            key = name.lower().removeprefix("label_")
            target = _ALIASES.get(key) or _ALIASES.get(key[:3])
        if target not in LABELS:
            raise ValueError(
                f"cannot map model label {name!r} (index {idx}) to {LABELS}; model labels: "
                f"{dict(sorted(id2label.items()))}; pass label_map={{'{name}': 'negative'}} etc."
            )
        out[idx] = target
    return out


class TransformersTSC(MentionSentimentScorer):
    """Target-dependent sentiment from a Hugging Face model (see the module docstring).

    Parameters: ``model`` (hub name or local folder), ``batch_size``, ``max_length`` (tokens),
    ``device`` (None = automatic), ``label_map`` (see :func:`resolve_label_map`),
    ``markers`` (the strings put around the target), ``languages`` (None = any: a multilingual
    model scores French too), ``local_files_only`` (True: never touch the network).
    """

    name = "transformers.tsc.v1"

    def __init__(self, model: str | None = None, *, batch_size: int = 32, max_length: int = 128,
                 device: str | None = None, label_map: dict | None = None,
                 markers: tuple[str, str] = ("<t>", "</t>"), languages: tuple[str, ...] | None = None,
                 local_files_only: bool = False):
        self.model = model
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.label_map = label_map
        self.markers = markers
        self.languages = languages
        self.local_files_only = local_files_only
        self._loaded = None

    # ------------------------------------------------------------------ loading
    def _load(self):
        if self._loaded is None:
            if not self.model:
                raise ValueError("transformers.tsc.v1 needs model=<Hugging Face name or local path>")
            kwargs = {"trust_remote_code": False, "local_files_only": self.local_files_only}
            tokenizer = transformers.AutoTokenizer.from_pretrained(self.model, **kwargs)
            net = transformers.AutoModelForSequenceClassification.from_pretrained(self.model, **kwargs)
            device = pick_device(self.device)
            net.to(device).eval()
            labels = resolve_label_map(net.config.id2label, self.label_map)
            self._loaded = (tokenizer, net, device, labels)
        return self._loaded

    @property
    def metadata(self) -> dict:
        tokenizer, net, device, labels = self._load()
        return {"name": self.name, "model": str(self.model), "device": device,
                "labels": {str(k): v for k, v in labels.items()},
                "architecture": net.config.architectures or [type(net).__name__]}

    # ------------------------------------------------------------------ inputs
    def _mark(self, text: str, s: int, e: int) -> str:
        left, right = self.markers
        return f"{text[:s]}{left} {text[s:e]} {right}{text[e:]}"

    def _window(self, tokenizer, marked: str, target: str) -> str:
        """Cut ``marked`` to about ``max_length`` tokens centred on the target markers."""
        budget = self.max_length - len(tokenizer.tokenize(target)) - 4
        enc = tokenizer(marked, add_special_tokens=False, return_offsets_mapping=True)
        offsets = enc["offset_mapping"]
        if len(offsets) <= budget:
            return marked
        centre_char = marked.find(self.markers[0])
        centre = next((i for i, (a, _) in enumerate(offsets) if a >= centre_char), 0)
        start = max(0, min(centre - budget // 2, len(offsets) - budget))
        end = start + budget
        return marked[offsets[start][0]: offsets[end - 1][1]]

    # ------------------------------------------------------------------ scoring
    def predict_contexts(self, ctx: pd.DataFrame) -> pd.DataFrame:
        tokenizer, net, device, labels = self._load()
        firsts = [self._window(tokenizer, self._mark(t, s, e), t[s:e])
                  for t, s, e in zip(ctx["text"], ctx["t_start"], ctx["t_end"])]
        seconds = [t[s:e] for t, s, e in zip(ctx["text"], ctx["t_start"], ctx["t_end"])]
        order = np.argsort([len(f) for f in firsts], kind="stable")
        n_classes = len(labels)
        probs = np.zeros((len(firsts), n_classes), dtype=np.float64)
        with torch.no_grad():
            for b in range(0, len(order), self.batch_size):
                idx = order[b: b + self.batch_size]
                batch = tokenizer([firsts[i] for i in idx], [seconds[i] for i in idx],
                                  padding=True, truncation="only_first",
                                  max_length=self.max_length, return_tensors="pt").to(device)
                logits = net(**batch).logits.float()
                probs[idx] = torch.softmax(logits, dim=-1).cpu().numpy()
        by_label = {lab: np.zeros(len(firsts)) for lab in LABELS}
        for idx, lab in labels.items():
            by_label[lab] += probs[:, idx]
        stacked = np.stack([by_label[lab] for lab in LABELS], axis=1)
        best = stacked.argmax(axis=1)
        return pd.DataFrame({
            "label": [LABELS[i] for i in best],
            "score": by_label["positive"] - by_label["negative"],
            "confidence": stacked.max(axis=1),
            "evidence": [f"{self.model}: p(neg/neu/pos)={p[0]:.2f}/{p[1]:.2f}/{p[2]:.2f}"
                         for p in stacked],
        })
