"""A repeat purchase stated on its own is praise; a first purchase, and a repeat purchase beside anything else, are
left to the model."""

import pytest

from models.registry import load_classifier
from models.repeat_purchases import is_repeat_purchase

REPEATS = ["已经是第五次买了", "第三次购买了", "这是第N次买了", "第二次回购", "又回购了", "无限回购", "回购好几次了",
           "回购！", "亲，第三次来这家了", "第三次購買了"]  # a greeting around it; Traditional
NOT_ALONE = ["第一次买", "第三次买了，这次质量不行", "老顾客了，第三次来了", "这是第几次发错货了？", "第几次了", ""]


@pytest.mark.parametrize("text", REPEATS)
def test_a_repeat_purchase_on_its_own_is_recognised(text: str) -> None:
    assert is_repeat_purchase(text)


@pytest.mark.parametrize("text", NOT_ALONE)
def test_first_purchases_and_repeats_beside_other_words_are_not(text: str) -> None:
    assert not is_repeat_purchase(text)


@pytest.mark.slow
def test_the_served_model_reads_a_repeat_purchase_as_praise() -> None:
    # Without the rule the served model read both as neutral.
    readings = load_classifier().analyze(["已经是第五次买了", "第三次购买了"])
    assert [(a.sentiment, a.emotion) for a in readings] == [("positive", "joy")] * 2
