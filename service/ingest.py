"""Customer-side use cases, each ONE database transaction: ingest an event, set a profile, move a triage item, erase.

Ingesting an event (`ingest_event`), after the text was classified outside any transaction:

1. idempotency: if the event_id is stored, answer its first answer (200), store nothing;
2. lock the customer (created on first sight with INSERT … ON CONFLICT DO NOTHING): `SELECT … FOR UPDATE` on
   PostgreSQL; on SQLite the transaction began with `BEGIN IMMEDIATE` and holds the database write lock;
3. load the state, the customer's active triage items and the reward ledger;
4. `engine.respond`; when it grants a paid reward, take the day's budget lock (PostgreSQL) and re-decide if another
   customer's reward committed meanwhile, so that the daily cap holds under concurrency;
5. store the event (with the answer, for replays), the actions, the triage change and the state; commit.

Two concurrent posts of one event_id: the second waits on the customer lock and then finds the event (step 1 runs
again under the lock); if they race on different customers the unique constraint fails one of them, which then
answers the stored event. Transient lock errors (deadlock, busy database) are retried a few times.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.ad_tone import AdTone, ad_tone_for
from engine.clock import as_utc
from engine.economics import Spend
from engine.policy import ResponsePolicy
from engine.respond import Event, Outcome, respond
from engine.state import CustomerState, close_complaint, with_tier
from engine.tiers import derive_tier
from engine.triage import TriageItem, transition
from models.analysis import Analysis
from service.config import Settings
from service.storage import repositories as repo
from service.storage.database import Database

logger = logging.getLogger("xinsheng.ingest")

_TRANSIENT_ATTEMPTS = 5
T = TypeVar("T")


class EventIdConflict(Exception):
    """The event_id is already stored for another customer."""

    def __init__(self, event_id: str, customer_id: str) -> None:
        super().__init__(f"event_id {event_id!r} is already used by another customer's event")
        self.event_id = event_id
        self.customer_id = customer_id


class CustomerNotFound(LookupError):
    """No customer with this id."""


class TriageItemNotFound(LookupError):
    """No triage item with this id."""


@dataclass(frozen=True, slots=True)
class EventInput:
    """A validated event as the API received it (`occurred_at` None: the time of receipt)."""

    customer_id: str
    channel: str
    text: str
    event_id: str | None = None
    occurred_at: datetime | None = None
    order_value: float | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    """The answer to one POST /v1/events: 201 with a new answer, or 200 with the stored first answer."""

    status: int
    body: dict[str, Any]

    @property
    def created(self) -> bool:
        """True when this call stored the event."""
        return self.status == 201


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """The service settings the engine needs besides the policy."""

    half_life_hours: float
    triage_window_hours: float | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> EngineSettings:
        """From the service settings. The triage window comes from the policy file (CX managers own it) unless
        the operator set `XINSHENG_TRIAGE_WINDOW_HOURS` explicitly."""
        explicit = "triage_window_hours" in settings.model_fields_set
        return cls(settings.state_half_life_hours, settings.triage_window_hours if explicit else None)


def new_event_id() -> str:
    """An event_id for events posted without one."""
    return uuid.uuid4().hex


def public_state(state: CustomerState, tone: AdTone) -> dict[str, Any]:
    """The contract's customer object: the engine's public state plus the ad tone."""
    return {**state.to_public_dict(), "ad_tone": tone.ad_tone}


def current_tone(
    state: CustomerState, policy: ResponsePolicy, now: datetime, half_life_hours: float
) -> AdTone:
    """The ad tone for `state` at `now` (emotions fade towards neutral as the last event ages)."""
    return ad_tone_for(state, now, half_life_hours=half_life_hours, settings=policy.ad_tone)


# ---- events -------------------------------------------------------------------------------------------------------


def find_replay(database: Database, event_id: str, customer_id: str) -> IngestResult | None:
    """The stored answer for `event_id` (200), None if it is new; `EventIdConflict` if another customer's."""
    with database.session() as session:
        stored = repo.find_event_answer(session, event_id)
    return _replay(stored, event_id, customer_id)


def _replay(stored: repo.StoredAnswer | None, event_id: str, customer_id: str) -> IngestResult | None:
    if stored is None:
        return None
    if stored.customer_id != customer_id:
        raise EventIdConflict(event_id, stored.customer_id)
    return IngestResult(200, stored.response)


