"""Probes and metrics: `GET /healthz` (alive), `GET /readyz` (able to serve), `GET /metrics` (Prometheus).

None of them needs an API key: orchestrators and Prometheus scrape them. They reveal no customer data.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from service.api.problems import ProblemError, problem_type
from service.api.schemas import problem_responses
from service.metrics import ServiceMetrics
from service.runtime import Runtime

router = APIRouter(tags=["operations"])
logger = logging.getLogger("xinsheng.health")

PROBE_TEXT = "好"
PROBE_TIMEOUT_S = 5.0


class Health(BaseModel):
    """Liveness answer."""

    status: str


class Readiness(BaseModel):
    """Readiness answer: each check is `ok` or the reason it failed."""

    status: str
    checks: dict[str, str]


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    """200 while the process runs (it checks nothing else, so a slow model never gets the process killed)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses=problem_responses(503), summary="Readiness")
async def readyz(request: Request) -> Readiness:
    """200 when the classifier answers a one-word probe and the database answers `SELECT 1`; else 503."""
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        checks = {"classifier": "not started", "database": "not started"}
    else:
        classifier_check, database_check = await asyncio.gather(
            _probe_classifier(runtime), _probe_database(runtime)
        )
        checks = {"classifier": classifier_check, "database": database_check}
    if all(value == "ok" for value in checks.values()):
        return Readiness(status="ready", checks=checks)
    failing = ", ".join(f"{name}: {value}" for name, value in checks.items() if value != "ok")
    raise ProblemError(
        503,
        "Not ready",
        failing,
        headers={"Retry-After": "5"},
        type_=problem_type("not-ready"),
        extra={"checks": checks},
    )


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text"}
    },
    summary="Prometheus metrics",
)
async def metrics(request: Request) -> Response:
    """The app's metrics in the Prometheus text exposition format."""
    service_metrics: ServiceMetrics = request.app.state.metrics
    payload, content_type = service_metrics.render()
    return Response(payload, media_type=content_type)


async def _probe_classifier(runtime: Runtime) -> str:
    # The classifier directly, not the batcher: a probe must not queue behind (or add to) customer traffic.
    if not runtime.batcher.running:
        return "batching worker not running"
    try:
        results = await asyncio.wait_for(
            run_in_threadpool(runtime.classifier.analyze, [PROBE_TEXT]), timeout=PROBE_TIMEOUT_S
        )
    except TimeoutError:
        return f"no answer within {PROBE_TIMEOUT_S:.0f} s"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        logger.warning("readiness probe: classifier failed", exc_info=True)
        return f"failed: {type(exc).__name__}"
    return "ok" if len(results) == 1 else "wrong number of results"


async def _probe_database(runtime: Runtime) -> str:
    try:
        ok = await asyncio.wait_for(run_in_threadpool(runtime.database.ping), timeout=PROBE_TIMEOUT_S)
    except TimeoutError:
        return f"no answer within {PROBE_TIMEOUT_S:.0f} s"
    return "ok" if ok else "ping failed"
