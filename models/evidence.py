"""Evidence: the words or clauses that drove a prediction."""

from __future__ import annotations

from collections.abc import Collection

from models.lexicon_emotions import find_hits


def lexicon_evidence(text: str, limit: int = 5, emotions: Collection[str] | None = None) -> list[str]:
    """Emotion words found in a normalised text, strongest first, unique; only those of `emotions` when given (a
    negative verdict is not explained by the 不错 it overrode)."""
    hits = sorted(find_hits(text), key=lambda h: -h.weight)
    out: list[str] = []
    for hit in hits:
        if emotions is not None and hit.emotion not in emotions:
            continue
        if hit.word not in out:
            out.append(hit.word)
        if len(out) == limit:
            break
    return out


def top_clauses(clauses: list[str], weights: list[float], limit: int = 3, min_weight: float = 0.15) -> list[str]:
    """Clauses whose weight (e.g. how far they move the prediction) is highest, in text order."""
    ranked = sorted(range(len(clauses)), key=lambda i: -weights[i])
    chosen = sorted(i for i in ranked[:limit] if weights[i] >= min_weight) or ranked[:1]
    return [clauses[i].strip("，,。！？!?；; ") for i in sorted(chosen)]
