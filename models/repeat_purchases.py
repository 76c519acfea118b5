"""A repeat purchase stated on its own is praise: the customer came back (已经是第五次买了, 第三次购买了, 无限回购).

The encoder read 已经是第五次买了, 第三次购买了 and 这是第N次买了 as neutral (a number and a verb), though it reads 回购无数次了
and 又来买了 as praise. Only a text made wholly of such statements: beside anything else (第三次买了，这次质量不行) the
other clauses say how this time went, and the model reads them. A first purchase (第一次买) is not one.
"""

from __future__ import annotations

import re

from models.chat_clauses import made_only_of

_NTH = r"第(?:[二三四五六七八九十两几n]+|\d+)次"
_BUY = r"(?:购买|买|回购|复购|下单|订购|光顾|入住|来)"
_REPEAT = re.compile(
    rf"(?:这|这已经|已经|这是|这已经是|记不清|数不清)?是?(?:我|我们|咱|咱们)?(?:的)?{_NTH}(?:来|在)?(?:这家|他家|这里|这儿)?{_BUY}"
    r"(?:这家店|这家酒店|这家|他家|这个|这款|这里|了|啦|喽|咯)*"
    r"|(?:又|再次|已经|已)?回购(?:了|啦)?|无限回购|回购(?:无数次|好多次|很多次|好几次)了?"
)
_TRIGGERS = frozenset("次回購购")


def is_repeat_purchase(text: str) -> bool:
    """True for a text made wholly of statements that the customer bought again."""
    return made_only_of(text, _TRIGGERS, _REPEAT.fullmatch)


def repeat_purchase(text: str) -> tuple[int, str, str] | None:
    """(+1, the text, "joy") for a normalised text made wholly of repeat-purchase statements, else None."""
    return (1, text.strip(), "joy") if is_repeat_purchase(text) else None
