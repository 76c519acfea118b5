"""Moving training sets and trained weights between machines: compact, and exact."""

import numpy as np
import pytest

from training.data import Example

torch = pytest.importorskip("torch")


def test_examples_travel_with_their_split_emotions_source_and_teacher_logits(tmp_path) -> None:
    from training.portable import read_examples, write_examples

    train = [Example("物流很快", "positive", {"joy": 1.0}), Example("请问几点发货", "neutral", None, "synthetic")]
    dev = [Example("太差了", "negative", {"anger": 0.5})]
    teacher = {"物流很快": np.array([0.1, -0.2, 1.5], dtype=np.float32)}
    write_examples(tmp_path / "sets.jsonl.xz", train, dev, teacher)
    train_back, dev_back, teacher_back = read_examples(tmp_path / "sets.jsonl.xz")
    assert (train_back, dev_back) == (train, dev)
    assert teacher_back.keys() == teacher.keys()
    np.testing.assert_array_equal(teacher_back["物流很快"], teacher["物流很快"])


def test_compact_state_of_a_grid_model_is_int8_codes_and_expands_bit_for_bit() -> None:
    from torch import nn

    from training.grid import attach, served
    from training.portable import CODES, compact_state, expand_state

    torch.manual_seed(0)
    model = nn.Sequential(nn.Embedding(10, 8), nn.Linear(8, 16), nn.Linear(16, 3))
    attach(model)
    with served(model):
        plain = {k: v.clone() for k, v in model.state_dict().items()}
        compact = compact_state(model)
    assert compact["1.weight" + CODES].dtype == torch.int8
    assert "0.weight" in compact  # embeddings travel as they are
    back = expand_state(compact)
    assert back.keys() == plain.keys()
    for key, value in plain.items():
        assert torch.equal(back[key], value), key


def test_compact_state_refuses_weights_off_the_grid() -> None:
    from torch import nn

    from training.portable import compact_state

    with pytest.raises(ValueError, match="not on the serving grid"):
        compact_state(nn.Linear(8, 4))
