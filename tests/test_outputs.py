"""Nothing lost, nothing stale published: every command's outputs, end to end through the CLI.

Each case runs the command a member of staff could type, then checks the message, the exit
code, and that content/ and media/ hold exactly the bytes they held before.
"""

from __future__ import annotations

import errno
import hashlib
import os
import pathlib
from pathlib import Path

import pytest
from projectfactory import write_project

from generator import outputs, pipeline
from generator.cli import main
from generator.errors import EnvironmentProblem
from generator.fsutil import OUTPUT_MARKER, read_marker

VIDEO_ARGS = ["--size", "320x180", "--fps", "12", "--quiet"]
NARRATION = "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ."
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"


def sources_hash(root: Path) -> str:
    """Every path and byte under content/ and media/."""
    digest = hashlib.sha256()
    for folder in ("content", "media"):
        for path in sorted((root / folder).rglob("*")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            if path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def run(root: Path, *args: str) -> int:
    return main(["--project", str(root), *args])


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny project whose public video is rendered into dist/ (once for the module)."""
    root = write_project(tmp_path_factory.mktemp("rendered") / "project")
    assert run(root, "video", "2021-h1", "--audience", "public", *VIDEO_ARGS) == 0
    return root


# --- build ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        (".", "là chính thư mục dự án"),
        ("content", "nằm trong content/, media/"),
        ("media/2021-h1", "nằm trong content/, media/"),
        ("..", "chứa thư mục content/ hoặc media/"),
    ],
)
def test_build_refuses_the_project_and_its_sources(tiny_project: Path, capsys, where, reason):
    before = sources_hash(tiny_project)
    assert run(tiny_project, "build", "--out", str(tiny_project / where)) == 1
    err = capsys.readouterr().err
    assert err.startswith("--out: «") and reason in err
    assert "Traceback" not in err
    assert sources_hash(tiny_project) == before


def test_build_refuses_a_folder_holding_staff_files(tiny_project: Path, tmp_path: Path, capsys):
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    (folder / "cong-van.docx").write_bytes(b"van ban cua can bo")
    assert run(tiny_project, "build", "--out", str(folder)) == 1
    assert f"thiếu tệp {OUTPUT_MARKER}" in capsys.readouterr().err
    assert tree(folder) == {"cong-van.docx": b"van ban cua can bo"}


def test_build_reuses_its_own_folder_and_records_the_audience(tiny_project: Path, tmp_path):
    out = tmp_path / "site"
    assert run(tiny_project, "--quiet", "build", "--audience", "public", "--out", str(out)) == 0
    assert read_marker(out) == {
        "written_by": "baocao build",
        "audience": "public",
        "offline": False,
        "sources": pipeline.sources_stamp(tiny_project),  # what it was built from
    }
    assert run(tiny_project, "--quiet", "build", "--out", str(out)) == 0
    assert read_marker(out)["audience"] == "internal"
    assert (out / "index.html").is_file()


def test_build_into_an_unwritable_place_is_one_sentence(tiny_project: Path, tmp_path, capsys):
    """The parent of --out is a file: no user (root included) can create the folder there."""
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    before = sources_hash(tiny_project)
    assert run(tiny_project, "build", "--out", str(blocker / "site")) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Lỗi môi trường: Không thể dựng trang vào")
    assert "phần của đường dẫn là tệp" in err and len(err.splitlines()) == 1
    assert sources_hash(tiny_project) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod; see the test above")
def test_build_into_a_read_only_folder_keeps_the_old_site(tiny_project: Path, tmp_path, capsys):
    parent = tmp_path / "www"
    out = parent / "site"
    assert run(tiny_project, "--quiet", "build", "--out", str(out)) == 0
    old = tree(out)
    parent.chmod(0o555)
    try:
        assert run(tiny_project, "build", "--out", str(out)) == 2
    finally:
        parent.chmod(0o755)
    assert "không có quyền ghi" in capsys.readouterr().err
    assert tree(out) == old


def test_build_in_a_project_that_cannot_be_written(tiny_project: Path, capsys):
    """The project's cache cannot be made (a file stands where its folder goes)."""
    (tiny_project / ".cache").write_text("không phải thư mục")
    before = sources_hash(tiny_project)
    assert run(tiny_project, "build") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Lỗi môi trường: Không thể dựng trang vào") and "Traceback" not in err
    assert sources_hash(tiny_project) == before


def test_a_full_disk_during_build_keeps_the_old_site(
    tiny_project: Path, tmp_path: Path, capsys, monkeypatch
):
    out = tmp_path / "www" / "site"
    assert run(tiny_project, "--quiet", "build", "--out", str(out)) == 0
    old = tree(out)
    write_text = pathlib.Path.write_text

    def full(self: Path, *args, **kwargs):
        if self.suffix == ".md":  # the docs tree's pages
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", full)
    before = sources_hash(tiny_project)
    assert run(tiny_project, "build", "--out", str(out)) == 2
    err = capsys.readouterr().err.strip()
    assert "ổ đĩa đã đầy" in err and len(err.splitlines()) == 1
    assert tree(out) == old
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # no half-built leftovers
    assert sources_hash(tiny_project) == before


# --- video ----------------------------------------------------------------------------------


def test_video_refuses_a_staff_clip_and_a_content_file(tiny_project: Path, capsys):
    clip = tiny_project / "media/2021-h1/tuy-hoa/phien-toa.mp4"
    clip.write_bytes(b"clip cua can bo")
    report = tiny_project / "content/periods/2021-h1/report.md"
    before = sources_hash(tiny_project)
    for out in (clip, report):
        assert run(tiny_project, "video", "2021-h1", "--out", str(out)) == 1
        err = capsys.readouterr().err
        assert err.startswith("--out: «") and "nằm trong content/, media/" in err
    assert sources_hash(tiny_project) == before


def test_video_refuses_a_folder_and_a_name_that_is_not_mp4(tiny_project: Path, tmp_path, capsys):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    assert run(tiny_project, "video", "2021-h1", "--out", str(tmp_path)) == 1
    assert "là một thư mục; hãy ghi đường dẫn tới tệp" in capsys.readouterr().err
    assert run(tiny_project, "video", "2021-h1", "--out", str(tmp_path / "bao-cao.md")) == 1
    assert "không phải tên tệp .mp4" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_video_never_replaces_a_staff_file_beside_it(tiny_project: Path, tmp_path, capsys):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    (tmp_path / "hoi-nghi.srt").write_text("phụ đề cán bộ tự gõ", encoding="utf-8")
    (tmp_path / "hoi-nghi.mp4").write_bytes(b"video quay hoi nghi")
    out = tmp_path / "hoi-nghi.mp4"
    assert run(tiny_project, "video", "2021-h1", "--out", str(out), *VIDEO_ARGS) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'hoi-nghi.srt'}: --out: tệp này đã có sẵn" in err
    assert f"{tmp_path / 'hoi-nghi.mp4'}: --out: tệp này đã có sẵn" in err
    assert tree(tmp_path) == {
        "hoi-nghi.srt": "phụ đề cán bộ tự gõ".encode(),
        "hoi-nghi.mp4": b"video quay hoi nghi",
    }


