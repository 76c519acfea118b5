import pytest

from models.lexicon_emotions import emotion_distribution, find_hits


def top(text: str) -> str:
    d = emotion_distribution(text)
    return max(d, key=lambda k: d[k])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("气死我了，垃圾商家", "anger"),
        ("快递三天没更新了，好着急", "anxiety"),
        ("谢谢客服小姐姐", "gratitude"),
        ("质量一般，有点失望", "disappointment"),
        ("这个手机太棒了😍", "joy"),
        ("请问什么时候发货？", "neutral"),
    ],
)
def test_lexicon_reads_the_obvious_emotion(text: str, expected: str) -> None:
    assert top(text) == expected


def test_negated_praise_reads_as_disappointment() -> None:
    assert top("不太满意") == "disappointment"


def test_negated_complaint_carries_no_emotion() -> None:
    hits = find_hits("没有失望")
    assert all(h.emotion != "disappointment" for h in hits)


def test_degree_words_raise_the_weight() -> None:
    plain = sum(h.weight for h in find_hits("满意"))
    strong = sum(h.weight for h in find_hits("非常满意"))
    assert strong > plain


def test_distribution_sums_to_one() -> None:
    assert sum(emotion_distribution("还行吧，物流有点慢").values()) == pytest.approx(1.0, abs=1e-4)
