"""Packaging a candidate: the bundled baseline is copied beside it and the checkpoint is packaged without evaluation."""

from pathlib import Path
from types import SimpleNamespace
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


def test_a_continuation_trains_from_the_start_model_distils_from_the_artefact_and_packages_the_best(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import training.candidates as candidates
    import training.datasets
    import training.distill
    import training.finetune
    from training.data import Example

    train_set = [Example("很好", "positive", source="reviews"), Example("请问几号发货", "neutral", source="synthetic")]
    seen: dict[str, Any] = {}
    monkeypatch.setattr(training.datasets, "training_sets", lambda: (train_set, []))
    monkeypatch.setattr(training.distill, "teacher_sentiment_logits",
                        lambda folder, texts: seen.update(teacher=(folder, texts)) or {})
    monkeypatch.setattr(training.finetune, "train",
                        lambda config, *_, **kwargs: seen.update(config=config, start=kwargs["start"]))
    monkeypatch.setattr(candidates, "package_candidate", lambda best, out: seen.update(best=best) or out / "transformer")

    serving = candidates.continue_candidate(tmp_path / "start", tmp_path / "artefact", tmp_path / "work", 49, on_grid=True)
    assert serving == tmp_path / "work" / "candidate" / "transformer"
    assert seen["teacher"] == (tmp_path / "artefact", ["很好"])  # only the review texts are distilled
    assert seen["start"] == tmp_path / "start" and seen["best"] == tmp_path / "work" / "run" / "best"
    config = seen["config"]
    assert (config.seed, config.epochs, config.lr, config.on_grid, config.adversarial_epsilon) == (49, 1, 3e-5, True, 0.0)

    candidates.continue_candidate(tmp_path / "start", tmp_path / "artefact", tmp_path / "work", 50, on_grid=True,
                                  adversarial_epsilon=1.0)
    assert seen["config"].adversarial_epsilon == 1.0  # FGM, as in the GPU continuations

    monkeypatch.setattr(training.distill, "ensemble_sentiment_logits",
                        lambda folders, texts: seen.update(ensemble=(folders, texts)) or {})
    candidates.continue_candidate(tmp_path / "start", tmp_path / "artefact", tmp_path / "work", 51, on_grid=True,
                                  also_taught_by=[tmp_path / "older"])
    assert seen["ensemble"] == ([tmp_path / "artefact", tmp_path / "older"], ["很好"])  # the start artefact leads


def test_an_artefact_is_read_back_from_git_as_it_was_committed(tmp_path: Path) -> None:
    import subprocess

    from models.registry import DEFAULT_TRANSFORMER_DIR
    from training.candidates import SERVING_FILES, artefact_at_commit

    if subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    folder = artefact_at_commit("HEAD", tmp_path / "head")
    committed = {name for name in SERVING_FILES if (DEFAULT_TRANSFORMER_DIR / name).exists()}
    assert {f.name for f in folder.iterdir()} == committed
    for name in committed - {"model.onnx"}:  # the 57 MB graph is compared by size only
        assert (folder / name).read_bytes() == (DEFAULT_TRANSFORMER_DIR / name).read_bytes()
    assert (folder / "model.onnx").stat().st_size == (DEFAULT_TRANSFORMER_DIR / "model.onnx").stat().st_size


def test_compare_served_prints_each_folders_dev_accuracy_and_probes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import models.transformer
    import training.data
    import training.evaluate
    from training.candidates import compare_served

    monkeypatch.setattr(training.data, "load_split", lambda name: [name])
    monkeypatch.setattr(models.transformer, "TransformerClassifier",
                        lambda folder: SimpleNamespace(name=folder.name, leave_out_remembered=False))

    def accuracy(classifier: SimpleNamespace, rows: list[str]) -> dict[str, float]:
        assert classifier.leave_out_remembered  # a memory holding the dev reviews must not read them back
        return {"accuracy": 0.9 if classifier.name == "b" else 0.8}

    monkeypatch.setattr(training.evaluate, "evaluate_reviews", accuracy)
    compare_served([tmp_path / "a", tmp_path / "b"], lambda folder: {"probe": folder.name})
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{tmp_path / 'a'} served dev reviews 0.8 probes {{'probe': 'a'}}",
                     f"{tmp_path / 'b'} served dev reviews 0.9 probes {{'probe': 'b'}}"]
    compare_served([tmp_path / "a"])  # without probes: the accuracy alone
    assert capsys.readouterr().out.splitlines() == [f"{tmp_path / 'a'} served dev reviews 0.8"]


