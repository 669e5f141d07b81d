"""Problems writing files: each OS error said for what it is."""

from xlperf.messages import Message

MESSAGES = [
    Message(
        "FILE_WRITE_PERMISSION",
        "permission denied ({reason})",
        "没有写入权限（{reason}）",
        "close the file in Excel, or choose a folder you can write to",
        "请在Excel中关闭该文件，或换一个可写的文件夹",
    ),
    Message(
        "FILE_WRITE_IS_DIRECTORY",
        "this is a folder, not a file",
        "这是文件夹而不是文件",
        "give a file name, e.g. results.xlsx",
        "请指定文件名，例如 results.xlsx",
    ),
    Message(
        "FILE_WRITE_NO_FOLDER",
        "the folder does not exist or a part of the path is a file ({reason})",
        "文件夹不存在，或路径中的某一级是文件（{reason}）",
        "check the path",
        "请检查路径",
    ),
    Message(
        "FILE_WRITE_DISK_FULL",
        "the disk is full ({reason}); nothing was replaced",
        "磁盘已满（{reason}）；未替换任何文件",
        "free some space (old backups, exports) and run again",
        "请清理磁盘空间（旧备份、导出文件）后重试",
    ),
    Message(
        "FILE_WRITE_NAME_TOO_LONG",
        "the file name is too long",
        "文件名过长",
        "choose a shorter name or folder",
        "请使用更短的文件名或文件夹",
    ),
    Message(
        "FILE_WRITE_READ_ONLY",
        "the file system is read-only",
        "文件系统为只读",
        "write to another folder",
        "请写入其他文件夹",
    ),
    Message(
        "FILE_WRITE_FAILED",
        "cannot write the file ({reason})",
        "无法写入文件（{reason}）",
        "check the folder and free disk space",
        "请检查文件夹和磁盘空间",
    ),
    Message(
        "FILE_NAME_COLLISION",
        "two outputs would have the same file name {name} ({first} and {second})",
        "两个输出文件的文件名相同：{name}（{first} 与 {second}）",
        "make the names differ (ids, departments) and run again",
        "请使名称不同后重试",
    ),
]

MESSAGES += [
    Message(
        "STORE_NO_SCHEME",
        "the workbook holds no scheme (no '{sheet}' sheet with scheme_yaml)",
        "工作簿中没有考核方案（没有含 scheme_yaml 的 '{sheet}' 工作表）",
        "pass --scheme S.yaml, or build the master with xlperf collect",
        "请用 --scheme 指定方案文件，或用 xlperf collect 生成汇总表",
    ),
]
