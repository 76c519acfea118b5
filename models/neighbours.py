"""The labelled training reviews nearest a text, as a vote added to the transformer's sentiment.

A 4-layer model generalises over phrasings; a memory of the reviews it was trained on remembers the particular
ones (a hotel's 隔音差, a publisher's 印刷模糊) that recur in real shops' writing. Each text is a character 1-3-gram
TF-IDF vector (sublinear tf, l2 rows); its `k` most similar training reviews vote their label weighted by cosine
similarity, and the sum is divided by `k`, not by the similarities: a text with no close review (a chat message, a
new domain) gets a weak vote instead of a confident one. `training.neighbours` builds the memory and fits the vote's
weight on dev reviews.

The file holds the reviews themselves (normalised text and label, about 1 MB compressed); the TF-IDF index is rebuilt from
them at load, exactly as scikit-learn's `TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
min_df=2)` fits it. Shipping the index instead took 8 MB and put the artefact folder over its 60 MB budget.
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from models.onnx_backend import ModelMeta
from models.tfidf_blend import squeeze_whitespace

NEIGHBOURS_FILE = "neighbours.npz"
_MAX_N = 3  # character 1-3-grams
_BITS = 21  # a Unicode code point fits in 21 bits, so three fit in an int64 and n-grams of different n never collide
_MIN_REVIEWS = 2  # an n-gram in a single review is that review's own (a name, a typo): it makes no neighbours


def ngram_keys(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every character 1-3-gram of the texts (scikit-learn's `char` analyzer: whitespace runs squeezed first) as
    (key, index of its text), all texts at once."""
    points = [np.frombuffer(squeeze_whitespace(t).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) for t in texts]
    lengths = np.array([len(p) for p in points], dtype=np.int64)
    chars = np.concatenate(points) if points else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(texts)), lengths)
    left = np.repeat(lengths, lengths) - (np.arange(len(chars)) - np.repeat(np.cumsum(lengths) - lengths, lengths))
    keys, owners = [], []
    key = chars.copy()
    for n in range(1, _MAX_N + 1):  # the n-grams that start at each character and end inside its text
        if n > 1:
            key[: len(chars) - n + 1] = (key[: len(chars) - n + 1] << _BITS) | chars[n - 1 :]
        fits = left >= n
        keys.append(key[fits])
        owners.append(owner[fits])
    return np.concatenate(keys), np.concatenate(owners)


