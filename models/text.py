"""Text normalisation shared by training and serving, so both see exactly the same input.

The encoder's vocabulary (bert-base-chinese) maps every emoji to [UNK] and knows only Simplified
characters well, so emoji and Weibo bracket emoticons become Chinese words and Traditional characters
become Simplified before tokenising; a few current slang words (绝绝子, 油皮亲妈) become the plain words they mean.
`normalize_with_origins` maps the result back to the customer's characters, for quoting evidence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

# Emoji → the Chinese word a customer would have written instead. Skin-tone and variation selectors are
# stripped first, so one entry covers every variant.
EMOJI_WORDS: dict[str, str] = {
    "😀": "开心", "😃": "开心", "😄": "开心", "😁": "开心", "😆": "大笑", "😂": "笑哭", "🤣": "大笑",
    "😊": "开心", "🙂": "微笑", "😉": "眨眼", "😍": "喜欢", "🥰": "喜欢", "😘": "喜欢", "😋": "好吃",
    "😎": "酷", "🤩": "惊喜", "🥳": "庆祝", "😇": "开心", "🤗": "拥抱", "😌": "满足", "😏": "呵呵",
    "😐": "无语", "😑": "无语", "😶": "无语", "🙄": "翻白眼", "😒": "不爽", "😬": "尴尬", "😔": "失望",
    "😞": "失望", "😟": "担心", "😕": "困惑", "🙁": "失望", "☹": "难过", "😣": "难受", "😖": "难受",
    "😫": "累", "😩": "崩溃", "😢": "难过", "😭": "大哭", "😤": "生气", "😠": "生气", "😡": "愤怒",
    "🤬": "愤怒", "😱": "害怕", "😨": "害怕", "😰": "着急", "😥": "难过", "😓": "汗", "🤔": "疑问",
    "😳": "震惊", "🥺": "委屈", "😵": "晕", "🤢": "恶心", "🤮": "恶心", "💩": "垃圾", "😷": "生病",
    "🤒": "生病", "😴": "困", "🤡": "小丑", "👍": "赞", "👎": "差评", "👏": "鼓掌", "🙏": "谢谢",
    "💪": "加油", "🙌": "太好了", "👌": "好的", "✌": "耶", "🤝": "合作", "❤": "爱", "💕": "爱",
    "💖": "爱", "💗": "爱", "💔": "心碎", "🔥": "火爆", "✨": "闪亮", "⭐": "星", "🌟": "星", "💯": "满分",
    "🎉": "庆祝", "🎁": "礼物", "💰": "钱", "⚠": "警告", "❌": "错", "✅": "对", "❓": "问题",
    "❗": "感叹", "‼": "感叹", "😪": "困", "🥲": "苦笑", "🫠": "融化", "🙃": "无奈", "😮": "惊讶",
    "🤦": "无语", "🤷": "无奈", "💢": "生气", "🆘": "求救", "⏰": "时间", "📦": "快递", "🚚": "物流",
}

# Current internet slang the 2023 base model and 2010s review corpus never saw, as the plain words a reader hears in
# it. Each rewrite keeps the length (so evidence still maps to the customer's characters) and is narrow on purpose:
# the hotel corpus uses 天花板 and 冲 literally (天花板发霉, 可以冲一个热水澡), which must not change.
_CLOSE = r"(?=$|[,。!?~ 了啊吧呀])"  # applied after NFKC, which has made ，！？～ half-width
SLANG_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("绝绝子"), "太棒了"),
    (re.compile("([油干黄白黑敏混])皮亲妈"), r"\1皮必备"),
    (re.compile("(^|[皮是的界,!。 ])天菜"), r"\1最爱"),  # not the 天菜 of 每天菜色
    (re.compile("(颜值|价比|口感|音质|画质|做工|质感|手感|续航|服务|国货|平价|价位|界的|界)天花板"), r"\1最顶级"),
    (re.compile("天花板(?=级)"), "最顶级"),
    (re.compile("可以冲" + _CLOSE), "值得买"),
    (re.compile("冲冲冲"), "快去买"),
    # urging other buyers: the model read 冲就完事了 as −0.81, 冲就对了 −0.39 and 闭眼买 only +0.60
    (re.compile("(?<![别不])冲就完事了"), "放心买就对"),
    (re.compile("(?<![别不])冲就(?:完事|对了)"), "强烈推荐"),
    (re.compile("(?:无脑|闭眼)[冲入买](?!住)"), "放心买"),
    (re.compile("冲鸭"), "快买"),
    (re.compile("(?<=们)冲" + _CLOSE), "买"),  # 姐妹们冲
    # speechless and low (the model read 我真的会谢 +0.48 with gratitude, 栓Q +0.32, emo了 +0.82, T_T +0.69 with joy);
    # emo only as a word of its own, not in demo or memo; and the kaomoji of a table flipped in anger. Not ^_^: the
    # 2010s reviews put it after a complaint as often as after praise
    (re.compile("我真的会谢|我真会谢了"), "我真的无语"),
    (re.compile("[栓拴]q", re.IGNORECASE), "无语"),
    (re.compile("(?<![a-z])emo(?![a-z])", re.IGNORECASE), "很难过"),
    (re.compile("(?<![a-z_])(?:t_t|qaq)(?![a-z_])", re.IGNORECASE), "很难过"),
    (re.compile("┻━┻"), "气死了"),
    # 无力吐槽 ("too tired to complain", +0.67 with joy) and thanking someone's whole family (谢谢你全家 +0.95 with
    # gratitude) are speechless sarcasm; not thanks for the family's care (谢谢你们全家的照顾)
    (re.compile("无力吐槽"), "真的无语"),
    (re.compile("谢谢[你您]全家(?!的)"), "真的很无语"),
    (re.compile("谢谢你们全家(?!的)"), "真的是很无语"),
    # 丑萌 (ugly-cute) is praise (丑萌丑萌的 had read −0.26); 齁 (cloying) a complaint (甜到齁 +0.48), but not the
    # sentence-final 齁 of Taiwanese Mandarin (好吃齁), so only before a taste or after a degree word
    (re.compile("丑萌"), "可爱"),
    (re.compile("齁(?=[甜咸腻嗓人死]|了)|(?<=[到太好真超])齁"), "腻"),
    # intensifiers: Cantonese 好鬼X / 鬼咁X and the slang X到飞起 (very X) read as praise whatever X was (好鬼贵 +0.80,
    # 鬼咁贵 +0.18, 贵到飞起 +0.42)
    (re.compile("好鬼(?=[\u4e00-\u9fff])|鬼咁(?=[\u4e00-\u9fff])"), "非常"),
    (re.compile("(?<=[\u4e00-\u9fff])到飞起"), "得不行"),
    # a polite closing, thanks in advance (那就麻烦你们了 had read −0.93, 麻烦了 −0.96): only the last clause, and
    # only on its own, so 太麻烦了 and 退货好麻烦了 keep their complaint and 麻烦你了，尽快发货 stays a request
    (re.compile("(?<![^,。!?~ ])((?:那就|那|就|先)?)麻烦(?=(?:你们|你|您|亲)?了[,。!?~ 啊呀哈]*$)"), r"\1谢谢"),
    # warning them: 慎拍 had read +0.76, 避雷 +0.38 (宝宝们避雷 neutral), 姐妹们快跑 +0.70; 不荐 reads as 不推荐. Not
    # 避雷针 (a lightning rod), nor asking whether to avoid it (避雷还是种草？).
    (re.compile("慎[拍买购]|慎入(?!住)|勿[拍购]|避雷(?!针|成功|还是|吗|不)|(?:(?<=们)|(?<=大家))快跑" + _CLOSE), "不荐"),
    (re.compile("在线等(?!待)"), "很着急"),  # "waiting online": a customer who needs the answer now
    # "X is online": X is up to standard; only after a quality noun, so 在线客服 and 在线阅读 stay literal
    (re.compile("(味道|口味|口感|颜值|颜色|质量|品质|做工|质感|手感|音质|画质|性能|效果|演技|剧情|实力|水平|审美)在线" + _CLOSE),
     r"\1不错"),
    (re.compile("血赚"), "超值"),  # read as 血 (blood) otherwise
    (re.compile("智商税"), "冤枉钱"),
    (re.compile("(?<!屋顶)(?<!房顶)捡漏(?=[了啦]|$|[,。!?~ ])"), "赚到"),  # a bargain, not a roofer's leak repair
    # 辣鸡 is 垃圾 only where it qualifies a thing or stands alone: 香辣鸡翅 and 辣鸡好吃 stay food
    (re.compile("(?<![香麻甜酸])辣鸡(?=产品|东西|玩意|客服|快递|质量|服务|商家|卖家|平台|软件|app|系统)"), "垃圾"),
    (re.compile("(?<=[真太纯])辣鸡"), "垃圾"),
    # 牛 as praise (太牛了, 真牛, 牛逼): the vulgar 逼 read as a complaint; 牛肉, 吹牛 and 牛逼哄哄 (arrogant) stay
    (re.compile("牛[逼bB掰批哔](?!哄)"), "很棒"),
    (re.compile("(?<=[太真好很超巨贼么])牛(?=[了啊呀吧,。!~ ]|$)"), "棒"),
    (re.compile("(?<![把被给])吹爆(?![了掉])"), "力荐"),  # "blow it up" with praise; 把气球吹爆了 stays literal
    # "the worry was needless" read as the worry (之前担心是假货，发现多虑了 −0.95, anxious); 不要多虑了 is advice
    (re.compile("(?<![不别要])多虑(?=[了啦])"), "放心"),
    (re.compile("(?<![不别要])白担心(?=[了啦])"), "很放心"),
)
# A link carries no opinion, and its Latin word pieces read as one (链接 + a JD URL had read +0.43 for a complaint):
# blanked to spaces of its length, which the whitespace fold then collapses like any other run.
_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+", re.IGNORECASE)
_EMOJI_STRIP = re.compile("[\ufe0f\u200d\U0001f3fb-\U0001f3ff]")
_WS = re.compile(r"\s+")
_BRACKET_EMOTICON = re.compile(r"\[([\u4e00-\u9fffA-Za-z]{1,4})\]")
_REPEAT = re.compile(r"(.)\1{3,}")

# Sentence ends and clause breaks. Kept as character classes so splitting stays one regex pass.
_SENTENCE_END = "。！？!?；;…\n"
_CLAUSE_BREAK = _SENTENCE_END + "，,、：:~～"
_SENTENCE_SPLIT = re.compile(f"(?<=[{re.escape(_SENTENCE_END)}])")
_CLAUSE_SPLIT = re.compile(f"(?<=[{re.escape(_CLAUSE_BREAK)}])")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _converted_characters() -> frozenset[str]:
    """Characters without which opencc's t2s leaves a text as it is: every character it maps to another, and for each
    phrase it rewrites without such a character (反覆 → 反复, 沈默 → 沉默: 71 of them), the characters it rewrites. 99 % of
    customer texts hold none, and opencc's pure-Python phrase segmentation took 4.5 % of in-process serving time."""
    folder = Path(opencc.__file__).parent / "dictionary"

    def entries(name: str) -> list[tuple[str, str]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        return [(key, value.split(" ")[0]) for key, value, *_ in (line.split("\t") for line in lines if "\t" in line)]

    changed = {key for key, value in entries("TSCharacters.txt") if value != key}
    for key, value in entries("TSPhrases.txt"):
        if value != key and changed.isdisjoint(key):  # a character the phrase rewrites (覆 in 反覆), or all of them
            rewritten = {k for k, v in zip(key, value, strict=True) if k != v} if len(key) == len(value) else set(key)
            changed.update(rewritten)
    return frozenset(changed)


def to_simplified(text: str) -> str:
    """opencc's Traditional → Simplified (t2s), skipped for a text it would leave as it is."""
    return text if _converted_characters().isdisjoint(text) else _t2s().convert(text)


def emoji_to_words(text: str) -> str:
    """Replace each known emoji with its word in brackets-free form, e.g. '😭' → '（大哭）'."""
    text = _EMOJI_STRIP.sub("", text)
    if text.isascii():
        return text
    return "".join(f"（{EMOJI_WORDS[ch]}）" if ch in EMOJI_WORDS else ch for ch in text)


# The service's wrappers each read a text normalised (placeholders, stated verdicts, the model): one normalising serves
# them all within a batch (at most a few hundred texts; 1,024 texts of 2,048 characters hold about 8 MB).
@lru_cache(maxsize=1024)
def normalize(text: str, *, keep_links: bool = False) -> str:
    """Canonical form fed to every model: NFKC, Simplified, emoji and slang as words, links blanked, collapsed
    whitespace.

    Weibo emoticons like [泪] become （泪） so the tokenizer sees the word without the brackets'
    noise; runs of one repeated character longer than three are shortened (好好好好好 → 好好好). `keep_links` is for
    the review corpus's deduplication key only, which must stay what it was when the splits were drawn
    (`training.data.clean_corpus`): blanking links merges reviews that differ only by one.
    """
    text = unicodedata.normalize("NFKC", text)
    text = emoji_to_words(text)
    text = _BRACKET_EMOTICON.sub(r"（\1）", text)
    text = plain_slang(to_simplified(text))
    text = text if keep_links else blank_links(text)
    text = _REPEAT.sub(r"\1\1\1", text)
    # The vocabulary's Latin word pieces are lower-case (bert-base-chinese); the tokenizer does not lower.
    return _WS.sub(" ", text).strip().lower()


def plain_slang(text: str) -> str:
    """`SLANG_WORDS` rewritten as plain words, each keeping its length."""
    for pattern, plain in SLANG_WORDS:
        text = pattern.sub(plain, text)
    return text


def blank_links(text: str) -> str:
    """Each URL replaced by as many spaces (so the length, and evidence's map to the original, hold)."""
    return _URL.sub(lambda m: " " * len(m.group()), text) if "://" in text or "www." in text.lower() else text


def normalize_with_origins(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """`normalize(text)` and, for each of its characters, the span of `text` it came from (an emoji's word points at
    the emoji, a shortened run at the whole run); None where the steps do not map character by character (opencc
    changing a phrase's length, combining marks). `normalize` stays the one definition: this only explains its
    output, and is checked against it."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if _EMOJI_STRIP.match(c):
                continue
            word = EMOJI_WORDS.get(c)
            for piece in f"（{word}）" if word and not text.isascii() else c:
                chars.append(piece)
                spans.append((i, i + 1))
    # all three keep the length, or the check below fails
    folded = blank_links(plain_slang(to_simplified(_BRACKET_EMOTICON.sub(r"（\1）", "".join(chars)))))
    if len(folded) != len(spans):
        return None
    out: list[str] = []
    out_spans: list[tuple[int, int]] = []
    i = 0
    while i < len(folded):
        run = _REPEAT.match(folded, i) or (_WS.match(folded, i) if folded[i].isspace() else None)
        if run is None:
            out.append(folded[i])
            out_spans.append(spans[i])
            i += 1
            continue
        kept = " " if folded[i].isspace() else folded[i] * 3
        for k, piece in enumerate(kept):
            last = k == len(kept) - 1
            out.append(piece)
            out_spans.append((spans[i + k][0], spans[run.end() - 1][1] if last else spans[i + k][1]))
        i = run.end()
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip())
    body = joined.strip()
    lowered = body.lower()
    if lowered != normalize(text) or len(lowered) != len(body):
        return None
    return lowered, out_spans[lead : lead + len(body)]


def in_original(text: str, normalized: str, spans: list[tuple[int, int]] | None, piece: str) -> str:
    """The characters of `text` behind `piece`, a substring of its normalised form; `piece` itself where that
    cannot be told."""
    at = normalized.find(piece) if spans is not None and piece else -1
    if at < 0 or spans is None:
        return piece
    return text[spans[at][0] : spans[at + len(piece) - 1][1]].strip()


def original_piece(text: str, normalized: str, piece: str) -> str:
    """`piece`, a substring of `normalized` (`normalize(text)`), in the customer's own characters."""
    if piece in text:  # the common case: plain Simplified words, nothing to map
        return piece
    aligned = normalize_with_origins(text)
    return in_original(text, normalized, aligned[1] if aligned else None, piece)


def split_sentences(text: str) -> list[str]:
    """Sentences, keeping their end punctuation; empty pieces dropped."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def split_clauses(text: str) -> list[str]:
    """Clauses (split at commas too), keeping their punctuation; empty pieces dropped."""
    return [s.strip() for s in _CLAUSE_SPLIT.split(text) if s.strip(" ，,、：:~～")]


# What ends a clause of a normalised text when a rule measures how much else the text says: the clause breaks, a
# space (reviews use it as a comma) and "." (a sentence's end in many reviews more often than a decimal point).
_SAID_CLAUSE_END = _CLAUSE_BREAK + " ."
_NOT_SAID = re.compile(f"[{re.escape(_SAID_CLAUSE_END)}\\s]")


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of `text` that holds `text[start:end]` (wider where the piece crosses a break)."""
    first = max(text.rfind(c, 0, start) for c in _SAID_CLAUSE_END) + 1
    last = min((i for i in (text.find(c, end) for c in _SAID_CLAUSE_END) if i >= 0), default=len(text))
    return text[first:last]


def clause_end(text: str, start: int) -> int:
    """The index just past the comma- or sentence-delimited clause of a normalised text that holds `start`, its
    question mark included, so a rule can tell whether that clause asks."""
    return next((i + 1 for i in range(start, len(text)) if text[i] in ",。!?;~"), len(text))


def said_besides(text: str, piece: str) -> int:
    """How many characters `text` says besides `piece`, punctuation and spaces not counted."""
    return len(_NOT_SAID.sub("", text)) - len(_NOT_SAID.sub("", piece))


# Characters a short text may say besides the clause a rule reads as its verdict (老顾客了, 菜品平平): beyond them that
# clause is one remark among many in a review, and the model reads the rest.
MAX_ASIDE = 12


def says_little_else(text: str, piece: str) -> bool:
    """True when `text` says at most `MAX_ASIDE` characters besides `piece`."""
    return said_besides(text, piece) <= MAX_ASIDE


def windows(text: str, max_chars: int) -> list[str]:
    """Split a long text into windows of whole sentences of at most `max_chars` each.

    A single sentence longer than the window is cut into clause-sized, then fixed-size pieces, so no
    character is ever dropped.
    """
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    for sentence in split_sentences(text):
        if len(sentence) <= max_chars:
            pieces.append(sentence)
            continue
        for clause in split_clauses(sentence):
            pieces.extend(clause[i : i + max_chars] for i in range(0, len(clause), max_chars))
    out: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > max_chars:
            out.append(current)
            current = ""
        current += piece
    if current:
        out.append(current)
    return out
