"""The tradition-room archive: a deterministic BagIt 1.0 bag built with LoC's ``bagit`` package.

Payload layout the README describes (other top-level folders are listed generically)::

    data/site/      the offline site (open data/site/index.html)
    data/video/     the conference video with its .srt/.vtt subtitles
    data/media/     the original photos, clips and audio, as the units sent them
    data/records/   the period's records: YAML results, highlights, the report text

Determinism: bagit lists files in directory order and names itself as the agent; we sort every
manifest and name baocao, so the same inputs give byte-identical payload manifests. Bagging-Date
is the day the bag is made (RFC 8493 section 2.2.2), written in bag-info.txt and README.txt, which
are tag files: the payload and its manifests never hold it. With ``SOURCE_DATE_EPOCH`` set (as
reproducible builds do) that day is the variable's, in UTC, and the whole bag — tag files, README
and tag manifests included — is byte-identical for the same inputs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

import bagit
import jinja2

import generator
from generator.archive import removals
from generator.errors import EnvironmentProblem, InputError, Problem
from generator.formatting import format_date, format_number
from generator.media.strip import Removal, StripError, StrippedCopy, strip_metadata

CHECKSUMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
README_NAME = "README.txt"


@dataclass(frozen=True)
class BagInfo:
    """What bag-info.txt records: the content's values, and the day the bag was made."""

    organization: str
    """Source-Organization, e.g. "Viện kiểm sát nhân dân tỉnh Phú Yên"."""
    description: str
    """External-Description: one sentence on what the bag holds."""
    bagging_date: date
    """Bagging-Date: the day the bag is made (``bagging_date()``), also the README's
    «Ngày đóng gói»."""
    period_id: str
    period_title: str
    period_start: date
    period_end: date
    identifier: str | None = None
    """External-Identifier, e.g. "vksnd-phu-yen-2021-h1"."""
    extra: Mapping[str, str] = field(default_factory=dict)
    """More bag-info.txt fields (name → value)."""

    def fields(self) -> dict[str, str]:
        values = {
            "Source-Organization": self.organization,
            "External-Description": self.description,
            "Bagging-Date": self.bagging_date.isoformat(),
            "Bag-Software-Agent": f"baocao {generator.__version__}",
            "Period-Identifier": self.period_id,
            "Period-Title": self.period_title,
            "Period-Start-Date": self.period_start.isoformat(),
            "Period-End-Date": self.period_end.isoformat(),
            **({"External-Identifier": self.identifier} if self.identifier else {}),
            **self.extra,
        }
        return {key: unicodedata.normalize("NFC", value) for key, value in values.items()}


def bagging_date(environ: Mapping[str, str] = os.environ) -> date:
    """The day a bag made now is made: today, or, when ``SOURCE_DATE_EPOCH`` is set (seconds
    since 1970-01-01 UTC, as reproducible builds set it), the UTC day of that moment. A value
    that is not such a number stops the archive (exit 2) rather than being ignored."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return date.today()
    try:
        if not value.isascii() or not value.isdigit():
            raise ValueError(value)
        return datetime.fromtimestamp(int(value), UTC).date()
    except (ValueError, OverflowError, OSError):
        raise EnvironmentProblem(
            f"Biến môi trường SOURCE_DATE_EPOCH=«{value}» không phải số giây (số nguyên không "
            "âm) tính từ 01/01/1970; hãy sửa lại hoặc bỏ biến này để gói ghi ngày hôm nay."
        ) from None


Source = Path | bytes | StrippedCopy
"""A payload entry: a file copied as it is, bytes, or an original cleaned of its location and
free-text metadata on the way in (recorded in bag-info.txt and metadata-removed.*)."""


def make_bag(payload: Mapping[str, Source], out: Path, info: BagInfo) -> Path:
    """Write a BagIt 1.0 bag of ``payload`` (POSIX paths inside data/ → source) at ``out``.

    Refuses a non-empty ``out``; builds beside it and renames into place, so ``out`` is either
    absent/empty or a complete bag.
    """
    entries = _normalised(payload)
    _check_sources(entries)
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes 0700; bagit gives data/ the same mode
        removed = _stage(entries, staging)
        fields: dict[str, str | list[str]] = {**info.fields()}
        fields.update(removals.bag_info_fields(removed))
        with quiet_bagit():
            bagit.make_bag(str(staging), bag_info=fields, checksums=list(CHECKSUMS))
            _finish(staging, info, entries, removed)
        _rename_into_place(staging, out)
    except (OSError, bagit.BagError) as exc:
        detail = getattr(exc, "strerror", None) or exc
        raise EnvironmentProblem(f"Không ghi được gói lưu trữ {out}: {detail}.") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def render_readme(**values: object) -> str:
    """The Vietnamese guide for tradition-room staff, from templates/README.txt.j2."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.archive", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # plain text, not HTML
    )
    return env.get_template("README.txt.j2").render(**values)


