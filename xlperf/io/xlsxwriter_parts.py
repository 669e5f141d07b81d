"""Pieces of an xlsxwriter sheet that :mod:`xlperf.io.xlsxwriter_book` sets up: the named font,
the page set-up and native charts.

Example:
    >>> font_props(("等线", 10.5))["font_name"]
    '等线'
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils.cell import range_boundaries

from xlperf.io.page import PageSetup, header_code

CM_TO_PX = 96 / 2.54


def font_props(font: tuple[str, float] | None) -> dict[str, Any]:
    if font is None:
        return {}
    return {"font_name": font[0], "font_size": font[1], "font_charset": 134, "font_family": 2}


def page_setup(ws: Any, page: PageSetup) -> None:
    """The sheet's page set-up (see :class:`xlperf.io.page.PageSetup`)."""
    if page.landscape:
        ws.set_landscape()
    ws.set_paper(page.paper)
    if page.fit_width:
        ws.fit_to_pages(page.fit_width, 0)
    elif page.scale != 100:
        ws.set_print_scale(page.scale)
    if page.repeat_rows:
        ws.repeat_rows(page.repeat_rows[0] - 1, page.repeat_rows[1] - 1)
    inch = 1 / 2.54
    margin = {"margin": page.header_margin_cm * inch}
    if any(page.header):
        ws.set_header(header_code(page.header), margin)
    if any(page.footer):
        ws.set_footer(header_code(page.footer), margin)
    m = page.margin_cm * inch
    ws.set_margins(left=m, right=m, top=m + 0.3 * inch, bottom=m + 0.3 * inch)
    if page.row_breaks:
        ws.set_h_pagebreaks([r - 1 for r in page.row_breaks])


def chart(wb: Any, sheet: str, spec: dict[str, Any]) -> Any:
    kind = {"type": "column"} | ({"subtype": "stacked"} if spec.get("stacked") else {})
    chart = wb.add_chart(kind)
    c1, r1, c2, r2 = range_boundaries(spec["data"])
    k1, q1, _, q2 = range_boundaries(spec["cats"])
    for c in range(c1, c2 + 1):
        chart.add_series(
            {
                "name": [sheet, r1 - 1, c - 1],
                "categories": [sheet, q1 - 1, k1 - 1, q2 - 1, k1 - 1],
                "values": [sheet, r1, c - 1, r2 - 1, c - 1],
                "gap": spec.get("gap", 60),
            }
        )
    chart.set_title({"name": spec["title"]})
    chart.set_x_axis({"name": spec.get("x_title")} if spec.get("x_title") else {})
    chart.set_y_axis({"name": spec.get("y_title")} if spec.get("y_title") else {})
    chart.set_legend({"none": True} if c2 == c1 else {"position": "bottom"})
    chart.set_size(
        {
            "width": round(spec.get("width", 16) * CM_TO_PX),
            "height": round(spec.get("height", 7.5) * CM_TO_PX),
        }
    )
    return chart


__all__ = ["chart", "font_props", "page_setup"]
