# %% [markdown]
# # Sincere praise in sarcasm's words: 真是 / 太…了 / 厉害 / 绝了 are not sarcasm by themselves
#
# The sarcasm generator (`training/synthetic_hard.py`) put 真是, 太…了, 厉害, 绝了, 点个赞, 不愧是 and 谢谢 only in
# complaints (真是“贴心”的服务，客服半天不回), and the review corpus has too few sincere counterparts to balance them.
# The artefact trained on it (the GPU student of session 15) read everyday praise as complaints: 物流真是快，昨天下单今天
# 就到 -0.82, 客服态度太好了 -0.77, 质量真是好，穿了一年都没变形 -0.93; and the order-status line 确认收货 as an anxious
# complaint (-0.77). For a shop these are the worst errors there are: praise opens a triage item and a recovery action.
#
# The fix is in the data: `_sincere` writes the same cues into praise that the rest of the text agrees with (three
# shares of the hard texts, 1,200 of 4,800, because at one share a continuation still missed 9 of the first set's 20), and the neutral
# statements gain order-status lines (确认收货, 货已收到). The cue alone then decides nothing; only the quotes or a
# contradicting clause make praise words sarcastic.
#
# Measured on two hand-written probe sets (below; never trained on: the first was written before the generator, the
# second after the seed 44 and 45 runs had finished, and read once for them and once for seed 46), and on the dev reviews. The test split and
# the gold set were not read to decide.
#
# | model (served) | dev reviews | sincere praise (45) | order status (10) | sarcasm (15) |
# |---|---|---|---|---|
# | previous artefact | 89.57 % | 24 | 7 | 15 |
# | + 1 epoch, sincere at one share (seed 44) | 89.57 % | 26 | 7 | 14 |
# | + 1 epoch, sincere at three shares (seed 45) | 89.52 % | **32** | **9** | 14 |
# | + 2 epochs, three shares (seed 46) | 89.57 % | 31 | 8 | 14 |
#
# Adopted: seed 45, on the probes first with dev as a guard (within one text), before the test split or the gold
# set was read. Each run: one epoch 405-420 s on 2 cores (bf16 autocast), packaging with the quantisation-aware pass
# about 4 min. Its refitted TF-IDF blend weight is 0 (seed 46's 0.5), so the bundled artefact no longer ships the
# expert. Still missed: 13 of 45 sincere texts, most with a second clause the model reads as a fault denial or
# hardship (味道一直没变, 好吃到哭, 问了好多遍都不烦), and 厉害 used as praise of speed.
#
# Run (about 15 minutes a run on 2 cores): first `git archive 364df85 models/artifacts/xinsheng-m3e-small-int8 | tar -x -C
# training/runs/previous` and the first cell of `notebooks/continue_from_int8.py` with that folder in place of
# DEFAULT_TRANSFORMER_DIR, which writes training/runs/continue-from-int8/rebuilt; then this notebook.

# %%
from pathlib import Path

import training.finetune as finetune
from models.transformer import TransformerClassifier
from training.candidates import package_candidate
from training.data import load_split
from training.datasets import training_sets
from training.distill import teacher_sentiment_logits
from training.evaluate import evaluate_reviews

PREVIOUS = Path("training/runs/previous/models/artifacts/xinsheng-m3e-small-int8")
REBUILT = Path("training/runs/continue-from-int8/rebuilt")
SEED, EPOCHS = 45, 1
WORK = Path(f"training/runs/sincere-{SEED}")

# %% [markdown]
# ## The probes