@contextlib.contextmanager
def quiet_bagit() -> Iterator[None]:
    """Silence bagit's English log lines: staff get our Vietnamese messages instead."""
    logger = logging.getLogger("bagit")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _normalised(payload: Mapping[str, Source]) -> dict[str, Source]:
    """Check the keys are safe relative POSIX paths and normalise them to NFC."""
    entries: dict[str, Source] = {}
    for key, source in payload.items():
        path = PurePosixPath(unicodedata.normalize("NFC", key))
        if path.is_absolute() or not path.parts or {"..", ".", ""} & set(path.parts):
            raise ValueError(f"unsafe payload path: {key!r}")
        if str(path) in entries:
            raise ValueError(f"duplicate payload path after NFC normalisation: {key!r}")
        entries[str(path)] = source
    folders = {str(parent) for key in entries for parent in PurePosixPath(key).parents}
    clashes = sorted(folders & entries.keys())
    if clashes:
        raise ValueError(f"payload paths used both as file and folder: {clashes}")
    return dict(sorted(entries.items()))


def _check_sources(entries: Mapping[str, Source]) -> None:
    files = [s.source if isinstance(s, StrippedCopy) else s for s in entries.values()]
    missing = [
        Problem(str(source), message="không tìm thấy tệp để đưa vào gói lưu trữ.")
        for source in files
        if isinstance(source, Path) and not source.is_file()
    ]
    if missing:
        raise InputError(missing)


def _check_out(out: Path) -> None:
    if not out.exists() and not out.is_symlink():
        return
    if out.is_dir() and not out.is_symlink() and not any(out.iterdir()):
        return
    raise InputError(
        Problem(
            str(out),
            message="đã có dữ liệu; baocao không ghi đè hay xóa thư mục có sẵn. "
            "Hãy chọn một thư mục mới hoặc thư mục trống.",
        )
    )


def _stage(entries: Mapping[str, Source], staging: Path) -> dict[str, list[Removal]]:
    """Put the payload in the staging folder (bagit.make_bag then moves it all into data/);
    returns what was removed from which cleaned original (``data/…`` → removals)."""
    removed: dict[str, list[Removal]] = {}
    problems = []
    for key, source in entries.items():
        dest = staging / key
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, bytes):
            dest.write_bytes(source)
        elif isinstance(source, StrippedCopy):
            try:
                found = strip_metadata(source.source, dest)
            except StripError as exc:
                problems.append(Problem(str(source.source), message=f"{exc} {_NOT_ARCHIVED}"))
                continue
            if found:
                removed[f"data/{key}"] = found
        else:
            shutil.copyfile(source, dest)  # a copy, not a link: the bag must not share inodes
    if problems:
        raise InputError(problems)
    return removed


_NOT_ARCHIVED = (
    "Gói lưu trữ không nhận tệp còn vị trí hay ghi chú chưa xóa được: hãy xuất lại tệp "
    "(ví dụ lưu lại bằng phần mềm xem ảnh) hoặc bỏ nó khỏi phần công khai."
)


