"""mkdocs.yml checked against the declared settings: every problem at its line, paths inside."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.site.mkdocs_config.settings import read_settings, settings_problems


def _write(root: Path, text: str) -> Path:
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def _problems(root: Path, text: str) -> list[str]:
    _write(root, text)
    return [str(p) for p in settings_problems(root)[1]]


def test_the_shapes_mkdocs_accepts_are_read_in_one_form(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/rieng.css").write_text("a{}", encoding="utf-8")
    _write(
        tmp_path,
        "site_name: Trang\ntheme: material\nplugins: {glightbox: {loop: true}, search: }\n"
        "markdown_extensions: {admonition: , toc: {permalink: '#'}}\nextra_css: [rieng.css]\n",
    )
    assert read_settings(tmp_path) == {
        "site_name": "Trang",
        "theme": {},
        "plugins": [{"glightbox": {"loop": True}}, {"search": None}],
        "markdown_extensions": [{"admonition": None}, {"toc": {"permalink": "#"}}],
        "extra_css": ["rieng.css"],
    }
    _write(tmp_path, "plugins: {}\n")
    assert read_settings(tmp_path) == {"plugins": []}
    assert _problems(tmp_path, "plugins: tags\n") == [
        "mkdocs.yml:1:10: trường «plugins»: phải là danh sách (các dòng bắt đầu bằng «-»), "
        "không phải «tags»"
    ]
    (tmp_path / "mkdocs.yml").unlink()
    assert read_settings(tmp_path) == {}


def test_settings_the_generator_decides_and_wrong_types_are_refused(tmp_path: Path) -> None:
    assert _problems(
        tmp_path,
        "use_directory_urls: true\nsite_dir: /var/www\ntheme: readthedocs\n"
        "extra: [a]\nnav: trang.md\nstrict: có\nINHERIT: ../chung.yml\nsite_nam: X\n",
    ) == [
        "mkdocs.yml:1:1: không đặt được «use_directory_urls» trong mkdocs.yml: đường dẫn trang "
        "do chương trình quyết định (tệp .html, mở được từ đĩa)",
        "mkdocs.yml:2:1: không đặt được «site_dir» trong mkdocs.yml: thư mục trang do lệnh "
        "«baocao build --out» quyết định",
        "mkdocs.yml:3:8: trường «theme»: phải là nhóm trường (tên: giá trị), không phải "
        "«readthedocs»",
        "mkdocs.yml:4:8: trường «extra»: phải là nhóm trường (tên: giá trị)",
        "mkdocs.yml:5:6: trường «nav»: phải là danh sách (các dòng bắt đầu bằng «-»), không "
        "phải «trang.md»",
        "mkdocs.yml:6:9: trường «strict»: phải là đúng/sai (true/false), không phải «có»",
        "mkdocs.yml:7:1: không đặt được «INHERIT» trong mkdocs.yml: không hỗ trợ kế thừa cấu "
        "hình từ tệp khác",
        "mkdocs.yml:8:1: trường «site_nam» không có trong mẫu (gõ nhầm?); có phải «site_name»?",
    ]
    assert _problems(tmp_path, "theme:\n  name: readthedocs\n  font: {text: Roboto}\n") == [
        "mkdocs.yml:2:9: trường «name»: giá trị «readthedocs» không hợp lệ; chọn một trong: "
        "material",
        "mkdocs.yml:3:3: phông chữ do chương trình quyết định (Be Vietnam Pro đi kèm, không tải "
        "từ Internet); hãy xóa «font»",
    ]


def test_folders_must_stay_inside_the_project(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "ra-ngoai").symlink_to("/etc")
    (root / "mau").mkdir()
    assert _problems(root, "docs_dir: ../../etc\ntheme: {custom_dir: /etc}\n") == [
        "mkdocs.yml:1:11: «../../etc»: trỏ ra ngoài thư mục dự án («..»)",
        "mkdocs.yml:2:21: «/etc»: phải là đường dẫn tương đối trong dự án, không phải đường "
        "dẫn tuyệt đối",
    ]
    assert _problems(root, "docs_dir: ra-ngoai\ntheme: {custom_dir: khong-co}\n") == [
        "mkdocs.yml:1:11: «ra-ngoai»: trỏ ra ngoài thư mục dự án (liên kết tượng trưng)",
        "mkdocs.yml:2:21: «khong-co»: không có thư mục này trong dự án",
    ]
    assert _problems(root, "docs_dir: mau\ntheme: {custom_dir: mau/../mau}\n") == []
    (root / "content/periods").mkdir(parents=True)
    (root / "media").mkdir()
    copied_whole = (
        "thư mục này được chép nguyên vào trang, nên không được là thư mục dự án hay chứa hoặc "
        "nằm trong content/, media/, .baocao/, .cache/, dist/, site/ (mọi người xem sẽ tải được "
        "cả tệp mật); hãy dùng một thư mục riêng, ví dụ docs/"
    )
    assert _problems(root, "docs_dir: .\ntheme: {custom_dir: content/periods}\n") == [
        f"mkdocs.yml:1:11: «.»: {copied_whole}",
        f"mkdocs.yml:2:21: «content/periods»: {copied_whole}",
    ]
    assert _problems(root, "docs_dir: media\n") == [f"mkdocs.yml:1:11: «media»: {copied_whole}"]
    # what baocao keeps beside the content: the studio's history of earlier file versions,
    # rendered videos (any audience), built sites
    for kept in (".baocao/history", "dist", "site"):
        (root / kept).mkdir(parents=True, exist_ok=True)
        assert _problems(root, f"docs_dir: {kept}\n") == [
            f"mkdocs.yml:1:11: «{kept}»: {copied_whole}"
        ]


def test_a_symlink_out_of_a_copied_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "docs/anh").mkdir(parents=True)
    (root / "docs/anh/mat-khau.txt").symlink_to("/etc/passwd")
    (root / "docs/trong.md").symlink_to(root / "mkdocs.yml")  # inside the project: fine
    (root / "content/periods").mkdir(parents=True)
    (root / "docs/ket-qua").symlink_to(root / "content/periods")  # the records: refused
    (root / "mau/partials").mkdir(parents=True)
    os.symlink("/etc", root / "mau/partials/etc")
    messages = _problems(root, "theme:\n  custom_dir: mau\n")
    refused = (
        "liên kết tượng trưng trỏ ra ngoài thư mục dự án hoặc vào content/, media/; trang "
        "không được chép các tệp đó, hãy xóa liên kết này"
    )
    assert messages == [
        f"docs/anh/mat-khau.txt: {refused}",
        f"docs/ket-qua: {refused}",
        f"mau/partials/etc: {refused}",
    ]
    (root / "docs/ket-qua").unlink()
    (root / "docs/anh/mat-khau.txt").unlink()
    shutil.rmtree(root / "docs")
    (root / "docs").symlink_to(root / "content")
    assert [m.split(": ", 1)[0] for m in _problems(root, "site_name: X\n")] == ["docs"]
    (root / "mkdocs.yml").unlink()  # docs/ is copied into the site even without settings
    assert [str(p).split(": ", 1)[0] for p in settings_problems(root)[1]] == ["docs"]


def test_css_scripts_hooks_and_nav_stay_inside_the_project(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/rieng.js").write_text("", encoding="utf-8")
    (tmp_path / "hook.txt").write_text("", encoding="utf-8")
    assert _problems(
        tmp_path,
        "extra_css:\n  - https://cdn.example/a.css\n  - ../a.css\n  - khong-co.css\n"
        "extra_javascript: [rieng.js, //cdn.example/b.js]\n"
        "hooks: [hook.txt, /tmp/h.py]\n"
        "nav:\n  - Giới thiệu: ../../etc/passwd\n  - Liên kết: https://vks.gov.vn\n"
        "  - Nhóm:\n      - /tuyet-doi.md\n      - {a: b, c: d}\n  - 3\n",
    ) == [
        "mkdocs.yml:2:5: «https://cdn.example/a.css»: trang không tải tệp từ máy chủ khác; "
        "hãy đặt tệp trong thư mục docs/",
        "mkdocs.yml:3:5: «../a.css»: trỏ ra ngoài thư mục dự án («..»)",
        "mkdocs.yml:4:5: «khong-co.css»: không có tệp docs/khong-co.css",
        "mkdocs.yml:5:30: «//cdn.example/b.js»: trang không tải tệp từ máy chủ khác; hãy đặt "
        "tệp trong thư mục docs/",
        "mkdocs.yml:6:9: «hook.txt»: phải là tệp .py",
        "mkdocs.yml:6:19: «/tmp/h.py»: phải là đường dẫn tương đối trong dự án, không phải "
        "đường dẫn tuyệt đối",
        "mkdocs.yml:8:17: «../../etc/passwd»: trỏ ra ngoài thư mục dự án («..»)",
        "mkdocs.yml:11:9: «/tuyet-doi.md»: phải là đường dẫn tương đối trong dự án, không phải "
        "đường dẫn tuyệt đối",
        "mkdocs.yml:12:9: mỗi mục của nav là «Tiêu đề: trang.md» hoặc «Tiêu đề: [các mục]»",
        "mkdocs.yml:13:5: mỗi mục của nav là «Tiêu đề: trang.md» hoặc «Tiêu đề: [các mục]»",
    ]


def test_relative_paths_resolve_inside_the_project(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "markdown_extensions:\n  - pymdownx.snippets:\n"
        "      base_path: [!relative $config_dir/doan, !relative $docs_dir]\n",
    )
    options = read_settings(tmp_path)["markdown_extensions"][0]["pymdownx.snippets"]
    assert options["base_path"] == [str(tmp_path / "doan"), str(tmp_path / "docs")]
    assert _problems(tmp_path, "extra:\n  a: !relative $config_dir/../../etc\n") == [
        "mkdocs.yml:2:6: !relative $config_dir/../../etc: trỏ ra ngoài thư mục dự án («..»)"
    ]


def test_plugins_extensions_and_icons_are_checked_as_the_build_will_load_them(
    tmp_path: Path,
) -> None:
    assert _problems(
        tmp_path,
        "plugins:\n  - khong-co-plugin-nay\n  - social\n  - search: {lang: 5}\n"
        "  - glightbox: {loop: x}\n  - {a: 1, b: 2}\n"
        "markdown_extensions:\n  - admonition: {x: 1}\n  - os\n  - pymdownx.details\n"
        "theme:\n  palette: {toggle: {icon: material/khong-co, name: Tối}}\n"
        "  icon: {admonition: {note: fontawesome/solid/house, tip: ../x}}\n",
    ) == [
        "mkdocs.yml:2:5: không có plugin «khong-co-plugin-nay»; các plugin dùng được: blog, "
        "glightbox, group, meta, offline, search, tags, typeset",
        "mkdocs.yml:3:5: plugin «social» cần Internet hoặc công cụ ngoài khi dựng trang",
        "mkdocs.yml:4:14: plugin «search», tùy chọn «lang»: Expected a list of language codes.",
        "mkdocs.yml:5:17: plugin «glightbox», tùy chọn «loop»: Expected type: <class 'bool'> "
        "but received: <class 'str'>",
        "mkdocs.yml:6:5: mỗi mục của plugins là một tên, hoặc «tên: {tùy chọn}»",
        "mkdocs.yml:8:18: phần mở rộng «admonition» không có tùy chọn «x»",
        "mkdocs.yml:9:5: không có phần mở rộng Markdown «os»; dùng tên có sẵn (ví dụ "
        "admonition, footnotes) hoặc của pymdownx (ví dụ pymdownx.details)",
        "mkdocs.yml:12:28: không có biểu tượng «material/khong-co» (ví dụ đúng: "
        "material/brightness-7, fontawesome/solid/house)",
        "mkdocs.yml:13:59: không có biểu tượng «../x» (ví dụ đúng: material/brightness-7, "
        "fontawesome/solid/house)",
    ]


def test_read_settings_raises_every_problem_at_once(tmp_path: Path) -> None:
    _write(tmp_path, "dev_addr: 0.0.0.0:80\nextra_css: [/etc/passwd]\n")
    with pytest.raises(InputError) as caught:
        read_settings(tmp_path)
    assert [(p.path, p.line) for p in caught.value.problems] == [
        ("mkdocs.yml", 1),
        ("mkdocs.yml", 2),
    ]


def test_what_material_reads_from_extra_and_theme_is_checked_too(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/logo.png").write_bytes(b"png")
    assert _problems(
        tmp_path,
        "theme:\n  language: xx\n  logo: logo.png\n  favicon: https://x.example/f.ico\n"
        "extra:\n  analytics: {provider: google, property: G-1}\n  alternate: 5\n"
        "  social:\n    - {icon: fontawesome/brands/khong-co, link: 'https://vks.gov.vn'}\n"
        "  rieng: {bat_ky: gi}\n",
    ) == [
        "mkdocs.yml:2:13: giao diện không có ngôn ngữ «xx» (ví dụ: vi, en)",
        "mkdocs.yml:4:12: «https://x.example/f.ico»: phải là đường dẫn tới tệp trong dự án",
        "mkdocs.yml:6:3: không đặt được «extra.analytics»: trang nội bộ không gửi dữ liệu người "
        "xem ra máy chủ khác",
        "mkdocs.yml:7:14: trường «alternate»: phải là danh sách (các dòng bắt đầu bằng «-»), "
        "không phải «5»",
    ]
    assert _problems(
        tmp_path,
        "extra:\n  social:\n    - {icon: fontawesome/brands/khong-co, link: 'https://vks.gov.vn'}\n",
    ) == ["mkdocs.yml:3:14: không có biểu tượng «fontawesome/brands/khong-co»"]