def test_video_into_an_unwritable_place_is_one_sentence(tiny_project: Path, tmp_path, capsys):
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    out = blocker / "video.mp4"
    assert run(tiny_project, "video", "2021-h1", "--out", str(out), *VIDEO_ARGS) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Lỗi môi trường: Không thể ghi video") and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fps", "0"], "--fps: «0» không hợp lệ (số nguyên từ 1 đến 60"),
        (["--fps", "-5"], "--fps: «-5» không hợp lệ"),
        (["--fps", "100000"], "--fps: «100000» không hợp lệ"),
        (["--fps", "2.5"], "--fps: «2.5» không hợp lệ"),
        (["--size", "100000x100000"], "--size: «100000x100000» không hợp lệ"),
        (["--size", "158x90"], "rộng từ 160 đến 3840, cao từ 90 đến 2160"),
        (["--size", "321x180"], "--size: «321x180» không hợp lệ (viết dạng RỘNGxCAO bằng số chẵn"),
    ],
)
def test_fps_and_size_are_bounded_even_for_plan(tiny_project: Path, capsys, args, message):
    with pytest.raises(SystemExit) as exited:
        run(tiny_project, "video", "2021-h1", "--plan", *args)
    assert exited.value.code == 1
    assert message in capsys.readouterr().err


def test_the_bounds_themselves_are_accepted(tiny_project: Path, capsys):
    for args in (["--fps", "1", "--size", "160x90"], ["--fps", "60", "--size", "3840x2160"]):
        assert run(tiny_project, "video", "2021-h1", "--plan", *args) == 0
    assert "Tổng thời lượng" in capsys.readouterr().out


def test_a_render_records_what_it_was_made_from(rendered: Path):
    video = rendered / "dist/2021-h1.mp4"
    record = outputs.read_record(video)
    assert record is not None and record.audience == "public" and len(record.digest) == 64
    assert sorted(record.files) == [
        "2021-h1.chapters.vtt",
        "2021-h1.mp4",
        "2021-h1.poster.jpg",
        "2021-h1.render.json",
        "2021-h1.srt",
        "2021-h1.vtt",
    ]
    assert record.files["2021-h1.mp4"] == outputs.file_sha256(video)


# --- the site embeds only a current video ---------------------------------------------------


