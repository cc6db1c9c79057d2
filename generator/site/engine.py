"""Which MkDocs 1.x engine builds the site: MkDocs itself, or ProperDocs.

ProperDocs (PyPI ``properdocs``) is the maintained continuation of MkDocs 1.x, a drop-in
replacement: same configuration, same plugins and themes (Material, glightbox), same hooks.
Importing ``properdocs.replacement`` makes every ``mkdocs.*`` import resolve to ``properdocs.*``,
so the rest of the package, Material and our hooks all run on it unchanged.

ProperDocs is used when the environment asks for it (``BAOCAO_SITE_ENGINE=properdocs``) or when
it is installed and MkDocs is not; otherwise MkDocs. This must run before anything imports
``mkdocs`` (``generator/site/__init__.py`` calls it first).
"""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec

ENGINE_VARIABLE = "BAOCAO_SITE_ENGINE"
ENGINES = ("mkdocs", "properdocs")


def select_engine() -> str:
    """Make ``mkdocs`` the chosen engine for this process; return its name."""
    wanted = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if wanted not in ("", *ENGINES):
        wanted = ""  # an unknown name cannot be acted on: the default engine builds
    if wanted == "properdocs" or (
        not wanted and find_spec("mkdocs") is None and find_spec("properdocs") is not None
    ):
        if "mkdocs" in sys.modules and sys.modules["mkdocs"].__name__ != "properdocs":
            return "mkdocs"  # too late to switch: MkDocs is already in use in this process
        import properdocs.replacement  # noqa: F401  (mkdocs.* → properdocs.*)

        return "properdocs"
    return "mkdocs"
