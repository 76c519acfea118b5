"""Verdicts that changed or held: 以前很好吃，现在不行了 is a complaint (a decline), 以前老送错，现在准时多了 praise, and
以前就不好用，现在还是老样子 still a complaint.

The encoder reads such a text from its strongest words, which are often the past's: the bundled model read
以前很好吃，现在不行了 as +0.36, 以前挺好的，现在一般 +0.83 and 以前质量很好，现在就那样 +0.93. What the customer says is
the change, so the past and the present are read apart (one more encoder run each, for the few texts that hold
both), and a present that reads clearly worse than a good past is a decline, one clearly better than a bad past an
improvement.

Only where the two make up nearly all of the text: in a long review the change is one remark among many (the review
corpus holds 250 such texts in train and dev, and the model reads 245 of them right). A present said to go on as
before (还是, 依然, 一样, 更, 也, 继续) keeps the past's verdict: the model read 以前一直不好用，现在还是老样子 as +0.44. A
past that states no verdict (以前没用过这个牌子) has none to change or keep.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from models.analysis import Analysis, AspectSentiment
from models.aspects import opinion_polarity
from models.classifier import Classifier
from models.stated_verdicts import DENIAL_ODDS, with_verdict
from models.text import normalize, original_piece, says_little_else

# The past, near the start of its clause (这家店以前…, 老顾客了，过去…); 原来 only where it is not "it turned out"
# (原来是我装错了), 之前 / 以前 not after a verb, where they mean "before doing it" (买之前), and not the past asked
# about or compared with (为什么以前…, 远不如以前), which is the present's complaint.
_THEN = re.compile(
    r"^(?:(?!为什么|为啥|怎么|不如|比|像)[^,。!?;~]){0,6}?(?<![买用收到来去吃住看发拿装])"
    r"(?:以前|之前|原来(?!是|如此|这样)|原先|过去|以往|曾经|当初|从前|早先|上次|上回|前几次|前两次|一开始|刚开始|起初)"
)
# The present, opening its clause, perhaps after a turn (但现在, 没想到这次).
_NOW = re.compile(
    r"^(?:但是?|可是?|然而|而|结果|没想到|不过|谁知道?|哪知道?)?"
    r"(?:现在|如今|这次|这回|目前|最近|后来|近来|这一次|第二次|这两次|最近两次)"
)
# The present said to go on as before: no change to read.
_CONTINUED = re.compile(r"还是|依然|依旧|仍然|仍旧|照样|照旧|一样|一如既往|继续|始终|一直|也(?!许)|更(?!新|换|改|正)|又|还那么|还很|还挺")
# A present asked about, unless the question is rhetorical (现在怎么这么难吃了？).
_ASKED = re.compile(r"吗|(?<!什)么$")
_RHETORICAL = re.compile(r"怎么|为什么|为啥|凭什么|咋")
_CLAUSE_END = re.compile(r"[,、:~ ]")
_SENTENCE_END = re.compile(r"[。!?;…\n.]")
# How far the present must read from the past (on the score's −1…+1 scale), and how clearly the past must read.
_MIN_SHIFT = 0.6
_MIN_PAST = 0.5
# Raw-text check before normalising (Simplified and Traditional): most texts name no past.
_MIGHT_HOLD = re.compile(
    "以前|之前|原[来來先]|[过過]去|以往|曾[经經]|[当當]初|[从從]前|早先|上[次回]|前[几幾两兩]次|一[开開]始|[刚剛][开開]始|起初"
)


@dataclass(frozen=True)
class ThenAndNow:
    """A text's clauses about the past and about the present, in its normalised form."""

    then: str
    now: str
    continued: bool = False  # the present said to go on as before (还是, 依然, 一样)


