import random
from collections import Counter

from training.synthetic import generate
from training.synthetic_hard import COMPLAINING_CLAUSES as COMPLAINTS
from training.synthetic_hard import PRAISING_CLAUSES as PRAISES
from training.synthetic_social import ALARM_OPENERS, PRAISE_WORDS, RETRACTIONS, social_texts


def test_social_texts_are_deterministic_varied_and_balanced() -> None:
    first, again = social_texts(random.Random(3), 800), social_texts(random.Random(3), 800)
    assert first == again
    assert len({text for text, _, _ in first}) > 500
    counts = Counter(sentiment for _, sentiment, _ in first)
    assert counts.keys() == {"positive", "negative"}
    assert 0.35 < counts["negative"] / len(first) < 0.65


def test_every_alarm_opener_introduces_both_polarities() -> None:
    """救命 / 哭了 / 离谱 are intensity, not verdicts: each must open praise and complaints alike."""
    texts = social_texts(random.Random(8), 4000)
    for opener in ALARM_OPENERS:
        labels = {s for t, s, _ in texts if t.startswith(opener)}
        assert labels == {"positive", "negative"}, opener


def test_the_clause_beside_the_cue_agrees_with_the_label() -> None:
    for text, sentiment, _ in social_texts(random.Random(9), 2000):
        if any(p in text for p in PRAISES):
            assert sentiment == "positive", text
        if any(c in text for c in COMPLAINTS):
            assert sentiment == "negative", text


def test_retracted_praise_is_a_complaint_and_standing_praise_is_not() -> None:
    texts = social_texts(random.Random(10), 2000)
    retracted = [s for t, s, _ in texts if any(r in t for r in RETRACTIONS)]
    standing = [s for t, s, _ in texts if any(t.startswith(p) for p in PRAISE_WORDS) and not any(r in t for r in RETRACTIONS)]
    assert retracted and set(retracted) == {"negative"}
    assert standing and set(standing) == {"positive"}


def test_the_synthetic_set_includes_the_social_register() -> None:
    texts = {e.text for e in generate()}
    assert any(t.startswith("救命") for t in texts)
    assert any("不能更满意了" in t for t in texts)
