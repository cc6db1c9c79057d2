"""«Cài đặt báo cáo»: the fields of ``content/site.yml`` the page shows — what the written report
prints beyond the results: the organisation, its parent body, the place and symbol, the signer,
the recipients — each labelled, with the loader's messages at it.

The fields are ``SiteInfo.organisation`` and ``SiteInfo.report`` (``ReportSettings``,
``Signer``); the help under a field is the model's own description unless the page says more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.load import layout
from generator.load.yamlsource import Loc
from generator.model.site import ReportSettings, Signer, SiteInfo
from generator.studio import store
from generator.studio.app import WARNING, Studio
from generator.studio.validate import Verdict, parsed, place_problems

SITE_REL = layout.SITE
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
            value = typed[setting.name] if typed else shown(_at(document, setting.loc))
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


def shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join("" if v is None else str(v) for v in value)
    return str(value)


def _errors(verdict: Verdict, setting: Setting) -> list[str]:
    """The messages of the field, and of a list field's items."""
    return [m for loc, ms in verdict.fields.items() if _under(loc, setting.loc) for m in ms]
