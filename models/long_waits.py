"""A long wait stated bare is a complaint: 挂号排了三个小时, 足足等了四十分钟, 等了好久.

Durations are numbers to the encoder, and a wait is often the start of praise in the review corpus (排了很久的队，但是
值得): the bundled model read 挂号排了三个小时 as neutral, 足足等了四十分钟 as +0.40, 排了很久的队 +0.51 and 等了好久
+0.43, while it reads a wait with its cause (等了一个小时才上菜) right. Only waits long in any trade count: half an hour
or more, hours, half a day, weeks (days only with 足足 / 整整, since two days is a normal delivery). A short text only,
and none that turns the wait (但, 终于, 值得), calls it short (等了半小时就到了), praises something beside it (还可以,
好吃) or asks about one (要等多久？), which the model is left to read.
"""

from __future__ import annotations

import re

from models.text import clause_around, says_little_else

_NUMBER = r"(?:\d+|[一二两三四五六七八九十几半]+)"
_LONG = (
    rf"{_NUMBER}(?:个多|多个|个半|个)?(?:小时|钟头|个钟|钟)"
    rf"|(?:[3-9]\d|\d{{3,}}|三十|四十|五十|六十|七十|八十|九十|[三四五六七八九]十[一二三四五六七八九]?)多?分钟"
    rf"|半小时|半个小时|{_NUMBER}(?:个多|个)?(?:星期|礼拜|周|月)"
    r"|很久|好久|老半天|大半天|半天|一上午|一下午|一整天|一晚上|好长时间|很长时间|好几个小时"
)
_WAIT = re.compile(
    rf"(?:等|排队?|候|耗)(?:待|着)?了?(?:足足|整整|快|近|将近|差不多|大概|约)?(?:{_LONG})"
    rf"|(?:足足|整整)(?:等|排队?)了?{_NUMBER}天"
)
# A wait turned (但, 终于, 值得), said to be short (等了半小时就到了), or beside praise (还可以, 好吃): not bare.
_TURNED = re.compile(
    r"但|不过|可是|然而|值得|值了|终于|总算|还好|幸好|好在|虽然|没白|也值|就[到好来上送出办]"
    r"|还可以|还行|不错|挺好|很好|好吃|好喝|很快|挺快|准时|满意|热情|贴心"
)
_ASKED = re.compile(r"吗|么|嘛|\?|多久|多长时间")


def long_wait(text: str) -> tuple[int, str] | None:
    """(−1, the words) for a short normalised text that states a long wait and nothing that turns it, else None."""
    match = _WAIT.search(text)
    if match is None or _TURNED.search(text) or _ASKED.search(text):
        return None
    if not says_little_else(text, clause_around(text, match.start(), match.end())):
        return None
    return -1, match.group(0)
