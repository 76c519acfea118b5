from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.actions import ACTION_KEYS, build_action
from engine.escalation import escalate, raise_priority
from engine.matching import MatchContext, conditions_hold, select_rules
from engine.policy import (
    DEFAULT_POLICY_PATH,
    Conditions,
    EscalationSettings,
    PolicyError,
    PolicyStore,
    ResponsePolicy,
    load_policy,
    parse_policy,
)
from engine.templates import SAMPLE_CONTEXT, TemplateError, check_template, render


def ctx(**overrides: Any) -> MatchContext:
    base: dict[str, Any] = {
        "emotion": "neutral",
        "sentiment": "neutral",
        "intensity": 0.5,
        "score": 0.0,
        "tier": "regular",
        "channel": "chat",
    }
    return MatchContext(**{**base, **overrides})


def minimal(**extra: Any) -> dict[str, Any]:
    rule = {"id": "r1", "then": {"type": "none", "action": "nothing", "reason": "because"}}
    return {"rules": [rule], **extra}


def write(path: Path, data: Any) -> None:
    path.write_text(
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )


# --- the shipped policy ----------------------------------------------------------------------------------------


def test_shipped_default_policy_validates(policy: ResponsePolicy) -> None:
    assert load_policy(DEFAULT_POLICY_PATH) == policy
    ids = [rule.id for rule in policy.rules]
    for expected in (
        "praise-vip",
        "praise-new",
        "gratitude-thanks",
        "anger-recovery",
        "disappointment-recovery",
        "anxiety-reassure",
        "escalate-public",
        "escalate-safety",
    ):
        assert expected in ids
    assert policy.fallback is not None and policy.fallback.then.type == "none"
    assert policy.budget.daily_cap > 0 and 0 < policy.budget.reward_decay < 1


def test_every_shipped_rule_renders_a_reason(policy: ResponsePolicy) -> None:
    for rule in [*policy.rules, policy.fallback]:
        assert rule is not None
        action = build_action(rule, ctx(emotion="anger", tier="vip", risk_flags=("safety",)), policy)
        assert tuple(action.to_dict()) == ACTION_KEYS
        assert action.rule == rule.id and action.reason and "{" not in action.reason + action.action


def test_praise_is_rewarded_by_tier(policy: ResponsePolicy) -> None:
    rewards = {}
    for tier in ("vip", "loyal", "regular", "new"):
        fired = select_rules(policy, ctx(emotion="joy", sentiment="positive", tier=tier))
        assert len(fired) == 1 and fired[0].then.type == "reward"
        rewards[tier] = fired[0].then.cost
    assert rewards["vip"] > rewards["loyal"] > rewards["regular"] > rewards["new"] > 0
    vip = select_rules(policy, ctx(emotion="joy", sentiment="positive", tier="vip"))[0]
    assert "personal" in vip.then.action


@pytest.mark.parametrize(
    ("context", "rule_ids"),
    [
        ({"emotion": "gratitude", "sentiment": "positive"}, ["gratitude-thanks"]),
        ({"emotion": "anxiety", "sentiment": "negative"}, ["anxiety-reassure"]),
        ({"emotion": "disappointment", "sentiment": "negative"}, ["disappointment-recovery"]),
        ({"emotion": "anger", "sentiment": "negative"}, ["anger-recovery"]),
        (
            {"emotion": "anger", "sentiment": "negative", "intensity": 0.9},
            ["anger-recovery", "escalate-intense"],
        ),
        (
            {"emotion": "anger", "sentiment": "negative", "tier": "vip"},
            ["anger-recovery-vip", "escalate-top-tier"],
        ),
        (
            {"emotion": "anger", "sentiment": "negative", "risk_flags": ("public_escalation",)},
            ["anger-recovery", "escalate-public"],
        ),
        ({"emotion": "neutral", "sentiment": "neutral"}, ["no-action"]),
        ({"emotion": "neutral", "sentiment": "positive"}, ["praise-mild"]),
    ],
)
def test_default_rules_fire_as_documented(
    policy: ResponsePolicy, context: dict[str, Any], rule_ids: list[str]
) -> None:
    assert [rule.id for rule in select_rules(policy, ctx(**context))] == rule_ids


# --- matching semantics ----------------------------------------------------------------------------------------


