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
    # Optional blend of the overall sentiment with the lexical baseline: (file in the folder, weight).
    blend_file: str | None = None
    blend_weight: float = 0.0

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
            blend_file=(raw.get("blend") or {}).get("file"),
            blend_weight=float((raw.get("blend") or {}).get("weight", 0.0)),
        )


class OnnxEncoder:
    """Tokenise normalised texts and run the ONNX graph in length-sorted batches."""

    def __init__(self, folder: Path, threads: int = 0) -> None:
        self.meta = ModelMeta.load(folder)
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(self.meta.max_length)
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


def sigmoid(x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x / temperature))


__all__ = ["OnnxEncoder", "ModelMeta", "softmax", "sigmoid", "normalize"]
