"""Merits said to be missing are complaints (毫无亮点, 没有诚意, 一点惊喜都没有, 毫无性价比可言); faults or burdens said
to be missing outright are praise (玩游戏毫无压力, 毫无违和感, 毫无卡顿).

The encoder reads the merit, not its absence, where the merit's word is praise on its own: the bundled model read
毫无亮点 as +0.14, 没什么亮点 +0.76, 没有诚意 +0.53, 毫无性价比可言 +0.95, 没啥档次 +0.31 and 除了地点靠近地铁，几乎未发现
其他优点。 +0.85, while it reads 没有特色, 毫无竞争力 or 没什么用 right. And it learnt 毫无 as a complaint's word: it read
毫无压力 as −0.79, 玩王者荣耀毫无压力 −0.78, 毫无违和感 −0.55 and 毫无卡顿 −0.37, while 没有任何卡顿 and 一点都不卡 read
right. As with a rhetorical denial (`models/rhetorical_denials.py`), its confidence there is about the word denied, so
`models.stated_verdicts` blends these in with the same large odds.

Only in a short text, where that clause is the verdict: in a review the complaint is one remark among others the
model reads (78 training reviews hold a missing merit and 15 of them are labelled praise: 价格没什么优势 beside a good
stay). Of the 11 short ones the rule agrees with 10 labels (not 服务：中规中矩，没什么特色，门童是女的。, praise); one dev
text is short and holds one (除了地点靠近地铁，几乎未发现其他优点。), no test or gold text. 亮点 is a laptop screen's bright
pixel as well as a highlight, so 屏幕无亮点 is praise: it is left out where the text speaks of a screen. Merits not
needed (没有优惠券也很划算, 没有比这更有性价比的) are not matched.
"""

from __future__ import annotations

import re

from models.text import clause_around, says_little_else

# Merits whose absence is a fault, the words the model reads as praise first among them. 亮点 only after the
# negators that say "not any" (毫无亮点, 没什么亮点): 无亮点 and 没有亮点 are the screen's bright pixels in laptop reviews
# that name no screen (性价比不错，功能全面，而且没有亮点).
_MERITS = (
    "优点|诚意|性价比|惊喜|特色|新意|卖点|看点|优势|竞争力|信誉|诚信|专业性|档次|品味|创意|质感|技术含量|底线|"
    "良心|人情味|服务意识|责任心|用处|意义|价值(?!观)"
)
# Said missing outright (毫无, 没有), or looked for and not found (几乎未发现, 找不到任何); every other merit denied after
# one granted (除了颜值高，没有其他优点) is one too.
_NEGATED = (
    r"(?:毫无|没有任何|没有什么|没什么|没啥|没有啥|完全没有|根本没有|几乎没有|并没有|没有|没|无"
    r"|(?:几乎|基本)?(?:未|没|没有)(?:发现|看到|找到)(?:任何|什么)?|(?:找|看)不到(?:任何|什么)?)"
)
_OTHER = r"(?:其他|其它|别的)"
_ABSENT = re.compile(
    rf"(?<!有)(?<!不是)(?<!如果)(?:{_NEGATED}{_OTHER}?(?:{_MERITS})"
    rf"|(?:毫无|没什么|没啥|没有什么|{_NEGATED}{_OTHER})(?P<highlight>亮点))(?:可言)?(?![也的比还却但])"
    rf"|一点(?:儿)?(?:{_MERITS})(?:都|也)没有?"
)
_SCREEN = re.compile("屏|显示|坏点|像素")
# Faults and burdens whose absence, said outright (毫无, 没有任何, 完全没有, 一点…都没有), is praise.
_FAULTS = (
    "压力|违和感|卡顿|色差|异味|怪味|瑕疵|怨言|问题|毛病|破损|延迟|杂音|噪音|异响|漏液|掉帧|划痕|线头|污渍|异物|不适|"
    "副作用|刺激感?|过敏|磨损|故障|bug|压迫感|负担|门槛|难度"
)
_NO_FAULT = re.compile(
    rf"(?<!不是)(?:毫无|没有任何|完全没有|完全无|无任何|没有一点)(?:{_FAULTS})(?!可言|的)"
    rf"|一点(?:儿)?(?:{_FAULTS})(?:都|也)没有?"
)


def absent_merit(text: str) -> tuple[int, str, str] | None:
    """(−1, the clause, "disappointment") for a short normalised text that says a merit is missing, else None."""
    match = _ABSENT.search(text)
    if match is None or (match.group("highlight") and _SCREEN.search(text)):
        return None
    clause = clause_around(text, match.start(), match.end())
    if not says_little_else(text, clause):
        return None
    return -1, clause, "disappointment"


def absent_fault(text: str) -> tuple[int, str, str] | None:
    """(+1, the clause, "joy") for a short normalised text that says a fault or burden is missing outright, else
    None."""
    match = _NO_FAULT.search(text)
    if match is None or _ABSENT.search(text):
        return None
    clause = clause_around(text, match.start(), match.end())
    return (1, clause, "joy") if says_little_else(text, clause) else None
