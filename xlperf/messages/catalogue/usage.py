"""Problems with how a command was called, and with the operating system."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "USAGE_PROBLEMS_FILE",
        "--problems must name a .csv or .json file, got {file}",
        "--problems 须为 .csv 或 .json 文件，收到 {file}",
        "e.g. --problems problems.csv",
        "例如 --problems problems.csv",
    ),
    Message(
        "USAGE_BAD_VALUE",
        "{option} must be {expected}, got {value}",
        "{option} 应为{expected}，收到 {value}",
        "see xlperf {command} --help",
        "请查看 xlperf {command} --help",
    ),
    Message(
        "USAGE_OUTPUT_IS_INPUT",
        "the output {file} is also an input of this run",
        "输出文件 {file} 同时是本次运行的输入",
        "choose another --out path",
        "请换一个 --out 路径",
    ),
    Message(
        "USAGE_OUTPUT_FOREIGN",
        "the existing workbook has sheets xlperf did not write ({sheets}); replacing it would lose them",
        "现有工作簿包含非xlperf生成的工作表（{sheets}），覆盖会丢失这些内容",
        "choose another --out path (xlperf only replaces its own result workbooks)",
        "请换一个 --out 路径",
    ),
    Message(
        "USAGE_OUTPUT_TYPE",
        "unknown output type '{suffix}'",
        "未知的输出类型 '{suffix}'",
        "use a name ending in {choices}",
        "请使用以 {choices} 结尾的文件名",
    ),
    Message(
        "USAGE_NO_FORMS",
        "no .xlsx forms were found in the given files or folders",
        "在给定的文件或文件夹中没有找到 .xlsx 表单",
        "pass the returned forms or the folder holding them",
        "请提供收回的表单或其所在文件夹",
    ),
    Message(
        "INTERNAL_ERROR",
        "xlperf met an internal error ({kind}: {detail})",
        "xlperf 内部错误（{kind}：{detail}）",
        "run again with --verbose and report it with the output; your files were not changed by the failed step",
        "请加 --verbose 重新运行并报告输出；失败的步骤没有修改你的文件",
    ),
]
