"""A full disk while the master is written: the master and its backups stay as they were, no
truncated file named like a master or a backup is left, a located FILE_* error, exit 3.

The disk fills in two ways: a writer that stops with ENOSPC after some bytes (always run), and a
real, small tmpfs in a private mount namespace (run where ``unshare`` may mount one).
"""

from __future__ import annotations

import errno
import hashlib
import importlib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xlperf.cli import main
from xlperf.core.scheme import load_scheme, shipped_schemes
from xlperf.master.cycle import fill_form
from xlperf.templates.builder import build_forms

SALES_FILE = shipped_schemes()["sales"]
SALES = load_scheme(SALES_FILE)
ROOT = Path(__file__).resolve().parents[2]
splice_module = importlib.import_module("xlperf.io.package.splice")


@pytest.fixture(scope="module")
def folder_with_backups(tmp_path_factory, company) -> tuple[Path, Path]:
    """A master collected from one form and recalculated twice (two backups), and a second form."""
    base = tmp_path_factory.mktemp("disk")
    depts = [d for d, k in company.department_scheme.items() if k == "sales"]
    roster = company.roster[company.roster["department"].isin(depts)]
    forms = build_forms(SALES, roster, base / "forms", "zh")
    returned = [
        fill_form(
            f, SALES, company.data["sales"], company.ratings["sales"], base / "returned" / f.name
        )
        for f in forms[:2]
    ]
    master = base / "m" / "master.xlsx"
    assert _cli("collect", returned[0], "--scheme", SALES_FILE, "--out", master) == 0
    for _ in range(2):
        assert _cli("recalc", master) == 0
    assert len(list(master.parent.glob("master.backup-*.xlsx"))) == 2
    return master.parent, returned[1]


def _cli(*args: object) -> int:
    return main([*map(str, args), "--lang", "en"])


