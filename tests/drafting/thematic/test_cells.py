"""A record's cells as clauses (thematic/cells.py): notes joined or given a subject, acts listed by name given a
verb, a count said once."""

from __future__ import annotations

from drafter.drafting.thematic.cells import (
    bare_acts,
    count_clause,
    note_total,
    note_with_subject,
    titled_name,
)
from drafter.drafting.thematic.phrases import load_phrases
from drafter.drafting.thematic.prose import record_sentence
from drafter.facts.ledger.classify import classify_all
from tests.facts.ledger._records import rec


def test_a_note_gets_a_subject_and_a_count_joins_its_sentence():
    lecture = classify_all([rec(kind="党课", topic="书记讲党课：带头干好乡村振兴", host="刘福林")])[0]
    # the lecture's sentence has just named the lecturer: not the name again
    assert note_with_subject("讲了茶叶合作社的发展思路", lecture) == "课上讲了茶叶合作社的发展思路"
    assert note_with_subject("群众反映很好", lecture) == "群众反映很好"
    talk = classify_all([rec(month=12, day=12, kind="谈心谈话", topic="书记与党员谈心谈话")])[0]
    told = record_sentence(talk)
    assert note_total(told, "谈心谈话21人次") == told.rstrip("。") + "，共21人次。"
    assert note_total(told, "谈心谈话21人次，党员反映问题5条") == ""  # says more: told as a note


def test_a_content_listing_acts_by_name_takes_a_verb_and_a_clause_is_left_alone():
    rp = load_phrases().record
    assert bare_acts("对照检查，批评与自我批评", rp) == "开展对照检查、批评与自我批评"
    assert bare_acts("支委班子对照检查，党员逐一开展批评和自我批评", rp) == "支委班子对照检查，党员逐一开展批评和自我批评"
    assert bare_acts("逐条学习，结合岗位交流", rp) == "逐条学习，结合岗位交流"


def test_a_count_joins_only_an_act_the_sentence_tells_outside_a_quoted_topic():
    visit = classify_all([rec(month=1, day=22, kind="主题党日", topic="春节前走访慰问老党员", present=12)])[0]
    assert note_total(record_sentence(visit), "走访慰问18户") == ""


def test_a_short_counting_note_ends_its_records_sentence():
    told = "11月26日，支部开展主题党日活动，分组研讨，应到31人，实到28人。"
    assert count_clause(told, "交流发言9人") == "11月26日，支部开展主题党日活动，分组研讨，应到31人，实到28人，交流发言9人。"
    assert count_clause(told, "讨论热烈，大家最关心教育") == ""  # no figure: the secretary's words, a sentence
    assert count_clause(told, "全票通过罗晓燕同志按期转正；表彰优秀共产党员3名") == ""  # two clauses


def test_a_counting_note_does_not_cost_the_clause_its_object():
    """"走访慰问老党员、困难群众" + note "走访慰问18户": the figure goes to the clause; dropping the clause had left
    18户 of old members only (a reader's fact mark)."""
    visit = classify_all([rec(month=1, day=22, kind="主题党日", topic="春节前走访慰问老党员", content="走访慰问老党员、困难群众",
                              present=12, note="走访慰问18户")])[0]
    from drafter.drafting.thematic.sections import told_sentences

    text = told_sentences([visit], with_note=False)[0]
    assert note_total(text, "走访慰问18户").count("走访慰问老党员、困难群众18户") == 1


def test_a_name_with_its_title_in_brackets_is_said_as_prose_says_it():
    assert titled_name("刘振华（市局党委委员、副局长）") == "市局党委委员、副局长刘振华"
    assert titled_name("韩立群(支部书记)") == "支部书记韩立群"
    assert titled_name("韩立群") == "韩立群" and titled_name("李梅、王芳（党小组长）") == "李梅、王芳（党小组长）"
    row = classify_all([rec(kind="党课", topic="传承红色基因", host="刘振华（市局党委委员、副局长）",
                            content="市局党委委员、副局长刘振华到联系点讲党课")])[0]
    # (what is left of "……到联系点讲党课" goes with the act, not after it as "讲党课，到联系点")
    assert "市局党委委员、副局长刘振华以“传承红色基因”为题，到联系点讲党课" in record_sentence(row)
    assert "（" not in record_sentence(row)


def test_one_person_at_a_record_is_not_said_as_one_member_attending():
    row = classify_all([rec(kind="发展党员", topic="发展对象培训", content="许嘉怡同志参加发展对象培训班，考试合格",
                            expected=1, present=1)])[0]
    assert "1名党员" not in record_sentence(row) and "参加1人" not in record_sentence(row)


