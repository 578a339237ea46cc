"""LLMClient through the real openai SDK against a real local HTTP server (SSE), one scripted failure each."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate

import pytest
from pydantic import SecretStr

from drafter.errors import (
    AuthError,
    ContentFilteredError,
    ContextTooLongError,
    LLMError,
    ModelNotFoundError,
    RateLimitError,
    ServerDownError,
)
from drafter.llm import LLMClient
from drafter.llm.error_mapping import retry_after_seconds
from drafter.llm.providers import Endpoint, get_provider
from tests.llm.conftest import ask
from tests.support.openai_stub_server import Reply, StubServer


def drain(client: LLMClient, max_tokens: int = 400, text: str = "请写“强理论武装”约60字"):
    stream = client.stream(ask(text), max_tokens=max_tokens)
    deltas = list(stream)
    return stream, deltas


def test_streams_text_usage_and_cached_tokens(stub: StubServer, client: LLMClient) -> None:
    stub.enqueue(Reply("支部坚持把政治建设摆在首位。", cached_tokens=7))
    stream, deltas = drain(client)
    assert len(deltas) > 1  # arrived in pieces, not as one block
    assert stream.result is not None
    assert stream.result.text == "支部坚持把政治建设摆在首位。" and stream.result.finish_reason == "stop"
    assert stream.result.usage is not None and stream.result.usage.cached_tokens == 7
    assert stream.result.usage.completion_tokens == len(deltas)
    body = stub.chat_requests()[0].body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["max_tokens"] == 400 and body["model"] == "stub-model"
    assert client.usage_total().cached_tokens == 7 and client.calls[0].first_token_s is not None


def test_default_reply_follows_the_requested_length(client: LLMClient) -> None:
    stream, _ = drain(client, text="请写“加强组织建设”一节，约200字")
    assert stream.result is not None and len(stream.result.text) == 200


def test_sampling_defaults_and_extra_body_reach_the_server(stub: StubServer, connect: Callable[..., LLMClient]) -> None:
    endpoint = Endpoint(get_provider("local"), stub.base_url, "stub-model")
    c = connect(endpoint, max_retries=0)
    list(c.stream(ask(), max_tokens=30, stop=["。"]))
    body = stub.chat_requests()[0].body
    assert body["temperature"] == 0.3 and body["repeat_penalty"] == 1.1 and body["stop"] == ["。"]
    list(c.stream(ask(), max_tokens=30, temperature=0.9))
    assert stub.chat_requests()[1].body["temperature"] == 0.9


def test_401_is_an_auth_error_that_names_the_key_variable(stub: StubServer, connect: Callable[..., LLMClient]) -> None:
    stub.enqueue(Reply.error(401, "Incorrect API key provided", "invalid_api_key"))
    c = connect(Endpoint(get_provider("deepseek"), stub.base_url, "deepseek-chat", SecretStr("sk-x")),
                    max_retries=3)
    with pytest.raises(AuthError) as err:
        drain(c)
    assert "API Key" in str(err.value) and "DEEPSEEK_API_KEY" in str(err.value)
    assert "“模型设置”" in str(err.value) and "本机内置模型" in str(err.value)  # what to do in the app
    assert len(stub.chat_requests()) == 1  # a wrong key is not retried


def test_404_is_model_not_found(stub: StubServer, client: LLMClient) -> None:
    stub.enqueue(Reply.error(404, "The model `stub-model` does not exist", "model_not_found"))
    with pytest.raises(ModelNotFoundError) as err:
        drain(client)
    assert "stub-model" in str(err.value) and "模型名称" in str(err.value)


def test_429_waits_for_retry_after_then_succeeds(stub: StubServer, client: LLMClient, sleeps: list[float]) -> None:
    stub.enqueue(Reply.error(429, "Rate limit reached", "rate_limit_exceeded", retry_after=3), Reply("好的。"))
    stream, _ = drain(client)
    assert stream.result is not None and stream.result.text == "好的。"
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 3.5
    assert client.calls[-1].attempts == 2


def test_429_retry_after_as_http_date() -> None:
    now = time.time()
    assert retry_after_seconds({"retry-after": formatdate(now + 20, usegmt=True)}, now=now) == pytest.approx(20, abs=1)
    assert retry_after_seconds({"retry-after-ms": "1500"}) == 1.5
    assert retry_after_seconds({"retry-after": "soon"}) is None and retry_after_seconds({}) is None


def test_429_every_time_ends_in_rate_limit_error(stub: StubServer, client: LLMClient, sleeps: list[float]) -> None:
    stub.enqueue(*[Reply.error(429, "Rate limit reached", retry_after=1) for _ in range(4)])
    with pytest.raises(RateLimitError) as err:
        drain(client)
    assert len(sleeps) == 3 and "降低并发" in str(err.value)


def test_429_with_a_long_retry_after_gives_up_at_once(stub: StubServer, client: LLMClient,
                                                      sleeps: list[float]) -> None:
    stub.enqueue(Reply.error(429, "come back in an hour", retry_after=3600))
    with pytest.raises(RateLimitError):
        drain(client)
    assert sleeps == []


def test_500_then_success_backs_off_once(stub: StubServer, client: LLMClient, sleeps: list[float]) -> None:
    stub.enqueue(Reply.error(500, "internal error", type_="server_error"), Reply("恢复正常。"))
    stream, _ = drain(client)
    assert stream.result is not None and stream.result.text == "恢复正常。"
    assert len(sleeps) == 1 and 0.5 <= sleeps[0] <= 1.0  # first backoff: 1 s with jitter


def test_stream_cut_midway_keeps_partial_text_and_is_not_retried(stub: StubServer, client: LLMClient,
                                                                 sleeps: list[float]) -> None:
    stub.enqueue(Reply("一二三四五六七八九十" * 5, cut_after=12))
    with pytest.raises(ServerDownError) as err:
        drain(client)
    assert err.value.partial_text == "一二三四五六七八九十一二"
    assert "中途断开" in str(err.value) and sleeps == [] and len(stub.chat_requests()) == 1


def test_error_event_inside_the_stream_keeps_partial_text(stub: StubServer, client: LLMClient) -> None:
    stub.enqueue(Reply("已经写了一句。", stream_error={"message": "upstream overloaded", "type": "server_error"}))
    with pytest.raises(ServerDownError) as err:
        drain(client)
    assert err.value.partial_text == "已经写了一句。"


def test_finish_reason_length_keeps_the_text_and_marks_cut_off(client: LLMClient) -> None:
    stream, deltas = drain(client, max_tokens=5)
    assert stream.result is not None and stream.result.cut_off
    assert stream.result.text == "".join(deltas) and len(stream.result.text) == 5


def test_content_filter_finish_reason_keeps_partial_text(stub: StubServer, client: LLMClient) -> None:
    stub.enqueue(Reply("前半段正常。", finish_reason="content_filter"))
    with pytest.raises(ContentFilteredError) as err:
        drain(client)
    assert err.value.partial_text == "前半段正常。" and "内容审核" in str(err.value)


def test_content_filter_error_code_from_the_provider(stub: StubServer, client: LLMClient) -> None:
    stub.enqueue(Reply.error(400, "Input data may contain inappropriate content.", "data_inspection_failed"))
    with pytest.raises(ContentFilteredError):
        drain(client)


def test_context_too_long(stub: StubServer, client: LLMClient, sleeps: list[float]) -> None:
    stub.enqueue(Reply.error(400, "This model's maximum context length is 8192 tokens.", "context_length_exceeded"))
    with pytest.raises(ContextTooLongError) as err:
        drain(client)
    assert "范文" in str(err.value) and sleeps == []


def test_server_down_retries_then_explains(sleeps: list[float], connect: Callable[..., LLMClient]) -> None:
    with StubServer() as srv:
        url = srv.base_url  # the port is free again once the server stops
    c = connect(Endpoint(get_provider("custom"), url, "m"), timeout_s=5, max_retries=2, sleep=sleeps.append)
    with pytest.raises(ServerDownError) as err:
        drain(c)
    assert "无法连接" in str(err.value) and len(sleeps) == 2 and sleeps[1] > sleeps[0] * 0.9
    assert "drafter doctor" not in str(err.value) and "模型设置" in str(err.value)  # no shell command for the app


def test_close_stops_the_http_stream(stub: StubServer, connect: Callable[..., LLMClient]) -> None:
    slow = StubServer(rate=20).start()
    try:
        c = connect(Endpoint(get_provider("custom"), slow.base_url, "m"), max_retries=0)
        stream = c.stream(ask("约300字"), max_tokens=300)
        got = [next(stream) for _ in range(3)]
        stream.close()
        assert stream.result is not None and stream.result.finish_reason == "stopped"
        assert stream.result.text == "".join(got) and list(stream) == []
        deadline = time.monotonic() + 3
        while not slow.chat_requests()[0].disconnected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert slow.chat_requests()[0].disconnected  # the server saw the connection go
        assert [r.finish_reason for r in c.calls] == ["stopped"]
    finally:
        slow.stop()


def test_close_from_another_thread_ends_the_stream_quietly(connect: Callable[..., LLMClient]) -> None:
    with StubServer(rate=20) as slow:
        c = connect(Endpoint(get_provider("custom"), slow.base_url, "m"), max_retries=0)
        stream = c.stream(ask("约300字"), max_tokens=300)
        errors: list[BaseException] = []
        started = threading.Event()

        def consume() -> None:
            try:
                for _ in stream:
                    started.set()
            except BaseException as exc:  # noqa: BLE001 - the test reports anything that escapes
                errors.append(exc)

        worker = threading.Thread(target=consume)
        worker.start()
        assert started.wait(5)
        stream.close()
        worker.join(5)
        assert not worker.is_alive() and errors == []
        assert stream.result is not None and stream.result.finish_reason == "stopped"


def test_parallel_calls_one_failure_does_not_touch_the_others(connect: Callable[..., LLMClient]) -> None:
    def route(body: dict) -> Reply | None:
        text = body["messages"][-1]["content"]
        return Reply.error(400, "bad request for this one") if "第3节" in text else Reply(f"{text}的正文。")

    with StubServer(route=route, rate=100, first_token_delay=0.3) as srv:
        c = connect(Endpoint(get_provider("custom"), srv.base_url, "m"), max_retries=1, sleep=lambda s: None)

        def one(i: int) -> str:
            stream = c.stream([{"role": "user", "content": f"第{i}节"}], max_tokens=50)
            return "".join(stream)

        t0 = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(one, i) for i in range(1, 7)]
        elapsed = time.monotonic() - t0
        results = {}
        for i, fut in enumerate(futures, 1):
            try:
                results[i] = fut.result()
            except LLMError as exc:
                results[i] = type(exc).__name__
    assert results[3] == "LLMError"
    assert all(results[i] == f"第{i}节的正文。" for i in (1, 2, 4, 5, 6))
    assert elapsed < 6 * 0.3  # the first-token waits overlapped
    assert len(c.calls) == 6


@pytest.mark.parametrize(("status", "message", "code", "expected"), [
    (400, "系统检测到输入或生成内容可能包含不安全或敏感内容", "1301", ContentFilteredError),  # GLM
    (400, "The request was rejected because it was considered high risk", "content_filter", ContentFilteredError),
    (400, "Range of input length should be [1, 30720]", "InvalidParameter", ContextTooLongError),  # DashScope
    (403, "Model access denied.", "Model.AccessDenied", AuthError),
    (402, "Insufficient Balance", None, RateLimitError),  # DeepSeek
    (400, "Model Not Exist", "invalid_request_error", ModelNotFoundError),  # DeepSeek answers 400
    (422, "temperature must be in (0, 1]", None, LLMError),
])
def test_provider_error_wordings(stub: StubServer, client: LLMClient, sleeps: list[float], status: int,
                                 message: str, code: str | None, expected: type[LLMError]) -> None:
    stub.enqueue(Reply.error(status, message, code))
    with pytest.raises(expected) as err:
        drain(client)
    assert type(err.value) is expected and sleeps == [] and message[:10] in str(err.value)
