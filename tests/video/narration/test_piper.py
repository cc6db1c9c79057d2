"""An office's own Piper voice: a tiny model with Piper's exact inputs and output, built here
with onnx's helper API, read the way Piper reads its voices; named in site.yml, it speaks the
video's narration, and every way it can be unusable is reported at site.yml's ``voice:`` line."""

from __future__ import annotations

import hashlib
import json
import os
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto, helper
from projectfactory import write_project

from generator.cli import main
from generator.model import SiteInfo
from generator.video.narration.piper import (
    PiperEngine,
    phoneme_ids,
    piper_sentences,
)
from generator.video.narration.spoken import spoken_text
from generator.video.narration.tts import default_engine, espeak_clauses, trim_silence
from generator.video.narration.voice import engine_for

RATE = 16000
SAMPLES_PER_ID = 200  # at length_scale 1
AMPLITUDE = 0.5
BASE, STEP, SPEAKER_STEP = 0.05, 0.0001, 0.01  # the tone's radians a sample
NOISE = 0.05
VOICE = "giong-doc/vi_VN-thu-nghiem.onnx"
SITE = """
    organisation: Viện kiểm sát nhân dân tỉnh Phú Yên
    short_name: VKSND tỉnh Phú Yên
    locale: vi
    voice: {voice}
"""
WHERE = "content/site.yml:4:8: "  # the value of `voice:`

# A small map covering espeak-ng's Vietnamese IPA; Piper's own symbols first.
ID_MAP = {"_": [0], "^": [1], "$": [2], " ": [3], ".": [4], ",": [5], "?": [6], "!": [7]}
ID_MAP |= {
    symbol: [10 + index]
    for index, symbol in enumerate("abcdefghijklmnopqrstuvwxyzɛəɔŋɲʃʒɗɜːˈˌ\u032a123456")
}
# What espeak-ng's vi voice (espeakng-loader 0.2) makes of the test lines.
IPA = {"Phú Yên.": "fˈuɜ ˈiɛn", "Tuy Hòa.": "t̪wˈi hwˈaː2"}


