"""The ``baocao`` command line: parse arguments, call the pipeline, print, exit.

Exit codes: 0 success; 1 the user's input is wrong (printed as ``path:line:col: message``
lines, all at once); 2 an environment problem, in one sentence. ``sys.exit`` happens only here.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__, pipeline
from generator.errors import BaocaoError, InputError, Problem

_ARGPARSE_VI = [
    (r"the following arguments are required: (.*)", r"thiếu tham số: \1"),
    (r"unrecognized arguments: (.*)", r"tham số không hợp lệ: \1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"\1: lựa chọn \2 không hợp lệ (chọn một trong: \3)",
    ),
    (r"argument (\S+): expected one argument", r"\1: cần một giá trị"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: giá trị \3 không hợp lệ"),
]


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese errors and exit code 1 (wrong arguments are the user's input)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, replacement in _ARGPARSE_VI:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: lỗi: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="baocao",
        description="Tạo trang báo cáo nội bộ, video trình chiếu và gói lưu trữ từ nội dung YAML.",
    )
    parser.add_argument("--version", action="version", version=f"baocao {__version__}")
    parser.add_argument(
        "--project", type=Path, default=Path("."), help="thư mục dự án (chứa content/ và media/)"
    )
    parser.add_argument("--quiet", action="store_true", help="chỉ in lỗi (dùng trong script)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("check", help="kiểm tra toàn bộ nội dung, không ghi gì")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except BaocaoError as error:
        _print_error(error)
        return error.exit_code
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130


def _print_error(error: BaocaoError) -> None:
    if isinstance(error, InputError):
        for problem in error.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in error.problems if p.severity == "error")
        print(f"Có {errors} lỗi cần sửa.", file=sys.stderr)
    else:
        print(f"Lỗi môi trường: {error}", file=sys.stderr)


def _print_warnings(warnings: Sequence[Problem], quiet: bool) -> None:
    if not quiet:
        for warning in warnings:
            print(warning, file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    summary, loaded = pipeline.check(args.project)
    _print_warnings(loaded.warnings, args.quiet)
    if not args.quiet:
        media = f"{summary.photos} ảnh, {summary.clips} video, {summary.audio} tệp âm thanh"
        print(
            f"Nội dung hợp lệ: {summary.periods} kỳ báo cáo, {summary.units} đơn vị, "
            f"{summary.indicators} chỉ tiêu, {media}; {summary.warnings} cảnh báo."
        )
    return 0


_COMMANDS = {"check": _check}
