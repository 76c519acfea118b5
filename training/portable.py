"""Carry a training run's inputs and results between machines in a few files.

A lent GPU machine receives the repository and little else (tens of MB), and gives back a handful of files of at
most 16 MiB. So the training sets travel as compressed JSON lines with the teacher's logits beside each text, and
a trained model comes back as its state dict with every Linear weight stored as int8 codes and one scale per output
row: for a model trained on the serving grid (`training.grid`) that is exact, and a quarter of the fp32 size.
"""

from __future__ import annotations

import json
import lzma
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from training import grid
from training.data import Example

CODES, SCALE = ".grid_codes", ".grid_scale"


def write_examples(path: Path, train_set: Sequence[Example], dev_set: Sequence[Example],
                   teacher: Mapping[str, np.ndarray] | None = None) -> None:
    """Both splits, and the teacher's logits for the texts it has them for, as xz-compressed JSON lines."""
    with lzma.open(path, "wt", encoding="utf-8") as out:
        for split, examples in (("train", train_set), ("dev", dev_set)):
            for e in examples:
                row = json.loads(e.to_json()) | {"split": split}
                if teacher is not None and e.text in teacher:
                    row["teacher"] = [float(x) for x in teacher[e.text]]
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_examples(path: Path) -> tuple[list[Example], list[Example], dict[str, np.ndarray]]:
    """What `write_examples` wrote: (train set, dev set, teacher logits per text)."""
    splits: dict[str, list[Example]] = {"train": [], "dev": []}
    teacher: dict[str, np.ndarray] = {}
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            splits[row["split"]].append(Example(row["text"], row["sentiment"], row["emotions"], row["source"]))
            if "teacher" in row:
                teacher[row["text"]] = np.asarray(row["teacher"], dtype=np.float32)
    return splits["train"], splits["dev"], teacher


def compact_state(model: nn.Module) -> dict[str, torch.Tensor]:
    """`model`'s state dict (on the CPU) with each Linear weight as int8 grid codes and per-row scales.

    Raises if a Linear weight is not on the grid: the codes would silently change it."""
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    for name, module in model.named_modules():
        if not isinstance(module, nn.Linear):
            continue
        key = f"{name}.weight" if name else "weight"
        weight = state.pop(key).float()
        codes, scale = grid.grid_codes(weight)
        if not torch.equal(codes * scale, weight):
            raise ValueError(f"{key} is not on the serving grid")
        state[key + CODES], state[key + SCALE] = codes.to(torch.int8), scale
    return state


def expand_state(state: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The plain state dict back from `compact_state`, bit for bit."""
    plain = {k: v for k, v in state.items() if not k.endswith((CODES, SCALE))}
    for key in (k.removesuffix(CODES) for k in state if k.endswith(CODES)):
        plain[key] = state[key + CODES].float() * state[key + SCALE]
    return plain
