"""A complaint's words tell anger from disappointment where the emotion head blurs them; anxiety stays the model's."""

import pytest

from models.emotion_cues import CUE_LOGIT, leaning, with_cues
from models.registry import load_classifier
from models.text import normalize

BLURRED = {"joy": 0.01, "gratitude": 0.01, "anger": 0.55, "anxiety": 0.2, "disappointment": 0.6, "neutral": 0.02}


@pytest.mark.parametrize(
    ("text", "lean"),
    [
        ("客服态度极差，问什么都敷衍", "anger"),
        ("凭什么不给退？", "anger"),
        ("有点失望，不会再买了", "disappointment"),
        ("和图片差距太大，后悔了", "disappointment"),
        ("物流太慢了", None),  # no cue either way
        ("一点都不生气，就是有点失望", "disappointment"),  # a negated cue does not count
        ("垃圾，太失望了", None),  # one each: a tie says nothing
        ("快递三天没动了，麻烦帮忙催一下", None),  # 麻烦: please, not 烦
        ("一般来说三天就到，这次等了一周", None),
        ("就这样吧，不想说了", None),
        ("穿着不舒服了", None),
    ],
)
def test_complaint_words_lean_one_way(text: str, lean: str | None) -> None:
    assert leaning(normalize(text)) == lean


def test_the_leaning_emotion_rises_by_the_cue_log_odds() -> None:
    raised = with_cues("客服态度极差", BLURRED, "disappointment")
    assert raised["anger"] == pytest.approx(1 / (1 + (0.45 / 0.55) * 2.718281828 ** -CUE_LOGIT), abs=1e-5)
    assert raised["anger"] > raised["disappointment"]
    assert {k: v for k, v in raised.items() if k != "anger"} == {k: v for k, v in BLURRED.items() if k != "anger"}


def test_anxiety_and_texts_without_cues_are_left_alone() -> None:
    assert with_cues("退款到底什么时候到账", BLURRED, "anxiety") is BLURRED
    assert with_cues("物流太慢了", BLURRED, "anger") is BLURRED


@pytest.mark.slow
def test_the_served_model_reads_the_grievance_and_the_letdown() -> None:
    # Written for this test after the cue words were chosen; the customer probe set chose CUE_LOGIT.
    texts = ["你们这是明摆着欺负消费者，我要去举报", "客服踢皮球，问了三个部门都说不归他们管",
             "和详情页描述差距太大，有点后悔买了", "我的退款到底什么时候能到账啊，都十天了"]
    assert [a.emotion for a in load_classifier("transformer").analyze(texts)] == ["anger", "anger", "disappointment", "anxiety"]
