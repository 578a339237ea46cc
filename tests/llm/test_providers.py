"""Provider presets, settings resolution, and whether the text stays on this machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import AuthError, InputError
from drafter.llm import PROVIDERS, llm_status, make_model, text_stays_local
from drafter.llm.providers import LOCAL_MODEL_ALIAS, check_ready, is_loopback, resolve
from drafter.settings import Settings, load_settings


def test_every_preset_is_complete() -> None:
    assert set(PROVIDERS) == {"local", "openai", "deepseek", "qwen", "kimi", "zhipu", "ollama", "custom"}
    for name, p in PROVIDERS.items():
        assert p.key_env and p.label
        if name not in ("local", "custom"):
            assert p.base_url and p.base_url.startswith("http") and p.default_model
    assert PROVIDERS["qwen"].base_url == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert PROVIDERS["zhipu"].base_url == "https://open.bigmodel.cn/api/paas/v4/"
    assert PROVIDERS["ollama"].base_url == "http://localhost:11434/v1"
    assert PROVIDERS["local"].sampling["temperature"] <= 0.4 and PROVIDERS["local"].extra_body["repeat_penalty"] > 1


def test_environment_picks_provider_model_and_key(tmp_path: Path) -> None:
    env = {"DRAFTER_PROVIDER": "DeepSeek", "DEEPSEEK_API_KEY": "k1", "DRAFTER_MODEL": "deepseek-reasoner",
           "DRAFTER_CONCURRENCY": "3", "DRAFTER_LOCAL_THREADS": "2"}
    s = load_settings(env=env, secrets_path=tmp_path / "none.toml")
    ep = resolve(s)
    assert (ep.provider.name, ep.base_url, ep.model) == ("deepseek", "https://api.deepseek.com/v1", "deepseek-reasoner")
    assert s.api_key_set and s.key_env_var == "DEEPSEEK_API_KEY" and s.concurrency == 3 and s.local_threads == 2
    assert not ep.local and not text_stays_local(s)


@pytest.mark.parametrize(("provider", "base_url", "local"), [
    ("local", None, True), ("ollama", None, True), ("custom", "http://127.0.0.1:8000/v1", True),
    ("custom", "http://localhost:8000/v1", True), ("custom", "http://[::1]:8000/v1", True),
    ("custom", "https://api.example.com/v1", False), ("qwen", None, False), ("openai", None, False),
    ("custom", "http://127.example.com/v1", False),
])
def test_text_stays_local(provider: str, base_url: str | None, local: bool) -> None:
    assert text_stays_local(Settings(provider=provider, base_url=base_url)) is local


def test_local_provider_ignores_base_url_and_model() -> None:
    s = Settings(provider="local", base_url="https://api.example.com/v1", model="gpt-4o")
    ep = resolve(s)
    assert ep.base_url is None and ep.model == LOCAL_MODEL_ALIAS and ep.local
    assert resolve(s.with_overrides(local_model_path=Path("/m/qwen2.5-7b.gguf"))).model == "qwen2.5-7b"


def test_missing_key_unknown_provider_and_missing_url_are_explained() -> None:
    with pytest.raises(AuthError, match="MOONSHOT_API_KEY"):
        make_model(Settings(provider="kimi"))
    with pytest.raises(InputError, match="DRAFTER_PROVIDER"):
        resolve(Settings(provider="gemini"))
    with pytest.raises(InputError, match="DRAFTER_BASE_URL"):
        check_ready(resolve(Settings(provider="custom", model="m")))
    assert is_loopback("127.0.0.5:80") and not is_loopback(None)


def test_status_line_says_where_the_text_goes() -> None:
    cloud = llm_status(Settings(provider="zhipu"))
    assert "云端" in cloud.line and "ZHIPUAI_API_KEY" in cloud.line and not cloud.key_set
    assert cloud.problem is not None and cloud.local is None
    bad = llm_status(Settings(provider="nope"))
    assert bad.problem is not None and "nope" in bad.line
    keyed = llm_status(Settings(provider="zhipu").with_overrides(api_key="abc"))
    assert keyed.key_set and keyed.problem is None and "已设置" in keyed.line


def test_switching_provider_finds_that_providers_key(tmp_path: Path) -> None:
    env = {"DRAFTER_PROVIDER": "local", "DEEPSEEK_API_KEY": "k-deepseek", "DRAFTER_MODEL": "my-local-name"}
    s = load_settings(env=env, secrets_path=tmp_path / "none.toml")
    assert not s.api_key_set and "k-deepseek" not in repr(s)
    switched = s.for_provider("deepseek")
    ep = resolve(switched)
    assert ep.api_key is not None and ep.api_key.get_secret_value() == "k-deepseek" and ep.model == "deepseek-chat"
    # A typed key wins.
    typed = resolve(switched.with_overrides(api_key="typed"))
    assert typed.api_key is not None and typed.api_key.get_secret_value() == "typed"
    assert not s.for_provider("kimi").api_key_set


def test_effective_concurrency_caps_the_single_slot_local_server() -> None:
    from drafter.llm.providers import effective_concurrency

    assert effective_concurrency(Settings(provider="local", concurrency=4)) == 1
    assert effective_concurrency(Settings(provider="qwen", concurrency=4)) == 4


def test_model_dir_is_its_own_setting(tmp_path: Path) -> None:
    s = load_settings(env={"DRAFTER_DATA_DIR": str(tmp_path / "data")}, secrets_path=tmp_path / "none.toml")
    assert s.model_cache_dir == tmp_path / "data" / "models"
    s = load_settings(env={"DRAFTER_DATA_DIR": str(tmp_path / "data"), "DRAFTER_MODEL_DIR": str(tmp_path / "m")},
                      secrets_path=tmp_path / "none.toml")
    assert s.model_cache_dir == tmp_path / "m" and s.data_dir == tmp_path / "data"
