"""Compliance hints: each rule of templates/routine_rules.yaml firing and not firing, and a part-year ledger."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.facts.ledger.hints import compliance_hints, load_routine_rules, reached_months
from drafter.facts.ledger.stats import compute_stats
from tests.facts.ledger._records import ROWS, SECRETARY, ledger, without


def _rules(hints) -> dict[str, object]:
    return {h.rule: h for h in hints}


def test_the_fixture_fires_exactly_the_monthly_gaps() -> None:
    hints = _rules(compliance_hints(ledger()))
    assert set(hints) == {"committee_monthly", "group_meeting_monthly", "theme_day_monthly"}
    assert hints["committee_monthly"].missing_months == [8]
    assert hints["committee_monthly"].message == "2025年8月没有支委会记录（支部委员会会议一般每月召开1次）。"
    assert hints["group_meeting_monthly"].missing_months == [1, 2, 4, 5, 7, 8, 10, 11]
    assert hints["theme_day_monthly"].missing_months == [8, 12]
    assert "8月、12月" in hints["theme_day_monthly"].message


def test_every_hint_names_its_source_and_that_local_rules_may_differ() -> None:
    for hint in compliance_hints(ledger()):
        assert hint.source
        assert "另有规定" in hint.note
        assert hint.severity == "warning"
        assert hint.not_reached == []


def test_committee_hint_goes_when_august_has_one() -> None:
    rows = [*ROWS, (8, 5, "支委会", "研究防汛工作", "", None, None, "", "", "")]
    assert "committee_monthly" not in _rules(compliance_hints(ledger(rows)))


def test_party_congress_quarter_missing_and_fewer_than_four() -> None:
    rows = without(lambda r: r[2] == "支部党员大会" and r[0] == 9)
    hint = _rules(compliance_hints(ledger(rows)))["party_congress_quarterly"]
    assert hint.missing_quarters == [3]
    assert "第三季度" in hint.message
    assert "共3次，少于4次" in hint.message
    assert hint.source.endswith("第十一条")


def test_party_congress_four_in_the_year_but_a_quarter_without() -> None:
    rows = without(lambda r: r[2] == "支部党员大会" and r[0] == 6)
    rows.append((2, 26, "支部党员大会", "研究春耕工作", "", None, None, "", "", ""))
    hint = _rules(compliance_hints(ledger(rows)))["party_congress_quarterly"]
    assert hint.missing_quarters == [2]
    assert "少于" not in hint.message


def test_org_life_missing() -> None:
    rows = without(lambda r: r[2] == "组织生活会")
    rows.append((12, 26, "民主评议党员", "年度民主评议党员", "", None, None, "", "", ""))
    hints = _rules(compliance_hints(ledger(rows)))
    assert "org_life_yearly" in hints and "democratic_review_yearly" not in hints
    assert hints["org_life_yearly"].message.startswith("2025年台账中组织生活会没有记录")


def test_democratic_review_missing() -> None:
    rows = without(lambda r: r[2] == "组织生活会")
    rows.append((12, 26, "组织生活会", "2025年度组织生活会", "", None, None, "", "", ""))
    hints = _rules(compliance_hints(ledger(rows)))
    assert "democratic_review_yearly" in hints and "org_life_yearly" not in hints


def test_secretary_lecture_missing_unless_the_name_is_known() -> None:
    rows = without(lambda r: r[8] == "支部书记王建国")
    hint = _rules(compliance_hints(ledger(rows)))["secretary_lecture_yearly"]
    assert hint.message == ("2025年台账中书记讲党课没有记录（支部书记每年至少为党员讲1次党课）。"
                            "如书记讲过党课，请在台账“主讲人”栏注明“书记”或填写书记姓名。")
    assert hint.source.startswith("常见做法")
    # row "7月1日 党课 王建国" is the secretary's once the secretary's name is given
    assert "secretary_lecture_yearly" not in _rules(compliance_hints(ledger(rows), secretary=SECRETARY))


def test_heart_talk_missing() -> None:
    rows = without(lambda r: r[2] == "谈心谈话")
    hint = _rules(compliance_hints(ledger(rows)))["heart_talk_yearly"]
    assert hint.count == 0
    assert "谈心谈话没有记录" in hint.message


def test_no_party_group_hint_for_a_branch_without_party_groups() -> None:
    rows = without(lambda r: r[2] == "党小组会")
    assert "group_meeting_monthly" not in _rules(compliance_hints(ledger(rows)))


def test_a_ledger_drafted_in_november() -> None:
    as_of = dt.date(2025, 11, 6)
    records = [r for r in ledger() if r.date <= as_of]
    hints = _rules(compliance_hints(records, as_of=as_of))
    # months not reached are not missing; yearly routines that may still come are hints, not warnings
    assert hints["committee_monthly"].missing_months == [8]
    assert hints["theme_day_monthly"].missing_months == [8]
    assert hints["group_meeting_monthly"].missing_months == [1, 2, 4, 5, 7, 8, 10]
    assert "party_congress_quarterly" not in hints  # Q4 not over, and 3 of 4 is no shortfall yet
    for key in ("org_life_yearly", "democratic_review_yearly", "heart_talk_yearly"):
        assert hints[key].severity == "info"
    for hint in hints.values():
        assert hint.not_reached == [11, 12]
        assert hint.message.endswith("台账截至11月6日，11月、12月尚未到，未计入。")


def test_the_last_day_of_a_month_reaches_it() -> None:
    assert reached_months(2025, dt.date(2025, 11, 30)) == list(range(1, 12))
    assert reached_months(2025, dt.date(2026, 1, 3)) == list(range(1, 13))
    assert reached_months(2025, None) == list(range(1, 13))
    assert reached_months(2025, dt.date(2024, 12, 31)) == []


def test_hints_from_stats_already_computed() -> None:
    stats = compute_stats(ledger())
    assert [h.rule for h in compliance_hints(stats)] == [h.rule for h in compliance_hints(ledger())]


def test_no_records_no_hints() -> None:
    assert compliance_hints([]) == []


@pytest.mark.parametrize("rule", [r.key for r in load_routine_rules().rules])
def test_every_rule_fires_on_an_empty_year(rule: str) -> None:
    # one record of another kind makes a year; every rule except the party groups' then fires
    records = ledger([(3, 1, "其他", "支部活动室整修", "", None, None, "", "", "")])
    fired = _rules(compliance_hints(records))
    assert (rule in fired) is (rule != "group_meeting_monthly")


def test_a_yearly_minimum_above_one_names_the_count() -> None:
    spec = load_routine_rules()
    strict = spec.model_copy(update={"rules": [r.model_copy(update={"min": 2}) for r in spec.rules
                                               if r.key == "heart_talk_yearly"]})
    (hint,) = compliance_hints(ledger(), rule_file=strict)
    assert hint.message.startswith("2025年台账中谈心谈话共1次，少于2次（")
