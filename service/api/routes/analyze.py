"""`POST /v1/analyze`: sentiment, emotions, aspects and evidence for up to `max_texts_per_request` texts."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Response

from service.api.deps import RuntimeDep, require_scope
from service.api.schemas import AnalyzeRequest, AnalyzeResponse, check_limits, problem_responses

router = APIRouter(prefix="/v1", tags=["analysis"])


@router.post(
    "/analyze",
    response_model=AnalyzeResponse,
    dependencies=[Depends(require_scope("analyze"))],
    responses=problem_responses(400, 401, 403, 413, 415, 422, 429, 503),
    summary="Analyse texts",
)
async def analyze(body: AnalyzeRequest, runtime: RuntimeDep) -> Response:
    """One result per text, in input order. Scope `analyze`.

    Send `{"texts": [...]}` or `{"items": [{"id": ..., "text": ...}]}`; each result carries the item's id (null
    for `texts`). Texts from concurrent requests are batched together for the model.
    """
    check_limits(body, runtime.settings.max_texts_per_request, runtime.settings.max_text_chars)
    texts, ids = body.pairs()
    analyses = await runtime.batcher.classify(texts)
    results = [analysis.with_id(item_id).to_dict() for analysis, item_id in zip(analyses, ids, strict=True)]
    # Serialised directly: the results are built by our own code to the contract (tests check them against
    # `AnalyzeResponse`), and re-validating them through the response model cost more than the JSON itself.
    return Response(json.dumps({"results": results}, ensure_ascii=False, separators=(",", ":")), media_type="application/json")
