"""Recommended actions: the contract's Action object, built from a fired rule."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from engine.escalation import escalate
from engine.matching import MatchContext
from engine.policy import ActionTemplate, ResponsePolicy, Rule
from engine.templates import render

ACTION_KEYS: tuple[str, ...] = (
    "type",
    "action",
    "priority",
    "cost",
    "expected_value",
    "sla_minutes",
    "rule",
    "reason",
)


@dataclass(frozen=True, slots=True)
class Action:
    """One recommendation, exactly the public contract's fields (PRODUCT.md section 3, "Action")."""

    type: str
    action: str
    priority: str
    cost: float
    expected_value: float
    sla_minutes: int | None
    rule: str
    reason: str

    @property
    def is_paid_reward(self) -> bool:
        """A reward that costs money: these are subject to diminishing returns and budget caps."""
        return self.type == "reward" and self.cost > 0

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object: exactly `ACTION_KEYS`."""
        return {
            "type": self.type,
            "action": self.action,
            "priority": self.priority,
            "cost": self.cost,
            "expected_value": self.expected_value,
            "sla_minutes": self.sla_minutes,
            "rule": self.rule,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Action:
        """Rebuild from `to_dict` output; extra keys (such as a stored `at`) are ignored."""
        sla = data.get("sla_minutes")
        return cls(
            type=str(data["type"]),
            action=str(data["action"]),
            priority=str(data["priority"]),
            cost=float(data.get("cost", 0.0)),
            expected_value=float(data.get("expected_value", 0.0)),
            sla_minutes=None if sla is None else int(sla),
            rule=str(data["rule"]),
            reason=str(data.get("reason", "")),
        )

    def with_note(self, note: str) -> Action:
        """A copy whose reason carries one more clause."""
        return replace(self, reason=f"{self.reason}; {note}" if self.reason else note)


def from_template(
    template: ActionTemplate, rule_id: str, ctx: MatchContext, policy: ResponsePolicy
) -> Action:
    """Render a template for `ctx` and apply the policy's escalation where it applies."""
    values = ctx.template_values(currency=policy.budget.currency, rule=rule_id)
    action = Action(
        type=template.type,
        action=render(template.action, values),
        priority=template.priority,
        cost=round(template.cost, 2),
        expected_value=round(template.expected_value, 2),
        sla_minutes=template.sla_minutes,
        rule=rule_id,
        reason=render(template.reason, values),
    )
    if not template.escalate or template.type not in policy.escalation.applies_to:
        return action
    raised = escalate(template.priority, template.sla_minutes, ctx, policy.escalation)
    if raised.steps == 0:
        return action
    escalated = replace(action, priority=raised.priority, sla_minutes=raised.sla_minutes)
    return escalated.with_note(f"priority {template.priority}→{raised.priority} ({', '.join(raised.notes)})")


def build_action(rule: Rule, ctx: MatchContext, policy: ResponsePolicy) -> Action:
    """The action a fired rule recommends for `ctx`, before the reward economics."""
    return from_template(rule.then, rule.id, ctx, policy)
