"""Running ffmpeg, for every stage: one command head, one way to run it, one message for each
way it fails (sigal's ``check_subprocess``).

The media stage (probing, decoding checks, web copies of clips, frames, the archive's clean
copies), the site's contact sheet, the studio's recordings and the video's render all start
ffmpeg here; ``video/render/ffmpeg.py`` adds the video's codec arguments and progress on top.
There is no ffprobe in the product's environment: :func:`describe` gives ``ffmpeg -i``'s
description of a file, which ``probe.py`` parses.

How ffmpeg fails, and what staff read:

- it is missing (the ``imageio-ffmpeg`` wheel, or its binary gone): EnvironmentProblem
  :data:`generator.tools.FFMPEG_MISSING`; it cannot start for another reason: EnvironmentProblem
  «Không chạy được ffmpeg: …».
- the disk fills up (or the quota, or the disk is read-only) while it writes: EnvironmentProblem,
  the sentence of every other write of the product (``fsutil.environment_sentence``).
- it cannot read the media file the call is about (``source``), or takes too long over it:
  MediaUnreadable «không đọc được tệp: NAME (ffmpeg: …)» or «… (quá thời gian)», which the stage
  reports against that file like any other unusable media.
- a job with no one file to blame fails (the video's, made from many inputs the loader has
  already checked): EnvironmentProblem «ffmpeg thất bại khi DOING: …».

Every output is written to a temporary name (``fsutil.atomic_path``) that is removed when
ffmpeg fails or the run is interrupted, and renamed into place only when ffmpeg succeeded: no
half-written file is ever left under a target's name.
"""

from __future__ import annotations

import errno
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from generator.errors import EnvironmentProblem
from generator.fsutil import environment_sentence
from generator.media.errors import MediaUnreadable
from generator.tools import FFMPEG_MISSING, ffmpeg_exe

Level = Literal["quiet", "error", "info"]

DESCRIBE_TIMEOUT_S = 60
DOING = "xử lý tệp"  # what a call does, for the environment's sentences: "Không thể xử lý tệp: …"
# Write errors ffmpeg can only tell in words, on stderr: each is the environment's, not the file's.
_WRITE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
_REASON_LINES = 3
_REASON_CHARS = 300


def head(level: Level = "error", *, writes: bool = False) -> list[str]:
    """ffmpeg and the options every call starts with: no banner, no keyboard, messages from
    ``level`` up on stderr and, when the call ``writes`` a file, ``-y`` (the file is the
    temporary name ``fsutil.atomic_path`` made, which exists already)."""
    overwrite = ["-y"] if writes else []
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", level, *overwrite]


def build() -> str:
    """Which ffmpeg: its binary's file name, which carries the version (imageio-ffmpeg names it
    so, e.g. ``ffmpeg-linux-x86_64-v7.0.2``). Part of the cache key of everything it makes."""
    return Path(ffmpeg_exe()).name


@dataclass(frozen=True)
class Finished:
    """What ffmpeg left when it exited: its exit code, what it wrote to stdout (a ``pipe:1``
    output) and its messages."""

    code: int
    stdout: bytes
    stderr: str


@dataclass(frozen=True)
class Process:
    """A started ffmpeg (:func:`start`): its pipes, and its stderr kept in a temporary file
    until :func:`finish` reads it."""

    popen: subprocess.Popen[bytes]
    messages: IO[bytes]

    @property
    def stdin(self) -> IO[bytes] | None:
        return self.popen.stdin

    @property
    def stdout(self) -> IO[bytes] | None:
        return self.popen.stdout


def run(
    args: Sequence[str],
    *,
    source: Path | None = None,
    doing: str = DOING,
    timeout: float | None = None,
    check: bool = True,
) -> Finished:
    """Run ffmpeg to completion (``args`` start with :func:`head`). ``source``: the media file
    the call reads, blamed when ffmpeg cannot; ``doing``: what the call does, for the
    environment's sentences. Raises as the module says, unless ``check`` is False (the exit
    code is then the caller's to read: ``ffmpeg -i`` alone always fails)."""
    process = start(args, stdout=True)
    try:
        out, _ = process.popen.communicate(timeout=timeout)
    except BaseException as exc:  # a timeout, or the user's Ctrl+C: ffmpeg stops with us
        process.popen.kill()
        process.popen.communicate()
        finish(process, check=False)
        if isinstance(exc, subprocess.TimeoutExpired):
            raise _stopped(source, doing, "quá thời gian") from exc
        raise
    stderr = finish(process, source=source, doing=doing, check=check)
    return Finished(process.popen.returncode, out, stderr)


def describe(path: Path) -> str:
    """ffmpeg's description of a media file: the stderr of ``ffmpeg -i path`` (it exits
    non-zero for want of an output, as expected). Raises MediaUnreadable when it takes too
    long."""
    args = [*head("info"), "-i", str(path)]
    return run(args, source=path, timeout=DESCRIBE_TIMEOUT_S, check=False).stderr


def start(args: Sequence[str], *, stdin: bool = False, stdout: bool = False) -> Process:
    """Start ffmpeg, with pipes to it and from it as asked. Its stderr goes to a temporary file:
    a full stderr pipe would stall ffmpeg while the caller writes frames or reads progress."""
    messages = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by finish()
    try:
        popen = subprocess.Popen(
            list(args),
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE if stdout else subprocess.DEVNULL,
            stderr=messages,
        )
    except OSError as exc:
        messages.close()
        if isinstance(exc, FileNotFoundError):
            raise EnvironmentProblem(FFMPEG_MISSING) from exc
        raise EnvironmentProblem(f"Không chạy được ffmpeg: {exc.strerror or exc}.") from exc
    return Process(popen, messages)


def finish(
    process: Process, *, source: Path | None = None, doing: str = DOING, check: bool = True
) -> str:
    """Wait for ffmpeg to exit; return its messages (stderr). Raises as :func:`run` does."""
    code = process.popen.wait()
    process.messages.seek(0)
    stderr = process.messages.read().decode("utf-8", "replace")
    process.messages.close()
    if check and code != 0:
        for number in _WRITE_ERRORS:
            if os.strerror(number) in stderr:
                error = OSError(number, os.strerror(number))
                raise EnvironmentProblem(environment_sentence(error, doing))
        lines = [line.strip() for line in stderr.strip().splitlines()[-_REASON_LINES:]]
        reason = " ".join(lines)[:_REASON_CHARS] or f"mã thoát {code}"
        raise _stopped(source, doing, reason, said_by_ffmpeg=True)
    return stderr


def _stopped(
    source: Path | None, doing: str, reason: str, *, said_by_ffmpeg: bool = False
) -> Exception:
    """The error for ffmpeg stopping short of its job, for ``reason``."""
    if source is None:
        return EnvironmentProblem(f"ffmpeg thất bại khi {doing}: {reason}")
    why = f"ffmpeg: {reason}" if said_by_ffmpeg else reason
    return MediaUnreadable(f"không đọc được tệp: {source.name} ({why})")
