"""Request and response models of the customer API: events, profiles, customer state, ad tone, timeline, triage.

Field names follow PRODUCT.md section 3. Limits that depend on settings (characters per text) are checked by the
routes; everything static (types, channels, tiers, ranges, blank text, invalid Unicode) is checked here, so a bad
request is refused before anything is classified or stored.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from service.api.schemas import AnalysisResult, Text, is_blank

MAX_CUSTOMER_ID_CHARS = 128
MAX_EVENT_ID_CHARS = 128
MAX_FUTURE_SKEW = timedelta(hours=24)
MAX_ORDER_COUNT = 1_000_000_000
MAX_MONEY = 1e12  # budget currency; far above any real order, and exact in a float

Channel = Literal["review", "social", "chat", "ticket", "survey", "other"]
TierName = Literal["vip", "loyal", "regular", "new"]
AdToneName = Literal["upbeat", "reassuring", "empathetic", "suppress", "standard"]
TriageStatusName = Literal["open", "acknowledged", "resolved"]
RiskFlagName = Literal["churn", "public_escalation", "repeat_contact", "safety"]


def _identifier(value: str) -> str:
    if is_blank(value):
        raise ValueError("must not be empty or only whitespace")
    if value != value.strip():
        raise ValueError("must not start or end with whitespace")
    if any(ord(ch) < 32 or ord(ch) == 127 or 0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ValueError("must not contain control characters or unpaired surrogates")
    if "/" in value:
        raise ValueError("must not contain '/' (it is used in URLs)")
    return value


def _storable(value: str) -> str:
    # PostgreSQL text cannot hold U+0000; refusing it here keeps both backends' contracts the same (SQLite would
    # store it) and spares the model a run for an event the database would then reject.
    position = value.find("\x00")
    if position >= 0:
        raise ValueError(f"contains a NUL character (U+0000) at character {position}, which cannot be stored")
    return value


# An event's text is stored with it, so it must also be storable.
EventText = Annotated[Text, AfterValidator(_storable)]

CustomerId = Annotated[
    str,
    Field(min_length=1, max_length=MAX_CUSTOMER_ID_CHARS, description="The shop's customer id."),
    AfterValidator(_identifier),
]
EventId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_EVENT_ID_CHARS,
        description="Idempotency key; a UUID is generated if absent.",
    ),
    AfterValidator(_identifier),
]


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


def _iso_datetime(value: Any) -> Any:
    """ISO-8601 text → datetime (strict mode would refuse strings; numbers and other types are refused here)."""
    if value is None or isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("must be an ISO-8601 date-time string")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"not an ISO-8601 date-time: {value!r}") from exc


def _not_in_future(value: datetime | None) -> datetime | None:
    # Clock skew is tolerated; a date days ahead is a bug upstream and would freeze the customer's state (an event)
    # or make the tier's recency look fresh for years (a last order).
    if value is not None:
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if aware > datetime.now(UTC) + MAX_FUTURE_SKEW:
            raise ValueError(f"is more than {MAX_FUTURE_SKEW} in the future")
    return value


class _Request(BaseModel):
    # Strict types: "12" is not a number and 12 is not a string (wrong JSON types are bad input, not guesses).
    model_config = ConfigDict(extra="ignore", strict=True)


# ---- events -----------------------------------------------------------------------------------------------------


class EventIn(_Request):
    """One piece of customer text from any channel."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "c-1001",
                    "channel": "review",
                    "text": "物流太慢了，等了一周还没到",
                    "event_id": "rv-88",
                }
            ]
        }
    )

    customer_id: CustomerId
    channel: Channel
    text: EventText
    event_id: EventId | None = None
    occurred_at: datetime | None = Field(
        default=None,
        description="ISO-8601; without an offset it is taken as UTC. Default: the time of receipt.",
    )
    order_value: Annotated[float, Field(ge=0, le=MAX_MONEY), AfterValidator(_finite)] | None = Field(
        default=None, description="Value of the order the text is about, in the budget currency."
    )

    _occurred_at = field_validator("occurred_at", mode="before")(_iso_datetime)
    _occurred_at_not_ahead = field_validator("occurred_at")(_not_in_future)


# Response timestamps are ISO-8601 text exactly as stored (UTC, `+00:00`): a replayed event answer is returned
# byte for byte, so every other answer writes times the same way.
IsoTime = Annotated[str, Field(json_schema_extra={"format": "date-time"}, description="ISO-8601, UTC")]


class ActionOut(BaseModel):
    """A recommended action (PRODUCT.md section 3, "Action")."""

    type: Literal["reward", "recovery", "reassure", "none"]
    action: str
    priority: Literal["P1", "P2", "P3", "P4"]
    cost: float
    expected_value: float
    sla_minutes: int | None
    rule: str
    reason: str


