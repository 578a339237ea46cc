"""Drafts for the export tests: a realistic multi-page summary with every heading level."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.documents.draft import Draft, VersionSource, new_draft
from drafter.documents.outline import Outline, OutlineSection
from drafter.facts.load import parse_facts
from drafter.settings import RESOURCE_ROOT, load_settings

OPENING = (
    "2025年，在县教育局党委的坚强领导下，我校党支部坚持以习近平新时代中国特色社会主义思想为指导，"
    "全面贯彻党的二十大和二十届三中、四中全会精神，深入开展中央八项规定精神学习教育，"
    "围绕立德树人根本任务，以高质量党建引领学校高质量发展，较好完成了全年各项工作任务。"
    "现将一年来的工作总结如下："
)

SECTIONS = [
    ("强化理论武装，筑牢思想根基", [
        "（一）坚持集中学习与个人自学相结合。",
        "支部严格落实“三会一课”制度，全年召开支部党员大会6次、支委会12次、党小组会24次，"
        "书记讲党课2次。一是坚持每月第一周周三开展集中学习，二是依托“学习强国”平台推动个人自学，"
        "三是组织党员撰写心得体会46篇，推动理论学习往深里走、往实里走。",
        "（二）深入开展中央八项规定精神学习教育。支部制定学习教育实施方案，"
        "通过专题党课、警示教育、研讨交流等方式，引导党员干部深刻领悟“两个确立”的决定性意义，"
        "增强“四个意识”、坚定“四个自信”、做到“两个维护”。全体党员参加专题研讨3次，"
        "查摆问题11条，均已完成整改。",
    ]),
    ("加强组织建设，增强支部战斗力", [
        "（一）规范组织生活。",
        "1.严格执行主题党日制度。每月固定开展主题党日活动，做到主题鲜明、形式多样、内容充实。",
        "2、认真开展组织生活会和民主评议党员。支部班子和党员个人深入查摆问题，"
        "开展批评和自我批评，评议出优秀党员5名，合格党员28名。",
        "（二）抓好党员发展和教育管理。全年发展预备党员2名，确定入党积极分子3名，"
        "按期转正预备党员1名。",
        "（1）坚持标准、严格程序，发展工作做到程序规范、材料齐全。",
        "（2）加强流动党员和离退休党员管理，走访慰问老党员、生活困难党员12人次。",
    ]),
    ("推进党风廉政建设，营造风清气正环境", [
        "支部认真落实全面从严治党主体责任，书记带头履行第一责任人职责，与班子成员签订党风廉政建设责任书，"
        "在教师节、春节等重要节点开展廉洁提醒。严格执行师德师风“负面清单”，开展有偿补课专项治理，"
        "全年未发生违规违纪问题。坚持校务公开，对评优评先、职称评审、经费使用等事项及时公示，"
        "主动接受教职工和家长监督。",
    ]),
    ("发挥党建引领作用，服务学校中心工作", [
        "支部把党建工作与教育教学深度融合，设立党员先锋岗8个，组建党员骨干教师帮扶团队，"
        "结对帮扶青年教师15名。党员教师承担公开课、示范课42节，在县级以上教学竞赛中获奖9人次。"
        "开展“党员进社区”志愿服务活动6次，服务群众300余人次，党组织的凝聚力和影响力不断增强。"
        "学校获评县级文明校园，毕业班学业水平考试成绩位居全县前列。",
    ]),
    ("存在的问题和不足", [
        "一年来，支部工作虽然取得了一定成绩，但对照上级要求和师生期盼，仍存在一些不足：一是理论学习的深度还不够，"
        "学用结合不够紧密；二是党建与业务融合的方式方法还需创新；三是个别党员先锋模范作用发挥不够充分。",
    ]),
    ("下一步工作打算", [
        "2026年，支部将以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十届四中全会精神，"
        "重点抓好以下工作：",
        "（一）持续深化理论武装，推动学习教育常态化长效化。",
        "（二）全面加强组织建设，提升支部标准化规范化水平。",
        "（三）坚持党建引领，推动学校各项事业高质量发展，为“十五五”开好局起好步贡献力量。",
    ]),
]

TITLE = "嘉泽中心小学党支部2025年度工作总结"
UNIT = "中共嘉泽中心小学支部委员会"


def make_draft(texts: list[tuple[str, list[str]]] | None = None, *, opening: str = OPENING,
               title: str = TITLE, unit: str = UNIT, repeat: int = 1) -> Draft:
    """A draft with an opening and the given sections; repeat multiplies the body to make it longer."""
    texts = texts if texts is not None else SECTIONS
    facts = parse_facts({"kind": "annual_summary", "year": 2025,
                         "branch": {"name": unit, "short_name": "嘉泽中心小学党支部", "org_type": "school"},
                         "signature_date": "2025-12-06"})
    secs = [OutlineSection(id="opening", heading="", numbered=False, role="opening")]
    secs += [OutlineSection(id=f"s{i}", heading=h) for i, (h, _) in enumerate(texts)]
    draft = new_draft(facts, Outline(kind="annual_summary", title=title, sections=secs),
                      signature_date=dt.date(2025, 12, 6))
    draft.signature.unit = unit  # the 落款 these export tests check is the name given (new_draft takes the 简称)
    draft.sections[0].record(opening, VersionSource.GENERATED)
    for section, (_, paras) in zip(draft.sections[1:], texts, strict=True):
        section.record("\n".join(paras * repeat), VersionSource.GENERATED)
    return draft


@pytest.fixture
def draft() -> Draft:
    """The realistic three-page summary."""
    return make_draft()


ENTERPRISE = RESOURCE_ROOT / "examples" / "enterprise_ledger_summary_2025.yaml"
ENTERPRISE_LEDGER = RESOURCE_ROOT / "examples" / "ledgers" / "企业党支部2025年三会一课台账.xlsx"


def ledger_draft(data_dir: Path) -> Draft:
    """The enterprise example with its .xlsx ledger, drafted by the template engine (no model)."""
    from drafter.drafting.context import EngineContext
    from drafter.drafting.engine import default_outline, template_draft
    from drafter.facts.ledger.read import read_ledger
    from drafter.facts.load import load_facts_file

    facts = load_facts_file(ENTERPRISE)
    facts = facts.model_copy(update={"ledger": read_ledger(ENTERPRISE_LEDGER, year=facts.year).records})
    settings = load_settings({"DRAFTER_DATA_DIR": str(data_dir)}, secrets_path=data_dir / "none.toml")
    ctx = EngineContext.create(settings)
    return template_draft(facts, ctx, default_outline(facts, ctx))


@pytest.fixture(scope="module")
def with_ledger(tmp_path_factory) -> Draft:
    """An annual summary whose facts carry a 46-row ledger (build once per module; tests copy it to change it)."""
    return ledger_draft(tmp_path_factory.mktemp("ledger-draft"))
