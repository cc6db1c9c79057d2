"""Atomic publication: filesystem behaviour, and a real nginx serving while publishers die."""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from nginx_server import nginx_path, nginx_serving

import generator
from generator.errors import InputError
from generator.fsutil import OUTPUT_MARKER, write_marker
from generator.model import Visibility
from generator.publish import current_release, publish, releases_dir, rollback, site_audience

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
PADDING_FILES = 24


def make_site(folder: Path, version: int, audience: Visibility = Visibility.INTERNAL) -> Path:
    """A small site where every page, the CSS and the image carry ``version``.

    Two looks alternate (even/odd versions), and padding files make the copy take a while,
    so a kill lands mid-copy often.
    """
    look = "sáng" if version % 2 == 0 else "tối"
    (folder / "trang").mkdir(parents=True, exist_ok=True)
    (folder / "img").mkdir(exist_ok=True)
    (folder / "pad").mkdir(exist_ok=True)
    filler = "<!-- " + "x" * 4000 + " -->\n"
    (folder / "index.html").write_text(
        f'<!doctype html><html><head><meta name="version" content="{version}">'
        '<link rel="stylesheet" href="style.css"></head><body>'
        f"<h1>Phiên bản {version} ({look})</h1>{filler}"
        '<img src="img/logo.png"><a href="trang/index.html">Trang 2</a>'
        f'<p id="end">{version}</p></body></html>\n',
        encoding="utf-8",
    )
    (folder / "trang" / "index.html").write_text(
        f'<!doctype html><html><head><meta name="version" content="{version}"></head>'
        f'<body>{filler}<p id="end">{version}</p></body></html>\n',
        encoding="utf-8",
    )
    (folder / "style.css").write_text(
        f"/* version {version} */\nbody {{ color: {'#111' if look == 'sáng' else '#eee'}; }}\n"
        + "/* "
        + "y" * 3000
        + " */\n"
        + f"/* end {version} */\n"
    )
    (folder / "img" / "logo.png").write_bytes(_png_with_version(version))
    for index in range(PADDING_FILES):
        (folder / "pad" / f"{index:02d}.txt").write_text(f"{version}\n" * 2000)
    write_marker(folder, {"written_by": "baocao build", "audience": str(audience)})
    return folder


def _png_with_version(version: int) -> bytes:
    """A tiny valid PNG whose tEXt chunk carries the version (checked without decoding)."""
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("version", str(version))
    colour = (200, 30, 30) if version % 2 else (30, 30, 200)
    buffer = io.BytesIO()
    Image.new("RGB", (48, 48), colour).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def served_text(target: Path, rel: str) -> str:
    return (target / rel).read_text(encoding="utf-8")


# --- filesystem behaviour -------------------------------------------------------------------


def test_first_publish_creates_symlink_to_complete_release(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 1)
    target = tmp_path / "www" / "baocao"

    result = publish(site, target)

    assert target.is_symlink()
    assert not os.readlink(target).startswith("/")  # relative link
    assert result.release == current_release(target)
    assert result.previous is None
    assert 'content="1"' in served_text(target, "index.html")
    assert (target / "img" / "logo.png").read_bytes() == (site / "img/logo.png").read_bytes()
    assert result.release.parent == releases_dir(target)
    assert oct(result.release.stat().st_mode & 0o777) == "0o755"
    assert "Đã xuất bản" in result.summary()


def test_same_site_gets_same_hash_in_release_name(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 1)
    target = tmp_path / "www"
    first = publish(site, target).release.name
    second = publish(site, target).release.name
    assert first.split("-")[1] == second.split("-")[1]
    assert int(second.split("-")[0]) == int(first.split("-")[0]) + 1


def test_keeps_newest_releases_only(tmp_path: Path) -> None:
    target = tmp_path / "www"
    for version in range(1, 6):
        result = publish(make_site(tmp_path / f"s{version}", version), target, keep=2)
    assert len(result.releases) == 2
    assert result.releases[-1] == result.release
    on_disk = sorted(p.name for p in releases_dir(target).iterdir() if p.name[0] != ".")
    assert on_disk == [p.name for p in result.releases]


