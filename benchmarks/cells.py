"""One benchmark cell: a load pattern against a running server, with the request factories the cells use."""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import log
from benchmarks.inputs import InputSet
from benchmarks.inventory import ROOT
from benchmarks.load import LoadResult, RequestFactory, RequestSpec, run_load
from benchmarks.servers import ServerProcess, tree_cpu_seconds

LOAD_CLIENTS = 32
CUSTOMERS = 256
AD_TONE_THINK_S = 0.1  # paced ad-tone clients: ~10 lookups/s each, ~320/s from 32 clients
CHANNELS = ("review", "social", "chat", "ticket", "survey")


def _encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def analyze_factory(texts: Sequence[str]) -> RequestFactory:
    """`POST /v1/analyze` with one text per request, cycling through `texts` (bodies encoded up front)."""
    bodies = [_encode({"texts": [text]}) for text in texts]
    return lambda i: RequestSpec("POST", "/v1/analyze", bodies[i % len(bodies)])


def event_factory(
    texts: Sequence[str], tag: str, first: int = 0, customers: int = CUSTOMERS
) -> RequestFactory:
    """`POST /v1/events`: request i goes to customer i mod `customers` with the unique event_id `<tag>-<i>`."""

    def make(i: int) -> RequestSpec:
        n = first + i
        body = {
            "customer_id": f"bench-{n % customers}",
            "channel": CHANNELS[n % len(CHANNELS)],
            "text": texts[n % len(texts)],
            "event_id": f"{tag}-{n}",
        }
        return RequestSpec("POST", "/v1/events", _encode(body))

    return make


def ad_tone_factory(customers: int = CUSTOMERS) -> RequestFactory:
    """`GET /v1/customers/bench-<i mod customers>/ad-tone`."""
    return lambda i: RequestSpec("GET", f"/v1/customers/bench-{i % customers}/ad-tone")


class Bench:
    """One benchmark run's configuration and the helpers that measure a cell."""

    def __init__(
        self,
        duration_s: float,
        warmup_s: float,
        sets: Sequence[InputSet],
        concurrency: Sequence[int],
        store_texts: Sequence[str],
        workers: int = 1,
        client: str = "raw",
        compare_with: str | None = "httpx",
    ) -> None:
        self.duration_s = duration_s
        self.warmup_s = warmup_s
        self.sets = sets
        self.concurrency = concurrency
        self.store_texts = store_texts  # the event texts
        self.workers = workers  # uvicorn worker processes of the Xinsheng server
        # The load generator of every cell, and the one key cells are re-measured with to show its influence.
        self.client = client
        self.compare_with = compare_with
        self.client_comparison: list[dict[str, Any]] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="xinsheng-bench-"))

    def cell(
        self,
        server: ServerProcess,
        factory: RequestFactory,
        concurrency: int,
        label: str,
        *,
        duration_s: float | None = None,
        max_requests: int | None = None,
        warmup_s: float | None = None,
        think_s: float = 0.0,
        client: str | None = None,
    ) -> LoadResult:
        """Measure one cell against `server` and log its headline figures."""
        result = asyncio.run(
            run_load(
                server.base_url,
                factory,
                concurrency,
                duration_s or self.duration_s,
                self.warmup_s if warmup_s is None else warmup_s,
                max_requests=max_requests,
                server_cpu=lambda: tree_cpu_seconds(server.pid),
                think_s=think_s,
                client=client or self.client,
            )
        )
        latency = result.latency
        log(
            f"{label}: {result.throughput:.1f}/s, p50 {latency.p50_ms:.1f} ms, p99 {latency.p99_ms:.1f} ms, "
            f"errors {result.errors}, client CPU {result.client_cpu_s / result.window_s:.0%}"
        )
        if result.errors:
            log(f"  errors: {result.error_samples}")
        return result

    def compare_client(
        self,
        server: ServerProcess,
        factory: RequestFactory,
        concurrency: int,
        label: str,
        measured: dict[str, Any],
        think_s: float = 0.0,
    ) -> None:
        """Measure a cell again with the comparison client and keep both (skipped without `compare_with`)."""
        other = self.compare_with
        if other is None or other == self.client:
            return
        again = self.cell(server, factory, concurrency, f"{label} [{other} client]", think_s=think_s, client=other)
        self.client_comparison.append({"cell": label, self.client: measured, other: again.to_dict()})

    def analyze_cells(self, server: ServerProcess, name: str) -> dict[str, dict[str, Any]]:
        """Short and long texts at each concurrency."""
        cells: dict[str, dict[str, Any]] = {}
        for inputs in self.sets:
            factory = analyze_factory(inputs.texts)
            cells[inputs.name] = {
                str(c): self.cell(server, factory, c, f"{name} {inputs.name} c={c}").to_dict()
                for c in self.concurrency
            }
        return cells

    def store_cells(self, server: ServerProcess, store: str) -> dict[str, dict[str, Any]]:
        """Seed every benchmark customer with one event, then at 32 clients: events/s, and ad-tone latency both
        saturating (no pause between requests) and paced (each client ~10 lookups/s, as ad servers call it)."""
        texts = self.store_texts
        tag = f"{store}-{int(time.time())}"
        self.cell(
            server,
            event_factory(texts, tag),
            LOAD_CLIENTS,
            f"{store} seeding {CUSTOMERS} customers",
            duration_s=600,
            max_requests=CUSTOMERS,
            warmup_s=0,
        )
        events = self.cell(
            server, event_factory(texts, tag, first=CUSTOMERS), LOAD_CLIENTS, f"{store} events c=32"
        )
        tone = self.cell(server, ad_tone_factory(), LOAD_CLIENTS, f"{store} ad-tone c=32").to_dict()
        paced = self.cell(
            server, ad_tone_factory(), LOAD_CLIENTS, f"{store} ad-tone c=32 paced", think_s=AD_TONE_THINK_S
        ).to_dict()
        self.compare_client(server, ad_tone_factory(), LOAD_CLIENTS, f"{store} ad-tone c=32", tone)
        self.compare_client(
            server, ad_tone_factory(), LOAD_CLIENTS, f"{store} ad-tone c=32 paced", paced, AD_TONE_THINK_S
        )
        return {"events": events.to_dict(), "ad_tone": tone, "ad_tone_paced": paced}

    def server(
        self, name: str, argv: list[str], port: int, env: dict[str, str] | None = None
    ) -> ServerProcess:
        """A server subprocess whose output goes to a log file in this run's temp folder."""
        return ServerProcess(name, argv, port, env or {}, log_path=self.tmp / f"{name}.log", cwd=ROOT)
