"""Verdicts the customer states (ratings, broken promises) decide a text the model cannot read; only clear ones count."""

from collections.abc import Sequence
from dataclasses import replace

import pytest

from models.analysis import Analysis
from models.registry import load_classifier
from models.stated_verdicts import (
    StatedVerdictClassifier,
    broken_promise,
    rhetorical_insult,
    stated_rating,
    stated_verdict,
    with_verdict,
)
from models.text import normalize

TOP = ["给10分", "打满分", "这次给个满分吧", "給10分，超讚", "给五星", "打了五颗星", "质量不错给10分", "给100分", "评9分",
       "物流很快，五星", "满分", "包装很好，满分好评", "不多说了，5星", "一百分！"]
BOTTOM = ["给1分", "只能打0分", "给你们打负分", "给一星都嫌多", "满分10分，我给2分", "打 -100 分", "只给两颗星",
          "难吃，负分", "差评，零分", "很差，一星吧"]
NO_RATING = [
    "3分吧，一般",  # the middle of an unknown scale (of 5 or of 10)
    "给5分",
    "等了10分钟才上菜",  # minutes
    "一分钱一分货，质量还行",  # cents
    "五星级酒店，服务一般",  # a hotel's class
    "东西一般，三星吧",  # a bare score in the middle
    "上菜很慢，10分钟才来",  # a bare number of minutes
    "服务10分，环境1分",  # scores of aspects that disagree, not of the whole
    "再给你们一星期，还不发货就投诉",  # a week
    "打十分之一的折扣都不为过",  # a tenth
    "十分满意，下次还来",  # 十分: very
    "不能给满分，物流太慢",  # refused
    "没法给五星",
    "本来想给五星的，结果发错货了",  # a wish
    "要不是物流慢，我就给满分了",
    "如果物流再快点就给满分了",
    "房间给满分，服务只能给1分",  # ratings that disagree
    "怎么会有那么多人给它评五星",  # someone else's
    "标志上打了五颗星，服务却只有两星水平",
]


@pytest.mark.parametrize("text", TOP)
def test_top_ratings_are_praise(text: str) -> None:
    rating = stated_rating(normalize(text))
    assert rating is not None and rating[0] == 1 and rating[1] in normalize(text)


@pytest.mark.parametrize("text", BOTTOM)
def test_bottom_ratings_are_complaints(text: str) -> None:
    rating = stated_rating(normalize(text))
    assert rating is not None and rating[0] == -1


@pytest.mark.parametrize("text", NO_RATING)
def test_ambiguous_or_not_the_customers_rating_is_none(text: str) -> None:
    assert stated_rating(normalize(text)) is None


def test_a_bottom_rating_still_counts_under_a_condition() -> None:
    # "if there were a 0, I'd give 0" is a complaint; "if it were faster, full marks" is a wish (above)
    assert stated_rating(normalize("如果有0分我会给0分")) == (-1, "给0分")


def _reading(sentiment: str, probabilities: dict[str, float], emotions: dict[str, float]) -> Analysis:
    return Analysis(sentiment, probabilities["positive"] - probabilities["negative"], probabilities,
                    max(emotions, key=lambda k: emotions[k]), emotions, 0.2, evidence=["分"])


NEUTRAL_EMOTIONS = {"joy": 0.05, "gratitude": 0.02, "anger": 0.03, "anxiety": 0.02, "disappointment": 0.04, "neutral": 0.9}


def test_a_rating_decides_a_text_read_as_neutral() -> None:
    blended = with_verdict(_reading("neutral", {"positive": 0.05, "neutral": 0.92, "negative": 0.03}, NEUTRAL_EMOTIONS),
                           1, "给10分", "joy")
    assert blended.sentiment == "positive" and blended.score > 0.5
    assert blended.emotion == "joy" and blended.emotions["joy"] >= 0.5
    assert blended.evidence[0] == "给10分"
    assert blended.intensity > 0.2  # a verdict now, no longer the neutral reading's 0.2
    assert sum(blended.probabilities.values()) == pytest.approx(1.0, abs=1e-5)


