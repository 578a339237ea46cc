"""Fixtures: a stub OpenAI server, an LLMClient pointed at it through the real openai SDK, fake model parts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from drafter.llm import LLMClient, make_client, model_file
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
def connect() -> Iterator[Callable[..., LLMClient]]:
    """make_client, with every client closed at teardown (pooled sockets left to GC warn, and warnings fail)."""
    made: list[LLMClient] = []

    def factory(endpoint: Endpoint, **kw: Any) -> LLMClient:
        made.append(make_client(endpoint, **kw))
        return made[-1]

    yield factory
    for c in made:
        c.close()


@pytest.fixture
def client(stub: StubServer, sleeps: list[float], connect: Callable[..., LLMClient]) -> LLMClient:
    endpoint = Endpoint(get_provider("custom"), stub.base_url, "stub-model", SecretStr("sk-test-key"))
    return connect(endpoint, timeout_s=10, max_retries=3, sleep=sleeps.append)


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Three fake parts standing in for the 22 packages, with their joined hash as the expected one."""
    paths = []
    for i, data in enumerate([b"GGUF" + b"a" * 5000, b"b" * 7000, b"c" * 123]):
        p = tmp_path / "parts" / f"part{i:02d}.bin"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data)
        paths.append(p)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    monkeypatch.setattr(model_file, "part_paths", lambda: paths)
    monkeypatch.setattr(model_file, "MODEL_SHA256", digest)
    monkeypatch.setattr(model_file, "_CHUNK", 1024)  # several progress steps even for tiny files
    return paths


def ask(text: str = "请写“强理论武装”约60字") -> list[dict[str, str]]:
    return [{"role": "system", "content": "你是党支部的写作助手。"}, {"role": "user", "content": text}]
