"""Aspect-clause sentiment read in context: a linear probe over the encoder's clause-layer token states.

The exported graph also returns the token states of one inner layer (`training.export.clause_layer`). A clause's
reading is the probe applied to the mean of its tokens' states, taken from the run that scored the whole text, so
aspects cost no extra encoder run. The probe is fitted by `training.clause_probe` and stored as data
(`clause_probe.json` next to the model).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.analysis import SENTIMENTS

PROBE_FILE = "clause_probe.json"


@dataclass(frozen=True)
class ClauseProbe:
    """Multinomial logistic regression: `weights` [classes, hidden], `bias` [classes], `classes` ⊆ SENTIMENTS."""

    weights: np.ndarray
    bias: np.ndarray
    classes: tuple[str, ...]

    @classmethod
    def load(cls, folder: Path) -> ClauseProbe | None:
        """The probe stored in `folder`, or None when the artefact has none."""
        path = folder / PROBE_FILE
        if not path.exists():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(np.asarray(raw["weights"], dtype=np.float32), np.asarray(raw["bias"], dtype=np.float32),
                   tuple(raw["classes"]))

    def to_json(self) -> dict[str, object]:
        return {"classes": list(self.classes), "weights": self.weights.round(6).tolist(),
                "bias": self.bias.round(6).tolist()}

    def probabilities(self, states: np.ndarray) -> np.ndarray:
        """[n, 3] probabilities in SENTIMENTS order for mean clause states [n, hidden]; absent classes get 0."""
        return self.from_logits(self.token_logits(states))

    def token_logits(self, states: np.ndarray) -> np.ndarray:
        """[n, classes] logits before the bias, for token (or mean) states [n, hidden]. The probe is linear, so a
        span's logits are the mean of its tokens' rows: one product per encoder row serves all of its clauses."""
        return np.asarray(states @ self.weights.T)

    def from_logits(self, logits: np.ndarray) -> np.ndarray:
        """[n, 3] probabilities in SENTIMENTS order for [n, classes] logits from `token_logits` (bias added here)."""
        z = logits + self.bias
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        out = np.zeros((logits.shape[0], len(SENTIMENTS)), dtype=np.float64)
        for k, label in enumerate(self.classes):
            out[:, SENTIMENTS.index(label)] = p[:, k]
        return out
