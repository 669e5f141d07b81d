"""The appraisal form, one module per sheet.

- :mod:`.roster`: the roster's people and the forms (specs) to build for them;
- :mod:`.context`: what every sheet module shares about one form;
- :mod:`.kpi`, :mod:`.competency`, :mod:`.summary`, :mod:`.letters`,
  :mod:`.rules`, :mod:`.instructions`: the visible sheets;
- :mod:`.meta_sheet`: the hidden ``_xlperf`` sheet;
- :mod:`.workbook`: one form as a workbook (the sheets in order).

Writing files (all or nothing) is :mod:`xlperf.templates.builder`'s job.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> s = load_scheme(shipped_schemes()["market"])
    >>> build_workbook(s, form_specs(s, None, "role", 1)[0]).sheetnames[1]
    'KPI考核'
"""

from xlperf.templates.form.records import FormSpec, Person
from xlperf.templates.form.roster import BLANK_SLOTS, form_specs, roster_fingerprint, roster_people
from xlperf.templates.form.workbook import build_workbook

__all__ = [
    "BLANK_SLOTS",
    "FormSpec",
    "Person",
    "build_workbook",
    "form_specs",
    "roster_fingerprint",
    "roster_people",
]
