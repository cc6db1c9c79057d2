"""Atomic file output: write beside the target under a temporary name, then rename into place.

A reader (or a killed process) never sees a half-written file (sigal's check_subprocess idea).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from generator.errors import EnvironmentProblem, InputError, Problem


@contextlib.contextmanager
def atomic_path(target: Path, *, durable: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    On an exception the temporary file is removed and ``target`` is left as it was.
    The temporary name keeps the target's suffix so tools that infer a format from it work.
    ``durable``: the bytes reach the disk before the name does, so a power cut leaves the old
    file or the new one, whole (staff's content; derivatives can be made again).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates 0600 files; outputs are meant to be read by others (a web server).
        os.chmod(tmp, 0o644)
        if durable:
            _sync(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _sync(path: Path) -> None:
    with open(path, "rb+") as stream:
        os.fsync(stream.fileno())


def file_sha256(path: Path) -> str:
    """The SHA-256 (hex) of a file's bytes, read in chunks (clips are large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def atomic_write_bytes(target: Path, data: bytes, *, durable: bool = False) -> None:
    with atomic_path(target, durable=durable) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: Path, text: str, *, durable: bool = False) -> None:
    atomic_write_bytes(target, text.encode("utf-8"), durable=durable)


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; on success it replaces ``target``.

    The old folder is moved aside first and removed only after the new one is in place.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)  # mkdtemp creates 0700 folders
        old = None
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            old.rmdir()
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def link_or_copy(source: Path, target: Path) -> None:
    """Put the file ``source`` at ``target``, atomically: a hard link (no bytes copied), or a
    copy across file systems. A symlink is followed: the target gets the file, never a link,
    so it keeps its content when whatever the link pointed to is replaced later.

    Safe only for files that are replaced by rename and never written in place (all outputs
    here are written through ``atomic_path``).
    """
    real = source.resolve()
    with atomic_path(target) as tmp:
        tmp.unlink()
        try:
            os.link(real, tmp)
        except OSError:
            shutil.copyfile(real, tmp)


# --- what baocao may write over -------------------------------------------------------------

OUTPUT_MARKER = ".baocao-output"
"""The file baocao leaves in every output folder it writes (a site): JSON saying what wrote the
folder and for which audience. A non-empty folder without it is never replaced."""


def write_marker(folder: Path, record: Mapping[str, object]) -> None:
    """Mark ``folder`` as written by baocao (deterministic: no dates, sorted keys)."""
    text = json.dumps(dict(record), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_text(folder / OUTPUT_MARKER, text)


def read_marker(folder: Path) -> dict[str, object] | None:
    """The marker of ``folder``, or None when it has none (or one that is not ours)."""
    try:
        data = json.loads((folder / OUTPUT_MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or not str(data.get("written_by", "")).startswith("baocao"):
        return None
    return data


def check_output_place(out: Path, project_root: Path, option: str) -> None:
    """Refuse an output at or around the staff's own files: the project folder itself, a folder
    holding content/ or media/, or anything inside them (symlinks resolved)."""
    where = out.resolve()
    root = project_root.resolve()
    named = [root / "content", root / "media"]
    sources = [*named, *(s.resolve() for s in named)]
    reason = None
    if where == root:
        reason = "là chính thư mục dự án"
    elif any(where.is_relative_to(s) for s in sources):
        reason = "là hoặc nằm trong content/, media/ (nơi cán bộ để nội dung và ảnh)"
    elif any(s.is_relative_to(where) for s in sources):
        reason = "chứa thư mục content/ hoặc media/ của dự án"
    if reason:
        raise InputError(
            Problem(
                option,
                message=f"«{out}» {reason}; baocao không ghi vào đó để không làm mất dữ liệu. "
                f"Hãy chọn nơi khác cho {option}.",
            )
        )


def check_output_folder(out: Path, project_root: Path, option: str) -> None:
    """``out`` may be (re)written as a whole only when it does not exist, is empty, or carries
    baocao's marker; everything else is refused (exit 1), before anything is written."""
    check_output_place(out, project_root, option)
    if out.is_symlink() and not out.is_dir():
        reason = "là một liên kết không trỏ tới thư mục nào"
    elif out.exists() and not out.is_dir():
        reason = "là một tệp, không phải thư mục"
    elif out.is_dir() and any(out.iterdir()) and read_marker(out) is None:
        reason = (
            f"đã có dữ liệu không do baocao tạo ra (thiếu tệp {OUTPUT_MARKER}); "
            "baocao không thay thế thư mục đó"
        )
    else:
        return
    raise InputError(
        Problem(
            option,
            message=f"«{out}» {reason}. Hãy chọn một thư mục trống hoặc chưa có cho {option}.",
        )
    )


def check_output_files(
    out: Path, files: Iterable[Path], owned: Iterable[str], project_root: Path, option: str
) -> None:
    """``files`` (``out`` and what is written beside it) may be written only where nothing is,
    or over what baocao wrote before (``owned``: names in ``out``'s folder)."""
    check_output_place(out, project_root, option)
    if out.is_dir():
        raise InputError(
            Problem(
                option,
                message=f"«{out}» là một thư mục; hãy ghi đường dẫn tới tệp, "
                f"ví dụ {out / 'video.mp4'}.",
            )
        )
    mine = set(owned)
    foreign = [f for f in files if (f.exists() or f.is_symlink()) and f.name not in mine]
    if foreign:
        raise InputError(
            [
                Problem(
                    str(f),
                    message=f"{option}: tệp này đã có sẵn và không do baocao tạo ra; baocao "
                    f"không ghi đè nó. Hãy chọn tên khác cho {option} hoặc chuyển tệp đi nơi khác.",
                )
                for f in foreign
            ]
        )


# --- environment problems -------------------------------------------------------------------

_WHY = {
    errno.ENOSPC: "ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại",
    errno.EDQUOT: "đã vượt hạn mức dung lượng — hãy giải phóng dung lượng rồi chạy lại",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc — hãy chọn nơi ghi khác",
    errno.EACCES: "không có quyền ghi — hãy chọn nơi ghi khác hoặc xin cấp quyền",
    errno.EPERM: "không có quyền ghi — hãy chọn nơi ghi khác hoặc xin cấp quyền",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục — hãy chọn nơi ghi khác",
    errno.EEXIST: "một phần của đường dẫn là tệp chứ không phải thư mục — hãy chọn nơi ghi khác",
}


def environment_sentence(exc: OSError, doing: str) -> str:
    """One Vietnamese sentence for an OSError met while ``doing`` something."""
    why = _WHY.get(exc.errno or 0) or f"lỗi hệ thống: {exc.strerror or exc}"
    where = f" ({exc.filename})" if exc.filename else ""
    return f"Không thể {doing}{where}: {why}."


@contextlib.contextmanager
def environment_errors(doing: str) -> Iterator[None]:
    """Turn an OSError into an EnvironmentProblem (exit 2, one sentence)."""
    try:
        yield
    except OSError as exc:
        raise EnvironmentProblem(environment_sentence(exc, doing)) from exc
