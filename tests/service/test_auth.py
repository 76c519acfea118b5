"""API keys and scopes: 401 without a valid key, 403 without the scope, `admin` implies all, open mode."""

from __future__ import annotations

import hmac
import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from service.auth import ApiKeys, Caller
from service.config import Settings
from service.logging import JsonFormatter

KEYS = {
    "key-analyze": ["analyze"],
    "key-read": ["read", "ingest"],
    "key-admin": ["admin"],
}
BODY = {"texts": ["服务很好"]}


@pytest.fixture
def secured(make_client) -> TestClient:  # type: ignore[no-untyped-def]
    return make_client(api_keys=KEYS)


def test_missing_key_is_401_problem_with_www_authenticate(secured: TestClient) -> None:
    response = secured.post("/v1/analyze", json=BODY)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == 'ApiKey header="X-API-Key"'
    assert "missing" in response.json()["detail"]


def test_unknown_key_is_401(secured: TestClient) -> None:
    response = secured.post("/v1/analyze", json=BODY, headers={"X-API-Key": "key-analyzeX"})
    assert response.status_code == 401
    assert "unknown" in response.json()["detail"]
    assert "key-analyzeX" not in response.text


def test_key_without_the_scope_is_403(secured: TestClient) -> None:
    response = secured.post("/v1/analyze", json=BODY, headers={"X-API-Key": "key-read"})
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["required_scope"] == "analyze"


@pytest.mark.parametrize("key", ["key-analyze", "key-admin"])
def test_key_with_the_scope_or_admin_is_200(secured: TestClient, key: str) -> None:
    assert secured.post("/v1/analyze", json=BODY, headers={"X-API-Key": key}).status_code == 200


def test_auth_runs_before_body_validation(secured: TestClient) -> None:
    # An anonymous caller learns nothing about the API beyond "authenticate first".
    assert secured.post("/v1/analyze", json={"texts": [""]}).status_code == 401


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics", "/docs", "/openapi.json"])
def test_operational_endpoints_need_no_key(secured: TestClient, path: str) -> None:
    assert secured.get(path).status_code == 200


def test_open_mode_needs_no_key(client: TestClient) -> None:
    assert client.post("/v1/analyze", json=BODY).status_code == 200
    assert client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "anything"}).status_code == 200


def test_unknown_scope_in_settings_stops_start_up(settings: Settings, fake_classifier) -> None:  # type: ignore[no-untyped-def]
    from service.app import create_app

    with pytest.raises(ValueError, match="unknown scope"):
        create_app(settings.model_copy(update={"api_keys": {"k": ["analyse"]}}), fake_classifier)


def test_api_keys_setting_parses_json_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XINSHENG_API_KEYS", json.dumps(KEYS))
    assert Settings(_env_file=None).api_keys == KEYS  # type: ignore[call-arg]


def test_admin_implies_every_scope() -> None:
    admin = Caller("x", frozenset({"admin"}))
    assert all(admin.allows(scope) for scope in ("analyze", "ingest", "read", "triage", "admin"))
    reader = Caller("y", frozenset({"read"}))
    assert reader.allows("read") and not reader.allows("triage") and not reader.allows("admin")


def test_lookup_compares_every_key_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = ApiKeys(KEYS)
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("service.auth.hmac.compare_digest", spy)
    caller = keys.authenticate("key-analyze")  # the first key: no early exit after the match
    assert caller is not None and caller.scopes == {"analyze"}
    assert len(calls) == len(KEYS)
    calls.clear()
    assert keys.authenticate("nope") is None
    assert len(calls) == len(KEYS)
    assert all(len(a) == len(b) == 32 for a, b in calls)  # digests: equal lengths, so length does not leak


def test_keys_never_appear_in_logs(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(api_keys=KEYS, log_level="INFO")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("xinsheng")
    logger.addHandler(handler)
    try:
        client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "key-analyze"})
        client.post("/v1/analyze", json=BODY, headers={"X-API-Key": "key-wrong-secret"})
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["status"] for line in lines] == [200, 401]
    assert lines[0]["key_id"] and lines[1]["key_id"] is None  # a fingerprint identifies the key in logs
    assert "key-analyze" not in stream.getvalue() and "key-wrong-secret" not in stream.getvalue()
