"""Appraisal forms (考核表): compile a scheme into native-formula workbooks and read them back.

Example:
    >>> from xlperf.templates import build_forms, read_form  # doctest: +SKIP
    >>> paths = build_forms(scheme, roster, "forms/")  # doctest: +SKIP
    >>> contents = read_form(paths[0], scheme)  # doctest: +SKIP
    >>> verify_form(contents, load_manifest("forms/xlperf-cycle.json"))  # doctest: +SKIP
    []
"""

from xlperf.templates.builder import build_forms
from xlperf.templates.manifest import CycleManifest, load_manifest
from xlperf.templates.reader import FormContents, read_form, read_meta, scheme_yaml_text
from xlperf.templates.verify import verify_form

__all__ = [
    "CycleManifest",
    "FormContents",
    "build_forms",
    "load_manifest",
    "read_form",
    "read_meta",
    "scheme_yaml_text",
    "verify_form",
]
