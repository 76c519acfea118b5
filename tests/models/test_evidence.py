"""Evidence helpers: lexicon words of the verdict's emotions, and the clauses that weigh most."""

from dataclasses import replace

from models.analysis import Analysis, AspectSentiment
from models.evidence import lexicon_evidence, quote_original, top_clauses
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


def test_quote_original_maps_evidence_and_aspects_back_to_the_message() -> None:
    text = "物流很快👍，但是質量太差了"
    normalized = normalize(text)
    analysis = Analysis("negative", -0.9, {"positive": 0.05, "neutral": 0.0, "negative": 0.95}, "disappointment",
                        {"disappointment": 0.9}, 0.5,
                        aspects=[AspectSentiment("物流", "positive", "物流很快（赞）"),
                                 AspectSentiment("质量", "negative", "但是质量太差了")],
                        evidence=["但是质量太差了", "差"])
    assert "質量" not in normalized
    quoted = quote_original(text, normalized, analysis)
    assert quoted.evidence == ["但是質量太差了", "差"]
    assert [a.evidence for a in quoted.aspects] == ["物流很快👍", "但是質量太差了"]
    assert quoted.sentiment == analysis.sentiment and quoted.probabilities == analysis.probabilities
    plain = replace(analysis, aspects=[], evidence=["质量太差了"])
    assert quote_original("质量太差了！", "质量太差了!", plain) is plain  # found as it is: nothing to map
