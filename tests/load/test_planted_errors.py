"""`baocao check` on content with a score of planted errors: every one at its file and line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from projectfactory import write_project

from generator.cli import main
from generator.tools import ffmpeg_exe

UNITS = """
- id: vks-tinh
  name: Viện kiểm sát nhân dân tỉnh Phú Yên
  kind: province
- id: tuy-hoa
  name: VKSND thành phố Tuy Hòa
  kind: district
  until: 2025-06-30
  succeeded_by: khu-vuc-1
- id: tuy-hoa
  name: Trùng mã
  kind: district
- id: song-cau
  nmae: VKSND thị xã Sông Cầu
  kind: district
- id: son-hoa
  name: VKSND huyện Sơn Hòa
  kind: huyen
- id: tay-hoa
  name: VKSND huyện Tây Hòa
  kind: district
  succeeded_by: khu-vuc-9
- id: khu-vuc-1
  name: VKSND khu vực 1 – Đắk Lắk
  kind: regional
  from: 2025-07-01
"""

INDICATORS = """
- id: giai-quyet-tin-bao
  name: Tỷ lệ giải quyết tố giác, tin báo về tội phạm
  measure: rate
  comparator: "=>"
  target: 90
- id: tam-giam-qua-han
  name: Số người bị tạm giữ, tạm giam quá hạn
  measure: count
  comparator: "="
  target: 0
  target: 1
- id: kien-nghi
  name: Tỷ lệ kiến nghị được chấp nhận
  measure: percent
  comparator: ">="
  target: 80
"""

PERIOD = """
title: Sơ kết công tác 6 tháng đầu năm 2020
kind: half-year
start: 2019-12-01
end: 2020-02-30
"""

RESULTS_TUY_HOA = """
unit: tuy-hoa
results:
  - indicator: giai-quyet-tin-bao
    numerator: 170
    denominator: 160
  - indicator: tam-giam-qua-han
    value: -1
  - indicator: chi-tieu-la
    value: 3
"""

RESULTS_KHU_VUC = """
unit: khu-vuc-1
results:
  - indicator: tam-giam-qua-han
    value: 1.234
"""

RESULTS_MISNAMED = """
unit: dong-xuan-x
results: []
"""

HIGHLIGHTS = """
unit: tuy-hoa
media:
  - file: 2021-h1/tuy-hoa/khong-co.jpg
    caption: Ảnh không tồn tại
    category: nghiep-vu
  - file: /etc/passwd.jpg
    caption: Đường dẫn tuyệt đối
    category: nghiep-vu
  - file: ../secret.jpg
    caption: Ra ngoài media
    category: nghiep-vu
  - file: 2021-h1/tuy-hoa/hong.jpg
    caption: Ảnh hỏng
    category: nghiep-vu
  - file: 2021-h1/tuy-hoa/clip.mp4
    caption: Video ngắn
    category: nghiep-vu
    clip: {start: 0.5, end: 9.0}
  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
    caption: Ảnh ngoài kỳ
    category: nghiep-vu
    date: 2021-08-01
  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
    caption: Nhóm lạ
    category: su-kien
  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
    caption: Mức công khai lạ
    category: nghiep-vu
    visibility: secret
  - file: 2021-h1/tuy-hoa/ra-ngoai.jpg
    caption: Liên kết ra ngoài
    category: nghiep-vu
