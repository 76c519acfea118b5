"""The micro-batcher: batches form under concurrency, answers come back in order, failures and overload stay local."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient

from models.analysis import Analysis
from service.batching import BatcherStopped, MicroBatcher, Overloaded
from service.metrics import ServiceMetrics


class BlockingClassifier:
    """Holds every call until `release` is set, so a test can build up a queue."""

    name = "blocking"

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.release = threading.Event()
        self.entered = threading.Event()

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        self.entered.set()
        self.release.wait(10)
        result: list[Analysis] = self.inner.analyze(texts)
        return result


def run_with(batcher: MicroBatcher, coro_factory: Any) -> Any:
    """Start the batcher, run the coroutine in a fresh loop, stop the batcher."""
    batcher.start()
    try:
        return asyncio.run(coro_factory())
    finally:
        batcher.stop()


def evidence(results: list[Analysis]) -> list[str]:
    return [r.evidence[0] for r in results]


def test_concurrent_requests_are_batched_and_answered_in_order(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    fake_classifier.delay = 0.005
    metrics = ServiceMetrics()
    batcher = MicroBatcher(
        fake_classifier, max_batch_size=16, max_wait_ms=5, queue_limit=10_000, metrics=metrics
    )
    requests = [[f"请求{r}-文本{i}" + "好" * (i % 5) for i in range(1 + r % 7)] for r in range(60)]

    async def scenario() -> list[list[Analysis]]:
        return list(await asyncio.gather(*(batcher.classify(texts) for texts in requests)))

    answers = run_with(batcher, scenario)
    for texts, results in zip(requests, answers, strict=True):
        assert evidence(results) == texts
    sizes = fake_classifier.batch_sizes
    assert sum(sizes) == sum(len(t) for t in requests)
    assert max(sizes) > 1, sizes  # batches actually formed
    assert max(sizes) <= 16
    assert len(sizes) < len(requests)  # fewer model calls than requests
    text = metrics.render()[0].decode()
    assert f"xinsheng_batch_size_count {float(len(sizes))}" in text
    assert 'xinsheng_model_inference_seconds_count{model="fake"}' in text


def test_a_request_split_across_batches_is_reassembled_in_order(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    batcher = MicroBatcher(fake_classifier, max_batch_size=8, max_wait_ms=1, queue_limit=1000)
    texts = [("长" * (i % 13)) + f"#{i}" for i in range(100)]

    async def scenario() -> list[Analysis]:
        return await batcher.classify(texts)

    assert evidence(run_with(batcher, scenario)) == [t[:50] for t in texts]
    assert max(fake_classifier.batch_sizes) <= 8 and len(fake_classifier.batch_sizes) >= 13


def test_batches_are_length_bucketed_when_there_is_a_backlog(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    blocking = BlockingClassifier(fake_classifier)
    batcher = MicroBatcher(blocking, max_batch_size=4, max_wait_ms=0, queue_limit=1000)
    lengths = [9, 1, 7, 3, 8, 2, 6, 4, 5, 10, 12, 11]

    async def scenario() -> list[Analysis]:
        first = asyncio.ensure_future(batcher.classify(["先"]))
        await asyncio.to_thread(blocking.entered.wait, 5)  # the worker is busy; the rest queues up
        rest = asyncio.ensure_future(batcher.classify(["x" * n for n in lengths]))
        await asyncio.sleep(0.05)
        blocking.release.set()
        await first
        return await rest

    results = run_with(batcher, scenario)
    assert [len(text) for text in evidence(results)] == lengths  # the caller still gets input order
    backlog_calls = fake_classifier.calls[1:]
    assert [sorted(call, key=len) for call in backlog_calls] == backlog_calls  # each batch sorted by length
    assert [len(t) for t in backlog_calls[0]] == [1, 2, 3, 4]  # the shortest texts share the first batch


def test_a_lone_caller_on_an_idle_server_does_not_wait(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    batcher = MicroBatcher(fake_classifier, max_batch_size=64, max_wait_ms=300, queue_limit=1000)

    async def scenario() -> float:
        await batcher.classify(["预热"])
        started = time.perf_counter()
        for text in ("一条", "两条", "三条"):
            await batcher.classify([text])
        return time.perf_counter() - started

    assert run_with(batcher, scenario) < 0.3  # three sequential requests, none paid the 300 ms wait


def test_after_concurrent_callers_a_batch_waits_at_most_max_wait(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    blocking = BlockingClassifier(fake_classifier)
    batcher = MicroBatcher(blocking, max_batch_size=64, max_wait_ms=30, queue_limit=1000)

    async def scenario() -> float:
        first = asyncio.ensure_future(batcher.classify(["先"]))
        await asyncio.to_thread(blocking.entered.wait, 5)
        queued = [asyncio.ensure_future(batcher.classify([f"排队{i}"])) for i in range(3)]
        await asyncio.sleep(0.01)
        blocking.release.set()
        await first
        await asyncio.gather(*queued)  # a window of several callers: the batcher now expects company
        started = time.perf_counter()
        await batcher.classify(["一条"])
        return time.perf_counter() - started

    assert 0.02 <= run_with(batcher, scenario) < 0.5


def test_a_full_batch_does_not_wait(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    batcher = MicroBatcher(fake_classifier, max_batch_size=4, max_wait_ms=2000, queue_limit=1000)

    async def scenario() -> float:
        started = time.perf_counter()
        await batcher.classify(["一", "二", "三", "四"])
        return time.perf_counter() - started

    assert run_with(batcher, scenario) < 0.5  # far below max_wait: a full batch goes at once


def test_overload_raises_with_retry_after(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    blocking = BlockingClassifier(fake_classifier)
    batcher = MicroBatcher(blocking, max_batch_size=2, max_wait_ms=0, queue_limit=5)

    async def scenario() -> tuple[Overloaded, list[list[Analysis]]]:
        first = asyncio.ensure_future(batcher.classify(["a", "b"]))
        await asyncio.to_thread(blocking.entered.wait, 5)
        queued = asyncio.ensure_future(batcher.classify(["c", "d", "e", "f"]))
        await asyncio.sleep(0.01)
        assert batcher.queue_depth == 4
        with pytest.raises(Overloaded) as caught:
            await batcher.classify(["g", "h"])
        blocking.release.set()
        return caught.value, [await first, await queued]

    error, answers = run_with(batcher, scenario)
    assert error.retry_after >= 1 and error.queue_limit == 5
    assert [evidence(a) for a in answers] == [
        ["a", "b"],
        ["c", "d", "e", "f"],
    ]  # the queued work still finishes


def test_a_classifier_exception_fails_only_that_batch(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    batcher = MicroBatcher(fake_classifier, max_batch_size=1, max_wait_ms=1, queue_limit=1000)

    async def scenario() -> list[Any]:
        return list(
            await asyncio.gather(
                batcher.classify(["好"]),
                batcher.classify(["💥"]),
                batcher.classify(["差"]),
                return_exceptions=True,
            )
        )

    ok, failed, also_ok = run_with(batcher, scenario)
    assert isinstance(failed, RuntimeError)
    assert evidence(ok) == ["好"] and evidence(also_ok) == ["差"]


def test_the_worker_survives_a_failure(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    batcher = MicroBatcher(fake_classifier, max_batch_size=8, max_wait_ms=1, queue_limit=1000)

    async def scenario() -> list[Analysis]:
        with pytest.raises(RuntimeError):
            await batcher.classify(["💥"])
        return await batcher.classify(["之后"])

    assert evidence(run_with(batcher, scenario)) == ["之后"]


def test_wrong_result_count_is_an_error_not_a_hang(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    class Short:
        name = "short"

        def analyze(self, texts: Sequence[str]) -> list[Analysis]:
            return fake_classifier.analyze(texts)[:-1]  # type: ignore[no-any-return]

    batcher = MicroBatcher(Short(), max_batch_size=8, max_wait_ms=1, queue_limit=1000)

    async def scenario() -> None:
        with pytest.raises(RuntimeError, match="returned 1 results for 2 texts"):
            await asyncio.wait_for(batcher.classify(["一", "二"]), 5)

    run_with(batcher, scenario)


def test_stop_drains_the_queue_then_refuses(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    fake_classifier.delay = 0.01
    batcher = MicroBatcher(fake_classifier, max_batch_size=2, max_wait_ms=0, queue_limit=1000)
    batcher.start()

    async def scenario() -> list[list[Analysis]]:
        tasks = [asyncio.ensure_future(batcher.classify([f"{i}a", f"{i}b"])) for i in range(5)]
        await asyncio.sleep(0.005)
        await asyncio.to_thread(batcher.stop)
        with pytest.raises(BatcherStopped):
            await batcher.classify(["晚了"])
        return list(await asyncio.gather(*tasks))

    answers = asyncio.run(scenario())
    assert [evidence(a) for a in answers] == [[f"{i}a", f"{i}b"] for i in range(5)]


def test_cancelled_requests_are_skipped(fake_classifier) -> None:  # type: ignore[no-untyped-def]
    blocking = BlockingClassifier(fake_classifier)
    batcher = MicroBatcher(blocking, max_batch_size=4, max_wait_ms=0, queue_limit=1000)

    async def scenario() -> list[Analysis]:
        first = asyncio.ensure_future(batcher.classify(["先"]))
        await asyncio.to_thread(blocking.entered.wait, 5)
        abandoned = asyncio.ensure_future(batcher.classify(["放弃1", "放弃2"]))
        kept = asyncio.ensure_future(batcher.classify(["保留"]))
        await asyncio.sleep(0.01)
        abandoned.cancel()  # the client went away
        blocking.release.set()
        await first
        return await kept

    assert evidence(run_with(batcher, scenario)) == ["保留"]
    assert all("放弃" not in text for call in fake_classifier.calls for text in call)


def test_overload_over_http_is_429_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def overloaded(texts: Sequence[str]) -> list[Analysis]:
        raise Overloaded(4096, 4096, 2.5)

    monkeypatch.setattr(client.app.state.runtime.batcher, "classify", overloaded)  # type: ignore[attr-defined]
    response = client.post("/v1/analyze", json={"texts": ["好"]})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:xinsheng:problem:overloaded"


@pytest.mark.slow
def test_many_concurrent_http_requests_share_batches(make_client, fake_classifier) -> None:  # type: ignore[no-untyped-def]
    """Through the whole stack: 40 threads × 5 requests; each answer matches its own request."""
    fake_classifier.delay = 0.002
    client = make_client(batch_max_wait_ms=5, rate_limit_per_minute=0)
    errors: list[str] = []

    def worker(n: int) -> None:
        for j in range(5):
            texts = [f"线程{n}-请求{j}-{k}" for k in range(1 + (n + j) % 4)]
            response = client.post("/v1/analyze", json={"texts": texts})
            got = [r["evidence"][0] for r in response.json()["results"]]
            if got != texts:
                errors.append(f"{texts} -> {got}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert max(fake_classifier.batch_sizes) > 1
