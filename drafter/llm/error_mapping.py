"""Mapping the openai SDK's exceptions to drafter errors a secretary understands, and which may be retried."""

from __future__ import annotations

import email.utils
import re
import time
from typing import Any

import openai

from drafter.errors import (
    AuthError,
    ContentFilteredError,
    ContextTooLongError,
    LLMError,
    ModelNotFoundError,
    RateLimitError,
    ServerDownError,
)

_KEYISH = re.compile(r"\b(sk|ak|key|Bearer)[-_ ]?[A-Za-z0-9._\-*]{8,}", re.I)
_CONTEXT_HINTS = ("context_length", "context length", "maximum context", "context window", "too long",
                  "input length", "prompt is too long", "exceed context", "exceeds the model", "超长", "超过最大")
# Azure/OpenAI, DashScope, GLM (code 1301), Moonshot ("considered high risk") and generic wordings.
_FILTER_HINTS = ("content_filter", "data_inspection_failed", "sensitive", "inappropriate", "content policy",
                 "contentfilter", "high risk", "敏感", "不安全", "违规")
_MODEL_HINTS = ("model_not_found", "model not found", "does not exist", "no such model", "not exist",
                "模型不存在", "unknown model", "invalid model")


def _detail(exc: openai.APIError, secret: str | None) -> str:
    """The provider's own words, short and with anything key-like blanked out."""
    text = ""
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error", body)
        text = str(err.get("message") or err.get("msg") or "") if isinstance(err, dict) else str(err)
    text = text or (exc.message or "")
    if secret:
        text = text.replace(secret, "***")
    return _KEYISH.sub("***", text)[:200]


def _code(exc: openai.APIError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error", body) if isinstance(body, dict) else {}
    parts = [str(exc.code or ""), str(getattr(exc, "type", "") or "")]
    if isinstance(err, dict):
        parts += [str(err.get("code") or ""), str(err.get("type") or "")]
    return " ".join(parts).lower()


def retry_after_seconds(headers: Any, now: float | None = None) -> float | None:
    """Retry-After (seconds or an HTTP date) or retry-after-ms, as seconds; None when absent or unreadable."""
    if headers is None:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class EndedEarly(Exception):
    """The body ended without a finish_reason, so the connection was cut, not the reply finished."""


class Retry(Exception):
    """The mapped error may be retried after `wait` seconds."""

    def __init__(self, error: LLMError, wait: float | None) -> None:
        self.error = error
        self.wait = wait


def map_error(exc: Exception, *, model: str, label: str, key_env: str | None, secret: str | None,
              partial_text: str = "") -> LLMError | Retry:
    """Translate an SDK exception into a drafter error a secretary understands (or a retryable one)."""
    key_hint = f"（或环境变量 {key_env}）" if key_env else ""
    if isinstance(exc, openai.APITimeoutError):
        return Retry(ServerDownError(f"{label}响应超时", hint="请稍后重试；若一直超时，请检查网络，或换用其他模型服务（管理员可调大 DRAFTER_TIMEOUT）",
                                      partial_text=partial_text), None)
    if isinstance(exc, openai.APIConnectionError | EndedEarly) and partial_text:
        return Retry(ServerDownError(f"与{label}的连接中途断开，回复不完整",
                                      hint="已保留生成的部分；请重新生成本节，或稍后再试", partial_text=partial_text), None)
    if isinstance(exc, openai.APIConnectionError | EndedEarly):
        return Retry(ServerDownError(f"无法连接到{label}", hint="请检查网络，以及“模型设置”中的服务地址；也可切换到本机内置模型",
                                      partial_text=partial_text), None)
    if not isinstance(exc, openai.APIError):
        raise exc
    detail = _detail(exc, secret)
    said = f"服务返回：{detail}" if detail else None
    code = _code(exc)
    words = f"{code} {detail}".lower()
    status = getattr(exc, "status_code", None)

    def hinted(base: str) -> str:
        return f"{base}（{said}）" if said else base

    if status in (401, 403) or "invalid_api_key" in code or "unauthorized" in code:
        return AuthError(f"{label}拒绝了 API Key（{status or '认证失败'}）",
                         hint=hinted(f"请检查“模型设置”中的 API Key{key_hint}是否正确、是否已开通模型“{model}”；"
                                     "也可切换到本机内置模型"),
                         partial_text=partial_text)
    if status == 402 or "insufficient_quota" in code or "insufficient balance" in words or "余额" in words:
        return RateLimitError(f"{label}账户余额或额度不足", hint=hinted("请到服务商控制台充值或更换 API Key"),
                              partial_text=partial_text)
    if any(h in words for h in _CONTEXT_HINTS):
        return ContextTooLongError("材料太长，超出了模型一次能处理的长度",
                                   hint=hinted("请减少范文数量、精简事实材料，或换用上下文更长的模型"),
                                   partial_text=partial_text)
    if any(h in words for h in _FILTER_HINTS) or "1301" in code.split():
        return ContentFilteredError(f"{label}的内容审核拦截了这次请求",
                                    hint=hinted("请检查材料中是否有敏感表述后重试，或改用本机内置模型"),
                                    partial_text=partial_text)
    if status == 404 or any(h in words for h in _MODEL_HINTS):
        return ModelNotFoundError(f"{label}没有名为“{model}”的模型",
                                  hint=hinted("请检查模型名称是否拼写正确；自定义地址一般应以 /v1 结尾"),
                                  partial_text=partial_text)
    if status == 429:
        wait = retry_after_seconds(exc.response.headers) if isinstance(exc, openai.APIStatusError) else None
        return Retry(RateLimitError(f"{label}繁忙，请求过于频繁", hint=hinted("请稍后再试；一直如此时，可请管理员降低并发数（DRAFTER_CONCURRENCY）"),
                                     partial_text=partial_text), wait)
    if status is None or status >= 500 or status in (408, 409):
        wait = retry_after_seconds(exc.response.headers) if isinstance(exc, openai.APIStatusError) else None
        return Retry(ServerDownError(f"{label}暂时出错（{status or '连接中断'}）",
                                      hint=hinted("请稍后重试；若持续出错，请换用其他模型服务"),
                                      partial_text=partial_text), wait)
    return LLMError(f"{label}拒绝了这次请求（{status}）", hint=hinted("请检查设置中的模型名称和参数"),
                    partial_text=partial_text)
