"""Issue 6 "Done when": the customer scenarios, through the running app, on SQLite and on PostgreSQL.

A cue-keyed classifier (`apitools.CueClassifier`) stands in for the model, so these test the service and the
engine together with a real database; an end-to-end test with the real model lives elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.apitools import CueClassifier, post_event, queue, set_tier, table_counts


@pytest.fixture
def classifier() -> CueClassifier:
    return CueClassifier()


@pytest.fixture
def app(make_client: Any, database_url: str, classifier: CueClassifier) -> TestClient:
    """The app on the parametrised database (SQLite file, then a fresh PostgreSQL database)."""
    client: TestClient = make_client(classifier=classifier, database_url=database_url)
    return client


def _item_of(app: TestClient, customer_id: str) -> dict[str, Any]:
    items = [item for item in queue(app) if item["customer_id"] == customer_id]
    assert len(items) == 1, items
    return items[0]


def test_praise_recommends_a_reward_and_an_upbeat_ad_tone(app: TestClient) -> None:
    body = post_event(app, "happy-1", "太棒了，非常喜欢这件衣服！", channel="review")
    assert body["analysis"]["emotion"] == "joy"
    rewards = [action for action in body["actions"] if action["type"] == "reward"]
    assert rewards and rewards[0]["rule"] and rewards[0]["reason"]
    assert body["customer"]["ad_tone"] == "upbeat"
    tone = app.get("/v1/customers/happy-1/ad-tone").json()
    assert tone["ad_tone"] == "upbeat" and tone["emotion"] == "joy" and tone["customer_id"] == "happy-1"
    assert queue(app) == []  # praise is no complaint


def test_anxious_message_recommends_reassurance_and_a_reassuring_tone(app: TestClient) -> None:
    body = post_event(app, "anxious-1", "我的退款怎么还没到账，好着急，很担心", channel="chat")
    assert body["analysis"]["emotion"] == "anxiety"
    assert "reassure" in {action["type"] for action in body["actions"]}
    assert body["customer"]["ad_tone"] == "reassuring"
    assert app.get("/v1/customers/anxious-1/ad-tone").json()["ad_tone"] == "reassuring"


def test_angry_message_suppresses_ads(app: TestClient) -> None:
    post_event(app, "angry-1", "太好了，很满意", channel="review")
    body = post_event(app, "angry-1", "垃圾产品，气死我了！", channel="review")
    assert body["customer"]["ad_tone"] == "suppress"
    assert "recovery" in {action["type"] for action in body["actions"]}
    tone = app.get("/v1/customers/angry-1/ad-tone").json()
    assert tone["ad_tone"] == "suppress"
    assert app.get("/v1/customers/angry-1").json()["ad_tone"] == "suppress"


def test_vip_complaint_outranks_a_regular_customers(app: TestClient) -> None:
    set_tier(app, "vip-1", "vip")
    set_tier(app, "regular-1", "regular")
    complaint = "衣服质量太差了，洗一次就坏了，气死了"
    post_event(app, "regular-1", complaint, channel="review")
    post_event(app, "vip-1", complaint, channel="review")
    items = queue(app)
    assert [item["customer_id"] for item in items] == ["vip-1", "regular-1"]
    assert items[0]["tier"] == "vip" and items[0]["score"] > items[1]["score"]


def test_three_messages_about_one_problem_make_one_item(app: TestClient) -> None:
    texts = ["快递一个星期了还没到，气死了", "快递还是没到，太差了", "我的快递到底什么时候到？气死了"]
    for text in texts:
        post_event(app, "repeat-1", text, channel="chat")
    items = queue(app)
    assert len(items) == 1
    item = items[0]
    assert item["count"] == 3
    assert item["first_text"] == texts[0] and item["last_text"] == texts[-1]
    assert app.get("/v1/customers/repeat-1").json()["open_complaints"] == 1


def test_threat_to_go_public_is_flagged_and_ranks_higher(app: TestClient) -> None:
    plain = "买的手机质量太差，坏了，气死了"
    threat = "买的手机质量太差，坏了，气死了，不处理我就去12315投诉，还要曝光"
    post_event(app, "plain-1", plain, channel="ticket")
    body = post_event(app, "threat-1", threat, channel="ticket")
    assert "public_escalation" in body["risk_flags"]
    items = queue(app)
    assert [item["customer_id"] for item in items] == ["threat-1", "plain-1"]
    assert "public_escalation" in items[0]["risk_flags"]
    assert "public_escalation" not in items[1]["risk_flags"]


def test_ten_praises_do_not_earn_ten_paid_rewards(app: TestClient) -> None:
    paid = 0
    skipped = 0
    for n in range(10):
        body = post_event(app, "fan-1", f"太棒了，第{n}次买还是很喜欢", channel="review")
        paid += sum(1 for a in body["actions"] if a["type"] == "reward" and a["cost"] > 0)
        skipped += sum(1 for a in body["actions"] if "skipped" in a["reason"])
    assert 1 <= paid < 10
    assert skipped == 10 - paid  # every praise is still answered, the rest with a free thank-you
    ledger = app.get("/v1/customers/fan-1/events", params={"limit": 100}).json()["items"]
    assert sum(1 for e in ledger for a in e["actions"] if a["type"] == "reward" and a["cost"] > 0) == paid


def test_reposted_event_id_changes_nothing(app: TestClient, classifier: CueClassifier) -> None:
    payload = {
        "customer_id": "retry-1",
        "channel": "ticket",
        "text": "快递丢了，气死了",
        "event_id": "ticket-42",
    }
    first = app.post("/v1/events", json=payload)
    assert first.status_code == 201
    state = app.get("/v1/customers/retry-1").json()
    counts = table_counts(app)
    calls = classifier.calls
    again = app.post("/v1/events", json=payload)
    assert again.status_code == 200
    assert again.content == first.content  # the first answer, verbatim
    changed = app.post(
        "/v1/events", json={**payload, "text": "太棒了"}
    )  # same key, other text: still the first
    assert changed.status_code == 200 and changed.content == first.content
    assert table_counts(app) == counts
    assert app.get("/v1/customers/retry-1").json() == state
    assert classifier.calls == calls  # a replay does not call the model
    assert len(queue(app)) == 1


def test_deleted_customer_leaves_no_row_behind(app: TestClient) -> None:
    post_event(app, "gone-1", "太棒了，喜欢", channel="review")
    post_event(app, "gone-1", "快递还没到，气死了", channel="chat")
    post_event(app, "gone-1", "快递怎么还没到，气死了，我要曝光", channel="social")
    post_event(app, "stays-1", "快递丢了，气死了", channel="chat")
    before = table_counts(app, "gone-1")
    assert (
        before["customers"] == 1
        and before["events"] == 3
        and before["actions"] > 0
        and before["triage_items"] >= 1
    )
    others = table_counts(app, "stays-1")

    assert app.delete("/v1/customers/gone-1").status_code == 204
    assert all(count == 0 for count in table_counts(app, "gone-1").values()), table_counts(app, "gone-1")
    assert table_counts(app, "stays-1") == others
    for path in ("/v1/customers/gone-1", "/v1/customers/gone-1/events", "/v1/customers/gone-1/ad-tone"):
        assert app.get(path).status_code == 404
    assert all(item["customer_id"] != "gone-1" for item in queue(app, status="all"))
