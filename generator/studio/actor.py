"""Who the request being answered comes from: set by the gate for every request, read by
whatever records who did something (the audit trail, the history's undo)."""

from __future__ import annotations

import contextvars

from generator.office.policy import LOCAL_ACCOUNT

ACTOR: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "actor", default=(LOCAL_ACCOUNT.name, "")
)
"""(account name, address) of the request being answered."""
