"""Build the compact emotion lexicon that `models.lexicon_emotions` ships, from DUTIR and HowNet (cntext).

The full DUTIR ontology is large and noisy for shop reviews (its 恶 class alone has 10k words, many of
them literary), so we keep short words only and add curated customer-service cues, which outweigh them.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from training.sources import CNTEXT, fetch

LEXICON_PATH = Path(__file__).resolve().parent.parent / "models" / "lexicon" / "emotion_lexicon.json"

# DUTIR class → (our emotion, weight). 好 (praise) is the bulk of positive review wording.
DUTIR_MAP: dict[str, tuple[str, float]] = {
    "乐": ("joy", 1.0),
    "好": ("joy", 0.6),
    "怒": ("anger", 1.0),
    "恶": ("disappointment", 0.5),
    "哀": ("disappointment", 0.8),
    "惧": ("anxiety", 1.0),
}

# Curated cues from customer messages; weight 2 so they dominate the generic ontology.
CURATED: dict[str, list[str]] = {
    "joy": [
        "挺好", "很棒", "好极了", "还可以", "喜欢死了", "超赞", "很赞",
        "满意", "喜欢", "好评", "不错", "很好", "超好", "开心", "惊喜", "推荐", "值得", "划算", "好吃", "好看",
        "好用", "舒服", "完美", "给力", "赞", "棒", "优秀", "物美价廉", "性价比高", "回购", "无限回购", "yyds",
        "绝绝子", "种草", "爱了", "太香", "真香", "好评如潮", "五星", "满分", "超值", "贴心", "干净", "方便",
    ],
    "gratitude": [
        "谢谢", "感谢", "多谢", "辛苦了", "谢啦", "感恩", "谢谢你们", "麻烦了", "有心了", "点赞客服", "致谢", "thanks",
        "thank", "3q",
    ],
    "anger": [
        "垃圾", "骗子", "气死", "愤怒", "恶心", "无耻", "投诉", "坑人", "欺骗", "滚", "太差劲", "差劲", "黑店",
        "忽悠", "骗人", "态度恶劣", "再也不买", "差评", "举报", "曝光", "12315", "消协", "律师", "起诉", "妈的",
        "什么玩意", "坑爹", "无语", "生气", "火大", "欺诈", "假货", "退钱", "奸商", "耍流氓", "太过分",
    ],
    "anxiety": [
        "担心", "着急", "急", "害怕", "焦虑", "怎么办", "还没到", "没收到", "没到账", "还没发货", "不放心", "怕",
        "会不会", "是不是丢了", "急用", "催", "迟迟", "一直没", "没更新", "没有更新", "紧张", "过敏", "安全吗",
        "有没有问题", "求助", "救命", "急死",
    ],
    "disappointment": [
        "失望", "一般", "不值", "后悔", "遗憾", "可惜", "不如", "踩雷", "拔草", "退货", "凑合", "不太好", "一般般",
        "没想象", "落差", "不推荐", "鸡肋", "掉色", "起球", "难吃", "难用", "不好用", "太慢", "很慢", "破损", "瑕疵",
        "质量差", "不满意", "差", "失落", "心塞", "郁闷", "难过", "伤心", "不行",
    ],
}


# Chinese EmoBank rates words 1-9 for arousal and valence (5 is neutral). A word both aroused and far from neutral
# (气死, 恶心, 崩溃, 惊喜, 热爱) says the writer feels strongly: an intensity cue. Single characters are left out,
# since a substring scan would find 干 in 干净.
STRONG_AROUSAL = 6.5
STRONG_VALENCE_DISTANCE = 2.0


def strong_words(ratings: dict[str, dict[str, float]]) -> list[str]:
    """Chinese EmoBank words (two characters or more) rated both highly aroused and far from neutral valence."""
    return sorted(
        word for word, rating in ratings.items()
        if isinstance(word, str) and len(word) >= 2 and rating["arousal"] >= STRONG_AROUSAL
        and abs(rating["valence"] - 5.0) >= STRONG_VALENCE_DISTANCE
    )


def build_lexicon(out_path: Path = LEXICON_PATH) -> dict[str, object]:
    """Write the shipped lexicon JSON: words per emotion with weights, negation and degree words."""
    fetched = fetch(CNTEXT)
    dutir = yaml.safe_load(fetched.path("cntext/io/data/zh_common_DUTIR.yaml").read_text(encoding="utf-8"))
    hownet = yaml.safe_load(fetched.path("cntext/io/data/zh_common_HowNet.yaml").read_text(encoding="utf-8"))
    words: dict[str, dict[str, float]] = {}
    for category, (emotion, weight) in DUTIR_MAP.items():
        for word in dutir["Dictionary"][category]:
            if isinstance(word, str) and 2 <= len(word) <= 3:
                words.setdefault(word, {})
                words[word][emotion] = max(words[word].get(emotion, 0.0), weight)
    for emotion, cues in CURATED.items():
        for word in cues:
            words[word] = {emotion: 2.0}
    degree = {w: 1.8 for w in hownet["Dictionary"]["very"] if isinstance(w, str) and w}
    degree |= {w: 1.4 for w in hownet["Dictionary"]["more"] if isinstance(w, str) and w}
    degree |= {w: 0.6 for w in hownet["Dictionary"]["ish"] if isinstance(w, str) and w}
    degree |= {"太": 1.8, "超": 1.8, "超级": 1.8, "非常": 1.8, "特别": 1.7, "真": 1.4, "好": 1.3, "巨": 1.8, "贼": 1.6}
    emobank = yaml.safe_load(fetched.path("cntext/io/data/zh_valence_ChineseEmoBank.yaml").read_text(encoding="utf-8"))
    lexicon: dict[str, object] = {
        "source": f"{CNTEXT.spec} (DUTIR emotion ontology, HowNet degree/negation, Chinese EmoBank CVAW "
                  "valence-arousal; MIT) + curated cues",
        "sha256": fetched.sha256,
        "words": dict(sorted(words.items())),
        "negations": sorted({w for w in hownet["Dictionary"]["deny"] if isinstance(w, str) and w} | {"不太", "没什么", "并不", "毫无", "别"}),
        "degree": dict(sorted(degree.items())),
        "strong": strong_words(emobank["Dictionary"]),
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return lexicon
