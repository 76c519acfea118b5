"""Regret at finding the shop or product late is praise: 要是早点知道这家店就好了, 早知道这家店就好了.

The encoder hears the regret: it read 要是早点知道这家店就好了 as −0.89 and 早知道这家店就好了 as −0.02, while it reads
相见恨晚 and 后悔没早点买 right. The customer wishes they had known it sooner, so it is good. Only with a verb of finding
(知道, 发现, 遇到, 用上, 买) and the shop or the thing after it, in a short text with no fault named: 早知道就不买了,
要是早点发货就好了 and 要是早点发现问题就好了 are complaints, and the model reads them.
"""

from __future__ import annotations

import re

from models.text import clause_around, says_little_else

_FOUND = r"(?:知道|发现|遇到|遇见|认识|找到|用上|买到|买|入手)"
_IT = r"(?:了)?(?:这家|这个|这款|这种|这么好|这样好|你们|您家|你家|它|宝藏|有这么|有这家|有这个)"
_LATE = re.compile(
    rf"(?:要是|如果|假如|早知道|真希望|希望|后悔没|怎么没|可惜没|恨不得)?(?:能)?早(?:点|些|一点|几年|几个月|几天|一年|两年)?"
    rf"{_FOUND}{_IT}[^,。!?;~]{{0,12}}?(?:就好了|该多好|多好|就好啦)"
    rf"|(?:后悔|怎么|可惜)没(?:能)?早(?:点|些|一点|几年|一年|两年)?{_FOUND}{_IT}"
)
# A fault named, or a price (早知道这个价格就好了 may regret paying more elsewhere or paying at all).
_FAULT = re.compile(r"不|差|烂|坑|骗|假|问题|毛病|失望|后悔买|慢|价|钱|贵")


def late_discovery(text: str) -> tuple[int, str, str] | None:
    """(+1, the words, "joy") for a short normalised text that regrets finding the shop or thing late, else None."""
    match = _LATE.search(text)
    if match is None or _FAULT.search(text.replace("不得", "").replace("后悔没", "")):
        return None
    if not says_little_else(text, clause_around(text, match.start(), match.end())):
        return None
    return 1, match.group(0), "joy"
