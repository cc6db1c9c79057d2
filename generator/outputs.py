"""What a rendered video was made from, kept beside it: the proof that it is ours and current.

``baocao video`` leaves ``<name>.baocao.json`` beside ``<name>.mp4``::

    {"written_by": "baocao video", "period": "2021-h1", "audience": "public",
     "digest": "<sha256 of the filtered storyboard>", "files": {"2021-h1.mp4": "<sha256>", …}}

Two questions are answered from it, and from nothing else:

- may a new render write over these files? Only over the ones listed (baocao wrote them);
- may a site embed this video? Only when it was made for an audience the site's may see, its
  storyboard digest equals the digest of the storyboard the current content gives for that
  audience (any narration, caption, item, order or visibility change alters it), and every
  listed file still has the bytes it was written with (subtitles of another render never
  travel with this video).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.errors import InputError, Problem
from generator.fsutil import atomic_write_text, check_output_files, check_output_place, file_sha256
from generator.model import Visibility

if TYPE_CHECKING:  # the render engine imports this module: it needs no storyboard planner
    from generator.video.storyboard.plan import Storyboard

RECORD_SUFFIX = ".baocao.json"
WRITTEN_BY = "baocao video"
_CHUNK = 1 << 20


def record_path(video: Path) -> Path:
    return video.with_name(f"{video.stem}{RECORD_SUFFIX}")


def _legacy_note(video: Path) -> Path:
    """The audience note older versions wrote beside a video (ours, replaced by the record)."""
    return video.with_name(f"{video.stem}.audience")


def sidecar_paths(out: Path) -> dict[str, Path]:
    """The files the render engine writes beside the video ``out``, by kind."""
    return {
        "srt": out.with_suffix(".srt"),
        "vtt": out.with_suffix(".vtt"),
        "chapters": out.with_name(f"{out.stem}.chapters.vtt"),
        "poster": out.with_name(f"{out.stem}.poster.jpg"),
        "report": out.with_name(f"{out.stem}.render.json"),
    }


def video_files(video: Path) -> list[Path]:
    """Every file a render writes at or beside ``video``."""
    return [video, *sidecar_paths(video).values(), record_path(video), _legacy_note(video)]


def storyboard_digest(storyboard: Storyboard, root: Path, audience: Visibility) -> str:
    """A digest of the filtered storyboard: every shot's narration, caption, media, order and
    length, the chapters, the title and the music, and the audience it was filtered for."""
    data = {"audience": str(audience), "storyboard": dataclasses.asdict(storyboard)}
    # Resolved, as the loader resolves the project: `--project .` and an absolute path must
    # give the same digest, or a video rendered one way is "stale" when built the other way.
    where = root.resolve()
    text = json.dumps(data, default=lambda v: _plain(v, where), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: object, root: Path) -> object:
    if isinstance(value, Path):
        # Relative to the project, so moving the project does not make its videos stale.
        return value.relative_to(root).as_posix() if value.is_relative_to(root) else str(value)
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot digest {type(value).__name__}")


@dataclass(frozen=True)
class VideoRecord:
    period: str
    audience: Visibility
    digest: str
    files: dict[str, str]  # file name (beside the video) -> sha256


def read_record(video: Path) -> VideoRecord | None:
    """The record beside ``video``, or None when there is none or it is not one of ours."""
    try:
        data = json.loads(record_path(video).read_text(encoding="utf-8"))
        if data.get("written_by") != WRITTEN_BY or not isinstance(data.get("files"), dict):
            return None
        return VideoRecord(
            period=str(data["period"]),
            audience=Visibility(data["audience"]),
            digest=str(data["digest"]),
            files={str(k): str(v) for k, v in data["files"].items()},
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, AttributeError, TypeError):
        return None


@contextlib.contextmanager
def claimed(video: Path, period_id: str, audience: Visibility) -> Iterator[None]:
    """Around a render: first record that the files at and beside ``video`` are baocao's (a
    render killed halfway leaves files a later render may replace), with nothing to embed yet.
    When the render fails, the previous record comes back, so a video it did not replace stays
    embeddable (its files are checked against their digests anyway)."""
    before = read_record(video)
    owned = dict.fromkeys((p.name for p in [video, *sidecar_paths(video).values()]), "")
    _write(video, period_id, audience, "", owned)
    try:
        yield
    except BaseException:
        if before is not None:
            files = {**owned, **before.files}
            _write(video, before.period, before.audience, before.digest, files)
        raise


def write_record(video: Path, period_id: str, audience: Visibility, digest: str) -> None:
    """Record what the files at and beside ``video`` were just rendered from."""
    files = {p.name: file_sha256(p) for p in [video, *sidecar_paths(video).values()] if p.is_file()}
    _write(video, period_id, audience, digest, files)


def _write(
    video: Path, period_id: str, audience: Visibility, digest: str, files: dict[str, str]
) -> None:
    record = {
        "written_by": WRITTEN_BY,
        "version": __version__,
        "period": period_id,
        "audience": str(audience),
        "digest": digest,
        "files": files,
    }
    atomic_write_text(record_path(video), json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    _legacy_note(video).unlink(missing_ok=True)


def _owned_names(video: Path) -> set[str]:
    """Names beside ``video`` that baocao wrote: listed in its record, or, for a video rendered
    before records existed, in its render report (``.render.json``, which names its video)."""
    record = read_record(video)
    if record is not None:
        return {*record.files, record_path(video).name, _legacy_note(video).name}
    report = sidecar_paths(video)["report"]
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        listed = [data["out"], *data["files"].values()]
        if "engine" not in data or Path(data["out"]).name != video.name:
            return set()
    except (OSError, UnicodeDecodeError, ValueError, KeyError, AttributeError, TypeError):
        return set()
    return {*(Path(str(p)).name for p in listed), report.name, _legacy_note(video).name}


def check_video_out(out: Path, project_root: Path, option: str = "--out") -> None:
    """Refuse (exit 1, before any rendering) a video path that would write into content/ or
    media/, over a folder, or over any file (video or sidecar) baocao did not write."""
    check_output_place(out, project_root, option)
    if out.suffix.lower() != ".mp4" and not out.is_dir():
        raise InputError(
            Problem(
                option,
                message=f"«{out}» không phải tên tệp .mp4; video luôn ghi ra tệp .mp4, "
                f"ví dụ {out.with_suffix('.mp4')}.",
            )
        )
    check_output_files(out, video_files(out), _owned_names(out), project_root, option)


def rerender_command(period_id: str, audience: Visibility) -> str:
    return f"baocao video {period_id} --audience {audience}"


def embeddable(
    video: Path,
    period_id: str,
    site_audience: Visibility,
    current_digest: Callable[[Visibility], str],
    shown: str,
) -> str | None:
    """None when ``video`` may be embedded in a site for ``site_audience``; otherwise the
    warning to print (``shown`` is how the video is named in it)."""
    record = read_record(video)
    if record is None or record.period != period_id:
        return (
            f"video {shown} không có thông tin đã dựng từ nội dung nào và cho ai xem, nên không "
            f"đưa vào trang; hãy dựng lại: {rerender_command(period_id, site_audience)}"
        )
    if not record.audience.visible_to(site_audience):
        return (
            f"video {shown} được dựng cho đối tượng {record.audience}, không đưa vào trang "
            f"{site_audience}; muốn có video trên trang này, hãy dựng: "
            f"{rerender_command(period_id, site_audience)}"
        )
    again = rerender_command(period_id, record.audience)
    if current_digest(record.audience) != record.digest:
        return (
            f"video {shown} đã cũ: nội dung kỳ {period_id} (lời dẫn, chú thích, ảnh, thứ tự hoặc "
            f"mức công khai) đã thay đổi sau khi dựng, nên không đưa vào trang; hãy dựng lại: "
            f"{again}"
        )
    changed = [
        name
        for name, digest in record.files.items()
        if digest  # "": a name only claimed, by a render that did not write it
        and not (video.with_name(name).is_file() and file_sha256(video.with_name(name)) == digest)
    ]
    if not record.files.get(video.name) or changed:
        return (
            f"video {shown}: tệp {', '.join(changed or [video.name])} đã bị thay đổi hoặc mất sau "
            f"khi dựng, nên không đưa vào trang; hãy dựng lại: {again}"
        )
    return None


def embedded_files(video: Path) -> list[Path]:
    """The files of a checked video to snapshot for the site: those its record vouches for."""
    record = read_record(video)
    names = [n for n, digest in record.files.items() if digest] if record is not None else []
    return [video.with_name(name) for name in names]
