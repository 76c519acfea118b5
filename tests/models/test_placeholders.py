"""Platform placeholders are neutral without a model call; every other text reaches the model, in order."""

from collections.abc import Sequence

import pytest

from models.analysis import Analysis
from models.placeholders import PlaceholderAwareClassifier, is_placeholder
from models.registry import load_classifier

PLACEHOLDERS = [
    "此用户未填写评价内容",
    "该用户未填写评价内容。",
    "用户没有填写评价",
    "此用户未填写文字评价",
    "评价方未及时做出评价,系统默认好评!",
    "用户未及时评价，此评价为系统默认好评",
    "系统默认好评",
    "默认好评",
    "這個用戶很懶，什麼也沒有留下",  # Traditional, full-width punctuation
    "  买家没有留下评论 ",
    "无",
    "暂无",
    "略",
    "https://item.jd.com/100012043978.html",
    "13800138000",
    "1",
    "。。。",
    "",
    "嗯",  # a lone interjection: an acknowledgement
    "嗯嗯。",
    "哦",
    "好的，收到",  # chat acknowledgements: no verdict, no reward
    "好的好的",
    "收到了。",
    "知道了",
    "明白了",
    "嗯嗯，了解",
    "好嘞~",
    "没事了",  # an issue settled, an apology for the interruption
    "不好意思，打扰了",
]
OPINIONS = [
    "默认好评，其实东西一般",  # quotes a placeholder, then says something
    "用户体验很差",
    "没有评价的必要，垃圾",
    "评价很真实，买对了",
    "无语",
    "略有瑕疵",
    "？？？",  # a reaction: left to the model
    "!!!",
    "😡",  # emoji become words before this check
    "[怒]",
    "ok",
    "订单号 123456 还没发货",
    "链接 https://item.jd.com/1.html 里的图和实物不一样",
    "666",  # slang praise, not a number
    "66666!",
    "嗯，还不错",
    "好的，谢谢",  # thanks: gratitude for the model to read
    "收到了，质量很好",
    "好吧",  # resigned: left to the model
    "没事了，已经收到了",
    "不好意思，发错货了吧？",
    "好的产品",
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_stock_lines_are_placeholders(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", OPINIONS)
def test_texts_with_words_of_their_own_are_not(text: str) -> None:
    assert not is_placeholder(text)


class _Recording:
    """A classifier that records what it was asked and answers a positive reading for each text."""

    name = "recording"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        self.seen.extend(texts)
        return [Analysis("positive", 0.9, {"positive": 0.95, "neutral": 0.0, "negative": 0.05}, "joy",
                         {"joy": 0.9}, 0.5, evidence=[t]) for t in texts]


def test_placeholders_skip_the_model_and_keep_input_order() -> None:
    inner = _Recording()
    texts = ["物流很快", "此用户未填写评价内容", "质量很好", "系统默认好评"]
    results = PlaceholderAwareClassifier(inner).analyze(texts)
    assert inner.seen == ["物流很快", "质量很好"]
    assert [r.sentiment for r in results] == ["positive", "neutral", "positive", "neutral"]
    assert [r.evidence for r in results] == [["物流很快"], ["此用户未填写评价内容"], ["质量很好"], ["系统默认好评"]]
    placeholder = results[1]
    assert placeholder.score == 0.0 and placeholder.intensity == 0.0 and placeholder.emotion == "neutral"
    assert placeholder.probabilities["neutral"] == 1.0 and sum(placeholder.probabilities.values()) == 1.0
    assert placeholder.emotions["neutral"] == 1.0 and placeholder.model == "recording"
    assert PlaceholderAwareClassifier(inner).analyze([]) == []


@pytest.mark.parametrize("name", ["transformer", "baseline"])
def test_both_bundled_models_read_a_placeholder_as_neutral(name: str) -> None:
    # Without the guard both read it as a strong complaint (score about -0.9: 未 reads as a negation).
    clf = load_classifier(name)
    placeholder, review = clf.analyze(["此用户未填写评价内容", "质量太差了，用了两天就坏了"])
    assert (placeholder.sentiment, placeholder.score) == ("neutral", 0.0)
    assert review.sentiment == "negative" and review.score < -0.5
