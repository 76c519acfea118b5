"""Package a fine-tuned checkpoint the way the bundled artefact is packaged, to compare candidates served on dev."""

from __future__ import annotations

import shutil
from pathlib import Path

from models.baseline import BASELINE_FILE
from models.registry import DEFAULT_BASELINE_DIR
from training import cli


def package_candidate(checkpoint: Path, output_dir: Path, max_length: int = 192, grid_steps: int = 100) -> Path:
    """`xinsheng train --checkpoint` without the evaluation: the bundled baseline is copied in (so the TF-IDF blend
    is refitted from the same pipeline, not retrained), then the quantisation-aware pass, int8 export and dev fits.
    Returns the serving folder."""
    (output_dir / "baseline").mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_BASELINE_DIR / BASELINE_FILE, output_dir / "baseline")
    cli.train(checkpoint=checkpoint, output_dir=output_dir, evaluate_after=False, max_length=max_length,
              grid_steps=grid_steps)
    return output_dir / "transformer"
