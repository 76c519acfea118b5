from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.actions import Action
from engine.economics import RewardBudget, Spend, day_start
from engine.ledger import RewardRecord, merge_rewards, prune_rewards
from engine.matching import MatchContext
from engine.policy import BudgetSettings, ResponsePolicy

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
CTX = MatchContext(
    emotion="joy", sentiment="positive", intensity=0.7, score=0.8, tier="regular", channel="review"
)


def reward(cost: float = 5.0, value: float = 12.0) -> Action:
    return Action("reward", "coupon", "P4", cost, value, 1440, "praise-regular", "Regular customer happy")


def with_budget(policy: ResponsePolicy, **changes: Any) -> ResponsePolicy:
    return policy.model_copy(update={"budget": policy.budget.model_copy(update=changes)})


def test_first_reward_is_granted_unchanged(policy: ResponsePolicy) -> None:
    budget = RewardBudget.open(policy, NOW, Spend(), [])
    assert budget.decide(reward(), CTX) == reward()
    assert [r.cost for r in budget.granted] == [5.0]


def test_repeated_rewards_have_diminishing_value_until_they_stop_paying(policy: ResponsePolicy) -> None:
    decay = policy.budget.reward_decay
    history = [RewardRecord(NOW - timedelta(days=2), 5.0)]
    second = RewardBudget.open(policy, NOW, Spend(), history).decide(reward(), CTX)
    assert second.type == "reward" and second.expected_value == pytest.approx(12.0 * decay)
    assert "reward #2" in second.reason
    history.append(RewardRecord(NOW - timedelta(days=1), 5.0))
    third = RewardBudget.open(policy, NOW, Spend(), history).decide(reward(), CTX)
    assert third.type == "none" and third.cost == 0
    assert third.rule == "praise-regular"
    assert "skipped" in third.reason and "below its cost" in third.reason


def test_rewards_outside_the_window_are_forgotten(policy: ResponsePolicy) -> None:
    old = [RewardRecord(NOW - timedelta(days=40), 5.0)] * 1 + [RewardRecord(NOW - timedelta(days=35), 5.0)]
    decided = RewardBudget.open(policy, NOW, Spend(), old).decide(reward(), CTX)
    assert decided == reward()


def test_per_customer_cap(policy: ResponsePolicy) -> None:
    capped = with_budget(policy, per_customer_monthly_cap=60.0, reward_decay=1.0)
    history = [RewardRecord(NOW - timedelta(days=1), 50.0)]
    decided = RewardBudget.open(capped, NOW, Spend(), history).decide(reward(cost=20, value=100), CTX)
    assert decided.cost == 0 and "customer reward budget reached" in decided.reason


def test_daily_cap(policy: ResponsePolicy) -> None:
    decided = RewardBudget.open(policy, NOW, Spend(today_total=policy.budget.daily_cap - 1), []).decide(
        reward(), CTX
    )
    assert decided.cost == 0 and "daily reward budget reached" in decided.reason


def test_rewards_granted_in_the_same_call_count(policy: ResponsePolicy) -> None:
    budget = RewardBudget.open(policy, NOW, Spend(), [])
    first, second, third = (budget.decide(reward(), CTX) for _ in range(3))
    assert first.cost == second.cost == 5.0 and third.cost == 0


def test_recovery_costs_are_not_capped(policy: ResponsePolicy) -> None:
    recovery = Action("recovery", "apology + coupon", "P2", 100.0, 50.0, 60, "anger-recovery", "angry")
    budget = RewardBudget.open(policy, NOW, Spend(today_total=1e9), [RewardRecord(NOW, 1e6)] * 1)
    assert budget.decide(recovery, CTX) == recovery


def test_state_and_service_ledgers_merge_without_double_counting() -> None:
    shared = RewardRecord(NOW - timedelta(hours=1), 5.0, "praise-regular")
    spend = Spend(0.0, [(shared.at, shared.cost), (NOW - timedelta(hours=2), 20.0)])
    merged = merge_rewards([shared], spend.records())
    assert [r.cost for r in merged] == [20.0, 5.0]


def test_prune_keeps_only_the_window() -> None:
    records = [RewardRecord(NOW - timedelta(days=d), 1.0) for d in (1, 29, 31)]
    assert len(prune_rewards(records, NOW, 30)) == 2


def test_day_starts_at_local_midnight() -> None:
    china = BudgetSettings(day_utc_offset_hours=8)
    # 2025-06-01 12:00 UTC is 20:00 in China; the day began at 2025-06-01 00:00 +08:00 = 2025-05-31 16:00 UTC.
    assert day_start(NOW, china) == datetime(2025, 5, 31, 16, 0, tzinfo=UTC)
    assert day_start(NOW, BudgetSettings(day_utc_offset_hours=0)) == datetime(2025, 6, 1, tzinfo=UTC)


def test_spend_round_trips_through_json() -> None:
    spend = Spend(12.5, [RewardRecord(NOW, 5.0, "r")])
    assert Spend.from_dict(spend.to_dict()).to_dict() == spend.to_dict()
    assert RewardRecord.from_dict(["2025-06-01T12:00:00Z", 3]) == RewardRecord(NOW, 3.0)


@given(
    n=st.integers(min_value=1, max_value=40),
    decay=st.floats(min_value=0.05, max_value=0.95),
    value=st.floats(min_value=1, max_value=1000),
    cost=st.floats(min_value=0.5, max_value=100),
)
def test_paid_rewards_are_bounded_by_the_payback_rule(
    policy: ResponsePolicy, n: int, decay: float, value: float, cost: float
) -> None:
    tuned = with_budget(policy, reward_decay=decay, per_customer_monthly_cap=1e9, daily_cap=1e9)
    budget = RewardBudget.open(tuned, NOW, Spend(), [])
    decisions = [budget.decide(reward(cost=cost, value=value), CTX) for _ in range(n)]
    paid = [d for d in decisions if d.cost > 0]
    # Every paid reward pays back, values never rise, and once one is refused all later ones are too.
    assert all(d.expected_value >= d.cost - 0.01 for d in paid)  # values are rounded to cents
    assert all(a.expected_value >= b.expected_value for a, b in zip(paid, paid[1:], strict=False))
    first_refused = next((i for i, d in enumerate(decisions) if d.cost == 0), n)
    assert all(d.cost == 0 for d in decisions[first_refused:])


@given(st.lists(st.floats(min_value=0.5, max_value=80), max_size=30))
def test_customer_cap_is_never_exceeded(policy: ResponsePolicy, costs: list[float]) -> None:
    tuned = with_budget(policy, reward_decay=1.0, min_value_ratio=0.0)
    budget = RewardBudget.open(tuned, NOW, Spend(), [])
    granted = [budget.decide(reward(cost=c, value=c), CTX) for c in costs]
    assert sum(a.cost for a in granted) <= tuned.budget.per_customer_monthly_cap + 1e-9
