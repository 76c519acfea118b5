"""Reason and action text templates: `str.format` fields filled from the event's context.

CX managers write reasons such as "{tier_label} customer angry (intensity {intensity:.2f}) on {channel}"; the
policy loader checks every template against `SAMPLE_CONTEXT` so a typo fails at load time, not on a live event.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Any

# The fields a template may use, with a sample value of the right type for load-time checks.
SAMPLE_CONTEXT: dict[str, Any] = {
    "tier": "vip",
    "tier_label": "VIP",
    "emotion": "anger",
    "mood": "angry",
    "sentiment": "negative",
    "intensity": 0.82,
    "score": -0.7,
    "channel": "social",
    "risk_flags": "public_escalation",
    "open_complaints": 1,
    "order_value": 0.0,
    "currency": "CNY",
    "trend": "worsening",
    "rule": "sample-rule",
}
TEMPLATE_FIELDS: frozenset[str] = frozenset(SAMPLE_CONTEXT)


class TemplateError(ValueError):
    """A template names an unknown field or has a bad format spec."""


def check_template(template: str) -> None:
    """Raise `TemplateError` unless `template` renders with the known fields."""
    try:
        names = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise TemplateError(f"bad template {template!r}: {exc}") from exc
    if "" in names or any(name.isdigit() for name in names):
        raise TemplateError(f"template {template!r} uses a positional field; name it, e.g. {{tier}}")
    unknown = sorted(name for name in names if name.split(".")[0].split("[")[0] not in TEMPLATE_FIELDS)
    if unknown:
        allowed = ", ".join(sorted(TEMPLATE_FIELDS))
        raise TemplateError(f"template {template!r} uses unknown field(s) {unknown}; allowed: {allowed}")
    try:
        template.format_map(SAMPLE_CONTEXT)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise TemplateError(f"template {template!r} does not render: {exc}") from exc


def render(template: str, context: Mapping[str, Any]) -> str:
    """Fill `template` from `context`; fields missing from the context fall back to the sample value's type."""
    values = {**{key: _blank(value) for key, value in SAMPLE_CONTEXT.items()}, **context}
    return template.format_map(values)


def _blank(sample: Any) -> Any:
    # Blank values of the sample's type keep format specs such as {intensity:.2f} valid.
    if isinstance(sample, bool):
        return False
    if isinstance(sample, int):
        return 0
    if isinstance(sample, float):
        return 0.0
    return ""
