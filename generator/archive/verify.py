"""Check an archive bag's completeness and fixity with bagit, one Vietnamese problem per file.

Read-only: nothing here writes to the bag.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import bagit

from generator.archive.bag import quiet_bagit
from generator.errors import Problem

MISSING = "tệp có trong danh sách kiểm tra nhưng không còn trong gói (đã bị xóa hoặc đổi tên)."
EXTRA = "tệp không có trong danh sách kiểm tra của gói (đã được thêm vào sau khi đóng gói)."
ALTERED = "nội dung tệp đã bị thay đổi hoặc hỏng (mã kiểm tra {algorithms} không khớp)."
OXUM = "Payload-Oxum (số tệp và tổng dung lượng trong data/) không khớp với nội dung gói."


def verify_bag(path: Path) -> list[Problem]:
    """Return every problem found in the bag at ``path``; an empty list means it is intact."""
    if not path.is_dir():
        return [Problem(str(path), message="không tìm thấy thư mục gói lưu trữ.")]
    with quiet_bagit():
        try:
            bag = bagit.Bag(str(path))
            # Payload-Oxum is a summary that bagit checks first and reports without file
            # names; drop it from this in-memory copy so the per-file checks run, and check it
            # last. The bag-info.txt file itself is untouched (and covered by tagmanifests).
            oxum = bag.info.pop("Payload-Oxum", None)
            problems = _completeness(path, bag)
            problems += _fixity(path, bag, complete=not problems)
            if not problems and oxum is not None:
                problems += _oxum(path, bag, oxum)
        except (bagit.BagError, OSError, UnicodeError, ValueError) as exc:
            return [_unreadable(path, exc)]
    return sorted(problems)


def _completeness(path: Path, bag: bagit.Bag) -> list[Problem]:
    try:
        bag.validate(completeness_only=True)
    except bagit.BagValidationError as exc:
        if not exc.details:
            raise
        return _from_details(path, exc.details)
    return []


def _fixity(path: Path, bag: bagit.Bag, complete: bool) -> list[Problem]:
    """bagit's full validation when the bag is complete; else hash the files still present.

    bagit stops at the first failing stage, so with a file missing it would never report a
    second file whose content changed. Staff should see every problem at once.
    """
    if complete:
        try:
            bag.validate()
        except bagit.BagValidationError as exc:
            if not exc.details:
                raise
            return _from_details(path, exc.details)
        return []
    return _altered(path, _mismatches(bag))


def _mismatches(bag: bagit.Bag) -> Iterable[tuple[str, list[str]]]:
    """(relative path, failing algorithms) for each listed file that exists but differs."""
    for rel_path, expected in sorted(bag.entries.items()):
        on_disk = bag.normalized_filesystem_names.get(
            unicodedata.normalize("NFC", rel_path), rel_path
        )
        full = os.path.join(bag.path, on_disk)
        if not os.path.isfile(full):
            continue  # reported as missing
        hashers = {alg: hashlib.new(alg) for alg in expected if alg in bag.algorithms}
        with open(full, "rb") as stream:
            while block := stream.read(1 << 20):
                for hasher in hashers.values():
                    hasher.update(block)
        failing = [a for a, h in hashers.items() if h.hexdigest() != expected[a].lower()]
        if failing:
            yield rel_path, failing


def _from_details(path: Path, details: list[bagit.ManifestErrorDetail]) -> list[Problem]:
    problems = []
    altered: dict[str, list[str]] = {}
    for detail in details:
        if isinstance(detail, bagit.FileMissing):
            problems.append(_problem(path, detail.path, MISSING))
        elif isinstance(detail, bagit.UnexpectedFile):
            problems.append(_problem(path, detail.path, EXTRA))
        elif isinstance(detail, bagit.ChecksumMismatch):
            altered.setdefault(detail.path, []).append(str(detail.algorithm))
        else:
            problems.append(_problem(path, detail.path, f"lỗi khi kiểm tra: {detail}"))
    return problems + _altered(path, altered.items())


def _altered(path: Path, mismatches: Iterable[tuple[str, list[str]]]) -> list[Problem]:
    return [
        _problem(path, rel, ALTERED.format(algorithms=", ".join(_label(a) for a in sorted(algs))))
        for rel, algs in mismatches
    ]


def _oxum(path: Path, bag: bagit.Bag, oxum: str) -> list[Problem]:
    bag.info["Payload-Oxum"] = oxum
    try:
        bag.validate(fast=True)
    except bagit.BagError:
        return [_problem(path, "bag-info.txt", OXUM)]
    return []


def _unreadable(path: Path, exc: Exception) -> Problem:
    if not (path / "bagit.txt").is_file():
        message = "không phải gói lưu trữ BagIt (thiếu tệp bagit.txt)."
    elif not (path / "data").is_dir():
        message = "gói lưu trữ thiếu thư mục data/."
    elif not any(path.glob("manifest-*.txt")):
        message = "gói lưu trữ thiếu danh sách kiểm tra (manifest-*.txt)."
    else:
        message = f"không đọc được gói lưu trữ BagIt ({exc})."
    return Problem(str(path), message=message)


def _problem(path: Path, rel: str, message: str) -> Problem:
    return Problem((path / rel).as_posix(), message=message)


def _label(algorithm: str) -> str:
    return algorithm.upper().replace("SHA", "SHA-")
