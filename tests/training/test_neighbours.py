"""Fitting the nearest-review memory's weight on dev reviews."""

import json
import shutil
from pathlib import Path

import pytest

from models.neighbours import NEIGHBOURS_FILE
from models.onnx_backend import META_FILE
from models.registry import DEFAULT_TRANSFORMER_DIR
from training.data import Example
from training.neighbours import WEIGHTS, fit_neighbour_weight


@pytest.mark.slow
def test_the_weight_is_chosen_on_dev_reviews_and_a_zero_weight_ships_no_memory(tmp_path: Path) -> None:
    folder = tmp_path / "serving"
    shutil.copytree(DEFAULT_TRANSFORMER_DIR, folder)
    (folder / NEIGHBOURS_FILE).unlink(missing_ok=True)
    train = [Example(t, s, source="reviews") for t, s in (
        ("房间很干净，早餐丰富", "positive"), ("服务热情周到", "positive"), ("隔音太差，吵得睡不着", "negative"),
        ("空调坏了没人修", "negative"), ("床单有污渍，很脏", "negative"), ("位置方便，交通便利", "positive"))]
    dev = [Example(t, s, source="reviews") for t, s in (
        ("房间干净，服务也热情", "positive"), ("隔音差，空调也坏了", "negative"), ("交通便利，早餐不错", "positive"))]
    dev.append(Example("请问能开发票吗", "neutral", source="inquiries"))  # not a review: not counted
    fitted = fit_neighbour_weight(folder, train, dev)
    assert fitted["neighbour_weight"] in WEIGHTS and fitted["dev_reviews"] == 3 and fitted["neighbour_reviews"] == 6
    assert fitted["dev_reviews_right"] >= fitted["dev_reviews_right_without"]
    assert json.loads((folder / META_FILE).read_text())["neighbour_weight"] == fitted["neighbour_weight"]
    assert (folder / NEIGHBOURS_FILE).exists() == (fitted["neighbour_weight"] > 0)
