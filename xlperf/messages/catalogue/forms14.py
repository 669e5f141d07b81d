"""Problems of the forms' scheme fidelity (issue 14): rater rows of the competency sheet."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "FORM_RATER_GROUP_UNKNOWN",
        "employee {employee}: a rater's row is rated but names no rater group ('{value}'); choose one of {choices}",
        "员工 {employee}：某位评价人的行已评分，但评价人类型（'{value}'）不是方案中的类型；请选择 {choices} 之一",
        "choose the rater group from the drop-down of that row",
        "请在该行的下拉列表中选择评价人类型",
        "{n} rated rows name no rater group: {items}",
        "{n}行已评分但未选择有效的评价人类型：{items}",
    ),
]
