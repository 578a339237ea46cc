"""The totals of a section with exact counts and attendance, and the choice of representative records."""

from __future__ import annotations

import random

import pytest

from drafter.drafting.thematic.totals import aggregate_sentence, pick_representative
from drafter.facts.ledger.classify import classify_all
from drafter.facts.ledger.stats import compute_stats
from tests.facts.ledger._records import rec


def _year(counts: dict[str, int], **kw) -> list:
    """A ledger holding count rows of each 类别, spread over the months."""
    rows = []
    for kind, n in counts.items():
        for i in range(n):
            rows.append(rec(row=len(rows) + 2, month=i % 12 + 1, day=1 + i // 12, kind=kind, **kw))
    return classify_all(rows)


def test_the_aggregate_of_the_whole_ledger(stats) -> None:
    assert aggregate_sentence(stats) == (
        "全年召开支部党员大会4次、支委会11次、党小组会8次，讲党课3次，其中书记讲党课1次，开展主题党日活动10次，"
        "召开组织生活会1次，开展民主评议党员1次、谈心谈话1次，党员平均参会率93%。")


def test_the_aggregate_of_the_genre_example() -> None:
    rows = _year({"支部党员大会": 4, "支委会": 12, "党小组会": 24, "主题党日": 11})
    rows += classify_all([rec(row=90, month=4, kind="党课", host="书记"), rec(row=91, month=7, kind="党课", host="书记")])
    assert aggregate_sentence(compute_stats(rows)) == \
        "全年召开支部党员大会4次、支委会12次、党小组会24次，书记讲党课2次，开展主题党日活动11次。"


def test_the_aggregate_of_one_section_with_its_attendance(records, stats) -> None:
    keys = ["party_congress", "committee", "group_meeting", "org_life", "democratic_review"]
    # 支部党员大会 112/106 and 组织生活会 28/27: 133/140 = 95%
    assert aggregate_sentence(stats, keys, records=records) == \
        "全年召开支部党员大会4次、支委会11次、党小组会8次、组织生活会1次，开展民主评议党员1次，以上会议党员平均参会率95%。"
    assert aggregate_sentence(stats, keys) == \
        "全年召开支部党员大会4次、支委会11次、党小组会8次、组织生活会1次，开展民主评议党员1次。"


@pytest.mark.parametrize(("hosts", "expected"), [
    (["", "", ""], "全年讲党课3次。"),
    (["书记", "", ""], "全年讲党课3次，其中书记讲党课1次。"),
    (["书记", "支部书记", "书记"], "全年书记讲党课3次。"),
])
def test_lectures_and_the_secretarys_share(hosts: list[str], expected: str) -> None:
    rows = classify_all([rec(row=i, kind="党课", host=h) for i, h in enumerate(hosts, start=2)])
    assert aggregate_sentence(compute_stats(rows), ["party_lecture", "secretary_lecture"]) == expected


def test_only_the_secretarys_lectures_asked() -> None:
    rows = classify_all([rec(row=2, kind="党课", host="书记"), rec(row=3, kind="党课")])
    assert aggregate_sentence(compute_stats(rows), ["secretary_lecture"]) == "全年书记讲党课1次。"


def test_themes_in_the_aggregate_and_zero_counts_left_out(stats) -> None:
    # a theme counts every row told with it: the 主题党日 about 志愿服务 and 走访慰问 too (one row is classed as the
    # theme itself, two 主题党日 name it), so "志愿服务活动1次" no longer comes before three told ones
    assert aggregate_sentence(stats, ["volunteer", "visit", "election", "heart_talk"]) == \
        "全年开展谈心谈话1次、志愿服务活动3次、走访慰问活动3次。"
    assert aggregate_sentence(stats, ["election"]) == ""
    assert aggregate_sentence(stats, ["heart_talk"], opener="活动期间") == "活动期间开展谈心谈话1次。"


def test_no_attendance_rate_from_too_few_meetings_or_above_100_percent() -> None:
    few = classify_all([rec(row=2, kind="支委会", expected=5, present=5), rec(row=3, kind="支委会", expected=5, present=4)])
    assert "参会率" not in aggregate_sentence(compute_stats(few), ["committee"], records=few)
    guests = classify_all([rec(row=i, kind="支部党员大会", expected=10, present=12) for i in range(2, 6)])
    assert "参会率" not in aggregate_sentence(compute_stats(guests), ["party_congress"], records=guests)
    full = classify_all([rec(row=i, kind="支部党员大会", expected=10, present=9) for i in range(2, 6)])
    assert aggregate_sentence(compute_stats(full), ["party_congress"], records=full).endswith("党员平均参会率90%。")


def test_pick_representative_by_substance(records) -> None:
    picked = pick_representative(records, 3)
    assert [(r.date.month, r.date.day) for r in picked] == [(3, 5), (8, 12), (10, 22)]
    assert pick_representative(records, 1)[0].note  # the one with the secretary's note and figures
    assert len(pick_representative(records, 9)) == 3
    assert all(r.routine not in {"party_congress", "committee", "group_meeting"} for r in picked)


def test_pick_representative_is_deterministic(records) -> None:
    shuffled = list(records)
    random.Random(7).shuffle(shuffled)
    assert pick_representative(shuffled, 2) == pick_representative(records, 2)


def test_a_routine_meeting_is_picked_only_when_nothing_else_is_there() -> None:
    rows = classify_all([rec(row=2, kind="支委会", topic="研究工作", content="研究了十项工作，落实到人" * 3),
                         rec(row=3, kind="主题党日", topic="参观村史馆", present=20)])
    assert pick_representative(rows, 1)[0].row == 3


def test_a_talk_and_a_meeting_are_no_activities_in_a_themes_total() -> None:
    rows = classify_all([rec(month=5, day=22, kind="警示教育", topic="参观廉政教育基地"),
                         rec(month=9, day=3, kind="谈心谈话", topic="纪检委员与新入职干部廉政谈话"),
                         rec(month=3, day=6, kind="支部党员大会", topic="部署深入贯彻中央八项规定精神学习教育")])
    assert aggregate_sentence(compute_stats(rows), ["warning"]) == "全年开展警示教育活动1次。"
