import random
from collections import Counter

from training.synthetic_hard import (
    DOMAINS,
    FAULT_ADJECTIVES,
    LETDOWN_CLOSINGS,
    MISSING_THINGS,
    PRAISE_CLOSINGS,
    _expectation,
    _fault_denied,
    _missing_thing,
    _negated_fault,
    _negated_praise,
    _sarcasm,
    _sincere,
    hard_texts,
)


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
    assert any("完全没有" in t for t in texts)
    assert all(s == "positive" for t, s in texts.items() if "完全没有" in t)
    praise_words = {w for _, _, praise, _ in DOMAINS.values() for w in praise}
    fault_words = {a for adjectives, _ in FAULT_ADJECTIVES.values() for a in adjectives}
    fault_words |= {f for *_, faults in DOMAINS.values() for f in faults}
    rng = random.Random(4)
    for _ in range(300):
        text, sentiment, _ = _negated_praise(rng)
        assert sentiment == "negative" and any(w in text for w in praise_words)
        text, sentiment, _ = _fault_denied(rng)
        assert sentiment == "positive" and any(a in text for a in fault_words)


def test_the_same_negators_serve_both_polarities() -> None:
    """一点都不 / 完全不 / 并不 precede praise (a complaint) and faults (praise) alike: no negator is a label shortcut."""
    texts = hard_texts(random.Random(6), 3200)
    for negator in ("一点都不", "完全不", "并不", "丝毫不"):
        labels = {s for t, s, _ in texts if negator in t}
        assert labels == {"positive", "negative"}, negator


def test_expectations_beaten_are_praise_and_dashed_are_complaints() -> None:
    rng = random.Random(7)
    items = [_expectation(rng) for _ in range(200)]
    assert Counter(s for _, s, _ in items).keys() == {"positive", "negative"}
    for text, sentiment, _ in items:
        closing_is_letdown = any(text.endswith(c) for c in LETDOWN_CLOSINGS)
        closing_is_praise = any(text.endswith(c) for c in PRAISE_CLOSINGS)
        assert not (sentiment == "positive" and closing_is_letdown)
        assert not (sentiment == "negative" and closing_is_praise)


def test_sarcasm_is_negative_and_rhetorical_questions_go_both_ways() -> None:
    items = hard_texts(random.Random(3), 1200)
    assert all(s == "negative" for t, s, _ in items if "“" in t)
    questions = Counter(s for t, s, _ in items if t.endswith("？"))
    assert questions["negative"] > questions["positive"] > 0


def test_a_fault_denied_alone_is_praise_and_a_missing_thing_a_complaint() -> None:
    """没有色差 with nothing else is a good review; 没有说明书 is not: 没有 is no label shortcut either way."""
    faults = {f for *_, faults in DOMAINS.values() for f in faults}
    rng = random.Random(7)
    denied = [_negated_fault(rng) for _ in range(400)]
    assert all(sentiment == "positive" and any(f in text for f in faults) for text, sentiment, _ in denied)
    bare = {text for text, _, _ in denied if not any(c in text for c in "，,")}
    assert {f"没有{f}" for f in faults} & bare  # the shortest form, with no praise word beside it
    missing = [_missing_thing(rng) for _ in range(200)]
    assert all(sentiment == "negative" and any(m in text for m in MISSING_THINGS) for text, sentiment, _ in missing)
    labels = {s for t, s, _ in hard_texts(random.Random(8), 3600) if t.startswith("没有")}
    assert labels == {"positive", "negative"}


def test_sarcasm_cues_serve_both_polarities() -> None:
    """真是 / 太…了 / 厉害 / 绝了 / 点个赞 / 不愧是 also open sincere praise, so that the cue alone decides nothing: only
    the quotes or a contradicting clause make praise words sarcastic (物流真是快 was read as a complaint)."""
    rng = random.Random(9)
    sarcastic = [_sarcasm(rng) for _ in range(400)]
    sincere = [_sincere(rng) for _ in range(400)]
    assert all(s == "negative" for _, s, _ in sarcastic) and all(s == "positive" for _, s, _ in sincere)
    assert not any("“" in t for t, _, _ in sincere)
    for cue in ("真是", "太", "厉害", "绝了", "点个赞", "不愧是", "谢谢", "效率真高"):
        assert any(cue in t for t, _, _ in sarcastic) and any(cue in t for t, _, _ in sincere), cue
    labels = {s for t, s, _ in hard_texts(random.Random(10), 4000) if "真是" in t}
    assert labels == {"positive", "negative"}
