"""Ensemble distillation: fine-tunings that differ only in seed teach one student of the same size.

Each member follows the bundled recipe (FGM, 3 epochs); the mean of their sentiment logits on the training texts is
the student's soft target (`training.finetune.distillation_loss`), as with a single teacher. An average of seeds
doubts fewer labels by chance than one run does. Members are independent, so they train in parallel processes: on a
GPU that is lent this takes minutes; on 2 CPU cores a member over the 32,062 training texts took 63 minutes under
native bf16 (about twice that in fp32).

A member's teaching is only its logits, so they are kept (`MEMBER_LOGITS_DIR`, float16, about 170 kB a member)
once it is trained: a rebuild on CPU, which takes longer than one working session, resumes from the members already
stored, on any machine, as long as the training data is unchanged (each file names the training set it was taught on).
"""

from __future__ import annotations

import hashlib
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

MEMBER_LOGITS_DIR = Path(__file__).resolve().parent / "ensemble_members"


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


def texts_fingerprint(texts: Sequence[Example]) -> str:
    """sha256 of the examples' texts, labels and sources in order: kept logits fit only these examples."""
    digest = hashlib.sha256()
    for e in texts:
        digest.update(f"{e.source}\t{e.sentiment}\t{e.text}\n".encode())
    return digest.hexdigest()


def member_logits_file(store: Path, seed: int) -> Path:
    return store / f"member-seed{seed}.npz"


def taught_texts(train_set: Sequence[Example], dev_set: Sequence[Example]) -> list[Example]:
    """What a member's logits are kept for: the training texts (they teach) and the dev reviews (they score the
    ensemble), in that order."""
    return [*train_set, *(e for e in dev_set if e.source == "reviews")]


def save_member_logits(store: Path, config: TrainConfig, texts: Sequence[Example], dev_accuracy: float,
                       logits: Mapping[str, np.ndarray], seconds: float | None = None) -> Path:
    """Keep a trained member's sentiment logits on `texts` (`taught_texts`, in order, float16) with what it was
    trained on, so that its students need neither its weights nor its training again."""
    store.mkdir(parents=True, exist_ok=True)
    record = {"seed": config.seed, "epochs": config.epochs, "lr": config.lr, "max_length": config.max_length,
              "adversarial_epsilon": config.adversarial_epsilon, "precision": config.precision,
              "dev_accuracy": dev_accuracy, "texts": len(texts),
              "texts_sha256": texts_fingerprint(texts), "train_seconds": seconds}
    path = member_logits_file(store, config.seed)
    rows = np.stack([logits[e.text] for e in texts]).astype(np.float16)
    np.savez_compressed(path, logits=rows, record=np.array(json.dumps(record)))
    return path


def kept_member_record(path: Path) -> dict[str, Any]:
    """What a kept member's file says of it: seed, recipe, dev accuracy, training time, the texts' fingerprint."""
    with np.load(path) as stored:
        return dict(json.loads(str(stored["record"])))


def load_member_logits(
    store: Path, seed: int, texts: Sequence[Example],
) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    """A stored member's logits per text of `texts` (`taught_texts`) and its record; None where none is stored or it
    was kept for other texts (the data changed since: that member is trained again)."""
    path = member_logits_file(store, seed)
    if not path.exists():
        return None
    record = kept_member_record(path)
    with np.load(path) as stored:
        rows = stored["logits"].astype(np.float32)
    if record["texts_sha256"] != texts_fingerprint(texts) or len(rows) != len(texts):
        return None
    return {e.text: row for e, row in zip(texts, rows, strict=True)}, record


def mean_logits(per_member: Sequence[Mapping[str, np.ndarray]], texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The members' mean sentiment logits per text of `texts`, columns in `SENTIMENTS` order."""
    return {text: np.mean([m[text] for m in per_member], axis=0) for text in texts}


def _read_member(
    config: TrainConfig, texts: Sequence[Example], accuracy: float, store: Path | None,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """A member just trained: its logits on `texts` from its best checkpoint and its record, kept in `store`."""
    best = Path(config.output_dir) / "best"
    logits = checkpoint_sentiment_logits(best, [e.text for e in texts], config.device)
    history = Path(config.output_dir) / "history.json"
    seconds = json.loads(history.read_text())["seconds"] if history.exists() else None
    record = {"seed": config.seed, "epochs": config.epochs, "dev_accuracy": accuracy,
              "heads_sha256": sha256_of(best / "heads.pt"), "train_seconds": seconds}
    if store is not None:
        record["kept_in"] = str(save_member_logits(store, config, texts, accuracy, logits, seconds))
    return logits, record


def trained_members(
    recipe: TrainConfig, train_set: Sequence[Example], dev_set: Sequence[Example], runs_dir: Path,
    member_seeds: Sequence[int], parallel: int = 1, store: Path | None = None,
) -> tuple[list[dict[str, np.ndarray]], list[dict[str, Any]]]:
    """Each member's sentiment logits on `taught_texts` and its record, in seed order: read from `store` where kept
    for this data, else fine-tuned (`parallel` at a time), read from its best checkpoint and kept in `store`."""
    texts = taught_texts(train_set, dev_set)
    members = [replace(recipe, seed=s, output_dir=member_dir(runs_dir, s)) for s in member_seeds]
    found = {c.seed: kept for c in members if store and (kept := load_member_logits(store, c.seed, texts))}
    to_train = [c for c in members if c.seed not in found]
    # `parallel` at a time, each batch kept before the next starts: a session that ends mid-way loses one batch.
    step = max(1, parallel)
    for batch in (to_train[i : i + step] for i in range(0, len(to_train), step)):
        for config, accuracy in zip(batch, fine_tune_all(batch, train_set, dev_set, parallel=parallel), strict=True):
            found[config.seed] = _read_member(config, texts, accuracy, store)
    return [found[s][0] for s in member_seeds], [found[s][1] for s in member_seeds]


def distil_from_ensemble(
    recipe: TrainConfig, train_set: Sequence[Example], dev_set: Sequence[Example], runs_dir: Path,
    member_seeds: Sequence[int], student_seeds: Sequence[int], parallel: int = 1, student_epochs: int | None = None,
    store: Path | None = None,
) -> dict[str, Any]:
    """Train the members (or read those kept in `store`), then students on their mean logits; the student best on dev
    is `chosen`.

    `recipe` gives everything but the seed and output folder (and, with `student_epochs`, the students' epochs).
    Returns (and writes to `ENSEMBLE_FILE`) the record.
    """
    runs_dir.mkdir(parents=True, exist_ok=True)
    per_member, member_records = trained_members(recipe, train_set, dev_set, runs_dir, member_seeds, parallel, store)
    # The training texts' mean logits teach; the dev reviews' score the ensemble.
    texts = taught_texts(train_set, dev_set)
    mean = mean_logits(per_member, [e.text for e in texts])
    dev_reviews = texts[len(train_set) :]
    ensemble_dev, _ = binary_dev_scores(np.stack([mean[e.text] for e in dev_reviews]),
                                        [e.sentiment for e in dev_reviews])
    teacher = {e.text: mean[e.text] for e in train_set}
    provenance = {
        "name": f"an ensemble of {len(member_seeds)} fine-tunings of the same recipe (seeds "
                f"{', '.join(map(str, member_seeds))}), mean of their sentiment logits",
        "ensemble_dev_accuracy": ensemble_dev,
        "members": member_records,
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
