"""Safe file intake: every hostile workbook or text file gets its own located problem, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xlperf
from xlperf.cli import main
from xlperf.errors import InputError, UsageError, WorkbookError, XlperfError
from xlperf.io import filecheck
from xlperf.io.intake import MIB, ZipLimits, inspect_workbook
from xlperf.io.openpyxl_book import OpenpyxlBook
from xlperf.io.readers import read_table
from xlperf.io.text_intake import detect_delimiter, read_text_file
from xlperf.messages import CATALOGUE
from xlperf.templates.reader import read_meta

SALES = str(xlperf.shipped_schemes()["sales"])

# generator, problem code, words the English message must hold (the part or what the file is)
WORKBOOK_CASES = [
    (
        "crc_corrupted",
        "FILE_CORRUPT",
        "xl/worksheets/sheet1.xml cannot be read (checksum (CRC) mismatch)",
    ),
    (
        "flipped_byte",
        "FILE_CORRUPT",
        "xl/worksheets/sheet1.xml cannot be read (checksum (CRC) mismatch)",
    ),
    ("lying_bomb", "FILE_CORRUPT", "xl/worksheets/sheet1.xml"),
    ("truncated", "FILE_CORRUPT", "(zip directory) cannot be read (the file is cut short"),
    (
        "missing_sheet_part",
        "FILE_MISSING_PART",
        "part xl/worksheets/sheet1.xml is missing (sheet 'Data')",
    ),
    ("dtd_workbook", "FILE_XML_UNSAFE", "part xl/workbook.xml declares a DTD"),
    ("docx_renamed", "FILE_NOT_A_WORKBOOK_ZIP", "a Word document (.docx)"),
    ("pptx_renamed", "FILE_NOT_A_WORKBOOK_ZIP", "a PowerPoint presentation (.pptx)"),
    ("odt_renamed", "FILE_NOT_A_WORKBOOK_ZIP", "an OpenDocument text (.odt)"),
    ("plain_zip", "FILE_NOT_A_WORKBOOK_ZIP", "a zip archive that holds no workbook"),
    ("ods_renamed", "FILE_ODS", "OpenDocument spreadsheet (.ods)"),
    ("xlsb_renamed", "FILE_XLSB", "binary workbook (.xlsb)"),
    ("encrypted_ooxml", "FILE_ENCRYPTED", "encrypted (password-protected)"),
    ("legacy_xls", "FILE_XLS_LEGACY", "Excel 97-2003 workbook (.xls)"),
    ("directory", "FILE_IS_DIRECTORY", "a folder, not a file"),
    ("long_name", "FILE_NAME_TOO_LONG", "too long"),
    ("image_named_xlsx", "FILE_NOT_WORKBOOK", "it is an image (PNG), not an .xlsx package"),
    ("csv_named_xlsx", "FILE_NOT_WORKBOOK", "it is plain text (perhaps a CSV file)"),
]


def _refused(call, *args) -> tuple[str, str, str | None]:
    with pytest.raises(XlperfError) as info:
        call(*args)
    (problem,) = info.value.problems
    assert info.value.exit_code == 3
    return problem.code, problem.render("en"), problem.where.file


@pytest.mark.parametrize(("make", "code", "words"), WORKBOOK_CASES)
def test_inspect_workbook_refuses_each_hostile_file(tmp_path, make, code, words):
    path = getattr(hostile, make)(tmp_path)
    got_code, text, file = _refused(inspect_workbook, path)
    assert (got_code, file) == (code, str(path))
    assert words in text
    assert CATALOGUE[code].hint_en.split("{")[0][:20] in text  # every refusal says what to do


@pytest.mark.parametrize(("make", "code", "words"), WORKBOOK_CASES)
def test_score_refuses_each_hostile_workbook_with_exit_3_and_writes_nothing(
    tmp_path, capsys, make, code, words
):
    path = getattr(hostile, make)(tmp_path)
    out = tmp_path / "out" / "results.csv"
    out.parent.mkdir()
    assert (
        main(["--lang", "en", "score", "--scheme", SALES, "--data", str(path), "--out", str(out)])
        == 3
    )
    err = capsys.readouterr().err
    assert words in err and str(path) in err and "Traceback" not in err
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize(
    ("make", "code"),
    [
        ("crc_corrupted", "FILE_CORRUPT"),
        ("missing_sheet_part", "FILE_MISSING_PART"),
        ("legacy_xls", "FILE_XLS_LEGACY"),
    ],
)
def test_openpyxl_book_and_form_reader_refuse_the_same_way(tmp_path, make, code):
    path = getattr(hostile, make)(tmp_path)
    assert _refused(OpenpyxlBook, path)[0] == code
    assert _refused(read_meta, path)[0] == code


def test_chinese_message_is_chinese_throughout(tmp_path):
    path = hostile.crc_corrupted(tmp_path)
    with pytest.raises(WorkbookError) as info:
        inspect_workbook(path)
    zh = info.value.problems[0].render("zh")
    assert "校验和（CRC）不符" in zh and "mismatch" not in zh and "Excel" in zh


def test_a_valid_workbook_passes_with_its_sheet_parts(tmp_path):
    facts = inspect_workbook(hostile.valid_workbook(tmp_path))
    assert facts.sheets == (("Data", "xl/worksheets/sheet1.xml"),)
    assert facts.sheet_part("Data") == "xl/worksheets/sheet1.xml" and facts.sheet_part("X") is None
    with zipfile.ZipFile(facts.path) as z:
        assert facts.unzipped_bytes == sum(i.file_size for i in z.infolist())


def test_legacy_xls_mentioning_encrypted_package_in_a_cell_is_still_legacy(tmp_path):
    path = hostile.legacy_xls(tmp_path)
    assert "EncryptedPackage".encode("utf-16-le") in path.read_bytes()
    assert _refused(inspect_workbook, path)[0] == "FILE_XLS_LEGACY"


# -- limits -----------------------------------------------------------------------------


def _zeros_book(folder: Path, mib: int, name: str = "big.xlsx") -> Path:
    """A valid workbook whose sheet part holds ``mib`` MiB of padding (compresses ~1000:1)."""
    parts = hostile.workbook_parts()
    sheet = parts[hostile.SHEET]
    head, tail = sheet.split(b"<sheetData>", 1)
    parts[hostile.SHEET] = head + b"<sheetData>" + b" " * (mib * MIB) + tail
    return hostile.write_zip(folder / name, [hostile.deflated(n, d) for n, d in parts.items()])


@pytest.mark.parametrize(
    ("mib", "limits", "code"),
    [
        (
            5,
            ZipLimits(),
            None,
        ),  # ~1000:1 but under the 10 MiB floor: a small part may compress well
        (12, ZipLimits(), "FILE_ZIP_BOMB"),  # over the floor and over 200:1
        (12, ZipLimits(max_ratio=5000), None),
        (12, ZipLimits(ratio_floor=64 * MIB), None),
        (12, ZipLimits(max_bytes=8 * MIB), "FILE_ZIP_BOMB"),  # declared total over the limit
    ],
)
def test_ratio_rule_applies_only_above_the_floor(tmp_path, mib, limits, code):
    path = _zeros_book(tmp_path, mib)
    if code is None:
        assert inspect_workbook(path, limits).unzipped_bytes > mib * MIB
    else:
        assert _refused(inspect_workbook, path, limits)[0] == code


def test_byte_budget_stops_inflating_when_declared_sizes_lie(tmp_path):
    path = hostile.lying_bomb(tmp_path)  # declares 2 KB, holds 256 MiB
    code, text, _ = _refused(inspect_workbook, path)
    assert code == "FILE_CORRUPT" and "sheet1.xml" in text


@pytest.mark.parametrize(
    ("env", "max_bytes", "max_ratio"),
    [
        ({}, 1024 * MIB, 200.0),
        ({"XLPERF_MAX_UNZIPPED_MB": "2048"}, 2048 * MIB, 200.0),
        ({"XLPERF_MAX_UNZIPPED_MB": "0.5", "XLPERF_MAX_ZIP_RATIO": "1000"}, MIB // 2, 1000.0),
        ({"XLPERF_MAX_UNZIPPED_MB": " "}, 1024 * MIB, 200.0),
    ],
)
def test_limits_from_environment(env, max_bytes, max_ratio):
    limits = ZipLimits.from_env(env)
    assert (limits.max_bytes, limits.max_ratio) == (max_bytes, max_ratio)


@pytest.mark.parametrize("value", ["abc", "0", "-5", "inf", "nan"])
def test_invalid_limit_is_a_usage_error(value):
    with pytest.raises(UsageError) as info:
        ZipLimits.from_env({"XLPERF_MAX_ZIP_RATIO": value})
    assert info.value.problems[0].code == "FILE_LIMIT_INVALID" and value in str(info.value)


def test_environment_limit_reaches_the_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XLPERF_MAX_UNZIPPED_MB", "0.01")
    path = hostile.valid_workbook(tmp_path)
    assert (
        main(
            [
                "--lang",
                "en",
                "score",
                "--scheme",
                SALES,
                "--data",
                str(path),
                "--out",
                str(tmp_path / "o.csv"),
            ]
        )
        == 3
    )
    assert "over the limit of 0 MB" in capsys.readouterr().err


# -- bounded memory, measured in a child process -------------------------------------------

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from xlperf.cli import main
from xlperf.errors import XlperfError
from xlperf.io.intake import inspect_workbook
started = time.perf_counter()
code = main(sys.argv[1:])
whole = time.perf_counter() - started
started = time.perf_counter()
try:
    inspect_workbook(Path(sys.argv[sys.argv.index("--data") + 1]))
except XlperfError:
    pass
refusal = time.perf_counter() - started
try:  # VmHWM: the peak of this program's own memory (ru_maxrss may carry the parent's peak
    # over exec when the child was started with vfork)
    status = Path("/proc/self/status").read_text()
    peak_mb = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"code": code, "whole": whole, "refusal": refusal, "peak_mb": peak_mb}))
"""


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """The 5 GiB zip bomb of the issue (~5 MB on disk)."""
    return hostile.zip_bomb(tmp_path_factory.mktemp("bomb"))


