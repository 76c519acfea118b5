"""What a benchmark run measured and where: the machine, the artefacts, the inputs (recorded in the results)."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.inputs import SEED, InputSet

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_ARTEFACT = ROOT / "models" / "artifacts" / "xinsheng-m3e-small-int8"
FINE_TUNED_ENCODER = ROOT / "training" / "runs" / "m3e-full" / "best" / "encoder"
BASE_ENCODER_GLOB = ".cache/xinsheng/extracted/*/embedding/m3e-small"


def machine_info() -> dict[str, Any]:
    """CPU, memory and library versions of this machine."""
    import onnxruntime
    import psutil

    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "onnxruntime": onnxruntime.__version__,
        # Other work on the machine skews every figure: recorded at the start (and again at the end by `run`).
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    for package in ("torch", "transformers", "fastapi", "uvicorn", "httpx"):
        try:
            info[package] = __import__(package).__version__
        except ImportError:
            info[package] = None
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def resolve_artefact(explicit: Path | None) -> tuple[Path, bool]:
    """The ONNX folder to serve, and whether it is the bundled artefact.

    `--model-dir`, else the bundled `models/artifacts/xinsheng-m3e-small-int8`, else `XINSHENG_MODEL_DIR`.
    """
    for folder, bundled in ((explicit, False), (BUNDLED_ARTEFACT, True)):
        if folder is not None and (folder / "model.onnx").exists():
            return folder.resolve(), bundled and folder == BUNDLED_ARTEFACT
    env = os.environ.get("XINSHENG_MODEL_DIR")
    if env and (Path(env) / "model.onnx").exists():
        return Path(env).resolve(), False
    raise SystemExit(
        f"no serving artefact: {BUNDLED_ARTEFACT} is missing (run `make model`) and XINSHENG_MODEL_DIR is not set"
    )


def resolve_vanilla_encoder(explicit: Path | None) -> tuple[Path, bool]:
    """The Hugging Face encoder folder for the vanilla pipeline, and whether it is the fine-tuned one."""
    if explicit is not None:
        return explicit.resolve(), True
    if (FINE_TUNED_ENCODER / "config.json").exists():
        return FINE_TUNED_ENCODER, True
    for candidate in sorted(ROOT.glob(BASE_ENCODER_GLOB)):
        if (candidate / "config.json").exists():
            return candidate, False
    raise SystemExit(f"no encoder for the vanilla server: {FINE_TUNED_ENCODER} is missing (train first)")


def describe_inputs(sets: Sequence[InputSet], tokenizer_path: Path) -> dict[str, Any]:
    """Seed, counts, measured token lengths (with the artefact's tokenizer) and sha256 of each input set."""
    from tokenizers import Tokenizer

    from models.text import normalize

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_truncation()  # the artefact's tokenizer may truncate at max_length: count every token
    described: dict[str, Any] = {"seed": SEED}
    for inputs in sets:
        lengths = [len(tokenizer.encode(normalize(text)).ids) for text in inputs.texts]
        described[inputs.name] = {
            "count": len(inputs.texts),
            "chars": inputs.chars,
            "tokens_mean": round(sum(lengths) / len(lengths), 1),
            "tokens_max": max(lengths),
            "sha256": inputs.sha256,
        }
    return described


def display_path(path: Path) -> str:
    """`path` relative to the checkout when inside it."""
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
