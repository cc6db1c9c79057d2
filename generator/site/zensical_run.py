"""The site built by Zensical (PyPI ``zensical``, Material's successor) instead of an MkDocs 1.x
engine: ``BAOCAO_SITE_ENGINE=zensical``.

Zensical reads the same mkdocs.yml and runs no Python hook or plugin, which the site stage no
longer needs (``finish.py`` works on the written files). It runs as its own process, on the
configuration composed for MkDocs written out as a file: Zensical wants the site folder inside
the configuration's folder, so it writes into the work folder and the files are then moved into
the site folder the build swaps in. What it builds of this site and what it does not is measured
by ``tests/site/test_engine.py`` and told in the README ("The site engine").
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from generator.errors import InputError, Problem
from generator.site.mkdocs_config.compose import PROJECT_CONFIG

ENGINE_TIMEOUT_SECONDS = 1800


def run_zensical(config: dict[str, Any], work: Path, site_dir: Path) -> tuple[float, list[str]]:
    """Build ``config`` with Zensical into ``site_dir``; returns (seconds, warnings)."""
    staged = work / "zensical-site"
    config_path = work / PROJECT_CONFIG
    # PyYAML's full dumper writes a function (toc's slugify) as ``!!python/name:…``, the tag
    # Zensical's loader reads, as MkDocs' own configuration files do.
    text = yaml.dump(
        _relative_to(work, {**config, "site_dir": str(staged)}),
        Dumper=yaml.Dumper,
        allow_unicode=True,
    )
    config_path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--config-file", str(config_path)],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=ENGINE_TIMEOUT_SECONDS,
        env={**os.environ, "NO_COLOR": "1"},
    )
    seconds = time.perf_counter() - started
    output = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0:
        details = "; ".join(output[-5:]) or f"mã thoát {done.returncode}"
        raise InputError(
            Problem(PROJECT_CONFIG, message=f"Zensical không dựng được trang: {details}")
        )
    for entry in staged.iterdir():
        os.replace(entry, site_dir / entry.name)
    warnings = [line for line in output if "warning" in line.lower() or "error" in line.lower()]
    return seconds, warnings


def _relative_to(work: Path, config: dict[str, Any]) -> dict[str, Any]:
    """Folders named relative to the configuration's own folder, as Zensical expects them."""
    out = dict(config)
    for key in ("docs_dir", "site_dir"):
        out[key] = os.path.relpath(out[key], work)
    theme = dict(out.get("theme") or {})
    if "custom_dir" in theme:
        theme["custom_dir"] = os.path.relpath(theme["custom_dir"], work)
    # Material's look (dark header and tabs), which the site's CSS and screenshots assume;
    # Zensical's own default is its "modern" variant.
    theme.setdefault("variant", "classic")
    out["theme"] = theme
    return out