@pytest.mark.parametrize("make", ["bomb", "crc_corrupted", "missing_sheet_part", "lying_bomb"])
def test_refused_in_bounded_time_and_memory_in_a_child_process(tmp_path, bomb, make):
    path = bomb if make == "bomb" else getattr(hostile, make)(tmp_path)
    out = tmp_path / "out.csv"
    args = ["--lang", "en", "score", "--scheme", SALES, "--data", str(path), "--out", str(out)]
    run = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=300
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["code"] == 3 and not out.exists(), run.stderr
    assert report["peak_mb"] < 200, report
    assert report["refusal"] < 1.0, report
    assert report["whole"] < 10.0, report  # imports and the scheme included


# -- files the operating system refuses ------------------------------------------------------


def test_missing_file(tmp_path):
    assert _refused(inspect_workbook, tmp_path / "nope.xlsx")[0] == "FILE_NOT_FOUND"
    assert _refused(read_text_file, tmp_path / "nope.csv")[0] == "FILE_NOT_FOUND"
    assert _refused(read_table, tmp_path / "nope.txtx", "data")[0] == "FILE_NOT_FOUND"


def test_pipe_and_nul_in_path_are_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert _refused(read_text_file, fifo)[0] == "FILE_PATH_INVALID"
    assert _refused(inspect_workbook, str(tmp_path / "a\x00b.xlsx"))[0] == "FILE_PATH_INVALID"


