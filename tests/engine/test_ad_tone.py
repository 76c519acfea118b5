from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.ad_tone import AD_TONES, AdTone, ad_tone_for, current_emotions
from engine.policy import AdToneSettings
from engine.state import CustomerState, update_state
from models.analysis import EMOTIONS, Analysis

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
MakeAnalysis = Callable[..., Analysis]


def state_after(*analyses: Analysis, step_minutes: int = 10) -> CustomerState:
    state = CustomerState.new("c1")
    for i, analysis in enumerate(analyses):
        state = update_state(state, analysis, "chat", NOW + timedelta(minutes=i * step_minutes))
    return state


@pytest.mark.parametrize(
    ("emotion", "tone"),
    [
        ("joy", "upbeat"),
        ("gratitude", "upbeat"),
        ("anxiety", "reassuring"),
        ("disappointment", "empathetic"),
        ("anger", "suppress"),
        ("neutral", "standard"),
    ],
)
def test_tone_follows_the_emotion(make_analysis: MakeAnalysis, emotion: str, tone: str) -> None:
    result = ad_tone_for(state_after(make_analysis(emotion, top=0.8)))
    assert result.ad_tone == tone and result.emotion == emotion
    assert result.confidence == pytest.approx(0.8)


def test_unknown_customer_gets_standard_with_no_confidence() -> None:
    result = ad_tone_for(CustomerState.new("c1"), NOW)
    assert (result.ad_tone, result.emotion, result.confidence, result.as_of) == (
        "standard",
        "neutral",
        0.0,
        NOW,
    )


def test_anger_above_threshold_suppresses_even_when_not_on_top(make_analysis: MakeAnalysis) -> None:
    mixed = make_analysis("joy", top=0.5, extra={"anger": 0.35})
    result = ad_tone_for(state_after(mixed))
    assert result.ad_tone == "suppress" and result.emotion == "anger"
    lenient = ad_tone_for(state_after(mixed), settings=AdToneSettings(anger_suppress_threshold=0.6))
    assert lenient.ad_tone == "upbeat"


def test_tone_is_based_on_the_decayed_state_not_the_last_message(make_analysis: MakeAnalysis) -> None:
    # Three angry messages then one mildly happy one minutes later: still angry overall.
    state = state_after(*(make_analysis("anger", top=0.8) for _ in range(3)), make_analysis("joy", top=0.6))
    assert state.last_event is not None and state.last_event["emotion"] == "joy"
    assert ad_tone_for(state).ad_tone == "suppress"


def test_old_anger_fades_back_to_standard(make_analysis: MakeAnalysis) -> None:
    state = state_after(make_analysis("anger", top=0.9))
    assert ad_tone_for(state, NOW + timedelta(hours=1)).ad_tone == "suppress"
    later = ad_tone_for(state, NOW + timedelta(days=21))
    assert later.ad_tone == "standard" and later.as_of == NOW + timedelta(days=21)


def test_confidence_falls_with_age(make_analysis: MakeAnalysis) -> None:
    state = state_after(make_analysis("joy", top=0.9))
    fresh = ad_tone_for(state, NOW)
    aged = ad_tone_for(state, NOW + timedelta(hours=24))
    assert fresh.ad_tone == aged.ad_tone == "upbeat"
    assert aged.confidence < fresh.confidence


def test_ad_tone_round_trips_through_json(make_analysis: MakeAnalysis) -> None:
    tone = ad_tone_for(state_after(make_analysis("anxiety")), NOW)
    data = json.loads(json.dumps(tone.to_dict()))
    assert set(data) == {"customer_id", "ad_tone", "emotion", "confidence", "as_of"}
    assert data["as_of"] == "2025-06-01T12:00:00+00:00"
    assert AdTone.from_dict(data) == tone


@given(
    st.lists(
        st.tuples(st.sampled_from(EMOTIONS), st.floats(min_value=0.2, max_value=1.0)), min_size=1, max_size=6
    ),
    st.integers(min_value=0, max_value=24 * 90),
)
def test_tone_is_always_valid(
    make_analysis: MakeAnalysis, readings: list[tuple[str, float]], hours: int
) -> None:
    state = state_after(*(make_analysis(emotion, top=top) for emotion, top in readings))
    result = ad_tone_for(state, NOW + timedelta(hours=hours))
    assert result.ad_tone in AD_TONES and result.emotion in EMOTIONS
    assert 0.0 <= result.confidence <= 1.0
    blended = current_emotions(state, NOW + timedelta(hours=hours))
    assert all(0.0 <= p <= 1.0 + 1e-9 for p in blended.values())
    if result.ad_tone != "suppress":
        assert blended["anger"] < AdToneSettings().anger_suppress_threshold
