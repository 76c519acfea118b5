"""Shared builders for engine tests: analyses, events and the shipped policy, with no model or database.

Tests receive the builders as fixtures (`make_analysis`, `make_event`, `now`, `policy`) rather than importing this
module, so they work under any pytest import mode and next to other test folders' conftest files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest

from engine.policy import ResponsePolicy, load_policy
from engine.respond import Event
from models.analysis import EMOTIONS, Analysis, AspectSentiment

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)

_SENTIMENT_OF = {
    "joy": "positive",
    "gratitude": "positive",
    "anger": "negative",
    "anxiety": "negative",
    "disappointment": "negative",
    "neutral": "neutral",
}
_SCORE_OF = {"positive": 0.8, "neutral": 0.0, "negative": -0.7}


def build_analysis(
    emotion: str = "neutral",
    *,
    sentiment: str | None = None,
    intensity: float = 0.6,
    score: float | None = None,
    top: float = 0.7,
    extra: dict[str, float] | None = None,
    evidence: Sequence[str] = (),
    aspects: Sequence[tuple[str, str]] = (),
) -> Analysis:
    """An `Analysis` whose top emotion is `emotion` with probability `top`; the rest share what is left.

    Sentiment and score follow the emotion unless given; `extra` overrides single emotion probabilities.
    """
    rest = (1.0 - top) / (len(EMOTIONS) - 1)
    emotions = {e: (top if e == emotion else rest) for e in EMOTIONS}
    emotions.update(extra or {})
    polarity = sentiment or _SENTIMENT_OF[emotion]
    value = _SCORE_OF[polarity] if score is None else score
    probabilities = {s: (0.8 if s == polarity else 0.1) for s in ("positive", "neutral", "negative")}
    return Analysis(
        sentiment=polarity,
        score=value,
        probabilities=probabilities,
        emotion=max(EMOTIONS, key=lambda e: emotions[e]),
        emotions=emotions,
        intensity=intensity,
        aspects=[AspectSentiment(aspect=a, sentiment=s, evidence="") for a, s in aspects],
        evidence=list(evidence),
        model="test",
    )


def build_event(
    text: str,
    *,
    customer_id: str = "c1",
    channel: str = "chat",
    event_id: str = "e1",
    occurred_at: datetime = NOW,
    order_value: float | None = None,
) -> Event:
    """An `Event` with test defaults."""
    return Event(event_id, customer_id, channel, text, occurred_at, order_value)


AnalysisFactory = Callable[..., Analysis]
EventFactory = Callable[..., Event]


@pytest.fixture(scope="session")
def make_analysis() -> AnalysisFactory:
    """`build_analysis`: an Analysis with a chosen top emotion."""
    return build_analysis


@pytest.fixture(scope="session")
def make_event() -> EventFactory:
    """`build_event`: an Event with test defaults."""
    return build_event


@pytest.fixture(scope="session")
def now() -> datetime:
    """A fixed 'now' for deterministic tests."""
    return NOW


@pytest.fixture(scope="session")
def policy() -> ResponsePolicy:
    """The shipped default policy."""
    return load_policy()
