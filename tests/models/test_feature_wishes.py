"""A wish for something new names no fault; a suggestion that names one, or a wish beside a verdict, is left to the
model."""

import pytest

from models.feature_wishes import is_feature_wish
from models.registry import load_classifier

WISHES = ["建议增加一些夜间的配送时段", "希望能出更多颜色", "希望出个大容量的", "建议推出小包装", "期待出新口味",
          "希望以后能支持花呗", "建议增加夜间模式", "希望能开通货到付款", "亲，建议出个迷你款", "要是能出黑色就好了",
          "希望能出更多顏色"]  # the last in Traditional
NOT_WISHES = [
    "建议商家改进一下包装",  # a fault named
    "希望客服态度好一点",
    "建议多备点货",  # more of what is there
    "要是有人管就好了",  # someone to answer at last
    "东西不错，希望出个大容量的",  # beside a verdict
    "如果有问题怎么办",
    "要是坏了怎么办",
    "希望是正品",  # a hope about this order, for the model
    "希望好用",
    "",
]


@pytest.mark.parametrize("text", WISHES)
def test_wishes_for_something_new_match(text: str) -> None:
    assert is_feature_wish(text)


@pytest.mark.parametrize("text", NOT_WISHES)
def test_faults_hopes_and_verdicts_do_not(text: str) -> None:
    assert not is_feature_wish(text)


@pytest.mark.slow
def test_the_served_model_answers_a_wish_as_neutral() -> None:
    # Written for this test: the bundled model alone reads it as a disappointed complaint.
    reading = load_classifier().analyze(["建议推出一个便携装"])[0]
    assert (reading.sentiment, reading.emotion, reading.intensity) == ("neutral", "neutral", 0.0)
