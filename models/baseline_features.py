"""Feature functions of the TF-IDF baseline; importable by name so skops can restore the pipeline safely."""

from __future__ import annotations

import logging

import jieba

jieba.setLogLevel(logging.WARNING)


def jieba_tokens(text: str) -> list[str]:
    """jieba words of an already normalised text, whitespace dropped."""
    return [token for token in jieba.lcut(text) if token.strip()]