def _finish(
    bag_dir: Path, info: BagInfo, entries: Mapping[str, Source], removed: removals.Removals
) -> None:
    """Make bagit's 0.97 output a deterministic 1.0 bag with our README, then re-seal it."""
    for algorithm in CHECKSUMS:
        _encode_manifest(bag_dir / f"manifest-{algorithm}.txt", entries)
    (bag_dir / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8", newline="\n")
    readme = render_readme(**readme_values(info, _sizes(bag_dir / "data", entries), len(removed)))
    if removed:
        (bag_dir / removals.TEXT_NAME).write_bytes(
            ("\ufeff" + removals.staff_text(removed)).encode("utf-8")
        )
        (bag_dir / removals.JSON_NAME).write_text(
            removals.machine_json(removed), encoding="utf-8", newline="\n"
        )
    # BOM and CRLF so Notepad on older Windows shows the Vietnamese text correctly.
    text = "\ufeff" + readme.replace("\r\n", "\n").replace("\n", "\r\n")
    (bag_dir / README_NAME).write_bytes(text.encode("utf-8"))
    bagit.Bag(str(bag_dir)).save(manifests=False)  # rewrites the tag manifests
    for algorithm in CHECKSUMS:
        _sort_manifest(bag_dir / f"tagmanifest-{algorithm}.txt")


def _encode_manifest(manifest: Path, entries: Mapping[str, Source]) -> None:
    """bagit writes 0.97 paths (CR and LF encoded, % left as is); BagIt 1.0 also encodes % as
    %25 (RFC 8493 section 2.1.3). Each line is mapped back to its payload key, then re-encoded
    and sorted."""
    by_bagit_name = {_bagit_name(f"data/{key}"): f"data/{key}" for key in entries}
    lines = []
    for line in manifest.read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        digest, _, name = line.partition("  ")  # bagit writes "DIGEST  NAME"
        lines.append((encode_path(by_bagit_name[name]), digest))
    text = "".join(f"{digest}  {name}\n" for name, digest in sorted(lines))
    manifest.write_text(text, encoding="utf-8", newline="\n")


def encode_path(path: str) -> str:
    """A payload path as a BagIt 1.0 manifest line writes it."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _bagit_name(path: str) -> str:
    return path.replace("\r", "%0D").replace("\n", "%0A")


def _sort_manifest(manifest: Path) -> None:
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines.sort(key=lambda line: line.split(maxsplit=1)[1])
    manifest.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8", newline="\n")


def _sizes(data_dir: Path, entries: Mapping[str, Source]) -> dict[str, tuple[int, int]]:
    """File count and bytes per top-level payload folder (files at the top count under "")."""
    sizes: dict[str, tuple[int, int]] = {}
    for key in entries:
        parts = PurePosixPath(key).parts
        top = parts[0] if len(parts) > 1 else ""
        count, total = sizes.get(top, (0, 0))
        sizes[top] = (count + 1, total + (data_dir / key).stat().st_size)
    return sizes


def readme_values(
    info: BagInfo, sizes: Mapping[str, tuple[int, int]], removed_files: int = 0
) -> dict[str, object]:
    """What README.txt.j2 needs, formatted the Vietnamese way (1.234 tệp, 1,5 MB, 31/05/2021)."""
    sections = [
        {"folder": folder, "files": format_number(count), "size": format_size(total)}
        for folder, (count, total) in sorted(sizes.items())
    ]
    return {
        "organization": info.organization,
        "description": info.description,
        "identifier": info.identifier,
        "period_id": info.period_id,
        "period_title": info.period_title,
        "period_start": format_date(info.period_start),
        "period_end": format_date(info.period_end),
        "bagging_date": format_date(info.bagging_date),
        "sections": sections,
        "folders": {section["folder"] for section in sections},
        "total_files": format_number(sum(count for count, _ in sizes.values())),
        "total_size": format_size(sum(total for _, total in sizes.values())),
        "removed_files": format_number(removed_files) if removed_files else "",
    }


def format_size(size: int) -> str:
    """Bytes in the largest fitting unit, Vietnamese decimal comma: 1536 → "1,5 KB"."""
    if size < 1024:
        return f"{format_number(size)} byte"
    value = size / 1024
    for unit in ("KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.1f}".replace(".", ",") + f" {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _rename_into_place(staging: Path, out: Path) -> None:
    """rename() replaces only an empty folder, so a folder filled meanwhile is never lost."""
    try:
        os.rename(staging, out)
    except OSError as exc:
        if out.exists():
            raise InputError(
                Problem(str(out), message="đã có dữ liệu trong lúc tạo gói; không ghi đè.")
            ) from exc
        raise
