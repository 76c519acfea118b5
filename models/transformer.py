"""The fine-tuned transformer classifier served through onnxruntime (int8).

Per text: normalise, split long texts into sentence windows (never silently truncated), score every window
plus the clauses that mention a commerce aspect in one batched run, aggregate windows weighted by length,
and derive the contract's fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.analysis import CONSISTENT_EMOTIONS, SENTIMENTS, Analysis, AspectSentiment
from models.aspects import AspectClause, aspect_clauses
from models.evidence import lexicon_evidence, top_clauses
from models.intensity import intensity
from models.onnx_backend import OnnxEncoder, logit_adjust, sigmoid, softmax
from models.text import normalize, windows

# Turn words after which the following clause carries the verdict (虽然…但是).
_CONTEXT_WEIGHT = 0.35
_CLAUSE_END = re.compile(r"[，,。！？!?；;]")
_TURNS = ("但是", "但", "不过", "可是", "然而", "可惜", "就是", "只是", "还是")


@dataclass
class _Plan:
    """The units scored for one text: its windows, then its aspect clauses."""

    text: str
    windows: list[str]
    clauses: list[AspectClause]
    first: int = 0
    clauses_scored: bool = False


class TransformerClassifier:
    """`Classifier` over the exported ONNX model folder (model.onnx, tokenizer.json, model.json)."""

    def __init__(self, folder: Path, threads: int = 0, batch_size: int = 32) -> None:
        self.encoder = OnnxEncoder(folder, threads=threads)
        self.name = self.encoder.meta.name
        self.batch_size = batch_size
        # Characters per window: one Chinese character is about one token; keep room for [CLS]/[SEP].
        self.window_chars = max(32, self.encoder.meta.max_length - 8)

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        plans: list[_Plan] = []
        units: list[str] = []
        for raw in texts:
            text = normalize(raw)
            plan = _Plan(text, windows(text, self.window_chars), aspect_clauses(text))
            plan.first = len(units)
            units.extend(plan.windows)
            # A one-clause text's aspect reading is the text's own reading: no second run.
            plan.clauses_scored = len(plan.clauses) > 1 or (
                bool(plan.clauses) and plan.clauses[0].clause != text.strip("。！？!? ")
            )
            if plan.clauses_scored:
                units.extend(c.clause for c in plan.clauses)
            plans.append(plan)
        sent_logits, emo_logits = self.encoder.logits(units, self.batch_size)
        meta = self.encoder.meta
        sent_p = softmax(logit_adjust(sent_logits, meta.sentiment_log_prior, meta.sentiment_prior_tau), meta.temperature)
        emo_p = sigmoid(logit_adjust(emo_logits, meta.emotion_log_prior, meta.emotion_prior_tau), meta.emotion_temperature)
        return [self._analysis(plan, sent_p, emo_p) for plan in plans]

    def _analysis(self, plan: _Plan, sent_p: np.ndarray, emo_p: np.ndarray) -> Analysis:
        n_win = len(plan.windows)
        win = slice(plan.first, plan.first + n_win)
        weights = np.array([max(len(w), 1) for w in plan.windows], dtype=np.float64)
        weights /= weights.sum()
        probs = (sent_p[win] * weights[:, None]).sum(0)
        emo = (emo_p[win] * weights[:, None]).sum(0)
        probabilities = {label: round(float(p), 6) for label, p in zip(self.encoder.meta.sentiment_labels, probs, strict=True)}
        emotions = {label: round(float(p), 6) for label, p in zip(self.encoder.meta.emotion_labels, emo, strict=True)}
        sentiment = max(SENTIMENTS, key=lambda k: probabilities[k])
        emotion = max(CONSISTENT_EMOTIONS[sentiment], key=lambda k: emotions[k])
        scored = plan.first + n_win
        aspects: list[AspectSentiment] = []
        clause_weights: list[float] = []
        clause_texts: list[str] = []
        for k, item in enumerate(plan.clauses):
            # A short clause read alone loses its context (客服超耐心 alone can read as a complaint): the whole
            # text's reading is a prior that a clearly worded clause still overrides.
            row = (1 - _CONTEXT_WEIGHT) * sent_p[scored + k] + _CONTEXT_WEIGHT * probs if plan.clauses_scored else probs
            label = SENTIMENTS[int(np.argmax(row))] if plan.clauses_scored else sentiment
            for aspect in item.aspects:
                aspects.append(AspectSentiment(aspect, label, item.clause))
            clause_texts.append(item.clause)
            clause_weights.append(float(row[SENTIMENTS.index(sentiment)]) if sentiment != "neutral" else 0.0)
        evidence = self._evidence(plan.text, sentiment, clause_texts, clause_weights)
        return Analysis(
            sentiment=sentiment,
            score=round(float(probabilities["positive"] - probabilities["negative"]), 6),
            probabilities=probabilities,
            emotion=emotion,
            emotions=emotions,
            intensity=intensity(plan.text, max(probabilities.values()), _normalised(emotions)),
            aspects=aspects,
            evidence=evidence,
            model=self.name,
        )

    @staticmethod
    def _evidence(text: str, sentiment: str, clauses: list[str], weights: list[float]) -> list[str]:
        """Clauses that agree most with the verdict; after a turn word (但是…) that clause; else lexicon words."""
        evidence: list[str] = []
        for turn in _TURNS:
            at = text.find(turn)
            if at > 0:
                tail = _CLAUSE_END.split(text[at:])[0]
                if len(tail) > len(turn):
                    evidence.append(tail)
                break
        if clauses and sentiment != "neutral":
            evidence.extend(c for c in top_clauses(clauses, weights, limit=2, min_weight=0.5) if c not in evidence)
        for word in lexicon_evidence(text, limit=4):
            if not any(word in e for e in evidence):
                evidence.append(word)
        return evidence[:5]


def _normalised(emotions: dict[str, float]) -> dict[str, float]:
    total = sum(emotions.values()) or 1.0
    return {k: v / total for k, v in emotions.items()}
