"""Questions put to the business as 你们: inquiries (neutral) beside complaints and praise put the same way.

The bundled artefact read every question that addresses the business as 你们 as an angry complaint (你们酒店有停车位吗？
−0.95, 你们周末营业吗？ −0.95; the word 你们 alone −0.90), while 请问有停车位吗 read neutral. In the corpus and the
generated complaints 你们 mostly opens a grievance (你们到底管不管？), and the generated inquiries never address the
business. Chat and ticket messages do so all the time, and each such inquiry became a false triage item. Here the
inquiries are put as 你们 questions, beside 你们 questions that carry a fault or a rhetorical charge (complaints) and
praise, so what is asked decides, not the pronoun.

Written after `notebooks/probes.py` SECOND_PERSON_HELD_OUT and without its amenities, hours or charges word for word.
"""

from __future__ import annotations

import random

from training.synthetic_hard import DOMAINS, in_turn
from training.synthetic_neutral import QUESTION_TOPICS, WH_MARKERS, slot_values

# How customers address the business, by the domain of what they ask (QUESTION_TOPICS and DOMAINS keys).
ADDRESSEES: dict[str, list[str]] = {
    "parcel": ["你们", "你们这边"],
    "order": ["你们", "你们家", "你们店", "你们店里", "你们这边", "你们旗舰店"],
    "shop": ["你们", "你们家", "你们店", "你们这边"],
    "electronics": ["你们", "你们家", "你们官方", "你们售后"],
    "food": ["你们", "你们店", "你们家", "你们这家店"],
    "hotel": ["你们酒店", "你们民宿", "你们", "你们那边"],
    "travel": ["你们", "你们公司", "你们航司"],
    "telecom": ["你们", "你们营业厅", "你们公司"],
    "app": ["你们", "你们app", "你们平台"],
    "bank": ["你们银行", "你们", "你们网点"],
}
# Things a customer asks the business to have or offer.
OFFERINGS: dict[str, list[str]] = {
    "order": ["赠品", "运费险", "以旧换新", "分期免息", "礼盒装", "试用装", "小样", "加厚款", "儿童款", "同款的其他颜色"],
    "food": ["儿童餐", "素食", "无糖饮料", "小份", "双人套餐", "一次性手套", "停车的地方", "宝宝椅"],
    "hotel": ["免费WiFi", "无烟房", "洗衣机", "泳池", "延迟退房", "叫醒服务", "婴儿床", "行李车", "浴缸", "投影"],
    "travel": ["学生优惠", "团体票", "接驳车", "宠物托运", "儿童套票"],
    "telecom": ["老人套餐", "副卡", "流量包", "宽带优惠"],
    "app": ["网页版", "电脑版", "青少年模式", "家庭共享", "繁体界面"],
    "bank": ["外币兑换", "上门服务", "自助终端", "老年人专窗"],
}
ASK_HAVE = ["{a}有{x}吗？", "{a}有没有{x}？", "{a}提供{x}吗", "请问{a}有{x}吗？", "{a}有{x}吗", "你好，{a}有{x}吗？",
            "想问下{a}有{x}吗", "{a}这里有{x}不？", "{a}现在还有{x}吗？"]
YN_FRAMES = ["{a}{t}吗？", "{a}{t}吗", "请问{a}{t}吗？", "你好，{a}{t}吗？", "想问一下{a}{t}吗", "{a}{t}不？"]
WH_FRAMES = ["{a}{t}？", "{a}{t}", "请问{a}{t}？", "你好，{a}{t}？", "问下{a}{t}"]
HOURS = ["几点开门", "晚上开到几点", "节假日休息吗", "今天开门吗", "几点开始营业", "过年期间营业吗", "人工服务几点下班"]

# Charges put as 你们 questions: after a fault, they are complaints.
CHARGES = ["还管不管了？", "有人负责吗？", "是不是没人上班？", "就这么对消费者？", "不打算解决了吗？", "到底有没有人看消息？",
           "是在糊弄人吗？", "真的不怕被投诉吗？", "怎么好意思收这个钱？", "就不能上点心吗？", "是不是觉得顾客好欺负？"]
# Services whose existence a complaint doubts (你们有客服吗？客服半天不回).
DOUBTED = ["客服", "售后", "人管", "质检", "经理"]
# Thanks and wonder put as 你们 questions, after praise.
PRAISES = ["{a}是怎么做到的？", "{a}也太用心了吧？", "{a}是不是偷偷升级了？", "以后就认准你们了", "{a}怎么这么靠谱？",
           "必须给你们点个赞", "下次还找你们", "{a}怎么做到这么快的？"]
