"""Ensemble distillation: seed members in parallel processes, their mean logits as the student's soft targets."""

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training.data import Example  # noqa: E402


def test_ensemble_logits_are_the_members_mean(tiny_base: Path, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from training.distill import checkpoint_sentiment_logits
    from training.ensemble import ensemble_logits
    from training.finetune import SentimentEmotionModel, TrainConfig, save_model

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    folders = []
    for seed in (1, 2):
        torch.manual_seed(seed)
        folder = tmp_path / f"m{seed}"
        save_model(SentimentEmotionModel.from_base(str(tiny_base)), tokenizer, folder,
                   TrainConfig(base_model=str(tiny_base), output_dir=folder, max_length=32, seed=seed))
        folders.append(folder)
    texts = ["很好用，推荐", "太差了", "很好用，推荐"]
    members = [checkpoint_sentiment_logits(f, texts) for f in folders]
    assert set(members[0]) == {"很好用，推荐", "太差了"} and members[0]["太差了"].shape == (3,)
    assert not np.allclose(members[0]["太差了"], members[1]["太差了"])  # different seeds, different heads
    mean = ensemble_logits(folders, texts)
    np.testing.assert_allclose(mean["太差了"], (members[0]["太差了"] + members[1]["太差了"]) / 2, atol=1e-6)


@pytest.mark.slow
def test_distil_from_ensemble_trains_members_in_parallel_then_students_and_records_them(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    from training.distill import TEACHER_FILE
    from training.ensemble import ENSEMBLE_FILE, distil_from_ensemble, member_dir, student_dir
    from training.finetune import TrainConfig

    train_set, dev_set = tiny_sets
    recipe = TrainConfig(base_model=str(tiny_base), output_dir=tmp_path, epochs=1, batch_size=4, lr=2e-3,
                         max_length=32, adversarial_epsilon=0.0, threads=1)
    record = distil_from_ensemble(recipe, train_set, dev_set, tmp_path / "runs", member_seeds=[1, 2],
                                  student_seeds=[3, 4], parallel=2, student_epochs=2)

    runs = tmp_path / "runs"
    for seed in (1, 2):
        assert (member_dir(runs, seed) / "best" / "heads.pt").exists()
        assert json.loads((member_dir(runs, seed) / "train_config.json").read_text())["seed"] == seed
    assert [m["seed"] for m in record["members"]] == [1, 2]
    assert 0.0 <= record["ensemble_dev_accuracy"] <= 1.0
    assert [m["epochs"] for m in record["members"]] == [1, 1] and [s["epochs"] for s in record["students"]] == [2, 2]
    accuracies = {s["seed"]: s["dev_accuracy"] for s in record["students"]}
    best_seed = max(accuracies, key=lambda s: accuracies[s])
    assert record["chosen"] == str(student_dir(runs, best_seed) / "best")
    assert json.loads((runs / ENSEMBLE_FILE).read_text()) == record
    taught = json.loads((student_dir(runs, 3) / TEACHER_FILE).read_text())
    assert taught["members"] == record["members"] and "seeds 1, 2" in taught["name"]
    # Students trained with the soft targets: the distillation settings are in their recipe.
    assert "distill_weight" in json.loads((student_dir(runs, 3) / "train_config.json").read_text())
