"""Problems in the Data table (one row per employee and indicator)."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "DATA_MISSING_ACTUAL",
        "actual of {employee} / {indicator} is missing",
        "员工 {employee} 指标 {indicator} 缺少实际值",
        "fill in the actual value",
        "请填写实际值",
        "actual missing in {n} rows: {items}",
        "{n}行缺少实际值：{items}",
    ),
]
