from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.ledger import RewardRecord
from engine.state import (
    CHANNELS,
    CustomerState,
    close_complaint,
    record_actions,
    update_state,
    with_tier,
)
from models.analysis import EMOTIONS, Analysis

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
H = 72.0
MakeAnalysis = Callable[..., Analysis]


def test_new_state_is_neutral_and_empty() -> None:
    state = CustomerState.new("c1")
    assert state.tier == "new"
    assert state.emotion == "neutral" and state.emotions["neutral"] == 1.0
    assert state.sentiment_score == 0.0 and state.trend == "stable"
    assert state.event_count == 0 and state.last_event_at is None
    with pytest.raises(ValueError):
        CustomerState.new("c1", tier="gold")


def test_first_event_is_taken_as_is(make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis("anger", score=-0.9)
    state = update_state(CustomerState.new("c1"), analysis, "chat", NOW, H)
    assert state.emotion == "anger"
    assert state.sentiment_score == pytest.approx(-0.9)
    assert state.emotions == pytest.approx(analysis.emotions)
    assert state.last_event_at == NOW and state.event_count == 1
    assert state.channels["chat"].events == 1 and state.channels["chat"].emotion == "anger"


def test_an_event_one_half_life_old_weighs_half(make_analysis: MakeAnalysis) -> None:
    state = update_state(CustomerState.new("c1"), make_analysis("anger", score=-1.0), "chat", NOW, H)
    state = update_state(state, make_analysis("joy", score=1.0), "review", NOW + timedelta(hours=H), H)
    # (0.5 × -1 + 1 × 1) / 1.5
    assert state.sentiment_score == pytest.approx(1 / 3)
    assert state.emotion == "joy"


def test_old_anger_fades_when_new_praise_arrives_much_later(make_analysis: MakeAnalysis) -> None:
    state = update_state(CustomerState.new("c1"), make_analysis("anger", score=-1.0), "chat", NOW, H)
    praise = make_analysis("joy", score=1.0)
    state = update_state(state, praise, "chat", NOW + timedelta(days=60), H)
    assert state.sentiment_score > 0.99
    assert state.emotions == pytest.approx(praise.emotions, abs=1e-3)


def test_channels_are_tracked_separately(make_analysis: MakeAnalysis) -> None:
    state = CustomerState.new("c1")
    state = update_state(state, make_analysis("anger"), "social", NOW, H)
    state = update_state(state, make_analysis("joy"), "review", NOW + timedelta(minutes=5), H)
    assert state.channels["social"].emotion == "anger"
    assert state.channels["review"].emotion == "joy"
    assert sum(ch.events for ch in state.channels.values()) == state.event_count == 2


def test_trend_needs_time_and_follows_direction(make_analysis: MakeAnalysis) -> None:
    start = update_state(CustomerState.new("c1"), make_analysis("anger", score=-0.8), "chat", NOW, H)
    assert start.trend == "stable"
    better = update_state(start, make_analysis("joy", score=0.8), "chat", NOW + timedelta(hours=24), H)
    assert better.trend == "improving"
    worse_start = update_state(CustomerState.new("c2"), make_analysis("joy", score=0.8), "chat", NOW, H)
    worse = update_state(
        worse_start, make_analysis("anger", score=-0.8), "chat", NOW + timedelta(hours=24), H
    )
    assert worse.trend == "worsening"


def test_late_event_does_not_move_the_clock_back(make_analysis: MakeAnalysis) -> None:
    state = update_state(CustomerState.new("c1"), make_analysis("joy"), "chat", NOW, H, event_id="new")
    late = update_state(state, make_analysis("anger"), "chat", NOW - timedelta(days=30), H, event_id="old")
    assert late.last_event_at == NOW
    assert late.last_event is not None and late.last_event["event_id"] == "new"
    assert late.channels["chat"].last_event_at == NOW
    assert late.emotion == "joy"  # a month-old complaint barely counts


def test_update_does_not_mutate_its_input(make_analysis: MakeAnalysis) -> None:
    state = update_state(CustomerState.new("c1"), make_analysis("joy"), "chat", NOW, H)
    before = json.dumps(state.to_dict(), sort_keys=True)
    update_state(state, make_analysis("anger"), "social", NOW + timedelta(hours=1), H)
    assert json.dumps(state.to_dict(), sort_keys=True) == before


def test_invalid_arguments_are_rejected(make_analysis: MakeAnalysis) -> None:
    with pytest.raises(ValueError):
        update_state(CustomerState.new("c1"), make_analysis("joy"), "fax", NOW, H)
    with pytest.raises(ValueError):
        update_state(CustomerState.new("c1"), make_analysis("joy"), "chat", NOW, 0)


def test_nan_from_a_model_does_not_poison_the_state(make_analysis: MakeAnalysis) -> None:
    bad = make_analysis("anger", score=float("nan"), extra={"anger": float("nan")})
    state = update_state(CustomerState.new("c1"), bad, "chat", NOW, H)
    assert not math.isnan(state.sentiment_score)
    assert all(not math.isnan(v) for v in state.emotions.values())


def test_naive_datetimes_are_read_as_utc(make_analysis: MakeAnalysis) -> None:
    state = update_state(CustomerState.new("c1"), make_analysis("joy"), "chat", NOW.replace(tzinfo=None), H)
    assert state.last_event_at == NOW


def test_json_round_trip_with_rewards_and_actions(make_analysis: MakeAnalysis) -> None:
    state = with_tier(CustomerState.new("c1"), "vip")
    state = update_state(state, make_analysis("joy"), "review", NOW, H, event_id="e1")
    state = update_state(state, make_analysis("anxiety"), "chat", NOW + timedelta(hours=3), H, event_id="e2")
    state = record_actions(state, [{"type": "reward", "cost": 5.0, "rule": "r"}], NOW, event_id="e2")
    state.rewards = [RewardRecord(NOW, 5.0, "r")]
    state.open_complaints = 2
    encoded = json.loads(json.dumps(state.to_dict()))
    assert encoded["last_event_at"] == "2025-06-01T15:00:00+00:00"
    restored = CustomerState.from_dict(encoded)
    assert restored == state
    public = state.to_public_dict()
    for key in (
        "customer_id",
        "tier",
        "emotion",
        "sentiment_score",
        "trend",
        "channels",
        "open_complaints",
        "recent_actions",
        "last_event_at",
    ):
        assert key in public
    assert "decay" not in public and "weight" not in public["channels"]["chat"]


def test_record_actions_keeps_the_last_n_and_skips_none() -> None:
    state = CustomerState.new("c1")
    actions = [{"type": "reward", "rule": f"r{i}"} for i in range(30)] + [{"type": "none", "rule": "x"}]
    state = record_actions(state, actions, NOW, event_id="e", limit=20)
    assert len(state.recent_actions) == 20
    assert state.recent_actions[-1]["rule"] == "r29"
    assert state.recent_actions[0]["at"] == "2025-06-01T12:00:00+00:00"


def test_close_complaint_never_goes_negative() -> None:
    state = CustomerState.new("c1")
    state.open_complaints = 1
    assert close_complaint(close_complaint(state)).open_complaints == 0


# --- properties of the state arithmetic ----------------------------------------------------------------------

probability = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
events = st.lists(
    st.tuples(
        st.sampled_from(EMOTIONS),
        st.floats(min_value=-1.0, max_value=1.0, allow_nan=False),
        st.integers(min_value=-2_000, max_value=2_000),  # minutes around NOW
        st.sampled_from(CHANNELS),
        probability,
    ),
    min_size=1,
    max_size=12,
)


def _apply(
    make_analysis: MakeAnalysis, state: CustomerState, sequence: list[tuple[str, float, int, str, float]]
) -> CustomerState:
    for emotion, score, minutes, channel, top in sequence:
        analysis = make_analysis(emotion, score=score, top=max(top, 0.2))
        state = update_state(state, analysis, channel, NOW + timedelta(minutes=minutes), H)
    return state


@given(events)
def test_state_stays_in_range(
    make_analysis: MakeAnalysis, sequence: list[tuple[str, float, int, str, float]]
) -> None:
    state = _apply(make_analysis, CustomerState.new("c1"), sequence)
    assert -1.0 <= state.sentiment_score <= 1.0
    assert all(0.0 <= p <= 1.0 for p in state.emotions.values())
    assert set(state.emotions) == set(EMOTIONS)
    assert state.emotion == max(EMOTIONS, key=lambda e: (state.emotions[e], -EMOTIONS.index(e)))
    assert state.event_count == len(sequence) == sum(ch.events for ch in state.channels.values())
    assert state.last_event_at == max(NOW + timedelta(minutes=m) for _, _, m, _, _ in sequence)
    assert state.trend in ("improving", "worsening", "stable")


@settings(max_examples=60)
@given(events, st.randoms(use_true_random=False))
def test_arrival_order_does_not_matter(
    make_analysis: MakeAnalysis, sequence: list[tuple[str, float, int, str, float]], rnd: random.Random
) -> None:
    shuffled = list(sequence)
    rnd.shuffle(shuffled)
    a = _apply(make_analysis, CustomerState.new("c1"), sequence)
    b = _apply(make_analysis, CustomerState.new("c1"), shuffled)
    assert a.sentiment_score == pytest.approx(b.sentiment_score, abs=1e-9)
    assert a.fast_score == pytest.approx(b.fast_score, abs=1e-9)
    for emotion in EMOTIONS:
        assert a.emotions[emotion] == pytest.approx(b.emotions[emotion], abs=1e-9)
    assert a.last_event_at == b.last_event_at
    for name, channel in a.channels.items():
        assert channel.sentiment_score == pytest.approx(b.channels[name].sentiment_score, abs=1e-9)


@given(
    st.sampled_from(EMOTIONS),
    st.floats(min_value=-1.0, max_value=1.0, allow_nan=False),
    st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=8),
)
def test_repeating_one_reading_converges_to_it(
    make_analysis: MakeAnalysis, emotion: str, score: float, minutes: list[int]
) -> None:
    analysis = make_analysis(emotion, score=score)
    state = CustomerState.new("c1")
    for m in minutes:
        state = update_state(state, analysis, "chat", NOW + timedelta(minutes=m), H)
    assert state.sentiment_score == pytest.approx(score, abs=1e-9)
    assert state.emotion == emotion


@given(
    st.floats(min_value=-1.0, max_value=1.0, allow_nan=False),
    st.floats(min_value=-1.0, max_value=1.0, allow_nan=False),
    st.floats(min_value=0.0, max_value=2_000.0, allow_nan=False),
)
def test_decayed_score_lies_between_the_readings_and_leans_to_the_newer(
    make_analysis: MakeAnalysis, old: float, new: float, gap_hours: float
) -> None:
    state = update_state(CustomerState.new("c1"), make_analysis("neutral", score=old), "chat", NOW, H)
    state = update_state(
        state, make_analysis("neutral", score=new), "chat", NOW + timedelta(hours=gap_hours), H
    )
    low, high = min(old, new), max(old, new)
    assert low - 1e-12 <= state.sentiment_score <= high + 1e-12
    assert abs(state.sentiment_score - new) <= abs(state.sentiment_score - old) + 1e-12


@given(events)
def test_round_trip_is_lossless(
    make_analysis: MakeAnalysis, sequence: list[tuple[str, float, int, str, float]]
) -> None:
    state = _apply(make_analysis, CustomerState.new("c1"), sequence)
    assert CustomerState.from_dict(json.loads(json.dumps(state.to_dict()))) == state
