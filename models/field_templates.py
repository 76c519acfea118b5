"""Reviews written in a shop's field template (外观颜值：高 运行速度：流畅 续航能力：一天一充) are read by their values.

Shops prompt reviewers with labelled fields, and the labels are the shop's words, the same in praise and complaint.
The encoder heard them as praise: it read 运行速度：卡顿 as +0.85, 待机时间：短 +0.63 and a template of complaints
(外形外观：一般 屏幕音效：有杂音 运行速度：卡顿 待机时间：短) as +0.13, while the values alone (一般，有杂音，卡顿，短) read
−0.95. So a text made only of such fields, two or more, is read as its values joined as clauses (one more encoder run,
for the few texts that are templates), and each field that names an aspect files it (运行速度:经常死机 → 性能), on
the side its value's opinion words say, else the template's. A lone
field is left to the model: one short value read alone loses what its label says (很卡 read +0.75 without 运行速度,
found on the held-out set `notebooks/probes.py` FIELD_TEMPLATES_HELD_OUT, which is why lone fields are left), and so are
enumerations (第一：), verdict lines (总结：, 一个字：) and speech (门卫问：).

A pros / cons form (优点：… 缺点：…) is not a template: its headers carry the verdict (`models/form_fields.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from models.analysis import Analysis, AspectSentiment
from models.aspects import aspects_named, opinion_polarity
from models.classifier import Classifier
from models.evidence import quote_original
from models.text import normalize

# A label: two to six Chinese characters before a colon, opening the text or after a break.
_LABEL = re.compile(r"(?:^|(?<=[\s,;。]))(?P<label>[\u4e00-\u9fff]{2,6}):")
_HEADERS = re.compile(r"优点|亮点|缺点|不足|槽点|满意的地方|不满意的地方|好的地方|好评理由|差评理由|优势|缺陷")
# Labels that are no field: an enumeration (第一：), a verdict (一个字：差, 总结：), speech (门卫问：, 回答：), an aside.
_NOT_FIELDS = re.compile(r"^第|一个字|两个字|总|结论|评价|意见|感觉|感受|[问说答道讲]$|回答|回复|补充|试问|就是|注意|提示|备注|建议|原因")
_MAX_VALUE = 20
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_BREAKS = " \t\n,;。"


def template_fields(text: str) -> list[tuple[str, str]] | None:
    """(label, value) of each field of a normalised text made only of labelled fields (运行速度:卡顿 待机时间:短), else
    None."""
    labels = list(_LABEL.finditer(text))
    if not labels or text[: labels[0].start()].strip():
        return None
    names = [m.group("label") for m in labels]
    if any(_HEADERS.search(name) or _NOT_FIELDS.search(name) for name in names):
        return None
    if len(names) < 2:
        return None  # a lone value is too short to read alone: 很卡 reads +0.75 without 运行速度
    ends = [m.start() for m in labels[1:]] + [len(text)]
    values = [text[m.end():end].strip(_BREAKS) for m, end in zip(labels, ends, strict=True)]
    # a review's values are words; an order's (价格：299 颜色：黑色, 尺码：M) are facts, left to the model
    if not all(0 < len(v) <= _MAX_VALUE and ":" not in v and _CHINESE.search(v) for v in values):
        return None
    return list(zip(names, values, strict=True))


def template_values(text: str) -> list[str] | None:
    """The values of a normalised text made only of labelled fields, else None."""
    fields = template_fields(text)
    return [value for _, value in fields] if fields else None


def _field_aspects(fields: list[tuple[str, str]], side: str) -> list[AspectSentiment]:
    """One aspect per field whose label or value names one (运行速度 → 性能): the value's commerce opinion words decide
    its side where they say one (流畅, 卡顿), else the template's reading (`side`), since a short value read alone
    loses its label."""
    out = []
    for label, value in fields:
        piece = f"{label}:{value}"
        opinion = opinion_polarity(value)
        sentiment = side if opinion == 0 else "positive" if opinion > 0 else "negative"
        out += [AspectSentiment(name, sentiment, piece) for name in aspects_named(piece)]
    return out


class FieldTemplateClassifier:
    """A `Classifier` that reads a text made only of labelled fields by its values (`template_fields`), which
    `inner` reads joined as clauses, and files one aspect per field that names one."""

    def __init__(self, inner: Classifier) -> None:
        self.inner = inner
        self.name = inner.name

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        out = self.inner.analyze(texts)
        found = {k: (normalized, fields) for k, text in enumerate(texts)
                 if (":" in text or "：" in text) and (fields := template_fields(normalized := normalize(text)))}
        if not found:
            return out
        readings = self.inner.analyze(["，".join(value for _, value in fields) for _, fields in found.values()])
        for (k, (normalized, fields)), reading in zip(found.items(), readings, strict=True):
            read = replace(reading, aspects=_field_aspects(fields, reading.sentiment), model=out[k].model, id=out[k].id)
            out[k] = quote_original(texts[k], normalized, read)
        return out
