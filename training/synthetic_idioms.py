"""Generated praise idioms that wear a complaint's words, their complaint twins, and "received, not used yet" lines.

Shoppers praise by promise and by loss: 吹爆这家店 (吹 is bragging), 不好用来找我 (a guarantee built on 不好),
再也找不到这么好吃的店了 (再也 / 找不到 usually end a complaint), 闭眼入, 回购第五次了. The bundled artefact read
吹爆这家店 −0.12 and 再也找不到这么好吃的店了 −0.85. Each cue is also written into complaints (吹得太过了, 找遍全网都没这么差的),
so the thing praised or the fault decides, not the cue. 收到了，还没来得及试 is neither praise nor complaint; it read
+0.97, so those lines are generated as neutral, with and without a thing named.
"""

from __future__ import annotations

import random
import re

from training.synthetic_hard import LETDOWN_CLOSINGS, PRAISE_CLOSINGS, in_turn, pick_domain
from training.synthetic_neutral import PRODUCTS, RECIPIENTS

# Praise by promise, loyalty or loss; {t} a thing, {w} a praise word from the domain, {g} a praising clause.
IDIOM_PRAISE = [
    "吹爆{t}", "{t}必须吹一波", "{t}我能吹一整年", "不{w}来找我", "不{w}包退，我打包票", "闭眼入，{g}",
    "无脑冲，{g}", "冲就完事了，{g}", "回购第{n}次了，{g}", "已经囤了{n}个，{g}", "再也找不到这么{w}的了",
    "找遍全网都没这么{w}的", "用了就回不去了，{g}", "{t}离不开了", "早买早享受，{g}", "{t}太懂我了，{g}",
    "要是早点遇到{t}就好了", "{g}，谁用谁知道", "{g}，买到就是赚到",
]
# The same cues closing complaints: bragging overdone, a last visit, a warning to others.
IDIOM_COMPLAINT = [
    "{t}吹得太过了，{b}", "别吹了，{b}", "{b}，以后不会再光顾了", "{b}，不会再下单了", "{b}，找遍全网都没这么差的",
    "{b}，大家快跑", "{b}，冲之前三思", "{b}，回购是不可能了", "{b}，就当花钱买教训", "劝退，{b}",
    "{t}被吹上天了，实际{b}", "{b}，谁买谁知道",
]
# Received, not judged yet: neutral whatever the closing politeness.
NOT_YET_VERBS = ["用", "试", "拆", "穿", "吃", "装", "开箱", "上手", "体验"]
NOT_YET = [
    "包裹收到了，还没来得及{v}", "{p}到了，还没{v}", "刚签收，还没{v}", "还没{v}，{later}再来评价", "先确认收货，{v}了再说",
    "暂时还没{v}，不好说", "买给{who}的，{who}还没{v}", "{p}拿到了，{later}再说好不好", "快递到了，{v}完再来反馈",
    "东西收到，还没顾上{v}",
]
LATER = ["过几天", "用一阵子", "等用完", "下周", "周末", "等有空"]


def _idiom(rng: random.Random) -> tuple[str, str, str]:
    aspects, things, praise, _ = pick_domain(rng)
    _, good, bad = rng.choice(aspects)
    thing = rng.choice(things)
    if rng.random() < 0.55:
        text = rng.choice(IDIOM_PRAISE).format(t=thing, w=rng.choice(praise), g=good, n=rng.randint(2, 9))
        if rng.random() < 0.3:
            text += "，" + rng.choice(PRAISE_CLOSINGS)
        return text, "positive", "joy"
    text = rng.choice(IDIOM_COMPLAINT).format(t=thing, b=bad)
    if rng.random() < 0.3:
        text += "，" + rng.choice(LETDOWN_CLOSINGS)
    return text, "negative", rng.choice(["anger", "disappointment"])


def _not_yet(rng: random.Random) -> tuple[str, str, str]:
    text = rng.choice(NOT_YET).format(v=rng.choice(NOT_YET_VERBS), p=rng.choice(PRODUCTS), who=rng.choice(RECIPIENTS),
                                      later=rng.choice(LATER))
    return text, "neutral", "neutral"


GENERATORS = (_idiom, _idiom, _not_yet)


def idiom_texts(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples, the generators in turn (duplicates possible)."""
    return in_turn(GENERATORS, rng, n)


def template_pattern(template: str) -> re.Pattern[str]:
    """A template with its {placeholders} as wildcards, anchored at the text's start."""
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts))


_PATTERNS = [template_pattern(t) for t in (*IDIOM_PRAISE, *IDIOM_COMPLAINT, *NOT_YET)]


def is_idiom_text(text: str) -> bool:
    """Whether `text` opens like one of these generators' templates: the focus of a targeted fix
    (notebooks/gpu_continuations.py, cpu-edit)."""
    return any(pattern.match(text) for pattern in _PATTERNS)
