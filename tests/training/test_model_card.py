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
    assert "on the review texts" not in card  # an older run distilled every text

    (tmp_path / "training.json").write_text(json.dumps({
        "recipe": {"distill_weight": 0.5},
        "teacher": {"name": "xinsheng-m3e-small-int8", "model_sha256": "ab" * 32, "soft_targets_for": "reviews"},
    }))
    assert "on the review texts (generated texts kept their labels alone)" in write_model_card(tmp_path, metrics).read_text()

    (tmp_path / "training.json").write_text(json.dumps({
        "teacher": {"name": "the previous artefact", "model_sha256": "ab" * 32, "soft_targets_for": "the replayed texts"},
        "edit": {"focus_texts": 1435, "replayed_texts": 5740, "distill_weight": 1.0},
    }))
    edited = write_model_card(tmp_path, metrics).read_text()
    assert "Edited: 1435 generated texts kept their labels; 5740 other training texts" in edited
    assert "Self-distilled" not in edited  # nothing was mixed: the replay was taught alone, the focus by its labels

    (tmp_path / "training.json").write_text(json.dumps({"train_seconds": 10.0, "best_epoch": 2}))
    plain = write_model_card(tmp_path, metrics).read_text()
    assert "Self-distilled" not in plain and "--teacher" not in plain


def test_card_of_an_ensemble_student_names_members_students_device_and_rebuild(tmp_path: Path) -> None:
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    (tmp_path / "training.json").write_text(json.dumps({
        "train_seconds": 101.3, "best_epoch": 3,
        "recipe": {"device": "cuda", "distill_weight": 0.5, "seed": 44, "epochs": 5},
        "teacher": {"name": "an ensemble of 2 fine-tunings (seeds 1, 2)", "ensemble_dev_accuracy": 0.8836,
                    "members": [{"seed": 1, "epochs": 3, "dev_accuracy": 0.8854},
                                {"seed": 2, "epochs": 3, "dev_accuracy": 0.8836}]},
        "students": [{"seed": 43, "epochs": 3, "dev_accuracy": 0.8877}, {"seed": 44, "epochs": 5, "dev_accuracy": 0.8923}],
    }))
    card = write_model_card(tmp_path, metrics).read_text()
    assert "Distilled from an ensemble of 2 fine-tunings (seeds 1, 2)" in card
    assert "seed 1 88.54" in card and "the ensemble's 88.36" in card and "seed 44 (5 epochs) 89.23" in card
    assert "101.3 s on one GPU" in card
    # The rebuild command is this artefact's own recipe: its student's seed and epochs.
    assert "`xinsheng train --ensemble-seeds 1,2 --student-seeds 44 --student-epochs 5 --grid-steps 0`" in card
    assert "3 fine-tunings" in card
    assert "Self-distilled" not in card


def test_card_of_a_continued_artefact_gives_both_runs_and_the_rebuild_of_the_one_it_continued(tmp_path: Path) -> None:
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    (tmp_path / "training.json").write_text(json.dumps({
        "train_seconds": 421.8, "best_epoch": 1, "recipe": {"device": "cpu", "epochs": 1, "seed": 45},
        "quantization_aware": {"steps": 100},
        "teacher": {"name": "the previous artefact", "model_sha256": "cd" * 32, "soft_targets_for": "reviews"},
        "recipe_note": "One more epoch on CPU.",
        "continued_from": {
            "name": "the previous artefact (git 364df85)", "model_sha256": "cd" * 32, "train_seconds": 179.4,
            "best_epoch": 5, "recipe": {"device": "cuda", "epochs": 5, "seed": 44},
            "teacher": {"name": "an ensemble of 2 fine-tunings (seeds 1, 2)", "ensemble_dev_accuracy": 0.8836,
                        "members": [{"seed": 1, "epochs": 3, "dev_accuracy": 0.8854},
                                    {"seed": 2, "epochs": 3, "dev_accuracy": 0.8836}]},
            "students": [{"seed": 44, "epochs": 5, "dev_accuracy": 0.8923}],
            "recipe_note": "Ensemble distillation was added in this run.",
        },
    }))
    card = write_model_card(tmp_path, metrics).read_text()
    assert "421.8 s on CPU" in card and "Self-distilled" in card and "One more epoch on CPU." in card
    assert "Started from the previous artefact (git 364df85)" in card and "trained 179.4 s on one GPU" in card
    assert "seed 44 (5 epochs) 89.23 %; the best on dev is that model" in card
    assert "That model's note: Ensemble distillation was added in this run." in card
    # `make model` rebuilds the continued model's recipe (with the grid pass, as the Makefile runs it), not the epoch.
    assert "`make model` does not repeat that epoch" in card
    assert "`xinsheng train --ensemble-seeds 1,2 --student-seeds 44 --student-epochs 5`" in card
    assert "notebooks/sincere_praise.py" in card


