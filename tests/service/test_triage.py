"""The triage queue: listing, filters, ranking, pagination, status changes and the agents' page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.triage import Complaint, open_item
from service.storage import repositories as repo
from tests.service.apitools import CueClassifier, assert_problem, database, post_event, queue, set_tier

ITEM_KEYS = {
    "item_id",
    "customer_id",
    "tier",
    "channel",
    "status",
    "priority",
    "score",
    "count",
    "first_text",
    "last_text",
    "emotion",
    "risk_flags",
    "sla_due_at",
    "actions",
}


@pytest.fixture
def app(make_client: Any, database_url: str) -> TestClient:
    client: TestClient = make_client(classifier=CueClassifier(), database_url=database_url)
    return client


def _complain(
    app: TestClient, customer_id: str, text: str = "衣服质量太差，坏了，气死了", **extra: Any
) -> str:
    body = post_event(app, customer_id, text, **extra)
    assert body["triage"] is not None
    item_id: str = body["triage"]["item_id"]
    return item_id


def _patch(app: TestClient, item_id: str, status: str) -> Any:
    return app.patch(f"/v1/triage/{item_id}", json={"status": status})


def test_empty_queue(app: TestClient) -> None:
    assert app.get("/v1/triage").json() == {"items": [], "next_cursor": None}


def test_a_complaint_opens_an_item_with_the_contract_fields(app: TestClient) -> None:
    post_event(app, "c-1", "太棒了，喜欢")  # praise opens nothing
    item_id = _complain(app, "c-1", channel="review")
    [item] = app.get("/v1/triage").json()["items"]
    assert set(item) >= ITEM_KEYS
    assert item["item_id"] == item_id and item["customer_id"] == "c-1" and item["status"] == "open"
    assert item["channel"] == "review" and item["count"] == 1 and item["emotion"] == "anger"
    assert item["priority"] in {"P1", "P2", "P3", "P4"} and item["score"] > 0
    assert item["sla_due_at"] is not None and item["sla_breached"] is False
    assert item["actions"] and all(action["type"] for action in item["actions"])
    assert app.get(f"/v1/triage/{item_id}").json()["item_id"] == item_id


def test_filters(app: TestClient) -> None:
    set_tier(app, "v-1", "vip")
    _complain(app, "v-1", channel="social")
    _complain(app, "r-1", channel="ticket")
    done = _complain(app, "r-2", text="快递丢了，气死了", channel="ticket")
    assert _patch(app, done, "resolved").status_code == 200

    def customers(**params: Any) -> set[str]:
        return {item["customer_id"] for item in queue(app, **params)}

    assert customers() == {"v-1", "r-1"}  # default: the active queue
    assert customers(status="resolved") == {"r-2"}
    assert customers(status="open,resolved") == {"v-1", "r-1", "r-2"}
    assert customers(status="all") == {"v-1", "r-1", "r-2"}
    assert customers(channel="ticket") == {"r-1"}
    assert customers(tier="vip") == {"v-1"}
    assert customers(tier="vip", channel="ticket") == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "closed"}, "status"),
        ({"channel": "fax"}, "channel"),
        ({"tier": "gold"}, "tier"),
        ({"limit": 0}, "limit"),
        ({"cursor": "x"}, "cursor"),
    ],
)
def test_bad_filters_are_problems(app: TestClient, params: dict[str, Any], field: str) -> None:
    assert_problem(app.get("/v1/triage", params=params), 422, field)


def test_pages_follow_one_ranking_without_gaps(app: TestClient) -> None:
    for n, tier in enumerate(["vip", "regular", "loyal", "new", "vip", "regular", "loyal"]):
        set_tier(app, f"p-{n}", tier)
        _complain(app, f"p-{n}", channel=("review", "social", "chat")[n % 3])
    whole = app.get("/v1/triage", params={"limit": 200}).json()["items"]
    paged = queue(app, limit=2)
    assert [item["item_id"] for item in paged] == [item["item_id"] for item in whole]
    scores = [item["score"] for item in whole]
    assert scores == sorted(scores, reverse=True)


def test_an_item_past_its_sla_climbs_and_says_so(app: TestClient) -> None:
    now = datetime.now(UTC)
    complaint = Complaint("快递丢了", "chat", "anger", 0.7, "P3", 60)
    with database(app).write_session() as session:
        for customer_id, opened in (("late-1", now - timedelta(hours=5)), ("fresh-1", now)):
            repo.ensure_customer(session, customer_id, opened, tier="regular")
            repo.save_triage_item(
                session, open_item(f"item-{customer_id}", customer_id, "regular", complaint, opened)
            )
    items = queue(app)
    assert [item["customer_id"] for item in items] == ["late-1", "fresh-1"]
    assert items[0]["sla_breached"] is True and items[1]["sla_breached"] is False


def test_status_changes_follow_the_workflow(app: TestClient) -> None:
    item_id = _complain(app, "w-1")
    assert app.get("/v1/customers/w-1").json()["open_complaints"] == 1
    acknowledged = _patch(app, item_id, "acknowledged")
    assert acknowledged.status_code == 200
    assert acknowledged.json()["status"] == "acknowledged" and acknowledged.json()["acknowledged_at"]
    assert _patch(app, item_id, "acknowledged").status_code == 200  # a retried PATCH is a no-op
    resolved = _patch(app, item_id, "resolved").json()
    assert resolved["status"] == "resolved" and resolved["resolved_at"] and resolved["sla_breached"] is False
    assert app.get("/v1/customers/w-1").json()["open_complaints"] == 0
    assert _patch(app, item_id, "resolved").status_code == 200
    assert app.get("/v1/customers/w-1").json()["open_complaints"] == 0  # not closed twice
    body = assert_problem(_patch(app, item_id, "acknowledged"), 409, "status")
    assert "resolved" in body["detail"]
    # The problem is back: a resolved item is not reopened, a new one is.
    assert _complain(app, "w-1") != item_id


def test_open_items_can_be_resolved_directly(app: TestClient) -> None:
    item_id = _complain(app, "d-1")
    assert _patch(app, item_id, "resolved").json()["status"] == "resolved"
    assert queue(app) == []


@pytest.mark.parametrize(
    "body", [{"status": "closed"}, {"status": "open"}, {}, {"status": 1}, {"status": "resolved", "x": 1}]
)
def test_bad_patch_bodies(app: TestClient, body: dict[str, Any]) -> None:
    item_id = _complain(app, "b-1")
    assert_problem(app.patch(f"/v1/triage/{item_id}", json=body), 422)
    assert queue(app)[0]["status"] == "open"


def test_unknown_items_are_404(app: TestClient) -> None:
    assert_problem(_patch(app, "no-such-item", "resolved"), 404)
    assert_problem(app.get("/v1/triage/no-such-item"), 404)


def test_triage_needs_the_triage_scope(make_client: Any, database_url: str) -> None:
    keys = {"k-read": ["read"], "k-triage": ["triage"], "k-admin": ["admin"]}
    app = make_client(classifier=CueClassifier(), database_url=database_url, api_keys=keys)
    assert_problem(app.get("/v1/triage"), 401)
    assert_problem(app.get("/v1/triage", headers={"X-API-Key": "k-read"}), 403)
    assert_problem(
        app.patch("/v1/triage/x", json={"status": "resolved"}, headers={"X-API-Key": "k-read"}), 403
    )
    for key in ("k-triage", "k-admin"):
        assert app.get("/v1/triage", headers={"X-API-Key": key}).status_code == 200


@pytest.mark.parametrize("path", ["/ui/triage", "/triage/ui"])
def test_the_agents_page(make_client: Any, path: str) -> None:
    response = make_client(classifier=CueClassifier()).get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "/v1/triage" in page and "sessionStorage" in page and "PATCH" in page and "X-API-Key" in page
    assert "innerHTML" not in page and "onclick=" not in page  # customer texts never become markup
    policy = response.headers["content-security-policy"]
    assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy
