# %% [markdown]
# # Do the training reviews nearest a text know its verdict better than the model alone?
#
# The 4-layer model generalises over phrasings; a memory of the 13,886 training reviews could remember particular
# ones. Each dev review's k nearest training reviews (cosine over character n-gram TF-IDF rows) vote their label,
# weighted by similarity, and the vote is added to the served positive-negative log-odds. Dev only. Because a weight
# (and a variant) picked and scored on the same 1,736 texts flatters itself, each is also chosen on four fifths of
# dev and scored on the fifth left out (5 folds, 30 shufflings); the gain is summed over the five fifths.
#
# Rule, written before the served probes were read (2026-11-27, eighth session): adopt if served dev reviews reach
# >= 1,564 (the artefact 1,560) and no probe set, nor the customer texts' sentiment, loses more than 2 texts.
#
# Result (the edit-102 artefact with fixed activation ranges): every one of the 24 variants gained when its weight was
# chosen in-fold (+1.3 … +13.7 texts per dev). The one packaged, character 1-3-grams seen in >= 2 reviews, k = 20,
# votes divided by k (so a text near no review gets a weak vote, which matters for chat messages), gained the most,
# 13.7 (12-14), and was picked after all 24 were seen, so the figure for the whole procedure is the one with the
# variant also chosen in-fold: 7.7 (3-14). Packaged (`training/neighbours.py`, weight 5.0 fitted on dev), it
# served 1,574 of 1,736 dev reviews; probes equal except pros / cons 24 → 25 and hedges 15 → 14; customer texts 454
# of 484 either way. Adopted; the test split was then read once: 89.68 → 89.97 % (1,561 of 1,735).
# A second view, the mean layer-3 token states of the same reviews (k = 20), chosen in-fold on top of the adopted
# memory: 0.0 texts (weight 0 chosen in every fold of 30 shufflings). Not kept.
#
# Ninth session: should the memory also hold the dev reviews once its weight is chosen (refit on all labelled data)?
# Dev cannot say directly (each dev text would find itself), so the same 12.5 % growth is measured on it: the full
# training memory against random subsamples of 12,343 of its 13,886 reviews (20 draws, weight 5.0 for both). Rule,
# written first: adopt if the mean gain is >= +1.0 dev text and positive in >= 70 % of draws, and the served probes
# and customer texts lose no more than 2 each. Result: +4.1 texts (2-8; +3.7 with each side's own best weight), positive
# in 20 of 20 draws. But dev read leaving each text out of its own vote, with the dev reviews in the memory, read
# 1,569 against the training memory's 1,574: the training memory is the one the weight and variant were chosen on,
# so any change to it (fewer reviews or more) gives back that choice's luck, and the subsampling measured that as
# much as size. So a fair test was added to the rule before it ran, where neither side is the tuned memory: all
# 15,622 train + dev reviews against random subsamples of 13,886 of them, dev read leaving itself out; adopt at a mean
# >= +1.0 and positive in >= 70 % of draws. Result: +1.2 (−3 … +4), positive in 15 of 20 (75 %): adopted. Test and
# gold were then read once: review test 89.97 → 89.80 % (1,561 → 1,558), gold sentiment 89.0 → 88.6 % (two sarcastic
# texts), top emotion 79.9 → 79.7 %, ECE 0.032 → 0.028.
#
# Run: `.venv/bin/python notebooks/nearest_reviews.py` (about 4 min on 2 cores).

# %%
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from models.registry import DEFAULT_TRANSFORMER_DIR, served
from models.text import normalize
from models.transformer import TransformerClassifier
from training.data import load_split

WEIGHTS = (0, 0.5, 1, 1.5, 2, 3, 4)
VARIANTS = {"c13m2": dict(ngram_range=(1, 3), min_df=2), "c13m1": dict(ngram_range=(1, 3), min_df=1),
            "c24m2": dict(ngram_range=(2, 4), min_df=2), "c12m2": dict(ngram_range=(1, 2), min_df=2)}


def right(scores: np.ndarray, positive: np.ndarray, rows: np.ndarray | slice = slice(None)) -> int:
    return int(((scores[rows] > 0) == positive[rows]).sum())


def chosen_in_fold(main: np.ndarray, candidates: dict, positive: np.ndarray, shufflings: int = 30) -> list[int]:
    """Gain over `main` on the whole dev, each fifth scored with the candidate chosen on the other four."""
    rng = np.random.default_rng(1)
    gains = []
    for _ in range(shufflings):
        gain = 0
        for fold in np.array_split(rng.permutation(len(positive)), 5):
            fit = np.ones(len(positive), bool)
            fit[fold] = False
            best = max(candidates, key=lambda c: right(candidates[c], positive, fit))
            gain += right(candidates[best], positive, ~fit) - right(main, positive, ~fit)
        gains.append(gain)
    return gains


def votes(similarity: np.ndarray, labels: np.ndarray, k: int, over_k: bool) -> np.ndarray:
    nearest = np.argsort(-similarity, axis=1)[:, :k]
    weights = np.take_along_axis(similarity, nearest, axis=1)
    total = (labels[nearest] * weights).sum(axis=1)
    return total / k if over_k else total / (weights.sum(axis=1) + 1e-9)


