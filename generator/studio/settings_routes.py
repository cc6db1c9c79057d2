"""«Cài đặt báo cáo» saved (the page: ``pages.settings``): only the page's keys of
``content/site.yml``, round-trip (comments, the other keys and their order stay as written).

A save creates the ``report:`` mapping when it is absent and removes it when every field of it is
emptied. An emptied field the model requires is written empty, so the loader's own message for
it stands at the field; an emptied optional one is removed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from generator.load.yamlsource import Loc
from generator.studio import forms, store
from generator.studio.app import studio_of, write_route
from generator.studio.pages.settings import (
    MODELS,
    SETTINGS,
    SITE_REL,
    Setting,
    settings_context,
    shown,
)
from generator.studio.saving import form_answer, save_edit
from generator.studio.validate import Verdict
from generator.yamledit.roundtrip import CommentedMap, CommentedSeq

PATH = "/cai-dat-bao-cao"
_BULLET = re.compile(r"^[-–•+*]\s*")


def page(request: Request) -> Response:
    studio = studio_of(request)
    return studio.page(request, "settings.html", settings_context(studio))


def save(request: Request, form: FormData, session: str) -> Response:
    studio = studio_of(request)
    typed = {s.name: str(form.get(s.name, "")) for s in SETTINGS}
    values = {s.loc: _value(form, s) for s in SETTINGS}

    def again(status: int, notice: str, verdict: Verdict | None) -> Response:
        seen = str(form.get("digest", "")) if status == 409 else None
        context = settings_context(studio, typed, verdict, notice, seen)
        return studio.page(request, "settings.html", context, status)

    outcome = save_edit(
        request,
        SITE_REL,
        lambda text: with_settings(text, values),
        digest=str(form.get("digest", "")),
    )
    return form_answer(
        request,
        session,
        outcome,
        again,
        done="Đã lưu cài đặt báo cáo.",
        back=PATH,
        unchanged="Cài đặt báo cáo không đổi: không ghi gì.",
        invalid="Chưa lưu: có ô chưa hợp lệ, xem lời báo dưới ô đó.",
    )


ROUTES: list[BaseRoute] = [Route(PATH, page), write_route(PATH, save)]


def _value(form: FormData, setting: Setting) -> str | list[str] | None:
    """What was typed, as it is written: text (None when empty), or a list of the lines."""
    if not setting.lines:
        return forms.text(form, setting.name)
    typed = unicodedata.normalize("NFC", str(form.get(setting.name, "")))
    lines = [_BULLET.sub("", line.strip()).strip() for line in typed.splitlines()]
    return [line for line in lines if line] or None


def with_settings(text: str | None, values: dict[Loc, str | list[str] | None]) -> str:
    """site.yml's text with the page's fields set to ``values`` (by their place in the file;
    None: emptied), round-trip; EditRefused when that cannot keep what staff wrote."""
    return store.edit(text, lambda document: _fill(document, (), values))


def _fill(mapping: CommentedMap, at: Loc, values: dict[Loc, Any]) -> None:
    """Set the page's keys of the mapping at ``at`` (one of MODELS) from ``values``; keys the
    page does not show are left as they are."""
    model = MODELS[at]
    changes: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        loc = (*at, name)
        if loc in MODELS:
            empty = all(v is None for k, v in values.items() if k[: len(loc)] == loc)
            if empty and not info.is_required():
                changes[name] = None
                continue
            group = mapping.get(name)
            if not isinstance(group, CommentedMap):
                group = CommentedMap()
            _fill(group, loc, values)
            changes[name] = group
        elif loc in values:
            value = values[loc]
            old = mapping.get(name)
            if isinstance(value, list) and isinstance(old, CommentedSeq):
                _set_lines(old, value)  # in place: comments between the lines stay
                continue
            if isinstance(value, list):
                value = CommentedSeq(value)
            elif value is None and info.is_required():
                value = ""  # the loader says at the field that it cannot be empty
            changes[name] = value
    store.set_fields(mapping, changes, list(model.model_fields))


def _set_lines(items: CommentedSeq, lines: list[str]) -> None:
    """``items`` made ``lines``: each line changed where it stands, then lines added or the
    last ones removed (with the comments on them: the round-trip check then refuses)."""
    for index, line in enumerate(lines[: len(items)]):
        if shown(items[index]) != line:
            items[index] = line
    while len(items) > len(lines):
        del items[len(items) - 1]
    items.extend(lines[len(items) :])
