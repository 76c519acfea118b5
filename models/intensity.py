"""How strongly a text expresses its emotion, in [0, 1].

Model confidence that the text is emotional sets the base; degree words (太, 非常), exclamation marks,
repeated characters and emoji push it up, the way a CX agent reads "气死了！！！" as hotter than "有点失望".
"""

from __future__ import annotations

import re

from models.lexicon_emotions import default_lexicon

_EXCLAIM = re.compile(r"[!！]")
_EMOJI_WORD = re.compile(r"（[\u4e00-\u9fff]{1,3}）")
_REPEAT = re.compile(r"(.)\1{2,}|([!?！？])\2+")


def cue_strength(text: str) -> float:
    """0..1 from surface cues in a normalised text."""
    degree: float = sum(text.count(word) for word in ("太", "非常", "超级", "特别", "极其", "真的", "简直", "巨", "死了"))
    degree += sum(1 for word in default_lexicon().degree if len(word) >= 2 and word in text) * 0.5
    exclaim = min(len(_EXCLAIM.findall(text)), 4)
    emoji = min(len(_EMOJI_WORD.findall(text)), 3)
    repeat = 1 if _REPEAT.search(text) else 0
    return min(1.0, 0.2 * degree + 0.15 * exclaim + 0.15 * emoji + 0.2 * repeat)


def intensity(text: str, confidence: float, emotions: dict[str, float]) -> float:
    """Emotional share (1 - neutral) scaled by confidence and surface cues."""
    emotional = max(0.0, 1.0 - emotions.get("neutral", 0.0))
    value = emotional * (0.55 + 0.45 * cue_strength(text)) * (0.6 + 0.4 * confidence)
    return round(min(1.0, max(0.0, value)), 4)
