"""Problems of forms issued by another xlperf release (the form's ``layout`` in ``_xlperf``)."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "FORM_LAYOUT_NEWER",
        "the form was issued by a newer xlperf (form layout {layout}; this xlperf reads layouts up to {known})",
        "此表单由更新版本的 xlperf 生成（表单布局 {layout}；当前版本最高只能读取布局 {known}）",
        "update xlperf to the release that issued the form, then collect again",
        "请将 xlperf 升级到生成此表单的版本后重新收集",
        "{n} forms were issued by a newer xlperf: {items}",
        "{n}份表单由更新版本的 xlperf 生成：{items}",
    ),
]
