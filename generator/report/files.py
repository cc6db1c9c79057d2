"""Where the written report lands: ``<out>/<period>.docx`` and ``.pdf``, with a record of what
was written, so a later run replaces only its own files — never a file baocao did not write,
nor a DOCX staff have edited since (they are told to open it in Word and finish it there)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator import __version__
from generator.errors import InputError, Problem
from generator.fsutil import (
    atomic_write_bytes,
    atomic_write_text,
    check_output_files,
    check_output_place,
    file_sha256,
)

OPTION = "--out"


def report_paths(out: Path, period_id: str) -> tuple[Path, Path]:
    return out / f"{period_id}.docx", out / f"{period_id}.pdf"


def _record_path(out: Path, period_id: str) -> Path:
    return out / f"{period_id}.report.baocao.json"


def check_report_out(out: Path, period_id: str, project_root: Path) -> None:
    """Refuse (exit 1, before anything is drawn) a report folder inside content/ or media/, a
    file in its place, or files there that baocao did not write or that were edited since."""
    check_output_place(out, project_root, OPTION)
    if out.exists() and not out.is_dir():
        raise InputError(
            Problem(OPTION, message=f"«{out}» là một tệp; {OPTION} là thư mục ghi báo cáo.")
        )
    record = _record_path(out, period_id)
    recorded = _recorded(record)
    edited = [
        path
        for path in report_paths(out, period_id)
        if path.name in recorded and path.is_file() and file_sha256(path) != recorded[path.name]
    ]
    if edited:
        raise InputError(
            [
                Problem(
                    str(path),
                    message=f"{OPTION}: tệp này đã được sửa sau khi baocao in ra; baocao không "
                    "ghi đè để không mất phần đã sửa. Hãy đổi tên tệp đó hoặc chọn thư mục khác "
                    f"cho {OPTION}.",
                )
                for path in edited
            ]
        )
    docx, pdf = report_paths(out, period_id)
    owned = {*recorded, record.name} if recorded else set()
    check_output_files(docx, [docx, pdf, record], owned, project_root, OPTION)


def write_report_files(out: Path, period_id: str, docx: bytes, pdf: bytes) -> list[Path]:
    """Write both files atomically, then the record of what they hold."""
    paths = report_paths(out, period_id)
    for path, data in zip(paths, (docx, pdf), strict=True):
        atomic_write_bytes(path, data)
    record = {
        "written_by": "baocao report",
        "version": __version__,
        "files": {
            path.name: hashlib.sha256(data).hexdigest()
            for path, data in zip(paths, (docx, pdf), strict=True)
        },
    }
    atomic_write_text(_record_path(out, period_id), json.dumps(record, indent=2) + "\n")
    return list(paths)


def _recorded(record: Path) -> dict[str, str]:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        files = data["files"] if data.get("written_by") == "baocao report" else {}
        return {str(name): str(digest) for name, digest in files.items()}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, AttributeError, TypeError):
        return {}
