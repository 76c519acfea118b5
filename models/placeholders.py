"""Placeholders: texts in which the customer said nothing, answered as neutral without asking a model.

- Platform stock lines: marketplaces fill an empty review with one (此用户未填写评价内容, 评价方未及时做出评价，
  系统默认好评). Both models misread them: 未/没有 read as a negated complaint, so a placeholder scored -0.9 and
  would open a triage item and a recovery action. None occurs in the training corpus.
- Fillers typed into a required field: 无, 暂无, 略 (the transformer read 无 as -0.95), a lone interjection (嗯, 哦),
  and a chat acknowledgement (好的，收到; 知道了).
- Texts without words: only a link, an order or phone number, or punctuation (a bare link read as +0.60, a lone 1 as
  -0.86). Question and exclamation marks count as words here: ？？？ from a customer is a reaction worth reading, and
  so is 666 (slang praise).

The served wrapper answers advice questions the same way (哪个颜色好看, 175斤穿多大码合适: `models/advice_questions.py`):
they ask for a verdict rather than give one; and business inquiries (你们还招人吗？ 可以合作吗？:
`models/business_inquiries.py`), which are not from customers; and wishes for something new (建议增加夜间模式:
`models/feature_wishes.py`), which name no fault.

Only a text that is wholly a placeholder matches, so a review that quotes one among its own words
(默认好评，其实东西一般) is still read by the model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from models.advice_questions import is_advice_question
from models.analysis import EMOTIONS, SENTIMENTS, Analysis
from models.business_inquiries import is_business_inquiry
from models.classifier import Classifier
from models.feature_wishes import is_feature_wish
from models.text import normalize

# Matched against the normalised text with punctuation, symbols and spaces removed.
_PLACEHOLDER = re.compile(
    "|".join(
        (
            # JD, Taobao, Meituan: 此用户未填写评价内容 / 该用户没有填写文字评价 / 用户未做出评价
            r"(此|该|这个)?(用户|买家)(未|没有|没)(填写|留下|做出|发表)?(任何)?(文字)?(评价|评论)(内容)?",
            # Taobao: 评价方未及时做出评价，系统默认好评 / 用户未及时评价，此评价为系统默认好评
            r"(评价方|用户|买家)?(未|没有)及时(做出)?评价(此评价为)?(系统)?默认(好评|评价)",
            r"(此评价为)?(系统)?默认(好评|评价)",
            # Apps and forums: 这个用户很懒，什么也没有留下
            r"(此|该|这个)?(用户|买家)很懒(什么|啥)?(都|也)?(没有|没)(留下|写)(什么)?",
            r"无|暂无|暂无评价|无评价|略",
            # Interjections and chat acknowledgements on their own: not a verdict (嗯 had read +0.70, 哦 -0.38,
            # 好的，收到 +0.96 with joy, which earned a reward; 明白了 -0.72; 没事了 -0.67, an issue settled; 不好意思，打扰了
            # +0.14 with joy). 好吧, 行, 可以 and ok stay with the
            # model: alone they grade something (resigned, passable).
            r"(嗯|哦|噢|额|呃|好的|好滴|好嘞|好哒|收到了?|知道了|明白了?|了解了?|没事了|没事啦|没事儿了|不好意思|打扰了|打扰啦)+",
        )
    )
)

_PRAISE_NUMBER = re.compile(r"6{3,}[!.。~ ]*")
_LINK = re.compile(r"(https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
# Longer than any stock line, spaces and punctuation included: such a text is not normalised twice.
_MAX_CHARS = 48


def is_placeholder(text: str) -> bool:
    """True when the whole text says nothing: a platform's stock line, a filler, or no words at all."""
    if len(text) > _MAX_CHARS:
        return False
    text = _LINK.sub(" ", normalize(text))
    if not any(unicodedata.category(ch)[0] == "L" or ch in "?!" for ch in text):
        # nothing but numbers, links, punctuation or symbols (normalised: ？！ are ?! now); but 666 is praise (溜)
        return _PRAISE_NUMBER.fullmatch(text.strip()) is None
    core = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZ")
    return _PLACEHOLDER.fullmatch(core) is not None


def placeholder_analysis(text: str, model: str) -> Analysis:
    """Neutral, no emotion, no intensity: nothing was said. The placeholder itself is the evidence."""
    return Analysis(
        sentiment="neutral",
        score=0.0,
        probabilities={label: float(label == "neutral") for label in SENTIMENTS},
        emotion="neutral",
        emotions={label: float(label == "neutral") for label in EMOTIONS},
        intensity=0.0,
        evidence=[text.strip()] if text.strip() else [],
        model=model,
    )


class PlaceholderAwareClassifier:
    """A `Classifier` that answers placeholders, advice questions, business inquiries and feature wishes itself and
    passes every other text to `inner`, in input order."""

    def __init__(self, inner: Classifier) -> None:
        self.inner = inner
        self.name = inner.name

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        flags = [is_placeholder(text) or is_advice_question(text) or is_business_inquiry(text) or is_feature_wish(text)
                 for text in texts]
        read = iter(self.inner.analyze([text for text, flag in zip(texts, flags, strict=True) if not flag]))
        return [placeholder_analysis(text, self.name) if flag else next(read) for text, flag in zip(texts, flags, strict=True)]
