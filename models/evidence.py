"""Evidence: the words or clauses that drove a prediction."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from models.analysis import Analysis, AspectSentiment
from models.lexicon_emotions import find_hits
from models.text import in_original, normalize_with_origins


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


def quote_original(text: str, normalized: str, analysis: Analysis) -> Analysis:
    """The analysis with its evidence and aspect clauses in the customer's own characters (Traditional, emoji,
    full-width, case) instead of the normalised ones the model read, so a CX page can find them in the message.
    `normalized` is `normalize(text)`, which the caller has already computed."""
    pieces = [*analysis.evidence, *(a.evidence for a in analysis.aspects)]
    if all(piece in text for piece in pieces):  # the common case: plain Simplified clauses, nothing to map
        return analysis
    aligned = normalize_with_origins(text)
    spans = aligned[1] if aligned is not None else None

    def quote(piece: str) -> str:
        return piece if piece in text else in_original(text, normalized, spans, piece)

    return replace(
        analysis,
        evidence=list(dict.fromkeys(quote(e) for e in analysis.evidence)),
        aspects=[AspectSentiment(a.aspect, a.sentiment, quote(a.evidence)) for a in analysis.aspects],
    )
