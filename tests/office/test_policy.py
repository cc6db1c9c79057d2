"""The one permission question, asked for every role, action, unit and level.

The expected answers are written out here as the issue states the roles, independently of the
policy's own tables, and every combination is checked.
"""

from __future__ import annotations

import itertools

import pytest

from generator.model.base import Visibility
from generator.office.accounts import Account, Role
from generator.office.policy import LOCAL_ACCOUNT, Action, Target, decide, highest_audience

UNIT_WORK = {Action.READ_UNIT, Action.EDIT_UNIT, Action.SEND}
EXPECTED_ROLE_ACTIONS = {
    Role.UNIT: {Action.READ, *UNIT_WORK},
    Role.OFFICE: set(Action) - {Action.MANAGE_ACCOUNTS, Action.SIGN_OFF, Action.REOPEN},
    Role.LEADERSHIP: {
        Action.READ,
        Action.READ_UNIT,
        Action.READ_PERIOD_WORK,
        Action.PREVIEW,
        Action.SIGN_OFF,
        Action.REOPEN,
    },
    Role.ADMIN: {Action.READ, Action.READ_AUDIT, Action.MANAGE_ACCOUNTS},
}
WRITES_OF_A_PERIOD = {
    Action.EDIT_UNIT,
    Action.EDIT_PERIOD,
    Action.SEND,
    Action.REVIEW,
    Action.SIGN_OFF,
}
UNITS = (None, "tuy-hoa", "song-cau")
LEVELS = (None, *Visibility)


def _account(role: Role, restricted: bool, disabled: bool = False) -> Account:
    units = ("tuy-hoa",) if role is Role.UNIT else ()
    return Account(
        name="nguoi-dung", role=role, units=units, restricted=restricted, disabled=disabled
    )


def _expected(
    role: Role,
    restricted: bool,
    action: Action,
    unit: str | None,
    level: Visibility | None,
    signed_off: bool = False,
    sent: bool = False,
) -> bool:
    if action not in EXPECTED_ROLE_ACTIONS[role]:
        return False
    if role is Role.UNIT and action in UNIT_WORK and unit != "tuy-hoa":
        return False
    if signed_off and action in WRITES_OF_A_PERIOD:
        return False  # a signed-off period: only reading, and the leadership's reopening
    if sent and role is Role.UNIT and action is Action.EDIT_UNIT:
        return False  # a sent part: read-only to its unit until returned
    return not (level is Visibility.RESTRICTED and not restricted)


CASES = list(itertools.product(Role, (False, True), Action, UNITS, LEVELS))


@pytest.mark.parametrize(("role", "restricted"), list(itertools.product(Role, (False, True))))
def test_every_action_unit_level_and_review_state(role: Role, restricted: bool) -> None:
    account = _account(role, restricted)
    wrong = [
        (action.value, unit, level, signed_off, sent)
        for action, unit, level, signed_off, sent in itertools.product(
            Action, UNITS, LEVELS, (False, True), (False, True)
        )
        if decide(account, action, Target("2021-h1", unit, level, signed_off, sent)).allowed
        != _expected(role, restricted, action, unit, level, signed_off, sent)
    ]
    assert wrong == []


def test_nobody_and_a_disabled_account_may_do_nothing() -> None:
    for action, unit, level in itertools.product(Action, UNITS, LEVELS):
        target = Target("2021-h1", unit, level)
        anonymous = decide(None, action, target)
        assert not anonymous.allowed and anonymous.reason == "cần đăng nhập"
        for role in Role:
            refused = decide(_account(role, True, disabled=True), action, target)
            assert not refused.allowed and "khóa" in refused.reason


def test_a_refusal_says_why_in_vietnamese() -> None:
    contributor = _account(Role.UNIT, False)
    other = decide(contributor, Action.EDIT_UNIT, Target("2021-h1", "song-cau"))
    assert other.reason == "tài khoản chỉ làm việc với phần của đơn vị mình"
    secret = decide(
        contributor, Action.READ_UNIT, Target("2021-h1", "tuy-hoa", Visibility.RESTRICTED)
    )
    assert "mật" in secret.reason
    assert "vai trò" in decide(contributor, Action.EDIT_PERIOD, Target("2021-h1")).reason


def test_the_one_local_person_is_the_office_with_restricted_material() -> None:
    assert decide(LOCAL_ACCOUNT, Action.EDIT_PERIOD, Target("2021-h1")).allowed
    assert decide(
        LOCAL_ACCOUNT, Action.PREVIEW, Target("2021-h1", None, Visibility.RESTRICTED)
    ).allowed
    assert not decide(LOCAL_ACCOUNT, Action.MANAGE_ACCOUNTS).allowed
    assert highest_audience(LOCAL_ACCOUNT) is Visibility.RESTRICTED
    assert highest_audience(_account(Role.LEADERSHIP, False)) is Visibility.INTERNAL


@pytest.mark.parametrize(("role", "restricted"), itertools.product(Role, (False, True)))
def test_a_period_wide_write_is_granted_only_to_who_may_edit_every_units_part(
    role: Role, restricted: bool
) -> None:
    """A write over the whole period (the booth naming an item's take, an import) may touch
    any unit's file of the period (``saving.authorize``): it must never reach further than
    editing each unit's part would."""
    account = Account(name="a", role=role, units=("tuy-hoa",), restricted=restricted)
    for unit, level, signed_off, sent in itertools.product(
        UNITS[1:], LEVELS, (False, True), (False, True)
    ):
        whole = Target(period="2021-h1", visibility=level, signed_off=signed_off)
        part = Target(
            period="2021-h1", unit=unit, visibility=level, signed_off=signed_off, part_sent=sent
        )
        if decide(account, Action.EDIT_PERIOD, whole).allowed:
            assert decide(account, Action.EDIT_UNIT, part).allowed, (unit, level, sent)
