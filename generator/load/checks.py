"""Cross-file checks: references, history, dates, measures and media.

Each check adds Problems (errors and warnings) at the file and line of the offending value;
nothing stops at the first problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem, Severity
from generator.load.media_checks import Expect, MediaChecks, MediaRecord
from generator.load.reader import RawContent, RawPeriod, Record
from generator.load.yamlsource import Loc
from generator.model import (
    HighlightsFile,
    Indicator,
    Measure,
    MediaFile,
    MediaItem,
    Period,
    Result,
    ResultsFile,
    SiteInfo,
    Unit,
    VideoSettings,
)
from generator.model.records import PLACEHOLDER_MARK, is_placeholder
from generator.model.video import CLOSING_LINE, OPENING_LINE, SUMMARY_NARRATION
from generator.video.narration.voice import voice_problem

WARNING = Severity.WARNING
# Where staff fill in what the written report prints beyond the organisation's name.
REPORT_SETTINGS_WHERE = (
    "hãy điền trong trang «Cài đặt báo cáo» của studio, hoặc {how} "
    "(xem mục «Báo cáo viết» trong Hướng dẫn)"
)


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    media: dict[str, MediaFile] = field(default_factory=dict)


class _Checker:
    def __init__(self, raw: RawContent) -> None:
        self.raw = raw
        self.problems: list[Problem] = []
        self.units = {r.model.id: r.model for r in raw.units}
        self.indicators = {r.model.id: r.model for r in raw.indicators}
        self.media = MediaChecks(raw.root, self.problems)

    # -- registries ---------------------------------------------------------------------------

    def registries(self) -> None:
        self._duplicates(self.raw.units, "đơn vị")
        self._duplicates(self.raw.indicators, "chỉ tiêu")
        for record in self.raw.units:
            unit = record.model
            successor = unit.succeeded_by
            if successor is None:
                continue
            if successor == unit.id:
                self.problems.append(
                    record.problem(("succeeded_by",), "đơn vị không thể kế thừa chính nó")
                )
            elif successor not in self.raw.written_unit_ids:
                self.problems.append(
                    record.problem(
                        ("succeeded_by",), f"đơn vị kế thừa «{successor}» không có trong units.yml"
                    )
                )
        self.problems.extend(succession_cycles(self.raw.units))
        site = self.raw.site
        if site is not None and site.model.logo:
            self.media_ref(site, ("logo",), site.model.logo, "photo")

    def _duplicates(
        self, records: Iterable[Record[Unit]] | Iterable[Record[Indicator]], what: str
    ) -> None:
        seen: dict[str, Record[Unit] | Record[Indicator]] = {}
        for record in records:
            ident = record.model.id
            if ident in seen:
                line = seen[ident].source.position(seen[ident].file_loc(("id",)))[0]
                self.problems.append(
                    record.problem(("id",), f"mã {what} «{ident}» bị trùng (đã dùng ở dòng {line})")
                )
            else:
                seen[ident] = record

    def report_settings(self) -> None:
        """What ``baocao report`` would print as «CẦN BỔ SUNG»: the whole ``report:`` section
        missing (at the top of site.yml), no recipients (at ``report:``), or a setting still
        holding template text (at that setting)."""
        site = self.raw.site
        if site is None:
            return
        settings = site.model.report
        if settings is None:
            self.problems.append(
                site.problem(
                    (),
                    f"chưa có phần «report:»: báo cáo viết (baocao report) sẽ in "
                    f"«{PLACEHOLDER_MARK}» ở địa danh, người ký và nơi nhận; "
                    + REPORT_SETTINGS_WHERE.format(how="thêm phần «report:» vào tệp này"),
                    severity=WARNING,
                )
            )
            return
        if not settings.recipients:
            self.problems.append(
                site.problem(
                    ("report",),
                    f"phần «report:» chưa có nơi nhận («recipients»): báo cáo viết sẽ in "
                    f"«{PLACEHOLDER_MARK}» ở nơi nhận; "
                    + REPORT_SETTINGS_WHERE.format(how="thêm «recipients:» vào phần này"),
                    key=True,
                    severity=WARNING,
                )
            )
        for loc, text in _report_texts(site.model):
            if is_placeholder(text):
                self.problems.append(
                    site.problem(
                        loc,
                        "dòng này còn để mẫu; báo cáo viết sẽ in nguyên chữ này; "
                        + REPORT_SETTINGS_WHERE.format(how="sửa dòng này"),
                        severity=WARNING,
                    )
                )

    def voice(self) -> None:
        """The office's own Piper voice, when site.yml names one: readable, and Piper's."""
        site = self.raw.site
        if site is None or site.model.voice is None:
            return
        reason = voice_problem(self.raw.root, site.model.voice)
        if reason is not None:
            self.problems.append(site.problem(("voice",), reason))

    # -- periods ------------------------------------------------------------------------------

    def period(self, raw: RawPeriod) -> None:
        period = raw.period.model if raw.period else None
        self._unit_files(raw.results, period, "results")
        self._unit_files(raw.highlights, period, "highlights")
        for results in raw.results:
            self._results(results, period)
        for highlights in raw.highlights:
            self._highlights(highlights, period)
        if raw.video is not None:
            video = raw.video.model
            if video.music:
                self.media_ref(raw.video, ("music",), video.music, "audio")
            for code, takes in video.voiceovers.items():
                for index, take in enumerate(takes):
                    at = ("voiceovers", code, index) if len(takes) > 1 else ("voiceovers", code)
                    self.media_ref(raw.video, at, take, "audio")
            if not video.sections:
                self.problems.append(
                    raw.video.problem(
                        ("sections",),
                        "danh sách phần («sections») rỗng: video sẽ không có cảnh nào; hãy ghi "
                        "các phần cần có, hoặc xóa dòng này để có đủ các phần",
                        key=True,
                    )
                )
            seen: set[str] = set()
            for index, section in enumerate(video.sections):
                if section in seen:
                    self.problems.append(
                        raw.video.problem(("sections", index), f"phần «{section}» bị lặp lại")
                    )
                seen.add(section)
            self._narration_keys(raw.video)
            self._voiceover_keys(raw.video)
        if raw.review is not None:
            known = {u.model.id for u in self.raw.units}
            for unit_id in raw.review.model.units:
                if unit_id not in known:
                    self.problems.append(
                        raw.review.problem(
                            ("units", unit_id),
                            f"đơn vị «{unit_id}» không có trong units.yml",
                            key=True,
                        )
                    )

    def _voiceover_keys(self, record: Record[VideoSettings]) -> None:
        """A recorded line is keyed by the code of a card's line (the opening, ``tong-hop``,
        an indicator id, the closing): any other key would never be heard."""
        known = {i.model.id for i in self.raw.indicators} | self.raw.written_indicator_ids
        known |= {OPENING_LINE, SUMMARY_NARRATION, CLOSING_LINE}
        for key in record.model.voiceovers:
            if key not in known:
                self.problems.append(
                    record.problem(
                        ("voiceovers", key),
                        f"bản thu «{key}» không ứng với dòng lời dẫn nào của các màn hình chung "
                        f"(cần «{OPENING_LINE}», «{SUMMARY_NARRATION}», mã một chỉ tiêu hoặc "
                        f"«{CLOSING_LINE}»; bản thu của ảnh, video ghi ở «voiceover» của mục); "
                        "bản thu này sẽ không được dùng",
                        key=True,
                        severity=WARNING,
                    )
                )

    def _narration_keys(self, record: Record[VideoSettings]) -> None:
        """A ``narration`` override is keyed by an indicator id or ``tong-hop``; any other key
        would be silently unused, so the line staff wrote would never be heard."""
        known = {i.model.id for i in self.raw.indicators} | self.raw.written_indicator_ids
        for key in record.model.narration:
            if key != SUMMARY_NARRATION and key not in known:
                self.problems.append(
                    record.problem(
                        ("narration", key),
                        f"lời dẫn «{key}» không ứng với màn hình nào (cần mã một chỉ tiêu trong "
                        f"indicators.yml, hoặc «{SUMMARY_NARRATION}» cho màn hình kết quả toàn "
                        "tỉnh); lời này sẽ không được đọc",
                        key=True,
                        severity=WARNING,
                    )
                )

    def _unit_files(
        self,
        records: list[Record[ResultsFile]] | list[Record[HighlightsFile]],
        period: Period | None,
        folder: str,
    ) -> None:
        seen: dict[str, str] = {}
        for record in records:
            unit_id = record.model.unit
            stem = Path(record.source.path).stem
            if unit_id != stem:
                self.problems.append(
                    record.problem(
                        ("unit",),
                        f"tệp tên «{stem}» nhưng ghi đơn vị «{unit_id}»; tên tệp phải là mã đơn vị "
                        f"({folder}/{unit_id}.yml)",
                    )
                )
            if unit_id in seen:
                self.problems.append(
                    record.problem(("unit",), f"đơn vị «{unit_id}» đã có tệp {seen[unit_id]}")
                )
            seen.setdefault(unit_id, record.source.path)
            unit = self.units.get(unit_id)
            if unit is None:
                if unit_id not in self.raw.written_unit_ids:
                    self.problems.append(
                        record.problem(("unit",), f"đơn vị «{unit_id}» không có trong units.yml")
                    )
            elif period is not None and not unit.active_during(period.start, period.end):
                self.problems.append(
                    record.problem(
                        ("unit",),
                        f"đơn vị «{unit_id}» không hoạt động trong kỳ {_span(period)} "
                        f"({_unit_span(unit)})",
                    )
                )

    def _results(self, record: Record[ResultsFile], period: Period | None) -> None:
        seen: dict[str, int] = {}
        for index, result in enumerate(record.model.results):
            loc = ("results", index)
            indicator = self.indicators.get(result.indicator)
            if result.indicator in seen:
                line = record.source.position(
                    record.file_loc(("results", seen[result.indicator], "indicator"))
                )[0]
                self.problems.append(
                    record.problem(
                        (*loc, "indicator"),
                        f"chỉ tiêu «{result.indicator}» đã có kết quả ở dòng {line}",
                    )
                )
            seen.setdefault(result.indicator, index)
            if indicator is None:
                if result.indicator not in self.raw.written_indicator_ids:
                    self.problems.append(
                        record.problem(
                            (*loc, "indicator"),
                            f"chỉ tiêu «{result.indicator}» không có trong indicators.yml",
                        )
                    )
                continue
            self._measure(record, loc, result, indicator)
            if period is not None and not indicator.applies_during(period.start, period.end):
                self.problems.append(
                    record.problem(
                        (*loc, "indicator"),
                        f"chỉ tiêu «{indicator.id}» không áp dụng trong kỳ {_span(period)}",
                        severity=WARNING,
                    )
                )

    def _measure(
        self, record: Record[ResultsFile], loc: Loc, result: Result, indicator: Indicator
    ) -> None:
        if indicator.measure is Measure.RATE:
            if result.value is not None:
                self.problems.append(
                    record.problem(
                        (*loc, "value"),
                        f"chỉ tiêu «{indicator.id}» là tỷ lệ: ghi «numerator» (tử số) và "
                        "«denominator» (mẫu số), không ghi «value»",
                    )
                )
            for name in ("numerator", "denominator"):
                if getattr(result, name) is None and result.value is None:
                    self.problems.append(
                        record.problem(loc, f"chỉ tiêu «{indicator.id}» là tỷ lệ: thiếu «{name}»")
                    )
            return
        for name in ("numerator", "denominator"):
            if getattr(result, name) is not None:
                self.problems.append(
                    record.problem(
                        (*loc, name),
                        f"chỉ tiêu «{indicator.id}» là {'số đếm' if indicator.measure is Measure.COUNT else 'giá trị'}: "
                        f"ghi «value», không ghi «{name}»",
                    )
                )
        if result.value is None and result.numerator is None and result.denominator is None:
            self.problems.append(record.problem(loc, f"chỉ tiêu «{indicator.id}»: thiếu «value»"))
        elif (
            indicator.measure is Measure.COUNT
            and result.value is not None
            and result.value != result.value.to_integral_value()
        ):
            self.problems.append(
                record.problem(
                    (*loc, "value"),
                    f"chỉ tiêu «{indicator.id}» là số đếm: {result.value} không phải số nguyên; "
                    "nếu dấu chấm là dấu ngăn cách hàng nghìn, hãy viết liền (ví dụ 1234)",
                )
            )

    def _highlights(self, record: Record[HighlightsFile], period: Period | None) -> None:
        for index, item in enumerate(record.model.media):
            loc = ("media", index)
            self.media_ref(record, (*loc, "file"), item.file, "photo-or-clip")
            if item.voiceover:
                self.media_ref(record, (*loc, "voiceover"), item.voiceover, "audio")
            if period is not None and item.date is not None and not period.contains(item.date):
                self.problems.append(
                    record.problem(
                        (*loc, "date"),
                        f"ngày {item.date:%d/%m/%Y} nằm ngoài kỳ báo cáo {_span(period)}",
                    )
                )
            if item.clip is not None and item.kind != "clip":
                self.problems.append(
                    record.problem((*loc, "clip"), "chỉ video mới có «clip» (điểm cắt)")
                )
            self._item_warnings(record, loc, item)

    def _item_warnings(self, record: Record[HighlightsFile], loc: Loc, item: MediaItem) -> None:
        if is_placeholder(item.caption):
            self.problems.append(
                record.problem(
                    (*loc, "caption"),
                    "chú thích còn để mẫu; hãy viết chú thích thật",
                    severity=WARNING,
                )
            )
        if item.narration is None or not item.narration.strip():
            if item.voiceover is None:
                self.problems.append(
                    record.problem(
                        loc, "chưa có lời dẫn («narration») cho video báo cáo", severity=WARNING
                    )
                )
        elif is_placeholder(item.narration):
            self.problems.append(
                record.problem(
                    (*loc, "narration"),
                    "lời dẫn còn để mẫu; hãy viết lời dẫn thật",
                    severity=WARNING,
                )
            )
        if item.category is None:
            self.problems.append(
                record.problem(loc, "chưa chọn nhóm («category») cho ảnh/video", severity=WARNING)
            )

    # -- media (generator.load.media_checks) --------------------------------------------------

    def media_ref(self, record: MediaRecord, loc: Loc, written: str, expect: Expect) -> None:
        self.media.ref(record, loc, written, expect)

    def probe(self) -> dict[str, MediaFile]:
        return self.media.probe()


def succession_cycles(records: list[Record[Unit]]) -> list[Problem]:
    """Each unit whose ``succeeded_by`` chain leads back to itself through other units (a unit
    naming itself is reported by ``registries``), at its ``succeeded_by`` line."""
    by_id = {record.model.id: record for record in records}
    problems = []
    for record in records:
        chain = [record.model.id]
        successor = record.model.succeeded_by
        while successor in by_id and successor not in chain:
            chain.append(successor)
            successor = by_id[successor].model.succeeded_by
        if successor == record.model.id and len(chain) > 1:
            shown = " → ".join([*chain, successor])
            problems.append(
                record.problem(
                    ("succeeded_by",),
                    f"vòng kế thừa khép kín ({shown}): một đơn vị không thể kế thừa đơn vị "
                    "đã kế thừa nó; hãy sửa «succeeded_by»",
                )
            )
    return problems


def _report_texts(site: SiteInfo) -> list[tuple[tuple[str | int, ...], str]]:
    """Each text of the ``report:`` settings printed on the report, with where it is written."""
    settings = site.report
    if settings is None:
        return []
    texts: list[tuple[tuple[str | int, ...], str | None]] = [
        (("report", "parent_body"), settings.parent_body),
        (("report", "issuing_body"), settings.issuing_body),
        (("report", "place"), settings.place),
        (("report", "signer", "title"), settings.signer.title),
        (("report", "signer", "name"), settings.signer.name),
        (("report", "signer", "on_behalf_of"), settings.signer.on_behalf_of),
        *((("report", "recipients", i), line) for i, line in enumerate(settings.recipients)),
    ]
    return [(loc, text) for loc, text in texts if text is not None]


def _span(period: Period) -> str:
    return f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"


def _unit_span(unit: Unit) -> str:
    start = f"từ {unit.from_:%d/%m/%Y}" if unit.from_ else ""
    end = f"đến {unit.until:%d/%m/%Y}" if unit.until else ""
    return "hoạt động " + " ".join(part for part in (start, end) if part)


def check_content(raw: RawContent) -> CheckResult:
    """Run every cross-file check and probe the media; return problems and the media found."""
    checker = _Checker(raw)
    checker.registries()
    checker.report_settings()
    checker.voice()
    for period in raw.periods:
        checker.period(period)
    media = checker.probe()
    return CheckResult(problems=checker.problems, media=media)
