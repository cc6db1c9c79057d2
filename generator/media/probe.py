"""What a media file is and how it displays: kind, display size, duration, sound, rotation,
and when it was shot.

Photos are read with Pillow without decoding pixels (a header read plus a cheap check that the
file is complete); clips and audio with one ``ffmpeg -i`` call (``ffmpeg.describe``) whose
stderr we parse, because the product ships no ffprobe. This is the one parser of that output in
the generator: the loader, the site, the workflow and the video render engine all read media
through ``probe_media``.
Photos over generator.media.limits.MAX_PHOTO_PIXELS and pictures renamed as clips are refused
here; generator.media.decoding looks deeper into a clip for the loader.

An audio file may carry the words it was recorded for (a narration take, made by
``generator.video.narration.takes``), in a freeform MP4 atom of baocao's own (:data:`WORDS_TAG`)
that :func:`read_words` reads with mutagen; a phone's own comment (``©cmt``) is never taken for
them. The reader lives here, so describing media needs none of the video's code.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import threading
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Literal

import pillow_heif
from mutagen import MutagenError
from mutagen.mp4 import MP4
from PIL import Image, UnidentifiedImageError

from generator.formatting import format_number
from generator.media import ffmpeg, limits
from generator.media.errors import MediaUnreadable as MediaUnreadable  # named from here too

pillow_heif.register_heif_opener()  # phone photos (HEIC/HEIF) open like any other photo

MediaKind = Literal["photo", "clip", "audio"]

_KIND_BY_SUFFIX: dict[str, MediaKind] = {
    ".jpg": "photo",
    ".jpeg": "photo",
    ".png": "photo",
    ".webp": "photo",
    ".heic": "photo",
    ".heif": "photo",
    ".mp4": "clip",
    ".mov": "clip",
    ".m4v": "clip",
    ".mp3": "audio",
    ".m4a": "audio",
    ".wav": "audio",
}

WORDS_TAG = "----:vn.baocao:loi-dan"
"""The MP4 freeform atom (mean ``vn.baocao``, name ``loi-dan``) holding, UTF-8, the words a take
was recorded for. Our own name: no recorder or phone writes it."""

# EXIF orientations 5-8 turn the picture a quarter: the displayed width is the stored height.
_QUARTER_TURN_ORIENTATIONS = {5, 6, 7, 8}
_EXIF_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_EXIF_GPS_IFD = 0x8825
_GPS_LATITUDE, _GPS_LONGITUDE = 0x0002, 0x0004

# Pillow's decompression-bomb guard uses the project's limit: it warns above it and raises
# above twice it; _probe_photo turns both into the same message for staff.
Image.MAX_IMAGE_PIXELS = limits.MAX_PHOTO_PIXELS


@dataclass(frozen=True)
class MediaInfo:
    kind: MediaKind
    width: int  # display width: after EXIF orientation / rotation tag; 0 for audio
    height: int
    duration: float  # seconds; 0.0 for photos
    has_audio: bool  # clips/audio; False for photos
    rotation: int  # clips: clockwise display rotation (0/90/180/270); photos: 0
    created: dt.datetime | None = None
    """When the file was shot, as the file says, or None. Photos: EXIF DateTimeOriginal, the
    camera's local clock (naive, or aware when the camera wrote OffsetTimeOriginal). Clips and
    audio: the container's ``creation_time`` (aware; phones write UTC). Not checked for
    plausibility: a camera never set says 1970 or 2000."""
    gps: bool = False
    """The file records where it was shot: EXIF GPS coordinates (photos), a ``location`` or
    ``com.apple.quicktime.location.ISO6709`` tag (clips)."""
    words: str | None = None
    """Audio: the words the file was recorded for (:data:`WORDS_TAG`, NFC), or None when it
    does not say (a hand-copied file, a phone's recording, not an MP4/M4A)."""

    @property
    def aspect(self) -> float:
        """Display width over height; 0.0 for audio (no picture)."""
        return self.width / self.height if self.height else 0.0


def suffixes_of(kind: MediaKind) -> tuple[str, ...]:
    """The file endings that announce ``kind`` (``.jpg``, ``.heic``…), in the order declared."""
    return tuple(suffix for suffix, known in _KIND_BY_SUFFIX.items() if known == kind)


def media_kind(path: PurePath) -> MediaKind | None:
    """The kind of media a file name announces, by extension in any case; None if not media."""
    return _KIND_BY_SUFFIX.get(path.suffix.lower())


def probe_media(path: Path) -> MediaInfo:
    """Describe ``path``; raise MediaUnreadable if it is missing, truncated or not media."""
    kind = media_kind(path)
    if kind is None:
        raise MediaUnreadable(f"không phải tệp ảnh, video hay âm thanh: {path.name}")
    if not path.is_file():
        raise MediaUnreadable(f"không tìm thấy tệp: {path.name}")
    if path.stat().st_size == 0:
        raise MediaUnreadable(f"tệp rỗng: {path.name}")
    if kind == "photo":
        return _probe_photo(path)
    return _probe_av(path, kind)


# --- photos -------------------------------------------------------------------------------


def _probe_photo(path: Path) -> MediaInfo:
    try:
        with _open_image(path) as img:
            width, height = img.size
            _check_pixels(path, width, height)
            exif = img.getexif()
            orientation = exif.get(_EXIF_ORIENTATION, 1)
            created = _exif_created(exif)
            gps = _exif_gps(exif)
            if not _looks_complete(path, img):
                # Not sure: decoding tells truncation from a camera trailer. A JPEG decodes at
                # 1/8 scale (still reading every byte), ten times faster than full size.
                img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                img.load()
    except UnidentifiedImageError as exc:
        raise MediaUnreadable(f"không đọc được tệp ảnh: {path.name} (định dạng lạ)") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaUnreadable(
            f"không đọc được tệp ảnh: {path.name} (tệp hỏng hoặc không đầy đủ)"
        ) from exc
    if orientation in _QUARTER_TURN_ORIENTATIONS:
        width, height = height, width
    return MediaInfo(
        "photo", width, height, 0.0, has_audio=False, rotation=0, created=created, gps=gps
    )


# The warnings filter is process-wide: photos are probed from several threads at once.
_WARNINGS_LOCK = threading.Lock()


def _open_image(path: Path) -> Image.Image:
    """``Image.open`` with Pillow's bomb warning (and error) raised as the pixel limit."""
    with _WARNINGS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(path)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            size = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = int(size.group(1)) if size else limits.MAX_PHOTO_PIXELS + 1
            raise MediaUnreadable(_pixels_message(path, pixels)) from exc


def _check_pixels(path: Path, width: int, height: int) -> None:
    if width * height > limits.MAX_PHOTO_PIXELS:
        raise MediaUnreadable(_pixels_message(path, width * height))


def _pixels_message(path: Path, pixels: int) -> str:
    megapixels = format_number(pixels / 1_000_000, 1)
    return limits.PHOTO_TOO_LARGE.format(name=path.name, megapixels=megapixels)


def _exif_gps(exif: Image.Exif) -> bool:
    """True when the EXIF GPS block holds a latitude or a longitude."""
    try:
        gps = exif.get_ifd(_EXIF_GPS_IFD)
    except (OSError, ValueError, SyntaxError, struct.error):
        return False  # a damaged EXIF block holds no readable position
    return _GPS_LATITUDE in gps or _GPS_LONGITUDE in gps


def _exif_created(exif: Image.Exif) -> dt.datetime | None:
    """EXIF DateTimeOriginal ("2021:03:14 09:15:00"), with its offset when the camera wrote one."""
    try:
        sub = exif.get_ifd(_EXIF_IFD)
    except (OSError, ValueError, SyntaxError, struct.error):
        return None  # a damaged EXIF block: the picture itself may be fine
    stamp = _exif_text(sub.get(_DATETIME_ORIGINAL))
    if stamp is None:
        return None
    try:
        moment = dt.datetime.strptime(stamp[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None  # blank, "0000:00:00 00:00:00" or garbage
    offset = _exif_text(sub.get(_OFFSET_TIME_ORIGINAL))  # "+07:00"
    try:
        zone = None if offset is None else dt.datetime.strptime(offset, "%z").tzinfo
    except ValueError:
        zone = None  # unreadable: keep the camera's clock time
    return moment.replace(tzinfo=zone)


def _exif_text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="ignore")
    if not isinstance(value, str):
        return None
    return value.strip().rstrip("\x00").strip() or None


def _looks_complete(path: Path, img: Image.Image) -> bool:
    """True when the file visibly ends where its format says it should (no pixel decoding).

    False means "not sure" (e.g. a camera trailer after the JPEG end marker), not "broken".
    """
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 16))
        tail = f.read()
    fmt = img.format
    if fmt in ("JPEG", "MPO"):
        return tail.rstrip(b"\x00").endswith(b"\xff\xd9")
    if fmt == "PNG":
        return tail.endswith(b"IEND\xaeB`\x82")
    if fmt == "WEBP":
        with path.open("rb") as f:
            header = f.read(12)
        riff_size = int.from_bytes(header[4:8], "little")
        return path.stat().st_size >= riff_size + 8
    return False