"""

VIDEO = """
title: Báo cáo
sections: [mo-dau, chi-tieu
"""


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def broken_project(tmp_path: Path) -> Path:
    root = write_project(
        tmp_path / "p",
        {
            "content/units.yml": UNITS,
            "content/indicators.yml": INDICATORS,
            "content/periods/2020-h1/period.yml": PERIOD,
            "content/periods/2021-h1/results/tuy-hoa.yml": RESULTS_TUY_HOA,
            "content/periods/2021-h1/results/song-cau.yml": None,
            "content/periods/2021-h1/results/khu-vuc-1.yml": RESULTS_KHU_VUC,
            "content/periods/2021-h1/results/dong-xuan.yml": RESULTS_MISNAMED,
            "content/periods/2021-h1/highlights/tuy-hoa.yml": HIGHLIGHTS,
            "content/periods/2021-h1/video.yml": VIDEO,
        },
    )
    media = root / "media/2021-h1/tuy-hoa"
    (media / "hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    outside = tmp_path / "outside.jpg"
    outside.write_bytes((media / "kiem-sat-giam-giu.jpg").read_bytes())
    os.symlink(outside, media / "ra-ngoai.jpg")
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x90:rate=10:duration=2",
            "-pix_fmt",
            "yuv420p",
            str(media / "clip.mp4"),
        ],
        check=True,
    )
    return root


def test_every_planted_error_is_reported_at_its_line(broken_project: Path, capsys) -> None:
    code = main(["--project", str(broken_project), "check"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    root = broken_project
    units = root / "content/units.yml"
    indicators = root / "content/indicators.yml"
    period = root / "content/periods/2020-h1/period.yml"
    results = root / "content/periods/2021-h1/results/tuy-hoa.yml"
    khu_vuc = root / "content/periods/2021-h1/results/khu-vuc-1.yml"
    misnamed = root / "content/periods/2021-h1/results/dong-xuan.yml"
    highlights = root / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    video = root / "content/periods/2021-h1/video.yml"
    expected = [
        (units, _line_of(units, "- id: tuy-hoa", 2), "bị trùng"),
        (units, _line_of(units, "nmae:"), "«nmae»"),
        (units, _line_of(units, "kind: huyen"), "huyen"),
        (units, _line_of(units, "succeeded_by: khu-vuc-9"), "khu-vuc-9"),
        (indicators, _line_of(indicators, '"=>"'), "=>"),
        (indicators, _line_of(indicators, "target: 1"), "bị lặp lại"),
        (indicators, _line_of(indicators, "measure: percent"), "percent"),
        (period, _line_of(period, "end: 2020-02-30"), "ngày"),
        (results, _line_of(results, "numerator: 170"), "lớn hơn mẫu số"),
        (results, _line_of(results, "value: -1"), "số âm"),
        (results, _line_of(results, "chi-tieu-la"), "chi-tieu-la"),
        (khu_vuc, _line_of(khu_vuc, "unit: khu-vuc-1"), "không hoạt động"),
        (khu_vuc, _line_of(khu_vuc, "value: 1.234"), "số nguyên"),
        (misnamed, _line_of(misnamed, "unit: dong-xuan-x"), "không có trong units.yml"),
        (highlights, _line_of(highlights, "khong-co.jpg"), "không tìm thấy"),
        (highlights, _line_of(highlights, "/etc/passwd.jpg"), "tuyệt đối"),
        (highlights, _line_of(highlights, "../secret.jpg"), "ra ngoài"),
        (highlights, _line_of(highlights, "hong.jpg"), "không đọc được"),
        (highlights, _line_of(highlights, "clip: {start"), "vượt quá độ dài"),
        (highlights, _line_of(highlights, "date: 2021-08-01"), "ngoài kỳ"),
        (highlights, _line_of(highlights, "su-kien"), "su-kien"),
        (highlights, _line_of(highlights, "visibility: secret"), "secret"),
        (highlights, _line_of(highlights, "ra-ngoai.jpg"), "liên kết"),
        (video, 3, "cú pháp YAML"),
    ]
    lines = err.splitlines()
    missing = []
    for path, line, words in expected:
        prefix = f"{path.relative_to(root).as_posix()}:{line}:"
        if not any(entry.startswith(prefix) and words in entry for entry in lines):
            missing.append(f"{prefix} … {words}")
    assert not missing, "not reported:\n" + "\n".join(missing) + "\n--- got:\n" + err


def test_valid_project_passes_with_summary(tiny_project: Path, capsys) -> None:
    code = main(["--project", str(tiny_project), "check"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Nội dung hợp lệ: 1 kỳ báo cáo, 4 đơn vị, 3 chỉ tiêu, 1 ảnh, 0 video" in out


def test_nothing_written_by_check(tiny_project: Path) -> None:
    before = sorted((p, p.stat().st_mtime_ns) for p in tiny_project.rglob("*"))
    assert main(["--project", str(tiny_project), "check"]) == 0
    after = sorted((p, p.stat().st_mtime_ns) for p in tiny_project.rglob("*"))
    assert before == after
