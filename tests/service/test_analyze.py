"""`POST /v1/analyze`: the contract's shape, and every kind of bad input (PRODUCT.md sections 3 and 4)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from models.analysis import EMOTIONS
from service.api.schemas import AnalyzeResponse
from tests.service.apitools import RESULT_KEYS


def assert_problem(response, status: int, field: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """The response is a problem+json document with `status`, naming `field` when given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    for key in ("type", "title", "status", "detail", "instance"):
        assert key in body, body
    assert body["status"] == status
    if field is not None:
        assert field in [error["field"] for error in body["errors"]], body
    return body


# ---- the contract --------------------------------------------------------------------------------------------------


def test_texts_answers_one_result_per_text_in_order(client: TestClient) -> None:
    texts = ["物流太慢了，等了一周", "质量很好，谢谢客服", "今天收到了"]
    response = client.post("/v1/analyze", json={"texts": texts})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    results = response.json()["results"]
    assert [r["evidence"][0] for r in results] == texts
    assert [r["sentiment"] for r in results] == ["negative", "positive", "neutral"]
    for result in results:
        assert list(result) == RESULT_KEYS
        assert result["id"] is None
        assert set(result["probabilities"]) == {"positive", "neutral", "negative"}
        assert set(result["emotions"]) == set(EMOTIONS)
        assert result["emotion"] in EMOTIONS
        assert -1 <= result["score"] <= 1 and 0 <= result["intensity"] <= 1
        assert result["model"] == "fake-1"
    assert results[0]["aspects"] == [{"aspect": "物流", "sentiment": "negative", "evidence": "慢"}]


def test_items_carry_ids(client: TestClient) -> None:
    items = [{"id": "a-1", "text": "太慢了"}, {"text": "不错，很好"}, {"id": "", "text": "一般"}]
    response = client.post("/v1/analyze", json={"items": items})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["a-1", None, ""]
    assert [r["evidence"][0] for r in results] == [item["text"] for item in items]


def test_results_validate_against_the_documented_response_model(client: TestClient) -> None:
    texts = ["快递很快，但是质量很差，客服也不理人", "还行吧", "谢谢你们！🎉", "顺丰到货，包装完好"]
    response = client.post("/v1/analyze", json={"items": [{"id": f"r{i}", "text": t} for i, t in enumerate(texts)]})
    assert response.status_code == 200
    parsed = AnalyzeResponse.model_validate_json(response.content)
    assert [r.id for r in parsed.results] == ["r0", "r1", "r2", "r3"]
    assert json.loads(response.content) == parsed.model_dump(mode="json")  # nothing the model would drop or add


@pytest.mark.parametrize("count", [64, 256])
def test_64_and_the_maximum_number_of_texts_are_accepted(client: TestClient, count: int) -> None:
    texts = [f"第{i}条评论，很好" for i in range(count)]
    response = client.post("/v1/analyze", json={"texts": texts})
    assert response.status_code == 200
    assert [r["evidence"][0] for r in response.json()["results"]] == texts


def test_a_text_of_exactly_the_limit_is_accepted(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_text_chars=10_000)
    response = client.post("/v1/analyze", json={"texts": ["好" * 10_000]})
    assert response.status_code == 200


def test_openapi_documents_the_contract(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/v1/analyze"]["post"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/AnalyzeResponse")
    result = spec["components"]["schemas"]["AnalysisResult"]
    assert list(result["properties"]) == RESULT_KEYS
    for status in ("400", "401", "403", "413", "422", "429"):
        content = operation["responses"][status]["content"]
        assert list(content) == ["application/problem+json"], (status, content)
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"


# ---- bad input (PRODUCT.md section 4) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"texts": ["好", ""]}, "texts[1]"),
        ({"texts": ["好", "好", "   \n\t "]}, "texts[2]"),
        ({"texts": ["\u3000\u200b\ufeff"]}, "texts[0]"),  # ideographic space, zero-width space, BOM
        ({"items": [{"id": "x", "text": "好"}, {"id": "y", "text": " "}]}, "items[1].text"),
    ],
)
def test_empty_or_whitespace_text_is_422_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    body_json = assert_problem(client.post("/v1/analyze", json=body), 422, field)
    assert body_json["type"] == "urn:xinsheng:problem:validation-error"
    assert "whitespace" in body_json["errors"][0]["message"]


def test_text_over_the_limit_is_422_naming_the_field_and_the_limit(client: TestClient) -> None:
    limit = client.app.state.settings.max_text_chars  # type: ignore[attr-defined]
    response = client.post("/v1/analyze", json={"texts": ["好", "差" * (limit + 1)]})
    problem = assert_problem(response, 422, "texts[1]")
    assert problem["limit"] == limit
    assert str(limit) in problem["errors"][0]["message"]


