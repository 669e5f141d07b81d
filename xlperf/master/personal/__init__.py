"""Personal reports (个人绩效看板): a one-page A4 report per employee, as xlsx and/or PDF.

- :mod:`.content`: what a report says (a typed record per employee, from the Results);
- :mod:`.layout` and :mod:`.styles`: the page, written with xlsxwriter;
- :mod:`.pdf`: LibreOffice in batches, and one merged PDF per department;
- :mod:`.staging`: all or nothing, swapped in atomically.

Example:
    >>> write_personal(results, Path("personal"), "zh")  # doctest: +SKIP
    [PosixPath('personal/E1001_张三.xlsx'), ...]
"""

from xlperf.master.personal.content import PersonalReport, build_reports
from xlperf.master.personal.staging import (
    FORMATS,
    MERGED_FOLDER,
    StagedFolder,
    stage_personal,
    write_personal,
)

__all__ = [
    "FORMATS",
    "MERGED_FOLDER",
    "PersonalReport",
    "StagedFolder",
    "build_reports",
    "stage_personal",
    "write_personal",
]
