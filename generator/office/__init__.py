"""The office's multi-user studio: accounts (``accounts``), the audit trail (``audit``) and who
may do what (``policy``).

Everything here lives under the project's ``.baocao/`` folder, never under ``content/`` or
``media/``. ``exclusive_lock`` is the one cross-process lock the account store and the audit
trail share: the studio is one process, but a ``baocao users`` command may run beside it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

STATE_DIR = ".baocao"
"""The folder, relative to the project, holding the accounts and the audit trail."""

_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def state_dir(root: Path) -> Path:
    """``root/.baocao``, created readable by its owner only when it does not exist yet."""
    folder = root / STATE_DIR
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def exclusive_lock(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock named by ``lock_file`` (created 0600 if absent) for the block:
    across threads (a ``threading.Lock`` per file) and across processes (``flock`` on POSIX,
    ``msvcrt.locking`` on Windows). The lock file holds no data; it is never removed."""
    key = os.path.abspath(lock_file)
    with _THREAD_LOCKS_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(key, threading.Lock())
    with thread_lock:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
            try:
                yield
            finally:
                _unlock(fd)
        finally:
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then OSError

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
