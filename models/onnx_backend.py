"""onnxruntime + `tokenizers` runtime for the exported two-head model. No torch, no transformers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from models.text import normalize

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "model.json"
CLAUSE_HIDDEN_OUTPUT = "clause_hidden"
# Padded tokens per onnxruntime call. Measured on 2 cores (int8 m3e-small): throughput peaks near 1,500-2,000
# tokens per call at every width (17-19k tokens/s), while 12 windows of 186 tokens fall to 9k (the attention
# scores outgrow the cache) and 32 clauses of 12 tokens reach only 11k (per-call overhead).
DEFAULT_MAX_BATCH_TOKENS = 1536
# A row at most this much longer than the batch's shortest joins it; longer ones start a new call, so short clauses
# are not padded to the width of the texts they came with.
_MAX_WIDTH_RATIO = 1.6


@dataclass(frozen=True)
class ModelMeta:
    """What the exporter recorded next to the ONNX file."""

    name: str
    max_length: int
    sentiment_labels: list[str]
    emotion_labels: list[str]
    temperature: float
    emotion_temperature: float
    # Logit adjustment for the emotion head: subtract tau * log(training prior), so rare emotions
    # (anger, anxiety, gratitude) are not drowned by the review corpus' joy / disappointment.
    emotion_log_prior: tuple[float, ...] | None = None
    emotion_prior_tau: float = 0.0
    # The same for the sentiment head: neutral is rare in training (generated texts only).
    sentiment_log_prior: tuple[float, ...] | None = None
    sentiment_prior_tau: float = 0.0
    # Weight of the TF-IDF model's sentiment log-probabilities in the blend (0: the transformer alone).
    tfidf_weight: float = 0.0
    # Weight of the nearest training reviews' vote on the positive-negative log-odds (0: no memory, `models.neighbours`).
    neighbour_weight: float = 0.0

    @classmethod
    def load(cls, folder: Path) -> ModelMeta:
        raw = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        return cls(
            name=raw["name"],
            max_length=int(raw["max_length"]),
            sentiment_labels=list(raw["sentiment_labels"]),
            emotion_labels=list(raw["emotion_labels"]),
            temperature=float(raw.get("temperature", 1.0)),
            emotion_temperature=float(raw.get("emotion_temperature", 1.0)),
            emotion_log_prior=tuple(raw["emotion_log_prior"]) if raw.get("emotion_log_prior") else None,
            emotion_prior_tau=float(raw.get("emotion_prior_tau", 0.0)),
            sentiment_log_prior=tuple(raw["sentiment_log_prior"]) if raw.get("sentiment_log_prior") else None,
            sentiment_prior_tau=float(raw.get("sentiment_prior_tau", 0.0)),
            tfidf_weight=float(raw.get("tfidf_weight", 0.0)),
            neighbour_weight=float(raw.get("neighbour_weight", 0.0)),
        )


@dataclass
class EncoderOutput:
    """Pooled logits per text; with clause states, each text's per-token states and their character offsets."""

    sentiment: np.ndarray
    emotion: np.ndarray
    states: list[np.ndarray] | None = None
    offsets: list[list[tuple[int, int]]] | None = None

    _offset_arrays: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    def span_mask(self, index: int, start: int = 0, end: int | None = None) -> np.ndarray:
        """0/1 float mask of text `index`'s tokens inside characters [start, end), special tokens excluded (all zero
        without clause states)."""
        if self.offsets is None:
            return np.zeros(0)
        spans = self._offset_arrays.get(index)
        if spans is None:
            spans = self._offset_arrays[index] = np.asarray(self.offsets[index], dtype=np.int64).reshape(-1, 2)
        stop = end if end is not None else 1 << 30
        return ((spans[:, 1] > spans[:, 0]) & (spans[:, 0] >= start) & (spans[:, 1] <= stop)).astype(np.float32)

    def span_state(self, index: int, start: int = 0, end: int | None = None) -> np.ndarray | None:
        """Mean state of text `index`'s tokens inside characters [start, end) (special tokens excluded)."""
        if self.states is None:
            return None
        rows = self.span_mask(index, start, end) > 0
        if not rows.any():
            return None
        return np.asarray(self.states[index][rows].mean(axis=0))


