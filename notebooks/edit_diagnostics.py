# %% [markdown]
# # Where do the 你们 edits lose their dev reviews?
#
# Diagnostics, not candidates (2026-11-28, twelfth session): each packaged candidate against the bundled artefact on
# the dev reviews, served and each read without its own memory vote, as `training.candidates.compare_served` reads
# them. Nothing here is adopted or tuned; the rules are in `gpu_continuations.py`.
#
# - **Flips.** Edit 113 (fp32-only, lr 1e-4): 11 gained, 25 lost (18 of the losses negative reviews now read positive;
#   the gains 7 positive, 4 negative). Edit 115 (fp32-only, lr 3e-5): 6 gained, 18 lost (17 negative; gains 5 positive,
#   1 negative). 15 of 115's 18 losses are among 113's 25: the same borderline reviews (fragments such as
#   新乡国家饭店入住纪实：, 2，本子合上后上下部对齐；, 20号下午自己去取的，要不就21号, and mixed hotel reviews) fall first under any change.
# - **A decision offset** on the served positive-negative log-odds, chosen on four fifths of dev and scored on the
#   fifth (5 folds, 30 shufflings), does not give them back: the artefact 1,569 at 0, 1,569.9 in-fold (1,565-1,572);
#   edit 113 1,555 at 0, 1,553.8 in-fold (best offset on all dev -0.45: 1,560); edit 115 1,557 at 0, 1,558.2 in-fold
#   (-0.25: 1,563). The edits teach more than a shift of the boundary towards positive: a bias term would not fix
#   them, and a prior refit on dev would not either.
#
# Run: `.venv/bin/python notebooks/edit_diagnostics.py FOLDER...` (about 1 min a folder on 2 cores).

# %%
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from models.registry import DEFAULT_TRANSFORMER_DIR
from models.transformer import TransformerClassifier
from training.data import Example, load_split

OFFSETS = np.round(np.arange(-2.0, 2.0001, 0.05), 2)


def served_log_odds(folder: Path, dev: list[Example]) -> np.ndarray:
    """log(p positive / p negative) per dev review as served, each read without its own memory vote."""
    classifier = TransformerClassifier(folder)
    classifier.leave_out_remembered = True
    readings = classifier.analyze([e.text for e in dev])
    p = np.array([[r.probabilities["positive"], r.probabilities["negative"]] for r in readings]).clip(1e-6)
    return np.log(p[:, 0] / p[:, 1])


def right(log_odds: np.ndarray, truth: np.ndarray, offset: float, rows: np.ndarray) -> int:
    return int(((log_odds[rows] + offset >= 0) == truth[rows]).sum())


def best_offset(log_odds: np.ndarray, truth: np.ndarray, rows: np.ndarray) -> float:
    """The offset that reads most of `rows` right, the smallest one on a tie."""
    return float(max(OFFSETS, key=lambda d: (right(log_odds, truth, d, rows), -abs(d))))


def in_fold_right(log_odds: np.ndarray, truth: np.ndarray, shufflings: int = 30, folds: int = 5) -> list[int]:
    """Dev reviews read right with the offset chosen on the other folds, one total per shuffling."""
    totals = []
    for seed in range(shufflings):
        parts = np.array_split(np.array(random.Random(seed).sample(range(len(truth)), len(truth))), folds)
        totals.append(sum(right(log_odds, truth, best_offset(log_odds, truth, np.concatenate(parts[:k] + parts[k + 1:])),
                                parts[k]) for k in range(folds)))
    return totals


def flips(base: np.ndarray, candidate: np.ndarray, truth: np.ndarray) -> dict[str, Counter]:
    """Reviews the candidate reads differently, by whether it gained or lost them and by their label."""
    moved = (base >= 0) != (candidate >= 0)
    label = np.where(truth, "positive", "negative")
    return {"gained": Counter(map(str, label[moved & ((candidate >= 0) == truth)])),
            "lost": Counter(map(str, label[moved & ((base >= 0) == truth)]))}


if __name__ == "__main__":
    dev = load_split("dev")
    truth = np.array([e.sentiment == "positive" for e in dev])
    every = np.arange(len(dev))
    artefact = served_log_odds(DEFAULT_TRANSFORMER_DIR, dev)
    for folder in [DEFAULT_TRANSFORMER_DIR, *map(Path, sys.argv[1:])]:
        log_odds = artefact if folder == DEFAULT_TRANSFORMER_DIR else served_log_odds(folder, dev)
        totals = in_fold_right(log_odds, truth)
        print(folder, "right at 0:", right(log_odds, truth, 0.0, every), "in-fold with an offset: mean",
              round(float(np.mean(totals)), 1), f"({min(totals)}-{max(totals)})", "flips:", flips(artefact, log_odds, truth))
