"""Assemble the fine-tuning sets: review splits with weak emotion targets plus the synthetic set."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from training.data import DATA_DIR, Example, load_split
from training.synthetic import generate
from training.weak_labels import weak_emotions


def with_weak_emotions(examples: list[Example]) -> list[Example]:
    return [replace(e, emotions=weak_emotions(e.text, e.sentiment)) for e in examples]


def training_sets(data_dir: Path = DATA_DIR, seed: int = 42, limit: int | None = None) -> tuple[list[Example], list[Example]]:
    """(train, dev). Synthetic texts are split 90/10 so dev also checks the extra classes.

    The review test split is never touched here. `limit` keeps only that many rows of each (tiny runs).
    """
    synthetic = generate()
    rng = random.Random(seed)
    rng.shuffle(synthetic)
    cut = int(len(synthetic) * 0.9)
    train = with_weak_emotions(load_split("train", data_dir)) + synthetic[:cut]
    dev = with_weak_emotions(load_split("dev", data_dir)) + synthetic[cut:]
    rng.shuffle(train)
    if limit is not None:
        train, dev = train[:limit], dev[: max(8, limit // 4)]
    return train, dev
