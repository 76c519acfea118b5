"""Reliability against a live `xinsheng serve` subprocess on a loopback port with a temp SQLite file.

- load: locust (headless, 32 users) posts events; no request fails and every event answered 2xx is stored;
- crash: the server is SIGKILLed while events stream in; after a restart on the same file every acknowledged
  event is there (and the file passes SQLite's integrity check);
- bad input: empty, blank, 2 MB, invalid UTF-8, wrong JSON types, unknown channel, … → 4xx problem+json, nothing
  stored.

The server loads the bundled transformer artefact; before it is committed the baseline model, or the ONNX folder
in `XINSHENG_MODEL_DIR`. The schema fuzzing of every route lives in test_openapi_fuzz.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks.servers import ServerProcess, free_port, xinsheng_command

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "models" / "artifacts" / "xinsheng-m3e-small-int8"
BASELINE = ROOT / "models" / "artifacts" / "baseline" / "baseline.skops"
LOCUSTFILE = ROOT / "benchmarks" / "locustfile.py"
TABLES = ("customers", "events", "actions", "triage_items")
PROBLEM_JSON = "application/problem+json"


def model_env() -> dict[str, str]:
    """Settings that select the model: the bundled transformer, else the baseline, else XINSHENG_MODEL_DIR."""
    if (BUNDLED / "model.onnx").exists():
        return {"XINSHENG_MODEL": "transformer", "XINSHENG_MODEL_DIR": str(BUNDLED)}
    if BASELINE.exists():
        return {"XINSHENG_MODEL": "baseline"}
    folder = os.environ.get("XINSHENG_MODEL_DIR")
    if folder and (Path(folder) / "model.onnx").exists():
        return {"XINSHENG_MODEL": "transformer", "XINSHENG_MODEL_DIR": folder}
    pytest.skip(f"no model to serve: {BUNDLED} and {BASELINE} are missing and XINSHENG_MODEL_DIR is not set")


def make_server(folder: Path, db: Path, name: str = "xinsheng") -> ServerProcess:
    """An open (no keys), unthrottled server on `db`, run from `folder` so no developer .env applies."""
    env = {
        **model_env(),
        "XINSHENG_DATABASE_URL": f"sqlite:///{db}",
        "XINSHENG_API_KEYS": "{}",
        "XINSHENG_RATE_LIMIT_PER_MINUTE": "0",
        "XINSHENG_LOG_LEVEL": "WARNING",
    }
    port = free_port()
    return ServerProcess(name, xinsheng_command(port), port, env, log_path=folder / f"{name}.log", cwd=folder)


def read_only(db: Path) -> contextlib.closing[sqlite3.Connection]:
    """A read-only connection of our own to the server's SQLite file, closed on exit."""
    return contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True))


def row_counts(db: Path) -> dict[str, int]:
    """Rows per table."""
    with read_only(db) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def stored_event_ids(db: Path) -> set[str]:
    """Every event_id in the events table."""
    with read_only(db) as connection:
        return {row[0] for row in connection.execute("SELECT event_id FROM events")}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Path]]:
    """One server for the load and bad-input tests, with its database file."""
    folder = tmp_path_factory.mktemp("live")
    db = folder / "xinsheng.db"
    server = make_server(folder, db)
    with server:
        yield server, db


# ---- (i) load ----------------------------------------------------------------------------------------------------


def test_locust_load_has_no_errors_and_loses_no_acknowledged_event(
    live_server: tuple[ServerProcess, Path], tmp_path: Path
) -> None:
    server, db = live_server
    report_file = tmp_path / "locust-report.json"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        "32",
        "-r",
        "32",
        "-t",
        "15s",
        "--stop-timeout",
        "10",
        "--host",
        server.base_url,
        "--only-summary",
        "--exit-code-on-error",
        "1",
    ]
    env = {**os.environ, "XINSHENG_LOCUST_REPORT": str(report_file), "XINSHENG_LOCUST_CUSTOMERS": "48"}
    finished = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90)
    output = finished.stdout[-3000:] + finished.stderr[-3000:]
    assert finished.returncode == 0, output

    # locust's CSV is written before the last in-flight requests end: our own report is the complete record.
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["failures"] == [], report["failures"][:5]
    acked = set(report["acked"])
    assert len(acked) >= 32, f"only {len(acked)} events stored in 15 s: {output}"
    missing = acked - stored_event_ids(db)
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged events are not in the database"


# ---- (ii) crash ----------------------------------------------------------------------------------------------------


CRASH_CUSTOMERS = 5


def _crash_event(worker: int, n: int) -> dict[str, Any]:
    """Event n of poster `worker`: a unique event_id, spread over a few customers."""
    return {
        "customer_id": f"crash-{n % CRASH_CUSTOMERS}",
        "channel": "chat",
        "text": f"第{n}次联系：快递还没到，很着急",
        "event_id": f"crash-{worker}-{n}",
    }


def _post_until_dead(base_url: str, worker: int, acked: list[tuple[int, int]], stop: threading.Event) -> None:
    """Post events one after another; record (worker, n) of those answered 2xx; return once the server is gone."""
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        n = 0
        while not stop.is_set():
            try:
                response = client.post("/v1/events", json=_crash_event(worker, n))
            except httpx.HTTPError:
                return
            if response.status_code in (200, 201):
                acked.append((worker, n))
            n += 1


