"""Problems of authenticating a collect run against the cycle manifest (``collect --cycle``)."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "COLLECT_NOT_AUTHENTICATED",
        "{n} form(s) collected without authentication: no cycle manifest (xlperf-cycle.json) beside "
        "the master or the forms, so only accidental edits were checked: {items}",
        "{n}份表格未经认证即汇总：汇总表和表格旁都没有考核期清单（xlperf-cycle.json），"
        "仅检查了误改：{items}",
        "give the manifest xlperf template wrote with --cycle (or keep it beside the master) to "
        "prove each form is as issued",
        "请用 --cycle 指定 xlperf template 生成的考核期清单（或将其放在汇总表旁），以证明表格与下发时一致",
        "{n} form(s) collected without authentication (no cycle manifest): {items}",
        "{n}份表格未经认证即汇总（没有考核期清单）：{items}",
        severity="warning",
    ),
    Message(
        "COLLECT_CYCLE_AMBIGUOUS",
        "the forms lie beside {n} different cycle manifests ({items}); it is not clear which cycle "
        "they belong to",
        "表格旁有{n}份不同的考核期清单（{items}），无法确定它们属于哪个考核期",
        "say which manifest to use with --cycle, or collect each folder on its own",
        "请用 --cycle 指定考核期清单，或逐个文件夹分别汇总",
    ),
]
