import random
from collections import Counter

from training.synthetic import generate
from training.synthetic_hard import COMPLAINING_CLAUSES as COMPLAINTS
from training.synthetic_hard import PRAISING_CLAUSES as PRAISES
from training.synthetic_idioms import NOT_YET_VERBS, idiom_texts


def test_idiom_texts_are_deterministic_varied_and_cover_three_verdicts() -> None:
    first, again = idiom_texts(random.Random(3), 900), idiom_texts(random.Random(3), 900)
    assert first == again
    assert len({text for text, _, _ in first}) > 600
    counts = Counter(sentiment for _, sentiment, _ in first)
    assert counts.keys() == {"positive", "negative", "neutral"}
    assert 0.25 < counts["negative"] / len(first) < 0.45 and counts["neutral"] == len(first) // 3


def test_the_cues_close_both_praise_and_complaints() -> None:
    """吹 and 找遍全网 are no verdicts of their own: the clause beside them decides."""
    texts = idiom_texts(random.Random(8), 3000)
    for cue in ("吹", "找遍全网"):
        assert {s for t, s, _ in texts if cue in t and s != "neutral"} == {"positive", "negative"}, cue  # 吹风机 is a product
    for text, sentiment, _ in texts:
        if any(p in text for p in PRAISES):
            assert sentiment == "positive", text
        if any(c in text for c in COMPLAINTS):
            assert sentiment == "negative", text


def test_not_used_yet_lines_are_neutral_and_carry_no_appraisal() -> None:
    neutral = [t for t, s, e in idiom_texts(random.Random(9), 1500) if s == "neutral"]
    assert neutral and all("还没" in t or "再" in t or any(v + "了" in t for v in NOT_YET_VERBS) for t in neutral)
    assert not any(word in t for t in neutral for word in PRAISES | COMPLAINTS)


def test_the_synthetic_set_includes_the_idioms() -> None:
    texts = {e.text: e.sentiment for e in generate()}
    assert any(t.startswith("吹爆") and s == "positive" for t, s in texts.items())
    assert any(t.startswith("包裹收到了，还没来得及") and s == "neutral" for t, s in texts.items())


def test_the_generated_texts_are_recognised_by_their_templates_and_plain_reviews_are_not() -> None:
    from training.synthetic_idioms import is_idiom_text

    assert all(is_idiom_text(text) for text, _, _ in idiom_texts(random.Random(11), 600))
    assert not any(is_idiom_text(t) for t in ("物流很快，包装完好", "质量很差，不会再买了", "收到了，很满意"))
