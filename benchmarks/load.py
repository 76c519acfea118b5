"""The load generator: closed-loop asyncio workers on one httpx client, and the percentile maths.

`concurrency` workers each send one request, wait for the answer, and send the next, for a warm-up and then a
measured window. Throughput counts the answers that arrive inside the window; latencies are those of the
requests started inside it (the in-flight ones are allowed to finish, so slow answers are not censored).

The client shares the machine's cores with the server, so the load generator also reports its own CPU time
(`client_cpu_s`) per window: on a 2-core box that is a real share of what the server could have used. Two clients
send the requests: httpx (the default) and `RawSender`, a minimal HTTP/1.1 client about ten times cheaper per
request, with which `make bench` measures how much the httpx client itself weighs on the figures.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import psutil

JSON_HEADERS = {"content-type": "application/json"}


@dataclass(frozen=True)
class RequestSpec:
    """One request: method, path and an already-encoded body (encoding is not the client's job at load time)."""

    method: str
    path: str
    body: bytes | None = None


RequestFactory = Callable[[int], RequestSpec]


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent running something since boot (user, nice, system, interrupts)."""
    times = psutil.cpu_times()
    fields = ("user", "nice", "system", "irq", "softirq")  # not idle, iowait, steal; guest is inside user
    return float(sum(getattr(times, name, 0.0) for name in fields))


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0 ≤ q ≤ 100) with linear interpolation between closest ranks (numpy's default).

    NaN for an empty sequence.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within [0, 100], got {q}")
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class LatencySummary:
    """Latency figures in milliseconds."""

    count: int
    mean_ms: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, latencies_ms: Sequence[float]) -> LatencySummary:
        """Summarise a list of latencies (NaN figures when it is empty)."""
        if not latencies_ms:
            return cls(0, math.nan, math.nan, math.nan, math.nan, math.nan)
        return cls(
            count=len(latencies_ms),
            mean_ms=sum(latencies_ms) / len(latencies_ms),
            p50_ms=percentile(latencies_ms, 50),
            p90_ms=percentile(latencies_ms, 90),
            p99_ms=percentile(latencies_ms, 99),
            max_ms=max(latencies_ms),
        )


@dataclass
class LoadResult:
    """What one load window measured."""

    concurrency: int
    window_s: float
    completed: int  # answers that arrived inside the window (any status)
    succeeded: int  # of those, the successful ones (status < 400)
    errors: int  # requests started inside the window that failed (status ≥ 400 or a transport error)
    statuses: dict[str, int]
    latencies_ms: list[float] = field(repr=False)
    client_cpu_s: float
    server_cpu_s: float | None = None
    error_samples: list[str] = field(default_factory=list)
    client: str = "httpx"
    # CPU seconds the whole machine was busy in the window minus client and server: other work (for the
    # PostgreSQL cells this includes PostgreSQL). A large share means the cell was disturbed.
    other_cpu_s: float | None = None

    @property
    def throughput(self) -> float:
        """Successful answers per second inside the window."""
        return self.succeeded / self.window_s if self.window_s > 0 else 0.0

    @property
    def latency(self) -> LatencySummary:
        """Latency summary of the requests started inside the window."""
        return LatencySummary.of(self.latencies_ms)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures (latencies summarised, not listed)."""
        latency = self.latency
        return {
            "concurrency": self.concurrency,
            "window_s": round(self.window_s, 3),
            "requests": self.completed,
            "errors": self.errors,
            "statuses": dict(sorted(self.statuses.items())),
            "per_s": round(self.throughput, 2),
            "latency_ms": {
                "mean": _round(latency.mean_ms),
                "p50": _round(latency.p50_ms),
                "p90": _round(latency.p90_ms),
                "p99": _round(latency.p99_ms),
                "max": _round(latency.max_ms),
            },
            "client_cpu_s": round(self.client_cpu_s, 3),
            "client_cpu_share": round(self.client_cpu_s / self.window_s, 3) if self.window_s else None,
            "client_cpu_ms_per_request": (
                round(1000 * self.client_cpu_s / self.completed, 3) if self.completed else None
            ),
            "server_cpu_s": None if self.server_cpu_s is None else round(self.server_cpu_s, 3),
            "other_cpu_share": (
                None
                if self.other_cpu_s is None or not self.window_s
                else round(self.other_cpu_s / self.window_s, 3)
            ),
            "client": self.client,
            "error_samples": self.error_samples,
        }


def _round(value: float, digits: int = 2) -> float | None:
    return None if math.isnan(value) else round(value, digits)


@dataclass
class _Record:
    started: float
    ended: float
    status: str
    error: str | None


class ClientError(Exception):
    """A request failed below HTTP (connection refused or reset, timeout, malformed answer)."""


class HttpxSender:
    """Sends through httpx: one `httpx.AsyncClient` with one keep-alive connection per worker.

    One client per worker rather than one shared pool: httpx's pool costs grow with its size (measured here: about
    3.4 ms of client CPU per request with 32 connections in one pool, 1.5 ms with 32 one-connection clients), and
    the client's CPU is taken from the server on a small machine.
    """

    name = f"httpx {httpx.__version__}"

    def __init__(
        self,
        base_url: str,
        connections: int,
        timeout_s: float,
        headers: dict[str, str],
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.clients = [
            httpx.AsyncClient(
                base_url=base_url,
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                timeout=timeout_s,
                transport=transport,
                headers=headers,
            )
            for _ in range(connections)
        ]

    async def send(self, worker: int, spec: RequestSpec) -> tuple[int, bytes]:
        """Status and body of one request."""
        try:
            response = await self.clients[worker].request(spec.method, spec.path, content=spec.body)
            return response.status_code, await response.aread()
        except httpx.HTTPError as exc:
            raise ClientError(f"{type(exc).__name__}: {exc}") from exc

    async def aclose(self) -> None:
        """Close every client."""
        for client in self.clients:
            await client.aclose()


class RawSender:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: one connection per worker, requests written as
    prepared bytes, answers read by Content-Length. It exists to measure how much of the machine httpx itself
    takes (`make bench` reports both); it understands only what our servers answer (no chunked bodies)."""

    name = "raw asyncio HTTP/1.1"

    def __init__(self, base_url: str, timeout_s: float, headers: dict[str, str]) -> None:
        url = httpx.URL(base_url)
        self.host, self.port = url.host, url.port or 80
        self.timeout_s = timeout_s
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._head = f"Host: {self.host}:{self.port}\r\n{extra}".encode("latin-1")
        self._streams: dict[int, tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}

    async def send(self, worker: int, spec: RequestSpec) -> tuple[int, bytes]:
        """Status and body of one request (a failed connection is dropped; the next request opens a new one)."""
        try:
            return await asyncio.wait_for(self._exchange(worker, spec), self.timeout_s)
        except (
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            TimeoutError,
            ValueError,
        ) as exc:
            self._drop(worker)
            raise ClientError(f"{type(exc).__name__}: {exc}") from exc

    async def _exchange(self, worker: int, spec: RequestSpec) -> tuple[int, bytes]:
        streams = self._streams.get(worker)
        if streams is None:
            streams = await asyncio.open_connection(self.host, self.port)
            self._streams[worker] = streams
        reader, writer = streams
        body = spec.body or b""
        writer.write(
            f"{spec.method} {spec.path} HTTP/1.1\r\n".encode("latin-1")
            + self._head
            + f"content-length: {len(body)}\r\n\r\n".encode("latin-1")
            + body
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:])
        }
        if "content-length" not in fields:
            raise ValueError(f"answer without Content-Length: {lines[0]}")
        content = await reader.readexactly(int(fields["content-length"]))
        if fields.get("connection", "").lower() == "close":
            self._drop(worker)
        return status, content

    def _drop(self, worker: int) -> None:
        streams = self._streams.pop(worker, None)
        if streams is not None:
            streams[1].close()

    async def aclose(self) -> None:
        """Close every connection."""
        for worker in list(self._streams):
            self._drop(worker)


async def run_load(
    base_url: str,
    factory: RequestFactory,
    concurrency: int,
    duration_s: float,
    warmup_s: float = 1.0,
    *,
    max_requests: int | None = None,
    server_cpu: Callable[[], float] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout_s: float = 120.0,
    headers: dict[str, str] | None = None,
    think_s: float = 0.0,
    client: str = "httpx",
) -> LoadResult:
    """Drive `concurrency` closed-loop workers for `warmup_s`, then measure for `duration_s` seconds.

    `factory(i)` gives the i-th request (numbered across workers, so inputs cycle deterministically);
    `max_requests` ends the measured window early once that many requests have started in it;
    `server_cpu()` (the server's CPU seconds so far) is read at both ends of the window;
    `think_s` > 0 makes each worker pause between requests (uniformly 0.5–1.5 × `think_s`, seeded per worker):
    a paced load of about `concurrency / (think_s + latency)` requests/s instead of a saturating one;
    `client` is "httpx" (the default) or "raw" (`RawSender`, to measure the client's own overhead).
    """
    if concurrency < 1 or duration_s <= 0:
        raise ValueError("concurrency must be ≥ 1 and duration_s > 0")
    all_headers = {**JSON_HEADERS, **(headers or {})}
    sender: HttpxSender | RawSender
    if client == "httpx":
        sender = HttpxSender(base_url, concurrency, timeout_s, all_headers, transport)
    elif client == "raw":
        sender = RawSender(base_url, timeout_s, all_headers)
    else:
        raise ValueError(f"unknown client {client!r}")
    records: list[_Record] = []
    counter = 0
    loop_clock = time.perf_counter
    start = loop_clock()
    window_start = start + warmup_s
    window_end = window_start + duration_s
    started_in_window = 0
    marks: dict[str, float] = {}

    async def worker(number: int) -> None:
        nonlocal counter, started_in_window, window_end
        pause = random.Random(number)
        while True:
            now = loop_clock()
            if now >= window_end:
                return
            if now >= window_start:
                if max_requests is not None and started_in_window >= max_requests:
                    window_end = min(window_end, now)
                    return
                started_in_window += 1
            spec = factory(counter)
            counter += 1
            status, error = "exception", None
            t0 = loop_clock()
            try:
                code, content = await sender.send(number, spec)
                status = str(code)
                if code >= 400:
                    error = f"{code}: {content[:200].decode('utf-8', 'replace')}"
            except ClientError as exc:
                error = str(exc)
            records.append(_Record(t0, loop_clock(), status, error))
            if think_s > 0:
                await asyncio.sleep(think_s * pause.uniform(0.5, 1.5))

    async def window_marks() -> None:
        await asyncio.sleep(max(0.0, window_start - loop_clock()))
        marks["cpu0"] = time.process_time()
        marks["busy0"] = machine_busy_seconds()
        marks["server0"] = server_cpu() if server_cpu else math.nan
        while loop_clock() < window_end:
            await asyncio.sleep(min(0.05, max(0.0, window_end - loop_clock())))
        marks["cpu1"] = time.process_time()
        marks["busy1"] = machine_busy_seconds()
        marks["server1"] = server_cpu() if server_cpu else math.nan

    try:
        await asyncio.gather(window_marks(), *(worker(n) for n in range(concurrency)))
    finally:
        await sender.aclose()

    window = max(1e-9, window_end - window_start)
    client_cpu = marks.get("cpu1", math.nan) - marks.get("cpu0", math.nan)
    server_cpu_s = (marks["server1"] - marks["server0"]) if server_cpu and "server1" in marks else None
    measured = [r for r in records if window_start <= r.started < window_end]
    arrived = [r for r in records if window_start <= r.ended <= window_end]
    failures = [r for r in measured if r.error is not None]
    samples = list(dict.fromkeys(r.error for r in failures if r.error))[:5]
    return LoadResult(
        concurrency=concurrency,
        window_s=window,
        completed=len(arrived),
        succeeded=sum(1 for r in arrived if r.error is None),
        errors=len(failures),
        statuses=dict(Counter(r.status for r in measured)),
        latencies_ms=[1000.0 * (r.ended - r.started) for r in measured if r.error is None],
        client_cpu_s=client_cpu,
        server_cpu_s=server_cpu_s,
        error_samples=samples + ([f"{len(failures)} failed requests in the window"] if failures else []),
        client=sender.name,
        other_cpu_s=(
            max(0.0, marks["busy1"] - marks["busy0"] - client_cpu - server_cpu_s)
            if server_cpu_s is not None and "busy1" in marks
            else None
        ),
    )
