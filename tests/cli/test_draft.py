"""`drafter draft` and `drafter check` on the command line, with the template engine (no model)."""

from __future__ import annotations

import pytest
import yaml
from docx import Document

from drafter.cli import main
from drafter.settings import RESOURCE_ROOT
from tests.support.openai_stub_server import StubServer

SCHOOL = str(RESOURCE_ROOT / "examples" / "school_summary_2025.yaml")


def test_template_draft_to_markdown_and_docx(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    md, docx = tmp_path / "d.md", tmp_path / "d.docx"
    assert main(["draft", SCHOOL, "--engine", "template", "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 青湖实验小学党支部2025年度工作总结")
    assert "## 一、强化理论武装，筑牢思想根基" in text and "2025年3月5日" in text
    assert text.rstrip().endswith("青湖实验小学党支部\n\n2025年12月20日")
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


@pytest.fixture
def cloud(monkeypatch, tmp_path):
    """The CLI pointed at the local OpenAI-compatible stub as a custom (free-path) provider."""
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    with StubServer(api_key="right-key", token_chars=8) as srv:
        for name, value in {"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": srv.base_url, "DRAFTER_MODEL": "stub",
                            "DRAFTER_API_KEY": "right-key", "DRAFTER_MAX_RETRIES": "0", "DRAFTER_CONCURRENCY": "2",
                            "NO_PROXY": "127.0.0.1"}.items():
            monkeypatch.setenv(name, value)
        yield srv


def test_free_path_draft_reports_progress_and_writes_atomically(cloud, tmp_path, capsys):
    out = tmp_path / "d.md"
    assert main(["draft", SCHOOL, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "[完成]" in err and "失败" not in err
    assert out.read_text(encoding="utf-8").startswith("# 青湖实验小学党支部2025年度工作总结")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.md"]  # no temp file left behind


def test_failed_sections_exit_non_zero_and_keep_the_existing_file(cloud, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_API_KEY", "wrong-key")  # every section fails with 401
    out = tmp_path / "d.md"
    out.write_text("上一次的完整稿\n", encoding="utf-8")
    assert main(["draft", SCHOOL, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "生成失败" in err and "“开篇”" in err and "“一、强化理论武装，筑牢思想根基”" in err and "--allow-partial" in err
    assert out.read_text(encoding="utf-8") == "上一次的完整稿\n"
    assert main(["draft", SCHOOL, "-o", str(out), "--allow-partial"]) == 1
    assert out.read_text(encoding="utf-8").startswith("# 青湖实验小学党支部2025年度工作总结")


def test_failed_sections_without_an_existing_file_still_exit_non_zero(cloud, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_API_KEY", "wrong-key")
    assert main(["draft", SCHOOL]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("# ") and "生成失败" in captured.err


def test_unsupported_output_format_is_refused_before_drafting(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    assert main(["draft", SCHOOL, "--engine", "template", "-o", str(tmp_path / "d.pdf")]) == 2
    assert "不支持的输出格式" in capsys.readouterr().err and not (tmp_path / "d.pdf").exists()
