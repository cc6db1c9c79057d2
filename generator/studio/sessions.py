"""Who is signed in, kept on the server: a session id in an HttpOnly, SameSite=Strict cookie maps
to an account name here, never to anything the browser could change. A session ends after
``IDLE`` without a request or ``ABSOLUTE`` after the login, whichever comes first; the id
changes at login (no fixation) and is forgotten at logout.

``Throttle`` slows password guessing: after ``MAX_FAILURES`` failed logins within ``WINDOW`` for
one name, or for one address, that name or address is refused for ``LOCKOUT`` — the right
password included — and the answer is the same for a name that exists and one that does not.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

IDLE = 2 * 60 * 60.0  # seconds: a working morning's pause
ABSOLUTE = 12 * 60 * 60.0  # seconds: one working day
MAX_FAILURES = 5
WINDOW = 15 * 60.0
LOCKOUT = 15 * 60.0


@dataclass
class Session:
    account: str
    created: float
    seen: float


Clock = Callable[[], float]


class Sessions:
    def __init__(
        self, idle: float = IDLE, absolute: float = ABSOLUTE, clock: Clock = time.monotonic
    ) -> None:
        self.idle = idle
        self.absolute = absolute
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, account: str) -> str:
        """A new session for ``account``; its id (the cookie's value)."""
        now = self.clock()
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[session_id] = Session(account, now, now)
        return session_id

    def account(self, session_id: str) -> str | None:
        """The account of a live session (and it counts as a request), else None."""
        now = self.clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if now - session.seen > self.idle or now - session.created > self.absolute:
                del self._sessions[session_id]
                return None
            session.seen = now
            return session.account

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def end_all(self, account: str) -> None:
        """Sign ``account`` out everywhere (disabled, password reset)."""
        with self._lock:
            for session_id in [k for k, s in self._sessions.items() if s.account == account]:
                del self._sessions[session_id]


class Throttle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
        lockout: float = LOCKOUT,
        clock: Clock = time.monotonic,
    ) -> None:
        self.clock = clock
        self.max_failures = max_failures
        self.window = window
        self.lockout = lockout
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, *keys: str) -> float:
        """Seconds until a login for any of ``keys`` may be tried again (0: now)."""
        now = self.clock()
        with self._lock:
            return max((self._locked_until.get(k, 0.0) - now for k in keys), default=0.0)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                recent = self._failures.setdefault(key, deque())
                recent.append(now)
                while recent and now - recent[0] > self.window:
                    recent.popleft()
                if len(recent) >= self.max_failures:
                    self._locked_until[key] = now + self.lockout
                    recent.clear()

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
