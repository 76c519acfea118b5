"""Sweep the Xinsheng server's settings on short texts and record what each one measures.

    python -m benchmarks.tune [--duration 8]

Each configuration starts a fresh `xinsheng serve` (settings via `XINSHENG_` environment variables only; no code
changes) and measures short texts at 1 and 32 clients with the same harness as `make bench`. Results go to
`benchmarks/results/tuning.json` and `tuning.md`; `benchmarks.run.XINSHENG_ENV` holds the chosen configuration.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import run

# (label, environment overrides, uvicorn workers). Defaults not named are those of `run.XINSHENG_ENV`.
CONFIGS: list[tuple[str, dict[str, str], int]] = [
    ("2 uvicorn workers, onnx 1 thread each (chosen)", {"XINSHENG_ONNX_THREADS": "1"}, 2),
    ("1 worker, onnx 2 threads, wait 2 ms, batch 32", {"XINSHENG_ONNX_THREADS": "2"}, 1),
    ("onnx 1 thread, wait 2 ms, batch 32", {"XINSHENG_ONNX_THREADS": "1"}, 1),
    ("onnx 2 threads, wait 0 ms", {"XINSHENG_ONNX_THREADS": "2", "XINSHENG_BATCH_MAX_WAIT_MS": "0"}, 1),
    ("onnx 2 threads, wait 5 ms", {"XINSHENG_ONNX_THREADS": "2", "XINSHENG_BATCH_MAX_WAIT_MS": "5"}, 1),
    ("onnx 1 thread, wait 5 ms", {"XINSHENG_ONNX_THREADS": "1", "XINSHENG_BATCH_MAX_WAIT_MS": "5"}, 1),
    ("onnx 2 threads, batch 64", {"XINSHENG_ONNX_THREADS": "2", "XINSHENG_BATCH_MAX_SIZE": "64"}, 1),
    ("onnx 2 threads, batch 16", {"XINSHENG_ONNX_THREADS": "2", "XINSHENG_BATCH_MAX_SIZE": "16"}, 1),
    ("onnx 2 threads, access log off (WARNING)", {"XINSHENG_LOG_LEVEL": "WARNING"}, 1),
]


def sweep(duration_s: float, out_dir: Path) -> list[dict[str, Any]]:
    """Measure every configuration; returns one row per configuration."""
    rows: list[dict[str, Any]] = []
    for label, overrides, workers in CONFIGS:
        run.log(f"=== {label}")
        argv = [
            "--phases",
            "xinsheng",
            "--lengths",
            "short",
            "--concurrency",
            "1,32",
            "--duration",
            str(duration_s),
            "--workers",
            str(workers),
            "--no-client-comparison",
            "--out",
            tempfile.mkdtemp(prefix="xinsheng-tune-"),
            *(f"--env={key}={value}" for key, value in overrides.items()),
        ]
        results = run.main(argv)
        cells = results["analyze"]["xinsheng"]["short"]
        rows.append(
            {
                "config": label,
                "env": {**run.XINSHENG_ENV, **overrides},
                "workers": workers,
                "texts_per_s_c32": cells["32"]["per_s"],
                "p50_ms_c32": cells["32"]["latency_ms"]["p50"],
                "p99_ms_c32": cells["32"]["latency_ms"]["p99"],
                "p99_ms_c1": cells["1"]["latency_ms"]["p99"],
                "client_cpu_share_c32": cells["32"]["client_cpu_share"],
                "peak_rss_mib": round(results["peak_rss_bytes"]["xinsheng"] / 2**20),
            }
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "tuning.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out_dir / "tuning.md").write_text(render(rows, duration_s), encoding="utf-8")
    return rows


def render(rows: list[dict[str, Any]], duration_s: float) -> str:
    """The sweep as a Markdown table."""
    lines = [
        "# Serving settings sweep (short texts)",
        "",
        f"Each row: a fresh `xinsheng serve`, {duration_s:g}-second windows, same client and inputs as `make bench`.",
        "",
        "| Configuration | Texts/s (32 clients) | p50 ms | p99 ms | p99 ms (1 client) | Client CPU | Peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['config']} | {row['texts_per_s_c32']:.1f} | {row['p50_ms_c32']:.1f} | {row['p99_ms_c32']:.1f} "
            f"| {row['p99_ms_c1']:.1f} | {row['client_cpu_share_c32']:.0%} | {row['peak_rss_mib']} MiB |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Command line: `--duration`, `--out`."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tune", description=__doc__)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--out", type=Path, default=run.RESULTS_DIR)
    args = parser.parse_args(argv)
    sweep(args.duration, args.out)


if __name__ == "__main__":
    main()