def tiny_model(*, base: float = BASE, speakers: bool = False, names: bool = True) -> bytes:
    """Piper's signature (``input`` int64 [1,N], ``input_lengths`` int64 [1], ``scales``
    float [3], ``sid`` int64 [1] when ``speakers``; ``output`` float [1,1,1,T]): a tone of
    N × 200 × length_scale samples whose pitch follows the sum of the ids (and the speaker),
    plus the random noise a VITS voice draws, scaled by noise_scale."""
    tensor = helper.make_tensor_value_info
    inputs = [
        tensor("input" if names else "text", TensorProto.INT64, [1, "phonemes"]),
        tensor("input_lengths", TensorProto.INT64, [1]),
        tensor("scales", TensorProto.FLOAT, [3]),
    ]
    if speakers:
        inputs.append(tensor("sid", TensorProto.INT64, [1]))
    output = tensor("output", TensorProto.FLOAT, [1, 1, 1, "time"])

    def const(name: str, values: list[float] | list[int] | float, kind: int) -> object:
        dims = [] if isinstance(values, float) else [len(values)]
        flat = [values] if isinstance(values, float) else values
        return helper.make_tensor(name, kind, dims, flat)

    f, i = TensorProto.FLOAT, TensorProto.INT64
    initializers = [
        const("zero", 0.0, f),
        const("one", 1.0, f),
        const("per_id", [float(SAMPLES_PER_ID)], f),
        const("amplitude", [AMPLITUDE], f),
        const("base", [base], f),
        const("step", [STEP], f),
        const("speaker_step", [SPEAKER_STEP], f),
        const("noise_amplitude", [NOISE], f),
        const("i0", [0], i),
        const("i1", [1], i),
        const("i2", [2], i),
        const("audio_shape", [1, 1, 1, -1], i),
    ]
    node = helper.make_node
    ids = inputs[0].name
    nodes = [
        node("Cast", ["input_lengths"], ["n"], to=f),
        node("Slice", ["scales", "i0", "i1"], ["noise_scale"]),
        node("Slice", ["scales", "i1", "i2"], ["length_scale"]),
        node("Mul", ["n", "length_scale"], ["stretched"]),
        node("Mul", ["stretched", "per_id"], ["frames"]),
        node("Floor", ["frames"], ["whole"]),
        node("Squeeze", ["whole", "i0"], ["limit"]),
        node("Range", ["zero", "limit", "one"], ["t"]),
        node("Cast", [ids], ["ids"], to=f),
        node("ReduceSum", ["ids"], ["total"], keepdims=0),
        node("Mul", ["total", "step"], ["shift"]),
        node("Add", ["base", "shift"], ["pitch"]),
    ]
    if speakers:
        nodes += [
            node("Cast", ["sid"], ["speaker"], to=f),
            node("Mul", ["speaker", "speaker_step"], ["speaker_shift"]),
            node("Add", ["pitch", "speaker_shift"], ["w"]),
        ]
    else:
        nodes.append(node("Identity", ["pitch"], ["w"]))
    nodes += [
        node("Mul", ["t", "w"], ["phase"]),
        node("Sin", ["phase"], ["sine"]),
        node("Mul", ["sine", "amplitude"], ["tone"]),
        node("RandomNormalLike", ["tone"], ["noise"]),
        node("Mul", ["noise", "noise_scale"], ["scaled"]),
        node("Mul", ["scaled", "noise_amplitude"], ["hiss"]),
        node("Add", ["tone", "hiss"], ["audio"]),
        node("Reshape", ["audio", "audio_shape"], ["output"]),
    ]
    graph = helper.make_graph(nodes, "tiny-piper", inputs, [output], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return bytes(model.SerializeToString())


def tiny_config(**changes: object) -> dict[str, object]:
    config: dict[str, object] = {
        "audio": {"sample_rate": RATE, "quality": "x_low"},
        "espeak": {"voice": "vi"},
        "phoneme_type": "espeak",
        "num_speakers": 1,
        "phoneme_id_map": ID_MAP,
        "inference": {"noise_scale": 0, "length_scale": 1.5, "noise_w": 0},
    }
    config.update(changes)
    return config


def write_voice(
    root: Path, rel: str = VOICE, model: bytes | None = None, config: object = None
) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tiny_model() if model is None else model)
    Path(f"{path}.json").write_text(
        json.dumps(tiny_config() if config is None else config, ensure_ascii=False), "utf-8"
    )
    return path


def load(path: Path) -> PiperEngine:
    return PiperEngine.load(path, Path(f"{path}.json"))


def ids_of(ipa_with_mark: str) -> list[int]:
    """Piper's ids, written out by hand: ^ _ (phoneme _)… $."""
    ids = [1, 0]
    for phoneme in ipa_with_mark:
        ids += [*ID_MAP[phoneme], 0]
    return [*ids, 2]


def tone(ids: list[int], length_scale: float, speaker: int = 0) -> np.ndarray:
    """What the tiny model computes for ``ids`` (without noise)."""
    frames = np.float32(len(ids)) * np.float32(length_scale) * np.float32(SAMPLES_PER_ID)
    w = np.float32(BASE) + np.float32(sum(ids)) * np.float32(STEP)
    w += np.float32(SPEAKER_STEP * speaker)
    return AMPLITUDE * np.sin(np.arange(int(np.floor(frames)), dtype=np.float32) * w)


def spoken(*sentences: np.ndarray) -> np.ndarray:
    """Sentences as Piper joins them: each at full scale, 0.2 s apart; the ends trimmed."""
    parts: list[np.ndarray] = []
    for audio in sentences:
        if parts:
            parts.append(np.zeros(round(0.2 * RATE), dtype=np.float32))
        parts.append(audio / np.abs(audio).max())
    return trim_silence(np.concatenate(parts), RATE)


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_voice(tmp_path_factory.mktemp("voice"))


