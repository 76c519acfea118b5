"""Rebuild the PyTorch model from the served int8 ONNX artefact, to train it further.

Only the int8 export of a GPU-trained model is kept in the repository. Its quantised MatMul weights are stored
[in, out] as int8 with a scale and zero point (per output column for the feed-forward ones), and the graph creates
them layer by layer in the order query, key, value, attention output, intermediate, output; embeddings, biases and
LayerNorms are fp32 initialisers named after the PyTorch parameters. The rebuilt weights are the served ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from transformers import AutoConfig, AutoModel

from training.finetune import SentimentEmotionModel

ATTENTION = ("attention.self.query", "attention.self.key", "attention.self.value")
AFTER_ATTENTION = ("attention.output.dense", "intermediate.dense", "output.dense")


def _dequantised(arrays: dict[str, np.ndarray], name: str) -> np.ndarray:
    q, scale, zero = (arrays[f"{name}_{part}"] for part in ("quantized", "scale", "zero_point"))
    return (q.astype(np.float32) - zero.astype(np.float32)) * scale


def skeleton(encoder_dir: str | Path) -> SentimentEmotionModel:
    """The model's modules from the encoder's config alone (no pretrained weights needed: all are replaced)."""
    config = AutoConfig.from_pretrained(str(encoder_dir))
    encoder = AutoModel.from_config(config, attn_implementation="eager")  # as `SentimentEmotionModel.from_base`
    return SentimentEmotionModel(encoder, config.hidden_size)


def int8_weights(onnx_path: Path, names: set[str], attention_order: Sequence[str] = ATTENTION) -> dict[str, torch.Tensor]:
    """The state dict stored in the int8 graph (the pooler, which serving never computes, is absent).

    `attention_order` is the order in which the graph stores the three attention projections of each layer."""
    graph = onnx.load(str(onnx_path)).graph
    arrays = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    weights = {k.removeprefix("model."): torch.from_numpy(v.copy()) for k, v in arrays.items()
               if k.startswith("model.") and k.removeprefix("model.") in names}
    for head in ("sentiment_head", "emotion_head"):
        weights[f"{head}.weight"] = torch.from_numpy(_dequantised(arrays, f"model.{head}.weight_Transposed").T.copy())
    matmuls = sorted({k.removesuffix("_quantized") for k in arrays
                      if k.startswith("onnx::MatMul") and k.endswith("_quantized")}, key=lambda k: int(k.rsplit("_", 1)[1]))
    order = [*attention_order, *AFTER_ATTENTION]
    for layer, part in itertools.product(range(len(matmuls) // len(order)), range(len(order))):
        weights[f"encoder.encoder.layer.{layer}.{order[part]}.weight"] = torch.from_numpy(
            _dequantised(arrays, matmuls[layer * len(order) + part]).T.copy())
    return weights


def rebuild(artefact_dir: Path, encoder_dir: str | Path, attention_order: Sequence[str] = ATTENTION) -> SentimentEmotionModel:
    """The served model as a PyTorch module (eval mode); `encoder_dir` supplies the config, not the weights."""
    model = skeleton(encoder_dir)
    weights = int8_weights(artefact_dir / "model.onnx", set(model.state_dict()), attention_order)
    missing, unexpected = model.load_state_dict(weights, strict=False)
    if unexpected or any(not k.startswith("encoder.pooler.") for k in missing):
        raise ValueError(f"the int8 graph does not match the model: missing {missing}, unexpected {unexpected}")
    return model.eval()
