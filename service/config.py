"""The one place configuration is read: environment variables with the `XINSHENG_` prefix (or a .env file)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = PACKAGE_ROOT / "models" / "artifacts" / "xinsheng-m3e-small-int8"
DEFAULT_POLICY_PATH = PACKAGE_ROOT / "engine" / "default_policy.yaml"


class Settings(BaseSettings):
    """Service settings. Every field is `XINSHENG_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="XINSHENG_", env_file=".env", extra="ignore")

    # Storage: SQLite under ./var by default; PostgreSQL via postgresql+psycopg://…
    database_url: str = "sqlite:///./var/xinsheng.db"

    # Model: "transformer" (ONNX int8, default) or "baseline" (TF-IDF + LR).
    model: str = "transformer"
    model_dir: Path = DEFAULT_MODEL_DIR
    onnx_threads: int = Field(default=0, ge=0, description="onnxruntime intra-op threads; 0 = one per core")
    # `xinsheng serve` worker processes, each with its own model and micro-batcher. On N cores, N workers with
    # onnx_threads=1 served 35 % more than one worker with N threads (benchmarks/results/tuning.md).
    workers: int = Field(default=1, ge=1, description="uvicorn worker processes for `xinsheng serve`")

    # Response policy (YAML), reloaded when the file changes.
    policy_path: Path = DEFAULT_POLICY_PATH
    state_half_life_hours: float = Field(default=72.0, gt=0)
    triage_window_hours: float = Field(default=72.0, gt=0)

    # Auth: {"<key>": ["analyze", "ingest", "read", "triage", "admin"]}. Empty = open (loopback only).
    api_keys: dict[str, list[str]] = Field(default_factory=dict)

    # Limits (documented in README "Limits").
    max_texts_per_request: int = Field(default=256, ge=64)
    max_text_chars: int = Field(default=20_000, ge=10_000)
    max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    rate_limit_per_minute: int = Field(default=6000, ge=0, description="per API key (or client IP when open); 0 = off")
    # Reads (`read` scope: ad tone, customer state, timeline) have their own, larger budget: an ad server asks for
    # the ad tone on every impression with one key, and must not starve that key's writes or be starved by them.
    rate_limit_read_per_minute: int = Field(
        default=120_000, ge=0, description="per API key for `read`-scope routes; 0 = off"
    )

    # Micro-batching around the classifier.
    batch_max_size: int = Field(default=32, ge=1)
    batch_max_wait_ms: float = Field(default=2.0, ge=0)
    batch_queue_limit: int = Field(default=4096, ge=1)

    log_level: str = "INFO"
    log_json: bool = True

    @field_validator("api_keys", mode="before")
    @classmethod
    def _parse_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return json.loads(value) if value.strip() else {}
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
