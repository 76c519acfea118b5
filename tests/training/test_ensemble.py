"""Ensemble distillation: seed members in parallel processes, their mean logits as the student's soft targets."""

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training.data import Example  # noqa: E402

if TYPE_CHECKING:
    from training.finetune import TrainConfig


def test_mean_logits_are_the_members_mean(tiny_base: Path, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from training.distill import checkpoint_sentiment_logits
    from training.ensemble import mean_logits
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
    mean = mean_logits(members, texts)
    np.testing.assert_allclose(mean["太差了"], (members[0]["太差了"] + members[1]["太差了"]) / 2, atol=1e-6)


def _tiny_recipe(tiny_base: Path, tmp_path: Path) -> "TrainConfig":
    """One quick epoch on the tiny base, no FGM, one thread: the recipe every fine-tuning here shares."""
    from training.finetune import TrainConfig

    return TrainConfig(base_model=str(tiny_base), output_dir=tmp_path, epochs=1, batch_size=4, lr=2e-3,
                       max_length=32, adversarial_epsilon=0.0, threads=1)


@pytest.mark.slow
def test_distil_from_ensemble_trains_members_in_parallel_then_students_and_records_them(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    from training.distill import TEACHER_FILE
    from training.ensemble import ENSEMBLE_FILE, distil_from_ensemble, member_dir, student_dir

    train_set, dev_set = tiny_sets
    recipe = _tiny_recipe(tiny_base, tmp_path)
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


def test_kept_member_logits_come_back_only_for_the_texts_they_were_kept_for(
    tiny_sets: tuple[list[Example], list[Example]], tmp_path: Path
) -> None:
    from training.ensemble import load_member_logits, member_logits_file, save_member_logits, taught_texts
    from training.finetune import TrainConfig

    train_set, dev_set = tiny_sets
    texts = taught_texts(train_set, dev_set)
    assert texts[: len(train_set)] == train_set and all(e.source == "reviews" for e in texts[len(train_set):])
    rng = np.random.default_rng(0)
    logits = {e.text: rng.normal(size=3).astype(np.float32) for e in texts}
    config = TrainConfig(base_model="base", output_dir=tmp_path, seed=7, epochs=3)
    path = save_member_logits(tmp_path / "kept", config, texts, 0.875, logits, seconds=12.5)
    assert path == member_logits_file(tmp_path / "kept", 7)

    found = load_member_logits(tmp_path / "kept", 7, texts)
    assert found is not None
    back, record = found
    assert record["seed"] == 7 and record["epochs"] == 3 and record["dev_accuracy"] == 0.875 and record["texts"] == len(texts)
    for e in texts:  # float16 keeps three significant digits, enough for soft targets
        np.testing.assert_allclose(back[e.text], logits[e.text], atol=2e-3)
    assert load_member_logits(tmp_path / "kept", 8, texts) is None  # no such member
    relabelled = [Example(texts[0].text, "negative", texts[0].emotions), *texts[1:]]
    assert load_member_logits(tmp_path / "kept", 7, relabelled) is None  # the data changed: train it again
    assert load_member_logits(tmp_path / "kept", 7, texts[:-1]) is None


@pytest.mark.slow
def test_a_rebuild_reads_the_members_already_kept_instead_of_training_them_again(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    import shutil

    from training.ensemble import distil_from_ensemble, member_dir, member_logits_file, trained_members

    train_set, dev_set = tiny_sets
    recipe = _tiny_recipe(tiny_base, tmp_path)
    runs, kept = tmp_path / "runs", tmp_path / "kept"
    # One session trains member 1 only and keeps its logits.
    _, first = trained_members(recipe, train_set, dev_set, runs, [1], store=kept)
    assert member_logits_file(kept, 1).exists() and first[0]["seed"] == 1
    shutil.rmtree(member_dir(runs, 1))  # a later session has the kept logits, not the checkpoints

    record = distil_from_ensemble(recipe, train_set, dev_set, runs, member_seeds=[1, 2], student_seeds=[3],
                                  store=kept)
    assert not member_dir(runs, 1).exists()  # read from the store, not trained again
    assert (member_dir(runs, 2) / "best" / "heads.pt").exists() and member_logits_file(kept, 2).exists()
    assert [m["seed"] for m in record["members"]] == [1, 2]
    assert record["members"][0]["dev_accuracy"] == first[0]["dev_accuracy"]