def test_unreadable_file_says_permission_denied(tmp_path):
    if os.geteuid() == 0:
        target = Path("/sys/bus/pci/rescan")  # write-only: the kernel refuses reading even to root
        if not target.exists():
            pytest.skip(
                "running as root, which reads chmod-000 files, and /sys/bus/pci/rescan is absent"
            )
        path = tmp_path / "locked.xlsx"
        path.symlink_to(target)
    else:
        path = hostile.unreadable(tmp_path)
    code, text, _ = _refused(inspect_workbook, path)
    assert (
        code == "FILE_PERMISSION_DENIED" and "permission denied" in text and "encrypted" not in text
    )


def test_permission_denied_code_path(tmp_path, monkeypatch):
    """The same answer when open() itself is refused (what chmod 000 gives a normal user)."""
    path = hostile.valid_workbook(tmp_path)

    def refuse_open(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(filecheck, "open", refuse_open, raising=False)
    assert _refused(inspect_workbook, path)[0] == "FILE_PERMISSION_DENIED"
    assert _refused(read_text_file, path.with_suffix(".xlsx"))[0] == "FILE_PERMISSION_DENIED"


# -- text files -------------------------------------------------------------------------------

TEXT_CASES = [
    ("csv_tab", "utf-8", "\t", False),
    ("csv_semicolon", "utf-8", ";", False),
    ("csv_utf8_bom", "utf-8", ",", True),
    ("csv_gbk", "gb18030", ",", False),
    ("csv_utf16le_bom", "utf-16-le", "\t", True),
    ("csv_utf16_no_bom", "utf-16-le", ",", False),
]


@pytest.mark.parametrize(("make", "encoding", "delimiter", "bom"), TEXT_CASES)
def test_text_tables_are_read_with_detected_encoding_and_delimiter(
    tmp_path, make, encoding, delimiter, bom
):
    path = getattr(hostile, make)(tmp_path)
    decoded = read_text_file(path)
    assert (decoded.encoding, decoded.delimiter, decoded.bom) == (encoding, delimiter, bom)
    df = read_table(path, "data")
    assert list(df.columns) == ["employee_id", "name", "actual", "_row"]
    assert df["name"].tolist() == ["张三", "Li, Lei"] and df["actual"].tolist() == ["0,5", "12"]
    source = df.attrs["source"]
    assert (source["encoding"], source["delimiter"], source["bom"]) == (encoding, delimiter, bom)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        ("\t", "gb18030", b""),
        (";", "utf-8", b"\xef\xbb\xbf"),
        ("\t", "utf-16-le", b"\xff\xfe"),
        (",", "utf-16-le", b""),
    ],
)
def test_score_reads_real_world_text_variants_like_plain_csv(
    tmp_path, capsys, delimiter, encoding, bom
):
    ratings = tmp_path / "ratings.csv"
    rows = [(d, "supervisor", "4") for d in ("PRO", "EXEC", "TEAM", "INNOV", "RESP")]
    ratings.write_text(
        "employee_id,dimension,rater,rating\n" + "".join(f"E1,{','.join(r)}\n" for r in rows)
    )
    results = []
    for name, args in (("plain.csv", (",", "utf-8")), ("variant.csv", (delimiter, encoding, bom))):
        data = hostile.score_data_csv(tmp_path, name, *args)
        out = tmp_path / f"{name}.json"
        argv = [
            "score",
            "--scheme",
            SALES,
            "--data",
            str(data),
            "--ratings",
            str(ratings),
            "--out",
            str(out),
        ]
        assert main(argv) == 0, capsys.readouterr().err
        results.append(json.loads(out.read_text(encoding="utf-8")))
    assert results[0] == results[1]
    assert results[0]["employees"][0]["final_score"] > 0


