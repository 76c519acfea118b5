"""The bundled int8 artefact: contract fields, known cases, long texts, aspects, evidence, parity."""

import json

import pytest

from models.analysis import EMOTIONS, SENTIMENTS
from models.registry import DEFAULT_TRANSFORMER_DIR
from models.transformer import TransformerClassifier


@pytest.fixture(scope="module")
def clf() -> TransformerClassifier:
    return TransformerClassifier(DEFAULT_TRANSFORMER_DIR)


def test_fields_follow_the_contract(clf: TransformerClassifier) -> None:
    (a,) = clf.analyze(["物流很快，质量也很好，五星好评！"])
    d = a.to_dict()
    assert set(d) == {"id", "sentiment", "score", "probabilities", "emotion", "emotions", "intensity", "aspects",
                      "evidence", "model"}
    assert set(d["probabilities"]) == set(SENTIMENTS) and set(d["emotions"]) == set(EMOTIONS)
    assert sum(d["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
    assert -1.0 <= d["score"] <= 1.0 and 0.0 <= d["intensity"] <= 1.0
    assert d["model"] == "xinsheng-m3e-small-int8"


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("酒店位置很好，房间干净，服务热情，下次还来", "positive"),
        ("质量太差了，用了两天就坏了，非常失望", "negative"),
        ("请问这款什么时候发货？", "neutral"),
    ],
)
def test_known_cases(clf: TransformerClassifier, text: str, sentiment: str) -> None:
    assert clf.analyze([text])[0].sentiment == sentiment


# From notebooks/sincere_praise.py's probes: the cue words of the sarcasm generator in sincere praise, which the
# previous artefact read as complaints, and sarcasm itself, which must stay a complaint.
SINCERE = ["客服态度太好了", "物流真是快，昨天下单今天就到", "这价格真是太划算了", "酒店前台真是太贴心了",
           "衣服真是好看，上身效果比图片还好", "真是物美价廉，已经回购三次了"]
SARCASTIC = ["真是太“好”了，用一次就坏", "服务真是好啊，等了三天没人理", "呵呵，质量真是一流，开线了",
             "效率真高啊，一个月了还没退款", "不愧是大牌，包装都是破的"]


def test_sarcasms_cue_words_in_sincere_praise_read_as_praise(clf: TransformerClassifier) -> None:
    assert [a.sentiment for a in clf.analyze(SINCERE)] == ["positive"] * len(SINCERE)
    assert [a.sentiment for a in clf.analyze(SARCASTIC)] == ["negative"] * len(SARCASTIC)
    assert clf.analyze(["确认收货"])[0].sentiment == "neutral"


def test_emotions_on_clear_cases(clf: TransformerClassifier) -> None:
    angry, anxious, thankful = clf.analyze(["垃圾商家，骗子，我要去12315投诉！", "快递五天没更新了，是不是丢了，好着急",
                                            "谢谢客服耐心解答，辛苦了"])
    assert angry.emotion == "anger"
    assert anxious.emotion == "anxiety"
    assert thankful.emotion == "gratitude"


def test_traditional_reads_like_simplified(clf: TransformerClassifier) -> None:
    simplified, traditional = clf.analyze(["质量很好，物流也快", "質量很好，物流也快"])
    assert simplified.probabilities == traditional.probabilities


def test_long_text_is_windowed_not_truncated(clf: TransformerClassifier) -> None:
    praise = "房间宽敞明亮，早餐种类丰富，前台服务热情周到。"
    text = praise * 100 + "但是最后一晚空调坏了，半夜没人来修，投诉也没人理，非常生气！" * 30
    assert len(text) >= 2048
    (a,) = clf.analyze([text])
    assert len(text) > 10 * clf.window_chars  # a plain call would have seen the first window only
    # The complaint sits far past the first window: a truncating model would see praise only.
    assert a.probabilities["negative"] > 0.2


def test_aspects_are_scored_per_clause(clf: TransformerClassifier) -> None:
    (a,) = clf.analyze(["物流很快，但是质量太差了"])
    by_aspect = {x.aspect: x for x in a.aspects}
    assert by_aspect["物流"].sentiment == "positive"
    assert by_aspect["质量"].sentiment == "negative"
    assert "质量太差" in by_aspect["质量"].evidence


