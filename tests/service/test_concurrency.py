"""Concurrent ingestion loses no update, on SQLite and PostgreSQL.

Requests run on real threads against the running app (the TestClient's portal serves them concurrently; the
database work runs in the server's thread pool), and, for SQLite, also from two independent `Database` objects on
one file, which is what two server processes look like to the database (no shared in-process lock).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from engine.policy import DEFAULT_POLICY_PATH, load_policy
from service.ingest import EngineSettings, EventInput, ingest_event
from service.storage import repositories as repo
from service.storage.database import Database
from tests.service.apitools import CueClassifier, queue, table_counts

THREADS = 16


@pytest.fixture
def app(make_client: Any, database_url: str) -> TestClient:
    client: TestClient = make_client(classifier=CueClassifier(), database_url=database_url)
    return client


def _post(client: TestClient, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/events", json=payload)
    return response.status_code, response.json()


def test_concurrent_events_for_one_customer_lose_no_update(app: TestClient) -> None:
    posted = 32
    payloads = [
        {
            "customer_id": "busy-1",
            "channel": ("chat", "review", "ticket")[n % 3],
            "text": f"太棒了，第{n}条",
            "event_id": f"busy-{n}",
        }
        for n in range(posted)
    ]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda p: _post(app, p), payloads))
    assert [status for status, _ in results] == [201] * posted

    state = app.get("/v1/customers/busy-1").json()
    assert state["event_count"] == posted
    assert sum(channel["events"] for channel in state["channels"].values()) == posted
    timeline = app.get("/v1/customers/busy-1/events", params={"limit": 100}).json()
    assert sorted(item["event_id"] for item in timeline["items"]) == sorted(p["event_id"] for p in payloads)
    # Every answer saw a distinct predecessor state: the event counts 1..N each appear exactly once.
    assert sorted(body["customer"]["event_count"] for _, body in results) == list(range(1, posted + 1))


def test_concurrent_complaints_about_one_problem_make_one_item(app: TestClient) -> None:
    posted = THREADS
    payloads = [
        {"customer_id": "angry-many", "channel": "chat", "text": f"快递还没到，气死了（第{n}次问）"}
        for n in range(posted)
    ]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda p: _post(app, p), payloads))
    assert all(status == 201 for status, _ in results)
    items = queue(app)
    assert len(items) == 1 and items[0]["count"] == posted
    assert app.get("/v1/customers/angry-many").json()["open_complaints"] == 1


def test_concurrent_duplicate_posts_store_one_event(app: TestClient) -> None:
    payload = {
        "customer_id": "dup-1",
        "channel": "ticket",
        "text": "快递丢了，气死了",
        "event_id": "dup-event",
    }
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda _: _post(app, payload), range(THREADS)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (THREADS - 1) + [201]
    bodies = {repr(body) for _, body in results}
    assert len(bodies) == 1  # everyone got the first answer
    counts = table_counts(app, "dup-1")
    assert counts["events"] == 1 and counts["triage_items"] == 1


def test_concurrent_first_events_of_many_customers(app: TestClient) -> None:
    payloads = [
        {"customer_id": f"new-{n % 4}", "channel": "chat", "text": f"喜欢 {n}"} for n in range(THREADS * 2)
    ]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda p: _post(app, p), payloads))
    assert all(status == 201 for status, _ in results)
    for n in range(4):
        assert app.get(f"/v1/customers/new-{n}").json()["event_count"] == 8


def test_daily_reward_cap_holds_under_concurrency(
    make_client: Any, database_url: str, tmp_path: Path
) -> None:
    policy = yaml.safe_load(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))
    policy["budget"]["daily_cap"] = 20  # ten 2-CNY welcome rewards for new customers
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")
    app: TestClient = make_client(
        classifier=CueClassifier(), database_url=database_url, policy_path=str(path)
    )
    payloads = [
        {"customer_id": f"fan-{n}", "channel": "review", "text": "太棒了，喜欢"} for n in range(THREADS)
    ]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda p: _post(app, p), payloads))
    assert all(status == 201 for status, _ in results)
    paid = [a for _, body in results for a in body["actions"] if a["type"] == "reward" and a["cost"] > 0]
    assert sum(a["cost"] for a in paid) == pytest.approx(20.0)
    blocked = [a for _, body in results for a in body["actions"] if "daily reward budget" in a["reason"]]
    assert len(paid) + len(blocked) == THREADS


def test_two_database_handles_on_one_store_lose_no_update(database_url: str) -> None:
    """Two engines (as two server processes would have) writing one customer: row locks / BEGIN IMMEDIATE only."""
    first, second = Database.connect(database_url), Database.connect(database_url)
    first.migrate()
    policy = load_policy()
    engine = EngineSettings(half_life_hours=72.0)
    classifier = CueClassifier()
    texts = [f"快递还没到，气死了 {n}" if n % 2 else f"太棒了 {n}" for n in range(THREADS * 2)]

    def work(n: int) -> int:
        db = first if n % 2 else second
        event = EventInput("shared-1", "chat", texts[n], event_id=f"shared-{n}")
        [analysis] = classifier.analyze([texts[n]])
        return ingest_event(db, event, analysis, policy, engine, now=datetime.now(UTC)).status

    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            statuses = list(pool.map(work, range(len(texts))))
        assert statuses == [201] * len(texts)
        with first.session() as session:
            customer = repo.get_customer(session, "shared-1")
            assert customer is not None and customer.event_count == len(texts)
            assert repo.count_rows(session, "shared-1")["events"] == len(texts)
            assert customer.version == len(texts) + 1  # one row update per event, none lost
    finally:
        first.dispose()
        second.dispose()
