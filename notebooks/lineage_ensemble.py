# %% [markdown]
# # Would the bundled artefact and its predecessors, averaged, read more dev reviews right?
#
# Before spending the 60 MB artefact budget (the int8 encoder is 57.2 MB, most of it the fp32 word embeddings) on a
# second encoder, this checks the gain such an ensemble could bring, on dev reviews only. Each earlier artefact is
# taken from git as it shipped, served as it was (its own TF-IDF expert where it had one), and every combination of
# members is scored by the mean of their served log-odds, log P(positive) - log P(negative).
#
# Result on 2026-11-27 (dev reviews, 1,736 texts; served, binary):
#
# | artefact (commit) | dev alone |
# |---|---|
# | bundled (ab14dea) | 89.98 % (1,562) |
# | GPU-continued (43e4cf0) | 89.86 % |
# | social-register (f81492a) | 89.57 % |
# | GPU student (fef6305) | 89.57 % |
# | self-distilled (822d10a) | 89.29 % |
#
# Best pair: bundled + GPU-continued, 89.98 % (a tie); best triple: bundled + GPU-continued + self-distilled, 90.03 %
# (one text); all five 89.69 %. Of the bundled artefact's 174 dev errors, 89 are confident (|log-odds| > 2). The
# members share those errors: a reading of 45 dev errors (README) found about a third to be lines whose review-level
# label the line itself contradicts and another third ambiguous fragments. An ensemble buys nothing here at twice the
# serving cost, so the embeddings were not shrunk to make room for one.
#
# Run: `.venv/bin/python notebooks/lineage_ensemble.py` (about 1 min).

# %%
import itertools
import tempfile
from pathlib import Path

import numpy as np

from models.registry import DEFAULT_TRANSFORMER_DIR
from models.transformer import TransformerClassifier
from training.candidates import artefact_at_commit
from training.data import load_split

MEMBERS = {"bundled": None, "43e4cf0": "43e4cf0", "f81492a": "f81492a", "fef6305": "fef6305", "822d10a": "822d10a"}


# %%
dev = load_split("dev")
truth = np.array([e.sentiment == "positive" for e in dev])
log_odds: dict[str, np.ndarray] = {}
with tempfile.TemporaryDirectory() as tmp:
    for name, commit in MEMBERS.items():
        folder = DEFAULT_TRANSFORMER_DIR if commit is None else artefact_at_commit(commit, Path(tmp) / name)
        results = TransformerClassifier(folder).analyze([e.text for e in dev])
        log_odds[name] = np.array([np.log(r.probabilities["positive"] + 1e-9) - np.log(r.probabilities["negative"] + 1e-9)
                                   for r in results])
        print(name, f"{((log_odds[name] >= 0) == truth).mean():.2%}")

# %%
for size in range(2, len(MEMBERS) + 1):
    for members in itertools.combinations(MEMBERS, size):
        right = int(((np.mean([log_odds[m] for m in members], axis=0) >= 0) == truth).sum())
        print(" + ".join(members), f"{right / len(dev):.2%} ({right})")
errors = (log_odds["bundled"] >= 0) != truth
print("bundled errors", int(errors.sum()), "confident", int((errors & (np.abs(log_odds["bundled"]) > 2)).sum()))
