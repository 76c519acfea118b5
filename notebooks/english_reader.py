# %% [markdown]
# # English-only customer texts: VADER and English cue words instead of the Chinese encoder (not adopted)
#
# The encoder was fine-tuned on Chinese only: of 42 hand-written English customer texts (english_texts_2026_11_27.tsv,
# labelled before anything read them) it read 26 for sentiment and 20 for the top emotion right (This is the worst
# purchase ever +0.80 joy; Very disappointed, the size is wrong +0.62 joy). Code-mixed Chinese (质量太bad了,
# delivery太slow了) it reads well; only texts without a CJK character and with two English words would come here.
#
# Rules, each written before its figures (2026-11-27, ninth session):
# 1. VADER alone (vaderSentiment 3.3.2, MIT: Hutto and Gilbert 2014) on the 42: adopt at >= model + 8 sentiment.
#    33 against 26 (+7): not adopted.
# 2. VADER after politeness words are blanked, with cue words for anxiety, anger, faults and praise VADER has no word
#    for, and emotions from the cues (this file), designed on the 42 (there: 41 / 41) and judged on 40 others
#    (english_texts_held_out_2026_11_27.tsv): adopt at >= model + 8 sentiment and >= model + 5 top emotion there.
#    A first draft of the cue lists held phrases of the second set, written minutes before; they were taken out
#    before the second set was read. Held out: model 25 / 17, this reader 29 / 24 of 40: sentiment +4, not adopted.
#    Its misses are the cue lists' gaps (ripped, crashing, letdown, account locked, allergy) and their blind spots
#    (Thank you for replacing the broken mug: a complaint; I was promised …, What a joke: praise).
#
# English-only texts therefore stay the encoder's, read at about 62 % for sentiment. What would fix it honestly is
# labelled English customer text to fine-tune or calibrate on; none is on these machines.
#
# Run: `.venv/bin/pip install vadersentiment==3.3.2 && .venv/bin/python notebooks/english_reader.py` (seconds).

# %%

from __future__ import annotations

import re
from collections.abc import Sequence

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from models.analysis import EMOTIONS, SENTIMENTS, Analysis
from models.classifier import Classifier
from models.intensity import emotion_shares, intensity

ENGLISH_MODEL = "vader-3.3.2+english-cues"

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# Politeness and purchase words VADER's lexicon scores as praise: "Please send me the invoice" read +0.32.
_POLITE = re.compile(r"\b(?:please|pls|kindly|would like|i'd like|like to|gift|thanks? in advance)\b", re.I)

# Cue phrases come from the first set's texts and plain English; a first draft also held phrases of the second
# set, which the author had just written, and those were taken out before the second set was read (README).
# A worry about the customer's own order, money or safety (anxiety is a complaint in the labels).
_ANXIETY = re.compile(
    r"\b(?:where(?: is|'s) my|(?:has|have)n't (?:arrived|come|updated)|not (?:arrived|received) yet|is it lost"
    r"|lost in (?:the )?(?:post|mail|transit)|still waiting|(?<!no )(?<!not )(?<!don't )worr(?:ied|y)|anxious|nervous"
    r"|urgent|asap|in time\?|what happened to my|will i get (?:it|my money|a refund)|wrong address)\b",
    re.I,
)
# Blame and threats: the customer is angry at someone.
_ANGER = re.compile(
    r"\b(?:worst|scam|scammers?|fraud|fake|ridiculous|unacceptable|outrageous|disgraceful|liars?|rip-?off|ripped off"
    r"|nobody (?:replies|answers|helps|is)|no one (?:replies|answers|helps|is)|never (?:buying|ordering|shopping|coming)"
    r"|never again|(?:want|give me) my money back|charged (?:me )?twice|how dare|furious|angry|rude)\b",
    re.I,
)
_THANKS = re.compile(r"\b(?:thank|thanks|thx|appreciate[ds]?|grateful|cheers)\b", re.I)
_QUESTION = re.compile(
    r"\?\s*$|^(?:do|does|did|can|could|would|will|is|are|was|were|when|where|what|which|how|why|who|should|may)\b",
    re.I,
)
# Praise VADER has no word for.
_PRAISE = re.compile(r"\b(?:like a charm|(?:will|would) (?:order|buy) (?:again|more)|no (?:complaints|issues))\b", re.I)
# A fault VADER has no word for.
_FAULT = re.compile(r"\b(?:broke|broken|cracked|damaged|stopped working|too (?:small|big)|wrong size"
                    r"|nothing like the (?:picture|photo)s?)\b", re.I)

# How far from neutral VADER's compound must be to count (its authors' cut is 0.05; praise VADER finds in plain
# statements, "I bought this as a gift", is weak, so praise needs more).
_POSITIVE_AT, _NEGATIVE_AT = 0.3, -0.05


