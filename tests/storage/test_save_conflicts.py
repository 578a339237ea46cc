"""No lost edits: two stores (two tabs, two processes) saving one draft; the stale save is refused, nothing lost."""

from __future__ import annotations

import pytest

from drafter.documents.draft import VersionSource
from drafter.errors import ConflictError
from drafter.storage.schema import MIGRATIONS
from drafter.storage.store import DraftStore
from tests.storage.test_store import make_draft


@pytest.fixture
def two(db_url):
    a, b = DraftStore(db_url), DraftStore(db_url)
    yield a, b
    a.close()
    b.close()


def test_stale_save_refused_and_both_edits_kept(two):
    a, b = two
    d = make_draft()
    a.save(d)
    sec_id = d.sections[1].id
    tab1, tab2 = a.get(d.id), b.get(d.id)
    tab1.section(sec_id).edit("第一个标签页写的。")
    a.save(tab1)
    tab2.section(sec_id).edit("第二个标签页写的。")
    with pytest.raises(ConflictError, match="已在别处修改") as caught:
        b.save(tab2)
    stored = a.get(d.id)
    sec = stored.section(sec_id)
    assert sec.text == "第一个标签页写的。"  # the first save is not overwritten
    assert [v.text for v in sec.versions] == ["第二个标签页写的。", "第一个标签页写的。"]
    assert sec.versions[0].source == VersionSource.CONFLICT
    assert caught.value.kept == [sec_id] and caught.value.draft == stored
    # The tab goes on from the merged draft: its next save succeeds.
    fresh = caught.value.draft
    fresh.section(sec_id).edit("合并后的文字。")
    b.save(fresh)
    assert a.get(d.id).section(sec_id).text == "合并后的文字。"


def test_edits_to_different_sections_kept_and_unchanged_sections_untouched(two):
    a, b = two
    d = make_draft()
    a.save(d)
    s1, s2 = d.sections[1].id, d.sections[2].id
    tab1, tab2 = a.get(d.id), b.get(d.id)
    tab1.section(s1).edit("甲改第一节。")
    a.save(tab1)
    tab2.section(s2).edit("乙改第二节。")
    with pytest.raises(ConflictError) as caught:
        b.save(tab2)
    assert caught.value.kept == [s2]
    stored = a.get(d.id)
    assert stored.section(s1).text == "甲改第一节。"
    assert stored.section(s2).text == "乙改第二节。"  # the section was empty: nothing to overwrite
    assert stored.revision == caught.value.draft.revision


def test_sequential_saves_of_one_copy_never_conflict(two):
    a, _ = two
    d = make_draft()
    for i in range(5):
        d.sections[1].edit(f"第{i}稿。")
        a.save(d)
    assert a.get(d.id).revision == d.revision == 5
    renamed = a.rename(d.id, "新名字")
    assert renamed.revision == 6
    copy = a.duplicate(d.id)
    assert copy.revision == 1 and a.get(copy.id).revision == 1


def test_migration_adds_the_revision_to_old_rows(tmp_path):
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO schema_version (version) VALUES (0)"))
        for step in MIGRATIONS[:3]:
            step(conn)
        conn.execute(text("UPDATE schema_version SET version = 3"))
    engine.dispose()
    d = make_draft()
    old = DraftStore(url)
    old.save(d)
    assert old.version == len(MIGRATIONS) and old.get(d.id).revision == 1
    old.close()
