"""Paid-reward records: the memory behind diminishing returns and budget caps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from engine.clock import as_utc, require_iso, to_iso


@dataclass(frozen=True, slots=True)
class RewardRecord:
    """One paid reward given to a customer: when, how much, under which rule."""

    at: datetime
    cost: float
    rule: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", as_utc(self.at))
        object.__setattr__(self, "cost", float(self.cost))

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"at": to_iso(self.at), "cost": self.cost, "rule": self.rule}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | Sequence[Any]) -> RewardRecord:
        """From `to_dict` output or an `(at, cost)` pair."""
        if isinstance(data, dict):
            return cls(require_iso(data["at"]), float(data["cost"]), str(data.get("rule", "")))
        return cls(require_iso(data[0]), float(data[1]))

    @property
    def key(self) -> tuple[str | None, float]:
        """Identity for merging ledgers: the same reward seen in the state and in the service's ledger."""
        return (to_iso(self.at), round(self.cost, 2))


def merge_rewards(*sources: Iterable[RewardRecord]) -> list[RewardRecord]:
    """All records from `sources` with duplicates (same time and cost) removed, oldest first."""
    seen: dict[tuple[str | None, float], RewardRecord] = {}
    for source in sources:
        for record in source:
            seen.setdefault(record.key, record)
    return sorted(seen.values(), key=lambda r: r.at)


def prune_rewards(records: Iterable[RewardRecord], now: datetime, window_days: float) -> list[RewardRecord]:
    """The records inside the window of `window_days` ending at `now` (later-dated ones are kept: they count)."""
    cutoff = as_utc(now) - timedelta(days=window_days)
    return [r for r in records if r.at > cutoff]
