"""Serving benchmarks: Xinsheng against a naive `transformers` pipeline server (`make bench`).

- `inputs`: deterministic Chinese customer texts (short ≈ 32 tokens, long ≈ 256 tokens) and their sha256;
- `load`: the asyncio load generator (httpx, and a lean raw client to measure httpx's weight) and percentiles;
- `servers`: start/stop server subprocesses, sample their memory, a throw-away PostgreSQL cluster;
- `cells`: one measured cell (a load pattern against a running server) and the request factories;
- `ceiling`: in-process model figures without HTTP (raw onnxruntime ceiling, full classifier);
- `inventory`: the machine, artefacts and inputs a run measured;
- `vanilla_app`: the naive baseline server (PyTorch pipeline, one text at a time);
- `report`: goals, `results/serving.json` and `results/serving.md`;
- `run`: the orchestration (`python -m benchmarks.run`); `tune`: the server-settings sweep;
- `locustfile`: locust users posting events (used by tests/service/test_reliability.py).
"""

import sys
import time


def log(message: str) -> None:
    """Progress on stderr (stdout stays clean)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
