"""Generated social-media texts whose loud words do not decide the verdict: 救命, 哭了, 疯了, 离谱, 谁懂啊 open praise
as often as complaints (救命，这个颜色也太好看了吧 / 救命，快递三天了还没到), and 不能更满意了 or 没有比这更好的了 negate
their way into praise.

The review corpus has none of this register, so a model trained on it reads the alarm word or the negator: the
bundled artefact scored 不能更满意了 −0.96 and 救命，这个口红颜色绝了 −0.84. Each cue is written into both
polarities here, so only what follows it (the thing praised or the fault) can decide. Retracted praise
(五星好评（不可能）) is sarcasm's written form on these platforms and is generated with its sincere twin.
"""

from __future__ import annotations

import random

from training.synthetic_hard import LETDOWN_CLOSINGS, PRAISE_CLOSINGS, in_turn, pick_domain

# Openers that carry no polarity of their own in posts: they mark intensity, and the clause after them decides.
ALARM_OPENERS = ["救命", "天呐", "哭了", "我疯了", "谁懂啊", "家人们", "姐妹们", "离谱", "绝了", "无语住了", "笑死"]
# Degree idioms that sound like complaints: X到哭, X到离谱, X得不像话.
PRAISE_DEGREES = ["{w}到哭", "{w}到离谱", "{w}得不像话", "{w}到爆", "{w}到没朋友", "{w}疯了", "{w}到跺脚"]
# Praise said through a negation or a question: the surface has 不 / 没 / ？, the meaning is the superlative.
NEGATED_SUPERLATIVES = [
    "不能更满意了", "再满意不过了", "没有比这更{w}的了", "简直不要太{w}", "{w}得没话说", "挑不出一点毛病",
    "怎么才发现这么好的店？", "相见恨晚", "后悔没早点买", "我不允许还有人不知道这家", "{t}这么{w}，谁能拒绝？",
    "为什么没人早点告诉我{t}这么{w}？", "不买真的会后悔", "没有之一",
]
# Their complaint twins share the construction: 不能更差了, 没有比这更坑的了, 怎么会有这么差的.
NEGATED_WORST = [
    "不能更差了", "再失望不过了", "没有比这更坑的了", "简直不要太离谱", "差得没话说", "怎么会有这么差的店？",
    "后悔买了", "我不允许还有人被这家坑", "{t}这么差，谁能忍？", "买了真的会后悔",
]
# Praise retracted in brackets (the platforms' written sarcasm) and the same praise left standing.
RETRACTIONS = ["（不可能）", "（才怪）", "（反话）", "（做梦）", "（假的）", "（并不）"]
PRAISE_WORDS = ["五星好评", "下次还买", "强烈推荐", "会回购的", "值得拥有", "必须好评"]


def _alarm_praise(rng: random.Random) -> tuple[str, str, str]:
    aspects, things, praise, _ = pick_domain(rng)
    _, good, bad = rng.choice(aspects)
    opener, thing, word = rng.choice(ALARM_OPENERS), rng.choice(things), rng.choice(praise)
    if rng.random() < 0.55:
        form = rng.choice([
            "{o}，{t}也太{w}了吧", "{o}，{g}，{c}", "{o}！{t}{d}", "{t}真的{d}，{c}", "{o}，{t}{d}，{c}",
            "被{t}狠狠拿捏了，{g}", "{t}上头了，{g}", "{o}，{t}怎么这么{w}", "{t}爱死了，{g}",
        ])
        text = form.format(o=opener, t=thing, w=word, g=good, c=rng.choice(PRAISE_CLOSINGS),
                           d=rng.choice(PRAISE_DEGREES).format(w=word))
        return text, "positive", "joy"
    form = rng.choice(["{o}，{b}", "{o}，{t}{b}，{c}", "{o}！{b}，{c}", "{t}真的绝了，{b}", "{o}，{b}，气哭了"])
    text = form.format(o=opener, t=thing, b=bad, c=rng.choice(LETDOWN_CLOSINGS))
    return text, "negative", rng.choice(["anger", "disappointment"])


def _superlative(rng: random.Random) -> tuple[str, str, str]:
    aspects, things, praise, _ = pick_domain(rng)
    _, good, bad = rng.choice(aspects)
    thing, word = rng.choice(things), rng.choice(praise)
    if rng.random() < 0.6:
        phrase = rng.choice(NEGATED_SUPERLATIVES).format(w=word, t=thing)
        form = rng.choice(["{p}", "{g}，{p}", "{p}，{g}"])
        return form.format(p=phrase, g=good), "positive", "joy"
    phrase = rng.choice(NEGATED_WORST).format(t=thing)
    form = rng.choice(["{p}", "{b}，{p}", "{p}，{b}"])
    return form.format(p=phrase, b=bad), "negative", "disappointment"


def _retracted(rng: random.Random) -> tuple[str, str, str]:
    aspects, things, _, _ = pick_domain(rng)
    _, good, bad = rng.choice(aspects)
    praise = rng.choice(PRAISE_WORDS)
    if rng.random() < 0.5:
        form = rng.choice(["{p}{r}", "呵呵，{p}{r}", "{b}，{p}{r}", "{p}{r}，{b}"])
        return form.format(p=praise, r=rng.choice(RETRACTIONS), b=bad), "negative", "anger"
    form = rng.choice(["{p}", "{g}，{p}", "{p}，{g}", "{p}！{g}"])
    return form.format(p=praise, g=good), "positive", "joy"


GENERATORS = (_alarm_praise, _alarm_praise, _superlative, _retracted)


def social_texts(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples, the generators in turn (duplicates possible)."""
    return in_turn(GENERATORS, rng, n)
