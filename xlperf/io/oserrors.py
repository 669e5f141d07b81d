"""What a failed write tells the user: the catalogue code of an OS error, and the located error.

Example:
    >>> import errno
    >>> os_problem_code(OSError(errno.ENOSPC, "No space left on device"))
    'FILE_WRITE_DISK_FULL'
"""

from __future__ import annotations

import errno
from pathlib import Path

from xlperf.errors import Location, WorkbookError
from xlperf.messages import say

#: the suffix of xlperf's temporary files (``.<name>.<pid>.xlperf-tmp``)
TMP_SUFFIX = ".xlperf-tmp"


def os_problem_code(exc: OSError) -> str:
    """The catalogue code of an OS error: permission, not found, is a directory, disk full..."""
    if isinstance(exc, PermissionError):
        return "FILE_WRITE_PERMISSION"
    if isinstance(exc, IsADirectoryError):
        return "FILE_WRITE_IS_DIRECTORY"
    if isinstance(exc, NotADirectoryError | FileNotFoundError):
        return "FILE_WRITE_NO_FOLDER"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "FILE_WRITE_DISK_FULL"
    if exc.errno == errno.ENAMETOOLONG:
        return "FILE_WRITE_NAME_TOO_LONG"
    if exc.errno == errno.EROFS:
        return "FILE_WRITE_READ_ONLY"
    return "FILE_WRITE_FAILED"


def write_error(path: Path, exc: OSError) -> WorkbookError:
    """The located error of a failed write of ``path``.

    A nested atomic write (the temporary of a temporary) already explained
    its failure: its problems are kept, moved from the temporary, which the
    user never sees, to ``path``.

    Example:
        >>> import errno
        >>> inner = write_error(Path(".m.xlsx.1.xlperf-tmp"), OSError(errno.ENOSPC, "No space left"))
        >>> [(p.code, p.where.file) for p in write_error(Path("m.xlsx"), inner).problems]
        [('FILE_WRITE_DISK_FULL', 'm.xlsx')]
    """
    if isinstance(exc, WorkbookError) and exc.problems:
        problems = [
            p.at(file=str(path)) if p.where.file and TMP_SUFFIX in p.where.file else p
            for p in exc.problems
        ]
        return WorkbookError(f"Cannot write {path}", problems, f"无法写入 {path}，未写入任何文件。")
    problem = say(
        os_problem_code(exc), Location(file=str(path)), reason=exc.strerror or type(exc).__name__
    )
    return WorkbookError(f"Cannot write {path}", [problem], f"无法写入 {path}，未写入任何文件。")
