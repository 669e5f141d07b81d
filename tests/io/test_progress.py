"""Progress of long jobs: a bar on a terminal, one summary line otherwise, nothing with --quiet."""

from __future__ import annotations

import io

import pytest

from xlperf.cli import main
from xlperf.io.progress import LineProgress, Progress, TerminalProgress, progress_for


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(p: Progress, total: int | None, steps: int) -> None:
    p.start("个人绩效看板", total)
    p.stage("写入")
    for _ in range(steps):
        p.advance()
    p.finish()


@pytest.mark.parametrize(
    ("lang", "total", "steps", "line"),
    [
        ("zh", 3, 3, "个人绩效看板：3/3，用时 1.5 秒\n"),
        ("en", 3, 2, "个人绩效看板: 2/3 in 1.5 s\n"),
        ("zh", None, 0, "个人绩效看板：用时 1.5 秒\n"),
    ],
)
def test_one_summary_line_when_not_a_terminal(lang, total, steps, line):
    out = io.StringIO()
    run(LineProgress(out, lang, clock=iter([10.0, 11.5]).__next__), total, steps)
    assert out.getvalue() == line


@pytest.mark.parametrize(
    ("quiet", "stream", "kind"),
    [(True, Tty(), Progress), (True, io.StringIO(), Progress), (False, Tty(), TerminalProgress),
     (False, io.StringIO(), LineProgress)],
)  # fmt: skip
def test_the_kind_follows_quiet_and_the_terminal(quiet, stream, kind):
    assert type(progress_for(quiet, "zh", stream)) is kind


def test_a_terminal_gets_a_bar_with_counts():
    out = Tty()
    run(progress_for(False, "zh", out), 4, 4)
    assert "4/4" in out.getvalue() and "个人绩效看板" in out.getvalue()


def test_quiet_shows_nothing():
    out = Tty()
    run(progress_for(True, "zh", out), 4, 4)
    assert out.getvalue() == ""


def _master(tmp_path):
    from xlperf.core.scheme import shipped_schemes
    from xlperf.demo.data import make_company
    from xlperf.master.build import write_master

    company = make_company(seed=11, size=40)
    text = shipped_schemes()["sales"].read_text(encoding="utf-8")
    return write_master(tmp_path / "m.xlsx", text, company.data["sales"], company.ratings["sales"],
                        company.adjustments["sales"], lang="zh")  # fmt: skip


def test_recalc_says_one_line_per_job_when_not_a_terminal(tmp_path, capsys):
    master = _master(tmp_path)
    assert (
        main(["recalc", str(master), "--personal", str(tmp_path / "p"), "--keep-backups", "0"]) == 0
    )
    err = capsys.readouterr().err.splitlines()
    n = len(list((tmp_path / "p").glob("*.xlsx")))
    assert any(line.startswith("重新计算：用时 ") for line in err)
    assert any(line.startswith(f"个人绩效看板：{n}/{n}，用时 ") for line in err)


def test_recalc_with_quiet_says_nothing(tmp_path, capsys):
    master = _master(tmp_path)
    assert (
        main(
            [
                "recalc",
                str(master),
                "--personal",
                str(tmp_path / "p"),
                "--quiet",
                "--keep-backups",
                "0",
            ]
        )
        == 0
    )
    assert capsys.readouterr().err == ""


class Recording(Progress):
    def __init__(self):
        self.totals, self.done, self.finished = [], 0, 0

    def start(self, label, total=None):
        self.totals.append(total)

    def advance(self, n=1):
        self.done += n

    def finish(self):
        self.finished += 1


def test_personal_reports_count_each_file_once(tmp_path):
    from builders import one_indicator_scheme, scores_table

    import xlperf
    from xlperf.master.personal import write_personal

    results = xlperf.score(
        one_indicator_scheme({"method": "ratio"}), scores_table({"E1": 90, "E2": 110})
    )
    rec = Recording()
    write_personal(results, tmp_path / "p", "zh", progress=rec)
    assert (rec.totals, rec.done, rec.finished) == ([2], 2, 1)
