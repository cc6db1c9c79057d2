"""Written Vietnamese → the words a reader would say, for the TTS; and subtitle cue splitting.

Subtitles keep the written form; only the narration engine receives ``spoken_text``.

What espeak-ng's ``vi`` voice does on its own (checked with ``espeak_TextToPhonemes``), and
so what is rewritten here:

- It reads 0–999 correctly ("95" → chín mươi lăm, "105" → một trăm linh năm), so those stay
  digits. Above that it says "ngàn" and misreads round groups: "1000" → "một ngàn không trăm",
  "1.000.000" → "một triệu không trăm không trăm". Numbers from 1000 up are therefore spelled
  out here (``number_words``), with "nghìn" as in official speech.
- It drops "/" silently: "20/7/2021" → "hai mươi bảy hai ngàn…". Dates become
  "ngày 20 tháng 7 năm …", document numbers "Nghị quyết số 96 năm … của Quốc hội".
- It reads "95,62%" well, but the rewrite to "95 phẩy 62 phần trăm" is explicit so other
  engines (a Piper voice) get the same words.
- It spells abbreviations letter by letter ("VKSND" → vê ka ét en đê), so the sector's common
  ones are expanded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

MAX_CUE_CHARS = 90

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Beyond this, groups would need "nghìn tỷ"/"triệu tỷ" bookkeeping; such numbers are
# identifiers in practice and are read digit by digit.
_MAX_SPELLED = 10**12

ABBREVIATIONS: dict[str, str] = {
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "VKSND": "Viện kiểm sát nhân dân",
    "VKS": "Viện kiểm sát",
    "TANDTC": "Tòa án nhân dân tối cao",
    "TAND": "Tòa án nhân dân",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UBKS": "Ủy ban kiểm sát",
    "CQCSĐT": "Cơ quan Cảnh sát điều tra",
    "CQĐT": "Cơ quan điều tra",
    "CSĐT": "Cảnh sát điều tra",
    "KSV": "Kiểm sát viên",
    "BLTTHS": "Bộ luật Tố tụng hình sự",
    "BLTTDS": "Bộ luật Tố tụng dân sự",
    "BLHS": "Bộ luật Hình sự",
    "BLDS": "Bộ luật Dân sự",
    "THADS": "thi hành án dân sự",
    "THAHS": "thi hành án hình sự",
    "CNTT": "công nghệ thông tin",
    "TP.HCM": "Thành phố Hồ Chí Minh",
    "TPHCM": "Thành phố Hồ Chí Minh",
    "TP": "thành phố",
    "TX": "thị xã",
}

# Document kinds, as written out or abbreviated before the number or inside the code.
_DOCUMENT_KINDS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "TTLT": "Thông tư liên tịch",
    "TT": "Thông tư",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
    "CV": "Công văn",
    "BC": "Báo cáo",
    "TB": "Thông báo",
}
_KIND_WORDS = (
    "Nghị quyết",
    "Quyết định",
    "Nghị định",
    "Thông tư liên tịch",
    "Thông tư",
    "Chỉ thị",
    "Kế hoạch",
    "Hướng dẫn",
    "Công văn",
    "Luật",
    "Pháp lệnh",
)
# Issuer, the last part of a document code ("96/2019/QH14", "139/QĐ-VKSTC").
_ISSUERS: tuple[tuple[str, str], ...] = (
    (r"UBTVQH\d*", "Ủy ban Thường vụ Quốc hội"),
    (r"QH\d*", "Quốc hội"),
    (r"CP", "Chính phủ"),
    (r"TTg", "Thủ tướng Chính phủ"),
    (r"VKSN?D?TC", "Viện kiểm sát nhân dân tối cao"),
    (r"TANDTC|HĐTP", "Tòa án nhân dân tối cao"),
    (r"BCA", "Bộ Công an"),
    (r"BTP", "Bộ Tư pháp"),
    (r"BQP", "Bộ Quốc phòng"),
    (r"TW", "Trung ương"),
    (r"UBND", "Ủy ban nhân dân"),
    (r"HĐND", "Hội đồng nhân dân"),
    (r"VKSND", "Viện kiểm sát nhân dân"),
)
_ROMAN_AFTER = r"(?:[Qq]uý|[Kk]hóa|[Kk]hoá|[Ll]ần|[Cc]hương|[Pp]hần|[Mm]ục|[Đđ]ại hội)"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_SENTENCE_ABBREVIATIONS = {"TP", "Tp", "TX", "Tx", "ThS", "TS", "PGS", "GS", "Th", "St"}


def spoken_text(text: str) -> str:
    """Rewrite ``text`` (NFC) the way a reader says it aloud, for the speech engine."""
    text = unicodedata.normalize("NFC", text)
    for rewrite in _REWRITES:
        text = rewrite(text)
    return re.sub(r"[ \t]+", " ", text).strip()


def number_words(number: int) -> str:
    """Vietnamese words for a non-negative integer: 2021 → "hai nghìn không trăm hai mươi mốt"."""
    if number == 0:
        return _DIGITS[0]
    if number >= _MAX_SPELLED:
        return " ".join(_DIGITS[int(d)] for d in str(number))
    groups: list[int] = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    scales = ("", "nghìn", "triệu", "tỷ")
    for index in reversed(range(len(groups))):
        if groups[index]:
            words += _group_words(groups[index], full=index < len(groups) - 1)
            words += [scales[index]] if scales[index] else []
    return " ".join(words)


def _group_words(group: int, full: bool) -> list[str]:
    """Words for 0–999; ``full`` reads "không trăm"/"linh" as inside a larger number."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 5 and tens:
            words.append("lăm")
        elif units == 1 and tens > 1:
            words.append("mốt")
        else:
            words.append(_DIGITS[units])
    return words


