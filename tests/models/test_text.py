from pathlib import Path

import opencc
import pytest

from models.text import (
    emoji_to_words,
    in_original,
    normalize,
    normalize_with_origins,
    split_clauses,
    split_sentences,
    to_simplified,
    windows,
)


def test_traditional_becomes_simplified() -> None:
    assert normalize("物流很快，包裝完好，質量不錯") == "物流很快,包装完好,质量不错"


def test_the_skip_for_texts_opencc_leaves_alone_never_changes_a_conversion() -> None:
    folder = Path(opencc.__file__).parent / "dictionary"
    keys = [line.split("\t")[0] for name in ("TSPhrases.txt", "TSCharacters.txt")
            for line in (folder / name).read_text(encoding="utf-8").splitlines() if "\t" in line]
    t2s = opencc.OpenCC("t2s")
    for key in keys:  # every dictionary entry, alone and inside simplified text
        for text in (key, f"这次{key}了", f"{key}，很满意"):
            assert to_simplified(text) == t2s.convert(text), text
    for text in ("物流很快，包装也好", "质量一般般", "反覆无常", "沈默是金", "回覆很慢", "這個東西質量很好"):
        assert to_simplified(text) == t2s.convert(text)
    assert to_simplified("物流很快，包装也好") == "物流很快，包装也好"


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


@pytest.mark.parametrize(
    "text",
    ["物流很快👍👍，質量很好！！！！！", "  The Quality is  一般般, 不太推荐  ", "太好了[哈哈]，下次還來😍", "好好好好好好的",
     "ＡＢＣ全角，很好", "第一行\n\n第二行\t\t完"],
)
def test_origins_explain_normalize_character_by_character(text: str) -> None:
    aligned = normalize_with_origins(text)
    assert aligned is not None
    normalized, spans = aligned
    assert normalized == normalize(text) and len(spans) == len(normalized)
    assert all(0 <= a < b <= len(text) for a, b in spans)


@pytest.mark.parametrize(
    ("text", "piece", "original"),
    [
        ("物流很快👍，質量很好", "质量很好", "質量很好"),
        ("下次还来😍", "下次还来（喜欢）", "下次还来😍"),
        ("The Quality is 一般般", "the quality", "The Quality"),
        ("太好了[哈哈]", "（哈哈）", "[哈哈]"),
        ("好好好好好好的", "好好好的", "好好好好好好的"),
        ("ＡＢＣ很好", "abc", "ＡＢＣ"),
    ],
)
def test_a_normalised_piece_is_found_in_the_customers_own_characters(text: str, piece: str, original: str) -> None:
    normalized, spans = normalize_with_origins(text) or ("", [])
    assert in_original(text, normalized, spans, piece) == original


def test_unalignable_text_keeps_the_normalised_piece() -> None:
    text = "e\u0301 很好"  # NFKC composes across characters: no character-by-character map
    assert normalize_with_origins(text) is None
    assert in_original(text, normalize(text), None, "很好") == "很好"
    assert in_original("很好", "很好", [(0, 1), (1, 2)], "不在") == "不在"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("這個口紅絕絕子", "这个口红太棒了"),  # Traditional first, then the slang
        ("油皮亲妈", "油皮必备"),
        ("黄皮天菜", "黄皮最爱"),
        ("颜值天花板", "颜值最顶级"),
        ("家人们可以冲！", "家人们值得买!"),
        ("冲冲冲", "快去买"),
        ("什么时候到？在线等", "什么时候到?很着急"),
        ("做工在线！", "做工不错!"),
        ("双十一血赚", "双十一超值"),
        ("交了智商税", "交了冤枉钱"),
        ("这次捡漏了", "这次赚到了"),
        ("什么辣鸡快递", "什么垃圾快递"),
        ("真辣鸡", "真垃圾"),
        ("太牛了，续航两天", "太棒了,续航两天"),
        ("牛B！", "很棒!"),
        ("吹爆这家店", "力荐这家店"),
        ("担心是假货，发现多虑了", "担心是假货,发现放心了"),  # the worry was needless
        ("结果白担心了", "结果很放心了"),
        ("冲就完事了", "放心买就对"),  # urging other buyers
        ("这价格冲就对了", "这价格强烈推荐"),
        ("闭眼入", "放心买"),
        ("姐妹们冲", "姐妹们买"),
        ("慎拍", "不荐"),  # warning them
        ("介意色差者慎买", "介意色差者不荐"),
        ("宝宝们避雷", "宝宝们不荐"),
        ("大家快跑！", "大家不荐!"),
        ("我真的会谢", "我真的无语"),  # speechless and low
        ("栓Q", "无语"),
        ("有点emo了", "有点很难过了"),
        ("收到就坏了T_T", "收到就坏了很难过"),
        ("(╯‵□′)╯︵┻━┻", "(╯‵□′)╯(气死了"),
        ("售后无力吐槽", "售后真的无语"),  # speechless sarcasm
        ("我谢谢你全家", "我真的很无语"),
        ("谢谢你们全家,坏了也不退", "真的是很无语,坏了也不退"),
        ("丑萌丑萌的", "可爱可爱的"),  # ugly-cute
        ("甜到齁", "甜到腻"),  # cloying
        ("齁甜齁甜的", "腻甜腻甜的"),
        ("好鬼貴", "非常贵"),  # Cantonese intensifiers
        ("鬼咁慢", "非常慢"),
        ("贵到飞起", "贵得不行"),
        ("麻烦了", "谢谢了"),  # a polite closing
        ("好的，那就麻烦你们了！", "好的,那就谢谢你们了!"),
    ],
)
def test_current_slang_reads_as_plain_words(text: str, plain: str) -> None:
    assert normalize(text) == plain


