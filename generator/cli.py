"""The ``baocao`` command line: parse arguments, call the pipeline, print, exit.

Exit codes: 0 success; 1 the user's input is wrong (printed as ``path:line:col: message``
lines, all at once); 2 an environment problem, in one sentence. ``sys.exit`` happens only here.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import getpass
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from generator import __version__, pipeline, publish
from generator.archive.verify import verify_bag
from generator.errors import BaocaoError, InputError, Problem, Severity
from generator.formatting import format_seconds
from generator.fsutil import environment_sentence
from generator.model import PeriodKind, Visibility
from generator.office.accounts import ROLE_LABELS, Account, AccountStore, Role
from generator.office.audit import COMMAND_LINE, AuditLog, Kind, describe
from generator.progress import format_plan, progress_bar, staged_progress_bar
from generator.site.serve import serve_site
from generator.video.render.scenes import RenderSettings
from generator.workflow.export import export_results
from generator.workflow.ingest import ingest
from generator.workflow.new_period import new_period, new_period_lines
from generator.workflow.spreadsheet import import_results

_ARGPARSE_VI = [
    (r"the following arguments are required: (.*)", r"thiếu tham số: \1"),
    (r"unrecognized arguments: (.*)", r"tham số không hợp lệ: \1"),
    (
        r"argument LỆNH: invalid choice: (.*?) \(choose from (.*)\)",
        r"không có lệnh \1 (các lệnh: \2)",
    ),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"\1: lựa chọn \2 không hợp lệ (chọn một trong: \3)",
    ),
    (r"argument (\S+): expected one argument", r"\1: cần một giá trị"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: giá trị \3 không hợp lệ"),
    (r"argument (\S+): ", r"\1: "),
]

SIZE_MIN, SIZE_MAX = (160, 90), (3840, 2160)
FPS_MIN, FPS_MAX = 1, 60
SIZE_HELP = (
    f"kích thước video, ví dụ 1920x1080 (số chẵn, từ {SIZE_MIN[0]}x{SIZE_MIN[1]} "
    f"đến {SIZE_MAX[0]}x{SIZE_MAX[1]})"
)
FPS_HELP = f"số khung hình mỗi giây, từ {FPS_MIN} đến {FPS_MAX} (mặc định 30)"


PROJECT_HELP = "thư mục dự án (chứa content/ và media/), mặc định: thư mục hiện tại"
QUIET_HELP = "chỉ in lỗi (dùng trong script)"


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Vietnamese, with exit code 1 for wrong arguments (they are user input)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # ours, below: argparse's own -h would say it in English
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_VI:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: lỗi: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="baocao",
        description="Tạo trang báo cáo nội bộ, video trình chiếu và gói lưu trữ từ nội dung YAML.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"baocao {__version__}",
        help="in phiên bản rồi thoát",
    )
    parser.add_argument("--project", type=Path, default=Path("."), help=PROJECT_HELP)
    parser.add_argument("--quiet", action="store_true", help=QUIET_HELP)
    # The same options after the command name too ("baocao check --project X"); SUPPRESS keeps
    # the value given before the command when they are not repeated after it.
    common = _Parser(add_help=False)
    common._optionals.title = "tùy chọn chung"
    common.add_argument("--project", type=Path, default=argparse.SUPPRESS, help=PROJECT_HELP)
    common.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help=QUIET_HELP)
    commands = parser.add_subparsers(
        dest="command", metavar="LỆNH", title="lệnh", required=True, parser_class=_Parser
    )
    commands.add_parser = functools.partial(commands.add_parser, parents=[common])  # type: ignore[method-assign]
    commands.add_parser("check", help="kiểm tra toàn bộ nội dung, không ghi gì")
    build = commands.add_parser("build", help="dựng trang web nội bộ")
    _add_audience(build, Visibility.INTERNAL)
    build.add_argument("--out", type=Path, help="thư mục trang (mặc định: site/ trong dự án)")
    build.add_argument(
        "--offline",
        action="store_true",
        help="bản mở trực tiếp từ tệp (file://), không cần máy chủ",
    )
    serve = commands.add_parser("serve", help="xem trước trang, tự dựng lại khi nội dung thay đổi")
    _add_audience(serve, Visibility.INTERNAL)
    serve.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ (mặc định 127.0.0.1)")
    archive = commands.add_parser(
        "archive", help="đóng gói lưu trữ một kỳ cho phòng truyền thống (BagIt)"
    )
    archive.add_argument("period", metavar="KỲ", help="mã kỳ báo cáo")
    archive.add_argument(
        "--out", type=Path, required=True, help="thư mục gói lưu trữ (chưa tồn tại)"
    )
    archive.add_argument("--size", type=_size, default=(1920, 1080), help=SIZE_HELP)
    archive.add_argument("--fps", type=_fps, default=30, help=FPS_HELP)
    video = commands.add_parser("video", help="dựng video báo cáo của một kỳ")
    video.add_argument("period", metavar="KỲ", help="mã kỳ báo cáo, ví dụ 2021-h1")
    _add_audience(video, Visibility.INTERNAL)
    video.add_argument("--out", type=Path, help="tệp MP4 (mặc định: dist/<kỳ>.mp4 trong dự án)")
    video.add_argument("--size", type=_size, help=SIZE_HELP)
    video.add_argument("--fps", type=_fps, help=FPS_HELP)
    video.add_argument("--preview", action="store_true", help="bản nháp nhanh, độ phân giải thấp")
    video.add_argument(
        "--plan", action="store_true", help="chỉ in kịch bản và tổng thời lượng, không dựng"
    )
    video.add_argument("--burn-subtitles", action="store_true", help="in phụ đề lên hình")
    new = commands.add_parser("new-period", help="tạo khung cho một kỳ báo cáo mới")
    new.add_argument("period", metavar="KỲ", help="mã kỳ báo cáo mới, ví dụ 2022-h1")
    new.add_argument("--start", type=_date, required=True, help="ngày đầu kỳ (YYYY-MM-DD)")
    new.add_argument("--end", type=_date, required=True, help="ngày cuối kỳ (YYYY-MM-DD)")
    new.add_argument(
        "--kind",
        choices=[k.value for k in PeriodKind],
        default="half-year",
        help="loại kỳ (mặc định: half-year)",
    )
    new.add_argument("--title", help="tiêu đề kỳ báo cáo")
    ingest = commands.add_parser(
        "ingest", help="đưa ảnh, video nhận được vào media/ và danh sách hình ảnh nổi bật"
    )
    ingest.add_argument(
        "inbox", metavar="THƯ_MỤC", type=Path, help="thư mục nhận được (mỗi đơn vị một thư mục con)"
    )
    ingest.add_argument("--period", required=True, help="mã kỳ báo cáo")
    ingest.add_argument("--unit", help="mã đơn vị, khi cả thư mục thuộc một đơn vị")
    imports = commands.add_parser("import-results", help="nhập kết quả từ bảng tính (.xlsx, .csv)")
    imports.add_argument("file", metavar="TỆP", type=Path, help="tệp bảng tính")
    imports.add_argument("--period", required=True, help="mã kỳ báo cáo")
    exports = commands.add_parser("export-results", help="xuất kết quả một kỳ ra bảng tính .xlsx")
    exports.add_argument("period", metavar="KỲ", help="mã kỳ báo cáo")
    exports.add_argument("file", metavar="TỆP", type=Path, help="tệp .xlsx sẽ ghi")
    report = commands.add_parser(
        "report", help="in báo cáo viết của một kỳ (DOCX và PDF, thể thức Nghị định 30/2020)"
    )
    report.add_argument("period", metavar="KỲ", help="mã kỳ báo cáo, ví dụ 2021-h1")
    _add_audience(report, Visibility.INTERNAL)
    report.add_argument(
        "--out", type=Path, help="thư mục ghi báo cáo (mặc định: dist/ trong dự án)"
    )
    verify = commands.add_parser("verify", help="kiểm tra tính toàn vẹn của một gói lưu trữ")
    verify.add_argument("bag", metavar="GÓI", type=Path, help="thư mục gói lưu trữ (BagIt)")
    publish = commands.add_parser("publish", help="xuất bản trang web lên máy chủ nội bộ")
    publish.add_argument("--to", type=Path, required=True, help="thư mục máy chủ web phục vụ")
    publish.add_argument("--site", type=Path, help="trang đã dựng (mặc định: site/ trong dự án)")
    publish.add_argument(
        "--audience",
        type=_audience,
        help="đối tượng xem của trang sẽ xuất bản (bắt buộc ghi rõ để xuất bản restricted)",
    )
    publish.add_argument("--rollback", action="store_true", help="quay lại bản xuất bản trước")
    publish.add_argument("--keep", type=int, default=5, help="số bản xuất bản giữ lại (mặc định 5)")
    studio = commands.add_parser(
        "studio", help="mở trình sửa nội dung trên trình duyệt (127.0.0.1)"
    )
    studio.add_argument("--port", type=int, default=8765, help="cổng (mặc định 8765)")
    studio.add_argument(
        "--listen",
        metavar="ĐỊA-CHỈ:CỔNG",
        help="Studio của văn phòng trên mạng nội bộ (đăng nhập, phân quyền), ví dụ "
        "127.0.0.1:8765 sau nginx; địa chỉ khác 127.0.0.1 chỉ khi đã có tài khoản quản trị",
    )
    studio.add_argument(
        "--root-path",
        default="",
        metavar="/TIỀN-TỐ",
        help="đường dẫn nginx đặt Studio dưới đó, ví dụ /studio",
    )
    studio.add_argument(
        "--server-name",
        action="append",
        default=[],
        metavar="TÊN",
        help="tên máy chủ người dùng gõ trên trình duyệt (như server_name của nginx); lặp lại được",
    )
    _add_users(commands, common)
    audit = commands.add_parser(
        "audit", help="in nhật ký kiểm tra: đăng nhập, thao tác ghi, từ chối, trạng thái duyệt"
    )
    audit.add_argument(
        "--since",
        type=_date,
        metavar="NGÀY",
        help="chỉ in các mục từ ngày này (YYYY-MM-DD, giờ địa phương)",
    )
    return parser


def _add_users(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    users = commands.add_parser("users", help="quản lý tài khoản studio của văn phòng")
    actions = users.add_subparsers(
        dest="users_command", metavar="VIỆC", title="việc", required=True, parser_class=_Parser
    )
    add = actions.add_parser("add", parents=[common], help="tạo tài khoản")
    add.add_argument("name", metavar="TÊN", help="tên đăng nhập, ví dụ nguyen.van.a")
    add.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help="vai trò: "
        + ", ".join(f"{role.value} ({label.lower()})" for role, label in ROLE_LABELS.items()),
    )
    add.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="MÃ_ĐƠN_VỊ",
        help="đơn vị của tài khoản don-vi (mã trong content/units.yml); lặp lại cho nhiều đơn vị",
    )
    add.add_argument(
        "--restricted", action="store_true", help="được xem tài liệu mật (mức restricted)"
    )
    actions.add_parser("list", parents=[common], help="liệt kê các tài khoản")
    disable = actions.add_parser("disable", parents=[common], help="khóa một tài khoản")
    disable.add_argument("name", metavar="TÊN", help="tên tài khoản")
    reset = actions.add_parser("reset", parents=[common], help="đặt lại mật khẩu")
    reset.add_argument("name", metavar="TÊN", help="tên tài khoản")
    for parser in (add, reset):
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="đọc mật khẩu từ dòng đầu của đầu vào chuẩn (bắt buộc)",
        )
        # Caught only to refuse it without echoing the value back (argparse would print it).
        parser.add_argument("--password", help=argparse.SUPPRESS)


def _add_audience(parser: argparse.ArgumentParser, default: Visibility) -> None:
    parser.add_argument(
        "--audience",
        type=_audience,
        default=default,
        help=f"public | internal | restricted (mặc định: {default})",
    )


def _audience(text: str) -> Visibility:
    try:
        return Visibility(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» (chọn public, internal hoặc restricted)"
        ) from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» (viết dạng YYYY-MM-DD, ví dụ 2022-05-31)"
        ) from None


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,6})x(\d{1,6})", text.strip())
    size = (int(match[1]), int(match[2])) if match else (0, 0)
    fits = all(low <= n <= high for n, low, high in zip(size, SIZE_MIN, SIZE_MAX, strict=True))
    if not fits or size[0] % 2 or size[1] % 2:
        raise argparse.ArgumentTypeError(
            f"«{text}» không hợp lệ (viết dạng RỘNGxCAO bằng số chẵn, rộng từ {SIZE_MIN[0]} "
            f"đến {SIZE_MAX[0]}, cao từ {SIZE_MIN[1]} đến {SIZE_MAX[1]}, ví dụ 1920x1080)"
        )
    return size


def _fps(text: str) -> int:
    try:
        fps = int(text)
    except ValueError:
        fps = 0
    if not FPS_MIN <= fps <= FPS_MAX or not text.strip().isdigit():
        raise argparse.ArgumentTypeError(
            f"«{text}» không hợp lệ (số nguyên từ {FPS_MIN} đến {FPS_MAX}, ví dụ 30)"
        )
    return fps


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except BaocaoError as error:
        _print_error(error)
        return error.exit_code
    except BrokenPipeError:
        # The reader of our output went away (`baocao … | head`): the work is done, only the
        # rest of what it printed is unwanted. Point stdout at nothing so exit does not fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a place the pipeline did not name: still one sentence, exit 2
        print(f"Lỗi môi trường: {environment_sentence(error, 'đọc hoặc ghi tệp')}", file=sys.stderr)
        return 2
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


def _video(args: argparse.Namespace) -> int:
    root = args.project
    settings = RenderSettings.preview() if args.preview else RenderSettings()
    overrides: dict[str, object] = {"cache_dir": pipeline.cache_dir(root) / "video"}
    if args.size is not None:
        overrides["size"] = args.size
    if args.fps is not None:
        overrides["fps"] = args.fps
    if args.burn_subtitles:
        overrides["burn_subtitles"] = True
    settings = dataclasses.replace(settings, **overrides)  # type: ignore[arg-type]
    final = pipeline.video_path(root, args.period)
    default = final.with_name(f"{final.stem}-preview.mp4") if args.preview else final
    out = args.out or default
    if not args.plan:
        pipeline.check_video_out(root, out)
    with progress_bar("Đọc lời dẫn", args.quiet) as on_progress:
        plan = pipeline.plan_video(root, args.period, args.audience, settings, on_progress)
    _print_warnings(plan.warnings, args.quiet)
    if args.plan:
        print(format_plan(plan))
        return 0
    with progress_bar("Dựng video", args.quiet) as on_progress:
        report = pipeline.render_period_video(plan, out, settings, on_progress)
    if not args.quiet:
        print(
            f"Đã dựng {out} ({format_seconds(report.duration)}, {len(report.scenes)} cảnh, "
            f"{report.cache_hits} cảnh dùng lại từ bộ nhớ đệm) kèm phụ đề .srt, .vtt và chương."
        )
    return 0


def _build(args: argparse.Namespace) -> int:
    out = args.out or args.project / "site"
    pipeline.check_site_out(args.project, out)  # before any progress is drawn
    with staged_progress_bar(args.quiet) as on_progress:
        report = pipeline.build(
            args.project, args.audience, out, offline=args.offline, on_progress=on_progress
        )
    if not args.quiet:
        for warning in report.warnings:
            print(f"cảnh báo: {warning}", file=sys.stderr)
        print(
            f"Đã dựng trang ({args.audience}) vào {out}: {report.pages} trang, {report.photos} ảnh, "
            f"{report.clips} video, {report.videos} video hội nghị."
        )
    return 0


def _serve(args: argparse.Namespace) -> int:
    root = args.project.resolve()
    with pipeline.allowed_videos(root, args.audience) as videos_dir:
        serve_site(
            root,
            args.audience,
            args.host,
            args.port,
            videos_dir=videos_dir,
            on_ready=lambda url: print(f"Xem trước tại {url} (Ctrl+C để dừng)"),
        )
    return 0


def _studio(args: argparse.Namespace) -> int:
    from generator.studio.server import run_studio  # the web stack loads only for this command

    if (args.root_path or args.server_name) and args.listen is None:
        raise InputError(
            "--root-path và --server-name chỉ dùng cùng --listen (Studio của văn phòng)"
        )
    run_studio(
        args.project,
        args.port,
        lambda url: print(f"Studio mở tại {url} (Ctrl+C để dừng)", flush=True),
        listen=args.listen,
        root_path=args.root_path,
        server_names=tuple(args.server_name),
    )
    return 0


def _users(args: argparse.Namespace) -> int:
    store = AccountStore(args.project)
    if args.users_command == "list":
        _print_lines(_account_table(store.accounts()), args.quiet)
        return 0
    if args.users_command == "disable":
        if (before := store.get(args.name)) is not None and before.disabled:
            _print_lines([f"Tài khoản {before.name} đã bị khóa từ trước."], args.quiet)
            return 0
        account = store.disable(args.name)
        _audit_account(args.project, "khoa", account)
        lines = [f"Đã khóa tài khoản {account.name}; tài khoản này không đăng nhập được nữa."]
    else:
        password = _read_password(args)
        if args.users_command == "add":
            account = store.add(
                args.name,
                Role(args.role),
                password,
                units=args.unit,
                restricted=args.restricted,
            )
            _audit_account(args.project, "them", account)
            lines = [f"Đã tạo tài khoản {account.name} ({_role_text(account)})."]
        else:
            account = store.reset(args.name, password)
            _audit_account(args.project, "dat-lai-mat-khau", account)
            still = " (tài khoản vẫn đang bị khóa)" if account.disabled else ""
            lines = [f"Đã đặt lại mật khẩu cho tài khoản {account.name}{still}."]
    if not store.has_admin():
        lines.append(
            "Lưu ý: chưa có tài khoản quản trị nào đang hoạt động; tạo bằng: "
            "baocao users add TÊN --role quan-tri --password-stdin"
        )
    _print_lines(lines, args.quiet)
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """The password from stdin's first line (or typed unseen at a terminal), never from an
    argument: arguments stay in the shell's history and in the list of processes."""
    if args.password is not None or not args.password_stdin:
        raise InputError(
            Problem(
                "--password-stdin",
                message="baocao không nhận mật khẩu trong tham số dòng lệnh (sẽ lộ trong lịch "
                "sử lệnh); hãy thêm --password-stdin và đưa mật khẩu vào đầu vào chuẩn, ví dụ: "
                f"baocao users {args.users_command} {args.name} … --password-stdin < tệp-mật-khẩu",
            )
        )
    if sys.stdin.isatty():
        password = getpass.getpass("Mật khẩu: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise InputError(
                Problem("--password-stdin", message="hai lần nhập mật khẩu không khớp")
            )
        return password
    try:
        line = sys.stdin.buffer.readline().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            Problem("--password-stdin", message="mật khẩu đưa vào không phải văn bản UTF-8")
        ) from None
    return line.removesuffix("\n").removesuffix("\r")


