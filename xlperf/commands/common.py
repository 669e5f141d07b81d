"""What every command shares: the common options, the language, and how problems reach the user.

Every command takes ``--lang zh|en`` (default ``$XLPERF_LANG``, else Chinese),
``--max-problems N`` (console lines, default 30), ``--problems FILE`` (every
problem to a .csv or .json), ``--verbose`` and ``--quiet``. Problems are
shown grouped (repeats of one code folded into one line), in one language.

Example:
    >>> default_lang({}), default_lang({"XLPERF_LANG": "en"}), default_lang({"XLPERF_LANG": "fr"})
    ('zh', 'en', 'zh')
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Mapping

from xlperf.errors import Problem, XlperfError
from xlperf.messages import say, summary_lines


def default_lang(env: Mapping[str, str] | None = None) -> str:
    """The language of a run: ``$XLPERF_LANG`` when it is zh or en, else Chinese."""
    value = (os.environ if env is None else env).get("XLPERF_LANG", "").strip().lower()
    return value if value in ("zh", "en") else "zh"


def common_options(top: bool = False) -> argparse.ArgumentParser:
    """The options every command takes (a parent parser; on subcommands they do not reset the top)."""
    keep = {} if top else {"default": argparse.SUPPRESS}
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of messages and sheets (default $XLPERF_LANG, else zh)",
        **({"default": default_lang()} if top else keep),
    )
    p.add_argument(
        "--max-problems",
        type=int,
        metavar="N",
        help="show at most N problem lines (default 30; 0: all)",
        **({"default": 30} if top else keep),
    )
    p.add_argument(
        "--problems",
        metavar="FILE",
        help="write every problem to FILE (.csv or .json)",
        **({"default": None} if top else keep),
    )
    p.add_argument(
        "--verbose",
        action="store_true",
        help="say more (file encodings, timings, details)",
        **({"default": False} if top else keep),
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help="print only errors (for scripts)",
        **({"default": False} if top else keep),
    )
    return p


def lang_of(args: argparse.Namespace) -> str:
    return "en" if getattr(args, "lang", "zh") == "en" else "zh"


def note(args: argparse.Namespace, text: str) -> None:
    """A progress or summary line on stderr, unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr)


def progress_of(args: argparse.Namespace):
    """The progress a long job shows: a bar on a terminal, one line otherwise, none with --quiet."""
    from xlperf.io.progress import progress_for

    return progress_for(getattr(args, "quiet", False), lang_of(args))


def detail(args: argparse.Namespace, text: str) -> None:
    """A line only with ``--verbose``."""
    if getattr(args, "verbose", False) and not getattr(args, "quiet", False):
        print(text, file=sys.stderr)


def show_problems(
    args: argparse.Namespace, problems: list[Problem], headline: str | None = None, stream=None
) -> None:
    """The grouped problems (on stderr unless ``stream``), and every one of them in ``--problems FILE``."""
    stream = stream or sys.stderr
    lang = lang_of(args)
    if getattr(args, "problems", None):
        from xlperf.io.problems_file import write_problems

        write_problems(problems, args.problems, lang)
    if headline:
        print(headline, file=stream)
    for line in summary_lines(problems, lang, getattr(args, "max_problems", 30)):
        print(f"  - {line}", file=stream)
    if getattr(args, "problems", None):
        print(
            ("完整问题列表：" if lang == "zh" else "full list: ") + str(args.problems), file=stream
        )


def note_warnings(args: argparse.Namespace, warnings: list[Problem]) -> None:
    """Warnings of a run that went through (over budget, a team without employees ...), grouped,
    on stderr unless ``--quiet``."""
    if not warnings or getattr(args, "quiet", False):
        return
    lang = lang_of(args)
    print("警示：" if lang == "zh" else "warnings:", file=sys.stderr)
    for line in summary_lines(warnings, lang, getattr(args, "max_problems", 30)):
        print(f"  - {line}", file=sys.stderr)


def report_error(args: argparse.Namespace, err: XlperfError) -> int:
    lang = lang_of(args)
    try:
        show_problems(args, err.problems, err.headline(lang))
    except XlperfError as second:  # e.g. the --problems file itself cannot be written
        print(err.render(lang), file=sys.stderr)
        print(second.render(lang), file=sys.stderr)
    return err.exit_code


def report_crash(args: argparse.Namespace, exc: BaseException) -> int:
    """An unexpected error: one located line, never a traceback (unless --verbose)."""
    lang = lang_of(args)
    problem = say("INTERNAL_ERROR", kind=type(exc).__name__, detail=str(exc)[:200])
    print(problem.render(lang), file=sys.stderr)
    if getattr(args, "verbose", False):
        traceback.print_exception(exc, file=sys.stderr)
    return 1
