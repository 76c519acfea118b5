"""Prometheus metrics, one registry per app (tests build many apps in one process; series must not clash).

Series (all prefixed `xinsheng_`):
- `http_requests_total{method,route,status}` and `http_request_duration_seconds{method,route,status}` — `route` is
  the route template (`/v1/customers/{customer_id}`), never the raw path, so label cardinality stays bounded;
- `model_inference_seconds{model}`, `batch_size` (texts per classifier call), `batch_queue_depth` (texts waiting),
  `texts_analyzed_total{model}`;
- `events_ingested_total`, `actions_total{type}`.

Code outside the HTTP layer (ingestion) records through `record_event_ingested()` / `record_action(type)`, which
write to the metrics of the app serving the current request (a context variable set by the request middleware) and
do nothing outside a request, e.g. in the CLI.
"""

from __future__ import annotations

from contextvars import ContextVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

ACTION_TYPES = frozenset({"reward", "recovery", "reassure", "none"})

_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_INFERENCE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


class ServiceMetrics:
    """All series of one app, registered in its own `CollectorRegistry`."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "xinsheng_http_requests", "HTTP requests answered.", ["method", "route", "status"], registry=r
        )
        self.request_seconds = Histogram(
            "xinsheng_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["method", "route", "status"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.inference_seconds = Histogram(
            "xinsheng_model_inference_seconds",
            "Time of one classifier call (one batch).",
            ["model"],
            buckets=_INFERENCE_BUCKETS,
            registry=r,
        )
        self.batch_size = Histogram(
            "xinsheng_batch_size", "Texts per classifier call.", buckets=_BATCH_BUCKETS, registry=r
        )
        self.queue_depth = Gauge(
            "xinsheng_batch_queue_depth", "Texts waiting for the classifier.", registry=r
        )
        self.texts_analyzed = Counter("xinsheng_texts_analyzed", "Texts analysed.", ["model"], registry=r)
        self.events_ingested = Counter("xinsheng_events_ingested", "Customer events stored.", registry=r)
        self.actions = Counter("xinsheng_actions", "Recommended actions by type.", ["type"], registry=r)
        # Pre-create the label sets we know, so dashboards see zeros instead of missing series.
        for action_type in sorted(ACTION_TYPES):
            self.actions.labels(type=action_type)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered HTTP request."""
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.request_seconds.labels(*labels).observe(seconds)

    def observe_batch(self, model: str, size: int, seconds: float) -> None:
        """Record one classifier call."""
        self.batch_size.observe(size)
        self.inference_seconds.labels(model=model).observe(seconds)
        self.texts_analyzed.labels(model=model).inc(size)

    def render(self) -> tuple[bytes, str]:
        """The exposition text and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


current_metrics: ContextVar[ServiceMetrics | None] = ContextVar("xinsheng_metrics", default=None)


def record_event_ingested(count: int = 1) -> None:
    """Count stored customer events (call after the transaction commits)."""
    metrics = current_metrics.get()
    if metrics is not None:
        metrics.events_ingested.inc(count)


def record_action(action_type: str) -> None:
    """Count one recommended action by its `type` (reward, recovery, reassure, none)."""
    metrics = current_metrics.get()
    if metrics is not None:
        # An unexpected type is counted as "other" rather than creating unbounded label values.
        metrics.actions.labels(type=action_type if action_type in ACTION_TYPES else "other").inc()
