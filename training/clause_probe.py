"""Fit the aspect-clause probe (`models.clause_probe`) on the serving artefact's own clause-layer states.

Features are the int8 graph's clause-layer token states, mean-pooled over each training text (so the probe sees
exactly what serving computes); labels are the texts' sentiments. The regularisation strength is chosen on dev
accuracy. The aspect gold set is never used here: it only measures the result (`training.evaluate`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from models.clause_probe import PROBE_FILE, ClauseProbe
from models.onnx_backend import OnnxEncoder
from models.text import normalize
from training.data import Example

C_GRID = (0.1, 0.3, 1.0, 3.0)


def pooled_states(encoder: OnnxEncoder, texts: Sequence[str]) -> np.ndarray:
    """[n, hidden] mean clause-layer state of each (normalised) text, special tokens excluded."""
    out = encoder.encode([normalize(t) for t in texts], 64, clause_states=True)
    rows = []
    for i in range(len(texts)):
        state = out.span_state(i)
        rows.append(state if state is not None else np.zeros(out.states[0].shape[1], dtype=np.float32))  # type: ignore[index]
    return np.stack(rows)


def to_probe(model: LogisticRegression) -> ClauseProbe:
    """scikit-learn's model as softmax weights; the binary form (one row) becomes two symmetric rows."""
    weights, bias = model.coef_, model.intercept_
    if weights.shape[0] == 1:
        weights = np.concatenate([-weights / 2, weights / 2])
        bias = np.concatenate([-bias / 2, bias / 2])
    return ClauseProbe(weights.astype(np.float32), bias.astype(np.float32), tuple(str(c) for c in model.classes_))


def fit_clause_probe(serving_dir: Path, train: Sequence[Example], dev: Sequence[Example]) -> dict[str, object]:
    """Fit, choose C on dev, write `clause_probe.json` into `serving_dir`; returns what was chosen and measured."""
    encoder = OnnxEncoder(serving_dir)
    if not encoder.has_clause_states:
        raise ValueError(f"{serving_dir} was exported without clause states; re-export it first")
    x_train, y_train = pooled_states(encoder, [e.text for e in train]), [e.sentiment for e in train]
    x_dev, y_dev = pooled_states(encoder, [e.text for e in dev]), [e.sentiment for e in dev]
    scores: dict[float, float] = {}
    models: dict[float, LogisticRegression] = {}
    for c in C_GRID:
        models[c] = LogisticRegression(C=c, max_iter=3000).fit(x_train, y_train)
        scores[c] = float(models[c].score(x_dev, y_dev))
    best = max(C_GRID, key=lambda c: (scores[c], -c))
    probe = to_probe(models[best])
    (serving_dir / PROBE_FILE).write_text(json.dumps(probe.to_json()), encoding="utf-8")
    return {"C": best, "dev_accuracy": round(scores[best], 4), "dev_accuracy_by_C": scores,
            "train_texts": len(train), "classes": list(probe.classes)}