def test_refuses_real_directory_and_leaves_it_untouched(tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    (target / "old.html").write_text("trang cũ")

    with pytest.raises(InputError) as caught:
        publish(make_site(tmp_path / "site", 1), target)

    message = str(caught.value)
    assert str(target) in message
    assert "không phải liên kết tượng trưng" in message
    assert (target / "old.html").read_text() == "trang cũ"
    assert not releases_dir(target).exists()


def test_missing_site_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    with pytest.raises(InputError, match="baocao build"):
        publish(tmp_path / "site", tmp_path / "www")
    assert not (tmp_path / "www").exists()


def test_leftovers_of_a_killed_run_are_cleaned_and_never_linked(tmp_path: Path) -> None:
    target = tmp_path / "www"
    publish(make_site(tmp_path / "a", 1), target)
    store = releases_dir(target)
    (store / ".partial-abc").mkdir()
    (store / ".partial-abc" / "index.html").write_text("nửa chừng")
    (store / ".trash-000001-aaaaaaaaaaaa").mkdir()
    stray = tmp_path / ".www.link-1-deadbeef"
    stray.symlink_to("nowhere")

    publish(make_site(tmp_path / "b", 2), target)

    assert sorted(p.name for p in store.iterdir() if p.name.startswith(".")) == [".lock"]
    assert not stray.is_symlink()
    assert 'content="2"' in served_text(target, "index.html")


def test_rollback_steps_back_through_releases(tmp_path: Path) -> None:
    target = tmp_path / "www"
    for version in (1, 2, 3):
        publish(make_site(tmp_path / f"s{version}", version), target)

    back = rollback(target)
    assert back.rolled_back and "Đã quay lại" in back.summary()
    assert 'content="2"' in served_text(target, "index.html")
    rollback(target)
    assert 'content="1"' in served_text(target, "index.html")
    with pytest.raises(InputError, match="không còn bản phát hành nào cũ hơn"):
        rollback(target)
    assert 'content="1"' in served_text(target, "index.html")

    publish(make_site(tmp_path / "s4", 4), target)  # a new release after a rollback
    assert 'content="4"' in served_text(target, "index.html")
    rollback(target)  # steps back by release number: to 3, not to 1
    assert 'content="3"' in served_text(target, "index.html")


def test_rollback_of_unpublished_target_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="chưa được xuất bản"):
        rollback(tmp_path / "www")


def test_the_audience_is_recorded_and_printed(tmp_path: Path) -> None:
    target = tmp_path / "www"
    first = publish(make_site(tmp_path / "pub", 1, Visibility.PUBLIC), target)
    assert first.audience is Visibility.PUBLIC
    assert "(đối tượng xem: public)" in first.summary()
    publish(make_site(tmp_path / "int", 2), target)
    assert site_audience(current_release(target)) is Visibility.INTERNAL
    back = rollback(target)
    assert "Đã quay lại" in back.summary() and "(đối tượng xem: public)" in back.summary()


def test_a_restricted_site_needs_the_audience_said_explicitly(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 1, Visibility.RESTRICTED)
    target = tmp_path / "www"
    with pytest.raises(InputError) as caught:
        publish(site, target)
    assert "được dựng cho đối tượng restricted" in str(caught.value)
    assert "«--audience restricted»" in str(caught.value)
    assert not target.exists() and not releases_dir(target).exists()

    done = publish(site, target, audience=Visibility.RESTRICTED)
    assert "(đối tượng xem: restricted)" in done.summary()


def test_a_site_of_another_audience_than_asked_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 1, Visibility.INTERNAL)
    with pytest.raises(InputError, match="không phải public như --audience yêu cầu"):
        publish(site, tmp_path / "www", audience=Visibility.PUBLIC)
    assert not (tmp_path / "www").exists()


def test_a_site_that_does_not_say_its_audience_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 1)
    (site / OUTPUT_MARKER).unlink()
    with pytest.raises(InputError) as caught:
        publish(site, tmp_path / "www")
    message = str(caught.value)
    assert f"thiếu tệp {OUTPUT_MARKER}" in message
    assert "baocao build --audience internal" in message
    assert not (tmp_path / "www").exists()


