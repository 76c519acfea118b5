"""Fast checks of the benchmark harness: percentile maths, input determinism, the load loop, report rendering."""

from __future__ import annotations

import asyncio
import json
import math
import random
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from benchmarks import report
from benchmarks.inputs import LONG_CHARS, SHORT_CHARS, long_texts, make_inputs, short_texts, texts_sha256
from benchmarks.load import LatencySummary, RawSender, RequestSpec, percentile, run_load

# ---- percentiles ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [0, 1, 25, 50, 90, 99, 99.9, 100])
def test_percentile_matches_numpy_linear_interpolation(q: float) -> None:
    rng = random.Random(q)
    for size in (1, 2, 3, 10, 101, 1000):
        values = [rng.expovariate(0.1) for _ in range(size)]
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_edge_cases() -> None:
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0  # input order does not matter
    assert percentile([1.0, 2.0], 50) == 1.5
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_latency_summary() -> None:
    summary = LatencySummary.of([float(v) for v in range(1, 101)])
    assert (summary.count, summary.p50_ms, summary.max_ms, summary.mean_ms) == (100, 50.5, 100.0, 50.5)
    assert summary.p99_ms == pytest.approx(99.01)
    assert math.isnan(LatencySummary.of([]).p99_ms)


# ---- inputs -----------------------------------------------------------------------------------------------------------


def test_inputs_are_deterministic_and_identified_by_sha256() -> None:
    first, again = short_texts(), short_texts()
    assert first.texts == again.texts
    assert first.sha256 == again.sha256 == texts_sha256(list(first.texts))
    assert make_inputs("short", SHORT_CHARS, seed=1).sha256 != first.sha256
    assert texts_sha256(list(reversed(first.texts))) != first.sha256  # order is part of the identity
    assert len(set(first.texts)) > 0.9 * len(first.texts)


def test_inputs_have_exact_lengths() -> None:
    assert {len(text) for text in short_texts(32).texts} == {SHORT_CHARS}
    assert {len(text) for text in long_texts(8).texts} == {LONG_CHARS}
    assert all(text.endswith("。") for text in long_texts(8).texts)


# ---- load loop ------------------------------------------------------------------------------------------------------


