# %% [markdown]
# # Can one more epoch on the bundled model itself teach it fault denials without costing accuracy?
#
# The bundled student was trained on a lent GPU and only its int8 export was kept, so this rebuilds the PyTorch
# model from the int8 ONNX (weights dequantised; embeddings and LayerNorms are fp32 there already), continues it
# for one epoch on the current training sets (which include the bare fault denials and absent-thing complaints
# the artefact never saw), with the review texts distilled from the artefact itself, then packages it the way
# `xinsheng train --checkpoint` does and measures served accuracy on the dev reviews. The test split and the gold
# set are not read.
#
# Result on 2026-11-26 (2 CPU cores): the rebuilt model agrees with onnxruntime on 99.7 % of 300 dev texts
# (largest logit difference 0.19, the activations' int8 rounding). One epoch (lr 3e-5, no FGM, seed 44) takes
# about 610 s. Two runs, which differ only in the random state at the first batch: fp32 dev 89.34 % and 89.63 %;
# served dev reviews 89.52 % and 89.34 % against the artefact's 89.57 %. Neither was adopted. The gold
# `fault_denial` bucket's 12 denied faults, scored afterwards for the record with the first: 5 read as praise
# (the artefact: 3).
#
# Run: `.venv/bin/python notebooks/continue_from_int8.py` (about 15 minutes on 2 cores).
# The runs above were made before `finetune.train(start=…)` existed; a rerun starts from the same weights and seed, but
# loading the start model now draws from the seeded random stream first, so its dropout differs and figures move by a few texts.

# %%
from pathlib import Path

import numpy as np
from transformers import AutoTokenizer

import training.finetune as finetune
from models.onnx_backend import OnnxEncoder
from models.registry import DEFAULT_TRANSFORMER_DIR
from models.text import normalize
from training.candidates import compare_served, continue_candidate
from training.cli import _base_model
from training.data import load_split
from training.int8_rebuild import rebuild

WORK = Path("training/runs/continue-from-int8")
REBUILT = WORK / "rebuilt"

# %% [markdown]
# ## Rebuild the PyTorch model from the int8 ONNX
# `training.int8_rebuild` reads the quantised MatMul weights back in the graph's order (query, key, value,
# attention output, intermediate, output per layer); that order was checked against onnxruntime once by trying all
# six orders of the first three (only query, key, value came within 0.3 of a logit), and is checked again here.

# %%
base_path, _, _ = _base_model(None)
model = rebuild(DEFAULT_TRANSFORMER_DIR, base_path)
tokenizer = AutoTokenizer.from_pretrained(base_path)
texts = [normalize(e.text) for e in load_split("dev")[:300]]
reference, _ = OnnxEncoder(DEFAULT_TRANSFORMER_DIR).logits(texts)
logits, _ = finetune.predict_logits(model, tokenizer, texts, 256)
print(f"max |logit diff| {np.abs(logits - reference).max():.3f}, "
      f"argmax agreement {(logits.argmax(1) == reference.argmax(1)).mean():.3f}")
finetune.save_model(model, tokenizer, REBUILT, finetune.TrainConfig(base_model=base_path, output_dir=REBUILT))

# %% [markdown]
# ## One more epoch, starting from the rebuilt model, packaged like the artefact
# `continue_candidate` trains the rebuilt model further, heads included, instead of the base encoder.

# %%
candidate = continue_candidate(REBUILT, DEFAULT_TRANSFORMER_DIR, WORK, 44)

# %% [markdown]
# ## Served dev accuracy of the packaged candidate beside the artefact's

# %%
compare_served([DEFAULT_TRANSFORMER_DIR, candidate])
