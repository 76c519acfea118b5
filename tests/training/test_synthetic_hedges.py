import random
from collections import Counter

from training.synthetic_hard import COMPLAINING_CLAUSES as COMPLAINTS
from training.synthetic_hard import PRAISING_CLAUSES as PRAISES
from training.synthetic_hedges import BAD_LUCK, CAUSES, DELIVERY_CAUSES, LUCK, NUISANCES, hedge_texts


def test_hedge_texts_are_deterministic_varied_and_polar() -> None:
    first, again = hedge_texts(random.Random(3), 1200), hedge_texts(random.Random(3), 1200)
    assert first == again
    assert len({text for text, _, _ in first}) > 1000
    counts = Counter(sentiment for _, sentiment, _ in first)
    assert counts.keys() == {"positive", "negative"} and 0.4 < counts["positive"] / len(first) < 0.6


def test_a_guessed_cause_follows_praise_and_complaints_alike_and_the_clause_decides() -> None:
    by_cause: dict[str, set[str]] = {}
    for text, sentiment, _ in hedge_texts(random.Random(5), 8000):
        if any(p in text for p in PRAISES):
            assert sentiment == "positive", text
        elif any(c in text for c in COMPLAINTS):
            assert sentiment == "negative", text
        for cause in CAUSES + DELIVERY_CAUSES:
            if cause in text:
                by_cause.setdefault(cause, set()).add(sentiment)
    assert all(seen == {"positive", "negative"} for seen in by_cause.values()), by_cause


def test_luck_and_nuisances_are_praise_when_absent_and_complaints_when_present() -> None:
    nuisances = {n for things in NUISANCES.values() for n in things}
    texts = hedge_texts(random.Random(8), 3000)
    for text, sentiment, _ in texts:
        if any(text.startswith(luck) or f"{luck}吧" in text for luck in BAD_LUCK):
            assert sentiment == "negative", text
        elif any(text.startswith(luck) or f"{luck}吧" in text for luck in LUCK):
            assert sentiment == "positive" and "没有" in text, text
        elif any(text.endswith(n) or f"{n}，" in text or f"{n}太多" in text for n in nuisances):
            assert sentiment == ("positive" if "没有" in text else "negative"), text
    assert {"没有什么多余的乱七八糟的东西", "包装里没有乱七八糟的小广告"} & {t for t, _, _ in texts}


def test_the_generated_texts_are_recognised_as_hedges_and_plain_reviews_are_not() -> None:
    from training.synthetic_hedges import is_hedge_text

    assert all(is_hedge_text(text) for text, _, _ in hedge_texts(random.Random(11), 500))
    assert not any(is_hedge_text(t) for t in ("物流很快，包装完好", "可能是我想多了", "质量很差，不会再买了"))