def _tiny_app() -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    async def echo(body: dict[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(0.002)
        return body

    @app.get("/broken")
    async def broken() -> JSONResponse:
        return JSONResponse({"error": "no"}, status_code=503)

    return app


def test_run_load_counts_answers_and_errors() -> None:
    transport = httpx.ASGITransport(app=_tiny_app())
    body = json.dumps({"texts": ["好"]}).encode()
    ok = asyncio.run(
        run_load(
            "http://bench", lambda _i: RequestSpec("POST", "/echo", body), 4, 0.3, 0.05, transport=transport
        )
    )
    assert ok.errors == 0 and ok.succeeded == ok.completed > 0
    assert ok.statuses == {"200": len(ok.latencies_ms)}
    assert ok.throughput == pytest.approx(ok.succeeded / ok.window_s)
    assert ok.to_dict()["latency_ms"]["p50"] >= 2.0

    bad = asyncio.run(
        run_load("http://bench", lambda _i: RequestSpec("GET", "/broken"), 2, 0.2, 0.0, transport=transport)
    )
    assert bad.errors > 0 and bad.throughput == 0.0
    assert bad.error_samples[0].startswith("503")


def test_run_load_stops_after_max_requests() -> None:
    transport = httpx.ASGITransport(app=_tiny_app())
    result = asyncio.run(
        run_load(
            "http://bench",
            lambda _i: RequestSpec("POST", "/echo", b"{}"),
            1,
            30.0,
            0.0,
            max_requests=5,
            transport=transport,
        )
    )
    assert len(result.latencies_ms) == 5
    assert result.window_s < 5


# ---- report -----------------------------------------------------------------------------------------------------------


def _results(ratio: float | None = 9.0) -> dict[str, Any]:
    cell = {
        "concurrency": 32,
        "window_s": 10.0,
        "requests": 1000,
        "errors": 0,
        "per_s": 100.0,
        "latency_ms": {"p50": 3.0, "p99": 8.0},
        "client_cpu_share": 0.2,
    }
    return {
        "date": "2026-01-01T00:00:00+00:00",
        "machine": {"cpu_count": 2, "cpu_model": "test CPU", "onnxruntime": "1", "torch": "2"},
        "analyze": {
            "vanilla": {"short": {"32": {**cell, "per_s": 10.0}}},
            "xinsheng": {"short": {"32": cell}},
        },
        "ceiling": {"by_threads": {"1": 120.0, "2": 150.0}, "texts_per_s": 150.0},
        "events": {"sqlite": cell, "postgresql": {"skipped": "PostgreSQL not installed"}},
        "ad_tone": {"sqlite": cell},
        "ad_tone_paced": {"sqlite": cell},
        "peak_rss_bytes": {"xinsheng": 400 * 2**20},
        "ratio_vs_vanilla": ratio,
        "fraction_of_ceiling": 100.0 / 150.0,
        "idle_p99_ms": 12.0,
        "notes": ["a note"],
        "client_comparison": [
            {
                "cell": "xinsheng short c=32",
                "httpx": cell,
                "raw": {**cell, "per_s": 150.0, "client_cpu_share": 0.05},
            }
        ],
        "comparison_client": "httpx",
        "ratio_vs_vanilla_comparison_client": 15.0,
    }


def _status(results: dict[str, Any], goal_id: str) -> str:
    return next(g["status"] for g in report.evaluate_goals(results) if g["id"] == goal_id)


def test_goals_thresholds() -> None:
    assert _status(_results(9.0), "ratio_vs_vanilla") == "pass"
    assert _status(_results(6.0), "ratio_vs_vanilla") == "below goal"
    assert _status(_results(4.9), "ratio_vs_vanilla") == "fail"
    assert _status(_results(None), "ratio_vs_vanilla") == "not measured"
    results = _results()
    assert _status(results, "fraction_of_ceiling") == "pass"
    assert _status(results, "idle_p99_ms") == "pass"
    assert _status(results, "ad_tone_p99_ms") == "pass"
    assert _status(results, "ad_tone_paced_p99_ms") == "pass"
    assert _status(results, "serving_rss") == "pass"
    results["ad_tone"]["postgresql"] = {"latency_ms": {"p99": 11.0}}  # the worst store decides
    assert _status(results, "ad_tone_p99_ms") == "fail"
    assert _status(results, "ad_tone_paced_p99_ms") == "pass"


def test_report_renders_tables_and_writes_both_files(tmp_path: Path) -> None:
    results = _results()
    markdown = report.render_markdown(results)
    assert "| Goal | Target | Measured | Status |" in markdown
    assert "| xinsheng | short | 32 | 100.0 | 3.0 | 8.0 | 0 | 20 % |" in markdown
    assert "| `POST /v1/events` | postgresql | skipped | – | – | – | – |" in markdown
    assert "- a note" in markdown
    assert "| xinsheng short c=32 | raw | 150.0 | 3.00 | 8.00 | – | 5 % |" in markdown
    assert "ratio vs vanilla 15.00×" in markdown
    json_path, md_path = report.write_results(results, tmp_path)
    saved = json.loads(json_path.read_text(encoding="utf-8"))
    assert [g["status"] for g in saved["goals"]] == ["pass"] * 6
    assert md_path.read_text(encoding="utf-8") == report.render_markdown(saved)


def test_raw_sender_speaks_keep_alive_http() -> None:
    async def scenario() -> tuple[list[tuple[int, bytes]], int]:
        connections = 0

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal connections
            connections += 1
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    break
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                body = await reader.readexactly(length)
                status = b"404 Not Found" if head.startswith(b"GET /missing") else b"200 OK"
                writer.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        sender = RawSender(f"http://127.0.0.1:{port}", 5.0, {"content-type": "application/json"})
        answers = [
            await sender.send(0, RequestSpec("POST", "/echo", b'{"a": 1}')),
            await sender.send(0, RequestSpec("GET", "/missing")),
            await sender.send(0, RequestSpec("POST", "/echo", "好".encode())),
        ]
        await sender.aclose()
        server.close()
        await server.wait_closed()
        return answers, connections

    answers, connections = asyncio.run(scenario())
    assert answers == [(200, b'{"a": 1}'), (404, b""), (200, "好".encode())]
    assert connections == 1  # one keep-alive connection for the worker


def test_derived_figures_ratios() -> None:
    from benchmarks.run import derived_figures

    def cell(per_s: float, p99: float = 5.0) -> dict[str, Any]:
        return {"per_s": per_s, "latency_ms": {"p99": p99}}

    results: dict[str, Any] = {
        "analyze": {
            "vanilla": {"short": {"1": cell(40.0), "8": cell(50.0), "32": cell(20.0)}},
            "xinsheng": {"short": {"1": cell(60.0, 12.0), "32": cell(200.0)}},
        },
        "ceiling": {"texts_per_s": 400.0, "classifier_texts_per_s": 250.0},
        "settings": {"client_id": "raw"},
        "client_comparison": [
            {"cell": "xinsheng short c=32", "raw": cell(200.0), "httpx": cell(150.0)},
            {"cell": "vanilla short c=32", "raw": cell(20.0), "httpx": cell(25.0)},
        ],
    }
    figures = derived_figures(results)
    assert figures["ratio_vs_vanilla"] == 10.0
    assert figures["fraction_of_ceiling"] == 0.5
    assert figures["fraction_of_classifier"] == 0.8
    assert figures["idle_p99_ms"] == 12.0
    assert figures["comparison_client"] == "httpx"  # the goals use the primary (raw) client; httpx is shown too
    assert figures["ratio_vs_vanilla_comparison_client"] == 6.0
    assert figures["fraction_of_ceiling_comparison_client"] == 0.375
    assert figures["vanilla_best_short"] == {"concurrency": 8, "per_s": 50.0}
    assert figures["ratio_vs_vanilla_best"] == 4.0


def test_long_text_note_states_the_window_it_is_split_at() -> None:
    from benchmarks.run import _interpretation_notes

    results: dict[str, Any] = {
        "inputs": {"long": {"chars": 254, "tokens_mean": 256.0}},
        "models": {"xinsheng": {"max_length": 256, "encoder_rows_per_text": {"short": 1.0, "long": 2.0}}},
        "analyze": {}, "machine": {},
    }
    note = _interpretation_notes(results)[0]
    assert "254 characters, 256.0 tokens with [CLS] and [SEP]" in note
    assert "max_length 256: 248 characters a window" in note and "exceed" not in note
    assert "2.0 per long text" in note
