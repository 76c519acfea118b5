"""Probes, Prometheus metrics and the structured access log."""

from __future__ import annotations

import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.logging import JsonFormatter
from service.metrics import record_action, record_event_ingested


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_when_model_and_database_answer(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"classifier": "ok", "database": "ok"}}


def test_readyz_is_503_when_the_classifier_probe_raises(client: TestClient, fake_classifier) -> None:  # type: ignore[no-untyped-def]
    fake_classifier.probe_error = RuntimeError("model file vanished")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "retry-after" in response.headers
    body = response.json()
    assert body["checks"] == {"classifier": "failed: RuntimeError", "database": "ok"}
    assert "vanished" not in response.text
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_readyz_is_503_when_the_database_is_down(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    monkeypatch.setattr(runtime.database, "ping", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ping failed"


def test_readyz_is_503_before_start_up(settings, fake_classifier) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(settings, fake_classifier))  # not entered: no lifespan, no runtime
    assert client.get("/readyz").status_code == 503


EXPECTED_SERIES = [
    "xinsheng_http_requests_total",
    "xinsheng_http_request_duration_seconds_bucket",
    "xinsheng_model_inference_seconds_bucket",
    "xinsheng_batch_size_bucket",
    "xinsheng_batch_queue_depth",
    "xinsheng_texts_analyzed_total",
    "xinsheng_events_ingested_total",
    "xinsheng_actions_total",
]


def test_metrics_exposes_the_named_series(client: TestClient) -> None:
    client.post("/v1/analyze", json={"texts": ["好", "差"]})
    client.get("/v1/nothing-here/123")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    for series in EXPECTED_SERIES:
        assert series in text, series
    assert 'xinsheng_http_requests_total{method="POST",route="/v1/analyze",status="200"} 1.0' in text
    assert 'route="unmatched"' in text and "nothing-here" not in text  # templates only: bounded cardinality
    assert 'xinsheng_texts_analyzed_total{model="fake"} 2.0' in text
    assert 'xinsheng_actions_total{type="recovery"} 0.0' in text


def test_record_helpers_count_into_the_app_serving_the_request(settings, fake_classifier) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings, fake_classifier)

    async def ingest_like() -> dict[str, str]:
        record_event_ingested()
        record_action("recovery")
        record_action("made-up")
        return {}

    app.add_api_route("/test/ingest", ingest_like, methods=["POST"])
    with TestClient(app) as client:
        client.post("/test/ingest")
        text = client.get("/metrics").text
    assert "xinsheng_events_ingested_total 1.0" in text
    assert 'xinsheng_actions_total{type="recovery"} 1.0' in text
    assert 'xinsheng_actions_total{type="other"} 1.0' in text
    record_event_ingested()  # outside a request: a no-op, not an error


def test_each_app_has_its_own_registry(make_client) -> None:  # type: ignore[no-untyped-def]
    first, second = make_client(), make_client()
    first.post("/v1/analyze", json={"texts": ["好"]})
    assert 'route="/v1/analyze"' in first.get("/metrics").text
    assert 'route="/v1/analyze"' not in second.get("/metrics").text


def test_one_json_access_line_per_request(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(log_level="INFO")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("xinsheng.access")
    access.addHandler(handler)
    try:
        client.post("/v1/analyze", json={"texts": ["秘密内容"]}, headers={"X-Request-ID": "r-1"})
    finally:
        access.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["method"] == "POST" and entry["route"] == "/v1/analyze" and entry["status"] == 200
    assert entry["request_id"] == "r-1" and isinstance(entry["duration_ms"], float)
    assert "秘密内容" not in lines[0]  # never the body
