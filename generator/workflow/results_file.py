"""A unit's results file, changed by ``import-results``: only the results that differ, in place.

A file that exists is edited through ``roundtrip`` (comments, key order, quoting, line endings
and every untouched line kept). A unit without one gets the template; so does a file still
exactly as the template wrote it (``new-period``'s scaffold, nothing typed into it yet), so that
its commented-out entries to fill in become the results themselves. Either way the new text must
read back, with the loader's reader and the content model, as exactly the intended results
before it may be written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.errors import InputError, Problem, Severity
from generator.load.messages import validation_problems
from generator.load.yamlsource import parse_yaml
from generator.model import Indicator, Period, Result, ResultsFile, Unit, Visibility
from generator.workflow.new_period import render_results
from generator.yamledit.roundtrip import (
    CommentedMap,
    CommentedSeq,
    EditRefused,
    edit_text,
    insert_item,
    read_text,
    set_key,
    set_keys,
)

RESULT_KEYS = ("indicator", "numerator", "denominator", "value", "note", "visibility")
FILE_KEYS = ("unit", "visibility", "results", "cases")


@dataclass(frozen=True)
class Change:
    """What a sheet row says of one indicator: the fields it sets (None: the field goes)."""

    indicator: str
    values: dict[str, object]

    def differs_from(self, old: Result | None) -> bool:
        if old is None:
            return True
        return any(_plain(getattr(old, k)) != v for k, v in self.values.items())


def template_text(
    period_id: str,
    period: Period,
    unit: Unit,
    file: ResultsFile | None,
    changes: Sequence[Change],
    indicators: Sequence[Indicator],
) -> str:
    """The template's text for ``file`` (None: no file yet) with ``changes`` made: the results
    in the order of ``indicators`` (the registry), those applicable in the period and not yet
    given as commented-out entries to fill in."""
    results = {r.indicator: r.model_dump() for r in (file.results if file else ())}
    for change in changes:
        merged = results.get(change.indicator) or dict.fromkeys(RESULT_KEYS)
        results[change.indicator] = {**merged, "indicator": change.indicator, **change.values}
    rank = {indicator.id: n for n, indicator in enumerate(indicators)}
    ordered = sorted(results.values(), key=lambda r: rank.get(str(r["indicator"]), len(rank)))
    pending = [
        i for i in indicators if i.applies_during(period.start, period.end) and i.id not in results
    ]
    return render_results(
        period_id,
        period,
        unit,
        visibility=file.visibility.value if file and file.visibility else None,
        results=[{k: _plain(v) for k, v in r.items()} for r in ordered],
        pending=pending,
        cases=[{k: _plain(v) for k, v in c.model_dump().items()} for c in file.cases]
        if file
        else [],
    )


def edited_results_text(
    path: Path, rel: str, changes: Sequence[Change], old: dict[str, Result], order: Sequence[str]
) -> str:
    """The text of the results file at ``path`` with ``changes`` made in place: only the fields
    whose value differs from ``old`` (the file as the loader read it); a new result goes where
    ``order`` (the registry's) puts it. InputError at ``rel`` when the layout cannot be kept."""
    rank = {indicator: n for n, indicator in enumerate(order)}

    def mutate(data: CommentedMap) -> None:
        results = data.get("results")
        if not isinstance(results, CommentedSeq):
            results = CommentedSeq()
            set_key(data, "results", results, order=FILE_KEYS)
        if not results:
            results.fa.set_block_style()
        for change in changes:
            item = _item_for(results, change.indicator, rank)
            before = old.get(change.indicator)
            differing = {
                name: value
                for name, value in change.values.items()
                if before is None or _plain(getattr(before, name)) != value
            }
            set_keys(item, differing, RESULT_KEYS)

    try:
        return edit_text(read_text(path), mutate)
    except EditRefused as refused:
        raise InputError(
            Problem(rel, refused.line, 1 if refused.line else 0, refused.reason)
        ) from None


def check_results_text(text: str, rel: str, changes: Sequence[Change]) -> None:
    """Refuse a new text the project's loader would not read as ``changes``, before writing."""
    source, problems = parse_yaml(text, rel)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if source is None or errors:
        raise InputError(errors or problems)
    try:
        model = ResultsFile.model_validate(source.data)
    except ValidationError as error:
        raise InputError(validation_problems(error, source, ResultsFile)) from None
    written = {r.indicator: r for r in model.results}
    for change in changes:
        if change.differs_from(written.get(change.indicator)):
            raise InputError(
                Problem(
                    rel,
                    message=f"không ghi được kết quả chỉ tiêu «{change.indicator}» đúng như "
                    "bảng tính; tệp được giữ nguyên, hãy sửa tay tệp này",
                )
            )


def _item_for(results: CommentedSeq, indicator: str, rank: dict[str, int]) -> CommentedMap:
    """The entry of ``indicator`` in ``results``; a new one, in the registry's order, if none."""
    for item in results:
        if isinstance(item, CommentedMap) and str(item.get("indicator")) == indicator:
            return item
    mine = rank.get(indicator, len(rank))
    position = max(
        (
            n + 1
            for n, item in enumerate(results)
            if isinstance(item, CommentedMap) and rank.get(str(item.get("indicator")), -1) < mine
        ),
        default=0,
    )
    item = CommentedMap([("indicator", indicator)])
    insert_item(results, position, item)
    return item


def _plain(value: object) -> object:
    return value.value if isinstance(value, Visibility) else value
