from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.triage import (
    Complaint,
    IllegalTransition,
    TriageItem,
    attach,
    find_duplicate,
    item_similarity,
    open_item,
    rank,
    ranking_score,
    severity_for,
    text_similarity,
    transition,
    urgency,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
WINDOW, THRESHOLD = 72.0, 0.3


def complaint(text: str = "快递一周了还没到，怎么回事？", **overrides: Any) -> Complaint:
    base: dict[str, Any] = {
        "text": text,
        "channel": "chat",
        "emotion": "anger",
        "intensity": 0.6,
        "priority": "P3",
        "sla_minutes": 480,
        "event_id": "e1",
    }
    return Complaint(**{**base, **overrides})


def item(
    text: str = "快递一周了还没到，怎么回事？",
    *,
    customer: str = "c1",
    tier: str = "regular",
    at: datetime = NOW,
    **overrides: Any,
) -> TriageItem:
    return open_item(f"item-{customer}-{text[:3]}", customer, tier, complaint(text, **overrides), at)


# --- similarity ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("快递一周了还没到，怎么回事？", "快递还没到，到底什么时候送？"),
        ("退款申请了十天还没到账", "退款还没到账，再不处理我就投诉12315"),
        ("衣服质量太差了，洗一次就掉色", "质量真差，掉色严重，要求退货"),
        ("收到的杯子是碎的，太气人了", "杯子碎了，还是没人处理"),
    ],
)
def test_same_problem_texts_are_similar(a: str, b: str) -> None:
    assert text_similarity(a, b) >= THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("快递一周了还没到", "客服态度太差了，说话很不耐烦"),
        ("退款申请了十天还没到账", "这个面霜用了过敏，脸都红了"),
        ("衣服质量太差了，洗一次就掉色", "物流太慢了，等了五天"),
    ],
)
def test_different_problems_are_not(a: str, b: str) -> None:
    assert text_similarity(a, b) < THRESHOLD


texts = st.text(alphabet=st.sampled_from(list("快递没到退款质量差客服态度12345abc，。！ ")), max_size=40)


@given(texts, texts)
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    value = text_similarity(a, b)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(text_similarity(b, a))


@given(texts)
def test_a_text_is_identical_to_itself(a: str) -> None:
    assert text_similarity(a, a) == (1.0 if any(ch.isalnum() for ch in a) else 0.0)


# --- dedup -----------------------------------------------------------------------------------------------------


def test_follow_up_about_the_same_problem_is_a_duplicate() -> None:
    first = item()
    found = find_duplicate(
        [first], "c1", "快递还没到，到底什么时候送？", NOW + timedelta(hours=2), WINDOW, THRESHOLD
    )
    assert found is first


def test_other_customers_other_problems_old_and_resolved_items_are_not() -> None:
    first = item()
    later = NOW + timedelta(hours=2)
    assert find_duplicate([first], "c2", first.first_text, later, WINDOW, THRESHOLD) is None
    assert find_duplicate([first], "c1", "客服态度太差了，说话很不耐烦", later, WINDOW, THRESHOLD) is None
    assert (
        find_duplicate([first], "c1", first.first_text, NOW + timedelta(hours=73), WINDOW, THRESHOLD) is None
    )
    resolved = transition(first, "resolved", later)
    assert find_duplicate([resolved], "c1", first.first_text, later, WINDOW, THRESHOLD) is None


def test_a_self_declared_repeat_attaches_even_when_worded_differently() -> None:
    first = item()
    text = "第三次问了！！"
    later = NOW + timedelta(hours=5)
    assert find_duplicate([first], "c1", text, later, WINDOW, THRESHOLD) is None
    assert find_duplicate([first], "c1", text, later, WINDOW, THRESHOLD, repeat_contact=True) is first


def test_shared_aspect_attaches_and_disjoint_aspects_keep_apart() -> None:
    first = item("等了好久", aspects=("物流",))
    later = NOW + timedelta(hours=1)
    assert (
        find_duplicate([first], "c1", "到底什么时候送到", later, WINDOW, THRESHOLD, aspects=("物流",))
        is first
    )
    follow_up = "这件衣服等了好久，一洗就掉色"
    assert item_similarity(first, follow_up, ("质量",)) == pytest.approx(
        0.5 * item_similarity(first, follow_up)
    )


def test_the_most_similar_item_wins() -> None:
    parcel = item("快递一周了还没到，怎么回事？")
    refund = item("退款申请了十天还没到账")
    found = find_duplicate(
        [parcel, refund], "c1", "退款还是没到账", NOW + timedelta(hours=1), WINDOW, THRESHOLD
    )
    assert found is refund


def test_attach_folds_the_message_in() -> None:
    first = item(sla_minutes=480)
    later = NOW + timedelta(hours=1)
    update = complaint(
        "第三次问了，快递呢？",
        priority="P1",
        sla_minutes=30,
        risk_flags=("repeat_contact",),
        intensity=0.9,
        event_id="e2",
        channel="social",
    )
    merged = attach(first, update, "regular", later)
    assert merged.count == 2 and merged.item_id == first.item_id
    assert merged.first_text == first.first_text and merged.last_text == "第三次问了，快递呢？"
    assert merged.priority == "P1" and merged.risk_flags == ["repeat_contact"]
    assert merged.sla_due_at == later + timedelta(minutes=30)
    assert merged.updated_at == later and merged.opened_at == NOW
    assert merged.channels == ["chat", "social"] and merged.event_ids == ["e1", "e2"]
    assert merged.score > first.score
    calmer = attach(
        merged, complaint("还没到", priority="P4", sla_minutes=1440, event_id="e3"), "regular", later
    )
    assert calmer.priority == "P1" and calmer.sla_due_at == merged.sla_due_at  # never relaxed