def test_a_line_break_typed_in_a_note_ends_a_sentence_not_a_paragraph() -> None:
    from drafter.drafting.thematic.cells import note_with_subject

    row = classify_all([rec(kind="志愿服务", topic="暑期支教")])[0]
    assert note_with_subject("6名党员支教12天，上课48节\n学校给支部送了锦旗", row) == "6名党员支教12天，上课48节。学校给支部送了锦旗"
    assert note_with_subject("共3项：\n一是清扫", row) == "共3项：一是清扫"


def test_a_note_that_labels_a_list_of_names_is_said_as_a_sentence() -> None:
    from drafter.drafting.thematic.cells import note_with_subject

    row = classify_all([rec(kind="主题党日", topic="七一")])[0]
    # an honour is who got it (reading 23: "……为沈浩、马骁、周雪" had no verb of honouring)
    assert note_with_subject("优秀共产党员：沈浩、马骁、周雪", row) == "沈浩、马骁、周雪获评优秀共产党员"
    assert note_with_subject("联络员：沈浩、马骁", row) == "联络员为沈浩、马骁"
    kept = "3名老党员获颁纪念章：王守义、陈淑芬，郑广才卧床由支委上门颁发"
    assert note_with_subject(kept, row) == kept


def test_a_talks_note_that_counts_the_talks_says_so_without_a_subject() -> None:
    from drafter.drafting.thematic.cells import note_with_subject

    talk = classify_all([rec(kind="谈心谈话", topic="支委与年轻党员谈心")])[0]
    assert note_with_subject("谈了9人次，有2名同志提出想到一线锻炼", talk) == "共开展谈心谈话9人次，有2名同志提出想到一线锻炼"
    other = classify_all([rec(kind="主题党日", topic="座谈")])[0]
    assert note_with_subject("谈了各自体会", other) == "支部谈了各自体会"


def test_a_clause_the_note_counts_again_is_told_once():
    """Reading 23: "沿柳河城区段巡河，劝导在禁钓区垂钓，参加11人。巡河3.5公里，……劝导垂钓12人次。" told both twice."""
    from drafter.drafting.thematic.cells import unrepeated

    note = "巡河3.5公里，捡拾垃圾6袋，劝导垂钓12人次"
    assert unrepeated("沿柳河城区段巡河，劝导在禁钓区垂钓", [], note) == ""
    # a clause the note does not count, or one that says much more, stays
    assert unrepeated("沿柳河城区段巡河，向沿岸居民发放护河倡议书", [], note) == "向沿岸居民发放护河倡议书"
    assert unrepeated("组织党员和群众代表沿柳河城区段开展巡河护河", [], note) == "组织党员和群众代表沿柳河城区段开展巡河护河"


def test_a_talks_note_that_names_the_talks_is_not_said_twice():
    """Held-out E2 (run 25): "谈心谈话17人次" after a talk became "共开展谈心谈话谈话17人次"."""
    talk = classify_all([rec(kind="谈心谈话", topic="谈心谈话", content="书记与每名党员谈心谈话")])[0]
    assert note_with_subject("谈心谈话17人次，收集意见建议9条", talk) == "共开展谈心谈话17人次，收集意见建议9条"


def test_a_notes_aside_about_the_ledger_is_not_told():
    """Reading 23: "具体哪天记不清了，5月中旬。" printed in a report to the 县直机关工委; E2's "补记"."""
    from drafter.drafting.thematic.cells import noted, without_asides

    assert without_asides("具体哪天记不清了，5月中旬。") == ""
    assert without_asides("补记") == ""
    assert without_asides("走访8户。具体哪天记不清了。") == "走访8户。"
    assert noted("支部开展主题党日活动。", "具体哪天记不清了，5月中旬。") == "支部开展主题党日活动。"


def test_a_clause_is_not_dropped_for_words_a_note_without_figures_shares():
    """Reading 23 (school): "学习通报的教育系统……典型问题5起" went for sharing "教育系统" with the note "案例都是教育
    系统的……", and the note's 案例 pointed at nothing."""
    from drafter.drafting.thematic.cells import unrepeated

    content = "学习通报的教育系统违反中央八项规定精神典型问题5起；党员逐一撰写心得"
    assert unrepeated(content, [], "案例都是教育系统的，身边事教育身边人") == content
    assert unrepeated("签订廉洁从业承诺书", [], "签订廉洁从业承诺书28份") == ""  # told again with its figure


def test_a_count_of_an_earlier_clause_is_not_hung_on_the_last():
    """Reading 27: "……出动机械平整石门小学操场；党员给村小学生讲交通安全，平整操场约1200平方米"."""
    told = "3月5日，支部开展联建活动，出动机械平整石门小学操场；党员给村小学生讲交通安全，参加16人。"
    assert count_clause(told, "平整操场约1200平方米") == ""
    assert count_clause("支部组织党员观看警示教育片。", "收心得体会28篇") == "支部组织党员观看警示教育片，收心得体会28篇。"
