"""Risk signals in a customer's text: churn, public escalation, repeat contact and safety.

The words live in `risk_lexicon.yaml` (data a CX team can extend), the logic here: normalise the text, find
terms and patterns, drop matches a nearby negator cancels (没有过敏), and drop categories that need a
model reading the text does not have (再也不买别家的了 is praise, not churn).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.analysis import Analysis

RISK_FLAGS: tuple[str, ...] = ("churn", "public_escalation", "repeat_contact", "safety")
RiskFlagName = Literal["churn", "public_escalation", "repeat_contact", "safety"]
DEFAULT_LEXICON_PATH = Path(__file__).resolve().with_name("risk_lexicon.yaml")

_CLAUSE_BREAK = re.compile(r"[，。！？；,.!?;\n…~]")


class RiskCategory(BaseModel):
    """The terms and patterns of one risk flag."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: list[str] = []
    patterns: list[str] = []
    negatable: bool = False
    sentiments: list[Literal["positive", "neutral", "negative"]] | None = None

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad pattern {pattern!r}: {exc}") from exc
        return value


class RiskLexicon(BaseModel):
    """The whole lexicon file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    negation_window: int = Field(default=4, ge=0, le=20)
    negators: list[str] = []
    not_negators: list[str] = []
    categories: dict[RiskFlagName, RiskCategory]
    traditional: dict[str, str] = {}

    @field_validator("traditional")
    @classmethod
    def _single_characters(cls, value: dict[str, str]) -> dict[str, str]:
        bad = {k: v for k, v in value.items() if len(k) != 1 or len(v) != 1}
        if bad:
            raise ValueError(f"traditional maps single characters to single characters; bad: {bad}")
        return value

    @model_validator(mode="after")
    def _normalised_terms(self) -> Self:
        # Terms are compared with normalised text, so a term that normalisation would change can never match.
        table = str.maketrans(self.traditional)
        for name, category in self.categories.items():
            for term in category.terms:
                if normalise(term, table) != term:
                    raise ValueError(
                        f"{name}: term {term!r} must be written normalised: {normalise(term, table)!r}"
                    )
        return self


def normalise(text: str, table: dict[int, str] | None = None) -> str:
    """NFKC, lower case, Traditional → Simplified (with `table`), whitespace removed."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if table:
        folded = folded.translate(table)
    return "".join(folded.split())


class RiskDetector:
    """A compiled lexicon."""

    def __init__(self, lexicon: RiskLexicon) -> None:
        self.lexicon = lexicon
        self._table = str.maketrans(lexicon.traditional)
        self._matchers: dict[str, re.Pattern[str]] = {}
        for name, category in lexicon.categories.items():
            alternatives = [re.escape(term) for term in sorted(category.terms, key=len, reverse=True)]
            alternatives += [f"(?:{pattern})" for pattern in category.patterns]
            if alternatives:
                self._matchers[name] = re.compile("|".join(alternatives))
        negators = sorted(lexicon.negators, key=len, reverse=True)
        # A negator, then at most two filler characters, right before the match (没有出现过敏, 不会换别家).
        self._negated = (
            re.compile(f"(?:{'|'.join(map(re.escape, negators))})[^，。！？；,.!?;]{{0,2}}$")
            if negators
            else None
        )

    def detect(self, texts: Iterable[str], sentiment: str | None = None) -> list[str]:
        """Sorted, unique flags found in any of `texts` (the first is the message, the rest model evidence)."""
        normalised: list[str] = []
        for text in texts:
            folded = normalise(text, self._table)
            # Evidence quoted from the message is already searched there, with the context that negation needs
            # (evidence "过敏" cut from "没有过敏" must not flag); only wording the text lacks adds anything.
            if folded and not any(folded in seen for seen in normalised):
                normalised.append(folded)
        flags: set[str] = set()
        for name, matcher in self._matchers.items():
            category = self.lexicon.categories[name]  # type: ignore[index]
            if (
                sentiment is not None
                and category.sentiments is not None
                and sentiment not in category.sentiments
            ):
                continue
            if any(self._hit(matcher, text, category.negatable) for text in normalised):
                flags.add(name)
        return sorted(flags)

    def _hit(self, matcher: re.Pattern[str], text: str, negatable: bool) -> bool:
        for match in matcher.finditer(text):
            if not negatable or not self._is_negated(text, match.start()):
                return True
        return False

    def _is_negated(self, text: str, start: int) -> bool:
        if self._negated is None:
            return False
        window = text[max(0, start - self.lexicon.negation_window) : start]
        window = _CLAUSE_BREAK.split(window)[-1]  # a negator in the previous clause does not count
        for phrase in self.lexicon.not_negators:
            window = window.replace(phrase, "_" * len(phrase))
        return bool(self._negated.search(window))


def load_lexicon(path: str | Path = DEFAULT_LEXICON_PATH) -> RiskLexicon:
    """Read and validate a lexicon file (ValueError / yaml.YAMLError on a bad file)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return RiskLexicon.model_validate(data)


@lru_cache(maxsize=1)
def default_detector() -> RiskDetector:
    """The detector for the shipped lexicon, built once per process."""
    return RiskDetector(load_lexicon())


def detect_risk_flags(
    text: str, analysis: Analysis | None = None, *, detector: RiskDetector | None = None
) -> list[str]:
    """Risk flags ("churn", "public_escalation", "repeat_contact", "safety") in `text`, sorted and unique.

    The model's evidence and aspect spans are searched too (they may carry normalised wording), and its
    sentiment gates the categories that list `sentiments`. Without an analysis no category is gated.
    """
    active = detector or default_detector()
    texts = [text]
    sentiment = None
    if analysis is not None:
        texts += list(analysis.evidence) + [aspect.evidence for aspect in analysis.aspects]
        sentiment = analysis.sentiment
    return active.detect(texts, sentiment)
