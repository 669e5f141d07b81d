"""Four quarters of one department through ``close``, then the annual roll-up (for ``xlperf demo``).

The market department (市场管理部) is appraised with the market scheme, the
shipped scheme with streaks, improvement plans and a roll-up. The story:

- one strategist is outstanding every quarter: four quarters of A → ``talent_pool`` (后备干部);
- one colleague slips in the second half: D or E in Q3 and again in Q4 →
  ``reassign_review`` (调岗或淘汰评估); the Q3 improvement plan is judged "not met" in Q4;
- everyone else varies around the targets from quarter to quarter.

Each quarter is a master (``master_2026Q1.xlsx`` …) with a period (期间)
column, closed into the one history file beside them; the year is then rolled
up into ``annual_2026.xlsx``. The folder is built aside and put in place whole.

Example:
    >>> story = run_periods(Path("xlperf-demo/periods"), make_company(size=60))  # doctest: +SKIP
    >>> story.flags[story.star]  # doctest: +SKIP
    'talent_pool'
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from xlperf.core.history.rollup import rollup
from xlperf.core.scheme import shipped_schemes
from xlperf.demo.data import Company, kpi_rows, rating_rows
from xlperf.io.atomic import staging_directory, swap_directory
from xlperf.io.history import HistoryStore
from xlperf.io.results_writer import write_results
from xlperf.master.build import write_master
from xlperf.master.close import close_master

DEPARTMENT = "市场管理部"
SCHEME_KEY = "market"
YEAR = 2026
#: (KPI level, usual rating) of the two people the story follows, per quarter 1–4
STAR = ((1.6, 5.0),) * 4
STRUGGLER = ((1.0, 3.8), (1.0, 3.8), (0.55, 2.2), (0.5, 2.0))


@dataclass(frozen=True)
class PeriodStory:
    """What the four quarters produced: files, the two people followed, and everyone's flags at the end."""

    folder: Path
    masters: list[Path]
    history: Path
    annual: list[Path]
    star: str
    struggler: str
    flags: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        return [*self.masters, self.history, *self.annual]


def _members(company: Company) -> pd.DataFrame:
    people = company.roster[company.roster["department"] == DEPARTMENT].reset_index(drop=True)
    scheme = company.schemes[SCHEME_KEY]
    staff = people[people["role"].map(lambda r: scheme.role_by_id[r].tier != "management")]
    if len(staff) < 3:
        raise ValueError(f"the demo needs at least 3 staff in {DEPARTMENT}; use a larger --size")
    return people


def quarter_inputs(
    company: Company, quarter: int, star: str, struggler: str, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(Data with its period column, Ratings) of one quarter of the department."""
    scheme = company.schemes[SCHEME_KEY]
    rng = np.random.default_rng(seed * 100 + quarter)
    people = _members(company)
    (star_kpi, star_rating), (low_kpi, low_rating) = STAR[quarter - 1], STRUGGLER[quarter - 1]
    data = kpi_rows(rng, scheme, people, {star: star_kpi, struggler: low_kpi})
    ratings = rating_rows(rng, scheme, people, {star: star_rating, struggler: low_rating})
    return data.assign(period=f"{YEAR}Q{quarter}"), ratings


def run_periods(folder: Path, company: Company, lang: str = "zh", seed: int = 7) -> PeriodStory:
    """Close four quarters of the department and roll the year up, under ``folder``."""
    folder = Path(folder)
    people = _members(company)
    scheme = company.schemes[SCHEME_KEY]
    staff = people[people["role"].map(lambda r: scheme.role_by_id[r].tier != "management")]
    star, struggler = str(staff["employee_id"].iloc[0]), str(staff["employee_id"].iloc[-1])
    yaml_text = shipped_schemes()[SCHEME_KEY].read_text(encoding="utf-8")
    staging = staging_directory(folder)
    try:
        masters, last = [], None
        for q in range(1, 5):
            data, ratings = quarter_inputs(company, q, star, struggler, seed)
            master = write_master(
                staging / f"master_{YEAR}Q{q}.xlsx", yaml_text, data, ratings, lang=lang
            )
            report = close_master(master, f"{YEAR}Q{q}", lang=lang, keep_backups=0)
            print(report.summary(lang).replace(str(staging), str(folder)))
            masters.append(master.name)
            last = report.recalc.results.employees
        store = HistoryStore(staging / "xlperf-history.sqlite")
        annual = write_results(rollup(scheme, store.view(), YEAR), staging / f"annual_{YEAR}.xlsx")
        swap_directory(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    flags = dict(zip(last["employee_id"].astype(str), last["flags"].fillna(""), strict=True))
    return PeriodStory(
        folder,
        [folder / m for m in masters],
        folder / store.path.name,
        [folder / p.name for p in annual],
        star,
        struggler,
        flags,
    )


def story_lines(story: PeriodStory, lang: str = "zh") -> list[str]:
    """What the story shows, for the demo's output.

    Example:
        >>> s = PeriodStory(Path("p"), [], Path("h"), [], "E1", "E9", {"E1": "talent_pool", "E9": "reassign_review"})
        >>> story_lines(s, "en")[0]
        'E1: talent_pool (four quarters of A)'
    """
    if lang == "zh":
        return [
            f"{story.star}：{story.flags.get(story.star, '')}（连续4个季度A，纳入后备干部）",
            f"{story.struggler}：{story.flags.get(story.struggler, '')}（连续2期不达标，调岗或淘汰评估）",
        ]
    return [
        f"{story.star}: {story.flags.get(story.star, '')} (four quarters of A)",
        f"{story.struggler}: {story.flags.get(story.struggler, '')} (two periods below standard)",
    ]
