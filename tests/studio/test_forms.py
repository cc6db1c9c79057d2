"""Form text to YAML values: only unambiguous numbers and dates are converted."""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData

from generator.studio import forms


def test_numbers_are_converted_only_when_plain() -> None:
    form = FormData({"a": "12", "b": "9,5", "c": "1.234", "d": " ", "e": "12a"})
    assert forms.number(form, "a") == 12
    assert forms.number(form, "b", decimal=True) == 9.5
    assert forms.number(form, "b") == "9,5"  # a count: the loader explains what to write
    assert forms.number(form, "c") == "1.234"
    assert forms.number(form, "d") is None
    assert forms.number(form, "e") == "12a"


def test_dates_are_read_day_first_or_iso() -> None:
    form = FormData({"a": "12/03/2021", "b": "2021-03-12", "c": "31/02/2021", "d": "mai"})
    assert forms.date(form, "a") == dt.date(2021, 3, 12)
    assert forms.date(form, "b") == dt.date(2021, 3, 12)
    assert forms.date(form, "c") == "31/02/2021"
    assert forms.date(form, "d") == "mai"
    assert forms.shown_date(dt.date(2021, 3, 12)) == "12/03/2021"


def test_text_is_nfc_and_required_text_is_never_dropped() -> None:
    form = FormData({"a": "Ha\u0300  ", "b": ""})
    assert forms.text(form, "a") == "Hà"
    assert forms.text(form, "b") is None
    assert forms.text(form, "b", required=True) == ""


def test_a_figure_typed_in_a_form_is_read_as_the_spreadsheet_reads_a_cell() -> None:
    """One rule for what a person types (generator.workflow.sheets.parse_number): the dot
    groups thousands, the comma marks decimals; a count is whole."""
    assert forms.figure("1.234", whole=True) == forms.Figure(1234)
    assert forms.figure("1 234", whole=True) == forms.Figure(1234)
    assert forms.figure("1\u00a0234", whole=True) == forms.Figure(1234)
    assert forms.figure(" 12 ", whole=True) == forms.Figure(12)
    assert forms.figure("", whole=True) == forms.Figure(None)
    assert forms.figure("95,62", whole=False) == forms.Figure(95.62)
    assert forms.figure("1.234,5", whole=False) == forms.Figure(1234.5)
    assert forms.figure("7", whole=False) == forms.Figure(7)
    assert forms.figure("1,5", whole=True, label="tử số") == forms.Figure(
        None, "tử số: «1,5» không phải số nguyên"
    )
    assert forms.figure("abc", whole=False, label="giá trị") == forms.Figure(
        None, "giá trị: «abc» không phải số"
    )
