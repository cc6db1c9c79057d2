"""Originals without location and free-text metadata, for the archive: nothing re-encoded.

- JPEG: a segment-level rewrite. The compressed picture is copied byte for byte; COM, XMP,
  IPTC (Photoshop APP13), MPF and other APPn segments are dropped; EXIF is rebuilt without GPS,
  free-text tags (description, comments, artist, owner, serial numbers), the MakerNote and the
  embedded thumbnail, keeping Orientation so a turned photo still displays upright. JFIF, the
  ICC colour profile and Adobe's APP14 (colour transform) stay: they change how pixels decode.
- PNG: chunk filtering (tEXt, zTXt, iTXt and unknown ancillary chunks dropped; eXIf rebuilt).
- WebP: RIFF chunk filtering (XMP dropped, EXIF rebuilt, VP8X flags kept in step).
- HEIC/HEIF (phones): EXIF and XMP are items inside the file's boxes, so the picture is written
  again without them, losslessly (pillow-heif ``quality=-1`` in RGB 4:4:4): it decodes to exactly the same
  pixels, the one case where the compressed stream is not copied as it was.
- Clips and audio: ffmpeg stream copy of the picture and sound only, without container or
  stream metadata (location, title, description, comment…), chapters, subtitles or data
  tracks (a camera's GPS track is one); the recording date is kept; ``-fflags +bitexact`` so
  the same input gives the same bytes.

``strip_metadata`` reports what it removed, by kind, naming tags but never their values.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image

from generator.fsutil import atomic_path, atomic_write_bytes
from generator.media import ffmpeg
from generator.media.probe import MediaUnreadable, media_kind, probe_media

REASONS: dict[str, str] = {
    "location": "vị trí (GPS) — lộ nơi chụp, nơi quay",
    "text": "văn bản tự do (mô tả, chú thích, tác giả, chủ máy) — có thể chứa ghi chú nội bộ",
    "comment": "chú thích JPEG — có thể chứa ghi chú nội bộ",
    "xmp": "XMP — có thể chứa vị trí, tên người, ghi chú",
    "iptc": "IPTC — chú thích, từ khóa, địa điểm",
    "maker-note": "ghi chú riêng của hãng máy ảnh — có thể chứa số máy, vị trí",
    "thumbnail": "ảnh thu nhỏ nhúng — có thể là ảnh gốc trước khi cắt",
    "other": "siêu dữ liệu khác không cần để hiển thị",
    "trailer": "dữ liệu nối sau ảnh (ảnh phụ, video của ảnh động)",
    "tracks": "luồng phụ (dữ liệu, phụ đề, chương) — có thể chứa đường đi GPS",
}
"""Kind of metadata removed → what it is and why it goes, for staff (Vietnamese)."""

LABELS: dict[str, str] = {
    "location": "vị trí GPS",
    "text": "văn bản tự do",
    "comment": "chú thích JPEG",
    "xmp": "XMP",
    "iptc": "IPTC",
    "maker-note": "ghi chú của hãng máy",
    "thumbnail": "ảnh thu nhỏ nhúng",
    "other": "siêu dữ liệu khác",
    "trailer": "dữ liệu nối sau ảnh",
    "tracks": "luồng phụ",
}
"""Short names of the same kinds, for one-line summaries."""

_TEXT_TAGS = {0x010D, 0x010E, 0x011D, 0x013B, 0x013C, 0x8298, *range(0x9C9B, 0x9CA0)}
_TEXT_EXIF_TAGS = {0x9286, 0xA420, 0xA430, 0xA431, 0xA435}
_JPEG_KEEP = {0xE0: (b"JFIF\0",), 0xE2: (b"ICC_PROFILE\0",), 0xEE: (b"Adobe",)}
_PNG_KEEP = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCv", b"cLLi", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"tIME", b"acTL", b"fcTL",
    b"fdAT",
}  # fmt: skip
_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_AV_TECHNICAL = {
    "major_brand", "minor_version", "compatible_brands", "creation_time", "encoder",
    "handler_name", "vendor_id", "language", "duration", "timecode", "rotate",
}  # fmt: skip
_TIMEOUT_S = 600


@dataclass(frozen=True)
class Removal:
    """One kind of metadata taken out of a file; ``detail`` names tags, never their values."""

    kind: str
    detail: str

    @property
    def reason(self) -> str:
        return REASONS[self.kind]

    @property
    def label(self) -> str:
        return LABELS[self.kind]


@dataclass(frozen=True)
class StrippedCopy:
    """A payload entry: ``source`` goes into the bag through ``strip_metadata``."""

    source: Path


STRIPPABLE_PHOTOS = (".jpg", ".jpeg", ".png", ".webp")
"""Photo formats whose metadata is removed losslessly, at the level of their segments/chunks."""


class StripError(Exception):
    """The file cannot be cleaned safely; ``str(exc)`` is a Vietnamese reason for staff."""


def strip_metadata(source: Path, target: Path) -> list[Removal]:
    """Write ``source`` without location and free-text metadata to ``target`` (atomically)."""
    suffix = source.suffix.lower()
    if suffix in STRIPPABLE_PHOTOS:
        data = source.read_bytes()
        strip = {".png": _strip_png, ".webp": _strip_webp}.get(suffix, _strip_jpeg)
        cleaned, removed = strip(data)
        atomic_write_bytes(target, cleaned)
        return _merged(removed)
    if suffix in (".heic", ".heif"):
        return _merged(_strip_heif(source, target))
    if media_kind(source) in ("clip", "audio"):
        return _merged(_strip_av(source, target))
    raise StripError("không biết cách xóa siêu dữ liệu của loại tệp này; baocao không chép nó.")


def _merged(removed: Iterable[Removal]) -> list[Removal]:
    """One Removal per kind, details joined in a stable order."""
    by_kind: dict[str, list[str]] = {}
    for item in removed:
        details = by_kind.setdefault(item.kind, [])
        for part in item.detail.split(", "):
            if part and part not in details:
                details.append(part)
    return [Removal(kind, ", ".join(by_kind[kind])) for kind in REASONS if kind in by_kind]


def _strip_jpeg(data: bytes) -> tuple[bytes, list[Removal]]:
    if not data.startswith(b"\xff\xd8"):
        raise StripError("không phải tệp JPEG.")
    out, pos = bytearray(b"\xff\xd8"), 2
    removed: list[Removal] = []
    while True:
        if pos >= len(data) or data[pos] != 0xFF:
            raise StripError("tệp JPEG hỏng hoặc bị cắt cụt; không xóa được siêu dữ liệu.")
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1  # fill bytes
        marker = data[pos] if pos < len(data) else 0xD9
        pos += 1
        if marker == 0xD9:  # EOI
            out += b"\xff\xd9"
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            out += bytes((0xFF, marker))
            continue
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > len(data):
            raise StripError("tệp JPEG hỏng hoặc bị cắt cụt; không xóa được siêu dữ liệu.")
        segment = data[pos + 2 : pos + length]
        pos += length
        if marker == 0xDA:  # start of scan: copy the entropy-coded data as it is
            end = _scan_end(data, pos)
            out += b"\xff\xda" + length.to_bytes(2, "big") + segment + data[pos:end]
            pos = end
            continue
        kept = _jpeg_segment(marker, segment, removed)
        if kept is not None:
            if len(kept) + 2 > 0xFFFF:
                raise StripError("phần EXIF quá lớn sau khi làm sạch.")
            out += bytes((0xFF, marker)) + (len(kept) + 2).to_bytes(2, "big") + kept
    if data[pos:].strip(b"\0"):
        removed.append(Removal("trailer", f"{len(data) - pos} byte"))
    return bytes(out), removed


def _scan_end(data: bytes, pos: int) -> int:
    """Index of the marker that ends the entropy-coded data starting at ``pos``."""
    while True:
        found = data.find(b"\xff", pos)
        if found < 0 or found + 1 >= len(data):
            raise StripError("tệp JPEG bị cắt cụt (thiếu phần kết thúc ảnh).")
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos = found + 2  # stuffed byte or restart marker: still picture data
        elif following == 0xFF:
            pos = found + 1
        else:
            return found


def _jpeg_segment(marker: int, segment: bytes, removed: list[Removal]) -> bytes | None:
    """The segment to write (maybe rebuilt), or None to drop it (recorded in ``removed``)."""
    if marker == 0xFE:
        removed.append(Removal("comment", "COM"))
        return None
    if not 0xE0 <= marker <= 0xEF:
        return segment  # tables, frame header, restart interval: needed to decode
    prefixes = _JPEG_KEEP.get(marker)
    if prefixes and segment.startswith(prefixes):
        return segment
    if marker == 0xE1 and segment.startswith(b"Exif\0\0"):
        cleaned = _clean_exif(segment[6:], removed)
        return None if cleaned is None else b"Exif\0\0" + cleaned
    if marker == 0xE1 and segment.startswith(b"http://ns.adobe.com/"):
        removed.append(Removal("xmp", "XMP"))
    elif marker == 0xED:
        removed.append(Removal("iptc", "APP13"))
    elif marker == 0xE0 and segment.startswith(b"JFXX\0"):
        removed.append(Removal("thumbnail", "JFXX"))
    else:
        name = segment.split(b"\0", 1)[0][:20].decode("ascii", "replace")
        removed.append(Removal("other", f"APP{marker - 0xE0} {name}".strip()))
    return None


def _clean_exif(tiff: bytes, removed: list[Removal]) -> bytes | None:
    """EXIF (TIFF bytes, no ``Exif`` header) without GPS, free text, MakerNote, thumbnail;
    None when nothing worth keeping is left."""
    exif = Image.Exif()
    try:
        exif.load(b"Exif\0\0" + tiff)
        sub = dict(exif.get_ifd(ExifTags.IFD.Exif))
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        thumbnail = exif.get_ifd(ExifTags.IFD.IFD1)
    except Exception as exc:  # Pillow raises many kinds on a broken EXIF block
        raise StripError(f"phần EXIF hỏng, không làm sạch được ({exc}).") from exc
    keep = Image.Exif()
    dropped_text = []
    for tag, value in exif.items():
        if tag in (ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo):
            continue
        if tag in _TEXT_TAGS:
            dropped_text.append(_tag_name(tag))
        else:
            keep[tag] = value
    if gps or ExifTags.IFD.GPSInfo in exif:
        removed.append(Removal("location", ", ".join(["GPSInfo", *_gps_names(gps)])))
    if ExifTags.IFD.MakerNote in sub:
        removed.append(Removal("maker-note", "MakerNote"))
    dropped_text += [_tag_name(t) for t in sub if t in _TEXT_EXIF_TAGS]
    if dropped_text:
        removed.append(Removal("text", ", ".join(dropped_text)))
    if thumbnail:
        removed.append(Removal("thumbnail", "IFD1"))
    sub = {
        tag: value
        for tag, value in sub.items()
        if tag not in _TEXT_EXIF_TAGS and tag not in (ExifTags.IFD.MakerNote, ExifTags.IFD.Interop)
    }
    if sub:
        keep[ExifTags.IFD.Exif] = sub
    if not len(keep):
        return None
    try:
        return keep.tobytes()[6:]
    except Exception:  # a value Pillow cannot write back: keep the orientation alone
        minimal = Image.Exif()
        if ExifTags.Base.Orientation in exif:
            minimal[ExifTags.Base.Orientation] = exif[ExifTags.Base.Orientation]
        removed.append(Removal("other", "EXIF"))
        return minimal.tobytes()[6:] if len(minimal) else None


def _tag_name(tag: int) -> str:
    return ExifTags.TAGS.get(tag, f"0x{tag:04X}")


def _gps_names(gps: dict[int, object]) -> list[str]:
    return [ExifTags.GPSTAGS.get(tag, f"0x{tag:04X}") for tag in sorted(gps)]


def _strip_png(data: bytes) -> tuple[bytes, list[Removal]]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise StripError("không phải tệp PNG.")
    out, pos = bytearray(data[:8]), 8
    removed: list[Removal] = []
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise StripError("tệp PNG bị cắt cụt; không xóa được siêu dữ liệu.")
        body = data[pos + 8 : pos + 8 + length]
        if kind in _PNG_KEEP:
            out += data[pos:end]
        elif kind == b"eXIf":
            cleaned = _clean_exif(body, removed)
            if cleaned is not None:
                out += _png_chunk(b"eXIf", cleaned)
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            keyword = body.split(b"\0", 1)[0].decode("latin-1")
            is_xmp = keyword == "XML:com.adobe.xmp"
            removed.append(Removal("xmp" if is_xmp else "text", keyword))
        elif kind[:1].isupper():
            raise StripError(f"PNG có phần bắt buộc lạ «{kind.decode('latin-1')}».")
        else:
            removed.append(Removal("other", kind.decode("latin-1")))
        pos = end
        if kind == b"IEND":
            break
    if data[pos:].strip(b"\0"):
        removed.append(Removal("trailer", f"{len(data) - pos} byte"))
    return bytes(out), removed


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _strip_webp(data: bytes) -> tuple[bytes, list[Removal]]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise StripError("không phải tệp WebP.")
    chunks: list[list[bytes]] = []
    removed: list[Removal] = []
    pos = 12
    end_of_riff = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while pos + 8 <= end_of_riff:
        kind, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        body = data[pos + 8 : pos + 8 + size]
        pos += 8 + size + (size & 1)
        if kind in _WEBP_KEEP:
            chunks.append([kind, body])
        elif kind == b"EXIF":
            exif = body[6:] if body.startswith(b"Exif\0\0") else body
            cleaned = _clean_exif(exif, removed)
            if cleaned is not None:
                chunks.append([kind, cleaned])
        elif kind == b"XMP ":
            removed.append(Removal("xmp", "XMP"))
        else:
            removed.append(Removal("other", kind.decode("latin-1").strip()))
    kinds = {kind for kind, _ in chunks}
    for chunk in chunks:
        if chunk[0] == b"VP8X":  # flags: 0x08 EXIF present, 0x04 XMP present
            flags = (chunk[1][0] & ~0x0C) | (0x08 if b"EXIF" in kinds else 0)
            chunk[1] = bytes((flags,)) + chunk[1][1:]
    body = b"".join(k + len(b).to_bytes(4, "little") + b + b"\0" * (len(b) & 1) for k, b in chunks)
    return b"RIFF" + (len(body) + 4).to_bytes(4, "little") + b"WEBP" + body, removed


def _strip_heif(source: Path, target: Path) -> list[Removal]:
    import pillow_heif

    try:
        heif = pillow_heif.open_heif(source)
    except (OSError, ValueError, RuntimeError) as exc:
        raise StripError(f"không đọc được ảnh HEIC để xóa siêu dữ liệu ({exc}).") from exc
    removed: list[Removal] = []
    for image in (heif, *heif):
        exif = image.info.pop("exif", None)
        if exif:
            with Image.open(source) as opened:
                gps = opened.getexif().get_ifd(0x8825)
            removed.append(Removal("location" if gps else "other", "EXIF"))
        if image.info.pop("xmp", None):
            removed.append(Removal("xmp", "XMP"))
    with atomic_path(target) as tmp:
        # Lossless, in RGB (4:4:4, identity matrix): it decodes to exactly the same pixels.
        heif.save(tmp, quality=-1, chroma=444, matrix_coefficients=0)
    return removed


def _strip_av(source: Path, target: Path) -> list[Removal]:
    try:
        removed = _av_removals(ffmpeg.describe(source))
        created = probe_media(source).created
        args = [*ffmpeg.head(writes=True), "-i", str(source), "-map", "0:v?", "-map", "0:a?"]
        args += ["-c", "copy", "-map_metadata", "-1", "-map_metadata:s", "-1"]
        args += ["-map_chapters", "-1", "-fflags", "+bitexact"]
        if created is not None:
            args += ["-metadata", f"creation_time={_ffmpeg_time(created)}"]
        with atomic_path(target) as tmp:
            ffmpeg.run([*args, str(tmp)], source=source, doing="chép tệp", timeout=_TIMEOUT_S)
    except MediaUnreadable as exc:
        raise StripError(str(exc)) from exc
    return removed


def _ffmpeg_time(moment: dt.datetime) -> str:
    """A time as ffmpeg's creation_time wants it: UTC with a Z, or local without a zone."""
    if moment.tzinfo is not None:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def _av_removals(banner: str) -> list[Removal]:
    """What ffmpeg's description of the input shows that the copy will not carry."""
    removed = []
    block_indent = None
    for line in banner.splitlines():
        indent = len(line) - len(line.lstrip())
        if line.strip() == "Metadata:":
            block_indent = indent
            continue
        if block_indent is not None and indent > block_indent and ":" in line:
            key = line.split(":", 1)[0].strip()
            if key.lower() not in _AV_TECHNICAL:
                where = re.search(r"location|gps|iso6709|xyz", key, re.IGNORECASE)
                removed.append(Removal("location" if where else "text", key))
            continue
        block_indent = None
        stream = re.search(r"Stream #\d+:\d+.*?: (Data|Subtitle|Attachment)", line)
        if stream:
            removed.append(Removal("tracks", stream[1].lower()))
        elif line.strip().startswith("Chapter #"):
            removed.append(Removal("tracks", "chapter"))
    return removed
