"""One field of a pros / cons form takes its header's side (缺点：房间太小: a complaint), an empty one the other side
(缺点：暂无: praise); forms with both kinds of field, fields weighed against the rest, and texts without a header at
their start are left to the model."""

import pytest

from models.form_fields import form_field
from models.registry import load_classifier
from models.text import normalize

FIELDS = {
    "缺点：房间太小": -1,
    "【缺点】没有停车场": -1,  # a lack is a fault
    "缺点是退房狂慢，花掉我半个小时...": -1,
    "缺点1、隔音差": -1,
    "不足之处有两个：": -1,  # announces its points
    "优点：没有": -1,
    "优点：实在想不出来": -1,
    "优点：位置好": 1,
    "优点是交通方便。": 1,
    "缺点：暂时没发现": 1,
    "缺点：还没有发现。": 1,
    "不足：无": 1,
    "缺点是没有缺点": 1,
    "優點：位置好": 1,  # Traditional
}
LEFT_TO_THE_MODEL = [
    "优点：屏幕好。缺点：电池差",  # both kinds
    "不足之处是没有健身房。除此以外，都很好，强烈推荐！",  # weighed against the rest
    "缺点：有点贵，但是整体满意",
    "优点：除了便宜没别的",
    "缺点不多，整体很满意",  # no header
    "房间的缺点：太小",  # not at the start
    "缺点：",  # says nothing yet
    "优点是：",
    "",
]


@pytest.mark.parametrize(("text", "side"), FIELDS.items())
def test_a_lone_field_takes_its_headers_side(text: str, side: int) -> None:
    found = form_field(normalize(text))
    assert found is not None and found[0] == side
    assert found[2] == ("joy" if side > 0 else "disappointment")


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_whole_forms_and_weighed_fields_are_left_to_the_model(text: str) -> None:
    assert form_field(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_header() -> None:
    # Without the rule the served model read 优点：位置好 as −0.39 and 缺点：房间太小 as +0.35 (corpus fragments cut from
    # reviews of the other side taught it the headers backwards).
    readings = load_classifier().analyze(["优点：位置好", "缺点：房间太小"])
    assert [a.sentiment for a in readings] == ["positive", "negative"]
