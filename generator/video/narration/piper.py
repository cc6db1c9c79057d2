"""An office's own Piper voice: a ``.onnx`` model and its ``.onnx.json`` config, read by
onnxruntime, with the text phonemised by espeak-ng's Vietnamese voice.

The text goes the way Piper's own reader (piper-phonemize, which also made the training data)
takes it: espeak-ng gives each clause's IPA (``tts.espeak_clauses``, in the same fresh worker
process espeak's own speech runs in); the clause's punctuation mark is appended to it as
Piper appends it (``, `` after a comma, ``.`` after a full stop); a full stop, question or
exclamation mark ends a sentence. Each sentence becomes ids through the config's
``phoneme_id_map`` (BOS ``^`` and a pad ``_``, then every phoneme followed by the pad, then
EOS ``$``; a phoneme the map lacks is skipped), is spoken by the model on its own, and is
brought to full scale as Piper does; sentences are joined by Piper's 0.2 s of silence, and
the ends trimmed as espeak's speech is.

Same text, same samples: Piper's models (VITS) draw random noise inside the graph
(``RandomNormalLike``, scaled by ``noise_scale`` and ``noise_w``), and onnxruntime seeds
that noise once per session and carries it on from one run to the next. So every utterance
gets a fresh session, opened after ``onnxruntime.set_seed`` with a fixed seed and with a fixed
number of threads: it draws the same noise, sentence by sentence, as every earlier utterance
of the same text. Opening a session costs about a quarter of a second for a 60 MB model
(measured on a stand-in of that size), paid only for lines not yet in the narration cache.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np

from generator.codehash import code_digest
from generator.errors import InputError, Problem
from generator.load.layout import SITE
from generator.video.narration.tts import (
    WORKER_TIMEOUT_SECONDS,
    Speech,
    espeak_clauses,
    espeak_version,
    trim_silence,
)

BOS, PAD, EOS = "^", "_", "$"
# Piper's defaults when the config has no ``inference`` section (piper.hpp).
DEFAULT_SCALES = {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8}
SENTENCE_SILENCE_SECONDS = 0.2
# What Piper appends after a clause ended by each mark (piper-phonemize's terminators).
CLAUSE_MARKS = {".": ".", "?": "?", "!": "!", ",": ", ", ":": ": ", ";": "; "}
SENTENCE_ENDS = ".?!"
# Piper divides each sentence's audio by its peak, but never by less than this.
MIN_PEAK = 0.01
RANDOM_SEED = 0
THREADS = 2

# The model's inputs as Piper exports them, and the element types of audio it may return.
PIPER_INPUTS = {
    "input": ("tensor(int64)", 2),
    "input_lengths": ("tensor(int64)", 1),
    "scales": ("tensor(float)", 1),
}
SPEAKER_INPUT = ("sid", "tensor(int64)", 1)
AUDIO_TYPES = {
    "tensor(float)": 1.0,
    "tensor(float16)": 1.0,
    "tensor(double)": 1.0,
    "tensor(int16)": 1 / 32768,
}


class VoiceError(Exception):
    """A voice model or config that cannot be used; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class VoiceConfig:
    """What the engine reads from a ``.onnx.json``."""

    sample_rate: int
    phoneme_id_map: Mapping[str, tuple[int, ...]]
    scales: tuple[float, float, float]
    """noise_scale, length_scale, noise_w, in the order the model's ``scales`` input takes."""
    espeak_voice: str = "vi"