def _clauses(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, ends its sentence) of each clause of `text`, punctuation left out."""
    out: list[tuple[int, int, bool]] = []
    start = 0
    for k, char in enumerate(text + "。"):
        sentence_end = bool(_SENTENCE_END.match(char))
        if sentence_end or _CLAUSE_END.match(char):
            if k > start:
                out.append((start, k, sentence_end))
            elif sentence_end and out:
                out[-1] = (out[-1][0], out[-1][1], True)
            start = k + 1
    return out


def then_and_now(text: str) -> ThenAndNow | None:
    """The past and the present of a normalised text that sets them side by side (以前很好吃，现在不行了), else None."""
    clauses = _clauses(text)
    past = next((k for k, (s, e, _) in enumerate(clauses) if _THEN.search(text[s:e])), None)
    if past is None:
        return None
    present = next((k for k in range(past + 1, len(clauses)) if _NOW.search(text[clauses[k][0]:clauses[k][1]])), None)
    if present is None or any(clauses[k][2] for k in range(past, present - 1)):
        return None  # no present, or not in the sentence after the past's
    last = next(k for k in range(present, len(clauses)) if clauses[k][2] or k == len(clauses) - 1)
    then = text[clauses[past][0]:clauses[present - 1][1]]
    now = text[clauses[present][0]:clauses[last][1]]
    asked = _ASKED.search(now) or text[clauses[last][1]:clauses[last][1] + 1] == "?"
    if not says_little_else(text, then + now) or (asked and not _RHETORICAL.search(now)):
        return None  # a long review, or a question about the present (以前很好用，现在还能用吗？)
    return ThenAndNow(then, now, continued=bool(_CONTINUED.search(now)))


def change(then_score: float, now_score: float) -> int | None:
    """−1 for a decline (a good past, a present that reads clearly worse), +1 for an improvement (a bad past, a
    present that reads as praise), else None; scores are positive minus negative probability. Praise of the past
    alone already implies it is gone (以前很好吃，现在就那样), while a complaint of the past beside a plain present
    (以前送货上门，现在却要自己取) is often a complaint of the present: an improvement must be said."""
    if then_score >= _MIN_PAST and now_score <= then_score - _MIN_SHIFT:
        return -1
    if then_score <= -_MIN_PAST and now_score >= _MIN_PAST:
        return 1
    return None


def kept(then_opinion: int, now_score: float) -> int | None:
    """The past's side for a present said to go on as before (以前就不好用，现在还是老样子), unless the present reads
    clearly the other way; None where the past names no commerce opinion. The past's side is its opinion words'
    (`models.aspects.opinion_polarity`), not the encoder's: it reads a past alone poorly (以前就很慢 +0.53, 以前就难用
    +0.21), and a kept verdict rests on nothing else."""
    if then_opinion == 0 or then_opinion * now_score <= -_MIN_PAST:
        return None
    return 1 if then_opinion > 0 else -1


class ChangedVerdictClassifier:
    """A `Classifier` that reads a text setting the past beside the present by the change (`then_and_now`): `inner`
    scores the two apart, and the change (or the past's verdict, kept) is blended into its reading of the whole with
    the odds of a rhetorical denial, since the model's confidence there is about the past's words."""

    def __init__(self, inner: Classifier) -> None:
        self.inner = inner
        self.name = inner.name

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        out = self.inner.analyze(texts)
        found = {k: (normalized, pair) for k, text in enumerate(texts)
                 if _MIGHT_HOLD.search(text) and (pair := then_and_now(normalized := normalize(text))) is not None}
        if not found:
            return out
        # A kept verdict takes the past's side from its opinion words, so only a change has its past read.
        pieces = [piece for _, pair in found.values() for piece in ((pair.now,) if pair.continued else (pair.then, pair.now))]
        read = iter(self.inner.analyze(pieces))
        for k, (normalized, pair) in found.items():
            if pair.continued:
                polarity = kept(opinion_polarity(pair.then), next(read).score)
            else:
                then, now = next(read), next(read)
                polarity = change(then.score, now.score)
            if polarity is None:
                continue
            felt = "disappointment" if polarity < 0 else "joy"
            words = original_piece(texts[k], normalized, pair.now)
            out[k] = with_verdict(out[k], polarity, words, felt, normalized, DENIAL_ODDS)
            if not pair.continued:
                out[k] = replace(out[k], aspects=_changed_aspects(out[k].aspects, pair.then, polarity))
        return out


def _changed_aspects(aspects: list[AspectSentiment], then: str, polarity: int) -> list[AspectSentiment]:
    """`aspects` with those the past names taking the change's side: in 以前很好吃，现在不行了 the taste is what
    declined, though 以前很好吃 alone praises it."""
    side = "positive" if polarity > 0 else "negative"
    return [replace(a, sentiment=side) if a.evidence and normalize(a.evidence) in then else a for a in aspects]
