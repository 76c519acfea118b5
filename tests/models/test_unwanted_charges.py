"""A charge the customer never agreed to (退订了还在扣费, 多扣, 重复扣款, 说免结果又收了) is a complaint; questions about
charges, charges agreed to, and words that only look alike are left to the model."""

import pytest

from models.registry import load_classifier
from models.text import normalize
from models.unwanted_charges import unwanted_charge

COMPLAINTS = {
    "退订了还在扣费": "退订了还在扣费",
    "取消了还扣钱": "取消了还扣钱",
    "每个月多扣我10块钱": "多扣",
    "没开通的业务也收费": "没开通的业务也收费",
    "信用卡年费说免结果又收了": "说免结果又收",
    "酒店多收了一晚的房费": "多收",
    "莫名其妙被扣了20块": "莫名其妙被扣",
    "偷偷给我开通了会员": "偷偷给我开通",
    "退訂了還在扣費": "退订了还在扣费",  # Traditional
}
LEFT_TO_THE_MODEL = [
    "请问取消了还会扣费吗？",  # asks what will happen
    "退订后还扣费吗",
    "请问怎么取消自动续费？",
    "退订成功，谢谢",
    "取消了订单还收到了货",  # 收到, not 收费
    "没用过还收藏着",
    "取消了还计划再买",
    "偷偷收藏了这家店",  # 收藏, not 收
    "这次旅行多收获了不少",  # 多收获, not 多收
    "别乱扣帽子",
    "取消了就不扣费了，挺好",
    "",
]


@pytest.mark.parametrize(("text", "words"), COMPLAINTS.items())
def test_a_charge_never_agreed_to_is_a_complaint(text: str, words: str) -> None:
    assert unwanted_charge(normalize(text)) == (-1, words)


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_questions_and_lookalikes_are_left_to_the_model(text: str) -> None:
    assert unwanted_charge(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_complaint() -> None:
    # Written for this test: without the rule the served model read all three as neutral.
    readings = load_classifier().analyze(["套餐取消了照样收月租", "宽带停机了还在扣月租", "一笔订单扣了两次款"])
    assert [(a.sentiment, a.emotion) for a in readings] == [("negative", "anger")] * 3
