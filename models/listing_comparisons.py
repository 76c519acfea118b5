"""Verdicts measured against the listing, a promise or the customer's expectation: 比图片上的小 and 比说好的晚了三天 are
complaints, 比预计的早到了一天 praise.

The encoder hears the listing's words (图片, 描述, 说好), which sit beside praise in most reviews (和描述的一样), more
than the comparison: the bundled model read 比描述的小很多 as +0.93, 比图片上的小 +0.53, 比说好的晚了三天 +1.00 and
比说的早到了两天 −0.56. The comparison word decides, so `models.stated_verdicts` blends these in with a rhetorical
denial's odds (a reading as sure as 比说好的晚了三天 still stands).

Only in a short text, where the comparison is the verdict: in a review it is one remark among others the model reads
(57 train and dev reviews hold one, and the model reads all 57 right). Only words whose direction does not depend on
the thing: 大, 多, 高, 长, 厚, 薄, 亮 and 深 are praise of a room, a portion or a phone and complaints of a size, a wait,
a price, a fabric or a colour, so they are left to the model (比我想象的薄很多，很适合带出门 is praise). So are a
comparison denied (不比图片差), one asked about (实物比图片大吗？), and one with anything else (比上次买的小).
"""

from __future__ import annotations

import re

from models.text import clause_around, clause_end, says_little_else

# What the product is measured against: the listing, what was said or promised, what was expected (说好 before 说,
# whose 好 is no praise).
_REFERENCE = (
    r"(?:图片|照片|图|描述|介绍|详情页?|宣传|广告|说明|说好|讲好|约好|说(?!好)|讲(?!好)|写|承诺|约定|预计|预期|预想|期望|想象|想像|"
    r"标注|页面|官网|"
    r"直播间?|视频|模特图?)"
)
_WORSE = r"小|短|少|差(?!不多)|慢|晚|丑|难看|粗糙|旧|窄|矮|暗|贵|次|廉价|劣质|难吃|难用|脏|松垮"
_BETTER = r"好(?!像)|快|早|便宜|实惠|划算|足|精致|漂亮|好看|厚实|结实|好吃|好用|舒服|清晰|新鲜|大气|高级|宽敞|干净"
# 比 as "than", not 比如, 比较, 对比, 比起 …; a comparison denied (不比, 没比) is left to the model.
_AGAINST = re.compile(
    rf"(?<![对相无不没好])比(?![如较方赛例分起重率价])(?P<reference>[^,。!?;~比]{{0,8}}?{_REFERENCE}(?:上|中|里|里面)?的?)"
    rf"(?:时间)?(?:要|还|更|稍微|稍|略)?(?:(?P<worse>{_WORSE})|(?P<better>{_BETTER}))"
)
_ASKED = re.compile(r"吗|么|嘛|\?")


def measured_against_listing(text: str) -> tuple[int, str, str] | None:
    """(+1 or −1, the words, the emotion they carry) for a normalised text that measures the product against its
    listing, a promise or an expectation, else None; None too when it holds both kinds or asks."""
    found = [m for m in _AGAINST.finditer(text) if not _ASKED.search(text, m.end(), clause_end(text, m.end()))]
    sides = {-1 if m.group("worse") else 1 for m in found}
    if len(sides) != 1:
        return None
    first = found[0]
    if not says_little_else(text, clause_around(text, first.start(), first.end())):
        return None
    polarity = sides.pop()
    return polarity, first.group(0), "disappointment" if polarity < 0 else "joy"
