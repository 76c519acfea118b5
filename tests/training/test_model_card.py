"""The model card states how the artefact was trained, straight from training.json."""

import json
from pathlib import Path

from models.registry import DEFAULT_TRANSFORMER_DIR
from training.model_card import write_model_card


def test_card_names_the_teacher_of_a_self_distilled_artefact(tmp_path: Path) -> None:
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    (tmp_path / "training.json").write_text(json.dumps({
        "train_seconds": 10.0, "best_epoch": 2, "recipe": {"distill_weight": 0.5, "distill_temperature": 2.0},
        "teacher": {"name": "xinsheng-m3e-small-int8", "model_sha256": "ab" * 32},
    }))
    card = write_model_card(tmp_path, metrics).read_text()
    assert "Self-distilled" in card and "ab" * 32 in card and "distill_weight 0.5" in card
    assert "--teacher models/artifacts/xinsheng-m3e-small-int8" in card  # the rebuild takes both runs

    (tmp_path / "training.json").write_text(json.dumps({"train_seconds": 10.0, "best_epoch": 2}))
    plain = write_model_card(tmp_path, metrics).read_text()
    assert "Self-distilled" not in plain and "--teacher" not in plain
