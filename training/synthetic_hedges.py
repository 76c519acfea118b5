"""Two readings the bundled artefact had backwards in its dev errors: a guessed cause, and a nuisance said to be absent.

A customer who guesses why something happened hedges the cause, not the verdict: 第二天就到了，可能是有现货的缘故吧，顶一下
is praise, and the artefact read it as a complaint (negative 0.94), as it read 可能是我运气好，收到的没有坏点 (−0.31):
in the review corpus such guesses mostly explain a fault. Here the same guesses follow praise and complaints alike,
so the clause they follow decides. A nuisance said to be absent is praise (没有什么多余的乱七八糟的东西 and
包装里没有乱七八糟的小广告 read −0.98 and −0.94), the same nuisance present a complaint.
"""

from __future__ import annotations

import random

from training.synthetic_hard import LETDOWN_CLOSINGS, PRAISE_CLOSINGS, in_turn, pick_domain

# Guesses at a cause; each cause is written after praise and after complaints, so neither tells the verdict.
HEDGES = ["可能是{c}的缘故吧", "估计是{c}吧", "大概是{c}的原因", "也许是{c}的关系", "应该是{c}吧", "不知道是不是{c}",
          "可能因为{c}吧", "猜是{c}"]
CAUSES = ["周末", "节假日", "人少", "季节", "天气", "这个批次", "赶上活动", "新店开业", "淡季", "旺季"]
DELIVERY_CAUSES = ["有现货", "同城发货", "仓库离得近", "下单早", "快递换了", "双十一"]
PRAISE_TAGS = ["顶一下", "赞一个", "点赞", *PRAISE_CLOSINGS]
LUCK = ["可能是我运气好", "也许是运气好", "估计我运气不错"]
BAD_LUCK = ["可能是我运气不好", "也许是运气差", "估计我运气不好"]
# Things shops, apps, hotels and carriers push on customers, by where they turn up.
NUISANCES = {"": ["东西", "套路"], "包装里": ["小广告", "宣传单", "好评返现卡", "东西"], "盒子里": ["小卡片", "东西"],
             "系统里": ["预装软件", "捆绑软件", "广告"], "开机后": ["弹窗", "广告", "预装软件"], "页面上": ["广告", "弹窗"],
             "房间里": ["小卡片", "东西"], "账单上": ["附加收费", "扣费项目"], "办卡之后": ["推销电话", "增值业务"]}
UNWANTED = ["多余的", "乱七八糟的", "多余的乱七八糟的", "杂七杂八的", "花里胡哨的"]


def _hedged(rng: random.Random) -> tuple[str, str, str]:
    """Praise or a complaint followed by a guess at its cause: the praise or the complaint decides."""
    aspects, _, _, _ = pick_domain(rng)
    aspect, good, bad = rng.choice(aspects)
    causes = CAUSES + DELIVERY_CAUSES if aspect in ("物流", "配送") else CAUSES
    hedge = rng.choice(HEDGES).format(c=rng.choice(causes))
    if rng.random() < 0.5:
        tail = f"，{rng.choice(PRAISE_TAGS)}" if rng.random() < 0.6 else ""
        return f"{good}，{hedge}{tail}", "positive", "joy"
    tail = f"，{rng.choice(LETDOWN_CLOSINGS)}" if rng.random() < 0.6 else ""
    return f"{bad}，{hedge}{tail}", "negative", "disappointment"


def _luck(rng: random.Random) -> tuple[str, str, str]:
    """Luck credited with a fault's absence (praise) or blamed for its presence (complaint)."""
    _, things, _, faults = pick_domain(rng)
    thing, fault = rng.choice(things), rng.choice(faults)
    if rng.random() < 0.5:
        form = rng.choice(["{l}，{t}没有{f}", "{l}，收到的{t}没有{f}", "{l}，用了这么久没有{f}", "{t}没有{f}，{l}吧"])
        return form.format(l=rng.choice(LUCK), t=thing, f=fault), "positive", "joy"
    form = rng.choice(["{l}，{t}有{f}的问题", "{l}，碰上了{f}", "{t}出现了{f}，{l}吧", "{l}，没几天就出现{f}的问题"])
    return form.format(l=rng.choice(BAD_LUCK), t=thing, f=fault), "negative", "disappointment"


def _nuisance(rng: random.Random) -> tuple[str, str, str]:
    """An unwanted thing said to be absent (praise, alone or beside praise) or present (a complaint)."""
    where = rng.choice(sorted(NUISANCES))
    what, thing = rng.choice(UNWANTED), rng.choice(NUISANCES[where])
    if rng.random() < 0.5:
        form = rng.choice(["{w}没有什么{q}{n}", "{w}没有{q}{n}", "{w}没有任何{q}{n}", "{w}一点{q}{n}都没有",
                           "{w}没有{q}{n}，{c}", "{w}干干净净，没有{q}{n}"])
        return form.format(w=where, q=what, n=thing, c=rng.choice(PRAISE_TAGS)), "positive", "joy"
    form = rng.choice(["{w}一堆{q}{n}", "{w}全是{q}{n}，{c}", "{w}塞了好多{q}{n}", "{w}{q}{n}太多了"])
    return form.format(w=where, q=what, n=thing, c=rng.choice(LETDOWN_CLOSINGS)), "negative", "anger"


GENERATORS = (_hedged, _luck, _nuisance, _hedged)


def hedge_texts(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples, the generators in turn (duplicates possible)."""
    return in_turn(GENERATORS, rng, n)


# What `is_hedge_text` looks for, built once: each hedge's words up to its cause, then the cause.
_GUESSES = tuple({hedge.split("{c}")[0] + cause for hedge in HEDGES for cause in CAUSES + DELIVERY_CAUSES})
_CUES = (*_GUESSES, *LUCK, *BAD_LUCK, *UNWANTED)


def is_hedge_text(text: str) -> bool:
    """Whether `text` reads like one of these generators' (a guess at a cause, luck, an unwanted thing): the focus of a
    targeted fix (notebooks/gpu_continuations.py, cpu-edit)."""
    return any(cue in text for cue in _CUES)
