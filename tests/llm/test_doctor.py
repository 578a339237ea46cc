"""`drafter doctor` prints the setup without the key, and --start answers through the model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from drafter.cli import build_parser
from drafter.cli.doctor import handler
from drafter.llm import local_server as ls
from drafter.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def test_registered_as_a_sub_command() -> None:
    args = build_parser().parse_args(["doctor", "--start"])
    assert args.func is handler and args.start


def test_cloud_provider_without_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert handler(argparse.Namespace(start=False), Settings(provider="kimi")) == 1
    out = capsys.readouterr().out
    assert "发送到云端服务" in out and "未设置（MOONSHOT_API_KEY）" in out and "https://api.moonshot.cn/v1" in out


def test_key_is_reported_set_but_never_shown(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(provider="openai").with_overrides(api_key="sk-SHOULD-NOT-PRINT-123456")
    assert handler(argparse.Namespace(start=False), settings) == 0
    out = capsys.readouterr().out
    assert "API Key：已设置" in out and "SHOULD-NOT-PRINT" not in out


def test_start_with_a_stand_in_local_server(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF")
    server = ls.LocalServer()
    server.command_factory = lambda path, port, settings, alias: [
        sys.executable, "-m", "tests.support.openai_stub_server", "--port", str(port)]
    monkeypatch.setattr(ls, "SERVER", server)
    try:
        assert handler(argparse.Namespace(start=True), Settings(data_dir=tmp_path, local_model_path=own)) == 0
    finally:
        server.stop()
    out = capsys.readouterr().out
    assert "自选 GGUF" in out and "本机模型已就绪" in out and "测试回复：" in out and "首字用时" in out
