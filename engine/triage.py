"""The complaint triage queue: one item per problem, de-duplicated, ranked by severity × value × urgency.

States: open → acknowledged → resolved, and open → resolved directly. Resolved is final. Asking for the status
an item already has is a no-op (an idempotent PATCH: a retried request must not fail), not an error.

De-duplication: a complaint attaches to an active item of the same customer, updated within the window, when its
text is similar enough (character and bigram overlap, plus the item's accumulated signature), when both name the
same commerce aspect, or when the customer says it is a repeat (又, 第三次, 还是没人处理), in which case the most
similar active item is taken whatever its score.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from engine.clock import as_utc, hours_between, parse_iso, require_iso, to_iso
from engine.escalation import higher_priority
from engine.tiers import TIER_VALUE

TriageStatus = Literal["open", "acknowledged", "resolved"]
STATUSES: tuple[str, ...] = ("open", "acknowledged", "resolved")
_ALLOWED: dict[str, frozenset[str]] = {
    "open": frozenset({"acknowledged", "resolved"}),
    "acknowledged": frozenset({"resolved"}),
    "resolved": frozenset(),
}

# How bad a complaint is, by priority; intensity moves it within a quarter of the band.
PRIORITY_SEVERITY: dict[str, float] = {"P1": 1.0, "P2": 0.6, "P3": 0.35, "P4": 0.2}
# Extra weight per risk flag: the ranking multiplies by 1 + the sum for the item's flags.
RISK_WEIGHT: dict[str, float] = {"safety": 0.5, "public_escalation": 0.3, "churn": 0.2, "repeat_contact": 0.1}
# Characters too common to say what a complaint is about.
_STOP_CHARS = frozenset("的了吗呢啊吧呀哦哈嘛我你他她它们是在有也就都和与及还这那个么很太又再已经把被给让")
SIGNATURE_LIMIT = 512
ACTIONS_LIMIT = 20
EVENT_IDS_LIMIT = 100


class IllegalTransition(ValueError):
    """A status change the triage workflow does not allow (e.g. resolved → open)."""


@dataclass(slots=True)
class TriageItem:
    """One problem of one customer in the CX queue, with every message about it folded in (`count`)."""

    item_id: str
    customer_id: str
    tier: str
    channel: str
    status: str
    priority: str
    score: float
    count: int
    first_text: str
    last_text: str
    emotion: str
    risk_flags: list[str]
    opened_at: datetime
    updated_at: datetime
    sla_due_at: datetime | None
    actions: list[dict[str, Any]] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    aspects: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    severity: float = 0.0
    intensity: float = 0.0
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        """Open or acknowledged: still in the queue and a candidate for follow-ups."""
        return self.status != "resolved"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: the contract's fields plus the dedup signature and bookkeeping."""
        return {
            "item_id": self.item_id,
            "customer_id": self.customer_id,
            "tier": self.tier,
            "channel": self.channel,
            "status": self.status,
            "priority": self.priority,
            "score": self.score,
            "count": self.count,
            "first_text": self.first_text,
            "last_text": self.last_text,
            "emotion": self.emotion,
            "risk_flags": list(self.risk_flags),
            "opened_at": to_iso(self.opened_at),
            "updated_at": to_iso(self.updated_at),
            "sla_due_at": to_iso(self.sla_due_at),
            "actions": [dict(a) for a in self.actions],
            "signature": list(self.signature),
            "aspects": list(self.aspects),
            "channels": list(self.channels),
            "event_ids": list(self.event_ids),
            "severity": self.severity,
            "intensity": self.intensity,
            "acknowledged_at": to_iso(self.acknowledged_at),
            "resolved_at": to_iso(self.resolved_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TriageItem:
        """From `to_dict` output; bookkeeping keys may be missing."""
        return cls(
            item_id=str(data["item_id"]),
            customer_id=str(data["customer_id"]),
            tier=str(data["tier"]),
            channel=str(data["channel"]),
            status=str(data["status"]),
            priority=str(data["priority"]),
            score=float(data.get("score", 0.0)),
            count=int(data.get("count", 1)),
            first_text=str(data.get("first_text", "")),
            last_text=str(data.get("last_text", "")),
            emotion=str(data.get("emotion", "neutral")),
            risk_flags=list(data.get("risk_flags") or []),
            opened_at=require_iso(data["opened_at"]),
            updated_at=require_iso(data.get("updated_at") or data["opened_at"]),
            sla_due_at=parse_iso(data.get("sla_due_at")),
            actions=[dict(a) for a in data.get("actions") or []],
            signature=list(data.get("signature") or []),
            aspects=list(data.get("aspects") or []),
            channels=list(data.get("channels") or [data["channel"]]),
            event_ids=list(data.get("event_ids") or []),
            severity=float(data.get("severity", 0.0)),
            intensity=float(data.get("intensity", 0.0)),
            acknowledged_at=parse_iso(data.get("acknowledged_at")),
            resolved_at=parse_iso(data.get("resolved_at")),
        )


@dataclass(frozen=True, slots=True)
class Complaint:
    """What one complaining event contributes to a triage item."""

    text: str
    channel: str
    emotion: str
    intensity: float
    priority: str
    sla_minutes: int | None
    risk_flags: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    actions: tuple[dict[str, Any], ...] = ()
    event_id: str | None = None


# --- similarity ------------------------------------------------------------------------------------------------


def _content(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if ch.isalnum())


def _characters(text: str) -> set[str]:
    return {ch for ch in _content(text) if ch not in _STOP_CHARS}


def _bigrams(text: str) -> set[str]:
    content = _content(text)
    if len(content) < 2:
        return {content} if content else set()
    return {content[i : i + 2] for i in range(len(content) - 1)}


def text_similarity(a: str, b: str) -> float:
    """How alike two short texts are, in [0, 1]: the mean of the Dice overlap of their content characters
    (stop characters removed) and the overlap coefficient of their character bigrams. Symmetric; 1 for equal
    non-empty texts; 0 when either has no letters or digits.

    Characters carry most of the signal in short Chinese complaints (快递…没到 / 快递还是没到); bigrams reward
    shared phrases. The overlap coefficient lets a short follow-up match the long message it refers to.
    """
    chars_a, chars_b = _characters(a), _characters(b)
    grams_a, grams_b = _bigrams(a), _bigrams(b)
    if not grams_a or not grams_b:
        return 0.0
    dice = 2 * len(chars_a & chars_b) / (len(chars_a) + len(chars_b)) if chars_a and chars_b else 0.0
    overlap = len(grams_a & grams_b) / min(len(grams_a), len(grams_b))
    return min(1.0, 0.5 * dice + 0.5 * overlap)


def fingerprint(text: str, aspects: Iterable[str] = ()) -> list[str]:
    """The dedup signature of one text: its content characters and `#aspect` tags, sorted."""
    return sorted(_characters(text) | {f"#{aspect}" for aspect in aspects})


def item_similarity(item: TriageItem, text: str, aspects: Sequence[str] = ()) -> float:
    """How likely `text` is about `item`'s problem, in [0, 1]."""
    score = max(text_similarity(text, item.first_text), text_similarity(text, item.last_text))
    chars = _characters(text)
    if len(chars) >= 3 and item.signature:
        # Containment in the whole thread catches a follow-up that echoes an earlier message, not the last one.
        score = max(score, 0.8 * len(chars & set(item.signature)) / len(chars))
    if aspects and item.aspects:
        score = max(score, 0.6) if set(aspects) & set(item.aspects) else score * 0.5
    return min(1.0, score)


def find_duplicate(
    open_items: Iterable[TriageItem],
    customer_id: str,
    text: str,
    now: datetime,
    window_hours: float,
    threshold: float,
    *,
    aspects: Sequence[str] = (),
    repeat_contact: bool = False,
) -> TriageItem | None:
    """The active item of `customer_id` that `text` continues, or None (see the module doc for the rules).

    Items count as recent when updated within `window_hours` of `now` either way (clock skew and late events).
    Ties go to the most recently updated item.
    """
    best: tuple[float, datetime, TriageItem] | None = None
    for item in open_items:
        if item.customer_id != customer_id or not item.is_active:
            continue
        if abs(hours_between(item.updated_at, now)) > window_hours:
            continue
        similarity = item_similarity(item, text, aspects)
        if best is None or (similarity, item.updated_at) > (best[0], best[1]):
            best = (similarity, item.updated_at, item)
    if best is None:
        return None
    if best[0] >= threshold or repeat_contact:
        return best[2]
    return None


# --- ranking ---------------------------------------------------------------------------------------------------


def severity_for(priority: str, intensity: float) -> float:
    """Severity in (0, 1]: the priority's band, moved up to a quarter by the emotion's intensity."""
    return PRIORITY_SEVERITY.get(priority, PRIORITY_SEVERITY["P4"]) * (
        0.75 + 0.25 * max(0.0, min(1.0, intensity))
    )


def urgency(sla_due_at: datetime | None, now: datetime) -> float:
    """1 with no SLA; otherwise 1 + 1 / (1 + hours left): 2 at or past the deadline, 1.5 with one hour left.

    Bounded by 2 so that an overdue minor item does not outrank a fresh severe one.
    """
    if sla_due_at is None:
        return 1.0
    hours_left = max(0.0, hours_between(now, sla_due_at))
    return 1.0 + 1.0 / (1.0 + hours_left)


def ranking_score(
    severity: float, tier: str, risk_flags: Iterable[str], sla_due_at: datetime | None, now: datetime
) -> float:
    """severity × customer value (tier) × risk weight × urgency (SLA remaining). Higher is more pressing."""
    risk = 1.0 + sum(RISK_WEIGHT.get(flag, 0.0) for flag in set(risk_flags))
    return round(severity * TIER_VALUE.get(tier, 1.0) * risk * urgency(sla_due_at, now), 6)


def rescore(item: TriageItem, now: datetime) -> TriageItem:
    """A copy with `score` recomputed for `now` (urgency changes as the SLA approaches)."""
    return replace(item, score=ranking_score(item.severity, item.tier, item.risk_flags, item.sla_due_at, now))


def rank(items: Iterable[TriageItem], now: datetime) -> list[TriageItem]:
    """Items rescored for `now`, most pressing first; resolved items last; ties by age, then id."""
    rescored = [rescore(item, now) for item in items]
    return sorted(rescored, key=lambda i: (not i.is_active, -i.score, i.opened_at, i.item_id))


# --- lifecycle -------------------------------------------------------------------------------------------------


def transition(item: TriageItem, new_status: str, now: datetime) -> TriageItem:
    """A copy in `new_status`. Raises `IllegalTransition` for moves the workflow forbids; same status: no-op."""
    if new_status not in STATUSES:
        raise IllegalTransition(f"unknown status {new_status!r}; expected one of {STATUSES}")
    if new_status == item.status:
        return item
    if new_status not in _ALLOWED.get(item.status, frozenset()):
        raise IllegalTransition(f"cannot move triage item {item.item_id} from {item.status} to {new_status}")
    at = as_utc(now)
    changed = replace(item, status=new_status, updated_at=max(item.updated_at, at))
    if new_status == "acknowledged":
        changed.acknowledged_at = at
    else:
        changed.resolved_at = at
    return changed


def _due(now: datetime, sla_minutes: int | None) -> datetime | None:
    return None if sla_minutes is None else as_utc(now) + timedelta(minutes=sla_minutes)


def open_item(item_id: str, customer_id: str, tier: str, complaint: Complaint, now: datetime) -> TriageItem:
    """A new open item for a first complaint."""
    at = as_utc(now)
    severity = severity_for(complaint.priority, complaint.intensity)
    due = _due(at, complaint.sla_minutes)
    flags = sorted(set(complaint.risk_flags))
    return TriageItem(
        item_id=item_id,
        customer_id=customer_id,
        tier=tier,
        channel=complaint.channel,
        status="open",
        priority=complaint.priority,
        score=ranking_score(severity, tier, flags, due, at),
        count=1,
        first_text=complaint.text,
        last_text=complaint.text,
        emotion=complaint.emotion,
        risk_flags=flags,
        opened_at=at,
        updated_at=at,
        sla_due_at=due,
        actions=[dict(a) for a in complaint.actions][-ACTIONS_LIMIT:],
        signature=fingerprint(complaint.text, complaint.aspects)[:SIGNATURE_LIMIT],
        aspects=sorted(set(complaint.aspects)),
        channels=[complaint.channel],
        event_ids=[complaint.event_id] if complaint.event_id else [],
        severity=severity,
        intensity=complaint.intensity,
    )


def attach(item: TriageItem, complaint: Complaint, tier: str, now: datetime) -> TriageItem:
    """`item` with one more message folded in: count + 1, latest text and emotion, union of flags, the higher
    priority, the earlier SLA deadline (a follow-up never buys the team more time). Status is kept."""
    at = as_utc(now)
    priority = higher_priority(item.priority, complaint.priority)
    intensity = max(item.intensity, complaint.intensity)
    severity = severity_for(priority, intensity)
    new_due = _due(at, complaint.sla_minutes)
    due = min((d for d in (item.sla_due_at, new_due) if d is not None), default=None)
    flags = sorted(set(item.risk_flags) | set(complaint.risk_flags))
    signature = sorted(set(item.signature) | set(fingerprint(complaint.text, complaint.aspects)))
    return replace(
        item,
        tier=tier,
        priority=priority,
        score=ranking_score(severity, tier, flags, due, at),
        count=item.count + 1,
        last_text=complaint.text,
        emotion=complaint.emotion,
        risk_flags=flags,
        updated_at=max(item.updated_at, at),
        sla_due_at=due,
        actions=([dict(a) for a in item.actions] + [dict(a) for a in complaint.actions])[-ACTIONS_LIMIT:],
        signature=signature[:SIGNATURE_LIMIT],
        aspects=sorted(set(item.aspects) | set(complaint.aspects)),
        channels=item.channels + ([complaint.channel] if complaint.channel not in item.channels else []),
        event_ids=(item.event_ids + ([complaint.event_id] if complaint.event_id else []))[-EVENT_IDS_LIMIT:],
        severity=severity,
        intensity=intensity,
    )