def test_card_reports_the_fault_denial_bucket_and_the_whole_gold_set(tmp_path: Path) -> None:
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    (tmp_path / "training.json").write_text(json.dumps({"train_seconds": 10.0, "best_epoch": 2}))
    bucket = metrics["transformer"]["gold"]["per_phenomenon"]["fault_denial"]
    card = write_model_card(tmp_path, metrics).read_text()
    assert f"{100 * bucket['sentiment_accuracy']:.2f} % sentiment accuracy on the gold `fault_denial` bucket" in card
    total = metrics["transformer"]["gold"]["n"] + len(metrics["gold_excluded_seen_in_training"])
    assert f"Gold set: {total} hand-written" in card

    del metrics["transformer"]["gold"]["per_phenomenon"]["fault_denial"]  # an artefact evaluated before the bucket
    assert "fault_denial" not in write_model_card(tmp_path, metrics).read_text()


def test_card_describes_the_quantisation_aware_pass_and_both_parity_figures(tmp_path: Path) -> None:
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    metrics["parity"] = {"agreement": 0.9919, "torch_accuracy": 0.8934, "int8_accuracy": 0.8934,
                         "fine_tuned": {"agreement": 0.9683, "torch_accuracy": 0.8963, "int8_accuracy": 0.8934}}
    (tmp_path / "training.json").write_text(json.dumps({
        "train_seconds": 10.0, "best_epoch": 2, "recipe": {"seed": 44, "epochs": 5},
        "teacher": {"name": "an ensemble", "members": [{"seed": 1, "epochs": 3, "dev_accuracy": 0.88}]},
        "quantization_aware": {"steps": 400, "lr": 1e-05, "seconds": 401.5},
    }))
    card = write_model_card(tmp_path, metrics).read_text()
    assert "Quantisation-aware pass before export: 400 steps (lr 1e-05, 401.5 s)" in card
    assert "int8 vs the on-grid PyTorch model on the review test split: agreement 99.19 %" in card
    assert "int8 vs the fine-tuned fp32 weights before the pass: agreement 96.83 %; accuracy 89.63 % → 89.34 %" in card
    assert "runs the quantisation-aware pass, exports int8 ONNX" in card and "--grid-steps 0" not in card


def test_card_of_a_twice_continued_artefact_walks_back_to_the_ensemble_recipe(tmp_path: Path) -> None:
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    ensemble_student = {
        "name": "the GPU student (git 364df85)", "model_sha256": "cd" * 32, "train_seconds": 179.4, "best_epoch": 5,
        "recipe": {"device": "cuda", "epochs": 5, "seed": 44},
        "teacher": {"name": "an ensemble of 2 fine-tunings (seeds 1, 2)", "ensemble_dev_accuracy": 0.8836,
                    "members": [{"seed": 1, "epochs": 3, "dev_accuracy": 0.8854},
                                {"seed": 2, "epochs": 3, "dev_accuracy": 0.8836}]},
        "students": [{"seed": 44, "epochs": 5, "dev_accuracy": 0.8923}],
    }
    first_epoch = {"name": "the sincere-praise artefact (git 6f01799)", "model_sha256": "ab" * 32, "train_seconds": 421.8,
                   "best_epoch": 1, "recipe": {"device": "cpu", "epochs": 1, "seed": 45},
                   "recipe_note": "Sincere praise.", "notebook": "notebooks/sincere_praise.py",
                   "continued_from": ensemble_student}
    (tmp_path / "training.json").write_text(json.dumps({
        "train_seconds": 600.0, "best_epoch": 1, "recipe": {"device": "cpu", "epochs": 1, "seed": 49},
        "quantization_aware": {"steps": 100}, "recipe_note": "Social register.", "notebook": "notebooks/social_register.py",
        "continued_from": first_epoch,
    }))
    card = write_model_card(tmp_path, metrics).read_text()
    assert "Started from the sincere-praise artefact (git 6f01799)" in card and "That model's note: Sincere praise." in card
    assert "Started from the GPU student (git 364df85)" in card and "trained 179.4 s on one GPU" in card
    assert card.index("git 6f01799") < card.index("Started from the GPU student")  # nearest first
    assert "the GPU student (git 364df85) trained 2 epochs further on CPU" in card
    assert "`make model` does not repeat those 2 epochs" in card
    assert "`xinsheng train --ensemble-seeds 1,2 --student-seeds 44 --student-epochs 5`" in card
    assert "(`training/int8_rebuild.py`): `notebooks/sincere_praise.py` and `notebooks/social_register.py`" in card


def test_card_names_each_device_the_continuations_ran_on(tmp_path: Path) -> None:
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    student = {"name": "the GPU student", "recipe": {"device": "cuda", "epochs": 5, "seed": 44},
               "teacher": {"name": "an ensemble", "members": [{"seed": 1, "epochs": 3}]}}
    on_cpu = {"name": "the CPU continuation", "recipe": {"device": "cpu", "epochs": 1, "seed": 49},
              "notebook": "notebooks/social_register.py", "continued_from": student}
    (tmp_path / "training.json").write_text(json.dumps({
        "recipe": {"device": "cuda", "epochs": 3, "seed": 71}, "notebook": "notebooks/gpu_continuations.py",
        "continued_from": on_cpu,
    }))
    card = write_model_card(tmp_path, metrics).read_text()
    assert "the GPU student trained 4 epochs further on CPU and one GPU (see above)" in card
    assert "`notebooks/social_register.py` and `notebooks/gpu_continuations.py`" in card
