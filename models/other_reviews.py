"""Verdicts measured against other reviews: 没有差评说的那么差 (not as bad as the bad reviews say), 别信好评.

The encoder reads the quoted verdict as the customer's own: the bundled model read 没有差评里说的那么差 as −0.65,
不像评论说的那么差 −0.96, 比差评说的好多了 −0.94 and 别信好评 +0.81. Like a rhetorical denial
(`models/rhetorical_denials.py`), the model's confidence there is about the quoted word, so `models.stated_verdicts`
blends these in with the same large odds.

Three forms: a fault said by others and denied (没有/不像 … 说的那么差: praise), the product better than others said
(比差评说的好: praise), and the praise of others distrusted (别信好评, 好评都是刷的: a complaint). Agreeing with other
reviews (差评说的都对, 好评说的没错) and a comparison with praise (没有宣传的那么好) are read correctly by the model and
left to it.
"""

from __future__ import annotations

import re

_CLAUSE = r"[^,。!?;~]"
# What others said: 差评, 评论, 网上, 别人, 买家秀 … (说 / 写 / 讲 / 传 after them).
_SAID = rf"{_CLAUSE}{{0,12}}?(?:说|写|讲|传|评)的?"
_FAULT = r"(?:差|烂|糟|坑|不好|难用|难吃|难看|严重|不堪|垃圾|恐怖|可怕|离谱|劣质|假)"
# 没 only as a negator: 没想到评论说的那么差 agrees with them.
_FAULT_DENIED = re.compile(rf"(?:没有|没(?!想到)|并没有|并不像|不像|也没有?|根本没有?){_SAID}(?:那么|这么|那样|这样){_FAULT}")
_BETTER_THAN_SAID = re.compile(rf"比{_SAID}(?:要|还)?(?:好|强)")
_PRAISE_DISTRUSTED = re.compile(
    r"(?:别|不要|千万别|千万不要|不能|不可)(?:信|相信|看|轻信)(?:这些|那些)?(?:好评|评论|评价|买家秀)"
    r"|(?:刷|买|假)的?好评|好评(?:基本|大多|几乎|全|都|大部分|多半|肯定|估计){0,2}是(?:被)?(?:刷|假|托|买|水军)"
)


def measured_against_others(text: str) -> tuple[int, str, str] | None:
    """(+1 or −1, the words, the emotion they carry) for a normalised text whose verdict is measured against other
    reviews, else None; None too when it holds both kinds."""
    praise = _FAULT_DENIED.search(text) or _BETTER_THAN_SAID.search(text)
    complaint = _PRAISE_DISTRUSTED.search(text)
    if bool(praise) == bool(complaint):
        return None
    return (1, praise.group(0), "joy") if praise else (-1, complaint.group(0), "anger")  # type: ignore[union-attr]