@pytest.mark.parametrize(
    ("decoded", "lang", "text"),
    [
        (("gb18030", "\t", False), "en", "GB18030, tab-separated"),
        (("utf-8", ";", True), "en", "UTF-8 with BOM, semicolon-separated"),
        (("gb18030", "\t", False), "zh", "GB18030，制表符分隔"),
    ],
)
def test_describe_for_verbose(decoded, lang, text):
    from xlperf.io.text_intake import DecodedText

    encoding, delimiter, bom = decoded
    assert DecodedText("", encoding, delimiter, bom).describe(lang) == text


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\n1\t2,5\t3\n", "\t"),
        ("a;b;c\n1;2,5;3\n", ";"),
        ('a;b\n"x;y";2\n', ";"),
        ('a,b\n"x;y;z",2\n', ","),  # quotes respected: the semicolons are inside a field
        ("single\nvalue\n", ","),
        ("a,b;c\n1,2;3\n", ","),  # a tie goes to comma
        ("a\tb;c\n1\t2;3\n", "\t"),  # a tie between tab and semicolon goes to tab
        ("a;b;c\n1;2;3\n4;5\n", ";"),
        ("", ","),
    ],
)
def test_delimiter_detection(text, delimiter):
    assert detect_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("make", "words"),
    [("binary_csv", "it is an image (PNG)"), ("workbook_named_csv", "it is a zip package")],
)
def test_binary_named_csv_is_not_text(tmp_path, make, words):
    path = getattr(hostile, make)(tmp_path)
    code, text, file = _refused(read_table, path, "data")
    assert (code, file) == ("FILE_NOT_TEXT", str(path)) and words in text


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("工号,实际值\n".encode("utf-32-le"), None),  # no BOM, not UTF-16: binary
        (b"\xff\xfe\x00\x00" + "工号,实际值\n".encode("utf-32-le"), "utf-32-le"),
        (b"\xfe\xff" + "工号,实际值\n".encode("utf-16-be"), "utf-16-be"),
        ("id,name\nE1,王五\n".encode("utf-16-be"), "utf-16-be"),
        ("工号,部门\nE1,销售一部\nE2,一部\n".encode("utf-16-le"), "utf-16-le"),  # 一 is U+4E00
        ("id,name\nE1,王五\n".encode("gb2312"), "gb18030"),
        (b"id,name\nE1,\x81\x30\x81\x30\n", "gb18030"),  # a four-byte GB18030 character
        (b"id,name\nE1,\xff\xff\n", None),  # neither UTF-8 nor GB18030
        (b"id,\x01\x02\x03\x04name\n", None),  # control bytes
    ],
)
def test_encoding_table(tmp_path, raw, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes(raw)
    if encoding is None:
        assert _refused(read_text_file, path)[0] == "FILE_NOT_TEXT"
    else:
        assert read_text_file(path).encoding == encoding


def test_text_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 1000)
    with pytest.raises(WorkbookError) as info:
        read_text_file(path, ZipLimits(max_bytes=1000))
    assert info.value.problems[0].code == "FILE_TOO_LARGE"