def _timeline_ids(client: httpx.Client, customer_id: str) -> set[str]:
    ids: set[str] = set()
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        response = client.get(f"/v1/customers/{customer_id}/events", params=params)
        if response.status_code == 404:
            return ids
        response.raise_for_status()
        page = response.json()
        ids.update(item["event_id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return ids


def test_kill_9_during_ingestion_loses_no_acknowledged_event(tmp_path: Path) -> None:
    db = tmp_path / "xinsheng.db"
    acked: list[tuple[int, int]] = []
    stop = threading.Event()
    with make_server(tmp_path, db, "before-crash") as server:
        posters = [
            threading.Thread(target=_post_until_dead, args=(server.base_url, w, acked, stop), daemon=True)
            for w in range(4)
        ]
        for thread in posters:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acked) < 40 and time.monotonic() < deadline:
            time.sleep(0.02)
        server.kill()  # SIGKILL with requests in flight
        stop.set()
        for thread in posters:
            thread.join(35)
    assert len(acked) >= 40, "the server acknowledged too few events before the kill"

    with read_only(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with make_server(tmp_path, db, "after-crash") as server, httpx.Client(base_url=server.base_url) as client:
        present: set[str] = set()
        for customer in range(CRASH_CUSTOMERS):
            present |= _timeline_ids(client, f"crash-{customer}")
        missing = {_crash_event(*key)["event_id"] for key in acked} - present
        assert not missing, (
            f"{len(missing)} of {len(acked)} acknowledged events were lost: {sorted(missing)[:5]}"
        )
        # A retry of an acknowledged event after the crash is a replay (200), not a second event.
        retry = client.post("/v1/events", json=_crash_event(*acked[0]))
        assert retry.status_code == 200, retry.text


# ---- (iii) bad input -------------------------------------------------------------------------------------------------

GOOD_EVENT: dict[str, Any] = {"customer_id": "bad-input-1", "channel": "chat", "text": "快递太慢了"}
TWO_MB_TEXT = "差" * (2 * 1024 * 1024 // 3)  # 3 bytes per character in UTF-8: a 2 MiB body


def _event(**changes: Any) -> bytes:
    return json.dumps({**GOOD_EVENT, **changes}, ensure_ascii=False).encode("utf-8")


# (name, path, body, the field the problem must name: "body" when the body as a whole is at fault)
BAD_REQUESTS: list[tuple[str, str, bytes, str]] = [
    ("empty text", "/v1/events", _event(text=""), "text"),
    ("whitespace text", "/v1/events", _event(text=" \t\n\u3000 "), "text"),
    ("2 MB text", "/v1/events", _event(text=TWO_MB_TEXT), "text"),
    (
        "invalid UTF-8",
        "/v1/events",
        b'{"customer_id": "bad-input-1", "channel": "chat", "text": "\xff\xfe\xb1"}',
        "body",
    ),
    ("not JSON", "/v1/events", b"customer_id=bad-input-1&text=hello", "body"),
    ("JSON array body", "/v1/events", b'["bad-input-1", "chat", "hello"]', "body"),
    ("text is a number", "/v1/events", _event(text=12345), "text"),
    ("customer_id is a number", "/v1/events", _event(customer_id=42), "customer_id"),
    ("channel is a list", "/v1/events", _event(channel=["chat"]), "channel"),
    ("order_value is a string", "/v1/events", _event(order_value="12.5"), "order_value"),
    ("unknown channel", "/v1/events", _event(channel="fax"), "channel"),
    (
        "missing text",
        "/v1/events",
        json.dumps({"customer_id": "bad-input-1", "channel": "chat"}).encode(),
        "text",
    ),
    ("analyze: empty text", "/v1/analyze", b'{"texts": [""]}', "texts[0]"),
    ("analyze: whitespace", "/v1/analyze", b'{"texts": ["   "]}', "texts[0]"),
    (
        "analyze: 2 MB text",
        "/v1/analyze",
        json.dumps({"texts": [TWO_MB_TEXT]}, ensure_ascii=False).encode(),
        "texts[0]",
    ),
    ("analyze: invalid UTF-8", "/v1/analyze", b'{"texts": ["\xc3\x28"]}', "body"),
    ("analyze: texts is a string", "/v1/analyze", b'{"texts": "hello"}', "texts"),
    ("analyze: a text is a number", "/v1/analyze", b'{"texts": [1]}', "texts[0]"),
]


def test_bad_inputs_are_refused_with_problem_json_and_store_nothing(
    live_server: tuple[ServerProcess, Path],
) -> None:
    server, db = live_server
    before = row_counts(db)
    failures: list[str] = []
    with httpx.Client(base_url=server.base_url, timeout=30.0) as client:
        for name, path, body, field in BAD_REQUESTS:
            response = client.post(path, content=body, headers={"content-type": "application/json"})
            problem = response.headers.get("content-type", "").startswith(PROBLEM_JSON)
            if not (400 <= response.status_code < 500 and problem):
                failures.append(f"{name}: {response.status_code} {response.headers.get('content-type')}")
                continue
            document = response.json()
            named = [error.get("field") for error in document.get("errors", [])]
            if document.get("status") != response.status_code or field not in named:
                failures.append(f"{name}: {response.status_code} names {named}, expected {field}: {document}")
    assert not failures, "\n".join(failures)
    assert row_counts(db) == before
    # The server took no harm: a good event is still stored.
    good = httpx.post(
        f"{server.base_url}/v1/events", content=_event(), headers={"content-type": "application/json"}
    )
    assert good.status_code == 201, good.text
