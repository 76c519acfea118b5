"""The complaint triage queue: `GET /v1/triage`, `GET`/`PATCH /v1/triage/{item_id}`, and the agents' page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from engine.triage import IllegalTransition, rescore
from service.api.deps import RuntimeDep, require_scope
from service.api.event_schemas import Channel, TierName, TriageItemOut, TriagePage, TriagePatch
from service.api.problems import ProblemError, invalid_cursor, problem_type
from service.api.schemas import problem_responses
from service.ingest import TriageItemNotFound, change_triage_status
from service.queries import read_triage_item, read_triage_queue, triage_item_public
from service.storage.repositories import InvalidCursor, QueueFilters
from service.web import triage_page_headers, triage_page_html

router = APIRouter(tags=["triage"])

STATUSES = ("open", "acknowledged", "resolved")


def _not_found(item_id: str) -> ProblemError:
    return ProblemError(
        404, "Triage item not found", f"no triage item {item_id!r}", type_=problem_type("not-found")
    )


def _statuses(value: str | None) -> tuple[str, ...] | None:
    if value is None or not value.strip():
        return None
    wanted = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if "all" in wanted:
        return STATUSES
    unknown = [part for part in wanted if part not in STATUSES]
    if unknown:
        raise ProblemError(
            422,
            "Request validation failed",
            f"unknown status {unknown[0]!r}; expected open, acknowledged, resolved (comma-separated) or all",
            field="status",
            type_=problem_type("validation-error"),
        )
    return wanted


@router.get(
    "/v1/triage",
    response_model=TriagePage,
    dependencies=[Depends(require_scope("triage"))],
    responses=problem_responses(401, 403, 422, 429, 503),
    summary="The complaint queue",
)
def list_triage(
    runtime: RuntimeDep,
    status: Annotated[
        str | None,
        Query(
            description="open, acknowledged, resolved, a comma-separated list, or all; default open,acknowledged"
        ),
    ] = None,
    channel: Annotated[
        Channel | None, Query(description="The channel the complaint arrived on first")
    ] = None,
    tier: Annotated[TierName | None, Query(description="The customer's loyalty tier")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=1024, description="`next_cursor` of the previous page")
    ] = None,
) -> dict[str, Any]:
    """Items most pressing first: severity × customer value × risk × SLA urgency, ranked at the time of the
    request (an item climbs as its SLA deadline nears); later pages keep the first page's ranking."""
    filters = QueueFilters(_statuses(status), channel, tier)
    try:
        return read_triage_queue(runtime.database, filters, limit, cursor, now=datetime.now(UTC))
    except InvalidCursor as exc:
        raise invalid_cursor(exc) from exc


@router.get(
    "/v1/triage/{item_id}",
    response_model=TriageItemOut,
    dependencies=[Depends(require_scope("triage"))],
    responses=problem_responses(401, 403, 404, 429, 503),
    summary="One triage item",
)
def get_triage_item(item_id: str, runtime: RuntimeDep) -> dict[str, Any]:
    """One item with its messages folded in, scored now."""
    try:
        return read_triage_item(runtime.database, item_id, now=datetime.now(UTC))
    except TriageItemNotFound:
        raise _not_found(item_id) from None


@router.patch(
    "/v1/triage/{item_id}",
    response_model=TriageItemOut,
    dependencies=[Depends(require_scope("triage"))],
    responses=problem_responses(400, 401, 403, 404, 409, 415, 422, 429, 503),
    summary="Acknowledge or resolve an item",
)
def patch_triage_item(item_id: str, body: TriagePatch, runtime: RuntimeDep) -> dict[str, Any]:
    """open → acknowledged → resolved (or open → resolved). Setting the current status again is a no-op; any
    other move (e.g. resolved → acknowledged) is a 409."""
    now = datetime.now(UTC)
    try:
        item = change_triage_status(runtime.database, item_id, body.status, now=now)
    except TriageItemNotFound:
        raise _not_found(item_id) from None
    except IllegalTransition as exc:
        raise ProblemError(
            409, "Illegal status change", str(exc), field="status", type_=problem_type("illegal-transition")
        ) from exc
    return triage_item_public(rescore(item, now), now)


@router.get("/ui/triage", response_class=HTMLResponse, include_in_schema=False)
@router.get("/triage/ui", response_class=HTMLResponse, include_in_schema=False)
def triage_ui() -> HTMLResponse:
    """The CX agents' queue page (static HTML + JS; it calls the API with the key typed into the page)."""
    return HTMLResponse(triage_page_html(), headers=triage_page_headers())
