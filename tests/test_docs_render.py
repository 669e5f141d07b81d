"""docs/render.py (the command that redraws docs/img) imports, documents itself and parses its
options; nothing is rendered here (tests/master/test_print_ready.py renders with LibreOffice)."""

from __future__ import annotations

import doctest
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "render.py"


@pytest.fixture(scope="module")
def render():
    spec = importlib.util.spec_from_file_location("docs_render", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_its_functions_import(render) -> None:
    for name in ("build_master", "footer_sheets", "first_page_of", "to_png", "render_all", "parse_args"):  # fmt: skip
        assert callable(getattr(render, name)), name
    assert set(render.SHEETS) == {"results", "dashboard"}


def test_its_docstring_examples_pass(render) -> None:
    result = doctest.testmod(render, optionflags=doctest.ELLIPSIS, report=False)
    assert result.attempted >= 3 and result.failed == 0


@pytest.mark.parametrize(
    "footers, sheet, page",
    [(["结果", "结果", "校准", "看板"], "看板", 4), (["结果", "看板", "看板"], "结果", 1),
     (["Data", "Results", "Dashboard"], "Dashboard", 3)],
)  # fmt: skip
def test_first_page_of_a_sheet(render, footers, sheet, page) -> None:
    assert render.first_page_of(sheet, footers) == page


def test_a_missing_sheet_stops_the_command(render) -> None:
    with pytest.raises(SystemExit, match="看板"):
        render.first_page_of("看板", ["结果", "校准"])


def test_out_defaults_to_docs_img(render) -> None:
    assert render.parse_args([]).out == SCRIPT.parent / "img"
    assert render.parse_args(["--out", "x"]).out == Path("x")


def test_help_works() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "--out" in proc.stdout
