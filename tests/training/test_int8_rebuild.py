"""The PyTorch model rebuilt from an int8 ONNX export holds the served weights."""

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")


def test_rebuild_returns_the_exported_grid_weights_and_scores_like_onnxruntime(tiny_base: Path, tmp_path: Path) -> None:
    import numpy as np
    import onnxruntime as ort
    from transformers import AutoTokenizer

    from training.export import export_onnx, quantize
    from training.finetune import SentimentEmotionModel, encode, predict_logits
    from training.grid import attach, snap
    from training.int8_rebuild import rebuild

    torch.manual_seed(0)
    model = SentimentEmotionModel.from_base(str(tiny_base)).eval()
    with torch.no_grad():  # a fresh model's zero biases and unit LayerNorms would share one initialiser in the graph
        for parameter in model.parameters():
            if parameter.dim() == 1:
                parameter.add_(0.01 * torch.randn_like(parameter))
    attach(model)
    snap(model)  # weights on the grid, so the int8 export stores them exactly
    export_onnx(model, tmp_path / "model.fp32.onnx")
    quantize(tmp_path / "model.fp32.onnx", tmp_path / "model.onnx")

    rebuilt = rebuild(tmp_path, tiny_base)
    original = model.state_dict()
    for key, value in rebuilt.state_dict().items():
        if not key.startswith("encoder.pooler."):  # never served, so not in the graph
            torch.testing.assert_close(value, original[key], rtol=1e-5, atol=1e-7, msg=key)
    texts = ["物流很快，包装也好", "质量太差了，退货", "请问什么时候发货"]
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    ours, _ = predict_logits(rebuilt, tokenizer, texts, 64)
    inputs = {k: v.numpy() for k, v in encode(tokenizer, texts, 64).items()}
    served = ort.InferenceSession(str(tmp_path / "model.onnx")).run(["sentiment_logits"], inputs)[0]
    np.testing.assert_allclose(ours, served, atol=0.05)  # onnxruntime also rounds the activations to int8


def test_rebuild_refuses_a_graph_of_another_shape(tiny_base: Path, tmp_path: Path) -> None:
    import transformers

    from training.int8_rebuild import rebuild

    wider = tmp_path / "wider"
    config = transformers.BertConfig.from_pretrained(str(tiny_base))
    config.hidden_size, config.intermediate_size = 64, 128
    config.save_pretrained(wider)
    with pytest.raises((ValueError, RuntimeError)):
        rebuild(Path("models/artifacts/xinsheng-m3e-small-int8"), wider)
