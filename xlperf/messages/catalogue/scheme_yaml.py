"""Problems in the YAML text of a scheme, found before its fields are validated (core.scheme_yaml)."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "SCHEME_YAML_SYNTAX",
        "YAML syntax error at line {line}, column {column}: {problem}",
        "第{line}行第{column}列YAML语法错误",
        "check indentation, colons and quotes around that line",
        "请检查该行附近的缩进、冒号和引号",
    ),
    Message(
        "SCHEME_NOT_MAPPING",
        "the scheme must be a mapping of keys (scheme:, indicators:, roles: ...), got {got}",
        "方案应由键值组成（scheme:、indicators:、roles: 等），实际为{got_zh}",
        "start from a shipped scheme (xlperf/schemes/sales.yaml) and edit it",
        "请以自带方案（xlperf/schemes/sales.yaml）为模板修改",
    ),
    Message(
        "SCHEME_DUPLICATE_KEY",
        "key '{key}' appears twice (line {line}, first at line {first_line})",
        "键 '{key}' 重复出现（第{line}行，首次出现在第{first_line}行）",
        "keep one of them: YAML would silently use the last one",
        "请只保留一个：YAML会悄悄使用最后一个值",
        "{n} duplicate keys: {items}",
        "{n}个重复的键：{items}",
    ),
    Message(
        "SCHEME_TOO_DEEP",
        "nested more than {limit} levels deep (line {line})",
        "嵌套超过{limit}层（第{line}行）",
        "a scheme needs only a few levels; check the indentation",
        "方案只需要少数几层嵌套，请检查缩进",
    ),
    Message(
        "SCHEME_TOO_LARGE",
        "anchors and aliases (&name / *name) expand the scheme to more than {limit} values (line {line})",
        "锚点和别名（&名称 / *名称）使方案展开后超过{limit}个值（第{line}行）",
        "write the values out, or use fewer nested aliases",
        "请直接写出各个值，或减少嵌套的别名",
    ),
    Message(
        "SCHEME_NOT_FINITE",
        "'{value}' is not a finite number (line {line})",
        "'{value}' 不是有限的数（第{line}行）",
        "write an ordinary number such as 150, or remove the key",
        "请填写普通数字（如 150），或删除该键",
        "{n} values are not finite numbers: {items}",
        "{n}个值不是有限的数：{items}",
    ),
    Message(
        "SCHEME_YAML_TAG",
        "the YAML tag {tag} is not allowed in a scheme (line {line})",
        "方案中不允许使用YAML标签 {tag}（第{line}行）",
        "remove the tag (the text starting with !)",
        "请删除该标签（以 ! 开头的部分）",
    ),
]
