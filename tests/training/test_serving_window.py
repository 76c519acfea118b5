import json
import shutil
from pathlib import Path

from models.onnx_backend import META_FILE
from models.registry import DEFAULT_TRANSFORMER_DIR
from training.data import Example
from training.serving_window import fit_serving_window

PRAISE = "房间干净整洁，前台服务热情，早餐品种丰富，出门就是地铁站。" * 10
COMPLAINT = "房间又脏又潮，前台爱答不理，早餐没几样能吃，隔音差得整晚睡不着。" * 10


def _artefact(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_TRANSFORMER_DIR, folder)
    return folder


def test_only_reviews_the_window_splits_count_and_a_tie_keeps_the_narrower_window(tmp_path: Path) -> None:
    folder = _artefact(tmp_path)
    dev = [Example(PRAISE, "positive"), Example(COMPLAINT, "negative"), Example("很好", "positive"),
           Example(PRAISE, "positive", source="synthetic")]
    result = fit_serving_window(folder, dev, candidates=(192, 320))
    assert result["dev_long_reviews"] == 2
    by_length = result["dev_accuracy_by_max_length"]
    assert isinstance(by_length, dict) and {"192", "320"} <= set(by_length) and set(by_length.values()) == {1.0}
    assert result["max_length"] == 192
    assert json.loads((folder / META_FILE).read_text())["max_length"] == 192


def test_without_long_dev_reviews_the_artefact_keeps_its_length(tmp_path: Path) -> None:
    folder = _artefact(tmp_path)
    before = json.loads((folder / META_FILE).read_text())["max_length"]
    result = fit_serving_window(folder, [Example("物流很快", "positive")])
    assert result == {"max_length": before, "dev_long_reviews": 0}
    assert json.loads((folder / META_FILE).read_text())["max_length"] == before