def _audit_account(root: Path, action: str, account: Account) -> None:
    detail = {"action": action, "name": account.name, "role": account.role.value}
    if account.units:
        detail["units"] = ",".join(account.units)
    detail["restricted"] = "co" if account.restricted else "khong"
    AuditLog(root).append(Kind.ACCOUNT, COMMAND_LINE, **detail)


def _role_text(account: Account) -> str:
    text = f"vai trò {ROLE_LABELS[account.role]} ({account.role.value})"
    if account.units:
        text += f" của {', '.join(account.units)}"
    if account.restricted:
        text += ", được xem tài liệu mật"
    return text


def _account_table(accounts: Sequence[Account]) -> list[str]:
    if not accounts:
        return [
            "Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên bằng: "
            "baocao users add TÊN --role quan-tri --password-stdin"
        ]
    rows = [("Tên", "Vai trò", "Đơn vị", "Xem mật", "Trạng thái")]
    rows += [
        (
            a.name,
            ROLE_LABELS[a.role],
            ", ".join(a.units) or "—",
            "có" if a.restricted else "không",
            "đã khóa" if a.disabled else "hoạt động",
        )
        for a in accounts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def _audit(args: argparse.Namespace) -> int:
    entries = AuditLog(args.project).entries(args.since)
    if not entries:
        since = f"không có mục nào từ ngày {args.since.isoformat()}" if args.since else ""
        _print_lines([f"Nhật ký kiểm tra {since or 'chưa có mục nào'}."], args.quiet)
        return 0
    print("\n".join(describe(entry) for entry in entries))
    return 0


def _archive(args: argparse.Namespace) -> int:
    settings = RenderSettings(
        size=args.size, fps=args.fps, cache_dir=pipeline.cache_dir(args.project) / "video"
    )
    pipeline.check_archive_out(args.project, args.out)  # before any progress is drawn
    _print_warnings(pipeline.not_signed_off(args.project, args.period), args.quiet)
    with progress_bar("Dựng video cho gói lưu trữ", args.quiet) as on_progress:
        bag = pipeline.archive(args.project, args.period, args.out, settings, on_progress)
    if not args.quiet:
        print(f"Đã tạo gói lưu trữ {bag}; kiểm tra lại bằng: baocao verify {bag}")
    return 0


def _report(args: argparse.Namespace) -> int:
    out = args.out or args.project / "dist"
    paths = pipeline.written_report(args.project, args.period, args.audience, out)
    _print_lines(
        [f"Đã in báo cáo ({args.audience}): {', '.join(str(p) for p in paths)}."], args.quiet
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    problems = verify_bag(args.bag)
    if any(p.severity is Severity.ERROR for p in problems):
        raise InputError(problems)
    _print_warnings(problems, args.quiet)
    if not args.quiet:
        print(f"Gói lưu trữ {args.bag} nguyên vẹn: đủ tệp, mã kiểm tra khớp.")
    return 0


def _publish(args: argparse.Namespace) -> int:
    pipeline.check_publish_to(args.project, args.to)
    if args.rollback:
        publication = publish.rollback(args.to)
    else:
        _print_warnings(pipeline.not_signed_off(args.project), args.quiet)
        site = args.site or pipeline.fresh_site(args.project, args.audience)
        publication = publish.publish(site, args.to, keep=args.keep, audience=args.audience)
    if not args.quiet:
        print(publication.summary())
    return 0


def _new_period(args: argparse.Namespace) -> int:
    files = new_period(args.project, args.period, args.start, args.end, args.kind, args.title)
    _print_lines(new_period_lines(args.project, files), args.quiet)
    return 0


def _ingest(args: argparse.Namespace) -> int:
    with progress_bar("Đưa tệp vào media/", args.quiet) as on_progress:
        report = ingest(args.project, args.inbox, args.period, args.unit, on_progress)
    _print_warnings(report.warnings, args.quiet)
    _print_lines(report.lines(), args.quiet)
    return 0


def _import_results(args: argparse.Namespace) -> int:
    with progress_bar("Nhập kết quả", args.quiet) as on_progress:
        report = import_results(args.project, args.file, args.period, on_progress)
    _print_warnings(report.warnings, args.quiet)
    _print_lines(report.lines(), args.quiet)
    return 0


def _export_results(args: argparse.Namespace) -> int:
    out = export_results(args.project, args.period, args.file)
    _print_lines([f"Đã xuất kết quả kỳ {args.period} ra {out}."], args.quiet)
    return 0


def _print_lines(lines: Sequence[str], quiet: bool) -> None:
    if not quiet:
        for line in lines:
            print(line)


_COMMANDS = {
    "new-period": _new_period,
    "ingest": _ingest,
    "import-results": _import_results,
    "export-results": _export_results,
    "check": _check,
    "video": _video,
    "verify": _verify,
    "report": _report,
    "build": _build,
    "serve": _serve,
    "archive": _archive,
    "publish": _publish,
    "studio": _studio,
    "users": _users,
    "audit": _audit,
}
