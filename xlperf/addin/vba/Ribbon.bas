Attribute VB_Name = "Ribbon"
' xlperf ribbon callbacks: one Sub per button of customUI14.xml.
' Each hands the work to Python (xlperf.addin.macros) through xlwings RunPython.
' Source of truth: xlperf/addin/vba/Ribbon.bas; rebuilt by "xlperf addin build".
Option Explicit

Sub RecalculateRanking(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.recalculate()"
End Sub

Sub ValidateInputs(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.validate()"
End Sub

Sub ClosePeriod(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.close_period()"
End Sub

Sub ShowHistory(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.show_history()"
End Sub

Sub NewTemplate(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.new_template()"
End Sub

Sub CollectForms(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.collect_forms()"
End Sub

Sub OpenDocs(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.open_docs()"
End Sub

Sub ShowAbout(control As IRibbonControl)
    RunPython "import xlperf.addin.macros as m; m.about()"
End Sub
