"""The fine-tuned transformer classifier served through onnxruntime (int8).

Per text: normalise, split long texts into sentence windows (never silently truncated), score every window in one
batched run, aggregate windows weighted by length, and derive the contract's fields. Every clause is read from the
same run (`models.clause_probe`: a probe over its tokens' inner-layer states), so aspects and evidence cost no extra
encoder run; artefacts without clause states score only the clauses that mention a commerce aspect, each as a unit
of its own. Where the artefact was packaged with a TF-IDF expert (`models.tfidf_blend`) or a memory of the training
reviews (`models.neighbours`), each unit's sentiment blends them in. Evidence and aspect clauses are quoted in the customer's own characters (`models.evidence.quote_original`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.analysis import CONSISTENT_EMOTIONS, SENTIMENTS, Analysis, AspectSentiment
from models.aspects import AspectClause, aspect_clauses, opinion_polarity, text_clauses
from models.clause_probe import ClauseProbe
from models.emotion_cues import with_cues
from models.evidence import lexicon_evidence, quote_original, top_clauses
from models.intensity import emotion_shares, intensity
from models.neighbours import NeighbourMemory
from models.onnx_backend import EncoderOutput, OnnxEncoder, logit_adjust, sigmoid, softmax
from models.text import normalize, windows
from models.tfidf_blend import TfidfExpert, sentiment_scores

# Weight of the whole text's reading mixed into a clause scored on its own (artefacts without clause states).
_CONTEXT_WEIGHT = 0.35
_CLAUSE_END = re.compile(r"[，,。！？!?；;]")
# Turn words after which the following clause carries the verdict (虽然…但是).
_TURNS = ("但是", "但", "不过", "可是", "然而", "可惜", "就是", "只是", "还是")


@dataclass
class _ClauseSource:
    """Where an aspect clause's reading comes from: characters of a window (read in context), or a unit of its own."""

    unit: int
    span: tuple[int, int] | None = None


@dataclass
class _Plan:
    """The units scored for one text: its windows (and, for artefacts without clause states, its aspect clauses),
    and the clauses read for aspects and evidence."""

    text: str
    windows: list[str]
    clauses: list[AspectClause]
    first: int = 0
    sources: list[_ClauseSource] = field(default_factory=list)


def _owners(plans: list[_Plan], units: int) -> list[str]:
    """The text each unit (a window, or a clause read on its own) was cut from."""
    owners = [""] * units
    for plan in plans:
        for k in range(len(plan.windows)):
            owners[plan.first + k] = plan.text
        for source in plan.sources:
            owners[source.unit] = plan.text
    return owners


