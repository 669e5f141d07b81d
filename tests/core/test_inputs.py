"""Bad input through `xlperf score`: located errors, exit 3, no traceback, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import xlperf
from xlperf.cli import main

SALES = str(xlperf.shipped_schemes()["sales"])
HEAD = ["工号", "姓名", "部门", "岗位", "指标", "实际值", "目标值", "基准值"]


def good_rows(emp: str = "E1", dept: str = "销售一部") -> list[list]:
    return [
        [emp, "张三", dept, "sales_rep", "SALES_REV", 110, 100, None],
        [emp, "张三", dept, "sales_rep", "SALES_GROWTH", 112, None, 100],
        [emp, "张三", dept, "sales_rep", "CSAT", 92, None, None],
        [emp, "张三", dept, "sales_rep", "MARKET_SHARE", "20%", "20%", None],
        [emp, "张三", dept, "sales_rep", "NEW_CUST", 12, 10, None],
    ]


def ratings_for(*emps: str) -> pd.DataFrame:
    rows = [(e, d, "supervisor", 4) for e in emps for d in ("PRO", "EXEC", "TEAM", "INNOV", "RESP")]
    return pd.DataFrame(rows, columns=["employee_id", "dimension", "rater", "rating"])


def write_xlsx(path: Path, rows: list[list], sheet: str = "Data", head: list[str] = HEAD) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def run_score(
    tmp_path: Path, data: Path, capsys, ratings: Path | None = None, lang: str = "en"
) -> tuple[int, str]:
    if ratings is None:
        ratings = tmp_path / "ratings.csv"
        ids = (
            sorted(
                {str(r[0]) for r in pd.read_excel(data, engine="openpyxl").itertuples(index=False)}
            )
            if data.suffix == ".xlsx"
            else ["E1"]
        )
        ratings_for(*ids).to_csv(ratings, index=False)
    out = tmp_path / "out.json"
    code = main(
        [
            "--lang",
            lang,
            "score",
            "--scheme",
            SALES,
            "--data",
            str(data),
            "--ratings",
            str(ratings),
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    if code != 0:
        assert not out.exists(), "nothing may be written when validation fails"
    assert "Traceback" not in err
    return code, err


def test_a_good_workbook_scores(tmp_path, capsys):
    code, err = run_score(tmp_path, write_xlsx(tmp_path / "d.xlsx", good_rows()), capsys)
    assert code == 0, err


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda rows: rows[0].__setitem__(5, "abc"),
            "Data!F2 (row 2, column F (实际值)): expected a number, got text 'abc'",
        ),
        (
            lambda rows: rows[0].__setitem__(5, None),
            "Data!F2 (row 2, column F (实际值)): actual is missing",
        ),
        (
            lambda rows: rows[0].__setitem__(5, "#DIV/0!"),
            "Data!F2 (row 2, column F (实际值)): the cell holds the Excel error #DIV/0!",
        ),
        (
            lambda rows: rows[4].__setitem__(5, "#N/A"),
            "Data!F6 (row 6, column F (实际值)): the cell holds the Excel error #N/A",
        ),
        (
            lambda rows: rows[0].__setitem__(6, 0),
            "Data!G2 (row 2, column G (目标值)): target must be > 0",
        ),
        (
            lambda rows: rows[0].__setitem__(6, -5),
            "Data!G2 (row 2, column G (目标值)): target must be > 0",
        ),
        (
            lambda rows: rows[1].__setitem__(7, 0),
            "Data!H3 (row 3, column H (基准值)): baseline must not be 0",
        ),
        (
            lambda rows: rows[2].__setitem__(4, "CSTA"),
            "Data!E4 (row 4, column E (指标)): unknown indicator 'CSTA' (did you mean 'CSAT'?)",
        ),
        (
            lambda rows: [r.__setitem__(3, "sales_repp") for r in rows],
            "unknown roles in 5 rows: D2, D3, D4 … (2 more) (did you mean 'sales_rep'?)",
        ),
        (
            lambda rows: rows.append(list(rows[0])),
            "Data!E7 (row 7, column E (指标)): duplicate row for employee E1, indicator SALES_REV (first at row 2)",
        ),
        (
            lambda rows: rows[3].__setitem__(2, "销售二部"),
            "Data!C5 (row 5, column C (部门)): employee E1 has department '销售二部' here but '销售一部' at row 2",
        ),
        (lambda rows: rows.pop(), "employee E1 (sales_rep) has no row for indicator NEW_CUST"),
    ],
)
def test_bad_cells_are_named(tmp_path, capsys, edit, expected):
    rows = good_rows()
    edit(rows)
    code, err = run_score(tmp_path, write_xlsx(tmp_path / "d.xlsx", rows), capsys)
    assert code == 3
    assert expected in err, err


def test_weights_not_summing_to_100_and_too_many_kpis(tmp_path, capsys):
    head = [*HEAD, "权重"]
    rows = [[*r, w] for r, w in zip(good_rows(), [40, 20, 15, 15, 5], strict=True)]
    code, err = run_score(tmp_path, write_xlsx(tmp_path / "d.xlsx", rows, head=head), capsys)
    assert (
        code == 3
        and "the weights of employee E1 in section 'Results (KPI)' sum to 95, expected 100" in err
    )
    rows = [[*r, w] for r, w in zip(good_rows(), [30, 20, 15, 15, 10], strict=True)] + [
        ["E1", "张三", "销售一部", "sales_rep", "NPS", 45, None, None, 10]
    ]
    code, err = run_score(tmp_path, write_xlsx(tmp_path / "d.xlsx", rows, head=head), capsys)
    assert code == 3 and "has 6 KPI indicators; at most 5 are allowed" in err


def test_ratings_out_of_scale_name_the_ratings_cell(tmp_path, capsys):
    data = write_xlsx(tmp_path / "d.xlsx", good_rows())
    ratings = ratings_for("E1")
    ratings.loc[2, "rating"] = 7
    path = tmp_path / "r.csv"
    ratings.to_csv(path, index=False)
    code, err = run_score(tmp_path, data, capsys, ratings=path)
    assert (
        code == 3
        and "r.csv: D4 (row 4, column D (rating)): rating 7 is outside the scale 1..5" in err
    )


def test_not_a_workbook(tmp_path, capsys):
    fake = tmp_path / "d.xlsx"
    fake.write_text("this is not a workbook", encoding="utf-8")
    code, err = run_score(tmp_path, fake, capsys, ratings=tmp_path / "none.csv")
    assert code == 3 and "d.xlsx: this is not an Excel workbook" in err


def test_encrypted_workbook(tmp_path, capsys):
    import hostile  # an OLE2 file with an EncryptedPackage stream, as Excel writes it

    enc = hostile.encrypted_ooxml(tmp_path, "d.xlsx")
    code, err = run_score(tmp_path, enc, capsys, ratings=tmp_path / "none.csv")
    assert (
        code == 3
        and "the workbook is encrypted (password-protected)" in err
        and "remove the password" in err
    )


def test_empty_sheet(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.save(tmp_path / "d.xlsx")
    code, err = run_score(tmp_path, tmp_path / "d.xlsx", capsys, ratings=tmp_path / "none.csv")
    assert code == 3 and "sheet Data: the sheet is empty" in err


def test_header_only_sheet(tmp_path, capsys):
    code, err = run_score(tmp_path, write_xlsx(tmp_path / "d.xlsx", []), capsys)
    assert code == 3 and "the data table has no rows" in err


def test_missing_column(tmp_path, capsys):
    rows = [r[:5] for r in good_rows()]
    code, err = run_score(tmp_path, write_xlsx(tmp_path / "d.xlsx", rows, head=HEAD[:5]), capsys)
    assert code == 3 and "required column 'actual' is missing" in err


def test_sheet_named_data_is_preferred(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active["A1"] = "read me"
    ws = wb.create_sheet("Data")
    ws.append(HEAD)
    for r in good_rows():
        ws.append(r)
    wb.save(tmp_path / "d.xlsx")
    ratings = tmp_path / "r.csv"
    ratings_for("E1").to_csv(ratings, index=False)
    code, err = run_score(tmp_path, tmp_path / "d.xlsx", capsys, ratings=ratings)
    assert code == 0, err


def test_csv_in_gbk_with_chinese_headers(tmp_path, capsys):
    path = tmp_path / "d.csv"
    pd.DataFrame(good_rows(), columns=HEAD).to_csv(path, index=False, encoding="gb18030")
    code, err = run_score(tmp_path, path, capsys)
    assert code == 0, err


def test_chinese_messages(tmp_path, capsys):
    rows = good_rows()
    rows[0][5] = "abc"
    code, err = run_score(tmp_path, write_xlsx(tmp_path / "d.xlsx", rows), capsys, lang="zh")
    assert code == 3 and "应为数字，实际为文本 'abc'" in err


def test_subprocess_exit_code_and_no_traceback(tmp_path):
    rows = good_rows()
    rows[0][6] = 0
    data = write_xlsx(tmp_path / "d.xlsx", rows)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "xlperf.cli",
            "score",
            "--scheme",
            SALES,
            "--data",
            str(data),
            "--out",
            str(tmp_path / "o.xlsx"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr and "目标值必须大于0" in proc.stderr  # Chinese by default
    assert not (tmp_path / "o.xlsx").exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_every_output_format_is_written(tmp_path, capsys, suffix):
    data = write_xlsx(tmp_path / "d.xlsx", good_rows())
    ratings = tmp_path / "r.csv"
    ratings_for("E1").to_csv(ratings, index=False)
    out = tmp_path / f"res{suffix}"
    assert (
        main(
            [
                "score",
                "--scheme",
                SALES,
                "--data",
                str(data),
                "--ratings",
                str(ratings),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.exists()
    if suffix == ".csv":
        assert (tmp_path / "res.indicators.csv").exists()
        frame = pd.read_csv(out)
        contract = [
            "employee_id",
            "name",
            "department",
            "role",
            "score_kpi",
            "score_competency",
            "final_score",
            "rank",
            "department_rank",
            "grade_absolute",
            "grade",
            "bonus_factor",
            "flags",
        ]
        assert (
            list(frame.columns)[: len(contract)] == contract
        )  # the contract's columns first, in order
        assert list(frame.columns)[len(contract) :] == ["grade_before_override"]
    if suffix == ".xlsx":
        assert openpyxl.load_workbook(out).sheetnames == ["Results", "Indicators", "Calibration"]
