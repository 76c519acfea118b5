"""A promise kept (客服说今天发，果然今天就发了) is praise; a fear or a warning borne out, and a 果然 that repeats nothing
that was said, are left to the model."""

import pytest

from models.promises_kept import promise_kept
from models.registry import load_classifier
from models.text import normalize

KEPT = ["客服说今天发，果然今天就发了", "说会退款，果然退了", "说好的三天到，结果果然三天就到了", "客服說今天發，果然今天就發了"]
LEFT_TO_THE_MODEL = [
    "说是新鲜的，果然是烂的",  # a fault
    "说很好用，果然不好用",  # a negation
    "朋友说这家很坑，果然被坑了",  # a warning borne out
    "客服说马上处理，果然又没下文了",
    "说今天发，果然很好",  # repeats nothing that was said
    "他们说会打电话，果然打来骂我了",  # a person turning on the customer
    "果然是假货",
    "",
]


@pytest.mark.parametrize("text", KEPT)
def test_a_promise_kept_is_praise(text: str) -> None:
    found = promise_kept(normalize(text))
    assert found is not None and found[0] == 1 and found[2] == "joy"


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_fears_borne_out_are_left_to_the_model(text: str) -> None:
    assert promise_kept(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_promise_kept() -> None:
    # Without the rule the served model read both as complaints (−0.83, −0.95).
    readings = load_classifier().analyze(["客服说今天发，果然今天就发了", "说会退款，果然退了"])
    assert [a.sentiment for a in readings] == ["positive", "positive"]
