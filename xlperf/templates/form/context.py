"""Everything the sheet modules share about the form being built: scheme, slots, words, names.

Example:
    >>> from xlperf.core.scheme import load_scheme, shipped_schemes
    >>> from xlperf.templates.form.roster import form_specs
    >>> s = load_scheme(shipped_schemes()["sales"])
    >>> ctx = form_context(s, form_specs(s, None, "role", 2)[0], "en", "yaml: text", "none")
    >>> ctx.names["kpi"], ctx.ref("kpi", "$L$5"), ctx.template_id[:1]
    ('KPI', "'KPI'!$L$5", 'T')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xlperf.core.scheme import Scheme
from xlperf.templates import layout as L
from xlperf.templates.form.records import FormSpec
from xlperf.templates.form.style import Formula, quote_sheet
from xlperf.templates.metadata import FORMAT_VERSION, content_id
from xlperf.templates.text import T


@dataclass(frozen=True)
class FormContext:
    """One form's fixed facts; the sheet modules read it and never change it."""

    scheme: Scheme
    spec: FormSpec
    lang: str
    yaml_text: str
    roster_fp: str
    layout: L.Layout
    names: Mapping[str, str]  # sheet key → sheet name (no competency key without competencies)
    template_id: str

    @property
    def words(self) -> Mapping[str, str]:
        return T[self.lang]

    def text(self, key: str, **params: object) -> str:
        """The form's word ``key`` in its language, its ``{placeholders}`` filled."""
        return T[self.lang][key].format(**params)

    def dn(self, obj: object) -> str:
        """The display name of a scheme object in the form's language."""
        return self.scheme.display_name(obj, self.lang)

    def ref(self, key: str, cell: str) -> str:
        """A reference to ``cell`` of the sheet ``key`` from another sheet."""
        return f"{quote_sheet(self.names[key])}!{cell}"

    @property
    def group_label(self) -> str:
        if self.spec.per == "role":
            role = self.scheme.role_by_id.get(self.spec.group)
            return self.dn(role) if role else self.spec.group
        return self.spec.group

    @property
    def period(self) -> str:
        period = self.scheme.scheme.period
        return self.words.get(f"period_{period}", period)

    @property
    def headers(self) -> tuple[str, str, str]:
        """(scheme name, group, page text): the printed page header and footer."""
        return self.dn(self.scheme.scheme), self.group_label, self.words["header_footer_page"]

    def subtitle(self) -> str:
        key = "subtitle" if self.spec.per == "department" else "subtitle_role"
        return self.text(
            key,
            group=self.group_label,
            period=self.period,
            scheme_id=self.scheme.id,
            version=self.scheme.version,
            template=self.template_id,
        )

    def person_cells(self, slot: L.Slot) -> tuple[object, object]:
        """KPI/competency id and name: values with a roster, formulas on the summary list when blank."""
        p = self.spec.people[slot.index]
        if p is not None:
            return p.employee_id, p.name
        r = slot.summary_row
        sid, sname = self.ref("summary", f"${L.S_ID}${r}"), self.ref("summary", f"${L.S_NAME}${r}")
        return Formula(f'=IF({sid}="","",{sid})'), Formula(f'=IF({sname}="","",{sname})')


def form_context(
    scheme: Scheme, spec: FormSpec, lang: str, yaml_text: str, roster_fp: str
) -> FormContext:
    """The context of one form; its template id is derived from its content (deterministic)."""
    layout = L.plan(scheme, list(spec.roles))
    names = {k: T[lang][f"sheet_{k}"] for k in L.SHEET_KEYS}
    if not layout.has_competency:
        del names["competency"]
    template_id = "T" + content_id(
        scheme.fingerprint,
        lang,
        spec.per,
        spec.group,
        roster_fp,
        FORMAT_VERSION,
        yaml_text,
        n=11,
    )
    return FormContext(scheme, spec, lang, yaml_text, roster_fp, layout, names, template_id)
