"""Load a classifier by name: "transformer" (ONNX int8, default) or "baseline" (TF-IDF + LR).

Either answers platform placeholders (此用户未填写评价内容) itself, without the model (`models.placeholders`), and
blends a verdict the text states (给10分, 说好的包邮呢) into the model's reading (`models.stated_verdicts`), and a
change it reports (以前很好吃，现在不行了: `models.then_and_now`); a review in a shop's field template is read by its
values (`models.field_templates`).
"""

from __future__ import annotations

from pathlib import Path

from models.classifier import Classifier
from models.field_templates import FieldTemplateClassifier
from models.placeholders import PlaceholderAwareClassifier
from models.stated_verdicts import StatedVerdictClassifier
from models.then_and_now import ChangedVerdictClassifier

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
DEFAULT_TRANSFORMER_DIR = ARTIFACTS_DIR / "xinsheng-m3e-small-int8"
DEFAULT_BASELINE_DIR = ARTIFACTS_DIR / "baseline"
MODEL_NAMES = ("transformer", "baseline")


def load_classifier(name: str = "transformer", model_dir: Path | None = None, threads: int = 0) -> Classifier:
    """The named classifier from `model_dir` (or the bundled artefact). Unknown names raise ValueError."""
    return served(_load_model(name, model_dir, threads))


def served(model: Classifier) -> Classifier:
    """`model` as the service answers with it: placeholders without it, stated verdicts and reported changes blended
    into its reading, shop field templates read by their values."""
    return PlaceholderAwareClassifier(StatedVerdictClassifier(ChangedVerdictClassifier(FieldTemplateClassifier(model))))


def _load_model(name: str, model_dir: Path | None, threads: int) -> Classifier:
    if name == "transformer":
        from models.transformer import TransformerClassifier

        return TransformerClassifier(model_dir or DEFAULT_TRANSFORMER_DIR, threads=threads)
    if name == "baseline":
        from models.baseline import BASELINE_FILE, BaselineClassifier

        # The settings' model_dir names the transformer folder by default; the baseline lives beside it.
        folder = model_dir if model_dir and (model_dir / BASELINE_FILE).exists() else DEFAULT_BASELINE_DIR
        return BaselineClassifier(folder / BASELINE_FILE)
    raise ValueError(f"unknown model {name!r}; expected one of {MODEL_NAMES}")