# %%
FIRST = {
    "positive": [
        "客服态度太好了",
        "快递小哥人太好了，还帮我搬上楼",
        "真是太好了，下次还来",
        "这次买的真是太值了",
        "老板人真好，还送了小礼物",
        "味道真是绝了，强烈推荐",
        "真的太喜欢了，已经推荐给朋友",
        "服务真是没得说",
        "太感谢客服了，耐心帮我解决了问题",
        "师傅太专业了，装得又快又好",
        "给骑手点个赞，下雨天还准时送到",
        "厉害了，第二天就到了",
        "笑死我了，这个小玩具太可爱了",
        "哈哈哈笑死，孩子玩得超开心",
        "宝贝收到了，真是太满意了",
        "这价格真是太划算了",
        "酒店前台真是太贴心了",
        "真是好吃到哭",
        "质量真是好，穿了一年都没变形",
        "物流真是快，昨天下单今天就到",
    ],
    "neutral": [
        "确认收货",
        "已收货",
        "已签收，还没拆",
        "东西收到了",
        "订单已完成",
    ],
    "negative": [
        "真是太“好”了，用一次就坏",
        "服务真是好啊，等了三天没人理",
        "呵呵，质量真是一流，开线了",
        "厉害了，发错货还不认",
        "谢谢你们让我白跑一趟",
    ],
}
SECOND = {
    "positive": [
        "这家店真是良心，分量足还便宜",
        "外卖小哥太辛苦了，送得很准时，谢谢",
        "真是买对了，孩子天天抱着玩",
        "房东人太好了，还给我们准备了水果",
        "衣服真是好看，上身效果比图片还好",
        "太惊喜了，居然还送了赠品",
        "这次的客服真是太耐心了，问了好多遍都不烦",
        "绝了绝了，这口红颜色太显白了",
        "厉害，半小时就修好了",
        "不愧是老字号，味道一直没变",
        "点赞！包装得严严实实的",
        "真是太方便了，一键就能退换",
        "耳机音质真是好，低音很足",
        "物流也太快了吧，早上下单下午就到",
        "真是物美价廉，已经回购三次了",
        "床垫太舒服了，一觉睡到天亮",
        "售后真是给力，直接给换了新的",
        "真心推荐，老板人也超好",
        "太好吃了吧，下次还点",
        "酒店真是干净，床单都是新换的",
        "屏幕真是清晰，看视频超爽",
        "效率太高了，昨天报修今天就上门了",
        "哈哈哈太可爱了，笑死我了",
        "真是超出预期，做工很精细",
        "谢谢客服小姐姐，帮我改了地址",
    ],
    "neutral": [
        "已确认收货，还没试",
        "货收到了，明天再用",
        "订单签收了",
        "收货了",
        "已经收到包裹",
    ],
    "negative": [
        "真是“良心”商家，缺斤少两",
        "效率真高啊，一个月了还没退款",
        "太“贴心”了，直接把我拉黑了",
        "谢谢你们，又让我白等了一天",
        "厉害了，三天两头坏",
        "呵呵，真是好服务，打电话没人接",
        "不愧是大牌，包装都是破的",
        "给你们点个赞，发错了三次",
        "绝了，收到就是坏的",
        "真是服了，客服一问三不知",
    ],
}


def probe(folder: Path) -> dict[str, int]:
    """Right answers per expected label, over both probe sets."""
    classifier = TransformerClassifier(folder)
    right = {}
    for label in ("positive", "neutral", "negative"):
        texts = FIRST[label] + SECOND[label]
        right[label] = sum(a.sentiment == label for a in classifier.analyze(texts))
    return right


# %% [markdown]
# ## One more epoch from the previous artefact, distilled from it on the review texts

# %%
train_set, dev_set = training_sets()
teacher = teacher_sentiment_logits(PREVIOUS, [e.text for e in train_set if e.source == "reviews"])
config = finetune.TrainConfig(base_model=str(REBUILT / "encoder"), output_dir=WORK / "run", epochs=EPOCHS, lr=3e-5,
                              max_length=192, adversarial_epsilon=0.0, seed=SEED)
print(finetune.train(config, train_set, dev_set, teacher=teacher, start=REBUILT))

# %% [markdown]
# ## Package it like the artefact; compare served dev reviews and the probes

# %%
candidate = package_candidate(WORK / "run" / "best", WORK / "candidate")
dev_reviews = load_split("dev")
for folder in (PREVIOUS, candidate):
    print(folder, "served dev reviews", evaluate_reviews(TransformerClassifier(folder), dev_reviews)["accuracy"],
          "probes", probe(folder))
