"""`POST /v1/events`: one piece of customer text in, analysis + updated customer state + next actions out."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from service.api.deps import RuntimeDep, require_scope
from service.api.event_schemas import EventIn, EventOut
from service.api.problems import ProblemError, problem_type
from service.api.schemas import problem_responses
from service.ingest import (
    EngineSettings,
    EventIdConflict,
    EventInput,
    find_replay,
    ingest_event,
    new_event_id,
)
from service.metrics import record_action, record_event_ingested

router = APIRouter(prefix="/v1", tags=["customers"])


@router.post(
    "/events",
    status_code=201,
    response_model=EventOut,
    dependencies=[Depends(require_scope("ingest"))],
    responses={
        200: {
            "model": EventOut,
            "description": "The event_id was stored before: its first answer, unchanged",
        },
        **problem_responses(400, 401, 403, 409, 413, 415, 422, 429, 503),
    },
    summary="Ingest a customer event",
)
async def post_event(body: EventIn, runtime: RuntimeDep) -> JSONResponse:
    """Analyse the text, update the customer's state and recommend actions. Scope `ingest`.

    201 when stored. Posting an `event_id` again stores nothing and answers the first answer with 200 (safe
    retries); an `event_id` already used for another customer is a 409.
    """
    limit = runtime.settings.max_text_chars
    if len(body.text) > limit:
        raise ProblemError(
            422,
            "Text too long",
            f"text has {len(body.text)} characters; the limit is {limit}",
            field="text",
            type_=problem_type("text-too-long"),
        )
    event = EventInput(
        customer_id=body.customer_id,
        channel=body.channel,
        text=body.text,
        event_id=body.event_id or new_event_id(),
        occurred_at=body.occurred_at,
        order_value=body.order_value,
    )
    assert event.event_id is not None
    try:
        # A retry is answered from storage without calling the model.
        replay = await run_in_threadpool(find_replay, runtime.database, event.event_id, event.customer_id)
        if replay is not None:
            return JSONResponse(replay.body, status_code=replay.status)
        [analysis] = await runtime.batcher.classify([event.text])
        result = await run_in_threadpool(
            ingest_event,
            runtime.database,
            event,
            analysis,
            runtime.policies.get(),
            EngineSettings.from_settings(runtime.settings),
            now=datetime.now(UTC),
        )
    except EventIdConflict as exc:
        raise ProblemError(
            409,
            "event_id already used",
            f"event_id {exc.event_id!r} belongs to another customer's event; use a new event_id",
            field="event_id",
            type_=problem_type("event-id-conflict"),
        ) from exc
    if result.created:
        record_event_ingested()
        for action in result.body["actions"]:
            record_action(action["type"])
    return JSONResponse(result.body, status_code=result.status)