class RecentAction(ActionOut):
    """An action remembered in the customer state, with when and for which event it was recommended."""

    at: IsoTime | None = None
    event_id: str | None = None


class ChannelSummary(BaseModel):
    """The decayed state of one channel."""

    emotion: str
    sentiment_score: float
    last_event_at: IsoTime | None
    events: int


class CustomerStateOut(BaseModel):
    """A customer's state across channels (PRODUCT.md section 3, GET /v1/customers/{customer_id})."""

    customer_id: str
    tier: TierName
    emotion: str
    emotions: dict[str, float] = Field(description="Time-decayed emotion probabilities.")
    sentiment_score: float = Field(description="Time-decayed sentiment in [-1, 1].")
    trend: Literal["improving", "worsening", "stable"]
    channels: dict[str, ChannelSummary]
    open_complaints: int
    recent_actions: list[RecentAction]
    last_event_at: IsoTime | None
    event_count: int
    ad_tone: AdToneName


class TriageRef(BaseModel):
    """The triage item an event opened (`opened`) or was folded into (`attached`)."""

    item_id: str
    change: Literal["opened", "attached"]
    count: int
    priority: str


class EventOut(BaseModel):
    """The answer to POST /v1/events; re-posting the same event_id returns this object again, unchanged."""

    event_id: str
    analysis: AnalysisResult
    customer: CustomerStateOut
    actions: list[ActionOut]
    risk_flags: list[RiskFlagName]
    triage: TriageRef | None = None


# ---- customers --------------------------------------------------------------------------------------------------


class ProfileIn(_Request):
    """Loyalty data from the CRM: an explicit `tier`, or the figures it is derived from (or both: `tier` wins)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"tier": "vip"}, {"total_spend": 5200.0, "order_count": 14}]}
    )

    tier: TierName | None = None
    total_spend: Annotated[float, Field(ge=0, le=MAX_MONEY), AfterValidator(_finite)] | None = None
    # Bounded so the value fits a 32-bit INTEGER column on PostgreSQL and SQLite alike.
    order_count: Annotated[int, Field(ge=0, le=MAX_ORDER_COUNT)] | None = None
    last_order_at: datetime | None = None

    _last_order_at = field_validator("last_order_at", mode="before")(_iso_datetime)
    _last_order_at_not_ahead = field_validator("last_order_at")(_not_in_future)

    @model_validator(mode="after")
    def _something(self) -> ProfileIn:
        if (
            self.tier is None
            and self.total_spend is None
            and self.order_count is None
            and self.last_order_at is None
        ):
            raise ValueError(
                "give `tier`, or `total_spend` / `order_count` / `last_order_at` to derive it from"
            )
        return self


class AdToneOut(BaseModel):
    """The tone an ad system should use for this customer now."""

    customer_id: str
    ad_tone: AdToneName
    emotion: str
    confidence: float = Field(description="In [0, 1]; falls as the reading ages.")
    as_of: IsoTime | None


class TimelineEvent(BaseModel):
    """One event of a customer's timeline."""

    event_id: str
    channel: Channel
    text: str
    occurred_at: IsoTime
    received_at: IsoTime
    order_value: float | None
    analysis: AnalysisResult
    actions: list[ActionOut]
    risk_flags: list[str]
    triage_item_id: str | None


class TimelinePage(BaseModel):
    """A page of the timeline, newest first; pass `next_cursor` as `cursor` for the next page (null: no more)."""

    items: list[TimelineEvent]
    next_cursor: str | None


# ---- triage -----------------------------------------------------------------------------------------------------


class TriageItemOut(BaseModel):
    """One complaint in the CX queue, with every message about it folded in (`count`)."""

    item_id: str
    customer_id: str
    tier: TierName
    channel: Channel
    channels: list[str]
    status: TriageStatusName
    priority: str
    score: float = Field(description="severity × customer value × risk × SLA urgency, computed at read time.")
    count: int
    first_text: str
    last_text: str
    emotion: str
    risk_flags: list[str]
    sla_due_at: IsoTime | None
    sla_breached: bool = Field(description="Active and past its SLA deadline.")
    actions: list[RecentAction]
    opened_at: IsoTime
    updated_at: IsoTime
    acknowledged_at: IsoTime | None
    resolved_at: IsoTime | None


class TriagePage(BaseModel):
    """A page of the queue, most pressing first; pass `next_cursor` as `cursor` for the next page (null: no more)."""

    items: list[TriageItemOut]
    next_cursor: str | None


class TriagePatch(_Request):
    """Move an item along open → acknowledged → resolved (or open → resolved)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "acknowledged"}]})

    status: Literal["acknowledged", "resolved"]
