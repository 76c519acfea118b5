"""A tiny end-to-end training run: random 2-layer BERT, a few steps, export, ONNX parity with PyTorch."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from models.onnx_backend import OnnxEncoder  # noqa: E402
from models.text import normalize  # noqa: E402
from training.data import Example  # noqa: E402


def test_adversary_moves_embeddings_by_epsilon_along_the_gradient_and_back() -> None:
    from training.finetune import EmbeddingAdversary

    embedding = torch.nn.Embedding(5, 3)
    original = embedding.weight.detach().clone()
    adversary = EmbeddingAdversary(embedding, epsilon=0.5)
    assert not adversary.perturb()  # no gradient yet: nothing to follow

    embedding(torch.tensor([1, 3])).sum().backward()
    assert adversary.perturb()
    delta = embedding.weight.detach() - original
    assert torch.linalg.vector_norm(delta).item() == pytest.approx(0.5)
    assert torch.all(delta[[0, 2, 4]] == 0) and torch.all(delta[[1, 3]] > 0)  # only the rows the loss used, uphill
    adversary.restore()
    torch.testing.assert_close(embedding.weight.detach(), original)

    embedding.weight.grad = torch.zeros_like(embedding.weight)
    assert not adversary.perturb()  # a zero gradient has no direction


def test_autocast_dtype_picks_bf16_only_where_it_is_asked_for_or_native(monkeypatch: pytest.MonkeyPatch) -> None:
    from training import finetune

    assert finetune.autocast_dtype("fp32", "cpu") is None
    assert finetune.autocast_dtype("bf16", "cpu") is torch.bfloat16
    assert finetune.autocast_dtype("bf16", "cuda") is torch.bfloat16
    monkeypatch.setattr(finetune, "cpu_has_native_bf16", lambda: True)
    assert finetune.autocast_dtype("auto", "cpu") is torch.bfloat16
    assert finetune.autocast_dtype("auto", "cuda:0") is None  # GPU recipes keep the fp32 they were measured with
    monkeypatch.setattr(finetune, "cpu_has_native_bf16", lambda: False)
    assert finetune.autocast_dtype("auto", "cpu") is None  # emulated bf16 would be slower than fp32
    with pytest.raises(ValueError, match="precision"):
        finetune.autocast_dtype("fp16", "cpu")


def test_the_cli_offers_exactly_the_precisions_training_accepts() -> None:
    # service.cli cannot import training (serving never loads torch), so it spells the choices out again.
    from service.cli import Precision
    from training.finetune import PRECISIONS

    assert [p.value for p in Precision] == list(PRECISIONS)


def test_batches_are_padded_to_a_few_lengths_and_the_padding_changes_no_output(tiny_base: Path) -> None:
    from training.finetune import PAD_MULTIPLE, SentimentEmotionModel, encode

    tokenizer = transformers.AutoTokenizer.from_pretrained(str(tiny_base))
    texts = ["好", "物流很快，质量不错", "一般般吧，包装有点破"]
    enc = encode(tokenizer, texts, 64)
    assert enc["input_ids"].shape[1] % PAD_MULTIPLE == 0
    unpadded = [tokenizer(normalize(t), return_tensors="pt") for t in texts]
    assert enc["attention_mask"].sum(1).tolist() == [u["input_ids"].shape[1] for u in unpadded]
    model = SentimentEmotionModel.from_base(str(tiny_base)).eval()
    with torch.no_grad():
        padded = model(**enc)[0]
        alone = torch.cat([model(u["input_ids"], u["attention_mask"])[0] for u in unpadded])
    torch.testing.assert_close(padded, alone, atol=1e-5, rtol=1e-5)


def test_symmetric_kl_is_zero_for_equal_rows_symmetric_and_positive_otherwise() -> None:
    from training.finetune import symmetric_kl

    a = torch.tensor([[2.0, 0.0, -1.0], [0.5, 0.5, 0.5]])
    b = torch.tensor([[2.0, 0.0, -1.0], [3.0, -1.0, 0.0]])
    kl = symmetric_kl(a, b)
    assert kl[0].item() == pytest.approx(0.0, abs=1e-7)
    assert kl[1].item() > 0.1
    assert torch.allclose(kl, symmetric_kl(b, a))


@pytest.mark.slow
@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_consistency_weight_runs_each_batch_twice_and_penalises_disagreement(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path, weight: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import training.finetune as finetune

    passes: list[int] = []  # batch size of each training forward pass
    penalties: list[float] = []
    forward, kl = finetune.SentimentEmotionModel.forward, finetune.symmetric_kl

    def counting_forward(self: torch.nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor):  # type: ignore[no-untyped-def]
        if torch.is_grad_enabled():
            passes.append(len(input_ids))
        return forward(self, input_ids, attention_mask)  # type: ignore[arg-type]

    def recording_kl(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        out = kl(a, b)
        penalties.append(float(out.detach().mean()))
        return out

    monkeypatch.setattr(finetune.SentimentEmotionModel, "forward", counting_forward)
    monkeypatch.setattr(finetune, "symmetric_kl", recording_kl)
    train_set, dev_set = tiny_sets
    config = finetune.TrainConfig(base_model=str(tiny_base), output_dir=tmp_path, epochs=1, batch_size=4,
                                  max_length=32, adversarial_epsilon=0.0, consistency_weight=weight)
    result = finetune.train(config, train_set, dev_set)
    steps = -(-len(train_set) // 4)
    assert len(passes) == steps * (2 if weight else 1)
    assert len(penalties) == (steps if weight else 0)
    assert all(p > 0 for p in penalties)  # dropout makes the two passes disagree
    assert np.isfinite(result.history[0].train_loss)


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["bf16", "fp32"])
def test_training_steps_run_under_the_chosen_autocast_with_fp32_weights(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path, precision: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from training.finetune import TrainConfig, load_model, train

    seen: list[torch.dtype] = []  # the sentiment head's output dtype in each training step
    original = torch.nn.Linear.forward

    def spying_forward(self: torch.nn.Linear, x: torch.Tensor) -> torch.Tensor:
        out = original(self, x)
        if self.out_features == 3 and torch.is_grad_enabled():  # training steps, not the dev scoring
            seen.append(out.dtype)
        return out

    monkeypatch.setattr(torch.nn.Linear, "forward", spying_forward)
    train_set, dev_set = tiny_sets
    config = TrainConfig(base_model=str(tiny_base), output_dir=tmp_path, epochs=1, batch_size=4, max_length=32,
                         precision=precision)
    result = train(config, train_set, dev_set)
    assert seen and set(seen) == {torch.bfloat16 if precision == "bf16" else torch.float32}
    assert np.isfinite(result.history[0].train_loss)
    model, _ = load_model(tmp_path / "best")
    assert {p.dtype for p in model.parameters()} == {torch.float32}  # master weights and the export stay fp32
    recorded = json.loads((tmp_path / "best" / "train_config.json").read_text())
    assert (recorded["precision"], recorded["autocast"]) == (precision, precision)


@pytest.mark.slow
def test_tiny_training_run_checkpoints_resumes_and_exports(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    from training.export import build_serving_folder
    from training.finetune import TrainConfig, load_model, predict_logits, train

    train_set, dev_set = tiny_sets
    config = TrainConfig(base_model=str(tiny_base), output_dir=tmp_path / "run", epochs=1, batch_size=4,
                         max_length=32, patience=5, ema_decay=0.998)
    result = train(config, train_set, dev_set)
    assert result.best_epoch == 1 and len(result.history) == 1
    assert (tmp_path / "run" / "checkpoint.pt").exists()
    assert not (tmp_path / "run" / "checkpoint.pt.partial").exists()  # saved aside, then renamed into place
    assert sorted(p.name for p in (tmp_path / "run").iterdir() if p.name.startswith("best")) == ["best"]
    # The weight average is scored beside the weights; `best` holds whichever did better on dev.
    (first,) = result.history
    assert first.ema_dev_accuracy is not None and first.kept in ("weights", "ema")
    assert first.kept_accuracy == max(first.dev_accuracy, first.ema_dev_accuracy)
    saved_average = torch.load(tmp_path / "run" / "checkpoint.pt", weights_only=False)["ema"]
    assert int(saved_average["n_averaged"]) == -(-len(train_set) // 4)  # one update per optimiser step

    # Resuming with one more epoch continues from the checkpoint instead of starting over.
    config.epochs = 2
    resumed = train(config, train_set, dev_set, resume=True)
    assert [h.epoch for h in resumed.history] == [1, 2]
    assert resumed.seconds > result.seconds + resumed.history[1].seconds * 0.9  # the whole run's time, not this part's
    assert json.loads((tmp_path / "run" / "history.json").read_text())["seconds"] == resumed.seconds

    # Continuing from a fine-tuned checkpoint starts from its encoder and heads (lr 0: nothing moves).
    continued = replace(config, output_dir=tmp_path / "continued", epochs=1, lr=0.0, ema_decay=0.0,
                        adversarial_epsilon=0.0)  # FGM's move and move back is not bit-exact
    train(continued, train_set, dev_set, start=tmp_path / "run" / "best")
    start_state = load_model(tmp_path / "run" / "best")[0].state_dict()
    assert all(torch.equal(v, start_state[k]) for k, v in load_model(tmp_path / "continued" / "best")[0].state_dict().items())

    serving = build_serving_folder(tmp_path / "run" / "best", tmp_path / "serve", name="tiny", max_length=32,
                                   keep_fp32=tmp_path / "fp32" / "model.onnx")
    shipped = json.loads((serving / "tokenizer.json").read_text())
    assert shipped["padding"] is None and shipped["truncation"] is None  # training's call settings stay behind
    texts = [e.text for e in dev_set]
    model, tokenizer = load_model(tmp_path / "run" / "best")
    torch_sent, torch_emo = predict_logits(model, tokenizer, texts, 32)

    fp32_dir = tmp_path / "fp32"
    for name in ("tokenizer.json", "model.json"):
        shutil.copy(serving / name, fp32_dir / name)
    onnx_sent, onnx_emo = OnnxEncoder(fp32_dir).logits([normalize(t) for t in texts])
    np.testing.assert_allclose(onnx_sent, torch_sent, atol=1e-4)
    np.testing.assert_allclose(onnx_emo, torch_emo, atol=1e-4)

    int8_sent, _ = OnnxEncoder(serving).logits([normalize(t) for t in texts])
    assert int8_sent.shape == torch_sent.shape
    assert np.abs(int8_sent - torch_sent).max() < 0.5  # int8 weights stay close to fp32

    # The exported clause states match PyTorch's layer below the last (fp32), and a probe fits on them.
    fp32_out = OnnxEncoder(fp32_dir).encode([normalize(t) for t in texts], clause_states=True)
    batch = tokenizer([normalize(t) for t in texts[:1]], return_tensors="pt")
    with torch.no_grad():
        states = model.encoder(**batch, output_hidden_states=True).hidden_states[1]  # 2 layers: the first
    assert fp32_out.states is not None
    np.testing.assert_allclose(fp32_out.states[0], states[0].numpy(), atol=1e-4)

    from models.clause_probe import PROBE_FILE
    from models.transformer import TransformerClassifier
    from training.clause_probe import fit_clause_probe

    fitted = fit_clause_probe(serving, train_set, dev_set)
    assert (serving / PROBE_FILE).exists() and set(fitted["classes"]) == {"positive", "neutral", "negative"}
    (result,) = TransformerClassifier(serving).analyze(["物流很快，但是质量太差了"])
    assert {a.aspect for a in result.aspects} == {"物流", "质量"}

    # The TF-IDF expert joins the tiny model: its file is copied in, its weight chosen on dev from the grid.
    from models.tfidf_blend import TFIDF_FILE
    from training.baseline import train_baseline
    from training.tfidf_blend import WEIGHTS, fit_tfidf_blend

    train_baseline(train_set, dev_set, tmp_path / "baseline")
    blend = fit_tfidf_blend(serving, tmp_path / "baseline" / "baseline.skops", dev_set)
    assert blend["tfidf_weight"] in WEIGHTS
    assert (serving / TFIDF_FILE).exists() == (blend["tfidf_weight"] > 0)  # a weight of 0 ships no expert
    assert blend["dev_balanced_sentiment"] >= blend["dev_balanced_sentiment_transformer_alone"]
    blended = TransformerClassifier(serving)
    assert (blended.tfidf is not None) == (blend["tfidf_weight"] > 0)


@pytest.mark.slow
def test_on_grid_training_saves_grid_weights_and_resumes_on_the_grid(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    from training.finetune import TrainConfig, load_model, train
    from training.grid import linears, on_grid

    train_set, dev_set = tiny_sets
    config = TrainConfig(base_model=str(tiny_base), output_dir=tmp_path, epochs=1, batch_size=4, max_length=32,
                         adversarial_epsilon=0.0, patience=5, on_grid=True, lr=1e-3)
    train(config, train_set, dev_set)
    model, _ = load_model(tmp_path / "best")
    weights = [m.weight for m in linears(model)]
    assert weights and all(torch.equal(w, on_grid(w)) for w in weights)
    assert json.loads((tmp_path / "best" / "train_config.json").read_text())["on_grid"] is True

    # The checkpoint keeps the fp32 weights under the grid: resuming trains on from them, not from the rounding.
    latent = torch.load(tmp_path / "checkpoint.pt", weights_only=False)["model"]
    originals = [v for k, v in latent.items() if k.endswith("parametrizations.weight.original")]
    assert originals and any(not torch.equal(v, on_grid(v)) for v in originals)
    resumed = train(replace(config, epochs=2), train_set, dev_set, resume=True)
    assert [h.epoch for h in resumed.history] == [1, 2]

    with pytest.raises(ValueError, match="EMA"):
        train(replace(config, ema_decay=0.99, output_dir=tmp_path / "ema"), train_set, dev_set)


def _edited(sets: tuple[list[Example], list[Example]], base: Path, tmp_path: Path, **edit: object) -> tuple:
    """(start model, edited model, the edit's config): a tiny on-grid run, then an edit of it without weight decay."""
    from training.finetune import TrainConfig, load_model, train

    config = TrainConfig(base_model=str(base), output_dir=tmp_path / "start", epochs=1, batch_size=4, max_length=32,
                         adversarial_epsilon=0.0, patience=5, on_grid=True, lr=1e-3)
    train(config, *sets)
    edit_config = replace(config, output_dir=tmp_path / "edit", weight_decay=0.0, **edit)  # type: ignore[arg-type]
    train(edit_config, *sets, start=tmp_path / "start" / "best")
    return load_model(tmp_path / "start" / "best")[0], load_model(tmp_path / "edit" / "best")[0], edit_config


@pytest.mark.slow
def test_fp32_served_only_training_moves_no_linear_weight_and_learns_in_the_rest(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    from training.grid import linears

    start, edited, _ = _edited(tiny_sets, tiny_base, tmp_path, fp32_served_only=True, adversarial_epsilon=1.0)

    assert all(torch.equal(a.weight, b.weight) for a, b in zip(linears(start), linears(edited), strict=True))
    before, after = start.state_dict(), edited.state_dict()
    moved = [k for k in before if not torch.equal(before[k], after[k])]
    assert moved and all(not k.endswith("weight") or "LayerNorm" in k or "embeddings" in k for k in moved)
    # Without weight decay an embedding row the run never read stays exactly as it was.
    words = "encoder.embeddings.word_embeddings.weight"
    unread = before[words].shape[0] - 1  # the last ids of the vocabulary are rare symbols no text here holds
    assert torch.equal(before[words][unread], after[words][unread])
    assert not torch.equal(before[words], after[words])


@pytest.mark.slow
def test_a_token_row_edit_moves_only_those_rows_and_refuses_unknown_tokens(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    from training.finetune import train

    start, edited, edit = _edited(tiny_sets, tiny_base, tmp_path, trained_token_rows=("快", "差"))
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(tiny_base))
    train_set, dev_set = tiny_sets

    before, after = start.state_dict(), edited.state_dict()
    words = "encoder.embeddings.word_embeddings.weight"
    assert all(torch.equal(before[k], after[k]) for k in before if k != words)
    rows = tokenizer.convert_tokens_to_ids(["快", "差"])
    moved = (before[words] != after[words]).any(dim=1).nonzero().flatten().tolist()
    assert sorted(moved) == sorted(rows)

    with pytest.raises(ValueError, match="vocabulary"):
        train(replace(edit, output_dir=tmp_path / "unknown", trained_token_rows=("𠀀𠀀",)), train_set, dev_set,
              start=tmp_path / "start" / "best")


def test_a_save_that_fails_midway_leaves_the_previous_model_whole(
    tiny_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transformers import AutoTokenizer

    from training import finetune

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    config = finetune.TrainConfig(base_model=str(tiny_base), output_dir=tmp_path, max_length=32)
    torch.manual_seed(1)
    first = finetune.SentimentEmotionModel.from_base(str(tiny_base))
    finetune.save_model(first, tokenizer, tmp_path / "best", config)
    torch.manual_seed(2)
    second = finetune.SentimentEmotionModel.from_base(str(tiny_base))
    with torch.no_grad():  # fine-tuned: its encoder differs from the first's too, not only its heads
        for parameter in second.encoder.parameters():
            parameter.add_(0.01)

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the run stopped after the encoder was written, before the heads

    monkeypatch.setattr(finetune.torch, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        finetune.save_model(second, tokenizer, tmp_path / "best", config)
    monkeypatch.undo()

    reloaded, _ = finetune.load_model(tmp_path / "best")
    expected = first.state_dict()
    assert all(torch.equal(v, expected[k]) for k, v in reloaded.state_dict().items())

    finetune.save_model(second, tokenizer, tmp_path / "best", config)  # the next save clears the leftovers
    reloaded, _ = finetune.load_model(tmp_path / "best")
    expected = second.state_dict()
    assert all(torch.equal(v, expected[k]) for k, v in reloaded.state_dict().items())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best"]
