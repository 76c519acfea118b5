"""The naive baseline: a plain FastAPI app around a `transformers` pipeline in PyTorch, one text at a time.

This is how a user would first serve a fine-tuned encoder: load `pipeline("text-classification", top_k=None)` at
start-up and, in a plain `def` endpoint (FastAPI runs it in its thread pool), call the pipeline once per text of
the request. No batching across requests, no ONNX, no quantisation, default torch threads.

Our fine-tuned model has two custom heads (sentiment, emotions) that a pipeline cannot load, so the pipeline's
model is `AutoModelForSequenceClassification.from_pretrained(<fine-tuned encoder folder>, num_labels=3)`: the
same fine-tuned encoder weights and size; only the tiny classification head differs (randomly initialised, seeded).

Run: `python -m benchmarks.vanilla_app --port 8100 --model-dir training/runs/m3e-full/best/encoder`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel


class AnalyzeRequest(BaseModel):
    """`{"texts": [...]}` like Xinsheng's `POST /v1/analyze`."""

    texts: list[str]


def create_app(model_dir: Path) -> FastAPI:
    """The vanilla app with its pipeline loaded (torch and transformers are imported here, not at import time)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    torch.manual_seed(0)  # the untrained head is random; seeded so every run serves the same model
    model = AutoModelForSequenceClassification.from_pretrained(str(model_dir), num_labels=3)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    classifier = pipeline("text-classification", model=model, tokenizer=tokenizer, top_k=None, device=-1)

    app = FastAPI(title="vanilla transformers pipeline")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/analyze")
    def analyze(body: AnalyzeRequest) -> dict[str, Any]:
        return {"results": [classifier(text) for text in body.texts]}

    return app


def main(argv: list[str] | None = None) -> None:
    """Serve the vanilla app with uvicorn (one worker)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--model-dir", type=Path, required=True, help="a Hugging Face encoder folder")
    args = parser.parse_args(argv)
    import uvicorn

    uvicorn.run(
        create_app(args.model_dir), host=args.host, port=args.port, access_log=False, log_level="warning"
    )


if __name__ == "__main__":
    main()
