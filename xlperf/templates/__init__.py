"""Appraisal forms (考核表): compile a scheme into native-formula workbooks and read them back.

Example:
    >>> from xlperf.templates import build_forms, read_form  # doctest: +SKIP
    >>> paths = build_forms(scheme, roster, "forms/")  # doctest: +SKIP
    >>> contents = read_form(paths[0], scheme)  # doctest: +SKIP
"""

from xlperf.templates.builder import build_forms
from xlperf.templates.reader import FormContents, read_form, read_meta, scheme_yaml_text

__all__ = ["FormContents", "build_forms", "read_form", "read_meta", "scheme_yaml_text"]