def test_a_bottom_rating_reads_as_disappointment() -> None:
    blended = with_verdict(_reading("neutral", {"positive": 0.04, "neutral": 0.92, "negative": 0.04}, NEUTRAL_EMOTIONS),
                           *stated_verdict("给1分") or ())
    assert (blended.sentiment, blended.emotion) == ("negative", "disappointment")


def test_a_rating_does_not_overturn_a_clear_reading() -> None:
    clear = _reading("negative", {"positive": 0.02, "neutral": 0.03, "negative": 0.95},
                     {**NEUTRAL_EMOTIONS, "anger": 0.8, "neutral": 0.05})
    blended = with_verdict(clear, 1, "给满分", "joy")
    assert blended.sentiment == "negative" and blended.emotion == "anger"
    assert blended.probabilities["positive"] > clear.probabilities["positive"]


def test_evidence_leads_with_the_words_and_drops_a_clause_that_only_repeats_them() -> None:
    reading = replace(_reading("neutral", {"positive": 0.05, "neutral": 0.92, "negative": 0.03}, NEUTRAL_EMOTIONS),
                      evidence=["这有什么好看的", "质量不错给10分", "有什么", "包装一般"])
    blended = with_verdict(reading, -1, "有什么好看的", "disappointment")
    assert blended.evidence == ["有什么好看的", "质量不错给10分", "包装一般"]


class _Neutral:
    name = "neutral"

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        return [_reading("neutral", {"positive": 0.05, "neutral": 0.9, "negative": 0.05}, NEUTRAL_EMOTIONS) for _ in texts]


def test_the_wrapper_reads_only_rated_texts_and_quotes_the_customers_characters() -> None:
    results = StatedVerdictClassifier(_Neutral()).analyze(["物流很快", "給１０分", "等了10分钟", "說好的發票呢？"])
    assert [r.sentiment for r in results] == ["neutral", "positive", "neutral", "negative"]
    assert results[1].evidence[0] == "給１０分"
    assert results[3].evidence[0] == "說好的發票呢" and results[3].emotion == "anger"


PROMISES = ["说好的次日达呢？", "发票呢？说好的发票呢？", "不是说好包邮吗", "不是说好的七天无理由退货吗？",
            "答应给我补发的赠品呢", "承诺的48小时发货去哪了"]
NOT_PROMISES = ["和说好的一样，准时送到", "说好的明天到，果然明天就到了", "商家说好会补发，已经收到了",
                "他怎样去完成他的承诺呢"]


@pytest.mark.parametrize("text", PROMISES)
def test_a_promise_asked_after_is_a_complaint(text: str) -> None:
    promise = broken_promise(normalize(text))
    assert promise is not None and promise[0] == -1


@pytest.mark.parametrize("text", NOT_PROMISES)
def test_a_promise_kept_is_not(text: str) -> None:
    assert broken_promise(normalize(text)) is None


INSULTS = ["你们的质检是干什么吃的？", "你們快遞是幹啥吃的", "客服干嘛吃的，问了三遍没人回", "你们是吃干饭的吗"]
NOT_INSULTS = ["这个零食是干什么吃的时候配的", "我想知道你们平时都吃什么", "干什么都行，吃的别太辣"]


@pytest.mark.parametrize("text", INSULTS)
def test_asking_what_staff_are_for_is_an_angry_complaint(text: str) -> None:
    verdict = stated_verdict(normalize(text))
    assert verdict is not None and verdict[0] == -1 and verdict[2] == "anger"


@pytest.mark.parametrize("text", NOT_INSULTS)
def test_eating_and_asking_alone_is_no_insult(text: str) -> None:
    assert rhetorical_insult(normalize(text)) is None


def test_a_rating_comes_before_a_promise() -> None:
    assert stated_verdict(normalize("说好的赠品呢？不过东西不错，给10分")) == (1, "给10分", "joy")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["transformer", "baseline"])
def test_the_served_models_read_stated_verdicts(name: str) -> None:
    # Held out: survey and chat answers written for this test, not for the patterns above.
    texts = ["给10分，下次还来", "我给9分", "打1分都嫌多", "只能给1分了", "说好的顺丰呢？怎么发的是邮政",
             "你们售后是干啥吃的"]
    verdicts = [a.sentiment for a in load_classifier(name).analyze(texts)]
    assert verdicts == ["positive", "positive", "negative", "negative", "negative", "negative"]
