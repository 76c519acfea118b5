"""Rule matching: which policy rules fire for one event's context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.policy import Conditions, ResponsePolicy, Rule
from engine.tiers import TIER_LABEL

# The emotion as an adjective, for reasons that read as sentences ("VIP customer angry …").
MOOD: dict[str, str] = {
    "joy": "delighted",
    "gratitude": "grateful",
    "anger": "angry",
    "anxiety": "anxious",
    "disappointment": "disappointed",
    "neutral": "calm",
}


@dataclass(frozen=True, slots=True)
class MatchContext:
    """Everything a rule may look at, for one event. `open_complaints` counts items open before the event."""

    emotion: str
    sentiment: str
    intensity: float
    score: float
    tier: str
    channel: str
    open_complaints: int = 0
    risk_flags: tuple[str, ...] = ()
    repeat: bool = False
    trend: str = "stable"
    order_value: float | None = None

    def template_values(self, *, currency: str, rule: str) -> dict[str, Any]:
        """The values reason and action templates are rendered with."""
        return {
            "tier": self.tier,
            "tier_label": TIER_LABEL.get(self.tier, self.tier),
            "emotion": self.emotion,
            "mood": MOOD.get(self.emotion, self.emotion),
            "sentiment": self.sentiment,
            "intensity": float(self.intensity),
            "score": float(self.score),
            "channel": self.channel,
            "risk_flags": ", ".join(self.risk_flags) if self.risk_flags else "none",
            "open_complaints": int(self.open_complaints),
            "order_value": float(self.order_value or 0.0),
            "currency": currency,
            "trend": self.trend,
            "rule": rule,
        }


def conditions_hold(when: Conditions, ctx: MatchContext) -> bool:
    """Whether every condition given in `when` holds for `ctx` (omitted conditions always hold)."""
    checks = (
        when.emotions is None or ctx.emotion in when.emotions,
        when.sentiments is None or ctx.sentiment in when.sentiments,
        when.min_intensity is None or ctx.intensity >= when.min_intensity,
        when.max_intensity is None or ctx.intensity < when.max_intensity,
        when.min_score is None or ctx.score >= when.min_score,
        when.max_score is None or ctx.score < when.max_score,
        when.tiers is None or ctx.tier in when.tiers,
        when.channels is None or ctx.channel in when.channels,
        when.min_open_complaints is None or ctx.open_complaints >= when.min_open_complaints,
        when.max_open_complaints is None or ctx.open_complaints <= when.max_open_complaints,
        when.risk_flags is None or any(flag in ctx.risk_flags for flag in when.risk_flags),
        when.exclude_risk_flags is None
        or not any(flag in ctx.risk_flags for flag in when.exclude_risk_flags),
        when.repeat is None or ctx.repeat == when.repeat,
        when.trends is None or ctx.trend in when.trends,
        when.min_order_value is None or (ctx.order_value or 0.0) >= when.min_order_value,
    )
    return all(checks)


def select_rules(policy: ResponsePolicy, ctx: MatchContext) -> list[Rule]:
    """The rules that fire, in policy order: every match, but only the first match of each group.

    If nothing matches, the policy's fallback rule (if any) fires alone.
    """
    fired: list[Rule] = []
    groups_done: set[str] = set()
    for rule in policy.rules:
        if rule.group is not None and rule.group in groups_done:
            continue
        if conditions_hold(rule.when, ctx):
            fired.append(rule)
            if rule.group is not None:
                groups_done.add(rule.group)
    if not fired and policy.fallback is not None:
        fired.append(policy.fallback)
    return fired
