"""The quantisation-aware pass: the same rounding as onnxruntime's exporter, weights left on the grid."""

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from training.data import Example  # noqa: E402


@pytest.mark.slow
def test_grid_checkpoint_leaves_weights_on_the_grid_and_the_fine_tuned_checkpoint_untouched(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    from torch import nn
    from transformers import AutoTokenizer

    from training.finetune import SentimentEmotionModel, TrainConfig, load_model, save_model
    from training.grid import on_grid
    from training.quantization_aware import RECORD_FILE, GridPass, grid_checkpoint

    train_set, _ = tiny_sets
    trained = tmp_path / "best"
    model = SentimentEmotionModel.from_base(str(tiny_base))
    save_model(model, AutoTokenizer.from_pretrained(str(tiny_base)), trained,
               TrainConfig(base_model=str(tiny_base), output_dir=tmp_path, seed=7))
    before = {k: v.clone() for k, v in load_model(trained)[0].state_dict().items()}

    record = grid_checkpoint(trained, tmp_path / "grid", train_set, GridPass(steps=3, batch_size=4, max_length=32))

    snapped, _ = load_model(tmp_path / "grid")
    linears = [m for m in snapped.modules() if isinstance(m, nn.Linear)]
    assert linears and all(torch.allclose(m.weight, on_grid(m.weight), atol=1e-7) for m in linears)
    assert any(not torch.equal(snapped.state_dict()[k], v) for k, v in before.items())
    assert all(torch.equal(load_model(trained)[0].state_dict()[k], v) for k, v in before.items())
    assert record["steps"] == 3 and record["from"] == str(trained) and (tmp_path / "grid" / RECORD_FILE).exists()
    assert '"seed": 7' in (tmp_path / "grid" / "train_config.json").read_text()  # the fine-tuning recipe travels

    # A checkpoint without a recipe gets a placeholder that records the pass's own precision, not this CPU's.
    (trained / "train_config.json").unlink()
    grid_checkpoint(trained, tmp_path / "bare", train_set, GridPass(steps=1, batch_size=4, max_length=32))
    assert '"autocast": "fp32"' in (tmp_path / "bare" / "train_config.json").read_text()
