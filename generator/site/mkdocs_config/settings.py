"""The project's mkdocs.yml, read safely and checked against the settings a project may set.

MkDocs reads its configuration with PyYAML's full loader, where a tag such as
``!!python/object/apply:os.system`` runs a command. Here the file is read by ``reader``,
which constructs nothing from tags: plain YAML values and MkDocs' own two tags, ``!ENV`` (an
environment variable) and ``!relative $config_dir/…`` or ``!relative $docs_dir/…`` (a folder of
the project). Any other tag is an error at its line.

The data is then checked against ``model.ProjectSettings``, the declared list of what
a project may override (site name, palette, features, extra pages, its own CSS…); the rest is
decided by the generator (see ``mkdocs.default.yml``). Every path must stay inside the project: no
absolute path, no ``..`` out of it, no symlink pointing out of it. Each problem is reported at
``mkdocs.yml:line:col``, all at once.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from generator.errors import InputError, Problem
from generator.load.messages import validation_problems
from generator.load.yamlsource import Loc, SourceFile
from generator.site.mkdocs_config.model import ProjectSettings, ThemeSettings
from generator.site.mkdocs_config.names import (
    extension_problems,
    icon_exists,
    language_exists,
    plugin_problems,
)
from generator.site.mkdocs_config.reader import PROJECT_CONFIG, Relative, parse_settings

__all__ = ["PROJECT_CONFIG", "ProjectSettings", "read_settings", "settings_problems"]

DEFAULT_DOCS_DIR = "docs"
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_GENERATED = {
    "site_dir": "thư mục trang do lệnh «baocao build --out» quyết định",
    "use_directory_urls": "đường dẫn trang do chương trình quyết định (tệp .html, mở được từ đĩa)",
    "dev_addr": "địa chỉ xem trước do lệnh «baocao serve --port» quyết định",
    "watch": "lệnh «baocao serve» tự theo dõi content/ và media/",
    "INHERIT": "không hỗ trợ kế thừa cấu hình từ tệp khác",
}
_EXTRA_REFUSED = {
    "analytics": "trang nội bộ không gửi dữ liệu người xem ra máy chủ khác",
    "consent": "trang nội bộ không gửi dữ liệu người xem ra máy chủ khác",
}


def read_settings(project_root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as checked plain data ({} without one); InputError otherwise.

    ``theme: material`` becomes a mapping, the mapping form of ``plugins`` and
    ``markdown_extensions`` the list form, and ``!relative`` paths absolute ones.
    """
    data, problems = settings_problems(project_root)
    if problems:
        raise InputError(problems)
    return data


def settings_problems(project_root: Path) -> tuple[dict[str, Any], list[Problem]]:
    root = project_root.resolve()
    path = root / PROJECT_CONFIG
    if not path.is_file():
        return {}, _default_docs_problems(root)
    try:
        text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {}, [Problem(PROJECT_CONFIG, 1, 1, "mkdocs.yml không phải văn bản UTF-8")]
    except OSError as exc:
        return {}, [Problem(PROJECT_CONFIG, 0, 0, f"không đọc được mkdocs.yml ({exc.strerror})")]
    source, problems = parse_settings(text)
    if source is None:
        return {}, problems
    if source.data is None:
        return {}, problems + _default_docs_problems(root)
    if not isinstance(source.data, dict):
        return {}, [
            *problems,
            Problem(PROJECT_CONFIG, 1, 1, "mkdocs.yml phải là một bảng khóa: giá trị"),
        ]
    checker = _Checker(root, source, problems)
    data = checker.check()
    return data, sorted(checker.problems)


def _default_docs_problems(root: Path) -> list[Problem]:
    """Without settings, docs/ (if any) is still copied into the site: checked the same way."""
    checker = _Checker(root, SourceFile(PROJECT_CONFIG, {}), [])
    if (root / DEFAULT_DOCS_DIR).is_dir():
        checker._folder(None, DEFAULT_DOCS_DIR)
    return checker.problems


