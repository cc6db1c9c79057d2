"""The one cache rule of every derivative: it is keyed by the content of every input, the code
that makes it included.

Web copies of photos and clips (``media/image.py``, ``media/clip.py``), the contact sheet's clip
frames (``media/frame.py``), and the video's drawn slides, caption bands, segments, soundtrack and
narration are all cached under a hash of what they are made from. The code is one of those
inputs: :func:`code_digest` hashes the source of the modules that make the artefact, and of
every module of the ``generator`` package they import (directly or not), so editing a colour in
``video/slides/paint.py`` re-draws the slides, and editing the encoder settings in
``media/clip.py`` re-encodes the web copies, on the next run. No version number has to be
remembered and bumped by hand.

What is hashed is the code as Python reads it (its syntax tree), without comments, docstrings
or line positions: rewording a comment keeps every cache, changing a value or a statement
does not.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.util
import threading
from collections.abc import Iterable
from pathlib import Path

from generator.fsutil import file_sha256

_ROOT_PACKAGE = "generator"
# CPython 3.11 keeps the AST builder's recursion count per interpreter, not per thread: two
# threads parsing at once (the soundtrack's and the segments' cache keys, or a traceback being
# formatted elsewhere) can fail with "AST constructor recursion depth mismatch"
# (python/cpython#106905). Parse one at a time here, and parse again if another thread still
# got in the way: the source is the same, only the interpreter's count was disturbed.
_PARSE_LOCK = threading.Lock()
_PARSE_TRIES = 3


def code_digest(*modules: str) -> str:
    """SHA-256 (hex, 24 digits) of the code of ``modules`` and of everything of the
    ``generator`` package they import. A package stands for every module inside it."""
    return _code_digest(tuple(sorted(set(modules))))


def file_digest(paths: Iterable[Path]) -> str:
    """SHA-256 (hex, 24 digits) of the bytes of ``paths``, in the order given (e.g. fonts)."""
    sha = hashlib.sha256()
    for path in paths:
        sha.update(_file_sha(path).encode())
    return sha.hexdigest()[:24]


@functools.cache
def _code_digest(modules: tuple[str, ...]) -> str:
    sha = hashlib.sha256()
    for name, path in sorted(closure(modules).items()):
        sha.update(f"{name}\0{_code_sha(path)}\n".encode())
    return sha.hexdigest()[:24]


def closure(modules: Iterable[str]) -> dict[str, Path]:
    """Every module (name → source file) that ``modules`` consist of or import from
    ``generator``, followed transitively."""
    todo = [member for name in modules for member in _members(name)]
    found: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in found:
            continue
        path = _source(name)
        if path is not None:
            found[name] = path
            todo += _imports(name, path)
    return found


def _members(name: str) -> list[str]:
    """A module, or a package and every module and sub-package inside it."""
    path = _source(name)
    if path is None or path.name != "__init__.py":
        return [name]
    inside = [f"{name}.{p.stem}" for p in sorted(path.parent.glob("*.py")) if p.stem != "__init__"]
    packages = [f"{name}.{p.parent.name}" for p in sorted(path.parent.glob("*/__init__.py"))]
    return [name, *inside, *(m for package in packages for m in _members(package))]


def _source(name: str) -> Path | None:
    if name != _ROOT_PACKAGE and not name.startswith(f"{_ROOT_PACKAGE}."):
        return None
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _imports(name: str, path: Path) -> list[str]:
    """The ``generator`` modules ``path`` imports when it runs (imports for the type checker
    alone, under ``if TYPE_CHECKING:``, are not code that runs): ``from a import b`` names
    ``a`` and, when ``b`` is a module itself, ``a.b``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: list[str] = []
    todo: list[ast.AST] = [_tree(path)]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            todo += node.orelse
            continue
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
        todo += ast.iter_child_nodes(node)
    return [n for n in names if n == _ROOT_PACKAGE or n.startswith(f"{_ROOT_PACKAGE}.")]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@functools.cache
def _tree(path: Path) -> ast.Module:
    return _parse(path)


def _parse(path: Path) -> ast.Module:
    source = path.read_bytes()
    with _PARSE_LOCK:
        for _ in range(_PARSE_TRIES - 1):
            with contextlib.suppress(SystemError):
                return ast.parse(source, str(path))
        return ast.parse(source, str(path))


@functools.cache
def _code_sha(path: Path) -> str:
    """The module's syntax tree without docstrings, comments or positions, hashed."""
    tree = _WithoutStrings().visit(_parse(path))  # a tree of its own: the visit changes it
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


class _WithoutStrings(ast.NodeTransformer):
    """Drops statements that are a bare string: docstrings, of modules, classes, functions and
    attributes alike (they do nothing when the code runs)."""

    def visit_Expr(self, node: ast.Expr) -> ast.Expr | None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return None
        return node


@functools.cache
def _file_sha(path: Path) -> str:
    return file_sha256(path)
