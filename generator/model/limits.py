"""The bounds and limits of content files, declared once with the message staff read.

Every figure and date in the content is checked against these bounds when it is read, so that
what ``baocao check`` accepts, every later command can compute with; every content file is
checked against the size and structure limits before it is parsed. The staff guide
(«Kiểm tra nội dung», «Giới hạn của tệp nội dung») lists the same values.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal

MAX_FIGURE = 10**12
"""The largest count, value or target (one thousand billion): beyond any real statistic."""

MAX_SCENE_SECONDS = 600
"""The longest minimum duration a video.yml ``durations`` entry may ask for one scene (10 min)."""

EARLIEST_DAY = dt.date(1975, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)
"""Every date in the content lies within these two days (both included)."""

MAX_YAML_BYTES = 2 * 1024 * 1024
"""The largest YAML content file (2 MiB): a period's records take a few kilobytes."""

MAX_REPORT_BYTES = 8 * 1024 * 1024
"""The largest report.md (8 MiB): a long report in Markdown is well under 1 MiB."""

MAX_YAML_NESTING = 64
"""The deepest nesting of lists and groups in a YAML file."""

MAX_YAML_ALIASES = 1000
"""The most references (``*name``) to a marked part (``&name``) a YAML file may hold."""

MAX_YAML_VALUES = 200_000
"""The most values a YAML file may expand to (references included): the guard against a
file that says little and expands to millions of values."""


def mebibytes(size: int) -> str:
    """``2097152`` → ``2 MiB``, ``2097155`` → ``2,1 MiB``: rounded up to a tenth, so a file
    over a limit never shows as the limit itself (Vietnamese decimal comma)."""
    tenths = (Decimal(size) * 10 / (1024 * 1024)).to_integral_value(rounding=ROUND_CEILING)
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return f"{text.replace('.', ',')} MiB"


def figure_too_large(value: object) -> str:
    return f"{value} vượt quá giới hạn {MAX_FIGURE:,} (một nghìn tỷ)".replace(",", ".")


def day_out_of_range(day: dt.date) -> str:
    return (
        f"ngày {day:%d/%m/%Y} nằm ngoài khoảng cho phép "
        f"({EARLIEST_DAY:%d/%m/%Y} – {LATEST_DAY:%d/%m/%Y}); hãy kiểm tra lại năm"
    )


def file_too_large(size: int, limit: int) -> str:
    return (
        f"tệp quá lớn ({mebibytes(size)}; tối đa {mebibytes(limit)}); hãy kiểm tra xem có "
        "dán nhầm nội dung khác vào tệp không, hoặc chia tệp ra"
    )


YAML_TOO_DEEP = (
    f"cấu trúc YAML lồng nhau quá sâu (tối đa {MAX_YAML_NESTING} cấp); hãy kiểm tra thụt lề "
    "và các dấu ngoặc «[» «{» chưa đóng"
)
YAML_TOO_MANY_ALIASES = (
    f"tệp dùng quá nhiều tham chiếu «*tên» (tối đa {MAX_YAML_ALIASES}); hãy viết thẳng giá trị"
)
YAML_TOO_MANY_VALUES = (
    f"tệp khai triển ra quá nhiều giá trị (tối đa {MAX_YAML_VALUES:,}); ".replace(",", ".")
    + "các tham chiếu «*tên» lồng nhau làm tệp phình ra; hãy viết thẳng giá trị"
)
