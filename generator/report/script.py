"""The narration script on paper: every spoken line of the video, numbered, for a narrator who
reads in a recording room, as DOCX and (through the written report's LibreOffice path) PDF.

Each line carries its number and code as the stem of the audio file it is recorded into
(``03-tong-hop`` → ``03-tong-hop.wav``), so a folder of takes can be imported in one go. The
page is made for reading aloud: A4 portrait with wide margins, the words at 15 pt with 1,5 line
spacing and ragged right, a line never split across two pages, a rule under each section title.
The type and page come from the written report (``docx.base_styles`` / ``a4_page``); the same
script gives the same DOCX bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.formatting import format_date, format_number
from generator.fsutil import atomic_write_bytes
from generator.report.docx import a4_page, base_styles, fixed_timestamps
from generator.report.pdf import docx_to_pdf
from generator.report.wordxml import page_number, paragraph_border

RECORDED = "đã thu"
RERECORD = "cần thu lại"  # printed in red capitals, counted in the heading
TITLE = "KỊCH BẢN LỜI DẪN"
SUBJECT = "kịch bản lời dẫn"  # in LibreOffice's error sentences

WORDS_PT = 15  # the line to read: large, 1,5 lines apart
WORDS_SPACING = 1.5
LABEL_PT = 12.5  # the number and code
NOTE_PT = 11  # section and scene beside the code, the footer
SECTION_PT = 13
GREY = RGBColor(0x59, 0x59, 0x59)
ALERT = RGBColor(0xB0, 0x00, 0x00)  # «cần thu lại»: seen from across the desk
TOP, BOTTOM, LEFT, RIGHT = Mm(25), Mm(22), Mm(30), Mm(25)

# What XML 1.0 cannot hold (a stray control character pasted from elsewhere): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class ScriptEntry:
    """One spoken line of the video, in video order."""

    number: int  # 1.. in video order
    code: str  # the scene's code, e.g. "mo-dau", "tong-hop", "tuy-hoa-1", "ket-thuc"
    section: str  # the section's Vietnamese title, e.g. "Kết quả thực hiện chỉ tiêu"
    scene: str  # the scene's short label, e.g. "Kết quả toàn tỉnh"
    words: str  # the line to read, exactly
    recorded: str = ""  # the take's state to print beside the code: "", "đã thu", "cần thu lại"

    @property
    def to_rerecord(self) -> bool:
        return _status(self.recorded) == RERECORD


@dataclass(frozen=True)
class ScriptDocument:
    """The whole printed script: who prints it, for which video and audience, and its lines."""

    organisation: str  # e.g. "Viện kiểm sát nhân dân tỉnh Phú Yên"
    title: str  # the video's title
    audience: str  # the audience's Vietnamese label: "Công khai" / "Nội bộ" / "Mật"
    made_on: dt.date
    entries: tuple[ScriptEntry, ...]

    def stem(self, entry: ScriptEntry) -> str:
        """The audio file's name without extension: the number, zero-padded to the widest
        number in the script (two digits at least), then the code: ``03-tong-hop``."""
        width = max([2, *(len(str(each.number)) for each in self.entries)])
        return f"{entry.number:0{width}d}-{entry.code}"


def write_script_docx(document: ScriptDocument, target: Path) -> None:
    """The script as a DOCX at ``target``, written atomically."""
    atomic_write_bytes(target, script_docx(document))


def write_script_pdf(document: ScriptDocument, target: Path) -> None:
    """The script as a PDF at ``target`` (the DOCX converted by LibreOffice), written
    atomically; raises EnvironmentProblem when LibreOffice is missing or fails."""
    atomic_write_bytes(target, docx_to_pdf(script_docx(document), subject=SUBJECT))


def script_docx(document: ScriptDocument) -> bytes:
    """The script as DOCX bytes; the same script gives the same bytes."""
    docx = Document()
    base_styles(docx)
    _page(docx.sections[0], document)
    _heading(docx, document)
    section = None
    for entry in document.entries:
        if entry.section != section:
            section = entry.section
            _section_title(docx, section)
        _entry(docx, document, entry)
    _properties(docx, document)
    buffer = io.BytesIO()
    docx.save(buffer)
    return fixed_timestamps(buffer.getvalue())


def instruction(document: ScriptDocument) -> str:
    """The paragraph that tells the narrator how to read and name the takes."""
    example = document.stem(document.entries[0]) if document.entries else "01-mo-dau"
    code = example.split("-", 1)[1]
    sentences = [
        "Đọc mỗi dòng thành một tệp âm thanh riêng, đúng từng chữ như in dưới đây.",
        f"Đặt tên tệp theo số và mã in đậm ở đầu dòng, ví dụ {example}.wav (hoặc chỉ theo mã: "
        f"{code}.wav); tệp .wav, .m4a hoặc .mp3 đều dùng được.",
        "Đọc sai thì thu lại cả dòng và giữ nguyên tên tệp.",
        "Giữa hai dòng có thể nghỉ; mỗi tệp nên bắt đầu và kết thúc bằng một khoảng lặng ngắn.",
    ]
    statuses = {_status(entry.recorded) for entry in document.entries}
    if RERECORD in statuses:
        sentences.append(f"Các dòng ghi «{RERECORD}» cần đọc lại.")
    if RECORDED in statuses:
        sentences.append(f"Các dòng ghi «{RECORDED}» đã có bản thu, không cần đọc lại.")
    return " ".join(sentences)


def _status(recorded: str) -> str:
    """A take's state as printed: lower case, spaces tidied («Cần thu lại» → «cần thu lại»)."""
    return " ".join(_plain(recorded).split()).lower()


