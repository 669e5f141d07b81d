"""Output names made from ids: one sanitising function, a safe file name for any text."""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlperf.io.names import MAX_LEN, safe_name

RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)


@given(st.text(max_size=400), st.integers(min_value=12, max_value=200))
def test_any_text_becomes_one_safe_path_component(text, max_len):
    name = safe_name(text, max_len=max_len)
    assert name and len(name) <= max_len
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f\x7f]', name)
    assert ".." not in name and name == name.strip(" .")
    assert not RESERVED.match(name)
    assert PurePosixPath(name).name == name and PureWindowsPath(name).name == name


@given(st.text(min_size=1, max_size=5))
def test_two_long_names_that_differ_only_after_the_cut_do_not_collide(tail):
    base = "销售一部" * 40  # longer than MAX_LEN: cut, with a hash of the whole text
    assert len(safe_name(base)) == MAX_LEN
    assert safe_name(base) != safe_name(base + tail)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../etc/passwd", "____etc_passwd"),
        ("..", "_"),
        ("CON", "_CON"),
        ("lpt1.xlsx", "_lpt1.xlsx"),
        ("销售一部/华东", "销售一部_华东"),
        ("a\\b", "a_b"),
        ("tab\there", "tab_here"),
        (" .hidden. ", "hidden"),
        ("", "_"),
    ],
)
def test_hand_computed_names(text, expected):
    assert safe_name(text) == expected


def test_form_file_names_go_through_it():
    from xlperf.core.scheme import load_scheme, shipped_schemes
    from xlperf.templates.builder import form_filename
    from xlperf.templates.form.records import FormSpec

    scheme = load_scheme(shipped_schemes()["sales"])
    spec = FormSpec(group="../" + "销" * 200, per="department", people=(), roles=())
    name = form_filename(scheme, spec, "zh")
    assert name.endswith(".xlsx") and len(name) <= MAX_LEN + len(".xlsx") and "/" not in name
    assert ".." not in name
