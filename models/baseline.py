"""The classical baseline: jieba word + character n-gram TF-IDF with a logistic regression, loaded with skops.

Emotions come from the emotion lexicon (negation and degree aware), constrained by the predicted sentiment;
the model card marks them as lexicon-based. Aspect clauses are scored on their own by the same pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from skops.io import get_untrusted_types, load

from models.analysis import CONSISTENT_EMOTIONS, EMOTIONS, Analysis, AspectSentiment
from models.aspects import aspect_clauses
from models.evidence import lexicon_evidence, quote_original
from models.intensity import intensity
from models.lexicon_emotions import emotion_scores
from models.text import normalize

# Types we wrote ourselves or that sklearn builds; anything else in the file is refused.
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "models.baseline_features.", "models.text.", "builtins.")
BASELINE_FILE = "baseline.skops"


class BaselineClassifier:
    """TF-IDF + logistic regression sentiment with lexicon emotions."""

    name = "baseline"

    def __init__(self, path: Path) -> None:
        untrusted = get_untrusted_types(file=path)
        refused = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
        if refused:
            raise ValueError(f"refusing to load {path}: unexpected types {refused}")
        self.pipeline = load(path, trusted=untrusted)
        self.classes: list[str] = [str(c) for c in self.pipeline.classes_]

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        clean = [normalize(t) for t in texts]
        clauses = [aspect_clauses(text) for text in clean]
        # Texts and their aspect clauses in one call; each clause is scored on its own.
        flat = [item.clause for items in clauses for item in items]
        probs = self.pipeline.predict_proba(clean + flat)
        clause_rows = iter(probs[len(clean) :])
        results = []
        for raw, text, row, items in zip(texts, clean, probs[: len(clean)], clauses, strict=True):
            aspects = []
            for item in items:
                label = self.classes[int(np.argmax(next(clause_rows)))]
                aspects += [AspectSentiment(name, label, item.clause) for name in item.aspects]
            results.append(quote_original(raw, text, self._one(text, row, aspects)))
        return results

    def _one(self, text: str, row: np.ndarray, aspects: list[AspectSentiment]) -> Analysis:
        probabilities = {c: 0.0 for c in ("positive", "neutral", "negative")}
        probabilities.update({c: round(float(p), 6) for c, p in zip(self.classes, row, strict=True)})
        sentiment = max(probabilities, key=lambda k: probabilities[k])
        emotions = lexicon_emotions_for(text, sentiment)
        emotion = max(emotions, key=lambda k: emotions[k])
        score = probabilities["positive"] - probabilities["negative"]
        return Analysis(
            sentiment=sentiment,
            score=round(score, 6),
            probabilities=probabilities,
            emotion=emotion,
            emotions=emotions,
            intensity=intensity(text, max(probabilities.values()), emotions),
            aspects=aspects,
            evidence=lexicon_evidence(text, emotions=CONSISTENT_EMOTIONS[sentiment]),
            model=self.name,
        )


def lexicon_emotions_for(text: str, sentiment: str) -> dict[str, float]:
    """Lexicon emotion mix, restricted to emotions consistent with the sentiment."""
    allowed = CONSISTENT_EMOTIONS[sentiment]
    scores = emotion_scores(text, normalized=True)
    raw = {e: (1.0 + scores[e] if e in allowed else 0.0) for e in EMOTIONS}
    if sentiment == "positive":
        raw["joy"] += 0.5  # plain praise is joy unless thanks are explicit
    if sentiment == "negative":
        raw["disappointment"] += 0.5
    total = sum(raw.values())
    return {e: round(v / total, 6) for e, v in raw.items()}
