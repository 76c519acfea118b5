"""One field of a pros / cons form on its own: 缺点：房间太小 is a complaint, 优点：位置好 and 缺点：暂时没发现 praise.

Shops' review forms (优点 / 缺点 / 不足) reach the service a field at a time, and the review corpus holds such fields cut
from whole hotel and laptop reviews, each labelled with its review's verdict: of the 50 training texts that open with
one kind of header, 21 labels agree with the header's side. The encoder learnt those labels, not the fields: it read
优点：位置好 as −0.39, 优点：交通方便。 −0.30 and 缺点：房间太小 +0.35 (other domains' fields it reads right: all 14 of
`notebooks/probes.py` FORM_FIELDS_HELD_OUT). Forms with both kinds of field are left to the model, which reads them
from its pros / cons training (`training/synthetic_pros_cons.py`).

The header states which side the field is on, so a filled field takes its header's side and an empty one (缺点：暂无,
优点：没有) the other. It is a stated verdict like a rating (`models.stated_verdicts`, odds e^2.5): it decides a field
the model reads as unsure and leaves one it reads clearly (不足：早餐一般 still reads +0.24). A field followed by anything that weighs it (其他都挺好的, 除此之外, 总的来说, 但) is left to the
model, and so is any text without a header at its start (缺点不多，整体很满意).
"""

from __future__ import annotations

import re

_PROS = r"优点|亮点|满意的地方|好的地方|好评理由|优势"
_CONS = r"缺点|不足之处|不足|槽点|不满意的地方|差评理由|缺陷"
# A header opens the text: 缺点：…, 【缺点】…, 缺点是…, 缺点1、…, and one that counts its points (不足之处有两个：).
_HEADER = re.compile(
    rf"^\s*【?(?:(?P<pros>{_PROS})|(?P<cons>{_CONS}))】?"
    r"(?P<count>有[一二两三几]个|有以下几点|如下)?(?::|是|】|(?=[1一][、.]))\s*"
)
_ANY_HEADER = re.compile(rf"(?:{_PROS}|{_CONS})(?::|是|】)")
# A field that says there is nothing to put in it (暂时还没发现, 无, 实在想不出来).
_EMPTY = re.compile(
    r"(?:暂时|目前|暂|还|实在|基本|几乎)*(?:没有?|无|未|暂无)(?:发现|找到|想到)?(?:什么)?(?:缺点|毛病|问题|不足|优点)?(?:了|呢)?"
    r"|(?:实在)?(?:想不出来?|找不到|挑不出(?:毛病|来)?)"
)
# What weighs the field against something else: the rest of the review, a summary, a turn.
_WEIGHED = re.compile(r"其他|其它|其余|除此|除了|总的来说|总体|总之|总结|综合|整体|但|不过|可是|然而|都很好|都挺好")
_TRAILING = "。!.~,;…:"


def form_field(text: str) -> tuple[int, str, str] | None:
    """(+1 or −1, the header and its field, the emotion) for a normalised text that is one field of a pros / cons form,
    else None."""
    header = _HEADER.match(text)
    if header is None:
        return None
    field = text[header.end():].strip().rstrip(_TRAILING)
    if _ANY_HEADER.search(field) or _WEIGHED.search(field):
        return None
    if not field and not header.group("count"):
        return None  # a bare header says nothing yet
    empty = bool(field) and _EMPTY.fullmatch(field) is not None
    praise = bool(header.group("pros")) != empty
    return (1, text.strip(), "joy") if praise else (-1, text.strip(), "disappointment")
