"""In-place updates of a user's workbook that keep every part xlperf does not own.

xlperf writes its own sheets into a small fresh *donor* workbook (with any
writer), then :func:`splice` transplants them into a copy of the user's
package. Every other zip entry comes back byte-identical (copied as its raw
compressed bytes), except the registers that must list the new sheets:
``[Content_Types].xml``, ``xl/workbook.xml`` (sheets, defined names, window,
``fullCalcOnLoad``), ``xl/_rels/workbook.xml.rels``, ``xl/styles.xml``
(entries only appended) and ``xl/calcChain.xml`` (cells of rewritten sheets
dropped). ``docProps/*`` and ``sharedStrings.xml`` are never touched.

    splice(source, donor, out, *, owned, values_only=(), positions=None) -> SpliceReport

- A donor sheet named in ``values_only`` (xlperf's input sheets: Data,
  Ratings, Sources, Scheme, which users decorate) keeps the user's sheet
  XML except ``<sheetData>`` and ``<dimension>``: widths, conditional
  formats, validations (x14 too), comments, views, page set-up and its
  parts stay. A donor cell keeps the user's style where the user's sheet
  had a styled cell at that coordinate, else gets the donor's; rows keep
  the user's attributes. The user's styled empty cells stay; the user's
  values at coordinates the donor leaves empty are dropped and counted in
  :attr:`SpliceReport.values_dropped`. The donor's own decorations and
  local names for such a sheet are not used.
- Every other donor sheet replaces the user's sheet of the same name
  (case-insensitive) in place: same tab position, ``sheetId``, ``r:id``,
  part name and visibility; the parts only the old sheet used (drawing,
  charts, tables, comments) go. A new sheet is inserted at
  ``positions[name]`` when given, else appended.
- Sheets named in ``owned`` that the donor does not have are removed.
- A donor sheet that would replace a user sheet not in ``owned`` is refused
  (``PACKAGE_USER_SHEET``); so are Strict Open XML, an input sheet that is not
  a worksheet or carries a table or pivot table (its rows change under it),
  and a pivot table, slicer or timeline on a sheet that leaves
  (``PACKAGE_CANNOT_KEEP``) — all found before anything is written.
- Donor shared strings are written inline (``t="inlineStr"``): text stays text.
- The output file keeps the source's mode bits and is written atomically.

    preservation_findings(source, sheets, *, owned, values_only=()) -> list[Problem]

runs the same refusal checks for a donor that will hold ``sheets``, before
anything is computed (for ``preflight``).

Example:
    >>> from pathlib import Path
    >>> from xlperf.io.package import splice
    >>> report = splice(Path("master.xlsx"), Path("donor.xlsx"), Path("master.xlsx"),
    ...                 owned={"Results", "Calibration", "Dashboard"},
    ...                 values_only={"Data", "Ratings"})  # doctest: +SKIP
    >>> report.replaced  # doctest: +SKIP
    ('Results', 'Dashboard')
"""

from __future__ import annotations

from xlperf.io.package.plan import preservation_findings
from xlperf.io.package.splice import SpliceReport, splice

__all__ = ["splice", "SpliceReport", "preservation_findings"]
