"""The message catalogue: every code used exists, has both languages and a hint; the docs list them all."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from xlperf.errors import Location
from xlperf.messages import CATALOGUE, group_lines, problems_markdown, say, summary_lines
from xlperf.messages.glossary import AVOID, TERMS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for d in ("xlperf", "udfs") for p in (ROOT / d).rglob("*.py")]
USED = re.compile(r"""(?:say|short_text)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
CODE_LITERAL = re.compile(
    r"""["']((?:DATA|SCHEME|FILE|NUMBER|TABLE|RATINGS|ADJ|MASTER|COLLECT|USAGE|BUSY|STORE|PACKAGE|FORM|PAY|HIST|PERIOD|UDF)_[A-Z0-9_]+)["']"""
)


def test_the_docs_list_every_code():
    doc = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    block = doc.split("<!-- codes:start -->\n", 1)[1].split("<!-- codes:end -->", 1)[0]
    assert block == problems_markdown(), "docs/problems.md is stale: paste problems_markdown()"


def test_every_code_the_code_uses_is_in_the_catalogue():
    used = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= set(USED.findall(text)) | set(CODE_LITERAL.findall(text))
    missing = sorted(c for c in used if c not in CATALOGUE and not c.endswith(("_", "_COLUMNS")))
    assert not missing, f"codes used but not in the catalogue: {missing}"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_has_both_languages_and_a_hint(code):
    m = CATALOGUE[code]
    assert m.en and m.zh and (m.hint_en or m.suggest_en) and (m.hint_zh or m.suggest_zh), code
    assert re.search(r"[\u4e00-\u9fff]", m.zh), f"{code}: the Chinese text has no Chinese"

    def fields(text):  # a parameter may come in a per-language variant: what / what_zh
        return {
            f.removesuffix("_zh").removesuffix("_en")
            for _, f, _, _ in string.Formatter().parse(text)
            if f
        }

    en_fields, zh_fields = fields(m.en), fields(m.zh)
    # the Chinese text may leave out an English-only detail (a parser's own words), nothing else
    assert zh_fields <= en_fields and en_fields - zh_fields <= {"problem", "reason"}, code
    p = say(code, Location(file="f.xlsx", sheet="S", cell="A2", row=2))
    assert p.code == code and p.render("zh") and p.render("en")


def test_repeats_are_grouped_and_the_console_is_bounded():
    ps = [
        say(
            "DATA_NO_RATINGS",
            Location(file="d.xlsx", sheet="Data", row=r),
            employee=f"E{r}",
            section="c",
            weight="30",
        )
        for r in range(2, 54)
    ]
    lines = group_lines(ps, "en")
    assert lines == [
        "d.xlsx: sheet Data: ratings missing for 52 employees: E2, E3, E4 … (49 more) (add their ratings (one row per dimension and rater))"
    ]
    zh = group_lines(ps, "zh")[0]
    assert (
        "52名员工缺少能力评分" in zh
        and "另有49个" in zh
        and not re.search("[A-Za-z]{4,}", zh.split(":", 1)[1].replace("Data", ""))
    )
    many = [say("DATA_EMPTY_ID", Location(file=f"f{i}.csv", row=2)) for i in range(100)]
    assert len(summary_lines(many, "en", 30)) == 30


def test_the_glossary_has_one_word_per_concept():
    concepts = {
        k: v for k, v in TERMS.items() if not k.startswith("sheet_")
    }  # a sheet may bear its concept's word
    for lang in (0, 1):
        words = [v[lang] for v in concepts.values()]
        assert len(set(words)) == len(words), sorted(w for w in words if words.count(w) > 1)
    texts = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES if "glossary" not in p.name)
    for word in AVOID:
        assert word not in texts, f"'{word}' is not the glossary's word for {AVOID[word]}"
