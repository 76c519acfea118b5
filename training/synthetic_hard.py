"""Generated polar texts for the phenomena a bag of words gets wrong: negation, contrast, sarcasm and
rhetorical questions, across the domains customers write about (shops, food delivery, hotels, travel,
telecom, apps).

The first generator (training/synthetic.py) had a dozen fixed sentences per phenomenon, which a model can
memorise without learning the construction. Here each text is assembled from aspect banks, so the cue that
decides the label is the construction itself: the negator, the clause after 但是, the quotation marks.
Labels follow the construction: the clause after a contrast word wins, a negated praise is a complaint.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

# Per domain: (aspect, praise, complaint) triples, the things customers name, praise words a negator turns
# into a complaint, and faults it turns into praise. Mixing only within a domain keeps texts believable.
DOMAINS: dict[str, tuple[list[tuple[str, str, str]], list[str], list[str], list[str]]] = {
    "shop": ([("物流", "物流挺快的", "物流慢得要命"), ("包装", "包装很用心", "包装压得变形了"),
              ("质量", "质量很扎实", "质量很一般，线头一堆"), ("做工", "做工精细", "做工粗糙"),
              ("价格", "价格很良心", "价格虚高"), ("客服", "客服回复很及时", "客服半天不回"),
              ("尺码", "尺码很准", "尺码偏小一号"), ("面料", "面料柔软亲肤", "面料起球严重"),
              ("售后", "售后处理很爽快", "售后一直推脱")],
             ["这件衣服", "这双鞋", "这个包", "这条裤子", "这件外套"],
             ["好看", "舒服", "划算", "结实", "耐穿", "值"], ["起球", "掉色", "色差", "异味", "开线"]),
    "electronics": ([("续航", "续航很顶", "续航半天就没电"), ("音质", "音质清晰", "音质发闷"),
                     ("屏幕", "屏幕显示细腻", "屏幕有坏点"), ("物流", "物流很快", "物流拖了一周"),
                     ("安装", "师傅安装很专业", "安装师傅迟到还乱收费"), ("客服", "客服很耐心", "客服一问三不知")],
                    ["这款耳机", "这个充电宝", "这台洗衣机", "这个手机", "这台笔记本"],
                    ["好用", "清晰", "耐用", "流畅", "靠谱"], ["卡顿", "发热", "漏电", "死机", "异响"]),
    "food": ([("味道", "味道很正宗", "味道寡淡"), ("分量", "分量很足", "分量少得可怜"),
              ("配送", "骑手送得很快", "骑手送了一个多小时"), ("温度", "送到还是热乎的", "送到都凉透了"),
              ("包装", "餐盒密封得很好", "汤洒了一袋子"), ("食材", "食材很新鲜", "肉不新鲜")],
             ["这家外卖", "这家火锅", "这家奶茶", "这份套餐", "这家烧烤"],
             ["好吃", "新鲜", "干净", "值", "正宗"], ["异味", "头发", "油腻", "洒漏"]),
    "hotel": ([("房间", "房间宽敞干净", "房间又小又潮"), ("隔音", "隔音很好", "隔音差，整晚都吵"),
               ("早餐", "早餐品种丰富", "早餐没几样能吃的"), ("前台", "前台很热情", "前台爱答不理"),
               ("位置", "位置很方便", "位置太偏了"), ("床", "床睡着很舒服", "床硬得睡不着")],
              ["这家酒店", "这家民宿", "这间房"], ["干净", "舒服", "安静", "值"], ["异味", "潮气", "噪音", "霉味"]),
    "travel": ([("航班", "航班很准点", "航班延误了三个小时"), ("座位", "座位宽敞", "座位挤得腿都伸不直"),
                ("服务", "乘务员很周到", "乘务员态度冷淡"), ("退改", "退改很方便", "退改手续费高得离谱")],
               ["这次航班", "这趟高铁", "这家航空公司"], ["准点", "舒服", "方便", "靠谱"], ["延误", "晚点", "颠簸"]),
    "telecom": ([("信号", "信号很稳定", "信号时有时无"), ("网速", "网速很快", "网速慢得像拨号"),
                 ("套餐", "套餐很划算", "套餐乱扣费"), ("营业厅", "营业厅办事很快", "营业厅排队两小时")],
                ["这个套餐", "这家宽带", "这张卡"], ["稳定", "划算", "快", "靠谱"], ["断网", "掉线", "乱扣费"]),
    "app": ([("界面", "界面清爽", "界面广告太多"), ("更新", "更新后更流畅了", "更新后老是闪退"),
             ("客服", "在线客服秒回", "在线客服全是机器人"), ("功能", "功能很实用", "功能越改越难用")],
            ["这个app", "这款软件", "新版本"], ["好用", "流畅", "方便", "稳定"], ["卡顿", "闪退", "弹窗广告", "耗电"]),
}
WAITS = ["两天", "五天", "一个星期", "半个月", "一个半小时", "三个小时", "整整一晚"]


def pick_domain(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[str], list[str], list[str]]:
    """One domain's (aspects, things, praise words, faults), drawn the same way by every generator."""
    return DOMAINS[rng.choice(sorted(DOMAINS))]


