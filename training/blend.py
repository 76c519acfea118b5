"""Fit the weight of the lexical baseline in the served sentiment (a two-model ensemble), on dev only."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.analysis import SENTIMENTS
from models.baseline import BASELINE_FILE, BaselineClassifier
from models.onnx_backend import META_FILE
from models.text import normalize
from models.transformer import TransformerClassifier
from training.data import Example

WEIGHTS = tuple(round(0.05 * i, 2) for i in range(0, 13))  # 0 … 0.6
MIN_GAIN = 0.003  # a blend must buy at least 0.3 points of dev accuracy to be worth its cost


def _binary_accuracy(probs: np.ndarray, labels: Sequence[str]) -> float:
    pos, neg = SENTIMENTS.index("positive"), SENTIMENTS.index("negative")
    pred = np.where(probs[:, pos] >= probs[:, neg], "positive", "negative")
    return float((pred == np.asarray(labels)).mean())


def fit_blend(serving_dir: Path, baseline_dir: Path, dev: Sequence[Example]) -> dict[str, float]:
    """Grid-search the baseline weight on the review dev split; enable it in model.json only if it helps."""
    reviews = [e for e in dev if e.source == "reviews"]
    labels = [e.sentiment for e in reviews]
    meta_path = serving_dir / META_FILE
    meta = json.loads(meta_path.read_text())
    meta.pop("blend", None)
    meta_path.write_text(json.dumps(meta, indent=2))
    transformer = TransformerClassifier(serving_dir)
    p_t = np.array([[r.probabilities[s] for s in SENTIMENTS] for r in transformer.analyze([e.text for e in reviews])])
    p_b = BaselineClassifier(baseline_dir / BASELINE_FILE).probabilities([normalize(e.text) for e in reviews])
    scores = {w: _binary_accuracy((1 - w) * p_t + w * p_b, labels) for w in WEIGHTS}
    best = max(WEIGHTS, key=lambda w: (scores[w], -w))
    result = {"dev_accuracy_transformer": scores[0.0], "dev_accuracy_blend": scores[best], "weight": best}
    if best > 0 and scores[best] - scores[0.0] >= MIN_GAIN:
        shutil.copy(baseline_dir / BASELINE_FILE, serving_dir / BASELINE_FILE)
        meta["blend"] = {"file": BASELINE_FILE, "weight": best}
    else:
        result["weight"] = 0.0
        (serving_dir / BASELINE_FILE).unlink(missing_ok=True)
    meta_path.write_text(json.dumps(meta, indent=2))
    return result
