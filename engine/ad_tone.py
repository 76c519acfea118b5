"""Ad tone for ad systems, from the customer's decayed emotional state (not just the last message).

joy/gratitude → upbeat, anxiety → reassuring, disappointment → empathetic, anger → suppress, neutral → standard
(the mapping is `AdToneSettings.tones` in the policy). Safety first: when the decayed anger probability reaches
`anger_suppress_threshold`, ads are suppressed even if another emotion is on top.

Freshness. Given `now`, the state's emotions are blended towards neutral by how long ago the last event was
(weight `0.5 ** (age / half_life)`), so a customer angry three weeks ago sees standard ads again, and confidence
falls as the reading ages. Without `now` the state is read as of its last event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.clock import as_utc, hours_between, parse_iso, to_iso
from engine.policy import AdToneSettings
from engine.state import DEFAULT_HALF_LIFE_HOURS, CustomerState, top_emotion
from models.analysis import EMOTIONS

AD_TONES: tuple[str, ...] = ("upbeat", "reassuring", "empathetic", "suppress", "standard")


@dataclass(frozen=True, slots=True)
class AdTone:
    """The tone an ad system should use for this customer now."""

    ad_tone: str
    emotion: str
    confidence: float
    as_of: datetime | None
    customer_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's object: customer_id, ad_tone, emotion, confidence, as_of."""
        return {
            "customer_id": self.customer_id,
            "ad_tone": self.ad_tone,
            "emotion": self.emotion,
            "confidence": self.confidence,
            "as_of": to_iso(self.as_of),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AdTone:
        """From `to_dict` output."""
        return cls(
            ad_tone=str(data["ad_tone"]),
            emotion=str(data["emotion"]),
            confidence=float(data["confidence"]),
            as_of=parse_iso(data.get("as_of")),
            customer_id=data.get("customer_id"),
        )


def freshness(last_event_at: datetime | None, now: datetime | None, half_life_hours: float) -> float:
    """How much of the state still speaks for the customer at `now`: 1 when just seen, halving each half-life."""
    if last_event_at is None:
        return 0.0
    if now is None:
        return 1.0
    age = max(0.0, hours_between(last_event_at, now))
    return float(0.5 ** (age / half_life_hours))


def current_emotions(
    state: CustomerState, now: datetime | None = None, half_life_hours: float = DEFAULT_HALF_LIFE_HOURS
) -> dict[str, float]:
    """The state's emotions blended towards neutral by their age at `now` (see module doc)."""
    weight = freshness(state.last_event_at, now, half_life_hours)
    return {
        emotion: weight * state.emotions.get(emotion, 0.0)
        + (1.0 - weight) * (1.0 if emotion == "neutral" else 0.0)
        for emotion in EMOTIONS
    }


def ad_tone_for(
    state: CustomerState,
    now: datetime | None = None,
    *,
    half_life_hours: float = DEFAULT_HALF_LIFE_HOURS,
    settings: AdToneSettings | None = None,
) -> AdTone:
    """The ad tone for `state`, with the driving emotion, a confidence in [0, 1] and the time it holds for."""
    rules = settings or AdToneSettings()
    as_of = as_utc(now) if now is not None else state.last_event_at
    if state.event_count == 0 or state.last_event_at is None:
        return AdTone("standard", "neutral", 0.0, as_of, state.customer_id)
    emotions = current_emotions(state, now, half_life_hours)
    anger = emotions.get("anger", 0.0)
    if anger >= rules.anger_suppress_threshold:
        return AdTone("suppress", "anger", round(min(1.0, anger), 4), as_of, state.customer_id)
    emotion = top_emotion(emotions)
    tones: Mapping[Any, str] = rules.tones  # Literal-keyed for validation; looked up with a plain str
    return AdTone(
        tones.get(emotion, "standard"),
        emotion,
        round(min(1.0, emotions[emotion]), 4),
        as_of,
        state.customer_id,
    )
