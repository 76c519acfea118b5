"""Held-out evaluation: review test split, hand-labelled gold set per phenomenon, calibration, parity."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score

from models.analysis import SENTIMENTS, Analysis
from models.classifier import Classifier
from models.neighbours import NeighbourMemory
from models.onnx_backend import OnnxEncoder, softmax
from models.text import normalize
from models.tfidf_blend import TfidfExpert, sentiment_scores
from training.calibration import expected_calibration_error, fit_temperature
from training.data import Example

GOLD_PATH = Path(__file__).resolve().parent / "gold" / "gold.jsonl"
ASPECT_GOLD_PATH = Path(__file__).resolve().parent / "gold" / "aspects.jsonl"


@dataclass(frozen=True)
class GoldItem:
    text: str
    sentiment: str
    emotion: str
    phenomenon: str
    domain: str


def load_gold(path: Path = GOLD_PATH) -> list[GoldItem]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [GoldItem(r["text"], r["sentiment"], r["emotion"], r["phenomenon"], r["domain"]) for r in rows]


@dataclass(frozen=True)
class AspectGoldItem:
    text: str
    aspects: dict[str, str]
    phenomenon: str


def load_aspect_gold(path: Path = ASPECT_GOLD_PATH) -> list[AspectGoldItem]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [AspectGoldItem(r["text"], dict(r["aspects"]), r["phenomenon"]) for r in rows]


def evaluate_aspects(classifier: Classifier, gold: Sequence[AspectGoldItem]) -> dict[str, Any]:
    """Aspect-level sentiment on the hand-labelled aspect set: recall of the aspects and accuracy/macro-F1 of their
    labels. An aspect the model reports several times (two clauses) counts by its first clause."""
    results = classifier.analyze([g.text for g in gold])
    y: list[str] = []
    pred: list[str] = []
    found = total = extra = 0
    per_phenomenon: dict[str, list[bool]] = defaultdict(list)
    for item, result in zip(gold, results, strict=True):
        predicted: dict[str, str] = {}
        for reading in result.aspects:
            predicted.setdefault(reading.aspect, reading.sentiment)
        extra += len(set(predicted) - set(item.aspects))
        for name, label in item.aspects.items():
            total += 1
            if name in predicted:
                found += 1
                y.append(label)
                pred.append(predicted[name])
                per_phenomenon[item.phenomenon].append(label == predicted[name])
    return {
        "texts": len(gold),
        "aspects": total,
        "recall": round(found / max(total, 1), 4),
        "extra_aspects": extra,
        "accuracy": round(float(accuracy_score(y, pred)), 4) if y else 0.0,
        "macro_f1": round(float(f1_score(y, pred, average="macro", labels=list(SENTIMENTS), zero_division=0)), 4)
        if y
        else 0.0,
        "per_phenomenon": {k: {"n": len(v), "accuracy": round(sum(v) / len(v), 4)} for k, v in sorted(per_phenomenon.items())},
    }


def binary_predictions(results: Sequence[Analysis]) -> list[str]:
    """The binary corpus has no neutral class: compare the positive and negative probabilities."""
    return ["positive" if r.probabilities["positive"] >= r.probabilities["negative"] else "negative" for r in results]


def evaluate_reviews(classifier: Classifier, test: Sequence[Example]) -> dict[str, Any]:
    """Accuracy and macro-F1 on the held-out review test split (binary), plus the 3-way argmax accuracy."""
    results = classifier.analyze([e.text for e in test])
    y = [e.sentiment for e in test]
    pred = binary_predictions(results)
    three_way = [r.sentiment for r in results]
    return {
        "n": len(test),
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        "three_way_accuracy": round(float(accuracy_score(y, three_way)), 4),
        "predicted_neutral": sum(1 for p in three_way if p == "neutral"),
        "report": classification_report(y, pred, output_dict=True, zero_division=0),
        "confusion": {"labels": ["negative", "positive"],
                      "matrix": confusion_matrix(y, pred, labels=["negative", "positive"]).tolist()},
    }


def evaluate_gold(classifier: Classifier, gold: Sequence[GoldItem]) -> dict[str, Any]:
    """Sentiment (3-way) and top-emotion accuracy overall and per phenomenon."""
    results = classifier.analyze([g.text for g in gold])
    by_phenomenon: dict[str, list[tuple[GoldItem, Analysis]]] = defaultdict(list)
    for item, result in zip(gold, results, strict=True):
        by_phenomenon[item.phenomenon].append((item, result))

    def scores(pairs: Sequence[tuple[GoldItem, Analysis]]) -> dict[str, float]:
        return {
            "n": len(pairs),
            "sentiment_accuracy": round(sum(g.sentiment == r.sentiment for g, r in pairs) / len(pairs), 4),
            "emotion_accuracy": round(sum(g.emotion == r.emotion for g, r in pairs) / len(pairs), 4),
        }

    pairs = list(zip(gold, results, strict=True))
    y = [g.sentiment for g in gold]
    pred = [r.sentiment for r in results]
    return {
        **scores(pairs),
        "sentiment_macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        "emotion_macro_f1": round(float(f1_score([g.emotion for g in gold], [r.emotion for r in results], average="macro")), 4),
        "sentiment_confusion": {"labels": list(SENTIMENTS),
                                "matrix": confusion_matrix(y, pred, labels=list(SENTIMENTS)).tolist()},
        "per_phenomenon": {name: scores(p) for name, p in sorted(by_phenomenon.items())},
        "errors": [
            {"text": g.text, "gold": f"{g.sentiment}/{g.emotion}", "predicted": f"{r.sentiment}/{r.emotion}"}
            for g, r in pairs if g.sentiment != r.sentiment
        ][:40],
    }


def calibration(folder: Path, dev: Sequence[Example], test: Sequence[Example]) -> dict[str, float]:
    """Temperature fitted on dev (3-class) over the scores serving uses; ECE on the review test split before and after."""
    encoder = OnnxEncoder(folder)
    expert = TfidfExpert.for_model(folder, encoder.meta)
    memory = NeighbourMemory.for_model(folder, encoder.meta)

    def scores(examples: Sequence[Example], remembered: bool = False) -> np.ndarray:
        texts = [normalize(e.text) for e in examples]
        tfidf = expert.log_probabilities(texts) if expert is not None else None
        votes = memory.votes(texts, leave_out=texts if remembered else None) if memory is not None else None
        return sentiment_scores(encoder.logits(texts)[0], encoder.meta, tfidf, votes)

    # The memory holds the dev reviews: each is read without its own vote, as a text it has not seen would be.
    temperature = fit_temperature(scores(dev, remembered=True), [SENTIMENTS.index(e.sentiment) for e in dev])
    test_scores = scores(test)
    y = [SENTIMENTS.index(e.sentiment) for e in test]
    return {
        "temperature": round(temperature, 4),
        "ece_before": round(expected_calibration_error(softmax(test_scores), y), 4),
        "ece_after": round(expected_calibration_error(softmax(test_scores, temperature), y), 4),
    }


def parity(int8_folder: Path, trained_folder: Path, test: Sequence[Example], max_length: int) -> dict[str, float]:
    """int8 ONNX vs the PyTorch model on the test split: label agreement and accuracy of each (binary)."""
    from training.finetune import load_model, predict_logits

    texts = [e.text for e in test]
    y = np.array([e.sentiment for e in test])
    model, tokenizer = load_model(trained_folder)
    torch_logits, _ = predict_logits(model, tokenizer, texts, max_length)
    onnx_logits, _ = OnnxEncoder(int8_folder).logits([normalize(t) for t in texts])
    pos, neg = SENTIMENTS.index("positive"), SENTIMENTS.index("negative")

    def binary(logits: np.ndarray) -> np.ndarray:
        return np.where(logits[:, pos] >= logits[:, neg], "positive", "negative")

    torch_pred, onnx_pred = binary(torch_logits), binary(onnx_logits)
    return {
        "n": len(test),
        "agreement": round(float((torch_pred == onnx_pred).mean()), 4),
        "three_way_agreement": round(float((torch_logits.argmax(1) == onnx_logits.argmax(1)).mean()), 4),
        "torch_accuracy": round(float((torch_pred == y).mean()), 4),
        "int8_accuracy": round(float((onnx_pred == y).mean()), 4),
    }
