"""Which engine builds the site: ProperDocs (the default), MkDocs itself, or Zensical.

ProperDocs (PyPI ``properdocs``) is the maintained continuation of MkDocs 1.x (whose last
release, 1.6.1, dates from 2024), a drop-in replacement: same configuration, same plugins and
themes (Material, glightbox). Importing ``properdocs.replacement`` makes every ``mkdocs.*``
import resolve to ``properdocs.*``, so the rest of the package and Material run on it unchanged.
The site stage registers no hook in either (``finish.py`` works on the written files).

ProperDocs is used unless the environment asks for MkDocs (``BAOCAO_SITE_ENGINE=mkdocs``) or
ProperDocs is not installed. ``BAOCAO_SITE_ENGINE=zensical`` builds with Zensical, Material's
successor, run as its own process on the same configuration (``zensical_run.py``); the
configuration is still composed with MkDocs' Python side. ``select_engine`` must run before anything
imports ``mkdocs`` (``generator/site/__init__.py`` calls it first); a request that cannot be
honoured is reported by ``require_engine`` when a build starts, not at import time.
"""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec

from generator.errors import EnvironmentProblem

ENGINE_VARIABLE = "BAOCAO_SITE_ENGINE"
ENGINES = ("mkdocs", "properdocs", "zensical")

_problem: str | None = None
_selected = "mkdocs"


def select_engine() -> str:
    """Make ``mkdocs`` the chosen engine for this process; return the engine's name."""
    global _selected
    _selected = _select()
    return _selected


def selected_engine() -> str:
    """The engine ``select_engine`` chose: ``mkdocs``, ``properdocs`` or ``zensical``."""
    return _selected


def _select() -> str:
    global _problem
    wanted = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if wanted not in ("", *ENGINES):
        _problem = (
            f"Biến môi trường {ENGINE_VARIABLE}={wanted} không hợp lệ; hãy để trống hoặc ghi "
            f"{' hay '.join(ENGINES)}."
        )
        return "mkdocs"
    if wanted == "zensical":
        if find_spec("zensical") is None:
            _problem = (
                f"{ENGINE_VARIABLE}=zensical nhưng Zensical chưa được cài; "
                "hãy chạy: pip install zensical"
            )
            return "mkdocs"
        return "zensical"  # the configuration is still composed with MkDocs' Python side
    if not wanted:
        wanted = "properdocs" if find_spec("properdocs") is not None else "mkdocs"
    if wanted != "properdocs":
        return "mkdocs"
    if find_spec("properdocs") is None:
        _problem = (
            f"{ENGINE_VARIABLE}=properdocs nhưng ProperDocs chưa được cài; "
            "hãy chạy: pip install properdocs"
        )
        return "mkdocs"
    loaded = sys.modules.get("mkdocs")
    if loaded is not None and loaded.__name__ != "properdocs":
        _problem = f"{ENGINE_VARIABLE}=properdocs đến quá muộn: MkDocs đã được nạp trước."
        return "mkdocs"
    import properdocs.replacement  # noqa: F401  (mkdocs.* → properdocs.*)

    return "properdocs"


def require_engine() -> None:
    """Raise EnvironmentProblem if the engine asked for could not be selected."""
    if _problem is not None:
        raise EnvironmentProblem(_problem)