# --- ranking ---------------------------------------------------------------------------------------------------


def test_vip_outranks_regular_for_the_same_complaint() -> None:
    vip, regular = item(customer="v", tier="vip"), item(customer="r", tier="regular")
    assert [i.customer_id for i in rank([regular, vip], NOW)] == ["v", "r"]


def test_risk_flags_outrank_the_same_complaint_without() -> None:
    plain = item(customer="a")
    public = item(customer="b", risk_flags=("public_escalation",))
    assert [i.customer_id for i in rank([plain, public], NOW)] == ["b", "a"]


def test_urgency_grows_as_the_sla_runs_out() -> None:
    due = NOW + timedelta(hours=4)
    assert urgency(None, NOW) == 1.0
    assert urgency(due, NOW) < urgency(due, NOW + timedelta(hours=3)) < urgency(due, due) == 2.0
    assert urgency(due, due + timedelta(days=3)) == 2.0
    early = ranking_score(0.35, "regular", [], due, NOW)
    late = ranking_score(0.35, "regular", [], due, NOW + timedelta(hours=4))
    assert late > early


def test_rank_puts_resolved_last_and_is_deterministic() -> None:
    a, b, c = item(customer="a"), item(customer="b", tier="vip"), item(customer="c", tier="vip")
    b = transition(b, "resolved", NOW)
    ranked = rank([a, b, c], NOW)
    assert [i.customer_id for i in ranked] == ["c", "a", "b"]
    assert rank([c, a, b], NOW) == ranked


@given(
    st.sampled_from(["P1", "P2", "P3", "P4"]),
    st.floats(min_value=0, max_value=1),
    st.sampled_from(["vip", "loyal", "regular", "new"]),
    st.lists(st.sampled_from(["churn", "public_escalation", "repeat_contact", "safety"]), unique=True),
    st.integers(min_value=-10_000, max_value=10_000),
)
def test_ranking_score_is_positive_and_monotone_in_its_factors(
    priority: str, intensity: float, tier: str, flags: list[str], minutes: int
) -> None:
    due = NOW + timedelta(minutes=minutes)
    severity = severity_for(priority, intensity)
    score = ranking_score(severity, tier, flags, due, NOW)
    assert score > 0
    assert ranking_score(severity * 1.5, tier, flags, due, NOW) >= score
    assert (
        ranking_score(severity, tier, [*flags, "safety"] if "safety" not in flags else flags, due, NOW)
        >= score
    )
    assert ranking_score(severity, "vip", flags, due, NOW) >= score
    assert ranking_score(severity, tier, flags, due, NOW + timedelta(minutes=30)) >= score


# --- lifecycle -------------------------------------------------------------------------------------------------


def test_allowed_transitions() -> None:
    first = item()
    ack = transition(first, "acknowledged", NOW + timedelta(minutes=5))
    assert ack.status == "acknowledged" and ack.acknowledged_at == NOW + timedelta(minutes=5)
    done = transition(ack, "resolved", NOW + timedelta(minutes=50))
    assert done.status == "resolved" and done.resolved_at == NOW + timedelta(minutes=50)
    assert transition(first, "resolved", NOW).status == "resolved"
    assert first.status == "open"  # transitions return copies


def test_same_status_is_a_no_op() -> None:
    first = item()
    assert transition(first, "open", NOW + timedelta(hours=1)) is first
    done = transition(first, "resolved", NOW)
    assert transition(done, "resolved", NOW + timedelta(hours=1)) is done


@pytest.mark.parametrize(
    ("start", "target"),
    [("resolved", "open"), ("resolved", "acknowledged"), ("acknowledged", "open"), ("open", "closed")],
)
def test_illegal_transitions_raise(start: str, target: str) -> None:
    current = item()
    if start == "acknowledged":
        current = transition(current, "acknowledged", NOW)
    elif start == "resolved":
        current = transition(current, "resolved", NOW)
    with pytest.raises(IllegalTransition):
        transition(current, target, NOW)


def test_item_round_trips_through_json() -> None:
    merged = attach(
        item(risk_flags=("safety",)),
        complaint("还没到", event_id="e2", actions=({"type": "recovery", "rule": "r"},)),
        "vip",
        NOW + timedelta(hours=1),
    )
    acknowledged = transition(merged, "acknowledged", NOW + timedelta(hours=2))
    data = json.loads(json.dumps(acknowledged.to_dict()))
    assert data["sla_due_at"].endswith("+00:00")
    for key in (
        "item_id",
        "customer_id",
        "tier",
        "channel",
        "status",
        "priority",
        "score",
        "count",
        "first_text",
        "last_text",
        "emotion",
        "risk_flags",
        "sla_due_at",
        "actions",
    ):
        assert key in data
    assert TriageItem.from_dict(data) == acknowledged
