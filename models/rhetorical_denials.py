"""Rhetorical denials: 有什么好X的 (what is there to X?) says there is nothing to X.

The encoder reads the denied word, not the denial: the bundled model read 这有什么好看的 as +0.92, 这个牌子有什么好吹的
+0.91 and 这玩意儿有什么值得买的？ +0.92 (a dismissal: a complaint), and 这有什么好担心的，质量杠杠的 −0.88 with
anxiety (a reassurance: praise). The training corpus has almost no such sentence, so its confidence is evidence about
the word alone; `models.stated_verdicts` therefore blends a denial in with odds large enough to overturn it.

Which way a denial points follows what is denied. Denying a worry or a fault (担心, 犹豫, 挑, 计较) reassures; denying an
excuse (解释, 狡辩) accuses; denying anything else (看, 买, 吹, 排队) dismisses. 有什么好说的 / 好比的 say neither.

The same words also ask a real question: 这附近有什么好吃的？ 你们有什么好喝的？ 还有什么好玩的吗. A dismissal
therefore needs one of: a verb nobody asks about sincerely (吹, 炫耀, 骄傲); a 这 subject that is not a place
(这破手机, 这种网红店, not 这附近 / 这边); or contempt elsewhere in the text (就这, 破, 垃圾). 吗 and 呢 after 的 mark
a real question and never match. A text that reverses a view (以为…, 没想到, 真香) or reports someone else's
(朋友说这有什么好买的) is left to the model.
"""

from __future__ import annotations

import re

# Clause ends in the normalised text (NFKC keeps 。 but turns ，！？ into ASCII).
_ENDS = ",。.!?;~…"
# 有什么好X的 / 有啥可X的 / 有什么值得X的, ending its clause (or with a particle that keeps it rhetorical).
_DENIAL = re.compile(
    rf"(?<!没)有(?:什么|啥|甚么)(?:好|可|值得)(?P<denied>[^\W\d_的]{{0,4}}?)的(?=[{_ENDS}\s]|$|[啊呀嘛哦吧哈])"
)
# Denied worries and faults: the customer is reassured.
_REASSURING = re.compile(r"担心|担忧|怕|紧张|犹豫|纠结|顾虑|后悔|挑|计较|抱怨|嫌弃|介意|在意|心疼|怀疑|吐槽|不满|大惊小怪")
# Denied excuses: the customer accuses.
_ACCUSING = re.compile(r"解释|狡辩|辩解|辩|推脱|推卸|抵赖|赖")
# Denied words that make no verdict either way (有什么好说的 is resignation or praise alike).
_NEITHER = re.compile(r"说|讲|谈|聊|比|问|商量|争|吵|哭|笑|奇怪|意外|惊讶")
# Verbs no one asks about sincerely: whatever their subject, the question dismisses.
_ALWAYS_DISMISSIVE = re.compile(r"吹|夸|炫耀|显摆|骄傲|自豪|得意|神气|嘚瑟|得瑟|稀罕|牛|拽|装|抢|排队|追捧|惊艳")
# A 这 subject that is the thing dismissed, not a place asked about (这附近, 这边, 这里有什么好吃的？).
_THIS_SUBJECT = re.compile(r"这(?!附近|边|里|儿|周|一带|地方|块|次|回|时候|会儿).{0,8}?$")
# Contempt anywhere in the text (also what rules out a real question in `models.advice_questions`).
CONTEMPT = re.compile(rf"就这|破|烂|垃圾|呵呵|切[{_ENDS}]|坑")
# A view reversed (以为, 没想到, 真香) or someone else's (朋友说): the denial is not the customer's verdict now.
_NOT_THEIRS = re.compile(r"以为|以前|之前|原来|本来|当初|曾经|一开始|起初|没想到|结果|后来|真香|说[^,。!?;]{0,12}有(?:什么|啥)")


def rhetorical_denial(text: str) -> tuple[int, str, str] | None:
    """(+1 or −1, the words, the emotion they carry) for a normalised text whose 有什么好X的 denies X, else None."""
    matches = list(_DENIAL.finditer(text))  # most texts (every aspect clause is asked) hold none: checked first
    if not matches or _NOT_THEIRS.search(text):
        return None
    for match in matches:
        denied = match["denied"]
        if _NEITHER.match(denied):
            continue
        if _REASSURING.match(denied):
            return 1, match.group(0), "joy"
        if _ACCUSING.match(denied):
            return -1, match.group(0), "anger"
        clause_start = max(text.rfind(p, 0, match.start()) for p in _ENDS) + 1
        subject = text[clause_start : match.start()].removesuffix("还")
        if _ALWAYS_DISMISSIVE.match(denied) or _THIS_SUBJECT.search(subject) or CONTEMPT.search(text):
            return -1, match.group(0), "disappointment"
    return None
