"""Problems writing personal reports (个人绩效看板) as PDF: the tools they need, merging."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "PERSONAL_PDF_NEEDS_LIBREOFFICE",
        "personal reports as PDF need LibreOffice, which is not installed (soffice not found); nothing was written",
        "生成PDF格式的个人绩效看板需要LibreOffice，但未安装（找不到 soffice）；未写入任何文件",
        "install LibreOffice (Debian: apt-get install libreoffice-calc-nogui), or use --personal-format xlsx",
        "请安装 LibreOffice（Debian：apt-get install libreoffice-calc-nogui），或改用 --personal-format xlsx",
    ),
    Message(
        "PERSONAL_PDF_NEEDS_POPPLER",
        "personal reports as PDF need poppler's pdfseparate and pdfunite, which are not installed; nothing was written",
        "生成PDF格式的个人绩效看板需要 poppler 的 pdfseparate 和 pdfunite，但未安装；未写入任何文件",
        "install poppler-utils (Debian: apt-get install poppler-utils), or use --personal-format xlsx",
        "请安装 poppler-utils（Debian：apt-get install poppler-utils），或改用 --personal-format xlsx",
    ),
    Message(
        "PERSONAL_PDF_FAILED",
        "cannot make the PDFs of department {department} ({reason}); nothing was replaced",
        "无法生成部门 {department} 的PDF（{reason}）；未替换任何文件",
        "run again; if it fails again, render one report with `xlperf render` to see why",
        "请重试；如仍失败，可用 `xlperf render` 单独渲染一份看板查看原因",
    ),
    Message(
        "PERSONAL_MERGE_NEEDS_PDF",
        "--personal-merge needs PDFs: use --personal-format pdf or both",
        "--personal-merge 需要PDF：请同时使用 --personal-format pdf 或 both",
        "add --personal-format pdf (or both)",
        "请加上 --personal-format pdf（或 both）",
    ),
]