def test_publish_command_refuses_a_restricted_build(tiny_project: Path, tmp_path: Path, capsys):
    from generator.cli import main  # here: the publisher children import this module, fast

    project = ["--project", str(tiny_project), "--quiet"]
    assert main([*project, "build", "--audience", "restricted"]) == 0
    target = tmp_path / "www" / "baocao"
    assert main([*project, "publish", "--to", str(target)]) == 1
    assert "được dựng cho đối tượng restricted" in capsys.readouterr().err
    assert not target.exists()
    assert main(["--project", str(tiny_project), "publish", "--to", str(target), "--audience",
                 "restricted"]) == 0  # fmt: skip
    assert "(đối tượng xem: restricted)" in capsys.readouterr().out
    assert "restricted" in served_text(target, OUTPUT_MARKER)


def test_publish_rebuilds_after_a_file_is_withdrawn(tiny_project: Path, tmp_path: Path, capsys):
    """Deleting a highlights file changes no time that a newer-than check would see; the site
    must still be rebuilt, or the withdrawn captions stay online."""
    from generator.cli import main  # here: the publisher children import this module, fast

    project = ["--project", str(tiny_project), "--quiet"]
    target = tmp_path / "www" / "baocao"
    caption = "Kiểm sát việc tạm giữ, tạm giam"
    assert main([*project, "publish", "--to", str(target), "--audience", "public"]) == 0
    assert caption in served_text(target, "ky-bao-cao/2021-h1/tuy-hoa.html")
    (tiny_project / "content/periods/2021-h1/highlights/tuy-hoa.yml").unlink()
    assert main([*project, "publish", "--to", str(target), "--audience", "public"]) == 0
    assert caption not in served_text(target, "ky-bao-cao/2021-h1/tuy-hoa.html")
    # nothing changed since: published again as it is, no rebuild
    built = (tiny_project / "site/index.html").stat().st_mtime_ns
    assert main([*project, "publish", "--to", str(target)]) == 0  # the audience it was built for
    assert (tiny_project / "site/index.html").stat().st_mtime_ns == built


# --- a real nginx while publishers are SIGKILLed -------------------------------------------

needs_nginx = pytest.mark.skipif(
    nginx_path() is None, reason="nginx is not installed (Debian package `nginx`; CI installs it)"
)

CHILD = """
import sys
from pathlib import Path
from test_publish import make_site
from generator.publish import publish
work, target, base = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
for i in range(100):
    publish(make_site(work / str(i), base + i), target)
"""


@dataclass
class Visits:
    clean: int = 0
    straddled: int = 0
    failures: list[str] = field(default_factory=list)


def _get(conn: http.client.HTTPConnection, path: str) -> bytes:
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise AssertionError(f"{path}: HTTP {response.status}")
    return body


def _page_version(body: bytes, path: str) -> int:
    head = re.search(rb'<meta name="version" content="(\d+)">', body)
    tail = re.search(rb'<p id="end">(\d+)</p></body></html>\n$', body)
    if not head or not tail or head.group(1) != tail.group(1):
        raise AssertionError(f"{path}: incomplete or mixed page ({len(body)} bytes)")
    return int(head.group(1))


def _css_version(body: bytes) -> int:
    match = re.fullmatch(rb"/\* version (\d+) \*/\n.*/\* end (\d+) \*/\n", body, re.S)
    if not match or match.group(1) != match.group(2):
        raise AssertionError(f"style.css: incomplete or mixed ({len(body)} bytes)")
    return int(match.group(1))


def _png_version(body: bytes) -> int:
    """The tEXt chunk's value; its length is the 4 bytes before the chunk type."""
    at = body.find(b"tEXtversion\x00")
    if not body.startswith(PNG_SIGNATURE) or not body.endswith(PNG_END) or at < 4:
        raise AssertionError(f"img/logo.png: incomplete ({len(body)} bytes)")
    length = int.from_bytes(body[at - 4 : at], "big")
    return int(body[at + 4 : at + 4 + length].removeprefix(b"version\x00"))


