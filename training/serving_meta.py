"""Record what a packaging fit chose in the serving folder's model.json, beside what export wrote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models.onnx_backend import META_FILE


def update_serving_meta(serving_dir: Path, values: dict[str, Any]) -> None:
    """Set `values` in `serving_dir`'s model.json, keeping every other key."""
    path = serving_dir / META_FILE
    path.write_text(json.dumps(json.loads(path.read_text()) | values, indent=2))
