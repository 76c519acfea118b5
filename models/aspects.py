"""Commerce aspects: which clauses talk about delivery, quality, price, service, packaging, taste, ….

Aspect keywords are data (a small table); each matching clause is then scored by the same model as the
whole text, so an aspect's sentiment is the model's reading of the clause that mentions it.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.text import split_clauses

ASPECT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "物流": ("物流", "快递", "发货", "配送", "送货", "到货", "送达", "派送", "运输", "顺丰", "骑手", "送餐", "外卖小哥"),
    "质量": ("质量", "做工", "材质", "品质", "用料", "耐用", "坏了", "质感", "面料", "正品", "假货"),
    "价格": ("价格", "价钱", "性价比", "便宜", "贵", "划算", "实惠", "优惠", "降价", "值这个价", "不值"),
    "服务": ("客服", "服务", "售后", "态度", "店家", "商家", "前台", "服务员", "导购", "回复", "退款", "退货"),
    "包装": ("包装", "盒子", "破损", "压坏", "封口", "快递盒", "包裹"),
    "口味": ("口味", "味道", "好吃", "难吃", "口感", "咸", "甜", "辣", "香", "新鲜", "分量"),
    "外观": ("外观", "颜色", "样子", "款式", "好看", "颜值", "色差", "图片"),
    "尺码": ("尺码", "尺寸", "大小", "偏大", "偏小", "合身"),
    "环境": ("环境", "房间", "卫生", "干净", "安静", "隔音", "位置", "设施", "早餐"),
    "性能": ("续航", "电池", "速度", "卡顿", "发热", "信号", "音质", "屏幕", "内存", "系统", "闪退", "bug"),
}


@dataclass(frozen=True)
class AspectClause:
    """A clause of the text and the aspects it mentions."""

    clause: str
    aspects: tuple[str, ...]


def aspect_clauses(text: str) -> list[AspectClause]:
    """Clauses of a normalised text that mention at least one aspect, in text order."""
    out: list[AspectClause] = []
    for clause in split_clauses(text):
        found = tuple(name for name, words in ASPECT_KEYWORDS.items() if any(w in clause for w in words))
        if found:
            out.append(AspectClause(clause.strip("，,。！？!?；;~～ "), found))
    return out