# %%
if __name__ == "__main__":
    train, dev = load_split("train"), load_split("dev")
    labels = np.array([1.0 if e.sentiment == "positive" else -1.0 for e in train])
    positive = np.array([e.sentiment == "positive" for e in dev])
    model = TransformerClassifier(DEFAULT_TRANSFORMER_DIR)
    model.neighbours = None  # the served model as it was before the memory
    readings = served(model).analyze([e.text for e in dev])
    main = np.array([np.log(r.probabilities["positive"]) - np.log(r.probabilities["negative"]) for r in readings])
    print(f"served without a memory: {right(main, positive)} of {len(dev)}")
    every: dict = {}
    for name, options in VARIANTS.items():
        vectorizer = TfidfVectorizer(analyzer="char", sublinear_tf=True, lowercase=False, **options)
        rows = vectorizer.fit_transform([normalize(e.text) for e in train])
        similarity = (vectorizer.transform([normalize(e.text) for e in dev]) @ rows.T).toarray()
        for k in (10, 20, 50):
            for over_k in (False, True):
                vote = votes(similarity, labels, k, over_k) * (2 if over_k else 1)  # over k the votes run smaller
                candidates = {w: main + w * vote for w in WEIGHTS}
                every |= {(name, k, over_k, w): s for w, s in candidates.items()}
                gains = chosen_in_fold(main, candidates, positive)
                print(f"{name} k={k} {'over k' if over_k else 'over the similarities'}: "
                      f"in-sample {[right(s, positive) for s in candidates.values()]}, "
                      f"in-fold gain {np.mean(gains):.1f} ({min(gains)} … {max(gains)})", flush=True)
    gains = chosen_in_fold(main, every, positive)
    print(f"variant and weight chosen in-fold: {np.mean(gains):.1f} ({min(gains)} … {max(gains)})")

    # %% A second view on top of the adopted memory: the mean layer-3 token states of the same reviews.
    with_memory = served(TransformerClassifier(DEFAULT_TRANSFORMER_DIR)).analyze([e.text for e in dev])
    adopted = np.array([np.log(r.probabilities["positive"]) - np.log(r.probabilities["negative"]) for r in with_memory])

    def mean_states(texts: list[str]) -> np.ndarray:
        out = model.encoder.encode([normalize(t) for t in texts], 64, clause_states=True)
        width = next(s.shape[1] for s in out.states or [] if s.size)
        return np.stack([s if (s := out.span_state(i)) is not None else np.zeros(width) for i in range(len(texts))])

    train_states, dev_states = mean_states([e.text for e in train]), mean_states([e.text for e in dev])
    centre = train_states.mean(axis=0)

    def unit(rows: np.ndarray) -> np.ndarray:
        rows = rows - centre
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)

    layer3 = votes(unit(dev_states) @ unit(train_states).T, labels, 20, over_k=True)
    gains = chosen_in_fold(adopted, {w: adopted + w * layer3 for w in (0, 0.5, 1, 2, 3, 4, 6, 8)}, positive)
    print(f"layer-3 view on top of the memory, chosen in-fold: {np.mean(gains):.1f} ({min(gains)} … {max(gains)})")

    # %% What 12.5 % more reviews in the memory are worth on dev (the growth from adding the dev reviews).
    from models.neighbours import NeighbourMemory
    from models.tfidf_blend import sentiment_scores
    from training.neighbours import binary_reviews

    reviews = binary_reviews(train)
    texts = [normalize(e.text) for e in reviews]
    review_labels = np.array([1 if e.sentiment == "positive" else -1 for e in reviews], dtype=np.int8)
    dev_texts = [normalize(e.text) for e in dev]
    meta = model.encoder.meta
    dev_logits, _ = model.encoder.logits(dev_texts)
    pos, neg = meta.sentiment_labels.index("positive"), meta.sentiment_labels.index("negative")

    def right_with(memory: NeighbourMemory) -> int:
        scores = sentiment_scores(dev_logits, meta, None, memory.votes(dev_texts))
        return right(scores[:, pos] - scores[:, neg], positive)

    whole = right_with(NeighbourMemory(texts, review_labels, 20))
    smaller = round(len(texts) * len(texts) / (len(texts) + len(dev)))
    rng = np.random.default_rng(33)
    gains = []
    for _ in range(20):
        drawn = rng.choice(len(texts), smaller, replace=False)
        gains.append(whole - right_with(NeighbourMemory([texts[i] for i in drawn], review_labels[drawn], 20)))
    print(f"{len(texts)} reviews against {smaller}: {np.mean(gains):+.1f} dev texts ({min(gains)} … {max(gains)}), "
          f"positive in {sum(g > 0 for g in gains)} of 20")

    # %% The fair test: neither side is the memory the weight was chosen on. Train + dev reviews, dev read leaving
    # each text out of its own vote, all of them against random subsamples the size of the training memory.
    dev_reviews = binary_reviews(dev)
    pool = texts + [normalize(e.text) for e in dev_reviews]
    pool_labels = np.concatenate([review_labels, [1 if e.sentiment == "positive" else -1 for e in dev_reviews]])

    def right_leaving_out(memory: NeighbourMemory) -> int:
        scores = sentiment_scores(dev_logits, meta, None, memory.votes(dev_texts, leave_out=dev_texts))
        return right(scores[:, pos] - scores[:, neg], positive)

    whole = right_leaving_out(NeighbourMemory(pool, pool_labels.astype(np.int8), 20))
    rng, gains = np.random.default_rng(34), []
    for _ in range(20):
        drawn = rng.choice(len(pool), len(texts), replace=False)
        gains.append(whole - right_leaving_out(NeighbourMemory([pool[i] for i in drawn], pool_labels[drawn], 20)))
    print(f"train + dev ({len(pool)}) against {len(texts)} of them, dev left out of its own vote: {whole} right, "
          f"{np.mean(gains):+.1f} ({min(gains)} … {max(gains)}), positive in {sum(g > 0 for g in gains)} of 20")