def test_a_current_video_is_embedded(rendered: Path, tmp_path: Path, capsys):
    out = tmp_path / "site"
    assert run(rendered, "build", "--audience", "public", "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert "cảnh báo: video" not in captured.err
    assert "1 video hội nghị" in captured.out
    assert NARRATION in (out / "media/video/2021-h1.srt").read_text(encoding="utf-8")


def test_a_video_rendered_by_path_is_embedded_by_a_build_from_inside_the_project(
    rendered: Path, tmp_path: Path, capsys, monkeypatch
):
    """Staff type `baocao build` in the project folder (`--project .`); the video was rendered
    with an absolute project path here: the same content must give the same digest."""
    monkeypatch.chdir(rendered)
    out = tmp_path / "site-from-inside"
    assert main(["build", "--audience", "public", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "cảnh báo: video" not in captured.err
    assert "1 video hội nghị" in captured.out


def test_a_stale_video_is_left_out_with_the_command_to_render_again(
    rendered: Path, tmp_path: Path, capsys
):
    highlights = rendered / HIGHLIGHTS
    original = highlights.read_text(encoding="utf-8")
    highlights.write_text(original.replace("visibility: public", "visibility: restricted"))
    try:
        for audience in ("public", "internal"):
            out = tmp_path / audience
            assert run(rendered, "build", "--audience", audience, "--out", str(out)) == 0
            captured = capsys.readouterr()
            assert "cảnh báo: video dist/2021-h1.mp4 đã cũ" in captured.err
            assert "hãy dựng lại: baocao video 2021-h1 --audience public" in captured.err
            assert "0 video hội nghị" in captured.out
            assert not (out / "media/video").exists()
            for path in out.rglob("*"):
                if path.is_file() and path.suffix in {".html", ".srt", ".vtt", ".json"}:
                    assert NARRATION not in path.read_text(encoding="utf-8"), path
    finally:
        highlights.write_text(original, encoding="utf-8")


def test_edited_subtitles_are_not_embedded(rendered: Path, tmp_path: Path, capsys):
    srt = rendered / "dist/2021-h1.srt"
    original = srt.read_bytes()
    srt.write_bytes(original.replace("Tuy Hòa".encode(), "Sông Cầu".encode()))
    try:
        assert run(rendered, "build", "--audience", "public", "--out", str(tmp_path / "s")) == 0
        err = capsys.readouterr().err
        assert "tệp 2021-h1.srt đã bị thay đổi hoặc mất sau khi dựng" in err
        assert "baocao video 2021-h1 --audience public" in err
        assert not (tmp_path / "s/media/video").exists()
    finally:
        srt.write_bytes(original)


def test_a_video_without_its_record_is_left_out(rendered: Path, tmp_path: Path, capsys):
    record = outputs.record_path(rendered / "dist/2021-h1.mp4")
    saved = record.read_bytes()
    record.unlink()
    try:
        assert run(rendered, "build", "--audience", "internal", "--out", str(tmp_path / "s")) == 0
        err = capsys.readouterr().err
        assert "cảnh báo: video dist/2021-h1.mp4 không có thông tin" in err
        assert not (tmp_path / "s/media/video").exists()
    finally:
        record.write_bytes(saved)


def test_a_higher_audience_video_is_left_out(tiny_project: Path, tmp_path: Path, capsys):
    assert run(tiny_project, "video", "2021-h1", "--audience", "internal", *VIDEO_ARGS) == 0
    # Rendering again over its own files is allowed.
    assert run(tiny_project, "video", "2021-h1", "--audience", "internal", *VIDEO_ARGS) == 0
    assert run(tiny_project, "build", "--audience", "public", "--out", str(tmp_path / "s")) == 0
    err = capsys.readouterr().err
    assert "được dựng cho đối tượng internal, không đưa vào trang public" in err
    assert "baocao video 2021-h1 --audience public" in err
    assert not (tmp_path / "s/media/video").exists()


def test_video_through_a_symlink_into_media_is_refused(tiny_project: Path, tmp_path: Path, capsys):
    link = tmp_path / "videos"
    link.symlink_to(tiny_project / "media/2021-h1/tuy-hoa")
    before = sources_hash(tiny_project)
    assert run(tiny_project, "video", "2021-h1", "--out", str(link / "hoi-nghi.mp4")) == 1
    assert "là hoặc nằm trong content/, media/" in capsys.readouterr().err
    assert sources_hash(tiny_project) == before


# --- archive --------------------------------------------------------------------------------


@pytest.mark.parametrize("where", [".", "media/luu-tru", ".."])
def test_archive_refuses_the_project_and_its_sources(tiny_project: Path, capsys, where):
    before = sources_hash(tiny_project)
    assert run(tiny_project, "archive", "2021-h1", "--out", str(tiny_project / where)) == 1
    assert capsys.readouterr().err.startswith("--out: «")
    assert sources_hash(tiny_project) == before
    assert not (tiny_project / "media/luu-tru").exists()


def test_publish_refuses_a_web_root_inside_the_sources(tiny_project: Path, capsys):
    before = sources_hash(tiny_project)
    assert run(tiny_project, "publish", "--to", str(tiny_project / "media/www")) == 1
    assert capsys.readouterr().err.startswith("--to: «")
    assert sources_hash(tiny_project) == before


def test_video_in_a_project_that_cannot_be_written(tiny_project: Path, capsys):
    (tiny_project / ".cache").write_text("không phải thư mục")
    before = sources_hash(tiny_project)
    assert run(tiny_project, "video", "2021-h1", *VIDEO_ARGS) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Lỗi môi trường: Không thể") and len(err.splitlines()) == 1, err
    assert sources_hash(tiny_project) == before


def test_a_render_killed_halfway_leaves_files_the_next_render_may_replace(
    tiny_project: Path, monkeypatch, capsys
):
    real = pipeline.render_video

    def halfway(scenes, chapters, out, settings, on_progress=None):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"half an mp4")
        out.with_name(f"{out.stem}.poster.jpg").write_bytes(b"a poster")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out))

    monkeypatch.setattr(pipeline, "render_video", halfway)
    assert run(tiny_project, "video", "2021-h1", *VIDEO_ARGS) == 2
    assert "ổ đĩa đã đầy" in capsys.readouterr().err
    monkeypatch.setattr(pipeline, "render_video", real)
    assert run(tiny_project, "video", "2021-h1", *VIDEO_ARGS) == 0
    assert outputs.read_record(tiny_project / "dist/2021-h1.mp4").digest


