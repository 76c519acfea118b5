"""Build the nearest-review memory (`models.neighbours`) from the training reviews and fit its vote's weight on dev.

Rebuild the bundled artefact's memory: `python -m training.neighbours models/artifacts/xinsheng-m3e-small-int8`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from models.neighbours import NEIGHBOURS_FILE, NeighbourMemory
from models.onnx_backend import ModelMeta, OnnxEncoder
from models.text import normalize
from models.tfidf_blend import TfidfExpert, sentiment_scores
from training.data import Example, load_split
from training.serving_meta import update_serving_meta

NEIGHBOURS = 20
TRAINING_FILE = "training.json"
WEIGHTS = tuple(round(0.5 * i, 1) for i in range(0, 17))  # 0 … 8 on the positive-negative log-odds


def binary_reviews(examples: Sequence[Example]) -> list[Example]:
    """The review corpus's texts (positive or negative), without the generated ones."""
    return [e for e in examples if e.source == "reviews" and e.sentiment in ("positive", "negative")]


def export_memory(train: Sequence[Example], path: Path, k: int = NEIGHBOURS) -> int:
    """The binary training reviews (normalised text and label) as the memory's file; returns how many it holds.
    `models.neighbours` builds its TF-IDF index from them at load."""
    reviews = binary_reviews(train)
    texts = [normalize(e.text) for e in reviews]
    np.savez_compressed(  # one UTF-8 run and each text's length: a fixed-width string array pads every text
        path, text_utf8=np.frombuffer("".join(texts).encode("utf-8"), dtype=np.uint8),
        text_lengths=np.array([len(t) for t in texts], dtype=np.int32),
        labels=np.array([1 if e.sentiment == "positive" else -1 for e in reviews], dtype=np.int8), k=k,
    )
    return len(reviews)


def fit_neighbour_weight(serving_dir: Path, train: Sequence[Example], dev: Sequence[Example]) -> dict[str, float]:
    """Export the memory into the serving folder and choose the vote's weight on dev reviews' binary accuracy (the
    review target's criterion), everything else held fixed. Weight 0 removes the file again; ties go to the
    smaller weight."""
    held = export_memory(train, serving_dir / NEIGHBOURS_FILE)
    reviews = binary_reviews(dev)
    texts = [normalize(e.text) for e in reviews]
    positive = np.array([e.sentiment == "positive" for e in reviews])
    meta = ModelMeta.load(serving_dir)
    logits, _ = OnnxEncoder(serving_dir).logits(texts)
    expert = TfidfExpert.for_model(serving_dir, meta)
    tfidf = expert.log_probabilities(texts) if expert is not None else None
    votes = NeighbourMemory.load(serving_dir / NEIGHBOURS_FILE).votes(texts)
    pos, neg = meta.sentiment_labels.index("positive"), meta.sentiment_labels.index("negative")

    def right(weight: float) -> int:
        scores = sentiment_scores(logits, replace(meta, neighbour_weight=weight), tfidf, votes)
        return int(((scores[:, pos] > scores[:, neg]) == positive).sum())

    counts = {w: right(w) for w in WEIGHTS}
    weight = max(WEIGHTS, key=lambda w: (counts[w], -w))
    if weight == 0.0:
        (serving_dir / NEIGHBOURS_FILE).unlink()
    update_serving_meta(serving_dir, {"neighbour_weight": weight})
    return {"neighbour_weight": weight, "neighbour_reviews": held, "dev_reviews_right": counts[weight],
            "dev_reviews_right_without": counts[0.0], "dev_reviews": len(reviews)}


def remember_dev(serving_dir: Path, train: Sequence[Example], dev: Sequence[Example]) -> dict[str, int]:
    """Once the weight is chosen (and every other fit on dev is done), the memory also holds the dev reviews: refit
    on all labelled data after selection; the test split stays out. Measured where neither side is the memory the
    weight was chosen on: all 15,622 train and dev reviews against random subsamples of 13,886, dev read without its
    own vote, +1.2 dev texts (15 of 20 draws; notebooks/nearest_reviews.py). Dev read afterwards must leave each text
    out of its own vote: `NeighbourMemory.votes(leave_out=…)`, `TransformerClassifier.leave_out_remembered`."""
    path = serving_dir / NEIGHBOURS_FILE
    if not path.exists():  # packaged without a memory (weight 0)
        return {}
    dev_reviews = binary_reviews(dev)
    held = export_memory([*binary_reviews(train), *dev_reviews], path)
    return {"neighbour_reviews": held, "neighbour_reviews_from_dev": len(dev_reviews)}


def rebuild(serving_dir: Path) -> dict[str, float]:
    """Refit the memory of a packaged folder and record it in its training.json, as `xinsheng train` would."""
    train, dev = load_split("train"), load_split("dev")
    summary = fit_neighbour_weight(serving_dir, train, dev)
    summary.update(remember_dev(serving_dir, train, dev))
    record = serving_dir / TRAINING_FILE
    if record.exists():
        raw = json.loads(record.read_text())
        raw["neighbours"] = summary
        record.write_text(json.dumps(raw, indent=2, ensure_ascii=False))
    return summary


if __name__ == "__main__":
    print(json.dumps(rebuild(Path(sys.argv[1])), indent=2))
