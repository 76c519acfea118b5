"""有什么好X的 denies X: a dismissal where X is something to want, a reassurance where X is a worry; real questions in
the same words and other people's views are left to the model."""

import pytest

from models.registry import load_classifier
from models.rhetorical_denials import rhetorical_denial
from models.text import normalize

DISMISSALS = [
    "这有什么好看的",
    "这破手机有什么好买的",
    "这个牌子有什么好吹的",
    "这种东西有什么好炫耀的",
    "这衣服有什么值得买的？",
    "就这？有什么好夸的",
    "這有什麼好看的",  # Traditional
    "他们家有啥可牛的",  # a verb no one asks about sincerely, whatever the subject
    "这有什么好的啊",
]
REASSURANCES = ["有什么好担心的，放心买", "这点小问题有什么好计较的", "这个价还有什么好挑的"]
ACCUSATIONS = ["你们还有什么好解释的？", "证据都在，有什么好狡辩的"]
LEFT_TO_THE_MODEL = [
    "附近有什么好吃的？",  # a real question: no 这 subject, no contempt
    "这附近有什么好吃的？",  # 这 names a place
    "这边有什么好玩的",
    "你们有什么好喝的？",
    "这家店还有什么好吃的吗",  # 吗: asked sincerely
    "这家店有什么好吃的呢",
    "有什么好的办法去掉异味",  # 好的 qualifies a noun
    "没有什么好吃的",  # a plain statement, not a question
    "没什么好说的，东西很好",
    "还有什么好说的",  # says neither way
    "朋友说这牌子有什么好买的，用了才知道好",  # someone else's view
    "以前觉得这有什么好吃的，现在天天点",  # a view reversed
]


@pytest.mark.parametrize("text", DISMISSALS)
def test_denying_something_to_want_is_a_dismissal(text: str) -> None:
    denial = rhetorical_denial(normalize(text))
    assert denial is not None and denial[0] == -1 and denial[2] == "disappointment"
    assert denial[1] in normalize(text)


@pytest.mark.parametrize("text", REASSURANCES)
def test_denying_a_worry_or_a_fault_reassures(text: str) -> None:
    denial = rhetorical_denial(normalize(text))
    assert denial is not None and denial[0] == 1


@pytest.mark.parametrize("text", ACCUSATIONS)
def test_denying_an_excuse_accuses(text: str) -> None:
    denial = rhetorical_denial(normalize(text))
    assert denial is not None and denial[0] == -1 and denial[2] == "anger"


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_real_questions_statements_and_others_views_are_no_denial(text: str) -> None:
    assert rhetorical_denial(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_denials_whichever_way_they_point() -> None:
    # Written for this test, not for the patterns: each read the other way by the bundled model alone.
    texts = ["这款面膜有什么好买的", "这种包有什么好抢的", "退货有什么好怕的，店家包运费"]
    readings = load_classifier().analyze(texts)
    assert [a.sentiment for a in readings] == ["negative", "negative", "positive"]
    assert readings[0].evidence[0] == "有什么好买的"
