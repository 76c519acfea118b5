"""Fine-tune a Hugging Face encoder with two heads: 3-class sentiment and 6-way multi-label emotions.

One shared encoder, mean pooling, two linear heads. Batches are bucketed by length with dynamic padding,
which roughly halves CPU time against fixed-length padding on short reviews. Checkpoints are written after
every epoch (model, optimiser, scheduler, RNG state, weight average) so an interrupted run resumes with
`--resume`. Optionally (`ema_decay`) an exponential moving average of the weights is kept beside the weights;
each epoch both are scored on dev and the better one is a candidate for `best`. Each step also trains on an adversarial
copy of the batch (FGM: word embeddings pushed along their loss gradient), so one flipped cue word moves the
verdict less. On CPUs with native bfloat16 (AMX or AVX-512 BF16) the forward and backward passes run under bf16
autocast with fp32 weights and optimiser: with batches padded to a multiple of 16 tokens an FGM epoch takes 11-13 min
on 2 cores instead of 22, which brings the default run into the one-hour budget (43 min end to end; dev accuracy as
in fp32).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from torch import nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from transformers import AutoModel, AutoTokenizer, PreTrainedTokenizerBase, get_linear_schedule_with_warmup

from models.analysis import EMOTIONS, SENTIMENTS
from models.text import normalize
from training import grid
from training.data import Example


@dataclass
class TrainConfig:
    """Hyper-parameters; saved beside every checkpoint."""

    base_model: str
    output_dir: Path
    epochs: int = 3
    lr: float = 6e-5
    batch_size: int = 32
    max_length: int = 256
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    emotion_loss_weight: float = 1.0
    # The review corpus labels every line of a review with the whole review's verdict: soften the targets.
    label_smoothing: float = 0.1
    # Weight EMA, scored beside the weights each epoch; 0.998 averages over roughly the last 500 of 731 steps an
    # epoch. Off by default: with FGM it trailed the weights on dev every epoch (87.0/87.9/88.5 vs 87.2/88.2/88.7 %).
    ema_decay: float = 0.0
    # FGM: L2 size of the word-embedding perturbation for the adversarial pass; 0 turns it off. It costs a second
    # forward/backward pass (CPU epoch 19 → 26 min) and gained 0.6 points of dev accuracy (88.1 → 88.7 %).
    adversarial_epsilon: float = 1.0
    # R-Drop: each batch goes through the model twice (dropout differs), both passes get the supervised loss, and
    # this weighs the symmetric KL between their sentiment distributions; 0 turns it off. It doubles each pass's cost.
    consistency_weight: float = 0.0
    # Self-distillation: share of the sentiment loss taken from a teacher's soft targets (KL at this temperature,
    # scaled by T²); used only when `train` is given teacher logits.
    distill_weight: float = 0.5
    distill_temperature: float = 2.0
    seed: int = 42
    patience: int = 1
    device: str = "cpu"
    threads: int = 0
    # Autocast precision: "auto" (bf16 on a CPU with native bf16 support, else fp32), "bf16" or "fp32". Weights,
    # optimiser state and losses stay fp32 either way; the dev scoring and the export read fp32.
    precision: str = "auto"
    # Train with every Linear weight rounded to the serving grid in the forward pass (training.grid). For runs that
    # continue the int8 artefact: without it one epoch's changes mostly round away at export.
    on_grid: bool = False
    # Train only what the int8 export keeps in fp32 (embeddings, LayerNorms, biases; training.grid.freeze_linear_weights):
    # a targeted edit of the served artefact then moves no quantised weight, and so none of the borderline texts that
    # a weight jumping a grid step flips.
    fp32_served_only: bool = False
    # Train only these tokens' word-embedding rows (train_only_token_rows): the smallest edit there is, since no text
    # without one of the tokens can read differently afterwards.
    trained_token_rows: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        fields = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(self).items()}
        # What "auto" chose on the machine that trained, for the record (and a bad value fails before training).
        fields["autocast"] = "bf16" if autocast_dtype(self.precision, self.device) is not None else "fp32"
        return fields


class SentimentEmotionModel(nn.Module):
    """Encoder + mean pooling + sentiment head (softmax) + emotion head (sigmoid)."""

    def __init__(self, encoder: nn.Module, hidden_size: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.sentiment_head = nn.Linear(hidden_size, len(SENTIMENTS))
        self.emotion_head = nn.Linear(hidden_size, len(EMOTIONS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        return self.sentiment_head(pooled), self.emotion_head(pooled)

    @classmethod
    def from_base(cls, base_model: str) -> SentimentEmotionModel:
        # Eager attention: the SDPA path has data-dependent branches that ONNX tracing cannot follow.
        encoder = AutoModel.from_pretrained(base_model, attn_implementation="eager")
        return cls(encoder, encoder.config.hidden_size)


@dataclass
class EpochResult:
    epoch: int
    train_loss: float
    dev_accuracy: float
    dev_macro_f1: float
    seconds: float
    ema_dev_accuracy: float | None = None
    ema_dev_macro_f1: float | None = None
    kept: str = "weights"  # the better of the two on dev, this epoch's candidate for `best`: "weights" or "ema"

    @property
    def kept_accuracy(self) -> float:
        return self.ema_dev_accuracy if self.kept == "ema" and self.ema_dev_accuracy is not None else self.dev_accuracy


@dataclass
class TrainResult:
    best_epoch: int
    history: list[EpochResult] = field(default_factory=list)
    seconds: float = 0.0


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# Batch lengths are padded up to a multiple of this. oneDNN builds and caches a kernel per tensor shape: under bf16,
# up to 192 distinct lengths took the default run to a 10.2 GB peak and 14.9-17.8 min epochs; padded, 5.6 GB and
# 11.0-13.2 min. The masked padding changes no output.
PAD_MULTIPLE = 16


def encode(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str], max_length: int) -> dict[str, torch.Tensor]:
    """Normalise (same as serving) and tokenise with dynamic padding to a multiple of `PAD_MULTIPLE` tokens."""
    batch = tokenizer(
        [normalize(t) for t in texts], truncation=True, max_length=max_length, padding=True,
        pad_to_multiple_of=PAD_MULTIPLE, return_tensors="pt",
    )
    return {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]}


def length_buckets(examples: Sequence[Example], batch_size: int, rng: random.Random) -> Iterator[list[Example]]:
    """Batches of similar length in random order: sort inside shuffled chunks of 50 batches."""
    order = list(examples)
    rng.shuffle(order)
    chunk = batch_size * 50
    batches: list[list[Example]] = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda e: len(e.text))
        batches.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(batches)
    yield from batches


PRECISIONS = ("auto", "bf16", "fp32")


def cpu_has_native_bf16() -> bool:
    """AMX tiles or AVX-512 BF16: where bf16 matrix products run in hardware. Elsewhere autocast emulates them,
    slower than fp32. (torch exposes these checks only as private helpers; a missing one reads as no support.)"""
    checks = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def autocast_dtype(precision: str, device: str) -> torch.dtype | None:
    """The autocast dtype for training steps, or None for plain fp32. "auto" picks bf16 only on a CPU that runs it
    natively: GPU runs keep the fp32 recipe they were measured with unless bf16 is asked for."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "fp32":
        return None
    if precision == "bf16":
        return torch.bfloat16
    return torch.bfloat16 if device == "cpu" and cpu_has_native_bf16() else None


