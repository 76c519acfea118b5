"""Request limits: per-caller rate limit (429 + Retry-After) and the body size guard."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.limits import RateLimiter

BODY = {"texts": ["还不错"]}


def test_rate_limit_answers_429_with_retry_after(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=3)
    statuses = [client.post("/v1/analyze", json=BODY).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/v1/analyze", json=BODY)
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["type"] == "urn:xinsheng:problem:rate-limited"


def test_rate_limit_is_per_key(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=2, api_keys={"a": ["analyze"], "b": ["analyze"]})
    for _ in range(2):
        assert client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "a"}).status_code == 200
    assert client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "a"}).status_code == 429
    assert client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "b"}).status_code == 200


def test_reads_have_their_own_budget(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=2, rate_limit_read_per_minute=3, api_keys={"a": ["analyze", "read"]})
    key = {"X-API-Key": "a"}
    assert [client.post("/v1/analyze", json=BODY, headers=key).status_code for _ in range(3)] == [200, 200, 429]
    # The main budget is spent, yet an ad server's lookups with the same key still go through, up to their own.
    reads = [client.get("/v1/customers/nobody/ad-tone", headers=key).status_code for _ in range(4)]
    assert reads == [404, 404, 404, 429]


def test_failed_authentication_spends_the_client_budget(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=2, api_keys={"a": ["analyze"]})
    statuses = [
        client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "guess"}).status_code for _ in range(3)
    ]
    assert statuses == [401, 401, 429]


def test_zero_disables_the_rate_limit(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=0)
    assert all(client.post("/v1/analyze", json=BODY).status_code == 200 for _ in range(20))


def test_probes_are_not_rate_limited(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=1)
    assert all(client.get("/healthz").status_code == 200 for _ in range(5))


def test_token_bucket_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])  # one token per second, bursts of 60
    assert all(limiter.acquire("k") is None for _ in range(60))
    wait = limiter.acquire("k")
    assert wait == pytest.approx(1.0)
    now[0] += 0.5
    assert limiter.acquire("k") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.acquire("k") is None
    assert limiter.acquire("other") is None  # buckets are independent


def test_idle_buckets_are_pruned() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    limiter._PRUNE_AT = 10  # type: ignore[misc]
    for i in range(10):
        limiter.acquire(f"ip:{i}")
    now[0] += 120  # everyone is full again
    limiter.acquire("ip:new")
    assert len(limiter._buckets) <= 2


def test_declared_content_length_over_the_limit_is_refused_on_any_path(make_client) -> None:  # type: ignore[no-untyped-def]
    client: TestClient = make_client(max_body_bytes=2048)
    response = client.post("/v1/analyze", content=b"x" * 4096, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "x-request-id" in response.headers
    problem = response.json()
    assert problem["errors"] == [{"field": "body", "message": "the request body is larger than 2048 bytes"}]
    assert client.post("/nowhere", content=b"x" * 4096).status_code == 413


def test_body_at_the_limit_passes(make_client) -> None:  # type: ignore[no-untyped-def]
    client: TestClient = make_client(max_body_bytes=2048)
    body = b'{"texts": ["' + b"a" * (2048 - 15) + b'"]}'
    assert len(body) == 2048
    assert (
        client.post("/v1/analyze", content=body, headers={"content-type": "application/json"}).status_code
        == 200
    )