def tfidf_values(counts: np.ndarray, idf: np.ndarray, rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Sublinear tf × idf, each row l2-normalised (rows: the row of each count)."""
    values = (np.log(counts) + 1.0) * idf
    norms = np.sqrt(np.bincount(rows, values**2, minlength=n_rows))
    return values / norms[rows]


# Terms held by more reviews than this (punctuation, 的, 很, 房间…) are dense rows, read with one matrix product per
# batch; the rest are posting lists. A 73-character review touches ~120k postings, 80 % of them in the 195 commonest
# terms, and walking those lists cost more than the product.
_DENSE_ABOVE = 500
_CHUNK = 64  # texts per product: [64, reviews] float32 is 3.5 MB for 13,886 reviews
# The k best of a row are found among the k blocks of this many reviews with the highest maxima (every review at least
# as similar as the k-th best sits in such a block): a partition over 434 block maxima and k blocks instead of all
# 13,886 reviews, which had cost as much as the rest of the search.
_BLOCK = 32
# One BLAS thread for the product: OpenBLAS's idle threads spin after each call and took the cores from onnxruntime's
# next batch (in-process short texts 505 -> 270/s with two BLAS threads, 485 -> 437/s with one).
_BLAS = ThreadpoolController()


def _release_freed_heap() -> None:
    """Hand the index build's freed temporaries back to the OS. glibc kept about 70 MB of them in each worker's heap
    (RSS 184 MB after loading, 112 MB after the trim); elsewhere (musl, macOS) this does nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class NeighbourMemory:
    """Training reviews as an inverted index of their l2-normalised TF-IDF rows, with their labels (+1 / -1).

    Plain numpy arrays (a term's reviews are `reviews[starts[t]:starts[t + 1]]`, with their weights in `weights`):
    serving holds no scikit-learn or scipy. The search is exact."""

    def __init__(self, texts: Sequence[str], labels: np.ndarray, k: int, min_reviews: int = _MIN_REVIEWS) -> None:
        size = len(texts)
        grams, owners = ngram_keys(texts)
        # Terms in at least `min_reviews` reviews, as sorted keys (a query's n-grams are looked up with searchsorted).
        self.sorted_keys, term = np.unique(grams, return_inverse=True)
        cells, counts = np.unique(term.astype(np.int64) * size + owners, return_counts=True)  # term-major, as stored
        term, review = cells // size, cells % size
        held_by = np.bincount(term, minlength=len(self.sorted_keys))
        kept = held_by >= min_reviews
        renumber = np.cumsum(kept) - 1
        self.sorted_keys = self.sorted_keys[kept]
        on = kept[term]
        term, review, counts = renumber[term[on]], review[on], counts[on]
        df = held_by[kept]
        self.idf = (np.log((1 + size) / (1 + df)) + 1.0).astype(np.float32)  # scikit-learn's smoothed idf
        self.starts = np.concatenate([[0], np.cumsum(df)])
        self.reviews = review.astype(np.int32)
        self.weights = tfidf_values(counts, self.idf[term].astype(np.float64), review, size).astype(np.float32)
        self.labels = np.asarray(labels, dtype=np.float32)
        self.k = min(k, size)
        common = np.flatnonzero(df > _DENSE_ABOVE)
        self.dense_row = np.full(len(df), -1, dtype=np.int64)
        self.dense_row[common] = np.arange(len(common))
        # Padded to whole blocks with reviews no text resembles (similarity 0, label 0): they never outrank a real one.
        self.padded = -(-size // _BLOCK) * _BLOCK
        self.dense = np.zeros((len(common), self.padded), dtype=np.float32)
        for row, t in enumerate(common):
            span = slice(self.starts[t], self.starts[t + 1])
            self.dense[row, self.reviews[span]] = self.weights[span]
        self.padded_labels = np.zeros(self.padded, dtype=np.float32)
        self.padded_labels[:size] = self.labels
        # Each review's text hash (this process's), sorted, so that a held review can leave itself out of its own vote.
        hashes = np.array([hash(t) for t in texts], dtype=np.int64)
        self.hash_order = np.argsort(hashes).astype(np.int32)
        self.sorted_hashes = hashes[self.hash_order]

    @classmethod
    def load(cls, path: Path) -> NeighbourMemory:
        with np.load(path, allow_pickle=False) as a:
            joined = a["text_utf8"].tobytes().decode("utf-8")
            ends = np.cumsum(a["text_lengths"])
            texts = [joined[start:end] for start, end in zip(ends - a["text_lengths"], ends, strict=True)]
            memory = cls(texts, a["labels"], int(a["k"]))
        _release_freed_heap()
        return memory

    @classmethod
    def for_model(cls, folder: Path, meta: ModelMeta) -> NeighbourMemory | None:
        """The memory of a serving folder, or None when the model was packaged without one."""
        path = folder / NEIGHBOURS_FILE
        return cls.load(path) if meta.neighbour_weight > 0 and path.exists() else None

    def rows(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The texts' l2-normalised sublinear TF-IDF rows over the memory's vocabulary, as (text, term, value)."""
        grams, owners = ngram_keys(texts)
        at = np.minimum(np.searchsorted(self.sorted_keys, grams), len(self.sorted_keys) - 1)
        known = self.sorted_keys[at] == grams
        cells, counts = np.unique(owners[known] * len(self.idf) + at[known], return_counts=True)
        text, columns = cells // len(self.idf), cells % len(self.idf)
        values = tfidf_values(counts, self.idf[columns].astype(np.float64), text, len(texts))
        return text, columns, values.astype(np.float32)

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        """[n, reviews padded to whole blocks] cosine similarity of each text with every review."""
        n, size = len(texts), self.padded
        owner, columns, values = self.rows(texts)
        dense = self.dense_row[columns]
        common, rare = dense >= 0, dense < 0
        used = np.unique(dense[common])  # only the common terms these texts hold enter the product
        query = np.zeros((n, len(used)), dtype=np.float32)
        query[owner[common], np.searchsorted(used, dense[common])] = values[common]
        with _BLAS.limit(limits=1, user_api="blas"):
            out = query @ self.dense[used]
        # The rare terms' postings, gathered in one go: each term's run of `starts` … `starts + length`.
        first = self.starts[columns[rare]]
        length = self.starts[columns[rare] + 1] - first
        if length.sum():
            ends = np.cumsum(length)
            postings = np.arange(ends[-1]) - np.repeat(ends - length - first, length)
            cells = self.reviews[postings].astype(np.int64) + np.repeat(owner[rare] * size, length)
            products = self.weights[postings] * np.repeat(values[rare], length)
            out += np.bincount(cells, products, minlength=n * size).reshape(n, size).astype(np.float32)
        return out

    def nearest(self, similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[n, k] indices of each row's k most similar reviews and their similarities."""
        n, k = len(similarity), self.k
        blocks = similarity.reshape(n, -1, _BLOCK)
        if blocks.shape[1] > k:
            best_blocks = np.argpartition(-blocks.max(axis=2), k - 1, axis=1)[:, :k]
        else:  # a memory of k blocks or fewer: every block is a candidate
            best_blocks = np.broadcast_to(np.arange(blocks.shape[1]), (n, blocks.shape[1]))
        candidates = blocks[np.arange(n)[:, None], best_blocks].reshape(n, -1)
        where = (best_blocks[:, :, None] * _BLOCK + np.arange(_BLOCK)).reshape(n, -1)
        top = np.argpartition(-candidates, k - 1, axis=1)[:, :k]
        return np.take_along_axis(where, top, axis=1), np.take_along_axis(candidates, top, axis=1)

    def held_rows(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(position among `texts`, memory row) of each text the memory holds word for word."""
        hashes = np.array([hash(t) for t in texts], dtype=np.int64)
        at = np.minimum(np.searchsorted(self.sorted_hashes, hashes), len(self.sorted_hashes) - 1)
        held = np.flatnonzero(self.sorted_hashes[at] == hashes) if len(self.sorted_hashes) else np.zeros(0, np.int64)
        return held, self.hash_order[at[held]]

    def votes(self, texts: Sequence[str], leave_out: Sequence[str] | None = None) -> np.ndarray:
        """[n] in [-1, 1]: the k nearest reviews' labels weighted by cosine similarity, summed and divided by k.

        `leave_out[i]`: a remembered text that is not text i's neighbour (the text itself, or the review a window was
        cut from). For reading the reviews the memory was built from (dev, once the memory holds it); serving keeps a
        remembered review's own label."""
        out = np.zeros(len(texts), dtype=np.float32)
        if self.k == 0:
            return out
        for at in range(0, len(texts), _CHUNK):
            similarity = self.similarities(texts[at : at + _CHUNK])
            if leave_out is not None:  # below every other review, padding included (similarity 0, label 0)
                held, rows = self.held_rows(leave_out[at : at + _CHUNK])
                similarity[held, rows] = -1.0
            reviews, similarity = self.nearest(similarity)
            out[at : at + _CHUNK] = (similarity * self.padded_labels[reviews]).sum(axis=1) / self.k
        return out
