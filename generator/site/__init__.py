"""The intranet site stage: the filtered model → a docs tree → MkDocs (Material) → a site.

Entry points for the CLI: ``build_site`` and ``serve_site``.
"""

from generator.site.build import SiteReport, build_site
from generator.site.serve import PreviewServer, serve_site

__all__ = ["PreviewServer", "SiteReport", "build_site", "serve_site"]
