import io
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from generator.errors import InputError, Severity
from generator.model import SiteInfo, Visibility
from generator.pipeline import build, check
from generator.site.mkdocs_config.compose import build_config, merge, read_project_config

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
    assert config["hooks"] == []  # the engine runs no code of ours (site/finish.py runs after)


def test_project_keys_win_but_structure_is_generated(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/rieng.css").write_text("a {}", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Cổng thông tin nội bộ\n"
        "theme:\n  name: material\n  palette: {primary: red}\n"
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


@pytest.mark.parametrize(
    "text",
    [
        "theme: material\nplugins: {}\n",
        "theme: material\nplugins: {glightbox: {loop: true}}\nmarkdown_extensions: {footnotes: }\n",
        "theme: {palette: [{scheme: slate, toggle: {icon: material/brightness-4, name: Tối}}]}\n",
    ],
)
def test_every_shape_that_passes_the_check_loads_in_mkdocs(tmp_path: Path, text: str):
    """What ``check`` accepts, MkDocs' own configuration loader accepts too."""
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    for folder in ("docs", "theme"):
        (tmp_path / folder).mkdir()
    config = _config(tmp_path, read_project_config(tmp_path))
    loaded = load_config(io.BytesIO(b"{}"), config_file_path=str(tmp_path / "x.yml"), **config)
    assert loaded.theme.name == "material" and loaded.plugins


def test_check_reports_mkdocs_yml_with_the_content_problems(tiny_project: Path):
    (tiny_project / "mkdocs.yml").write_text("site_name: [a]\n", encoding="utf-8")
    units = tiny_project / "content/units.yml"
    units.write_text(units.read_text("utf-8").replace("kind: regional", "kind: x"), "utf-8")
    with pytest.raises(InputError) as caught:
        check(tiny_project)
    # (the tiny project's warnings, e.g. no «report:» settings, come with the errors)
    errors = [p for p in caught.value.problems if p.severity is Severity.ERROR]
    assert [p.path for p in errors] == ["content/units.yml", "mkdocs.yml"]
    assert str(errors[1]) == "mkdocs.yml:1:12: trường «site_name»: phải là chuỗi ký tự"

    units.write_text(units.read_text("utf-8").replace("kind: x", "kind: regional"), "utf-8")
    with pytest.raises(InputError) as caught:
        check(tiny_project)
    assert [p.path for p in caught.value.problems] == ["mkdocs.yml"]
    (tiny_project / "mkdocs.yml").write_text("site_name: Trang\n", encoding="utf-8")
    summary, _loaded = check(tiny_project)
    assert summary.units == 4


def test_the_python_tag_does_not_run_in_check_nor_in_build(tiny_project: Path, tmp_path: Path):
    marker = tmp_path / "pwned"
    (tiny_project / "mkdocs.yml").write_text(
        f'site_name: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        check(tiny_project)
    with pytest.raises(InputError):
        build(tiny_project, Visibility.INTERNAL, tmp_path / "site")
    assert not marker.exists()
    assert str(caught.value.problems[0]).startswith(
        "mkdocs.yml:1:12: thẻ YAML «!!python/object/apply:os.system» không được dùng"
    )
    assert not (tmp_path / "site").exists()


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


def test_the_cli_check_and_build_exit_1_with_the_line_and_no_traceback(
    tiny_project: Path, tmp_path: Path
):
    marker = tmp_path / "pwned"
    (tiny_project / "mkdocs.yml").write_text(
        f'site_name: Trang\nextra: !!python/object/apply:os.system ["touch {marker}"]\n'
        "theme: {custom_dir: /etc}\nplugins: {}\n",
        encoding="utf-8",
    )
    for command in (["check"], ["build", "--out", str(tmp_path / "site")]):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "--project", str(tiny_project), *command],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert [line for line in done.stderr.splitlines() if line][:2] == [
            "mkdocs.yml:2:8: thẻ YAML «!!python/object/apply:os.system» không được dùng trong "
            "mkdocs.yml; chỉ dùng được !ENV (biến môi trường) và !relative (thư mục của dự án)",
            "mkdocs.yml:3:21: «/etc»: phải là đường dẫn tương đối trong dự án, không phải đường "
            "dẫn tuyệt đối",
        ]
    assert not marker.exists() and not (tmp_path / "site").exists()
