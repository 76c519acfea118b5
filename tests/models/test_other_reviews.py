"""A verdict measured against other reviews points the customer's own way: 没有差评说的那么差 is praise, 别信好评 a
complaint; agreeing with them, or comparing with praise, is left to the model."""

import pytest

from models.other_reviews import measured_against_others
from models.registry import load_classifier
from models.text import normalize

PRAISE = ["没有差评里说的那么差", "不像评论说的那么差", "比差评说的好多了", "没有差评说的那么严重", "并没有网上写的那么烂"]
COMPLAINTS = ["别信好评", "好评都是刷的吧", "商家刷好评", "不要相信这些评论", "好評都是假的"]  # the last in Traditional
LEFT_TO_THE_MODEL = [
    "没想到评论说的那么差是真的",  # agrees with them
    "差评说的都对",
    "好评说的没错，真的好用",
    "没有宣传的那么好",  # measured against praise: the model reads it
    "没有想象中那么差",  # no one else's words
    "给好评返现买得值",
    "没有差评说的那么差，不过好评都是刷的",  # both: says neither
    "",
]


@pytest.mark.parametrize("text", PRAISE)
def test_a_fault_others_reported_and_denied_is_praise(text: str) -> None:
    found = measured_against_others(normalize(text))
    assert found is not None and found[0] == 1 and found[1] in normalize(text)


@pytest.mark.parametrize("text", COMPLAINTS)
def test_distrusting_others_praise_is_a_complaint(text: str) -> None:
    found = measured_against_others(normalize(text))
    assert found is not None and found[0] == -1 and found[2] == "anger"


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_agreement_and_plain_comparisons_are_left_to_the_model(text: str) -> None:
    assert measured_against_others(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_customers_side() -> None:
    # Written for this test: the bundled model alone reads each the other way.
    readings = load_classifier().analyze(["用了一周，没有评论里说的那么难用", "别信好评，都是托"])
    assert [a.sentiment for a in readings] == ["positive", "negative"]
