from pathlib import Path

import pytest

from generator.errors import InputError
from generator.model import SiteInfo
from generator.site.config import build_config, merge, read_project_config

SITE = SiteInfo(
    organisation="Viện kiểm sát <nhân dân>", short_name="VKSND tỉnh Phú Yên", address="Tuy Hòa"
)


def _config(tmp_path: Path, project: dict, offline: bool = False) -> dict:
    return build_config(
        SITE,
        project,
        docs_dir=tmp_path / "docs",
        site_dir=tmp_path / "site",
        theme_dir=tmp_path / "theme",
        nav=[{"Trang chủ": "index.md"}],
        offline=offline,
        content_date="2021-07-15",
        logo=None,
        project_root=tmp_path,
    )


def test_defaults_without_project_config(tmp_path: Path):
    config = _config(tmp_path, read_project_config(tmp_path))
    assert config["site_name"] == "VKSND tỉnh Phú Yên"
    assert config["copyright"] == "Viện kiểm sát &lt;nhân dân&gt;, Tuy Hòa"
    assert config["theme"]["language"] == "vi" and config["theme"]["font"] is False
    assert config["use_directory_urls"] is False
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search", "glightbox"]
    assert config["extra"]["polyfills"] == [
        "assets/baocao/iframe-worker.js",
        "assets/baocao/search-query.js",
    ]
    assert config["extra"]["baocao"] == {"content_date": "2021-07-15"}


def test_project_keys_win_but_structure_is_generated(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Cổng thông tin nội bộ\n"
        "use_directory_urls: true\n"
        "theme:\n  name: readthedocs\n  font: {text: Roboto}\n  palette: {primary: red}\n"
        "nav:\n  - Giới thiệu: gioi-thieu.md\n"
        "plugins:\n  - glightbox: {loop: true}\n"
        "extra_css: [rieng.css]\n",
        encoding="utf-8",
    )
    config = _config(tmp_path, read_project_config(tmp_path), offline=True)
    assert config["site_name"] == "Cổng thông tin nội bộ"
    assert config["theme"]["palette"] == {"scheme": "default", "primary": "red", "accent": "red"}
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert config["use_directory_urls"] is False
    assert config["nav"] == [{"Trang chủ": "index.md"}, {"Giới thiệu": "gioi-thieu.md"}]
    assert {"glightbox": {**config["plugins"][1]["glightbox"], "loop": True}} in config["plugins"]
    assert config["plugins"][-1] == "offline"
    assert config["extra_css"] == ["assets/baocao/baocao.css", "rieng.css"]


def test_invalid_project_yaml_is_reported_with_its_line(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: a\ntheme: [\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_project_config(tmp_path)
    problem = caught.value.problems[0]
    assert problem.path == "mkdocs.yml" and problem.line >= 2


def test_merge_is_deep_and_does_not_touch_its_inputs():
    base = {"theme": {"a": 1, "b": {"c": 2}}}
    merged = merge(base, {"theme": {"b": {"d": 3}}})
    assert merged == {"theme": {"a": 1, "b": {"c": 2, "d": 3}}}
    assert base == {"theme": {"a": 1, "b": {"c": 2}}}
