"""A long wait stated bare is a complaint; short waits, normal delivery times, waits that turned out worth it,
questions about a wait, and a wait in a long review are left to the model."""

import pytest

from models.long_waits import long_wait
from models.registry import load_classifier
from models.text import normalize

COMPLAINTS = {
    "挂号排了三个小时": "排了三个小时",
    "足足等了四十分钟": "等了四十分钟",
    "等了45分钟": "等了45分钟",
    "排了很久的队": "排了很久",
    "等了半天也没人理": "等了半天",
    "退款整整等了两周": "等了两周",
    "足足等了三天": "足足等了三天",
    "掛號排了三個小時": "排了三个小时",  # Traditional
}
LEFT_TO_THE_MODEL = [
    "等了五分钟",  # not long
    "等了二十分钟",
    "快递等了两天",  # a normal delivery
    "排了很久的队，但是值得",  # turned
    "等了好久终于买到了",
    "点了外卖，等了半小时就到了",  # called short
    "等了一个小时左右，还可以",  # beside praise
    "要等多久？",  # asked
    "预计等待时间二十分钟",
    "酒店位置很好，房间干净，早餐丰富，前台服务热情，就是退房的时候等了好久",  # one remark among many
    "",
]


@pytest.mark.parametrize(("text", "words"), COMPLAINTS.items())
def test_a_long_wait_stated_bare_is_a_complaint(text: str, words: str) -> None:
    assert long_wait(normalize(text)) == (-1, words)


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_short_turned_or_asked_waits_are_left_to_the_model(text: str) -> None:
    assert long_wait(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_wait() -> None:
    # Written for this test: without the rule the served model read both as neutral.
    readings = load_classifier().analyze(["在银行办卡等了两个小时", "体检排了一上午的队"])
    assert [(a.sentiment, a.emotion) for a in readings] == [("negative", "anger")] * 2
