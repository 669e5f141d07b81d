"""Personal reports as PDF: one page per employee (LibreOffice renders, pdfinfo counts), merged
per department, all or nothing when rendering fails midway, and a located error without soffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import make_scheme, scores_table

import xlperf
from xlperf.cli import main
from xlperf.errors import Location, WorkbookError
from xlperf.io import libreoffice
from xlperf.master.personal import pdf, write_personal
from xlperf.messages import say

needs_pdf = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        not libreoffice.available() or shutil.which("pdfinfo") is None,
        reason="LibreOffice and poppler (pdfinfo) are needed",
    ),
]


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def two_departments():
    """E1..E5: E1, E3, E5 in 华东, E2, E4 in 华南."""
    s = make_scheme(
        indicators=[{"code": "X", "name": "销售额", "method": "ratio"}],
        roles=[{"id": "r", "name": "销售专员", "indicators": [{"code": "X", "weight": 100}]}],
    )
    scores = {f"E{i}": 80 + 5 * i for i in range(1, 6)}
    return xlperf.score(
        s, scores_table(scores, {e: ("华东" if int(e[1:]) % 2 else "华南") for e in scores})
    )


@pytest.mark.parametrize("mark", needs_pdf)
def test_the_demo_employees_reports_are_one_page_each(master, tmp_path, mark):
    folder = tmp_path / "personal"
    assert (
        main(
            [
                "recalc",
                str(master),
                "--personal",
                str(folder),
                "--personal-format",
                "pdf",
                "--quiet",
            ]
        )
        == 0
    )
    pdfs = sorted(folder.glob("*.pdf"))
    assert pdfs and not list(folder.glob("*.xlsx")) and not list(folder.glob(".*"))
    assert {pages(p) for p in pdfs} == {1}


@pytest.mark.parametrize("mark", needs_pdf)
def test_a_pdf_per_employee_and_one_merged_per_department(tmp_path, mark):
    paths = write_personal(two_departments(), tmp_path / "p", "zh", formats="both", merge=True)
    names = sorted(p.relative_to(tmp_path / "p").as_posix() for p in paths)
    employees = [f"E{i}_" for i in range(1, 6)]
    assert len([n for n in names if n.endswith(".xlsx")]) == 5
    assert sorted(n[:3] for n in names if n.endswith(".pdf") and "/" not in n) == sorted(employees)
    assert [n for n in names if "/" in n] == ["按部门合并/华东.pdf", "按部门合并/华南.pdf"]
    assert pages(tmp_path / "p" / "按部门合并" / "华东.pdf") == 3
    assert pages(tmp_path / "p" / "按部门合并" / "华南.pdf") == 2
    assert {pages(tmp_path / "p" / n) for n in names if n.endswith(".pdf") and "/" not in n} == {1}


def test_rendering_that_fails_midway_leaves_the_old_folder(tmp_path, monkeypatch):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "old.xlsx").write_bytes(b"old")
    calls = []

    def convert(files, fmt, outdir):
        calls.append(files)
        if len(calls) == 2:
            problem = say("LO_CONVERT_FAILED", Location(file=str(files[0])), reason="x", files="y")
            raise WorkbookError(problem.message, [problem])
        out = []
        for f in files:
            out.append(Path(outdir) / (Path(f).stem + ".pdf"))
            out[-1].write_bytes(b"%PDF-1.4")
        return out

    monkeypatch.setattr(pdf, "check_tools", lambda *a: None)
    monkeypatch.setattr(pdf.libreoffice, "convert", convert)
    monkeypatch.setattr(pdf, "BOOK_SIZE", 1)
    monkeypatch.setattr(pdf, "CALL_PAGES", 1)
    with pytest.raises(WorkbookError):
        write_personal(two_departments(), folder, "zh", formats="both")
    assert len(calls) >= 2
    assert sorted(p.name for p in folder.iterdir()) == ["old.xlsx"]
    assert [p.name for p in tmp_path.iterdir()] == ["p"]  # no staging folder left


def test_without_soffice_pdf_is_refused_before_anything_is_written(
    master, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: None)
    before = master.read_bytes()
    folder = tmp_path / "personal"
    code = main(
        [
            "recalc",
            str(master),
            "--personal",
            str(folder),
            "--personal-format",
            "both",
            "--lang",
            "en",
        ]
    )
    err = capsys.readouterr().err
    assert code == 3 and "need LibreOffice" in err and str(folder) in err
    assert master.read_bytes() == before and not folder.exists()


def test_merge_without_pdf_is_refused(master, tmp_path, capsys):
    code = main(
        [
            "recalc",
            str(master),
            "--personal",
            str(tmp_path / "p"),
            "--personal-merge",
            "--lang",
            "en",
        ]
    )
    assert code == 3 and "--personal-merge needs PDFs" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("n", "size", "expected"), [(5, 2, [2, 2, 1]), (4, 2, [2, 2]), (1, 100, [1]), (0, 3, [])]
)
def test_chunks(n, size, expected):
    assert [len(c) for c in pdf.chunks(list(range(n)), size)] == expected


def test_books_are_per_department_and_bounded(monkeypatch):
    from xlperf.master.personal import build_reports

    monkeypatch.setattr(pdf, "BOOK_SIZE", 2)
    reports = list(build_reports(two_departments(), "zh"))
    books = pdf.plan_books(reports, [r.employee_id for r in reports])
    assert [len(b.stems) for b in books] == [2, 1, 2]  # 华东 3 (2 + 1), 华南 2
    assert all(len(b.stems) <= 2 and len({r.department for r in b.reports}) == 1 for b in books)
    assert sorted(s for b in books for s in b.stems) == sorted(r.employee_id for r in reports)
