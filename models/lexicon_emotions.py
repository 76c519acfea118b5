"""Lexicon-based emotion reading (DUTIR + HowNet + curated cues) with negation and degree handling.

Used as the baseline's emotion reader, as the weak labeller for training, and as an intensity cue.
The lexicon is data (`models/lexicon/emotion_lexicon.json`, built by `training.lexicons`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from models.analysis import EMOTIONS
from models.text import normalize

LEXICON_PATH = Path(__file__).resolve().parent / "lexicon" / "emotion_lexicon.json"
_CLAUSE_END = set("，,。！？!?；;…\n ")
_MAX_WORD = 4
# A negated praise reads as disappointment (不太满意); a negated complaint carries no emotion (没什么问题).
_NEGATED = {"joy": "disappointment", "gratitude": None, "anger": None, "anxiety": None, "disappointment": None}


@dataclass(frozen=True)
class LexiconHit:
    """One lexicon word found in the text, after negation and degree."""

    word: str
    emotion: str
    weight: float
    start: int


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, dict[str, float]]
    negations: frozenset[str]
    degree: dict[str, float]
    strong: frozenset[str] = frozenset()  # highly aroused, clearly valenced words (Chinese EmoBank): intensity cues

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> Lexicon:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw["words"], frozenset(raw["negations"]), raw["degree"], frozenset(raw.get("strong", ())))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.load()


def find_hits(text: str, lexicon: Lexicon | None = None) -> list[LexiconHit]:
    """Longest-match scan of normalised text; negation and degree words modify the next emotion word."""
    lex = lexicon or default_lexicon()
    hits: list[LexiconHit] = []
    negated = False
    degree = 1.0
    i = 0
    while i < len(text):
        if text[i] in _CLAUSE_END:
            negated, degree = False, 1.0
            i += 1
            continue
        for size in range(min(_MAX_WORD, len(text) - i), 0, -1):
            piece = text[i : i + size]
            if piece in lex.words:
                for emotion, weight in lex.words[piece].items():
                    target: str | None = _NEGATED[emotion] if negated else emotion
                    if target is not None:
                        hits.append(LexiconHit(piece, target, weight * degree, i))
                negated, degree = False, 1.0
                i += size
                break
            if piece in lex.negations:
                negated = True
                i += size
                break
            if piece in lex.degree:
                degree = lex.degree[piece]
                i += size
                break
        else:
            i += 1
    return hits


def emotion_scores(text: str, lexicon: Lexicon | None = None, *, normalized: bool = False) -> dict[str, float]:
    """Summed hit weights per emotion (neutral always 0)."""
    clean = text if normalized else normalize(text)
    scores = dict.fromkeys(EMOTIONS, 0.0)
    for hit in find_hits(clean, lexicon):
        scores[hit.emotion] += hit.weight
    return scores


def emotion_distribution(text: str, *, normalized: bool = False, neutral_mass: float = 1.0) -> dict[str, float]:
    """Lexicon scores turned into probabilities; with no cue at all the text reads as neutral."""
    scores = emotion_scores(text, normalized=normalized)
    scores["neutral"] = neutral_mass
    exp = {k: math.exp(min(v, 10.0)) - (1.0 if k != "neutral" else 0.0) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: round(v / total, 6) for k, v in exp.items()}
