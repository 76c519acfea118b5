"""Request limits: body size (an ASGI middleware, before any parsing) and a per-caller rate limit (token bucket).

Body size: a declared `Content-Length` over `max_body_bytes` is refused before reading a byte; a body without one
(chunked) is counted as it streams and refused the moment it passes the limit, so an oversize body is never buffered.

Rate limit: one token bucket per API key (per client IP when the service runs open), holding `per_minute` tokens
and refilling at `per_minute / 60` per second; every request costs one token. Buckets live in memory (per process):
with several workers each enforces the limit on its own.
"""

from __future__ import annotations

import json
import math
import threading
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.problems import ProblemError, problem_body, problem_type

_JSON_HEADERS = [(b"content-type", b"application/problem+json")]


class BodyTooLarge(ProblemError):
    """The request body is over `max_body_bytes` (413)."""

    def __init__(self, limit: int) -> None:
        message = f"the request body is larger than {limit} bytes"
        super().__init__(
            413,
            "Request body too large",
            message,
            field="body",
            type_=problem_type("body-too-large"),
            extra={"limit_bytes": limit},
        )


class BodySizeLimitMiddleware:
    """Refuse request bodies over `max_body_bytes` with a 413 problem."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_problem(scope, send, BodyTooLarge(limit))
            return

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the app's body read; FastAPI re-raises HTTP exceptions from there, and the
                    # problem handlers answer 413. If something swallows it, the `except` below answers instead.
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if response_started:
                raise
            await _send_problem(scope, send, exc)


class RateLimiter:
    """Token buckets keyed by caller identity. `per_minute == 0` disables limiting."""

    # Full buckets carry no information; past this many, idle ones are dropped so memory stays bounded.
    _PRUNE_AT = 10_000

    def __init__(self, per_minute: int, clock: Any = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.refill_per_second = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # identity -> (tokens, last refill time)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """False when the limit is 0 (off)."""
        return self.capacity > 0

    def acquire(self, identity: str) -> float | None:
        """Take one token. None when allowed; otherwise the seconds until a token is available."""
        if not self.enabled:
            return None
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(identity, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.refill_per_second)
            if tokens >= 1.0:
                self._buckets[identity] = (tokens - 1.0, now)
                if len(self._buckets) > self._PRUNE_AT:
                    self._prune(now)
                return None
            self._buckets[identity] = (tokens, now)
            return (1.0 - tokens) / self.refill_per_second

    def _prune(self, now: float) -> None:
        for identity, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.refill_per_second >= self.capacity:
                del self._buckets[identity]


def retry_after_header(seconds: float) -> dict[str, str]:
    """`Retry-After` in whole seconds (at least 1), as HTTP requires."""
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_problem(scope: Scope, send: Send, exc: ProblemError) -> None:
    state = scope.get("state") or {}
    body = problem_body(
        None, exc.status_code, exc.title, str(exc.detail), type_=exc.type, errors=exc.errors, extra=exc.extra
    )
    body["instance"] = scope.get("path", "")
    if state.get("request_id"):
        body["request_id"] = state["request_id"]
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = [*_JSON_HEADERS, (b"content-length", str(len(payload)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": exc.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