# -- text → ids ---------------------------------------------------------------------------------


def test_ids_as_piper_makes_them() -> None:
    """BOS and a pad, each phoneme followed by the pad, EOS; a phoneme the map lacks skipped."""
    assert phoneme_ids(["a", "ʔ", "b"], ID_MAP) == [1, 0, 10, 0, 11, 0, 2]


def test_espeak_clauses_become_piper_sentences() -> None:
    clauses = espeak_clauses("Phú Yên. Tuy Hòa, Sông Cầu")
    assert clauses[0] == ("Phú Yên. T", IPA["Phú Yên."])  # espeak read one character on
    first, second = piper_sentences(clauses)
    assert "".join(first) == IPA["Phú Yên."] + "."
    assert ", " in "".join(second)  # a comma is followed by a space, as in Piper
    assert second[-1] == "w"  # no mark after the last clause: none added
    assert piper_sentences(espeak_clauses("  ")) == []


# -- what the voice says ------------------------------------------------------------------------


def test_the_audio_is_what_the_model_computes(voice: Path) -> None:
    speech = load(voice).synthesize("Phú Yên. Tuy Hòa.")
    assert speech.sample_rate == RATE
    expected = spoken(
        tone(ids_of(IPA["Phú Yên."] + "."), 1.5), tone(ids_of(IPA["Tuy Hòa."] + "."), 1.5)
    )
    assert len(speech.samples) == len(expected)
    np.testing.assert_allclose(speech.samples, expected, atol=2e-5)
    assert speech.duration > 1.0  # 2 sentences × ~25 ids × 300 samples + 0.2 s


def test_a_multi_speaker_voice_is_read_by_speaker_zero(tmp_path: Path) -> None:
    path = write_voice(tmp_path, model=tiny_model(speakers=True))
    speech = load(path).synthesize("Phú Yên.")
    expected = spoken(tone(ids_of(IPA["Phú Yên."] + "."), 1.5, speaker=0))
    np.testing.assert_allclose(speech.samples, expected, atol=2e-5)


def test_a_noisy_voice_says_the_same_text_the_same_way(tmp_path: Path) -> None:
    """Piper's default scales (noise 0.667, 0.8) when the config has none: the model's noise
    is drawn afresh, yet the same each time, whatever was said before and from any thread."""
    config = tiny_config()
    del config["inference"]
    engine = load(write_voice(tmp_path, config=config))
    first = engine.synthesize("Phú Yên. Tuy Hòa.")
    engine.synthesize("Sông Cầu.")
    with ThreadPoolExecutor(max_workers=2) as pool:
        again = list(pool.map(engine.synthesize, ["Phú Yên. Tuy Hòa."] * 2))
    assert all(np.array_equal(first.samples, a.samples) for a in again)
    quiet = spoken(tone(ids_of(IPA["Phú Yên."] + "."), 1.0))
    hiss = first.samples[: len(quiet)] - quiet
    assert 0.01 < float(np.std(hiss)) < 0.5  # the noise is there, scaled by noise_scale


# -- the project's voice ------------------------------------------------------------------------


def test_without_a_voice_espeak_reads(tiny_project: Path) -> None:
    site = SiteInfo(organisation="VKSND tỉnh Phú Yên", short_name="VKSND Phú Yên")
    assert engine_for(tiny_project, site) is default_engine()