def _documents(text: str) -> str:
    kinds = "|".join([*_KIND_WORDS, *_DOCUMENT_KINDS])
    pattern = (
        rf"(?:(?<!\w)(?P<kind>{kinds})\s+)?(?:(?P<so>[Ss]ố)\s+)?(?P<num>\d+)/(?:(?P<year>\d{{4}})/)?"
        r"(?P<code>[A-ZĐ][A-Za-zĐ\d]*(?:-[A-ZĐ][A-Za-zĐ\d]*)*)(?![\w/])"
    )

    def spoken(match: re.Match[str]) -> str:
        code_parts = match["code"].split("-")
        kind = match["kind"] or ""
        if not kind and code_parts[0] in _DOCUMENT_KINDS:
            kind = code_parts[0]
        words = [_DOCUMENT_KINDS.get(kind, kind), match["so"] or "số", match["num"]]
        if match["year"]:
            words += ["năm", match["year"]]
        issuer = next((name for key, name in _ISSUERS if re.fullmatch(key, code_parts[-1])), "")
        if issuer:
            words += ["của", issuer]
        return " ".join(w for w in words if w)

    return re.sub(pattern, spoken, text)


def _abbreviations(text: str) -> str:
    keys = sorted(ABBREVIATIONS, key=len, reverse=True)
    pattern = rf"(?<![\w.])({'|'.join(re.escape(k) for k in keys)})(\.)?(?!\w)"

    def expand(match: re.Match[str]) -> str:
        key, dot = match[1], match[2] or ""
        # "TP. Tuy Hòa": that dot abbreviates, it does not end a sentence.
        if dot and key in ("TP", "TX") and _next_char(match).isupper():
            dot = ""
        return ABBREVIATIONS[key] + dot

    return re.sub(pattern, expand, text)


def _next_char(match: re.Match[str]) -> str:
    """The first visible character after ``match``, skipping spaces and opening quotes."""
    rest = match.string[match.end() :].lstrip(' \t"“‘([')
    return rest[:1]


def _after_ngay(match: re.Match[str]) -> bool:
    """Whether the written date already follows the word "ngày" ("ngày 20/7/2021")."""
    return match.string[: match.start()].rstrip().lower().endswith("ngày")


def _date_words(day: str | None, month: str, year: str | None, said_ngay: bool = False) -> str:
    words = [str(int(day)) if said_ngay else f"ngày {int(day)}"] if day else []
    words.append(f"tháng {int(month)}")
    if year:
        words.append(f"năm {int(year)}")
    return " ".join(words)


def _valid_date(day: str | None, month: str) -> bool:
    return 1 <= int(month) <= 12 and (day is None or 1 <= int(day) <= 31)


def _dates(text: str) -> str:
    def iso(match: re.Match[str]) -> str:
        year, month, day = match["y"], match["m"], match["d"]
        if not _valid_date(day, month):
            return match[0]
        return _date_words(day, month, year, _after_ngay(match))

    text = re.sub(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])", iso, text)

    def day_month_year(match: re.Match[str]) -> str:
        day, month, year = match["d"], match["m"], match["y"]
        if not _valid_date(day, month):
            return match[0]
        return _date_words(day, month, year, _after_ngay(match))

    text = re.sub(
        r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/])",
        day_month_year,
        text,
    )
    # "tháng 7/2021" and "ngày 20/7": only with the word before, a bare "7/2021" may be a ratio.
    text = re.sub(
        r"\b([Tt]háng) (\d{1,2})/(\d{4})(?![\d/])",
        lambda m: f"{m[1]} {int(m[2])} năm {m[3]}" if _valid_date(None, m[2]) else m[0],
        text,
    )
    text = re.sub(
        r"\b([Nn]gày) (\d{1,2})/(\d{1,2})(?![\d/])",
        lambda m: f"{m[1]} {int(m[2])} tháng {int(m[3])}" if _valid_date(m[2], m[3]) else m[0],
        text,
    )
    return text