def test_a_failed_render_keeps_the_previous_video_embeddable(
    rendered: Path, tmp_path: Path, monkeypatch, capsys
):
    def refuse(*args, **kwargs):
        raise EnvironmentProblem("ffmpeg thất bại khi dựng video: thử nghiệm")

    monkeypatch.setattr(pipeline, "render_video", refuse)
    assert run(rendered, "video", "2021-h1", "--audience", "public", *VIDEO_ARGS) == 2
    monkeypatch.undo()
    assert run(rendered, "build", "--audience", "public", "--out", str(tmp_path / "s")) == 0
    captured = capsys.readouterr()
    assert "cảnh báo: video" not in captured.err and "1 video hội nghị" in captured.out


# --- the storyboard digest ------------------------------------------------------------------

TWO_PHOTOS = """
    unit: tuy-hoa
    media:
      - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
        caption: Kiểm sát việc tạm giữ, tạm giam
        category: nghiep-vu
        date: 2021-03-12
        narration: Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.
        visibility: public
      - file: 2021-h1/tuy-hoa/hop-giao-ban.jpg
        caption: Họp giao ban
        category: quan-ly
        date: 2021-04-02
        narration: Tháng Tư, đơn vị họp giao ban.
        visibility: public
"""


def _public_digest(root: Path, highlights: str) -> str:
    from generator.audience import filter_for_audience
    from generator.load.loader import load_project
    from generator.model import Visibility
    from generator.video.storyboard.plan import plan_storyboard

    write_project(root, {HIGHLIGHTS: highlights})
    photo = root / "media/2021-h1/tuy-hoa/hop-giao-ban.jpg"
    if not photo.exists():
        photo.write_bytes((root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg").read_bytes())
    public = filter_for_audience(load_project(root).project, Visibility.PUBLIC)
    board = plan_storyboard(public, "2021-h1")
    return outputs.storyboard_digest(board, root, Visibility.PUBLIC)


def test_the_digest_follows_every_change_of_the_filtered_storyboard(tmp_path: Path):
    header, one, two = TWO_PHOTOS.split("      - ")
    swapped = f"{header}      - {two}      - {one}"
    first = f"{header}      - {one}"
    variants = {
        "as written": TWO_PHOTOS,
        "narration": TWO_PHOTOS.replace("họp giao ban.", "họp giao ban quý."),
        "caption": TWO_PHOTOS.replace("caption: Họp giao ban", "caption: Giao ban"),
        "order": swapped,
        "visibility": TWO_PHOTOS.replace("visibility: public\n", "visibility: internal\n", 1),
        "item removed": first,
    }
    digests = {name: _public_digest(tmp_path / name, text) for name, text in variants.items()}
    assert len(set(digests.values())) == len(variants), digests
    # Same content in another folder: same digest (paths are taken relative to the project).
    assert _public_digest(tmp_path / "copy", TWO_PHOTOS) == digests["as written"]
    # An internal-only change leaves the public storyboard, and its digest, as they were.
    internal = TWO_PHOTOS + (
        "      - file: 2021-h1/tuy-hoa/hop-giao-ban.jpg\n"
        "        caption: Nội bộ\n        category: quan-ly\n        date: 2021-05-02\n"
    )
    assert _public_digest(tmp_path / "internal", internal) == digests["as written"]
