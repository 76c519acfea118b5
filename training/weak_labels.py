"""Weak emotion targets for the binary review corpus, from the shipped emotion lexicon.

A review's sentiment label constrains which emotions are possible (a positive review is joy or gratitude,
a negative one anger, anxiety or disappointment); the lexicon decides the mix inside that set. The model
card says plainly that emotion training labels are lexicon-derived.
"""

from __future__ import annotations

from models.analysis import CONSISTENT_EMOTIONS, EMOTIONS
from models.lexicon_emotions import emotion_scores

ALLOWED = CONSISTENT_EMOTIONS
# Prior mass per emotion when the lexicon is silent: plain praise is joy, plain complaint disappointment.
PRIOR = {"joy": 1.0, "gratitude": 0.05, "anger": 0.15, "anxiety": 0.05, "disappointment": 1.0, "neutral": 1.0}


def weak_emotions(text: str, sentiment: str) -> dict[str, float]:
    """Soft multi-label target over the six emotions for a text with a known sentiment."""
    scores = emotion_scores(text)
    allowed = ALLOWED[sentiment]
    raw = {e: PRIOR[e] + scores[e] for e in allowed}
    top = max(raw.values())
    # Multi-label: every allowed emotion within reach of the top one counts, scaled to [0, 1].
    return {e: (round(min(1.0, raw[e] / top), 3) if e in raw else 0.0) for e in EMOTIONS}
