import random
import re

from training.synthetic_neutral import code_mixed, neutral_texts, question, social, statement

# Clearly polar words that must never appear in a text labelled neutral outside the balanced kind.
POLAR = ["好评", "差评", "垃圾", "失望", "满意", "谢谢", "感谢", "急", "担心", "生气", "太差", "喜欢", "讨厌", "坑",
         "棒", "赞", "后悔", "恶心", "骗", "完美", "惊喜", "爱了", "气死", "无语", "投诉", "😡", "😍", "👍"]
TRADITIONAL_ONLY = set("運達請單貨這們個號時間還問麼錢門關機購飯")


def test_same_seed_gives_the_same_texts() -> None:
    assert neutral_texts(random.Random(3), 500) == neutral_texts(random.Random(3), 500)
    assert neutral_texts(random.Random(3), 500) != neutral_texts(random.Random(4), 500)


def test_n_distinct_texts_covering_every_kind() -> None:
    texts = neutral_texts(random.Random(11), 3000)
    assert len(texts) == len(set(texts)) == 3000
    assert sum(len(t) >= 120 for t in texts) >= 50  # long diaries
    assert sum(bool(re.search("[？?吗]|请问|想问|怎么|多久", t)) for t in texts) >= 500
    assert sum(bool(re.search("[A-Za-z]{3,}", t)) for t in texts) >= 150  # code-mixing
    assert sum(any(c in TRADITIONAL_ONLY for c in t) for t in texts) >= 40
    assert any(("不" in t and "也不" in t) or "中规中矩" in t for t in texts)  # balanced appraisals


def test_non_balanced_kinds_carry_no_polar_words() -> None:
    rng = random.Random(5)
    for make in (statement, question, social, code_mixed):
        for _ in range(1500):
            text = make(rng)
            assert not [w for w in POLAR if w in text], text
