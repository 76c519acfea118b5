"""Hand-written probe texts for the notebooks: never trained on, never used to fit anything.

SINCERE_* (notebooks/sincere_praise.py): praise in sarcasm's words, order-status lines, and sarcasm. The first set was
written before the `_sincere` generator, the second after its first runs.
SOCIAL_DESIGN (notebooks/social_register.py): everyday customer texts across shops, food delivery, hotels, apps and
posts; its errors were read to write `training/synthetic_social.py`, so figures on it are optimistic.
SOCIAL_HELD_OUT: social-media register, written before any model trained on the social generator was scored. Its
errors have been read since (four texts are quoted in the README), so it is held out from training, not from reading.
IDIOMS_HELD_OUT: praise idioms with a complaint's surface (这辈子没吃过这么香的…), their complaint twins, and "received,
not used yet" lines (neutral); written on 2026-11-27 before `training/synthetic_idioms.py`, which shares none of them.
PROS_CONS_HELD_OUT: pros / cons forms (优点：… 缺点：暂无 …) whose fields decide, and two balanced ones (neutral); written
on 2026-11-27 (third session) before any model trained on `training/synthetic_pros_cons.py`; their fields are not the
generator's clauses, and six of their headers (好评理由, 不足之处, 满意之处 …) are not among its headers.
HEDGES_HELD_OUT: praise and complaints with a guessed cause (可能是…的缘故吧), luck credited or blamed, and unwanted things
said to be absent or present; written on 2026-11-27 (fourth session) before any model trained on
`training/synthetic_hedges.py`, with none of its clauses.
REQUESTS_HELD_OUT: returns, exchanges and changes asked for the customer's own reasons (neutral) and the same asked
because of a fault (complaints); written on 2026-11-27 (sixth session) before any model trained on
`training/synthetic_requests.py`, with none of its reasons word for word.
SECOND_PERSON_HELD_OUT: questions put to the business as 你们 (你们酒店有停车位吗？): 30 pre-sale and service inquiries
(neutral), 12 complaints and 4 praises put as 你们 questions; written on 2026-11-27 (eleventh session) before
`training/synthetic_second_person.py`, which shares none of them word for word. The bundled artefact then read every
one of the 30 inquiries as an angry complaint. Since 2026-12-06 its 你们的质检是干什么吃的？ is read by the insult rule in
`models/stated_verdicts.py`, written after that text was seen read as neutral: it no longer counts as held out.
Likewise 你们还招人吗？, answered as neutral since 2026-12-06 by `models/business_inquiries.py`, written after it was
seen read as an angry complaint.
THREATS_HELD_OUT: 16 threats to escalate put to the business as 你们 that name the step (a post, a hotline, a lawyer),
not the fault; written on 2026-11-28 (twelfth session), after the 你 edit read the gold set's one such text as praise
and before the generator had any.
CUSTOMER_TEXTS (`customer_texts_2026_11_27.tsv`, sentiment and top emotion): 313 everyday customer texts of every kind
(reviews, chat and ticket messages, social posts, slang, code-mixing, Traditional, one-word replies), written on
2026-11-27 (sixth session) to look for misreadings. Their errors were read to write the second round of the slang
glossary and the placeholder interjections, so serving-side figures on them are optimistic; no model has trained on
them. The emotion labels are one reader's (anger and disappointment overlap in about a fifth of complaints).
CUSTOMER_TEXTS_HELD_OUT (`customer_texts_held_out_2026_11_27.tsv`): 118 more, written on 2026-11-27 (tenth session)
and labelled before any model read them: 60 everyday texts of shops, games, insurance, telecom, schools, clinics,
delivery, travel and apps, and 58 questions (pre-sale inquiries, which are neutral; complaints and praise put as
questions). Nothing was designed on them. The bundled artefact: sentiment 112 of 118, top emotion 98. One exception
since 2026-12-06: `models/advice_questions.py` was written after its 175斤穿多大码合适 was seen read as praise, so that
text no longer counts as held out (served figures from then on are one text optimistic).
CHANGES_HELD_OUT, ABSENT_MERITS_HELD_OUT, UNWANTED_CHARGES_HELD_OUT, LISTING_HELD_OUT, FORM_FIELDS_HELD_OUT,
FIELD_TEMPLATES_HELD_OUT, WAITS_HELD_OUT, SPEECHLESS_HELD_OUT, REPEAT_PURCHASES_HELD_OUT (2026-12-06, seventeenth
session): then-and-now texts, merits said to be missing, charges never agreed to, products measured against their
listing, single fields of a pros / cons form, reviews in a shop's field template, long waits, speechless sarcasm,
repeat purchases, regret at finding the shop late (LATE_DISCOVERIES_HELD_OUT), one merit or fault granted with every
other denied (EXCEPT_ONE_HELD_OUT), promises kept (PROMISES_KEPT_HELD_OUT), faults said to be missing
(ABSENT_FAULTS_HELD_OUT), the slang 丑萌 and 齁 (UGLY_CUTE_AND_CLOYING_HELD_OUT), Cantonese and slang intensifiers
(INTENSIFIERS_HELD_OUT), and past verdicts said to go on (CONTINUED_HELD_OUT), each written before its rule. One exception: 会员取消了
怎么还在自动扣款 was read while `models/unwanted_charges.py` was written, so it no longer counts as held out. And
`models/field_templates.py` first read lone fields too, and 运行速度：很卡 of FIELD_TEMPLATES_HELD_OUT went wrong (its
value alone reads +0.75); the rule was then narrowed to templates of two fields or more, so that set is no longer held
out for lone fields.
"""

