"""A text that only asks which option is good, or to be recommended one, holds no verdict; one that states a verdict
in a question's words, or asks beside an opinion, is left to the model."""

import pytest

from models.advice_questions import is_advice_question
from models.placeholders import PlaceholderAwareClassifier
from models.registry import load_classifier
from tests.models.test_placeholders import _Recording

ADVICE = ["175斤穿多大码合适", "身高165穿什么码合适", "一米八买哪个码比较好", "这个颜色配什么裤子好看", "哪个颜色好看",
          "送人选哪款好", "亲，哪个颜色好看呢？", "请问脚长26厘米穿几码合适", "不知道选哪个好", "老板，黑色和白色哪个好看",
          "哪個顏色好看",  # Traditional
          "有什么好的推荐吗", "有什么好吃的推荐", "能推荐一款好用的洗面奶吗", "求推荐好用的耳机", "这款和那款哪个性价比高",
          "亲，有什么好用的推荐吗？", "哪款值得买",
          # asking what is good around here or at the shop
          "附近有什么好吃的？", "你们家有什么好喝的", "这里有什么好玩的吗", "你们店有什么好吃的推荐吗", "请问附近有什么好逛的地方",
          "这家店还有什么值得买的吗"]
STATED = ["买的XL码穿着很合适", "尺码很合适，穿着舒服", "这有什么好看的", "还有什么比这更好的", "哪个都好", "什么都合适",
          "怎么这么好看", "不知道哪里好", "质量太差了，哪个好？", "颜色很好看，哪个码合适？", "什么时候发货",
          "几天就到了很好", "啥也不说了好评", "真不知道为什么这么多人说好", "你好", "",
          # the customer recommending the product
          "推荐一下性价比高的", "强烈推荐，性价比高", "值得推荐", "这款性价比高", "能推荐给朋友的好东西", "可以推荐给大家",
          # a dismissal in the same words (no place or shop as its subject, no 吗), or a bare one left to the model
          "这家店有什么好吃的", "这有什么好看的？", "有什么好吃的？", "这破店还有什么好吃的吗", "你们有什么好牛的"]


@pytest.mark.parametrize("text", ADVICE)
def test_asking_which_is_good_is_an_advice_question(text: str) -> None:
    assert is_advice_question(text)


@pytest.mark.parametrize("text", STATED)
def test_verdicts_in_a_questions_words_are_not(text: str) -> None:
    assert not is_advice_question(text)


def test_the_served_wrapper_answers_advice_questions_without_the_model() -> None:
    inner = _Recording()
    results = PlaceholderAwareClassifier(inner).analyze(["质量很好", "送人选哪款好"])
    assert inner.seen == ["质量很好"]
    assert [(r.sentiment, r.score, r.emotion) for r in results] == [("positive", 0.9, "joy"), ("neutral", 0.0, "neutral")]


@pytest.mark.parametrize("name", ["transformer", "baseline"])
def test_the_served_models_read_an_advice_question_as_neutral(name: str) -> None:
    # Held out: written for this test, not for the patterns above. The transformer alone read 哪款颜色更好看 as +0.94.
    readings = load_classifier(name).analyze(["亲，180斤选什么尺码合适呀", "哪款颜色更好看", "穿着很合适，颜色也好看"])
    assert [r.sentiment for r in readings] == ["neutral", "neutral", "positive"]