@dataclass(frozen=True, eq=False)
class PiperEngine:
    """A Piper voice, held in memory (model and config bytes) so its fingerprint always
    describes what it speaks with."""

    name: str
    model: bytes = field(repr=False)
    config: VoiceConfig
    model_sha256: str
    config_sha256: str
    speaker: bool
    """The model has a ``sid`` input (a multi-speaker voice): speaker 0 reads."""
    timeout: float = WORKER_TIMEOUT_SECONDS

    @classmethod
    def load(cls, model_path: Path, config_path: Path) -> PiperEngine:
        """Read and check a voice: its config, its inputs and outputs, and one trial run
        (raises ``VoiceError``)."""
        model, config_bytes = _read(model_path), _read(config_path)
        config = parse_config(config_bytes, config_path.name)
        session = _session(model, model_path.name)
        engine = cls(
            name=model_path.name,
            model=model,
            config=config,
            model_sha256=hashlib.sha256(model).hexdigest(),
            config_sha256=hashlib.sha256(config_bytes).hexdigest(),
            speaker=_check_signature(session, model_path.name),
        )
        engine._run(session, phoneme_ids([], config.phoneme_id_map))  # BOS, pad, EOS
        return engine

    @property
    def fingerprint(self) -> str:
        return (
            f"piper/{self.name} onnx-sha256={self.model_sha256} "
            f"json-sha256={self.config_sha256} onnxruntime={_onnxruntime_version()} "
            f"espeakng-loader={espeak_version()} code={code_digest(__name__)}"
        )

    def synthesize(self, text: str) -> Speech:
        """Speak ``text`` sentence by sentence; blank text gives no audio."""
        rate = self.config.sample_rate
        clauses = espeak_clauses(text, self.config.espeak_voice, self.timeout)
        sentences = piper_sentences(clauses)
        if not sentences:
            return Speech(np.zeros(0, dtype=np.float32), rate)
        silence = np.zeros(round(SENTENCE_SILENCE_SECONDS * rate), dtype=np.float32)
        parts: list[np.ndarray] = []
        try:
            session = _session(self.model, self.name)
        except VoiceError as exc:
            raise InputError(Problem(SITE, message=str(exc))) from exc
        for phonemes in sentences:
            try:
                audio = self._run(session, phoneme_ids(phonemes, self.config.phoneme_id_map))
            except VoiceError as exc:
                raise InputError(Problem(SITE, message=str(exc))) from exc
            if parts:
                parts.append(silence)
            parts.append(audio / max(MIN_PEAK, float(np.abs(audio).max(initial=0.0))))
        samples = np.clip(np.concatenate(parts), -1.0, 1.0)
        return Speech(trim_silence(samples, rate), rate)

    def _run(self, session: Any, ids: Sequence[int]) -> np.ndarray:
        feeds = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array(self.config.scales, dtype=np.float32),
        }
        if self.speaker:
            feeds["sid"] = np.array([0], dtype=np.int64)
        output = session.get_outputs()[0]
        try:
            audio = np.asarray(session.run([output.name], feeds)[0])
        except Exception as exc:  # onnxruntime's own errors have no common base
            raise VoiceError(
                f"mô hình «{self.name}» không chạy được với đầu vào của giọng Piper "
                f"({type(exc).__name__})"
            ) from exc
        samples = np.atleast_1d(audio.squeeze())
        if samples.ndim != 1 or not np.issubdtype(samples.dtype, np.number):
            raise VoiceError(
                f"mô hình «{self.name}» không trả về âm thanh một kênh "
                f"(đầu ra có dạng {list(audio.shape)})"
            )
        samples = samples.astype(np.float32) * AUDIO_TYPES.get(output.type, 1.0)
        return np.asarray(np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0))


def piper_sentences(clauses: Sequence[tuple[str, str]]) -> list[list[str]]:
    """espeak's clauses as Piper's sentences of phonemes (one code point each, NFD)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    for written, ipa in clauses:
        current += unicodedata.normalize("NFD", ipa)
        mark = clause_mark(written)
        current += CLAUSE_MARKS.get(mark, "")
        if mark and mark in SENTENCE_ENDS:
            sentences.append(current)
            current = []
    sentences.append(current)
    spoken = set(CLAUSE_MARKS.values()) | {" "}
    return [s for s in sentences if any(p not in spoken for p in s)]


_LOOKAHEAD = re.compile(r"[^\s.,:;!?]+$")


def clause_mark(written: str) -> str:
    """The mark that ended a clause (``.`` ``?`` ``!`` ``,`` ``:`` ``;``), or ``""``.

    ``written`` is the clause as espeak read it, with the character it read beyond the end
    (``"Phú Yên, t"``); that character, closing quotes and brackets go before the last mark
    is looked at."""
    body = _LOOKAHEAD.sub("", written).rstrip()
    return body[-1] if body and body[-1] in CLAUSE_MARKS else ""


def phoneme_ids(phonemes: Sequence[str], id_map: Mapping[str, Sequence[int]]) -> list[int]:
    """Piper's ids for one sentence: BOS, pad, each known phoneme followed by the pad, EOS."""
    pad = list(id_map[PAD])
    ids = [*id_map[BOS], *pad]
    for phoneme in phonemes:
        if phoneme in id_map:
            ids += [*id_map[phoneme], *pad]
    ids += id_map[EOS]
    return ids