def _negated_praise(rng: random.Random) -> tuple[str, str, str]:
    _, things, praise, _ = pick_domain(rng)
    thing, word = rng.choice(things), rng.choice(praise)
    form = rng.choice(["{t}一点也不{w}", "{t}并不{w}", "{t}真的不{w}", "说实话{t}不怎么{w}", "{t}没有宣传的那么{w}",
                       "{t}根本谈不上{w}", "{t}不算{w}，不会回购", "{t}不{w}，失望", "{t}一点都不{w}",
                       "{t}完全不{w}，后悔", "{t}丝毫不{w}", "{t}没有网上说的那么{w}，失望"])
    return form.format(t=thing, w=word), "negative", "disappointment"


def _negated_fault(rng: random.Random) -> tuple[str, str, str]:
    """A fault said to be absent is praise, with or without other praise beside it: 没有色差 alone is a good review."""
    _, things, _, faults = pick_domain(rng)
    thing, fault = rng.choice(things), rng.choice(faults)
    form = rng.choice(["{t}用了一段时间，完全没有{f}，很满意", "{t}完全没有{f}，放心", "{t}没出现{f}的问题，好评",
                       "担心会有{f}，结果一点{f}都没有，惊喜", "{t}没有{f}，比上一家强多了", "{t}从来没有过{f}，推荐",
                       "没有{f}", "{t}没有{f}", "{t}没出现{f}", "用了这么久没有{f}", "收到了，没有{f}", "{t}没发现{f}"])
    return form.format(t=thing, f=fault), "positive", "joy"


# What a customer expected and did not get: its absence is the complaint (没有说明书), the other side of _negated_fault.
MISSING_THINGS = ["说明书", "保修卡", "退款", "物流信息", "售后电话", "人接电话", "音讯", "配件", "人管", "下文"]


def _missing_thing(rng: random.Random) -> tuple[str, str, str]:
    form = rng.choice(["没有{m}", "一直没有{m}", "到现在还没有{m}", "根本没有{m}", "{t}没有{m}", "说好的{m}也没有"])
    text = form.format(m=rng.choice(MISSING_THINGS), t=rng.choice(pick_domain(rng)[1]))
    return text, "negative", "disappointment"


def _negated_doubt(rng: random.Random) -> tuple[str, str, str]:
    """没什么问题 / 挑不出毛病 / 不后悔: a negated negative that reads as praise."""
    _, good, _ = rng.choice(pick_domain(rng)[0])
    form = rng.choice(["{g}，没什么可挑剔的", "{g}，买了不后悔", "挑不出毛病，{g}", "{g}，没让我失望",
                       "没想到{g}，不枉我等了这么久", "{g}，没有一点不满意的地方"])
    return form.format(g=good), "positive", "joy"


def _contrast(rng: random.Random) -> tuple[str, str, str]:
    """Two aspects with opposite polarity: the clause after the contrast word carries the verdict."""
    first, second = rng.sample(pick_domain(rng)[0], 2)
    if rng.random() < 0.5:
        form = rng.choice(["虽然{x}，但是{y}", "{x}，但{y}，扣分", "{x}，可是{y}，不会再来了", "{x}，就是{y}，失望",
                           "{x}，可{y}，没法忍", "本来{x}，结果{y}"])
        return form.format(x=first[1], y=second[2]), "negative", "disappointment"
    form = rng.choice(["虽然{x}，但是{y}，总体满意", "{x}，不过{y}，还会再来", "{x}，好在{y}，可以接受",
                       "除了{x}，其他都很好，{y}", "一开始{x}，后来{y}，整体不错", "{x}，但{y}，瑕不掩瑜"])
    return form.format(x=first[2], y=second[1]), "positive", "joy"


