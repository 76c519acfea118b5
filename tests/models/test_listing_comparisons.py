"""A product measured against its listing, a promise or an expectation takes the comparison's side (比图片上的小: a
complaint; 比预计的早到: praise) in a short text; words whose direction depends on the thing, denied or asked
comparisons, comparisons with anything else and long reviews are left to the model."""

import pytest

from models.listing_comparisons import measured_against_listing
from models.registry import load_classifier
from models.text import normalize

FOUND = {
    "比描述的小很多": (-1, "比描述的小"),
    "比图片上的小": (-1, "比图片上的小"),
    "比说好的晚了三天": (-1, "比说好的晚"),  # 说好, not 说 and 好
    "比说的早到了两天": (1, "比说的早"),
    "实物比照片还精致": (1, "比照片还精致"),
    "實物比圖片好看": (1, "比图片好"),  # Traditional
}
LEFT_TO_THE_MODEL = [
    "比想象中的大",  # a room's praise, a size's complaint
    "比图片上的颜色深",
    "比我想象的薄很多，很适合带出门",  # a thin phone's praise, a thin fabric's complaint
    "不比图片差",  # denied
    "实物比图片大吗？",  # asked
    "比上次买的小一码",  # measured against something else
    "比如说好的东西就贵",  # 比如
    "这个比较好",
    "比图片上的小，比描述的好",  # both ways
    "体积小，携带方便，发热量不大，电池待机时间比一般笔记本长，但比广告写的时间要短，4-5个小时还行",  # one remark
    "",
]


@pytest.mark.parametrize(("text", "expected"), FOUND.items())
def test_the_comparison_with_the_listing_decides(text: str, expected: tuple[int, str]) -> None:
    found = measured_against_listing(normalize(text))
    assert found is not None and found[:2] == expected
    assert found[2] == ("disappointment" if expected[0] < 0 else "joy")


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_other_comparisons_are_left_to_the_model(text: str) -> None:
    assert measured_against_listing(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_comparison() -> None:
    # Written for this test: without the rule the served model read the first two as praise, the third as a complaint.
    readings = load_classifier().analyze(["这件比描述的小很多", "实物比图片上的小", "比说的早到了两天"])
    assert [a.sentiment for a in readings] == ["negative", "negative", "positive"]
