"""Replacing a values-only sheet's rows whole gives what the row-by-row merge gives, or steps aside."""

from __future__ import annotations

import pytest

from xlperf.io.package.merge_rows import merge_rows
from xlperf.io.package.sheetxml import CellWriter
from xlperf.io.package.wholesale import merge_wholesale, replaces_wholesale


def writer() -> CellWriter:
    return CellWriter(lambda i: i + 10, lambda i: i, [])


def row(n: int, *cells: str, attrs: str = "") -> str:
    return f'<row r="{n}"{attrs}>' + "".join(cells) + "</row>"


def num(ref: str, v: float, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s}><v>{v}</v></c>'


def text(ref: str, t: str, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t>{t}</t></is></c>'


DONOR = (
    row(1, text("A1", "id", 1), text("B1", "actual"))
    + row(2, text("A2", "E1"), num("B2", 1.5))
    + row(3, text("A3", "E2"), num("B3", 2.0, 2))
    + row(4, text("A4", "E3"), num("B4", 7.0))
)

SAME = [
    row(1, text("A1", "id"), text("B1", "actual")) + row(2, text("A2", "E1"), num("B2", 1.0)),
    row(1, text("A1", "id", 5), text("B1", "actual", 5)) + row(2, text("A2", "E1")),
    row(1, text("A1", "id"), attrs=' spans="1:2"') + row(3, num("B3", 9.0, 7)),
    row(2, text("A2", "old")) + '<row r="3"/>',
    "",
]


@pytest.mark.parametrize("source", SAME)
def test_the_whole_replacement_equals_the_row_by_row_merge(source: str):
    src, donor = source.encode(), DONOR.encode()
    assert replaces_wholesale(src, donor)
    slow = merge_rows(src, donor, writer())
    fast = merge_wholesale(src, donor, writer(), slow.ref)
    assert fast is not None
    assert (fast.xml, fast.dropped) == (slow.xml, slow.dropped)


@pytest.mark.parametrize(
    "source",
    [
        row(2, text("A2", "E1"), text("C2", "a note")),  # a value the donor does not write
        row(5, text("A5", "E9")),  # a row the donor does not have
        row(2, text("A2", "E1"), attrs=' ht="30" customHeight="1"'),  # a row height to keep
        row(2, '<c s="4"/>'),  # a styled cell without a reference
        '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row>',  # a prefixed sheet
        row(2, '<c r="C2" s="4"/>'),  # a styled empty cell beside the donor's
    ],
)
def test_rows_with_something_to_keep_are_merged_row_by_row(source: str):
    assert not replaces_wholesale(source.encode(), DONOR.encode())
