"""RFC 9457 problem details (`application/problem+json`) for every error the service answers.

One shape for all errors, so integrators parse failures the same way everywhere:

    {"type": "urn:xinsheng:problem:validation-error", "title": "Request validation failed", "status": 422,
     "detail": "1 invalid field: texts[2]", "instance": "/v1/analyze", "request_id": "…",
     "errors": [{"field": "texts[2]", "message": "text is empty or only whitespace"}]}

`type` is a stable identifier of the kind of problem (not a dereferenceable URL); generic HTTP errors (404, 405)
use `about:blank` with the status phrase as title, as the RFC recommends. `errors` is present when the problem is
about specific request fields; `field` uses the request's own notation (`texts[3]`, `items[0].text`, `body`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from service.batching import BatcherStopped, Overloaded

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:xinsheng:problem:"

logger = logging.getLogger("xinsheng.errors")


def problem_type(slug: str) -> str:
    """The `type` URI of one of our problem kinds, e.g. `problem_type("rate-limited")`."""
    return PROBLEM_TYPE_PREFIX + slug


class ProblemResponse(JSONResponse):
    """A JSON response with the problem+json media type (no non-ASCII escaping: details may quote Chinese)."""

    media_type = PROBLEM_MEDIA_TYPE


class ProblemError(StarletteHTTPException):
    """Raise anywhere in a request to answer with a problem document.

    It subclasses Starlette's `HTTPException` on purpose: FastAPI re-raises HTTP exceptions that happen while it
    reads the body (e.g. our body-size guard), where any other exception would become a generic 400.
    """

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        type_: str | None = None,
        errors: Sequence[Mapping[str, str]] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(status_code=status, detail=detail, headers=dict(headers) if headers else None)
        self.title = title
        self.type = type_ or "about:blank"
        error_list = [dict(e) for e in errors] if errors else []
        if field is not None and not error_list:
            error_list = [{"field": field, "message": detail}]
        self.errors = error_list
        self.extra = dict(extra) if extra else {}


def invalid_cursor(exc: Exception) -> ProblemError:
    """422 for a paging cursor that is not one we issued (tampered, truncated, or from another listing)."""
    return ProblemError(422, "Invalid cursor", str(exc), field="cursor", type_=problem_type("validation-error"))


def problem_body(
    request: Request | None,
    status: int,
    title: str | None = None,
    detail: str | None = None,
    *,
    type_: str = "about:blank",
    errors: Sequence[Mapping[str, str]] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The problem document as a dict (also used by middleware that answers before routing)."""
    body: dict[str, Any] = {
        "type": type_,
        "title": title or _status_phrase(status),
        "status": status,
        "detail": detail or _status_phrase(status),
    }
    if request is not None:
        body["instance"] = request.url.path
        request_id = getattr(request.state, "request_id", None)
        if request_id:
            body["request_id"] = request_id
    if errors:
        body["errors"] = [dict(e) for e in errors]
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    return body


