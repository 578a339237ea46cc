"""Provider presets: where each OpenAI-compatible service lives, its default model, key variable and sampling."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import SecretStr

from drafter.errors import AuthError, InputError
from drafter.settings import KEY_ENV_VARS, Settings

# The embedded model is served under this name (llama_cpp.server --model_alias).
LOCAL_MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"

# A 1.5B model pads and loops: keep it cool and penalise repeats (llama.cpp takes repeat_penalty and
# top_k in the request body, which the SDK only sends through extra_body).
_LOCAL_SAMPLING: dict[str, Any] = {"temperature": 0.3, "top_p": 0.9, "frequency_penalty": 0.2}
_LOCAL_EXTRA: dict[str, Any] = {"repeat_penalty": 1.1, "top_k": 40}
# Large cloud models write better prose a little warmer; a mild penalty curbs 套话 repetition.
_CLOUD_SAMPLING: dict[str, Any] = {"temperature": 0.7, "top_p": 0.9, "frequency_penalty": 0.3}


@dataclass(frozen=True)
class DraftPolicy:
    """How the engine drafts with a provider's model: data, so no `if provider == ...` chain lives in the engine."""

    # "compose": correct template sentences as the backbone, the model asked only for one checked sentence of
    # effect per fact (a 1.5B model invents procedures and repeats itself when it writes whole paragraphs:
    # docs/BENCH.md); "free": the model writes each section, the assembler filters and back-fills it.
    path: Literal["compose", "free"] = "free"
    sample_budget: int = 2500          # tokens of samples in the shared prefix (free path)
    tokens_per_char: float = 0.9       # reply budget; cl100k-based models need more
    section_prompt: str = "section.j2"
    continue_prompt: str = "continue.j2"


# The 1.5B model copied samples' facts into drafts (measured: seed 000's 花博会 in a 2025 draft), so on the free
# path it gets no whole samples; on the compose path it gets masked effect phrases mined from them instead.
LOCAL_POLICY = DraftPolicy(path="compose", sample_budget=0, section_prompt="section_local.j2",
                           continue_prompt="continue_local.j2")
CLOUD_POLICY = DraftPolicy()


@dataclass(frozen=True)
class Provider:
    """One preset: an OpenAI-compatible endpoint and how to talk to it."""

    name: str
    label: str                       # shown in the UI
    base_url: str | None             # None: the embedded server's address, or the user's (custom)
    default_model: str | None
    key_env: str
    local: bool                      # the text stays on this machine
    needs_key: bool
    sampling: dict[str, Any] = field(default_factory=dict)
    extra_body: dict[str, Any] = field(default_factory=dict)
    # Requests the server actually runs at once; more only wait in its queue (None: settings.concurrency).
    max_parallel: int | None = None
    policy: DraftPolicy = CLOUD_POLICY


PROVIDERS: dict[str, Provider] = {p.name: p for p in [
    Provider("local", "本机内置模型（Qwen2.5 1.5B）", None, LOCAL_MODEL_ALIAS, KEY_ENV_VARS["local"],
             local=True, needs_key=False, sampling=_LOCAL_SAMPLING, extra_body=_LOCAL_EXTRA,
             max_parallel=1,  # llama_cpp.server has one slot; parallel requests queue behind a lock
             policy=LOCAL_POLICY),
    Provider("openai", "OpenAI", "https://api.openai.com/v1", "gpt-4o-mini", KEY_ENV_VARS["openai"],
             local=False, needs_key=True, sampling=_CLOUD_SAMPLING,
             policy=DraftPolicy(tokens_per_char=1.3)),  # its tokenizer counts Chinese at ~1.2 a character
    Provider("deepseek", "DeepSeek 深度求索", "https://api.deepseek.com/v1", "deepseek-chat",
             KEY_ENV_VARS["deepseek"], local=False, needs_key=True, sampling=_CLOUD_SAMPLING),
    # DashScope has no frequency_penalty; presence_penalty is its documented repeat control.
    Provider("qwen", "通义千问（阿里云百炼）", "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus",
             KEY_ENV_VARS["qwen"], local=False, needs_key=True,
             sampling={"temperature": 0.7, "top_p": 0.9, "presence_penalty": 0.3}),
    Provider("kimi", "Kimi（月之暗面）", "https://api.moonshot.cn/v1", "moonshot-v1-32k", KEY_ENV_VARS["kimi"],
             local=False, needs_key=True, sampling=_CLOUD_SAMPLING),
    # GLM's OpenAI-compatible API ignores the penalties and rejects temperature 0; keep to the basics.
    Provider("zhipu", "智谱清言（GLM）", "https://open.bigmodel.cn/api/paas/v4/", "glm-4-flash",
             KEY_ENV_VARS["zhipu"], local=False, needs_key=True, sampling={"temperature": 0.7, "top_p": 0.9}),
    Provider("ollama", "Ollama（本机）", "http://localhost:11434/v1", "qwen2.5:7b", KEY_ENV_VARS["ollama"],
             local=True, needs_key=False, sampling={"temperature": 0.5, "top_p": 0.9, "frequency_penalty": 0.3}),
    Provider("custom", "自定义（OpenAI 兼容接口）", None, None, KEY_ENV_VARS["custom"],
             local=False, needs_key=False, sampling={"temperature": 0.7, "top_p": 0.9}),
]}


