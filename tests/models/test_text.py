from models.text import emoji_to_words, normalize, split_clauses, split_sentences, windows


def test_traditional_becomes_simplified() -> None:
    assert normalize("物流很快，包裝完好，質量不錯") == "物流很快,包装完好,质量不错"


def test_emoji_and_weibo_emoticons_become_words() -> None:
    assert "大哭" in normalize("等了三天😭")
    assert "（泪）" in normalize("又坏了[泪]")
    assert emoji_to_words("👍🏻") == "（赞）"  # skin tone stripped before lookup


def test_latin_is_lowercased_and_whitespace_collapsed() -> None:
    assert normalize("  UI  太丑  ") == "ui 太丑"


def test_long_repeats_are_shortened() -> None:
    assert normalize("好好好好好好") == "好好好"


def test_split_sentences_and_clauses() -> None:
    assert split_sentences("很好。还会再来！") == ["很好。", "还会再来！"]
    assert split_clauses("物流很快，但是质量差") == ["物流很快，", "但是质量差"]


def test_windows_cover_every_character_of_long_text() -> None:
    text = "这家酒店位置很好。" * 400 + "但是前台态度太差了！"
    parts = windows(text, 200)
    assert len(parts) > 1
    assert all(len(p) <= 200 for p in parts)
    assert "".join(parts) == text  # nothing dropped, nothing reordered


def test_windows_cut_a_sentence_longer_than_the_window() -> None:
    text = "差" * 1000
    parts = windows(text, 256)
    assert "".join(parts) == text and max(len(p) for p in parts) <= 256