def test_aspect_clauses_are_read_from_the_texts_own_run(clf: TransformerClassifier) -> None:
    assert clf.probe is not None and clf.encoder.has_clause_states
    calls: list[int] = []
    real_run = clf.encoder.session.run

    def counting_run(names, feeds):  # type: ignore[no-untyped-def]
        calls.append(len(feeds["input_ids"]))
        return real_run(names, feeds)

    clf.encoder.session = type("Counting", (), {"run": staticmethod(counting_run)})()  # type: ignore[assignment]
    try:
        (a,) = clf.analyze(["快递很快，包装也很好，就是价格有点贵，客服态度一般"])
    finally:
        clf.encoder.session = real_run.__self__  # type: ignore[attr-defined]
    assert calls == [1]  # one row, one run: four aspect clauses cost no extra encoder work
    by_aspect = {x.aspect: x.sentiment for x in a.aspects}
    assert by_aspect["物流"] == "positive" and by_aspect["价格"] == "negative"


def test_held_out_aspect_accuracy_is_recorded(clf: TransformerClassifier) -> None:
    from training.evaluate import evaluate_aspects, load_aspect_gold

    recorded = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())["transformer"]["aspects"]
    measured = evaluate_aspects(clf, load_aspect_gold())
    assert measured["recall"] == 1.0  # every labelled aspect is found by the keyword table
    assert measured["accuracy"] == pytest.approx(recorded["accuracy"], abs=0.005)
    assert measured["accuracy"] >= 0.6


def test_evidence_points_at_the_clause_after_the_turn(clf: TransformerClassifier) -> None:
    (a,) = clf.analyze(["虽然包装很好看，但是味道很难吃"])
    assert a.sentiment == "negative"
    assert any("难吃" in e for e in a.evidence)


def test_every_verdict_has_evidence_even_without_aspects_or_lexicon_words(clf: TransformerClassifier) -> None:
    texts = ["散热尚可。", "机票改签手续费要四百多，感觉有点坑。", "宝宝的纸尿裤很薄很透气，夏天用也没起红屁股。"]
    for text, a in zip(texts, clf.analyze(texts), strict=True):
        assert a.sentiment != "neutral"
        assert a.evidence and all(e in text for e in a.evidence)
    assert clf.analyze(["散热尚可。"])[0].evidence == ["散热尚可"]


def test_evidence_leaves_out_the_turn_that_the_verdict_overrode(clf: TransformerClassifier) -> None:
    (a,) = clf.analyze(["房间很大，床也舒服，就是隔音差了点"])
    assert a.sentiment == "positive"
    assert a.evidence and not any("隔音" in e for e in a.evidence)
    assert any("舒服" in e or "房间很大" in e for e in a.evidence)


def test_evidence_quotes_the_customers_own_characters(clf: TransformerClassifier) -> None:
    text = "物流很快👍，但是質量太差了，用兩天就壞"
    (a,) = clf.analyze([text])
    assert a.sentiment == "negative" and a.evidence
    assert all(e in text for e in a.evidence)
    assert all(aspect.evidence in text for aspect in a.aspects)
    assert "物流很快👍" in [aspect.evidence for aspect in a.aspects]


def test_current_slang_praise_reads_as_praise(clf: TransformerClassifier) -> None:
    texts = ["绝了！这个粉底液持妆一整天，油皮亲妈", "这个口红绝绝子，黄皮天菜", "颜值天花板", "家人们，这个真的可以冲"]
    results = clf.analyze(texts)
    assert [a.sentiment for a in results] == ["positive"] * len(texts)
    assert "黄皮天菜" in results[1].evidence  # quoted as written, not as the plain words the model read


def test_glossary_slang_reads_the_way_customers_mean_it(clf: TransformerClassifier) -> None:
    praise = ["奶茶的口感在线", "这个价格买到，血赚", "双十一捡漏了", "牛逼，续航两天"]
    complaints = ["纯纯智商税", "什么辣鸡东西"]
    results = clf.analyze(praise + complaints)
    assert [a.sentiment for a in results] == ["positive"] * len(praise) + ["negative"] * len(complaints)


