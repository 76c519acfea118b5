"""Advice questions: a customer asking which option to choose (哪个颜色好看, 175斤穿多大码合适, 送人选哪款好) or to be
recommended one (有什么好吃的推荐, 附近有什么好吃的？).

The evaluative word is asked about, not stated, so the text holds no verdict; but the 2010s review corpus has few
pre-sales questions and the model reads the word: 哪个颜色好看 +0.95 with joy, 175斤穿多大码合适 (no question mark)
+0.80, 送人选哪款好 +0.80, 有什么好吃的推荐 +0.82, 这款和那款哪个性价比高 +0.96, 附近有什么好吃的？ +0.58. A chat message like these would earn
a praise reward. Only a text made wholly of such questions (and greetings: 亲, 你好, 请问) matches; a review that asks
one among its own words is still read by the model.

Left to the model: rhetorical questions that state a verdict (这有什么好看的, 还有什么比这更好的), universals
(哪个都好, 什么都合适), exclamations (怎么这么好看) and where-questions (不知道哪里好, which doubts the product).
"""

from __future__ import annotations

import re

from models.chat_clauses import made_only_of
from models.rhetorical_denials import CONTEMPT

_WHICH = r"(?:哪(?:个|款|种|一款|一个|一种|件|双|套|只|家|样)?|什么|啥|多大(?:码|号)?|几(?:码|号|寸))"
_GOOD = r"(?:好看|好用|好吃|好穿|好|合适|划算|实惠|实用|耐用|舒服|适合|性价比(?:高|好)|值得买|值得入手?)"
_ADVICE = re.compile(rf".{{0,12}}?{_WHICH}.{{0,8}}?{_GOOD}(?:一些|一点|点|些)?(?:呢|啊|呀|吗|嘛|哇)?")
# Clauses that state a verdict in a question's words; they stay with the model.
_RHETORICAL = re.compile(r"(?:哪|什么|啥)\w{0,2}?(?:都|也)|这么|那么|多么|为什么|怎么|有(?:什么|啥)好|没(?:什么|啥)好"
                         r"|比(?:这|它|他|她)|哪里|哪儿")
# Asking what is good around here or at the shop (附近有什么好吃的？ 你们家有什么好喝的; any subject with 吗:
# 这家店还有什么好吃的吗). These are a dismissal's words too (这有什么好看的: `models/rhetorical_denials.py`), so only
# the things a customer asks about count, and the subject must be a place or the shop unless 吗 makes it a question.
_PLACE_OR_SHOP = r"(?:这|那)(?:附近|边|里|儿|一带)|附近|周边|周围|你们(?:店|家)?(?:里)?|你家|贵店|店里|本店"
_GOOD_TO = r"(?:好|值得)(?:吃|喝|玩|用|逛|买|穿|看)?的?(?:东西|地方|店|菜|景点|饭店|餐厅)?"
_ASK_WHAT_GOOD = re.compile(
    rf"(?:{_PLACE_OR_SHOP})(?:还)?有(?:什么|啥){_GOOD_TO}(?:呢|呀|啊|吗)?"
    rf"|.{{0,8}}?(?:还)?有(?:什么|啥|没有){_GOOD_TO}吗"
)
# Asking to be recommended something (有什么好吃的推荐, 求推荐好用的耳机, 能推荐一款洗面奶吗). Not a bare 推荐一下…,
# nor 可以推荐给大家: the customer recommending the product.
_RECOMMEND_ME = re.compile(rf"(?:{_PLACE_OR_SHOP})?(?:还)?有(?:什么|啥|没有)好.{{0,6}}?(?:推荐|介绍)(?:一下|下)?(?:吗|呢|呀|啊)?"
                           r"|求推荐.{0,12}|(?:能|可以)(?:不能|不可以)?(?:帮我)?推荐(?!给).{0,12}?(?:吗|呢|呀|啊)")
# Characters one of which every advice question holds (Simplified and Traditional), in _WHICH or in 推荐 / 介绍: most
# texts skip the normalising, as in `models.stated_verdicts`.
_TRIGGERS = frozenset("哪什啥大几幾荐薦绍紹")


def is_advice_question(text: str) -> bool:
    """True for a text made only of questions asking which option is good (and greetings)."""
    return made_only_of(text, _TRIGGERS, _asks_advice)


def _asks_advice(clause: str) -> bool:
    if _RECOMMEND_ME.fullmatch(clause) or (_ASK_WHAT_GOOD.fullmatch(clause) and not CONTEMPT.search(clause)):
        return True
    return not _RHETORICAL.search(clause) and _ADVICE.fullmatch(clause) is not None
