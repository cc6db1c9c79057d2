"""Find planted marker strings and marker colours in every byte of a folder of outputs.

A marker is looked for in each file's raw bytes, in its path, inside ``.gz`` and zip files and
base64 ``data:`` URIs (the offline site inlines subtitles so), in image metadata read by Pillow
(EXIF, PNG text, XMP, comments) and in the ``ffmpeg -i`` dump of audio and video files
(container metadata, chapters). Each text is looked for in the forms an output may hold it in:
UTF-8 in NFC and NFD, lower case, JSON ``\\u`` escapes, HTML numeric entities, percent-encoding
and the ASCII slug folding (``Ộ`` → ``o``).

A marker colour is looked for in the pixels of every image and in frames of every video: a
photo filled with that colour shows up wherever its pixels travel, whatever the file is called.
"""

from __future__ import annotations

import base64
import gzip
import html
import io
import json
import re
import subprocess
import unicodedata
import urllib.parse
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from generator.tools import ffmpeg_exe

AV_SUFFIXES = {".mp4", ".m4v", ".mov", ".m4a", ".mp3", ".wav", ".webm", ".aac"}
COLOUR_TOLERANCE = 40  # per channel: JPEG, WebP and yuv420p keep a flat colour this close
COLOUR_SHARE = 0.25  # of an image or a video frame, at least, to count as that photo's pixels
_SAMPLE = (32, 18)
_DATA_URI = re.compile(rb"data:[\w/+.-]+(?:;[\w=-]+)*;base64,([A-Za-z0-9+/]+=*)")


@dataclass(frozen=True)
class Haystack:
    where: str  # "path/in/output" or "path/in/output [exif]" …
    data: bytes  # lower-cased (ASCII letters only; needles are lower-cased the same way)


def _fold(text: str) -> str:
    """The ASCII form slug makers produce: marks dropped, đ → d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def needles(text: str) -> frozenset[bytes]:
    """Every byte form ``text`` may take in an output, lower-cased."""
    forms: set[str] = set()
    for base in (text, text.lower(), text.upper()):
        forms.add(unicodedata.normalize("NFC", base))
        forms.add(unicodedata.normalize("NFD", base))
    found: set[bytes] = set()
    for form in forms:
        found.add(form.encode("utf-8"))
        found.add(json.dumps(form)[1:-1].encode("ascii"))
        found.add(urllib.parse.quote(form).encode("ascii"))
        found.add("".join(c if c.isascii() else f"&#{ord(c)};" for c in form).encode("ascii"))
        found.add("".join(c if c.isascii() else f"&#x{ord(c):x};" for c in form).encode("ascii"))
    found.add(_fold(text).encode("ascii"))
    return frozenset(n.lower() for n in found)


def files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every file under ``root`` (following links, as a web server or a copy would)."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield path.relative_to(root).as_posix(), path


def blobs(where: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """``data`` and whatever it wraps: gzip, zip members, base64 ``data:`` URIs."""
    yield where, data
    if data[:2] == b"\x1f\x8b":
        yield from blobs(f"{where} [gunzip]", gzip.decompress(data))
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield f"{where} [{name}] (name)", name.encode("utf-8")
                yield from blobs(f"{where} [{name}]", archive.read(name))
    for number, match in enumerate(_DATA_URI.finditer(data), start=1):
        payload = base64.b64decode(match[1] + b"=" * (-len(match[1]) % 4))
        yield from blobs(f"{where} [data: URI {number}]", payload)


def haystacks(root: Path) -> Iterator[Haystack]:
    """Every text-bearing view of every file under ``root`` (and the file names)."""
    for rel, path in files(root):
        yield Haystack(f"{rel} (name)", rel.encode("utf-8").lower())
        for where, data in blobs(rel, path.read_bytes()):
            yield Haystack(where, data.lower())
            if b"&" in data:
                text = html.unescape(data.decode("utf-8", errors="replace"))
                yield Haystack(f"{where} [unescaped]", text.encode("utf-8").lower())
            metadata = image_metadata(data)
            if metadata:
                yield Haystack(f"{where} [image metadata]", metadata.lower())
        if path.suffix.lower() in AV_SUFFIXES:
            yield Haystack(f"{rel} [ffmpeg -i]", _ffmpeg_dump(path).lower())


def image_metadata(data: bytes) -> bytes:
    """EXIF (IFD0 and the Exif IFD), PNG text chunks, XMP and comments, as one byte string."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            values: list[object] = [*exif.values(), *exif.get_ifd(0x8769).values()]
            values += list(image.info.values())
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return b""
    return b"\n".join(v if isinstance(v, bytes) else str(v).encode("utf-8") for v in values)


def _ffmpeg_dump(path: Path) -> bytes:
    result = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, check=False
    )
    return result.stderr


def find_markers(root: Path, markers: Iterable[str]) -> dict[str, list[str]]:
    """Where under ``root`` each marker appears (an empty list: nowhere)."""
    wanted = {marker: needles(marker) for marker in markers}
    prefix = _common_prefix([form for forms in wanted.values() for form in forms])
    longest = max(len(form) for forms in wanted.values() for form in forms)
    found: dict[str, list[str]] = {marker: [] for marker in wanted}
    for stack in haystacks(root):
        hits: set[str] = set()
        start = stack.data.find(prefix)
        while start != -1:
            window = stack.data[start : start + longest]
            hits.update(m for m, forms in wanted.items() if window.startswith(tuple(forms)))
            start = stack.data.find(prefix, start + 1)
        for marker in hits:
            found[marker].append(stack.where)
    return found


def _common_prefix(forms: list[bytes]) -> bytes:
    """What every needle starts with (all markers begin "MK"): the cheap first filter."""
    first, last = min(forms), max(forms)
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), None)
    prefix = first[: len(first) if size is None else size]
    assert prefix, "markers must share a prefix (e.g. MK) for the scan to stay fast"
    return prefix


def _share(pixels: np.ndarray, colour: tuple[int, int, int]) -> float:
    near = np.all(np.abs(pixels.astype(int) - np.array(colour)) <= COLOUR_TOLERANCE, axis=-1)
    return float(near.mean())


def _image_samples(data: bytes) -> list[np.ndarray]:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return [np.asarray(image.convert("RGB").resize(_SAMPLE))]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return []


def _video_samples(path: Path) -> list[np.ndarray]:
    """One small frame per second of every video stream (none for audio-only files)."""
    width, height = _SAMPLE
    result = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-i",
            str(path),
            "-vf",
            f"fps=1,scale={width}:{height}",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=False,
    )
    frame = width * height * 3
    raw = result.stdout
    return [
        np.frombuffer(raw[i : i + frame], np.uint8).reshape(height, width, 3)
        for i in range(0, len(raw) - frame + 1, frame)
    ]


def find_colours(root: Path, colours: dict[str, tuple[int, int, int]]) -> dict[str, list[str]]:
    """Which images and videos under ``root`` are largely filled with each named colour."""
    found: dict[str, list[str]] = {name: [] for name in colours}
    for rel, path in files(root):
        if path.suffix.lower() in AV_SUFFIXES:
            samples = [(rel, _video_samples(path))]
        else:
            samples = [
                (where, _image_samples(data)) for where, data in blobs(rel, path.read_bytes())
            ]
        for where, pictures in samples:
            for name, colour in colours.items():
                if any(_share(picture, colour) >= COLOUR_SHARE for picture in pictures):
                    found[name].append(where)
    return found
