import random
from collections import Counter

from training.synthetic import generate
from training.synthetic_hard import COMPLAINING_CLAUSES as COMPLAINTS
from training.synthetic_hard import LETDOWN_CLOSINGS, PRAISE_CLOSINGS
from training.synthetic_hard import PRAISING_CLAUSES as PRAISES
from training.synthetic_pros_cons import CONS, NO_CONS, NO_PROS, PROS, VERDICTS, pros_cons_texts


def _verdict(text: str) -> str | None:
    """The closing after a verdict header, if the form has one."""
    for header in VERDICTS:
        if header in text:
            return text.rsplit(header, 1)[1]
    return None


def test_pros_cons_texts_are_deterministic_varied_and_cover_three_verdicts() -> None:
    first, again = pros_cons_texts(random.Random(3), 1600), pros_cons_texts(random.Random(3), 1600)
    assert first == again
    assert len({text for text, _, _ in first}) > 1400
    counts = Counter(sentiment for _, sentiment, _ in first)
    assert counts.keys() == {"positive", "negative", "neutral"}
    assert 0.3 < counts["negative"] / len(first) < 0.45 and counts["neutral"] == len(first) // 8


def test_the_filled_fields_decide_not_the_header() -> None:
    """Praise alone is positive under any header, faults alone negative; with both, the verdict line decides, and
    without one the form is balanced: neutral."""
    for text, sentiment, _ in pros_cons_texts(random.Random(5), 3000):
        praised = any(p in text for p in PRAISES)
        faulted = any(c in text for c in COMPLAINTS)
        verdict = _verdict(text)
        if praised and faulted and verdict is None:
            assert sentiment == "neutral", text
        elif praised and faulted:
            assert verdict in PRAISE_CLOSINGS + LETDOWN_CLOSINGS, text
            assert sentiment == ("positive" if verdict in PRAISE_CLOSINGS else "negative"), text
        elif praised:
            assert sentiment == "positive", text
        elif faulted:
            assert sentiment == "negative", text
        else:  # only an empty 缺点 field: nothing to complain about is praise
            assert sentiment == "positive" and any(text.startswith(h) for h in CONS), text
            assert any(n in text for n in NO_CONS), text


def test_both_headers_open_praise_and_complaints_alike() -> None:
    texts = pros_cons_texts(random.Random(8), 3000)
    for header in ("优点：", "缺点："):
        assert {s for t, s, _ in texts if t.startswith(header)} >= {"positive", "negative"}, header
    assert any(t.startswith(tuple(PROS)) and any(t.split("：", 1)[-1].startswith(n) for n in NO_PROS) for t, _, _ in texts)


def test_no_form_praises_and_faults_the_same_aspect() -> None:
    from training.synthetic_hard import DOMAINS

    pairs = [(good, bad) for aspects, *_ in DOMAINS.values() for _, good, bad in aspects]
    for text, _, _ in pros_cons_texts(random.Random(13), 3000):
        assert not any(good in text and bad in text for good, bad in pairs), text


def test_the_synthetic_set_includes_the_forms() -> None:
    texts = {e.text: e.sentiment for e in generate()}
    assert any(t.startswith("优点：") and s == "positive" for t, s in texts.items())
    assert any(t.startswith("缺点：") and s == "negative" for t, s in texts.items())


def test_the_generated_forms_are_recognised_by_their_headers_and_plain_reviews_are_not() -> None:
    from training.synthetic_pros_cons import is_pros_cons_text

    assert all(is_pros_cons_text(text) for text, _, _ in pros_cons_texts(random.Random(11), 600))
    assert not any(is_pros_cons_text(t) for t in ("物流很快，包装完好", "质量很差，不会再买了"))
