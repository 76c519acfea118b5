"""A chat message's clauses without its greetings, normalised."""

from models.chat_clauses import saying_clauses


def test_greetings_are_left_out_and_a_leading_qing_wen_dropped() -> None:
    assert saying_clauses("亲，在吗？请问哪個顏色好看") == ["哪个颜色好看"]


def test_a_message_of_greetings_alone_says_nothing() -> None:
    assert saying_clauses("你好！在吗～") == []
    assert saying_clauses("") == []
