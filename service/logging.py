"""Structured logs: one JSON object per line, and an ASGI middleware for request ids, access logs and metrics.

Each request gets an `X-Request-ID` (the caller's, if it is a sane token, else a fresh one), echoed on the response,
put on problem documents and on every log line about the request. The access log line carries method, route
template, status, duration_ms, request_id, client and key_id (a fingerprint; never the key) — never the body.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.problems import unhandled_exception_handler
from service.metrics import ServiceMetrics, current_metrics

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
# Attributes every LogRecord has; anything else was passed via `extra=` and belongs in the JSON object.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

access_logger = logging.getLogger("xinsheng.access")
logger = logging.getLogger("xinsheng")


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line: ts, level, logger, msg, the `extra` fields, and exc if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at emit time (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(level: str = "INFO", json_lines: bool = True) -> None:
    """Send the `xinsheng` loggers to stderr, as JSON lines or plain text (idempotent)."""
    handler = _StderrHandler()
    handler.setFormatter(
        JsonFormatter() if json_lines else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    handler.set_name("xinsheng")
    for existing in list(logger.handlers):
        if existing.get_name() == "xinsheng":
            logger.removeHandler(existing)
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


def request_id_from(scope: Scope) -> str:
    """The caller's X-Request-ID if it is a safe token, else a new random id."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SAFE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's path template, or `unmatched` (raw paths would explode label cardinality)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class RequestContextMiddleware:
    """Outermost app middleware: request id, metrics context, access log, and a last-resort 500 problem."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        token = current_metrics.set(self.metrics)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # Handled here rather than by Starlette's ServerErrorMiddleware so the 500 carries the request id and
            # is counted and logged like any other answer.
            status = 500
            if response_started:
                raise
            response = await unhandled_exception_handler(Request(scope), exc)
            await response(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            method = scope.get("method", "")
            self.metrics.observe_request(method, route, status, seconds)
            client = scope.get("client")
            access_logger.info(
                "%s %s %d",
                method,
                route,
                status,
                extra={
                    "method": method,
                    "route": route,
                    "path": scope.get("path", ""),
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "request_id": request_id,
                    "client": client[0] if client else None,
                    "key_id": state.get("key_id"),
                },
            )
            current_metrics.reset(token)
