"""Service requests: neutral when the reason is the customer's own, a complaint when the reason is a fault.

Customers ask to return, exchange, reschedule or change things for reasons of their own (尺码买错了, 不想要了, 航班改了).
The bundled artefact read such requests as complaints: 我需要换一个大一码的 −0.82, 我想退货，尺码买错了，不是质量问题
−0.92, 航班改到明天了，酒店需要顺延一天 −0.71. Each would open a triage item and a recovery action. The review corpus
has few such messages, and in it 退货 and 换 mostly follow a fault. Here the same request is written with the
customer's own reason (neutral) and with a fault (a complaint), so the reason decides, not the verb.
"""

from __future__ import annotations

import random

from training.synthetic_hard import in_turn, pick_domain
from training.synthetic_idioms import template_pattern
from training.synthetic_neutral import COLORS, PRODUCTS, RECIPIENTS, SIZES

# What the customer asks for; {p} a product, {c} a colour, {s} a size.
REQUESTS = [
    "我想退货", "申请退货", "我要退掉这个{p}", "麻烦帮我办一下退货", "想换一个{s}的", "我需要换成{c}的",
    "可以换货吗", "帮我换个{s}", "这单我要退款", "想把{p}退了", "能不能换成{c}", "我要申请换货",
]
# The customer's own reasons: nothing is wrong with the goods or the service.
OWN_REASONS = [
    "尺码买错了", "拍错颜色了", "{who}不喜欢这个颜色", "买重复了", "不想要了", "下单时选错了", "{who}已经买了一个",
    "临时用不上了", "穿着偏小一码", "穿着有点大", "想要{c}的", "不是质量问题", "东西没问题，是我自己选错了",
    "没拆封，吊牌都在",
]
# Faults: the same requests after these are complaints.
FAULT_REASONS = [
    "用了两天就坏了", "收到就是破的", "发错货了", "和图片完全不一样", "有明显的污渍", "开线了", "少发了一件",
    "屏幕有坏点", "一股刺鼻的味道", "拉链是坏的", "是旧的，有使用痕迹", "洗一次就掉色",
]
# Arrangements around an order, a stay or a trip, asked without a grievance.
ARRANGEMENTS = [
    "航班改到{day}了，酒店需要顺延一天", "行程有变，房间想改到{day}", "{day}家里没人，能不能{day2}再送",
    "麻烦把收货地址改成公司地址", "帮我备注一下，发{c}的", "想把{p}改成{s}，还没发货吧", "这单先别发，我{day}再确认",
    "能晚一天入住吗，{day}才到", "订单帮我取消一下，不需要了", "改一下收件人，写{who}的名字", "想加购一个{p}，能一起发吗",
    "可以开发票吗，抬头写公司", "能改成到店自提吗",
]
# The same arrangements forced by a fault: complaints.
FORCED = [
    "{day}说好送到的，到现在还没来，只能改{day2}了", "房间有霉味，必须换一间", "酒店超售了，只能换到别的酒店",
    "发错了地址，快递又退回去了", "航班延误了{n}个小时，酒店订金也不退", "已经等了{n}天还没发货，取消订单吧",
]
CLOSINGS = ["", "", "，谢谢", "，麻烦了", "，辛苦", "，怎么操作？", "，流程是什么？", "。"]


def _fill(template: str, rng: random.Random) -> str:
    days = ["今天", "明天", "后天", "周六", "周日", "下周一"]
    day, day2 = rng.sample(days, 2)
    return template.format(p=rng.choice(PRODUCTS), c=rng.choice(COLORS), s=rng.choice(SIZES),
                           who=rng.choice(RECIPIENTS[:-1]), day=day, day2=day2, n=rng.randint(2, 9))


def _request(rng: random.Random) -> tuple[str, str, str]:
    """A return or exchange: the customer's own reason (neutral) or a fault (a complaint), before or after."""
    request = _fill(rng.choice(REQUESTS), rng)
    if rng.random() < 0.5:
        reason, sentiment, emotion = _fill(rng.choice(OWN_REASONS), rng), "neutral", "neutral"
    else:
        reason, sentiment, emotion = rng.choice(FAULT_REASONS), "negative", "disappointment"
    text = f"{request}，{reason}" if rng.random() < 0.5 else f"{reason}，{request}"
    return text + rng.choice(CLOSINGS), sentiment, emotion


def _arrangement(rng: random.Random) -> tuple[str, str, str]:
    """A change to an order, stay or trip: asked plainly (neutral) or forced by a fault (a complaint)."""
    if rng.random() < 0.7:
        return _fill(rng.choice(ARRANGEMENTS), rng) + rng.choice(CLOSINGS), "neutral", "neutral"
    _, _, _, faults = pick_domain(rng)
    text = _fill(rng.choice(FORCED), rng)
    if rng.random() < 0.3:
        text += f"，还有{rng.choice(faults)}的问题"
    return text, "negative", rng.choice(["anger", "disappointment"])


GENERATORS = (_request, _request, _arrangement)


def request_texts(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples, the generators in turn (duplicates possible)."""
    return in_turn(GENERATORS, rng, n)


_PATTERNS = [template_pattern(t) for t in (*REQUESTS, *ARRANGEMENTS, *FORCED)]


def is_request_text(text: str) -> bool:
    """Whether `text` holds one of these generators' requests or arrangements: the focus of a targeted fix
    (notebooks/gpu_continuations.py, cpu-edit)."""
    return any(pattern.search(text) for pattern in _PATTERNS)