def test_an_edit_trains_the_focus_with_labels_and_a_replay_taught_by_the_artefact_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    import training.candidates as candidates
    import training.datasets
    import training.distill
    import training.finetune
    from training.data import Example

    focus = [Example(f"优点：屏幕好{i}", "positive", source="synthetic") for i in range(3)]
    others = [Example(f"评论{i}", "negative", source="reviews") for i in range(20)]
    seen: dict[str, Any] = {}
    monkeypatch.setattr(training.datasets, "training_sets", lambda: (focus + others, []))
    monkeypatch.setattr(training.distill, "teacher_sentiment_logits",
                        lambda folder, texts: seen.update(teacher=(folder, texts)) or {})
    monkeypatch.setattr(training.finetune, "train",
                        lambda config, subset, *_, **kwargs: seen.update(config=config, subset=subset))
    monkeypatch.setattr(candidates, "package_candidate",
                        lambda best, out, grid_steps: seen.update(grid_steps=grid_steps) or out / "transformer")
    monkeypatch.setattr(candidates, "keep_serving_fit",
                        lambda serving, artefact: seen.update(fit_from=artefact) or serving)

    serving = candidates.edit_candidate(tmp_path / "start", tmp_path / "artefact", tmp_path / "work", 100,
                                        lambda e: e.text.startswith("优点"), replay_per_focus=2.0)
    assert serving == tmp_path / "work" / "candidate" / "transformer"
    subset = seen["subset"]
    assert len(subset) == 9 and all(e in subset for e in focus)  # every focus text, and twice as many others
    folder, taught = seen["teacher"]
    replayed = [e.text for e in subset if e not in focus]
    assert folder == tmp_path / "artefact" and sorted(taught) == sorted(replayed)  # the focus keeps its labels
    config = seen["config"]
    assert (config.distill_weight, config.on_grid, config.seed) == (1.0, True, 100)  # the replay: the artefact alone
    assert json.loads((tmp_path / "work" / "edit.json").read_text())["focus_texts"] == 3
    assert seen["grid_steps"] == 0  # trained on the grid: no quantisation-aware pass to move it again
    assert seen["fit_from"] == tmp_path / "artefact"  # the fix changes the encoder, not the serving fit


def test_keeping_the_serving_fit_takes_the_artefacts_priors_blend_experts_and_memory(tmp_path: Path) -> None:
    import json

    from training.candidates import SERVING_FIT, keep_serving_fit

    artefact, serving = tmp_path / "artefact", tmp_path / "serving"
    artefact.mkdir(), serving.mkdir()
    fit = {"temperature": 0.72, "sentiment_log_prior": [-0.9, -1.9, -0.8], "tfidf_weight": 0.0}
    (artefact / "model.json").write_text(json.dumps({"name": "old", "max_length": 256, **fit}))
    (serving / "model.json").write_text(json.dumps({"name": "new", "max_length": 256, "temperature": 1.0,
                                                    "sentiment_log_prior": [-1.0, -2.0, -0.7], "tfidf_weight": 0.25}))
    (serving / "training.json").write_text(json.dumps({"priors": {"tau": 0.75}, "tfidf_blend": {"weight": 0.25},
                                                       "clause_probe": {"C": 0.3, "dev_accuracy": 0.94}}))
    (serving / "tfidf.npz").write_bytes(b"refitted expert")
    (artefact / "neighbours.npz").write_bytes(b"the artefact's memory")
    (artefact / "training.json").write_text(json.dumps({"neighbours": {"neighbour_weight": 5.0},
                                                        "clause_probe": {"C": 0.1, "dev_accuracy": 0.93}}))
    (artefact / "clause_probe.json").write_text("the artefact's probe")
    (serving / "clause_probe.json").write_text("a probe refitted on the edit")

    keep_serving_fit(serving, artefact)
    meta = json.loads((serving / "model.json").read_text())
    assert meta == {"name": "new", "max_length": 256, **fit} and set(fit) <= set(SERVING_FIT)
    assert not (serving / "tfidf.npz").exists()  # the artefact ships no expert, so neither does the fix
    record = json.loads((serving / "training.json").read_text())
    assert record["serving_fit"]["refitted"] == {"priors": {"tau": 0.75}, "tfidf_blend": {"weight": 0.25},
                                                 "neighbours": None, "activation_ranges": None,
                                                 "clause_probe": {"C": 0.3, "dev_accuracy": 0.94},
                                                 "serving_window": None}
    # The clause probe is kept with its record: the card describes the probe the folder ships.
    assert (serving / "clause_probe.json").read_text() == "the artefact's probe"
    assert record["clause_probe"] == {"C": 0.1, "dev_accuracy": 0.93}
    # The artefact's memory travels with its weight, and the record the model card reads says so.
    assert (serving / "neighbours.npz").read_bytes() == b"the artefact's memory"
    assert record["neighbours"] == {"neighbour_weight": 5.0}
