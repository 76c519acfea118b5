# %% [markdown]
# # Sincere praise in sarcasm's words: 真是 / 太…了 / 厉害 / 绝了 are not sarcasm by themselves
#
# The sarcasm generator (`training/synthetic_hard.py`) put 真是, 太…了, 厉害, 绝了, 点个赞, 不愧是 and 谢谢 only in
# complaints (真是“贴心”的服务，客服半天不回), and the review corpus has too few sincere counterparts to balance them.
# The artefact trained on it (the GPU student of session 15) read everyday praise as complaints: 物流真是快，昨天下单今天
# 就到 -0.82, 客服态度太好了 -0.77, 质量真是好，穿了一年都没变形 -0.93; and the order-status line 确认收货 as an anxious
# complaint (-0.77). For a shop these are the worst errors there are: praise opens a triage item and a recovery action.
#
# The fix is in the data: `_sincere` writes the same cues into praise that the rest of the text agrees with (three
# shares of the hard texts, 1,200 of 4,800, because at one share a continuation still missed 9 of the first set's 20), and the neutral
# statements gain order-status lines (确认收货, 货已收到). The cue alone then decides nothing; only the quotes or a
# contradicting clause make praise words sarcastic.
#
# Measured on two hand-written probe sets (below; never trained on: the first was written before the generator, the
# second after the seed 44 and 45 runs had finished, and read once for them and once for seed 46), and on the dev reviews. The test split and
# the gold set were not read to decide.
#
# | model (served) | dev reviews | sincere praise (45) | order status (10) | sarcasm (15) |
# |---|---|---|---|---|
# | previous artefact | 89.57 % | 24 | 7 | 15 |
# | + 1 epoch, sincere at one share (seed 44) | 89.57 % | 26 | 7 | 14 |
# | + 1 epoch, sincere at three shares (seed 45) | 89.52 % | **32** | **9** | 14 |
# | + 2 epochs, three shares (seed 46) | 89.57 % | 31 | 8 | 14 |
#
# Adopted: seed 45, on the probes first with dev as a guard (within one text), before the test split or the gold
# set was read. Each run: one epoch 405-420 s on 2 cores (bf16 autocast), packaging with the quantisation-aware pass
# about 4 min. Its refitted TF-IDF blend weight is 0 (seed 46's 0.5), so the bundled artefact no longer ships the
# expert. Still missed: 13 of 45 sincere texts, most with a second clause the model reads as a fault denial or
# hardship (味道一直没变, 好吃到哭, 问了好多遍都不烦), and 厉害 used as praise of speed.
#
# Run (about 15 minutes a run on 2 cores): first `git archive 364df85 models/artifacts/xinsheng-m3e-small-int8 | tar -x -C
# training/runs/previous` and the first cell of `notebooks/continue_from_int8.py` with that folder in place of
# DEFAULT_TRANSFORMER_DIR, which writes training/runs/continue-from-int8/rebuilt; then this notebook.

# %%
from pathlib import Path

from probes import SINCERE_FIRST, SINCERE_SECOND

from models.transformer import TransformerClassifier
from training.candidates import compare_served, continue_candidate

PREVIOUS = Path("training/runs/previous/models/artifacts/xinsheng-m3e-small-int8")
REBUILT = Path("training/runs/continue-from-int8/rebuilt")
SEED, EPOCHS = 45, 1
WORK = Path(f"training/runs/sincere-{SEED}")

# %% [markdown]
# ## The probes

# %%
def probe(folder: Path) -> dict[str, int]:
    """Right answers per expected label, over both probe sets."""
    classifier = TransformerClassifier(folder)
    right = {}
    for label in ("positive", "neutral", "negative"):
        texts = SINCERE_FIRST[label] + SINCERE_SECOND[label]
        right[label] = sum(a.sentiment == label for a in classifier.analyze(texts))
    return right


# %% [markdown]
# ## One more epoch from the previous artefact, distilled from it on the review texts, packaged like the
# artefact; served dev reviews and the probes beside the artefact's

# %%
candidate = continue_candidate(REBUILT, PREVIOUS, WORK, SEED, epochs=EPOCHS)
compare_served([PREVIOUS, candidate], probe)