def _state(folder: Path) -> dict[str, str]:
    """Every file of the folder and the sha256 of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _is_lock(name: str) -> bool:
    return ".xlperf.lock" in name


class _FillingFile:
    """A file that takes ``budget`` bytes, then fails as a full disk does (part of it written)."""

    def __init__(self, fh, budget: int) -> None:
        self._fh, self._budget = fh, budget

    def write(self, data) -> int:
        if len(data) > self._budget:
            self._fh.write(bytes(data[: self._budget]))
            self._fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        self._budget -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._fh.close()


@pytest.mark.parametrize("budget", [0, 20_000])
@pytest.mark.parametrize("command", ["collect", "recalc"])
def test_a_disk_that_fills_while_the_master_is_written_loses_nothing(
    folder_with_backups, tmp_path, monkeypatch, capsys, command, budget
):
    source, form = folder_with_backups
    folder = tmp_path / "m"
    shutil.copytree(source, folder)
    master = folder / "master.xlsx"
    before = _state(folder)
    real_open = open
    written: list[Path] = []

    def filling_open(path, mode="r", *args, **kwargs):
        fh = real_open(path, mode, *args, **kwargs)
        if "w" not in mode:
            return fh
        written.append(Path(path))
        return _FillingFile(fh, budget)

    monkeypatch.setattr(splice_module, "open", filling_open, raising=False)
    capsys.readouterr()
    if command == "collect":
        code = _cli("collect", form, "--scheme", SALES_FILE, "--out", master)
    else:
        code = _cli("recalc", master)
    err = capsys.readouterr().err
    assert written and written[0].parent == folder  # the failing write was the master's temporary
    assert code == 3, err
    assert f"{master}: the disk is full" in err and "Traceback" not in err
    after = _state(folder)
    assert {n: h for n, h in after.items() if not _is_lock(n)} == {
        n: h for n, h in before.items() if not _is_lock(n)
    }  # master and backups byte-identical; nothing new, nothing truncated left behind
    assert not [p for p in folder.iterdir() if "xlperf-tmp" in p.name]


_IN_A_SMALL_DISK = textwrap.dedent(
    """
    import hashlib, json, os, shutil, subprocess, sys
    src, disk, form, scheme, command = sys.argv[1:6]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk], check=True)
    for name in os.listdir(src):
        if name.endswith(".xlsx"):
            shutil.copy2(os.path.join(src, name), disk)
    master = os.path.join(disk, "master.xlsx")

    def state():
        out = {}
        for name in sorted(os.listdir(disk)):
            with open(os.path.join(disk, name), "rb") as fh:
                out[name] = hashlib.sha256(fh.read()).hexdigest()
        return out

    filler = os.path.join(disk, "filler.bin")
    with open(filler, "wb") as fh:  # fill the disk to the brim
        try:
            while True:
                fh.write(b"x" * 65536)
                fh.flush()
        except OSError:
            pass
    size = os.path.getsize(filler)
    with open(filler, "r+b") as fh:  # then leave a third of a master free: the write starts, then fails
        fh.truncate(size - os.path.getsize(master) // 3)
    before = state()
    args = ["collect", form, "--scheme", scheme, "--out", master] if command == "collect" else ["recalc", master]
    run = subprocess.run([sys.executable, "-m", "xlperf.cli", *args, "--lang", "en"], capture_output=True, text=True)
    print(json.dumps({"code": run.returncode, "err": run.stderr, "before": before, "after": state()}))
    """
)


def _can_mount_tmpfs() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None or not shutil.which("mount"):
        return False
    probe = subprocess.run(
        [
            unshare,
            "-rm",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.parametrize("command", ["collect", "recalc"])
def test_a_real_full_disk_loses_nothing(folder_with_backups, tmp_path, command):
    if not sys.platform.startswith("linux") or not _can_mount_tmpfs():
        pytest.skip("cannot mount a small tmpfs here (unshare -rm)")
    source, form = folder_with_backups
    disk = tmp_path / "disk"
    disk.mkdir()
    run = subprocess.run(
        [
            "unshare",
            "-rm",
            sys.executable,
            "-c",
            _IN_A_SMALL_DISK,
            str(source),
            str(disk),
            str(form),
            str(SALES_FILE),
            command,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["code"] == 3, result["err"]
    assert "the disk is full" in result["err"] and "master.xlsx" in result["err"]
    assert "Traceback" not in result["err"]
    before = {n: h for n, h in result["before"].items() if not _is_lock(n)}
    after = {n: h for n, h in result["after"].items() if not _is_lock(n)}
    assert after == before  # the master and both backups intact, nothing truncated left behind
    assert sum(n.startswith("master.backup-") for n in after) == 2


def test_a_disk_that_fills_while_a_backup_is_copied_loses_nothing(
    folder_with_backups, tmp_path, monkeypatch, capsys
):
    """Where a hard link is not possible the backup is a copy: a disk that fills during the copy
    leaves no truncated file named like a backup, and the master is not replaced."""
    from xlperf.io import backups

    source, _ = folder_with_backups
    folder = tmp_path / "m"
    shutil.copytree(source, folder)
    master = folder / "master.xlsx"
    before = _state(folder)

    def no_link(src, dst, *args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def filling_copy(src, dst, *args, **kwargs):
        Path(dst).write_bytes(Path(src).read_bytes()[:5000])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "link", no_link)
    monkeypatch.setattr(backups.shutil, "copy2", filling_copy)
    capsys.readouterr()
    assert _cli("recalc", master) == 3
    err = capsys.readouterr().err
    assert "master.backup-" in err and "the disk is full" in err and "Traceback" not in err
    after = _state(folder)
    assert {n: h for n, h in after.items() if not _is_lock(n)} == {
        n: h for n, h in before.items() if not _is_lock(n)
    }
    assert not [p for p in folder.iterdir() if "xlperf-tmp" in p.name]


_ON_A_READ_ONLY_DISK = textwrap.dedent(
    """
    import hashlib, json, os, shutil, subprocess, sys
    src, disk, form, scheme, command = sys.argv[1:6]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk], check=True)
    for name in os.listdir(src):
        if name.endswith(".xlsx"):
            shutil.copy2(os.path.join(src, name), disk)
    subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
    master = os.path.join(disk, "master.xlsx")

    def state():
        out = {}
        for name in sorted(os.listdir(disk)):
            with open(os.path.join(disk, name), "rb") as fh:
                out[name] = hashlib.sha256(fh.read()).hexdigest()
        return out

    before = state()
    args = ["collect", form, "--scheme", scheme, "--out", master] if command == "collect" else ["recalc", master]
    run = subprocess.run([sys.executable, "-m", "xlperf.cli", *args, "--lang", "en"], capture_output=True, text=True)
    print(json.dumps({"code": run.returncode, "err": run.stderr, "before": before, "after": state()}))
    """
)


@pytest.mark.parametrize("command", ["collect", "recalc"])
def test_a_master_on_a_read_only_disk_is_a_located_error(folder_with_backups, tmp_path, command):
    if not sys.platform.startswith("linux") or not _can_mount_tmpfs():
        pytest.skip("cannot mount a small tmpfs here (unshare -rm)")
    source, form = folder_with_backups
    disk = tmp_path / "disk"
    disk.mkdir()
    args = [str(source), str(disk), str(form), str(SALES_FILE), command]
    run = subprocess.run(
        ["unshare", "-rm", sys.executable, "-c", _ON_A_READ_ONLY_DISK, *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["code"] == 3, result["err"]
    assert "master.xlsx" in result["err"] and "read-only" in result["err"], result["err"]
    assert "Traceback" not in result["err"]
    assert result["after"] == result["before"]
