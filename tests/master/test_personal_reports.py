"""Personal reports (个人绩效看板): what each one says, in words HR can read, and nothing else's.

Reports are built from scored Results (no LibreOffice needed here); the PDF and one-page
checks are in test_personal_pdf.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import make_scheme, one_indicator_scheme, scores_table

import xlperf
from xlperf.master.personal import build_reports, write_personal
from xlperf.master.personal.content import indicator_lines
from xlperf.master.personal.labels import flag_words
from xlperf.master.personal.pay_lines import pay_lines

BONUS = {"A": 1.5, "B": 1.2, "C": 1.0, "D": 0.5}
PAY = {
    "bonus": {"team_coefficient": True},
    "commission": {
        "indicator": "X",
        "tiers": [{"min": 0, "multiple": 0}, {"min": 120, "multiple": 3}],
    },
}


def cells(path: Path) -> list[object]:
    ws = openpyxl.load_workbook(path).active
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def cell_of(path: Path, value: object):
    ws = openpyxl.load_workbook(path).active
    return next(c for row in ws.iter_rows() for c in row if c.value == value)


def paid_results():
    """E1 120 (A), E2 105 (B), E3 90 (C) with bonus bases, commission on X and a team pool."""
    s = one_indicator_scheme({"method": "ratio"}, bonus=BONUS, pay=PAY)
    pay = pd.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3"],
            "bonus_base": [1000.05, 8000, 0],
            "commission_base": [100.1, None, 50],
        }
    )
    teams = pd.DataFrame({"department": ["D1"], "coefficient": [1.1], "pool": [100]})
    return xlperf.score(s, scores_table({"E2": 105, "E1": 120, "E3": 90}), pay=pay, teams=teams)


def observed_results():
    """Ten employees, bottom 10 %: the lowest (E10, 50) is on observation; role ``r``."""
    grades = [{"grade": "A", "min": 110, "label": "表现突出", "label_en": "Outstanding"},
              {"grade": "B", "min": 100, "label": "良好", "label_en": "Good"},
              {"grade": "C", "min": 0, "label": "合格", "label_en": "Meets expectations"}]  # fmt: skip
    s = make_scheme(
        indicators=[{"code": "X", "name": "销售额", "name_en": "Sales", "method": "ratio"}],
        roles=[
            {
                "id": "r",
                "name": "销售专员",
                "name_en": "Sales rep",
                "indicators": [{"code": "X", "weight": 100}],
            }
        ],
        grades=grades,
        distribution={"bottom": 10},
    )
    scores = {f"E{i}": 100 - 5 * i for i in range(1, 11)}
    return xlperf.score(s, scores_table(scores))


@pytest.mark.parametrize(
    ("actual", "target", "completion"),
    [(120.2, 100, 1.202), (50, 200, 0.25), (0, 10, 0.0), (5, 0, None), (7, None, None)],
)
def test_completion_is_actual_over_target(actual, target, completion):
    s = one_indicator_scheme({"method": "ratio", "cap": 200})
    ind = pd.DataFrame({"employee_id": ["E1"], "indicator": ["X"], "section": ["kpi"], "weight": [100.0],
                        "actual": [actual], "target": [target], "score": [100.0]})  # fmt: skip
    (line,) = indicator_lines(s, ind, "zh")["E1"]
    assert (
        (line.completion is None)
        if completion is None
        else (round(line.completion, 6) == completion)
    )
    assert line.name == "指标X"


def test_completion_cell_is_a_percent_format(tmp_path):
    s = one_indicator_scheme({"method": "ratio", "cap": 200})
    data = pd.DataFrame({"employee_id": ["E1"], "name": ["张三"], "department": ["D"], "role": ["r"],
                         "indicator": ["X"], "actual": [120.2], "target": [100]})  # fmt: skip
    (path,) = write_personal(xlperf.score(s, data), tmp_path / "p", "zh")
    head = cell_of(path, "完成率")
    cell = openpyxl.load_workbook(path).active.cell(head.row + 1, head.column)
    assert round(cell.value, 6) == 1.202 and cell.number_format == "0.0%"


@pytest.mark.parametrize(
    ("flags", "lang", "words"),
    [
        ("observation", "zh", ["观察期：处于本组末位比例，进入观察期并制定改进计划"]),
        ("tie_at_quota;excluded", "en", ["tied at a quota boundary: tied with a colleague at a quota boundary: not moved by the quota",
                                         "excluded from quotas: not counted in the forced distribution"]),
        ("talent_pool", "zh", ["后备干部：连续多期表现突出，列入后备干部"]),
        ("my_own_flag", "zh", ["my_own_flag"]),
        ("", "zh", []),
    ],
)  # fmt: skip
def test_flags_are_explained_in_words(flags, lang, words):
    assert flag_words(flags, lang) == words


def test_a_zh_report_shows_no_internal_code_or_english_flag(tmp_path):
    paths = write_personal(observed_results(), tmp_path / "p", "zh")
    (e10,) = [p for p in paths if p.name.startswith("E10_")]
    text = [v for v in cells(e10) if isinstance(v, str)]
    assert any("观察期：" in t for t in text)
    assert "销售专员" in text and "r" not in text
    assert not any(
        w in t for t in text for w in ("observation", "tie_at_quota", "excluded", "sales_rep")
    )
    assert "C 合格" in text  # the grade with its label


def test_an_en_report_speaks_english(tmp_path):
    paths = write_personal(observed_results(), tmp_path / "p", "en")
    text = [
        v for v in cells(next(p for p in paths if p.name.startswith("E10_"))) if isinstance(v, str)
    ]
    assert "Sales rep" in text and "C Meets expectations" in text
    assert any(t.startswith("observation: in the bottom share") for t in text)
    assert not any("观察期" in t for t in text)


@pytest.mark.parametrize(("scope", "expected"), [("company", "10 / 10"), ("department", "5 / 5")])
def test_rank_of_n_counts_the_group_ranked_in(scope, expected):
    s = make_scheme(
        indicators=[{"code": "X", "name": "销售额", "method": "ratio"}],
        roles=[{"id": "r", "name": "销售专员", "indicators": [{"code": "X", "weight": 100}]}],
        distribution={"scope": scope},
    )
    scores = {f"E{i}": 100 - 5 * i for i in range(1, 11)}
    depts = {e: ("D1" if i % 2 else "D2") for i, e in enumerate(scores, start=1)}
    reports = {
        r.employee_id: r for r in build_reports(xlperf.score(s, scores_table(scores, depts)), "zh")
    }
    assert reports["E10"].rank_text == expected and reports["E10"].department_rank_text == "5 / 5"


def test_pay_lines_are_the_employees_own(tmp_path):
    paths = write_personal(paid_results(), tmp_path / "p", "zh")
    e1 = next(p for p in paths if p.name.startswith("E1_"))
    values = cells(e1)
    numbers = {round(v, 2) for v in values if isinstance(v, float)}
    assert {1650.08, 300.3, 13.51, 1963.89} <= numbers  # E1: bonus, commission, pool share, total
    assert not {10560.0, 86.49, 10646.49} & numbers  # E2's amounts
    assert not any("E2" in v or "E3" in v for v in values if isinstance(v, str))


def test_pay_lines_say_how_each_amount_is_worked_out():
    r = paid_results()
    row = r.pay[r.pay["employee_id"] == "E1"].iloc[0].to_dict()
    lines = pay_lines(row, "zh")
    assert [x.item for x in lines] == ["绩效奖金", "提成", "团队奖金分配", "应发合计"]
    assert lines[0].how == "1,000.05 × 1.5（等级系数，A） × 1.1（团队系数） × 1（薪酬系数）"
    assert lines[1].how == "提成基数 100.10，完成率 120.0%，档位 ≥120%: ×3"
    assert [x.amount for x in lines] == [
        Decimal("1650.08"),
        Decimal("300.30"),
        Decimal("13.51"),
        Decimal("1963.89"),
    ]


def test_without_pay_there_is_no_pay_block(tmp_path):
    (report, *_) = build_reports(observed_results(), "zh")
    assert report.pay == ()


def test_user_text_stays_text(tmp_path):
    s = one_indicator_scheme({"method": "ratio"})
    data = pd.DataFrame({"employee_id": ["E1"], "name": ["=HYPERLINK(\"http://x\")"], "department": ["+D"],
                         "role": ["r"], "indicator": ["X"], "actual": [100], "target": [100]})  # fmt: skip
    (path,) = write_personal(xlperf.score(s, data), tmp_path / "p", "zh")
    ws = openpyxl.load_workbook(path).active
    kinds = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value is not None}
    assert kinds['=HYPERLINK("http://x")'] == "s" and kinds["+D"] == "s"


def test_a_report_is_one_a4_page_in_its_print_setup(tmp_path):
    (path, *_) = write_personal(paid_results(), tmp_path / "p", "zh")
    ws = openpyxl.load_workbook(path).active
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert {ws.page_setup.fitToWidth, ws.page_setup.fitToHeight} <= {1, None}  # 1 is the default
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"等线"}


@pytest.mark.parametrize(
    ("rule", "completion"),
    [({"method": "ratio", "cap": 200}, 1.2), ({"method": "growth", "cap": 200}, None)],
)
def test_completion_only_where_actual_over_target_means_completion(rule, completion):
    """A growth target is a rate (0.15), not an amount: 387,322 / 0.15 is no completion."""
    s = one_indicator_scheme(rule)
    ind = pd.DataFrame({"employee_id": ["E1"], "indicator": ["X"], "section": ["kpi"], "weight": [100.0],
                        "actual": [120.0], "target": [100.0], "score": [100.0]})  # fmt: skip
    (line,) = indicator_lines(s, ind, "zh")["E1"]
    assert (
        line.completion == completion
        if completion is None
        else round(line.completion, 6) == completion
    )
