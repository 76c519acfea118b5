"""POST /v1/events: the contract, idempotency, bad input (nothing stored), auth and metrics; SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.apitools import RESULT_KEYS, CueClassifier, assert_problem, post_event, table_counts

ANALYSIS_KEYS = set(RESULT_KEYS)
STATE_KEYS = {
    "customer_id",
    "tier",
    "emotion",
    "sentiment_score",
    "trend",
    "channels",
    "ad_tone",
    "open_complaints",
    "recent_actions",
    "last_event_at",
}
ACTION_KEYS = {"type", "action", "priority", "cost", "expected_value", "sla_minutes", "rule", "reason"}


@pytest.fixture
def classifier() -> CueClassifier:
    return CueClassifier()


@pytest.fixture
def app(make_client: Any, database_url: str, classifier: CueClassifier) -> TestClient:
    client: TestClient = make_client(classifier=classifier, database_url=database_url)
    return client


def test_event_is_stored_and_answered_with_the_contract_fields(app: TestClient) -> None:
    response = app.post(
        "/v1/events",
        json={
            "customer_id": "c-1",
            "channel": "review",
            "text": "快递太慢了，气死了",
            "event_id": "rv-1",
            "order_value": 399,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"event_id", "analysis", "customer", "actions", "risk_flags"}
    assert body["event_id"] == "rv-1"
    assert set(body["analysis"]) == ANALYSIS_KEYS and body["analysis"]["id"] == "rv-1"
    assert set(body["customer"]) >= STATE_KEYS
    customer = body["customer"]
    assert (
        customer["customer_id"] == "c-1"
        and customer["emotion"] == "anger"
        and customer["open_complaints"] == 1
    )
    assert customer["channels"]["review"]["events"] == 1
    assert body["actions"] and all(set(action) == ACTION_KEYS for action in body["actions"])
    assert isinstance(body["risk_flags"], list)
    assert body["triage"]["change"] == "opened"
    timeline = app.get("/v1/customers/c-1/events").json()["items"]
    assert [item["event_id"] for item in timeline] == ["rv-1"]
    assert timeline[0]["order_value"] == 399 and timeline[0]["analysis"] == body["analysis"]


def test_event_id_is_generated_when_absent(app: TestClient) -> None:
    first = post_event(app, "c-1", "太棒了")
    second = post_event(app, "c-1", "太棒了")
    assert re.fullmatch(r"[0-9a-f]{32}", first["event_id"]) and first["event_id"] != second["event_id"]
    assert second["customer"]["event_count"] == 2


def test_reposting_an_event_id_returns_the_first_answer_and_stores_nothing(
    app: TestClient, classifier: CueClassifier
) -> None:
    payload = {"customer_id": "c-1", "channel": "chat", "text": "喜欢", "event_id": "e-1"}
    first = app.post("/v1/events", json=payload)
    counts, calls = table_counts(app), classifier.calls
    for variant in (payload, {**payload, "text": "气死了"}, {**payload, "channel": "social"}):
        again = app.post("/v1/events", json=variant)
        assert again.status_code == 200 and again.content == first.content
    assert table_counts(app) == counts and classifier.calls == calls


def test_an_event_id_of_another_customer_is_a_conflict(app: TestClient) -> None:
    post_event(app, "c-1", "喜欢", event_id="shared")
    counts = table_counts(app)
    response = app.post(
        "/v1/events", json={"customer_id": "c-2", "channel": "chat", "text": "喜欢", "event_id": "shared"}
    )
    assert_problem(response, 409, "event_id")
    assert table_counts(app) == counts


def test_occurred_at_without_offset_is_utc_and_offsets_are_normalised(app: TestClient) -> None:
    post_event(app, "c-1", "喜欢", event_id="naive", occurred_at="2025-01-01T10:00:00")
    post_event(app, "c-1", "喜欢", event_id="east", occurred_at="2025-01-01T18:30:00+08:00")
    post_event(app, "c-1", "喜欢", event_id="zulu", occurred_at="2025-01-01T09:00:00Z")
    items = {item["event_id"]: item for item in app.get("/v1/customers/c-1/events").json()["items"]}
    assert datetime.fromisoformat(items["naive"]["occurred_at"]) == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)
    assert datetime.fromisoformat(items["east"]["occurred_at"]) == datetime(2025, 1, 1, 10, 30, tzinfo=UTC)
    assert datetime.fromisoformat(items["zulu"]["occurred_at"]) == datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def test_long_texts_up_to_the_limit_are_accepted(make_client: Any, database_url: str) -> None:
    app = make_client(classifier=CueClassifier(), database_url=database_url, max_text_chars=10_000)
    assert (
        app.post(
            "/v1/events", json={"customer_id": "c", "channel": "chat", "text": "好" * 10_000}
        ).status_code
        == 201
    )
    too_long = app.post("/v1/events", json={"customer_id": "c", "channel": "chat", "text": "好" * 10_001})
    assert_problem(too_long, 422, "text")
    assert table_counts(app)["events"] == 1


VALID = {"customer_id": "c-1", "channel": "chat", "text": "喜欢"}
BAD_BODIES: list[tuple[str, dict[str, Any], str]] = [
    ("unknown channel", {**VALID, "channel": "fax"}, "channel"),
    ("missing channel", {"customer_id": "c-1", "text": "喜欢"}, "channel"),
    ("missing text", {"customer_id": "c-1", "channel": "chat"}, "text"),
    ("empty text", {**VALID, "text": ""}, "text"),
    ("whitespace text", {**VALID, "text": " \n\t\u3000"}, "text"),
    ("text not a string", {**VALID, "text": 123}, "text"),
    ("unpaired surrogate", {**VALID, "text": "好\ud800"}, "text"),
    # PostgreSQL text cannot hold U+0000: refused on both backends, before the model runs.
    ("NUL character", {**VALID, "text": "好\x00评"}, "text"),
    ("customer_id a number", {**VALID, "customer_id": 42}, "customer_id"),
    ("customer_id empty", {**VALID, "customer_id": ""}, "customer_id"),
    ("customer_id too long", {**VALID, "customer_id": "c" * 129}, "customer_id"),
    ("customer_id with a slash", {**VALID, "customer_id": "a/b"}, "customer_id"),
    ("event_id empty", {**VALID, "event_id": ""}, "event_id"),
    ("event_id a number", {**VALID, "event_id": 7}, "event_id"),
    ("order_value a string", {**VALID, "order_value": "12"}, "order_value"),
    ("order_value negative", {**VALID, "order_value": -1}, "order_value"),
    ("order_value a boolean", {**VALID, "order_value": True}, "order_value"),
    ("occurred_at not a date", {**VALID, "occurred_at": "yesterday"}, "occurred_at"),
    ("occurred_at a number", {**VALID, "occurred_at": 1700000000}, "occurred_at"),
    (
        "occurred_at far ahead",
        {**VALID, "occurred_at": (datetime.now(UTC) + timedelta(days=3)).isoformat()},
        "occurred_at",
    ),
]


@pytest.mark.parametrize(("case", "body", "field"), BAD_BODIES, ids=[case for case, _, _ in BAD_BODIES])
def test_bad_input_is_a_problem_naming_the_field_and_nothing_is_stored(
    app: TestClient, classifier: CueClassifier, case: str, body: dict[str, Any], field: str
) -> None:
    # Sent as ASCII JSON, so that an unpaired surrogate travels as the escape a client would send.
    response = app.post("/v1/events", content=json.dumps(body), headers={"content-type": "application/json"})
    assert_problem(response, 422, field)
    assert all(count == 0 for count in table_counts(app).values())
    assert classifier.calls == 0


@pytest.mark.parametrize(
    ("content", "status"),
    [(b'{"customer_id": "c", "channel": "chat", "text": ', 400), (b"\xff\xfe{}", 400), (b"[1, 2]", 422)],
    ids=["truncated JSON", "invalid UTF-8", "not an object"],
)
def test_malformed_bodies_are_refused(app: TestClient, content: bytes, status: int) -> None:
    response = app.post("/v1/events", content=content, headers={"content-type": "application/json"})
    assert_problem(response, status)
    assert all(count == 0 for count in table_counts(app).values())


def test_oversize_body_is_refused_and_nothing_stored(make_client: Any, database_url: str) -> None:
    app = make_client(classifier=CueClassifier(), database_url=database_url, max_body_bytes=2048)
    response = app.post("/v1/events", json={**VALID, "text": "好" * 2000})
    assert_problem(response, 413)
    assert all(count == 0 for count in table_counts(app).values())


def test_ingest_needs_the_ingest_scope(make_client: Any, database_url: str) -> None:
    keys = {"k-ingest": ["ingest"], "k-read": ["read"], "k-admin": ["admin"]}
    app = make_client(classifier=CueClassifier(), database_url=database_url, api_keys=keys)
    assert_problem(app.post("/v1/events", json=VALID), 401)
    assert_problem(app.post("/v1/events", json=VALID, headers={"X-API-Key": "k-read"}), 403)
    assert app.post("/v1/events", json=VALID, headers={"X-API-Key": "k-ingest"}).status_code == 201
    assert app.post("/v1/events", json=VALID, headers={"X-API-Key": "k-admin"}).status_code == 201
    assert table_counts(app)["events"] == 2


def test_metrics_count_stored_events_and_actions_not_replays(app: TestClient) -> None:
    body = post_event(app, "c-1", "气死了，快递丢了", event_id="m-1")
    app.post("/v1/events", json={**VALID, "customer_id": "c-1", "event_id": "m-1"})
    metrics = app.get("/metrics").text
    assert re.search(r"^xinsheng_events_ingested_total 1\.0$", metrics, re.MULTILINE), metrics
    recovery = sum(1 for action in body["actions"] if action["type"] == "recovery")
    assert re.search(rf'^xinsheng_actions_total{{type="recovery"}} {recovery}\.0$', metrics, re.MULTILINE)
