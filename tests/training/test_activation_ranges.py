"""Fixed activation ranges: the int8 graph reads each text the same whatever it is batched with."""

import json
from pathlib import Path

import numpy as np
import onnx
import pytest

from models.onnx_backend import MODEL_FILE, OnnxEncoder
from training.activation_ranges import RANGES_FILE, fixed_ranges, freeze_activation_ranges
from training.data import Example

TEXTS = ["很好用，推荐", "物流快，质量好，包装也很用心，下次还会再来买的", "太差了", "请问什么时候发货？",
         "质量很差，用了两天就坏了，联系客服也不理人，申请退货还要自己出运费，真的气死我了"]


@pytest.fixture
def dynamic_folder(tiny_base: Path, tmp_path: Path) -> Path:
    from transformers import AutoTokenizer

    from training.export import build_serving_folder
    from training.finetune import SentimentEmotionModel, TrainConfig, save_model

    trained = tmp_path / "trained"
    save_model(SentimentEmotionModel.from_base(str(tiny_base)), AutoTokenizer.from_pretrained(str(tiny_base)), trained,
               TrainConfig(base_model=str(tiny_base), output_dir=trained, max_length=64))
    return build_serving_folder(trained, tmp_path / "serving", name="tiny", max_length=64)


def _alone_and_together(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    encoder = OnnxEncoder(folder, threads=1)
    alone = np.concatenate([encoder.logits([t])[0] for t in TEXTS])
    together, _ = encoder.logits(TEXTS)
    return alone, together


def test_frozen_ranges_make_a_reading_independent_of_its_batch(dynamic_folder: Path) -> None:
    summary = freeze_activation_ranges(dynamic_folder, [e.text for e in _train()], sample=40)
    assert summary["frozen"] is True and summary["calibration_texts"] == 40
    ops = {node.op_type for node in onnx.load(str(dynamic_folder / MODEL_FILE)).graph.node}
    assert "DynamicQuantizeLinear" not in ops and {"QuantizeLinear", "MatMulIntegerToFloat"} <= ops
    record = json.loads((dynamic_folder / RANGES_FILE).read_text())
    assert record["percentile"] == 99.9 and all(r["scale"] > 0 and 0 <= r["zero_point"] <= 255
                                                for r in record["ranges"].values())
    alone, together = _alone_and_together(dynamic_folder)
    np.testing.assert_allclose(alone, together, atol=1e-4)
    # freezing twice changes nothing
    assert freeze_activation_ranges(dynamic_folder, TEXTS)["frozen"] is False


def test_frozen_graph_reads_like_the_dynamic_one(dynamic_folder: Path, tmp_path: Path) -> None:
    dynamic, _ = OnnxEncoder(dynamic_folder, threads=1).logits(TEXTS)
    freeze_activation_ranges(dynamic_folder, [e.text for e in _train()], sample=40)
    frozen, _ = OnnxEncoder(dynamic_folder, threads=1).logits(TEXTS)
    assert np.abs(frozen - dynamic).max() < 0.05 * np.abs(dynamic).max() + 1e-3


def test_a_repackaged_model_can_take_another_folders_ranges_and_then_reads_like_it(
    dynamic_folder: Path, tmp_path: Path
) -> None:
    import shutil

    from training.activation_ranges import reuse_activation_ranges

    other = tmp_path / "other"
    shutil.copytree(dynamic_folder, other)
    freeze_activation_ranges(dynamic_folder, [e.text for e in _train()], sample=40)
    freeze_activation_ranges(other, ["好", "差"], sample=2)  # ranges from other texts
    assert not np.array_equal(OnnxEncoder(other, threads=1).logits(TEXTS)[1],
                              OnnxEncoder(dynamic_folder, threads=1).logits(TEXTS)[1])

    reuse_activation_ranges(other, dynamic_folder)
    assert (other / RANGES_FILE).read_text() == (dynamic_folder / RANGES_FILE).read_text()
    for ours, theirs in zip(OnnxEncoder(other, threads=1).logits(TEXTS), OnnxEncoder(dynamic_folder, threads=1).logits(TEXTS),
                            strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_ranges_cover_zero_and_clip_rare_extremes() -> None:
    lows, highs = list(np.linspace(-1.0, -0.5, 1000)), list(np.linspace(0.5, 1.0, 1000))
    highs[-1] = 50.0  # one outlier window
    ((scale, zero),) = fixed_ranges({"x": (lows, highs)}).values()
    assert 2.0 < scale * 255 < 2.2 and 120 < zero < 130  # about [-1, 1.05], not [-1, 50]
    ((scale, zero),) = fixed_ranges({"x": ([0.2, 0.3], [0.5, 0.6])}).values()
    assert zero == 0  # an all-positive input still represents 0 exactly


def _train() -> list[Example]:
    return [Example(t, "positive", {}) for t in TEXTS * 10]
