"""Feature wishes: a customer asking for something new (建议增加夜间模式, 希望能出更多颜色, 要是能支持花呗就好了).

They name no fault, yet the 2010s review corpus has few of them and the model read them either way: 建议推出小包装
−0.90 and 建议增加一些夜间的配送时段 −0.18 with disappointment (each opening a triage item), 期待出新口味 +0.90 and
希望以后能支持花呗 +0.72 (each earning a praise reward). Only a text made wholly of such wishes (and greetings) is
answered as neutral. A suggestion that names a fault or asks for more of what is there (建议商家改进一下包装,
希望客服态度好一点, 建议多备点货) is a complaint and stays with the model, as does a wish beside a verdict
(东西不错，希望出个大容量的).
"""

from __future__ import annotations

import re

from models.chat_clauses import made_only_of

_WISH = re.compile(
    r"(?:建议|希望|期待|盼望|求|(?:要是|如果|若是)(?=能|可以|再))(?:一下)?"
    r"(?:商家|店家|卖家|店铺|你们|贵店|官方|平台|厂家|品牌|app|软件|以后|下次|今后|后续|将来|未来|能|可以|会|再|还|早日|尽快)*"
    r"(?:增加|新增|添加|加上?|多(?=几|一些|些|出|加|开|上)|推出|出|上新|上架|开通|支持|提供|考虑|开发|做|设计|有)"
    r".{0,16}?(?:就好了|就更好了|就完美了|吧|啊|呀|呢)?"
)
# A fault named, more of what is there asked for, or someone to answer at last (要是有人管就好了): a complaint, left to
# the model.
_FAULT = re.compile(
    r"改进|改善|提高|提升|加强|注意|规范|整改|一点|点儿|快点|好点|别|不要|不再|再也|太|差|慢|坏|破|烂|投诉|退|赔"
    r"|质量|态度|速度|及时|认真|负责|用心|诚信|良心|备货|库存|缺货|问题|毛病|bug|有人|没人|怎么办"
)
# Characters one of which every wish holds: most texts skip the normalising.
_TRIGGERS = frozenset("建议議希望期待盼要如若求")


def is_feature_wish(text: str) -> bool:
    """True for a text made only of wishes for something new (and greetings)."""
    return made_only_of(text, _TRIGGERS, lambda clause: _WISH.fullmatch(clause) and not _FAULT.search(clause))
