"""In-process model figures, no HTTP: the raw onnxruntime ceiling, the full classifier, encoder rows per text."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import log
from benchmarks.inputs import InputSet


def model_units_per_text(folder: Path, sets: Sequence[InputSet]) -> dict[str, float]:
    """How many encoder rows Xinsheng runs per text (windows, plus aspect clauses for artefacts without clause
    states), per input set."""
    from models.transformer import TransformerClassifier

    classifier = TransformerClassifier(folder, threads=1)
    counted: list[int] = []
    real_encode = classifier.encoder.encode

    def counting(texts: Sequence[str], batch_size: int = 32, **options: Any) -> Any:
        counted.append(len(texts))
        return real_encode(texts, batch_size, **options)

    classifier.encoder.encode = counting  # type: ignore[method-assign]
    units: dict[str, float] = {}
    for inputs in sets:
        counted.clear()
        classifier.analyze(list(inputs.texts))
        units[inputs.name] = round(sum(counted) / len(inputs.texts), 2)
    return units


def measure_ceiling(
    folder: Path, texts: Sequence[str], seconds: float, threads: Sequence[int]
) -> dict[str, Any]:
    """Raw `OnnxEncoder.logits` texts/s at batch 32 on normalised texts, per intra-op thread count and with one
    single-threaded session per core side by side; the best layout is the ceiling.

    Also, as a diagnostic, the full classifier without HTTP (`TransformerClassifier.analyze` on 32 texts at a
    time, as the micro-batcher calls it): the gap between the two is model work the service does on top of
    one encoder row per text (windows of long texts, clause states) and its Python post-processing.
    """
    from models.onnx_backend import OnnxEncoder
    from models.text import normalize
    from models.transformer import TransformerClassifier

    normalized = [normalize(text) for text in texts]
    by_threads: dict[str, float] = {}
    for count in threads:
        encoder = OnnxEncoder(folder, threads=count)
        by_threads[str(count)] = _texts_per_second(
            functools.partial(encoder.logits, normalized, 32), len(texts), seconds
        )
        log(f"ceiling, {count} thread(s): {by_threads[str(count)]} texts/s")
    best = max(by_threads, key=lambda k: by_threads[k])
    # The service can also run one single-threaded worker per core; the ceiling must cover that layout too, or a
    # service using it could exceed its own "ceiling".
    cores = max(threads)
    if cores > 1:
        parallel = _parallel_texts_per_second(folder, normalized, cores, seconds)
        by_threads[f"{cores}x1"] = parallel
        log(f"ceiling, {cores} sessions x 1 thread in parallel: {parallel} texts/s")
    ceiling_key = max(by_threads, key=lambda k: by_threads[k])
    classifier = TransformerClassifier(folder, threads=int(best))

    def analyze_all() -> None:
        for start in range(0, len(texts), 32):
            classifier.analyze(texts[start : start + 32])

    full = _texts_per_second(analyze_all, len(texts), seconds)
    log(f"classifier without HTTP, {best} thread(s): {full} texts/s")
    return {
        "batch_size": 32,
        "by_threads": by_threads,
        "best_threads": int(best),
        "best_layout": ceiling_key,
        "texts_per_s": by_threads[ceiling_key],
        "classifier_texts_per_s": full,
    }


def _texts_per_second(work: Callable[[], object], texts_per_call: int, seconds: float) -> float:
    work()  # warm-up: the first runs allocate
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        work()
        done += texts_per_call
    return round(done / (time.perf_counter() - start), 1)


def _parallel_texts_per_second(folder: Path, normalized: Sequence[str], sessions: int, seconds: float) -> float:
    """Texts/s of `sessions` single-threaded sessions run side by side (onnxruntime releases the GIL)."""
    import threading

    from models.onnx_backend import OnnxEncoder

    encoders = [OnnxEncoder(folder, threads=1) for _ in range(sessions)]
    for encoder in encoders:
        encoder.logits(normalized[:32], 32)  # warm-up
    counts = [0] * sessions
    start = time.perf_counter()

    def run(index: int) -> None:
        while time.perf_counter() - start < seconds:
            encoders[index].logits(normalized, 32)
            counts[index] += len(normalized)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(sessions)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return round(sum(counts) / (time.perf_counter() - start), 1)
