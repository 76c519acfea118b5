"""Shared fixtures for the service tests (used by the analysis/ops tests and the storage/API tests alike).

- `fake_classifier`: a deterministic, thread-safe `FakeClassifier` that records the batches it was given;
- `settings`: `Settings` on a temp SQLite file (`database_url=sqlite:///<tmp>/x.db`), open (no API keys);
- `make_client(**overrides)`: a `TestClient` on `create_app(settings + overrides, fake_classifier)`, entered as a
  context manager so the lifespan (database, batcher) runs; pass `classifier=` to use another classifier;
- `client`: `make_client()`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.analysis import EMOTIONS, Analysis, AspectSentiment
from models.classifier import Classifier
from service.app import create_app
from service.config import Settings

POSITIVE_WORDS = ("好", "喜欢", "满意", "谢谢", "赞")
NEGATIVE_WORDS = ("差", "慢", "失望", "生气", "垃圾", "退款")


class FakeClassifier:
    """Keyword rules instead of a model: fast, deterministic, and observable.

    - sentiment/emotion from a few keywords (positive → joy, negative → anger, else neutral);
    - `evidence` is the text itself, so tests can check that results come back in input order;
    - `calls` records each batch (list of texts); `delay` sleeps per call (to let batches form);
    - a text containing `fail_on` makes the whole call raise `RuntimeError`.
    """

    name = "fake"

    def __init__(self, delay: float = 0.0, fail_on: str | None = "💥") -> None:
        self.delay = delay
        self.fail_on = fail_on
        self.calls: list[list[str]] = []
        self.lock = threading.Lock()
        self.probe_error: Exception | None = None

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """One `Analysis` per text."""
        texts = list(texts)
        with self.lock:
            self.calls.append(texts)
        if self.probe_error is not None:
            raise self.probe_error
        if self.fail_on is not None and any(self.fail_on in text for text in texts):
            raise RuntimeError("fake classifier failure")
        if self.delay:
            time.sleep(self.delay)
        return [self._one(text) for text in texts]

    @property
    def batch_sizes(self) -> list[int]:
        """Sizes of the batches analysed so far."""
        with self.lock:
            return [len(call) for call in self.calls]

    def _one(self, text: str) -> Analysis:
        if any(word in text for word in NEGATIVE_WORDS):
            sentiment, emotion, score = "negative", "anger", -0.8
        elif any(word in text for word in POSITIVE_WORDS):
            sentiment, emotion, score = "positive", "joy", 0.8
        else:
            sentiment, emotion, score = "neutral", "neutral", 0.0
        probabilities = {s: (0.8 if s == sentiment else 0.1) for s in ("positive", "neutral", "negative")}
        emotions = {e: (0.9 if e == emotion else 0.05) for e in EMOTIONS}
        aspects = [AspectSentiment("物流", "negative", "慢")] if "慢" in text else []
        return Analysis(
            sentiment=sentiment,
            score=score,
            probabilities=probabilities,
            emotion=emotion,
            emotions=emotions,
            intensity=abs(score),
            aspects=aspects,
            evidence=[text[:50]],
            model="fake-1",
        )


@pytest.fixture
def fake_classifier() -> FakeClassifier:
    """A fresh `FakeClassifier`."""
    return FakeClassifier()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a temp SQLite file, no API keys (open), defaults for every limit."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]  # a developer's .env must not change test settings
        database_url=f"sqlite:///{tmp_path}/x.db",
        api_keys={},
        log_level="WARNING",
    )


MakeClient = Callable[..., TestClient]


@pytest.fixture
def make_client(settings: Settings, fake_classifier: FakeClassifier) -> Iterator[MakeClient]:
    """Factory: `make_client(api_keys={...}, rate_limit_per_minute=2, classifier=other)` → a started TestClient."""
    clients: list[TestClient] = []

    def make(classifier: Classifier | None = None, **overrides: Any) -> TestClient:
        app_settings = Settings.model_validate({**settings.model_dump(), **overrides})
        client = TestClient(create_app(app_settings, classifier or fake_classifier))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in reversed(clients):
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    """A started TestClient on the default test settings (open mode)."""
    return make_client()
