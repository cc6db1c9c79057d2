"""Atomic publication of a built site: copy it into a release folder, then swap a symlink.

Layout, for ``--to /var/www/baocao``::

    /var/www/baocao                      symlink -> .baocao.releases/000007-3fa2c81b90de
    /var/www/.baocao.releases/
        .lock                            flock: one publisher at a time
        000006-91c0d2e4aa17/             an older, complete release (kept for rollback)
        000007-3fa2c81b90de/             the release being served
        .partial-*/                      a copy in progress (or left by a killed run)
        .trash-*/                        a release being deleted

Why it is safe against SIGKILL at any instant: a release folder gets its final name only by a
rename once every file is copied (and fsynced), so a partial copy is never linked; the web root
changes only by ``os.replace`` of a fresh symlink over ``target``, which the kernel does in one
step, so nginx resolves either the old or the new release, never a mix. Old releases are first
renamed to ``.trash-*`` and only then deleted, so a half-deleted release never looks complete.
Leftovers (``.partial-*``, ``.trash-*``, temporary links) are removed by the next run.

A ``target`` that is a real directory from before is refused, not migrated: a directory cannot
be replaced by a symlink in one atomic step, and baocao never moves or deletes data it did not
create. Staff rename that folder themselves, then publish.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EnvironmentProblem, InputError, Problem
from generator.fsutil import OUTPUT_MARKER, read_marker
from generator.model import Visibility

RELEASE_NAME = re.compile(r"^(\d{6,})-([0-9a-f]{12})$")
PARTIAL_PREFIX = ".partial-"
TRASH_PREFIX = ".trash-"
LOCK_NAME = ".lock"
LOCK_TIMEOUT_S = 60.0
CHUNK = 1 << 20


@dataclass(frozen=True)
class Publication:
    """The state after a publish or a rollback."""

    target: Path
    """The symlink the web server serves."""
    release: Path
    """The release folder ``target`` now points to."""
    previous: Path | None
    """The release ``target`` pointed to before (``None`` on the first publication)."""
    releases: tuple[Path, ...]
    """Every release kept on disk, oldest first."""
    rolled_back: bool = False
    audience: Visibility | None = None
    """The audience the served site was built for (None: a release that does not say)."""

    def summary(self) -> str:
        """One Vietnamese sentence for staff."""
        verb = "Đã quay lại" if self.rolled_back else "Đã xuất bản"
        shown = self.audience or "không rõ"
        text = f"{verb} {self.target} (đối tượng xem: {shown}) → bản phát hành {self.release.name}"
        if self.previous is not None:
            text += f" (trước đó: {self.previous.name})"
        return f"{text}; đang lưu {len(self.releases)} bản phát hành."


def releases_dir(target: Path) -> Path:
    """The folder beside ``target`` that holds its releases (outside the served tree)."""
    return target.parent / f".{target.name}.releases"


def publish(
    site_dir: Path, target: Path, keep: int = 5, audience: Visibility | None = None
) -> Publication:
    """Copy ``site_dir`` into a new release and point ``target`` at it atomically.

    The site must say which audience it was built for (its marker file, copied into the
    release); a restricted site is published only when ``audience`` asks for it explicitly,
    and a given ``audience`` must be the site's. Keeps the newest ``keep`` releases, plus the
    one just replaced (a request may still be reading from it).
    """
    target = Path(os.path.abspath(target))  # abspath: never follow the symlink itself
    _check_site(site_dir)
    built_for = _check_audience(site_dir, audience)
    if keep < 1:
        raise InputError(f"Số bản phát hành cần giữ phải từ 1 trở lên (đang là {keep}).")
    _check_target(target)
    store = releases_dir(target)
    store.mkdir(parents=True, exist_ok=True)
    with _locked(store):
        _clean_leftovers(store, target)
        _check_target(target)  # again, now that no other publisher can race us
        release = _copy_release(site_dir, store)
        previous = current_release(target)
        _switch(target, release)
        _prune(store, keep, protect={release, previous})
        releases = tuple(_list_releases(store))
        return Publication(target, release, previous, releases, audience=built_for)


def rollback(target: Path) -> Publication:
    """Point ``target`` at the release published before the one it serves now."""
    target = Path(os.path.abspath(target))
    store = releases_dir(target)
    if not target.is_symlink() or not store.is_dir():
        raise InputError(
            Problem(str(target), message="chưa được xuất bản bằng baocao nên không thể quay lại.")
        )
    with _locked(store):
        _clean_leftovers(store, target)
        current = current_release(target)
        if current is None:
            raise InputError(
                Problem(
                    str(target),
                    message="không trỏ tới bản phát hành nào của baocao nên không thể quay lại.",
                )
            )
        older = [r for r in _list_releases(store) if _counter(r) < _counter(current)]
        if not older:
            raise InputError(
                Problem(
                    str(target),
                    message=f"không còn bản phát hành nào cũ hơn {current.name} để quay lại.",
                )
            )
        _switch(target, older[-1])
        return Publication(
            target,
            older[-1],
            current,
            tuple(_list_releases(store)),
            rolled_back=True,
            audience=site_audience(older[-1]),
        )


def current_release(target: Path) -> Path | None:
    """The release folder ``target`` points to, or ``None`` if it is not one of ours."""
    target = Path(os.path.abspath(target))
    if not target.is_symlink():
        return None
    pointed = Path(os.path.normpath(target.parent / os.readlink(target)))
    store = releases_dir(target)
    if pointed.parent != store or not RELEASE_NAME.match(pointed.name) or not pointed.is_dir():
        return None
    return pointed


def _check_site(site_dir: Path) -> None:
    if not (site_dir / "index.html").is_file():
        raise InputError(
            Problem(
                str(site_dir),
                message="không có trang web đã dựng (thiếu index.html); "
                "hãy chạy «baocao build» trước khi xuất bản.",
            )
        )


def site_audience(site_dir: Path) -> Visibility | None:
    """The audience a built site (or a release of one) records, or None when it does not."""
    marker = read_marker(site_dir) or {}
    try:
        return Visibility(str(marker.get("audience")))
    except ValueError:
        return None


def _check_audience(site_dir: Path, asked: Visibility | None) -> Visibility:
    """Fail closed: a site that does not say its audience is not published, nor a restricted
    one unless ``--audience restricted`` was given, nor one built for another audience."""
    built_for = site_audience(site_dir)
    rebuild = f"baocao build --audience {asked or Visibility.INTERNAL}"
    if built_for is None:
        message = (
            f"không ghi trang được dựng cho đối tượng xem nào (thiếu tệp {OUTPUT_MARKER}), nên "
            f"không xuất bản; hãy dựng lại bằng «{rebuild}» rồi xuất bản."
        )
    elif asked is not None and asked is not built_for:
        message = (
            f"được dựng cho đối tượng {built_for}, không phải {asked} như --audience yêu cầu; "
            f"hãy dựng lại bằng «{rebuild}» rồi xuất bản."
        )
    elif asked is None and built_for is Visibility.RESTRICTED:
        message = (
            "được dựng cho đối tượng restricted (chỉ dành cho lãnh đạo), nên chỉ xuất bản khi "
            "ghi rõ «--audience restricted»; nếu cần trang nội bộ, hãy dựng lại bằng "
            "«baocao build --audience internal»."
        )
    else:
        return built_for
    raise InputError(Problem(str(site_dir), message=message))


def _check_target(target: Path) -> None:
    if target.is_symlink() or not target.exists():
        return
    raise InputError(
        Problem(
            str(target),
            message="đã có sẵn một thư mục hoặc tệp thật (không phải liên kết tượng trưng), "
            "nên không thể chuyển đổi nguyên tử. baocao không xóa hay di chuyển dữ liệu có sẵn: "
            "hãy đổi tên hoặc chuyển nó đi nơi khác rồi chạy lại lệnh xuất bản.",
        )
    )


@contextlib.contextmanager
def _locked(store: Path) -> Iterator[None]:
    """Hold an exclusive flock on the store; the kernel drops it if the process dies."""
    fd = os.open(store / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EnvironmentProblem(
                        f"Một lần xuất bản khác vào {store.parent} đang chạy quá lâu; "
                        "hãy thử lại sau."
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _clean_leftovers(store: Path, target: Path) -> None:
    """Remove what a killed run left: partial copies, half-deleted releases, temporary links."""
    for entry in store.iterdir():
        if entry.name.startswith((PARTIAL_PREFIX, TRASH_PREFIX)):
            shutil.rmtree(entry, ignore_errors=True)
    for link in target.parent.glob(f".{glob.escape(target.name)}.link-*"):
        if link.is_symlink():
            link.unlink(missing_ok=True)


def _copy_release(site_dir: Path, store: Path) -> Path:
    """Copy the site into ``.partial-*``, then rename it to its final release name."""
    partial = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=store))
    try:
        digest = _copy_tree(site_dir, partial)
        os.chmod(partial, 0o755)  # mkdtemp makes 0700; the web server's user must read it
        release = store / f"{_next_counter(store):06d}-{digest[:12]}"
        os.rename(partial, release)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise EnvironmentProblem(
            f"Không sao chép được trang web vào {store}: {exc.strerror or exc}."
        ) from exc
    _fsync_dir(store)
    return release


def _copy_tree(src: Path, dst: Path) -> str:
    """Copy files (sorted, so the digest is deterministic) and return the tree's sha256."""
    tree = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(src, followlinks=True):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(src)
        out_dir = dst / rel_dir
        out_dir.mkdir(exist_ok=True)
        os.chmod(out_dir, 0o755)
        for name in sorted(filenames):
            file_digest = _copy_file(Path(dirpath, name), out_dir / name)
            tree.update((rel_dir / name).as_posix().encode() + b"\0" + file_digest)
        _fsync_dir(out_dir)
    return tree.hexdigest()


