"""Model access: every call goes through the openai SDK against an OpenAI-compatible endpoint."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai

from drafter.errors import DrafterError
from drafter.llm.base import ChatModel, ChatResult, ChatStream, Usage
from drafter.llm.client import LLMClient
from drafter.llm.local_server import (
    LocalStatus,
    context_guard,
    ensure_local_server,
    local_status,
    stop_local_server,
)
from drafter.llm.model_file import Progress
from drafter.llm.providers import (
    PROVIDERS,
    Endpoint,
    check_ready,
    effective_concurrency,
    get_provider,
    resolve,
    text_stays_local,
)
from drafter.settings import Settings

__all__ = ["ChatModel", "ChatResult", "ChatStream", "LLMClient", "LLMStatus", "LocalStatus", "PROVIDERS", "Usage",
           "effective_concurrency", "get_provider", "llm_status", "local_status", "make_client", "make_model", "prepare_local",
           "stop_local_server", "text_stays_local"]


def make_client(endpoint: Endpoint, *, timeout_s: float = 180.0, max_retries: int = 4,
                sleep: Callable[[float], None] = time.sleep,
                preflight: Callable[[list[dict[str, str]]], None] | None = None) -> LLMClient:
    """An LLMClient over openai.OpenAI(...).chat.completions.create for this endpoint (the SDK never retries)."""
    check_ready(endpoint)
    assert endpoint.base_url is not None
    key = endpoint.api_key.get_secret_value() if endpoint.api_key else "not-needed"
    sdk = _sdk(endpoint.base_url, key, timeout_s, endpoint.local)
    p = endpoint.provider
    assert endpoint.model is not None  # check_ready
    return LLMClient(sdk.chat.completions.create, endpoint.model, defaults=p.sampling, extra_body=p.extra_body,
                     max_retries=max_retries, sleep=sleep, label=p.label,
                     key_env=p.key_env if p.needs_key or endpoint.api_key else None,
                     secret=endpoint.api_key.get_secret_value() if endpoint.api_key else None, on_close=sdk.close,
                     preflight=preflight)


def _sdk(base_url: str, key: str, timeout_s: float, loopback: bool) -> openai.OpenAI:
    # Loopback servers must never be reached through an HTTP(S)_PROXY from the environment.
    http_client = openai.DefaultHttpx2Client(trust_env=False) if loopback else None
    return openai.OpenAI(base_url=base_url, api_key=key, max_retries=0, http_client=http_client,
                         timeout=openai.Timeout(timeout_s, connect=min(10.0, timeout_s)))


class _LocalCreate:
    """`create` for the embedded model that follows the shared server: a crashed server is restarted (on a new
    port) by the next call, so a model cached by the app for days keeps working."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._url: str | None = None
        self._client: openai.OpenAI | None = None

    def _current(self) -> tuple[openai.OpenAI, str]:
        url = ensure_local_server(self._settings)  # immediate while the server runs
        with self._lock:
            if url != self._url or self._client is None:
                old, self._client, self._url = self._client, _sdk(url, "not-needed", self._settings.timeout_s, True), url
                if old is not None:
                    old.close()  # it pointed at a server that is gone
            return self._client, url

    def __call__(self, **kwargs: Any) -> Any:
        return self._current()[0].chat.completions.create(**kwargs)

    def preflight(self, messages: list[dict[str, str]]) -> None:
        """Refuse a prompt longer than the server's context (see context_guard)."""
        context_guard(self._settings, self._current()[1], timeout_s=self._settings.timeout_s)(messages)

    def close(self) -> None:
        """Close the HTTP client."""
        with self._lock:
            client, self._client, self._url = self._client, None, None
        if client is not None:
            client.close()


def prepare_local(settings: Settings, on_progress: Progress | None = None) -> None:
    """Assemble, verify and start the embedded model if the settings use it (immediate while it runs)."""
    if resolve(settings).provider.name == "local":
        ensure_local_server(settings, on_progress)


def make_model(settings: Settings, *, on_progress: Progress | None = None) -> LLMClient:
    """The ChatModel for these settings; for the embedded model this assembles and starts it (blocking)."""
    endpoint = resolve(settings)
    if endpoint.provider.name != "local":
        return make_client(endpoint, timeout_s=settings.timeout_s, max_retries=settings.max_retries)
    ensure_local_server(settings, on_progress)
    local = _LocalCreate(settings)
    p = endpoint.provider
    assert endpoint.model is not None
    return LLMClient(local, endpoint.model, defaults=p.sampling, extra_body=p.extra_body,
                     max_retries=settings.max_retries, label=p.label, on_close=local.close, preflight=local.preflight)


@dataclass(frozen=True)
class LLMStatus:
    """What the status line and `drafter doctor` show: provider, model, key set or not, local model state."""

    provider: str
    provider_label: str
    base_url: str | None
    model: str | None
    key_env: str
    key_set: bool
    needs_key: bool
    text_stays_local: bool
    local: LocalStatus | None
    problem: str | None = None     # a settings error (unknown provider, missing key) in Chinese

    @property
    def line(self) -> str:
        """One Chinese line, e.g. "本机内置模型（Qwen2.5 1.5B）· 文字不离开本机 · 已就绪"."""
        where = "文字不离开本机" if self.text_stays_local else "文字将发送到云端服务"
        parts = [self.provider_label, where]
        if self.local is not None:
            parts.append(self.local.label)
        elif self.needs_key:
            parts.append("API Key 已设置" if self.key_set else f"未设置 API Key（{self.key_env}）")
        if self.problem:
            parts.append(self.problem)
        return " · ".join(parts)


def llm_status(settings: Settings) -> LLMStatus:
    """The current model setup, without starting anything or showing the key."""
    try:
        endpoint = resolve(settings)
    except DrafterError as exc:
        return LLMStatus(settings.provider, settings.provider, settings.base_url, settings.model,
                         settings.key_env_var, settings.api_key_set, False, False, None, problem=str(exc))
    p = endpoint.provider
    local = local_status(settings) if p.name == "local" else None
    problem = None
    if p.name != "local":
        try:
            check_ready(endpoint)
        except DrafterError as exc:
            problem = str(exc)
    base_url = local.base_url if local is not None else endpoint.base_url
    return LLMStatus(p.name, p.label, base_url, endpoint.model, p.key_env, settings.api_key_set, p.needs_key,
                     endpoint.local, local, problem)