def test_conditions_are_all_of_with_any_of_lists() -> None:
    when = Conditions(emotions=["anger", "anxiety"], tiers=["vip"], min_intensity=0.5, max_intensity=0.9)
    assert conditions_hold(when, ctx(emotion="anxiety", tier="vip", intensity=0.5))
    assert not conditions_hold(when, ctx(emotion="anxiety", tier="vip", intensity=0.9))  # max is exclusive
    assert not conditions_hold(when, ctx(emotion="joy", tier="vip", intensity=0.6))
    assert not conditions_hold(when, ctx(emotion="anger", tier="loyal", intensity=0.6))
    assert conditions_hold(Conditions(), ctx())


def test_history_risk_and_order_conditions() -> None:
    assert conditions_hold(Conditions(min_open_complaints=1), ctx(open_complaints=2))
    assert not conditions_hold(Conditions(max_open_complaints=0), ctx(open_complaints=1))
    assert conditions_hold(Conditions(risk_flags=["churn", "safety"]), ctx(risk_flags=("safety",)))
    assert not conditions_hold(Conditions(exclude_risk_flags=["safety"]), ctx(risk_flags=("safety",)))
    assert conditions_hold(Conditions(repeat=True), ctx(repeat=True))
    assert not conditions_hold(Conditions(min_order_value=100), ctx(order_value=None))
    assert conditions_hold(
        Conditions(trends=["worsening"], channels=["social"]), ctx(trend="worsening", channel="social")
    )


def test_only_first_match_per_group_and_fallback_only_when_nothing_fires() -> None:
    then = {"type": "none", "action": "x", "reason": "y"}
    policy = parse_policy(
        {
            "rules": [
                {"id": "a", "group": "g", "when": {"emotions": ["joy"]}, "then": then},
                {"id": "b", "group": "g", "then": then},
                {"id": "c", "then": then, "when": {"tiers": ["vip"]}},
            ],
            "fallback": {"id": "f", "then": then},
        }
    )
    assert [r.id for r in select_rules(policy, ctx(emotion="joy"))] == ["a"]
    assert [r.id for r in select_rules(policy, ctx(emotion="anger", tier="vip"))] == ["b", "c"]
    no_group = parse_policy(
        {
            "rules": [{"id": "a", "when": {"tiers": ["vip"]}, "then": then}],
            "fallback": {"id": "f", "then": then},
        }
    )
    assert [r.id for r in select_rules(no_group, ctx())] == ["f"]


