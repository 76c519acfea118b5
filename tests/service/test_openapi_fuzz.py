"""Schemathesis against the app's own /openapi.json: no 5xx, and every documented response matches its schema.

Positive (valid by the schema) and negative (deliberately invalid) cases are drawn for every operation, sent to the
ASGI app in-process (schemathesis runs the app's lifespan), and checked with `not_a_server_error` and
`response_schema_conformance`. At least `MIN_CASES` cases run in total.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from models.analysis import EMOTIONS, Analysis
from service.app import create_app
from service.config import Settings

pytestmark = pytest.mark.slow

MIN_CASES = 1000
API_KEY = "fuzz-admin-key"


class EchoClassifier:
    """A cheap classifier whose results always satisfy the contract (the fuzzer tests the HTTP layer)."""

    name = "echo"

    def analyze(self, texts: Any) -> list[Analysis]:
        """A neutral analysis per text, with the text's head as evidence."""
        return [
            Analysis(
                sentiment="neutral",
                score=0.0,
                probabilities={"positive": 0.2, "neutral": 0.6, "negative": 0.2},
                emotion="neutral",
                emotions={e: (0.7 if e == "neutral" else 0.1) for e in EMOTIONS},
                intensity=0.1,
                evidence=[text[:20]],
                model="echo",
            )
            for text in texts
        ]


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    app_settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{folder}/fuzz.db",
        api_keys={API_KEY: ["admin"]},
        rate_limit_per_minute=0,  # thousands of requests in seconds are the point here
        log_level="WARNING",
    )
    loaded = schemathesis.openapi.from_asgi("/openapi.json", create_app(app_settings, EchoClassifier()))
    yield loaded
    from schemathesis.python import asgi

    asgi.shutdown_lifespans()  # stop the batcher and close the database of this app


def test_fuzz_every_operation(schema: Any) -> None:
    cases_run: list[str] = []
    analyze = schema["/v1/analyze"]["POST"]
    # Every operation, plus extra weight on /v1/analyze (this suite's subject; the others have their own tests).
    strategy = st.one_of(
        schema.as_strategy(generation_mode=GenerationMode.POSITIVE),
        schema.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        analyze.as_strategy(generation_mode=GenerationMode.POSITIVE),
        analyze.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=MIN_CASES + 200,  # Hypothesis may drop a few duplicates; keep a margin over the minimum
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        cases_run.append(f"{case.method} {case.path}")
        case.call_and_validate(
            headers={"X-API-Key": API_KEY},
            checks=[not_a_server_error, response_schema_conformance],
        )

    run()
    assert len(cases_run) >= MIN_CASES, len(cases_run)
    assert any(label.startswith("POST /v1/analyze") for label in cases_run)
