"""Problems running LibreOffice (recalculation, PDF rendering) and pdftoppm."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "LO_NOT_INSTALLED",
        "LibreOffice is not installed (soffice was not found)",
        "未安装LibreOffice（找不到 soffice）",
        "install it (Debian: apt-get install libreoffice-calc-nogui)",
        "请安装 LibreOffice（Debian：apt-get install libreoffice-calc-nogui）",
    ),
    Message("LO_INPUT_NOT_FOUND", "file not found", "找不到文件", "check the path", "请检查路径"),
    Message(
        "LO_SAME_NAMES",
        "files with the same name in one conversion: {names}",
        "同一批转换中文件名重复：{names}",
        "convert them separately or rename them",
        "请分批转换或重命名",
    ),
    Message(
        "LO_OUTDIR",
        "cannot write to the output folder ({reason})",
        "无法写入输出文件夹（{reason}）",
        "choose a folder you can write to",
        "请选择可写的文件夹",
    ),
    Message(
        "LO_TIMEOUT",
        "LibreOffice did not finish converting {n} file(s) within {seconds} s",
        "LibreOffice 未能在 {seconds} 秒内完成 {n} 个文件的转换",
        "close other LibreOffice windows, or convert fewer files at once",
        "请关闭其他LibreOffice窗口或减少一次转换的文件数",
    ),
    Message(
        "LO_CONVERT_FAILED",
        "LibreOffice could not convert {files} ({reason})",
        "LibreOffice 无法转换 {files}",
        "open the file in LibreOffice to see whether it is damaged",
        "请在LibreOffice中打开该文件检查是否损坏",
    ),
    Message(
        "LO_OWN_FOLDER",
        "{name} would overwrite itself",
        "{name} 会覆盖自身",
        "choose another output folder",
        "请选择其他输出文件夹",
    ),
    Message(
        "LO_NO_PDFTOPPM",
        "pdftoppm is not installed",
        "未安装 pdftoppm",
        "install poppler-utils",
        "请安装 poppler-utils",
    ),
    Message(
        "LO_RENDER_TIMEOUT",
        "rendering took longer than {seconds} s",
        "渲染超过 {seconds} 秒",
        "render fewer pages",
        "请减少渲染页数",
    ),
    Message(
        "LO_RENDER_FAILED",
        "cannot render the PDF to PNG ({reason})",
        "无法将PDF渲染为PNG",
        "check that the PDF opens",
        "请检查PDF能否打开",
    ),
]
