"""Check an archive bag by RFC 8493: declaration, manifests, completeness both ways, fixity,
fetch.txt, bag-info.txt and Payload-Oxum. One Vietnamese problem per file and line, errors and
warnings together; the bag is valid when no problem is an error.

Stricter than bagit-python, whose reader accepts ``BagIt-Version : 1.0``, skips ``#`` lines
in manifests. A bag still waiting for files listed in fetch.txt is valid BagIt (the conformance
suite says so) but not whole offline: verify accepts it with a warning that says so.

Read-only: nothing here writes to the bag.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.archive.tagfiles import (
    ALGORITHMS,
    MANIFEST_NAME,
    Declaration,
    Entry,
    FetchEntry,
    Findings,
    decode_path,
    read_bag_info,
    read_declaration,
    read_fetch,
    read_manifest,
)
from generator.errors import Problem

MISSING = (
    "tệp có trong danh sách kiểm tra ({where}) nhưng không còn trong gói (đã bị xóa hoặc đổi tên)."
)
EXTRA = (
    "tệp không có trong danh sách kiểm tra {manifests} của gói "
    "(đã được thêm vào sau khi đóng gói, hoặc danh sách thiếu dòng này)."
)
ALTERED = "nội dung tệp đã bị thay đổi hoặc hỏng (mã kiểm tra {algorithms} không khớp: {where})."
OXUM = "Payload-Oxum (số tệp và tổng dung lượng trong data/) không khớp với nội dung gói"
FETCH_MISSING = (
    "tệp phải tải về theo fetch.txt dòng {line} ({url}) nhưng không có trong gói: gói chưa đủ, "
    "không dùng được khi không có mạng. Hãy tải đủ tệp vào data/ hoặc xin lại gói đầy đủ."
)
OS_JUNK = {".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"}
_STRONG = {"sha224", "sha256", "sha384", "sha512"}
_BLOCK = 1 << 20


def verify_bag(path: Path) -> list[Problem]:
    """Every problem found in the bag at ``path``; no error among them means it is intact."""
    if not path.is_dir():
        return [Problem(str(path), message="không tìm thấy thư mục gói lưu trữ.")]
    if not (path / "bagit.txt").is_file():
        return [Problem(str(path), message="không phải gói lưu trữ BagIt (thiếu tệp bagit.txt).")]
    found = Findings(path)
    try:
        _verify(path, found)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        where = exc.filename or path
        return [Problem(str(where), message=f"không đọc được tệp trong gói lưu trữ: {detail}.")]
    return sorted(found.problems)


def _verify(bag: Path, found: Findings) -> None:
    decl = read_declaration(bag, found)
    if decl is None:
        return
    if not (bag / "data").is_dir():
        found.error(None, "gói lưu trữ thiếu thư mục data/.")
        return
    manifests = _manifests(bag, found)
    if not any(not rel.startswith("tag") for rel in manifests):
        if not found.has_errors():
            found.error(None, "gói lưu trữ thiếu danh sách kiểm tra (manifest-*.txt).")
        return
    files = _bag_files(bag, found)
    entries = {rel: read_manifest(bag, rel, alg, decl, found) for rel, alg in manifests.items()}
    fetch = read_fetch(bag, decl, found) if (bag / "fetch.txt").is_file() else []
    located = _locate_all(entries, files, decl, found)
    errors_before = found.error_count()
    _completeness(files, entries, located, fetch, found)
    _fixity(bag, manifests, entries, located, found)
    # Payload-Oxum only sums up what the manifests say file by file: checked when they hold,
    # and when no hole is still to be fetched (the oxum counts the whole payload).
    holes = any(item.path not in files for item in fetch)
    _bag_info(
        bag, decl, files, found, check_oxum=found.error_count() == errors_before and not holes
    )
    _warnings(manifests, files, found)


def _manifests(bag: Path, found: Findings) -> dict[str, str]:
    """Manifest file name → algorithm, for every (tag)manifest-*.txt at the top of the bag."""
    manifests = {}
    for entry in sorted(os.listdir(bag)):
        match = MANIFEST_NAME.match(entry)
        if match is None or not (bag / entry).is_file():
            continue
        algorithm = match[2]
        if algorithm not in ALGORITHMS:
            known = ", ".join(sorted(ALGORITHMS))
            found.error(
                entry,
                f"thuật toán «{algorithm}» không được hỗ trợ nên không kiểm tra được gói "
                f"(hỗ trợ: {known}).",
            )
            continue
        manifests[entry] = algorithm
    return manifests


def _bag_files(bag: Path, found: Findings) -> set[str]:
    """Every regular file in the bag, as a POSIX path relative to it; links are errors."""
    files = set()
    for folder, dirs, names in os.walk(bag):
        base = Path(folder).relative_to(bag)
        for name in sorted(dirs + names):
            rel = (base / name).as_posix()
            full = Path(folder) / name
            if full.is_symlink():
                found.error(rel, "là liên kết (symlink); gói lưu trữ chỉ được chứa tệp thật.")
            elif name in names and full.is_file():
                files.add(rel)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return files


def _locate_all(
    entries: Mapping[str, list[Entry]], files: set[str], decl: Declaration, found: Findings
) -> dict[tuple[str, int], str]:
    """(manifest, line) → the file on disk that the entry names, when there is one."""
    by_nfc: dict[str, list[str]] = defaultdict(list)
    for rel in files:
        by_nfc[unicodedata.normalize("NFC", rel)].append(rel)
    located = {}
    for manifest, listed in entries.items():
        for entry in listed:
            candidates = [entry.path]
            if decl.version < (1, 0) and decode_path(entry.path) != entry.path:
                candidates.append(decode_path(entry.path))  # older bags encoded loosely
            hit = next((c for c in candidates if c in files), None)
            if hit is None:
                twins = by_nfc.get(unicodedata.normalize("NFC", entry.path), [])
                if len(twins) == 1:
                    hit = twins[0]
                    found.warning(
                        manifest,
                        f"tên «{entry.path}» khớp tệp «{hit}» chỉ khi chuẩn hóa Unicode "
                        "(tên ghi theo cách khác, như máy Mac làm).",
                        entry.line,
                    )
            if hit is not None:
                located[(manifest, entry.line)] = hit
    return located


def _completeness(
    files: set[str],
    entries: Mapping[str, list[Entry]],
    located: Mapping[tuple[str, int], str],
    fetch: list[FetchEntry],
    found: Findings,
) -> None:
    """Every payload file in every payload manifest; every listed file present."""
    fetched = {item.path: item for item in fetch}
    missing: dict[str, list[str]] = defaultdict(list)
    not_listed: dict[str, list[str]] = defaultdict(list)
    payload = {f for f in files if f.startswith("data/")}
    for manifest, listed in entries.items():
        seen: dict[str, Entry] = {}
        for entry in listed:
            hit = located.get((manifest, entry.line))
            if hit is None:
                missing[entry.path].append(f"{manifest} dòng {entry.line}")
                continue
            before = seen.setdefault(hit, entry)
            if before is not entry:
                _duplicate(manifest, before, entry, found)
        if not manifest.startswith("tag"):
            for rel in sorted(payload - seen.keys()):
                not_listed[rel].append(manifest)
            for item in fetch:
                # before 1.0 a fetched file may lie outside data/ (warned about when read)
                if item.path.startswith("data/") and item.path not in {e.path for e in listed}:
                    found.error(
                        "fetch.txt",
                        f"tệp «{item.path}» cần tải về nhưng không có trong {manifest}.",
                        item.line,
                    )
    present = [item for item in fetch if item.path not in missing]
    if present:
        found.warning(
            "fetch.txt",
            f"fetch.txt còn ghi {len(present)} tệp phải tải về, nhưng các tệp đó đã có trong "
            "data/ và khớp danh sách kiểm tra: gói vẫn đủ khi không có mạng.",
            present[0].line,
        )
    for rel, where in sorted(missing.items()):
        to_fetch = fetched.get(rel)
        if to_fetch is not None:
            # A "holey" bag is valid BagIt, but not whole offline: staff must hear it.
            found.warning(rel, FETCH_MISSING.format(line=to_fetch.line, url=to_fetch.url))
        else:
            found.error(rel, MISSING.format(where=", ".join(where)))
    for rel, manifests in sorted(not_listed.items()):
        found.error(rel, EXTRA.format(manifests=", ".join(manifests)))


def _duplicate(manifest: str, first: Entry, again: Entry, found: Findings) -> None:
    if first.checksum == again.checksum:
        found.warning(
            manifest,
            f"tệp «{again.path}» được liệt kê hai lần (dòng {first.line} và {again.line}) "
            "với cùng mã kiểm tra.",
            again.line,
        )
    else:
        found.error(
            manifest,
            f"tệp «{again.path}» được liệt kê hai lần (dòng {first.line} và {again.line}) "
            "với hai mã kiểm tra khác nhau.",
            again.line,
        )


def _fixity(
    bag: Path,
    manifests: Mapping[str, str],
    entries: Mapping[str, list[Entry]],
    located: Mapping[tuple[str, int], str],
    found: Findings,
) -> None:
    """Hash each listed file once, with every algorithm any manifest lists it under."""
    expected: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
    for manifest, listed in entries.items():
        for entry in listed:
            hit = located.get((manifest, entry.line))
            if hit is not None:
                expected[hit].append((manifests[manifest], entry))
    for rel in sorted(expected):
        digests = _digests(bag / rel, {alg for alg, _ in expected[rel]})
        wrong = [(alg, e) for alg, e in expected[rel] if digests[alg] != e.checksum]
        if wrong:
            algorithms = ", ".join(sorted({_label(alg) for alg, _ in wrong}))
            where = ", ".join(f"{e.manifest} dòng {e.line}" for _, e in wrong)
            found.error(rel, ALTERED.format(algorithms=algorithms, where=where))


def _digests(path: Path, algorithms: Iterable[str]) -> dict[str, str]:
    hashers = {alg: hashlib.new(alg) for alg in algorithms}
    with open(path, "rb") as stream:
        while block := stream.read(_BLOCK):
            for hasher in hashers.values():
                hasher.update(block)
    return {alg: hasher.hexdigest() for alg, hasher in hashers.items()}


def _bag_info(
    bag: Path, decl: Declaration, files: set[str], found: Findings, check_oxum: bool
) -> None:
    for rel in ("bag-info.txt", "package-info.txt"):
        if rel not in files:
            continue
        elements = read_bag_info(bag, rel, decl, found)
        oxums = [(line, value) for line, label, value in elements if label == "Payload-Oxum"]
        if len(oxums) > 1:
            found.error(rel, "Payload-Oxum được ghi nhiều lần.", oxums[1][0])
        elif oxums and check_oxum:
            _oxum(bag, rel, oxums[0], files, found)


def _oxum(bag: Path, rel: str, oxum: tuple[int, str], files: set[str], found: Findings) -> None:
    line, value = oxum
    octets, dot, streams = value.strip().partition(".")
    if not (dot and octets.isdigit() and streams.isdigit()):
        found.error(rel, f"Payload-Oxum «{value}» phải có dạng SỐ_BYTE.SỐ_TỆP.", line)
        return
    payload = [f for f in files if f.startswith("data/")]
    size = sum((bag / f).stat().st_size for f in payload)
    if (int(octets), int(streams)) != (size, len(payload)):
        found.error(
            rel,
            f"{OXUM}: ghi {octets} byte trong {streams} tệp, thực có {size} byte "
            f"trong {len(payload)} tệp.",
            line,
        )


def _warnings(manifests: Mapping[str, str], files: set[str], found: Findings) -> None:
    payload_algorithms = {alg for rel, alg in manifests.items() if not rel.startswith("tag")}
    if not payload_algorithms & _STRONG:
        weak = ", ".join(_label(a) for a in sorted(payload_algorithms))
        found.warning(
            None,
            f"gói chỉ có mã kiểm tra {weak}: đủ phát hiện hỏng do sao chép nhưng không chống "
            "được sửa đổi cố ý; nên đóng gói lại với SHA-256 hoặc SHA-512.",
        )
    for rel in sorted(files):
        name = rel.rsplit("/", 1)[-1]
        if name.lower() in OS_JUNK or name.startswith("._"):
            found.warning(rel, "tệp rác của hệ điều hành (Mac/Windows); nên bỏ khỏi gói.")
    _clashes(files, lambda rel: unicodedata.normalize("NFC", rel), "chuẩn hóa Unicode", found)
    _clashes(
        {unicodedata.normalize("NFC", f) for f in files},
        lambda rel: rel.casefold(),
        "chữ hoa/chữ thường",
        found,
    )


def _clashes(files: Iterable[str], key: Callable[[str], str], what: str, found: Findings) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for rel in files:
        groups[key(rel)].append(rel)
    for names in groups.values():
        if len(names) > 1:
            names.sort()
            listed = ", ".join(f"«{n}»" for n in names)
            found.warning(
                names[0],
                f"các tên {listed} chỉ khác nhau về {what}: trên Windows hoặc máy Mac chúng "
                "sẽ trùng nhau và một tệp sẽ mất khi chép gói sang.",
            )


def _label(algorithm: str) -> str:
    return algorithm.upper().replace("SHA", "SHA-")