# --- clips and audio ----------------------------------------------------------------------

_DURATION = re.compile(r"^\s*Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)", re.MULTILINE)
_STREAM = re.compile(r"^\s*Stream #\d+:\d+\S*: (Video|Audio): (.*)$", re.MULTILINE)
_SIZE = re.compile(r"(?<!\w)(\d{1,5})x(\d{1,5})(?!\w)")
_SAR = re.compile(r"\[SAR (\d+):(\d+) DAR")
_MATRIX = re.compile(r"display ?matrix: rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)
_ROTATE_TAG = re.compile(r"^\s*rotate\s*:\s*(-?\d+)\s*$", re.MULTILINE)
_CREATION_TIME = re.compile(r"^\s*creation_time\s*:\s*(\S+)", re.MULTILINE)
_INPUT_FORMAT = re.compile(r"^Input #0, (.+?), from ", re.MULTILINE)
_LOCATION_TAG = re.compile(
    r"^\s*(?:location(?:-\w+)?|com\.apple\.quicktime\.location\.ISO6709)\s*:\s*\S",
    re.MULTILINE | re.IGNORECASE,
)
# ffmpeg's demuxers for single pictures: a photo renamed .mp4 is read by one of these.
_PICTURE_FORMATS = re.compile(r"^(?:image2|\w+_pipe)$")


def _probe_av(path: Path, kind: MediaKind) -> MediaInfo:
    text = ffmpeg.describe(path)
    if "Input #0" not in text:
        label = "video" if kind == "clip" else "âm thanh"
        raise MediaUnreadable(f"không đọc được tệp {label}: {path.name} ({_av_reason(text)})")
    streams = _STREAM.findall(text)
    has_audio = any(t == "Audio" for t, _ in streams)
    # Cover art in an MP3/M4A shows up as a Video stream marked "(attached pic)".
    video = [desc for t, desc in streams if t == "Video" and "attached pic" not in desc]
    duration = _duration(text)
    if kind == "audio":
        if not has_audio:
            raise MediaUnreadable(f"không đọc được tệp âm thanh: {path.name} (không có tiếng)")
        created, words = _created(text), read_words(path)
        return MediaInfo(
            "audio", 0, 0, duration, has_audio=True, rotation=0, created=created, words=words
        )
    if not video:
        raise MediaUnreadable(f"không đọc được tệp video: {path.name} (không có hình)")
    if _is_picture(text):
        raise MediaUnreadable(
            f"tệp {path.name} là ảnh, không phải video; hãy đổi đuôi tệp cho đúng (ví dụ .jpg)"
        )
    width, height = _display_size(video[0])
    rotation = _rotation(text)
    if rotation in (90, 270):
        width, height = height, width
    return MediaInfo(
        "clip",
        width,
        height,
        duration,
        has_audio=has_audio,
        rotation=rotation,
        created=_created(text),
        gps=_LOCATION_TAG.search(text) is not None,
    )


def _is_picture(text: str) -> bool:
    match = _INPUT_FORMAT.search(text)
    return match is not None and _PICTURE_FORMATS.match(match.group(1)) is not None


def _av_reason(text: str) -> str:
    if "misdetection possible" in text:
        return "tệp hỏng hoặc định dạng lạ"
    if "moov atom not found" in text:
        return "tệp không đầy đủ, có thể bị cắt khi sao chép"
    if "Invalid data" in text:
        return "tệp hỏng hoặc định dạng lạ"
    return "tệp hỏng"


def _duration(text: str) -> float:
    match = _DURATION.search(text)
    if match is None:
        return 0.0
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _display_size(desc: str) -> tuple[int, int]:
    """Stored size, widened by a non-square pixel aspect ratio (e.g. DV's SAR 16:15)."""
    size = _SIZE.search(desc)
    if size is None:
        raise MediaUnreadable("không đọc được kích thước khung hình video")
    width, height = int(size.group(1)), int(size.group(2))
    sar = _SAR.search(desc)
    if sar is not None:
        num, den = int(sar.group(1)), int(sar.group(2))
        if num and den and num != den:
            width = round(width * num / den)
    return width, height


def _rotation(text: str) -> int:
    """Clockwise display rotation, the convention of phones' legacy ``rotate`` tag.

    ffmpeg reports the display matrix as a counter-clockwise angle, hence the sign flip.
    """
    matrix = _MATRIX.search(text)
    if matrix is not None:
        return round(-float(matrix.group(1)) / 90) * 90 % 360
    tag = _ROTATE_TAG.search(text)
    if tag is not None:
        return round(int(tag.group(1)) / 90) * 90 % 360
    return 0


def _created(text: str) -> dt.datetime | None:
    """The first ``creation_time`` (the container's, listed before the streams')."""
    match = _CREATION_TIME.search(text)
    return None if match is None else parse_creation_time(match.group(1))


def parse_creation_time(text: str) -> dt.datetime | None:
    """``2021-05-31T18:30:00.000000Z`` → that moment, aware; a time without a zone is UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def read_words(path: Path) -> str | None:
    """The words ``path`` was recorded for (:data:`WORDS_TAG`), NFC; None when the file holds no
    such tag, is not an MP4/M4A, or cannot be read."""
    try:
        file: Any = MP4(path)  # type: ignore[no-untyped-call]  # mutagen's files are not annotated
    except (MutagenError, OSError, ValueError):
        return None
    values = file.tags.get(WORDS_TAG) if file.tags is not None else None
    if not values:
        return None
    try:
        text = bytes(values[0]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return unicodedata.normalize("NFC", text)
