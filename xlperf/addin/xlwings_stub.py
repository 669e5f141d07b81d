"""Let xlwings' own UDF wrapper generator run where pywin32 does not exist.

``xlwings.udfs`` holds ``generate_vba_wrapper``, the code that writes the VBA
functions Excel calls for each ``@xw.func``. The module starts with
``import pythoncom``, ``import pywintypes`` and ``from win32com.client import
Dispatch``, which exist only on Windows, and ``xw.func``/``xw.arg``/``xw.ret``
are no-op decorators off Windows, so a UDF module imported on Linux carries no
``__xlfunc__`` metadata for the generator to read.

:func:`windows_udf_api` fills both gaps for the duration of a ``with`` block:
empty stand-ins for the three pywin32 modules (the generator never calls
them: they are only touched when a UDF actually runs inside Excel), and the
real Windows decorators in place of the no-ops. It is used by the add-in build
and by the tests, never at run time inside Excel.

Example::

    with windows_udf_api() as xludfs:
        module = load_udf_module(path)      # decorators now record __xlfunc__
        xludfs.generate_vba_wrapper("udfs.xlperf_udfs", module, buffer, book)
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator

_STUB_NAMES = ("pythoncom", "pywintypes", "win32com", "win32com.client")


class _ComError(Exception):
    """Stands in for ``pywintypes.com_error`` so ``except`` clauses still parse."""


def _stub_modules() -> dict[str, types.ModuleType]:
    pythoncom = types.ModuleType("pythoncom")
    # Only referenced as a thread-pool initializer at import time, never run here.
    pythoncom.CoInitialize = lambda: None  # type: ignore[attr-defined]
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = _ComError  # type: ignore[attr-defined]
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")

    def dispatch(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("win32com is a build-time stub: COM is not available here")

    client.Dispatch = dispatch  # type: ignore[attr-defined]
    win32com.client = client  # type: ignore[attr-defined]
    return {
        "pythoncom": pythoncom,
        "pywintypes": pywintypes,
        "win32com": win32com,
        "win32com.client": client,
    }


@contextlib.contextmanager
def windows_udf_api() -> Iterator[types.ModuleType]:
    """Yield ``xlwings.udfs`` with the Windows decorators active on ``xlwings``.

    Real pywin32 modules, when installed (on Windows), are used as they are.
    Everything patched is restored on exit, so nothing leaks into the process.
    """
    import xlwings

    saved_modules = {name: sys.modules.get(name) for name in _STUB_NAMES}
    had_udfs = "xlwings.udfs" in sys.modules
    for name, module in _stub_modules().items():
        if saved_modules[name] is None:
            sys.modules[name] = module
    saved_attrs = {name: getattr(xlwings, name, None) for name in ("func", "arg", "ret")}
    try:
        import xlwings.udfs as xludfs

        xlwings.func = xludfs.xlfunc
        xlwings.arg = xludfs.xlarg
        xlwings.ret = xludfs.xlret
        yield xludfs
    finally:
        for name, value in saved_attrs.items():
            setattr(xlwings, name, value)
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
        if not had_udfs and saved_modules["pythoncom"] is None:
            # Drop the stub-backed import so later code cannot mistake it for the real one.
            sys.modules.pop("xlwings.udfs", None)
            if hasattr(xlwings, "udfs"):
                delattr(xlwings, "udfs")