class TransformerClassifier:
    """`Classifier` over the exported ONNX model folder (model.onnx, tokenizer.json, model.json, clause_probe.json)."""

    def __init__(self, folder: Path, threads: int = 0, batch_size: int = 128) -> None:
        self.encoder = OnnxEncoder(folder, threads=threads)
        self.probe = ClauseProbe.load(folder) if self.encoder.has_clause_states else None
        self.tfidf = TfidfExpert.for_model(folder, self.encoder.meta)
        self.neighbours = NeighbourMemory.for_model(folder, self.encoder.meta)
        # For reading the reviews the memory holds (dev): each text without its own vote, as an unseen text is read.
        self.leave_out_remembered = False
        self.name = self.encoder.meta.name
        self.batch_size = batch_size  # a row cap per onnxruntime call; the token budget usually binds first
        self.window_chars = window_chars(self.encoder.meta.max_length)

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        plans: list[_Plan] = []
        units: list[str] = []
        for raw in texts:
            text = normalize(raw)
            # With clause states every clause is read from the text's own run for free, so all of them compete to be
            # the evidence; without, only aspect clauses earn an encoder row of their own.
            clauses = text_clauses(text) if self.probe is not None else aspect_clauses(text)
            plan = _Plan(text, windows(text, self.window_chars), clauses, first=len(units))
            units.extend(plan.windows)
            plans.append(plan)
        for plan in plans:
            self._locate_clauses(plan, units)
        wants_states = self.probe is not None and any(plan.clauses for plan in plans)
        out = self.encoder.encode(units, self.batch_size, clause_states=wants_states)
        meta = self.encoder.meta
        tfidf = self.tfidf.log_probabilities(units) if self.tfidf is not None else None
        votes = None
        if self.neighbours is not None:
            votes = self.neighbours.votes(units, leave_out=_owners(plans, len(units)) if self.leave_out_remembered else None)
        out.sentiment = softmax(sentiment_scores(out.sentiment, meta, tfidf, votes), meta.temperature)
        out.emotion = sigmoid(logit_adjust(out.emotion, meta.emotion_log_prior, meta.emotion_prior_tau), meta.emotion_temperature)
        return [quote_original(raw, plan.text, self._analysis(plan, out)) for raw, plan in zip(texts, plans, strict=True)]

    def _locate_clauses(self, plan: _Plan, units: list[str]) -> None:
        """Point each clause at its characters inside a window. An aspect clause found in none (or any, without a
        probe) gets a unit of its own; a clause without aspects is then dropped, as it only competes for evidence."""
        kept: list[AspectClause] = []
        for item in plan.clauses:
            source = None
            if self.probe is not None:
                for k, window in enumerate(plan.windows):
                    at = window.find(item.clause)
                    if at >= 0:
                        source = _ClauseSource(plan.first + k, (at, at + len(item.clause)))
                        break
            if source is None:
                if not item.aspects:
                    continue
                source = _ClauseSource(len(units))
                units.append(item.clause)
            kept.append(item)
            plan.sources.append(source)
        plan.clauses = kept

    def _clause_probabilities(self, plan: _Plan, out: EncoderOutput, context: np.ndarray) -> np.ndarray:
        """[clauses, 3] sentiment probabilities of the plan's clauses, read in context where the run has states."""
        rows = np.empty((len(plan.sources), len(SENTIMENTS)))
        probe, states = self.probe, out.states
        in_window: dict[int, list[tuple[int, int, int]]] = {}
        for k, source in enumerate(plan.sources):
            if source.span is None or probe is None or states is None:
                # Read alone, a short clause loses its context (客服超耐心 alone can read as a complaint): the whole
                # text's reading is a prior that a clearly worded clause still overrides.
                rows[k] = (1 - _CONTEXT_WEIGHT) * out.sentiment[source.unit] + _CONTEXT_WEIGHT * context
            else:
                in_window.setdefault(source.unit, []).append((k, *source.span))
        if probe is None or states is None:
            return rows
        for unit, spans in in_window.items():
            # The probe is linear: a clause's logits are the mean of its tokens' rows, so one product per window
            # and one mask per clause read all of that window's clauses.
            masks = np.stack([out.span_mask(unit, start, end) for _, start, end in spans])
            counts = masks.sum(axis=1, keepdims=True)
            read = probe.from_logits(masks @ probe.token_logits(states[unit]) / np.maximum(counts, 1))
            for j, (k, _, _) in enumerate(spans):
                # characters the tokenizer dropped: the whole text's reading stands
                rows[k] = read[j] if counts[j, 0] else context
        return rows

    @staticmethod
    def _with_opinion(clause: str, row: np.ndarray, *, complaint: bool = False) -> np.ndarray:
        """The clause's reading with its own opinion words (快, 太贵, 不理人) having the last word.

        In context, a clause before a turn (物流很快，但是质量太差) reads as discounted, which is right for the whole
        text but not for that clause's aspect; its opinion words say what the customer thinks of the aspect.
        """
        polarity = opinion_polarity(clause, ironic_quotes=complaint)
        if polarity == 0:
            return row
        local = np.zeros(len(SENTIMENTS))
        local[SENTIMENTS.index("positive" if polarity > 0 else "negative")] = 1.0
        return 0.5 * row + 0.5 * local

    def _analysis(self, plan: _Plan, out: EncoderOutput) -> Analysis:
        sent_p, emo_p = out.sentiment, out.emotion
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
        if sentiment == "negative":
            emotions = with_cues(plan.text, emotions, emotion)
            emotion = max(CONSISTENT_EMOTIONS[sentiment], key=lambda k: emotions[k])
        aspects: list[AspectSentiment] = []
        clause_weights: list[float] = []
        clause_texts: list[str] = []
        readings = self._clause_probabilities(plan, out, probs) if plan.clauses else np.empty((0, len(SENTIMENTS)))
        for item, read in zip(plan.clauses, readings, strict=True):
            row = self._with_opinion(item.clause, read, complaint=sentiment == "negative")
            label = SENTIMENTS[int(np.argmax(row))]
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
            intensity=intensity(plan.text, max(probabilities.values()), emotion_shares(emotions)),
            aspects=aspects,
            evidence=evidence,
            model=self.name,
        )

    @staticmethod
    def _evidence(text: str, sentiment: str, clauses: list[str], weights: list[float]) -> list[str]:
        """What drove the verdict: the clause after a turn word (但是…) if it agrees with it, the clauses that agree
        most, then the lexicon's words of the verdict's emotions. Never a clause or word that argues against it."""
        evidence: list[str] = []
        if sentiment != "neutral":
            tail = _turn_tail(text)
            if tail and _agrees(tail, clauses, weights):
                evidence.append(tail)
            if clauses:
                evidence.extend(c for c in top_clauses(clauses, weights, limit=2, min_weight=0.5) if c not in evidence)
        for word in lexicon_evidence(text, limit=4, emotions=CONSISTENT_EMOTIONS[sentiment]):
            if not any(word in e for e in evidence):
                evidence.append(word)
        return evidence[:5]


def _turn_tail(text: str) -> str | None:
    """The clause that starts at the first turn word (虽然…但是…), turn word included; None without one."""
    for turn in _TURNS:
        at = text.find(turn)
        if at > 0:
            tail = _CLAUSE_END.split(text[at:])[0]
            return tail if len(tail) > len(turn) else None
    return None


def _agrees(tail: str, clauses: list[str], weights: list[float]) -> bool:
    """Whether the clause holding `tail` reads the verdict's way (weight >= 0.5); True when no clause was read."""
    held = [w for c, w in zip(clauses, weights, strict=True) if tail in c or c in tail]
    return not held or max(held) >= 0.5


def window_chars(max_length: int) -> int:
    """Characters per window for a model that reads `max_length` tokens: one Chinese character is about one token;
    keep room for [CLS]/[SEP]."""
    return max(32, max_length - 8)