def targets(batch: Sequence[Example]) -> tuple[torch.Tensor, torch.Tensor]:
    sentiment = torch.tensor([SENTIMENTS.index(e.sentiment) for e in batch])
    emotions = torch.tensor([[(e.emotions or {}).get(name, 0.0) for name in EMOTIONS] for e in batch])
    return sentiment, emotions.float()


@torch.no_grad()
def predict_logits(
    model: SentimentEmotionModel, tokenizer: PreTrainedTokenizerBase, texts: Sequence[str], max_length: int,
    batch_size: int = 64, device: str = "cpu",
) -> tuple[np.ndarray, np.ndarray]:
    """Sentiment and emotion logits for many texts, in input order."""
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    sent = np.zeros((len(texts), len(SENTIMENTS)), dtype=np.float32)
    emo = np.zeros((len(texts), len(EMOTIONS)), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        enc = {k: v.to(device) for k, v in encode(tokenizer, [texts[i] for i in idx], max_length).items()}
        s, e = model(**enc)
        sent[idx] = s.float().cpu().numpy()
        emo[idx] = e.float().cpu().numpy()
    return sent, emo


def binary_dev_scores(sent_logits: np.ndarray, labels: Sequence[str]) -> tuple[float, float]:
    """Accuracy and macro-F1 on the binary review dev split (positive vs negative logits only)."""
    from sklearn.metrics import accuracy_score, f1_score

    pos, neg = SENTIMENTS.index("positive"), SENTIMENTS.index("negative")
    pred = np.where(sent_logits[:, pos] >= sent_logits[:, neg], "positive", "negative")
    return float(accuracy_score(labels, pred)), float(f1_score(labels, pred, average="macro"))


def train_only_token_rows(model: SentimentEmotionModel, tokenizer: PreTrainedTokenizerBase, tokens: Sequence[str]) -> None:
    """Freeze every parameter but the word-embedding rows of `tokens` (their gradient is masked to those rows; with
    no weight decay Adam leaves the other rows exactly as they were)."""
    found = tokenizer.convert_tokens_to_ids(list(tokens))
    ids = found if isinstance(found, list) else [found]
    if tokenizer.unk_token_id in ids:
        raise ValueError(f"not in the vocabulary: {[t for t, i in zip(tokens, ids, strict=True) if i == tokenizer.unk_token_id]}")
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    words = model.encoder.get_input_embeddings().weight  # type: ignore[operator]
    words.requires_grad_(True)
    rows = torch.zeros(words.shape[0], 1, device=words.device)
    rows[ids] = 1.0
    words.register_hook(lambda grad: grad * rows.to(grad.dtype))


class EmbeddingAdversary:
    """Fast Gradient Method (Miyato et al., 2017): after the clean backward pass, move the word embeddings by
    epsilon along their normalised gradient, backpropagate the loss there as well, then move them back."""

    def __init__(self, embedding: nn.Embedding, epsilon: float) -> None:
        self.embedding, self.epsilon = embedding, epsilon
        self._delta: torch.Tensor | None = None

    def perturb(self) -> bool:
        grad = self.embedding.weight.grad
        if grad is None:
            return False
        norm = torch.linalg.vector_norm(grad)
        if not torch.isfinite(norm) or norm == 0:
            return False
        self._delta = self.epsilon * grad / norm
        self.embedding.weight.data.add_(self._delta)
        return True

    def restore(self) -> None:
        if self._delta is not None:
            self.embedding.weight.data.sub_(self._delta)
            self._delta = None


def distillation_loss(student: torch.Tensor, teacher: torch.Tensor, temperature: float) -> torch.Tensor:
    """Per row: KL(teacher ‖ student) on temperature-softened distributions, times T² so gradients keep their scale."""
    return nn.functional.kl_div(
        nn.functional.log_softmax(student / temperature, dim=-1),
        nn.functional.log_softmax(teacher / temperature, dim=-1),
        reduction="none", log_target=True,
    ).sum(-1) * temperature**2


def symmetric_kl(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Per row: the mean of KL(p_a ‖ p_b) and KL(p_b ‖ p_a) between two logit rows' softmax distributions."""
    return (distillation_loss(a, b, 1.0) + distillation_loss(b, a, 1.0)) / 2


def train(
    config: TrainConfig, train_set: Sequence[Example], dev_set: Sequence[Example], *, resume: bool = False,
    teacher: Mapping[str, np.ndarray] | None = None, start: Path | None = None,
) -> TrainResult:
    """Fine-tune, keep the best epoch by dev accuracy under `output_dir/best`, checkpoint every epoch.

    With `start` (a `save_model` folder), training continues that fine-tuned model, heads included, instead of
    starting from `config.base_model`'s encoder with new heads. With `teacher` (sentiment logits per training text, see `training.distill`), the sentiment loss mixes the
    labels with the teacher's soft targets by `config.distill_weight`; texts the teacher has no logits for keep
    their labels alone.
    """
    set_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)
    out = Path(config.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "train_config.json").write_text(json.dumps(config.to_json(), indent=2))
    if start is not None:  # its own tokenizer too, whatever `config.base_model` names
        model, tokenizer = load_model(start)
    else:
        model, tokenizer = SentimentEmotionModel.from_base(config.base_model), AutoTokenizer.from_pretrained(config.base_model)
    model.to(config.device)
    if config.on_grid:
        if config.ema_decay:
            raise ValueError("on_grid training keeps no EMA: the average of grid weights is not on the grid")
        grid.attach(model)
    if config.fp32_served_only:
        grid.freeze_linear_weights(model)
    if config.trained_token_rows:
        train_only_token_rows(model, tokenizer, config.trained_token_rows)
    no_decay = ("bias", "LayerNorm.weight", "layer_norm")
    trained = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in trained if not any(k in n for k in no_decay)], "weight_decay": config.weight_decay},
        {"params": [p for n, p in trained if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=config.lr)
    steps_per_epoch = math.ceil(len(train_set) / config.batch_size)
    scheduler = get_linear_schedule_with_warmup(
        optimizer, int(config.warmup_ratio * steps_per_epoch * config.epochs), steps_per_epoch * config.epochs
    )
    rng = random.Random(config.seed)
    result = TrainResult(best_epoch=0)
    start_epoch, best_acc, stale = 1, -1.0, 0
    earlier_seconds = 0.0  # spent by the runs this one resumes, so the recorded training time is the whole run's
    checkpoint = out / "checkpoint.pt"
    partial = out / "checkpoint.pt.partial"
    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(config.ema_decay)) if config.ema_decay else None
    if resume and checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False, map_location=config.device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        rng.setstate(state["rng"])
        start_epoch, best_acc, stale = state["epoch"] + 1, state["best_acc"], state["stale"]
        result = TrainResult(state["best_epoch"], [EpochResult(**h) for h in state["history"]])
        earlier_seconds = state.get("seconds", sum(h.seconds for h in result.history))  # older checkpoints: epochs
        if ema is not None and state.get("ema") is not None:
            ema.load_state_dict(state["ema"])
    sentiment_loss = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing, reduction="none")
    emotion_loss = nn.BCEWithLogitsLoss()
    embeddings = model.encoder.get_input_embeddings()  # type: ignore[operator]
    amp_dtype = autocast_dtype(config.precision, config.device)
    device_type = torch.device(config.device).type
    adversary = EmbeddingAdversary(embeddings, config.adversarial_epsilon) if config.adversarial_epsilon else None

    def batch_loss(
        enc: dict[str, torch.Tensor], y_sent: torch.Tensor, y_emo: torch.Tensor,
        soft: tuple[torch.Tensor, torch.Tensor] | None,
    ) -> torch.Tensor:
        def supervised() -> tuple[torch.Tensor, torch.Tensor]:
            with torch.autocast(device_type, dtype=amp_dtype) if amp_dtype is not None else contextlib.nullcontext():
                s_logits, e_logits = model(**enc)
            s_logits, e_logits = s_logits.float(), e_logits.float()  # losses in fp32
            sent = sentiment_loss(s_logits, y_sent)
            if soft is not None:
                targets, taught = soft  # teacher logits, and which rows have them
                w = config.distill_weight * taught
                sent = (1 - w) * sent + w * distillation_loss(s_logits, targets, config.distill_temperature)
            return sent.mean() + config.emotion_loss_weight * emotion_loss(e_logits, y_emo), s_logits

        loss, s_logits = supervised()
        if not config.consistency_weight:
            return loss
        loss_2, s_logits_2 = supervised()  # dropout draws other masks
        return (loss + loss_2) / 2 + config.consistency_weight * symmetric_kl(s_logits, s_logits_2).mean()

    dev_reviews = [e for e in dev_set if e.source == "reviews"]
    dev_texts, dev_labels = [e.text for e in dev_reviews], [e.sentiment for e in dev_reviews]
    t_start = time.perf_counter()
    for epoch in range(start_epoch, config.epochs + 1):
        model.train()
        t_epoch, total, n = time.perf_counter(), 0.0, 0
        with Progress(
            TextColumn(f"epoch {epoch}/{config.epochs}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
            TextColumn("loss {task.fields[loss]:.4f}"), TimeElapsedColumn(), TimeRemainingColumn(),
        ) as progress:
            task = progress.add_task("train", total=steps_per_epoch, loss=0.0)
            for batch in length_buckets(train_set, config.batch_size, rng):
                enc = {k: v.to(config.device) for k, v in encode(tokenizer, [e.text for e in batch], config.max_length).items()}
                y_sent, y_emo = (t.to(config.device) for t in targets(batch))
                soft = soft_targets(batch, teacher, config.device) if teacher is not None else None
                optimizer.zero_grad()
                loss = batch_loss(enc, y_sent, y_emo, soft)
                loss.backward()
                if adversary is not None and adversary.perturb():
                    batch_loss(enc, y_sent, y_emo, soft).backward()  # gradients add up with the clean pass's
                    adversary.restore()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                if ema is not None:
                    ema.update_parameters(model)
                total, n = total + loss.item(), n + 1
                progress.update(task, advance=1, loss=total / n)
        acc, f1 = binary_dev_scores(
            predict_logits(model, tokenizer, dev_texts, config.max_length, device=config.device)[0], dev_labels)
        epoch_result = EpochResult(epoch, total / max(n, 1), acc, f1, time.perf_counter() - t_epoch)
        candidate: nn.Module = model
        if ema is not None:
            averaged = ema.module
            assert isinstance(averaged, SentimentEmotionModel)
            ema_acc, ema_f1 = binary_dev_scores(
                predict_logits(averaged, tokenizer, dev_texts, config.max_length, device=config.device)[0], dev_labels)
            epoch_result.ema_dev_accuracy, epoch_result.ema_dev_macro_f1 = ema_acc, ema_f1
            if ema_acc > acc:
                candidate, epoch_result.kept = averaged, "ema"
        result.history.append(epoch_result)
        print(f"epoch {epoch}: loss {epoch_result.train_loss:.4f} dev acc {acc:.4f} macro-F1 {f1:.4f}"
              + (f" | EMA dev acc {epoch_result.ema_dev_accuracy:.4f}" if ema is not None else ""), flush=True)
        if epoch_result.kept_accuracy > best_acc:
            best_acc, stale, result.best_epoch = epoch_result.kept_accuracy, 0, epoch
            assert isinstance(candidate, SentimentEmotionModel)
            with grid.served(candidate) if config.on_grid else contextlib.nullcontext():
                save_model(candidate, tokenizer, out / "best", config)
        else:
            stale += 1
        torch.save(
            {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
             "rng": rng.getstate(), "ema": ema.state_dict() if ema is not None else None, "epoch": epoch,
             "best_acc": best_acc, "stale": stale,
             "best_epoch": result.best_epoch, "history": [asdict(h) for h in result.history],
             "seconds": earlier_seconds + time.perf_counter() - t_start},
            partial,
        )
        # Written aside, then renamed: a run killed while saving keeps its previous checkpoint to resume from.
        os.replace(partial, checkpoint)
        if stale > config.patience:
            print(f"early stop after epoch {epoch} (best {result.best_epoch})", flush=True)
            break
    result.seconds = earlier_seconds + time.perf_counter() - t_start
    (out / "history.json").write_text(json.dumps({"best_epoch": result.best_epoch, "seconds": result.seconds,
                                                   "history": [asdict(h) for h in result.history]}, indent=2))
    return result


def soft_targets(
    batch: Sequence[Example], teacher: Mapping[str, np.ndarray], device: str
) -> tuple[torch.Tensor, torch.Tensor]:
    """The teacher's logits for a batch (zeros where it has none) and a 1/0 mask of the rows it taught."""
    width = len(SENTIMENTS)
    rows = [teacher.get(e.text) for e in batch]
    logits = np.stack([r if r is not None else np.zeros(width, dtype=np.float32) for r in rows])
    taught = torch.tensor([r is not None for r in rows], dtype=torch.float32)
    return torch.from_numpy(logits).float().to(device), taught.to(device)


def save_model(model: SentimentEmotionModel, tokenizer: PreTrainedTokenizerBase, folder: Path, config: TrainConfig) -> None:
    """Encoder in HF format plus the heads, so `load_model` rebuilds the exact module.

    `folder` is replaced whole. It is written into a sibling folder and swapped in, so a run killed while saving
    keeps the previous model intact.
    """
    staging, retired = folder.with_name(folder.name + ".partial"), folder.with_name(folder.name + ".old")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    model.encoder.save_pretrained(staging / "encoder")  # type: ignore[operator]
    tokenizer.save_pretrained(staging / "encoder")
    torch.save({"sentiment_head": model.sentiment_head.state_dict(), "emotion_head": model.emotion_head.state_dict()},
               staging / "heads.pt")
    (staging / "train_config.json").write_text(json.dumps(config.to_json(), indent=2))
    shutil.rmtree(retired, ignore_errors=True)
    if folder.exists():
        folder.rename(retired)
    staging.rename(folder)
    shutil.rmtree(retired, ignore_errors=True)


def load_model(folder: Path) -> tuple[SentimentEmotionModel, PreTrainedTokenizerBase]:
    """The fine-tuned PyTorch model saved by `save_model`."""
    model = SentimentEmotionModel.from_base(str(folder / "encoder"))
    heads = torch.load(folder / "heads.pt", weights_only=True, map_location="cpu")  # a GPU run's heads load anywhere
    model.sentiment_head.load_state_dict(heads["sentiment_head"])
    model.emotion_head.load_state_dict(heads["emotion_head"])
    model.eval()
    return model, AutoTokenizer.from_pretrained(str(folder / "encoder"))
