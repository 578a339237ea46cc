"""Character-level diff of Chinese text, and `drafter diff` on files and on saved versions."""

from __future__ import annotations

import pytest

from drafter.cli import main
from drafter.documents.diff import diff_chars, new_text, old_text, stats, to_html, to_html_pair, to_plain
from drafter.documents.draft import VersionSource
from drafter.storage.store import DraftStore
from tests.storage.test_store import make_draft


@pytest.mark.parametrize(("old", "new", "plain"), [
    ("支部认真学习贯彻党的二十大精神。", "支部深入学习贯彻党的二十大和二十届三中全会精神。",
     "支部[-认真-]{+深入+}学习贯彻党的二十大{+和二十届三中全会+}精神。"),
    ("学习贯彻", "贯彻落实", "[-学习-]贯彻{+落实+}"),
    ("召开支委会12次。", "召开支委会11次。", "召开支委会1[-2-]{+1+}次。"),
    ("一是学习。\n二是实践。", "一是学习。\n三是总结。\n二是实践。", "一是学习。\n{+三是总结。\n+}二是实践。"),
    ("同样", "同样", "同样"),
    ("", "全新", "{+全新+}"),
])
def test_diff_chars(old, new, plain):
    pieces = diff_chars(old, new)
    assert to_plain(pieces) == plain
    assert old_text(pieces) == old and new_text(pieces) == new


def test_one_shared_character_between_changes_is_folded():
    pieces = diff_chars("加强组织建设", "提升队伍建设")
    assert old_text(pieces) == "加强组织建设" and new_text(pieces) == "提升队伍建设"
    assert [p.op for p in pieces] == ["delete", "insert", "equal"]


def test_html_marks_and_escapes():
    html = to_html(diff_chars("<b>旧</b>", "<b>新</b>"))
    assert "<del" in html and "<ins" in html and "&#60;b&#62;" in html and "<b>" not in html
    assert stats(diff_chars("ab", "abcd")) == (2, 0)
    left, right = to_html_pair(diff_chars("支部认真学习。", "支部深入学习。"))
    assert "<del" in left and "认真" in left and "<ins" not in left
    assert "<ins" in right and "深入" in right and "<del" not in right


def test_cli_files(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("支部认真学习。", encoding="utf-8")
    b.write_text("支部深入学习。", encoding="utf-8")
    assert main(["diff", str(a), str(b), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "支部[-认真-]{+深入+}学习。" in out and "新增 2 字，删去 2 字" in out
    assert main(["diff", str(a)]) == 2
    assert "两个文件" in capsys.readouterr().err


def test_cli_saved_versions(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from drafter.settings import load_settings

    store = DraftStore(load_settings().db_url)
    d = make_draft()
    sec = d.sections[1]
    sec.record("支部认真学习。", VersionSource.GENERATED)
    sec.edit("支部深入学习。")
    store.save(d)
    store.close()
    assert main(["diff", "--draft", d.id, "--section", sec.id, "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "版本1（模型生成）→ 版本2（手工修改）" in out and "[-认真-]{+深入+}" in out
    assert main(["diff", "--draft", d.id, "--color", "never"]) == 0
    assert "[-认真-]" in capsys.readouterr().out
    assert main(["diff", "--draft", d.id, "--section", sec.id, "1", "9"]) == 2
    assert "只有 2 个版本" in capsys.readouterr().err
    assert main(["diff", "--draft", "nope"]) == 2


def test_cli_compares_two_word_files(tmp_path, capsys):
    from drafter.documents.export import to_docx

    d = make_draft()
    d.sections[1].record("支部认真学习。", VersionSource.GENERATED)
    (tmp_path / "a.docx").write_bytes(to_docx(d))
    d.sections[1].record("支部深入学习。", VersionSource.EDITED)
    (tmp_path / "b.docx").write_bytes(to_docx(d))
    assert main(["diff", str(tmp_path / "a.docx"), str(tmp_path / "b.docx"), "--color", "never"]) == 0
    assert "[-认真-]{+深入+}" in capsys.readouterr().out
