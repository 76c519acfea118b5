"""Verdicts the customer states outright, which the encoder cannot read: ratings written out, broken promises,
unwanted charges and the set insult 是干什么吃的; and verdicts that turn the words the encoder reads (`turned_verdict`).

Ratings (给10分, 打1分, 只能给一星). Numbers are word pieces without sentiment to the encoder: the bundled model read
给10分 as neutral, 打10分 as −0.27 and 给1分 as neutral, so a survey answer or a chat line that states its score lost it.
Only unambiguous scores count: 9-10 or 85-100 points, full marks (满分) and five stars are praise; 0-2 points, negative
points and one or two stars are a complaint. 3-8 points are left alone, since the scale (of 5 or of 10) is seldom said.
A rating inside a counterfactual (本来想给五星, 要不是物流慢就给满分了) or given by others (那么多人给它评五星) is
not the customer's verdict, and ratings that disagree (房间给满分，服务只能给1分) say nothing about the whole text.

Broken promises (说好的次日达呢？ 不是说好包邮吗). The shop's promise asked after is a complaint; the 2010s review
corpus has no such line, and the model read 发票呢？说好的发票呢？ as neutral and 说好的次日达呢？ as −0.18. Kept as the
question only: 和说好的一样 (as promised) is praise.

One field of a pros / cons form (缺点：房间太小, 优点：位置好: `models/form_fields.py`) states its side in its header, and a
repeat purchase stated on its own (第三次购买了: `models/repeat_purchases.py`) is praise.

Charges the customer never agreed to (退订了还在扣费, 重复扣款: `models/unwanted_charges.py`) and long waits stated bare
(挂号排了三个小时: `models/long_waits.py`) are complaints stated like a broken promise, and angry ones.

A stated verdict multiplies the odds of its side by `STATED_ODDS` (e^2.5): enough to decide a text the model reads as
unsure, not enough to overturn one whose words say clearly otherwise (a rating of something else, 隔壁饭店给满分, in a
complaint about a hotel). It divides those of neutral by `NOT_NEUTRAL_ODDS` (e^5), because a text that states a verdict
has one: 给1分 alone read 92 % neutral for want of words, 说好的顺丰呢？怎么发的是邮政 99 %.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from models.absent_merits import absent_fault, absent_merit
from models.analysis import CONSISTENT_EMOTIONS, EMOTIONS, SENTIMENTS, Analysis
from models.classifier import Classifier
from models.form_fields import form_field
from models.intensity import emotion_shares, intensity
from models.late_discoveries import late_discovery
from models.listing_comparisons import measured_against_listing
from models.long_waits import long_wait
from models.other_reviews import measured_against_others
from models.promises_kept import promise_kept
from models.repeat_purchases import repeat_purchase
from models.rhetorical_denials import rhetorical_denial
from models.text import normalize, original_piece, split_sentences
from models.unwanted_charges import unwanted_charge

# How much a stated verdict multiplies the odds of its side (about 12), and divides those of neutral (about 150).
STATED_ODDS = float(np.exp(2.5))
NOT_NEUTRAL_ODDS = float(np.exp(5.0))
# A rhetorical denial (这有什么好看的) and a merit said to be missing (毫无亮点) negate the very word the model reads,
# a verdict measured against other reviews or the listing (没有差评说的那么差, 比图片上的小) quotes it, and regret at
# finding the shop late (要是早点知道这家店就好了) wears a wish's words, so the model's confidence says nothing against
# them: their odds (about 400) overturn a reading of 99.5 %.
DENIAL_ODDS = float(np.exp(6.0))
# Weight of the verdict's emotion where it changes the sentiment (the model's emotions argued for the other side).
_EMOTION_WEIGHT = 0.5

# Matched against the normalised text (NFKC digits, Simplified, lower case). 分钟 (minutes), 分钱 (cents), 五星级
# (a hotel's class), 分制 (a scale's name), 一星期 (a week) and 十分之一 (a tenth) are not ratings.
_NUMBER = r"(?P<number>-?\d{1,3}|一百|百|零|一|两|二|五|九|十|满|负)"
_RATING = re.compile(
    r"(?:给|打|评)了?(?:个|它|他|她|他们|你们|这家|商家|店家|卖家|本店|酒店|服务|一个)?\s*"
    rf"{_NUMBER}\s*(?P<unit>分|星|颗星)(?![钟钱数级制期之享])"
)
# A clause that is only a score (物流很快，五星; 什么都不说了，五星; 零分): the bundled model read 什么都不说了，五星 as
# −0.84, 一百分 as −0.37 and 零分 as +0.36.
_BARE_RATING = re.compile(
    rf"(?:^|(?<=[,。!?;~\s])){_NUMBER}\s*(?P<unit>分|星|颗星)(?:好评|差评|推荐)?(?:吧|啦|了)?(?=[,。!?;~\s]|$)"
)
_WORD_NUMBERS = {"一百": 100, "百": 100, "零": 0, "一": 1, "两": 2, "二": 2, "五": 5, "九": 9, "十": 10, "负": -1}
# Words that make the sentence a wish or a what-if (本来想给五星, 要不是…就给满分了).
_COUNTERFACTUAL = re.compile("本来|原本|本想|想给|要不是|要不然|否则|差点|可惜")
# A top score under a condition is a wish (如果物流再快点就给满分了); a bottom score under one is still a complaint
# (如果有0分我会给0分).
_CONDITION = re.compile("如果|要是|假如|若是")
# Someone else's rating, or one the customer questions (怎么会有那么多人给它评五星, 标志上打了五颗星).
_OTHERS = re.compile("人给|人评|人打|网友|别人|大家|标志|排行|号称|宣传|为什么|怎么会|凭什么")
# A rating refused (不能给满分, 没法给五星); looked for just before the rating, where 不错 or 没问题 do not reach.
_REFUSED = re.compile("(不能|不会|没法|无法|不想|不敢|不配|不值得|不可能|不|没|别)[再都也就还]?$")


def _polarity(number: str, unit: str) -> int:
    """+1 for an unambiguous top rating, −1 for a bottom one, 0 for the middle of an unknown scale."""
    if number == "满":  # full marks, on any scale
        return 1
    value = _WORD_NUMBERS[number] if number in _WORD_NUMBERS else int(number)
    if unit != "分":  # stars: out of five
        return 1 if value == 5 else -1 if 0 <= value <= 2 else 0
    if value in (9, 10) or 85 <= value <= 100:
        return 1
    return -1 if value <= 2 else 0


def stated_rating(text: str) -> tuple[int, str] | None:
    """(+1 or −1, the words that state it) for a normalised text that rates itself unambiguously, else None."""
    found: list[tuple[int, str]] = []
    for sentence in split_sentences(text):
        if _COUNTERFACTUAL.search(sentence) or _OTHERS.search(sentence):
            continue
        for match in (*_RATING.finditer(sentence), *_BARE_RATING.finditer(sentence)):
            if _REFUSED.search(sentence[: match.start()]):
                continue
            polarity = _polarity(match["number"], match["unit"])
            if polarity > 0 and _CONDITION.search(sentence):
                continue
            if polarity:
                found.append((polarity, match.group(0).strip()))
    if not found or len({polarity for polarity, _ in found}) > 1:
        return None
    return found[-1]


# Asked after in the same clause: 说好的X呢, 不是说好X吗, 答应的X呢, 承诺的X去哪了.
# 承诺 and 答应 only with what was promised after them: 他的承诺呢 (a book's hero) is no shop's promise.
_BROKEN_PROMISE = re.compile(
    r"说好(?:了|过)?的?[^,。!?;]{1,15}(?:呢|去哪了|哪去了|在哪)"
    r"|(?:答应|承诺)(?:了|过)?(?:的|我|给我)[^,。!?;]{1,15}(?:呢|去哪了|哪去了|在哪)"
    r"|不是(?:说好|答应|承诺)[^,。!?;]{0,15}吗"
)


def broken_promise(text: str) -> tuple[int, str] | None:
    """(−1, the words) for a normalised text that asks after a promise the shop made, else None."""
    match = _BROKEN_PROMISE.search(text)
    return (-1, match.group(0)) if match else None


# Asking what someone is for, as if they only ate (客服是干什么吃的, 你们是吃干饭的吗): a set insult, always a
# complaint and an angry one. The model read 你们的质检是干什么吃的？ and 你们快递是干啥吃的 as neutral, their words
# being a harmless question. Not before 时候 / 东西 (这个零食是干什么吃的时候配的).
_RHETORICAL_INSULT = re.compile(r"干(?:什么|啥|嘛|甚么)吃的(?!时候|东西)|吃干饭的|白吃饭的")


def rhetorical_insult(text: str) -> tuple[int, str] | None:
    """(−1, the words) for a normalised text that asks what the shop's people are for, else None."""
    match = _RHETORICAL_INSULT.search(text)
    return (-1, match.group(0)) if match else None


