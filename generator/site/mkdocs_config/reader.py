"""mkdocs.yml read without running anything: composed by PyYAML, then built by hand.

PyYAML's *composer* makes a node tree and no Python object; the values are built from that tree
here, keeping each key's and value's position (for ``mkdocs.yml:line:col`` messages). Only plain
YAML values and MkDocs' own two tags are known: ``!ENV`` (an environment variable, as MkDocs'
``pyyaml_env_tag``) and ``!relative $config_dir/…`` / ``$docs_dir/…`` (kept as ``Relative``,
resolved by ``settings`` once the docs folder is known). Any other tag — ``!!python/object`` and
the like — is an error at its line, and nothing is ever constructed from it.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, cast

import yaml

from generator.errors import Problem
from generator.load.yamlsource import Loc, SourceFile

PROJECT_CONFIG = "mkdocs.yml"
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "str")}
_STANDARD_TAGS |= {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_MAX_NODES = 100_000  # aliases can make a small file a huge tree
_MAX_DEPTH = 64


# --- reading: a node tree built by hand --------------------------------------------------------


class _Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML has no type information here
    """PyYAML's safe loader with no constructor added: used to compose and for plain scalars."""


REFUSED = object()  # a value under a refused tag: left out, its problem already reported


@dataclass(frozen=True)
class Relative:
    """``!relative $config_dir/…`` / ``$docs_dir/…``, resolved once docs_dir is known."""

    base: str  # "$config_dir" | "$docs_dir"
    suffix: str
    loc: Loc


class _Builder:
    def __init__(self, loader: _Loader, source: SourceFile, problems: list[Problem]) -> None:
        self.loader, self.source, self.problems = loader, source, problems
        self.nodes = 0

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(PROJECT_CONFIG, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        self.nodes += 1
        if depth > _MAX_DEPTH or self.nodes > _MAX_NODES:
            raise RecursionError
        self.source.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag == "!ENV":
            return self._env(node)
        if node.tag == "!relative":
            return self._relative(node, loc)
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
            self.problem(
                node,
                f"thẻ YAML «{tag}» không được dùng trong mkdocs.yml; chỉ dùng được "
                "!ENV (biến môi trường) và !relative (thư mục của dự án)",
            )
            return REFUSED
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            items = [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
            return [item for item in items if item is not REFUSED]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError):
            value = str(node.value)
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, (*loc, "<key>"), depth + 1)
            if key is REFUSED:
                continue
            if not isinstance(key, Hashable):  # a list or a mapping (neither is hashable)
                self.problem(key_node, "tên trường không hợp lệ")
                continue
            if key in result:
                self.problem(key_node, f"trường «{key}» bị lặp lại; hãy giữ một và xóa bản còn lại")
                continue
            # Any scalar may be a key (null, a float, a date): it stands in the loc as read,
            # where only its hash and equality are used.
            key_loc = cast(Loc, (*loc, key))
            self.source.keys[key_loc] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            value = self.build(value_node, key_loc, depth + 1)
            if value is not REFUSED:  # reported once, at the tag
                result[key] = value
        self.source.values.pop((*loc, "<key>"), None)
        return result

    def _env(self, node: yaml.Node) -> Any:
        """As MkDocs' ``!ENV``: ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``."""
        children = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.MappingNode) or not all(
            isinstance(c, yaml.ScalarNode) and c.tag in _STANDARD_TAGS | {"!ENV"} for c in children
        ):
            self.problem(node, "!ENV cần tên một biến môi trường, hoặc [TÊN, …, giá trị mặc định]")
            return None
        default = None
        if isinstance(node, yaml.SequenceNode) and len(children) > 1:
            default = self._scalar(children[-1])
            children = children[:-1]
        for child in children:
            value = os.environ.get(str(child.value))
            if value is not None:
                tag = self.loader.resolve(yaml.ScalarNode, value, (True, False))
                return self._scalar(yaml.ScalarNode(tag, value, node.start_mark, node.end_mark))
        return default

    def _relative(self, node: yaml.Node, loc: Loc) -> Relative | None:
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        base, _, suffix = value.partition("/")
        if base not in ("$config_dir", "$docs_dir"):
            self.problem(
                node,
                "!relative chỉ dùng được dạng «!relative $config_dir/…» (thư mục dự án) hoặc "
                "«!relative $docs_dir/…» (thư mục trang riêng)",
            )
            return None
        return Relative(base, suffix, loc)


def parse_settings(text: str) -> tuple[SourceFile | None, list[Problem]]:
    """mkdocs.yml's text as data with positions, or the syntax problem that stopped reading."""
    source = SourceFile(PROJECT_CONFIG)
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()  # composes only: no Python object is made from tags
        if node is not None:
            data = _Builder(loader, source, problems).build(node, ())
            source.data = None if data is REFUSED else data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = (exc.problem or exc.context or "").strip()
        return None, [Problem(PROJECT_CONFIG, line, column, f"lỗi cú pháp YAML ({reason})")]
    except yaml.YAMLError as exc:
        return None, [Problem(PROJECT_CONFIG, 1, 1, f"lỗi cú pháp YAML ({exc})")]
    except RecursionError:
        return None, [Problem(PROJECT_CONFIG, 1, 1, "cấu trúc YAML lồng nhau quá sâu hoặc quá lớn")]
    finally:
        loader.dispose()
    return source, problems
