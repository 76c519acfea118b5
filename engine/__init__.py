"""The response engine: pure domain logic from an `Analysis` to customer state, actions and triage changes.

Deterministic given `now`; no HTTP, SQL or model calls. The only I/O is reading the policy and lexicon YAML.
"""

from engine.actions import ACTION_KEYS, Action
from engine.ad_tone import AD_TONES, AdTone, ad_tone_for
from engine.economics import Spend, day_start
from engine.ledger import RewardRecord
from engine.policy import (
    DEFAULT_POLICY_PATH,
    PolicyError,
    PolicyStore,
    ResponsePolicy,
    Rule,
    load_policy,
    parse_policy,
)
from engine.respond import Event, Outcome, TriageChange, is_complaint, respond
from engine.risk import RISK_FLAGS, detect_risk_flags
from engine.state import (
    CHANNELS,
    ChannelState,
    CustomerState,
    close_complaint,
    record_actions,
    update_state,
    with_tier,
)
from engine.tiers import TIER_VALUE, TIERS, Tier, TierThresholds, derive_tier
from engine.triage import (
    IllegalTransition,
    TriageItem,
    find_duplicate,
    rank,
    ranking_score,
    text_similarity,
    transition,
)

__all__ = [
    "ACTION_KEYS",
    "AD_TONES",
    "CHANNELS",
    "DEFAULT_POLICY_PATH",
    "RISK_FLAGS",
    "TIERS",
    "TIER_VALUE",
    "Action",
    "AdTone",
    "ChannelState",
    "CustomerState",
    "Event",
    "IllegalTransition",
    "Outcome",
    "PolicyError",
    "PolicyStore",
    "ResponsePolicy",
    "RewardRecord",
    "Rule",
    "Spend",
    "Tier",
    "TierThresholds",
    "TriageChange",
    "TriageItem",
    "ad_tone_for",
    "close_complaint",
    "day_start",
    "derive_tier",
    "detect_risk_flags",
    "find_duplicate",
    "is_complaint",
    "load_policy",
    "parse_policy",
    "rank",
    "ranking_score",
    "record_actions",
    "respond",
    "text_similarity",
    "transition",
    "update_state",
    "with_tier",
]
