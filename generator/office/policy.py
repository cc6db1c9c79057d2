"""Who may do what in the studio: one question, asked before any handler runs.

``decide(account, action, target)`` is the only place where access is decided. The studio's gate
(``generator/studio/gate.py``) names, for every route, the action it performs and the period,
unit and level it touches, and asks here; a handler never asks itself. What is not allowed
below is refused (deny by default), and a refusal says why in Vietnamese.

Roles (``accounts.Role``): a unit contributor (``don-vi``) reads, edits and sends its own units'
parts only, and edits a part only until it is sent (again once returned); the office
(``van-phong``) does everything but accounts and the sign-off, and reviews the sent parts; the
leadership (``lanh-dao``) reads everything an office member reads and signs the period off or
reopens it; an administrator (``quan-tri``) manages accounts and reads the audit trail. A
signed-off period refuses every write but its reopening. Restricted material (an item, a preview audience) needs the account's
own ``restricted`` flag, whatever its role.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from generator.model.base import Visibility
from generator.office.accounts import Account, Role


class Action(StrEnum):
    READ = "xem"  # the list of periods, a period's page, the guide
    READ_UNIT = "xem-don-vi"  # a unit's page, its results, its photos and clips
    EDIT_UNIT = "sua-don-vi"  # a unit's highlights and results, uploads, recordings
    READ_PERIOD_WORK = "xem-ky"  # the storyboard, the report, the spreadsheet template
    EDIT_PERIOD = "sua-ky"  # the storyboard, the report, a spreadsheet for all units
    PREVIEW = "xem-truoc"  # a preview video for an audience (target.visibility)
    CREATE_PERIOD = "tao-ky"
    EDIT_SETTINGS = "cai-dat"  # the written report's settings (site.yml)
    READ_AUDIT = "xem-nhat-ky"
    MANAGE_ACCOUNTS = "quan-ly-tai-khoan"
    SEND = "gui"  # a unit's part sent to the office
    REVIEW = "duyet"  # the office accepts or returns a sent part
    SIGN_OFF = "duyet-ky"  # the leadership signs the period off
    REOPEN = "mo-lai"  # the leadership reopens a signed-off period


@dataclass(frozen=True)
class Target:
    """What an action touches: a period, a unit of it, the level of what is shown, and where
    the period's review stands (signed off; the unit's part sent or accepted)."""

    period: str | None = None
    unit: str | None = None
    visibility: Visibility | None = None
    signed_off: bool = False
    part_sent: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # why not, in Vietnamese (the 403 page and the audit trail)


ALLOWED = Decision(True)

_ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.UNIT: frozenset({Action.READ, Action.READ_UNIT, Action.EDIT_UNIT, Action.SEND}),
    Role.OFFICE: frozenset(set(Action) - {Action.MANAGE_ACCOUNTS, Action.SIGN_OFF, Action.REOPEN}),
    Role.LEADERSHIP: frozenset(
        {
            Action.READ,
            Action.READ_UNIT,
            Action.READ_PERIOD_WORK,
            Action.PREVIEW,
            Action.SIGN_OFF,
            Action.REOPEN,
        }
    ),
    Role.ADMIN: frozenset({Action.READ, Action.READ_AUDIT, Action.MANAGE_ACCOUNTS}),
}

_UNIT_ACTIONS = frozenset({Action.READ_UNIT, Action.EDIT_UNIT, Action.SEND})
_PERIOD_WRITES = frozenset(
    {Action.EDIT_UNIT, Action.EDIT_PERIOD, Action.SEND, Action.REVIEW, Action.SIGN_OFF}
)
"""What a signed-off period refuses to everyone (only the leadership's reopening is left)."""

LOCAL_ACCOUNT = Account(name="may-nay", role=Role.OFFICE, restricted=True)
"""The one person of ``baocao studio`` on 127.0.0.1 without accounts: the office, with
restricted material (what the studio always allowed on one's own machine)."""


def decide(account: Account | None, action: Action, target: Target = Target()) -> Decision:
    """Whether ``account`` may do ``action`` on ``target``; deny by default."""
    if account is None:
        return Decision(False, "cần đăng nhập")
    if account.disabled:
        return Decision(False, "tài khoản đã bị khóa")
    if action not in _ROLE_ACTIONS.get(account.role, frozenset()):
        return Decision(False, "vai trò của tài khoản không được làm việc này")
    own_unit = target.unit is not None and target.unit in account.units
    if account.role is Role.UNIT and action in _UNIT_ACTIONS and not own_unit:
        return Decision(False, "tài khoản chỉ làm việc với phần của đơn vị mình")
    if target.signed_off and action in _PERIOD_WRITES:
        return Decision(False, "kỳ báo cáo đã được lãnh đạo duyệt, chỉ còn để xem")
    if account.role is Role.UNIT and action is Action.EDIT_UNIT and target.part_sent:
        return Decision(
            False, "phần của đơn vị đã gửi văn phòng; chỉ sửa được khi văn phòng trả lại"
        )
    if target.visibility is Visibility.RESTRICTED and not account.restricted:
        return Decision(False, "tài khoản không được xem tài liệu mật (restricted)")
    return ALLOWED


def highest_audience(account: Account) -> Visibility:
    """The widest audience ``account`` may preview or see: restricted only with the flag."""
    return Visibility.RESTRICTED if account.restricted else Visibility.INTERNAL
