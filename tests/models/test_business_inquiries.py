"""Job and partnership inquiries are no customer's verdict; a text that says anything else stays with the model."""

import pytest

from models.business_inquiries import is_business_inquiry
from models.registry import load_classifier

INQUIRIES = ["你们还招人吗？", "招代理吗", "可以合作吗？我们是做直播带货的", "你好，我是XX公司的，想跟贵店谈谈合作",
             "你们店里缺客服吗", "亲，你们招学徒吗", "我想应聘", "老板，招不招兼职", "怎么做代理？", "请问可以加盟吗",
             "你們還招人嗎",  # Traditional
             "想跟你们谈谈合作，怎么联系"]
NOT_INQUIRIES = [
    "你们还招人吗？我来帮你们发货",  # sarcasm about slow shipping
    "我们是做直播带货的", "怎么联系你们",  # an introduction or a contact question alone asks nothing
    "我要客服", "缺货吗", "合作愉快", "合作了好几次了，一直很满意", "你们这样做生意，还想有人跟你们合作？",
    "客服态度太差，建议招点专业的人", "",
]


@pytest.mark.parametrize("text", INQUIRIES)
def test_job_and_partnership_inquiries_match(text: str) -> None:
    assert is_business_inquiry(text)


@pytest.mark.parametrize("text", NOT_INQUIRIES)
def test_texts_that_say_anything_else_do_not(text: str) -> None:
    assert not is_business_inquiry(text)


@pytest.mark.slow
def test_the_served_model_answers_an_inquiry_as_neutral() -> None:
    # Written for this test: the bundled model alone reads it as an angry complaint (−0.92).
    reading = load_classifier().analyze(["你们店还招不招店员？"])[0]
    assert (reading.sentiment, reading.emotion, reading.intensity) == ("neutral", "neutral", 0.0)
