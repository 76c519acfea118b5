"""Every error leaves as RFC 9457 problem+json, with the request id, and without internals."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from models.classifier import Classifier
from service.api.problems import ProblemError, field_path
from service.app import create_app
from service.config import Settings


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (("body", "texts", 3), "texts[3]"),
        (("body", "items", 0, "text"), "items[0].text"),
        (("body",), "body"),
        (("body", 17), "body"),  # JSON decode error at byte 17
        (("query", "limit"), "limit"),
        (("path", "customer_id"), "customer_id"),
        ((), "body"),
    ],
)
def test_field_path(loc: tuple, field: str) -> None:
    assert field_path(loc) == field


@pytest.fixture
def app_with_failures(settings: Settings, fake_classifier: Classifier) -> TestClient:
    """An app with extra routes that fail in each way a route can fail."""
    app = create_app(settings, fake_classifier)

    async def secret_failure() -> None:
        raise RuntimeError("password=hunter2 at /srv/secret.py")

    async def problem() -> None:
        raise ProblemError(409, "Conflict", "the item changed", field="status", headers={"X-Extra": "1"})

    app.add_api_route("/test/boom", secret_failure)
    app.add_api_route("/test/problem", problem)
    return TestClient(app)


def test_unhandled_exception_is_a_500_problem_without_internals(app_with_failures: TestClient) -> None:
    with app_with_failures as client:
        response = client.get("/test/boom", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "req-123"
    body = response.json()
    assert body["status"] == 500 and body["request_id"] == "req-123" and body["instance"] == "/test/boom"
    assert (
        "hunter2" not in response.text
        and "secret.py" not in response.text
        and "RuntimeError" not in response.text
    )


def test_problem_error_keeps_status_field_and_headers(app_with_failures: TestClient) -> None:
    with app_with_failures as client:
        response = client.get("/test/problem")
    assert response.status_code == 409
    assert response.headers["x-extra"] == "1"
    body = response.json()
    assert body["title"] == "Conflict" and body["detail"] == "the item changed"
    assert body["errors"] == [{"field": "status", "message": "the item changed"}]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/nope", 404), ("GET", "/v1/analyze", 405), ("DELETE", "/healthz", 405)],
)
def test_routing_errors_are_problems(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "about:blank" and body["status"] == status and body["instance"] == path
    assert body["title"] in ("Not Found", "Method Not Allowed")


def test_request_id_is_generated_or_propagated(client: TestClient) -> None:
    generated = client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-1.2:3"}).headers["x-request-id"] == "abc-1.2:3"
    )
    # A header that could inject into logs is replaced, not echoed.
    unsafe = client.get("/healthz", headers={"X-Request-ID": 'a b"c'}).headers["x-request-id"]
    assert unsafe != 'a b"c' and len(unsafe) == 32


def test_problem_carries_the_request_id(client: TestClient) -> None:
    response = client.post("/v1/analyze", json={"texts": [""]}, headers={"X-Request-ID": "trace-42"})
    assert response.json()["request_id"] == "trace-42"
