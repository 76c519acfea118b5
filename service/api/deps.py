"""Typed dependencies shared by the routes: runtime, settings, and the caller's API key and scope.

Use in a route signature or its `dependencies`:

    @router.post("/v1/events", dependencies=[Depends(require_scope("ingest"))])
    async def ingest(body: EventIn, runtime: RuntimeDep) -> …

or, when the route wants to know who called, `caller: Annotated[Caller, Depends(require_scope("read"))]`
(`AnalyzeCaller`, `IngestCaller`, `ReadCaller`, `TriageCaller`, `AdminCaller` are those aliases ready-made).

`require_scope` authenticates the `X-API-Key` header (401 when missing or unknown, 403 without the scope; `admin`
implies every scope; open mode lets everyone in) and then applies the rate limit (429 with Retry-After): `read`
routes spend from their own, larger budget (`rate_limit_read_per_minute`), every other route from the main one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from service.api.problems import ProblemError, problem_type
from service.auth import API_KEY_HEADER, ApiKeys, Caller, Scope
from service.config import Settings
from service.limits import RateLimiter, retry_after_header
from service.runtime import Runtime

# auto_error=False: we answer missing keys ourselves (problem+json, open mode); the scheme still shows in OpenAPI.
api_key_header = APIKeyHeader(
    name=API_KEY_HEADER, auto_error=False, description="An API key from XINSHENG_API_KEYS"
)


# Both are `async` on purpose: FastAPI runs a plain `def` dependency in the threadpool, a thread hand-off per
# request that cost about 7 % of the event loop under load for what is an attribute read.
async def get_runtime(request: Request) -> Runtime:
    """The app's long-lived resources (503 while the app is starting or stopping)."""
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise ProblemError(
            503, "Service not ready", "the service is starting or stopping", headers={"Retry-After": "1"}
        )
    return runtime


async def get_app_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ApiKeyHeaderDep = Annotated[str | None, Security(api_key_header)]


def require_scope(scope: Scope) -> Callable[..., Awaitable[Caller]]:
    """A dependency that admits callers whose key carries `scope` (or `admin`), within the rate limit."""

    async def dependency(request: Request, api_key: ApiKeyHeaderDep) -> Caller:
        keys: ApiKeys = request.app.state.api_keys
        limiter: RateLimiter = request.app.state.read_rate_limiter if scope == "read" else request.app.state.rate_limiter
        client = request.client.host if request.client else "unknown"
        caller = keys.authenticate(api_key)
        if caller is None:
            # Failed attempts spend the client's IP bucket, which slows down key guessing.
            _spend(limiter, f"ip:{client}")
            detail = "missing X-API-Key header" if not api_key else "unknown API key"
            raise ProblemError(
                401,
                "Authentication required",
                detail,
                headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'},
                type_=problem_type("unauthenticated"),
            )
        request.state.key_id = caller.key_id
        _spend(limiter, f"key:{caller.key_id}" if caller.key_id else f"ip:{client}")
        if not caller.allows(scope):
            raise ProblemError(
                403,
                "Scope required",
                f"this API key lacks the `{scope}` scope",
                type_=problem_type("forbidden"),
                extra={"required_scope": scope},
            )
        return caller

    dependency.__name__ = f"require_scope_{scope}"
    dependency.__qualname__ = dependency.__name__
    return dependency


def _spend(limiter: RateLimiter, identity: str) -> None:
    wait = limiter.acquire(identity)
    if wait is not None:
        raise ProblemError(
            429,
            "Too many requests",
            f"rate limit of {int(limiter.capacity)} requests per minute exceeded; retry in {wait:.1f} s",
            headers=retry_after_header(wait),
            type_=problem_type("rate-limited"),
        )


AnalyzeCaller = Annotated[Caller, Depends(require_scope("analyze"))]
IngestCaller = Annotated[Caller, Depends(require_scope("ingest"))]
ReadCaller = Annotated[Caller, Depends(require_scope("read"))]
TriageCaller = Annotated[Caller, Depends(require_scope("triage"))]
AdminCaller = Annotated[Caller, Depends(require_scope("admin"))]
