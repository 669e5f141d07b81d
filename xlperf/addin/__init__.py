"""The Excel add-in: ``xlperf.xlam`` built from text sources, its ribbon macros and installer.

Modules: :mod:`~xlperf.addin.build` (reproducible build), :mod:`~xlperf.addin.install`,
:mod:`~xlperf.addin.macros` (RunPython entry points), :mod:`~xlperf.addin.settings`
(the workbook's scheme and language), :mod:`~xlperf.addin.cli` (``xlperf addin``).
The worksheet functions live in ``udfs/xlperf_udfs.py``.
"""
