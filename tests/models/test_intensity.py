"""Intensity: surface cues of a normalised text, and the bundled model's readings of mild and heated texts."""


from models.intensity import cue_strength, intensity
from models.registry import DEFAULT_TRANSFORMER_DIR
from models.text import normalize
from models.transformer import TransformerClassifier

# Hand-written pairs of one polarity, the second clearly hotter: the first 30 were read while the cues were chosen,
# the last 30 were written before and read once after (the cues before them ordered 18 and 16 of the 30).
MILD_AND_HEATED = [
    ("有点失望", "太让人失望了，再也不会买了"),
    ("东西一般般", "垃圾东西，气死我了"),
    ("快递有点慢", "等了半个月还没到，客服也不理人，我要投诉"),
    ("还可以", "非常满意，超出预期，强烈推荐"),
    ("挺好的", "爱死了，这是我今年买过最好的东西"),
    ("尺码偏小一点", "尺码小了两号根本穿不上，商家还拒绝退换，太过分了"),
    ("味道还行", "难吃到吐，恶心"),
    ("谢谢", "太感谢了，你们救了我的急，真的非常感动"),
    ("不太满意", "骗子商家，收钱不发货，我已经报警了"),
    ("请问什么时候发货，有点着急", "明天就要用了还没发货，急死了，到底怎么回事"),
    ("有点担心质量", "孩子用了过敏住院了，你们这到底是什么东西"),
    ("客服回复有点慢", "客服态度恶劣，还威胁我不许给差评"),
    ("包装有点瑕疵", "包装烂成这样，里面全碎了，简直离谱"),
    ("还不错", "绝了，好用到哭，必须五星"),
    ("价格稍微有点贵", "坑人，比别家贵一倍，割韭菜"),
    ("不是很喜欢这个颜色", "颜色丑到爆，跟图片完全两回事，退货"),
    ("电池一般", "电池三小时就没电，还发烫，吓死人了"),
    ("服务可以", "服务员超级热情，每一个细节都照顾到了，感动"),
    ("有一点噪音", "噪音大得整晚睡不着，崩溃"),
    ("物流正常", "物流神速，昨天下单今天就到，太惊喜了"),
    ("不怎么样", "这辈子买过最烂的东西，没有之一"),
    ("送货员态度一般", "送货员把东西扔在门口就走，还骂人"),
    ("这次体验一般", "三次了！三次都发错货！你们到底有没有人管？"),
    ("有点小贵但能接受", "贵得离谱，纯纯智商税"),
    ("有点卡", "卡到爆，根本没法用，退钱"),
    ("感觉还行，会考虑回购", "已经无限回购了，全家都在用，太爱了"),
    ("酒店房间有点小", "房间又小又脏，床单上还有血迹，恶心死了"),
    ("有点后悔", "肠子都悔青了，血亏"),
    ("小问题，不影响使用", "用了两天就冒烟了，差点着火，太危险了"),
    ("希望能改进一下", "再不改进就卸载了，天天闪退，烦死了"),
    ("发货稍微慢了点", "下单一个月了还没发货，问了五次都说在催，真是受够了"),
    ("衣服略微有点起球", "穿一次就起球掉毛，这也敢卖？黑心商家"),
    ("稍微有点甜", "齁甜齁甜的，根本咽不下去，全倒了"),
    ("有一些色差", "色差大到离谱，红色变成了粉色，无语死了"),
    ("还算满意", "满意到飞起，已经推荐给所有朋友了！"),
    ("感谢客服", "谢谢谢谢！客服小姐姐太暖心了，大半夜还在帮我处理，感动哭了"),
    ("略有失望", "失望透顶，期待了一个月就等来这个"),
    ("有点担心能不能按时到", "婚礼就在后天，礼服到现在还没到，我快急疯了"),
    ("屏幕有点暗", "屏幕三天就碎了自己裂开的，你们必须给我个说法"),
    ("有些地方不太方便", "房间里有蟑螂！！！半夜爬到床上，吓得我一晚没睡"),
    ("整体还可以吧", "太好用了吧！！后悔没早点买，yyds"),
    ("稍微有点吵", "楼上装修吵了一整天，前台还说没办法，气得我直接退房"),
    ("配件少了一个", "配件缺了一半，联系客服三天没人理，我要去12315投诉"),
    ("质量一般", "质量差到极点，用了一次就散架，坑死人"),
    ("比较喜欢", "喜欢得不得了，天天抱着睡，太治愈了"),
    ("有点小问题", "出了严重故障，差点把我家电路烧了，必须赔偿"),
    ("味道偏淡", "吃出了头发和虫子，恶心到想吐，已经拉肚子了"),
    ("物流有点慢", "快递员私自签收还把包裹弄丢了，打电话还骂人"),
    ("不太好用", "难用到崩溃，设计者自己用过吗？气炸了"),
    ("有点期待下一次", "下次还来！超级超级喜欢这家店！"),
    ("价格有点高", "天价收费，结账时多收了三百，明目张胆地宰客"),
    ("售后有一点慢", "售后踢皮球，推来推去一个月，我真的要疯了"),
    ("有点不满意", "极度不满，这是我遇到过最差的服务"),
    ("还挺实用", "实用到爆，简直是懒人神器，强烈推荐！！"),
    ("有点担心", "担心死了，孩子吃完一直吐，到底有没有问题，求回复"),
    ("包装普通", "包装精美得像艺术品，拆的时候都舍不得"),
    ("不算太差", "差劲透了，浪费钱浪费时间"),
    ("有点累", "排了三个小时的队，最后告诉我没号了，心态炸了"),
    ("耳机音质还行", "音质炸裂，低音震撼，完全超出这个价位，爱了爱了"),
    ("有一点点失落", "心碎了，攒了半年钱买的，收到就是坏的"),
]


def cue(text: str) -> float:
    return cue_strength(normalize(text))


def test_downtoners_cool_and_boosters_heat() -> None:
    assert cue("有点失望") < cue("失望") < cue("太失望了")
    assert cue("稍微有点贵") < 0


def test_yidian_dou_bu_is_not_a_downtoner() -> None:
    assert cue("一点都不好用") >= cue("不好用")


def test_strongly_felt_words_and_threats_heat() -> None:
    assert cue("崩溃") > cue("不好")
    assert cue("再不处理我就去12315投诉") > cue("再不处理我就换一家")


def test_cues_count_per_character_in_long_texts() -> None:
    short = "太好看了，非常喜欢"
    long = short + "，" + "这本书讲的是一个家族三代人的故事，从清末一直写到改革开放，人物众多，线索复杂" * 3
    assert cue(long) < cue(short)


def test_intensity_stays_in_range() -> None:
    assert intensity("", 1.0, {"neutral": 0.0}) <= 1.0
    assert intensity("有点有点", 0.0, {"neutral": 1.0}) == 0.0


def test_heated_texts_read_hotter_than_mild_ones() -> None:
    clf = TransformerClassifier(DEFAULT_TRANSFORMER_DIR)
    mild = clf.analyze([m for m, _ in MILD_AND_HEATED])
    hot = clf.analyze([h for _, h in MILD_AND_HEATED])
    ordered = sum(h.intensity > m.intensity for m, h in zip(mild, hot, strict=True))
    assert ordered >= 55, ordered  # 59 of 60 when written
    assert sum(m.intensity for m in mild) / len(mild) < 0.5 < sum(h.intensity for h in hot) / len(hot)


def test_words_that_only_start_like_boosters_do_not_heat() -> None:
    assert cue("最近在超市买的") == cue("前几天在商店买的")
    assert cue("最好用的一款") > cue("好用的一款")