def ingest_event(
    database: Database,
    event: EventInput,
    analysis: Analysis,
    policy: ResponsePolicy,
    engine: EngineSettings,
    *,
    now: datetime,
) -> IngestResult:
    """Store one classified event and everything it leads to, in one transaction (see the module doc)."""
    event_id = event.event_id or new_event_id()
    at = as_utc(now)
    item_id = uuid.uuid4().hex  # fixed before any retry, so a re-decided outcome opens the same item
    for attempt in range(_TRANSIENT_ATTEMPTS):
        try:
            with database.write_session() as session:
                return _ingest(session, event, event_id, analysis, policy, engine, at, item_id)
        except IntegrityError:
            # A concurrent post of the same event_id committed first: answer what it stored.
            replay = find_replay(database, event_id, event.customer_id)
            if replay is not None:
                return replay
            if attempt == _TRANSIENT_ATTEMPTS - 1:
                raise
        except (OperationalError, StaleDataError) as exc:
            if not _is_transient(exc) or attempt == _TRANSIENT_ATTEMPTS - 1:
                raise
            logger.warning("ingest retry after a transient database error: %s", exc)
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _ingest(
    session: Session,
    event: EventInput,
    event_id: str,
    analysis: Analysis,
    policy: ResponsePolicy,
    engine: EngineSettings,
    now: datetime,
    item_id: str,
) -> IngestResult:
    replay = _replay(repo.find_event_answer(session, event_id), event_id, event.customer_id)
    if replay is not None:
        return replay
    repo.ensure_customer(session, event.customer_id, now)
    customer = repo.lock_customer(session, event.customer_id)
    if customer is None:  # pragma: no cover - erased between the two statements of this transaction
        raise CustomerNotFound(event.customer_id)
    # Under the lock, a concurrent duplicate of this event has either committed (found here) or not started.
    replay = _replay(repo.find_event_answer(session, event_id), event_id, event.customer_id)
    if replay is not None:
        return replay

    state = repo.customer_state(customer)
    records = repo.active_triage_records(session, event.customer_id)
    open_items = [repo.item_from_record(record) for record in records]
    spend = repo.spend_snapshot(session, event.customer_id, now, policy.budget)
    occurred_at = as_utc(event.occurred_at) if event.occurred_at is not None else now
    engine_event = Event(
        event_id, event.customer_id, event.channel, event.text, occurred_at, event.order_value
    )
    analysis = analysis.with_id(event_id)

    def decide(today_total: float) -> Outcome:
        return respond(
            state,
            analysis,
            engine_event,
            policy,
            Spend(today_total, spend.customer_rewards),
            open_items,
            now,
            half_life_hours=engine.half_life_hours,
            triage_window_hours=engine.triage_window_hours,
            item_id=item_id,
        )

    outcome = decide(spend.today_total)
    if any(action.is_paid_reward for action in outcome.actions):
        repo.lock_reward_budget(session, now, policy.budget)
        fresh_total = repo.spend_today(session, now, policy.budget)
        if fresh_total != spend.today_total:
            outcome = decide(fresh_total)

    triage_ref: dict[str, Any] | None = None
    if outcome.triage is not None:
        item = outcome.triage.item
        record = None if outcome.triage.is_new else next(r for r in records if r.id == item.item_id)
        repo.save_triage_item(session, item, record)
        triage_ref = {
            "item_id": item.item_id,
            "change": "opened" if outcome.triage.is_new else "attached",
            "count": item.count,
            "priority": item.priority,
        }

    body: dict[str, Any] = {
        "event_id": event_id,
        "analysis": analysis.to_dict(),
        "customer": public_state(outcome.state, outcome.ad_tone),
        "actions": [action.to_dict() for action in outcome.actions],
        "risk_flags": list(outcome.risk_flags),
        "triage": triage_ref,
    }
    stored = repo.add_event(
        session,
        event_id=event_id,
        customer_id=event.customer_id,
        channel=event.channel,
        text=event.text,
        order_value=event.order_value,
        occurred_at=occurred_at,
        received_at=now,
        analysis=body["analysis"],
        risk_flags=outcome.risk_flags,
        triage_item_id=None if triage_ref is None else triage_ref["item_id"],
        response=body,
    )
    repo.add_actions(session, event.customer_id, stored.id, outcome.actions, now)
    repo.save_state(
        customer,
        outcome.state,
        now,
        ad_tone=outcome.ad_tone.ad_tone,
        ad_confidence=outcome.ad_tone.confidence,
    )
    return IngestResult(201, body)


