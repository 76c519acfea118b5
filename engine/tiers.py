"""Loyalty tiers: given by the CRM, or derived from total spend, order count and recency.

Derivation, in order (thresholds are `TierThresholds`, editable in the policy's `tiers:` section):
1. vip    — total spend ≥ `vip_min_spend` or orders ≥ `vip_min_orders`;
2. loyal  — total spend ≥ `loyal_min_spend` or orders ≥ `loyal_min_orders`;
3. new    — orders ≤ `new_max_orders` (a first-time or not-yet customer, including unknown order count);
4. regular — everyone else.
Then recency: a customer whose last order is more than `inactive_days` old drops one level (vip → loyal,
loyal → regular). Regular and new do not drop: "new" means little history, not little recent activity, and a
lapsed regular is still a regular. An unknown last order date never demotes: we do not punish missing CRM data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from engine.clock import as_utc

Tier = Literal["vip", "loyal", "regular", "new"]
TIERS: tuple[str, ...] = get_args(Tier)  # highest first

# Relative customer value used by triage ranking (severity × customer value × urgency). A VIP complaint weighs
# three regular ones; "new" sits slightly under regular: less lifetime value, but first impressions still count.
TIER_VALUE: dict[str, float] = {"vip": 3.0, "loyal": 2.0, "regular": 1.0, "new": 0.8}

TIER_LABEL: dict[str, str] = {"vip": "VIP", "loyal": "Loyal", "regular": "Regular", "new": "New"}

_DEMOTION: dict[str, str] = {"vip": "loyal", "loyal": "regular", "regular": "regular", "new": "new"}


class TierThresholds(BaseModel):
    """Where the tier boundaries lie. Spend is in the shop's currency (CNY by default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vip_min_spend: float = Field(default=20_000.0, ge=0)
    vip_min_orders: int = Field(default=50, ge=0)
    loyal_min_spend: float = Field(default=3_000.0, ge=0)
    loyal_min_orders: int = Field(default=10, ge=0)
    new_max_orders: int = Field(default=1, ge=0)
    inactive_days: float = Field(default=365.0, gt=0)


def is_tier(value: object) -> bool:
    """Whether `value` names a tier."""
    return isinstance(value, str) and value in TIERS


def derive_tier(
    total_spend: float | None,
    order_count: int | None,
    last_order_at: datetime | None,
    now: datetime,
    thresholds: TierThresholds | None = None,
) -> str:
    """The loyalty tier for the given CRM figures (missing figures count as zero / unknown); see module doc."""
    limits = thresholds or TierThresholds()
    spend = max(0.0, float(total_spend or 0.0))
    orders = max(0, int(order_count or 0))
    if spend >= limits.vip_min_spend or orders >= limits.vip_min_orders:
        tier = "vip"
    elif spend >= limits.loyal_min_spend or orders >= limits.loyal_min_orders:
        tier = "loyal"
    elif orders <= limits.new_max_orders:
        tier = "new"
    else:
        tier = "regular"
    if last_order_at is not None:
        idle_days = (as_utc(now) - as_utc(last_order_at)).total_seconds() / 86_400.0
        if idle_days > limits.inactive_days:
            tier = _DEMOTION[tier]
    return tier
