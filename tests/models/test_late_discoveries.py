"""Regret at finding the shop or thing late is praise; regrets and wishes that name a fault, a wish about service,
and a long review are left to the model."""

import pytest

from models.late_discoveries import late_discovery
from models.registry import load_classifier
from models.text import normalize

PRAISE = {
    "要是早点知道这家店就好了": "要是早点知道这家店就好了",
    "早知道这家店就好了": "早知道这家店就好了",
    "后悔没早点买这个": "后悔没早点买这个",
    "早點遇到這家就好了": "早点遇到这家就好了",  # Traditional
}
LEFT_TO_THE_MODEL = [
    "早知道就不买了",  # a fault's regret
    "要是早点发货就好了",  # a wish about service
    "早知道这么差就不来了",
    "要是早点发现问题就好了",
    "早知道这家店这么坑就好了",
    "早知道这个价格就好了",  # a price: which way is not said
    "房间很大，早餐很丰富，服务也很周到，位置方便，性价比高，早知道这家店就好了",  # one remark among many
    "",
]


@pytest.mark.parametrize(("text", "words"), PRAISE.items())
def test_regret_at_finding_it_late_is_praise(text: str, words: str) -> None:
    assert late_discovery(normalize(text)) == (1, words, "joy")


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_regrets_naming_a_fault_are_left_to_the_model(text: str) -> None:
    assert late_discovery(normalize(text)) is None


@pytest.mark.slow
def test_the_served_model_reads_the_regret_as_praise() -> None:
    # Without the rule the served model read the first as −0.84.
    readings = load_classifier().analyze(["要是早点知道这家店就好了", "早知道这家店就好了"])
    assert [a.sentiment for a in readings] == ["positive", "positive"]
