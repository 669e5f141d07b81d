"""The pay lines of one employee's report: how each amount is worked out, in words and numbers.

Built from the employee's own row of ``Results.pay`` (the detail frame): bonus base ×
grade factor × team coefficient × pay factor = bonus amount; commission with its completion
and tier; the team pool share; the total. Amounts stay exact Decimals.

Example:
    >>> from decimal import Decimal
    >>> row = {"grade": "A", "bonus_base": Decimal("1000.05"), "bonus_factor": Decimal("1.5"),
    ...        "team_coefficient": Decimal("1.1"), "pay_factor": Decimal("1"), "capped": False,
    ...        "bonus_amount": Decimal("1650.08"), "commission_applicable": False,
    ...        "commission": Decimal("0.00"), "pool": None, "pool_share": Decimal("0.00"),
    ...        "total_pay": Decimal("1650.08")}
    >>> [(p.item, p.how, p.amount) for p in pay_lines(row, "en")][0]
    ('Bonus amount', '1,000.05 × 1.5 (grade factor, A) × 1.1 (team coefficient) × 1 (pay factor)', Decimal('1650.08'))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from xlperf.messages.glossary import term


def _item(key: str, lang: str) -> str:
    """A pay item's name: the glossary's word, capitalised in English."""
    word = term(key, lang)
    return word[:1].upper() + word[1:] if lang == "en" else word


@dataclass(frozen=True)
class PayLine:
    """One line: the item (glossary word), how it is worked out, and the exact amount."""

    item: str
    how: str
    amount: Decimal | None


def _money(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{Decimal(str(v)):,.2f}" if not isinstance(v, Decimal) else f"{v:,.2f}"


def _plain(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return str(v)


def _amount(v: object) -> Decimal | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v if isinstance(v, Decimal) else Decimal(str(v))


def _words(lang: str) -> dict[str, str]:
    zh = lang != "en"
    return {
        "grade_factor": "等级系数" if zh else "grade factor",
        "capped": "（已按上限封顶）" if zh else " (capped at the limit)",
        "na": "不适用" if zh else "not applicable",
        "tier": "档位" if zh else "tier",
        "sep": "，" if zh else ", ",
        "open": "（" if zh else " (",
        "close": "）" if zh else ")",
    }


def _bonus(row: dict, lang: str) -> PayLine:
    w = _words(lang)
    o, c = w["open"], w["close"]
    how = (
        f"{_money(row.get('bonus_base'))} × {_plain(row.get('bonus_factor'))}"
        f"{o}{w['grade_factor']}{w['sep']}{_plain(row.get('grade'))}{c}"
        f" × {_plain(row.get('team_coefficient'))}{o}{term('team_coefficient', lang)}{c}"
        f" × {_plain(row.get('pay_factor'))}{o}{term('pay_factor', lang)}{c}"
    )
    if row.get("capped") is True:
        how += w["capped"]
    return PayLine(_item("bonus_amount", lang), how, _amount(row.get("bonus_amount")))


def _commission(row: dict, lang: str) -> PayLine:
    w = _words(lang)
    if not row.get("commission_applicable"):
        return PayLine(_item("commission", lang), w["na"], _amount(row.get("commission")))
    done = row.get("completion")
    done_text = "—" if done is None or done != done else f"{float(done):.1f}%"
    how = w["sep"].join(
        [
            f"{term('commission_base', lang)} {_money(row.get('commission_base'))}",
            f"{term('completion', lang)} {done_text}",
            f"{w['tier']} {_plain(row.get('commission_rule'))}",
        ]
    )
    return PayLine(_item("commission", lang), how, _amount(row.get("commission")))


def _pool(row: dict, lang: str) -> PayLine | None:
    if row.get("pool") is None:
        return None
    how = f"{term('pool', lang)} {_money(row.get('pool'))}"
    return PayLine(_item("pool_share", lang), how, _amount(row.get("pool_share")))


def pay_lines(row: dict | None, lang: str = "zh") -> tuple[PayLine, ...]:
    """The employee's pay lines from their own detail row (none without one)."""
    if row is None:
        return ()
    lines = [_bonus(row, lang), _commission(row, lang), _pool(row, lang)]
    lines.append(PayLine(_item("total_pay", lang), "", _amount(row.get("total_pay"))))
    return tuple(x for x in lines if x is not None)
