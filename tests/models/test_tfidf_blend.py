"""The TF-IDF expert and the blended sentiment scores the transformer serves."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from models.analysis import SENTIMENTS
from models.baseline import BASELINE_FILE, BaselineClassifier
from models.baseline_features import jieba_tokens
from models.onnx_backend import META_FILE, ModelMeta, log_softmax, logit_adjust, softmax
from models.registry import DEFAULT_BASELINE_DIR, DEFAULT_TRANSFORMER_DIR
from models.text import normalize
from models.tfidf_blend import (
    TFIDF_FILE,
    TfidfExpert,
    char_ngrams,
    sentiment_scores,
    word_ngrams,
)
from models.transformer import TransformerClassifier
from training.tfidf_blend import export_tfidf

META = ModelMeta("m", 32, list(SENTIMENTS), ["joy"], 1.0, 1.0, sentiment_log_prior=(-1.0, -2.0, -0.5),
                 sentiment_prior_tau=1.0)


def test_without_a_weight_the_scores_are_the_prior_corrected_logits() -> None:
    logits = np.array([[2.0, -1.0, 0.5]])
    expert = np.log(np.array([[0.1, 0.1, 0.8]]))
    expected = logit_adjust(logits, META.sentiment_log_prior, 1.0)
    np.testing.assert_allclose(sentiment_scores(logits, META, expert), expected)
    np.testing.assert_allclose(sentiment_scores(logits, replace(META, tfidf_weight=1.0), None), expected)


def test_the_blend_adds_the_weighted_expert_log_probabilities() -> None:
    logits = np.array([[0.2, -3.0, 0.8]])  # after the prior correction: negative barely ahead of positive
    expert = np.log(np.array([[0.9, 0.05, 0.05]]))
    blended = sentiment_scores(logits, replace(META, tfidf_weight=0.5), expert)
    adjusted = logit_adjust(logits, META.sentiment_log_prior, 1.0)
    np.testing.assert_allclose(blended, log_softmax(adjusted) + 0.5 * expert)
    assert SENTIMENTS[int(adjusted.argmax())] == "negative"
    assert SENTIMENTS[int(blended.argmax())] == "positive"  # a confident expert tips a close call
    # With no expert opinion (uniform), the transformer's probabilities are unchanged.
    uniform = np.log(np.full((1, 3), 1 / 3))
    np.testing.assert_allclose(softmax(sentiment_scores(logits, replace(META, tfidf_weight=1.0), uniform)),
                               softmax(adjusted), atol=1e-12)


def test_a_model_packaged_without_a_blend_has_no_expert(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert TfidfExpert.for_model(tmp_path, replace(META, tfidf_weight=1.0)) is None  # no file
    assert TfidfExpert.for_model(DEFAULT_TRANSFORMER_DIR, META) is None  # weight 0


def test_the_exported_expert_gives_the_pipelines_probabilities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    export_tfidf(DEFAULT_BASELINE_DIR / BASELINE_FILE, tmp_path / TFIDF_FILE)
    expert = TfidfExpert(tmp_path / TFIDF_FILE)
    baseline = BaselineClassifier(DEFAULT_BASELINE_DIR / BASELINE_FILE)  # the model itself: "" is not a placeholder
    texts = ["质量太差了，退货", "请问什么时候发货？", "很好用，推荐", "", "a  b\t\tc 物流 很快", "笑哭 xyz123 ！！！",
             "房间很大，早餐丰富。" * 30]
    rows = np.exp(expert.log_probabilities([normalize(t) for t in texts]))
    for row, result in zip(rows, baseline.analyze(texts), strict=True):
        assert dict(zip(SENTIMENTS, row, strict=True)) == pytest.approx(result.probabilities, abs=1e-6)
    assert expert.log_probabilities([]).shape == (0, 3)


def test_an_expert_of_two_classes_gives_the_pipelines_probabilities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A user's file with only positive and negative labels: binary logistic regression has one decision column."""
    from skops.io import dump

    from training.baseline import build_pipeline

    texts = ["很好用，推荐", "物流快，质量好", "非常满意", "太差了，退货", "质量很差", "客服不理人"] * 3
    pipeline = build_pipeline().fit(texts, ["positive"] * 3 + ["negative"] * 3 + ["positive"] * 3
                                    + ["negative"] * 3 + ["positive"] * 3 + ["negative"] * 3)
    assert pipeline.named_steps["clf"].coef_.shape[0] == 1
    dump(pipeline, tmp_path / BASELINE_FILE)
    export_tfidf(tmp_path / BASELINE_FILE, tmp_path / TFIDF_FILE)
    probe = ["质量很好，推荐", "太差了", "请问有货吗"]
    expected = pipeline.predict_proba(probe)
    got = np.exp(TfidfExpert(tmp_path / TFIDF_FILE).log_probabilities(probe))
    columns = [SENTIMENTS.index(c) for c in pipeline.classes_]
    np.testing.assert_allclose(got[:, columns], expected, atol=1e-6)
    assert got[:, SENTIMENTS.index("neutral")].max() < 1e-3  # a class the pipeline never saw stays at the floor


