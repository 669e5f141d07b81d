"""recalc: Results, Data scores, Calibration, Dashboard, Run log; idempotence; CLI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xlperf.cli import main
from xlperf.core.engine import result_columns, score
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.io.workbook import read_frame
from xlperf.master.pipeline import recalc_book, resolve_scheme


def _values(path: Path, skip: set[str]) -> dict[str, list]:
    wb = openpyxl.load_workbook(path)
    return {
        n: [list(r) for r in wb[n].iter_rows(values_only=True)]
        for n in wb.sheetnames
        if n not in skip
    }


def test_results_headers_are_contract_columns_in_english(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert main(["recalc", str(master), "--lang", "en", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    scheme = resolve_scheme(OpenpyxlBook(master))
    ws = wb["Results"]
    heads = [c.value for c in ws[1]]
    # the contract's column names, in order; the columns later contracts add follow them
    assert heads[: len(result_columns(scheme))] == result_columns(scheme)
    assert heads[len(result_columns(scheme)) :] == ["grade_before_override"]
    assert "xlperf_results_en" in ws.tables
    assert ws.conditional_formatting  # grade colouring present
    assert ws["G2"].number_format == "0.0"  # scores print with one place


def test_results_match_the_engine(master: Path, company, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    main(["recalc", str(master), "--lang", "en", "--out", str(out)])
    expected = score(
        company.schemes["sales"],
        company.data["sales"],
        company.ratings["sales"],
        company.adjustments["sales"],
    ).employees.set_index("employee_id")
    wb = openpyxl.load_workbook(out)
    rows = list(wb["Results"].iter_rows(values_only=True))
    head = rows[0]
    assert len(rows) - 1 == len(expected)
    for r in rows[1:]:
        rec = dict(zip(head, r, strict=True))
        exp = expected.loc[rec["employee_id"]]
        assert rec["final_score"] == pytest.approx(float(exp["final_score"]), abs=1e-9), rec[
            "employee_id"
        ]
        assert (rec["rank"], rec["grade"], rec["grade_absolute"]) == (
            int(exp["rank"]),
            exp["grade"],
            exp["grade_absolute"],
        )
    ranks = [r[head.index("rank")] for r in rows[1:]]
    assert ranks == sorted(ranks)


def test_indicator_scores_beside_each_data_row_in_their_own_sheet(
    master: Path, company, tmp_path: Path
) -> None:
    """Recalc never writes the user's Data sheet: the scores are in Indicators, one row per Data row."""
    out = tmp_path / "out.xlsx"
    before = [list(r) for r in openpyxl.load_workbook(master)["Data"].iter_rows(values_only=True)]
    assert main(["recalc", str(master), "--lang", "en", "--out", str(out)]) == 0
    ind = score(
        company.schemes["sales"], company.data["sales"], company.ratings["sales"]
    ).indicators
    wb = openpyxl.load_workbook(out)
    assert [list(r) for r in wb["Data"].iter_rows(values_only=True)] == before
    ws = wb["Indicators"]
    head = [c.value for c in ws[1]]
    assert head[0] == "Data row" and head[-1] == "indicator score"
    for i in (0, 7, len(ind) - 1):
        row = [c.value for c in ws[i + 2]]
        assert row[0] == i + 2, f"Indicators!A{i + 2}"
        assert row[-1] == pytest.approx(float(ind["score"].iloc[i]), abs=1e-9), (
            f"Indicators!L{i + 2}"
        )
        assert row[6] == ind["method"].iloc[i]


