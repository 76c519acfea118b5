"""The issue's "Done when" scenarios at the engine level, and respond's contract."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engine.actions import ACTION_KEYS
from engine.economics import Spend
from engine.ledger import RewardRecord
from engine.policy import ResponsePolicy
from engine.respond import Event, Outcome, TriageChange, respond
from engine.state import CustomerState, with_tier
from engine.triage import TriageItem, rank
from models.analysis import Analysis

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
MakeAnalysis = Callable[..., Analysis]
MakeEvent = Callable[..., Event]


def customer(tier: str, customer_id: str = "c1") -> CustomerState:
    return with_tier(CustomerState.new(customer_id), tier)


class Queue:
    """A stand-in for the service's triage storage: applies each outcome's triage change."""

    def __init__(self) -> None:
        self.items: dict[str, TriageItem] = {}

    def open_items(self, customer_id: str) -> list[TriageItem]:
        return [i for i in self.items.values() if i.customer_id == customer_id and i.is_active]

    def apply(self, change: TriageChange | None) -> None:
        if change is not None:
            assert change.is_new == (change.item_id not in self.items)
            self.items[change.item_id] = change.item


def run(
    policy: ResponsePolicy,
    analysis: Analysis,
    event: Event,
    state: CustomerState | None = None,
    queue: Queue | None = None,
    **kwargs: Any,
) -> Outcome:
    open_items = queue.open_items(event.customer_id) if queue else []
    outcome = respond(
        state, analysis, event, policy, kwargs.pop("spend", None), open_items, event.occurred_at, **kwargs
    )
    if queue is not None:
        queue.apply(outcome.triage)
    return outcome


# --- Done when -------------------------------------------------------------------------------------------------


def test_praise_recommends_a_reward_and_upbeat_ads(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = run(
        policy,
        make_analysis("joy", intensity=0.8),
        make_event("东西太好用了，超级满意！"),
        customer("regular"),
    )
    assert [a.type for a in outcome.actions] == ["reward"]
    assert outcome.actions[0].cost > 0 and outcome.actions[0].rule == "praise-regular"
    assert outcome.ad_tone.ad_tone == "upbeat"
    assert outcome.triage is None and outcome.risk_flags == []


def test_anxiety_recommends_reassurance_and_reassuring_ads(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = run(
        policy, make_analysis("anxiety"), make_event("快递五天了还没到，有点担心"), customer("regular")
    )
    assert "reassure" in [a.type for a in outcome.actions]
    assert outcome.ad_tone.ad_tone == "reassuring"


def test_anger_suppresses_ads(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = run(
        policy, make_analysis("anger", intensity=0.7), make_event("东西是坏的，太气人了"), customer("regular")
    )
    assert outcome.ad_tone.ad_tone == "suppress"
    assert "recovery" in [a.type for a in outcome.actions]


def test_vip_complaint_outranks_regular(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    queue = Queue()
    text = "收到的杯子是碎的，太气人了"
    run(
        policy,
        make_analysis("anger"),
        make_event(text, customer_id="r", event_id="e1"),
        customer("regular", "r"),
        queue,
    )
    run(
        policy,
        make_analysis("anger"),
        make_event(text, customer_id="v", event_id="e2"),
        customer("vip", "v"),
        queue,
    )
    ranked = rank(queue.items.values(), NOW)
    assert [i.customer_id for i in ranked] == ["v", "r"]
    assert ranked[0].priority < ranked[1].priority  # "P2" < "P3": more urgent


def test_three_messages_about_one_problem_make_one_item(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    queue, state = Queue(), customer("regular")
    texts = [
        "快递一周了还没到，订单号12345，怎么回事",
        "快递还是没到，到底什么时候送？",
        "第三次问了，快递呢？",
    ]
    kinds = []
    for i, text in enumerate(texts):
        event = make_event(text, event_id=f"e{i}", occurred_at=NOW + timedelta(hours=i))
        outcome = run(policy, make_analysis("anger"), event, state, queue)
        assert outcome.triage is not None
        kinds.append(outcome.triage.kind)
        state = outcome.state
    assert kinds == ["open", "attach", "attach"]
    [only] = queue.items.values()
    assert only.count == 3 and only.first_text == texts[0] and only.last_text == texts[2]
    assert only.event_ids == ["e0", "e1", "e2"]
    assert state.open_complaints == 1


def test_a_different_problem_opens_a_second_item(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    queue, state = Queue(), customer("regular")
    first = run(policy, make_analysis("anger"), make_event("快递一周了还没到", event_id="e1"), state, queue)
    second = run(
        policy,
        make_analysis("anger"),
        make_event("客服态度太差了，说话很不耐烦", event_id="e2", occurred_at=NOW + timedelta(hours=1)),
        first.state,
        queue,
    )
    assert second.triage is not None and second.triage.kind == "open"
    assert len(queue.items) == 2 and second.state.open_complaints == 2


@pytest.mark.parametrize("threat", ["再不处理我就曝光你们", "再不处理我就打12315投诉"])
def test_public_threat_is_flagged_and_ranks_above_the_same_complaint(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent, threat: str
) -> None:
    queue = Queue()
    base = "收到的杯子是碎的，太气人了"
    plain = run(
        policy, make_analysis("anger"), make_event(base, customer_id="a"), customer("regular", "a"), queue
    )
    loud = run(
        policy,
        make_analysis("anger"),
        make_event(f"{base}，{threat}", customer_id="b"),
        customer("regular", "b"),
        queue,
    )
    assert plain.risk_flags == [] and loud.risk_flags == ["public_escalation"]
    assert loud.triage is not None and loud.triage.item.risk_flags == ["public_escalation"]
    assert [i.customer_id for i in rank(queue.items.values(), NOW)] == ["b", "a"]
    assert any(a.rule == "escalate-public" for a in loud.actions)


def test_ten_praises_do_not_earn_ten_paid_rewards(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    state: CustomerState | None = customer("vip")
    paid = []
    for i in range(10):
        event = make_event("太棒了，非常满意！", event_id=f"p{i}", occurred_at=NOW + timedelta(hours=i))
        outcome = run(policy, make_analysis("joy"), event, state)
        assert outcome.actions and outcome.triage is None
        paid += [a for a in outcome.actions if a.type == "reward" and a.cost > 0]
        state = outcome.state
    assert 1 <= len(paid) < 10
    assert len(paid) <= 3  # with the default decay 0.6 and payback rule
    assert [a.expected_value for a in paid] == sorted((a.expected_value for a in paid), reverse=True)
    assert state is not None and len(state.rewards) == len(paid)


def test_the_service_ledger_counts_towards_diminishing_returns(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    history = Spend(0.0, [RewardRecord(NOW - timedelta(days=d), 5.0) for d in (1, 2, 3)])
    outcome = run(policy, make_analysis("joy"), make_event("好评"), customer("regular"), spend=history)
    assert [a.cost for a in outcome.actions] == [0.0]


# --- contract --------------------------------------------------------------------------------------------------


def test_every_action_has_exactly_the_contract_fields_and_a_reason(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = run(
        policy,
        make_analysis("anger", intensity=0.9),
        make_event("第三次了还是没人处理，我要曝光", channel="social"),
        customer("vip"),
    )
    assert outcome.actions
    for action in outcome.actions:
        data = action.to_dict()
        assert tuple(data) == ACTION_KEYS
        assert data["rule"] and data["reason"] and data["priority"] in ("P1", "P2", "P3", "P4")
    assert outcome.actions[0].priority == "P1"
    assert "VIP" in outcome.actions[0].reason and "social" in outcome.actions[0].reason


def test_praise_never_opens_a_triage_item_even_with_churn_words(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = run(policy, make_analysis("joy"), make_event("再也不买别家的了，这家最好"), customer("loyal"))
    assert outcome.triage is None and outcome.risk_flags == []


def test_safety_reaches_a_human_with_top_priority(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = run(
        policy, make_analysis("anxiety"), make_event("孩子用了以后皮肤过敏，怎么办"), customer("new")
    )
    assert outcome.risk_flags == ["safety"]
    assert outcome.triage is not None and outcome.triage.item.priority == "P1"
    assert any(a.rule == "escalate-safety" and a.priority == "P1" for a in outcome.actions)


def test_neutral_inquiry_recommends_nothing(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = run(policy, make_analysis("neutral"), make_event("请问这款有蓝色吗？"), None)
    assert [(a.type, a.rule) for a in outcome.actions] == [("none", "no-action")]
    assert outcome.triage is None and outcome.state.tier == "new"
    assert outcome.state.recent_actions == []


def test_follow_ups_do_not_pay_compensation_twice(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    queue, state = Queue(), customer("regular")
    first = run(policy, make_analysis("anger"), make_event("杯子碎了，太气人了", event_id="e1"), state, queue)
    again = run(
        policy,
        make_analysis("anger"),
        make_event("杯子碎了，还是没人处理", event_id="e2", occurred_at=NOW + timedelta(hours=1)),
        first.state,
        queue,
    )
    paid_first = sum(a.cost for a in first.actions if a.rule == "anger-recovery")
    paid_again = sum(a.cost for a in again.actions if a.rule == "anger-recovery")
    assert paid_first > 0 and paid_again == 0
    assert any(a.rule == "escalate-repeat" for a in again.actions)  # but the repeat reaches a human


def test_respond_is_pure_and_deterministic(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    state = customer("loyal")
    before = json.dumps(state.to_dict(), sort_keys=True)
    analysis, event = make_analysis("anger"), make_event("太气人了")
    first = respond(state, analysis, event, policy, Spend(), [], NOW, item_id="fixed")
    second = respond(state, analysis, event, policy, Spend(), [], NOW, item_id="fixed")
    assert json.dumps(state.to_dict(), sort_keys=True) == before
    assert first.to_dict() == second.to_dict()


def test_outcome_round_trips_through_json(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    outcome = respond(
        customer("vip"), make_analysis("anger"), make_event("要曝光你们"), policy, None, [], NOW, item_id="i1"
    )
    data = json.loads(json.dumps(outcome.to_dict()))
    assert data["triage"]["kind"] == "open" and data["triage"]["item_id"] == "i1"
    assert Outcome.from_dict(data).to_dict() == outcome.to_dict()
    assert Event.from_dict(json.loads(json.dumps(make_event("x").to_dict()))) == make_event("x")


def test_state_of_another_customer_is_rejected(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    with pytest.raises(ValueError, match="state of"):
        respond(
            customer("vip", "someone-else"), make_analysis("joy"), make_event("好"), policy, None, [], NOW
        )


def test_unknown_channel_is_rejected(make_event: MakeEvent) -> None:
    with pytest.raises(ValueError, match="channel"):
        make_event("好", channel="fax")


def test_triage_window_override(
    policy: ResponsePolicy, make_analysis: MakeAnalysis, make_event: MakeEvent
) -> None:
    queue, state = Queue(), customer("regular")
    first = run(policy, make_analysis("anger"), make_event("快递一周了还没到", event_id="e1"), state, queue)
    late = make_event("快递还是没到", event_id="e2", occurred_at=NOW + timedelta(hours=5))
    outcome = run(policy, make_analysis("anger"), late, first.state, queue, triage_window_hours=1)
    assert outcome.triage is not None and outcome.triage.kind == "open"
