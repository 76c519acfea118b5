"""Business inquiries: a job seeker or a would-be partner writing to the shop (你们还招人吗？ 招代理吗 可以合作吗？).

They are not customers and state no verdict, but a shop's chat channel receives them beside its customers, and the
review corpus has none: the bundled model read 你们还招人吗？ as −0.83 with anger, 可以合作吗？我们是做直播带货的 as −0.68
and 你好，我是XX公司的，想跟贵店谈谈合作 as −0.58 with anger, each of which opened a complaint. Only a text made
wholly of such clauses, greetings and a self-introduction matches: 你们还招人吗？我来帮你们发货 (sarcasm about slow
shipping) keeps its second clause and stays with the model.
"""

from __future__ import annotations

import re

from models.chat_clauses import made_only_of

_ASK = r"(?:吗|么|嘛|不|没|呢|呀|啊)?"
_STAFF = r"(?:人|员工|客服|店员|学徒|兼职|全职|主播|美工|运营|服务员|骑手|快递员|司机)"
_INQUIRY = re.compile(
    "|".join(
        (
            # hiring: 你们还招人吗, 招不招客服, 店里缺人吗, 还要人不
            rf"(?:你们)?(?:贵店|店里|店铺|店|家|公司)?(?:还|现在|最近)?(?:(?:招|招不招|招聘|缺|缺不缺){_STAFF}|要不要人|要人){_ASK}",
            r"(?:我)?想(?:来)?(?:应聘|求职|找(?:个|份)?(?:工作|兼职))",
            # partnership and agency: 可以合作吗, 想跟贵店谈谈合作, 招代理吗, 怎么加盟
            rf"(?:可以|能|能不能|可不可以|是否可以|有没有|有)?(?:商务)?合作(?:的)?(?:机会|意向)?{_ASK}",
            r"(?:我们?)?想(?:跟|和|与)?(?:你们|贵店|贵公司|您|店家|商家|老板)?(?:谈谈?|洽谈|聊聊?|寻求|进行|达成)?"
            r"(?:一下)?(?:商务)?合作(?:一下)?",
            rf"(?:你们)?(?:还)?(?:招|收|要)(?:不招|不收)?代理{_ASK}|(?:怎么|如何|可以|能)?(?:做|当)代理{_ASK}"
            rf"|(?:怎么|如何|可以|能)?加盟{_ASK}|招商{_ASK}",
        )
    )
)
# Said beside an inquiry, asking nothing alone: a self-introduction (我是XX公司的, 我们是做直播带货的) or how to get
# in touch (怎么联系, 加个微信).
_ASIDE = re.compile(
    r"我们?是.{1,12}?(?:公司|工作室|机构|团队|平台|传媒|品牌方|mcn)的?(?:负责人|商务|经理|员工)?|我们?是(?:做|搞).{1,12}的"
    r"|(?:怎么|如何)(?:联系|联络)(?:你们|您)?|(?:有)?联系方式(?:吗|是多少)?|(?:方便)?加(?:个|一下)?(?:微信|vx|v)(?:吗)?"
)
# Characters one of which every inquiry holds: most texts skip the normalising.
_TRIGGERS = frozenset("招聘缺合作代理加盟商应")


def is_business_inquiry(text: str) -> bool:
    """True for a text made only of job or partnership inquiries (with greetings and a self-introduction)."""
    return made_only_of(text, _TRIGGERS, _INQUIRY.fullmatch, aside=_ASIDE.fullmatch)