def test_scare_quoted_praise_in_a_complaint_files_its_aspect_as_a_complaint(clf: TransformerClassifier) -> None:
    sarcastic, sincere = clf.analyze(["好“快”的物流，半个月才到", "朋友说物流“快”，果然第二天就到了，满意"])
    assert sarcastic.sentiment == "negative"
    assert [(a.aspect, a.sentiment) for a in sarcastic.aspects] == [("物流", "negative")]
    assert sincere.sentiment == "positive" and ("物流", "positive") in [(a.aspect, a.sentiment) for a in sincere.aspects]


def test_an_urgent_question_reads_as_anxious(clf: TransformerClassifier) -> None:
    (a,) = clf.analyze(["孩子发烧了，买的退烧药什么时候能到啊？在线等"])
    assert a.sentiment == "negative" and a.emotion == "anxiety"


def test_intensity_rises_with_degree_and_exclamation(clf: TransformerClassifier) -> None:
    mild, hot = clf.analyze(["有点失望", "太太太失望了！！！气死我了😡"])
    assert hot.intensity > mild.intensity


def test_batch_equals_single(clf: TransformerClassifier) -> None:
    texts = ["很好", "很差，退货", "请问有货吗"]
    batch = clf.analyze(texts)
    singles = [clf.analyze([t])[0] for t in texts]
    for b, s in zip(batch, singles, strict=True):
        assert b.sentiment == s.sentiment
        # Dynamic int8 quantisation scales activations per batch: tiny drift, never a different label.
        assert b.probabilities["positive"] == pytest.approx(s.probabilities["positive"], abs=5e-3)


def test_int8_artefact_reproduces_its_parity_report() -> None:
    """The recorded int8 accuracy is re-measured here on the held-out split; parity targets hold."""
    metrics = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())
    parity = metrics["parity"]
    assert parity["agreement"] >= 0.99
    assert parity["torch_accuracy"] - parity["int8_accuracy"] <= 0.005
    assert (DEFAULT_TRANSFORMER_DIR / "model.onnx").stat().st_size < 60 * 1024 * 1024


def test_int8_weights_use_seven_bits() -> None:
    """reduce_range: full 8-bit weights saturate u8×s8 sums on CPUs without VNNI (agreement with fp32 fell to 96 %)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(DEFAULT_TRANSFORMER_DIR / "model.onnx")).graph
    weights = [numpy_helper.to_array(t) for t in graph.initializer if t.data_type == onnx.TensorProto.INT8]
    assert len(weights) >= 24  # the encoder's dense layers (and their zero points) are quantised
    assert max(int(abs(w.astype(int)).max()) for w in weights) <= 64


@pytest.mark.slow
def test_held_out_accuracy_matches_the_model_card(clf: TransformerClassifier) -> None:
    from training.data import load_split
    from training.evaluate import evaluate_reviews

    recorded = json.loads((DEFAULT_TRANSFORMER_DIR / "metrics.json").read_text())["transformer"]["reviews"]
    measured = evaluate_reviews(clf, load_split("test"))
    assert measured["accuracy"] == pytest.approx(recorded["accuracy"], abs=0.002)


def test_a_clause_repeated_word_for_word_is_one_aspect_reading(clf: TransformerClassifier) -> None:
    (a,) = clf.analyze(["好评好评，物流很快。" * 20])
    assert [(x.aspect, x.sentiment, x.evidence) for x in a.aspects] == [("物流", "positive", "物流很快")]


def test_an_analysis_is_the_same_alone_and_among_other_texts(clf: TransformerClassifier) -> None:
    # What a micro-batched request, a bulk job and a replay of one event rely on (training/activation_ranges.py).
    text = "外卖送得很慢，饭都凉了，不过味道还可以"  # read near a tie: the dynamic graph flipped it with its batch
    others = ["物流很快，但是质量太差了，客服也不理人", "给10分", "房间干净，位置方便，就是隔音差了点，前台服务热情" * 20]
    alone = clf.analyze([text])[0]
    among = clf.analyze([others[0], text, *others[1:]])[1]
    assert alone.sentiment == among.sentiment and alone.emotion == among.emotion
    assert alone.aspects == among.aspects and alone.evidence == among.evidence
    for label, p in alone.probabilities.items():
        assert among.probabilities[label] == pytest.approx(p, abs=1e-5)
