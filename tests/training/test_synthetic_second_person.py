import importlib.util
import json
import random
import re
from collections import Counter
from pathlib import Path

from training.synthetic import generate
from training.synthetic_neutral import WH_MARKERS
from training.synthetic_second_person import (
    CHARGES,
    DOUBTED,
    STEPS_TAKEN,
    is_second_person_text,
    second_person_texts,
)


def test_second_person_texts_are_deterministic_varied_and_mostly_inquiries() -> None:
    first, again = second_person_texts(random.Random(3), 1200), second_person_texts(random.Random(3), 1200)
    assert first == again
    assert len({text for text, _, _ in first}) > 900
    counts = Counter(sentiment for _, sentiment, _ in first)
    assert counts.keys() == {"neutral", "negative", "positive"} and 0.45 < counts["neutral"] / len(first) < 0.65
    assert all("你们" in text for text, _, _ in first)


def test_what_is_asked_decides_not_the_pronoun() -> None:
    doubted = re.compile("有(" + "|".join(DOUBTED) + ")吗？")
    for text, sentiment, emotion in second_person_texts(random.Random(5), 3000):
        if any(charge in text for charge in CHARGES) or doubted.search(text):
            assert sentiment == "negative" and emotion in ("anger", "disappointment"), text
        elif sentiment == "neutral":
            assert emotion == "neutral" and (WH_MARKERS.search(text) or re.search("[吗？?不]$|开门|营业", text)), text
    # The same "do you have …?" opening is an inquiry or, with a fault after it, a complaint.
    asked = {s for t, s, _ in second_person_texts(random.Random(6), 3000) if re.match("你们(店|家|平台)?有", t)}
    assert asked == {"neutral", "negative"}


def test_the_held_out_probes_are_not_generated_word_for_word() -> None:
    probes_file = Path(__file__).parents[2] / "notebooks" / "probes.py"
    spec = importlib.util.spec_from_file_location("probes", probes_file)
    assert spec is not None and spec.loader is not None
    probes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probes)

    def bare(text: str) -> str:
        return re.sub(r"[，。！？!?,.\s]", "", text)

    held_out = {bare(text) for text, _ in probes.SECOND_PERSON_HELD_OUT + probes.THREATS_HELD_OUT}
    assert len(held_out) == 46 + 16
    assert not held_out & {bare(e.text) for e in generate()}


def test_a_threat_that_names_its_step_is_a_complaint_and_no_gold_text() -> None:
    threats = [(t, s, e) for t, s, e in second_person_texts(random.Random(7), 1400) if any(x in t for x in STEPS_TAKEN)]
    assert len(threats) == 200 and len({t for t, _, _ in threats}) > 150
    assert all(sentiment == "negative" and emotion == "anger" for _, sentiment, emotion in threats)
    gold = Path(__file__).parents[2] / "training" / "gold" / "gold.jsonl"
    gold_texts = {json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert len(gold_texts) > 400 and not {t for t, _, _ in threats} & gold_texts


def test_the_focus_is_every_text_that_addresses_the_business() -> None:
    assert all(is_second_person_text(text) for text, _, _ in second_person_texts(random.Random(11), 300))
    assert is_second_person_text("谢谢你们，服务很周到")
    assert not any(is_second_person_text(t) for t in ("请问有停车位吗", "质量很差，不会再买了", "房间干净，早餐丰富"))