def test_ngrams_follow_scikit_learns_analyzers() -> None:
    assert char_ngrams("好  用") == ["好", " ", "用", "好 ", " 用", "好 用"]  # a whitespace run counts once
    assert char_ngrams("好") == ["好"]
    tokens = jieba_tokens("物流很快质量很好")
    assert len(tokens) > 2
    assert word_ngrams("物流很快质量很好") == tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


@pytest.fixture(scope="module")
def blended_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled artefact with the TF-IDF expert blended in at weight 0.25 (the bundled one's fitted weight is 0)."""
    folder = tmp_path_factory.mktemp("blended")
    for item in DEFAULT_TRANSFORMER_DIR.iterdir():
        shutil.copy(item, folder / item.name)
    export_tfidf(DEFAULT_BASELINE_DIR / BASELINE_FILE, folder / TFIDF_FILE)
    meta = json.loads((folder / META_FILE).read_text())
    (folder / META_FILE).write_text(json.dumps(meta | {"tfidf_weight": 0.25}))
    return folder


def test_the_bundled_model_serves_the_blend_it_was_packaged_with() -> None:
    clf = TransformerClassifier(DEFAULT_TRANSFORMER_DIR)
    assert (clf.tfidf is not None) == (clf.encoder.meta.tfidf_weight > 0)


def test_a_blended_artefact_serves_the_product_of_both_experts(blended_dir: Path) -> None:
    clf = TransformerClassifier(blended_dir)
    meta = clf.encoder.meta
    assert meta.tfidf_weight == 0.25 and clf.tfidf is not None
    text = "虽然价格便宜，但是用了两天就坏了"
    (result,) = clf.analyze([text])
    logits, _ = clf.encoder.logits([normalize(text)])
    votes = clf.neighbours.votes([normalize(text)]) if clf.neighbours is not None else None  # the bundled memory
    tfidf = clf.tfidf.log_probabilities([normalize(text)])
    expected = softmax(sentiment_scores(logits, meta, tfidf, votes), meta.temperature)[0]
    assert [result.probabilities[s] for s in SENTIMENTS] == pytest.approx(list(expected), abs=1e-5)
    alone = softmax(sentiment_scores(logits, replace(meta, tfidf_weight=0.0), None, votes), meta.temperature)[0]
    assert not np.allclose(expected, alone, atol=1e-3)  # the expert moved the reading


def test_a_pipeline_the_expert_cannot_reproduce_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from skops.io import dump

    from training.baseline import build_pipeline

    pipeline = build_pipeline()
    pipeline.named_steps["features"].transformer_list[1][1].set_params(ngram_range=(2, 4))
    pipeline.fit(["很好用", "太差了", "请问有货吗"] * 3, ["positive", "negative", "neutral"] * 3)
    dump(pipeline, tmp_path / BASELINE_FILE)
    with pytest.raises(ValueError, match="char n-grams"):
        export_tfidf(tmp_path / BASELINE_FILE, tmp_path / TFIDF_FILE)
    assert not (tmp_path / TFIDF_FILE).exists()


def test_serving_the_blend_loads_no_scikit_learn_or_torch(blended_dir: Path) -> None:
    """The expert is plain arrays: a worker that analyses text holds no scikit-learn, skops, torch or training code."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from models.registry import load_classifier
        clf = load_classifier("transformer", Path(sys.argv[1]))
        while hasattr(clf, "inner"):  # the serving wrappers around the model
            clf = clf.inner
        assert clf.tfidf is not None and clf.neighbours is not None
        clf.analyze(["物流很快，但是质量太差了"])
        heavy = {"torch", "transformers", "sklearn", "skops", "scipy", "training"}
        print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
        """
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code, str(blended_dir)], capture_output=True, text=True, cwd=root,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
