"""Time helpers: every datetime the engine stores is timezone-aware UTC and serialises as ISO-8601.

Naive datetimes are read as UTC rather than rejected: the service and CRM imports sometimes drop the offset, and
guessing the server's local zone would make results depend on where the process runs.
"""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """The same instant as an aware UTC datetime (naive input is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_iso(moment: datetime | None) -> str | None:
    """ISO-8601 text with an explicit `+00:00` offset, or None."""
    return None if moment is None else as_utc(moment).isoformat()


def parse_iso(value: str | datetime | None) -> datetime | None:
    """Parse ISO-8601 text (a trailing `Z` is accepted) into aware UTC; datetimes pass through normalised."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return as_utc(datetime.fromisoformat(text))


def require_iso(value: str | datetime) -> datetime:
    """Like `parse_iso` for fields that must be present."""
    parsed = parse_iso(value)
    if parsed is None:  # pragma: no cover - guarded by the type
        raise ValueError("a timestamp is required")
    return parsed


def hours_between(earlier: datetime, later: datetime) -> float:
    """Signed hours from `earlier` to `later`."""
    return (as_utc(later) - as_utc(earlier)).total_seconds() / 3600.0
