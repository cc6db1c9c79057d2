"""«Cài đặt báo cáo»: what the written report prints beyond the results — the organisation,
its parent body, the place and symbol, the signer, the recipients — in ``content/site.yml``.

The fields are ``SiteInfo.organisation`` and ``SiteInfo.report`` (``ReportSettings``,
``Signer``). A save edits only those keys, round-trip (comments, the other keys and their order
stay as written), creates the ``report:`` mapping when it is absent and removes it when every
field of it is emptied. An emptied field the model requires is written empty, so the loader's
own message for it stands at the field; an emptied optional one is removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.load import layout
from generator.load.yamlsource import Loc
from generator.model.site import ReportSettings, Signer, SiteInfo
from generator.studio import forms, store
from generator.studio.app import WARNING, Studio
from generator.studio.validate import Verdict, parsed, place_problems
from generator.yamledit.roundtrip import CommentedMap, CommentedSeq

SITE_REL = layout.SITE
PATH = "/cai-dat-bao-cao"
MODELS: dict[Loc, type[BaseModel]] = {
    (): SiteInfo,
    ("report",): ReportSettings,
    ("report", "signer"): Signer,
}
"""The mappings of site.yml the page edits, by where they stand in the file."""


@dataclass(frozen=True)
class Setting:
    """One field of the page: where it stands in site.yml, and how it is labelled."""

    loc: Loc
    label: str
    hint: str = ""  # default: the model's description of the field
    lines: bool = False  # a list, one item a line

    @property
    def name(self) -> str:
        return ".".join(str(part) for part in self.loc)

    @property
    def required(self) -> bool:
        return MODELS[self.loc[:-1]].model_fields[str(self.loc[-1])].is_required()

    @property
    def help(self) -> str:
        return self.hint or MODELS[self.loc[:-1]].model_fields[str(self.loc[-1])].description or ""


@dataclass(frozen=True)
class Group:
    """A fieldset of the page; ``loc``: the mapping whose own messages (a missing field) it
    shows, if it is one (others stand at the top of the page)."""

    title: str
    settings: tuple[Setting, ...]
    loc: Loc | None = None


SYMBOL_DEFAULT = ReportSettings.model_fields["symbol"].default
GROUPS = (
    Group(
        "Cơ quan",
        (
            Setting(
                ("organisation",),
                "Tên cơ quan",
                "Tên đầy đủ, ví dụ «Viện kiểm sát nhân dân tỉnh Phú Yên»; dùng cả trên trang "
                "web và trong video.",
            ),
            Setting(("report", "parent_body"), "Cơ quan chủ quản"),
            Setting(
                ("report", "issuing_body"),
                "Cơ quan ban hành (không bắt buộc)",
                "Bỏ trống khi cơ quan ban hành chính là cơ quan ở trên.",
            ),
        ),
    ),
    Group(
        "Văn bản",
        (
            Setting(("report", "place"), "Địa danh"),
            Setting(
                ("report", "symbol"),
                "Ký hiệu văn bản",
                f"Phần sau «Số: …/», chữ in hoa, số và gạch nối, ví dụ «{SYMBOL_DEFAULT}»; "
                f"bỏ trống thì dùng «{SYMBOL_DEFAULT}».",
            ),
        ),
    ),
    Group(
        "Người ký",
        (
            Setting(("report", "signer", "title"), "Chức vụ"),
            Setting(("report", "signer", "name"), "Họ và tên"),
            Setting(
                ("report", "signer", "on_behalf_of"),
                "Ký thay cho (không bắt buộc)",
                "Chức vụ được ký thay (KT.), ví dụ «Viện trưởng»; bỏ trống khi ký trực tiếp.",
            ),
        ),
        ("report", "signer"),
    ),
    Group(
        "Nơi nhận",
        (
            Setting(
                ("report", "recipients"),
                "Nơi nhận, mỗi dòng một nơi",
                "Ví dụ «VKSND tối cao (để báo cáo)». Không cần gạch đầu dòng hay dấu «;» "
                "cuối dòng: bản báo cáo tự thêm.",
                lines=True,
            ),
        ),
    ),
)
SETTINGS = tuple(setting for group in GROUPS for setting in group.settings)
_BULLET = re.compile(r"^[-–•+*]\s*")


def routes(studio: Studio) -> list[Route]:
    def page(request: Request) -> Response:
        return studio.page(request, "settings.html", settings_context(studio))

    def save(request: Request, form: FormData, session: str) -> Response:
        return _save(studio, request, form, session)

    return [Route(PATH, page), studio.write_route(PATH, save)]


def settings_context(
    studio: Studio,
    typed: dict[str, str] | None = None,
    verdict: Verdict | None = None,
    notice: str = "",
    digest: str | None = None,
) -> dict[str, Any]:
    """The page: each field as site.yml writes it (or as typed, after a refused save) with the
    loader's messages placed at it. ``digest``: the version the typed text was written against
    (after a refused stale save, so that sending the form again is refused again)."""
    current = store.read(studio.root, SITE_REL)
    source = parsed(SITE_REL, current.text) if current.text is not None else None
    if verdict is None and current.text is not None:
        problems = studio.state.snapshot().by_path.get(SITE_REL, [])
        verdict = place_problems(SITE_REL, current.text, problems, source)
    verdict = verdict or Verdict(())
    document = source.data if source is not None else None
    groups = []
    for group in GROUPS:
        rows = []
        for setting in group.settings:
            value = typed[setting.name] if typed else _shown(_at(document, setting.loc))
            rows.append({"setting": setting, "value": value, "errors": _errors(verdict, setting)})
        errors = verdict.fields.get(group.loc, []) if group.loc else []
        groups.append({"title": group.title, "rows": rows, "errors": errors})
    elsewhere = [
        message
        for loc, messages in verdict.fields.items()
        if all(loc != g.loc for g in GROUPS) and not any(_under(loc, s.loc) for s in SETTINGS)
        for message in messages
    ]  # other keys of site.yml, and the report's own (a missing field)
    return {
        "rel": SITE_REL,
        "digest": current.digest if digest is None else digest,
        "undo_at": studio.undo_offer(SITE_REL, current.digest),
        "groups": groups,
        "general": [*verdict.general, *(m for m in elsewhere if not m.startswith(WARNING))],
        "notes": [*verdict.notes, *(m for m in elsewhere if m.startswith(WARNING))],
        "notice": notice,
    }


def _under(loc: Loc, setting: Loc) -> bool:
    """``loc`` is the field ``setting`` or inside it (an item of a list)."""
    return loc[: len(setting)] == setting


def _at(document: object, loc: Loc) -> object:
    for part in loc:
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join("" if v is None else str(v) for v in value)
    return str(value)


def _errors(verdict: Verdict, setting: Setting) -> list[str]:
    """The messages of the field, and of a list field's items."""
    return [m for loc, ms in verdict.fields.items() if _under(loc, setting.loc) for m in ms]


def _save(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    typed = {s.name: str(form.get(s.name, "")) for s in SETTINGS}
    values = {s.loc: _value(form, s) for s in SETTINGS}

    def again(status: int, notice: str, verdict: Verdict | None) -> Response:
        seen = str(form.get("digest", "")) if status == 409 else None
        context = settings_context(studio, typed, verdict, notice, seen)
        return studio.page(request, "settings.html", context, status)

    return studio.save_form(
        session,
        form,
        SITE_REL,
        lambda text: with_settings(text, values),
        again,
        done="Đã lưu cài đặt báo cáo.",
        back=PATH,
        unchanged="Cài đặt báo cáo không đổi: không ghi gì.",
        invalid="Chưa lưu: có ô chưa hợp lệ, xem lời báo dưới ô đó.",
    )


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
        if _shown(items[index]) != line:
            items[index] = line
    while len(items) > len(lines):
        del items[len(items) - 1]
    items.extend(lines[len(items) :])