def _ranges(text: str) -> str:
    # "01/12/2020 – 31/5/2021", "90–95%", "2020-2021": a dash between numbers reads "đến".
    text = re.sub(r"(?<=\d)\s*[–—-]\s*(?=\d|ngày\b|tháng\b|năm\b)", " đến ", text)
    # Any other spaced dash is a pause ("VKSND khu vực 1 – Đắk Lắk").
    return re.sub(r"\s+[–—-]\s+", ", ", text)


def _times(text: str) -> str:
    return re.sub(
        r"\b(\d{1,2})[hg](\d{2})?\b",
        lambda m: f"{int(m[1])} giờ" + (f" {int(m[2])}" if m[2] else ""),
        text,
    )


def _roman_numerals(text: str) -> str:
    def arabic(match: re.Match[str]) -> str:
        values = [_ROMAN_VALUES[c] for c in match[2]]
        total = sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))
        return f"{match[1]} {total}"

    return re.sub(rf"\b({_ROMAN_AFTER}) ([IVXLC]+)\b", arabic, text)


def _percents(text: str) -> str:
    return re.sub(r"(\d)\s*%", r"\1 phần trăm", text)


def _decimals(text: str) -> str:
    def spoken(match: re.Match[str]) -> str:
        fraction = match[2]
        zeros = len(fraction) - len(fraction.lstrip("0"))
        rest = fraction[zeros:]
        words = ["không"] * zeros + ([rest] if rest else [])
        return f"{match[1]} phẩy {' '.join(words)}"

    return re.sub(r"(?<![\d,])(\d+),(\d+)(?![\d,])", spoken, text)


def _numbers(text: str) -> str:
    text = re.sub(r"\b\d{1,3}(?:\.\d{3})+\b(?!\.\d)", lambda m: m[0].replace(".", ""), text)

    def spoken(match: re.Match[str]) -> str:
        digits = match[0]
        if digits.startswith("0") and len(digits) > 3:  # a code or phone number
            return " ".join(_DIGITS[int(d)] for d in digits)
        value = int(digits)
        return str(value) if value < 1000 else number_words(value)

    return re.sub(r"(?<![\w,])\d+(?![\w])", spoken, text)


def _ratios(text: str) -> str:
    # "152/160 tin báo": what is left of number/number after dates and documents is a ratio.
    return re.sub(r"(?<![\w/])(\d+)/(\d+)(?![\w/])", r"\1 trên \2", text)


def _symbols(text: str) -> str:
    return text.replace("&", " và ").replace("…", ".")


_REWRITES: tuple[Callable[[str], str], ...] = (
    _documents,
    _abbreviations,
    _dates,
    _ranges,
    _times,
    _roman_numerals,
    _ratios,
    _percents,
    _decimals,
    _numbers,
    _symbols,
)


def split_sentences(text: str, max_chars: int = MAX_CUE_CHARS) -> list[str]:
    """Split written text into subtitle cues: sentences, long ones cut at commas, then words."""
    text = unicodedata.normalize("NFC", text)
    cues: list[str] = []
    for paragraph in re.split(r"\s*\n\s*", text):
        for sentence in _sentences(paragraph):
            cues += _short_pieces(sentence, max_chars)
    return cues


def _sentences(paragraph: str) -> list[str]:
    paragraph = re.sub(r"\s+", " ", paragraph).strip()
    sentences: list[str] = []
    start = 0
    for end in re.finditer(r"[.!?…]+[\"”’)\]]*(?= )", paragraph):
        following = _next_char(end)
        if not (following.isupper() or following.isdigit()):
            continue
        word = paragraph[: end.start()].rsplit(" ", 1)[-1]
        if word in _SENTENCE_ABBREVIATIONS or re.fullmatch(r"[A-ZĐ]", word):
            continue  # "TP. Tuy Hòa", an initial "Nguyễn V. A."
        sentences.append(paragraph[start : end.end()].strip())
        start = end.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def _short_pieces(sentence: str, max_chars: int) -> list[str]:
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in re.split(r"(?<=[,;:])\s+", sentence):
        joined = f"{current} {clause}".strip()
        if len(joined) <= max_chars:
            current = joined
            continue
        if current:
            pieces.append(current)
        if len(clause) <= max_chars:
            current = clause
        else:
            *whole, current = _split_words(clause, max_chars)
            pieces += whole
    if current:
        pieces.append(current)
    return pieces


def _split_words(clause: str, max_chars: int) -> list[str]:
    """Cut a comma-less run into near-equal parts at spaces, each within ``max_chars``."""
    words = clause.split(" ")
    parts = -(-len(clause) // max_chars)
    while True:
        target = len(clause) / parts
        lines: list[str] = []
        line = ""
        for word in words:
            candidate = f"{line} {word}".strip()
            if line and len(candidate) > target + 8:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
        if all(len(x) <= max_chars for x in lines) or parts >= len(words):
            return lines
        parts += 1
