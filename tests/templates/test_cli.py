"""``xlperf template`` and ``xlperf render`` through the real command line."""

from __future__ import annotations

import pytest

import xlperf
from xlperf.cli import main
from xlperf.io import libreoffice

SALES = str(xlperf.shipped_schemes()["sales"])


def _roster(path, rows):
    path.write_text(
        "工号,姓名,部门,岗位\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8"
    )
    return str(path)


def test_template_with_roster(tmp_path, capsys):
    roster = _roster(
        tmp_path / "r.csv",
        [["E1", "张三", "华东", "销售专员"], ["E2", "李四", "华北", "大客户经理"]],
    )
    assert (
        main(["template", "--scheme", SALES, "--roster", roster, "--out", str(tmp_path / "out")])
        == 0
    )
    printed = capsys.readouterr().out.split()
    assert sorted(p.rsplit("/", 1)[1] for p in printed) == [
        "sales-2026q1_华东.xlsx",
        "sales-2026q1_华北.xlsx",
    ]


def test_template_blank_per_role_in_english(tmp_path):
    assert main(["template", "--scheme", SALES, "--out", str(tmp_path), "--lang", "en"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == [
        "sales-2026q1_Key_account_manager.xlsx",
        "sales-2026q1_Sales_manager.xlsx",
        "sales-2026q1_Sales_representative.xlsx",
    ]
    assert (tmp_path / "xlperf-cycle.json").is_file()  # the forms were issued in a cycle


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["E1", "a", "华东", "销售经里"]], "销售经理"),  # did you mean
        ([], "花名册没有员工"),
        ([["E1", "a", "华东", "销售专员"], ["E1", "b", "华东", "销售专员"]], "工号 'E1' 重复"),
    ],
)
def test_bad_rosters_exit_3_and_write_nothing(tmp_path, capsys, rows, expected):
    roster = _roster(tmp_path / "r.csv", rows)
    out = tmp_path / "out"
    assert main(["template", "--scheme", SALES, "--roster", roster, "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_unwritable_output_exits_3(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["template", "--scheme", SALES, "--out", str(blocker / "sub")]) == 3
    assert "输出文件夹不可写" in capsys.readouterr().err


def test_missing_scheme_exits_3(tmp_path, capsys):
    assert main(["template", "--scheme", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)]) == 3


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) is not installed")
def test_render_writes_pdf_and_png(tmp_path, capsys):
    main(["template", "--scheme", SALES, "--out", str(tmp_path / "forms"), "--slots", "3"])
    form = sorted((tmp_path / "forms").glob("*.xlsx"))[0]
    capsys.readouterr()
    assert main(["render", str(form), "--out", str(tmp_path / "img")]) == 0
    printed = capsys.readouterr().out.split()
    assert printed[0].endswith(".pdf") and printed[1].endswith(".png")
    assert (tmp_path / "img" / (form.stem + ".pdf")).stat().st_size > 1000
