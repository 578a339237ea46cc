"""`drafter ledger`: what was read, the mapping, counts, refused rows, and the exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.cli import main
from tests.facts.ledger.conftest import HEADER, branch_ledger, csv_bytes, write_xlsx


def test_prints_mapping_counts_and_range(ledger_xlsx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", str(ledger_xlsx)]) == 0
    out = capsys.readouterr().out
    assert "台账：台账.xlsx（台账）" in out and "表头：第2行〔序号 | 时间 | 类别 | 主题 | 主要内容" in out
    assert "日期 ← 第2列“时间”" in out and "类别 ← 第3列“类别”" in out and "未读入的列：第1列“序号”" in out
    assert "记录：48条（2025年度）" in out and "时间：2025年1月6日至2025年12月28日" in out
    assert "支委会 12" in out and "主题党日 11" in out and "支部党员大会 4" in out
    assert "未读入的行：无" in out


def test_refused_rows_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["2025-03-05", "支委会", "研究工作"], ["三月", "党课", "讲党课"], ["2025-03-07", "", ""]]
    path = write_xlsx(tmp_path / "r.xlsx", ["时间", "类别", "主题"], rows)
    assert main(["ledger", str(path)]) == 0
    out = capsys.readouterr().out
    assert "未读入的行（2）" in out
    assert "第3行：日期“三月”无法识别" in out and "第4行：只有日期" in out


def test_map_and_year_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = csv_bytes(["时间", "甲", "乙", "说明"], [["3月5日", "支委会", "研究工作", "会议室"]], encoding="gbk")
    (tmp_path / "t.csv").write_bytes(data)
    assert main(["ledger", str(tmp_path / "t.csv"), "--year", "2025", "--map", "kind=2,topic=C", "--map",
                 "place=说明", "--map", "note="]) == 0
    out = capsys.readouterr().out
    assert "类别 ← 第2列“甲”" in out and "主题 ← 第3列“乙”" in out and "地点 ← 第4列“说明”" in out
    assert "备注" not in out and "记录：1条（2025年度）" in out and "支委会 1" in out


def test_no_record_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.csv").write_bytes(csv_bytes(HEADER, [[1, "待定", "支委会", "x"]]))
    assert main(["ledger", str(tmp_path / "t.csv")]) == 1
    assert "记录：0条" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "data", "message"), [
    ("t.xls", b"\xd0\xcf", "另存为"), ("t.csv", "甲,乙\n1,2\n".encode(), "没有找到台账的表头行"),
    ("t.xlsx", b"broken", "无法打开"),
])
def test_unreadable_file_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes,
                                   message: str) -> None:
    (tmp_path / name).write_bytes(data)
    assert main(["ledger", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err


def test_bad_map_exits_two(ledger_xlsx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", str(ledger_xlsx), "--map", "who=2"]) == 2
    assert "写法有误" in capsys.readouterr().err
    assert main(["ledger", str(ledger_xlsx), "--map", "kind=不存在的列"]) == 2
    assert "找不到" in capsys.readouterr().err


def test_map_without_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.csv").write_text("2025/3/5,支委会,研究工作\n", encoding="utf-8")
    assert main(["ledger", str(tmp_path / "t.csv"), "--map", "date=1,kind=2,topic=3"]) == 0
    out = capsys.readouterr().out
    assert "表头：未找到" in out and "记录：1条" in out and "日期 ← 第1列" in out


def test_missing_file_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", str(tmp_path / "none.xlsx")]) == 2
    assert "找不到台账文件" in capsys.readouterr().err


def test_generator_is_consistent() -> None:
    rows = branch_ledger(groups=("第一党小组", "第二党小组"))
    assert len(rows) == 60 and all(r[0].year == 2025 for r in rows)
    assert all((r[5] or 0) <= (r[4] or 28) <= 28 for r in rows)


def test_routine_counts_are_printed(ledger_xlsx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", str(ledger_xlsx)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("按规定动作和活动主题"))
    assert "支部党员大会 4次" in line and "支委会 12次" in line and "书记讲党课" in line
