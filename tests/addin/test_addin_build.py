"""The add-in file: VBA modules, project metadata, ribbon and package parts."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import olefile
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

import xlperf.addin.build as build

COMMITTED_ADDIN = Path(__file__).resolve().parents[2] / "workbooks" / "xlperf.xlam"
CUSTOMUI14_NS = "http://schemas.microsoft.com/office/2009/07/customui"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _code_lines(source: str) -> list[str]:
    """Source lines without Attribute lines and with line ends normalised."""
    lines = source.replace("\r\n", "\n").split("\n")
    lines = [line for line in lines if not line.startswith("Attribute ")]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


# --- VBA modules ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(build.vba_sources()))
def test_every_bas_source_reads_back_identically(name: str, olevba_modules: dict[str, str]):
    assert name in olevba_modules, f"module {name} missing from the add-in"
    assert _code_lines(olevba_modules[name]) == _code_lines(build.vba_sources()[name])


def test_modules_are_exactly_the_sources_plus_base_documents(olevba_modules: dict[str, str]):
    expected = {*build.vba_sources(), build.UDF_VBA_MODULE, "ThisWorkbook", "Sheet2", "Dictionary"}
    assert set(olevba_modules) == expected


def test_modules_use_crlf_line_ends(olevba_modules: dict[str, str]):
    for name, code in olevba_modules.items():
        assert "\n" not in code.replace("\r\n", ""), f"bare LF in module {name}"


def test_xlwings_config_names_xlperf(olevba_modules: dict[str, str], addin_parts):
    assert 'Public Const PROJECT_NAME As String = "xlperf"' in olevba_modules["xlwings"]
    for name, code in olevba_modules.items():
        assert "myaddin" not in code.lower(), f"module {name} still names myaddin"
    workbook = addin_parts["xl/workbook.xml"].decode()
    assert 'name="_xlperf.conf"' in workbook
    assert "myaddin" not in workbook.lower()


def _vba_ole(parts: dict[str, bytes]) -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(parts["xl/vbaProject.bin"]))


def test_vba_project_compiles_from_source(addin_parts):
    stream = _vba_ole(addin_parts).openstream("VBA/_VBA_PROJECT").read()
    assert stream[:2] == b"\xcc\x61"
    assert int.from_bytes(stream[2:4], "little") == 0xFFFF
    assert stream == b"\xcc\x61\xff\xff\x00\x03\x00", "no performance cache may be written"


def test_vba_project_is_named_xlperf(addin_parts, built_addin: Path):
    project = _vba_ole(addin_parts).openstream("PROJECT").read().decode("latin-1")
    assert re.findall(r'(?m)^Name="([^"]*)"', project) == ["xlperf"]
    from pyopenvba import ExcelFile  # an independent read of the dir stream's PROJECTNAME

    with ExcelFile(built_addin) as book:
        assert book.vba_project().name == "xlperf"
        assert book.validate() == []


# --- UDF wrappers ----------------------------------------------------------------------------


def test_baked_udf_wrappers_equal_what_xlwings_generates(olevba_modules: dict[str, str]):
    assert _code_lines(olevba_modules[build.UDF_VBA_MODULE]) == _code_lines(
        build.udf_wrapper_source()
    )


def test_every_udf_has_a_wrapper(olevba_modules: dict[str, str]):
    import udfs.xlperf_udfs as udfs

    names = [n for n in dir(udfs) if n.isupper() and callable(getattr(udfs, n))]
    assert len(names) >= 8
    for name in names:
        assert f"Function {name}(" in olevba_modules[build.UDF_VBA_MODULE]


def test_a_changed_udf_module_gives_different_wrappers(tmp_path: Path):
    changed = tmp_path / "xlperf_udfs.py"
    changed.write_text(
        build.udf_module_path().read_text(encoding="utf-8")
        + "\n\n@xw.func\ndef EXTRA_UDF(x):\n    return x\n",
        encoding="utf-8",
    )
    assert "Function EXTRA_UDF(x)" in build.udf_wrapper_source(changed)
    assert build.udf_wrapper_source(changed) != build.udf_wrapper_source()


def test_stub_leaves_no_trace():
    import sys

    import xlwings

    before = (xlwings.func, "pythoncom" in sys.modules)
    build.udf_wrapper_source()
    assert (xlwings.func, "pythoncom" in sys.modules) == before


# --- Ribbon ----------------------------------------------------------------------------------


def _ribbon(parts: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(parts[build.RIBBON_PART])


def test_ribbon_tab_groups_and_buttons(addin_parts):
    root = _ribbon(addin_parts)
    ns = {"c": CUSTOMUI14_NS}
    assert root.tag == f"{{{CUSTOMUI14_NS}}}customUI"
    tabs = root.findall(".//c:tab", ns)
    assert [t.get("label") for t in tabs] == ["xlperf 绩效"]
    groups = {g.get("label"): [b.get("label") for b in g.findall("c:button", ns)] for g in tabs[0]}
    assert groups == {
        "评分 Scoring": ["重新计算排名 Recalculate", "校验 Validate"],
        "考核期 Periods": ["关闭考核期 Close period", "历史 History"],
        "表单 Forms": ["新建模板 New template", "收集表单 Collect forms"],
        "帮助 Help": ["文档 Docs", "关于 About"],
    }
    for button in root.iter(f"{{{CUSTOMUI14_NS}}}button"):
        assert button.get("imageMso"), button.get("id")
        assert button.get("screentip"), button.get("id")
        assert re.search(r"[\u4e00-\u9fff]", button.get("supertip")), button.get("id")
        assert re.search(r"[A-Za-z]{3}", button.get("supertip")), button.get("id")


def test_every_onaction_is_a_ribbon_callback(addin_parts, olevba_modules: dict[str, str]):
    actions = [b.get("onAction") for b in _ribbon(addin_parts).iter(f"{{{CUSTOMUI14_NS}}}button")]
    assert len(actions) == 8
    for action in actions:
        module, _, sub = action.rpartition(".")
        code = olevba_modules[module]
        signature = rf"(?m)^(Public )?Sub {re.escape(sub)}\(control As IRibbonControl\)\s*$"
        assert re.search(signature, code), f"{action}: no Sub {sub}(control As IRibbonControl)"


def test_ribbon_subs_run_python_macros(olevba_modules: dict[str, str]):
    import xlperf.addin.macros as macros

    calls = re.findall(
        r'RunPython "import xlperf\.addin\.macros as m; m\.(\w+)\(\)"', olevba_modules["Ribbon"]
    )
    assert sorted(calls) == sorted(macros.ENTRY_POINTS)
    for call in calls:
        assert callable(getattr(macros, call))


def test_addin_validates_against_the_ooxml_schemas(built_addin: Path):
    result = OpenXmlValidator().validate(str(built_addin))
    assert result.is_valid, [e.description for e in result.errors]


def test_schema_check_catches_a_bad_ribbon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bad = tmp_path / "customUI14.xml"
    bad.write_text(
        build.RIBBON_XML.read_text("utf-8").replace('size="large"', 'size="huge"', 1), "utf-8"
    )
    monkeypatch.setattr(build, "RIBBON_XML", bad)
    result = OpenXmlValidator().validate(str(build.build_addin(tmp_path / "bad.xlam")))
    assert not result.is_valid
    assert any("huge" in e.description for e in result.errors)


def test_ribbon_relationship_and_content_type(addin_parts):
    rels = etree.fromstring(addin_parts["_rels/.rels"])
    ribbon_rels = [
        r for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship") if "ui/extensibility" in r.get("Type")
    ]
    assert [(r.get("Type"), r.get("Target")) for r in ribbon_rels] == [
        (
            "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
            "customUI/customUI14.xml",
        )
    ]
    assert len({r.get("Id") for r in rels}) == len(rels)
    assert "customUI/customUI.xml" not in addin_parts
    types = etree.fromstring(addin_parts["[Content_Types].xml"])
    overrides = {
        o.get("PartName"): o.get("ContentType") for o in types.iter(f"{{{CT_NS}}}Override")
    }
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{{{CT_NS}}}Default")}
    assert "/customUI/customUI14.xml" not in overrides
    assert defaults["xml"] == "application/xml"
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    for part in addin_parts:
        if part != "[Content_Types].xml" and not part.endswith(".rels"):
            assert f"/{part}" in overrides or part.rsplit(".", 1)[-1] in defaults, part


# --- Reproducibility -------------------------------------------------------------------------


def test_build_is_reproducible(built_addin: Path, tmp_path: Path):
    again = build.build_addin(tmp_path / "again.xlam")
    assert again.read_bytes() == built_addin.read_bytes()
    with zipfile.ZipFile(again) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_committed_addin_is_a_fresh_build(built_addin: Path):
    assert COMMITTED_ADDIN.is_file(), "run `xlperf addin build` and commit workbooks/xlperf.xlam"
    assert COMMITTED_ADDIN.read_bytes() == built_addin.read_bytes(), (
        "workbooks/xlperf.xlam is stale: run `xlperf addin build` and commit it"
    )


# --- LibreOffice -----------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_the_addin_and_sees_the_modules(built_addin: Path, tmp_path: Path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    # LibreOffice's type detection does not know the add-in content type, so name
    # the Excel 2007+ VBA import filter; converting to .ods keeps the VBA as Basic.
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--infilter=Calc MS Excel 2007 VBA XML",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(built_addin),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    ods = tmp_path / "xlperf.ods"
    assert ods.is_file(), result.stdout + result.stderr
    with zipfile.ZipFile(ods) as archive:
        names = archive.namelist()
        libraries = archive.read("Basic/script-lc.xml").decode()
        ribbon = archive.read("Basic/xlperf/Ribbon.xml").decode()
    assert 'library:name="xlperf"' in libraries
    modules = {
        n.split("/")[-1][:-4]
        for n in names
        if n.startswith("Basic/xlperf/") and not n.endswith("script-lb.xml")
    }
    assert {*build.vba_sources(), build.UDF_VBA_MODULE} <= modules
    assert "Sub RecalculateRanking(control As IRibbonControl)" in ribbon


def test_committed_addin_has_current_udf_wrappers():
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(COMMITTED_ADDIN))
    try:
        baked = {s.split("/")[-1]: code for _, s, _, code in parser.extract_macros()}
    finally:
        parser.close()
    assert _code_lines(baked[build.UDF_VBA_MODULE]) == _code_lines(build.udf_wrapper_source()), (
        "the UDF wrappers in workbooks/xlperf.xlam are stale: run `xlperf addin build`"
    )


def test_xlwings_module_is_the_installed_base_renamed():
    from pyopenvba import ExcelFile

    with ExcelFile(build.base_addin_path()) as base:
        original = base.get_module("xlwings")
    ours = build.vba_sources()["xlwings"]
    changed = [
        (a, b) for a, b in zip(_code_lines(original), _code_lines(ours), strict=True) if a != b
    ]
    assert changed == [
        (
            'Public Const PROJECT_NAME As String = "myaddin"',
            'Public Const PROJECT_NAME As String = "xlperf"',
        )
    ]


def test_build_refuses_a_mismatched_xlwings(monkeypatch: pytest.MonkeyPatch):
    import xlwings

    from xlperf.errors import UsageError

    monkeypatch.setattr(xlwings, "__version__", "0.0.1")
    with pytest.raises(UsageError, match="installed"):
        build.check_xlwings_version()


def test_project_stream_workspace_has_no_gaps(addin_parts):
    project = _vba_ole(addin_parts).openstream("PROJECT").read().decode("latin-1")
    workspace = project.split("[Workspace]\r\n", 1)[1]
    assert workspace.endswith("\r\n\r\n")
    entries = workspace[:-4].split("\r\n")
    assert all(entries) and {e.split("=")[0] for e in entries} == {
        "ThisWorkbook",
        "Dictionary",
        "Ribbon",
        "Sheet2",
        "xlwings",
        "xlwings_udfs",
    }


# --- Clicking the ribbon, in pyOpenVBA's VBA interpreter ---------------------------------------

_HARNESS = (
    "Public Sub Click(onAction As String)\r\n"
    "    Dim control As New IRibbonControl\r\n"
    "    Application.Run onAction, control\r\n"
    "End Sub\r\n"
)
# Stands in for xlwings' RunPython: records the command in A1 of the first sheet.
_RUNPYTHON = (
    "Public Function RunPython(PythonCommand As String)\r\n"
    '    Sheets(1).Range("A1").Value = PythonCommand\r\n'
    "End Function\r\n"
)


def test_each_button_runs_its_python_entry_point(addin_parts, olevba_modules, monkeypatch):
    from pyopenvba.apps.excel import ExcelApplication

    import xlperf.addin.macros as macros

    app = ExcelApplication()
    app.add_workbook()
    app.add_module(olevba_modules["Ribbon"], name="Ribbon")  # the module as built, compiled here
    app.add_module(_RUNPYTHON, name="xlwings")
    app.add_module("Public Id As String\r\n", name="IRibbonControl", kind="class")
    app.add_module(_HARNESS, name="Harness")
    ran: list[str] = []
    for name in macros.ENTRY_POINTS:
        monkeypatch.setattr(macros, name, lambda name=name: ran.append(name))
    actions = [b.get("onAction") for b in _ribbon(addin_parts).iter(f"{{{CUSTOMUI14_NS}}}button")]
    for action in actions:
        app.run("Harness.Click", action)
        command = app.sheet(1).value("A1")
        assert command.startswith("import xlperf.addin.macros as m; m."), (action, command)
        exec(command, {})  # what xlwings does with it, in a fresh namespace
    assert ran == [
        "recalculate",
        "validate",
        "close_period",
        "show_history",
        "new_template",
        "collect_forms",
        "open_docs",
        "about",
    ]
