"""Ensemble distillation: fine-tunings that differ only in seed teach one student of the same size.

Each member follows the bundled recipe (FGM, 3 epochs); the mean of their sentiment logits on the training texts is
the student's soft target (`training.finetune.distillation_loss`), as with a single teacher. An average of seeds
doubts fewer labels by chance than one run does. Members are independent, so they train in parallel processes: on a
GPU that is lent this takes minutes; on 2 CPU cores each member takes about 40 minutes (native bf16) to 80 (fp32).
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from training.data import Example
from training.distill import ENSEMBLE_FILE, TEACHER_FILE, checkpoint_sentiment_logits
from training.finetune import TrainConfig, binary_dev_scores
from training.finetune import train as finetune
from training.sources import sha256_of


def member_dir(runs_dir: Path, seed: int) -> Path:
    return runs_dir / f"member-seed{seed}"


def student_dir(runs_dir: Path, seed: int) -> Path:
    return runs_dir / f"student-seed{seed}"


def _fine_tune(config: TrainConfig, train_set: Sequence[Example], dev_set: Sequence[Example],
               teacher: Mapping[str, np.ndarray] | None, start: Path | None = None) -> float:
    """One fine-tuning (of the saved model `start`, if given); returns its best dev accuracy (module level so that
    worker processes can run it)."""
    result = finetune(config, train_set, dev_set, resume=True, teacher=teacher, start=start)
    return max(h.kept_accuracy for h in result.history)


def fine_tune_all(configs: Sequence[TrainConfig], train_set: Sequence[Example], dev_set: Sequence[Example],
                  teacher: Mapping[str, np.ndarray] | None = None, parallel: int = 1) -> list[float]:
    """Best dev accuracy of each run, in order; `parallel` > 1 runs them in that many processes (spawned: CUDA-safe)."""
    if parallel <= 1:
        return [_fine_tune(c, train_set, dev_set, teacher) for c in configs]
    with ProcessPoolExecutor(parallel, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_fine_tune, c, train_set, dev_set, teacher) for c in configs]
        return [f.result() for f in futures]


def ensemble_logits(best_dirs: Sequence[Path], texts: Sequence[str], device: str = "cpu") -> dict[str, np.ndarray]:
    """Mean sentiment logits of the checkpoints per distinct text, columns in `SENTIMENTS` order."""
    per_member = [checkpoint_sentiment_logits(d, texts, device=device) for d in best_dirs]
    return {text: np.mean([m[text] for m in per_member], axis=0) for text in per_member[0]}


def distil_from_ensemble(
    recipe: TrainConfig, train_set: Sequence[Example], dev_set: Sequence[Example], runs_dir: Path,
    member_seeds: Sequence[int], student_seeds: Sequence[int], parallel: int = 1, student_epochs: int | None = None,
) -> dict[str, Any]:
    """Train the members, then students on their mean logits; the student best on dev is `chosen`.

    `recipe` gives everything but the seed and output folder (and, with `student_epochs`, the students' epochs).
    Returns (and writes to `ENSEMBLE_FILE`) the record.
    """
    runs_dir.mkdir(parents=True, exist_ok=True)
    members = [replace(recipe, seed=s, output_dir=member_dir(runs_dir, s)) for s in member_seeds]
    member_dev = fine_tune_all(members, train_set, dev_set, parallel=parallel)
    best_dirs = [Path(c.output_dir) / "best" for c in members]

    dev_reviews = [e for e in dev_set if e.source == "reviews"]
    # One pass per member over both sets: the training texts' logits teach, the dev reviews' score the ensemble.
    logits = ensemble_logits(best_dirs, [e.text for e in train_set] + [e.text for e in dev_reviews], recipe.device)
    ensemble_dev, _ = binary_dev_scores(np.stack([logits[e.text] for e in dev_reviews]),
                                        [e.sentiment for e in dev_reviews])
    teacher = {e.text: logits[e.text] for e in train_set}
    provenance = {
        "name": f"an ensemble of {len(members)} fine-tunings of the same recipe (seeds "
                f"{', '.join(map(str, member_seeds))}), mean of their sentiment logits",
        "ensemble_dev_accuracy": ensemble_dev,
        "members": [{"seed": c.seed, "epochs": c.epochs, "dev_accuracy": acc, "heads_sha256": sha256_of(d / "heads.pt")}
                    for c, acc, d in zip(members, member_dev, best_dirs, strict=True)],
    }
    students = [replace(recipe, seed=s, output_dir=student_dir(runs_dir, s), epochs=student_epochs or recipe.epochs)
                for s in student_seeds]
    for config in students:
        Path(config.output_dir).mkdir(parents=True, exist_ok=True)
        (Path(config.output_dir) / TEACHER_FILE).write_text(json.dumps(provenance, indent=2))
    student_dev = fine_tune_all(students, train_set, dev_set, teacher=teacher, parallel=parallel)
    chosen = students[int(np.argmax(student_dev))]
    record = provenance | {
        "students": [{"seed": c.seed, "epochs": c.epochs, "dev_accuracy": acc}
                     for c, acc in zip(students, student_dev, strict=True)],
        "chosen": str(Path(chosen.output_dir) / "best"),
    }
    (runs_dir / ENSEMBLE_FILE).write_text(json.dumps(record, indent=2))
    return record
