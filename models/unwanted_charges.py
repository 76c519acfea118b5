"""Charges the customer never agreed to: 退订了还在扣费, 多扣了我10块, 重复扣款, 偷偷开通 are complaints.

Billing complaints (telecom, memberships, banks) barely occur in the 2010s review corpus, and their words are plain:
the bundled model read 退订了还在扣费 and 取消了还扣钱 as neutral, 每个月多扣我10块钱 as +0.36 praise. Three forms: a
charge after the customer stopped the service (退订, 取消, 注销, 没开通, 还清) taken anyway (还, 又, 照样, 却), one said to
be waived and taken (年费说免结果又收了), and a charge that is wrong in itself (多扣, 乱收费, 重复扣款, 莫名其妙被扣, 偷偷续费). A question about what will happen (退订后还会扣费吗？)
is a pre-sale question, not a complaint, and is left to the model.
"""

from __future__ import annotations

import re

from models.text import clause_end

_CLAUSE = r"[^,。!?;~]"
# A charge: money named after the verb (扣费, 收我利息, 扣了十几块流量费, 扣五块), not 收到 or 计划.
_AMOUNT = r"(?:\d+|[一二两三四五六七八九十几百]+)(?:多|来)?(?:块|元|毛)"
_CHARGE = (
    rf"(?:(?:扣|收|计|续)(?:了|我|过|着|取)?我?(?:{_AMOUNT})?[^,。!?;~]{{0,3}}?"
    r"(?:钱|费|款|利息|年费|月租|话费|会员费|服务费|手续费)"
    rf"|扣(?:了|我)?{_AMOUNT})"
)
_STOPPED = (
    r"(?:退订|取消|注销|销户|关闭|解约|停用|停机|解绑|退掉|退会员|没用|没有用|没开通|未开通|没订|没有订|没办|没有办|"
    r"没消费|没有消费|还清|已还款|已经还了|已经退了|不用了)"
)
_ANYWAY = r"(?:还|又|仍|照样|照旧|依然|依旧|继续|却|也|竟然|居然)"
_AFTER_STOPPING = re.compile(rf"{_STOPPED}{_CLAUSE}{{0,12}}?{_ANYWAY}(?:在|是|要|给|被|从|每月|每个月|一直)?{_CLAUSE}{{0,4}}?{_CHARGE}")
# A charge said to be waived and taken (年费说免结果又收了).
_SAID_FREE = re.compile(rf"说(?:好|了)?的?(?:免|不收|不要钱|不扣|包){_CLAUSE}{{0,10}}?(?:结果|却|还是|但|可)(?:又|还)?{_CLAUSE}{{0,4}}?(?:扣|收)")
_WRONG = re.compile(
    r"多扣|乱扣(?!帽)|多收(?![获益藏集到入纳])|乱收费|重复扣|重复收|扣了两次|收了两次|扣两次|"
    r"(?:莫名其妙|莫名|无缘无故|平白无故)(?:地|的)?(?:被)?(?:扣|收(?![藏到集获货])|多|少)|"
    r"(?:偷偷|私自|擅自|强制|默认)(?:地|的)?(?:给我)?(?:扣|收(?![藏到集获货])|续费|开通|订)"
)
# A question about what will happen (还会扣费吗), or a service that may charge (可以收费): no complaint. 怎么 asks
# nothing (怎么还在扣款), and 会员 is a membership.
_ASKED = re.compile(r"会(?!员)|要不要|能不能|可以|是否|吗|(?<![怎什])么|嘛|\?")


def unwanted_charge(text: str) -> tuple[int, str] | None:
    """(−1, the words) for a normalised text that complains of a charge the customer never agreed to, else None."""
    for pattern in (_AFTER_STOPPING, _SAID_FREE, _WRONG):
        match = pattern.search(text)
        if match is None:
            continue
        if _ASKED.search(text[match.start():clause_end(text, match.end())]):
            continue
        return -1, match.group(0)
    return None