@pytest.mark.parametrize(
    ("template", "message"), [("{}", "positional"), ("{0}", "positional"), ("{nope}", "nope")]
)
def test_template_checks(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        check_template(template)


def test_reason_templates_render_with_context() -> None:
    text = render(
        "{tier_label} customer {mood} (intensity {intensity:.2f}) on {channel}; {risk_flags}",
        ctx(
            tier="vip", emotion="anger", intensity=0.82, channel="social", risk_flags=("public_escalation",)
        ).template_values(currency="CNY", rule="r"),
    )
    assert text == "VIP customer angry (intensity 0.82) on social; public_escalation"
    assert set(SAMPLE_CONTEXT) >= {"tier", "emotion", "intensity", "channel", "risk_flags"}


# --- escalation ------------------------------------------------------------------------------------------------


def test_priority_arithmetic_clamps() -> None:
    assert raise_priority("P4", 1) == "P3"
    assert raise_priority("P2", 5) == "P1"
    assert raise_priority("P3", -4) == "P4"


def test_escalation_rises_with_tier_channel_risk_and_intensity() -> None:
    settings = EscalationSettings()
    calm = escalate("P3", 480, ctx(tier="regular"), settings)
    assert calm.priority == "P3" and calm.sla_minutes == 480 and calm.notes == ()
    vip = escalate("P3", 480, ctx(tier="vip"), settings)
    assert vip.priority == "P2" and vip.sla_minutes == 120
    public = escalate("P4", None, ctx(channel="social", risk_flags=("public_escalation",)), settings)
    assert public.priority == "P2" and public.sla_minutes == 120
    assert any("social" in note for note in public.notes)
    everything = escalate(
        "P4",
        1440,
        ctx(
            tier="vip",
            channel="social",
            intensity=0.95,
            repeat=True,
            risk_flags=("safety",),
            order_value=5000,
        ),
        settings,
    )
    assert everything.priority == "P1" and everything.steps == settings.max_bump == 3


def test_rewards_are_not_escalated(policy: ResponsePolicy) -> None:
    rule = policy.rule("praise-vip")
    action = build_action(
        rule, ctx(emotion="joy", sentiment="positive", tier="vip", channel="social"), policy
    )
    assert action.priority == rule.then.priority


def test_escalated_reason_says_why(policy: ResponsePolicy) -> None:
    action = build_action(
        policy.rule("anger-recovery"),
        ctx(emotion="anger", channel="social", intensity=0.82, risk_flags=("public_escalation",)),
        policy,
    )
    assert action.priority == "P1"
    assert "social channel +1" in action.reason and "public_escalation risk +1" in action.reason
    assert action.reason.startswith("Regular customer angry (intensity 0.82) on social")


# --- validation errors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": []}, "rules"),
        (minimal(fallback={"id": "r1", "then": {"type": "none", "action": "a", "reason": "b"}}), "unique"),
        (
            {
                "rules": [
                    {
                        "id": "r",
                        "when": {"emotion": ["joy"]},
                        "then": {"type": "none", "action": "a", "reason": "b"},
                    }
                ]
            },
            "emotion",
        ),
        (
            {
                "rules": [
                    {
                        "id": "r",
                        "when": {"emotions": ["happy"]},
                        "then": {"type": "none", "action": "a", "reason": "b"},
                    }
                ]
            },
            "emotions",
        ),
        ({"rules": [{"id": "r", "then": {"type": "gift", "action": "a", "reason": "b"}}]}, "type"),
        (
            {
                "rules": [
                    {"id": "r", "then": {"type": "none", "action": "a", "reason": "b", "priority": "P0"}}
                ]
            },
            "priority",
        ),
        (
            {"rules": [{"id": "r", "then": {"type": "none", "action": "a", "reason": "b", "cost": -1}}]},
            "cost",
        ),
        (
            {"rules": [{"id": "r", "then": {"type": "none", "action": "a", "reason": "{customer_name}"}}]},
            "customer_name",
        ),
        (
            {"rules": [{"id": "r", "then": {"type": "none", "action": "a", "reason": "{intensity:.2q}"}}]},
            "render",
        ),
        (
            {
                "rules": [
                    {
                        "id": "r",
                        "when": {"min_intensity": 0.8, "max_intensity": 0.5},
                        "then": {"type": "none", "action": "a", "reason": "b"},
                    }
                ]
            },
            "min_intensity",
        ),
        (minimal(budget={"reward_decay": 1.5}), "reward_decay"),
        (
            minimal(budget={"when_blocked": {"type": "reward", "action": "a", "reason": "b", "cost": 5}}),
            "when_blocked",
        ),
        (minimal(escalation={"tier_bumps": {"vip": -1}}), "bumps"),
        (minimal(surprise=True), "surprise"),
        ([1, 2], "mapping"),
    ],
)
def test_invalid_policies_raise_clear_errors(data: Any, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policy(data)


def test_load_policy_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    write(broken, "rules: [unclosed\n")
    with pytest.raises(PolicyError, match=r"broken\.yaml: invalid YAML"):
        load_policy(broken)


# --- PolicyStore -----------------------------------------------------------------------------------------------


def _bump_mtime(path: Path, seconds: int) -> None:
    # Filesystems with coarse timestamps may not see two quick writes as different; make the change explicit.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def test_policy_store_reloads_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, minimal(name="first"))
    store = PolicyStore(path)
    assert store.get().name == "first"
    digest = store.digest
    write(path, minimal(name="second"))
    _bump_mtime(path, 1)
    assert store.get().name == "second"
    assert store.digest != digest and store.last_error is None


def test_policy_store_keeps_the_last_good_policy_on_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, minimal(name="good"))
    store = PolicyStore(path)
    write(path, "rules: [oops")
    _bump_mtime(path, 1)
    assert store.get().name == "good"
    assert store.last_error is not None and "invalid YAML" in store.last_error
    with pytest.raises(PolicyError):
        store.reload()
    assert store.get().name == "good"
    write(path, minimal(name="fixed"))
    _bump_mtime(path, 2)
    assert store.get().name == "fixed" and store.last_error is None


def test_policy_store_survives_the_file_disappearing(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, minimal(name="good"))
    store = PolicyStore(path)
    path.unlink()
    assert store.get().name == "good"
    assert store.last_error is not None


def test_policy_store_refuses_to_start_on_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, {"rules": [{"id": "x"}]})
    with pytest.raises(PolicyError, match="then"):
        PolicyStore(path)


def test_policy_store_reload_on_demand(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    write(path, minimal(name="one"))
    store = PolicyStore(path)
    write(path, minimal(name="two"))
    assert store.reload().name == "two"
    assert store.path == path
