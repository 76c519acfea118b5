"""The `Classifier` interface every runtime implements (baseline, ONNX transformer)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from models.analysis import Analysis


@runtime_checkable
class Classifier(Protocol):
    """Turns texts into analyses. Implementations are thread-safe for concurrent `analyze` calls."""

    name: str

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """One `Analysis` per text, in input order."""
        ...
