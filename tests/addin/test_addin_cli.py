"""`xlperf addin build|install` and the install plan per platform."""

from __future__ import annotations

import argparse
from pathlib import Path, PureWindowsPath

import pytest

from xlperf.addin.install import MAC_SCRIPTS, MAC_STARTUP, install_addin, plan_install
from xlperf.commands import addin as cli
from xlperf.commands.common import common_options


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="xlperf", parents=[common_options(top=True)])
    cli.configure(parser.add_subparsers(), common_options())
    return parser.parse_args(argv)


def test_build_writes_the_file(tmp_path: Path, capsys, built_addin: Path):
    args = _parse(["--lang", "en", "addin", "build", "--out", str(tmp_path / "x.xlam")])
    assert args.func(args) == 0
    assert (tmp_path / "x.xlam").read_bytes() == built_addin.read_bytes()
    assert "Built" in capsys.readouterr().out
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_build_defaults_to_the_repository_workbooks_folder():
    repo = Path(cli.__file__).resolve().parents[2]
    assert cli.default_out_path() == repo / "workbooks" / "xlperf.xlam"


def test_addin_without_subcommand_is_a_usage_error(capsys):
    args = _parse(["addin"])
    assert args.func(args) == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_install_on_linux_says_what_it_would_do_and_writes_nothing(
    lang, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    args = _parse(["--lang", lang, "addin", "install", "--dry-run"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "XLSTART" in out and "xlperf.xlam" in out
    assert install_addin(dry_run=False, lang=lang, platform="linux", echo=lambda _m: None) == 0
    assert list(tmp_path.iterdir()) == []


def test_windows_plan_targets_the_user_xlstart():
    steps = plan_install("win32", env={"APPDATA": r"C:\Users\hr\AppData\Roaming"})
    assert [(s.action, s.target) for s in steps] == [
        (
            "build",
            PureWindowsPath(r"C:\Users\hr\AppData\Roaming\Microsoft\Excel\XLSTART\xlperf.xlam"),
        )
    ]


def test_mac_plan_targets_the_startup_folder_and_runpython_script():
    steps = plan_install("darwin", home="/Users/hr", env={})
    assert steps[0].action == "build"
    assert str(steps[0].target) == f"/Users/hr/{MAC_STARTUP}/xlperf.xlam"
    assert steps[1].action == "copy" and str(steps[1].target).startswith(
        f"/Users/hr/{MAC_SCRIPTS}/xlwings-"
    )
    assert Path(str(steps[1].source)).is_file()


def test_dry_run_on_windows_prints_the_plan_only(tmp_path, monkeypatch):
    monkeypatch.setenv("APPDATA", str(tmp_path))
    lines: list[str] = []
    assert install_addin(dry_run=True, platform="win32", echo=lines.append) == 0
    assert lines == [
        f"Would build the xlperf add-in at {PureWindowsPath(tmp_path, 'Microsoft', 'Excel', 'XLSTART', 'xlperf.xlam')}"
    ]
    assert list(tmp_path.iterdir()) == []
