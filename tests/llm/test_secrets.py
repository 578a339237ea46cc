"""A planted API key must appear nowhere: logs, exception text, tracebacks, repr of settings, client or status."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import pytest

from drafter.errors import AuthError
from drafter.llm import llm_status, make_model
from drafter.settings import child_env, load_settings
from tests.support.openai_stub_server import StubServer

KEY = "sk-PLANTED-7f3a9c0e1d2b4a5f6e7d8c9b"


def test_planted_key_never_leaks(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)  # the openai SDK and httpx log requests at DEBUG
    # The stub wants another key, and its 401 message echoes the key it got (as OpenAI's does, partly masked).
    with StubServer(api_key="the-right-key") as srv:
        env = {"DRAFTER_PROVIDER": "openai", "OPENAI_API_KEY": KEY, "DRAFTER_BASE_URL": srv.base_url,
               "DRAFTER_MODEL": "gpt-4o-mini"}
        settings = load_settings(env=env, secrets_path=tmp_path / "none.toml")
        assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY
        with make_model(settings) as model, pytest.raises(AuthError) as err:
            list(model.stream([{"role": "user", "content": "你好"}], max_tokens=10))
        sent = srv.chat_requests()[0].headers["authorization"]
    assert sent == f"Bearer {KEY}"  # the key did reach the server, so the checks below mean something
    exc = err.value
    shown = [str(exc), repr(exc), exc.hint or "", "".join(traceback.format_exception(exc)),
             repr(settings), str(settings), repr(settings.model_dump()), repr(model), repr(llm_status(settings)),
             llm_status(settings).line, caplog.text, *capsys.readouterr()]
    for text in shown:
        assert KEY not in text
        assert KEY[8:] not in text  # nor its tail
    assert "OPENAI_API_KEY" in str(exc)  # but the message says where to fix it


def test_key_from_secrets_toml_and_child_env_drops_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'DRAFTER_PROVIDER = "qwen"\nDASHSCOPE_API_KEY = "{KEY}"\n', encoding="utf-8")
    settings = load_settings(env={}, secrets_path=secrets)
    assert settings.provider == "qwen" and settings.api_key_set and KEY not in repr(settings)
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    monkeypatch.setenv("PORT", "1")  # uvicorn in llama_cpp.server would obey it over --port
    env = child_env()
    assert "DASHSCOPE_API_KEY" not in env and "PORT" not in env and KEY not in repr(env)


def test_child_env_drops_every_llama_server_setting() -> None:
    from llama_cpp.server.settings import Settings as LlamaSettings

    from drafter.settings import _CHILD_ENV_DROP

    assert {f.upper() for f in LlamaSettings.model_fields} <= _CHILD_ENV_DROP
