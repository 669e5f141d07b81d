"""The examples in the public API's docstrings are run (doctests of every module of xlperf and udfs)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import udfs
import xlperf


def _modules() -> list[str]:
    names = []
    for package in (xlperf, udfs):
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return sorted(n for n in names if not n.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False
    )
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} examples of {name} failed (run python -m doctest -v)"
    )


def _public_callables(module) -> list:
    import inspect

    return [
        obj
        for n, obj in vars(module).items()
        if not n.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == module.__name__
    ]


def test_the_public_api_has_examples():
    """Every module that defines public functions or classes shows how to use them: a runnable
    ``>>>`` example, or (for a command) an ``Example`` of the command line."""
    missing = []
    for name in _modules():
        module = importlib.import_module(name)
        public = _public_callables(module)
        if not public:
            continue  # a package's re-exports, or data (the message catalogue)
        docs = [module.__doc__ or ""] + [obj.__doc__ or "" for obj in public]
        if not any(">>>" in d or "Example" in d for d in docs):
            missing.append(name)
    assert not missing, f"modules without a docstring example: {missing}"
