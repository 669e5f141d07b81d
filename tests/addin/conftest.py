"""Fixtures for the add-in tests: one fresh build per session, read back with olevba."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from xlperf.addin.build import build_addin


@pytest.fixture(scope="session")
def built_addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "xlperf.xlam")


@pytest.fixture(scope="session")
def addin_parts(built_addin: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(built_addin) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="session")
def olevba_modules(built_addin: Path) -> dict[str, str]:
    """Module name -> source exactly as olevba (oletools) decodes it from the file."""
    from oletools.olevba import VBA_Parser  # imported here: it is slow and noisy to import

    parser = VBA_Parser(str(built_addin))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()
