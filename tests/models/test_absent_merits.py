"""A merit said to be missing (毫无亮点, 没有诚意) is a complaint in a short text; a fault said to be missing, a merit
not needed, a screen's bright pixel and a long review are left to the model."""

import pytest

from models.absent_merits import absent_fault, absent_merit
from models.registry import load_classifier
from models.text import normalize

COMPLAINTS = {
    "毫无亮点": "毫无亮点",
    "没什么亮点": "没什么亮点",
    "没有诚意": "没有诚意",
    "毫无性价比可言": "毫无性价比可言",
    "一点惊喜都没有": "一点惊喜都没有",
    "外观还行，就是没啥档次": "就是没啥档次",
    "毫無誠意": "毫无诚意",  # Traditional
    "除了颜值高，没有其他优点": "没有其他优点",  # one merit granted, every other denied
    "除了地点靠近地铁，几乎未发现其他优点。": "几乎未发现其他优点",  # looked for and not found
    "找不到任何卖点": "找不到任何卖点",
}
LEFT_TO_THE_MODEL = [
    "没有任何缺点",  # a fault missing
    "除了有点贵，没有其他缺点",
    "没有优惠券也很划算",
    "没有比这更有性价比的了",
    "没有亮点也没有缺点",
    "不是没有优点",
    "有没有亮点？",
    "屏幕毫无亮点，很完美",  # the screen's bright pixels
    "性价比不错，功能全面，而且没有亮点",
    "如果没有诚意就别卖",
    "房间很大，早餐丰富，前台服务热情，位置也方便，就是价格没有什么优势",  # one remark among many
    "",
]


@pytest.mark.parametrize(("text", "clause"), COMPLAINTS.items())
def test_a_merit_said_to_be_missing_is_a_complaint(text: str, clause: str) -> None:
    assert absent_merit(normalize(text)) == (-1, clause, "disappointment")


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_missing_faults_bright_pixels_and_long_reviews_are_left_to_the_model(text: str) -> None:
    assert absent_merit(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_absence() -> None:
    # Written for this test: without the rule the served model read all three as praise (+0.56, +0.80, +0.96).
    readings = load_classifier().analyze(["这次的活动没什么惊喜", "这个新品没什么亮点", "这个价格毫无性价比可言"])
    assert [a.sentiment for a in readings] == ["negative", "negative", "negative"]


@pytest.mark.parametrize("text", ["毫无压力", "玩王者荣耀毫无压力", "毫无违和感", "毫无卡顿", "一点异味都没有", "毫無壓力"])
def test_a_fault_said_missing_outright_is_praise(text: str) -> None:
    found = absent_fault(normalize(text))
    assert found is not None and found[0] == 1 and found[2] == "joy"


@pytest.mark.parametrize("text", ["不是毫无问题", "毫无问题可言", "毫无诚意，毫无压力", "没有卡顿",  # 没有 is read right
                                  "房间很大，早餐丰富，服务热情，位置也方便，周边吃饭购物毫无压力", ""])
def test_faults_denied_in_other_ways_or_long_reviews_are_left_to_the_model(text: str) -> None:
    assert absent_fault(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_a_missing_burden_as_praise() -> None:
    # Without the rule the served model read both as complaints (−0.79, −0.55).
    readings = load_classifier().analyze(["毫无压力", "毫无违和感"])
    assert [a.sentiment for a in readings] == ["positive", "positive"]
