"""A claimed routine (三会一课, 主题党日 …) is flagged when, and only when, the facts do not mention it."""

from __future__ import annotations

from drafter.facts.load import parse_facts
from drafter.proofreading import review_sections
from drafter.proofreading.rules_claims import find_claims, load_routines

TEXT = "支部严格执行“三会一课”、组织生活会、民主评议党员等制度，每月开展主题党日，坚持谈心谈话。"


def test_every_routine_claimed_without_facts_is_flagged_once():
    found = find_claims("s1", TEXT, ["支部书记王芳", "开展志愿服务"])
    assert [f.text for f in found] == ["三会一课", "组织生活会", "民主评议", "主题党日", "谈心谈话"]
    assert all(f.severity == "warning" and TEXT[f.start:f.end] == f.text for f in found)
    assert len(found) == len(load_routines())


def test_a_routine_the_facts_mention_is_not_flagged():
    facts = ["3月5日 学雷锋主题党日", "召开专题组织生活会，开展民主评议党员", "落实“三会一课”制度", "与党员谈心"]
    assert find_claims("s1", TEXT, facts) == []


def test_the_review_reports_it_with_a_chinese_label_and_not_without_facts():
    facts = parse_facts({"year": 2025, "branch": {"name": "中共青山社区支部委员会"},
                         "activities": [{"title": "学雷锋志愿服务", "detail": "党员20人参加"}]})
    found = [f for f in review_sections([("s1", "一、测试", TEXT, None)], facts, 2025)
             if f.rule == "claimed_routine"]
    assert {f.text for f in found} == {"三会一课", "组织生活会", "民主评议", "主题党日", "谈心谈话"}
    assert found[0].rule_label == "制度/活动无依据" and "材料里没有提到" in found[0].message
    assert not [f for f in review_sections([("s1", "一、测试", TEXT, None)], None, 2025)
                if f.rule == "claimed_routine"]
