"""Shared fixtures. Data builders live in ``tests/builders.py``."""

from __future__ import annotations

import pytest

import xlperf


@pytest.fixture
def sales_scheme() -> xlperf.Scheme:
    return xlperf.load_scheme(xlperf.shipped_schemes()["sales"])
