"""Fixtures for the master-workbook tests: a small demo master on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlperf.core.scheme import shipped_schemes
from xlperf.demo.data import make_company
from xlperf.master.build import write_master


@pytest.fixture(scope="session")
def company():
    return make_company(seed=11, size=80)


@pytest.fixture
def master(tmp_path: Path, company) -> Path:
    """A sales master (Data, Ratings, Adjustments, Scheme) in a temp folder."""
    key = "sales"
    text = shipped_schemes()[key].read_text(encoding="utf-8")
    return write_master(
        tmp_path / "master.xlsx",
        text,
        company.data[key],
        company.ratings[key],
        company.adjustments[key],
        lang="en",
    )