def _sarcasm(rng: random.Random) -> tuple[str, str, str]:
    """Praise words that the rest of the text contradicts (quotes, 呵呵, 谢谢…让我…)."""
    aspects, things, _, _ = pick_domain(rng)
    aspect, good, bad = rng.choice(aspects)
    wait, thing = rng.choice(WAITS), rng.choice(things)
    service = [
        f"真是“贴心”的服务，{bad}", f"谢谢你们让我等了{wait}，真是太感谢了", f"呵呵，{aspect}真是一流，{bad}",
        f"效率真高啊，{wait}才有人理我", f"不愧是大品牌，{bad}", f"服务真是好到让人无语，{bad}",
        "太“专业”了，问什么都不知道", f"给你们点个赞，{wait}了还没处理，佩服",
    ]
    quality = [
        f"{thing}质量真是“好”，用一次就坏了", f"好评！下次还来踩这个坑，{bad}", f"绝了，{bad}，真是开眼了",
        f"厉害厉害，{bad}，第一次见", f"{thing}真是物超所值呢，{bad}", f"这{aspect}可真“惊喜”，{bad}",
    ]
    if rng.random() < 0.5:
        return rng.choice(service), "negative", "anger"
    return rng.choice(quality), "negative", "disappointment"


QUICK_REPLIES = ["五分钟", "十分钟", "半小时", "当天", "一个电话"]


def _sincere(rng: random.Random) -> tuple[str, str, str]:
    """The sarcasm generator's cues (真是, 太…了, 谢谢, 厉害, 绝了, 点个赞, 不愧是) in praise the rest of the text agrees
    with. Without them every 真是 + praise in training was sarcastic, and the model read 物流真是快 and 客服态度太好了
    as complaints: the cue alone must not decide, only the quotes or the clause that contradicts it."""
    aspects, things, praise, _ = pick_domain(rng)
    aspect, good, _ = rng.choice(aspects)
    thing, word, closing = rng.choice(things), rng.choice(praise), rng.choice(PRAISE_CLOSINGS)
    quick = rng.choice(QUICK_REPLIES)
    if rng.random() < 0.4:
        service = [
            f"真是贴心的服务，{good}", f"谢谢你们{quick}就帮我处理好了，真是太感谢了", f"{aspect}真是一流，{good}",
            f"效率真高啊，{quick}就有人回复了", f"不愧是大品牌，{good}", f"服务真是好，{good}，{closing}",
            "太专业了，问什么都答得清清楚楚", f"给你们点个赞，{good}", f"{aspect}太给力了，{closing}",
        ]
        return rng.choice(service), "positive", "gratitude"
    quality = [
        f"{thing}质量真是好，{good}", f"好评！下次还来，{good}", f"绝了，{good}，{closing}",
        f"厉害厉害，{good}，{closing}", f"{thing}真是物超所值，{good}", f"这{aspect}可真惊喜，{good}",
        f"{thing}真是太{word}了", f"{thing}真是{word}，{closing}", f"{aspect}真是没得说，{closing}",
        f"真是太好了，{good}", f"笑死，{thing}也太{word}了吧，{closing}",
    ]
    return rng.choice(quality), "positive", "joy"


def _rhetorical(rng: random.Random) -> tuple[str, str, str]:
    """Rhetorical questions: mostly complaints, and the praising kind (谁能不爱？) so '？' is not a shortcut."""
    aspects, things, _, _ = pick_domain(rng)
    aspect, good, bad = rng.choice(aspects)
    thing = rng.choice(things)
    if rng.random() < 0.7:
        form = rng.choice([f"{bad}，这也叫服务？", f"{thing}就这？{bad}", f"{bad}，你们自己用过吗？",
                           f"{bad}，难道不应该给个说法吗？", f"有这样做生意的吗？{bad}", f"{bad}，谁还敢买？",
                           f"{bad}，这是认真的吗？", f"{bad}，这钱花得值吗？"])
        return form, "negative", rng.choice(["anger", "disappointment"])
    form = rng.choice([f"{good}，谁能不爱？", f"{good}，还有什么理由不回购？", f"{good}，这价格还要什么自行车？",
                       f"{thing}怎么能这么好？{good}", f"{good}，哪里找这么好的店？"])
    return form, "positive", "joy"


