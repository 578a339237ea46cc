"""`drafter check`: grouped findings, a summary line and the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.cli import main

FACTS = """kind: annual_summary
year: 2025
branch: {name: 中共青湖实验小学支部委员会}
members: {total: 34}
activities:
  - {date: 2025-03-05, title: 学雷锋主题党日, detail: 到青湖社区开展志愿服务}
"""

GOOD = """# 青湖实验小学党支部2025年度工作总结

2025年，支部坚持以习近平新时代中国特色社会主义思想为指导，现将一年来的工作总结如下：

## 一、强化理论武装

支部现有党员34名。3月5日，支部开展学雷锋主题党日，到青湖社区开展志愿服务。

中共青湖实验小学支部委员会
2025年12月20日
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    return tmp_path, facts


def test_clean_draft_exits_zero(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    tmp, facts = files
    (tmp / "d.md").write_text(GOOD, encoding="utf-8")
    assert main(["check", str(tmp / "d.md"), "--facts", str(facts)]) == 0
    out = capsys.readouterr().out
    assert "未发现问题" in out and "2025年度" in out


def test_errors_exit_one_grouped_by_section(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    tmp, facts = files
    bad = GOOD.replace("支部现有党员34名。", "支部现有党员XX名，扎实开展创先争优活动。").replace("3月5日", "3月8日")
    (tmp / "d.md").write_text(bad, encoding="utf-8")
    assert main(["check", str(tmp / "d.md"), "--facts", str(facts)]) == 1
    out = capsys.readouterr().out
    assert "【一、强化理论武装】" in out
    assert "“XX”" in out and "占位符" in out and "创先争优" in out and "3月8日" in out
    assert out.strip().splitlines()[-1].startswith("共 ")


def test_year_from_option_or_title_without_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d.md").write_text(GOOD.replace("2025年度", "2011年度"), encoding="utf-8")
    assert main(["check", str(tmp_path / "d.md")]) == 0
    assert "2011年度" in capsys.readouterr().out
    (tmp_path / "e.txt").write_text("党支部工作总结\n一、学习\n开展创先争优活动。\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "e.txt"), "--year", "2025"]) == 1
    assert main(["check", str(tmp_path / "e.txt")]) == 2  # no year anywhere: a Chinese error, exit 2
    assert "报告年度" in capsys.readouterr().err


def test_title_and_document_groups(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    tmp, facts = files
    text = GOOD.replace("2025年度工作总结", "20__年度工作总结").replace("支部现有党员34名。", "")
    (tmp / "d.md").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp / "d.md"), "--facts", str(facts)]) == 1
    out = capsys.readouterr().out
    title_at, doc_at = out.index("【标题】"), out.index("【全文】")
    assert title_at < doc_at
    assert "“20__”" in out[title_at:doc_at] and "“20”" not in out  # one finding, not a number too
    assert "党员总数34名" in out[doc_at:]


def test_same_rule_in_a_section_is_one_line_unless_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("支部现有党员34名。", "支部召开会议,学习条例,要求如下:一是学习,二是实践。")
    (tmp_path / "d.md").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path / "d.md"), "--year", "2025"]) == 0
    out = capsys.readouterr().out
    punct = [line for line in out.splitlines() if "标点" in line]
    assert len(punct) == 1 and "共4处，可一并修正" in punct[0]
    assert "共 0 处错误、4 处警告" in out  # the summary counts places, not lines
    assert main(["check", str(tmp_path / "d.md"), "--year", "2025", "--all"]) == 0
    out = capsys.readouterr().out
    assert len([line for line in out.splitlines() if "标点" in line]) == 4 and "共4处" not in out


def test_the_ledger_backs_what_a_ledger_draft_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`drafter check --facts SHEET --ledger FILE`: the ledger's dates and counts are facts, as in the app."""
    (tmp_path / "f.yaml").write_text("year: 2025\nbranch:\n  name: 中共测试支部委员会\n", encoding="utf-8")
    (tmp_path / "l.csv").write_text("时间,类别,主题,应到,实到\n2025/3/5,支委会,研究工作,5,5\n2025/4/8,支委会,研究发展对象,5,5\n",
                                    encoding="utf-8")
    (tmp_path / "d.md").write_text("# 测试2025年度工作总结\n\n## 一、组织建设\n\n全年召开支委会2次。4月8日，支委会研究发展对象。\n",
                                   encoding="utf-8")
    args = ["check", str(tmp_path / "d.md"), "--facts", str(tmp_path / "f.yaml")]
    assert main(args) == 1  # without the ledger: "2次" and "4月8日" have nothing behind them
    capsys.readouterr()
    assert main([*args, "--ledger", str(tmp_path / "l.csv")]) == 0, capsys.readouterr().out
    assert main(["check", str(tmp_path / "d.md"), "--ledger", str(tmp_path / "l.csv")]) == 2  # no sheet: said
