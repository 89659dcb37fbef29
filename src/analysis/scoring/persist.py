"""Safe model persistence shared by the trained scorers: JSON metadata + NumPy arrays.

A model directory holds ``model.json`` (parameters, provenance, scores) and ``weights.npz``
(numeric arrays only). Reading never unpickles: ``np.load(..., allow_pickle=False)`` refuses
object arrays, and every problem is a ``ValueError`` that names the file. Each model module
validates its own keys and array shapes on top of this.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp

__all__ = ["MODEL_JSON", "WEIGHTS_NPZ", "sha256_file", "smooth_idf", "write_model_dir",
           "read_model_dir", "save_validated", "load_validated"]

MODEL_JSON = "model.json"
WEIGHTS_NPZ = "weights.npz"


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def smooth_idf(m: sp.csr_matrix) -> np.ndarray:
    """Smoothed idf of the columns of a count matrix, as sklearn's TfidfVectorizer computes it."""
    n = m.shape[0]
    df = np.bincount(m.indices, minlength=m.shape[1])
    return np.log((1 + n) / (1 + df)) + 1.0


def write_model_dir(metadata: dict, arrays: dict[str, np.ndarray], out_dir: str | Path) -> Path:
    """Write ``model.json`` and ``weights.npz`` into ``out_dir`` (created), each through a
    temporary file and a rename; returns ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / (WEIGHTS_NPZ + ".tmp.npz")
    np.savez_compressed(tmp, **{k: np.ascontiguousarray(v) for k, v in arrays.items()})
    tmp.replace(out / WEIGHTS_NPZ)
    tmp_json = out / (MODEL_JSON + ".tmp")
    tmp_json.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp_json.replace(out / MODEL_JSON)
    return out


def read_model_dir(path: str | Path, kind: str) -> tuple[object, dict[str, np.ndarray]]:
    """``(metadata, arrays)`` of a model directory; ``kind`` prefixes the error messages."""
    where = Path(path)
    js, npz = where / MODEL_JSON, where / WEIGHTS_NPZ
    if not where.is_dir():
        raise ValueError(f"{kind}: {where}: not a directory")
    for file in (js, npz):
        if not file.is_file():
            raise ValueError(f"{kind}: {file}: file missing")
    try:
        meta = json.loads(js.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{kind}: {js}: not valid JSON ({exc})") from None
    arrays: dict[str, np.ndarray] = {}
    try:
        with np.load(npz, allow_pickle=False) as data:
            for k in data.files:
                arrays[k] = data[k]
    except ValueError as exc:  # object arrays need pickle: refused
        raise ValueError(f"{kind}: {npz}: unreadable without pickle ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - not a zip, truncated, bad header...
        raise ValueError(f"{kind}: {npz}: not a valid .npz ({exc})") from None
    return meta, arrays


def save_validated(model: dict, out_dir: str | Path, validate, names) -> Path:
    """Validate ``model`` (``validate(metadata, arrays, where)``) and write its ``names``
    arrays and metadata into ``out_dir``; returns ``out_dir``."""
    validate(model["metadata"], model["arrays"], Path(out_dir))
    return write_model_dir(model["metadata"], {k: model["arrays"][k] for k in names}, out_dir)


def load_validated(path: str | Path, kind: str, validate) -> dict:
    """``{"metadata", "arrays"}`` of a model directory, validated; never unpickles."""
    meta, arrays = read_model_dir(path, kind)
    validate(meta, arrays, Path(path))
    return {"metadata": meta, "arrays": arrays}


# -- validation shared by the model modules (each adds its own key and shape rules) -------------

def check_header(meta: object, js: Path, kind: str, *, required, fmt: str,
                 version: int | tuple[int, ...]) -> None:
    """``model.json`` is an object with the ``required`` keys, this ``fmt`` and ``version`` (or
    one of these versions)."""
    if not isinstance(meta, dict):
        raise ValueError(f"{kind}: {js}: not a JSON object")
    missing = [k for k in required if k not in meta]
    if missing:
        raise ValueError(f"{kind}: {js}: missing required key(s): {', '.join(missing)}")
    if meta["format"] != fmt:
        raise ValueError(f"{kind}: {js}: unknown format {meta['format']!r} (expected {fmt!r})")
    versions = version if isinstance(version, tuple) else (version,)
    if meta["version"] not in versions:
        raise ValueError(f"{kind}: {js}: unsupported version {meta['version']!r} "
                         f"(this code reads {' and '.join(map(str, versions))})")


def check_arrays(arrays: dict, npz: Path, kind: str, names, *, exact: bool = False,
                 integer=()) -> None:
    """The arrays ``names`` are present (and only they, with ``exact``), floating point and
    finite, except those in ``integer``, which must hold integers."""
    missing = [k for k in names if k not in arrays]
    extra = sorted(set(arrays) - set(names))
    if exact and (missing or extra):
        raise ValueError(f"{kind}: {npz}: arrays must be exactly {list(names)}; missing "
                         f"{missing}, extra {extra}")
    if missing:
        raise ValueError(f"{kind}: {npz}: missing array(s): {', '.join(missing)}")
    for k in names:
        a = arrays[k]
        want = "i" if k in integer else "f"
        if not isinstance(a, np.ndarray) or a.dtype.kind != want:
            raise ValueError(f"{kind}: {npz}: array {k!r} must be "
                             f"{'integer' if want == 'i' else 'floating point'}, got "
                             f"{getattr(a, 'dtype', type(a).__name__)}")
        if want == "f" and not np.all(np.isfinite(a)):
            raise ValueError(f"{kind}: {npz}: array {k!r} holds non-finite values")


def check_shapes(arrays: dict, expected: dict, npz: Path, kind: str) -> None:
    """Each array has the shape that ``model.json`` implies."""
    for k, shape in expected.items():
        if tuple(arrays[k].shape) != shape:
            raise ValueError(f"{kind}: {npz}: array {k!r} has shape {tuple(arrays[k].shape)}, "
                             f"expected {shape} from {MODEL_JSON}")


def check_linear_blocks(meta: dict, arrays: dict, js: Path, npz: Path, kind: str, *,
                        n_labels: int, featurization_keys, extra: dict[str, int] | None = None
                        ) -> None:
    """The word/char/dense logistic-regression layout shared by the sentiment and stance
    models: featurization keys present, ``n_features`` = word + char + dense (+ the ``extra``
    standardised blocks, name -> width, each with ``<name>_mean`` and ``<name>_scale``), array
    shapes that follow, and no zero scale."""
    f = meta["featurization"]
    if not isinstance(f, dict):
        raise ValueError(f"{kind}: {js}: featurization is not an object")
    missing = [k for k in featurization_keys if k not in f]
    if missing:
        raise ValueError(f"{kind}: {js}: featurization lacks key(s): {', '.join(missing)}")
    try:
        n_dense = len(meta["dense_features"])
        n_word = int(f["n_features_word"])
        n_char = int(f["n_features_char"]) if f["char_ngrams"] else 0
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{kind}: {js}: bad featurization value ({exc})") from None
    blocks = {"dense": n_dense, **(extra or {})}
    n_feat = n_word + n_char + sum(blocks.values())
    if int(meta["n_features"]) != n_feat:
        raise ValueError(f"{kind}: {js}: n_features {meta['n_features']} != {n_word} word + "
                         f"{n_char} char + " + " + ".join(f"{n} {b}" for b, n in blocks.items()))
    check_shapes(arrays, {"coef": (n_labels, n_feat), "intercept": (n_labels,),
                          "idf_word": (n_word,), "idf_char": (n_char,),
                          **{f"{b}_{a}": (n,) for b, n in blocks.items()
                             for a in ("mean", "scale")}}, npz, kind)
    for b, n in blocks.items():
        if n and np.any(arrays[f"{b}_scale"] == 0):
            raise ValueError(f"{kind}: {npz}: array '{b}_scale' holds zeros")
