"""A review in a shop's field template is read by its values: the labels (运行速度, 待机时间) are the shop's words, the
same in praise and complaint. Lone fields, pros / cons forms, enumerations, verdict lines and speech are not
templates."""

import pytest

from models.field_templates import FieldTemplateClassifier, template_values
from models.text import normalize
from tests.models.stub_models import ByText, scored

TEMPLATES = {
    "外形外观：一般 屏幕音效：有杂音 运行速度：卡顿 待机时间：短": ["一般", "有杂音", "卡顿", "短"],
    "口感：一般\n包装：破损\n物流：慢": ["一般", "破损", "慢"],
    "外觀顏值：高，運行速度：流暢": ["高", "流畅"],  # Traditional, comma-separated
}
NOT_TEMPLATES = [
    "运行速度：卡顿",  # a lone field
    "优点：屏幕好 缺点：电池差",  # a pros / cons form
    "第一：到货晚了2天 第二：颜色发错了",  # an enumeration
    "总结：硬件老旧 服务：太差",  # a verdict line
    "门卫问：有没有预定 回答：有",  # speech
    "价格：299 颜色：黑色",  # an order's facts
    "尺码：M 颜色：白色",
    "物流很快，外观：漂亮 屏幕：清晰",  # text before the first label
    "外观：漂亮 屏幕：清晰，整体来说是我用过最好的一款手机了没有之一",  # a value too long to be a field's
    "",
]


@pytest.mark.parametrize(("text", "values"), TEMPLATES.items())
def test_a_template_yields_its_values(text: str, values: list[str]) -> None:
    assert template_values(normalize(text)) == values


@pytest.mark.parametrize("text", NOT_TEMPLATES)
def test_other_texts_with_colons_are_not_templates(text: str) -> None:
    assert template_values(normalize(text)) is None


def test_the_template_takes_its_values_reading_and_quotes_the_customer() -> None:
    text = "運行速度：卡頓 待機時間：短"  # Traditional: evidence is quoted in the customer's characters
    model = ByText({text: scored(0.85, ["运行速度"]), "卡顿，短": scored(-0.9, ["卡顿"]), "物流很快": scored(0.9)})
    template, plain = FieldTemplateClassifier(model).analyze([text, "物流很快"])
    assert (template.sentiment, template.emotion, template.evidence) == ("negative", "disappointment", ["卡頓"])
    assert template.model == "stub"
    assert plain.sentiment == "positive" and model.asked[1] == ["卡顿，短"]


@pytest.mark.slow
def test_the_served_model_reads_the_values() -> None:
    from models.registry import load_classifier

    # Written for this test: without the rule the served model read it as praise (+0.26).
    reading = load_classifier().analyze(["外观设计：普通 运行速度：卡顿 发热情况：很烫"])[0]
    assert reading.sentiment == "negative"


def test_each_field_that_names_an_aspect_files_it() -> None:
    text = "運行速度：卡頓 外觀顏值：一般"  # Traditional: evidence in the customer's characters
    model = ByText({text: scored(0.85), "卡顿，一般": scored(-0.9)})
    (template,) = FieldTemplateClassifier(model).analyze([text])
    # 卡顿 is an opinion word; 一般 is not, so that field takes the template's side
    assert [(a.aspect, a.sentiment, a.evidence) for a in template.aspects] == [
        ("性能", "negative", "運行速度：卡頓"), ("外观", "negative", "外觀顏值：一般")]
