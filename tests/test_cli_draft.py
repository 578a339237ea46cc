"""`drafter draft` and `drafter check` on the command line, with the template engine (no model)."""

from __future__ import annotations

import yaml
from docx import Document

from drafter.cli import main
from drafter.settings import RESOURCE_ROOT

SCHOOL = str(RESOURCE_ROOT / "examples" / "school_summary_2025.yaml")


def test_template_draft_to_markdown_and_docx(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    md, docx = tmp_path / "d.md", tmp_path / "d.docx"
    assert main(["draft", SCHOOL, "--engine", "template", "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 青湖实验小学党支部2025年度工作总结")
    assert "## 一、强化理论武装，筑牢思想根基" in text and "2025年3月5日" in text
    assert text.rstrip().endswith("中共青湖实验小学支部委员会\n\n2025年12月20日")
    assert main(["draft", SCHOOL, "--engine", "template", "-o", str(docx)]) == 0
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    assert "青湖实验小学党支部2025年度工作总结" in paragraphs and "2025年12月20日" in paragraphs


def test_outline_round_trip_drives_the_draft(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    outline_file, out = tmp_path / "outline.yaml", tmp_path / "d.md"
    assert main(["draft", SCHOOL, "--outline-only", "-o", str(outline_file)]) == 0
    data = yaml.safe_load(outline_file.read_text(encoding="utf-8"))
    data["sections"][1]["heading"] = "学思践悟，凝心铸魂"
    data["sections"].insert(2, data["sections"].pop(3))  # discipline before organisation
    outline_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["draft", SCHOOL, "--engine", "template", "--outline", str(outline_file), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 一、学思践悟，凝心铸魂" in text
    assert text.index("严明纪律规矩") < text.index("夯实组织基础")


def test_bad_facts_exit_code_and_chinese_message(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2025\nbranch: {name: 支部}\nactivities:\n  - {date: 2025-02-30, title: x}\n",
                   encoding="utf-8")
    assert main(["draft", str(bad), "--engine", "template"]) == 2
    assert "活动第1条：日期应为 YYYY-MM-DD" in capsys.readouterr().err


def test_check_flags_an_invented_number(tmp_path, capsys):
    draft = tmp_path / "d.md"
    draft.write_text("# 青湖实验小学党支部2025年度工作总结\n\n支部全年开展活动99次。\n\n"
                     "中共青湖实验小学支部委员会\n\n2025年12月20日\n", encoding="utf-8")
    assert main(["check", str(draft), "--facts", SCHOOL]) == 1
    assert "99" in capsys.readouterr().out


def test_explain_prints_the_source_of_each_sentence(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    assert main(["draft", SCHOOL, "--engine", "template", "--explain", "-o", str(tmp_path / "d.md")]) == 0
    err = capsys.readouterr().err
    assert "【开篇】" in err and "模板" in err and "2025年3月5日" in err