class OnnxEncoder:
    """Tokenise normalised texts and run the ONNX graph in length-sorted batches."""

    def __init__(self, folder: Path, threads: int = 0, max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS) -> None:
        self.meta = ModelMeta.load(folder)
        self.max_batch_tokens = max_batch_tokens
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(self.meta.max_length)
        # A tokenizer.json saved by transformers may carry padding settings; we pad per batch ourselves.
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or (os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in self.session.get_inputs()}
        # Artefacts exported before clause states existed still load; their aspect clauses get runs of their own.
        self.has_clause_states = CLAUSE_HIDDEN_OUTPUT in {o.name for o in self.session.get_outputs()}

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> tuple[np.ndarray, np.ndarray]:
        """(sentiment logits [n, 3], emotion logits [n, 6]) for already-normalised texts, in input order."""
        out = self.encode(texts, batch_size)
        return out.sentiment, out.emotion

    def encode(self, texts: Sequence[str], batch_size: int = 32, *, clause_states: bool = False) -> EncoderOutput:
        """Pooled logits for already-normalised texts and, when asked (and exported), per-token clause states.

        Texts are sorted by length and run in batches of at most `batch_size` rows and `max_batch_tokens` padded
        tokens, so short texts share a call in large numbers and long windows in small ones.
        """
        n = len(texts)
        out = EncoderOutput(
            np.zeros((n, len(self.meta.sentiment_labels)), dtype=np.float32),
            np.zeros((n, len(self.meta.emotion_labels)), dtype=np.float32),
        )
        if n == 0:
            return out
        states = clause_states and self.has_clause_states
        names = ["sentiment_logits", "emotion_logits"] + ([CLAUSE_HIDDEN_OUTPUT] if states else [])
        encodings = self.tokenizer.encode_batch(list(texts))
        if states:
            out.offsets = [e.offsets for e in encodings]
            out.states = [np.empty((0, 0), dtype=np.float32)] * n
        order = sorted(range(n), key=lambda i: len(encodings[i].ids))
        for idx in self._batches(order, [len(e.ids) for e in encodings], batch_size):
            width = len(encodings[idx[-1]].ids)  # sorted: the last is the longest
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            results = self.session.run(names, self.feeds(ids, mask))
            out.sentiment[idx] = results[0]
            out.emotion[idx] = results[1]
            if out.states is not None:
                for row, i in enumerate(idx):
                    out.states[i] = results[2][row, : len(encodings[i].ids)]
        return out

    def feeds(self, ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
        """The graph's inputs for a padded batch of token ids and its attention mask."""
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        return feeds

    def _batches(self, order: list[int], lengths: list[int], max_rows: int) -> Iterator[list[int]]:
        """Consecutive runs of `order` (ascending length) within the row cap and the padded-token budget."""
        batch: list[int] = []
        for i in order:
            full = len(batch) == max_rows or (len(batch) + 1) * lengths[i] > self.max_batch_tokens
            if batch and (full or lengths[i] > _MAX_WIDTH_RATIO * lengths[batch[0]]):
                yield batch
                batch = []
            batch.append(i)
        if batch:
            yield batch

    def token_count(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids)


def softmax(x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = x / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def logit_adjust(logits: np.ndarray, log_prior: tuple[float, ...] | None, tau: float) -> np.ndarray:
    """Prior-corrected logits, logits - tau * log(prior) (identity when no prior was fitted)."""
    if log_prior is None or tau == 0.0:
        return logits
    return logits - tau * np.asarray(log_prior, dtype=logits.dtype)


def sigmoid(x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x / temperature))


__all__ = ["EncoderOutput", "OnnxEncoder", "ModelMeta", "softmax", "log_softmax", "sigmoid", "normalize"]
