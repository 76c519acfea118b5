# %% [markdown]
# # The `make model` rebuild on 2 CPU cores, over several sessions
#
# Every closing note since 2026-11-26 names one route to the 90 % review target that no session could take: the
# bundled recipe rebuilt from m3e-small with every generator added since (five ensemble members, then a student of
# their mean logits), so that the customer-text fixes are taught from the first epoch instead of edited in. On these
# 2 cores it takes about 7 h (a member 63 min under bf16 on an AMD EPYC, the student about 100), longer than a session, and a
# session keeps only what is committed: the rebuild started on 2026-11-27 lost its checkpoints with its machine.
# A lent GPU would take minutes, but none has been drawn since, and the device call's 64 MiB working tree now holds
# the 57 MB artefact, which leaves no room for the 96 MB base model (48 MB in fp16) that a rebuild there needs.
#
# So the rebuild is split where a member's work can be kept small: a member teaches only through its logits, so
# `make model-members ENSEMBLE_SEEDS=N` trains member N and keeps its sentiment logits on the training texts and dev
# reviews (`training/ensemble_members/member-seedN.npz`, float16, about 170 kB) with the sha256 of the texts and
# labels they were taught on. Committed, they carry over to the next session; `make model` reads the kept members and
# trains only the missing ones. **The training data must not change until the rebuild is done**: a generator edited in
# between changes the fingerprint, and the kept members are trained again.
#
# Steps:
# 1. One session after another: `make model-members ENSEMBLE_SEEDS=N` for N = 1 … 5, committing
#    `training/ensemble_members/` after each.
# 2. With all five kept (about 110 min here, no member trained again):
#    `.venv/bin/python notebooks/cpu_rebuild.py student` trains the student (seed 44, 5 epochs, `make model`'s recipe),
#    packages it under `training/runs/rebuild/transformer` with `make model`'s own fits, without reading the test split
#    or the gold set, and compares it with the bundled artefact on served dev reviews and every probe set.
# 3. Only if the rule below passes: `.venv/bin/python notebooks/cpu_rebuild.py adopt` copies it over the bundled
#    artefact and evaluates it (test and gold read once).
#
# ## The rule, written on 2026-11-28 (thirteenth session) before any member was trained
# The rebuilt student is adopted if, served (`training.candidates.compare_served`, dev reviews each read without its
# own memory vote), it reads **≥ 1,569 of 1,736 dev reviews** (the artefact's count; its served figure holds about
# five texts of selection luck, so a tie counts for the rebuild, which carries every generator from the start), **or
# ≥ 1,566 with the nine probe sets summing to ≥ 815** (the artefact 810: the rebuild's point for customers), and in
# either case no probe set more than 2 below the artefact, 你们 ≥ 42 of 46 and threats ≥ 15 of 16. The artefact's
# figures for this rule: sincere 61, social design 75, social held out 38, idioms 14, pros / cons 25, hedges 14,
# customer texts 454, requests 16, customer texts held out 113 (sum 810); 你们 44, threats 16.
#
# ## Members so far
# | member | session | dev reviews, fp32, by epoch | seconds |
# |---|---|---|---|
# | 1 | 2026-11-28, thirteenth | 87.21 / 87.85 / **88.94 %** | 3,753 |
# | 2 | 2026-11-28, thirteenth | 87.50 / 88.13 / **88.59 %** | 4,051 (its first epoch beside a CI run) |
# | 3 | 2026-12-06, fourteenth | 87.38 / 87.73 / **88.59 %** | 2,440 (an Intel Xeon: epochs about 13 min, not 20) |
# | 4 | 2026-12-06, fourteenth | 86.92 / 88.25 / **88.54 %** | 2,515 |
# | 5 | 2026-12-06, fourteenth | 87.33 / 88.48 / **89.00 %** | 2,924 |
#
# ## The student (2026-12-06, fifteenth session): not adopted
# Seed 44, 5 epochs, distilled from the five members' mean logits (88.88 % on dev reviews), 4,544 s on the Xeon. Dev
# reviews in fp32 by epoch: 87.62 / 87.62 / 88.77 / 88.65 / **88.94 %** (best epoch 5); the quantisation-aware pass
# 92 s. Packaged with `make model`'s own fits (temperature 1.0, nearest-review weight 7.0, no TF-IDF expert).
# Served against the bundled artefact in one process (test split and gold not read):
#
# | | served dev reviews | sincere | social design | social held out | idioms | pros / cons | hedges | customer texts | requests | customer held out | sum of nine | 你们 | threats |
# |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
# | bundled artefact | **1,569** (90.38 %) | 61 | 75 | 38 | 14 | 25 | 14 | 454 | 16 | 113 | 810 | 44 | 16 |
# | rebuilt student | **1,562** (89.98 %) | 61 | 76 | 39 | 17 | 24 | 20 | 452 | 19 | 114 | **822** | 45 | 16 |
#
# The rule fails on its first part: 1,562 is below 1,569, and below the 1,566 that the probe route needs, although
# the probes gain 12 (hedges +6, idioms +3, requests +3) and no set drops by more than 2. So it is not adopted. The
# rebuild does what it was for on customers' writing and loses seven dev reviews: the generators' texts taught from
# the first epoch cost some of the review register that the artefact's six further epochs on reviews bought.
#
# ## A soup of the two (rule written 2026-12-06 before any soup was scored)
# Both models are fine-tunings of the same m3e-small, so their weights may interpolate (WiSE-FT, model soups) into
# one model with the artefact's dev reviews and the rebuild's probes, at one model's serving cost. Step `soup`:
# W = (1 - a) * artefact + a * student for a in 0.3, 0.5, 0.7 (the artefact's weights rebuilt from its int8 export,
# the student's from its quantisation-aware pass, every Linear weight snapped back to the serving grid); each scored
# in fp32 on dev reviews at 256 tokens, the best packaged with `make model`'s own fits and compared served with the
# artefact (test and gold not read). **Adopted only if** served dev reviews >= 1,571 (two over the artefact, for
# choosing among three on dev) or >= 1,567 with the nine probe sets >= 818, and in either case no probe set more than
# 2 below the artefact, 你们 >= 42 of 46 and threats >= 15 of 16.
#
# Result: fp32 dev reviews at 256 tokens, a = 0 (the artefact) / 0.3 / 0.5 / 0.7 / 1 (the student): 89.80 / 89.63 /
# 89.23 / 89.11 / 88.94 %, falling straight from one end to the other, so the mix brings no gain of its own. The best
# mix, a = 0.3, served 1,554 dev reviews (89.52 %) against 1,569; probes 61 / 74 / 38 / 16 / 24 / 18 / 450 / 18 / 113
# (812), 你们 43, threats 16. **Not adopted.**

