"""Shared fixtures for the training tests."""

import shutil
from pathlib import Path

import pytest

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
