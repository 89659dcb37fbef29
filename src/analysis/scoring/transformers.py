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

from pathlib import Path

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

__all__ = ["TransformersTSC", "TransformersNLI", "load_classifier", "resolve_label_map", "pick_device"]

_ALIASES = {"neg": "negative", "negative": "negative", "neu": "neutral", "neutral": "neutral",
            "pos": "positive", "positive": "positive", "-1": "negative", "0": "neutral",
            "1": "positive"}


def pick_device(device: str | None = None) -> str:
    """``device`` if given, else ``"cuda"`` when a GPU is visible, else ``"cpu"``."""
    if device:
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def load_classifier(model: str | None, *, device: str | None, local_files_only: bool,
                    needed_by: str, what: str = "Hugging Face name or local path"):
    """``(tokenizer, model, device)`` of a sequence classifier, in eval mode on the device;
    never with ``trust_remote_code``."""
    if not model:
        raise ValueError(f"{needed_by} needs model=<{what}>")
    local = Path(model).expanduser()
    if local.exists():
        model = str(local)
    elif model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model:
        raise FileNotFoundError(f"{needed_by}: model folder not found: {model}")
    kwargs = {"trust_remote_code": False, "local_files_only": local_files_only}
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(model, **kwargs)
        net = transformers.AutoModelForSequenceClassification.from_pretrained(model, **kwargs)
    except OSError as exc:  # not on disk, not in the Hugging Face cache, hub out of reach
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OSError(f"{needed_by}: cannot load model '{model}' (not a local folder, and not "
                      f"in the Hugging Face cache or reachable online): {first}") from None
    device = pick_device(device)
    net.to(device).eval()
    return tokenizer, net, device


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
            tokenizer, net, device = load_classifier(
                self.model, device=self.device, local_files_only=self.local_files_only,
                needed_by="transformers.tsc.v1")
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


# ---------------------------------------------------------------------------------------------
# transformers.nli.v1: zero-shot stance, frames and narratives through an NLI model
# ---------------------------------------------------------------------------------------------

STANCE_TEMPLATES = {
    "en": {"favor": "{speaker} supports {target}.", "against": "{speaker} opposes {target}."},
    "fr": {"favor": "{speaker} soutient {target}.", "against": "{speaker} s'oppose à {target}."},
}
AUTHOR = {"en": "The author", "fr": "L'auteur"}
FRAME_TEMPLATES = {"en": "This text is about {label}.", "fr": "Ce texte parle de {label}."}


