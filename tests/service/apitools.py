"""Helpers for the storage and API tests: a cue-keyed classifier, row counting, and small request helpers."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from models.analysis import EMOTIONS, Analysis, AspectSentiment
from service.storage.database import Database
from service.storage.tables import Base

# Text cue → (emotion, sentiment, score). First match wins, so stronger cues come first.
CUES: tuple[tuple[tuple[str, ...], str, str, float], ...] = (
    (("气死", "垃圾", "太差", "骗子"), "anger", "negative", -0.85),
    (("失望",), "disappointment", "negative", -0.6),
    (("着急", "担心", "怎么还没"), "anxiety", "negative", -0.5),
    (("谢谢", "感谢"), "gratitude", "positive", 0.7),
    (("太棒", "喜欢", "满意", "好评"), "joy", "positive", 0.9),
)
ASPECT_CUES: dict[str, tuple[str, ...]] = {
    "物流": ("快递", "物流", "包裹"),
    "质量": ("质量", "坏了"),
    "价格": ("价格", "贵"),
}


class CueClassifier:
    """A deterministic stand-in for the model, keyed on text cues, so tests exercise the service and the engine.

    气死/垃圾 → anger, 失望 → disappointment, 着急/担心 → anxiety, 谢谢 → gratitude, 太棒/喜欢 → joy, else neutral;
    快递/物流 → the 物流 aspect, 质量 → 质量. `calls` counts texts analysed (the ad-tone read must not add any).
    """

    name = "cue"

    def __init__(self, intensity: float = 0.7) -> None:
        self.intensity = intensity
        self.calls = 0
        self._lock = threading.Lock()

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """One analysis per text."""
        with self._lock:
            self.calls += len(texts)
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> Analysis:
        emotion, sentiment, score = "neutral", "neutral", 0.0
        for cues, cue_emotion, cue_sentiment, cue_score in CUES:
            if any(cue in text for cue in cues):
                emotion, sentiment, score = cue_emotion, cue_sentiment, cue_score
                break
        probabilities = {
            name: 0.9 if name == sentiment else 0.05 for name in ("positive", "neutral", "negative")
        }
        emotions = {name: 0.85 if name == emotion else 0.03 for name in EMOTIONS}
        aspects = [
            AspectSentiment(aspect, sentiment, text[:20])
            for aspect, cues in ASPECT_CUES.items()
            if any(cue in text for cue in cues)
        ]
        return Analysis(
            sentiment=sentiment,
            score=score,
            probabilities=probabilities,
            emotion=emotion,
            emotions=emotions,
            intensity=self.intensity if emotion != "neutral" else 0.1,
            aspects=aspects,
            evidence=[text[:10]],
            model="cue-test",
        )


def database(client: TestClient) -> Database:
    """The running app's database."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    assert runtime is not None
    db: Database = runtime.database
    return db


def table_counts(client: TestClient, customer_id: str | None = None) -> dict[str, int]:
    """Rows in every table of the schema (for one customer: rows whose customer column holds the id)."""
    counts: dict[str, int] = {}
    with database(client).session() as session:
        for table in Base.metadata.sorted_tables:
            statement = select(func.count()).select_from(table)
            if customer_id is not None:
                column = table.c.id if table.name == "customers" else table.c.customer_id
                statement = statement.where(column == customer_id)
            counts[table.name] = int(session.execute(statement).scalar_one())
    return counts


def post_event(
    client: TestClient, customer_id: str, text: str, channel: str = "chat", **extra: Any
) -> dict[str, Any]:
    """POST one event, assert it was stored (201), return the body."""
    response = client.post(
        "/v1/events", json={"customer_id": customer_id, "channel": channel, "text": text, **extra}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def set_tier(client: TestClient, customer_id: str, tier: str) -> None:
    """Give a customer a CRM tier."""
    response = client.put(f"/v1/customers/{customer_id}/profile", json={"tier": tier})
    assert response.status_code == 200, response.text


def queue(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    """Every item of the triage listing (following cursors)."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/triage", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status`, naming `field` when given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    if field is not None:
        fields = [error["field"] for error in body.get("errors", [])]
        assert field in fields, body
    return body


# The analysis result's fields in the contract's order (PRODUCT.md section 3).
RESULT_KEYS = [
    "id",
    "sentiment",
    "score",
    "probabilities",
    "emotion",
    "emotions",
    "intensity",
    "aspects",
    "evidence",
    "model",
]
