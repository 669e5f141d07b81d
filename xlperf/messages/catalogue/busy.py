"""A master held by someone else: another xlperf run, or Excel."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "BUSY_LOCKED",
        "another xlperf run holds this master: '{command}' (process {pid}) since {started}; waited {wait} s",
        "另一个 xlperf 运行正在使用该汇总表：'{command}'（进程 {pid}），开始于 {started}；已等待 {wait} 秒",
        "wait for it to finish and run again, or pass --wait with more seconds",
        "请等待其完成后重试，或用 --wait 指定更长的等待秒数",
    ),
    Message(
        "BUSY_EXCEL_OPEN",
        "the workbook is open in Excel (owner file {owner} beside it)",
        "工作簿正在Excel中打开（旁边有锁定文件 {owner}）",
        "close it in Excel and run again, or write to a new file with --out",
        "请在Excel中关闭后重试，或用 --out 写入新文件",
    ),
]