def test_item_text_over_the_limit_names_the_item(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_text_chars=10_000)
    response = client.post("/v1/analyze", json={"items": [{"id": "1", "text": "x" * 10_001}]})
    assert_problem(response, 422, "items[0].text")


def test_oversize_batch_is_413_naming_the_field_and_the_limit(client: TestClient) -> None:
    limit = client.app.state.settings.max_texts_per_request  # type: ignore[attr-defined]
    problem = assert_problem(client.post("/v1/analyze", json={"texts": ["好"] * (limit + 1)}), 413, "texts")
    assert problem["limit"] == limit and str(limit) in problem["detail"]


def test_empty_batch_is_422(client: TestClient) -> None:
    assert_problem(client.post("/v1/analyze", json={"texts": []}), 422, "texts")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"texts": "好"}, "texts"),
        ({"texts": ["好", 3]}, "texts[1]"),
        ({"texts": ["好", None]}, "texts[1]"),
        ({"texts": [["好"]]}, "texts[0]"),
        ({"items": [{"id": 7, "text": "好"}]}, "items[0].id"),
        ({"items": [{"id": "1"}]}, "items[0].text"),
        ({"items": ["好"]}, "items[0]"),
        ({"texts": ["好"], "items": [{"text": "好"}]}, "body"),
        ({}, "body"),
        ({"text": "好"}, "text"),
        (["好"], "body"),
        ("好", "body"),
        ({"texts": ["\ud800好"]}, "texts[0]"),  # an unpaired surrogate, sent as a JSON escape
    ],
)
def test_wrong_json_types_are_422_naming_the_field(client: TestClient, body: object, field: str) -> None:
    response = client.post(
        "/v1/analyze", content=json.dumps(body), headers={"content-type": "application/json"}
    )
    assert_problem(response, 422, field)


def test_invalid_json_is_400_naming_the_body(client: TestClient) -> None:
    response = client.post(
        "/v1/analyze", content=b'{"texts": ["\xe5\xa5\xbd",', headers={"content-type": "application/json"}
    )
    problem = assert_problem(response, 400, "body")
    assert "JSON" in problem["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "text/csv; charset=utf-8"])
def test_a_body_not_sent_as_json_is_415_naming_the_body(client: TestClient, content_type: str) -> None:
    response = client.post("/v1/analyze", content='{"texts": ["好"]}'.encode(), headers={"content-type": content_type})
    problem = assert_problem(response, 415, "body")
    assert content_type.split(";")[0] in problem["detail"]
    assert response.headers["accept-post"] == "application/json"


def test_a_json_suffix_media_type_is_json(client: TestClient) -> None:
    response = client.post("/v1/analyze", content='{"texts": ["好"]}'.encode(),
                           headers={"content-type": "application/merged-patch+json"})
    assert response.status_code == 200


def test_invalid_utf8_is_400_naming_the_body(client: TestClient) -> None:
    response = client.post(
        "/v1/analyze", content=b'{"texts": ["\xff\xfe bad"]}', headers={"content-type": "application/json"}
    )
    problem = assert_problem(response, 400, "body")
    assert "UTF-8" in problem["detail"]


def test_body_over_the_byte_limit_is_413_before_parsing(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=1024 * 1024)
    body = json.dumps({"texts": ["好" * 1000] * 700}, ensure_ascii=False).encode()  # ≈ 2 MB
    assert len(body) > 2_000_000
    problem = assert_problem(
        client.post("/v1/analyze", content=body, headers={"content-type": "application/json"}), 413, "body"
    )
    assert problem["limit_bytes"] == 1024 * 1024
    assert problem["type"] == "urn:xinsheng:problem:body-too-large"


def test_streamed_body_over_the_limit_is_413(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=64 * 1024)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the size is only known while streaming
        yield b'{"texts": ["'
        for _ in range(200):
            yield b"x" * 1024
        yield b'"]}'

    response = client.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(response, 413, "body")


def test_a_2mb_body_under_default_limits_is_refused_naming_the_text(client: TestClient) -> None:
    response = client.post("/v1/analyze", json={"texts": ["x" * 2_000_000]})
    assert_problem(response, 422, "texts[0]")


def test_nothing_reaches_the_classifier_on_bad_input(client: TestClient, fake_classifier) -> None:  # type: ignore[no-untyped-def]
    before = len(fake_classifier.calls)
    client.post("/v1/analyze", json={"texts": ["好", " "]})
    client.post("/v1/analyze", json={"texts": ["好"] * 10_000})
    assert len(fake_classifier.calls) == before
