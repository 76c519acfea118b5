"""Evidence helpers: lexicon words of the verdict's emotions, and the clauses that weigh most."""

from models.evidence import lexicon_evidence, top_clauses
from models.text import normalize


def test_lexicon_evidence_keeps_only_the_verdicts_emotions() -> None:
    text = normalize("外观不错，可惜质量太差了，很失望")
    everything = lexicon_evidence(text)
    negative = lexicon_evidence(text, emotions=("anger", "anxiety", "disappointment"))
    assert "不错" in everything and "不错" not in negative
    assert "失望" in negative


def test_top_clauses_keep_text_order_and_fall_back_to_the_best_one() -> None:
    clauses = ["房间很大", "床也舒服", "就是隔音差了点"]
    assert top_clauses(clauses, [0.9, 0.7, 0.1], limit=2, min_weight=0.5) == ["房间很大", "床也舒服"]
    assert top_clauses(clauses, [0.2, 0.4, 0.1], limit=2, min_weight=0.5) == ["床也舒服"]