from pathlib import Path

P, N, U = "positive", "negative", "neutral"

SINCERE_FIRST = {
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
SINCERE_SECOND = {
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


# (text, expected sentiment)
SOCIAL_DESIGN = [
# e-commerce
("衣服收到了，版型很正，面料也舒服，老公穿着很精神", P),
("鞋子码数偏大，换了一次还是不合适，退货又要自己出运费", N),
("第二次回购了，一如既往的好", P),
("买了三件，其中一件有个小洞，联系客服给补偿了五块钱，态度还行", P),
("包装简陋，盒子都压扁了，好在东西没坏", N),
("跟实体店一样的，价格便宜了一百多，划算", P),
("颜色和图片差太多了，像是洗过很多次的旧衣服", N),
("东西还没用，先给个好评吧", P),
("发货速度可以，质量嘛一分钱一分货", N),
("客服说七天无理由，结果寄回去又说影响二次销售不给退", N),
("质量一般般，凑合用吧", N),
("宝贝收到了，孩子很喜欢，天天抱着睡觉", P),
("充电器用了不到一个月就充不进电了", N),
("和描述的一致，物流也给力", P),
("这个价位能买到这样的已经很不错了", P),
("等了十天才到，早就不需要了", N),
("手感不错，就是有点重，整体满意", P),
("假货！跟专柜的对比明显不一样", N),
("店家很实在，还送了小礼品", P),
("说是纯棉的，洗了一次就缩水了", N),
# food delivery
("外卖送到的时候汤都洒了，骑手也没道歉", N),
("分量足，味道也好，就是辣椒放少了点，下次备注多放辣", P),
("米饭硬得像石头，菜也是咸的，再也不点了", N),
("老店了，一直点他家，稳定", P),
("炸鸡外酥里嫩，配的酱也好吃", P),
("点的微辣结果辣到怀疑人生", N),
("送餐小哥冒雨送来的，还提前了十分钟，必须好评", P),
("吃完拉肚子了，不知道是不是食材不新鲜", N),
("等了一个半小时，商家说骑手不够，我能说什么", N),
("这家的酸菜鱼是我吃过最好吃的", P),
# hotel / travel
("房间有股烟味，换了一间还是有", N),
("前台小姐姐很热情，还帮我们升级了房型", P),
("位置在市中心，出门就是商场，逛街很方便", P),
("空调坏了一晚上，报修了没人来", N),
("早餐种类不多，但是味道不错", P),
("床单上有头发，卫生堪忧", N),
("性价比很高，下次来还住这里", P),
("隔壁装修从早吵到晚，根本没法休息", N),
("航班取消了，也没个短信通知，到了机场才知道", N),
("司机师傅开车很稳，还帮忙搬行李", P),
# app / telecom / service
("新版本太难用了，找个设置要翻半天", N),
("升级之后耗电明显少了，赞", P),
("每次打开都是开屏广告，关都关不掉", N),
("客服小王很有耐心，一步一步教我操作，解决了问题", P),
("宽带三天两头断，打了四次电话还是没修好", N),
("话费莫名其妙多扣了二十，查了半天也没人给个解释", N),
("这个功能太实用了，早就该出了", P),
("注册要填一堆信息，麻烦死了", N),
("退款秒到账，体验很好", P),
("投诉了一个星期都没人处理，我要找消费者协会", N),
# social / colloquial
("救命，这个口红颜色绝了，黄皮也能涂", P),
("踩雷了姐妹们，千万别买", N),
("真香，后悔没早点买", P),
("无语，又是这样", N),
("谁懂啊，终于抢到了", P),
("智商税，别买", N),
("冲冲冲，闭眼入", P),
("一言难尽", N),
("太可了，已推荐给闺蜜", P),
("血亏，钱白花了", N),
# negation / contrast / mixed
("没有想象中那么好，但也不算差", N),
("不是很满意，下次不会再买了", N),
("并没有什么异味，放心", P),
("没觉得有多好吃，可能是期望太高了", N),
("虽然贵了点，但是一分钱一分货，值得", P),
("看着挺好，用起来就不是那么回事了", N),
("不得不说，这次的体验真的很棒", P),
("不能更满意了", P),
("再也不会相信这家店了", N),
("从来没遇到过这么差的服务", N),
# sarcasm / rhetorical
("呵呵，五星好评，下次还买（不可能）", N),
("真是谢谢你们了，让我白跑一趟", N),
("这质量，也好意思卖这个价？", N),
("就这？还网红店？", N),
("这么好的东西，怎么才发现？", P),
("有必要这么敷衍吗？", N),
# neutral
("请问这款有黑色的吗", U),
("几号能发货？", U),
("已经下单了，麻烦尽快发货", U),
("我想改一下收货地址", U),
("发票可以开公司抬头吗", U),
("今天到货，还没拆开", U),
]

SOCIAL_HELD_OUT = [
("救命，这家的蛋糕好吃到我想哭", P),
("救命啊，买的空调装了三天还不制冷", N),
("哭死，客服小姐姐也太温柔了吧", P),
("哭了，等了两个小时的外卖被送错了", N),
("我真的会谢，又发错货了", N),
("这个面霜我愿称之为神", P),
("无语，快递员直接扔在门口，下雨全湿了", N),
("谁懂啊，这个价格买到这么好的羽绒服", P),
("不允许还有人没吃过这家的小龙虾", P),
("好用到哭，已经安利给全家了", P),
("这耳机降噪强到离谱", P),
("离谱，退个货要填八张表", N),
("不能再满意了，老板人超好", P),
("没有比这更差的酒店了", N),
("再也找不到这么好吃的店了", P),
("没见过这么坑的商家", N),
("这是什么神仙服务啊", P),
("这都什么破服务啊", N),
("五星好评，下次一定再来", P),
("五星好评（反的）", N),
("我哭了，拆开就是碎的", N),
("姐妹们冲，不好用来找我", P),
("姐妹们避雷，用了脸上过敏", N),
("杀疯了，这次的新品每款都好看", P),
("真的栓Q，客服说话阴阳怪气", N),
("吹爆这家店", P),
("笑死，说好的包邮结果收了十块运费", N),
("狠狠爱住，颜色温柔又显白", P),
("一生推，回购无数次了", P),
("就离谱，新买的手机屏幕自己裂了", N),
("这波不亏，比实体店便宜一半", P),
("亏麻了，降价一百也不给保价", N),
("小哥送到楼上还帮我把垃圾带下去了，感动哭", P),
("被坑惨了，千万别买", N),
("没想到这么便宜还这么好用，惊喜", P),
("用了没两天就坏了，服了", N),
("真的绝，包装都是独立的，很卫生", P),
("怎么会有这么好喝的奶茶", P),
("怎么会有这么难喝的奶茶", N),
("老板是懂生意的，送的比买的还多", P),
("请问周末营业吗", U),
("快递到哪了，怎么还没更新", N),
("收到了，还没来得及试", U),
]

IDIOMS_HELD_OUT = [
("这辈子没吃过这么香的烤鸭", P),
("以后就认准这家了，别的店都看不上了", P),
("安利给闺蜜了，她用了也说好", P),
("真香，当初嫌贵的我被打脸了", P),
("不好看你来打我，上身绝美", P),
("错过这家真的会遗憾", P),
("这家面馆我能连吃一个月", P),
("被种草的第二天就下单了，果然没让我失望", P),
("别犹豫了，直接买", P),
("我宣布这是我今年买过最值的东西", P),
("这辈子没住过这么脏的酒店", N),
("以后再也不会在这家买了", N),
("劝大家别买，我已经后悔了", N),
("拉黑了，再也不来", N),
("谁买谁后悔，做工太粗糙", N),
("刚拿到手，还没开始用", U),
("东西到了，等用几天再来追评", U),
("包裹已取，还没拆开看", U),
("给我妈买的，她还没穿，不知道合不合身", U),
("今天刚收到，效果怎么样过段时间再说", U),
]

PROS_CONS_HELD_OUT = [
("优点：发货速度快，包装严实，耳机音质也不错", P),
("优点：屏幕大，运行流畅；缺点：暂时没有发现", P),
("缺点：目前没有，用着挺顺手的", P),
("【优点】口感细腻，甜度刚好【不足】无", P),
("优点：房间干净，前台办理入住很快。缺点：停车位有点少。总体来说还是很满意的，下次还住", P),
("亮点：拍照清晰，电池耐用。槽点：有点重。总结：值得入手", P),
("好评理由：款式新颖，上身效果好", P),
("优点是性价比高，做工也精致，缺点嘛，说不出来", P),
("外观：很漂亮 做工：精细 缺点：暂无", P),
("优点：配送准时，饭菜还是热的；缺点：没有", P),
("满意之处：服务周到，环境优雅", P),
("优点：安装师傅很专业，噪音小。不足之处：无。推荐购买", P),
("优点：便宜。缺点：用了三天就坏了，联系客服也不理", N),
("缺点：电池不耐用，半天就没电了", N),
("优点：暂时没发现。缺点：屏幕有划痕，反应慢", N),
("【缺点】味道太咸，分量少", N),
("缺点：隔音差，空调噪音大。总结：不会再来了", N),
("优点：包装好看。缺点：东西跟图片完全不一样。总体：很失望", N),
("不足之处：物流太慢，等了十天", N),
("优点：没有。缺点：做工粗糙，有异味", N),
("缺点是卡顿严重，经常闪退，优点是……实在想不出来", N),
("差评理由：尺码不准，退货还要自己出运费", N),
("优点：外观还行；缺点：声音小，续航短，性价比低。不推荐", N),
("槽点太多：发热严重，充电慢", N),
("优点是轻薄，缺点是接口少，按需选择吧", U),
("优点：价格低；缺点：功能少，就看你更看重什么了", U),
]

HEDGES_HELD_OUT = [
("昨晚下单今早就收到了，估计是本地仓发的吧，给个好评", P),
("衣服比想象中厚实，可能是冬款的缘故，穿着很暖和", P),
("这次的草莓特别甜，也许是刚上市的原因吧", P),
("房间比上次住的还安静，大概是换到高层的关系", P),
("客服回得很快，可能刚好不忙吧，问题一下就解决了", P),
("运气不错，抢到的这批没有一个坏果", P),
("可能是我运气好吧，到手的屏幕一个亮点都没有", P),
("手机里没有乱七八糟的预装应用，很清爽", P),
("盒子里没有多余的卡片和传单", P),
("整个过程没有任何套路，也没有强制消费", P),
("电视开机没有广告，这点必须表扬", P),
("没有那些花里胡哨的功能，简单好用", P),
("等了四天才到，可能是赶上下雨了吧，有点着急", N),
("这次的面包有点硬，估计是放久了", N),
("空调一直嗡嗡响，大概是机器老化了，一晚上没睡好", N),
("菜都凉了，可能是骑手绕路了吧，体验很差", N),
("不知道是不是运气不好，连续两次收到破损的", N),
("也许是我倒霉，刚过保修期就坏了", N),
("开机一堆广告弹窗，关都关不掉", N),
("快递盒里塞满了各种小广告，还有返现卡", N),
("入住后被推销了好几次会员卡，烦死了", N),
("账单里多了好几项莫名其妙的费用", N),
]


REQUESTS_HELD_OUT = [
("我需要换一个大一码的", U),
("鞋子买小了，能换双39的吗", U),
("颜色选错了，想换成奶白色", U),
("给婆婆买的，她说用不惯，想退掉", U),
("还没拆封，七天内可以退吧？", U),
("不是东西的问题，就是不太合适，申请退款", U),
("航班改到后天了，房间帮我往后延一晚", U),
("周末才在家，麻烦周末再派送", U),
("地址填错了，帮我改成朝阳区那个", U),
("这单先帮我取消，我换个规格重新拍", U),
("能不能开个发票，单位报销用", U),
("想多买一个一起发，运费能合并吗", U),
("我想退货，穿了一次就开线了", N),
("衣服洗了一次就缩水，申请退款", N),
("收到的杯子是碎的，要求换货", N),
("发给我的是旧款，跟页面上不一样，我要退", N),
("耳机一边没声音，能换一个吗", N),
("房间空调是坏的，麻烦给我换一间", N),
("等了一周还没发货，这单不要了，退钱", N),
("少了一个配件，要么补发要么退款", N),
]

SECOND_PERSON_HELD_OUT = [
("你们酒店有停车位吗？", U),
("你们酒店有早餐吗？", U),
("你们店里有现货吗？", U),
("你们这边有发票吗？", U),
("你们有没有儿童座椅？", U),
("你们家有大码的吗？", U),
("你们周末营业吗？", U),
("你们酒店可以寄存行李吗？", U),
("你们店支持七天无理由退货吗？", U),
("你们送货上门吗？", U),
("你们有会员卡吗？", U),
("你们那边能开专票吗？", U),
("你们餐厅有包间吗？", U),
("你们这款有黑色的吗？", U),
("你们酒店离地铁站远吗？", U),
("你们能送到学校宿舍吗？", U),
("你们客服几点上班？", U),
("你们支持花呗吗？", U),
("你们有实体店吗？", U),
("你们这里可以刷医保卡吗？", U),
("你们酒店有健身房吗", U),
("你们家的衣服有S码吗", U),
("你们有外卖吗", U),
("你们那里有充电桩吗？", U),
("你们酒店有接机服务吗？", U),
("你们还招人吗？", U),
("你们的快递是顺丰吗？", U),
("你们有售后电话吗？", U),
("你们app有夜间模式吗？", U),
("你们门店几点关门？", U),
("你们到底什么时候发货？都一个礼拜了！", N),
("你们客服是下班了吗？发了十条消息没人回", N),
("你们就是这样对待老顾客的吗？", N),
("你们还想不想做生意了？", N),
("你们卖的是假货吧？", N),
("你们酒店的热水是摆设吗？洗到一半就凉了", N),
("你们有没有人管管？外卖洒了一袋子", N),
("你们能不能别再打骚扰电话了？", N),
("你们退款要拖到什么时候？", N),
("你们的质检是干什么吃的？", N),
("你们有没有良心？过期的东西也卖", N),
("你们店是不是专门坑新客户？", N),
("你们家的包子怎么这么好吃？", P),
("你们是怎么做到隔天就送到的？太快了", P),
("你们还有别的口味吗？这个太好吃了", P),
("你们的客服怎么都这么耐心啊，太暖心了", P),
]


# Threats to escalate put to the business as 你们 that name the step, not the fault (written 2026-11-28 before
# `training/synthetic_second_person.py` had any): after the 你 edit the gold set's 我已经在微博上发帖了，看你们什么时候给解决。
# read +0.20; none of these takes its wording.
THREATS_HELD_OUT = [
("我已经在抖音上发视频了，等你们回应。", N),
("截图我都存好了，你们自己看着办。", N),
("你们要是再拖，我就一直往上反映。", N),
("这件事我会找媒体，你们等着吧。", N),
("今天之内给我答复，你们自己掂量。", N),
("我已经打了消费者热线，就看你们的态度了。", N),
("你们不回复我就天天打电话。", N),
("聊天记录都在，你们别想赖账。", N),
("你们拖一天我就发一条帖子。", N),
("已经向平台申诉了，你们等通知吧。", N),
("我会在每个平台都写上你们的做法。", N),
("律师函已经在路上了，你们好自为之。", N),
("给你们最后一次机会，明天再不处理就法院见。", N),
("你们要是不给个说法，这事没完。", N),
("我已经联系了市场监管局，你们准备好解释吧。", N),
("视频我录下来了，看你们还怎么狡辩。", N),
]

# Dismissals (这有什么好看的: the rhetorical 有什么好X的 denies X) and their near-misses: genuine questions
# (这附近有什么好吃的？), reassurances (这有什么好担心的) and 没什么好说的. Written on 2026-12-06 (sixteenth session) before
# the dismissal rule in `models/stated_verdicts.py` was written or any of these was scored; the rule's own design
# texts are in its tests.
DISMISSALS_HELD_OUT = [
("就这也叫旗舰机？有什么好买的", N),
("这款耳机有啥好吹的，音质稀烂", N),
("一个破杯子有什么好炫耀的", N),
("这种网红店有什么好排队的", N),
("主播天天夸，这东西有什么好夸的", N),
("这部剧有什么好追的", N),
("这家的奶茶有什么好喝的，甜得齁", N),
("这玩意儿有什么值得买的？", N),
("这书有什么好看的，全是废话", N),
("这个游戏有什么好玩的", N),
("这牌子有啥好骄傲的", N),
("这手机有什么好抢的，配置一般", N),
("这破店有什么好吃的！", N),
("这家酒店有什么好住的", N),
("这附近有什么好吃的？", U),
("请问这边有什么好玩的地方", U),
("你们店有什么好喝的推荐一下", U),
("这有什么好担心的，质量杠杠的", P),
("这点小瑕疵有什么好计较的，整体很满意", P),
("有什么好的办法可以去掉异味吗", U),
("这个价位还有什么好挑的，买就对了", P),
("这么好用的东西有什么好犹豫的，冲", P),
("这家店还有什么好吃的吗", U),
("没什么好说的，东西很好", P),
]

# Verdicts measured against other reviews (没有差评说的那么差, 别信好评): the model reads the quoted 差评 / 好评 as the
# customer's own. Written on 2026-12-06 (sixteenth session) before `models/other_reviews.py` was written or any of
# these was scored; the rule's own design texts are in its tests.
OTHER_REVIEWS_HELD_OUT = [
("收到货发现根本没有差评里讲的那么糟", P),
("并不像某些评论写的那样难用", P),
("实物比买家秀里说的强多了", P),
("担心了好久，其实没评论说的那么坑", P),
("大家千万别相信好评", N),
("这些好评基本都是刷出来的", N),
("好评全是托，我上当了", N),
("看了好评才买的，结果大失所望", N),
("确实跟差评说的一样，很烂", N),
("差评说的都对，质量很差", N),
("好评说的没错，真的好用", P),
("别看差评，东西挺好的", P),
]

# Suggestions: wishes for something new (neutral: 建议出个小包装) and suggestions that name a fault (negative:
# 建议把包装做结实点). Written on 2026-12-06 (sixteenth session) before `models/feature_wishes.py` was written or any
# of these was scored; the rule's own design texts are in its tests.
SUGGESTIONS_HELD_OUT = [
("建议出个旅行装", U),
("希望以后能多几个配色可选", U),
("期待推出无糖版本", U),
("建议店铺增加晚上的客服时间", U),
("要是能支持微信支付就好了", U),
("希望商家考虑出一款儿童款", U),
("建议app增加一个深色模式", U),
("希望下次能上新一些春季款", U),
("建议把包装做结实点，这次又压坏了", N),
("希望发货能快一点，等得太久了", N),
("建议客服别再用机器人回复了", N),
("希望质量能跟上价格", N),
]

# Then and now: a verdict that changed (以前很好吃，现在不行了: a decline is a complaint; 以前老送错，现在准时多了: an
# improvement is praise), and controls whose verdict did not change or whose 原来 means "it turned out". Written on
# 2026-12-06 (seventeenth session) before any rule for them existed or any of these was scored; the rule's design
# texts are in its tests.
CHANGES_HELD_OUT = [
("这家火锅以前排队都要吃，现在服务员爱理不理的", N),
("之前一直回购，这批货味道明显变淡了", N),
("原先包装挺用心的，这次就一个塑料袋装着", N),
("刚买的时候音质很好，用了两个月就有杂音了", N),
("以前觉得性价比很高，现在涨价了还缩水", N),
("老顾客了，过去每次都很满意，这回让我很失望", N),
("曾经是我最喜欢的奶茶店，现在味道一般般", N),
("以前的客服很耐心，如今打电话都没人接", N),
("前几次买都挺新鲜，最近两次都是烂的", N),
("一开始用着还行，后来充不进电了", N),
("以前很喜欢这个牌子，现在质量跟不上了", N),
("上次来还挺干净的，这次房间有股霉味", N),
("以前这家外卖老是送错，现在准时多了", P),
("之前客服回复很慢，最近改进了不少", P),
("原来的版本总闪退，现在更新后流畅多了", P),
("上次来菜很咸，这次口味刚好", P),
("一开始觉得有点难用，后来习惯了就很顺手", P),
("以前对国货没信心，现在真香", P),
("过去差评不少，如今品质确实上来了", P),
("以前就很好吃，现在还是一样好吃", P),
("之前买过一次，这次又来回购了，还是那么好", P),
("以前一直不好用，现在还是老样子", N),
("原来是我自己装错了，东西没问题", P),
("以前没用过这个牌子，现在用着感觉还不错", P),
("上次买的很好，这次继续支持", P),
("以前难吃，现在更难吃了", N),
]


# Merits said to be missing (毫无看点, 一点诚意都没有: complaints) and faults said to be missing (没有任何缺点: praise),
# with two statements that only look alike. Written on 2026-12-06 (seventeenth session) after 毫无亮点 (+0.14) and
# 没有诚意 (+0.53) were seen misread, before any rule for them existed or any of these was scored.
ABSENT_MERITS_HELD_OUT = [
("整部剧毫无看点", N),
("这款手机没有任何卖点", N),
("菜品平平，毫无特色", N),
("说实话没什么优势", N),
("一点诚意都没有，道歉就一句话", N),
("这个价位毫无竞争力", N),
("商家毫无信誉可言", N),
("装修没啥特色，味道也普通", N),
("款式老气，一点新意都没有", N),
("这服务毫无专业性", N),
("没有任何缺点", P),
("几乎没什么毛病，很满意", P),
("没有任何异味，很放心", P),
("没有什么特别的要求，按默认发就行", U),
("没想到这么有特色", P),
("没有优惠券也很划算", P),
]

# Charges the customer did not agree to (退订了还在扣费, 重复扣款: complaints), and billing questions and praise.
# Written on 2026-12-06 (seventeenth session) after 退订了还在扣费 (neutral) was seen misread, before any rule for them
# existed or any of these was scored.
UNWANTED_CHARGES_HELD_OUT = [
("宽带都销户了还每月扣我钱", N),
("会员取消了怎么还在自动扣款", N),
("没用流量却扣了十几块流量费", N),
("这个月话费莫名其妙多了50", N),
("明明已经还清了还收我利息", N),
("一次消费被重复扣了两次款", N),
("手机上也没订什么业务，每月都扣五块", N),
("注销卡以后还收年费，什么道理", N),
("请问怎么取消自动续费？", U),
("退款已经到账了，速度很快", P),
("年费是可以免的吗？", U),
("话费扣得很清楚，账单明细一目了然", P),
]


# Measured against the listing, the promise or the customer's expectation (比图片上的小, 比说好的晚了三天: complaints;
# 比预计的早到了一天: praise), with a comparison to something else and a question. Written on 2026-12-06 (seventeenth
# session) after 比描述的小很多 (+0.93) and 比说好的晚了三天 (+1.00) were seen misread, before any rule for them existed
# or any of these was scored.
LISTING_HELD_OUT = [
("房间比网上图片小太多了", N),
("衣服比模特图短了一截", N),
("实物比详情页的照片粗糙多了", N),
("面料比想象中薄很多", N),
("分量比宣传的少了一半", N),
("比承诺的时间晚到了两天", N),
("屏幕比官网说的暗", N),
("比直播间说的贵了二十块", N),
("比预计的早到了一天", P),
("实物比照片还精致", P),
("分量比图片里的足", P),
("比想象中好用太多了", P),
("质量比预期的好", P),
("和图片上的一模一样", P),
("比上次买的小一码，刚好合适", P),
("请问实物比图片大吗？", U),
]


# One field of a pros / cons form on its own (缺点：电池不耐用: a complaint; 优点：续航很给力 and 缺点：暂时还没发现:
# praise), and two texts that only mention faults. Written on 2026-12-06 (seventeenth session) after 优点：位置好 (−0.39)
# and 缺点：房间太小 (+0.35) were seen misread, before any rule for them existed or any of these was scored.
FORM_FIELDS_HELD_OUT = [
("缺点：电池不耐用", N),
("不足：客服回复太慢了", N),
("缺点是有点重，带出门不方便", N),
("槽点：包装太简陋", N),
("优点：没有", N),
("优点：实在想不出来", N),
("优点：续航很给力", P),
("亮点：拍照很清晰", P),
("优点是轻便好携带", P),
("缺点：暂时还没发现", P),
("不足：目前没有", P),
("满意的地方：物流很快，包装严实", P),
("缺点不多，整体很满意", P),
("不足之处是没有停车场，其他都挺好的", P),
]


# Reviews written in a shop's field template (外观颜值：高 运行速度：流畅 …), complaints and praise, and one neutral form.
# Written on 2026-12-06 (seventeenth session) after 运行速度：卡顿 (+0.85) and a template of complaints (+0.13) were seen
# misread, before any rule for them existed or any of these was scored.
FIELD_TEMPLATES_HELD_OUT = [
("外观颜值：一般 运行速度：经常死机 续航能力：半天就没电", N),
("音质效果：有电流声 佩戴舒适度：夹耳朵", N),
("屏幕效果：偏黄 拍照效果：模糊", N),
("吸力大小：很弱 噪音大小：特别吵", N),
("面料材质：起球严重 做工细节：线头很多", N),
("运行速度：很卡", N),
("外观颜值：高 运行速度：流畅 续航能力：一天一充", P),
("音质效果：很棒 佩戴舒适度：戴久了也不疼", P),
("口感口味：香甜可口 新鲜程度：很新鲜", P),
("屏幕效果：细腻", P),
("清洁效果：干净 操作难度：简单", P),
("面料材质：柔软舒服 上身效果：显瘦", P),
("时间：周六下午 地点：门店", U),
]


# Long waits stated bare (排了三个小时: a complaint), waits that turned out worth it (praise), and questions about a
# wait. Written on 2026-12-06 (seventeenth session) after 挂号排了三个小时 (neutral) and 足足等了四十分钟 (+0.40) were
# seen misread, before any rule for them existed or any of these was scored.
WAITS_HELD_OUT = [
("在医院足足排了四个钟头", N),
("打客服电话排队排了一个多小时", N),
("取个号等了两个半小时", N),
("在门口站着等了快一个钟", N),
("外卖等了一个半小时", N),
("退款等了整整两周", N),
("办个业务等了一上午", N),
("排了很久的队，不过真的值得", P),
("等了好久终于买到了，开心", P),
("虽然等了半小时，但是味道没让人失望", P),
("大概要等多久？", U),
("预计等待时间二十分钟", U),
]


# Speechless sarcasm (无力吐槽, 我谢谢你全家: complaints) and sincere thanks to a family. Written on 2026-12-06
# (seventeenth session) after 无力吐槽 (+0.67) and 谢谢你全家 (+0.95) were seen misread, before any rule for them existed
# or any of these was scored.
SPEECHLESS_HELD_OUT = [
("对这家店的售后我已经无力吐槽了", N),
("快递又丢件，无力吐槽", N),
("发错三次货，我谢谢你全家", N),
("客服的回复让人无力吐槽", N),
("谢谢你们全家，东西坏了还不给退", N),
("民宿老板人很好，谢谢你们全家的照顾", P),
("谢谢你们一家人的热情招待", P),
]


# A repeat purchase stated on its own (第四次回购了: praise, the customer came back), a first purchase (neutral), and
# repeat purchases beside a complaint. Written on 2026-12-06 (seventeenth session) after 已经是第五次买了 and 第三次购买了
# (neutral) were seen, before any rule for them existed or any of these was scored.
REPEAT_PURCHASES_HELD_OUT = [
("第四次回购了", P),
("这已经是我第六次下单了", P),
("第二次光顾这家店了", P),
("记不清是第几次买了", P),
("第三次入住这家酒店了", P),
("给家里人买的，第二次购买", P),
("第一次买，试试看", U),
("第二次买了，质量大不如前", N),
("第三次来了，还是一样的差", N),
("这是第几次发错货了？", N),
]


# Regret at finding the shop or product late (要是早点知道这家店就好了: praise), and wishes and regrets that are
# complaints (早知道就不买了, 要是早点发货就好了). Written on 2026-12-06 (seventeenth session) after 要是早点知道这家店就好了
# (−0.89) was seen misread, before any rule for them existed or any of these was scored.
LATE_DISCOVERIES_HELD_OUT = [
("要是早点发现这个宝藏店就好了", P),
("真后悔没早点遇到这家", P),
("早知道有这么好用的东西就好了", P),
("怎么没早点买这个", P),
("相见恨晚的一款面霜", P),
("如果早几年用上就好了", P),
("早知道就不买了", N),
("要是早点发货就好了", N),
("早知道这么差就不来了", N),
("要是早点发现问题就好了", N),
]


# One merit granted and every other denied (除了颜值高，没有其他优点: a complaint), and one fault granted and every
# other denied (praise). Written on 2026-12-06 (seventeenth session) after the dev review 除了地点靠近地铁，几乎未发现其他
# 优点。 was seen read as +0.85, before the missing-merit rule covered 其他 or 未发现 or any of these was scored.
EXCEPT_ONE_HELD_OUT = [
("除了颜值高，没有其他优点", N),
("除了便宜一无是处", N),
("除了包装好看，没发现别的亮点", N),
("除了价格，找不到任何优势", N),
("除了位置，其他没什么优点", N),
("除了有点贵，没有其他缺点", P),
("除了物流慢点，没发现什么毛病", P),
]


# A promise kept (卖家说发顺丰，果然发的顺丰: praise) and a warning or a doubt borne out (说是正品，果然是假的: a
# complaint). Written on 2026-12-06 (seventeenth session) after 客服说今天发，果然今天就发了 (−0.83) was seen misread,
# before any rule for them existed or any of these was scored.
PROMISES_KEPT_HELD_OUT = [
("卖家说发顺丰，果然发的顺丰", P),
("客服说会补发，果然第二天就补发了", P),
("老板说很甜，果然很甜", P),
("说好的三天到，果然三天就到了", P),
("店家承诺七天无理由退货，果然很痛快就退了", P),
("说是正品，果然是假的", N),
("客服说马上处理，果然又没下文了", N),
("朋友说这家很坑，果然被坑了", N),
]


# Faults or burdens said to be missing (剪4K视频毫无压力, 实物毫无色差: praise), and merits said to be missing (毫无手感
# 可言: a complaint). Written on 2026-12-06 (seventeenth session) after 毫无压力 (−0.79) and 毫无违和感 (−0.55) were seen
# misread, before any rule for them existed or any of these was scored.
ABSENT_FAULTS_HELD_OUT = [
("剪4K视频毫无压力", P),
("三个人住毫无压力", P),
("穿上毫无违和感", P),
("跑大型游戏毫无卡顿", P),
("实物毫无色差", P),
("用了半年毫无问题", P),
("包装完好，毫无破损", P),
("戴一整天毫无不适", P),
("毫无手感可言", N),
("毫无性价比", N),
]


# 丑萌 (ugly-cute: praise) and 齁 (cloyingly sweet or salty: a complaint). Written on 2026-12-06 (seventeenth session)
# after 丑萌丑萌的 (−0.26) and 甜到齁 (+0.48) were seen misread, before any rule for them existed or any of these was
# scored.
UGLY_CUTE_AND_CLOYING_HELD_OUT = [
("丑萌丑萌的小摆件", P),
("这娃娃丑萌", P),
("丑萌丑萌的，越看越喜欢", P),
("月饼甜到齁嗓子", N),
("这奶茶齁甜", N),
("酱料太齁了", N),
]


# Cantonese and slang intensifiers (好鬼X, 鬼咁X, X到飞起: very X) on complaints and praise. Written on 2026-12-06
# (seventeenth session) after 好鬼貴 (+0.80), 好鬼難食 (+0.27) and 鬼咁貴 (+0.18) were seen misread, before any rule for
# them existed or any of these was scored.
INTENSIFIERS_HELD_OUT = [
("呢度啲嘢好鬼貴", N),
("好鬼難用", N),
("排隊排到好鬼長", N),
("鬼咁慢", N),
("運費貴到飛起", N),
("好鬼靚", P),
("鬼咁好味", P),
("好用到飛起", P),
]


# A past verdict said to go on (以前就经常坏，现在还是老毛病: still a complaint; 以前就很好吃，现在依旧好吃: still praise).
# Written on 2026-12-06 (seventeenth session) after CHANGES_HELD_OUT's 以前一直不好用，现在还是老样子 was seen read as
# +0.44, before any rule for them existed or any of these was scored.
CONTINUED_HELD_OUT = [
("以前就经常坏，现在还是老毛病", N),
("之前客服就不回消息，现在依然不回", N),
("一直以来都很慢，现在还是慢", N),
("以前就不好用，现在还是那样", N),
("上次就漏发，这次照样漏发", N),
("以前就很好吃，现在依旧好吃", P),
("之前就很满意，这次也一样满意", P),
("上次就很好用，这次还是那么好用", P),
]


def _labelled(name: str) -> list[tuple[str, str, str]]:
    """(text, sentiment, emotion) rows of a tab-separated file beside this one."""
    return [
        (text, sentiment, emotion)
        for sentiment, emotion, text in (
            line.rstrip("\n").split("\t")
            for line in Path(__file__).with_name(name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        )
    ]


CUSTOMER_TEXTS = _labelled("customer_texts_2026_11_27.tsv")
CUSTOMER_TEXTS_HELD_OUT = _labelled("customer_texts_held_out_2026_11_27.tsv")


def served_probe_scores(folder: Path) -> dict[str, str]:
    """Right answers on each probe set, served from `folder` (the sincere sets together), as the service reads them
    (placeholders and stated verdicts included)."""
    from models.registry import served
    from models.transformer import TransformerClassifier

    classifier = served(TransformerClassifier(folder))
    sincere = [(t, label) for s in (SINCERE_FIRST, SINCERE_SECOND) for label, texts in s.items() for t in texts]
    out = {}
    sets = (("sincere", sincere), ("social_design", SOCIAL_DESIGN), ("social_held_out", SOCIAL_HELD_OUT),
            ("idioms_held_out", IDIOMS_HELD_OUT), ("pros_cons_held_out", PROS_CONS_HELD_OUT),
            ("hedges_held_out", HEDGES_HELD_OUT), ("customer_texts", [(t, label) for t, label, _ in CUSTOMER_TEXTS]),
            ("requests_held_out", REQUESTS_HELD_OUT), ("second_person_held_out", SECOND_PERSON_HELD_OUT),
            ("customer_texts_held_out", [(t, label) for t, label, _ in CUSTOMER_TEXTS_HELD_OUT]),
            ("threats_held_out", THREATS_HELD_OUT), ("dismissals_held_out", DISMISSALS_HELD_OUT),
            ("other_reviews_held_out", OTHER_REVIEWS_HELD_OUT), ("suggestions_held_out", SUGGESTIONS_HELD_OUT),
            ("changes_held_out", CHANGES_HELD_OUT),
            ("absent_merits_held_out", ABSENT_MERITS_HELD_OUT), ("unwanted_charges_held_out", UNWANTED_CHARGES_HELD_OUT),
            ("listing_held_out", LISTING_HELD_OUT),
            ("form_fields_held_out", FORM_FIELDS_HELD_OUT),
            ("field_templates_held_out", FIELD_TEMPLATES_HELD_OUT),
            ("waits_held_out", WAITS_HELD_OUT),
            ("speechless_held_out", SPEECHLESS_HELD_OUT),
            ("repeat_purchases_held_out", REPEAT_PURCHASES_HELD_OUT),
            ("late_discoveries_held_out", LATE_DISCOVERIES_HELD_OUT),
            ("except_one_held_out", EXCEPT_ONE_HELD_OUT),
            ("promises_kept_held_out", PROMISES_KEPT_HELD_OUT),
            ("absent_faults_held_out", ABSENT_FAULTS_HELD_OUT),
            ("ugly_cute_and_cloying_held_out", UGLY_CUTE_AND_CLOYING_HELD_OUT),
            ("intensifiers_held_out", INTENSIFIERS_HELD_OUT),
            ("continued_held_out", CONTINUED_HELD_OUT))
    for name, items in sets:
        verdicts = classifier.analyze([t for t, _ in items])
        out[name] = f"{sum(v.sentiment == label for v, (_, label) in zip(verdicts, items, strict=True))}/{len(items)}"
    return out
