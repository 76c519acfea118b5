"""Self-distillation: teacher logits from a served artefact, and the loss that pulls a student towards them."""

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from models.analysis import SENTIMENTS  # noqa: E402
from models.onnx_backend import OnnxEncoder  # noqa: E402
from models.registry import DEFAULT_TRANSFORMER_DIR  # noqa: E402
from models.text import normalize  # noqa: E402
from training.data import Example  # noqa: E402


def test_teacher_logits_come_per_distinct_text_in_sentiment_order() -> None:
    from training.distill import teacher_sentiment_logits

    texts = ["质量太差了，退货", "很好用，推荐", "质量太差了，退货"]
    teacher = teacher_sentiment_logits(DEFAULT_TRANSFORMER_DIR, texts, threads=1)
    assert set(teacher) == {"质量太差了，退货", "很好用，推荐"}

    encoder = OnnxEncoder(DEFAULT_TRANSFORMER_DIR, threads=1)
    raw = encoder.logits([normalize(t) for t in texts[:2]])[0]
    columns = [list(encoder.meta.sentiment_labels).index(s) for s in SENTIMENTS]
    np.testing.assert_allclose(teacher["质量太差了，退货"], raw[0][columns], atol=1e-5)
    assert SENTIMENTS[int(np.argmax(teacher["质量太差了，退货"]))] == "negative"
    assert SENTIMENTS[int(np.argmax(teacher["很好用，推荐"]))] == "positive"


def test_an_ensemble_teacher_is_the_geometric_mean_of_its_members(monkeypatch: pytest.MonkeyPatch) -> None:
    import training.distill
    from training.distill import ensemble_sentiment_logits

    members = {
        Path("a"): {"好": np.array([0.0, 0.0, 4.0]), "差": np.array([5.0, 0.0, 0.0])},
        Path("b"): {"好": np.array([0.0, 1.0, 2.0]), "差": np.array([0.0, 0.0, 3.0])},
    }
    monkeypatch.setattr(training.distill, "teacher_sentiment_logits", lambda folder, texts: members[folder])
    teacher = ensemble_sentiment_logits([Path("a"), Path("b")], ["好", "差"])

    def probabilities(logits: np.ndarray) -> np.ndarray:
        return np.exp(logits) / np.exp(logits).sum()

    for text in ("好", "差"):
        geometric = np.sqrt(probabilities(members[Path("a")][text]) * probabilities(members[Path("b")][text]))
        np.testing.assert_allclose(probabilities(teacher[text]), geometric / geometric.sum(), rtol=1e-6)
    assert int(np.argmax(teacher["好"])) == 2  # both members agree: the ensemble does too
    # where they disagree, the target is softer than the surer member's
    assert probabilities(teacher["差"]).max() < probabilities(members[Path("a")]["差"]).max()


def test_distillation_loss_is_zero_at_the_teacher_and_pulls_towards_it() -> None:
    from training.finetune import distillation_loss

    teacher = torch.tensor([[3.0, 0.0, -3.0], [-1.0, 2.0, 0.5]])
    assert distillation_loss(teacher.clone(), teacher, 2.0).tolist() == pytest.approx([0.0, 0.0], abs=1e-6)
    # The same logits shifted by a constant give the same distribution: no loss either.
    assert distillation_loss(teacher + 5.0, teacher, 2.0).tolist() == pytest.approx([0.0, 0.0], abs=1e-5)

    student = torch.zeros(2, 3, requires_grad=True)
    loss = distillation_loss(student, teacher, 2.0).mean()
    assert loss.item() > 0
    loss.backward()
    assert student.grad is not None
    # Gradient descent raises the logits the teacher ranks highest.
    assert int(torch.argmin(student.grad[0])) == 0 and int(torch.argmin(student.grad[1])) == 1


def test_rows_without_teacher_logits_keep_their_labels_alone() -> None:
    from training.finetune import distillation_loss, soft_targets

    teacher = {"很好用，推荐": np.array([3.0, 0.0, -3.0], dtype=np.float32)}
    batch = [Example("很好用，推荐", "positive"), Example("请问什么时候发货？", "neutral", source="synthetic")]
    logits, taught = soft_targets(batch, teacher, "cpu")
    assert taught.tolist() == [1.0, 0.0]
    np.testing.assert_allclose(logits[0].numpy(), teacher["很好用，推荐"])
    student = torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    rows = distillation_loss(student, logits, 2.0)
    assert rows.shape == (2,) and rows[0] > 0


@pytest.mark.slow
def test_a_student_follows_its_teacher_where_it_disagrees_with_the_labels(
    tiny_sets: tuple[list[Example], list[Example]], tiny_base: Path, tmp_path: Path
) -> None:
    """With all the weight on the teacher, a teacher that calls everything positive overrides negative labels."""
    from training.finetune import TrainConfig, load_model, predict_logits, train

    train_set, dev_set = tiny_sets
    negatives = [e.text for e in train_set if e.sentiment == "negative"]
    always_positive = np.array([4.0, 0.0, -4.0], dtype=np.float32)  # SENTIMENTS: positive, neutral, negative
    assert SENTIMENTS[0] == "positive" and SENTIMENTS[2] == "negative"

    def margin_on_negatives(teacher: dict[str, np.ndarray] | None, name: str) -> float:
        cfg = TrainConfig(base_model=str(tiny_base), output_dir=tmp_path / name, epochs=4, batch_size=4, lr=2e-3,
                          max_length=32, patience=10, adversarial_epsilon=0.0, distill_weight=1.0, threads=1)
        train(cfg, train_set, dev_set, teacher=teacher)
        model, tokenizer = load_model(tmp_path / name / "best")
        # The last epoch's weights, not the one kept for dev accuracy.
        model.load_state_dict(torch.load(tmp_path / name / "checkpoint.pt", weights_only=False)["model"])
        logits = predict_logits(model, tokenizer, negatives, 32)[0]
        return float(np.mean(logits[:, 0] - logits[:, 2]))

    taught = margin_on_negatives({e.text: always_positive for e in train_set}, "taught")
    labelled = margin_on_negatives(None, "labelled")
    assert taught > 0 > labelled