def _copy_file(src: Path, dst: Path) -> bytes:
    digest = hashlib.sha256()
    with open(src, "rb") as fin, open(dst, "xb") as fout:
        while chunk := fin.read(CHUNK):
            digest.update(chunk)
            fout.write(chunk)
        fout.flush()
        os.fchmod(fout.fileno(), 0o644)
        os.fsync(fout.fileno())  # a power cut must not leave a linked release with empty files
    return digest.digest()


def _switch(target: Path, release: Path) -> None:
    """Point ``target`` at ``release`` in one step: a fresh symlink renamed over it."""
    link = target.parent / f".{target.name}.link-{os.getpid()}-{secrets.token_hex(4)}"
    # Relative, so the web root still works if its parent is moved or mounted elsewhere.
    os.symlink(os.path.relpath(release, target.parent), link)
    try:
        os.replace(link, target)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _prune(store: Path, keep: int, protect: set[Path | None]) -> None:
    releases = _list_releases(store)
    for release in releases[:-keep]:
        if release in protect:
            continue
        # Rename first: a half-deleted folder must never look like a complete release.
        trash = store / f"{TRASH_PREFIX}{release.name}"
        os.rename(release, trash)
        shutil.rmtree(trash, ignore_errors=True)


def _list_releases(store: Path) -> list[Path]:
    found = [p for p in store.iterdir() if RELEASE_NAME.match(p.name) and p.is_dir()]
    return sorted(found, key=_counter)


def _counter(release: Path) -> int:
    match = RELEASE_NAME.match(release.name)
    assert match is not None
    return int(match.group(1))


def _next_counter(store: Path) -> int:
    return max((_counter(r) for r in _list_releases(store)), default=0) + 1


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