def test_the_fingerprint_follows_the_model_and_config(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project")
    path = write_voice(root)
    site = SiteInfo(organisation="VKSND tỉnh Phú Yên", short_name="VKSND Phú Yên", voice=VOICE)
    before = engine_for(root, site).fingerprint
    assert "piper/vi_VN-thu-nghiem.onnx" in before
    assert hashlib.sha256(path.read_bytes()).hexdigest() in before
    assert engine_for(root, site).fingerprint == before  # same files, same engine

    path.write_bytes(tiny_model(base=0.07))  # same size, in place
    changed = engine_for(root, site)
    assert changed.fingerprint != before
    assert hashlib.sha256(path.read_bytes()).hexdigest() in changed.fingerprint

    Path(f"{path}.json").write_text(json.dumps(tiny_config(inference={})), "utf-8")
    assert engine_for(root, site).fingerprint != changed.fingerprint


def test_a_project_naming_a_voice_narrates_the_video_with_it(tmp_path: Path, capsys) -> None:
    root = write_project(tmp_path / "project", {"content/site.yml": SITE.format(voice=VOICE)})
    write_voice(root)
    args = ["--project", str(root), "video", "2021-h1", "--plan"]
    assert main(args) == 0, capsys.readouterr().err

    engine = load(root / VOICE)
    line = spoken_text("Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.")
    key = hashlib.sha256(f"{engine.fingerprint}\n{line}".encode()).hexdigest()[:24]
    cache = root / ".cache/baocao/video/narration"
    with wave.open(str(cache / f"{key}.wav"), "rb") as said:
        assert said.getframerate() == RATE  # espeak-ng speaks at 22050 Hz
        assert said.readframes(said.getnframes()) == engine.synthesize(line).pcm16()
    rates = set()
    for path in cache.glob("*.wav"):
        with wave.open(str(path), "rb") as said:
            rates.add(said.getframerate())
    assert rates == {RATE}


# -- a voice that cannot be used ----------------------------------------------------------------


def _model_missing(root: Path) -> str:
    return "giong-doc/khong-co.onnx"


def _folder(root: Path) -> str:
    (root / "giong-doc/thu-muc.onnx").mkdir(parents=True)
    return "giong-doc/thu-muc.onnx"


def _config_named(root: Path) -> str:
    write_voice(root)
    return f"{VOICE}.json"


def _not_onnx(root: Path) -> str:
    write_voice(root, model="Đây không phải mô hình.".encode())
    return VOICE


def _config_missing(root: Path) -> str:
    Path(f"{write_voice(root)}.json").unlink()
    return VOICE


def _config_not_json(root: Path) -> str:
    Path(f"{write_voice(root)}.json").write_text('{"audio": {"sample_rate": 16000,\n}', "utf-8")
    return VOICE


def _no_sample_rate(root: Path) -> str:
    write_voice(root, config=tiny_config(audio={"quality": "low"}))
    return VOICE


def _no_phoneme_map(root: Path) -> str:
    config = tiny_config()
    del config["phoneme_id_map"]
    write_voice(root, config=config)
    return VOICE


def _not_vietnamese(root: Path) -> str:
    write_voice(root, config=tiny_config(espeak={"voice": "en-us"}))
    return VOICE


def _not_pipers_signature(root: Path) -> str:
    write_voice(root, model=tiny_model(names=False))
    return VOICE


def _outside(root: Path) -> str:
    write_voice(root.parent, "ngoai.onnx")  # it exists, but outside the project
    return "../ngoai.onnx"


def _absolute(root: Path) -> str:
    return str(write_voice(root))


def _link_outside(root: Path) -> str:
    target = write_voice(root.parent, "ngoai.onnx")
    (root / "giong-doc").mkdir()
    os.symlink(target, root / VOICE)
    os.symlink(f"{target}.json", root / f"{VOICE}.json")
    return VOICE


OUTSIDE = (
    "giọng đọc «{voice}» nằm ngoài thư mục dự án; hãy chép tệp .onnx và tệp .onnx.json vào dự "
    "án (ví dụ thư mục giong-doc/) rồi ghi đường dẫn tính từ đó"
)
BAD_VOICES = {
    "missing": (
        _model_missing,
        "không có tệp giọng đọc «giong-doc/khong-co.onnx» trong thư mục dự án; hãy chép tệp "
        ".onnx và tệp .onnx.json vào dự án (ví dụ thư mục giong-doc/)",
    ),
    "folder": (
        _folder,
        "«giong-doc/thu-muc.onnx» là một thư mục, không phải tệp mô hình giọng đọc .onnx",
    ),
    "config-named": (
        _config_named,
        f"giọng đọc «{VOICE}.json»: cần tệp mô hình Piper đuôi .onnx (tệp .onnx.json là cấu "
        "hình đi kèm, đặt cạnh nó)",
    ),
    "not-onnx": (_not_onnx, "tệp «vi_VN-thu-nghiem.onnx» không phải mô hình ONNX đọc được"),
    "config-missing": (
        _config_missing,
        f"thiếu tệp cấu hình «vi_VN-thu-nghiem.onnx.json» cạnh giọng đọc «{VOICE}» (giọng "
        "Piper gồm hai tệp: .onnx và .onnx.json)",
    ),
    "config-not-json": (
        _config_not_json,
        "tệp cấu hình «vi_VN-thu-nghiem.onnx.json» không phải JSON hợp lệ (lỗi ở dòng 2, cột 1)",
    ),
    "no-sample-rate": (
        _no_sample_rate,
        "tệp cấu hình «vi_VN-thu-nghiem.onnx.json» thiếu «audio.sample_rate» (tần số lấy mẫu "
        "của giọng, ví dụ 22050)",
    ),
    "no-phoneme-map": (
        _no_phoneme_map,
        "tệp cấu hình «vi_VN-thu-nghiem.onnx.json» thiếu «phoneme_id_map» (bảng âm vị → mã số "
        "của giọng Piper)",
    ),
    "not-vietnamese": (
        _not_vietnamese,
        "giọng «vi_VN-thu-nghiem.onnx.json» đọc tiếng «en-us» («espeak.voice»), không phải "
        "tiếng Việt («vi»)",
    ),
    "not-piper": (
        _not_pipers_signature,
        "mô hình «vi_VN-thu-nghiem.onnx» không có đầu vào, đầu ra của giọng Piper (cần đầu vào "
        "input, input_lengths, scales, thêm sid nếu nhiều người đọc, và một đầu ra âm thanh; "
        "mô hình này có đầu vào: input_lengths, scales, text)",
    ),
    "outside": (_outside, OUTSIDE.format(voice="../ngoai.onnx")),
    "link-outside": (_link_outside, OUTSIDE.format(voice=VOICE)),
}


@pytest.mark.parametrize("case", sorted(BAD_VOICES))
def test_an_unusable_voice_is_reported_at_its_line(case: str, tmp_path: Path, capsys) -> None:
    root = tmp_path / "project"
    root.mkdir()
    make, message = BAD_VOICES[case]
    written = make(root)
    write_project(root, {"content/site.yml": SITE.format(voice=written)})
    assert main(["--project", str(root), "check"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert WHERE + message in errors, errors


def test_an_absolute_path_is_refused(tmp_path: Path, capsys) -> None:
    root = tmp_path / "project"
    root.mkdir()
    written = _absolute(root)
    write_project(root, {"content/site.yml": SITE.format(voice=written)})
    assert main(["--project", str(root), "check"]) == 1
    errors = capsys.readouterr().err.splitlines()
    expected = (
        f"giọng đọc «{written}»: hãy ghi đường dẫn tính từ thư mục dự án, "
        "ví dụ «giong-doc/vi_VN-giong-doc.onnx»"
    )
    assert WHERE + expected in errors, errors


def test_a_usable_voice_passes_the_check(tmp_path: Path, capsys) -> None:
    root = write_project(tmp_path / "project", {"content/site.yml": SITE.format(voice=VOICE)})
    write_voice(root)
    assert main(["--project", str(root), "check", "--quiet"]) == 0, capsys.readouterr().err
