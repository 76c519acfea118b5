"""The encoder's batching: a padded-token budget, a row cap, and no short row padded to a far longer one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.onnx_backend import OnnxEncoder
from models.registry import DEFAULT_TRANSFORMER_DIR
from models.text import normalize


@pytest.fixture(scope="module")
def encoder() -> OnnxEncoder:
    return OnnxEncoder(Path(DEFAULT_TRANSFORMER_DIR), threads=1)


def batches(encoder: OnnxEncoder, lengths: list[int], max_rows: int = 128) -> list[list[int]]:
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    return list(encoder._batches(order, lengths, max_rows))


def test_rows_share_a_call_within_the_token_budget(encoder: OnnxEncoder) -> None:
    encoder.max_batch_tokens = 1536
    calls = batches(encoder, [32] * 100)
    assert [len(c) for c in calls] == [48, 48, 4]  # 48 × 32 = 1,536 padded tokens per call
    assert sorted(i for c in calls for i in c) == list(range(100))


def test_long_windows_go_in_small_calls_and_the_row_cap_holds(encoder: OnnxEncoder) -> None:
    encoder.max_batch_tokens = 1536
    assert [len(c) for c in batches(encoder, [186] * 20)] == [8, 8, 4]
    assert [len(c) for c in batches(encoder, [10] * 300, max_rows=128)] == [128, 128, 44]


def test_a_short_clause_is_not_padded_to_a_long_text(encoder: OnnxEncoder) -> None:
    encoder.max_batch_tokens = 1536
    calls = batches(encoder, [10, 11, 12, 40, 42])
    lengths = [10, 11, 12, 40, 42]
    assert [[lengths[i] for i in c] for c in calls] == [[10, 11, 12], [40, 42]]


def test_a_reading_does_not_depend_on_the_texts_batched_with_it(encoder: OnnxEncoder) -> None:
    # The bundled graph quantises activations over fixed ranges (training/activation_ranges.py); with the dynamic
    # per-call ranges it had before, these logits moved by up to 0.3 between the two splits.
    texts = [normalize(t) for t in ["物流很快", "质量太差了，用两天就坏", "客服态度很好，耐心解答了我的问题，下次还来",
                                    "外卖送得很慢，饭都凉了，不过味道还可以", "？？？", "给10分"] * 3]
    encoder.max_batch_tokens = 10_000
    together, _ = encoder.logits(texts, 128)
    encoder.max_batch_tokens = 40  # forces calls of one or two rows
    apart, _ = encoder.logits(texts, 128)
    alone = np.concatenate([encoder.logits([t], 1)[0] for t in texts])
    np.testing.assert_allclose(together, apart, atol=1e-4)
    np.testing.assert_allclose(together, alone, atol=1e-4)