def test_malformed_csv_names_the_line(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("a,b\n1,2\n3," + "x" * 200_000 + "\n", encoding="utf-8")
    code, text, _ = _refused(read_table, path, "data")
    assert code == "FILE_CSV_MALFORMED" and "line 3" in text


def test_read_table_messages_from_the_catalogue(tmp_path):
    book = hostile.valid_workbook(tmp_path)
    with pytest.raises(InputError) as info:
        read_table(book, "data", sheet="Dta")
    assert info.value.problems[0].code == "FILE_SHEET_NOT_FOUND" and "did you mean 'Data'?" in str(
        info.value
    )
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF")
    assert _refused(read_table, other, "data")[0] == "FILE_UNSUPPORTED_TYPE"
    empty = tmp_path / "e.csv"
    empty.write_text("\n\n", encoding="utf-8")
    assert _refused(read_table, empty, "data")[0] == "FILE_EMPTY_TABLE"


# -- no traceback, whatever the bytes --------------------------------------------------------


def _read_or_refuse(path: Path) -> None:
    try:
        read_table(path, "data")
    except XlperfError as err:
        assert err.problems and all(p.code != "GENERIC" for p in err.problems)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=2000), suffix=st.sampled_from([".xlsx", ".csv", ".xlsm", ".tsv"]))
def test_random_bytes_never_give_a_traceback(tmp_path, raw, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(raw)
    _read_or_refuse(path)


VALID = hostile.workbook_bytes()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.integers(len(VALID) // 2, len(VALID)),
)
def test_damaged_workbooks_never_give_a_traceback(tmp_path, edits, cut):
    data = bytearray(VALID)
    for at, value in edits:
        data[at] = value
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data[:cut]))
    _read_or_refuse(path)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-8", "utf-16", "gb18030"]))
def test_random_text_csv_never_gives_a_traceback(tmp_path, text, encoding):
    path = tmp_path / "t.csv"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    _read_or_refuse(path)


def test_badly_formed_workbook_xml_is_corrupt_not_a_traceback(tmp_path):
    parts = hostile.workbook_parts()
    parts["xl/workbook.xml"] = b"<workbook><sheets><sheet name='Data' r:id='rId1'"
    path = hostile.write_zip(
        tmp_path / "badxml.xlsx", [hostile.deflated(n, d) for n, d in parts.items()]
    )
    code, text, _ = _refused(inspect_workbook, path)
    assert code == "FILE_CORRUPT" and "xl/workbook.xml" in text and "not well-formed" in text
