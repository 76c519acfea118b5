"""A text that sets the past beside the present is read by the change: a decline is a complaint, an improvement
praise, and a present that goes on as before keeps the past's verdict; a past that is asked about or compared with,
and a long review in which the change is one remark, are left to the model."""

import pytest

from models.text import normalize
from models.then_and_now import ChangedVerdictClassifier, ThenAndNow, change, kept, then_and_now
from tests.models.stub_models import ByText, scored

PAIRS = {
    "以前很好吃，现在不行了": ThenAndNow("以前很好吃", "现在不行了"),
    "這家店以前很好吃，現在不行了": ThenAndNow("这家店以前很好吃", "现在不行了"),  # Traditional
    "以前挺好的,但是现在一般。": ThenAndNow("以前挺好的", "但是现在一般"),
    "之前差评。这次改善很多！": ThenAndNow("之前差评", "这次改善很多"),
    "老顾客了，以前服务很好，现在态度差多了": ThenAndNow("以前服务很好", "现在态度差多了"),
    "一开始不会用，看了说明，后来就顺手了": ThenAndNow("一开始不会用,看了说明", "后来就顺手了"),
    "以前很好吃，现在怎么这么难吃了？": ThenAndNow("以前很好吃", "现在怎么这么难吃了"),  # a rhetorical question
    "以前很好吃，现在也很好吃": ThenAndNow("以前很好吃", "现在也很好吃", continued=True),  # goes on as before
    "以前难吃，现在更难吃了": ThenAndNow("以前难吃", "现在更难吃了", continued=True),
    "上次买的很好，这次继续支持": ThenAndNow("上次买的很好", "这次继续支持", continued=True),
}
NO_PAIR = [
    "原来是我自己装错了，现在好了",  # 原来: it turned out
    "为什么以前送货上门，现在却要自己取？",  # the past asked about
    "远不如以前，现在做工差",  # the past compared with
    "买之前很担心，现在放心了",  # before buying
    "以前很好用，现在还能用吗？",  # the present asked about
    "以前有赠品，现在还有？",
    "以前很好吃。搬走好几年了。现在不知道怎么样",  # the present two sentences on
    "以前很好吃",
    "现在不行了",
    "第三次入住了，房间很大，早餐丰富，前台服务热情，以前住过觉得一般，这次升级了房型，总体来说性价比不错，下次还来",
    "",
]


@pytest.mark.parametrize(("text", "pair"), PAIRS.items())
def test_the_past_and_the_present_are_found(text: str, pair: ThenAndNow) -> None:
    assert then_and_now(normalize(text)) == pair


@pytest.mark.parametrize("text", NO_PAIR)
def test_no_change_is_read_where_none_is_reported(text: str) -> None:
    assert then_and_now(normalize(text)) is None


@pytest.mark.parametrize(
    ("then_score", "now_score", "expected"),
    [
        (0.95, 0.25, -1),  # a good past, a lukewarm present: a decline
        (0.95, -0.9, -1),
        (0.95, 0.9, None),  # still good
        (0.3, -0.9, None),  # the past stated no clear verdict
        (-0.8, 0.9, 1),  # an improvement, said
        (-0.8, 0.1, None),  # a bad past beside a plain present: often the present's complaint
        (-0.8, -0.9, None),
    ],
)
def test_a_change_needs_a_clear_past_and_a_clear_shift(then_score: float, now_score: float,
                                                       expected: int | None) -> None:
    assert change(then_score, now_score) == expected


@pytest.mark.parametrize(
    ("then_opinion", "now_score", "expected"),
    [
        (-1, 0.4, -1),  # 以前就很慢，现在还是老样子: the model's +0.4 for the present is no clear praise
        (1, 0.9, 1),
        (1, -0.8, None),  # 以前很好吃，现在也不行了: the present says otherwise
        (0, 0.9, None),  # the past names no opinion
    ],
)
def test_a_present_that_goes_on_keeps_the_pasts_verdict(then_opinion: int, now_score: float,
                                                         expected: int | None) -> None:
    assert kept(then_opinion, now_score) == expected


def test_a_decline_the_model_reads_as_praise_is_served_as_a_complaint() -> None:
    text = "以前很好吃，现在就那样"
    model = ByText({text: scored(0.9), "以前很好吃": scored(0.95), "现在就那样": scored(0.25), "物流很快": scored(0.9)})
    decline, plain = ChangedVerdictClassifier(model).analyze([text, "物流很快"])
    assert (decline.sentiment, decline.emotion) == ("negative", "disappointment")
    assert decline.evidence[0] == "现在就那样"
    assert plain.sentiment == "positive"
    assert model.asked[1] == ["以前很好吃", "现在就那样"]  # only the text that holds a change is read again


def test_texts_without_a_past_cost_no_second_reading() -> None:
    model = ByText({"物流很快": scored(0.9), "现在不行了": scored(-0.6)})
    ChangedVerdictClassifier(model).analyze(["物流很快", "现在不行了"])
    assert len(model.asked) == 1


@pytest.mark.slow
def test_the_served_model_reads_the_change() -> None:
    from models.registry import load_classifier

    # Written for this test: the bundled model alone read the first as praise (+0.79).
    readings = load_classifier().analyze(["以前特别好喝，现在喝着就那样", "之前一直买，这次味道完全变了", "以前经常断货，现在补货快多了"])
    assert [a.sentiment for a in readings] == ["negative", "negative", "positive"]
    assert readings[0].evidence[0] == "现在喝着就那样"


def test_the_aspect_the_past_praised_is_what_declined() -> None:
    from dataclasses import replace

    from models.analysis import AspectSentiment

    text = "以前很好吃，现在就那样"
    whole = replace(scored(0.9), aspects=[AspectSentiment("口味", "positive", "以前很好吃")])
    model = ByText({text: whole, "以前很好吃": scored(0.95), "现在就那样": scored(0.25)})
    (decline,) = ChangedVerdictClassifier(model).analyze([text])
    assert [(a.aspect, a.sentiment) for a in decline.aspects] == [("口味", "negative")]
