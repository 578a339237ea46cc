"""templates/formulations.yaml: every entry's wrong example is flagged with its fix, its right example is not."""

from __future__ import annotations

import pytest

from drafter.proofreading import review_sections
from drafter.proofreading.rules_proof import find_listed, load_formulations

ENTRIES = load_formulations()
YEAR = 2025


def test_the_table_is_big_enough_and_sourced():
    assert len(ENTRIES) >= 60
    assert {e.type for e in ENTRIES} == {"literal", "order", "deprecated", "banned"}
    assert all(e.source and e.examples for e in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_wrong_example_is_flagged(entry):
    found = [f for f in find_listed("s", entry.examples.wrong, YEAR) if f.rule == "formulation"]
    assert found, f"{entry.id}: 错误例句未被发现"
    assert any(entry.source in f.message for f in found)
    if entry.replacement is not None:
        mine = next(f for f in found if entry.source in f.message)
        assert mine.fix == entry.right


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_right_example_is_clean(entry):
    assert [f.message for f in find_listed("s", entry.examples.right, YEAR)] == []


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.type == "deprecated"],
                         ids=[e.id for e in ENTRIES if e.type == "deprecated"])
def test_deprecated_only_from_its_year(entry):
    assert not [f for f in find_listed("s", entry.examples.wrong, entry.start - 1) if f.rule == "formulation"]


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.replacement is not None],
                         ids=[e.id for e in ENTRIES if e.replacement is not None])
def test_applying_the_fix_clears_the_finding(entry):
    text = entry.examples.wrong
    f = next(f for f in find_listed("s", text, YEAR) if entry.source in f.message)
    fixed = text[:f.start] + f.fix + text[f.end:]
    assert not [g for g in find_listed("s", fixed, YEAR) if entry.source in g.message]
    assert "““" not in fixed and "””" not in fixed


def test_quotes_do_not_matter_and_exceptions_hold():
    assert find_listed("s", "统筹推进五位一体战略布局", YEAR)[0].fix == "“五位一体”总体布局"
    assert find_listed("s", "统筹推进“五位一体”战略布局", YEAR)[0].text == "“五位一体”战略布局"
    assert not find_listed("s", "建立农村长效管护机制，推动乡村长远发展", YEAR)
    # 党的二十大主题里的“全面贯彻新时代中国特色社会主义思想”：没有哪份文件要求补“习近平”，不报。
    assert not find_listed("s", "全面贯彻新时代中国特色社会主义思想", YEAR)
    assert not find_listed("s", "学习习近平新时代中国特色社会主义思想", YEAR)


def test_era_table_and_formulations_report_a_place_once():
    # The era table dates 以邓小平理论和“三个代表”重要思想为指导; the formulation adds the replacement: one finding.
    found = review_sections([("s", "", "坚持以邓小平理论和“三个代表”重要思想为指导。", None)], None, YEAR)
    hits = [f for f in found if f.rule in ("era", "formulation")]
    assert len(hits) == 1 and hits[0].rule == "era"
    assert hits[0].fix == "以习近平新时代中国特色社会主义思想为指导" and "现行表述" in hits[0].message
    assert hits[0].text == "以邓小平理论和“三个代表”重要思想为指导"
    era_only = review_sections([("s", "", "坚持以邓小平理论和“三个代表”重要思想为指针。", None)], None, YEAR)
    assert [(f.rule, f.fix) for f in era_only] == [("era", None)]
