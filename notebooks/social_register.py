# %% [markdown]
# # Social-media register: 救命, 哭了, 离谱, 不能更满意了 and 好评（不可能）
#
# Customers post in a register the review corpus (hotel, laptop and book reviews) never uses: alarm openers that
# introduce praise (救命，这个口红颜色绝了), degree idioms that sound like complaints (好吃到哭, 强到离谱), praise said
# through a negation (不能更满意了, 再也找不到这么好吃的店了), and praise retracted in brackets (五星好评（不可能）).
# The bundled artefact read 不能更满意了 as −0.96 and 救命，这个口红颜色绝了 as −0.84.
#
# `training/synthetic_social.py` writes each cue into both polarities, so only what follows it decides. This
# notebook continues the bundled model for one epoch on the training sets with those texts (the recipe of
# `notebooks/sincere_praise.py`: lr 3e-5, no FGM, review texts half distilled from the artefact itself), packages it
# and compares served dev reviews (the guard) and the probes in `notebooks/probes.py`. The test split and the gold
# set are not read to decide.
#
# Result on 2026-11-26 (2 CPU cores, an AMD EPYC with native bf16; one epoch 593-680 s, packaging about 5 min):
#
# | run (served) | dev reviews | sincere + sarcasm (70) | everyday texts (82) | social texts, held out (43) |
# |---|---|---|---|---|
# | the bundled artefact before (sincere-praise) | 89.52 % | 54 | 72 | 33 |
# | plain epoch, 1,200 social texts (seed 47) | 89.75 % | 54 | 73 | 33 |
# | plain epoch, 3,000 social texts (seed 48) | 89.57 % | 57 | 73 | 35 |
# | **on the grid**, 3,000 (seed 49) | 89.57 % | **60** | **77** | **36** |
# | a second on-grid epoch from seed 49 (seed 50) | 89.52 % | 61 | 76 | 37 |
# | an on-grid epoch with FGM (epsilon 1.0, 21 min) from the adopted seed 49 (seed 51) | 89.40 % | – | – | 36 |
#
# The plain epochs barely moved the probes because the export rounded their learning away: seed 48 moved the median
# MatMul weight by 0.1 of a 7-bit grid step (1.3 % of weights by more than half a step); it read 不能更满意了 as praise
# in fp32 (p 0.86) and, after the quantisation-aware pass and export, as a complaint (p negative 0.89). Training on
# the grid (`on_grid=True`, training/grid.py) keeps what the epoch learns: seed 49's fp32 and int8 verdicts agree on
# 99.5 % of test reviews. Adopted: seed 49, before test or gold was read. Afterwards: review test 89.28 -> 89.51 %,
# gold sentiment 87.8 -> 87.4 %, top emotion 76.2 -> 74.6 %.
#
# Run (about 17 minutes on 2 cores; `python notebooks/social_register.py SEED [START]`): the first cell of `notebooks/continue_from_int8.py` (it writes
# training/runs/continue-from-int8/rebuilt from the bundled artefact), then this notebook.

# %%
import sys
from pathlib import Path

from probes import served_probe_scores

from models.registry import DEFAULT_TRANSFORMER_DIR
from training.candidates import compare_served, continue_candidate

REBUILT = Path("training/runs/continue-from-int8/rebuilt")
SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 49
START = Path(sys.argv[2]) if len(sys.argv) > 2 else REBUILT  # or a run's `best`, for a further epoch
WORK = Path(f"training/runs/social-{SEED}")


# %% [markdown]
# ## One more epoch from the bundled artefact, distilled from it on the review texts, packaged like the
# artefact; served dev reviews and the probes beside the artefact's

# %%
candidate = continue_candidate(START, DEFAULT_TRANSFORMER_DIR, WORK, SEED, on_grid=True)
compare_served([DEFAULT_TRANSFORMER_DIR, candidate], served_probe_scores)