def parse_config(data: bytes, name: str) -> VoiceConfig:
    """A ``.onnx.json`` as the engine needs it (raises ``VoiceError`` saying what is wrong)."""
    try:
        config = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise VoiceError(f"tệp cấu hình «{name}» không phải JSON (không ở dạng UTF-8)") from exc
    except json.JSONDecodeError as exc:
        raise VoiceError(
            f"tệp cấu hình «{name}» không phải JSON hợp lệ (lỗi ở dòng {exc.lineno}, "
            f"cột {exc.colno})"
        ) from exc
    if not isinstance(config, dict):
        raise VoiceError(f"tệp cấu hình «{name}» không phải cấu hình giọng Piper")
    audio = config.get("audio")
    rate = audio.get("sample_rate") if isinstance(audio, dict) else None
    if rate is None:
        raise VoiceError(
            f"tệp cấu hình «{name}» thiếu «audio.sample_rate» (tần số lấy mẫu của giọng, "
            "ví dụ 22050)"
        )
    if not _is_int(rate) or not 8000 <= rate <= 192000:
        raise VoiceError(
            f"«audio.sample_rate» trong «{name}» phải là số nguyên từ 8000 đến 192000 "
            f"(đang ghi {json.dumps(rate, ensure_ascii=False)})"
        )
    phoneme_type = config.get("phoneme_type", "espeak")
    if phoneme_type != "espeak":
        raise VoiceError(
            f"giọng «{name}» dùng «phoneme_type: {phoneme_type}»; chỉ dùng được giọng Piper "
            "đọc theo âm vị espeak («phoneme_type: espeak»)"
        )
    espeak = config.get("espeak")
    voice = espeak.get("voice", "vi") if isinstance(espeak, dict) else "vi"
    if not isinstance(voice, str) or not (voice == "vi" or voice.startswith("vi-")):
        raise VoiceError(
            f"giọng «{name}» đọc tiếng «{voice}» («espeak.voice»), không phải tiếng Việt («vi»)"
        )
    return VoiceConfig(
        rate, _id_map(config.get("phoneme_id_map"), name), _scales(config, name), voice
    )


def _id_map(found: object, name: str) -> dict[str, tuple[int, ...]]:
    if not isinstance(found, dict) or not found:
        raise VoiceError(
            f"tệp cấu hình «{name}» thiếu «phoneme_id_map» (bảng âm vị → mã số của giọng Piper)"
        )
    id_map: dict[str, tuple[int, ...]] = {}
    for phoneme, ids in found.items():
        if not isinstance(ids, list) or not ids or not all(_is_int(i) and i >= 0 for i in ids):
            raise VoiceError(
                f"«phoneme_id_map» trong «{name}» không đúng dạng: âm vị «{phoneme}» phải ứng "
                "với một danh sách số nguyên không âm"
            )
        id_map[phoneme] = tuple(ids)
    missing = [symbol for symbol in (BOS, PAD, EOS) if symbol not in id_map]
    if missing:
        shown = ", ".join(f"«{symbol}»" for symbol in missing)
        raise VoiceError(f"«phoneme_id_map» trong «{name}» thiếu ký hiệu {shown} của Piper")
    return id_map


def _scales(config: dict[str, Any], name: str) -> tuple[float, float, float]:
    inference = config.get("inference")
    inference = inference if isinstance(inference, dict) else {}
    values = []
    for key, default in DEFAULT_SCALES.items():
        value = inference.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise VoiceError(f"«inference.{key}» trong «{name}» phải là một số không âm")
        values.append(float(value))
    if values[1] == 0:
        raise VoiceError(f"«inference.length_scale» trong «{name}» phải lớn hơn 0")
    return values[0], values[1], values[2]


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise VoiceError(f"không đọc được tệp «{path.name}»") from exc


def _session(model: bytes, name: str) -> Any:
    """A fresh onnxruntime session, seeded and threaded the same every time."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # its warnings are about the graph, not for staff
    onnxruntime.set_seed(RANDOM_SEED)
    try:
        return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime's own errors have no common base
        raise VoiceError(f"tệp «{name}» không phải mô hình ONNX đọc được") from exc


def _check_signature(session: Any, name: str) -> bool:
    """Piper's inputs and an audio output, or ``VoiceError``; whether there is a ``sid``."""
    inputs = {i.name: (i.type, len(i.shape or ())) for i in session.get_inputs()}
    expected = dict(PIPER_INPUTS)
    speaker = SPEAKER_INPUT[0] in inputs
    if speaker:
        expected[SPEAKER_INPUT[0]] = SPEAKER_INPUT[1:]
    outputs = session.get_outputs()
    if inputs != expected or not outputs or outputs[0].type not in AUDIO_TYPES:
        found = ", ".join(sorted(inputs)) or "không có"
        raise VoiceError(
            f"mô hình «{name}» không có đầu vào, đầu ra của giọng Piper (cần đầu vào input, "
            "input_lengths, scales, thêm sid nếu nhiều người đọc, và một đầu ra âm thanh; "
            f"mô hình này có đầu vào: {found})"
        )
    return speaker


def _onnxruntime_version() -> str:
    try:
        return metadata.version("onnxruntime")
    except metadata.PackageNotFoundError:
        return "unknown"
