"""ffmpeg arguments that turn a clip's in/out cut into one video segment.

Clips stay inside ffmpeg end to end (decode, rotate, frame, caption, encode): piping their
frames through Python would only add two copies per frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError, Problem
from generator.media.probe import MediaInfo, MediaUnreadable, probe_media
from generator.video.render.ffmpeg import SEGMENT_TAGS, base_args, x264_args
from generator.video.render.scenes import ClipShot, RenderSettings

# Darkening RGB by a factor scales luma above black and chroma around grey by the same factor.
_DARKEN = "lutyuv=y='16+(val-16)*0.45':u='128+(val-128)*0.45':v='128+(val-128)*0.45'"

COVER_TOLERANCE = 0.03
"""A clip whose aspect is within 3% of the frame's fills it (cropping a sliver); others are
shown whole over a blurred, darkened copy of themselves."""


@dataclass(frozen=True)
class OverlayFile:
    """A trimmed overlay PNG, where it goes and on which frames (inclusive)."""

    path: Path
    x: int
    y: int
    first: int
    last: int


def probe_clip(path: Path) -> MediaInfo:
    """The clip's display geometry, duration and sound; InputError naming the file if unusable."""
    try:
        info = probe_media(path)
        if info.kind != "clip":
            raise MediaUnreadable(f"không phải tệp video: {path.name}")
    except MediaUnreadable as exc:
        reason = str(exc)
        raise InputError(Problem(path=str(path), message=reason[:1].upper() + reason[1:])) from exc
    return info


def clip_cut(shot: ClipShot, info: MediaInfo) -> tuple[float, float]:
    """The clip's in point and length in seconds, clamped to what the file holds."""
    start = max(0.0, shot.start)
    end = shot.end if shot.end is not None else info.duration
    if info.duration > 0:
        end = min(end, info.duration)
    return start, max(0.0, end - start)


def clip_segment_args(
    shot: ClipShot,
    info: MediaInfo,
    settings: RenderSettings,
    frames: int,
    overlays: Sequence[OverlayFile],
    dest: Path,
) -> list[str]:
    start, length = clip_cut(shot, info)
    args = [*base_args(), "-ss", f"{start:.3f}", "-t", f"{length:.3f}", "-an", "-i", str(shot.path)]
    for overlay in overlays:
        args += ["-i", str(overlay.path)]
    graph = _framing(info, settings)
    label = "framed"
    for number, overlay in enumerate(overlays, start=1):
        enable = f"between(n,{overlay.first},{overlay.last})"
        graph += (
            f";[{label}][{number}:v]overlay=x={overlay.x}:y={overlay.y}"
            f":eof_action=repeat:enable='{enable}'[ov{number}]"
        )
        label = f"ov{number}"
    tail = [f"tpad=stop_mode=clone:stop={frames}", *edge_fades(frames, settings), SEGMENT_TAGS]
    graph += f";[{label}]{','.join(tail)}[out]"
    return [
        *args,
        "-filter_complex", graph,
        "-map", "[out]",
        *x264_args(settings),
        "-frames:v", str(frames),
        str(dest),
    ]  # fmt: skip


def _framing(info: MediaInfo, settings: RenderSettings) -> str:
    """Square the pixels, then fill the frame or fit over a blurred fill; ends at [framed]."""
    w, h = settings.size
    frame_aspect = w / h
    head = f"[0:v]fps={settings.fps},scale=w='iw*sar':h=ih,setsar=1"
    to_bt709 = f"scale={w}:{h}:out_color_matrix=bt709:out_range=tv,format=yuv420p"
    if abs(info.aspect / frame_aspect - 1) <= COVER_TOLERANCE:
        return f"{head},scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},{to_bt709}[framed]"
    bw, bh = max(2, w // 8), max(2, h // 8)
    # The fill is blurred at 1/8 size and enlarged: ~60x cheaper than blurring the full frame.
    background = (
        f"[bgsrc]scale={bw}:{bh}:force_original_aspect_ratio=increase,crop={bw}:{bh},"
        f"format=yuv420p,gblur=sigma={max(1, bw // 60)},{_DARKEN},"
        f"scale={w}:{h}[bg]"
    )
    foreground = (
        f"[fgsrc]scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2,"
        f"format=yuv420p[fg]"
    )
    return (
        f"{head},split=2[bgsrc][fgsrc];{background};{foreground};"
        f"[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2,{to_bt709}[framed]"
    )


def edge_fades(frames: int, settings: RenderSettings) -> list[str]:
    """Dip from black at the start and to black at the end of a segment."""
    length = min(round(settings.dip * settings.fps), frames // 2)
    if length <= 0:
        return []
    return [f"fade=t=in:s=0:n={length}", f"fade=t=out:s={frames - length}:n={length}"]
