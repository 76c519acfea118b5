"""Commerce aspects: which clauses talk about delivery, quality, price, service, packaging, taste, ….

Aspect keywords are data (a small table); each matching clause is then scored by the same model as the
whole text, so an aspect's sentiment is the model's reading of the clause that mentions it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.absent_merits import absent_fault, absent_merit
from models.listing_comparisons import measured_against_listing
from models.long_waits import long_wait
from models.rhetorical_denials import rhetorical_denial
from models.text import split_clauses

ASPECT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "物流": ("物流", "快递", "发货", "配送", "送货", "到货", "送达", "送到", "派送", "运输", "顺丰", "骑手", "送餐", "外卖小哥",
           "驿站", "揽收", "签收", "送得", "到得", "发得"),
    "质量": ("质量", "做工", "材质", "品质", "用料", "耐用", "坏了", "质感", "面料", "正品", "假货", "掉漆", "开胶", "起球",
           "褪色", "掉色", "开线", "刮花"),
    "价格": ("价格", "价钱", "性价比", "cp值", "便宜", "贵", "划算", "实惠", "优惠", "降价", "值这个价", "不值"),
    "服务": ("客服", "服务", "售后", "态度", "店家", "商家", "前台", "服务员", "导购", "回复", "退款", "退货", "安装"),
    "包装": ("包装", "盒子", "破损", "压坏", "封口", "快递盒", "包裹"),
    "口味": ("口味", "味道", "好吃", "难吃", "口感", "咸", "甜", "辣", "香", "新鲜", "分量"),
    "外观": ("外观", "颜色", "样子", "款式", "好看", "颜值", "色差", "图片"),
    "尺码": ("尺码", "尺寸", "大小", "偏大", "偏小", "合身", "码数", "一码"),
    "环境": ("环境", "房间", "卫生", "干净", "安静", "隔音", "位置", "设施", "早餐", "霉味", "发霉", "烟味"),
    "性能": ("续航", "电池", "速度", "卡顿", "发热", "信号", "音质", "屏幕", "内存", "系统", "闪退", "bug", "拍照", "像素",
           "充电", "降噪", "散热", "蓝牙"),
}


# Opinion words that commerce reviewers attach to aspects, which the emotion lexicon (feelings, not attributes)
# lacks: 快/慢, 便宜/贵, 破损, 卡顿 …  +1 praise, -1 complaint. Matched after the aspect keywords are masked, so
# the 快 in 快递 is not an opinion.
OPINION_WORDS: dict[str, int] = {
    "快": 1, "迅速": 1, "及时": 1, "准时": 1, "神速": 1, "慢": -1, "拖": -1, "延迟": -1, "晚到": -1,
    "便宜": 1, "实惠": 1, "划算": 1, "超值": 1, "值": 1, "贵": -1, "坑": -1, "溢价": -1,
    "完好": 1, "结实": 1, "严实": 1, "精美": 1, "用心": 1, "破": -1, "烂": -1, "漏": -1, "变形": -1,
    "耐心": 1, "热情": 1, "周到": 1, "专业": 1, "负责": 1, "敷衍": -1, "冷漠": -1, "不理": -1, "推脱": -1,
    "一绝": 1, "正宗": 1, "地道": 1, "足": 1, "公道": 1, "良心": 1, "好用": 1, "难用": -1,
    "新鲜": 1, "好吃": 1, "香": 1, "入味": 1, "难吃": -1, "变质": -1, "过期": -1, "腥": -1, "馊": -1,
    "清晰": 1, "流畅": 1, "耐用": 1, "稳定": 1, "很卡": -1, "太卡": -1, "好卡": -1, "卡死": -1, "不卡": 1, "烫": -1, "掉电": -1, "失灵": -1,
    "合身": 1, "合适": 1, "舒服": 1, "干净": 1, "安静": 1, "整洁": 1, "脏": -1, "吵": -1, "异味": -1, "霉": -1,
    "好": 1, "棒": 1, "赞": 1, "不错": 1, "满意": 1, "差": -1, "糟": -1, "失望": -1, "垃圾": -1,
    # aspect keywords that are opinions themselves
    "值这个价": 1, "不值": -1, "坏了": -1, "假货": -1, "破损": -1, "压坏": -1, "卡顿": -1, "闪退": -1, "发热": -1,
    "色差": -1, "偏大": -1, "偏小": -1, "正品": 1, "好看": 1, "霉味": -1, "发霉": -1, "烟味": -1,
    "掉漆": -1, "开胶": -1, "起球": -1, "褪色": -1, "掉色": -1, "开线": -1, "刮花": -1,
}
# 味道 and 香 name a smell as often as a taste: in a clause about a room, bedding or mould (房间有股发霉的味道)
# they are the room's, not the food's.
_SMELL_WORDS = ("味道", "香")
_ROOM_CONTEXT = ("房间", "卫生间", "厕所", "被子", "床单", "枕头", "空调", "地毯", "走廊", "大堂", "霉", "烟味")
# A negator, then at most four characters of degree or filler words, right before the opinion word: 不贵, 不是很快, 没有任何破损,
# 一点都不卡, 没发现卡顿; and the comparative 没有(网上说的)那么好吃, which denies the degree as well.
_NEGATED_BEFORE = re.compile(
    r"(?:(?:不|没|无|别|未)[有是太很够算会再怎么那这任何一点丝毫什都也发现出过见觉得大多]{0,4}|没有.{1,8}?(?:那么|这么|那样|这样))$"
)
# Words that hold an opinion's or a negator's character but are neither, masked before the scan: 特别好 is praise,
# 出差 and 差不多 are no complaint, 房卡 no lag, 拖鞋 no delay, 麻辣烫 no burn, 快一个月了 no speed, 说好的 and 等了好久
# no praise.
_NOT_OPINIONS = (
    "特别", "分别", "区别", "别人", "别的", "差不多", "不得不", "无论", "不管", "未来", "出差", "差旅", "差价",
    "说好", "好像", "好几", "好多", "只好", "好不容易", "正好", "刚好", "好久", "好半天", "好一会", "价值", "香港",
    "香菜", "香烟", "拖鞋", "拖把", "拖地", "贵宾", "贵州", "宝贵", "灿烂", "尽快", "赶快", "快点", "快要", "快一",
    "快两", "快三", "快半", "快十", "慢慢", "足足", "足球", "麻辣烫",
)
_MAX_OPINION = max(len(w) for w in OPINION_WORDS)
# Aspect keywords that are not opinions, masked before the scan (same order as the table), computed once.
_MASKED_KEYWORDS = tuple(w for words in ASPECT_KEYWORDS.values() for w in words if w not in OPINION_WORDS)
# Rhetorical questions deny what they name: 这也叫新鲜 means it is not fresh. Masked too: the 好 of 也好意思 is
# no praise.
_RHETORICAL = ("这也叫", "这也算", "这就叫", "这也配", "也配叫", "也好意思", "难道")
_MASKED = _NOT_OPINIONS + _MASKED_KEYWORDS + _RHETORICAL
# One pass for all of them, longest first where two start at one character: a clause is masked for every clause of
# every text, so a replace per word (about 150) cost more than the scan itself.
_MASK = re.compile("|".join(map(re.escape, sorted(set(_MASKED), key=len, reverse=True))))


# A short run in quotation marks: in a complaint, praise in scare quotes is irony (这“新鲜”的水果，一半都烂了).
_QUOTED = re.compile("[“\"「『‘]([^“”\"「」『』‘’]{1,8})[”\"」』’]")


def opinion_polarity(clause: str, *, ironic_quotes: bool = False) -> int:
    """Net praise (+) or complaint (-) of the opinion words in a clause; a negator before a word (with at most a few
    degree words between) flips it, a rhetorical question (这也叫…) flips the clause, and a rhetorical denial
    (这有什么好看的: `models.rhetorical_denials`), a comparison with the listing, a merit or fault said to be missing, or
    a long wait decides it. With `ironic_quotes` (the text
    is a complaint), a clause that puts an opinion word in quotation marks is irony: the customer quotes the claim to
    deny it, so its praise counts as complaint (好“快”的物流)."""
    # 这有什么好看的 dismisses the looks, 这有什么好担心的 reassures; 比图片上的小, 毫无诚意, 毫无卡顿 and 物流等了好久 take
    # the side their rule reads for the whole text
    stated = (rhetorical_denial(clause) or measured_against_listing(clause) or absent_merit(clause)
              or absent_fault(clause) or long_wait(clause))
    if stated is not None:
        return stated[0]
    masked = _MASK.sub(lambda m: "#" * len(m.group()), clause)
    quoted = [m.span(1) for m in _QUOTED.finditer(clause)] if ironic_quotes else []
    signs: list[int] = []
    ironic = False
    i = 0
    while i < len(masked):
        for size in range(min(_MAX_OPINION, len(masked) - i), 0, -1):
            word = masked[i : i + size]
            if word in OPINION_WORDS:
                sign = OPINION_WORDS[word]
                signs.append(-sign if _NEGATED_BEFORE.search(masked, 0, i) else sign)
                ironic = ironic or any(start <= i < end for start, end in quoted)
                i += size
                break
        else:
            i += 1
    total = sum(-abs(sign) for sign in signs) if ironic else sum(signs)
    return -total if any(marker in clause for marker in _RHETORICAL) and not ironic else total


def _is_room_smell(clause: str) -> bool:
    """口味 matched only through a smell word (味道, 香) in a clause about a room or mould."""
    tasted = [w for w in ASPECT_KEYWORDS["口味"] if w in clause]
    return all(w in _SMELL_WORDS for w in tasted) and any(c in clause for c in _ROOM_CONTEXT)


@dataclass(frozen=True)
class AspectClause:
    """A clause of the text and the aspects it mentions."""

    clause: str
    aspects: tuple[str, ...]


# Arrival after a stretch of days names the delivery without a delivery word: 等了十天才到, 第二天就收到了. Minutes
# and hours are left out (走路5分钟就到了 is a hotel's location), and months (两个月才到波士顿 is a trip).
_ARRIVAL = "(?:天|日|号|(?:周|星期|礼拜)[一二三四五六日天]?)(?:才|就)(?:收到|送到|到)"
_EXTRA_PATTERNS = {"物流": (_ARRIVAL,)}

# One alternation per aspect: every clause of every text is matched against all of them.
_ASPECT_PATTERNS = {
    name: re.compile("|".join([*map(re.escape, words), *_EXTRA_PATTERNS.get(name, ())]))
    for name, words in ASPECT_KEYWORDS.items()
}


def text_clauses(text: str) -> list[AspectClause]:
    """Every distinct clause of a normalised text, in text order, each with the aspects it mentions (often none). A
    clause repeated word for word (copy-pasted reviews) is one clause: it says the same thing, and reads the same."""
    out: list[AspectClause] = []
    seen: set[str] = set()
    for clause in split_clauses(text):
        stripped = clause.strip("，,。！？!?；;~～ ")
        if not stripped or stripped in seen:
            continue
        seen.add(stripped)
        found = tuple(name for name, pattern in _ASPECT_PATTERNS.items() if pattern.search(clause))
        if "口味" in found and _is_room_smell(clause):
            found = tuple(dict.fromkeys("环境" if name == "口味" else name for name in found))
        out.append(AspectClause(stripped, found))
    return out


def aspects_named(piece: str) -> tuple[str, ...]:
    """The aspects a piece of normalised text mentions, in table order."""
    return tuple(name for name, pattern in _ASPECT_PATTERNS.items() if pattern.search(piece))


def aspect_clauses(text: str) -> list[AspectClause]:
    """Clauses of a normalised text that mention at least one aspect, in text order."""
    return [item for item in text_clauses(text) if item.aspects]