def test_calibration_lists_every_event_with_reason(master: Path, company, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    main(["recalc", str(master), "--lang", "zh", "--out", str(out)])
    res = score(
        company.schemes["sales"],
        company.data["sales"],
        company.ratings["sales"],
        company.adjustments["sales"],
    )
    rows = list(openpyxl.load_workbook(out)["校准"].iter_rows(values_only=True))
    listed = [r for r in rows if r[0] in set(res.events["employee_id"]) and r[9]]
    assert len(listed) == len(res.events) > 0
    assert all(isinstance(r[9], str) and len(r[9]) > 4 for r in listed)
    scores = res.employees.set_index("employee_id")["final_score"]
    assert all(r[4] == pytest.approx(scores[r[0]]) for r in listed)  # the score beside each event
    grade_rows = [r for r in rows[2 : 2 + len(res.calibration)]]
    assert [r[6] for r in grade_rows] == res.calibration["final_count"].tolist()


def test_second_run_identical_apart_from_log(master: Path) -> None:
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    first = _values(master, {"Run log"})
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    assert _values(master, {"Run log"}) == first
    log = list(openpyxl.load_workbook(master)["Run log"].iter_rows(values_only=True))
    assert len(log) == 3 and log[1][2] == "sales-2026q1" and log[1][4] == log[2][4]
    assert len(list(master.parent.glob("master.backup-*.xlsx"))) >= 1


def test_dashboard_has_three_native_charts(master: Path) -> None:
    book = OpenpyxlBook(master)
    recalc_book(book, lang="en")
    assert len(book.wb["Dashboard"]._charts) == 3


def test_read_frame_keeps_cell_locations(master: Path) -> None:
    df = read_frame(OpenpyxlBook(master), "Data")
    assert df["_row"].iloc[0] == 2 and df.attrs["letters"]["actual"] == "F"


def test_personal_results(master: Path, tmp_path: Path) -> None:
    pdir = tmp_path / "personal"
    assert (
        main(["recalc", str(master), "--out", str(tmp_path / "o.xlsx"), "--personal", str(pdir)])
        == 0
    )
    files = sorted(pdir.glob("*.xlsx"))
    n = openpyxl.load_workbook(tmp_path / "o.xlsx")["结果"].max_row - 1
    assert len(files) == n
    ws = openpyxl.load_workbook(files[0]).active
    assert (ws["A4"].value, ws["C8"].value) == ("工号", "最终等级")


def test_switching_language_replaces_the_output_sheets(master: Path) -> None:
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    assert main(["recalc", str(master), "--lang", "zh"]) == 0
    names = openpyxl.load_workbook(master).sheetnames
    assert {"结果", "校准", "看板"} <= set(names) and not {
        "Results",
        "Calibration",
        "Dashboard",
    } & set(names)
    assert "指标得分" in names and "Indicators" not in names


def test_zh_results_headers(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    assert main(["recalc", str(master), "--out", str(out)]) == 0  # default zh
    heads = [c.value for c in openpyxl.load_workbook(out)["结果"][1]]
    assert heads[:4] == ["工号", "姓名", "部门", "岗位"] and "最终等级" in heads


def test_the_stored_scheme_may_be_a_path(master: Path, tmp_path: Path) -> None:
    from xlperf.core.scheme import shipped_schemes

    wb = openpyxl.load_workbook(master)
    del wb["_xlperf"]
    ws = wb.create_sheet("_xlperf")
    ws.append(["key", "value"])
    ws.append(["scheme", str(shipped_schemes()["sales"])])
    wb.save(master)
    assert resolve_scheme(OpenpyxlBook(master)).id == "sales-2026q1"


@pytest.mark.parametrize("layout", ["master-sheet", "rules-a1"])
def test_masters_written_before_keep_working_and_are_migrated(
    master: Path, company, layout
) -> None:
    """The two older places a workbook kept its scheme: a master's Scheme sheet and Rules!A1."""
    from xlperf.core.scheme import shipped_schemes

    text = shipped_schemes()["sales"].read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(master)
    del wb["_xlperf"]
    if layout == "master-sheet":
        ws = wb.create_sheet("Scheme")
        ws.append(["xlperf scheme (YAML text, or a path to the YAML file)"])
        ws.append([text])
    else:
        wb.create_sheet("Rules")["A1"] = text
    wb.save(master)
    assert main(["recalc", str(master), "--lang", "en"]) == 0
    names = openpyxl.load_workbook(master).sheetnames
    assert "Results" in names


def test_without_scheme_sheet_or_option_says_what_to_do(master: Path, capsys) -> None:
    wb = openpyxl.load_workbook(master)
    del wb["_xlperf"]
    wb.save(master)
    assert main(["recalc", str(master), "--lang", "en"]) == 3
    assert "--scheme" in capsys.readouterr().err
    from xlperf.core.scheme import shipped_schemes

    assert (
        main(["recalc", str(master), "--lang", "en", "--scheme", str(shipped_schemes()["sales"])])
        == 0
    )
