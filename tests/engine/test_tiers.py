from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.tiers import TIER_VALUE, TIERS, TierThresholds, derive_tier, is_tier

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spend", "orders", "expected"),
    [
        (25_000, 3, "vip"),  # spend alone
        (100, 60, "vip"),  # orders alone
        (3_000, 2, "loyal"),
        (500, 10, "loyal"),
        (500, 4, "regular"),
        (80, 1, "new"),
        (0, 0, "new"),
        (None, None, "new"),  # nothing known from the CRM
        (5_000, 1, "loyal"),  # one big order is not "new"
    ],
)
def test_derive_tier_thresholds(spend: float | None, orders: int | None, expected: str) -> None:
    assert derive_tier(spend, orders, NOW - timedelta(days=10), NOW) == expected


def test_long_inactivity_drops_one_level_but_never_below_regular() -> None:
    long_ago = NOW - timedelta(days=400)
    assert derive_tier(25_000, 60, long_ago, NOW) == "loyal"
    assert derive_tier(3_500, 12, long_ago, NOW) == "regular"
    assert derive_tier(500, 5, long_ago, NOW) == "regular"
    assert derive_tier(50, 1, long_ago, NOW) == "new"


def test_unknown_last_order_date_does_not_demote() -> None:
    assert derive_tier(25_000, 60, None, NOW) == "vip"


def test_custom_thresholds() -> None:
    strict = TierThresholds(vip_min_spend=100_000, vip_min_orders=500, inactive_days=90)
    assert derive_tier(25_000, 60, NOW, NOW, strict) == "loyal"
    assert derive_tier(200_000, 1, NOW - timedelta(days=100), NOW, strict) == "loyal"


def test_tier_values_rank_vip_highest() -> None:
    assert set(TIER_VALUE) == set(TIERS)
    assert TIER_VALUE["vip"] > TIER_VALUE["loyal"] > TIER_VALUE["regular"] > TIER_VALUE["new"] > 0
    assert is_tier("vip") and not is_tier("gold")


@given(
    spend=st.floats(min_value=0, max_value=1e7, allow_nan=False),
    orders=st.integers(min_value=0, max_value=10_000),
    extra_spend=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    extra_orders=st.integers(min_value=0, max_value=1_000),
)
def test_more_spend_or_orders_never_lowers_the_tier(
    spend: float, orders: int, extra_spend: float, extra_orders: int
) -> None:
    rank = {tier: i for i, tier in enumerate(reversed(TIERS))}  # new=0 … vip=3
    before = derive_tier(spend, orders, NOW, NOW)
    after = derive_tier(spend + extra_spend, orders + extra_orders, NOW, NOW)
    # "new" and "regular" are both the bottom of the value ladder for this check: new→regular is a move up.
    assert rank[after] >= rank[before] or {before, after} == {"new", "regular"}
