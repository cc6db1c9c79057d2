"""The same site from both MkDocs 1.x engines: MkDocs 1.6 and ProperDocs, its maintained fork;
and what Zensical builds of it.

``BAOCAO_SITE_ENGINE=properdocs`` makes ``baocao build`` run on ProperDocs (generator/site/
engine.py). Both builds of the site test project (HEIC photo, clips, hostile text, two periods)
must hold the same files, byte for byte, but for the ``<meta name="generator">`` line.
``BAOCAO_SITE_ENGINE=zensical`` builds the same pages, finished by the same pass (the README,
"The site engine", tells what it builds and what it does not).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from generator.model import SiteInfo
from generator.site.engine import ENGINE_VARIABLE
from generator.site.mkdocs_config.compose import build_config

_GENERATOR_META = re.compile(rb'\s*<meta name="generator" content="([^"]*)">')
_ROOTED = re.compile(r"""\s(?:href|src|action)=["']/(?!/)""", re.I)  # "/x", not "//host"


def _build(project: Path, out: Path, engine: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, ENGINE_VARIABLE: engine}
    command = [sys.executable, "-m", "generator", "--project", str(project), "build"]
    return subprocess.run(
        [*command, "--out", str(out)], env=env, capture_output=True, text=True, timeout=300
    )


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(
    site_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The site test project built once by ProperDocs, for the tests that compare with it."""
    if find_spec("properdocs") is None:
        pytest.fail("ProperDocs is not installed: pip install -e '.[test]'")
    out = tmp_path_factory.mktemp("properdocs") / "site"
    return _build(site_project, out, "properdocs"), out


def test_properdocs_builds_the_same_site_as_mkdocs(
    site_project: Path,
    tmp_path: Path,
    properdocs_site: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    built = {}
    for engine, (done, out) in {
        "mkdocs": (_build(site_project, tmp_path / "mkdocs", "mkdocs"), tmp_path / "mkdocs"),
        "properdocs": properdocs_site,
    }.items():
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Đã dựng trang" in done.stdout
        built[engine] = _files(out)

    mkdocs, properdocs = built["mkdocs"], built["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs)  # the same page set, the same media
    pages = [name for name in mkdocs if name.endswith(".html")]
    assert len(pages) > 30 and "ky-bao-cao/2021-h1/song-cau.html" in pages
    assert any(name.startswith("media/anh/2021-h1/song-cau/img-0001-") for name in mkdocs)
    meta = {
        engine: _GENERATOR_META.search(files["index.html"]).group(1).decode()
        for engine, files in built.items()
    }
    assert meta["mkdocs"].startswith("mkdocs-1.6") and "ProperDocs" in meta["properdocs"]
    differing = [
        name
        for name in mkdocs
        if _GENERATOR_META.sub(b"", mkdocs[name]) != _GENERATOR_META.sub(b"", properdocs[name])
    ]
    assert differing == []  # same visible text, same markup, same search index


def test_properdocs_is_the_default_and_no_hook_is_registered(
    site_project: Path, tmp_path: Path
) -> None:
    """Without BAOCAO_SITE_ENGINE the site is built by ProperDocs; the configuration handed to
    the engine names no hook (a project's own mkdocs.yml may add its own)."""
    done = _build(site_project, tmp_path / "site", "")
    assert done.returncode == 0, done.stdout + done.stderr
    index = (tmp_path / "site" / "index.html").read_bytes()
    assert b"ProperDocs" in _GENERATOR_META.search(index).group(1)
    config = build_config(
        SiteInfo(organisation="Viện kiểm sát nhân dân tỉnh Phú Yên", short_name="VKSND"),
        {},
        docs_dir=tmp_path / "docs",
        site_dir=tmp_path / "out",
        theme_dir=tmp_path / "theme",
        nav=[],
        offline=True,
        logo=None,
        project_root=site_project,
    )
    assert config["hooks"] == []


def test_an_unknown_engine_is_refused_with_one_sentence(site_project: Path, tmp_path: Path) -> None:
    done = _build(site_project, tmp_path / "site", "sphinx")

    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        f"Biến môi trường {ENGINE_VARIABLE}=sphinx không hợp lệ; hãy để trống hoặc ghi "
        "mkdocs hay properdocs hay zensical."
    )
    assert "Traceback" not in done.stderr and not (tmp_path / "site").exists()


def test_zensical_builds_the_site_test_project(
    site_project: Path,
    tmp_path: Path,
    properdocs_site: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    """What the README's table says Zensical builds: the same pages as ProperDocs, and, after
    the same finishing pass, no script link in any page and a 404 page that works under any
    sub-path (its links relative). Search, lightbox and look are told there, measured by hand."""
    if find_spec("zensical") is None:
        pytest.skip("Zensical is not installed: pip install -e '.[test]'")
    done = _build(site_project, tmp_path / "site", "zensical")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã dựng trang" in done.stdout

    site = tmp_path / "site"
    index = (site / "index.html").read_bytes()
    assert _GENERATOR_META.search(index).group(1).startswith(b"zensical-")  # Zensical built it
    properdocs_done, properdocs = properdocs_site
    assert properdocs_done.returncode == 0, properdocs_done.stdout + properdocs_done.stderr
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(properdocs).as_posix() for p in properdocs.rglob("*.html"))
    assert "ky-bao-cao/2021-h1/song-cau.html" in pages and "404.html" in pages

    texts = {page: (site / page).read_text(encoding="utf-8") for page in pages}
    assert [page for page, text in texts.items() if "javascript:" in text.lower()] == []
    report = texts["ky-bao-cao/2021-h1/bao-cao.html"]
    assert '<a href="#">độc hại</a>' in report  # the report's javascript: link, neutralised
    assert '<span class="bc-blocked">[ảnh ngoài]</span>' in report and "example.com" not in report
    not_found = texts["404.html"]
    assert _ROOTED.findall(not_found) == [] and 'href="index.html"' in not_found
