"""Caption bands and burned subtitles: inside the title-safe area, marks and descenders whole."""

from __future__ import annotations

from PIL import Image

from generator.video.render import overlays

SIZE = (1280, 720)
TEXT = "Kiểm sát việc tạm giữ ỞỮẤ gypq tại Nhà tạm giữ Công an thành phố Tuy Hòa"


def _text_box(overlay: overlays.Overlay) -> tuple[int, int, int, int]:
    """Box of the near-white (text) pixels, in frame coordinates."""
    grey = overlay.image.convert("RGB").convert("L").point(lambda v: 255 if v > 200 else 0)
    alpha = overlay.image.getchannel("A").point(lambda v: 255 if v > 200 else 0)
    left, top, right, bottom = Image.composite(grey, Image.new("L", grey.size), alpha).getbbox()
    return left + overlay.x, top + overlay.y, right + overlay.x, bottom + overlay.y


def _inside_title_safe(box: tuple[int, int, int, int]) -> bool:
    w, h = SIZE
    return box[0] >= 0.05 * w and box[1] >= 0.05 * h and box[2] <= 0.95 * w and box[3] <= 0.95 * h


def test_caption_text_sits_in_the_lower_third_inside_title_safe() -> None:
    band = overlays.caption(SIZE, TEXT)
    assert band is not None
    box = _text_box(band)
    assert _inside_title_safe(box)
    assert box[1] > SIZE[1] * 0.6


def test_caption_is_nfc_and_empty_caption_draws_nothing() -> None:
    decomposed = overlays.caption(SIZE, "Ho\u0300a")
    composed = overlays.caption(SIZE, "Hòa")
    assert decomposed is not None and composed is not None
    assert decomposed.image.tobytes() == composed.image.tobytes()
    assert overlays.caption(SIZE, "  ") is None


def test_subtitle_is_centred_above_the_given_line() -> None:
    line = overlays.subtitle(SIZE, "Tỷ lệ giải quyết đạt 95,62%", bottom=500)
    assert line is not None
    box = _text_box(line)
    assert box[3] <= 500
    assert abs((box[0] + box[2]) / 2 - SIZE[0] / 2) < 8