def _visit(conn: http.client.HTTPConnection, visits: Visits) -> None:
    """Fetch a page, everything it links, then the page again.

    If the page's version is the same before and after, every asset must carry it too: any
    difference would be a mix. If it changed, the visit straddled a switch; versions only grow,
    so each asset must lie between the two.
    """
    before = _page_version(_get(conn, "/"), "/")
    linked = [
        _css_version(_get(conn, "/style.css")),
        _png_version(_get(conn, "/img/logo.png")),
        _page_version(_get(conn, "/trang/"), "/trang/"),
    ]
    after = _page_version(_get(conn, "/index.html"), "/index.html")
    if before == after:
        if any(v != before for v in linked):
            visits.failures.append(f"mix: page {before}, linked {linked}")
        visits.clean += 1
    else:
        if not all(before <= v <= after for v in linked) or after < before:
            visits.failures.append(f"out of order: {before} {linked} {after}")
        visits.straddled += 1


def _client(base_url: str, stop: threading.Event, visits: Visits, deadline: float) -> None:
    conn = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=5)
    try:
        for _ in range(20_000):
            if stop.is_set() or time.monotonic() > deadline:
                return
            try:
                _visit(conn, visits)
            except (AssertionError, OSError, http.client.HTTPException) as exc:
                visits.failures.append(str(exc))
                conn.close()
    finally:
        conn.close()


def _kill_a_publisher(work: Path, target: Path, base: int, window_s: float) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(_import_roots())}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(work), str(target), str(base)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stdin is not None
    try:
        assert child.stdout.readline().strip() == b"ready"
        child.stdin.write(b"go\n")
        child.stdin.flush()
        time.sleep(random.uniform(0, window_s))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(5)
        child.stdin.close()
        child.stdout.close()


def _import_roots() -> list[str]:
    return [str(Path(generator.__file__).parents[1]), str(Path(__file__).parent)]


@needs_nginx
@pytest.mark.nginx
def test_nginx_never_serves_a_mix_while_publishers_are_killed(tmp_path: Path) -> None:
    started = time.monotonic()
    target = tmp_path / "www" / "site"
    clock = time.monotonic()
    publish(make_site(tmp_path / "first", 1), target)
    one_publish_s = time.monotonic() - clock
    visits = Visits()
    stop = threading.Event()
    with nginx_serving(target, tmp_path / "nginx") as base_url:
        client = threading.Thread(
            target=_client, args=(base_url, stop, visits, started + 15), daemon=True
        )
        client.start()
        try:
            for round_ in range(1, 9):
                base = round_ * 1000
                window = max(0.05, 6 * one_publish_s)
                _kill_a_publisher(tmp_path / f"child{round_}", target, base, window)
                publish(make_site(tmp_path / f"parent{round_}", base + 999), target)
        finally:
            stop.set()
            client.join(10)

    assert not client.is_alive()
    assert visits.failures == []
    assert visits.clean >= 20, visits
    store = releases_dir(target)
    assert [p.name for p in store.iterdir() if p.name.startswith(".")] == [".lock"]
    assert 'content="8999"' in served_text(target, "index.html")
    assert time.monotonic() - started < 20
    print(f"visits: {visits.clean} clean, {visits.straddled} straddled, {one_publish_s:.3f}s")


@needs_nginx
@pytest.mark.nginx
def test_nginx_serves_the_rolled_back_release(tmp_path: Path) -> None:
    target = tmp_path / "www" / "site"
    publish(make_site(tmp_path / "a", 1), target)
    publish(make_site(tmp_path / "b", 2), target)
    with nginx_serving(target, tmp_path / "nginx") as base_url:
        conn = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=5)
        try:
            assert _page_version(_get(conn, "/"), "/") == 2
            rollback(target)
            assert _page_version(_get(conn, "/"), "/") == 1
            assert _css_version(_get(conn, "/style.css")) == 1
            assert _png_version(_get(conn, "/img/logo.png")) == 1
        finally:
            conn.close()