@pytest.mark.parametrize(
    "text",
    [
        "天花板发霉了",
        "电视吊挂在天花板上",
        "可以冲一个热水澡",
        "给亲妈买的",
        "每天菜色都不一样",
        "在线等待客服",
        "在线客服不回消息",
        "质量在线检测",
        "师傅来屋顶捡漏",
        "香辣鸡翅很好吃",
        "辣鸡味道一般",
        "牛肉很嫩",
        "别听他吹牛",
        "店员牛逼哄哄的",
        "把气球吹爆了",
        "不要多虑了",  # advice, not a worry put to rest
        "别白担心啦",
        "别冲就完事了",
        "闭眼入住",
        "冲泡很方便",
        "避雷针坏了",
        "口红避雷还是种草?",
        "他们冲过来了",
        "我们快跑到终点了",
        "demo版本",
        "memo",
        "太麻烦了",
        "退货好麻烦了",
        "这下麻烦了",
        "麻烦你了,尽快发货",
        "谢谢你们全家的照顾",  # sincere thanks to the family that runs the place
        "这个很好吃齁",  # the Taiwanese sentence-final 齁
    ],
)
def test_literal_uses_of_slang_words_are_left_alone(text: str) -> None:
    assert normalize(text) == text


def test_slang_rewrites_keep_evidence_in_the_customers_words() -> None:
    text = "这个口红绝绝子，黄皮天菜"
    normalized, spans = normalize_with_origins(text) or ("", [])
    assert in_original(text, normalized, spans, "这个口红太棒了") == "这个口红绝绝子"
    assert in_original(text, normalized, spans, "黄皮最爱") == "黄皮天菜"


def test_links_carry_no_words_into_the_model_and_evidence_still_maps() -> None:
    text = "https://item.jd.com/100012043978.html 这个链接的商品和收到的不一样"
    assert normalize(text) == "这个链接的商品和收到的不一样"
    assert normalize("看看www.Taobao.com上的，便宜多了") == "看看 上的,便宜多了"  # the link ends at the first CJK character
    normalized, spans = normalize_with_origins(text) or ("", [])
    assert in_original(text, normalized, spans, "收到的不一样") == "收到的不一样"
    assert normalize("http是一种协议") == "http是一种协议"  # no link without :// or www.


def test_clause_around_finds_the_clause_that_holds_a_piece() -> None:
    from models.text import clause_around

    text = "物流很快,就是比图片上的小.下次 再说"
    start = text.index("图片")
    assert clause_around(text, start, start + 2) == "就是比图片上的小"
    assert clause_around("毫无亮点", 0, 4) == "毫无亮点"


def test_said_besides_counts_what_else_a_text_says() -> None:
    from models.text import said_besides

    assert said_besides("菜品平平,毫无特色。", "毫无特色") == 4  # punctuation is not counted
    assert said_besides("毫无特色", "毫无特色") == 0
    assert said_besides("服务 一般 价格没竞争力", "价格没竞争力") == 4  # nor are spaces


def test_says_little_else_leaves_long_reviews_to_the_model() -> None:
    from models.text import says_little_else

    assert says_little_else("老顾客了,以前很好吃,现在不行了", "以前很好吃,现在不行了")
    assert not says_little_else("房间很大,早餐丰富,前台服务热情,位置方便,就是价格没有什么优势", "就是价格没有什么优势")
