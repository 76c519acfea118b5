"""Priority escalation: recovery and reassurance move up with tier, channel, repeats, risk and intensity.

Bumps add up (each is one P level), are capped at `max_bump`, and never go above P1. The SLA then shrinks to at
most the escalated priority's `sla_minutes_by_priority`, so a P1 never carries a P4's day-long SLA.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.matching import MatchContext
from engine.policy import PRIORITIES, EscalationSettings
from engine.tiers import TIER_LABEL


@dataclass(frozen=True, slots=True)
class Escalation:
    """The escalated priority and SLA, with the human-readable reasons for each bump."""

    priority: str
    sla_minutes: int | None
    steps: int
    notes: tuple[str, ...]


def raise_priority(priority: str, steps: int) -> str:
    """`priority` moved `steps` levels towards P1 (negative steps lower it), clamped to P1..P4."""
    index = PRIORITIES.index(priority) - steps
    return PRIORITIES[max(0, min(len(PRIORITIES) - 1, index))]


def higher_priority(a: str, b: str) -> str:
    """The more urgent of two priorities."""
    return a if PRIORITIES.index(a) <= PRIORITIES.index(b) else b


def escalate(
    priority: str, sla_minutes: int | None, ctx: MatchContext, settings: EscalationSettings
) -> Escalation:
    """Apply the escalation bumps for `ctx` to a rule's priority and SLA."""
    bumps: list[tuple[int, str]] = [
        (_lookup(settings.tier_bumps, ctx.tier), f"{TIER_LABEL.get(ctx.tier, ctx.tier)} tier"),
        (_lookup(settings.channel_bumps, ctx.channel), f"{ctx.channel} channel"),
    ]
    if ctx.repeat:
        bumps.append((settings.repeat_complaint_bump, "repeated complaint"))
    for flag in ctx.risk_flags:
        bumps.append((_lookup(settings.risk_flag_bumps, flag), f"{flag} risk"))
    if ctx.intensity >= settings.high_intensity:
        bumps.append((settings.high_intensity_bump, f"high intensity {ctx.intensity:.2f}"))
    if settings.high_order_value is not None and (ctx.order_value or 0.0) >= settings.high_order_value:
        bumps.append((settings.high_order_value_bump, f"order value {ctx.order_value:.0f}"))
    applied = [(steps, label) for steps, label in bumps if steps > 0]
    total = min(settings.max_bump, sum(steps for steps, _ in applied))
    new_priority = raise_priority(priority, total)
    cap = _lookup(settings.sla_minutes_by_priority, new_priority)
    if total > 0 and cap > 0:
        sla_minutes = cap if sla_minutes is None else min(sla_minutes, cap)
    notes = tuple(f"{label} +{steps}" for steps, label in applied)
    return Escalation(
        new_priority, sla_minutes, PRIORITIES.index(priority) - PRIORITIES.index(new_priority), notes
    )


def _lookup(mapping: Mapping[Any, int], key: str) -> int:
    # The settings' keys are Literal-typed for validation; events carry plain strings.
    return mapping.get(key, 0)
