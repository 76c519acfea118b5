"""The clauses of a chat message that say something: greetings (亲, 你好, 请问, 在吗) dropped.

Advice questions, business inquiries and feature wishes (`models/advice_questions.py`, `models/business_inquiries.py`,
`models/feature_wishes.py`) are recognised only when a message is made wholly of them, around the greetings a chat
opens with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set

from models.text import normalize

_GREETING = re.compile(r"亲|亲亲|你好|您好|请问|老板|客服|在吗|在不在|打扰了|打扰一下|hello|hi|想问下|想问一下|问下|问一下")
_CLAUSES = re.compile(r"[，。！？!?,.;；~～、\s]+")


def saying_clauses(text: str) -> list[str]:
    """`text`'s normalised clauses, each without a leading 请问, greetings left out."""
    clauses = (c.removeprefix("请问") for c in _CLAUSES.split(normalize(text)))
    return [c for c in clauses if c and not _GREETING.fullmatch(c)]


def made_only_of(text: str, triggers: Set[str], matches: Callable[[str], object],
                 aside: Callable[[str], object] | None = None) -> bool:
    """True when every clause `saying_clauses` keeps (asides left out) `matches`, and there is one; `triggers` are
    characters one of which such a text must hold, so most texts skip the normalising."""
    if triggers.isdisjoint(text):
        return False
    clauses = [c for c in saying_clauses(text) if aside is None or not aside(c)]
    return bool(clauses) and all(matches(c) for c in clauses)
