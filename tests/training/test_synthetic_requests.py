import random
from collections import Counter

from training.synthetic_requests import FAULT_REASONS, OWN_REASONS, REQUESTS, is_request_text, request_texts


def test_request_texts_are_deterministic_varied_and_mostly_neutral() -> None:
    first, again = request_texts(random.Random(3), 1200), request_texts(random.Random(3), 1200)
    assert first == again
    assert len({text for text, _, _ in first}) > 900
    counts = Counter(sentiment for _, sentiment, _ in first)
    assert counts.keys() == {"neutral", "negative"} and 0.5 < counts["neutral"] / len(first) < 0.75


def test_the_reason_decides_not_the_request() -> None:
    own = [reason.split("{")[0] for reason in OWN_REASONS if not reason.startswith("{")]
    by_request: dict[str, set[str]] = {}
    for text, sentiment, emotion in request_texts(random.Random(5), 6000):
        if any(fault in text for fault in FAULT_REASONS):
            assert (sentiment, emotion) == ("negative", "disappointment"), text
        elif any(reason and reason in text for reason in own):
            assert (sentiment, emotion) == ("neutral", "neutral"), text
        for request in REQUESTS:
            if "{" not in request and request in text:
                by_request.setdefault(request, set()).add(sentiment)
    assert by_request and all(seen == {"neutral", "negative"} for seen in by_request.values()), by_request


def test_the_generated_texts_are_recognised_as_requests_and_reviews_are_not() -> None:
    assert all(is_request_text(text) for text, _, _ in request_texts(random.Random(11), 500))
    assert not any(is_request_text(t) for t in ("物流很快，包装完好", "质量很差，不会再买了", "房间干净，早餐丰富"))
