"""Calibration: expected calibration error and temperature scaling fitted on dev."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar

from models.onnx_backend import softmax


def expected_calibration_error(probs: np.ndarray, labels: Sequence[int], bins: int = 15) -> float:
    """ECE of the top-class confidence over equal-width bins."""
    y = np.asarray(labels)
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - conf[in_bin].mean())
    return float(ece)


def fit_temperature(logits: np.ndarray, labels: Sequence[int]) -> float:
    """The temperature T minimising dev negative log-likelihood of softmax(logits / T)."""
    y = np.asarray(labels)

    def nll(log_t: float) -> float:
        p = softmax(logits, float(np.exp(log_t)))
        return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0)).mean())

    result = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))