def get_provider(name: str) -> Provider:
    """The preset called `name`, or an InputError listing the valid names."""
    try:
        return PROVIDERS[name]
    except KeyError:
        raise InputError(f"未知的模型服务“{name}”",
                         hint="DRAFTER_PROVIDER 可选：" + "、".join(PROVIDERS)) from None


def is_loopback(url: str | None) -> bool:
    """True when the URL points at this machine (localhost, 127.x, ::1)."""
    if not url:
        return False
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Endpoint:
    """Where the calls of these settings go; base_url is None for the embedded model until it is started."""

    provider: Provider
    base_url: str | None
    model: str | None
    api_key: SecretStr | None = field(default=None, repr=False)

    @property
    def local(self) -> bool:
        """The text stays on this machine: the embedded model, Ollama, or a custom server on loopback."""
        if self.provider.name == "local":
            return True
        return is_loopback(self.base_url)


def resolve(settings: Settings) -> Endpoint:
    """Apply the preset to the settings: base_url and model fall back to the provider's defaults."""
    provider = get_provider(settings.provider)
    base_url = settings.base_url or provider.base_url
    if provider.name == "local":
        base_url = None  # always our own server; DRAFTER_BASE_URL would send "local" text elsewhere
    model = settings.model or provider.default_model
    if provider.name == "local":
        # The name the embedded server answers to (its --model_alias), whatever DRAFTER_MODEL says.
        model = settings.local_model_path.stem if settings.local_model_path else LOCAL_MODEL_ALIAS
    return Endpoint(provider, base_url, model, settings.effective_api_key)


def effective_concurrency(settings: Settings) -> int:
    """How many calls to run at once: settings.concurrency, capped by what the provider really serves."""
    try:
        cap = get_provider(settings.provider).max_parallel
    except InputError:
        cap = None
    return min(settings.concurrency, cap) if cap else settings.concurrency


def draft_policy(settings: Settings) -> DraftPolicy:
    """The provider's drafting policy, with the path forced by settings.draft_path when it is not "auto"."""
    try:
        policy = get_provider(settings.provider).policy
    except InputError:
        policy = CLOUD_POLICY
    if settings.draft_path != "auto" and settings.draft_path != policy.path:
        policy = replace(policy, path=settings.draft_path)
    return policy


def text_stays_local(settings: Settings) -> bool:
    """For the UI's "文字不离开本机" line and the confidentiality guard."""
    try:
        return resolve(settings).local
    except InputError:
        return False


def check_ready(endpoint: Endpoint) -> None:
    """Raise a Chinese error before any call when the endpoint cannot work (no key, no URL, no model)."""
    p = endpoint.provider
    if p.name != "local" and not endpoint.base_url:
        raise InputError("未设置模型服务地址", hint="请在模型设置或环境变量 DRAFTER_BASE_URL 中填写，例如 http://127.0.0.1:8000/v1")
    if not endpoint.model:
        raise InputError("未设置模型名称", hint="请在模型设置或环境变量 DRAFTER_MODEL 中填写要使用的模型")
    if p.needs_key and endpoint.api_key is None:
        raise AuthError(f"未设置{p.label}的 API Key",
                        hint=f"请在模型设置中填写，或设置环境变量 {p.key_env}；不想用云端服务可改用本机内置模型")
