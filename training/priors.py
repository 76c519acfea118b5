"""Fit the logit adjustment of both heads on dev (class priors from the training targets)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.analysis import SENTIMENTS
from models.text import normalize
from training.data import Example
from training.serving_meta import update_serving_meta

TAUS = tuple(round(0.25 * i, 2) for i in range(0, 9))  # 0 … 2


def _top_emotion(example: Example) -> str:
    emotions = example.emotions or {}
    return max(emotions, key=lambda k: emotions[k])


def balanced_accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean recall per class: a prior correction exists for the rare classes."""
    classes = sorted(set(truth))
    return float(np.mean([np.mean([p == t for t, p in zip(truth, predicted, strict=True) if t == c]) for c in classes]))


def _log_prior(rows: np.ndarray) -> list[float]:
    prior = rows.mean(axis=0)
    return [round(float(x), 5) for x in np.log(np.clip(prior / prior.sum(), 1e-4, 1.0))]


def fit_priors(serving_dir: Path, train: Sequence[Example], dev: Sequence[Example]) -> dict[str, float]:
    """Logit adjustment (Menon et al., 2021) for both heads: log-priors from the training targets, each tau
    chosen on dev balanced accuracy. Dev emotion labels are the weak / generated ones; the gold set is never
    used. The emotion choice is made among the emotions consistent with the true sentiment, so the two fits
    stay independent."""
    from models.analysis import CONSISTENT_EMOTIONS, EMOTIONS
    from models.onnx_backend import OnnxEncoder, logit_adjust

    sentiment_prior = _log_prior(np.array([[float(e.sentiment == s) for s in SENTIMENTS] for e in train]))
    emotion_prior = _log_prior(np.array([[(e.emotions or {}).get(n, 0.0) for n in EMOTIONS] for e in train]))
    labelled = [e for e in dev if e.emotions]
    sent, emo = OnnxEncoder(serving_dir).logits([normalize(e.text) for e in labelled])
    truth_sent = [e.sentiment for e in labelled]
    truth_emo = [_top_emotion(e) for e in labelled]

    def sentiment_score(tau: float) -> float:
        adjusted = logit_adjust(sent, tuple(sentiment_prior), tau)
        return balanced_accuracy(truth_sent, [SENTIMENTS[int(i)] for i in adjusted.argmax(1)])

    def emotion_score(tau: float) -> float:
        adjusted = logit_adjust(emo, tuple(emotion_prior), tau)
        predicted = [max(CONSISTENT_EMOTIONS[e.sentiment], key=lambda k: row[EMOTIONS.index(k)])
                     for row, e in zip(adjusted, labelled, strict=True)]
        return balanced_accuracy(truth_emo, predicted)

    s_scores = {tau: sentiment_score(tau) for tau in TAUS}
    e_scores = {tau: emotion_score(tau) for tau in TAUS}
    s_tau = max(TAUS, key=lambda t: (s_scores[t], -t))
    e_tau = max(TAUS, key=lambda t: (e_scores[t], -t))
    update_serving_meta(serving_dir, {"sentiment_log_prior": sentiment_prior, "sentiment_prior_tau": s_tau,
                                      "emotion_log_prior": emotion_prior, "emotion_prior_tau": e_tau})
    return {"sentiment_tau": s_tau, "dev_balanced_sentiment": round(s_scores[s_tau], 4),
            "dev_balanced_sentiment_tau0": round(s_scores[0.0], 4), "emotion_tau": e_tau,
            "dev_balanced_emotion": round(e_scores[e_tau], 4), "dev_balanced_emotion_tau0": round(e_scores[0.0], 4)}
