"""Suite-wide fixtures: the PostgreSQL server and the `database_url` parametrisation (see tests/postgres.py)."""

import sys
from pathlib import Path

# `tests.postgres` must import however pytest is started (`python -m pytest` puts the checkout on sys.path,
# the `pytest` script does not).
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

pytest_plugins = ["tests.postgres"]

from hypothesis import HealthCheck, settings  # noqa: E402

# Timing-based health checks flake on a loaded 2-core CI box; the properties themselves stay as strict.
settings.register_profile("xinsheng", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("xinsheng")
