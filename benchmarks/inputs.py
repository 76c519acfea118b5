"""Deterministic benchmark inputs: Chinese customer texts built from phrase pools with a pinned seed.

Every text is made only of CJK characters and Chinese punctuation, which the BERT-Chinese tokenizer maps one
character to one token, so a text of `n` characters is `n + 2` tokens ([CLS] … [SEP]). Short texts are 30
characters (32 tokens), long ones 254 (256 tokens). The same seed always gives the same texts, and the sha256 of
the texts is written into the results so two runs can be checked to have measured the same inputs.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

SEED = 20261123
SHORT_CHARS = 30  # + [CLS] + [SEP] = 32 tokens
LONG_CHARS = 254  # + [CLS] + [SEP] = 256 tokens
TEXTS_PER_SET = 256

OPENERS = (
    "收到货了",
    "这次买的耳机",
    "给妈妈买的羽绒服",
    "第二次在这家店下单",
    "昨天下午签收的",
    "双十一抢的洗衣液",
    "朋友推荐的这款面霜",
    "等了好久的包裹终于到了",
    "新买的电饭煲用了一周",
    "孩子的书包今天到了",
    "帮同事代买的零食",
    "店里的招牌牛肉干",
)
PRAISE = (
    "物流很快隔天就到",
    "包装很用心没有一点破损",
    "质量超出预期做工很细",
    "客服态度很好耐心解答",
    "价格实惠性价比很高",
    "味道不错孩子很喜欢",
    "颜色和图片一样好看",
    "穿着很舒服尺码也合适",
    "声音清楚降噪效果好",
    "谢谢卖家还送了小礼物",
)
COMPLAINTS = (
    "物流太慢了等了一周",
    "包装破了盒子都压扁了",
    "质量很差用两天就坏了",
    "客服一直不回消息",
    "价格比别家贵了不少",
    "味道很奇怪像是过期了",
    "颜色和图片差别很大",
    "尺码偏小穿不上",
    "退款申请三天了还没处理",
    "快递员态度很差直接扔门口",
)
WORRIES = (
    "快递显示签收但我没收到",
    "退款到现在还没到账",
    "不知道这个充电器安不安全",
    "说好的发票一直没有开",
    "订单卡在仓库好几天没动",
    "孩子吃了以后有点过敏",
)
TURNS = ("但是", "不过", "可是", "虽然说", "而且", "另外", "总的来说", "说实话")
CLOSERS = (
    "下次还会再来",
    "会推荐给朋友",
    "再也不会买了",
    "希望尽快处理",
    "给个好评",
    "真是太失望了",
    "有点担心",
    "谢谢你们",
    "希望商家改进",
    "整体还算满意",
)
POOLS = (OPENERS, PRAISE, COMPLAINTS, WORRIES, TURNS, CLOSERS)


@dataclass(frozen=True)
class InputSet:
    """A named list of texts and the sha256 that identifies them."""

    name: str
    texts: tuple[str, ...]
    chars: int
    seed: int

    @property
    def sha256(self) -> str:
        """sha256 of the texts (see `texts_sha256`)."""
        return texts_sha256(self.texts)


def texts_sha256(texts: Sequence[str]) -> str:
    """sha256 over the UTF-8 texts, each followed by a newline (order matters)."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _clause(rng: random.Random) -> str:
    """One clause: mostly praise or complaint, sometimes a worry, a turn word or a closer."""
    pool = rng.choices(POOLS, weights=(2, 4, 4, 2, 1, 2))[0]
    phrase = rng.choice(pool)
    if pool is TURNS:  # a turn word leads the clause that follows it
        phrase += rng.choice(rng.choice((PRAISE, COMPLAINTS)))
    return phrase


def make_text(rng: random.Random, chars: int) -> str:
    """A text of exactly `chars` characters ending in a full stop: an opener, then clauses, cut to length."""
    if chars < 2:
        raise ValueError("a text needs at least 2 characters")
    text = rng.choice(OPENERS)
    while len(text) < chars:
        text += rng.choice("，，，。！") + _clause(rng)
    return text[: chars - 1] + "。"


def make_inputs(name: str, chars: int, count: int = TEXTS_PER_SET, seed: int = SEED) -> InputSet:
    """`count` texts of `chars` characters from `seed` (each set has its own stream: `seed` and `chars`)."""
    rng = random.Random(f"{seed}:{chars}")
    texts = tuple(make_text(rng, chars) for _ in range(count))
    return InputSet(name=name, texts=texts, chars=chars, seed=seed)


def short_texts(count: int = TEXTS_PER_SET, seed: int = SEED) -> InputSet:
    """Short texts: 30 characters, 32 tokens."""
    return make_inputs("short", SHORT_CHARS, count, seed)


def long_texts(count: int = TEXTS_PER_SET, seed: int = SEED) -> InputSet:
    """Long texts: 254 characters, 256 tokens."""
    return make_inputs("long", LONG_CHARS, count, seed)
