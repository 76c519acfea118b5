"""onnxruntime + `tokenizers` runtime for the exported two-head model. No torch, no transformers."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from models.text import normalize

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "model.json"


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
        )


class OnnxEncoder:
    """Tokenise normalised texts and run the ONNX graph in length-sorted batches."""

    def __init__(self, folder: Path, threads: int = 0) -> None:
        self.meta = ModelMeta.load(folder)
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

    def logits(self, texts: Sequence[str], batch_size: int = 32) -> tuple[np.ndarray, np.ndarray]:
        """(sentiment logits [n, 3], emotion logits [n, 6]) for already-normalised texts, in input order."""
        n = len(texts)
        sentiment = np.zeros((n, len(self.meta.sentiment_labels)), dtype=np.float32)
        emotion = np.zeros((n, len(self.meta.emotion_labels)), dtype=np.float32)
        if n == 0:
            return sentiment, emotion
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(n), key=lambda i: len(encodings[i].ids))
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            s, e = self.session.run(["sentiment_logits", "emotion_logits"], feeds)
            sentiment[idx] = s
            emotion[idx] = e
        return sentiment, emotion

    def token_count(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids)


def softmax(x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = x / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def logit_adjust(logits: np.ndarray, log_prior: tuple[float, ...] | None, tau: float) -> np.ndarray:
    """Prior-corrected logits, logits - tau * log(prior) (identity when no prior was fitted)."""
    if log_prior is None or tau == 0.0:
        return logits
    return logits - tau * np.asarray(log_prior, dtype=logits.dtype)


def sigmoid(x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x / temperature))


__all__ = ["OnnxEncoder", "ModelMeta", "softmax", "sigmoid", "normalize"]