# Per domain: words for a fault the customer says is absent (一点都不贵, 不卡) and how the thing turned out well.
# Negation of a fault is praise; a negator is no shortcut to "negative" (see _negated_praise for the other way).
FAULT_ADJECTIVES: dict[str, tuple[list[str], list[str]]] = {
    "shop": (["贵", "掉色", "起球", "闷", "扎人", "偏小", "廉价", "难穿"], ["上身很显瘦", "颜色跟图片一样", "洗了几次还跟新的一样"]),
    "electronics": (["卡", "烫", "吵", "费电", "难用", "沉"], ["反应很灵敏", "充一次电能用好几天", "操作很简单"]),
    "food": (["咸", "油", "腻", "凉", "贵", "难等"], ["料给得很足", "吃得很满足", "口感刚刚好"]),
    "hotel": (["吵", "脏", "潮", "偏", "旧", "挤"], ["一晚上睡得很香", "打扫得很干净", "出门就是地铁站"]),
    "travel": (["挤", "颠", "晚", "乱", "贵"], ["一路都很顺利", "准时到达", "座位宽敞舒服"]),
    "telecom": (["卡", "慢", "贵", "断"], ["看视频一点不缓冲", "信号满格", "资费很透明"]),
    "app": (["卡", "难用", "复杂", "烦", "费流量"], ["用起来很顺手", "找功能很方便", "页面很清爽"]),
}
PRAISE_CLOSINGS = ["很满意", "推荐", "值了", "会回购的", "好评", "放心买", "超出预期", "没买错"]
LETDOWN_CLOSINGS = ["失望", "不会再买了", "后悔", "白期待了", "差评", "心累"]
# Every domain's praising and complaining clauses: a generated text holding one must carry its polarity.
PRAISING_CLAUSES = frozenset(good for aspects, *_ in DOMAINS.values() for _, good, _ in aspects)
COMPLAINING_CLAUSES = frozenset(bad for aspects, *_ in DOMAINS.values() for _, _, bad in aspects)


def _fault_denied(rng: random.Random) -> tuple[str, str, str]:
    """A fault word under a negator, in plain descriptive praise: 一点都不贵, 没发现什么问题, 并不比…差."""
    domain = rng.choice(sorted(FAULT_ADJECTIVES))
    adjectives, outcomes = FAULT_ADJECTIVES[domain]
    _, things, _, faults = DOMAINS[domain]
    thing, adj, fault, outcome = rng.choice(things), rng.choice(adjectives), rng.choice(faults), rng.choice(outcomes)
    adj2 = rng.choice([a for a in adjectives if a != adj])
    form = rng.choice([
        "{t}一点都不{a}，{o}", "{t}完全不{a}，{c}", "{t}不{a}也不{b}，{c}", "{t}并不{a}，反而{o}",
        "用了一阵子，暂时没发现{f}之类的问题，{o}", "{t}没有网上说的那么{a}，{o}，{c}", "{t}不会{a}，{o}",
        "说实话一点也不{a}，{o}", "{t}丝毫不{a}，{c}", "{o}，而且不{a}，{c}", "{t}比想象中的还不{a}，{c}",
        "{t}不{a}，{o}，{c}", "{t}没有{f}，也不{a}，{c}",
    ])
    text = form.format(t=thing, a=adj, b=adj2, f=fault, o=outcome, c=rng.choice(PRAISE_CLOSINGS))
    return text, "positive", "joy"


def _expectation(rng: random.Random) -> tuple[str, str, str]:
    """Low expectations beaten (praise) or high ones dashed (complaint): the outcome, not the hope, decides."""
    _, good, bad = rng.choice(pick_domain(rng)[0])
    if rng.random() < 0.5:
        form = rng.choice(["本来没抱什么期望，结果{g}，{c}", "本以为会踩雷，没想到{g}", "一开始还有点担心，收到发现{g}，{c}",
                           "朋友说不怎么样，自己试了发现{g}", "没指望多好，{g}，意外之喜"])
        return form.format(g=good, c=rng.choice(PRAISE_CLOSINGS)), "positive", "joy"
    form = rng.choice(["本来期待很高，结果{b}，{c}", "冲着好评买的，没想到{b}", "以为大牌会靠谱，结果{b}，{c}",
                       "满心欢喜等了好几天，{b}，{c}", "宣传得天花乱坠，实际{b}"])
    return form.format(b=bad, c=rng.choice(LETDOWN_CLOSINGS)), "negative", "disappointment"


# Generator -> its share in slots. Sincere praise with sarcasm's cues gets three: at one share each, a continuation
# of the bundled model still read 11 of 20 hand-written sincere texts with 真是 / 太…了 as complaints.
GENERATOR_SHARES: dict[Callable[[random.Random], tuple[str, str, str]], int] = {
    _negated_praise: 1, _negated_fault: 1, _negated_doubt: 1, _contrast: 1, _sarcasm: 1, _sincere: 3,
    _rhetorical: 1, _fault_denied: 1, _expectation: 1, _missing_thing: 1,
}
GENERATORS = tuple(g for g, share in GENERATOR_SHARES.items() for _ in range(share))


def in_turn(generators: Sequence[Callable[[random.Random], tuple[str, str, str]]], rng: random.Random,
            n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples from `generators` in turn (duplicates possible)."""
    return [generators[i % len(generators)](rng) for i in range(n)]


def hard_texts(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples, the generators in turn by their shares (duplicates possible)."""
    return in_turn(GENERATORS, rng, n)
