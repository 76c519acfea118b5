"""Per-customer emotional state: time-decayed emotion and sentiment, overall and per channel.

Decay. The state is an exponentially weighted mean of every event's emotion probabilities and sentiment score:
an event `Δ` hours older than the newest one weighs `0.5 ** (Δ / half_life_hours)`. It is stored as the mean plus
the total weight at the reference time `last_event_at` (the newest event seen), which is all an update needs.

Out-of-order events. A newer event decays the stored weight by the gap and joins with weight 1; an older event
(a backfill, or a slow channel) leaves the reference time alone and joins with its own decayed weight. Both
steps only ever use a non-negative gap, and together they make the result independent of arrival order (up to
float rounding): a late event lands exactly where it would have had it arrived on time.

Trend. A second, faster mean of the sentiment (half-life / 4) follows recent events more closely; the trend is
"improving" when it sits `TREND_THRESHOLD` above the slow mean, "worsening" when below, else "stable". Trends
take time by design: two messages minutes apart weigh the same in both means and make no trend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from engine.clock import as_utc, hours_between, parse_iso, to_iso
from engine.ledger import RewardRecord
from engine.tiers import TIERS
from models.analysis import EMOTIONS, Analysis

CHANNELS: tuple[str, ...] = ("review", "social", "chat", "ticket", "survey", "other")
TRENDS: tuple[str, ...] = ("improving", "worsening", "stable")
DEFAULT_HALF_LIFE_HOURS = 72.0
FAST_FRACTION = 0.25  # the trend's fast mean uses this fraction of the half-life
TREND_THRESHOLD = 0.1
RECENT_ACTIONS_LIMIT = 20


def _neutral() -> dict[str, float]:
    return {emotion: (1.0 if emotion == "neutral" else 0.0) for emotion in EMOTIONS}


def _clamp(value: float, low: float, high: float) -> float:
    # NaN from a misbehaving model reads as the neutral middle, not as a poisoned state forever after.
    if math.isnan(value):
        return 0.0 if low < 0 else low
    return max(low, min(high, value))


def top_emotion(emotions: Mapping[str, float]) -> str:
    """The most probable of the six emotions (ties go to the earlier one in `EMOTIONS`)."""
    return max(EMOTIONS, key=lambda emotion: (emotions.get(emotion, 0.0), -EMOTIONS.index(emotion)))


def _decay(hours: float, half_life_hours: float) -> float:
    return 0.5 ** (max(0.0, hours) / half_life_hours)


@dataclass(frozen=True, slots=True)
class _Step:
    """How one event joins a weighted mean: scale the old weight, add the new one, move the reference time."""

    old_factor: float
    new_weight: float
    as_of: datetime


def _step(as_of: datetime | None, occurred_at: datetime, half_life_hours: float) -> _Step:
    if as_of is None:
        return _Step(0.0, 1.0, occurred_at)
    gap = hours_between(as_of, occurred_at)
    if gap >= 0:
        return _Step(_decay(gap, half_life_hours), 1.0, occurred_at)
    return _Step(1.0, _decay(-gap, half_life_hours), as_of)


def _mix(old: float, old_weight: float, new: float, new_weight: float) -> float:
    total = old_weight + new_weight
    return new if total <= 0 else (old * old_weight + new * new_weight) / total


@dataclass(slots=True)
class ChannelState:
    """The decayed state of one channel (review, social, chat, ticket, survey, other)."""

    emotion: str = "neutral"
    emotions: dict[str, float] = field(default_factory=_neutral)
    sentiment_score: float = 0.0
    last_event_at: datetime | None = None
    events: int = 0
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (the full form, for storage)."""
        return {
            "emotion": self.emotion,
            "sentiment_score": self.sentiment_score,
            "last_event_at": to_iso(self.last_event_at),
            "events": self.events,
            "emotions": dict(self.emotions),
            "weight": self.weight,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChannelState:
        """From `to_dict` output; missing keys take their defaults."""
        emotions = {**_neutral(), **{k: float(v) for k, v in dict(data.get("emotions") or {}).items()}}
        return cls(
            emotion=str(data.get("emotion", top_emotion(emotions))),
            emotions=emotions,
            sentiment_score=float(data.get("sentiment_score", 0.0)),
            last_event_at=parse_iso(data.get("last_event_at")),
            events=int(data.get("events", 0)),
            weight=float(data.get("weight", 1.0 if data.get("events") else 0.0)),
        )


@dataclass(slots=True)
class CustomerState:
    """One customer's emotional state across channels, plus the memory the response engine needs."""

    customer_id: str
    tier: str = "new"
    emotion: str = "neutral"
    emotions: dict[str, float] = field(default_factory=_neutral)
    sentiment_score: float = 0.0
    trend: str = "stable"
    channels: dict[str, ChannelState] = field(default_factory=dict)
    open_complaints: int = 0
    recent_actions: list[dict[str, Any]] = field(default_factory=list)
    last_event_at: datetime | None = None
    last_event: dict[str, Any] | None = None
    event_count: int = 0
    rewards: list[RewardRecord] = field(default_factory=list)
    # Decay memory: total weight of the slow mean, and the fast sentiment mean used for the trend.
    weight: float = 0.0
    fast_score: float = 0.0
    fast_weight: float = 0.0

    @classmethod
    def new(cls, customer_id: str, tier: str = "new") -> CustomerState:
        """A customer with no events yet."""
        if tier not in TIERS:
            raise ValueError(f"unknown tier {tier!r}; expected one of {TIERS}")
        return cls(customer_id=customer_id, tier=tier)

    def copy(self) -> CustomerState:
        """A copy that shares no mutable containers with this state."""
        return replace(
            self,
            emotions=dict(self.emotions),
            channels={name: replace(ch, emotions=dict(ch.emotions)) for name, ch in self.channels.items()},
            recent_actions=[dict(a) for a in self.recent_actions],
            last_event=None if self.last_event is None else dict(self.last_event),
            rewards=list(self.rewards),
        )

    def to_dict(self) -> dict[str, Any]:
        """The full JSON-able form for storage; `from_dict(to_dict())` gives an equal state."""
        return {
            "customer_id": self.customer_id,
            "tier": self.tier,
            "emotion": self.emotion,
            "emotions": dict(self.emotions),
            "sentiment_score": self.sentiment_score,
            "trend": self.trend,
            "channels": {name: ch.to_dict() for name, ch in sorted(self.channels.items())},
            "open_complaints": self.open_complaints,
            "recent_actions": [dict(a) for a in self.recent_actions],
            "last_event_at": to_iso(self.last_event_at),
            "last_event": None if self.last_event is None else dict(self.last_event),
            "event_count": self.event_count,
            "rewards": [r.to_dict() for r in self.rewards],
            "decay": {"weight": self.weight, "fast_score": self.fast_score, "fast_weight": self.fast_weight},
        }

    def to_public_dict(self) -> dict[str, Any]:
        """The customer object of the HTTP contract (the service adds `ad_tone`): no decay internals."""
        channels = {
            name: {
                "emotion": ch.emotion,
                "sentiment_score": round(ch.sentiment_score, 4),
                "last_event_at": to_iso(ch.last_event_at),
                "events": ch.events,
            }
            for name, ch in sorted(self.channels.items())
        }
        return {
            "customer_id": self.customer_id,
            "tier": self.tier,
            "emotion": self.emotion,
            "emotions": {k: round(v, 4) for k, v in self.emotions.items()},
            "sentiment_score": round(self.sentiment_score, 4),
            "trend": self.trend,
            "channels": channels,
            "open_complaints": self.open_complaints,
            "recent_actions": [dict(a) for a in self.recent_actions],
            "last_event_at": to_iso(self.last_event_at),
            "event_count": self.event_count,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerState:
        """From `to_dict` output (or the public form; decay internals then restart from the event count)."""
        emotions = {**_neutral(), **{k: float(v) for k, v in dict(data.get("emotions") or {}).items()}}
        decay = dict(data.get("decay") or {})
        events = int(data.get("event_count", 0))
        return cls(
            customer_id=str(data["customer_id"]),
            tier=str(data.get("tier", "new")),
            emotion=str(data.get("emotion", top_emotion(emotions))),
            emotions=emotions,
            sentiment_score=float(data.get("sentiment_score", 0.0)),
            trend=str(data.get("trend", "stable")),
            channels={str(k): ChannelState.from_dict(v) for k, v in dict(data.get("channels") or {}).items()},
            open_complaints=int(data.get("open_complaints", 0)),
            recent_actions=[dict(a) for a in data.get("recent_actions") or []],
            last_event_at=parse_iso(data.get("last_event_at")),
            last_event=None if data.get("last_event") is None else dict(data["last_event"]),
            event_count=events,
            rewards=[RewardRecord.from_dict(r) for r in data.get("rewards") or []],
            weight=float(decay.get("weight", 1.0 if events else 0.0)),
            fast_score=float(decay.get("fast_score", data.get("sentiment_score", 0.0))),
            fast_weight=float(decay.get("fast_weight", 1.0 if events else 0.0)),
        )


def update_state(
    state: CustomerState,
    analysis: Analysis,
    channel: str,
    occurred_at: datetime,
    half_life_hours: float = DEFAULT_HALF_LIFE_HOURS,
    *,
    event_id: str | None = None,
) -> CustomerState:
    """The state after one more event; `state` itself is not changed. See the module doc for the arithmetic."""
    if not half_life_hours > 0:
        raise ValueError(f"half_life_hours must be positive, got {half_life_hours}")
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")
    at = as_utc(occurred_at)
    observed = {e: _clamp(float(analysis.emotions.get(e, 0.0)), 0.0, 1.0) for e in EMOTIONS}
    score = _clamp(float(analysis.score), -1.0, 1.0)
    new = state.copy()

    slow = _step(state.last_event_at, at, half_life_hours)
    old_weight = state.weight * slow.old_factor
    new.emotions = {
        e: _clamp(_mix(state.emotions.get(e, 0.0), old_weight, observed[e], slow.new_weight), 0.0, 1.0)
        for e in EMOTIONS
    }
    new.sentiment_score = _clamp(_mix(state.sentiment_score, old_weight, score, slow.new_weight), -1.0, 1.0)
    new.weight = old_weight + slow.new_weight
    new.emotion = top_emotion(new.emotions)

    fast = _step(state.last_event_at, at, half_life_hours * FAST_FRACTION)
    fast_old = state.fast_weight * fast.old_factor
    new.fast_score = _clamp(_mix(state.fast_score, fast_old, score, fast.new_weight), -1.0, 1.0)
    new.fast_weight = fast_old + fast.new_weight

    new.channels[channel] = _update_channel(state.channels.get(channel), observed, score, at, half_life_hours)
    new.event_count = state.event_count + 1
    new.last_event_at = slow.as_of
    new.trend = _trend(new)
    if state.last_event_at is None or at >= state.last_event_at:
        new.last_event = {
            "event_id": event_id,
            "channel": channel,
            "emotion": analysis.emotion,
            "sentiment": analysis.sentiment,
            "intensity": _clamp(float(analysis.intensity), 0.0, 1.0),
            "occurred_at": to_iso(at),
        }
    return new


def _update_channel(
    channel: ChannelState | None,
    observed: Mapping[str, float],
    score: float,
    at: datetime,
    half_life_hours: float,
) -> ChannelState:
    current = channel or ChannelState()
    step = _step(current.last_event_at, at, half_life_hours)
    old_weight = current.weight * step.old_factor
    emotions = {
        e: _clamp(_mix(current.emotions.get(e, 0.0), old_weight, observed[e], step.new_weight), 0.0, 1.0)
        for e in EMOTIONS
    }
    return ChannelState(
        emotion=top_emotion(emotions),
        emotions=emotions,
        sentiment_score=_clamp(_mix(current.sentiment_score, old_weight, score, step.new_weight), -1.0, 1.0),
        last_event_at=step.as_of,
        events=current.events + 1,
        weight=old_weight + step.new_weight,
    )


def _trend(state: CustomerState) -> str:
    if state.event_count < 2:
        return "stable"
    gap = state.fast_score - state.sentiment_score
    if gap >= TREND_THRESHOLD:
        return "improving"
    if gap <= -TREND_THRESHOLD:
        return "worsening"
    return "stable"


def with_tier(state: CustomerState, tier: str) -> CustomerState:
    """A copy with the loyalty tier set (from the CRM profile or `derive_tier`)."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; expected one of {TIERS}")
    new = state.copy()
    new.tier = tier
    return new


def close_complaint(state: CustomerState) -> CustomerState:
    """A copy with one complaint fewer open (never below zero): call when a triage item is resolved."""
    new = state.copy()
    new.open_complaints = max(0, state.open_complaints - 1)
    return new


def record_actions(
    state: CustomerState,
    actions: Iterable[Mapping[str, Any]],
    at: datetime,
    *,
    event_id: str | None = None,
    limit: int = RECENT_ACTIONS_LIMIT,
) -> CustomerState:
    """A copy with `actions` (action dicts) appended to `recent_actions` with `at` and `event_id`, last `limit` kept.

    Actions of type "none" are not remembered: they are recommendations to do nothing.
    """
    new = state.copy()
    stamp = to_iso(at)
    added = [{**dict(a), "at": stamp, "event_id": event_id} for a in actions if a.get("type") != "none"]
    new.recent_actions = (new.recent_actions + added)[-limit:] if limit > 0 else []
    return new
