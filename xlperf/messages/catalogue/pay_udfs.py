"""What the pay worksheet functions (BONUS_AMOUNT, COMMISSION) show in a cell."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "UDF_PAY_NO_PAY",
        "the workbook's scheme has no pay section",
        "工作簿的考核方案没有 pay（薪酬）部分",
        "add pay: to the scheme (see docs/scheme.md, Pay)",
        "请在方案中添加 pay:（见 docs/scheme.md 薪酬部分）",
    ),
    Message(
        "UDF_PAY_NO_COMMISSION",
        "the scheme's pay section has no commission",
        "方案的薪酬部分没有提成（commission）规则",
        "add pay: commission: (indicator, mode, tiers or brackets) to the scheme",
        "请在方案的 pay 中添加 commission（指标、方式、档位或阶梯）",
    ),
    Message(
        "UDF_PAY_NEGATIVE",
        "{argument} must be ≥ 0, got {value}",
        "{argument_zh}不能为负，实际为{value}",
        "enter the amount as a number ≥ 0",
        "请填写不小于0的数字",
    ),
    Message(
        "UDF_PAY_NOT_POSITIVE",
        "{argument} must be > 0, got {value}",
        "{argument_zh}必须大于0，实际为{value}",
        "e.g. 1.1 for 110%, 0.8 for a recorded offence; leave it empty for 1",
        "如 1.1 表示110%，0.8 表示记过一次；留空即为1",
    ),
]
