"""Export the TF-IDF baseline beside the ONNX model as the sentiment expert and fit its blend weight on dev."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from models.analysis import SENTIMENTS
from models.baseline_features import jieba_tokens
from models.onnx_backend import ModelMeta, OnnxEncoder
from models.text import normalize
from models.tfidf_blend import TFIDF_FILE, TfidfExpert, sentiment_scores
from training.data import Example
from training.priors import balanced_accuracy
from training.serving_meta import update_serving_meta

WEIGHTS = tuple(round(0.25 * i, 2) for i in range(0, 9))  # 0 … 2


def export_tfidf(baseline_file: Path, path: Path) -> None:
    """The baseline's skops pipeline as the plain arrays `TfidfExpert` reads (no pickle, no scikit-learn)."""
    from models.baseline import BaselineClassifier  # its loader refuses unexpected types in the file

    pipeline = BaselineClassifier(baseline_file).pipeline
    (_, words), (_, chars) = pipeline.named_steps["features"].transformer_list
    clf = pipeline.named_steps["clf"]
    recomputed = {"word n-grams": (words.ngram_range, (1, 2)), "char n-grams": (chars.ngram_range, (1, 3)),
                  "char analyzer": (chars.analyzer, "char"), "word tokenizer": (words.tokenizer, jieba_tokens)}
    recomputed |= {f"{name} {key}": (getattr(v, key), want) for name, v in (("word", words), ("char", chars))
                   for key, want in (("lowercase", False), ("sublinear_tf", True), ("use_idf", True),
                                     ("norm", "l2"), ("binary", False))}
    unsupported = [name for name, (have, want) in recomputed.items() if have != want]
    if unsupported or pipeline.named_steps["features"].transformer_weights is not None:
        raise ValueError(f"the TF-IDF expert cannot reproduce this pipeline: {unsupported or 'transformer_weights'}")

    def in_column_order(vectorizer: Any) -> np.ndarray:
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        return np.array(terms, dtype=str)

    coef, intercept = clf.coef_, clf.intercept_
    if coef.shape[0] == 1:
        # Two classes (a user's positive/negative file): scikit-learn keeps one decision column, for classes_[1].
        # A softmax over [0, d] is the same model, so the expert reads it like any other.
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    np.savez_compressed(
        path, classes=np.array([str(c) for c in clf.classes_]), coef=coef, intercept=intercept,
        word_vocabulary=in_column_order(words), word_idf=words.idf_,
        char_vocabulary=in_column_order(chars), char_idf=chars.idf_,
    )


def fit_tfidf_blend(serving_dir: Path, baseline_file: Path, dev: Sequence[Example]) -> dict[str, float]:
    """Export the baseline into the serving folder and choose its weight on dev balanced accuracy (3-class, the
    same criterion as the prior correction, which is fitted first and held fixed). Weight 0 keeps the
    transformer alone and removes the exported file again; ties go to the smaller weight."""
    export_tfidf(baseline_file, serving_dir / TFIDF_FILE)
    texts = [normalize(e.text) for e in dev]
    truth = [e.sentiment for e in dev]
    logits, _ = OnnxEncoder(serving_dir).logits(texts)
    expert = TfidfExpert(serving_dir / TFIDF_FILE).log_probabilities(texts)
    meta = ModelMeta.load(serving_dir)

    def score(weight: float) -> float:
        blended = sentiment_scores(logits, replace(meta, tfidf_weight=weight), expert)
        return balanced_accuracy(truth, [SENTIMENTS[int(i)] for i in blended.argmax(1)])

    scores = {w: score(w) for w in WEIGHTS}
    weight = max(WEIGHTS, key=lambda w: (scores[w], -w))
    if weight == 0.0:  # serving would never read it: do not ship 2.7 MB of dead weight
        (serving_dir / TFIDF_FILE).unlink()
    update_serving_meta(serving_dir, {"tfidf_weight": weight})
    return {"tfidf_weight": weight, "dev_balanced_sentiment": round(scores[weight], 4),
            "dev_balanced_sentiment_transformer_alone": round(scores[0.0], 4)}
