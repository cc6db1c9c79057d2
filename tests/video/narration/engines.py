"""A stand-in speech engine for narration tests: quiet tone, and a count of what it said."""

from __future__ import annotations

import numpy as np

from generator.video.narration.tts import Speech


class CountingEngine:
    """``seconds`` of quiet tone for any text; counts what it was asked to say."""

    fingerprint = "test-voice/1"

    def __init__(self, seconds: float = 2.0) -> None:
        self.seconds = seconds
        self.said: list[str] = []

    def synthesize(self, text: str) -> Speech:
        self.said.append(text)
        return Speech(np.full(round(16000 * self.seconds), 0.1, dtype=np.float32), 16000)