# %%
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.registry import DEFAULT_TRANSFORMER_DIR  # noqa: E402

WORK = Path("training/runs/rebuild")
MEMBER_SEEDS = (1, 2, 3, 4, 5)
STUDENT_SEED, STUDENT_EPOCHS = 44, 5


def kept_members() -> None:
    """Print the members kept so far, with what each was trained on, and their mean's accuracy on the dev reviews
    (what the student is distilled from)."""
    import numpy as np

    from training.data import DATA_DIR
    from training.datasets import training_sets
    from training.ensemble import (
        MEMBER_LOGITS_DIR,
        kept_member_record,
        load_member_logits,
        mean_logits,
        taught_texts,
    )
    from training.finetune import binary_dev_scores

    train_set, dev_set = training_sets(DATA_DIR, seed=42)
    texts = taught_texts(train_set, dev_set)
    per_member = []
    for path in sorted(MEMBER_LOGITS_DIR.glob("member-seed*.npz")):
        record = kept_member_record(path)
        print(path.name, {k: record[k] for k in ("seed", "epochs", "dev_accuracy", "train_seconds", "texts")})
        found = load_member_logits(MEMBER_LOGITS_DIR, record["seed"], texts)
        if found is None:
            print(f"  {path.name} fits other training texts: make model trains it again")
            continue
        per_member.append(found[0])
    if per_member:
        dev_reviews = texts[len(train_set) :]
        mean = mean_logits(per_member, [e.text for e in dev_reviews])
        accuracy, _ = binary_dev_scores(np.stack([mean[e.text] for e in dev_reviews]), [e.sentiment for e in dev_reviews])
        print(f"mean of {len(per_member)} members on {len(dev_reviews)} dev reviews: {accuracy:.2%}")


