"""The process-wide embedded-model server starts every test clean: tests/conftest.py resets a failed start."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import LocalModelError
from drafter.llm import local_server as ls
from drafter.settings import Settings

_FAILED_BEFORE: list[bool] = []  # set by the first test, so the second knows it runs after a failure


def test_a_failed_start_marks_the_shared_server_failed(tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match="DRAFTER_LOCAL_MODEL"):  # fails before any process is started
        ls.ensure_local_server(Settings(data_dir=tmp_path, local_model_path=tmp_path / "none.gguf"))
    st = ls.local_status(Settings(data_dir=tmp_path))
    assert st.state == "failed" and "DRAFTER_LOCAL_MODEL" in (st.reason or "")
    _FAILED_BEFORE.append(True)


def test_the_next_test_starts_clean(tmp_path: Path) -> None:
    if not _FAILED_BEFORE:
        pytest.skip("shows something only right after the test above")
    st = ls.local_status(Settings(data_dir=tmp_path))  # without the reset: "failed" with the reason above
    assert st.state == "not_assembled" and st.reason is None
