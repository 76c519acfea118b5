"""How strongly a text expresses its emotion, in [0, 1].

Model confidence that the text is emotional sets the base; surface cues move it the way a CX agent reads
"气死了！！！" as hotter than "有点失望": boosters (太, 非常, 简直, …透了), exclamation marks, repeated characters, emoji,
strongly felt words (Chinese EmoBank: highly aroused and clearly valenced, 气死, 崩溃, 惊喜) and threats to escalate
(投诉, 报警, 12315) push it up; downtoners (有点, 稍微, 还行) pull it down.
"""

from __future__ import annotations

import re
from functools import lru_cache

from models.lexicon_emotions import default_lexicon

_EXCLAIM = re.compile(r"[!！]")
_EMOJI_WORD = re.compile(r"（[\u4e00-\u9fff]{1,3}）")
_REPEAT = re.compile(r"(.)\1{2,}|([!?！？])\2+")

# Single-character boosters are counted as such only here; the lexicon's multi-character degree words of weight >= 1.7
# (非常, 特别, 极其, 格外, …) join them. Its single characters (很, 好, 可, 偏) are too common to mean much.
_BOOSTERS = ("太", "超", "巨", "贼", "最", "真的", "简直", "死了", "透了", "到爆", "炸了", "离谱", "透顶", "不得了",
             "到极点", "没有之一", "受够了", "疯了", "极度", "绝对")
# Words that start like a booster and are none: 超市, 超过, 最近, 最后.
_NOT_A_BOOSTER_AFTER = {"超": "市过时出", "最": "近后初终早"}
_NOT_BOOSTERS = frozenset({"不过", "不少", "出头", "开外", "多多", "好不", "沉沉", "何等"})
# Downtoners: the writer hedges how much it matters. 一点 is one only when it does not open 一点都不 / 一点也不.
# Listed here rather than taken from the lexicon's weight-0.6 degree words, which also hold 相当, 蛮 and 挺.
_DOWNTONERS = re.compile("有点|有些|稍微|稍稍|略微|略有|些许|一点(?![都也])|还行|还算|还可以|凑合|不太|不算|不大|一般般|"
                         "勉强|小问题|小瑕疵|美中不足")
_SHORT_TEXT = 60  # characters: a chat message or a short review, read at full strength
_THREATS = ("投诉", "报警", "12315", "消协", "曝光", "起诉", "律师", "赔偿", "退一赔三", "差评")


@lru_cache(maxsize=1)
def _booster_pattern() -> re.Pattern[str]:
    lexicon = default_lexicon()
    multi = (w for w, weight in lexicon.degree.items() if weight >= 1.7 and len(w) >= 2 and w not in _NOT_BOOSTERS)
    words = sorted({*_BOOSTERS, *multi}, key=len, reverse=True)
    return re.compile("|".join(
        f"{re.escape(w)}(?![{_NOT_A_BOOSTER_AFTER[w]}])" if w in _NOT_A_BOOSTER_AFTER else re.escape(w) for w in words
    ))


@lru_cache(maxsize=1)
def _strong_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(default_lexicon().strong, key=len, reverse=True))) or "(?!)")


def cue_strength(text: str) -> float:
    """-0.6..1 from surface cues in a normalised text: above 0 hotter than its words alone, below 0 milder."""
    boosters = min(len(_booster_pattern().findall(text)), 3)
    exclaim = min(len(_EXCLAIM.findall(text)), 4)
    emoji = min(len(_EMOJI_WORD.findall(text)), 3)
    repeat = 1 if _REPEAT.search(text) else 0
    strong = min(len(_strong_pattern().findall(text)), 3)
    threats = min(sum(1 for word in _THREATS if word in text), 2)
    downtoners = min(len(_DOWNTONERS.findall(text)), 2)
    raw = 0.2 * boosters + 0.15 * exclaim + 0.15 * emoji + 0.2 * repeat + 0.2 * strong + 0.25 * threats
    # Cues per character, not in total: a 300-character book review collects a few 非常 and 最 without being heated.
    raw *= min(1.0, (_SHORT_TEXT / max(len(text), 1)) ** 0.5)
    return min(1.0, max(-0.6, raw - 0.3 * downtoners))


def emotion_shares(emotions: dict[str, float]) -> dict[str, float]:
    """Multi-label emotion probabilities as shares of their sum, the form `intensity` reads."""
    total = sum(emotions.values()) or 1.0
    return {k: v / total for k, v in emotions.items()}


def intensity(text: str, confidence: float, emotions: dict[str, float]) -> float:
    """Emotional share (1 - neutral) scaled by confidence and surface cues."""
    emotional = max(0.0, 1.0 - emotions.get("neutral", 0.0))
    value = emotional * (0.55 + 0.45 * cue_strength(text)) * (0.6 + 0.4 * confidence)
    return round(min(1.0, max(0.0, value)), 4)