def student() -> None:
    """Step 2: the student of the kept members, packaged under WORK, compared with the bundled artefact."""
    from training import cli
    from training.candidates import compare_served

    sys.path.insert(0, str(Path(__file__).parent))
    from probes import served_probe_scores

    cli.train(ensemble_seeds=list(MEMBER_SEEDS), student_seeds=[STUDENT_SEED], student_epochs=STUDENT_EPOCHS,
              output_dir=WORK, evaluate_after=False)
    compare_served([DEFAULT_TRANSFORMER_DIR, WORK / "transformer"], served_probe_scores)


SOUP_WORK = Path("training/runs/rebuild-soup")
SOUP_MIXES = (0.3, 0.5, 0.7)


def soup() -> None:
    """The interpolations of the bundled artefact and the rebuilt student, the best on fp32 dev packaged and compared
    served with the artefact."""
    from transformers import AutoTokenizer

    from training import finetune
    from training.candidates import package_candidate
    from training.cli import _base_model
    from training.data import load_split
    from training.ensemble import student_dir
    from training.int8_rebuild import rebuild

    sys.path.insert(0, str(Path(__file__).parent))
    from gpu_continuations import RECIPE, _compare_with_artefact, dev_accuracy
    from gpu_continuations import soup as load_soup

    base, _, _ = _base_model(None)
    tokenizer = AutoTokenizer.from_pretrained(base)
    dev_reviews = load_split("dev")
    artefact = rebuild(DEFAULT_TRANSFORMER_DIR, base).state_dict()
    model = finetune.load_model(student_dir(Path("training/runs/ensemble"), STUDENT_SEED) / "best-int8-grid")[0]
    student = {k: v.clone() for k, v in model.state_dict().items()}
    assert artefact.keys() == student.keys()
    scores: dict[float, float] = {}
    for mix in (0.0, *SOUP_MIXES, 1.0):
        load_soup([artefact, student], model, weights=[1 - mix, mix])
        scores[mix] = dev_accuracy(model, tokenizer, dev_reviews, "cpu")
        print(f"mix {mix}: fp32 dev reviews {scores[mix]:.2%}", flush=True)
        if mix in SOUP_MIXES and scores[mix] >= max(scores[m] for m in SOUP_MIXES if m in scores):
            best = SOUP_WORK / "best"
            finetune.save_model(model, tokenizer, best,
                                finetune.TrainConfig(base_model=base, output_dir=best, **RECIPE))
            (best / "soup.json").write_text(json.dumps({"mix": mix}))
    _compare_with_artefact(package_candidate(SOUP_WORK / "best", SOUP_WORK / "candidate"))


def adopt() -> None:
    """Step 3, only if the rule passed: the rebuilt student replaces the bundled artefact, then the evaluation (test
    and gold, read for the first time) rewrites the card."""
    from training import cli
    from training.ensemble import student_dir

    for stale in DEFAULT_TRANSFORMER_DIR.iterdir():
        stale.unlink()
    for fresh in (WORK / "transformer").iterdir():
        shutil.copy(fresh, DEFAULT_TRANSFORMER_DIR / fresh.name)
    # The parity check reads the on-grid PyTorch weights that the quantisation-aware pass kept beside the student.
    cli.evaluate(trained_dir=student_dir(cli.RUNS_DIR / "ensemble", STUDENT_SEED) / "best-int8-grid")


if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else "members"
    {"members": kept_members, "student": student, "soup": soup, "adopt": adopt}[step]()
