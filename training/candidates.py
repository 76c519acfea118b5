"""Package a fine-tuned checkpoint the way the bundled artefact is packaged, to compare candidates served on dev."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from models.baseline import BASELINE_FILE
from models.clause_probe import PROBE_FILE
from models.neighbours import NEIGHBOURS_FILE
from models.onnx_backend import META_FILE, MODEL_FILE, TOKENIZER_FILE
from models.registry import DEFAULT_BASELINE_DIR, DEFAULT_TRANSFORMER_DIR
from models.tfidf_blend import TFIDF_FILE
from training import cli
from training.activation_ranges import RANGES_FILE, reuse_activation_ranges
from training.data import Example

SERVING_FILES = (MODEL_FILE, META_FILE, TOKENIZER_FILE, PROBE_FILE, TFIDF_FILE, RANGES_FILE, NEIGHBOURS_FILE)


def package_candidate(checkpoint: Path, output_dir: Path, max_length: int = 192, grid_steps: int = 100) -> Path:
    """`xinsheng train --checkpoint` without the evaluation: the bundled baseline is copied in (so the TF-IDF blend
    is refitted from the same pipeline, not retrained), then the quantisation-aware pass, int8 export and dev fits.
    Returns the serving folder."""
    (output_dir / "baseline").mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_BASELINE_DIR / BASELINE_FILE, output_dir / "baseline")
    cli.train(checkpoint=checkpoint, output_dir=output_dir, evaluate_after=False, max_length=max_length,
              grid_steps=grid_steps)
    return output_dir / "transformer"


def continue_candidate(start: Path, teacher_dir: Path, work: Path, seed: int, *, epochs: int = 1,
                       on_grid: bool = False, adversarial_epsilon: float = 0.0,
                       also_taught_by: Sequence[Path] = ()) -> Path:
    """The notebooks' continuation recipe: train the saved model `start` further (lr 3e-5, no FGM unless
    `adversarial_epsilon` asks for it) on the current training sets, the review texts half distilled from the served
    artefact `teacher_dir` (with `also_taught_by`: from the geometric mean of it and those artefacts), then package the
    best epoch like the artefact under `work/candidate`. Returns the serving folder."""
    from training import finetune
    from training.datasets import training_sets
    from training.distill import ensemble_sentiment_logits, teacher_sentiment_logits

    train_set, dev_set = training_sets()
    reviews = [e.text for e in train_set if e.source == "reviews"]
    teacher = (ensemble_sentiment_logits([teacher_dir, *also_taught_by], reviews) if also_taught_by
               else teacher_sentiment_logits(teacher_dir, reviews))
    config = finetune.TrainConfig(base_model=str(start / "encoder"), output_dir=work / "run", epochs=epochs, lr=3e-5,
                                  max_length=192, adversarial_epsilon=adversarial_epsilon, seed=seed,
                                  on_grid=on_grid)
    print(finetune.train(config, train_set, dev_set, teacher=teacher, start=start))
    return package_candidate(work / "run" / "best", work / "candidate")


EDIT_FILE = "edit.json"  # what an edit trained on, beside its run
# What packaging fits on dev around the encoder: the TF-IDF and nearest-review weights, the class priors and the
# temperatures.
SERVING_FIT = ("temperature", "emotion_temperature", "sentiment_log_prior", "sentiment_prior_tau", "emotion_log_prior",
               "emotion_prior_tau", "tfidf_weight", "neighbour_weight", "max_length")


# The records of what `keep_serving_fit` takes from the artefact, so the model card describes the files shipped.
KEPT_RECORDS = ("neighbours", "activation_ranges", "clause_probe", "serving_window")


def keep_serving_fit(serving: Path, artefact: Path = DEFAULT_TRANSFORMER_DIR) -> Path:
    """Give the packaged folder `serving` the artefact's serving fit instead of its own: its temperatures, priors
    and blend weights, its TF-IDF expert and nearest-review memory (or none), its activation ranges and its clause
    probe. A fix that changes the encoder should change nothing else: the refit alone moved the blend weight 0 → 0.25
    for the first edit, and ranges recalibrated on the grown training data moved 16 dev reviews that an edit of one
    embedding row could not reach (none of them holds its token)."""
    own = json.loads((serving / META_FILE).read_text())
    theirs = json.loads((artefact / META_FILE).read_text())
    own |= {key: theirs[key] for key in SERVING_FIT if key in theirs}
    (serving / META_FILE).write_text(json.dumps(own, indent=2, ensure_ascii=False))
    record = json.loads((serving / "training.json").read_text())
    refitted = {key: record.pop(key, None) for key in ("priors", "tfidf_blend", *KEPT_RECORDS)}
    record["serving_fit"] = {"kept_from": str(artefact), "refitted": refitted}
    kept_record = artefact / "training.json"
    kept = json.loads(kept_record.read_text()) if kept_record.exists() else {}
    record |= {key: kept[key] for key in KEPT_RECORDS if key in kept}  # the card describes what the folder ships
    (serving / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
    if (artefact / RANGES_FILE).exists():
        reuse_activation_ranges(serving, artefact)
    for name in (TFIDF_FILE, NEIGHBOURS_FILE, PROBE_FILE):
        (serving / name).unlink(missing_ok=True)
        if (artefact / name).exists():
            shutil.copy(artefact / name, serving / name)
    return serving


def edit_candidate(start: Path, teacher_dir: Path, work: Path, seed: int, is_focus: Callable[[Example], bool], *,
                   replay_per_focus: float = 2.0, epochs: int = 1, adversarial_epsilon: float = 1.0,
                   lr: float = 3e-5, fp32_served_only: bool = False, token_rows: tuple[str, ...] = ()) -> Path:
    """A targeted fix instead of a whole epoch: train the saved model `start` on the serving grid on the training
    texts `is_focus` picks (with their labels) and a random replay of the others, each replay text taught only by the
    served artefact `teacher_dir` (distillation weight 1), so that what the model reads outside the focus stays as it
    was. A whole continuation epoch flips 25-35 dev reviews each way; a fix should flip only what it is about.
    Packaged with `teacher_dir`'s serving fit. With `fp32_served_only` only what the export keeps in fp32 trains
    (embeddings, LayerNorms, biases), without weight decay, so the embedding rows of tokens the edit never reads stay
    exactly as served. With `token_rows` only those tokens' embedding rows train, and the replay is drawn from the
    other texts that hold one of them (no other text can change, so replaying it would teach nothing). Returns the
    serving folder."""
    import random

    from training import finetune
    from training.datasets import training_sets
    from training.distill import teacher_sentiment_logits

    train_set, dev_set = training_sets()
    focus = [e for e in train_set if is_focus(e)]
    others = [e for e in train_set if not is_focus(e) and (not token_rows or any(t in e.text for t in token_rows))]
    replay = random.Random(seed).sample(others, min(len(others), round(replay_per_focus * len(focus))))
    teacher = teacher_sentiment_logits(teacher_dir, [e.text for e in replay])
    subset = focus + replay
    random.Random(seed + 1).shuffle(subset)
    print(f"edit: {len(focus)} focus texts, {len(replay)} replayed")
    work.mkdir(parents=True, exist_ok=True)
    (work / EDIT_FILE).write_text(json.dumps({"focus_texts": len(focus), "replayed_texts": len(replay),
                                              "replay_taught_by": str(teacher_dir), "distill_weight": 1.0,
                                              "fp32_served_only": fp32_served_only,
                                              "token_rows": list(token_rows)}, indent=2, ensure_ascii=False))
    config = finetune.TrainConfig(base_model=str(start / "encoder"), output_dir=work / "run", epochs=epochs, lr=lr,
                                  max_length=192, adversarial_epsilon=adversarial_epsilon, seed=seed,
                                  on_grid=True, distill_weight=1.0, fp32_served_only=fp32_served_only,
                                  trained_token_rows=token_rows,
                                  weight_decay=0.0 if fp32_served_only or token_rows else finetune.TrainConfig.weight_decay)
    print(finetune.train(config, subset, dev_set, teacher=teacher, start=start))
    # No quantisation-aware pass: the weights were trained on the grid and saved on it, and the pass only moves them
    # (the start model repackaged with it flipped 10 served dev reviews, without it none).
    return keep_serving_fit(package_candidate(work / "run" / "best", work / "candidate", grid_steps=0), teacher_dir)


def artefact_at_commit(commit: str, folder: Path) -> Path:
    """The bundled serving folder as committed at `commit` (from git), written under `folder`."""
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True).stdout
    inside = DEFAULT_TRANSFORMER_DIR.resolve().relative_to(Path(top.strip()).resolve())
    for name in SERVING_FILES:
        shown = subprocess.run(["git", "show", f"{commit}:{inside.as_posix()}/{name}"], capture_output=True)
        if shown.returncode == 0:  # tfidf.npz shipped only while the blend weight was above 0
            (folder / name).write_bytes(shown.stdout)
    return folder


def compare_served(folders: Sequence[Path], probe: Callable[[Path], object] | None = None) -> None:
    """Print each served folder's dev review accuracy (and its probe results), side by side in one process."""
    from models.transformer import TransformerClassifier
    from training.data import load_split
    from training.evaluate import evaluate_reviews

    dev_reviews = load_split("dev")
    for folder in folders:
        classifier = TransformerClassifier(folder)
        classifier.leave_out_remembered = True  # a memory that holds the dev reviews must not read them back
        accuracy = evaluate_reviews(classifier, dev_reviews)["accuracy"]
        print(folder, "served dev reviews", accuracy, *(("probes", probe(folder)) if probe else ()))
