"""Train the TF-IDF + logistic-regression baseline and save it with skops (no arbitrary pickle)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from skops.io import dump

from models.baseline import BASELINE_FILE
from models.baseline_features import jieba_tokens
from models.text import normalize
from training.data import Example


def build_pipeline(c: float = 4.0) -> Pipeline:
    """jieba word 1-2-grams + character 1-3-grams, sublinear TF-IDF, multinomial logistic regression."""
    features = FeatureUnion([
        ("words", TfidfVectorizer(tokenizer=jieba_tokens, token_pattern=None, lowercase=False,
                                  ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=40_000)),
        ("chars", TfidfVectorizer(analyzer="char", lowercase=False, ngram_range=(1, 3), min_df=2,
                                  sublinear_tf=True, max_features=60_000)),
    ])
    return Pipeline([("features", features), ("clf", LogisticRegression(C=c, max_iter=2000))])


def train_baseline(train_set: Sequence[Example], dev_set: Sequence[Example], out_dir: Path) -> tuple[Pipeline, float]:
    """Pick C on dev accuracy, refit on train, save `baseline.skops` into out_dir. Returns (pipeline, C)."""
    x_train = [normalize(e.text) for e in train_set]
    y_train = [e.sentiment for e in train_set]
    x_dev = [normalize(e.text) for e in dev_set]
    y_dev = [e.sentiment for e in dev_set]
    best: tuple[float, float, Pipeline] | None = None
    for c in (2.0, 8.0):
        pipe = build_pipeline(c).fit(x_train, y_train)
        acc = float((pipe.predict(x_dev) == np.asarray(y_dev)).mean())
        if best is None or acc > best[0]:
            best = (acc, c, pipe)
    assert best is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    # The vocabulary lands in a verbose JSON schema inside the archive: deflate shrinks it ~20x.
    dump(_slim(best[2]), out_dir / BASELINE_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    return best[2], best[1]


def _slim(pipe: Pipeline) -> Pipeline:
    """Drop what inference never reads and make the vocabulary plain ints, so skops stores it compactly.

    `stop_words_` holds every n-gram pruned by min_df (millions) and numpy-int vocabulary values would
    each become a separate array in the skops archive.
    """
    for _, vectorizer in pipe.named_steps["features"].transformer_list:
        vectorizer.stop_words_ = None
        vectorizer.vocabulary_ = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
    return pipe
