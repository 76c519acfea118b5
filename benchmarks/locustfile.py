"""Locust users that post customer events, for load tests of `POST /v1/events`.

    locust -f benchmarks/locustfile.py --headless -u 32 -r 32 -t 20s --host http://127.0.0.1:8000

Each user posts short benchmark texts for one of `XINSHENG_LOCUST_CUSTOMERS` customers (default 64, so several
users write to the same customer at once) with a fresh UUID `event_id`. When `XINSHENG_LOCUST_REPORT` names a
file, a JSON object is written there when locust quits: `{"acked": [event ids answered 2xx], "failures": [one line per failed request]}`, so a
test can check that nothing failed and that every acknowledged event was stored (locust's own CSV is written
before the users' last requests end). `XINSHENG_LOCUST_API_KEY` is sent as `X-API-Key` when set.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import uuid
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # locust imports this file by path

from benchmarks.inputs import short_texts  # noqa: E402

TEXTS = short_texts().texts
CHANNELS = ("review", "social", "chat", "ticket", "survey", "other")
CUSTOMERS = int(os.environ.get("XINSHENG_LOCUST_CUSTOMERS", "64"))
ACKED: list[str] = []
FAILURES: list[str] = []
_USER_NUMBERS = itertools.count()


class EventPoster(FastHttpUser):
    """Posts one event after another, without think time."""

    wait_time = constant(0)

    def on_start(self) -> None:
        """Each user has its own random stream, seeded by its start order."""
        self.rng = random.Random(next(_USER_NUMBERS))
        key = os.environ.get("XINSHENG_LOCUST_API_KEY")
        self.headers = {"X-API-Key": key} if key else {}

    @task
    def post_event(self) -> None:
        """POST /v1/events; anything but 200/201 is a failure."""
        event_id = str(uuid.uuid4())
        body = {
            "customer_id": f"locust-{self.rng.randrange(CUSTOMERS)}",
            "channel": self.rng.choice(CHANNELS),
            "text": self.rng.choice(TEXTS),
            "event_id": event_id,
        }
        with self.client.post(
            "/v1/events", json=body, headers=self.headers, name="/v1/events", catch_response=True
        ) as response:
            if response.status_code in (200, 201):
                ACKED.append(event_id)
                response.success()
            else:
                failure = f"{response.status_code}: {(response.text or '')[:200]}"
                FAILURES.append(failure)
                response.failure(failure)


@events.quitting.add_listener
def _write_report(**_kwargs: Any) -> None:
    path = os.environ.get("XINSHENG_LOCUST_REPORT")
    if path:
        Path(path).write_text(json.dumps({"acked": ACKED, "failures": FAILURES}), encoding="utf-8")