def _is_transient(exc: OperationalError | StaleDataError) -> bool:
    """Conflicts worth retrying: PostgreSQL deadlock / serialization / lock timeouts, SQLite busy, and a stale
    customer version (a writer that bypassed the row lock changed the row first; never expected, but safe)."""
    if isinstance(exc, StaleDataError):
        return True
    code = getattr(exc.orig, "sqlstate", None)
    if code in ("40P01", "40001", "55P03"):
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


# ---- profiles -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileInput:
    """CRM loyalty data: an explicit tier, or the figures to derive it from."""

    tier: str | None = None
    total_spend: float | None = None
    order_count: int | None = None
    last_order_at: datetime | None = None


def put_profile(
    database: Database,
    customer_id: str,
    profile: ProfileInput,
    policy: ResponsePolicy,
    engine: EngineSettings,
    *,
    now: datetime,
) -> dict[str, Any]:
    """Set the customer's CRM profile and tier (creating the customer if new); returns the public state."""
    at = as_utc(now)

    def work(session: Session) -> dict[str, Any]:
        repo.ensure_customer(session, customer_id, at)
        customer = repo.lock_customer(session, customer_id)
        if customer is None:  # pragma: no cover - erased between the two statements of this transaction
            raise CustomerNotFound(customer_id)
        last_order_at = as_utc(profile.last_order_at) if profile.last_order_at is not None else None
        if profile.tier is not None:
            tier, source = profile.tier, "crm"
        else:
            tier = derive_tier(profile.total_spend, profile.order_count, last_order_at, at, policy.tiers)
            source = "derived"
        customer.total_spend = profile.total_spend
        customer.order_count = profile.order_count
        customer.last_order_at = last_order_at
        customer.tier_source = source
        customer.tier = tier
        state = with_tier(repo.customer_state(customer), tier)
        if customer.state is not None:
            customer.state = state.to_dict()
        customer.updated_at = at
        repo.retier_active_items(session, customer_id, tier)
        return public_state(state, current_tone(state, policy, at, engine.half_life_hours))

    return _write(database, work)


# ---- triage -------------------------------------------------------------------------------------------------------


def change_triage_status(database: Database, item_id: str, status: str, *, now: datetime) -> TriageItem:
    """Move a triage item to `status` (engine rules: `IllegalTransition` for forbidden moves, same status a no-op).

    Resolving an item closes one of the customer's open complaints in the state. The customer is locked before the
    item, in the same order as ingestion, so the two never deadlock.
    """
    at = as_utc(now)

    def work(session: Session) -> TriageItem:
        customer_id = repo.triage_customer_id(session, item_id)
        if customer_id is None:
            raise TriageItemNotFound(item_id)
        customer = repo.lock_customer(session, customer_id)
        record = repo.get_triage_record(session, item_id, lock=True)
        if customer is None or record is None:
            raise TriageItemNotFound(item_id)
        item = repo.item_from_record(record)
        changed = transition(item, status, at)
        if changed is item:
            return item
        repo.save_triage_item(session, changed, record)
        if changed.status == "resolved" and customer.state is not None:
            state = close_complaint(repo.customer_state(customer))
            customer.state = state.to_dict()
            customer.updated_at = at
        return changed

    return _write(database, work)


# ---- erasure ------------------------------------------------------------------------------------------------------


def erase_customer(database: Database, customer_id: str) -> None:
    """Delete the customer with all their events, actions and triage items; `CustomerNotFound` if unknown."""

    def work(session: Session) -> None:
        if not repo.delete_customer(session, customer_id):
            raise CustomerNotFound(customer_id)

    _write(database, work)


def _write(database: Database, work: Callable[[Session], T]) -> T:
    """Run `work` in a write transaction, retrying transient lock errors."""
    for attempt in range(_TRANSIENT_ATTEMPTS):
        try:
            with database.write_session() as session:
                return work(session)
        except (OperationalError, StaleDataError) as exc:
            if not _is_transient(exc) or attempt == _TRANSIENT_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover
