"""The response policy: a YAML file that CX managers edit, validated by a pydantic schema, reloaded on change.

A policy is a list of rules. Each rule has `when` conditions (all given conditions must hold; a list condition
holds when the value is any of its items) and a `then` action template. Rules are read top to bottom and every
matching rule fires, except that within one `group` only the first matching rule fires (so "praise-vip" placed
before "praise-regular" in group "praise" gives a VIP one thank-you, not two). When no rule fires, the optional
`fallback` rule does. Around the rules sit the economics (`budget`), the priority `escalation` settings, the
`triage` settings, the `ad_tone` mapping and the loyalty `tiers` thresholds. See `default_policy.yaml`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Any, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from engine.templates import TemplateError, check_template
from engine.tiers import Tier, TierThresholds

log = logging.getLogger(__name__)

DEFAULT_POLICY_PATH = Path(__file__).resolve().with_name("default_policy.yaml")

ActionType = Literal["reward", "recovery", "reassure", "none"]
Priority = Literal["P1", "P2", "P3", "P4"]
PRIORITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")  # most urgent first
Emotion = Literal["joy", "gratitude", "anger", "anxiety", "disappointment", "neutral"]
SentimentName = Literal["positive", "neutral", "negative"]
Channel = Literal["review", "social", "chat", "ticket", "survey", "other"]
RiskFlag = Literal["churn", "public_escalation", "repeat_contact", "safety"]
Trend = Literal["improving", "worsening", "stable"]
AdToneName = Literal["upbeat", "reassuring", "empathetic", "suppress", "standard"]


class PolicyError(Exception):
    """The policy file is missing, is not valid YAML, or does not match the schema."""


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt `min_intensty` must not silently match everything.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Conditions(_Strict):
    """When a rule applies. Omitted conditions always hold; list conditions are any-of."""

    emotions: list[Emotion] | None = None
    sentiments: list[SentimentName] | None = None
    min_intensity: float | None = Field(default=None, ge=0, le=1, description="inclusive")
    max_intensity: float | None = Field(default=None, ge=0, le=1, description="exclusive")
    min_score: float | None = Field(default=None, ge=-1, le=1, description="inclusive")
    max_score: float | None = Field(default=None, ge=-1, le=1, description="exclusive")
    tiers: list[Tier] | None = None
    channels: list[Channel] | None = None
    min_open_complaints: int | None = Field(default=None, ge=0, description="before this event")
    max_open_complaints: int | None = Field(default=None, ge=0, description="before this event, inclusive")
    risk_flags: list[RiskFlag] | None = Field(default=None, description="any of these flags")
    exclude_risk_flags: list[RiskFlag] | None = Field(default=None, description="none of these flags")
    repeat: bool | None = Field(default=None, description="a repeated complaint (open item, or says so)")
    trends: list[Trend] | None = None
    min_order_value: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        for low, high in (("min_intensity", "max_intensity"), ("min_score", "max_score")):
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo >= hi:
                raise ValueError(f"{low} ({lo}) must be below {high} ({hi})")
        lo_c, hi_c = self.min_open_complaints, self.max_open_complaints
        if lo_c is not None and hi_c is not None and lo_c > hi_c:
            raise ValueError(f"min_open_complaints ({lo_c}) exceeds max_open_complaints ({hi_c})")
        return self


class ActionTemplate(_Strict):
    """What a rule recommends. `action` and `reason` may use template fields such as {tier_label}."""

    type: ActionType
    action: str = Field(min_length=1)
    priority: Priority = "P4"
    cost: float = Field(default=0.0, ge=0, description="estimated cost in the budget currency")
    expected_value: float = Field(default=0.0, ge=0, description="estimated value in the budget currency")
    sla_minutes: int | None = Field(default=None, ge=1)
    reason: str = Field(min_length=1)
    escalate: bool = Field(default=True, description="apply the escalation bumps (recovery/reassure only)")

    @field_validator("action", "reason")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            check_template(value)
        except TemplateError as exc:
            raise ValueError(str(exc)) from exc
        return value


class Rule(_Strict):
    """One policy rule: conditions and the action they produce."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)
    description: str = ""
    group: str | None = Field(default=None, description="only the first matching rule of a group fires")
    when: Conditions = Field(default_factory=Conditions)
    then: ActionTemplate


class BudgetSettings(_Strict):
    """Economics of paid rewards (type `reward` with a cost): diminishing returns and caps.

    The n-th paid reward to one customer within `window_days` is worth `expected_value × reward_decay^(n-1)`;
    a reward whose discounted value is below `cost × min_value_ratio` is skipped (emotional service must pay back),
    as is one that would pass the customer's or the day's cap. A skipped reward becomes `when_blocked`.
    Recovery compensation is not capped: an angry customer is not refused because praise used the budget.
    """

    currency: str = "CNY"
    daily_cap: float = Field(default=5_000.0, ge=0)
    per_customer_monthly_cap: float = Field(default=200.0, ge=0)
    window_days: float = Field(default=30.0, gt=0)
    reward_decay: float = Field(default=0.6, gt=0, le=1)
    min_value_ratio: float = Field(default=1.0, ge=0)
    day_utc_offset_hours: float = Field(
        default=8.0, ge=-12, le=14, description="where 'today' starts; 8 = China"
    )
    when_blocked: ActionTemplate = ActionTemplate(
        type="none",
        action="thank-you message only (no paid reward)",
        priority="P4",
        reason="{tier_label} customer {mood} (intensity {intensity:.2f}) on {channel}",
        escalate=False,
    )

    @field_validator("when_blocked")
    @classmethod
    def _blocked_is_free(cls, value: ActionTemplate) -> ActionTemplate:
        # The downgrade is what a refused reward becomes; if it cost money it would slip past the caps.
        if value.cost > 0:
            raise ValueError("when_blocked must not cost anything (cost: 0)")
        return value


class EscalationSettings(_Strict):
    """How far recovery and reassurance move up from the rule's priority (each step: one P level)."""

    applies_to: list[ActionType] = ["recovery", "reassure"]
    tier_bumps: dict[Tier, int] = {"vip": 1, "loyal": 1}
    channel_bumps: dict[Channel, int] = {"social": 1}
    repeat_complaint_bump: int = Field(default=1, ge=0)
    risk_flag_bumps: dict[RiskFlag, int] = {
        "safety": 2,
        "public_escalation": 1,
        "churn": 1,
        "repeat_contact": 0,
    }
    high_intensity: float = Field(default=0.8, ge=0, le=1)
    high_intensity_bump: int = Field(default=1, ge=0)
    high_order_value: float | None = Field(default=2_000.0, ge=0)
    high_order_value_bump: int = Field(default=1, ge=0)
    max_bump: int = Field(default=3, ge=0)
    sla_minutes_by_priority: dict[Priority, int] = {"P1": 30, "P2": 120, "P3": 480, "P4": 1440}

    @field_validator("tier_bumps", "channel_bumps", "risk_flag_bumps")
    @classmethod
    def _non_negative(cls, value: dict[str, int]) -> dict[str, int]:
        negative = {key: bump for key, bump in value.items() if bump < 0}
        if negative:
            raise ValueError(f"bumps must be >= 0: {negative}")
        return value


class TriageSettings(_Strict):
    """Which events open triage items and how follow-ups are folded into one item."""

    window_hours: float = Field(default=72.0, gt=0, description="follow-ups within this time attach")
    similarity_threshold: float = Field(default=0.3, ge=0, le=1)
    open_on_sentiments: list[SentimentName] = ["negative"]
    open_on_emotions: list[Emotion] = ["anger", "disappointment", "anxiety"]
    open_on_any_risk_flag: bool = True
    default_priority: Priority = "P3"


class AdToneSettings(_Strict):
    """The ad tone for each emotion of the decayed state; anger at or above the threshold always suppresses."""

    anger_suppress_threshold: float = Field(default=0.3, ge=0, le=1)
    tones: dict[Emotion, AdToneName] = {
        "joy": "upbeat",
        "gratitude": "upbeat",
        "anxiety": "reassuring",
        "disappointment": "empathetic",
        "anger": "suppress",
        "neutral": "standard",
    }