def stated_verdict(text: str) -> tuple[int, str, str] | None:
    """(+1 or −1, the words, the emotion they carry) for a normalised text that states its verdict, else None; a
    rating first, as the customer's own score, then a pros / cons field's header or a repeat purchase."""
    rating = stated_rating(text)
    if rating is not None:
        return rating[0], rating[1], "joy" if rating[0] > 0 else "disappointment"
    field = form_field(text) or repeat_purchase(text)
    if field is not None:
        return field
    complaint = broken_promise(text) or rhetorical_insult(text) or unwanted_charge(text) or long_wait(text)
    return (complaint[0], complaint[1], "anger") if complaint else None


def _repeats(evidence: str, words: str) -> bool:
    """True for evidence inside the words, or little more than them (这有什么好看的 beside 有什么好看的)."""
    return evidence in words or (words in evidence and len(evidence) <= len(words) + 2)


def with_verdict(analysis: Analysis, polarity: int, words: str, felt: str, text: str = "",
                 side_odds: float = STATED_ODDS) -> Analysis:
    """The analysis of normalised `text` with a stated verdict blended into its sentiment (its side's odds multiplied by
    `side_odds`); the top emotion follows the new sentiment (`felt` where the model's emotions had argued for the other
    side), and so does the intensity."""
    side = "positive" if polarity > 0 else "negative"
    odds = {side: side_odds, "neutral": 1 / NOT_NEUTRAL_ODDS}
    probs = np.array([analysis.probabilities[k] * odds.get(k, 1.0) for k in SENTIMENTS])
    probs /= probs.sum()
    probabilities = {k: round(float(p), 6) for k, p in zip(SENTIMENTS, probs, strict=True)}
    sentiment = max(SENTIMENTS, key=lambda k: probabilities[k])
    strength = analysis.intensity
    if sentiment == analysis.sentiment:
        emotions = dict(analysis.emotions)
    else:
        # unless the model already reads another emotion of that side there
        candidates = CONSISTENT_EMOTIONS[side]
        strongest = max(candidates, key=lambda k: analysis.emotions[k])
        felt = strongest if analysis.emotions[strongest] >= 0.5 else felt
        emotions = {k: round((1 - _EMOTION_WEIGHT) * analysis.emotions[k] + _EMOTION_WEIGHT * float(k == felt), 6)
                    for k in EMOTIONS}
        strength = intensity(text or words, max(probabilities.values()), emotion_shares(emotions))
    emotion = max(CONSISTENT_EMOTIONS[sentiment], key=lambda k: emotions[k])
    evidence = [words, *(e for e in analysis.evidence if not _repeats(e, words))][:5]
    return replace(
        analysis,
        sentiment=sentiment,
        score=round(probabilities["positive"] - probabilities["negative"], 6),
        probabilities=probabilities,
        emotion=emotion,
        emotions=emotions,
        intensity=strength,
        evidence=evidence,
    )


