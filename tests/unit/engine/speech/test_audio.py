"""Decoding: every promised container through the real PyAV, and each way a file can be bad."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.cancel import CancelToken
from engine.errors import AudioError, Cancelled, EngineError, NotFoundError, UserInputError
from engine.speech.audio import SAMPLE_RATE, decode_file, from_pcm
from tests.unit.engine.speech.media import FORMATS, cut, encode, video_only

JFK_S = 11.0


@pytest.fixture(scope="module")
def jfk(shared_data: Path) -> np.ndarray:
    return decode_file(shared_data / "audio" / "jfk.wav")


@pytest.fixture(scope="module")
def media(jfk: np.ndarray, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("media")
    return {suffix: encode(jfk, folder / f"jfk{suffix}") for suffix in FORMATS}


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    n = min(len(a), len(b))
    return float(np.corrcoef(a[:n], b[:n])[0, 1])


def test_the_wav_decodes_to_16k_mono_float(jfk: np.ndarray) -> None:
    assert jfk.dtype == np.float32 and jfk.ndim == 1
    assert len(jfk) == JFK_S * SAMPLE_RATE
    assert 0.1 < float(np.abs(jfk).max()) <= 1.0


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_container_decodes_to_the_same_sound(
    suffix: str, media: dict[str, Path], jfk: np.ndarray
) -> None:
    samples = decode_file(media[suffix])
    assert abs(len(samples) / SAMPLE_RATE - JFK_S) < 0.1
    # Lossy codecs and their delay shift the wave a little: compare the loudness envelope.
    frame = SAMPLE_RATE // 50
    envelope = [np.abs(x[: len(x) // frame * frame]).reshape(-1, frame).mean(1) for x in
                (samples, jfk)]
    assert _correlation(*envelope) > 0.9


def test_a_48k_flac_is_resampled(shared_data: Path) -> None:
    samples = decode_file(shared_data / "audio" / "zh-zazijidejiao.flac")
    reference = decode_file(shared_data / "audio" / "zh-zazijidejiao.wav")
    assert abs(len(samples) - len(reference)) < SAMPLE_RATE * 0.01
    assert _correlation(samples, reference) > 0.95


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".mp3", ".mkv", ".webm"])
def test_a_cut_off_file_is_refused_with_its_lengths(
    suffix: str, media: dict[str, Path], shared_data: Path, tmp_path: Path
) -> None:
    whole = shared_data / "audio" / "jfk.wav" if suffix == ".wav" else media[suffix]
    copy = tmp_path / whole.name
    copy.write_bytes(whole.read_bytes())
    with pytest.raises(AudioError) as caught:
        decode_file(cut(copy))
    message = str(caught.value)
    assert "cut off" in message and "11.0 s" in message and "AudioError" not in message


@pytest.mark.parametrize("suffix", [".mkv", ".mp4"])
def test_a_video_longer_than_its_sound_is_not_cut_off(
    suffix: str, jfk: np.ndarray, tmp_path: Path
) -> None:
    video = encode(jfk, tmp_path / f"screencast{suffix}", picture_s=20.0)
    assert abs(len(decode_file(video)) / SAMPLE_RATE - JFK_S) < 0.1


@pytest.mark.parametrize("suffix", [".m4a", ".mp4"])
def test_a_cut_off_mp4_is_unreadable(suffix: str, media: dict[str, Path]) -> None:
    with pytest.raises(AudioError, match="cannot be read as audio or video"):
        decode_file(cut(media[suffix]))


def test_a_file_cut_within_the_slack_still_decodes(shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / "audio" / "jfk.wav").read_bytes()
    almost = tmp_path / "almost.wav"
    almost.write_bytes(data[: len(data) - SAMPLE_RATE])  # half a second short of 11 s
    assert abs(len(decode_file(almost)) / SAMPLE_RATE - 10.5) < 0.01


def test_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "question.wav"
    empty.touch()
    with pytest.raises(AudioError, match=r"question\.wav is empty"):
        decode_file(empty)


def test_a_wav_header_without_samples(shared_data: Path, tmp_path: Path) -> None:
    header_only = tmp_path / "header.wav"
    header_only.write_bytes((shared_data / "audio" / "jfk.wav").read_bytes()[:44])
    with pytest.raises(AudioError):
        decode_file(header_only)


@pytest.mark.parametrize("content", [b"plain text, not sound\n" * 50, bytes(range(256)) * 40])
def test_not_a_media_file(content: bytes, tmp_path: Path) -> None:
    fake = tmp_path / "song.mp3"
    fake.write_bytes(content)
    with pytest.raises(AudioError, match="not a media file") as caught:
        decode_file(fake)
    assert ".mp3" in caught.value.hint


def test_a_video_without_sound(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no sound track"):
        decode_file(video_only(tmp_path / "silent-film.mp4"))


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        decode_file(tmp_path / "nowhere.wav")


def test_a_cancel_stops_decoding(shared_data: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        decode_file(shared_data / "audio" / "jfk.wav", token)


def test_every_error_is_one_line_for_a_person(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ogg"
    empty.touch()
    with pytest.raises(EngineError) as caught:
        decode_file(empty)
    assert "\n" not in str(caught.value) and "Error" not in str(caught.value)


# ------------------------------------------------------------------ samples from a recorder


def test_samples_as_floats_int16_or_bytes_agree(jfk: np.ndarray) -> None:
    assert np.array_equal(from_pcm(jfk, SAMPLE_RATE), jfk)
    assert np.array_equal(from_pcm(jfk.astype("<f4").tobytes(), SAMPLE_RATE), jfk)
    as_int16 = (jfk * 32767).astype(np.int16)
    assert float(np.abs(from_pcm(as_int16, SAMPLE_RATE) - jfk).max()) < 1e-3


def test_samples_at_48k_are_resampled(jfk: np.ndarray) -> None:
    at_48k = np.interp(np.arange(len(jfk) * 3) / 3, np.arange(len(jfk)), jfk).astype(np.float32)
    back = from_pcm(at_48k, 48_000)
    assert abs(len(back) - len(jfk)) <= 16
    assert _correlation(back, jfk) > 0.99


@pytest.mark.parametrize(
    ("samples", "rate"),
    [(np.zeros((2, 100), np.float32), 16_000), (b"\x00" * 7, 16_000), (b"", 0)],
)
def test_unusable_samples(samples: object, rate: int) -> None:
    with pytest.raises(UserInputError):
        from_pcm(samples, rate)  # type: ignore[arg-type]
