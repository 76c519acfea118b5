from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from engine.risk import (
    DEFAULT_LEXICON_PATH,
    RISK_FLAGS,
    RiskDetector,
    RiskLexicon,
    default_detector,
    detect_risk_flags,
    load_lexicon,
)
from models.analysis import Analysis

MakeAnalysis = Callable[..., Analysis]


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("质量这么差，再也不买了", "churn"),
        ("我要换别家了", "churn"),
        ("我要退会员，把账号销户", "churn"),
        ("不处理我就曝光你们", "public_escalation"),
        ("我要发微博让大家看看", "public_escalation"),
        ("已经在黑猫投诉上投诉了", "public_escalation"),
        ("再不退款我就打12315", "public_escalation"),
        ("我会去消协反映", "public_escalation"),
        ("我要找媒体，还要找律师", "public_escalation"),
        ("怎么又坏了", "repeat_contact"),
        ("这是我第三次联系你们了", "repeat_contact"),
        ("问了好几天，还是没人处理", "repeat_contact"),
        ("用了以后脸过敏了", "safety"),
        ("孩子玩的时候受伤了", "safety"),
        ("充电器起火了", "safety"),
        ("锅突然爆炸", "safety"),
        ("不小心被烫伤了", "safety"),  # 不小心 is no negation
    ],
)
def test_flags_in_simplified_text(text: str, flag: str) -> None:
    assert flag in detect_risk_flags(text)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("品質太差，再也不買了", "churn"),
        ("我要換別家", "churn"),
        ("我要退會員", "churn"),
        ("再不處理就曝光", "public_escalation"),
        ("我要發微博", "public_escalation"),
        ("已經去黑貓投訴", "public_escalation"),
        ("找媒體來評評理", "public_escalation"),
        ("用完皮膚過敏", "safety"),
        ("小孩受傷了", "safety"),
        ("還是沒人處理", "repeat_contact"),
        ("打１２３１５投訴", "public_escalation"),  # full-width digits
        ("ＷＴＦ，我要找律師", "public_escalation"),
    ],
)
def test_flags_in_traditional_and_full_width_text(text: str, flag: str) -> None:
    assert flag in detect_risk_flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "用了一个月，没有过敏，很温和",
        "敏感肌也不过敏",
        "还好孩子没有受伤",
        "我不会换别家的，一直支持",
        "又便宜又好吃",
        "又打折了吗？",
        "物流很快，包装也好",
        "",
    ],
)
def test_no_flags_for_negated_or_harmless_text(text: str) -> None:
    assert detect_risk_flags(text) == []


def test_flags_are_sorted_and_unique() -> None:
    flags = detect_risk_flags("第三次了还是没人处理，再也不买了，我要曝光，还要打12315，孩子都过敏了")
    assert flags == sorted(set(flags)) == list(RISK_FLAGS)


def test_positive_reading_gates_churn_and_repeat_but_not_safety(make_analysis: MakeAnalysis) -> None:
    praise = make_analysis("joy")
    assert detect_risk_flags("再也不买别家的了，第二次回购，太好用", praise) == []
    assert detect_risk_flags("再也不买别家的了，第二次回购，太好用") == ["churn", "repeat_contact"]
    assert detect_risk_flags("很好用，就是孩子用了有点过敏", praise) == ["safety"]


def test_a_neutral_reading_gates_repeat_contact_only(make_analysis: MakeAnalysis) -> None:
    neutral = make_analysis("neutral")
    assert detect_risk_flags("第二次买了，一般般", neutral) == []
    assert detect_risk_flags("第二次买了，一般般", make_analysis("disappointment")) == ["repeat_contact"]
    assert detect_risk_flags("不解决就去消协", neutral) == ["public_escalation"]


def test_model_evidence_adds_wording_the_text_lacks(make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis("anger", evidence=["曝光"])
    assert detect_risk_flags("你们等着瞧", analysis) == ["public_escalation"]


def test_evidence_cut_from_a_negated_phrase_does_not_flag(make_analysis: MakeAnalysis) -> None:
    analysis = make_analysis("neutral", evidence=["过敏"])
    assert detect_risk_flags("用了一周，没有过敏", analysis) == []


def test_negation_in_the_previous_clause_does_not_cancel() -> None:
    assert detect_risk_flags("没想到，过敏了") == ["safety"]


def test_shipped_lexicon_is_valid_and_cached() -> None:
    lexicon = load_lexicon()
    assert set(lexicon.categories) == set(RISK_FLAGS)
    assert default_detector() is default_detector()


def test_traditional_map_covers_every_term() -> None:
    opencc = pytest.importorskip("opencc")
    lexicon = load_lexicon()
    detector = RiskDetector(lexicon)
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        for name, category in lexicon.categories.items():
            for term in category.terms:
                flags = detector.detect([f"，{converter.convert(term)}。"])
                assert name in flags, (config, term, converter.convert(term))


def test_lexicon_rejects_terms_that_normalisation_would_change() -> None:
    data = yaml.safe_load(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    data["categories"]["churn"]["terms"].append("再也不買")
    with pytest.raises(ValueError, match="normalised"):
        RiskLexicon.model_validate(data)


def test_custom_lexicon_is_data() -> None:
    lexicon = RiskLexicon.model_validate(
        {"categories": {"churn": {"terms": ["取消订阅"]}}, "negators": ["不"], "traditional": {}}
    )
    assert detect_risk_flags("我要取消订阅", detector=RiskDetector(lexicon)) == ["churn"]
    assert detect_risk_flags("我要曝光", detector=RiskDetector(lexicon)) == []
