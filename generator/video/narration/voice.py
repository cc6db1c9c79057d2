"""Which voice reads a project's narration: the office's own Piper voice when ``site.yml``
names one (``voice:``, a ``.onnx`` inside the project with its ``.onnx.json`` beside it),
otherwise espeak-ng's (``tts.default_engine``).

A voice is read, checked and opened once per content of its two files (their SHA-256, about
0.05 s to compute for a 60 MB model): ``baocao check`` and every load in the studio ask again,
and opening the model each time would be slower. The engine's fingerprint names the SHA-256
of the bytes it holds, so the narration cache follows the model's content, not its name.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from generator.errors import InputError, Problem
from generator.fsutil import file_sha256
from generator.load.layout import SITE
from generator.model import SiteInfo
from generator.video.narration.piper import PiperEngine, VoiceError
from generator.video.narration.tts import SpeechEngine, default_engine

EXAMPLE = "giong-doc/vi_VN-giong-doc.onnx"
CONFIG_SUFFIX = ".json"


def engine_for(project_root: Path, site: SiteInfo | None) -> SpeechEngine:
    """The speech engine of a project (its Piper voice, or espeak-ng's; also when site.yml
    cannot be read); a voice that cannot be used is an ``InputError`` at site.yml (``baocao
    check`` reports it at its line)."""
    if site is None or site.voice is None:
        return default_engine()
    try:
        return _voice(project_root, site.voice)
    except VoiceError as exc:
        raise InputError(Problem(SITE, message=str(exc))) from exc


def voice_problem(project_root: Path, written: str) -> str | None:
    """Why the voice ``site.yml`` names cannot be used (a Vietnamese sentence), or None."""
    try:
        _voice(project_root, written)
    except VoiceError as exc:
        return str(exc)
    return None


def voice_files(project_root: Path, written: str) -> tuple[Path, Path]:
    """The model and config a ``voice:`` value names, both inside the project, both files."""
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).is_absolute():
        raise VoiceError(
            f"giọng đọc «{written}»: hãy ghi đường dẫn tính từ thư mục dự án, ví dụ «{EXAMPLE}»"
        )
    if not written.lower().endswith(".onnx"):
        raise VoiceError(
            f"giọng đọc «{written}»: cần tệp mô hình Piper đuôi .onnx (tệp .onnx.json là "
            "cấu hình đi kèm, đặt cạnh nó)"
        )
    root = project_root.resolve()
    model = _in_project(root, _nfc_path(root, written), written)
    if model.is_dir():
        raise VoiceError(f"«{written}» là một thư mục, không phải tệp mô hình giọng đọc .onnx")
    if not model.is_file():
        raise VoiceError(
            f"không có tệp giọng đọc «{written}» trong thư mục dự án; hãy chép tệp .onnx và "
            f"tệp .onnx.json vào dự án (ví dụ thư mục giong-doc/)"
        )
    config_name = PurePosixPath(written).name + CONFIG_SUFFIX
    config = _in_project(root, _nfc_path(root, f"{written}{CONFIG_SUFFIX}"), written)
    if not config.is_file():
        raise VoiceError(
            f"thiếu tệp cấu hình «{config_name}» cạnh giọng đọc «{written}» (giọng Piper gồm "
            "hai tệp: .onnx và .onnx.json)"
        )
    return model, config


def _voice(project_root: Path, written: str) -> PiperEngine:
    try:
        model, config = voice_files(project_root, written)
        digests = file_sha256(model), file_sha256(config)
    except OSError as exc:  # a file or folder that may not be read
        raise VoiceError(f"không đọc được giọng đọc «{written}»") from exc
    return _load(model, config, *digests)


@functools.lru_cache(maxsize=2)
def _load(model: Path, config: Path, model_sha256: str, config_sha256: str) -> PiperEngine:
    """One engine per model and config content (a failure is not kept: asked again, read
    again)."""
    return PiperEngine.load(model, config)


def _in_project(root: Path, path: Path, written: str) -> Path:
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise VoiceError(
            f"giọng đọc «{written}» nằm ngoài thư mục dự án; hãy chép tệp .onnx và tệp "
            f".onnx.json vào dự án (ví dụ thư mục giong-doc/) rồi ghi đường dẫn tính từ đó"
        )
    return resolved


def _nfc_path(root: Path, written: str) -> Path:
    """``written`` under ``root``, each name matched in NFC (a Mac writes NFD names)."""
    path = root
    for part in PurePosixPath(written.replace("\\", "/")).parts:
        candidate = path / part
        if not candidate.exists() and path.is_dir() and part not in (".", ".."):
            wanted = unicodedata.normalize("NFC", part)
            match = next(
                (
                    entry
                    for entry in sorted(path.iterdir())
                    if unicodedata.normalize("NFC", entry.name) == wanted
                ),
                None,
            )
            candidate = match or candidate
        path = candidate
    return path