# Characters without which a text states no verdict (Simplified and Traditional): most texts skip a second normalising.
_TRIGGERS = frozenset("分星说說应應诺諾吃喫什啥甚写寫讲講评評传傳毫没沒无無扣收續续计計比等排候耗次早未找看")
# First characters of a pros / cons form's headers (优点, 缺点, 不足, 槽点, 亮点, 满意的地方, 好评理由, 差评理由, 【).
_FORM_OPENERS = frozenset("优優缺不槽亮满滿好差【")


def turned_verdict(text: str) -> tuple[int, str, str] | None:
    """(+1 or −1, the words, the emotion they carry) for a normalised text whose verdict turns the words the model
    reads (a rhetorical denial, one measured against other reviews or the listing, a merit or a fault said to be
    missing, regret at finding the shop late, a promise kept), else None."""
    return (rhetorical_denial(text) or measured_against_others(text) or measured_against_listing(text)
            or absent_merit(text) or absent_fault(text) or late_discovery(text) or promise_kept(text))


class StatedVerdictClassifier:
    """A `Classifier` that blends into `inner`'s reading a verdict the text states (`stated_verdict`, at
    `STATED_ODDS`) or one that turns the words the model reads (`turned_verdict`, at `DENIAL_ODDS`)."""

    def __init__(self, inner: Classifier) -> None:
        self.inner = inner
        self.name = inner.name

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        out = self.inner.analyze(texts)
        for k, text in enumerate(texts):
            if _TRIGGERS.isdisjoint(text) and text.lstrip()[:1] not in _FORM_OPENERS:
                continue
            normalized = normalize(text)
            verdict, odds = stated_verdict(normalized), STATED_ODDS
            if verdict is None:
                verdict, odds = turned_verdict(normalized), DENIAL_ODDS
            if verdict is not None:
                polarity, words, felt = verdict
                out[k] = with_verdict(out[k], polarity, original_piece(text, normalized, words), felt, normalized, odds)
        return out
