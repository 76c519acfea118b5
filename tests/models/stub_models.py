"""A stand-in model for the serving wrappers' tests: it reads each text from a table and records what it was asked."""

from __future__ import annotations

from collections.abc import Sequence

from models.analysis import EMOTIONS, Analysis


def scored(score: float, evidence: Sequence[str] = ()) -> Analysis:
    """An analysis with the given score (positive minus negative probability), joy or disappointment on top."""
    positive, negative = 0.05 + 0.9 * max(score, 0.0), 0.05 + 0.9 * max(-score, 0.0)
    sentiment = "positive" if score > 0.3 else "negative" if score < -0.3 else "neutral"
    emotions = {k: 0.0 for k in EMOTIONS}
    emotions["joy" if score > 0 else "disappointment"] = 1.0
    return Analysis(sentiment=sentiment, score=score, emotion=max(emotions, key=emotions.__getitem__),
                    probabilities={"positive": positive, "neutral": 1 - positive - negative, "negative": negative},
                    emotions=emotions, intensity=0.5, evidence=list(evidence), model="stub")


class ByText:
    """A `Classifier` that answers each text from `readings` and keeps every batch it was asked in `asked`."""

    def __init__(self, readings: dict[str, Analysis]) -> None:
        self.readings = readings
        self.asked: list[list[str]] = []
        self.name = "stub"

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        self.asked.append(list(texts))
        return [self.readings[t] for t in texts]
