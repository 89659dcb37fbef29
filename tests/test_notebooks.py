"""The notebooks: committed clean and thin, and each runs top to bottom (papermill).

Executed notebooks go to ``tmp_path``; ``OUT`` is pointed there too, so nothing is written into
the repository. The kernel is the interpreter running the tests: a kernelspec named ``python3``
whose argv is ``sys.executable`` is written to a temporary folder put first on ``JUPYTER_PATH``,
so a user-level ``python3`` kernel elsewhere can never be picked up instead.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT, shared_path

nbformat = pytest.importorskip("nbformat")

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))
KERNEL = "python3"
IDS = [p.stem for p in NOTEBOOKS]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _python(source: str) -> ast.Module:
    """Parse a code cell as the kernel would see it (IPython magics turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return ast.parse(TransformerManager().transform_cell(source))


def test_notebooks_present():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 7, names
    assert names[0].startswith("01-") and any(n.startswith("07-") for n in names)
    assert (NOTEBOOK_DIR / "README.md").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, (f"{path.name}: cells {dirty} hold outputs or execution counts; strip them "
                       f"(.venv/bin/nbstripout {path.relative_to(ROOT)})")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_thin_and_parameterised(path):
    nb = _read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), \
        "the first cell is a markdown title"
    code = _code_cells(nb)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one code cell tagged `parameters`"
    assert code[0] is tagged[0], "the parameters cell is the first code cell"
    params = _python(tagged[0].source)
    assert params.body and all(isinstance(s, ast.Assign) for s in params.body), \
        "the parameters cell holds assignments only"
    assigned = {t.id for s in params.body for t in s.targets if isinstance(t, ast.Name)}
    assert "CORPUS" in assigned
    # every parameter does something (OUT in 01-04 and FREQ in 03 were set and never read)
    names_used = {n.id for c in code[1:] for n in ast.walk(_python(c.source))
                  if isinstance(n, ast.Name)} | {n.id for s in params.body
                                                 for n in ast.walk(s.value) if isinstance(n, ast.Name)}
    assert not assigned - names_used, f"parameters never used: {sorted(assigned - names_used)}"
    for i, cell in enumerate(code):
        for node in ast.walk(_python(cell.source)):
            assert not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda), \
                f"{path.name}, code cell {i}: definitions belong in src/analysis, not in a notebook"


# ----------------------------------------------------------------------------- execution

@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A `python3` kernelspec for this interpreter, first on JUPYTER_PATH while tests run."""
    pytest.importorskip("papermill")
    pytest.importorskip("ipykernel")
    spec_dir = tmp_path_factory.mktemp("jupyter") / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (electionlens tests)", "language": "python"}))
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", os.pathsep.join(
        [str(spec_dir.parent.parent)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]))
    from jupyter_client.kernelspec import KernelSpecManager

    assert KernelSpecManager().get_kernel_spec(KERNEL).argv[0] == sys.executable
    yield
    mp.undo()


def _execute(path: Path, out_dir: Path, **parameters) -> Path:
    import papermill as pm

    output = out_dir / path.name
    pm.execute_notebook(str(path), str(output), parameters={"OUT": str(out_dir / "out"), **parameters},
                        kernel_name=KERNEL, cwd=str(NOTEBOOK_DIR), progress_bar=False,
                        execution_timeout=600)
    return output


def _stdout(nb) -> str:
    return "".join(o.get("text", "") for c in _code_cells(nb) for o in c.get("outputs", [])
                   if o.get("output_type") == "stream")


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_runs_on_demo_corpus(path, tmp_path, kernel_env):
    if path.stem.startswith("06-"):
        # the agreement cell uses the maintained `krippendorff` package
        pytest.importorskip("krippendorff", reason="06-validation needs `krippendorff` installed")
    executed = _read(_execute(path, tmp_path))
    errors = [o for c in _code_cells(executed) for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert all(c.get("execution_count") for c in _code_cells(executed))
    out = tmp_path / "out"
    if path.stem.startswith("05-"):
        assert (out / "analysis" / "manifest.json").is_file()
    if path.stem.startswith("06-"):
        assert (out / "audit_sample.csv").is_file()
        assert "SIMULATED codes" in _stdout(executed)
    if path.stem.startswith("07-"):
        assert (out / "report.pdf").stat().st_size > 10_000
        assert (out / "report.html").is_file()


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] in {"01", "02", "03", "04", "05"}],
                         ids=lambda p: p.stem)
def test_runs_on_wikinews(path, tmp_path, kernel_env):
    """A real corpus unlike the demo: one language, no outlet column, no 2017 dates, few Russia
    mentions. Events and the date range stay at their defaults, so event windows are empty."""
    data = shared_path("wikinews-2019-2020", "data")
    corpus = [str(p) for p in sorted(data.glob("wikinews_*.csv"))]
    assert corpus
    executed = _read(_execute(path, tmp_path, CORPUS=corpus))
    assert all(c.get("execution_count") for c in _code_cells(executed))


@pytest.mark.slow
def test_report_notebook_reuses_only_the_same_analysis(tmp_path, kernel_env):
    """07 reads back the analysis 05 wrote with the same settings, and runs it again when a
    setting differs (before, any finished analysis in OUT/analysis was reused, whatever SCORER
    said). 05's stance and frames scorers are 07's parameters too (07 ran the defaults over
    05's analysis)."""
    by_name = {p.stem[:2]: p for p in NOTEBOOKS}
    stance = {"STANCE_SCORER": "sklearn.stance.v1"}
    assert "computed" in _stdout(_read(_execute(by_name["05"], tmp_path, **stance)))
    assert "reused ->" in _stdout(_read(_execute(by_name["07"], tmp_path, **stance)))
    assert "computed ->" in _stdout(_read(_execute(by_name["07"], tmp_path, SCORER="lexicon.v1")))
    manifest = json.loads((tmp_path / "out" / "analysis" / "manifest.json").read_text())
    assert manifest["config"]["sentiment_scorer"] == "lexicon.v1"


@pytest.mark.slow
def test_sentiment_notebook_takes_a_model_as_an_option(tmp_path, kernel_env, tiny_sentiment_model):
    path = next(p for p in NOTEBOOKS if p.stem.startswith("02-"))
    executed = _read(_execute(path, tmp_path, SCORER="transformers.tsc.v1",
                              SCORER_OPTIONS={"sentiment": {"model": str(tiny_sentiment_model)}}))
    assert "scorer: transformers.tsc.v1" in _stdout(executed)
