"""The intranet site stage: the filtered model → a docs tree → MkDocs (Material) → a site.

Entry points for the CLI: ``build_site`` and ``serve_site``.
"""

from generator.site.engine import select_engine

ENGINE = select_engine()  # MkDocs or ProperDocs: chosen before anything imports mkdocs

from generator.site.build import SiteReport, build_site  # noqa: E402
from generator.site.serve import PreviewServer, serve_site  # noqa: E402

__all__ = ["PreviewServer", "SiteReport", "build_site", "serve_site"]
