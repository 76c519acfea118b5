"""The response engine's one entry point: previous state + analysis + event + policy + spend → outcome.

`respond` is pure: it reads its arguments, returns new values, and changes nothing it was given. The service
stores the outcome (state, actions, triage change) in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from engine.actions import Action, build_action
from engine.ad_tone import AdTone, ad_tone_for
from engine.clock import as_utc, require_iso, to_iso
from engine.economics import RewardBudget, Spend
from engine.ledger import merge_rewards, prune_rewards
from engine.matching import MatchContext, select_rules
from engine.policy import PRIORITIES, ResponsePolicy, TriageSettings
from engine.risk import detect_risk_flags
from engine.state import CHANNELS, DEFAULT_HALF_LIFE_HOURS, CustomerState, record_actions, update_state
from engine.triage import Complaint, TriageItem, attach, find_duplicate, open_item
from models.analysis import Analysis

__all__ = ["Action", "Event", "Outcome", "Spend", "TriageChange", "is_complaint", "respond"]

# Action types that describe handling a complaint; their priority and SLA become the triage item's.
_HANDLING_TYPES = ("recovery", "reassure")


@dataclass(frozen=True, slots=True)
class Event:
    """One piece of customer text as it arrived (POST /v1/events)."""

    event_id: str
    customer_id: str
    channel: str
    text: str
    occurred_at: datetime
    order_value: float | None = None

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}; expected one of {CHANNELS}")
        if self.order_value is not None and self.order_value < 0:
            raise ValueError("order_value must not be negative")
        object.__setattr__(self, "occurred_at", as_utc(self.occurred_at))

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "event_id": self.event_id,
            "customer_id": self.customer_id,
            "channel": self.channel,
            "text": self.text,
            "occurred_at": to_iso(self.occurred_at),
            "order_value": self.order_value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """From `to_dict` output."""
        value = data.get("order_value")
        return cls(
            event_id=str(data["event_id"]),
            customer_id=str(data["customer_id"]),
            channel=str(data["channel"]),
            text=str(data["text"]),
            occurred_at=require_iso(data["occurred_at"]),
            order_value=None if value is None else float(value),
        )


@dataclass(frozen=True, slots=True)
class TriageChange:
    """What the event does to the triage queue: open a new item, or attach to an existing one."""

    kind: Literal["open", "attach"]
    item: TriageItem

    @property
    def is_new(self) -> bool:
        """True when the service must insert `item`; False when it must update the stored item."""
        return self.kind == "open"

    @property
    def item_id(self) -> str:
        """The item opened or attached to."""
        return self.item.item_id

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"kind": self.kind, "item_id": self.item.item_id, "item": self.item.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TriageChange:
        """From `to_dict` output."""
        kind = data["kind"]
        if kind not in ("open", "attach"):
            raise ValueError(f"unknown triage change {kind!r}")
        return cls(kind, TriageItem.from_dict(data["item"]))


@dataclass(frozen=True, slots=True)
class Outcome:
    """Everything `respond` decided for one event."""

    state: CustomerState
    actions: list[Action]
    risk_flags: list[str]
    triage: TriageChange | None
    ad_tone: AdTone

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (state in its full storage form)."""
        return {
            "state": self.state.to_dict(),
            "actions": [action.to_dict() for action in self.actions],
            "risk_flags": list(self.risk_flags),
            "triage": None if self.triage is None else self.triage.to_dict(),
            "ad_tone": self.ad_tone.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        """From `to_dict` output."""
        triage = data.get("triage")
        return cls(
            state=CustomerState.from_dict(data["state"]),
            actions=[Action.from_dict(a) for a in data.get("actions", [])],
            risk_flags=list(data.get("risk_flags", [])),
            triage=None if triage is None else TriageChange.from_dict(triage),
            ad_tone=AdTone.from_dict(data["ad_tone"]),
        )


def is_complaint(analysis: Analysis, risk_flags: Iterable[str], settings: TriageSettings) -> bool:
    """Whether an event belongs in the triage queue: by default a negative text with anger, disappointment or
    anxiety on top, or any risk flag. Praise (positive sentiment) is not, except with a safety flag: "好用，
    就是孩子用了过敏" must reach a human whatever the overall tone."""
    flags = set(risk_flags)
    if analysis.sentiment == "positive":
        return "safety" in flags
    if settings.open_on_any_risk_flag and flags:
        return True
    return analysis.sentiment in settings.open_on_sentiments and analysis.emotion in settings.open_on_emotions


def respond(
    state: CustomerState | None,
    analysis: Analysis,
    event: Event,
    policy: ResponsePolicy,
    spend: Spend | None,
    open_items: Iterable[TriageItem],
    now: datetime,
    *,
    half_life_hours: float = DEFAULT_HALF_LIFE_HOURS,
    triage_window_hours: float | None = None,
    item_id: str | None = None,
) -> Outcome:
    """Decide what one event means: the customer's new state, the recommended actions, risk flags, the triage
    change (for complaints) and the resulting ad tone.

    `state`: the customer's stored state, or None for a first event (a "new"-tier state is created; set the CRM
    tier first with `engine.state.with_tier`). `spend`: the service's reward ledger snapshot (None: nothing spent
    today; rewards remembered in the state still count). `open_items`: the customer's active triage items
    (others are ignored). `now`: processing time; SLAs, budgets and reward timestamps are anchored on it,
    while the state decays by `event.occurred_at`. `triage_window_hours` overrides the policy's window.
    `item_id`: the id for a newly opened item (default: a random UUID).
    """
    at = as_utc(now)
    if state is not None and state.customer_id != event.customer_id:
        raise ValueError(f"state of {state.customer_id!r} given for an event of {event.customer_id!r}")
    prior = state if state is not None else CustomerState.new(event.customer_id)

    risk_flags = detect_risk_flags(event.text, analysis)
    complaint = is_complaint(analysis, risk_flags, policy.triage)
    problem_aspects = tuple(sorted({a.aspect for a in analysis.aspects if a.sentiment == "negative"}))
    duplicate = None
    if complaint:
        duplicate = find_duplicate(
            open_items,
            event.customer_id,
            event.text,
            at,
            triage_window_hours if triage_window_hours is not None else policy.triage.window_hours,
            policy.triage.similarity_threshold,
            aspects=problem_aspects,
            repeat_contact="repeat_contact" in risk_flags,
        )

    updated = update_state(
        prior, analysis, event.channel, event.occurred_at, half_life_hours, event_id=event.event_id
    )
    ctx = MatchContext(
        emotion=analysis.emotion,
        sentiment=analysis.sentiment,
        intensity=max(0.0, min(1.0, float(analysis.intensity))),
        score=max(-1.0, min(1.0, float(analysis.score))),
        tier=prior.tier,
        channel=event.channel,
        open_complaints=prior.open_complaints,
        risk_flags=tuple(risk_flags),
        repeat=complaint
        and (duplicate is not None or prior.open_complaints > 0 or "repeat_contact" in risk_flags),
        trend=updated.trend,
        order_value=event.order_value,
    )

    budget = RewardBudget.open(policy, at, spend or Spend(), prior.rewards)
    actions = [budget.decide(build_action(rule, ctx, policy), ctx) for rule in select_rules(policy, ctx)]
    if duplicate is not None:
        actions = [_without_second_payment(action, duplicate) for action in actions]
    action_dicts = [action.to_dict() for action in actions]

    new_state = record_actions(updated, action_dicts, at, event_id=event.event_id)
    new_state.rewards = prune_rewards(
        merge_rewards(prior.rewards, budget.granted), at, policy.budget.window_days
    )

    change: TriageChange | None = None
    if complaint:
        filed = _complaint(event, analysis, actions, risk_flags, problem_aspects, policy, at)
        if duplicate is not None:
            change = TriageChange("attach", attach(duplicate, filed, prior.tier, at))
        else:
            new_id = item_id or uuid.uuid4().hex
            change = TriageChange("open", open_item(new_id, event.customer_id, prior.tier, filed, at))
            new_state.open_complaints = prior.open_complaints + 1

    tone = ad_tone_for(new_state, at, half_life_hours=half_life_hours, settings=policy.ad_tone)
    return Outcome(new_state, actions, risk_flags, change, tone)


def _without_second_payment(action: Action, item: TriageItem) -> Action:
    # A follow-up about a problem already in the queue must not pay the same compensation again: the action
    # keeps its priority and SLA (the case is still urgent) but costs nothing and says so.
    already = {str(previous.get("rule")) for previous in item.actions}
    if action.rule not in already or action.cost <= 0 or action.type not in _HANDLING_TYPES:
        return action
    repeated = replace(
        action,
        action=f"follow up on the open case (already offered: {action.action})",
        cost=0.0,
        expected_value=0.0,  # the value was counted when it was first offered
    )
    return repeated.with_note(f"already recommended for this problem (triage item {item.item_id})")


def _complaint(
    event: Event,
    analysis: Analysis,
    actions: list[Action],
    risk_flags: list[str],
    aspects: tuple[str, ...],
    policy: ResponsePolicy,
    now: datetime,
) -> Complaint:
    handling = [a for a in actions if a.type in _HANDLING_TYPES]
    if handling:
        priority = min((a.priority for a in handling), key=PRIORITIES.index)
        slas = [a.sla_minutes for a in handling if a.sla_minutes is not None]
        sla = min(slas) if slas else None
    else:
        priority = policy.triage.default_priority
        sla = None
    if sla is None:
        sla = _lookup_sla(policy, priority)
    stamp = to_iso(now)
    return Complaint(
        text=event.text,
        channel=event.channel,
        emotion=analysis.emotion,
        intensity=max(0.0, min(1.0, float(analysis.intensity))),
        priority=priority,
        sla_minutes=sla,
        risk_flags=tuple(risk_flags),
        aspects=aspects,
        actions=tuple({**a.to_dict(), "at": stamp, "event_id": event.event_id} for a in actions),
        event_id=event.event_id,
    )


def _lookup_sla(policy: ResponsePolicy, priority: str) -> int | None:
    by_priority: Mapping[Any, int] = policy.escalation.sla_minutes_by_priority  # Literal keys, str lookup
    return by_priority.get(priority)
