"""The rebuild's kept members (`training/ensemble_members`) must fit today's training data, or `make model` trains
them again: a change to a generator or the review splits before the rebuild is done should be a decision, not news."""

from pathlib import Path

import numpy as np
import pytest

from training.data import DATA_DIR
from training.datasets import training_sets
from training.ensemble import MEMBER_LOGITS_DIR, kept_member_record, load_member_logits, taught_texts

KEPT = sorted(MEMBER_LOGITS_DIR.glob("member-seed*.npz"))


@pytest.mark.slow
@pytest.mark.parametrize("path", KEPT, ids=[p.stem for p in KEPT])
def test_each_kept_member_was_taught_on_todays_training_data(path: Path) -> None:
    train_set, dev_set = training_sets(DATA_DIR, seed=42)
    texts = taught_texts(train_set, dev_set)
    found = load_member_logits(MEMBER_LOGITS_DIR, kept_member_record(path)["seed"], texts)
    assert found is not None, (
        f"{path.name} was kept for other training texts: the data changed since the member was trained. Either undo "
        "the change until the rebuild (notebooks/cpu_rebuild.py) is done, or delete the kept members and train them again."
    )
    logits, record = found
    from training.finetune import binary_dev_scores

    dev_reviews = texts[len(train_set) :]
    accuracy, _ = binary_dev_scores(np.stack([logits[e.text] for e in dev_reviews]), [e.sentiment for e in dev_reviews])
    assert abs(accuracy - record["dev_accuracy"]) < 0.005  # the logits are the member's own, not a stand-in
