"""Request and response models of the analysis API and the problem document (PRODUCT.md section 3).

The response models mirror `Analysis.to_dict()` field for field, so /openapi.json documents the public contract.
Limits that depend on settings (texts per request, characters per text) are checked by `check_limits`, not by the
static schema, because one schema serves every configuration.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from service.api.problems import ProblemError, problem_type

MAX_ID_CHARS = 256

# Unpaired surrogates arrive as JSON escapes ("\ud800"); they are not Unicode text and cannot be encoded as UTF-8
# (the tokenizer and the response encoder would fail on them), so they are bad input, like invalid UTF-8 bytes.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters that print nothing: whitespace, controls, format characters (zero-width space, BOM, …).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def is_blank(text: str) -> bool:
    """True when the text has nothing to analyse: empty, whitespace, or only invisible characters."""
    return all(ch.isspace() or unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text)


def surrogate_at(text: str) -> int | None:
    """Index of the first unpaired surrogate (text that cannot be encoded as UTF-8), or None."""
    match = _SURROGATE.search(text)
    return match.start() if match else None


def _valid_unicode(value: str) -> str:
    position = surrogate_at(value)
    if position is not None:
        raise ValueError(f"contains an unpaired surrogate at character {position} (not valid Unicode)")
    return value


def _text(value: str) -> str:
    _valid_unicode(value)
    if is_blank(value):
        raise ValueError("text is empty or only whitespace")
    return value


Text = Annotated[
    str,
    AfterValidator(_text),
    # Documented for clients and fuzzers; enforced by `_text`, whose message is clearer than a regex mismatch.
    Field(
        description="Customer text; not empty or whitespace-only.",
        json_schema_extra={"minLength": 1, "pattern": r"\S"},
    ),
]
ItemId = Annotated[
    str,
    AfterValidator(_valid_unicode),
    Field(max_length=MAX_ID_CHARS, description="Caller's id, echoed in the result."),
]


def _absent_not_null(schema: dict[str, Any]) -> None:
    """Document an optional field as "may be absent" rather than "may be null" (null means absent here).

    Done on the JSON schema only, so validation keeps pydantic's plain `list | None` error locations (`texts[3]`).
    """
    variants = [variant for variant in schema.pop("anyOf", []) if variant.get("type") != "null"]
    if len(variants) == 1:
        schema.update(variants[0])
    schema.pop("default", None)


class AnalyzeItem(BaseModel):
    """One text with the caller's id."""

    model_config = ConfigDict(extra="forbid")

    id: ItemId | None = None
    text: Text


