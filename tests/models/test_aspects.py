from models.aspects import aspect_clauses
from models.text import normalize


def test_each_aspect_clause_is_found_with_its_evidence() -> None:
    found = aspect_clauses(normalize("物流很快，但是质量很差，客服也不理人"))
    names = [a for item in found for a in item.aspects]
    assert names == ["物流", "质量", "服务"]
    assert found[1].clause == "但是质量很差"


def test_text_without_aspects_has_none() -> None:
    assert aspect_clauses(normalize("今天心情不错")) == []