class TransformersNLI:
    """``transformers.nli.v1``: zero-shot scoring with any NLI model by name or local path.

    ``task="stance"``: ``score(claims, sentences)`` re-judges claim candidates (from
    :func:`analysis.attribution.extract_claims`): the premise is the claim's ``quote``; the
    hypotheses are "{speaker} supports {target}." and "{speaker} opposes {target}." in the text's
    language (``templates`` overrides them; a multilingual NLI model handles French). Stance is the
    hypothesis with the higher entailment probability when it exceeds ``threshold``, else
    neutral; score = P(favor) - P(against).

    ``task="frames"``: ``score(mentions, sentences)`` tests "This text is about {label}." for
    every frame and narrative (label names from the resource files) against each sentence
    (only sentences with an actor mention when ``only_mention_sentences``), keeping labels
    whose entailment probability >= ``threshold``; article-level rows give the share of
    sentences carrying the label.

    One forward pass per (premise, hypothesis) pair, length-sorted batches, device chosen
    automatically, never ``trust_remote_code``.
    """

    name = "transformers.nli.v1"

    def __init__(self, model: str | None = None, *, task: str = "stance", batch_size: int = 32,
                 max_length: int = 256, device: str | None = None, threshold: float = 0.5,
                 templates: dict | None = None, only_mention_sentences: bool = True,
                 local_files_only: bool = False):
        if task not in ("stance", "frames"):
            raise ValueError(f"transformers.nli.v1: task must be 'stance' or 'frames', not {task!r}")
        self.model = model
        self.task = task
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.threshold = threshold
        self.templates = templates
        self.only_mention_sentences = only_mention_sentences
        self.local_files_only = local_files_only
        self._loaded = None

    def _load(self):
        if self._loaded is None:
            tokenizer, net, device = load_classifier(
                self.model, device=self.device, local_files_only=self.local_files_only,
                needed_by="transformers.nli.v1", what="Hugging Face NLI model name or path")
            names = {int(k): str(v).lower() for k, v in net.config.id2label.items()}
            entail = [k for k, v in names.items() if v.startswith("entail")]
            if len(entail) != 1:
                raise ValueError(f"{self.model}: no single 'entailment' label among {names}; "
                                 "is it an NLI model?")
            self._loaded = (tokenizer, net, device, entail[0])
        return self._loaded

    def entailment(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        """P(entailment) for each (premise, hypothesis) pair."""
        tokenizer, net, device, entail = self._load()
        out = np.zeros(len(premises))
        order = np.argsort([len(p) + len(h) for p, h in zip(premises, hypotheses)], kind="stable")
        with torch.no_grad():
            for b in range(0, len(order), self.batch_size):
                idx = order[b: b + self.batch_size]
                batch = tokenizer([premises[i] for i in idx], [hypotheses[i] for i in idx],
                                  padding=True, truncation="only_first",
                                  max_length=self.max_length, return_tensors="pt").to(device)
                probs = torch.softmax(net(**batch).logits.float(), dim=-1)[:, entail]
                out[idx] = probs.cpu().numpy()
        return out

    def score(self, first: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
        return self._score_stance(first) if self.task == "stance" else \
            self._score_frames(first, sentences)

    # ------------------------------------------------------------------ stance
    def _score_stance(self, claims: pd.DataFrame) -> pd.DataFrame:
        from ..actors import ActorRegistry
        from .base import require_columns

        require_columns(claims, ["speaker", "target_actor", "quote"], "claims")
        out = claims.copy()
        if out.empty:
            return out.assign(scorer=self.name)
        actors = ActorRegistry.default().actors
        templates = self.templates or STANCE_TEMPLATES
        langs = out["language"].tolist() if "language" in out.columns else ["en"] * len(out)
        premises, hyps = [], []
        for speaker, target, quote, lang in zip(out["speaker"], out["target_actor"], out["quote"],
                                                langs):
            lang = lang if lang in templates else "en"
            who = AUTHOR.get(lang, "The author") if speaker == "author" else speaker
            name = actors[target].name if target in actors else str(target)
            for stance in ("favor", "against"):
                premises.append(str(quote))
                hyps.append(templates[lang][stance].format(speaker=who, target=name))
        p = self.entailment(premises, hyps).reshape(-1, 2)
        stance = np.where((p.max(axis=1) >= self.threshold) & (p[:, 0] > p[:, 1]), "favor",
                          np.where(p.max(axis=1) >= self.threshold, "against", "neutral"))
        out["stance"] = stance.astype(object)
        out["score"] = (p[:, 0] - p[:, 1]).astype("float64")
        out["scorer"] = self.name
        return out

    # ------------------------------------------------------------------ frames
    def _score_frames(self, mentions: pd.DataFrame | None, sentences: pd.DataFrame) -> pd.DataFrame:
        from ..framing import _frames_dtypes, load_labels
        from .base import FRAME_COLUMNS, require_columns

        require_columns(sentences, ["article_id", "sentence_id", "text"], "sentences")
        sents = sentences
        if self.only_mention_sentences and mentions is not None:
            keys = set(zip(mentions["article_id"], mentions["sentence_id"]))
            sents = sentences[[k in keys for k in zip(sentences["article_id"],
                                                       sentences["sentence_id"])]]
        labels = load_labels()
        templates = self.templates or FRAME_TEMPLATES
        langs = sents["language"].tolist() if "language" in sents.columns else ["en"] * len(sents)
        premises, hyps, keys = [], [], []
        for a, s, text, lang in zip(sents["article_id"], sents["sentence_id"], sents["text"], langs):
            template = templates.get(lang, templates["en"])
            for label in labels:
                premises.append(text)
                hyps.append(template.format(label=label.name.lower()))
                keys.append((a, s, label.id, label.kind))
        if not premises:
            return _frames_dtypes(pd.DataFrame(columns=FRAME_COLUMNS))
        p = self.entailment(premises, hyps)
        rows = [(a, float(s), lab, kind, float(prob), f"P(entailment)={prob:.2f}", self.name)
                for (a, s, lab, kind), prob in zip(keys, p) if prob >= self.threshold]
        sent_rows = pd.DataFrame(rows, columns=FRAME_COLUMNS)
        n_sent = sentences.groupby("article_id").size()
        art = sent_rows.groupby(["article_id", "frame", "kind"], sort=False).size().reset_index(name="n")
        art = art.assign(sentence_id=np.nan, score=art["n"] / art["article_id"].map(n_sent),
                         evidence="share of sentences with P(entailment) >= "
                                  f"{self.threshold}", scorer=self.name).drop(columns="n")
        return _frames_dtypes(pd.concat([art, sent_rows], ignore_index=True))
