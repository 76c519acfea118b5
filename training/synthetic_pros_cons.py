"""Reviews written as a pros / cons form (优点：… 缺点：… 总结：…), the layout JD and Taobao shoppers use.

The review corpus holds such forms cut into fragments, each fragment labelled with its whole review's verdict: 15 of
the 25 training texts that hold 优点： are labelled negative. The bundled artefact learnt the header, not the
fields: it read 优点：物流快，包装好 as a complaint (negative 0.93) and 缺点：暂时没发现 as one too (0.69). Here the filled
fields decide. Praise under 优点 with 缺点 empty is praise; a fault under 缺点 with 优点 empty is a complaint; a verdict
line (总结) decides a form holding both. A form holding both and no verdict, or one that leaves the choice to the
reader (看个人需求), is a balanced appraisal: neutral. Without those, one epoch on the other forms taught 缺点 as a verdict
of its own and read 优点是轻薄，缺点是接口少，按需选择吧 as a complaint (negative 0.81).
"""

from __future__ import annotations

import random

from training.synthetic_hard import LETDOWN_CLOSINGS, PRAISE_CLOSINGS, in_turn, pick_domain

PROS = ["优点：", "优点:", "【优点】", "优点是", "亮点：", "满意的地方：", "好的地方：", "优点1、"]
CONS = ["缺点：", "缺点:", "【缺点】", "缺点是", "不足：", "槽点：", "不满意的地方：", "缺点1、"]
VERDICTS = ["总结：", "总体：", "总的来说，", "综合评价：", "总评：", "【总结】"]
# An empty field: 缺点：暂时没发现 is praise, 优点：没有 a complaint.
NO_CONS = ["暂时没发现", "无", "没有", "暂无", "目前还没发现", "还没发现", "挑不出毛病", "想不出来"]
NO_PROS = ["没有", "找不到", "无", "实在想不出来", "除了便宜没别的"]
BREAKS = ["。", "；", " ", "\n", "，", "。\n"]
# Closings that leave the choice to the reader.
UP_TO_YOU = ["看个人需求吧", "自己取舍", "按需选择", "见仁见智", "各有利弊吧", "就看你更看重哪个了", "适不适合看自己"]


def _fields(rng: random.Random) -> tuple[str, str]:
    """One domain's praise and faults for one form, one or two clauses each, never praise and fault of one aspect
    (床睡着很舒服 beside 床硬得睡不着): (praising clauses, complaining clauses)."""
    aspects, _, _, _ = pick_domain(rng)
    drawn = rng.sample(aspects, 4)
    goods, bads = [good for _, good, _ in drawn[:2]], [bad for _, _, bad in drawn[2:]]
    return "，".join(goods[: rng.randint(1, 2)]), "，".join(bads[: rng.randint(1, 2)])


def _pros_only(rng: random.Random) -> tuple[str, str, str]:
    good, _ = _fields(rng)
    text = rng.choice(PROS) + good
    if rng.random() < 0.5:
        text += rng.choice(BREAKS) + rng.choice(CONS) + rng.choice(NO_CONS)
    if rng.random() < 0.3:
        text += rng.choice(BREAKS) + rng.choice(VERDICTS) + rng.choice(PRAISE_CLOSINGS)
    return text, "positive", "joy"


def _cons_only(rng: random.Random) -> tuple[str, str, str]:
    _, bad = _fields(rng)
    text = rng.choice(CONS) + bad
    if rng.random() < 0.4:
        text = rng.choice(PROS) + rng.choice(NO_PROS) + rng.choice(BREAKS) + text
    if rng.random() < 0.3:
        text += rng.choice(BREAKS) + rng.choice(VERDICTS) + rng.choice(LETDOWN_CLOSINGS)
    return text, "negative", rng.choice(["disappointment", "anger"])


def _no_cons(rng: random.Random) -> tuple[str, str, str]:
    text = rng.choice(CONS) + rng.choice(NO_CONS)
    if rng.random() < 0.5:
        text += rng.choice(BREAKS) + rng.choice(VERDICTS) + rng.choice(PRAISE_CLOSINGS)
    return text, "positive", "joy"


def _both_with_verdict(rng: random.Random) -> tuple[str, str, str]:
    good, bad = _fields(rng)
    form = rng.choice(PROS) + good + rng.choice(BREAKS) + rng.choice(CONS) + bad + rng.choice(BREAKS)
    if rng.random() < 0.5:
        return form + rng.choice(VERDICTS) + rng.choice(PRAISE_CLOSINGS), "positive", "joy"
    return form + rng.choice(VERDICTS) + rng.choice(LETDOWN_CLOSINGS), "negative", "disappointment"


def _balanced(rng: random.Random) -> tuple[str, str, str]:
    good, bad = _fields(rng)
    text = rng.choice(PROS) + good + rng.choice(BREAKS) + rng.choice(CONS) + bad
    if rng.random() < 0.6:
        text += rng.choice(BREAKS) + rng.choice(UP_TO_YOU)
    return text, "neutral", "neutral"


GENERATORS = (_pros_only, _cons_only, _both_with_verdict, _balanced, _pros_only, _cons_only, _both_with_verdict,
              _no_cons)


def pros_cons_texts(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples, the generators in turn (duplicates possible)."""
    return in_turn(GENERATORS, rng, n)


def is_pros_cons_text(text: str) -> bool:
    """Whether `text` holds a pros / cons header: the focus of a targeted fix (notebooks/gpu_continuations.py,
    cpu-edit)."""
    return any(header in text for header in (*PROS, *CONS))
