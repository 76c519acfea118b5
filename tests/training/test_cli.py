"""The training CLI's bookkeeping: a re-packaged checkpoint carries its own run's record."""

import json
from pathlib import Path

from training.cli import run_provenance


def test_run_provenance_reads_the_checkpoints_own_run(tmp_path: Path) -> None:
    best = tmp_path / "run" / "best"
    best.mkdir(parents=True)
    history = [{"epoch": 1, "dev_accuracy": 0.8}, {"epoch": 2, "dev_accuracy": 0.85}]
    (best.parent / "history.json").write_text(json.dumps({"best_epoch": 2, "seconds": 12.34, "history": history}))
    (best / "train_config.json").write_text(json.dumps({"base_model": "/x", "output_dir": "/y", "lr": 6e-5,
                                                        "adversarial_epsilon": 1.0}))
    found = run_provenance(best)
    assert found == {"train_seconds": 12.3, "best_epoch": 2, "history": history,
                     "recipe": {"lr": 6e-5, "adversarial_epsilon": 1.0}}


def test_run_provenance_of_a_bare_checkpoint_is_empty(tmp_path: Path) -> None:
    assert run_provenance(tmp_path / "best") == {}


def test_run_provenance_names_the_teacher_only_of_a_distilled_run(tmp_path: Path) -> None:
    from training.cli import TEACHER_FILE

    best = tmp_path / "run" / "best"
    best.mkdir(parents=True)
    (best / "train_config.json").write_text(json.dumps({"lr": 6e-5, "distill_weight": 0.5, "distill_temperature": 2.0}))
    # Without a teacher the distillation settings were unused: the recipe leaves them out.
    assert run_provenance(best) == {"recipe": {"lr": 6e-5}}

    teacher = {"name": "xinsheng-m3e-small-int8", "model_sha256": "0" * 64}
    (best.parent / TEACHER_FILE).write_text(json.dumps(teacher))
    assert run_provenance(best) == {"teacher": teacher,
                                    "recipe": {"lr": 6e-5, "distill_weight": 0.5, "distill_temperature": 2.0}}


def test_run_provenance_of_an_ensemble_student_lists_its_sibling_students(tmp_path: Path) -> None:
    from training.distill import ENSEMBLE_FILE, TEACHER_FILE

    best = tmp_path / "ensemble" / "student-seed43" / "best"
    best.mkdir(parents=True)
    teacher = {"name": "an ensemble of 2", "members": [{"seed": 1, "dev_accuracy": 0.88}, {"seed": 2, "dev_accuracy": 0.87}]}
    students = [{"seed": 42, "dev_accuracy": 0.885}, {"seed": 43, "dev_accuracy": 0.888}]
    (best.parent / TEACHER_FILE).write_text(json.dumps(teacher))
    (tmp_path / "ensemble" / ENSEMBLE_FILE).write_text(json.dumps(teacher | {"students": students, "chosen": str(best)}))
    assert run_provenance(best) == {"teacher": teacher, "students": students}
