"""Fitting the nearest-review memory's weight on dev reviews, and the dev reviews joining it afterwards."""

import json
import shutil
from pathlib import Path

import pytest

from models.neighbours import NEIGHBOURS_FILE, NeighbourMemory
from models.onnx_backend import META_FILE
from models.registry import DEFAULT_TRANSFORMER_DIR
from training.data import Example
from training.neighbours import WEIGHTS, export_memory, fit_neighbour_weight, remember_dev


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


def test_the_dev_reviews_join_the_memory_after_the_weight_is_chosen(tmp_path: Path) -> None:
    train = [Example("房间很干净", "positive", source="reviews"), Example("隔音太差", "negative", source="reviews"),
             Example("请问几点退房", "neutral", source="inquiries")]
    dev = [Example("早餐很丰富", "positive", source="reviews"), Example("物流到了吗", "neutral", source="inquiries")]
    assert remember_dev(tmp_path, train, dev) == {}  # packaged without a memory: none is made
    export_memory(train, tmp_path / NEIGHBOURS_FILE)
    assert remember_dev(tmp_path, train, dev) == {"neighbour_reviews": 3, "neighbour_reviews_from_dev": 1}
    memory = NeighbourMemory.load(tmp_path / NEIGHBOURS_FILE)
    assert memory.held_rows(["房间很干净", "隔音太差", "早餐很丰富", "物流到了吗"])[0].tolist() == [0, 1, 2]
