"""Reward economics: diminishing returns for repeated rewards and per-customer / daily budget caps.

Only paid rewards (type `reward`, cost > 0) are governed here; see `BudgetSettings` for the arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from engine.actions import Action, from_template
from engine.clock import as_utc
from engine.ledger import RewardRecord, merge_rewards, prune_rewards
from engine.matching import MatchContext
from engine.policy import BudgetSettings, ResponsePolicy


@dataclass(frozen=True, slots=True)
class Spend:
    """What has been spent on paid rewards, as the service's ledger sees it.

    `today_total`: all customers' paid-reward cost since `day_start(now, budget)`.
    `customer_rewards`: this customer's paid rewards (within the budget window is enough), as `RewardRecord`s or
    `(at, cost)` pairs. They are merged with the rewards remembered in `CustomerState.rewards`, de-duplicated
    by (time, cost), so passing either source, or both, is safe.
    """

    today_total: float = 0.0
    customer_rewards: Sequence[RewardRecord | tuple[datetime, float]] = field(default_factory=tuple)

    def records(self) -> list[RewardRecord]:
        """`customer_rewards` as records."""
        return [r if isinstance(r, RewardRecord) else RewardRecord(r[0], r[1]) for r in self.customer_rewards]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"today_total": self.today_total, "customer_rewards": [r.to_dict() for r in self.records()]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Spend:
        """From `to_dict` output."""
        return cls(
            float(data.get("today_total", 0.0)),
            tuple(RewardRecord.from_dict(r) for r in data.get("customer_rewards", [])),
        )


def day_start(now: datetime, budget: BudgetSettings) -> datetime:
    """Start (in UTC) of the budget day containing `now`; the day follows `budget.day_utc_offset_hours`."""
    zone = timezone(timedelta(hours=budget.day_utc_offset_hours))
    local = as_utc(now).astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


@dataclass
class RewardBudget:
    """The reward ledger for one `respond` call; paid rewards granted during the call are added as they go."""

    policy: ResponsePolicy
    now: datetime
    customer_rewards: list[RewardRecord]
    today_total: float
    granted: list[RewardRecord] = field(default_factory=list)

    @classmethod
    def open(
        cls, policy: ResponsePolicy, now: datetime, spend: Spend, remembered: Iterable[RewardRecord]
    ) -> RewardBudget:
        """A ledger from the service's spend snapshot and the rewards the customer state remembers."""
        window = prune_rewards(merge_rewards(remembered, spend.records()), now, policy.budget.window_days)
        return cls(policy, as_utc(now), window, max(0.0, float(spend.today_total)))

    def decide(self, action: Action, ctx: MatchContext) -> Action:
        """`action` with its discounted expected value, or the `when_blocked` downgrade if it does not pay."""
        if not action.is_paid_reward:
            return action
        budget = self.policy.budget
        previous = len(self.customer_rewards) + len(self.granted)
        value = action.expected_value * budget.reward_decay**previous
        spent = sum(r.cost for r in self.customer_rewards) + sum(r.cost for r in self.granted)
        today = self.today_total + sum(r.cost for r in self.granted)
        nth = previous + 1
        cur = budget.currency
        blocked: str | None = None
        if value < action.cost * budget.min_value_ratio:
            blocked = (
                f"reward #{nth} in {budget.window_days:g} days is worth {value:.2f} {cur}, "
                f"below its cost {action.cost:.2f} {cur}"
            )
        elif spent + action.cost > budget.per_customer_monthly_cap:
            blocked = (
                f"customer reward budget reached ({spent:.2f} of {budget.per_customer_monthly_cap:.2f} {cur} "
                f"in {budget.window_days:g} days)"
            )
        elif today + action.cost > budget.daily_cap:
            blocked = f"daily reward budget reached ({today:.2f} of {budget.daily_cap:.2f} {cur})"
        if blocked is not None:
            fallback = from_template(budget.when_blocked, action.rule, ctx, self.policy)
            return fallback.with_note(f"paid reward '{action.action}' skipped: {blocked}")
        self.granted.append(RewardRecord(self.now, action.cost, action.rule))
        if previous == 0:
            return action
        discounted = Action(
            type=action.type,
            action=action.action,
            priority=action.priority,
            cost=action.cost,
            expected_value=round(value, 2),
            sla_minutes=action.sla_minutes,
            rule=action.rule,
            reason=action.reason,
        )
        return discounted.with_note(
            f"reward #{nth} in {budget.window_days:g} days: expected value "
            f"{action.expected_value:.2f} × {budget.reward_decay:g}^{previous}"
        )
