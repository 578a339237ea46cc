"""The server's API key goes only to the address the server's settings name, never to one a user types."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import DrafterError
from drafter.llm import make_model
from drafter.settings import load_settings
from tests.support.openai_stub_server import StubServer

SERVER_KEY = "sk-server-secret-0123456789"


def _ask(settings) -> None:
    model = make_model(settings.with_overrides(max_retries=0))
    try:
        for _ in model.stream([{"role": "user", "content": "你好"}], max_tokens=8):
            pass
    except DrafterError:
        pass  # a refusal is fine; what matters is what the server saw


def _keys(server: StubServer) -> list[str]:
    return [r.headers.get("authorization", "") for r in server.requests]


@pytest.fixture
def servers():
    with StubServer(reply="好") as configured, StubServer(reply="好") as typed:
        yield configured, typed


def test_typed_address_never_receives_the_server_key(servers, tmp_path: Path):
    configured, typed = servers
    settings = load_settings({"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": configured.base_url,
                              "DRAFTER_MODEL": "m", "DRAFTER_API_KEY": SERVER_KEY, "NO_PROXY": "127.0.0.1"},
                             secrets_path=tmp_path / "none.toml")
    _ask(settings)
    assert any(SERVER_KEY in k for k in _keys(configured))  # the configured service gets it
    _ask(settings.with_overrides(base_url=typed.base_url))
    assert typed.requests, "the typed address was asked"
    assert not any(SERVER_KEY in k for k in _keys(typed)), _keys(typed)
    # A key typed together with the address is the user's own: that one is sent.
    _ask(settings.with_overrides(base_url=typed.base_url, api_key="sk-users-own"))
    assert any("sk-users-own" in k for k in _keys(typed))


def test_switching_provider_then_typing_an_address_drops_that_providers_key(tmp_path: Path):
    settings = load_settings({"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": "http://127.0.0.1:9/v1",
                              "OLLAMA_API_KEY": SERVER_KEY}, secrets_path=tmp_path / "none.toml")
    ollama = settings.for_provider("ollama")
    assert ollama.effective_api_key is not None
    assert ollama.with_overrides(base_url="http://10.0.0.5:11434/v1").effective_api_key is None
    same = load_settings({"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": "http://127.0.0.1:9/v1",
                          "DRAFTER_API_KEY": SERVER_KEY}, secrets_path=tmp_path / "none.toml")
    assert same.with_overrides(base_url="http://127.0.0.1:9/v1").effective_api_key is not None  # the same address
