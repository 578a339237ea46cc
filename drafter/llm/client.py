"""LLMClient: a ChatModel over any OpenAI-compatible `create` callable, streaming with retries and usage records."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import openai

from drafter.errors import ContentFilteredError
from drafter.llm.base import ChatResult, ChatStream, Usage
from drafter.llm.error_mapping import EndedEarly, Retry, map_error

log = logging.getLogger(__name__)

# Longest wait we accept from a Retry-After header; a provider asking for more means "not today".
MAX_RETRY_AFTER_S = 60.0


@dataclass
class CallRecord:
    """One finished call, for the usage log (tokens, time, outcome)."""

    model: str
    usage: Usage | None
    finish_reason: str | None
    attempts: int
    seconds: float
    first_token_s: float | None
    error: str | None = None


class _Deltas(Iterator["str | ChatResult"]):
    """The iterator behind one ChatStream; close() may come from another thread (the UI's stop button)."""

    def __init__(self, run: Callable[[_Deltas], Iterator[str | ChatResult]]) -> None:
        self._lock = threading.Lock()
        self._sdk: Any = None
        self.closed = False
        self._stop_sent = False
        self._gen = run(self)

    def attach(self, sdk_stream: Any) -> None:
        """Remember the SDK stream so close() can shut its HTTP response."""
        with self._lock:
            self._sdk = sdk_stream
            closed = self.closed
        if closed:
            sdk_stream.close()

    def __next__(self) -> str | ChatResult:
        if self.closed:
            return self._stopped()
        try:
            return next(self._gen)
        except Exception:  # StopIteration too: after close() every ending is reported as "stopped"
            if self.closed:  # the HTTP stream broke because we closed it: that is a stop, not a failure
                return self._stopped()
            raise

    def _stopped(self) -> ChatResult:
        if self._stop_sent:
            raise StopIteration
        self._stop_sent = True
        return ChatResult("", "stopped")

    def close(self) -> None:
        """Stop the HTTP stream (the server stops generating when the connection drops)."""
        with self._lock:
            self.closed = True
            sdk = self._sdk
        if sdk is not None:
            try:
                sdk.close()
            except Exception:  # closing a broken connection may raise; it is closed either way
                pass
        try:
            self._gen.close()
        except ValueError:
            pass  # running in another thread: it sees `closed` at its next step


class LLMClient:
    """ChatModel over `create(model=..., messages=..., stream=True, ...)` (openai's chat.completions.create)."""

    def __init__(self, create: Callable[..., Any], model: str, *, defaults: dict[str, Any] | None = None,
                 max_retries: int = 4, sleep: Callable[[float], None] = time.sleep,
                 extra_body: dict[str, Any] | None = None, label: str = "模型服务", key_env: str | None = None,
                 secret: str | None = None, backoff_s: float = 1.0, backoff_max_s: float = 30.0,
                 on_close: Callable[[], None] | None = None,
                 preflight: Callable[[list[dict[str, str]]], None] | None = None) -> None:
        self._create = create
        self._preflight = preflight  # raises (e.g. ContextTooLongError) before a request that cannot succeed
        self.model = model
        self.defaults = dict(defaults or {})
        self.extra_body = dict(extra_body or {})
        self.max_retries = max_retries
        self._sleep = sleep
        self.label = label
        self._key_env = key_env
        self._secret = secret  # only to blank it out of provider messages; never shown
        self._backoff = (backoff_s, backoff_max_s)
        self._on_close = on_close
        self._lock = threading.Lock()
        self.calls: list[CallRecord] = []

    def __repr__(self) -> str:
        return f"LLMClient(model={self.model!r}, label={self.label!r}, max_retries={self.max_retries})"

    def usage_total(self) -> Usage:
        """Sum of the usage of every call so far (cached tokens only where reported)."""
        with self._lock:
            records = [c.usage for c in self.calls if c.usage]
        cached = [u.cached_tokens for u in records if u.cached_tokens is not None]
        return Usage(sum(u.prompt_tokens for u in records), sum(u.completion_tokens for u in records),
                     sum(cached) if cached else None)

    def close(self) -> None:
        """Release the underlying HTTP client, if make_client gave us one."""
        on_close, self._on_close = self._on_close, None
        if on_close:
            on_close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Callers rarely close a model; its pooled sockets must not linger (ResourceWarning is an error in tests).
        try:
            self.close()
        except Exception:  # interpreter shutdown may have torn down the HTTP client already
            pass

    def _delay(self, attempt: int, wait: float | None) -> float:
        base, cap = self._backoff
        backoff = min(cap, base * 2 ** attempt) * (0.5 + random.random() / 2)  # jitter spreads parallel retries
        return backoff if wait is None else wait + random.random() * 0.1 * max(wait, 0.1)

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int,
               temperature: float | None = None, stop: list[str] | None = None) -> ChatStream:
        kwargs: dict[str, Any] = {**self.defaults, "model": self.model, "messages": messages, "stream": True,
                                  "stream_options": {"include_usage": True}, "max_tokens": max_tokens}
        if temperature is not None:
            kwargs["temperature"] = temperature
        if stop:
            kwargs["stop"] = stop
        if self.extra_body:
            kwargs["extra_body"] = dict(self.extra_body)
        deltas = _Deltas(lambda d: self._run(kwargs, d))
        return ChatStream(deltas)

    def _record(self, rec: CallRecord) -> None:
        with self._lock:
            self.calls.append(rec)

    def _run(self, kwargs: dict[str, Any], deltas: _Deltas) -> Iterator[str | ChatResult]:
        start = time.monotonic()
        first: float | None = None
        parts: list[str] = []
        attempt = 0
        if self._preflight is not None:
            self._preflight(kwargs["messages"])
        while True:
            finish: str | None = None
            usage: Usage | None = None
            sdk = None
            try:
                sdk = self._create(**kwargs)
                deltas.attach(sdk)
                for chunk in sdk:
                    if getattr(chunk, "usage", None) is not None:
                        usage = _usage(chunk.usage)
                    for choice in chunk.choices or []:
                        text = choice.delta.content if choice.delta is not None else None
                        if text:
                            if first is None:
                                first = time.monotonic() - start
                            parts.append(text)
                            yield text
                        if choice.finish_reason:
                            finish = choice.finish_reason
                if finish is None and not deltas.closed:
                    raise EndedEarly()
            except GeneratorExit:  # closed in this thread (ChatStream.close): a stop, logged as one
                self._record(CallRecord(self.model, usage, "stopped", attempt + 1, time.monotonic() - start, first))
                raise
            except (openai.APIError, EndedEarly) as exc:
                if deltas.closed:  # closed from another thread; the HTTP stream broke as a result
                    self._record(CallRecord(self.model, usage, "stopped", attempt + 1, time.monotonic() - start,
                                            first))
                    return
                mapped = map_error(exc, model=self.model, label=self.label, key_env=self._key_env,
                                   secret=self._secret, partial_text="".join(parts))
                if isinstance(mapped, Retry):
                    retryable = not parts and attempt < self.max_retries and (
                        mapped.wait is None or mapped.wait <= MAX_RETRY_AFTER_S)
                    if retryable:
                        delay = self._delay(attempt, mapped.wait)
                        log.warning("%s：第 %d 次调用失败（%s），%.1f 秒后重试", self.label, attempt + 1,
                                    type(mapped.error).__name__, delay)
                        attempt += 1
                        self._sleep(delay)
                        continue
                    mapped = mapped.error
                self._record(CallRecord(self.model, usage, finish, attempt + 1, time.monotonic() - start, first,
                                        type(mapped).__name__))
                raise mapped from None  # the SDK exception carries the request; keep it out of tracebacks
            finally:
                if sdk is not None:
                    sdk.close()
            text = "".join(parts)
            self._record(CallRecord(self.model, usage, "stopped" if deltas.closed else finish, attempt + 1,
                                    time.monotonic() - start, first))
            if finish in ("content_filter", "sensitive"):  # "sensitive" is GLM's word for it
                raise ContentFilteredError(f"{self.label}的内容审核中断了生成", partial_text=text,
                                           hint="已保留生成的部分；请检查材料中是否有敏感表述后重试，或改用本机内置模型")
            yield ChatResult(text, finish, usage)
            return


def _usage(raw: Any) -> Usage:
    """Usage from a chunk, with cached tokens wherever the provider puts them."""
    cached = None
    details = getattr(raw, "prompt_tokens_details", None)
    if details is not None and getattr(details, "cached_tokens", None) is not None:
        cached = details.cached_tokens
    extra = getattr(raw, "model_extra", None) or {}
    for name in ("prompt_cache_hit_tokens", "cached_tokens"):  # DeepSeek, Moonshot
        if cached is None and isinstance(extra.get(name), int):
            cached = extra[name]
    return Usage(int(raw.prompt_tokens or 0), int(raw.completion_tokens or 0), cached)
