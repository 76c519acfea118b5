"""API keys and scopes (PRODUCT.md section 3, "Auth").

Keys come from `settings.api_keys` (`XINSHENG_API_KEYS='{"<key>": ["analyze", "read"]}'`). With no keys the
service is open (and `xinsheng serve` refuses non-loopback hosts). A key is never logged or echoed: logs and metrics
see only `key_id`, a short fingerprint.

Lookup is constant-time with respect to the keys: the presented key's SHA-256 is compared with every configured
key's digest using `hmac.compare_digest`, without stopping at the first match, so response timing reveals neither
which key nor how much of one matched.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

Scope = Literal["analyze", "ingest", "read", "triage", "admin"]
SCOPES: frozenset[str] = frozenset(get_args(Scope))
API_KEY_HEADER = "X-API-Key"


def key_fingerprint(key: str) -> str:
    """A short, non-reversible id for a key (safe to log)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: an authenticated key (with its scopes), or anyone when the service runs open."""

    key_id: str | None
    scopes: frozenset[str]
    open_mode: bool = False

    def allows(self, scope: str) -> bool:
        """True when this caller may use `scope` (`admin` implies every scope; open mode allows everything)."""
        return self.open_mode or "admin" in self.scopes or scope in self.scopes


OPEN_CALLER = Caller(key_id=None, scopes=SCOPES, open_mode=True)


@dataclass(frozen=True, slots=True)
class _Key:
    digest: bytes
    key_id: str
    scopes: frozenset[str]


class ApiKeys:
    """The configured keys; `authenticate` maps a presented key to a `Caller`."""

    def __init__(self, keys: Mapping[str, Iterable[str]]) -> None:
        entries: list[_Key] = []
        for key, scopes in keys.items():
            if not key or not key.strip():
                raise ValueError("XINSHENG_API_KEYS contains an empty key")
            scope_set = frozenset(scopes)
            unknown = scope_set - SCOPES
            if unknown:
                # Fail at start-up: a typo in a scope would otherwise silently lock a client out.
                raise ValueError(
                    f"key {key_fingerprint(key)} has unknown scope(s) {sorted(unknown)}; known: {sorted(SCOPES)}"
                )
            entries.append(_Key(_digest(key), key_fingerprint(key), scope_set))
        self._keys = tuple(entries)

    @property
    def open(self) -> bool:
        """True when no keys are configured (the service runs open)."""
        return not self._keys

    def authenticate(self, presented: str | None) -> Caller | None:
        """The caller for a presented key; `OPEN_CALLER` in open mode; None for a missing or unknown key."""
        if self.open:
            return OPEN_CALLER
        if not presented:
            return None
        digest = _digest(presented)
        found: _Key | None = None
        for entry in self._keys:  # no early exit: every key is compared
            if hmac.compare_digest(digest, entry.digest):
                found = entry
        return None if found is None else Caller(found.key_id, found.scopes)


def _digest(key: str) -> bytes:
    # Hashing first gives equal-length inputs to compare_digest, so the key length does not leak either.
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
