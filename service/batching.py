"""Dynamic micro-batching around the classifier (in the spirit of michaelfeil/infinity's `BatchHandler`).

Requests put their texts on one queue and await a future; one worker thread pops batches for the model:

- it takes what is waiting, up to `max_batch_size` texts; when fewer are waiting and the previous window showed
  concurrent callers, it waits at most `max_wait_ms` for more (a full batch is dispatched at once; a lone caller on
  an idle server never waits);
- when the queue is long it takes a window of a few batches' worth of the *oldest* texts and sorts that window by
  length (length bucketing: texts of similar length share a batch, so padding is small), which keeps ordering fair:
  nothing waits more than a window's worth of batches behind texts that arrived after it;
- a request's texts may land in several batches; its future resolves once all are done, in input order;
- a classifier exception fails only the requests with texts in that batch;
- when more than `queue_limit` texts are waiting, `classify` raises `Overloaded` at once (the API answers 429 with
  Retry-After) instead of queueing without bound.

The worker is a thread, not a coroutine, because `classifier.analyze` is CPU-bound native code (onnxruntime releases
the GIL) and must not block the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.analysis import Analysis
from models.classifier import Classifier
from service.metrics import ServiceMetrics

logger = logging.getLogger("xinsheng.batching")

# How many batches' worth of queued texts are sorted together. Larger windows pad less but let a text be
# overtaken by more later (shorter) texts.
_BUCKET_WINDOW_BATCHES = 4


class Overloaded(Exception):
    """The queue is full; retry after `retry_after` seconds."""

    def __init__(self, queue_depth: int, queue_limit: int, retry_after: float) -> None:
        super().__init__(f"{queue_depth} texts are waiting for the model (limit {queue_limit})")
        self.queue_depth = queue_depth
        self.queue_limit = queue_limit
        self.retry_after = retry_after


class BatcherStopped(RuntimeError):
    """`classify` was called on a batcher that is not running."""


@dataclass(eq=False)
class _Request:
    """One `classify` call: its future and the results gathered so far (touched only by the worker thread)."""

    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[list[Analysis]]
    results: list[Analysis | None]
    remaining: int
    failed: bool = False

    def done(self) -> bool:
        # Reading `future.done()` from the worker thread is a benign race: at worst one more batch is computed.
        return self.failed or self.future.done()


@dataclass(eq=False, slots=True)
class _Item:
    text: str
    index: int
    request: _Request = field(repr=False)


class MicroBatcher:
    """Collects texts from concurrent requests into batches for one classifier."""

    def __init__(
        self,
        classifier: Classifier,
        max_batch_size: int = 32,
        max_wait_ms: float = 2.0,
        queue_limit: int = 4096,
        metrics: ServiceMetrics | None = None,
    ) -> None:
        if max_batch_size < 1 or queue_limit < 1 or max_wait_ms < 0:
            raise ValueError("max_batch_size and queue_limit must be ≥ 1, max_wait_ms ≥ 0")
        self.classifier = classifier
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_ms / 1000.0
        self.queue_limit = queue_limit
        self.metrics = metrics
        self._queue: deque[_Item] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._concurrent = False
        # Exponentially weighted seconds per text, for a Retry-After that reflects the real drain time.
        self._seconds_per_text = 0.005

    # ---- lifecycle ---------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker thread (idempotent)."""
        with self._cond:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="xinsheng-batcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish what is queued, then stop the worker. Requests arriving afterwards get `BatcherStopped`."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        with self._cond:
            leftovers = list(self._queue)
            self._queue.clear()
        for item in leftovers:  # only if the worker did not finish in time
            self._fail(item.request, BatcherStopped("the service is shutting down"))
        self._set_depth(0)

    @property
    def running(self) -> bool:
        """True while the worker thread accepts texts."""
        thread = self._thread
        return thread is not None and thread.is_alive() and not self._stopping

    @property
    def queue_depth(self) -> int:
        """Texts waiting for the classifier (not counting the batch being computed)."""
        return len(self._queue)

    # ---- the request side --------------------------------------------------------------------------------------

    async def classify(self, texts: Sequence[str]) -> list[Analysis]:
        """Analyse `texts` (in order) in whatever batches the queue forms. Raises `Overloaded` when full."""
        if not texts:
            return []
        loop = asyncio.get_running_loop()
        request = _Request(loop, loop.create_future(), [None] * len(texts), len(texts))
        with self._cond:
            if not self.running:
                raise BatcherStopped("the model worker is not running")
            depth = len(self._queue)
            # An empty queue always accepts, so a request bigger than the limit is slow rather than impossible.
            if depth and depth + len(texts) > self.queue_limit:
                raise Overloaded(depth, self.queue_limit, self._retry_after(depth))
            self._queue.extend(_Item(text, i, request) for i, text in enumerate(texts))
            self._cond.notify()
            depth = len(self._queue)
        self._set_depth(depth)
        return await request.future

    def _retry_after(self, depth: int) -> float:
        return float(max(1, math.ceil(depth * self._seconds_per_text)))

    # ---- the worker side ---------------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            window = self._next_window()
            if window is None:
                return
            # Length bucketing within the window; ties keep arrival order (sort is stable).
            window.sort(key=lambda item: len(item.text))
            for start in range(0, len(window), self.max_batch_size):
                self._run_batch(window[start : start + self.max_batch_size])

    def _next_window(self) -> list[_Item] | None:
        """Block until texts are waiting; give up to a window's worth of the oldest. None when stopping."""
        with self._cond:
            while not self._queue:
                if self._stopping:
                    return None
                self._cond.wait()
            if self._concurrent and len(self._queue) < self.max_batch_size and self.max_wait_s > 0 and not self._stopping:
                # A short queue under concurrent load: give the other requests a moment to join this batch.
                deadline = time.monotonic() + self.max_wait_s
                while len(self._queue) < self.max_batch_size and not self._stopping:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
            take = min(len(self._queue), self.max_batch_size * _BUCKET_WINDOW_BATCHES)
            if len(self._queue) <= self.max_batch_size:
                take = len(self._queue)
            elif take > self.max_batch_size:
                # Only sort across batches when there is a backlog; take whole batches so none is left short.
                take -= take % self.max_batch_size
            window = [self._queue.popleft() for _ in range(take)]
            depth = len(self._queue)
            # A lone caller (one request per window, none left behind) gets the next batch without the wait.
            self._concurrent = depth > 0 or len({id(item.request) for item in window}) > 1
        self._set_depth(depth)
        return window

    def _run_batch(self, batch: list[_Item]) -> None:
        batch = [item for item in batch if not item.request.done()]  # cancelled or already failed
        if not batch:
            return
        started = time.perf_counter()
        try:
            analyses = self.classifier.analyze([item.text for item in batch])
            if len(analyses) != len(batch):
                raise RuntimeError(f"classifier returned {len(analyses)} results for {len(batch)} texts")
        except Exception as exc:  # noqa: BLE001 - the batch's requests get the error; the worker lives on
            logger.exception("classifier failed on a batch of %d texts", len(batch))
            for request in {id(item.request): item.request for item in batch}.values():
                self._fail(request, exc)
            return
        seconds = time.perf_counter() - started
        self._seconds_per_text = 0.8 * self._seconds_per_text + 0.2 * (seconds / len(batch))
        if self.metrics is not None:
            self.metrics.observe_batch(getattr(self.classifier, "name", "unknown"), len(batch), seconds)
        for item, analysis in zip(batch, analyses, strict=True):
            request = item.request
            if request.failed:
                continue
            request.results[item.index] = analysis
            request.remaining -= 1
            if request.remaining == 0:
                _resolve(request, request.results)

    def _fail(self, request: _Request, exc: BaseException) -> None:
        if request.failed:
            return
        request.failed = True
        with contextlib.suppress(RuntimeError):  # the request's loop is closed: nobody is waiting any more
            request.loop.call_soon_threadsafe(_set_exception, request.future, exc)

    def _set_depth(self, depth: int) -> None:
        if self.metrics is not None:
            self.metrics.queue_depth.set(depth)


def _resolve(request: _Request, results: list[Analysis | None]) -> None:
    with contextlib.suppress(RuntimeError):
        request.loop.call_soon_threadsafe(_set_result, request.future, list(results))


def _set_result(future: asyncio.Future[list[Analysis]], results: list[Analysis | None]) -> None:
    if not future.done():
        future.set_result(results)  # type: ignore[arg-type]  # every slot is filled when remaining hits 0


def _set_exception(future: asyncio.Future[list[Analysis]], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