def is_english(text: str) -> bool:
    """True for a text without a CJK (or kana, hangul) character and with at least two English words."""
    return not _CJK.search(text) and len(_WORD.findall(text)) >= 2


class EnglishReader:
    """VADER's compound and English cue words → an `Analysis` (no aspects)."""

    def __init__(self) -> None:
        self.vader = SentimentIntensityAnalyzer()

    def verdict(self, text: str) -> tuple[str, str, float, list[str]]:
        """(sentiment, top emotion, strength in [0, 1], evidence) of one English text."""
        compound = float(self.vader.polarity_scores(_POLITE.sub(" ", text))["compound"])
        worry, blame = _ANXIETY.search(text), _ANGER.search(text)
        praise, fault = _PRAISE.search(text), _FAULT.search(text)
        if worry and compound < 0.5:  # "Urgent: I need this by Friday…" is a worry whatever its words
            return "negative", "anxiety", max(0.6, -compound), [worry.group(0)]
        if blame and compound < 0.5:
            return "negative", "anger", max(0.6, -compound), [blame.group(0)]
        if fault and compound < 0.3:
            return "negative", "disappointment", max(0.6, -compound), [fault.group(0)]
        if compound <= _NEGATIVE_AT and not (_QUESTION.search(text) and compound > -0.3):
            return "negative", "disappointment", -compound, self._words(text, negative=True)
        if compound >= _POSITIVE_AT or praise:
            emotion = "gratitude" if _THANKS.search(text) else "joy"
            evidence = [m.group(0) for m in (praise, _THANKS.search(text)) if m] + self._words(text, negative=False)
            return "positive", emotion, max(compound, 0.6 if praise else 0.0), evidence
        return "neutral", "neutral", 0.0, []

    def _words(self, text: str, negative: bool) -> list[str]:
        """The words VADER's lexicon scores on the verdict's side, strongest first."""
        scored = [(self.vader.lexicon.get(w.lower(), 0.0), w) for w in _WORD.findall(text)]
        side = [(v, w) for v, w in scored if (v < 0 if negative else v > 0)]
        return [w for _, w in sorted(side, key=lambda vw: -abs(vw[0]))]

    def analyze(self, text: str) -> Analysis:
        sentiment, emotion, strength, evidence = self.verdict(text)
        # Probabilities: the verdict's side gets 0.5 + 0.45 × strength, the rest split; VADER is uncalibrated and
        # no English labels exist here to calibrate it, so the spread says "likely", never "certain".
        top = 0.5 + 0.45 * min(1.0, strength) if sentiment != "neutral" else 0.8
        rest = (1.0 - top) / 2
        probabilities = {k: round(top if k == sentiment else rest, 6) for k in SENTIMENTS}
        emotions = {k: round(top if k == emotion else (1.0 - top) / (len(EMOTIONS) - 1), 6) for k in EMOTIONS}
        return Analysis(
            sentiment=sentiment,
            score=round(probabilities["positive"] - probabilities["negative"], 6),
            probabilities=probabilities,
            emotion=emotion,
            emotions=emotions,
            intensity=intensity(text, top, emotion_shares(emotions)),
            evidence=list(dict.fromkeys(evidence))[:5],
            model=ENGLISH_MODEL,
        )


class EnglishAwareClassifier:
    """A `Classifier` that reads English-only texts itself and hands every other text to `inner`."""

    def __init__(self, inner: Classifier, reader: EnglishReader | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.reader = reader or EnglishReader()

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        english = [is_english(t) for t in texts]
        rest = [t for t, e in zip(texts, english, strict=True) if not e]
        others = iter(self.inner.analyze(rest) if rest else [])
        return [self.reader.analyze(t) if e else next(others) for t, e in zip(texts, english, strict=True)]


# %%
if __name__ == "__main__":
    from pathlib import Path

    from models.registry import DEFAULT_TRANSFORMER_DIR, served
    from models.transformer import TransformerClassifier

    model, reader = served(TransformerClassifier(DEFAULT_TRANSFORMER_DIR)), EnglishReader()
    for name in ("english_texts_2026_11_27.tsv", "english_texts_held_out_2026_11_27.tsv"):
        lines = Path(__file__).with_name(name).read_text(encoding="utf-8").splitlines()
        rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
        served_readings = model.analyze([text for _, _, text in rows])
        ours = [reader.analyze(text) for _, _, text in rows]
        for label, readings in (("served model", served_readings), ("English reader", ours)):
            sentiment = sum(r.sentiment == s for r, (s, _, _) in zip(readings, rows, strict=True))
            emotion = sum(r.emotion == e for r, (_, e, _) in zip(readings, rows, strict=True))
            print(f"{name}: {label} sentiment {sentiment}, top emotion {emotion} of {len(rows)}")
