"""The forms speak the glossary's words: one word per HR concept, in both languages."""

from __future__ import annotations

import pytest

from xlperf.messages.glossary import AVOID, TERMS
from xlperf.templates.text import T

#: form word → glossary concept
CONCEPTS = {
    "employee_id": "employee_id",
    "method": "method",
    "target": "target",
    "baseline": "baseline",
    "actual": "actual",
    "score": "indicator_score",
    "section_score": "section_score",
    "final": "final_score",
    "grade": "grade_absolute",
    "dept_rank": "department_rank",
    "rules_period": "period",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("word", "concept"), sorted(CONCEPTS.items()))
def test_form_headers_are_the_glossary_words(lang, word, concept):
    zh, en = TERMS[concept]
    assert T[lang][word].lower() == (en if lang == "en" else zh).lower()


@pytest.mark.parametrize(
    ("zh", "expected"),
    [
        ("final", "综合得分"),
        ("grade", "预评等级"),
        ("method", "计分方法"),
        ("rules_period", "考核期"),
    ],
)
def test_hand_checked_chinese_words(zh, expected):
    assert T["zh"][zh] == expected


def test_no_avoided_spelling_and_no_old_period_word_in_any_form_text():
    for lang, words in T.items():
        for key, text in words.items():
            for bad in [*AVOID, "考核周期"]:
                assert bad not in text, (lang, key, bad)