class AnalyzeRequest(BaseModel):
    """Exactly one of `texts` or `items`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [{"required": ["texts"]}, {"required": ["items"]}],
            "examples": [
                {"texts": ["物流太慢了，等了一周还没到"]},
                {"items": [{"id": "r-1", "text": "质量很好，谢谢客服"}]},
            ],
        },
    )

    texts: list[Text] | None = Field(
        default=None,
        min_length=1,
        description="Texts to analyse, in order.",
        json_schema_extra=_absent_not_null,
    )
    items: list[AnalyzeItem] | None = Field(
        default=None,
        min_length=1,
        description="Texts with ids, in order.",
        json_schema_extra=_absent_not_null,
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> AnalyzeRequest:
        if (self.texts is None) == (self.items is None):
            raise ValueError("give exactly one of `texts` or `items`")
        return self

    def pairs(self) -> tuple[list[str], list[str | None]]:
        """The texts and their ids (None for `texts` requests), in request order."""
        if self.texts is not None:
            return list(self.texts), [None] * len(self.texts)
        items = self.items or []
        return [item.text for item in items], [item.id for item in items]

    @property
    def field_name(self) -> str:
        """`texts` or `items`: how the caller named the list (used in error messages)."""
        return "texts" if self.texts is not None else "items"


def text_field(request: AnalyzeRequest, index: int) -> str:
    """The field of text number `index` as the caller wrote it: `texts[3]` or `items[3].text`."""
    return f"texts[{index}]" if request.texts is not None else f"items[{index}].text"


# ---- responses -------------------------------------------------------------------------------------------------

Probability = Annotated[float, Field(json_schema_extra={"minimum": 0, "maximum": 1})]


class SentimentProbabilities(BaseModel):
    """Calibrated sentiment probabilities (they sum to 1)."""

    positive: Probability
    neutral: Probability
    negative: Probability


class EmotionProbabilities(BaseModel):
    """Multi-label emotion probabilities (each in [0, 1], independent)."""

    joy: Probability
    gratitude: Probability
    anger: Probability
    anxiety: Probability
    disappointment: Probability
    neutral: Probability


class AspectResult(BaseModel):
    """Sentiment of one commerce aspect (物流, 质量, …) with the clause that shows it."""

    aspect: str
    sentiment: str
    evidence: str


class AnalysisResult(BaseModel):
    """One analysis: the public contract's result object (same fields as the CLI's output lines)."""

    id: str | None = Field(description="The caller's id, or null for `texts` requests.")
    sentiment: Literal["positive", "neutral", "negative"]
    # Bounds are documented but not enforced on output: a float rounding past 1.0 must not turn into a 500.
    score: Annotated[float, Field(json_schema_extra={"minimum": -1, "maximum": 1})]
    probabilities: SentimentProbabilities
    emotion: Literal["joy", "gratitude", "anger", "anxiety", "disappointment", "neutral"]
    emotions: EmotionProbabilities
    intensity: Probability
    aspects: list[AspectResult]
    evidence: list[str]
    model: str


class AnalyzeResponse(BaseModel):
    """One result per input text, in input order."""

    results: list[AnalysisResult]


# ---- problems ----------------------------------------------------------------------------------------------------


class FieldError(BaseModel):
    """One invalid request field."""

    field: str = Field(description="The field as written in the request, e.g. `texts[3]` or `body`.")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details; served as `application/problem+json`."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="Problem kind: `about:blank` or `urn:xinsheng:problem:<kind>`.")
    title: str
    status: int
    detail: str
    instance: str | None = Field(default=None, description="The request path.")
    request_id: str | None = None
    errors: list[FieldError] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem+json answers for the given statuses."""
    descriptions = {
        400: "Malformed body (invalid JSON or UTF-8)",
        401: "Missing or unknown API key",
        403: "API key lacks the required scope",
        404: "Not found",
        409: "Conflict with the stored state",
        413: "Body or batch over the limit",
        415: "Body not sent as application/json",
        422: "Invalid field(s)",
        429: "Rate limited or overloaded; see Retry-After",
        503: "Not ready or overloaded; see Retry-After",
    }
    return {
        # `problems.install_problem_handlers` moves these from application/json to application/problem+json.
        status: {"model": Problem, "description": descriptions.get(status, "Error")}
        for status in statuses
    }


def check_limits(request: AnalyzeRequest, max_texts: int, max_chars: int) -> None:
    """Enforce the configured limits: at most `max_texts` texts (413), each at most `max_chars` characters (422).

    A batch over the limit is refused as a whole (413, the payload is too large for one request); texts over the
    character limit are field errors like any other invalid text (422, every offending field listed).
    """
    texts, _ = request.pairs()
    if len(texts) > max_texts:
        raise ProblemError(
            413,
            "Too many texts",
            f"{len(texts)} texts in one request; the limit is {max_texts}",
            field=request.field_name,
            type_=problem_type("batch-too-large"),
            extra={"limit": max_texts},
        )
    errors = [
        {
            "field": text_field(request, i),
            "message": f"text has {len(text)} characters; the limit is {max_chars}",
        }
        for i, text in enumerate(texts)
        if len(text) > max_chars
    ]
    if errors:
        raise ProblemError(
            422,
            "Text too long",
            f"{len(errors)} text(s) over the limit of {max_chars} characters: {errors[0]['field']}"
            + (", …" if len(errors) > 1 else ""),
            type_=problem_type("text-too-long"),
            errors=errors[:100],
            extra={"limit": max_chars},
        )