class _Checker:
    def __init__(self, root: Path, source: SourceFile, problems: list[Problem]) -> None:
        self.root, self.source, self.problems = root, source, problems

    def at(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(self.source.problem(loc, message, key=key))

    def check(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.source.data)
        for name, reason in _GENERATED.items():
            if name in data:
                self.at((name,), f"không đặt được «{name}» trong mkdocs.yml: {reason}", key=True)
                del data[name]
        extra = data.get("extra")
        for name in ("analytics", "consent", "polyfills", "baocao"):
            if isinstance(extra, dict) and name in extra:
                reason = _EXTRA_REFUSED.get(name, "do chương trình quyết định")
                self.at(("extra", name), f"không đặt được «extra.{name}»: {reason}", key=True)
                data["extra"] = extra = {k: v for k, v in extra.items() if k != name}
        theme = data.get("theme")
        if theme == "material":
            data["theme"] = {}
        elif isinstance(theme, dict) and "font" in theme:
            self.at(
                ("theme", "font"),
                "phông chữ do chương trình quyết định (Be Vietnam Pro đi kèm, không tải từ "
                "Internet); hãy xóa «font»",
                key=True,
            )
            data["theme"] = {k: v for k, v in theme.items() if k != "font"}
        docs_dir = data.get("docs_dir")
        docs = docs_dir if isinstance(docs_dir, str) else DEFAULT_DOCS_DIR
        data = self._resolve(data, self.root / docs)
        try:
            settings = ProjectSettings.model_validate(data)
        except ValidationError as error:
            self.problems.extend(validation_problems(error, self.source, ProjectSettings))
            bad = {item["loc"][0] for item in error.errors() if item["loc"]}
            try:  # the other settings are still checked, so that all problems come at once
                settings = ProjectSettings.model_validate(
                    {k: v for k, v in data.items() if k not in bad}
                )
            except ValidationError:
                return {}
        self._paths(settings)
        for name in ("plugins", "markdown_extensions"):
            if isinstance(data.get(name), list | dict):  # else the model said what is wrong
                data[name] = self._named(name, data[name])
        return data

    def _resolve(self, value: Any, docs: Path) -> Any:
        """``!relative`` markers → absolute paths, checked to stay inside the project."""
        if isinstance(value, dict):
            return {k: self._resolve(v, docs) for k, v in value.items()}
        if isinstance(value, list):
            return [self._resolve(v, docs) for v in value]
        if not isinstance(value, Relative):
            return value
        base = self.root if value.base == "$config_dir" else docs
        reason = _lexical(value.suffix) if value.suffix else None
        target = base / value.suffix
        if reason is None and not _within(target, self.root):
            reason = "trỏ ra ngoài thư mục dự án"
        if reason:
            self.at(value.loc, f"!relative {value.base}/{value.suffix}: {reason}")
            return None
        return str(target)

    def _paths(self, settings: ProjectSettings) -> None:
        docs = self.root / DEFAULT_DOCS_DIR
        if settings.docs_dir is not None:
            docs = self._folder(("docs_dir",), settings.docs_dir) or docs
        elif docs.is_dir():
            self._folder(None, DEFAULT_DOCS_DIR)  # docs/ itself a symlink to content/, say
        theme, custom_dir = settings.theme, None
        if theme is not None and theme.custom_dir is not None:
            custom_dir = self._folder(("theme", "custom_dir"), theme.custom_dir)
        self._icons(theme, custom_dir)
        for i, hook in enumerate(settings.hooks):
            self._file(("hooks", i), hook, self.root, suffix=".py")
        for name in ("extra_css", "extra_javascript"):
            for i, item in enumerate(getattr(settings, name)):
                if _URL.match(item):
                    self.at(
                        (name, i),
                        f"«{item}»: trang không tải tệp từ máy chủ khác; hãy "
                        f"đặt tệp trong thư mục {_shown(docs, self.root)}/",
                    )
                else:
                    self._file((name, i), item, docs)
        for field in ("logo", "favicon"):
            value = getattr(theme, field, None) if theme else None
            if value is not None:
                self._file(("theme", field), value, docs)
        language = theme.language if theme else None
        if language is not None and not language_exists(language, custom_dir):
            self.at(
                ("theme", "language"), f"giao diện không có ngôn ngữ «{language}» (ví dụ: vi, en)"
            )
        for i, link in enumerate(settings.extra.social):
            if link.icon is not None and not icon_exists(link.icon, custom_dir):
                self.at(("extra", "social", i, "icon"), f"không có biểu tượng «{link.icon}»")
        self._nav(settings.nav, ("nav",))

    def _folder(self, loc: Loc | None, value: str) -> Path | None:
        """A folder copied into the site; ``loc`` None: the default docs/, not named in the
        file (a problem is then the folder's own)."""
        reason = _lexical(value)
        folder = self.root / value
        if reason is None and not _within(folder, self.root):
            reason = "trỏ ra ngoài thư mục dự án (liên kết tượng trưng)"
        if reason is None and not folder.is_dir():
            reason = "không có thư mục này trong dự án"
        if reason is None and _overlaps_records(folder.resolve(), self.root):
            reason = (
                "thư mục này được chép nguyên vào trang, nên không được là thư mục dự án hay "
                "chứa hoặc nằm trong content/, media/, .baocao/, .cache/, dist/, site/ (mọi "
                "người xem sẽ tải được cả tệp mật); hãy dùng một thư mục riêng, ví dụ docs/"
            )
        if reason:
            if loc is None:
                self.problems.append(Problem(value, message=reason))
            else:
                self.at(loc, f"«{value}»: {reason}")
            return None
        self._no_links_out(folder)
        return folder

    def _file(self, loc: Loc, value: str, base: Path, *, suffix: str = "") -> None:
        reason = _lexical(value)
        file = base / value
        if reason is None and not _within(file, self.root):
            reason = "trỏ ra ngoài thư mục dự án (liên kết tượng trưng)"
        if reason is None and not file.is_file():
            reason = f"không có tệp {_shown(file, self.root)}"
        if reason is None and suffix and file.suffix != suffix:
            reason = f"phải là tệp {suffix}"
        if reason:
            self.at(loc, f"«{value}»: {reason}")

    def _no_links_out(self, folder: Path) -> None:
        """A folder copied into the site may hold no symlink to outside the project, nor to
        its records (content/, media/)."""
        for current, dirs, files in os.walk(folder):
            for name in [*dirs, *files]:
                path = Path(current) / name
                if path.is_symlink() and (
                    not _within(path, self.root) or _overlaps_records(path.resolve(), self.root)
                ):
                    self.problems.append(
                        Problem(
                            _shown(path, self.root),
                            message="liên kết tượng trưng trỏ ra ngoài thư mục dự án hoặc vào "
                            "content/, media/; trang không được chép các tệp đó, hãy xóa liên "
                            "kết này",
                        )
                    )

    def _nav(self, items: Any, loc: Loc) -> None:
        for i, item in enumerate(items if isinstance(items, list) else []):
            here = (*loc, i)
            if isinstance(item, dict) and len(item) == 1:
                title, target = next(iter(item.items()))
                here = (*here, title)
            elif isinstance(item, str):
                target = item
            else:
                self.at(here, "mỗi mục của nav là «Tiêu đề: trang.md» hoặc «Tiêu đề: [các mục]»")
                continue
            if isinstance(target, list):
                self._nav(target, here)
            elif not isinstance(target, str):
                self.at(here, "mỗi mục của nav là «Tiêu đề: trang.md» hoặc «Tiêu đề: [các mục]»")
            elif not _URL.match(target) and (reason := _lexical(target)):
                self.at(here, f"«{target}»: {reason}")

    def _named(self, field: str, value: Any) -> list[Any]:
        """plugins / markdown_extensions in the list form; each name usable, its options
        loading as MkDocs will load them."""
        entries = [{k: v} for k, v in value.items()] if isinstance(value, dict) else list(value)
        for i, entry in enumerate(entries):
            loc: Loc = (field, i) if isinstance(value, list) else (field,)
            shape = f"mỗi mục của {field} là một tên, hoặc «tên: {{tùy chọn}}»"
            if not isinstance(entry, str) and not (isinstance(entry, dict) and len(entry) == 1):
                self.at(loc, shape)
                continue
            name, options = (entry, None) if isinstance(entry, str) else next(iter(entry.items()))
            if isinstance(entry, dict):
                loc = (*loc, name) if isinstance(value, list) else (field, name)
            if not isinstance(name, str) or not isinstance(options, dict | None):
                self.at(loc, shape)
                continue
            check = plugin_problems if field == "plugins" else extension_problems
            for option, message in check(name, options):
                self.at(loc if option is None else (*loc, option), message, key=option is not None)
        return entries

    def _icons(self, theme: ThemeSettings | None, custom_dir: Path | None) -> None:
        if theme is None:
            return
        found: list[tuple[Loc, Any]] = []
        raw = (
            self.source.data.get("theme", {}).get("palette")
            if isinstance(self.source.data.get("theme"), dict)
            else None
        )
        for i, palette in enumerate(theme.palette or []):
            if palette.toggle and "icon" in palette.toggle:
                at: Loc = ("theme", "palette", i) if isinstance(raw, list) else ("theme", "palette")
                found.append(((*at, "toggle", "icon"), palette.toggle["icon"]))
        stack: list[tuple[Loc, Any]] = [(("theme", "icon"), theme.icon or {})]
        while stack:
            loc, value = stack.pop()
            if isinstance(value, dict):
                stack.extend(((*loc, k), v) for k, v in value.items())
            else:
                found.append((loc, value))
        for loc, icon in sorted(found, key=lambda f: self.source.position(f[0])):
            if not isinstance(icon, str) or not icon_exists(icon, custom_dir):
                self.at(
                    loc,
                    f"không có biểu tượng «{icon}» (ví dụ đúng: material/brightness-7, "
                    "fontawesome/solid/house)",
                )


def _lexical(value: str) -> str | None:
    """Why ``value`` is not a relative path that stays inside its folder, or None."""
    text = value.replace("\\", "/")
    if not text.strip():
        return "đường dẫn trống"
    if PurePosixPath(text).is_absolute() or re.match(r"^[A-Za-z]:/", text):
        return "phải là đường dẫn tương đối trong dự án, không phải đường dẫn tuyệt đối"
    if _URL.match(text):
        return "phải là đường dẫn tới tệp trong dự án"
    normal = posixpath.normpath(text)
    if normal == ".." or normal.startswith("../"):
        return "trỏ ra ngoài thư mục dự án («..»)"
    return None


def _overlaps_records(folder: Path, root: Path) -> bool:
    """Whether copying ``folder`` into the site would copy the project itself, its content, its
    original media, or what baocao keeps beside them — caches, the studio's history of earlier
    file versions, rendered videos and built sites (all may hold what only some audiences may
    see)."""
    if folder == root:
        return True
    kept = (".cache", ".baocao", "dist", "site")
    for records in (root / "content", root / "media", *(root / name for name in kept)):
        if folder == records or records in folder.parents or folder in records.parents:
            return True
    return False


def _within(path: Path, root: Path) -> bool:
    resolved = path.resolve()
    return resolved == root or root in resolved.parents


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
