"""Fixtures: a stub OpenAI server and an LLMClient pointed at it through the real openai SDK."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from drafter.llm import LLMClient, make_client
from drafter.llm.providers import Endpoint, get_provider
from tests.support.openai_stub_server import StubServer


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as srv:
        yield srv


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(stub: StubServer, sleeps: list[float]) -> Iterator[LLMClient]:
    endpoint = Endpoint(get_provider("custom"), stub.base_url, "stub-model", SecretStr("sk-test-key"))
    c = make_client(endpoint, timeout_s=10, max_retries=3, sleep=sleeps.append)
    yield c
    c.close()


def ask(text: str = "请写“强理论武装”约60字") -> list[dict[str, str]]:
    return [{"role": "system", "content": "你是党支部的写作助手。"}, {"role": "user", "content": text}]
