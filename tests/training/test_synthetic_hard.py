import random
from collections import Counter

from training.synthetic_hard import DOMAINS, hard_texts


def test_hard_texts_are_deterministic_and_varied() -> None:
    first, again = hard_texts(random.Random(5), 600), hard_texts(random.Random(5), 600)
    assert first == again
    assert len({text for text, _, _ in first}) > 450  # assembled, not a dozen memorisable sentences
    assert Counter(sentiment for _, sentiment, _ in first).keys() == {"positive", "negative"}


def test_the_clause_after_the_contrast_word_decides() -> None:
    praises = {good for aspects, *_ in DOMAINS.values() for _, good, _ in aspects}
    complaints = {bad for aspects, *_ in DOMAINS.values() for _, _, bad in aspects}
    for text, sentiment, _ in hard_texts(random.Random(1), 1200):
        if text.startswith("虽然") and "但是" in text:
            after = text.split("但是", 1)[1]
            assert (sentiment == "positive") == any(after.startswith(p) for p in praises)
            assert (sentiment == "negative") == any(after.startswith(c) for c in complaints)


def test_negated_praise_is_a_complaint_and_negated_fault_is_praise() -> None:
    texts = {text: sentiment for text, sentiment, _ in hard_texts(random.Random(2), 1200)}
    assert any("一点也不" in t for t in texts)
    assert all(s == "negative" for t, s in texts.items() if "一点也不" in t)
    assert any("完全没有" in t for t in texts)
    assert all(s == "positive" for t, s in texts.items() if "完全没有" in t)


def test_sarcasm_is_negative_and_rhetorical_questions_go_both_ways() -> None:
    items = hard_texts(random.Random(3), 1200)
    assert all(s == "negative" for t, s, _ in items if "“" in t)
    questions = Counter(s for t, s, _ in items if t.endswith("？"))
    assert questions["negative"] > questions["positive"] > 0
