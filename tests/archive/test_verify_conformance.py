"""`baocao verify` against the Library of Congress BagIt conformance suite, rebuilt in tmp.

Each case is named after the suite's folder (``v0.97/invalid/bom-in-bagit.txt``) and rebuilt
here by a few lines of builder code from what the suite's bag holds, so nothing of the suite is
committed. Expectations:

- valid: exit 0;
- warning: exit 0, a ``cảnh báo:`` line naming the reason;
- invalid: exit 1, the reason naming the file (and line where there is one).

Bags the suite calls valid whose payload is not all present (holes listed in fetch.txt) are
accepted with a warning: valid BagIt, but not whole without the network.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from generator.cli import main

TEXT = b"This is a test file\n"
NFC = unicodedata.normalize("NFC", "Núñez")
NFD = unicodedata.normalize("NFD", "Núñez")


def make_bag(
    root: Path,
    *,
    version: str = "1.0",
    encoding: str = "UTF-8",
    files: Mapping[str, bytes] | None = None,
    algorithms: Sequence[str] = ("sha512",),
    info: Sequence[str] = ("Bagging-Date: 2017-11-03",),
    oxum: bool = True,
    listed: Mapping[str, str | None] | None = None,
    extra_lines: Sequence[str] = (),
    fetch: Sequence[str] | None = None,
    declaration: bytes | None = None,
    tags: bool = True,
) -> Path:
    """A bag at ``root``: ``listed`` maps a file to the name its manifest lines use (None: not
    listed); ``extra_lines`` are added to every payload manifest."""
    files = {"data/text-file.txt": TEXT} if files is None else files
    listed = dict(listed or {})
    (root / "data").mkdir(parents=True)
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    for alg in algorithms:
        lines = [
            f"{hashlib.new(alg, data).hexdigest()}  {listed.get(rel, _encode(rel, version))}"
            for rel, data in files.items()
            if listed.get(rel, "") is not None
        ]
        _write(root / f"manifest-{alg}.txt", [*lines, *extra_lines], encoding)
    payload = [rel for rel in files if rel.startswith("data/")]
    oxum_line = [f"Payload-Oxum: {sum(len(files[r]) for r in payload)}.{len(payload)}"]
    _write(root / "bag-info.txt", [*info, *(oxum_line if oxum else [])], encoding)
    if fetch is not None:
        _write(root / "fetch.txt", fetch, encoding)
    default = f"BagIt-Version: {version}\nTag-File-Character-Encoding: {encoding}\n"
    (root / "bagit.txt").write_bytes(declaration or default.encode())
    if tags:
        reseal(root, encoding, algorithms)
    return root


def reseal(root: Path, encoding: str = "UTF-8", algorithms: Sequence[str] = ("sha512",)) -> None:
    """(Re)write the tag manifests over the tag files as they are now."""
    names = sorted(
        p.name
        for p in root.iterdir()
        if p.is_file() and not p.name.startswith("tagmanifest-") and p.name != "data"
    )
    for alg in algorithms:
        lines = [f"{hashlib.new(alg, (root / n).read_bytes()).hexdigest()} {n}" for n in names]
        _write(root / f"tagmanifest-{alg}.txt", lines, encoding)


def _encode(rel: str, version: str) -> str:
    if version == "1.0":
        rel = rel.replace("%", "%25")
    return rel.replace("\r", "%0D").replace("\n", "%0A")


def _write(path: Path, lines: Sequence[str], encoding: str) -> None:
    text = "".join(f"{line}\n" for line in lines)
    if encoding.upper().startswith("UTF-16"):
        text = "\ufeff" + text
    path.write_bytes(text.encode(encoding))


def _md5_fetch_bag(root: Path, version: str, target: str) -> None:
    make_bag(
        root,
        version=version,
        algorithms=("md5",),
        fetch=[f"http://example.org/foo - {target}"],
    )


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0] ^= 1
    path.write_bytes(bytes(data))


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


Case = tuple[str, str, str, Callable[[Path], object]]


def _old(version: str) -> list[Case]:
    """0.93–0.96: md5 bags from the early drafts (package-info.txt before bag-info.txt)."""
    prefix = f"v{version}/valid"
    info = "package-info.txt" if version in ("0.93", "0.94") else "bag-info.txt"

    def basic(root: Path, md5_only: bool = True) -> None:
        make_bag(root, version=version, algorithms=("md5",), info=(), oxum=False)
        (root / "bag-info.txt").unlink()
        (root / info).write_text("Contact-Name: Ed Summers\nBagging-Date: 2008-01-15\n")
        reseal(root, algorithms=("md5",))

    def duplicates(root: Path) -> None:
        basic(root)
        with open(root / info, "a") as stream:
            stream.write("Contact-Name: John Scancella\n")
        reseal(root, algorithms=("md5",))

    cases: list[Case] = [
        (f"{prefix}/basic-bag", "valid", "", basic),
        (f"{prefix}/duplicate-metadata-entries", "valid", "", duplicates),
    ]
    if version == "0.95":
        cases.append((f"{prefix}/basic-bag-md5", "warning", "chỉ có mã kiểm tra MD5", basic))
    return cases


V097: list[Case] = [
    ("v0.97/valid/basic-bag", "valid", "", lambda r: make_bag(r, version="0.97")),
    *[
        (
            f"v0.97/valid/basic-bag-{alg}",
            "valid",
            "",
            lambda r, alg=alg: make_bag(r, version="0.97", algorithms=(alg,)),
        )
        for alg in ("sha1", "sha224", "sha256", "sha512")
    ],
    (
        "v0.97/valid/minimal-bag",
        "valid",
        "",
        lambda r: make_bag(r, version="0.97", files={}, info=(), oxum=False, tags=False),
    ),
    (
        "v0.97/valid/UTF-16-encoded-tag-files",
        "valid",
        "",
        lambda r: make_bag(r, version="0.97", encoding="UTF-16BE", info=("Contact-Name: Núñez",)),
    ),
    (
        "v0.97/valid/ISO-8859-1-encoded-tag-files",
        "valid",
        "",
        lambda r: make_bag(
            r,
            version="0.97",
            encoding="ISO-8859-1",
            files={f"data/{NFC}.txt": TEXT},
            info=("Contact-Name: Núñez",),
        ),
    ),
    (
        "v0.97/valid/bag-in-a-bag",
        "valid",
        "",
        lambda r: make_bag(
            r,
            version="0.97",
            files={
                "data/bag/bagit.txt": b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
                "data/bag/manifest-md5.txt": b"bad  data/elsewhere.txt\n",
                "data/bag/data/text-file.txt": TEXT,
            },
        ),
    ),
    (
        "v0.97/valid/bag-with-encoded-names",
        "valid",
        "",
        lambda r: make_bag(r, version="0.97", files={"data/a\nb.txt": TEXT, "data/c\rd": TEXT}),
    ),
    (
        "v0.97/valid/bag-with-escapable-characters",
        "valid",
        "",
        lambda r: make_bag(r, version="0.97", files={"data/100% & #1 (a).txt": TEXT}),
    ),
    (
        "v0.97/valid/bag-with-space",
        "valid",
        "",
        lambda r: make_bag(r, version="0.97", files={"data/test file.txt": TEXT}),
    ),
    (
        "v0.97/valid/bag-with-leading-dot-slash-in-manifest",
        "warning",
        "«./data/text-file.txt» có «./»",
        lambda r: make_bag(
            r, version="0.97", listed={"data/text-file.txt": "./data/text-file.txt"}
        ),
    ),
    (
        "v0.97/valid/duplicate-metadata-entries",
        "valid",
        "",
        lambda r: make_bag(r, version="0.97", info=("Contact-Name: A", "Contact-Name: B")),
    ),
    (
        "v0.97/valid/uncommon-metadata-separators",
        "valid",
        "",
        lambda r: make_bag(
            r, version="0.97", info=("Contact-Name:Ed", "Contact-Email :ed@example.org", "A\t:\tb")
        ),
    ),
    (
        "v0.97/valid/holey-bag",
        "warning",
        "phải tải về theo fetch.txt dòng 1",
        lambda r: (
            make_bag(
                r,
                version="0.97",
                fetch=["http://example.org/bag/data/text-file.txt - data/text-file.txt"],
            ),
            (r / "data/text-file.txt").unlink(),
        ),
    ),
    (
        "v0.97/valid/local-fetch",
        "warning",
        "fetch.txt:1:1: cảnh báo: đường dẫn «sachiel.png» nằm ngoài thư mục data/",
        lambda r: make_bag(r, version="0.97", fetch=["file:///tmp/sachiel.png 42000 sachiel.png"]),
    ),
    (
        "v0.97/invalid/baginfo-missing-encoding",
        "invalid",
        "bagit.txt: phải có đúng 2 dòng",
        lambda r: make_bag(r, version="0.97", declaration=b"BagIt-Version: 0.97\n"),
    ),
    (
        "v0.97/invalid/bagit-with-invalid-whitespace",
        "invalid",
        "bagit.txt:1:1: dòng 1 phải có dạng «BagIt-Version: M.N»",
        lambda r: make_bag(
            r,
            version="0.97",
            declaration=b"BagIt-Version : 0.97\nTag-File-Character-Encoding : UTF-8\n",
        ),
    ),
    (
        "v0.97/invalid/bom-in-bagit.txt",
        "invalid",
        "bagit.txt:1:1: tệp bắt đầu bằng dấu BOM",
        lambda r: make_bag(
            r,
            version="0.97",
            declaration=b"\xef\xbb\xbfBagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
        ),
    ),
    (
        "v0.97/invalid/corrupt-data-file",
        "invalid",
        "data/text-file.txt: nội dung tệp đã bị thay đổi",
        lambda r: _flip(make_bag(r, version="0.97") / "data/text-file.txt"),
    ),
    (
        "v0.97/invalid/corrupt-tag-file",
        "invalid",
        "bag-info.txt: nội dung tệp đã bị thay đổi",
        lambda r: _edit(make_bag(r, version="0.97") / "bag-info.txt", "2017", "2018"),
    ),
    (
        "v0.97/invalid/extra-file-in-bag",
        "invalid",
        "data/bar: tệp không có trong danh sách kiểm tra manifest-sha512.txt",
        lambda r: (make_bag(r, version="0.97") / "data/bar").write_bytes(b"bar\n"),
    ),
    (
        "v0.97/invalid/invalid-version-number",
        "invalid",
        "«BagIt-Version: .97»",
        lambda r: make_bag(
            r,
            version="0.97",
            declaration=b"BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n",
        ),
    ),
    (
        "v0.97/invalid/missing-baginfo",
        "invalid",
        "bag-info.txt: tệp có trong danh sách kiểm tra (tagmanifest-sha512.txt dòng 1)",
        lambda r: (make_bag(r, version="0.97") / "bag-info.txt").unlink(),
    ),
    (
        "v0.97/invalid/missing-bagit.txt",
        "invalid",
        "thiếu tệp bagit.txt",
        lambda r: (make_bag(r, version="0.97") / "bagit.txt").unlink(),
    ),
    (
        "v0.97/invalid/out-of-scope-file-paths-using-dot-notation",
        "invalid",
        "manifest-md5.txt:2:1: đường dẫn «../../../README.md» dùng «..»",
        lambda r: make_bag(
            r, version="0.97", algorithms=("md5",), extra_lines=[f"{'0' * 32}  ../../../README.md"]
        ),
    ),
    (
        "v0.97/invalid/out-of-scope-file-paths-using-dot-notation-for-fetch",
        "invalid",
        "fetch.txt:1:1: đường dẫn «../../../README.md» dùng «..»",
        lambda r: _md5_fetch_bag(r, "0.97", "../../../README.md"),
    ),
    (
        "v0.97/invalid/same-filename-listed-twice-with-different-hashes",
        "invalid",
        "manifest-md5.txt:2:1: tệp «data/text-file.txt» được liệt kê hai lần (dòng 1 và 2) "
        "với hai mã kiểm tra khác nhau",
        lambda r: make_bag(
            r, version="0.97", algorithms=("md5",), extra_lines=[f"{'0' * 32}  data/text-file.txt"]
        ),
    ),
    *[
        (
            f"v0.97/{system}-only/out-of-scope-file-paths-using-{kind}",
            "invalid",
            f"manifest-md5.txt:2:1: đường dẫn «{path}»",
            lambda r, path=path: make_bag(
                r, version="0.97", algorithms=("md5",), extra_lines=[f"{'0' * 32}  {path}"]
            ),
        )
        for system, kind, path in (
            ("linux", "absolute-path", "/tmp/foo"),
            ("linux", "shortcut", "~/foo"),
            ("linux", "shortcut-username", "~root/foo"),
            ("windows", "absolute-path", "C:\\Windows\\System32\\setx.exe"),
            ("windows", "unc", "\\\\?\\UNC\\server\\Windows\\System32\\setx.exe"),
            ("windows", "shortcut", "%HomeDrive%\\Windows\\System32\\setx.exe"),
        )
    ],
    *[
        (
            f"v0.97/{system}-only/out-of-scope-file-paths-using-{kind}-for-fetch",
            "invalid",
            f"fetch.txt:1:1: đường dẫn «{path}»",
            lambda r, path=path: _md5_fetch_bag(r, "0.97", path),
        )
        for system, kind, path in (
            ("linux", "absolute-path", "/tmp/foo"),
            ("linux", "shortcut", "~/foo"),
            ("linux", "shortcut-username", "~root/foo"),
            ("windows", "absolute-path", "C:\\Windows\\System32\\setx.exe"),
            ("windows", "unc", "\\\\?\\UNC\\server\\Windows\\System32\\setx.exe"),
            ("windows", "shortcut", "%HomeDrive%\\Windows\\System32\\setx.exe"),
        )
    ],
]


def _warnings(version: str) -> list[Case]:
    prefix = f"v{version}/warning"
    return [
        (
            f"{prefix}/duplicate-file-with-different-case",
            "warning",
            "chỉ khác nhau về chữ hoa/chữ thường",
            lambda r: make_bag(
                r, version=version, files={"data/file.txt": TEXT, "data/FILE.txt": b"other\n"}
            ),
        ),
        (
            f"{prefix}/filename-normalization",
            "warning",
            "chỉ khi chuẩn hóa Unicode",
            lambda r: make_bag(
                r,
                version=version,
                files={f"data/{NFD}": b""},
                listed={f"data/{NFD}": f"data/{NFC}"},
            ),
        ),
        (
            f"{prefix}/made-with-md5sum-tools",
            "warning",
            "chỉ có mã kiểm tra MD5",
            lambda r: make_bag(
                r,
                version=version,
                algorithms=("md5",),
                files={"data/hello.txt": b"hello\n"},
                listed={"data/hello.txt": "*data/hello.txt"},
            ),
        ),
        (
            f"{prefix}/relative-path",
            "warning",
            "«data/./text-file.txt» có «./»",
            lambda r: make_bag(
                r, version=version, listed={"data/text-file.txt": "data/./text-file.txt"}
            ),
        ),
        (
            f"{prefix}/same-filename-listed-twice-with-different-normalization",
            "warning",
            "được liệt kê hai lần (dòng 1 và 2) với cùng mã kiểm tra",
            lambda r: make_bag(
                r,
                version=version,
                files={f"data/{NFC}": b""},
                extra_lines=[f"{hashlib.sha512(b'').hexdigest()}  data/{NFD}"],
            ),
        ),
        (
            f"{prefix}/same-filename-listed-twice-with-the-same-hash",
            "warning",
            "được liệt kê hai lần (dòng 1 và 2) với cùng mã kiểm tra",
            lambda r: make_bag(
                r,
                version=version,
                extra_lines=[f"{hashlib.sha512(TEXT).hexdigest()}  data/text-file.txt"],
            ),
        ),
        (
            f"{prefix}/special-system-files",
            "warning",
            "data/.DS_Store: cảnh báo: tệp rác của hệ điều hành",
            lambda r: make_bag(
                r,
                version=version,
                files={
                    "data/text-file.txt": TEXT,
                    "data/.DS_Store": b"\0\0\0\1Bud1",
                    "data/Thumbs.db": b"\xd0\xcf",
                    "data/._text-file.txt": b"\0\5\26\7",
                    "data/desktop.ini": b"[.ShellClassInfo]\n",
                },
            ),
        ),
    ]


V10: list[Case] = [
    ("v1.0/valid/basicBag", "valid", "", lambda r: make_bag(r, algorithms=("sha256", "sha512"))),
    (
        "v1.0/valid/bag-with-encoded-names",
        "valid",
        "",
        lambda r: make_bag(
            r, files={"data/a\nb.txt": TEXT, "data/c\rd": TEXT, "data/50%.txt": TEXT}
        ),
    ),
    ("v1.0/valid/minimal-bag", "valid", "", lambda r: make_bag(r, files={}, tags=False)),
    (
        "v1.0/invalid/missing-from-manifest",
        "invalid",
        "data/missingFromManifest.txt: tệp không có trong danh sách kiểm tra",
        lambda r: make_bag(
            r,
            files={"data/text-file.txt": TEXT, "data/missingFromManifest.txt": b"x\n"},
            listed={"data/missingFromManifest.txt": None},
        ),
    ),
    (
        "v1.0/invalid/bagit-with-invalid-whitespace",
        "invalid",
        "bagit.txt:1:1: dòng 1 phải có dạng «BagIt-Version: M.N»",
        lambda r: make_bag(
            r, declaration=b"BagIt-Version : 1.0\nTag-File-Character-Encoding : UTF-8\n"
        ),
    ),
    (
        "v1.0/invalid/same-filename-listed-twice-with-different-hashes",
        "invalid",
        "manifest-sha512.txt:2:1: tệp «data/text-file.txt» được liệt kê hai lần",
        lambda r: make_bag(r, extra_lines=[f"{'0' * 128}  data/text-file.txt"]),
    ),
]

CASES: list[Case] = [
    *_old("0.93"),
    *_old("0.94"),
    *_old("0.95"),
    *_old("0.96"),
    *V097,
    *_warnings("0.97"),
    (
        "v0.97/darwin-only/precomposed-character-in-filename",
        "warning",
        "chỉ khi chuẩn hóa Unicode",
        lambda r: make_bag(
            r,
            version="0.97",
            files={f"data/{NFD}.txt": TEXT},
            listed={f"data/{NFD}.txt": f"data/{NFC}.txt"},
        ),
    ),
    *V10,
    *_warnings("1.0"),
]


@pytest.mark.parametrize(
    ("name", "expected", "reason", "build"), CASES, ids=[case[0] for case in CASES]
)
def test_conformance_case(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    expected: str,
    reason: str,
    build: Callable[[Path], object],
) -> None:
    bag = tmp_path / name.rsplit("/", 1)[-1]
    build(bag)
    capsys.readouterr()

    code = main(["verify", str(bag)])

    err = capsys.readouterr().err
    if expected == "invalid":
        assert code == 1, err
        assert reason in err, err
        assert "Có " in err and " lỗi cần sửa." in err
    else:
        assert code == 0, err
        if expected == "warning":
            assert "cảnh báo: " in err and reason in err, err
        elif name.endswith(("basicBag", "basic-bag-sha512", "basic-bag-sha256")):
            assert err == ""
    assert "Traceback" not in err


def _symlinked(root: Path) -> None:
    make_bag(root)
    (root / "data/link.txt").symlink_to("/etc/hostname")


def _crlf(root: Path) -> None:
    make_bag(root, info=("Contact-Name: Ed", "Description: one", "  two"), tags=False)
    for name in ("bagit.txt", "bag-info.txt", "manifest-sha512.txt"):
        path = root / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    reseal(root)


def _uppercase_checksum(root: Path) -> None:
    make_bag(root, tags=False)
    digest = hashlib.sha512(TEXT).hexdigest().upper()
    (root / "manifest-sha512.txt").write_text(f"{digest}  data/text-file.txt\n")


def _grown_after_sealing(root: Path) -> None:
    """The payload changed and its manifest was redone, but Payload-Oxum was not."""
    make_bag(root)
    (root / "data/text-file.txt").write_bytes(TEXT + b"!")
    digest = hashlib.sha512(TEXT + b"!").hexdigest()
    (root / "manifest-sha512.txt").write_text(f"{digest}  data/text-file.txt\n")
    reseal(root)


def _fetch_complete(root: Path) -> None:
    make_bag(root, fetch=["http://example.org/text-file.txt 20 data/text-file.txt"])


def _fetch_unlisted(root: Path) -> None:
    make_bag(root, fetch=["http://example.org/other.txt - data/other.txt"])


RFC_CASES: list[Case] = [
    ("rfc8493/crlf-and-continuation-lines", "valid", "", _crlf),
    (
        "rfc8493/fetch-with-every-file-present",
        "warning",
        "fetch.txt:1:1: cảnh báo: fetch.txt còn ghi 1 tệp phải tải về, nhưng các tệp đó đã có",
        _fetch_complete,
    ),
    (
        "rfc8493/uppercase-checksum",
        "valid",
        "",
        _uppercase_checksum,
    ),
    (
        "rfc8493/unknown-algorithm",
        "invalid",
        "manifest-crc32.txt: thuật toán «crc32» không được hỗ trợ",
        lambda r: (make_bag(r) / "manifest-crc32.txt").write_text("0a1b2c3d  data/text-file.txt\n"),
    ),
    (
        "rfc8493/no-payload-manifest",
        "invalid",
        "thiếu danh sách kiểm tra (manifest-*.txt)",
        lambda r: (make_bag(r, tags=False) / "manifest-sha512.txt").unlink(),
    ),
    (
        "rfc8493/unsupported-version",
        "invalid",
        "bagit.txt:1:1: phiên bản BagIt 2.0 không được hỗ trợ",
        lambda r: make_bag(r, version="2.0"),
    ),
    (
        "rfc8493/third-line-in-bagit.txt",
        "invalid",
        "bagit.txt: phải có đúng 2 dòng",
        lambda r: make_bag(
            r, declaration=b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n\n"
        ),
    ),
    (
        "rfc8493/unknown-encoding",
        "invalid",
        "bagit.txt:2:1: bảng mã «klingon» không được biết đến",
        lambda r: make_bag(
            r, declaration=b"BagIt-Version: 1.0\nTag-File-Character-Encoding: klingon\n"
        ),
    ),
    (
        "rfc8493/checksum-of-wrong-length",
        "invalid",
        "manifest-sha512.txt:2:1: mã kiểm tra «abc» không phải mã sha512",
        lambda r: make_bag(r, extra_lines=["abc  data/text-file.txt"]),
    ),
    (
        "rfc8493/comment-line-in-manifest",
        "invalid",
        "manifest-sha512.txt:2:1: dòng phải có dạng «MÃ_KIỂM_TRA ĐƯỜNG_DẪN»",
        lambda r: make_bag(r, extra_lines=["#comment"]),
    ),
    (
        "rfc8493/unencoded-percent-in-1.0",
        "invalid",
        "manifest-sha512.txt:1:1: dấu % trong «data/50%.txt» phải được viết là %25",
        lambda r: make_bag(
            r, files={"data/50%.txt": TEXT}, listed={"data/50%.txt": "data/50%.txt"}
        ),
    ),
    (
        "rfc8493/payload-manifest-lists-a-tag-file",
        "invalid",
        "manifest-sha512.txt:2:1: đường dẫn «bag-info.txt» nằm ngoài thư mục data/",
        lambda r: make_bag(r, extra_lines=[f"{'0' * 128}  bag-info.txt"]),
    ),
    (
        "rfc8493/missing-payload-file",
        "invalid",
        "data/text-file.txt: tệp có trong danh sách kiểm tra (manifest-sha512.txt dòng 1) "
        "nhưng không còn trong gói",
        lambda r: (make_bag(r, oxum=False) / "data/text-file.txt").unlink(),
    ),
    (
        "rfc8493/wrong-payload-oxum",
        "invalid",
        "bag-info.txt:2:1: Payload-Oxum (số tệp và tổng dung lượng trong data/) không khớp "
        "với nội dung gói: ghi 20 byte trong 1 tệp, thực có 21 byte trong 1 tệp",
        _grown_after_sealing,
    ),
    (
        "rfc8493/malformed-payload-oxum",
        "invalid",
        "bag-info.txt:2:1: Payload-Oxum «20» phải có dạng SỐ_BYTE.SỐ_TỆP",
        lambda r: make_bag(r, info=("Bagging-Date: 2017-11-03", "Payload-Oxum: 20"), oxum=False),
    ),
    (
        "rfc8493/space-before-colon-in-bag-info-1.0",
        "invalid",
        "bag-info.txt:1:1: nhãn «Contact-Name » có khoảng trắng trước dấu hai chấm",
        lambda r: make_bag(r, info=("Contact-Name : Ed",)),
    ),
    (
        "rfc8493/no-space-after-colon-in-bag-info-1.0",
        "invalid",
        "bag-info.txt:1:1: sau «Contact-Name:» phải có một khoảng trắng",
        lambda r: make_bag(r, info=("Contact-Name:Ed",)),
    ),
    (
        "rfc8493/bag-info-line-without-label",
        "invalid",
        "bag-info.txt:1:1: dòng «just words» phải có dạng «Nhãn: giá trị»",
        lambda r: make_bag(r, info=("just words",)),
    ),
    (
        "rfc8493/bag-info-starts-with-continuation",
        "invalid",
        "bag-info.txt:1:1: dòng tiếp nối (bắt đầu bằng khoảng trắng) không có nhãn",
        lambda r: make_bag(r, info=("  dangling",)),
    ),
    (
        "rfc8493/fetch-entry-not-in-manifest",
        "invalid",
        "fetch.txt:1:1: tệp «data/other.txt» cần tải về nhưng không có trong manifest-sha512.txt",
        _fetch_unlisted,
    ),
    (
        "rfc8493/symlink-in-payload",
        "invalid",
        "data/link.txt: là liên kết (symlink)",
        _symlinked,
    ),
    (
        "rfc8493/weak-checksums-only",
        "warning",
        "gói chỉ có mã kiểm tra MD5, SHA-1",
        lambda r: make_bag(r, algorithms=("md5", "sha1")),
    ),
]


@pytest.mark.parametrize(
    ("name", "expected", "reason", "build"), RFC_CASES, ids=[case[0] for case in RFC_CASES]
)
def test_rfc8493_rule(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    expected: str,
    reason: str,
    build: Callable[[Path], object],
) -> None:
    test_conformance_case(tmp_path, capsys, name, expected, reason, build)