def problem_response(
    request: Request | None,
    status: int,
    title: str | None = None,
    detail: str | None = None,
    *,
    type_: str = "about:blank",
    errors: Sequence[Mapping[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """A problem+json response."""
    body = problem_body(request, status, title, detail, type_=type_, errors=errors, extra=extra)
    return ProblemResponse(body, status_code=status, headers=dict(headers) if headers else None)


def field_path(loc: Sequence[str | int]) -> str:
    """Pydantic's error location → the field as a caller writes it: ("body", "texts", 3) → "texts[3]"."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        source, parts = parts[0], parts[1:]
        if not parts or (source == "body" and all(isinstance(p, int) for p in parts)):
            # A JSON decode error's location is ("body", <byte offset>): the body as a whole is at fault.
            return "body"
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def _validation_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "invalid JSON")
        return f"the body is not valid JSON ({reason})"
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field"
    message = str(error.get("msg", "invalid value"))
    # Our own validators raise ValueError("…"); pydantic prefixes "Value error, ", which reads badly in an API.
    return message.removeprefix("Value error, ")


def _non_json_media_type(request: Request) -> str | None:
    """The request's media type when it declares a body that is not JSON (text/plain, form data…), else None."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not media or media == "application/json" or media.endswith("+json"):
        return None
    return media


def _body_problem(
    request: Request, status: int, title: str, message: str, kind: str, headers: Mapping[str, str] | None = None
) -> Response:
    """A problem with the body as a whole (not one field of it): the message is the detail and the body's error."""
    return problem_response(
        request, status, title, message, type_=problem_type(kind), errors=[{"field": "body", "message": message}],
        headers=headers,
    )


async def _validation_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    raw = list(exc.errors())
    errors = [{"field": field_path(e.get("loc", ())), "message": _validation_message(e)} for e in raw]
    media = _non_json_media_type(request)
    if media is not None and any(e["field"] == "body" for e in errors):
        # FastAPI does not parse a body declared as another type and reports "not an object"; say what is wrong.
        return _body_problem(
            request, 415, "Unsupported media type", f"the body must be sent as application/json, not {media}",
            "unsupported-media-type", headers={"Accept-Post": "application/json"},
        )
    if any(e.get("type") == "json_invalid" for e in raw):
        # Malformed syntax is a 400 (the request is not JSON at all), not a semantic 422.
        return _body_problem(request, 400, "Malformed JSON body", errors[0]["message"], "malformed-body")
    fields = sorted({e["field"] for e in errors})
    detail = f"{len(errors)} invalid field{'s' if len(errors) != 1 else ''}: {', '.join(fields[:10])}"
    if len(fields) > 10:
        detail += ", …"
    # Cap the list: a 256-text batch with every text blank must not produce an enormous error document.
    return problem_response(
        request,
        422,
        "Request validation failed",
        detail,
        type_=problem_type("validation-error"),
        errors=errors[:100],
    )


async def _problem_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(
        request,
        exc.status_code,
        exc.title,
        str(exc.detail),
        type_=exc.type,
        errors=exc.errors,
        headers=exc.headers,
        extra=exc.extra,
    )


async def _http_exception_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, UnicodeDecodeError):
        # FastAPI turns a body it cannot decode into a bare 400 "error parsing the body"; say what is wrong.
        message = f"the body is not valid UTF-8 (invalid byte at position {cause.start})"
        return _body_problem(request, 400, "Malformed JSON body", message, "malformed-body")
    detail = exc.detail if isinstance(exc.detail, str) else _status_phrase(exc.status_code)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}"
    elif exc.status_code == 405 and detail == "Method Not Allowed":
        detail = f"{request.method} is not allowed on {request.url.path}"
    return problem_response(request, exc.status_code, None, detail, headers=exc.headers)


async def _overloaded_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Overloaded)
    # 429 rather than 503: the caller should slow down and retry; the instance itself is healthy.
    return problem_response(
        request,
        429,
        "Model overloaded",
        f"{exc.queue_depth} texts are waiting for the model (queue limit {exc.queue_limit}); retry later",
        type_=problem_type("overloaded"),
        headers={"Retry-After": str(max(1, math.ceil(exc.retry_after)))},
    )


async def _stopped_handler(request: Request, exc: Exception) -> Response:
    return problem_response(
        request,
        503,
        "Service unavailable",
        "the model worker is not running (the service is starting or stopping)",
        type_=problem_type("unavailable"),
        headers={"Retry-After": "1"},
    )


async def unhandled_exception_handler(request: Request, exc: Exception) -> Response:
    """500 without internals: the traceback goes to the log (with the request id), never to the caller."""
    logger.error(
        "unhandled error",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"request_id": getattr(request.state, "request_id", None), "path": request.url.path},
    )
    return problem_response(
        request,
        500,
        "Internal server error",
        "The server failed to answer this request; it has been logged. Quote the request_id when reporting it.",
        type_=problem_type("internal-error"),
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers so every error, expected or not, leaves as problem+json."""
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(ProblemError, _problem_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_exception_handler)
    app.add_exception_handler(Overloaded, _overloaded_handler)
    app.add_exception_handler(BatcherStopped, _stopped_handler)
    app.add_exception_handler(Exception, unhandled_exception_handler)
    _document_problem_media_type(app)


def _document_problem_media_type(app: FastAPI) -> None:
    """Make /openapi.json say `application/problem+json` for problem responses.

    FastAPI documents a `responses={…: {"model": Problem}}` entry under the route's media type (application/json);
    we move it after generation, once, so routes only have to name the statuses they answer.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                if not isinstance(operation, dict):
                    continue
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    json_content = content.get("application/json")
                    if (
                        status[:1] in ("4", "5")
                        and json_content is not None
                        and json_content.get("schema", {}).get("$ref", "").endswith("/Problem")
                    ):
                        content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
