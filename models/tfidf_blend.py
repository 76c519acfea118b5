"""The TF-IDF model's sentiment as a second expert beside the transformer's (a weighted product of experts).

The two err differently: the TF-IDF model weighs words and phrases over the whole training corpus, the 4-layer
transformer reads context. Their log-probabilities are added, the TF-IDF side scaled by a weight fitted on dev
(`training.tfidf_blend`). Emotions stay the transformer's alone.

The expert is the baseline's pipeline (jieba word 1-2-grams + character 1-3-grams, sublinear TF-IDF, l2 rows,
logistic regression) exported to plain arrays and recomputed here: loading the scikit-learn pipeline in every
serving worker cost about 0.5 GB of memory and 1.5 ms per call, the arrays cost tens of MB and tens of
microseconds per short text. `tests/models/test_tfidf_blend.py` checks that both give the same probabilities.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from models.analysis import SENTIMENTS
from models.baseline_features import jieba_tokens
from models.onnx_backend import ModelMeta, log_softmax, logit_adjust

TFIDF_FILE = "tfidf.npz"
# A class the TF-IDF model never saw gets this probability rather than log(0).
_FLOOR = 1e-6
# scikit-learn's character analyzer squeezes runs of whitespace to one space before taking n-grams.
_WHITESPACE_RUN = re.compile(r"\s\s+")


def word_ngrams(text: str, max_n: int = 2) -> list[str]:
    """jieba words and runs of up to `max_n` of them joined by spaces (scikit-learn's word analyzer)."""
    tokens = jieba_tokens(text)
    grams = list(tokens)
    for n in range(2, max_n + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def squeeze_whitespace(text: str) -> str:
    """Runs of whitespace as one space, as scikit-learn's character analyzer reads a text."""
    return _WHITESPACE_RUN.sub(" ", text)


def char_ngrams(text: str, max_n: int = 3) -> list[str]:
    """Character 1…`max_n`-grams (scikit-learn's `char` analyzer)."""
    text = squeeze_whitespace(text)
    return [text[i : i + n] for n in range(1, min(max_n, len(text)) + 1) for i in range(len(text) - n + 1)]


class _Block:
    """One TF-IDF vectorizer of the union: its analyzer, vocabulary, idf, and its columns of the coefficients."""

    def __init__(self, analyzer: Callable[[str], list[str]], vocabulary: np.ndarray, idf: np.ndarray,
                 coef: np.ndarray) -> None:
        self.analyzer = analyzer
        self.index = {str(term): k for k, term in enumerate(vocabulary)}
        self.idf = idf
        self.coef = coef  # [classes, len(vocabulary)]

    def scores(self, text: str) -> np.ndarray:
        """This block's share of the logistic regression's decision values for one text."""
        counts = Counter(k for g in self.analyzer(text) if (k := self.index.get(g)) is not None)
        if not counts:
            return np.zeros(self.coef.shape[0])
        columns = np.fromiter(counts, dtype=np.int64)
        values = np.array([1.0 + math.log(counts[c]) for c in columns]) * self.idf[columns]  # sublinear tf × idf
        return self.coef[:, columns] @ (values / np.linalg.norm(values))


class TfidfExpert:
    """The exported TF-IDF + logistic-regression model, read as sentiment log-probabilities."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as arrays:
            classes = [str(c) for c in arrays["classes"]]
            coef, self._intercept = arrays["coef"], arrays["intercept"]
            n_words = len(arrays["word_vocabulary"])
            self._blocks = (
                _Block(word_ngrams, arrays["word_vocabulary"], arrays["word_idf"], coef[:, :n_words]),
                _Block(char_ngrams, arrays["char_vocabulary"], arrays["char_idf"], coef[:, n_words:]),
            )
        self._columns = [classes.index(s) if s in classes else -1 for s in SENTIMENTS]

    @classmethod
    def for_model(cls, folder: Path, meta: ModelMeta) -> TfidfExpert | None:
        """The expert of a serving folder, or None when the model was packaged without a blend."""
        path = folder / TFIDF_FILE
        return cls(path) if meta.tfidf_weight > 0 and path.exists() else None

    def log_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """[n, 3] log-probabilities in `SENTIMENTS` order for already-normalised texts."""
        out = np.full((len(texts), len(SENTIMENTS)), math.log(_FLOOR))
        if not texts:
            return out
        decisions = np.stack([self._intercept + sum(block.scores(text) for block in self._blocks) for text in texts])
        log_probs = log_softmax(decisions)
        seen = [k for k, column in enumerate(self._columns) if column >= 0]
        out[:, seen] = np.maximum(log_probs[:, [self._columns[k] for k in seen]], math.log(_FLOOR))
        return out


def sentiment_scores(logits: np.ndarray, meta: ModelMeta, tfidf_log_probs: np.ndarray | None,
                     neighbour_votes: np.ndarray | None = None) -> np.ndarray:
    """The sentiment scores that serving turns into probabilities (softmax at the fitted temperature):
    prior-corrected transformer log-probabilities plus, when blended, the weighted TF-IDF log-probabilities and the
    weighted vote of the nearest training reviews (`models.neighbours`)."""
    scores = logit_adjust(logits, meta.sentiment_log_prior, meta.sentiment_prior_tau)
    if tfidf_log_probs is not None and meta.tfidf_weight != 0.0:
        scores = log_softmax(scores) + meta.tfidf_weight * tfidf_log_probs
    if neighbour_votes is not None and meta.neighbour_weight != 0.0:
        # Half the vote to positive and half against negative: the positive-negative log-odds move by the whole
        # weighted vote and neutral keeps its place between them.
        direction = np.array([0.5 if s == "positive" else -0.5 if s == "negative" else 0.0 for s in meta.sentiment_labels])
        scores = scores + meta.neighbour_weight * neighbour_votes[:, None] * direction[None, :]
    return scores
