import pytest

from models.aspects import aspect_clauses, opinion_polarity, text_clauses
from models.text import normalize


def test_each_aspect_clause_is_found_with_its_evidence() -> None:
    found = aspect_clauses(normalize("物流很快，但是质量很差，客服也不理人"))
    names = [a for item in found for a in item.aspects]
    assert names == ["物流", "质量", "服务"]
    assert found[1].clause == "但是质量很差"


def test_text_without_aspects_has_none() -> None:
    assert aspect_clauses(normalize("今天心情不错")) == []


def test_text_clauses_keep_every_clause_with_its_aspects() -> None:
    found = text_clauses(normalize("今天心情不错，物流很快！"))
    assert [(c.clause, c.aspects) for c in found] == [("今天心情不错", ()), ("物流很快", ("物流",))]
    assert aspect_clauses(normalize("今天心情不错，物流很快！")) == found[1:]


@pytest.mark.parametrize(
    ("clause", "polarity"),
    [
        ("物流很快", 1),  # the 快 of 快递/物流 keywords is masked, the opinion 快 counts
        ("快递太慢了", -1),
        ("价格便宜", 1),  # 便宜 is both an aspect keyword and an opinion
        ("一点都不便宜", -1),  # a negator just before flips it
        ("价格不贵", 1),
        ("客服也不理人", -1),
        ("用两天就坏了", -1),
        ("快递到了", 0),  # no opinion at all
        ("这也叫新鲜", -1),  # a rhetorical question denies what it names
        ("这样的包装也好意思叫严实", -1),
        ("这有什么好看的", -1),  # a rhetorical denial decides the clause
        ("这种包装有什么好夸的", -1),
        ("这点色差有什么好计较的", 1),
        # a negator a few degree or filler words away still flips (没有任何破损 is praise of the packing)
        ("房间没有异味", 1),
        ("完全没有异味", 1),
        ("没有任何破损", 1),
        ("没有一点破损", 1),
        ("物流不是很快", -1),
        ("玩游戏一点不卡", 1),
        ("没发现卡顿", 1),
        ("没有网上说的那么好吃", -1),  # the comparative denies the degree
        # words that hold an opinion's or a negator's character but are neither
        ("服务特别热情", 1),  # 特别 is no 别
        ("差不多满意", 1),
        ("出差住这里很方便", 0),
        ("房卡不好用", -1),  # 房卡 is no lag; 不好 is the complaint
        ("快一个月了还没到", 0),  # 快 as "almost" is no speed
        ("说好的七天无理由退货", 0),
        ("拖鞋很干净", 1),
        ("麻辣烫味道一绝，分量足", 2),
        ("分量不足", -1),
        ("足足等了两个小时", -1),  # 足足 is no 足 (enough); the long wait is a complaint (models.long_waits)
    ],
)
def test_opinion_polarity_reads_commerce_opinions_with_negation(clause: str, polarity: int) -> None:
    assert opinion_polarity(clause) == polarity


@pytest.mark.parametrize(
    ("text", "aspects"),
    [
        ("房间有股发霉的味道", ["环境"]),  # a smell in a room is the room's, not a taste
        ("被子一股烟味", ["环境"]),
        ("卫生间的香薰味道很好闻", ["环境"]),
        ("房间不错，菜的味道也好", ["环境", "口味"]),  # two clauses, each its own aspect
        ("这道菜的味道有点怪", ["口味"]),
        ("房间送来的早餐很好吃", ["口味", "环境"]),  # 好吃 is a taste, not a smell: 口味 stays
    ],
)
def test_a_smell_in_a_room_is_filed_under_environment(text: str, aspects: list[str]) -> None:
    assert [a for item in aspect_clauses(normalize(text)) for a in item.aspects] == aspects


@pytest.mark.parametrize(
    ("text", "aspects"),
    [
        ("東西很好用，CP值超高", ["价格"]),  # Traditional, upper case: matched on the normalised text
        ("等了两个小时外卖才送到", ["物流"]),
        ("快递放驿站也不打电话", ["物流"]),
        ("等了十天才到", ["物流"]),  # arrival after days names the delivery
        ("周一下单，周三就收到了", ["物流"]),
        ("走路五分钟就到了", []),  # minutes: a hotel's location, not a parcel
        ("坐了两个月的船才到", []),
        ("外卖送得很慢", ["物流"]),  # 2026-11-27 (seventh session): found on hand-written texts
        ("拍照一般，充电也慢", ["性能", "性能"]),  # one per clause
        ("鞋子穿了一周就开胶了", ["质量"]),
        ("码数偏小，建议拍大一码", ["尺码", "尺码"]),
        ("安装师傅很专业", ["服务"]),
    ],
)
def test_aspect_keywords_cover_everyday_wording(text: str, aspects: list[str]) -> None:
    assert [a for item in aspect_clauses(normalize(text)) for a in item.aspects] == aspects


@pytest.mark.parametrize(
    ("clause", "polarity"),
    [
        ("这“新鲜”的水果", -1),  # praise in scare quotes, in a complaint: irony
        ("好「快」的物流", -2),
        ('服务真"热情"', -1),
        ("好“快”的物流", -2),  # the 好 of the exclamation is irony too
        ("新鲜的水果", 1),  # no quotes: the word as meant
    ],
)
def test_quoted_praise_in_a_complaint_is_irony(clause: str, polarity: int) -> None:
    assert opinion_polarity(normalize(clause), ironic_quotes=True) == polarity


def test_quoted_praise_outside_a_complaint_is_a_quote() -> None:
    assert opinion_polarity(normalize("朋友说这家“好吃”"), ironic_quotes=False) == 1


def test_a_clause_repeated_word_for_word_is_one_clause() -> None:
    found = text_clauses(normalize("好评好评，物流很快。好评好评，物流很快。质量不错"))
    assert [c.clause for c in found] == ["好评好评", "物流很快", "质量不错"]
