"""The TF-IDF model's sentiment as a second expert beside the transformer's (a weighted product of experts).

The two err differently: the TF-IDF model weighs words and phrases over the whole training corpus, the 4-layer
transformer reads context. Their log-probabilities are added, the TF-IDF side scaled by a weight fitted on dev
(`training.tfidf_blend`). The TF-IDF pass costs about 0.4 ms per review on one core, a few per cent of the
transformer's time. Emotions stay the transformer's alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.analysis import SENTIMENTS
from models.onnx_backend import ModelMeta, logit_adjust

TFIDF_FILE = "tfidf.skops"
# A class the TF-IDF model never saw gets this probability rather than log(0).
_FLOOR = 1e-6


class TfidfExpert:
    """The TF-IDF + logistic-regression pipeline saved beside the ONNX model, read as sentiment log-probabilities."""

    def __init__(self, path: Path) -> None:
        from models.baseline import BaselineClassifier  # its loader refuses unexpected types in the file

        self._pipeline = BaselineClassifier(path).pipeline
        classes = [str(c) for c in self._pipeline.classes_]
        self._columns = [classes.index(s) if s in classes else -1 for s in SENTIMENTS]

    @classmethod
    def for_model(cls, folder: Path, meta: ModelMeta) -> TfidfExpert | None:
        """The expert of a serving folder, or None when the model was packaged without a blend."""
        path = folder / TFIDF_FILE
        return cls(path) if meta.tfidf_weight > 0 and path.exists() else None

    def log_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """[n, 3] log-probabilities in `SENTIMENTS` order for already-normalised texts."""
        if not texts:
            return np.zeros((0, len(SENTIMENTS)))
        probs = self._pipeline.predict_proba(list(texts))
        ordered = np.stack([probs[:, c] if c >= 0 else np.zeros(len(texts)) for c in self._columns], axis=1)
        return np.log(np.clip(ordered, _FLOOR, 1.0))


def log_softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def sentiment_scores(logits: np.ndarray, meta: ModelMeta, tfidf_log_probs: np.ndarray | None) -> np.ndarray:
    """The sentiment scores that serving turns into probabilities (softmax at the fitted temperature):
    prior-corrected transformer log-probabilities plus, when blended, the weighted TF-IDF log-probabilities."""
    adjusted = logit_adjust(logits, meta.sentiment_log_prior, meta.sentiment_prior_tau)
    if tfidf_log_probs is None or meta.tfidf_weight == 0.0:
        return adjusted
    return log_softmax(adjusted) + meta.tfidf_weight * tfidf_log_probs
