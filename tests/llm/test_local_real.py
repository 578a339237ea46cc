"""The real embedded model, offline: assembled from the installed parts, served by llama_cpp.server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from drafter.llm import llm_status, make_model, stop_local_server
from drafter.settings import Settings
from tests.support.local import local_model_settings

pytestmark = pytest.mark.slow  # about 10 s with the GGUF assembled, plus ~10 s the first time


@pytest.fixture
def settings(tmp_path) -> Iterator[Settings]:
    yield local_model_settings(tmp_path)
    stop_local_server()  # free its 1.8 GB for the rest of the test run


def test_embedded_model_writes_chinese_through_the_sdk(settings: Settings) -> None:
    model = make_model(settings)
    status = llm_status(settings)
    assert status.local is not None and status.local.state == "ready" and status.text_stays_local
    assert status.local.verified and (status.local.n_ctx or 0) >= 4096
    messages = [{"role": "system", "content": "你是党支部书记的写作助手，只用中文回答。"},
                {"role": "user", "content": "请用三句话概括一个学校党支部一年来在理论学习方面做了哪些工作。"}]
    stream = model.stream(messages, max_tokens=160)
    text = "".join(stream)
    model.close()
    assert stream.result is not None and stream.result.finish_reason in ("stop", "length")
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) >= 30, text
