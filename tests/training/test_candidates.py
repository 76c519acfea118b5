"""Packaging a candidate: the bundled baseline is copied beside it and the checkpoint is packaged without evaluation."""

from pathlib import Path
from typing import Any

import pytest

import training.cli
from models.baseline import BASELINE_FILE
from models.registry import DEFAULT_BASELINE_DIR
from training.candidates import package_candidate


def test_a_candidate_is_packaged_with_the_bundled_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(training.cli, "train", lambda **kwargs: calls.append(kwargs))
    serving = package_candidate(tmp_path / "run" / "best", tmp_path / "candidate", grid_steps=400)
    assert serving == tmp_path / "candidate" / "transformer"
    copied = tmp_path / "candidate" / "baseline" / BASELINE_FILE
    assert copied.read_bytes() == (DEFAULT_BASELINE_DIR / BASELINE_FILE).read_bytes()
    assert calls == [{"checkpoint": tmp_path / "run" / "best", "output_dir": tmp_path / "candidate",
                      "evaluate_after": False, "max_length": 192, "grid_steps": 400}]