# Threats to escalate that name the step taken, not the fault (我已经打了12345，就等你们的答复了): after the 你 edit the
# 你们 in them no longer carried the complaint, and a threat read as neutral drops out of the triage queue.
STEPS_TAKEN = ["我已经发了朋友圈", "我已经在小红书上发帖了", "我已经打了12345", "我已经向消协反映了", "投诉电话我已经打了",
               "我已经把经过写成帖子了", "我已经申请平台介入了", "我已经咨询过律师了", "相关照片我都拍下来了",
               "订单截图我已经保存好了", "我已经在业主群里说了这事", "我已经联系了记者", "录音我都留着"]
WAITING_ON_YOU = ["{a}尽快处理", "就等{a}的答复了", "倒要看看{a}怎么处理", "{a}最好尽快给个交代", "{a}给个明确的答复",
                  "看{a}能拖到什么时候", "{a}别以为我会算了", "就看{a}的诚意了", "{a}迟早要面对", "{a}自己想清楚后果"]


def _addressee(rng: random.Random, domain: str) -> str:
    return rng.choice(ADDRESSEES[domain])


def _asks_topic(rng: random.Random) -> tuple[str, str, str]:
    """One of the neutral question topics, put to the business as 你们."""
    domain = rng.choice(sorted(QUESTION_TOPICS))
    # One clause naming no other business: 你们 in front must still read as one question.
    topics = [t for t in QUESTION_TOPICS[domain] if "，" not in t and "{bank}" not in t and "{courier}" not in t]
    topic = rng.choice(topics).format(**slot_values(rng))
    frames = WH_FRAMES if WH_MARKERS.search(topic) else YN_FRAMES
    return rng.choice(frames).format(a=_addressee(rng, domain), t=topic), "neutral", "neutral"


def _asks_offering(rng: random.Random) -> tuple[str, str, str]:
    """Whether the business has or offers something."""
    domain = rng.choice(sorted(OFFERINGS))
    text = rng.choice(ASK_HAVE).format(a=_addressee(rng, domain), x=rng.choice(OFFERINGS[domain]))
    return text, "neutral", "neutral"


def _asks_hours(rng: random.Random) -> tuple[str, str, str]:
    domain = rng.choice(["order", "food", "telecom", "bank"])
    return _addressee(rng, domain) + rng.choice(HOURS) + rng.choice(["", "？", "?"]), "neutral", "neutral"


def _complaint(rng: random.Random) -> tuple[str, str, str]:
    """A fault, then a 你们 charge; or a service's existence doubted, then its fault."""
    domain = rng.choice(sorted(DOMAINS))
    aspects, _, _, _ = DOMAINS[domain]
    _, _, bad = rng.choice(aspects)
    you = _addressee(rng, domain)
    if rng.random() < 0.3:
        text = f"{you}有{rng.choice(DOUBTED)}吗？{bad}"
    elif rng.random() < 0.5:
        text = f"{bad}，{you}{rng.choice(CHARGES)}"
    else:
        text = f"{you}{rng.choice(CHARGES)}{bad}"
    return text, "negative", rng.choice(["anger", "anger", "disappointment"])


def _threat(rng: random.Random) -> tuple[str, str, str]:
    """A step taken to escalate, then the wait put to 你们 (or the other way round): a complaint with no fault named."""
    domain = rng.choice(sorted(ADDRESSEES))
    step, wait = rng.choice(STEPS_TAKEN), rng.choice(WAITING_ON_YOU).format(a=_addressee(rng, domain))
    text = f"{step}，{wait}" if rng.random() < 0.7 else f"{wait}，{step}"
    return text + rng.choice(["。", "！", ""]), "negative", "anger"


def _praise(rng: random.Random) -> tuple[str, str, str]:
    domain = rng.choice(sorted(DOMAINS))
    aspects, _, _, _ = DOMAINS[domain]
    _, good, _ = rng.choice(aspects)
    text = f"{good}，{rng.choice(PRAISES).format(a=_addressee(rng, domain))}"
    return text, "positive", rng.choice(["joy", "gratitude"])


# Inquiries seven in fourteen, complaints three and threats two, praise two: the pronoun is no cue either way.
GENERATORS = (_asks_topic, _asks_offering, _complaint, _asks_topic, _asks_hours, _complaint, _asks_offering, _praise,
              _asks_topic, _complaint, _asks_offering, _praise, _threat, _threat)


def second_person_texts(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """n (text, sentiment, emotion) triples, the generators in turn (duplicates possible)."""
    return in_turn(GENERATORS, rng, n)


def is_second_person_text(text: str) -> bool:
    """Whether `text` addresses the business as 你们: the focus of a targeted fix (notebooks/gpu_continuations.py,
    cpu-edit). It takes the other generators' 你们 complaints and thanks too, so an edit sees both sides."""
    return "你们" in text
