"""The limits a media file must stay within, each declared once with the message staff see.

``baocao check`` enforces them (generator.load.media_checks), so a file that passes can be
turned into every derivative and the video without failing later. The staff guide
(«Đưa ảnh, video của các đơn vị vào», section «Giới hạn của tệp ảnh, video») lists the same
figures; change both together.

Messages are ``str.format`` templates; the fields each one uses are named beside it.
"""

from __future__ import annotations

MAX_NAME_BYTES = 200
"""Longest file or folder name under media/, in UTF-8 bytes (a Vietnamese letter with its
marks takes 2–3 bytes). File systems allow 255 bytes per name, and the names baocao derives
from a media file are longer than its own: every output is written through a temporary name
``.<name>.<8 random>.tmp<suffix>`` (+14 bytes: the archive's copy of an original), and a web
photo ``<name>-2-1600.webp`` written so is ``.<name>-2-1600.<8 random>.tmp.webp`` (+26 bytes;
the ``-2`` when two sources share a name; the site's ASCII form of a name is never longer than
the name). 200 + 26 leaves room for longer collision numbers.
tests/load/test_media_refs.py makes every derivative of a name at this limit."""
NAME_TOO_LONG = (
    "tên «{name}» dài {actual} byte, quá giới hạn {limit} byte (khoảng 70 chữ có dấu); "
    "hãy đổi tên tệp ngắn hơn rồi sửa dòng này theo tên mới"
)  # name, actual, limit

MAX_FILE_BYTES = 4 * 1024**3 - 1
"""Largest media file: 4 GiB less one byte, the most a FAT32 USB stick holds in one file —
the tradition-room archive carries originals byte for byte and is often moved on one."""
FILE_TOO_LARGE = (
    "tệp «{name}» nặng {actual} GB, quá giới hạn 4 GB; hãy cắt ngắn hoặc xuất lại video "
    "với dung lượng nhỏ hơn"
)  # name, actual

MAX_PHOTO_PIXELS = 100_000_000
"""Largest photo, in pixels (100 MP, e.g. 12 000 × 8 300). Phones shoot 12–50 MP; a larger
picture is a panorama, a scan at printing resolution or a "decompression bomb" — a small file
that expands to gigabytes in memory. Pillow's own guard is set to this figure (probe.py)."""
PHOTO_TOO_LARGE = (
    "ảnh «{name}» có {megapixels} triệu điểm ảnh, quá giới hạn 100 triệu; hãy thu nhỏ ảnh "
    "(ví dụ cạnh dài 4000 điểm ảnh) rồi chép lại"
)  # name, megapixels

MAX_CLIP_SIDE = 4096
"""Widest and tallest clip, in pixels: 4K (3840 × 2160, DCI 4096 × 2160, portrait 2160 × 3840)
passes, 8K (7680 × 4320) does not. The conference video is 1920 × 1080; decoding 8K on the
server's two cores is several times slower than real time and brings nothing to the screen."""
CLIP_TOO_LARGE = (
    "video «{name}» có khung hình {width}×{height}, quá giới hạn {limit}×{limit} (4K); "
    "hãy xuất lại video ở 4K hoặc Full HD (1920×1080)"
)  # name, width, height, limit

MIN_CLIP_SECONDS = 1.0
"""Shortest clip, and shortest cut of a clip: below a second a clip is a flash on the screen
(or a single picture named .mp4); use a photo instead."""
CLIP_TOO_SHORT = "video «{name}» chỉ dài {actual} giây; cần ít nhất 1 giây — nếu đây là ảnh chụp, hãy dùng tệp ảnh"  # name, actual
CUT_TOO_SHORT = "đoạn cắt chỉ dài {actual} giây; cần ít nhất 1 giây"  # actual

MAX_CLIP_SECONDS = 30 * 60
"""Longest part of a clip used (the whole file, or its ``clip: {start, end}`` cut): 30 minutes.
The site re-encodes the used part for the browser at about real time on the server, and the
whole conference video runs 10–20 minutes; a longer recording (a whole session) is cut first."""
CLIP_TOO_LONG = (
    "đoạn video dùng dài {actual} phút, quá giới hạn 30 phút; hãy chọn đoạn ngắn hơn bằng "
    "«clip: {{start: …, end: …}}» (giây)"
)  # actual
