"""The stub server itself: its fixed rate, parallel serving, serial mode and canned replies."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.support.openai_stub_server import StubServer, canned_reply


def _stream(url: str, text: str) -> float:
    t0 = time.monotonic()
    body = {"model": "m", "stream": True, "max_tokens": 500, "messages": [{"role": "user", "content": text}]}
    with httpx.Client(trust_env=False, timeout=10) as http:
        r = http.post(f"{url}/chat/completions", json=body)
    assert r.status_code == 200 and r.text.rstrip().endswith("data: [DONE]")
    return time.monotonic() - t0


def test_rate_and_first_token_delay_hold_and_requests_run_in_parallel() -> None:
    with StubServer(rate=100, first_token_delay=0.2) as srv:
        alone = _stream(srv.base_url, "约50字")
        assert alone >= 0.6  # 0.2 s + 50 tokens at 100/s
        t0 = time.monotonic()
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(lambda _: _stream(srv.base_url, "约50字"), range(3)))
        assert time.monotonic() - t0 < 1.6  # one after another would take 2.1 s


def test_serial_mode_serves_one_at_a_time() -> None:
    with StubServer(rate=200, serial=True) as srv:
        t0 = time.monotonic()
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(lambda _: _stream(srv.base_url, "约40字"), range(3)))
        assert time.monotonic() - t0 >= 0.55  # 3 × 40 tokens at 200/s; in parallel it would be 0.2 s


def test_canned_reply_fits_the_asked_length_and_heading() -> None:
    body = {"messages": [{"role": "user", "content": "请撰写“加强组织建设”一节，约350字。"}]}
    text = canned_reply(body)
    assert len(text) == 350 and text == canned_reply(body)  # same request, same reply
    other = canned_reply({"messages": [{"role": "user", "content": "请撰写“强化理论武装”一节，约350字。"}]})
    assert other != text
    assert len(canned_reply(body, ["自己的段落。"])) == 350
