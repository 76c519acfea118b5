"""Generated neutral customer texts: factual statements, balanced appraisals, questions, social posts,
code-mixing and some Traditional Chinese.

Why this exists: the review corpus is binary (positive/negative), so the model almost never sees a neutral
statement, and the only neutral data used to be ~30 question templates. It learned a shortcut ("looks like a
question = neutral, any statement = polar") and called plain facts such as a parcel status or a check-in time
positive or negative. These texts are built compositionally from slot-filled clause banks so thousands of
distinct, label-honest neutral examples come out of one seeded `random.Random`.

Written without reading the hand-labelled gold set (training/gold/), and nothing here reads it; the kinds of
text to cover were chosen after seeing which gold categories an earlier model got wrong (see synthetic.py).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

# --- Slot banks (Simplified) -------------------------------------------------------------------------------

CITIES = [
    "北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京", "重庆", "郑州", "长沙", "苏州",
    "天津", "昆明", "厦门", "青岛", "沈阳", "合肥", "济南", "南宁", "贵阳", "兰州", "哈尔滨",
]
COURIERS = ["顺丰", "中通", "圆通", "韵达", "申通", "京东快递", "极兔", "邮政", "德邦"]
PICKUP_PLACES = ["菜鸟驿站", "门卫室", "快递柜", "小区驿站", "物业", "家门口", "公司前台", "丰巢柜", "超市代收点"]
PRODUCTS = [
    "手机壳", "耳机", "卫衣", "牛仔裤", "运动鞋", "面膜", "洗发水", "奶粉", "纸尿裤", "坚果礼盒", "橙子", "咖啡豆",
    "茶叶", "床垫", "台灯", "电饭煲", "空气炸锅", "充电宝", "数据线", "键盘", "显示器", "行李箱", "双肩包",
    "羽绒服", "四件套", "保温杯", "积木", "路由器", "电动牙刷", "吹风机", "收纳箱", "拖鞋", "雨伞", "鼠标垫",
]
RECIPIENTS = ["我妈", "我爸", "老公", "老婆", "女朋友", "男朋友", "孩子", "同事", "室友", "奶奶", "弟弟", "自己"]
COLORS = ["黑色", "白色", "灰色", "藏青色", "米色", "浅蓝色", "墨绿色", "卡其色", "粉色", "银色", "酒红色"]
SIZES = ["S码", "M码", "L码", "XL码", "38码", "40码", "42码", "均码", "大号", "中号", "小号", "160码", "170码"]
DAYS = ["今天", "昨天", "前天", "周一", "周二", "周三", "周五", "周六", "周日", "上周末", "3号", "15号", "月底"]
DISHES = [
    "黄焖鸡米饭", "麻辣烫", "牛肉面", "酸菜鱼", "轻食沙拉", "煲仔饭", "炸鸡", "生煎", "饺子", "螺蛳粉",
    "盖浇饭", "披萨", "凉皮", "烤肉饭", "馄饨", "米线",
]
INGREDIENTS = ["香菜", "葱", "辣椒", "蒜", "冰", "糖", "花生"]
ROOM_TYPES = ["大床房", "双床房", "标准间", "家庭房", "行政房", "江景房", "亲子房"]
SEATS = ["靠窗的位置", "过道的位置", "二等座", "一等座", "二等座靠窗", "一等座靠过道"]
FLIGHT_SEATS = ["靠窗的位置", "过道的位置", "经济舱靠窗", "经济舱过道", "前排靠窗"]
PLANS = ["59元套餐", "99元套餐", "129元融合套餐", "39元基础套餐", "199元家庭套餐"]
APPS = ["微信", "支付宝", "淘宝", "美团", "12306", "高德地图", "抖音", "小红书", "京东", "饿了么", "手机银行"]
SETTINGS = ["自动更新", "消息通知", "夜间模式", "免密支付", "位置权限", "自动续费", "个性化推荐", "指纹解锁"]
FEATURES = ["扫一扫", "钱包入口", "订单页", "收藏夹", "客服入口", "搜索栏", "发票入口"]
BANKS = ["招商银行", "建设银行", "工商银行", "农业银行", "中国银行", "交通银行"]
DEVICES = ["扫地机器人", "智能门锁", "路由器", "净水器", "智能摄像头", "投影仪", "空气净化器"]
STATIONS = ["东站", "南站", "北站", "西站", "火车站"]
UNITS = ["件", "个", "盒", "箱", "袋", "双"]


def _clock(rng: random.Random) -> str:
    # Customers write times both ways: "下午3点" and "15:40".
    if rng.random() < 0.5:
        return f"{rng.randint(7, 22)}点" + rng.choice(["", "半", "左右", "多"])
    return f"{rng.randint(6, 23)}:{rng.choice(['00', '05', '15', '20', '30', '40', '45', '55'])}"


def slot_values(rng: random.Random) -> dict[str, str]:
    """One consistent set of slot values for a text, so every clause of it talks about the same order/trip."""
    city, city2 = rng.sample(CITIES, 2)
    return {
        "city": city, "city2": city2, "courier": rng.choice(COURIERS), "place": rng.choice(PICKUP_PLACES),
        "p": rng.choice(PRODUCTS), "who": rng.choice(RECIPIENTS), "color": rng.choice(COLORS),
        "size": rng.choice(SIZES), "day": rng.choice(DAYS), "clock": _clock(rng), "clock2": _clock(rng),
        "dish": rng.choice(DISHES), "ing": rng.choice(INGREDIENTS), "room": rng.choice(ROOM_TYPES),
        "seat": rng.choice(SEATS), "fseat": rng.choice(FLIGHT_SEATS), "t": rng.choice("123"),
        "plan": rng.choice(PLANS), "app": rng.choice(APPS), "device": rng.choice(DEVICES),
        "setting": rng.choice(SETTINGS), "feature": rng.choice(FEATURES), "bank": rng.choice(BANKS),
        "station": rng.choice(STATIONS), "unit": rng.choice(UNITS),
        "n": str(rng.randint(2, 6)), "nights": rng.choice(["一", "两", "三", "四"]),
        "code": f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(1000, 9999)}",
        "train": rng.choice("GGD") + str(rng.randint(11, 2999)),
        "flight": rng.choice(["CA", "MU", "CZ", "HU", "3U", "ZH"]) + str(rng.randint(1000, 9899)),
        "floor": str(rng.randint(2, 28)), "room_no": str(rng.randint(2, 28) * 100 + rng.randint(1, 40)),
        "money": f"{rng.randint(19, 899)}" + rng.choice([".00", ".50", "", ""]) + "元",
        "gb": str(rng.randint(3, 80)), "pct": str(rng.randint(12, 96)),
        "version": f"{rng.randint(5, 17)}.{rng.randint(0, 9)}.{rng.randint(0, 30)}",
        "hours": rng.choice(["两", "三", "四", "五", "六"]), "minutes": str(rng.choice([15, 20, 25, 30, 35, 40, 50])),
        "line": str(rng.randint(1, 14)), "tail": str(rng.randint(1000, 9999)),
    }


# --- 1. Factual statements ---------------------------------------------------------------------------------

STATEMENT_CLAUSES: dict[str, list[str]] = {
    "parcel": [
        "快递已签收，放在{place}了", "{courier}显示包裹在{city}转运中心", "取件码是{code}", "快递{day}{clock}到的{place}",
        "物流显示派送中", "包裹从{city}发出，目前到了{city2}", "快递员说{clock}左右送过来", "放{place}了，下班去拿",
        "{courier}的单号尾号{tail}", "分成{n}个包裹发的", "已经到{city2}的网点了", "签收人写的是{place}",
        "物流信息更新到{city2}中转", "快递改成了送到{place}",
        # Order-status lines customers type into a review box; 确认收货 alone read as an anxious complaint.
        "确认收货", "已确认收货", "货已收到", "刚签收", "{p}已签收", "{day}确认收货的",
    ],
    "order": [
        "给{who}买的{p}", "买的是{color}，{size}", "一共下了{n}{unit}", "订单是{day}下的", "{p}{day}到的，还没拆",
        "还没用，用一段时间再来追评", "这是第{n}次买这个{p}了", "颜色选的{color}", "尺码按平时穿的{size}拿的",
        "{p}是帮{who}代买的", "跟{who}的一起下的单", "用了{n}天，先记录一下", "发票选的电子普通发票",
        "{p}收到了，{who}还没开始用", "地址填的公司", "凑单买了{n}{unit}",
    ],
    "food": [
        "点的{dish}，{n}份", "备注了不要{ing}", "骑手{clock}取的餐", "外卖放在{place}了", "{clock}下的单",
        "预计送达时间是{clock}", "订单里加了一份米饭", "这是第{n}次点这家", "点了{dish}和一杯饮料",
        "餐是{clock2}送到的", "{n}个人的量，点了{dish}", "选的到店自取",
    ],
    "hotel": [
        "{day}入住，住{nights}晚", "房间在{floor}楼", "订的是{room}", "前台说{clock}以后可以办入住",
        "早餐是{clock}到10点", "房号是{room_no}", "退房时间是中午12点", "行李先寄存在前台了",
        "酒店离地铁{line}号线{n}00米", "办入住交了押金", "续住了一晚", "订单里含两份早餐",
    ],
    "train": [
        "{train}次{clock}从{city}{station}发车", "预计{clock2}到{city2}", "座位是{seat}", "车票改签到了{day}",
        "全程大概{hours}个小时", "从{city}到{city2}坐的高铁", "{day}改签了一次", "到站后坐地铁{line}号线",
        "检票口是{n}B", "车厢是{n}号车厢", "取了纸质报销凭证",
    ],
    "flight": [
        "航班{flight}，{clock}起飞", "登机口改到了{n}号", "托运了一个行李箱", "值机已经办了，选的{fseat}",
        "航班从{city}飞{city2}，预计{clock2}落地", "{day}改签到了晚一班", "行李转盘是{n}号", "在T{t}航站楼登机",
    ],
    "telecom": [
        "这个月话费{money}", "套餐是{plan}", "宽带{day}上门安装", "流量这个月用了{gb}G", "{day}交了{money}话费",
        "套餐下个月起改成{plan}", "宽带账号尾号{tail}", "光猫换成了新的", "合约期到明年{n}月",
        "副卡也绑在这个号上", "月初会自动扣费", "宽带师傅约的{clock}",
    ],
    "app": [
        "{app}更新到了{version}", "在设置里把{setting}关了", "新版本把{feature}挪到了首页", "{app}登录要验证手机号",
        "{feature}在{app}的“我的”页面里", "换手机后重新装了{app}", "{app}开了{setting}", "缓存清了一次",
        "更新包一百多M", "{app}现在是{version}版本", "切换成了深色模式", "绑定了新的手机号",
    ],
    "bank": [
        "{day}还了信用卡{money}", "转账{money}，显示预计两小时内到账", "绑定了{bank}的卡", "账单日是每月{n}号",
        "这笔{money}是分{n}期付的", "卡号尾号{tail}", "{day}在{app}上付了{money}", "退款{money}原路退回到{bank}",
        "还款日是下个月{n}号", "信用卡额度是两万", "扣款记录显示{day}{clock}",
    ],
}

# Ordered steps per scenario for the long "neutral diary" texts (4–7 sentences, kept in order).
DIARY_STEPS: dict[str, list[str]] = {
    "trip": [
        "{day}{clock}从{city}{station}出发，坐的是{train}次，座位是{seat}",
        "全程大概{hours}个小时，中间停了{n}个站，车上买了一份盒饭",
        "{clock2}左右到的{city2}，出站以后换乘地铁{line}号线去酒店",
        "酒店订的是{room}，房间在{floor}楼，前台登记了身份证，交了押金",
        "放下行李以后在附近吃了{dish}，然后回酒店休息",
        "第二天早上吃了酒店的早餐，中午12点前办的退房",
        "回程的票买的是后天的，行李先寄存在了前台",
        "这次行程一共{nights}天，先简单记一下时间安排",
    ],
    "install": [
        "{day}下单了一台{device}，{courier}发的货，单号尾号{tail}",
        "包裹在{city}转运中心停了一天，然后到了{city2}的网点",
        "{clock}左右送到了{place}，取件码是{code}",
        "拆开以后里面有主机、说明书和一根数据线，按说明书装了大概{minutes}分钟",
        "需要先下载配套的app，注册账号以后绑定设备，固件自动升级到了{version}",
        "设置里把{setting}关掉了，其他都是默认的",
        "目前用了{n}天，还没发现什么情况，等用满一个月再来补充",
    ],
    "order": [
        "这次给{who}买的{p}，选的{color}，{size}",
        "{day}晚上下的单，第二天上午显示已发货，走的{courier}",
        "物流从{city}发出，中间在{city2}中转了一次",
        "{day}{clock}送到了{place}，下班以后去拿的",
        "包装是一个纸箱，里面还有{n}张说明卡和一张发票",
        "{who}还没开始用，等用了一段时间再来写使用情况",
        "顺便记一下，这是第{n}次在这家下单",
    ],
    "broadband": [
        "{day}在营业厅办了宽带，套餐是{plan}，合约期两年",
        "营业员说{n}个工作日内会有师傅联系上门",
        "师傅{day}{clock}来的，从楼道的箱子里拉了一根光纤进屋",
        "光猫和路由器装在客厅的电视柜上，装完测了一下网速",
        "宽带账号和密码写在了一张卡片上，师傅让留着",
        "第一个月的费用会在下个月初和话费一起扣",
        "手机号也并到了这个套餐里，副卡还在办理中",
    ],
    "takeout": [
        "{day}{clock}在{app}上点了{dish}，{n}个人吃",
        "备注了不要{ing}，另外加了一份米饭和一瓶水",
        "商家{minutes}分钟后出餐，骑手取餐以后显示还有两公里",
        "餐放在了{place}，骑手打了个电话说了一声",
        "一共付了{money}，用了一张满减券",
        "发票在订单页面申请了电子版，发到了邮箱",
    ],
}


def _join(rng: random.Random, parts: list[str]) -> str:
    sep = rng.choice(["，", "，", "。", "，", " "])
    return sep.join(parts)


def _end(rng: random.Random, marks: list[str]) -> str:
    # Real messages often have no final punctuation at all.
    return rng.choice(marks)


ASKING = re.compile("[？?]$|吗|嗎|几|幾|多久|哪|有没有|有沒有|怎么|怎麼|多少|請問|请问")


def _close(rng: random.Random, text: str) -> str:
    """End punctuation that fits: a question gets ？ or nothing, a statement 。 or nothing."""
    if ASKING.search(text):
        return text if text[-1] in "？?" else text + _end(rng, ["", "？"])
    return text + _end(rng, ["", "", "。"])


def statement(rng: random.Random) -> str:
    """1–3 factual clauses from one domain, e.g. a parcel status plus the pickup code."""
    templates = STATEMENT_CLAUSES[rng.choice(sorted(STATEMENT_CLAUSES))]
    slots = slot_values(rng)
    k = rng.choice([1, 2, 2, 3])
    parts = [t.format(**slots) for t in rng.sample(templates, k)]
    return _join(rng, parts) + _end(rng, ["", "", "。", "。", "～"])


def diary(rng: random.Random) -> str:
    """A long neutral account (4–7 sentences) of a trip, install, order, broadband setup or takeout."""
    steps = DIARY_STEPS[rng.choice(sorted(DIARY_STEPS))]
    slots = slot_values(rng)
    k = rng.randint(min(5, len(steps)), len(steps))
    keep = sorted(rng.sample(range(len(steps)), k))
    return "。".join(steps[i].format(**slots) for i in keep) + _end(rng, ["。", "。", ""])


# --- 2. Balanced / hedged appraisals ------------------------------------------------------------------------

# (more, less, subjects that take that pair) for "不X也不Y" style statements.
ADJ_PAIRS: list[tuple[str, str, list[str]]] = [
    ("快", "慢", ["物流", "出餐", "上菜", "网速", "充电速度", "配送", "退款进度"]),
    ("大", "小", ["房间", "尺码", "音量", "分量", "屏幕", "鞋码"]),
    ("贵", "便宜", ["价格", "房价", "套餐价格", "运费", "客单价"]),
    ("好吃", "难吃", ["味道", "这家的菜", "{dish}", "早餐"]),
    ("甜", "淡", ["口味", "奶茶", "蛋糕"]),
    ("咸", "淡", ["口味", "{dish}", "汤"]),
    ("厚", "薄", ["面料", "被子", "外套", "手机壳"]),
    ("松", "紧", ["鞋子", "裤腰", "表带", "领口"]),
    ("软", "硬", ["床垫", "枕头", "鞋底", "沙发"]),
    ("热", "冷", ["房间", "水温", "空调"]),
    ("亮", "暗", ["屏幕", "灯光", "颜色"]),
    ("重", "轻", ["行李箱", "手机", "背包"]),
    ("长", "短", ["袖子", "数据线", "等位时间", "续航"]),
    ("辣", "淡", ["口味", "{dish}"]),
    ("新", "旧", ["装修", "设施", "家具"]),
    ("多", "少", ["分量", "赠品", "配菜"]),
]
MILD_PLUS = [
    "包装还算完整", "送货时间还算准", "价格比上次低一点", "分量还可以", "客服回复还算及时", "房间还算干净",
    "颜色跟图片接近", "安装不算复杂", "位置离地铁近", "续航够一天", "做工还过得去", "味道还可以",
]
MILD_MINUS = [
    "颜色比图片暗一点", "有一点点味道", "尺码偏大一点", "等的时间稍微长了点", "隔音一般", "包装简单了些",
    "说明书写得比较简略", "早餐种类少一点", "线稍微短了点", "价格不算低", "配送费贵了几块", "电梯要等一会",
]
BALANCED_TAILS = [
    "正常水平", "中规中矩", "没什么特别的感觉", "跟描述一致", "跟之前差不多", "就是普通的水平", "和预期差不多",
    "一分价钱一分货吧", "算是正常发挥", "不功不过",
]
# (a gain, the matching loss) that cancel out: "比上次便宜一点，但也少一点".
CANCEL_PAIRS = [("便宜", "少"), ("快", "贵"), ("大", "重"), ("便宜", "薄"), ("多", "淡"), ("近", "贵"), ("轻", "小")]
BALANCED_TEMPLATES = [
    "{subj}不{a}也不{b}，{tail}", "{subj}不{a}不{b}，{tail}", "{subj}不算{a}也不算{b}", "这次的{subj}不{a}不{b}吧",
    "优点是{plus}，缺点是{minus}，看个人需求", "优点：{plus}；缺点：{minus}。自己取舍吧", "{plus}，不过{minus}，{tail}",
    "{plus}，就是{minus}，总的来说{tail}", "有好有坏，{plus}，{minus}", "先给个中评，{plus}，{minus}",
    "三星吧，{plus}，但{minus}", "整体{tail}，{plus}，{minus}", "跟上次买的{p}差不多，没什么变化",
    "便宜了几块钱但是分量也少了，算下来差不多", "比上次{up}一点，但也{down}一点，扯平了", "{tail}，没有惊喜也没有踩雷",
    "说不上喜欢也说不上不喜欢，{tail}", "{subj}就那样，{tail}", "中评，{plus}，{minus}，其他{tail}",
    "用了{n}天，{plus}，{minus}，先这样", "{plus}，{minus}，值不值看个人", "价格降了一些，赠品也取消了，算下来差不多",
]


def balanced(rng: random.Random) -> str:
    """Praise and criticism that cancel, or an explicit middle judgement (不X也不Y, 中规中矩, 中评)."""
    more, less, subjects = rng.choice(ADJ_PAIRS)
    slots = slot_values(rng)
    plus, minus = rng.choice(MILD_PLUS), rng.choice(MILD_MINUS)
    up, down = rng.choice(CANCEL_PAIRS)
    template = rng.choice(BALANCED_TEMPLATES)
    if "优点" not in template and rng.random() < 0.5:  # either order reads naturally and neither side wins
        plus, minus = minus, plus
    text = template.format(
        subj=rng.choice(subjects).format(**slots), a=more, b=less, up=up, down=down,
        tail=rng.choice(BALANCED_TAILS), plus=plus, minus=minus, p=slots["p"], n=slots["n"],
    )
    return text + _end(rng, ["", "", "。", "～"])


# --- 3. Information requests ------------------------------------------------------------------------------

QUESTION_TOPICS: dict[str, list[str]] = {
    "parcel": [
        "包裹在{city}转运中心{n}天了，大概还要几天到{city2}", "快递放{place}了，取件码在哪里看", "{courier}周末派送",
        "能不能改成送到{place}", "物流一直显示在{city2}中转，一般要多久", "同一个订单为什么分成了{n}个包裹",
        "签收以后还能改地址", "快递柜超时了还能取出来", "取件码{code}是哪个驿站的", "派送中一般当天能送到",
    ],
    "order": [
        "{p}有{color}的", "{p}{size}还有货", "下单以后多久发货", "可以开专票", "{p}是哪里发货的",
        "{p}跟上一代有什么区别", "可以帮{who}改一下收货电话", "拍了两件能合并发货", "{p}的保修是多久",
        "预售的{p}几号发", "优惠券和满减能一起用", "身高170穿{size}还是大一码",
    ],
    "food": [
        "能不能备注不要{ing}", "{dish}是几个人的量", "几点开始接单", "{dish}可以换成米饭", "能送到{place}",
        "配送范围有多远", "预订明天{clock}的可以", "发票在哪里开", "到店自取要提前多久下单",
    ],
    "hotel": [
        "几点可以办入住", "能不能提前寄存行李", "{room}有窗", "早餐是几点到几点", "可以加床",
        "停车场收费", "离{city}{station}多远", "可以开发票", "续住一晚怎么操作", "能带宠物入住",
    ],
    "travel": [
        "{train}次可以改签到{day}", "航班{flight}的托运额度是多少", "儿童票怎么买", "网上值机几点开始",
        "改签要手续费", "{city}{station}到机场坐地铁要多久", "行李可以直挂到{city2}", "学生票一年能买几次",
        "候补购票一般多久有结果", "登机牌在哪里打印",
    ],
    "telecom": [
        "{plan}包含多少流量", "套餐下个月能改成{plan}", "宽带到期以后怎么续费", "副卡怎么办理",
        "话费账单在哪里查", "携号转网需要准备什么", "宽带移机要几天", "合约期没到能不能降套餐",
        "流量超出以后怎么计费", "国际漫游怎么开通",
    ],
    "app": [
        "{app}的{setting}在哪里关", "{app}怎么切换账号", "新版本的{feature}在哪", "{app}能不能在平板上登录",
        "{version}版本更新了什么内容", "怎么把{app}的缓存清掉", "换手机以后聊天记录怎么迁移", "{app}怎么开发票",
        "{feature}是不是取消了", "旧版本还能用多久",
    ],
    "bank": [
        "信用卡账单日能改", "转账到{bank}一般多久到账", "{money}能分几期", "退款是原路退回还是退到余额",
        "境外消费怎么开通", "还款日是{n}号还是{n}号之前", "{bank}的卡怎么解绑", "手续费怎么算",
        "电子回单在哪里下载", "余额提现要多久到账",
    ],
}
# A topic that already asks (多久, 能不能, 还是…) takes no 吗; a yes/no topic needs one.
WH_MARKERS = re.compile("多久|几|怎么|哪|什么|多少|多远|还是|能不能|是不是|有没有|要不要")
WH_FRAMES = [
    "请问{t}？", "请问一下，{t}", "想问下{t}", "{t}呢", "有人知道{t}吗", "咨询一下，{t}？", "{t}?", "问一下{t}",
    "你好，{t}？", "那个…{t}", "{t}，麻烦告知一下", "{t}", "{t}？",
]
YN_FRAMES = [
    "请问{t}吗？", "{t}吗？", "{t}吗", "想问下{t}吗", "有人知道{t}吗", "咨询一下，{t}吗？", "{t}吗?", "你好，{t}吗？",
    "{t}不？", "问一下，{t}吗", "{t}嘛",
]
CHOICE_QUESTIONS = [
    "{p}是选{color}还是黑色？", "寄到{city2}走{courier}还是邮政？", "是今天发还是明天发", "{size}和大一码选哪个",
    "入住是用身份证还是护照", "退款退到{bank}的卡还是余额？", "坐{train}次还是坐飞机去{city2}", "{plan}还是99元的",
    "{dish}是现做的还是料理包", "取件是去{place}还是等送上门",
]
HOW_MANY = [
    "从{city}寄到{city2}一般要几天", "退款一般几个工作日到账", "宽带安装一般要等几天", "改签以后多久能出票",
    "{p}一般多久能发货", "积分多久到账", "发票一般几天能开出来",
]


def question(rng: random.Random) -> str:
    """An information or how-to request; some carry a fact (where the parcel is) but no complaint."""
    slots = slot_values(rng)
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(CHOICE_QUESTIONS).format(**slots)
    if roll < 0.25:
        return rng.choice(HOW_MANY).format(**slots) + _end(rng, ["？", "?", "", "呀"])
    topic = rng.choice(QUESTION_TOPICS[rng.choice(sorted(QUESTION_TOPICS))]).format(**slots)
    frames = WH_FRAMES if WH_MARKERS.search(topic) else YN_FRAMES
    return rng.choice(frames).format(t=topic)


# --- 4. Social posts ---------------------------------------------------------------------------------------

SOCIAL_TEMPLATES = [
    "求推荐{city}{station}附近的酒店", "蹲一个{p}的使用反馈", "码住，下次去{city2}用", "先收藏，回头再看",
    "有没有人用过这款{p}", "坐标{city}，有没有{dish}的店推荐", "宝子们，{p}冲不冲", "集美们，{p}是选{color}还是白色",
    "{p}避雷还是种草？", "蹲一个{city}到{city2}的特价机票", "坐标{city}，宽带一般办哪家", "求问{app}的{feature}在哪",
    "有没有人知道{train}次的餐车在几号车厢", "码一下，{city}的{room}价格记录", "{day}去{city2}，求攻略",
    "有人住过{city}{station}旁边的酒店吗", "蹲蹲{p}的真实测评", "求推荐一款五百以内的{p}", "收藏了，{city2}行程参考",
    "打卡{city2}第{n}天", "记录一下今天的外卖：{dish}", "有没有{city}的宝子一起拼单", "{p}的{size}偏大还是偏小？蹲",
]
NEUTRAL_EMOJI = ["👀", "🤔", "📌", "[思考]", "📦", "✈️", "🚄", "📍", "🧾", "(・ω・)", "[看]", "🔖", "📱"]


def social(rng: random.Random) -> str:
    """A social-media post: asks, bookmarks and check-ins with emoji that carry no feeling."""
    text = rng.choice(SOCIAL_TEMPLATES).format(**slot_values(rng))
    if not text.endswith("？"):
        text += _end(rng, ["", "", "～"])
    if rng.random() < 0.6:
        text += rng.choice(NEUTRAL_EMOJI)
    if rng.random() < 0.2:
        text = rng.choice(NEUTRAL_EMOJI) + text
    return text


# --- 5. Code-mixing ----------------------------------------------------------------------------------------

CODE_MIX_TEMPLATES = [
    "order已经shipped了，tracking number尾号{tail}", "refund status显示processing", "新version把{feature}挪位置了",
    "app更新到{version}之后battery显示{pct}%", "size选的M，颜色{color}", "delivery时间改到了{clock}",
    "明天{clock}的flight，online check-in开了吗", "想upgrade一下plan，有哪些选择", "请问这个order能改address吗",
    "tracking number查不到信息，是还没揽收吗", "refund已经submit了，一般几天到账", "{p}的size chart在哪里看",
    "hotel的check-in时间是几点", "{app}有没有dark mode", "这个feature是只有会员才有吗", "plan下个月自动renew",
    "battery health现在是{pct}%", "order number发你了，帮忙查一下delivery status", "{p}有没有English说明书",
    "flight delay了{n}个小时，新的登机时间是{clock}", "wifi密码在哪里看", "upgrade到{version}要多大空间",
    "这个{p}支持Type-C吗", "{day}收到package了，还没unbox", "check-out是几点", "voucher和discount能叠加吗",
]


def code_mixed(rng: random.Random) -> str:
    """Chinese with English product words, as customers type them; statements and questions."""
    return _close(rng, rng.choice(CODE_MIX_TEMPLATES).format(**slot_values(rng)))


# --- 6. Traditional Chinese (Taiwan/HK wording) --------------------------------------------------------------

TRAD_PLACES = ["台北", "台中", "高雄", "新竹", "台南", "香港", "九龍", "新北"]
TRAD_STATIONS = ["捷運中山站", "捷運市政府站", "捷運淡水站", "港鐵旺角站", "捷運西門站"]
TRAD_ITEMS = ["手機殼", "耳機", "行李箱", "外套", "電風扇", "保溫瓶", "滑鼠", "充電線"]
TRAD_TEMPLATES = [
    "包裹已經到{station}附近的超商了，取貨時間到{n}號", "請問可以超商取貨嗎？", "訂單已出貨，物流編號尾號{tail}",
    "我想改一下收件地址", "這個方案每個月多少錢？", "外送預計{clock}送達", "{item}是{place}出貨的嗎",
    "請問{item}有黑色的嗎", "已經下單了，選的是超商取貨付款", "{place}的門市幾點關門？", "飯店幾點可以辦理入住",
    "昨天在{station}出口拿到包裹了", "請問退款大概幾個工作天會入帳", "{item}還沒拆，用了再來補充",
    "外送員說放在管理室了", "這支手機的保固是多久？", "電信方案下個月才會生效", "App更新到最新版本了",
    "請問{station}到機場要多久", "訂了兩晚，{clock}入住", "發票是開電子載具的",
]


def traditional(rng: random.Random) -> str:
    """Natively Traditional (Taiwan/HK) neutral texts: 捷運, 外送, 超商取貨."""
    return _close(rng, rng.choice(TRAD_TEMPLATES).format(
        station=rng.choice(TRAD_STATIONS), item=rng.choice(TRAD_ITEMS), place=rng.choice(TRAD_PLACES),
        n=rng.randint(3, 28), tail=rng.randint(1000, 9999), clock=_clock(rng).replace("点", "點"),
    ))


# Kind -> (maker, weight); statements include the long diaries (about one in seven).
def _statement_or_diary(rng: random.Random) -> str:
    return diary(rng) if rng.random() < 0.15 else statement(rng)


KINDS: dict[str, tuple[Callable[[random.Random], str], float]] = {
    "statement": (_statement_or_diary, 0.35),
    "balanced": (balanced, 0.20),
    "question": (question, 0.25),
    "social": (social, 0.10),
    "code_mixed": (code_mixed, 0.07),
    "traditional": (traditional, 0.03),
}


def neutral_texts(rng: random.Random, n: int) -> list[str]:
    """n distinct neutral texts, mixed over the six kinds by KINDS' weights (small kinds may run dry)."""
    names = list(KINDS)
    weights = [KINDS[k][1] for k in names]
    seen: set[str] = set()
    out: list[str] = []
    for _ in range(n * 50):  # bounded: duplicates are retried, but never forever
        if len(out) == n:
            break
        text = KINDS[rng.choices(names, weights)[0]][0](rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out
