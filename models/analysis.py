"""The analysis result: one per text, the public contract's fields (PRODUCT.md section 3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Sentiment = Literal["positive", "neutral", "negative"]
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")
EMOTIONS: tuple[str, ...] = ("joy", "gratitude", "anger", "anxiety", "disappointment", "neutral")
# The top emotion is read among those that agree with the sentiment: a negative text is angry, anxious or
# disappointed, never joyful.
CONSISTENT_EMOTIONS: dict[str, tuple[str, ...]] = {
    "positive": ("joy", "gratitude"),
    "negative": ("anger", "anxiety", "disappointment"),
    "neutral": ("neutral",),
}


@dataclass(frozen=True, slots=True)
class AspectSentiment:
    """Sentiment of one commerce aspect (物流, 质量, …) with the clause that shows it."""

    aspect: str
    sentiment: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the classifier says about one text."""

    sentiment: str
    score: float
    probabilities: dict[str, float]
    emotion: str
    emotions: dict[str, float]
    intensity: float
    aspects: list[AspectSentiment] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    model: str = ""
    id: str | None = None

    def with_id(self, item_id: str | None) -> Analysis:
        """A copy carrying the caller's id."""
        return Analysis(**{**_shallow(self), "id": item_id})

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object, field order as documented."""
        return {
            "id": self.id,
            "sentiment": self.sentiment,
            "score": self.score,
            "probabilities": dict(self.probabilities),
            "emotion": self.emotion,
            "emotions": dict(self.emotions),
            "intensity": self.intensity,
            "aspects": [asdict(a) for a in self.aspects],
            "evidence": list(self.evidence),
            "model": self.model,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """Rebuild from `to_dict` output (e.g. an analysis stored with an event)."""
        return cls(
            sentiment=data["sentiment"],
            score=float(data["score"]),
            probabilities=dict(data["probabilities"]),
            emotion=data["emotion"],
            emotions=dict(data["emotions"]),
            intensity=float(data["intensity"]),
            aspects=[AspectSentiment(**a) for a in data.get("aspects", [])],
            evidence=list(data.get("evidence", [])),
            model=data.get("model", ""),
            id=data.get("id"),
        )


def _shallow(analysis: Analysis) -> dict[str, Any]:
    return {name: getattr(analysis, name) for name in Analysis.__slots__}  # type: ignore[attr-defined]
