"""Shared fixtures for the training tests."""

import shutil
from pathlib import Path

import pytest

from training.data import Example

BUNDLED_TOKENIZER = Path("models/artifacts/xinsheng-m3e-small-int8/tokenizer.json")


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised 2-layer BERT with the real Chinese vocabulary: any local HF folder works."""
    transformers = pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("tiny-bert")
    config = transformers.BertConfig(vocab_size=21128, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                     intermediate_size=64, max_position_embeddings=256)
    transformers.BertModel(config).save_pretrained(folder)
    shutil.copy(BUNDLED_TOKENIZER, folder / "tokenizer.json")
    transformers.PreTrainedTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"), unk_token="[UNK]",
                                         pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]",
                                         mask_token="[MASK]").save_pretrained(folder)
    return folder


@pytest.fixture
def tiny_sets() -> tuple[list[Example], list[Example]]:
    """(train, dev): a handful of positive, negative and neutral texts with emotion targets."""
    pos = ["很好用，推荐", "物流快，质量好", "非常满意", "谢谢客服"]
    neg = ["太差了", "质量很差，退货", "气死我了", "快递丢了，着急"]
    neu = ["请问什么时候发货？", "有黑色吗"]
    emo = {"joy": 1.0, "gratitude": 0.0, "anger": 0.0, "anxiety": 0.0, "disappointment": 0.0, "neutral": 0.0}
    rows = [Example(t, "positive", emo) for t in pos] + [Example(t, "negative", {**emo, "joy": 0.0, "anger": 1.0}) for t in neg]
    rows += [Example(t, "neutral", {**emo, "joy": 0.0, "neutral": 1.0}, source="synthetic") for t in neu]
    return rows * 2, rows
