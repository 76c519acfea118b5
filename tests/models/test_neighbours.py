"""The nearest-review memory: its votes, and how they move the sentiment the transformer serves."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from models.analysis import SENTIMENTS
from models.neighbours import NEIGHBOURS_FILE, NeighbourMemory
from models.onnx_backend import ModelMeta, logit_adjust, softmax
from models.registry import DEFAULT_TRANSFORMER_DIR
from models.text import normalize
from models.tfidf_blend import sentiment_scores
from models.transformer import TransformerClassifier
from training.data import Example, load_split
from training.neighbours import export_memory

REVIEWS = [
    ("房间很干净，早餐也很丰富", "positive"),
    ("前台服务热情，下次还来", "positive"),
    ("隔音太差了，一晚上没睡好", "negative"),
    ("空调坏了也没人来修", "negative"),
    ("房间有股霉味，床单也不干净", "negative"),
]
META = ModelMeta("m", 32, list(SENTIMENTS), ["joy"], 1.0, 1.0, sentiment_log_prior=(-1.0, -2.0, -0.5),
                 sentiment_prior_tau=1.0)


def decoded(key: int) -> str:
    """The n-gram an index key stands for (code points, 21 bits each)."""
    chars = []
    while key:
        chars.append(chr(key & (1 << 21) - 1))
        key >>= 21
    return "".join(reversed(chars))


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> NeighbourMemory:
    path = tmp_path_factory.mktemp("memory") / NEIGHBOURS_FILE
    train = [Example(text, label, source="reviews") for text, label in REVIEWS]
    train.append(Example("请问几点退房", "neutral", source="inquiries"))  # not a review: not remembered
    assert export_memory(train, path, k=2) == len(REVIEWS)
    return NeighbourMemory.load(path)


def test_votes_are_the_k_nearest_labels_weighted_by_cosine_similarity_over_k(memory: NeighbourMemory) -> None:
    # The same vectors scikit-learn makes, searched by brute force.
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=False, sublinear_tf=True, min_df=2)
    rows = vectorizer.fit_transform([normalize(t) for t, _ in REVIEWS])
    labels = np.array([1.0 if label == "positive" else -1.0 for _, label in REVIEWS])
    queries = ["房间不干净，隔音也差", "早餐丰富，服务热情", "房间"]
    similarity = (vectorizer.transform(queries) @ rows.T).toarray()
    expected = [np.sort(row)[::-1][:2] @ labels[np.argsort(-row)[:2]] / 2 for row in similarity]
    np.testing.assert_allclose(memory.votes(queries), expected, atol=1e-3)  # float16 rows


def test_a_text_far_from_every_review_gets_a_weak_vote(memory: NeighbourMemory) -> None:
    close, unseen, empty = memory.votes(["隔音太差了，一晚上没睡好", "物流挺快的", ""])
    assert close < -0.5  # one of the remembered complaints, word for word
    assert unseen == 0.0 and empty == 0.0  # no n-gram in common with any review: no opinion


def test_a_remembered_review_can_be_read_without_its_own_vote(memory: NeighbourMemory) -> None:
    remembered, unseen = normalize("隔音太差了，一晚上没睡好"), normalize("隔音太差，睡不好")  # as the memory holds them
    with_self, unseen_vote = memory.votes([remembered, unseen])
    without_self, unseen_again = memory.votes([remembered, unseen], leave_out=[remembered, unseen])
    assert without_self > with_self  # its own complaint (similarity 1) no longer pulls the vote down
    others = memory.similarities([remembered])[0][: len(REVIEWS)]
    own = next(i for i, (text, _) in enumerate(REVIEWS) if normalize(text) == remembered)
    labels = np.array([1.0 if label == "positive" else -1.0 for _, label in REVIEWS])
    rest = np.delete(np.arange(len(REVIEWS)), own)
    best = rest[np.argsort(-others[rest])[: memory.k]]
    assert without_self == pytest.approx(float(others[best] @ labels[best]) / memory.k, abs=1e-6)
    assert unseen_again == unseen_vote  # a text the memory does not hold reads the same either way
    held, rows = memory.held_rows([unseen, remembered, normalize(REVIEWS[0][0]), REVIEWS[0][0] + "!"])
    assert held.tolist() == [1, 2] and rows.tolist() == [own, 0]


def test_the_vote_moves_the_positive_negative_log_odds_by_its_weight() -> None:
    logits = np.array([[0.2, -3.0, 0.8], [1.0, 0.0, -1.0]])
    votes = np.array([0.6, -0.2])
    plain = logit_adjust(logits, META.sentiment_log_prior, 1.0)
    voted = sentiment_scores(logits, replace(META, neighbour_weight=5.0), None, votes)
    pos, neu, neg = (SENTIMENTS.index(s) for s in ("positive", "neutral", "negative"))
    np.testing.assert_allclose((voted[:, pos] - voted[:, neg]) - (plain[:, pos] - plain[:, neg]), 5.0 * votes)
    np.testing.assert_allclose(voted[:, neu], plain[:, neu])
    np.testing.assert_allclose(sentiment_scores(logits, META, None, votes), plain)  # weight 0: no memory


def test_a_model_packaged_without_a_memory_reads_none(tmp_path: Path) -> None:
    assert NeighbourMemory.for_model(tmp_path, replace(META, neighbour_weight=5.0)) is None  # no file


def test_the_bundled_model_serves_the_memory_it_was_packaged_with() -> None:
    clf = TransformerClassifier(DEFAULT_TRANSFORMER_DIR)
    meta = clf.encoder.meta
    assert (clf.neighbours is not None) == (meta.neighbour_weight > 0)
    if clf.neighbours is None:
        return
    text = "房间隔音很差，晚上很吵"
    (result,) = clf.analyze([text])
    logits, _ = clf.encoder.logits([normalize(text)])
    votes = clf.neighbours.votes([normalize(text)])
    served = sentiment_scores(logits, meta, None, votes)[0] / meta.temperature
    served = np.exp(served - served.max()) / np.exp(served - served.max()).sum()
    assert [result.probabilities[s] for s in SENTIMENTS] == pytest.approx(list(served), abs=1e-5)
    assert votes[0] < 0  # the training reviews nearest a noise complaint are complaints


def test_the_bundled_model_can_read_the_reviews_its_memory_holds_without_their_own_vote() -> None:
    clf = TransformerClassifier(DEFAULT_TRANSFORMER_DIR)
    if clf.neighbours is None:
        return
    dev = load_split("dev")
    short = next(e.text for e in dev if 20 < len(e.text) < 60)
    long = next(e.text for e in dev if len(e.text) > 3 * clf.window_chars)  # several windows, each cut from it
    assert clf.neighbours.held_rows([normalize(short), normalize(long)])[0].tolist() == [0, 1]
    remembered = clf.analyze([short, long])
    clf.leave_out_remembered = True
    unseen = clf.analyze([short, long])
    text = normalize(short)
    logits, _ = clf.encoder.logits([text])
    votes = clf.neighbours.votes([text], leave_out=[text])
    expected = softmax(sentiment_scores(logits, clf.encoder.meta, None, votes), clf.encoder.meta.temperature)[0]
    assert [unseen[0].probabilities[s] for s in SENTIMENTS] == pytest.approx(list(expected), abs=1e-5)
    for before, after in zip(remembered, unseen, strict=True):  # its own label no longer pulls it its own way
        assert before.probabilities != after.probabilities


def test_the_block_search_finds_the_same_neighbours_as_sorting_every_review() -> None:
    memory = NeighbourMemory.load(DEFAULT_TRANSFORMER_DIR / NEIGHBOURS_FILE)
    texts = [normalize(t) for t in (
        "房间很干净，服务也好", "隔音太差了", "物流很快", "书的印刷质量不错，纸张也好", "电池不耐用，充一次电用半天",
        "很好", "！！！", "差评", "早餐种类少，味道一般，不过位置很方便", "客服态度恶劣，再也不来了")]
    similarity = memory.similarities(texts)
    k = memory.k
    brute = np.sort(similarity, axis=1)[:, ::-1][:, :k]
    _, found = memory.nearest(similarity)
    np.testing.assert_allclose(np.sort(found, axis=1)[:, ::-1], brute, rtol=0, atol=0)
    ranked = np.argsort(-similarity, axis=1)[:, :k]
    by_sorting = (np.take_along_axis(similarity, ranked, 1) * memory.padded_labels[ranked]).sum(axis=1) / k
    np.testing.assert_allclose(memory.votes(texts), by_sorting, atol=1e-6)


def test_a_batch_of_rows_is_scikit_learns_tfidf_rows(memory: NeighbourMemory) -> None:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=False, sublinear_tf=True, min_df=2)
    vectorizer.fit([normalize(t) for t, _ in REVIEWS])
    texts = ["房间  很   干净，房间", "", "了", "😀隔音😀太差了", "也\t\t也 也"]
    text, columns, values = memory.rows(texts)
    ours = np.zeros((len(texts), len(vectorizer.vocabulary_)), dtype=np.float32)
    ours[text, [vectorizer.vocabulary_[decoded(int(memory.sorted_keys[c]))] for c in columns]] = values
    np.testing.assert_allclose(ours, vectorizer.transform(texts).toarray(), atol=1e-6)