def _plain(text: str) -> str:
    """Staff text as plain, XML-safe text: NFC, line ends as ``\\n``, control characters out."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text)


def _page(section: Section, document: ScriptDocument) -> None:
    """The report's A4 portrait page with wider margins; the footer names the script and its
    audience and numbers the page."""
    a4_page(section, landscape=False)
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.footer_distance = Mm(10)
    footer = section.footer.paragraphs[0]
    footer.style.font.size = Pt(NOTE_PT)  # the page number's field result takes the style
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.space_after = Pt(0)
    lead = f"Kịch bản lời dẫn · {document.title} · {document.audience} · Trang "
    _run(footer, lead, size=NOTE_PT, color=GREY)
    number = footer.add_run()
    number.font.size = Pt(NOTE_PT)
    number.font.color.rgb = GREY
    page_number(number)


def _paragraph(
    docx: DocxDocument,
    *,
    align: WD_PARAGRAPH_ALIGNMENT = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    spacing: float = 1.0,
) -> DocxParagraph:
    paragraph = docx.add_paragraph()
    paragraph.alignment = align
    layout = paragraph.paragraph_format
    layout.space_before, layout.space_after = Pt(before), Pt(after)
    layout.line_spacing = spacing
    return paragraph


def _run(
    paragraph: DocxParagraph,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor | None = None,
    unbroken: bool = False,
) -> None:
    """A run of plain text; ``unbroken``: its hyphens never end a line (a file name)."""
    run = paragraph.add_run()
    if unbroken:
        for index, piece in enumerate(_plain(text).split("-")):
            if index:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            run._r.add_t(piece)
    else:
        run.text = _plain(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    if color is not None:
        run.font.color.rgb = color


def _heading(docx: DocxDocument, document: ScriptDocument) -> None:
    _run(_paragraph(docx), document.organisation.upper(), size=13, bold=True)
    _run(_paragraph(docx, before=14, after=4), TITLE, size=18, bold=True)
    _run(_paragraph(docx, after=6), document.title, size=15, bold=True)
    count = len(document.entries)
    facts = (
        f"Phạm vi sử dụng: {document.audience} · Ngày in: {format_date(document.made_on)}"
        f" · {format_number(count)} dòng lời dẫn"
    )
    to_redo = sum(entry.to_rerecord for entry in document.entries)
    if to_redo:
        facts += f" ({format_number(to_redo)} dòng {RERECORD})"
    _run(_paragraph(docx, after=14), facts, size=12, italic=True)
    guide = _paragraph(docx, align=WD_ALIGN_PARAGRAPH.LEFT, after=6, spacing=1.15)
    guide.paragraph_format.keep_together = True
    # the box's lines sit just inside the margins, clear of the text
    guide.paragraph_format.left_indent = guide.paragraph_format.right_indent = Pt(5)
    paragraph_border(guide, ("top", "left", "bottom", "right"), space_pt=4)
    _run(guide, "Hướng dẫn: ", size=12, bold=True)
    _run(guide, instruction(document), size=12, unbroken=True)


def _section_title(docx: DocxDocument, title: str) -> None:
    """A section's title, ruled underneath, kept with its first line."""
    paragraph = _paragraph(docx, align=WD_ALIGN_PARAGRAPH.LEFT, before=20, after=4)
    paragraph.paragraph_format.keep_with_next = True
    paragraph_border(paragraph, ("bottom",), space_pt=2)
    _run(paragraph, title.upper(), size=SECTION_PT, bold=True)


def _entry(docx: DocxDocument, document: ScriptDocument, entry: ScriptEntry) -> None:
    """The number and code in bold with the section and scene in small grey, then the words,
    large; the two stay together and the words stay on one page."""
    label = _paragraph(docx, align=WD_ALIGN_PARAGRAPH.LEFT, before=10, after=3)
    label.paragraph_format.keep_with_next = True
    _run(label, document.stem(entry), size=LABEL_PT, bold=True, unbroken=True)
    _run(label, f"    {entry.section} — {entry.scene}", size=NOTE_PT, color=GREY)
    status = _status(entry.recorded)
    if entry.to_rerecord:
        _run(label, f"    {status.upper()}", size=NOTE_PT, bold=True, color=ALERT)
    elif status:
        _run(label, f"    ({status})", size=NOTE_PT, italic=True, color=GREY)
    words = _paragraph(docx, align=WD_ALIGN_PARAGRAPH.LEFT, after=8, spacing=WORDS_SPACING)
    words.paragraph_format.keep_together = True
    words.paragraph_format.widow_control = True
    _run(words, entry.words, size=WORDS_PT)


def _properties(docx: DocxDocument, document: ScriptDocument) -> None:
    core = docx.core_properties
    core.title = f"Kịch bản lời dẫn — {_plain(document.title)}"
    core.author = core.last_modified_by = _plain(document.organisation)
    core.language = "vi-VN"
    core.keywords = f"audience={_plain(document.audience)}"
    core.revision = 1
    moment = dt.datetime.combine(document.made_on, dt.time())
    core.created = core.modified = core.last_printed = moment