class ResponsePolicy(_Strict):
    """The whole policy file."""

    version: int = 1
    name: str = "policy"
    rules: list[Rule] = Field(min_length=1)
    fallback: Rule | None = None
    budget: BudgetSettings = Field(default_factory=BudgetSettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    triage: TriageSettings = Field(default_factory=TriageSettings)
    ad_tone: AdToneSettings = Field(default_factory=AdToneSettings)
    tiers: TierThresholds = Field(default_factory=TierThresholds)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        ids = [rule.id for rule in self.rules] + ([self.fallback.id] if self.fallback else [])
        duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if duplicates:
            raise ValueError(f"rule ids must be unique; repeated: {duplicates}")
        return self

    def rule(self, rule_id: str) -> Rule:
        """The rule (or fallback) with this id; KeyError if none."""
        for rule in [*self.rules, *([self.fallback] if self.fallback else [])]:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def parse_policy(data: Any, *, source: str = "<policy>") -> ResponsePolicy:
    """Validate an already-parsed YAML/JSON mapping; raise `PolicyError` naming every problem."""
    if not isinstance(data, dict):
        raise PolicyError(
            f"{source}: the policy must be a mapping at the top level, got {type(data).__name__}"
        )
    try:
        return ResponsePolicy.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '<root>'}: {error['msg']}"
            for error in exc.errors()
        )
        raise PolicyError(f"{source}: invalid policy: {problems}") from exc


def load_policy(path: str | os.PathLike[str] = DEFAULT_POLICY_PATH) -> ResponsePolicy:
    """Read and validate a policy YAML file; raise `PolicyError` if it is missing, not YAML, or invalid."""
    return _read_policy(Path(path))[0]


def parse_policy_text(text: str, *, source: str = "<policy>") -> ResponsePolicy:
    """Validate policy YAML text; raise `PolicyError` on bad YAML or schema."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source}: invalid YAML: {exc}") from exc
    return parse_policy(data, source=source)


def _read_policy(path: Path) -> tuple[ResponsePolicy, str]:
    # One read serves both the parse and the digest, so they always describe the same file contents.
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read policy: {exc}") from exc
    return parse_policy_text(text, source=str(path)), hashlib.sha256(raw).hexdigest()


_Stamp = tuple[int, int, int]


class PolicyStore:
    """The live policy: re-read when the file's mtime (or size) changes, last good version kept on errors.

    `get()` costs one `stat` call, so it is cheap enough for every request. The first load happens in the
    constructor and raises `PolicyError`: a service must not start without a valid policy. Later a broken edit
    only logs a warning and sets `last_error`; the previous policy stays in force until the file is fixed.
    """

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_POLICY_PATH) -> None:
        self._path = Path(path)
        self._lock = threading.Lock()
        self._stamp = self._stat()
        self._policy, self._digest = _read_policy(self._path)
        self.last_error: str | None = None

    @property
    def path(self) -> Path:
        """The policy file being watched."""
        return self._path

    @property
    def digest(self) -> str:
        """SHA-256 of the file behind the policy in force (to record which policy produced an action)."""
        return self._digest

    def get(self) -> ResponsePolicy:
        """The current policy, reloading first if the file changed since the last look."""
        stamp = self._stat()
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    try:
                        self._load(stamp)
                    except PolicyError as exc:
                        log.warning("policy reload failed, keeping the previous policy: %s", exc)
        return self._policy

    def reload(self) -> ResponsePolicy:
        """Re-read the file now. Raises `PolicyError` (and keeps the previous policy) if it is invalid."""
        with self._lock:
            self._load(self._stat())
        return self._policy

    def _load(self, stamp: _Stamp | None) -> None:
        # Remember the stamp even on failure, so a broken file is parsed once, not on every request.
        self._stamp = stamp
        try:
            policy, digest = _read_policy(self._path)
        except PolicyError as exc:
            self.last_error = str(exc)
            raise
        self._policy, self._digest = policy, digest
        self.last_error = None
        log.info("policy loaded from %s (%d rules)", self._path, len(policy.rules))

    def _stat(self) -> _Stamp | None:
        try:
            info = self._path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size, info.st_ino)
