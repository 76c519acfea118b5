"""A promise kept is praise: 客服说今天发，果然今天就发了, 卖家说发顺丰，果然发的顺丰.

In the review corpus 果然 ("sure enough") mostly confirms a fear (果然是假货), and the encoder learnt it as a complaint's
word: it read 客服说今天发，果然今天就发了 as −0.83 and 说会退款，果然退了 as −0.95. Where what 果然 confirms repeats what
was said (a word's character in common: 退款 … 退了) and neither side names a fault or a negation (说是正品，果然是假的;
说马上处理，果然又没下文了), the shop did as it said. The model's confidence there is about 果然, so it is a turned verdict (`models.stated_verdicts`).
"""

from __future__ import annotations

import re

_KEPT = re.compile(
    r"(?:说|承诺|答应|保证)(?:好的?|了|过|是)?(?P<promise>[^,。!?;~]{1,14})[,;]\s*(?:结果|然后)?果然(?P<kept>[^,。!?;~]{1,16})"
)
# A fault, a negation, or a person turning on the customer (果然打来骂我了).
_FAULT = re.compile(r"不|没|假|坑|骗|差|烂|破|坏|又|慢|贵|失望|问题|毛病|垃圾|难|骂|凶|吼|拒|推|敷衍|威胁|投诉|删")


# Characters that say nothing of what was promised.
_FUNCTION_CHARACTERS = frozenset("的了是就会很也都在得着过要把被给我你他她它们这那个能可以吧呢啊")


def promise_kept(text: str) -> tuple[int, str, str] | None:
    """(+1, the words, "joy") for a normalised text where what was promised sure enough happened, else None."""
    match = _KEPT.search(text)
    if match is None:
        return None
    promise, kept = match.group("promise"), match.group("kept")
    if _FAULT.search(promise) or _FAULT.search(kept) or not (set(promise) & set(kept)) - _FUNCTION_CHARACTERS:
        return None
    return 1, match.group(0), "joy"
