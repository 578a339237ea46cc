"""The embedded model's server with small fake parts and a stand-in server (the real model: test_local_real.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.errors import ContextTooLongError, LocalModelError
from drafter.llm import local_server as ls
from drafter.llm import make_model
from drafter.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ls.LocalServer]:
    """A fresh LocalServer (not the process-wide one) whose "llama server" is the stub OpenAI server."""
    monkeypatch.chdir(REPO)  # `python -m tests.support…` resolves from here
    srv = ls.LocalServer()
    srv.command_factory = lambda path, port, settings, alias: [
        sys.executable, "-m", "tests.support.openai_stub_server", "--port", str(port)]
    monkeypatch.setattr(ls, "SERVER", srv)
    yield srv
    srv.stop()

def test_status_before_anything(tmp_path: Path) -> None:
    st = ls.LocalServer().status(Settings(data_dir=tmp_path))
    assert st.state == "not_assembled" and st.label == "未组装" and not st.assembled


def test_ensure_assembles_starts_shares_and_stops(tmp_path: Path, parts: list[Path],
                                                   server: ls.LocalServer) -> None:
    settings = Settings(data_dir=tmp_path)
    stages: list[str] = []
    url = ls.ensure_local_server(settings, on_progress=lambda stage, f: stages.append(stage))
    assert stages[0] == "assembling" and "verifying" in stages and stages[-2:] == ["starting", "ready"]
    status = ls.local_status(settings)
    assert status.state == "ready" and status.base_url == url and status.verified and status.n_ctx >= 4096
    assert ls.ensure_local_server(settings) == url and ls.local_status(settings).pid == status.pid  # shared
    model = make_model(settings.with_overrides(provider="local"))
    stream = model.stream([{"role": "user", "content": "请写“支部概况”约40字"}], max_tokens=100)
    assert len("".join(stream)) == 40
    model.close()
    server.stop()
    assert ls.local_status(settings).state == "stopped"
    stages.clear()
    ls.ensure_local_server(settings, on_progress=lambda stage, f: stages.append(stage))
    assert "assembling" not in stages  # assembled once; verified from the sidecar


def test_a_server_that_dies_reports_its_log(tmp_path: Path, parts: list[Path], server: ls.LocalServer) -> None:
    server.command_factory = lambda *a: [sys.executable, "-c",
                                         "import sys; print('error loading model: bad magic', file=sys.stderr); sys.exit(3)"]
    with pytest.raises(LocalModelError, match="bad magic"):
        ls.ensure_local_server(Settings(data_dir=tmp_path))
    st = ls.local_status(Settings(data_dir=tmp_path))
    assert st.state == "failed" and "bad magic" in (st.reason or "") and "失败" in st.label


def test_a_server_that_never_answers_times_out(tmp_path: Path, parts: list[Path], server: ls.LocalServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ls, "START_TIMEOUT_S", 1.0)
    server.command_factory = lambda *a: [sys.executable, "-c",
                                         "import time; print('loading tensors', flush=True); time.sleep(60)"]
    with pytest.raises(LocalModelError, match="未能启动") as err:
        ls.ensure_local_server(Settings(data_dir=tmp_path))
    assert "loading tensors" in str(err.value) and server._proc is None  # the stuck process was stopped


def test_own_gguf_must_exist_but_is_not_hash_checked(tmp_path: Path, server: ls.LocalServer) -> None:
    missing = Settings(data_dir=tmp_path, local_model_path=tmp_path / "none.gguf")
    with pytest.raises(LocalModelError, match="DRAFTER_LOCAL_MODEL"):
        ls.ensure_local_server(missing)
    own = tmp_path / "qwen2.5-7b-instruct.gguf"
    own.write_bytes(b"GGUF not really")
    settings = Settings(data_dir=tmp_path, local_model_path=own)
    assert ls.ensure_local_server(settings).startswith("http://127.0.0.1:")
    st = ls.local_status(settings)
    assert st.custom_model and st.model_path == own and st.state == "ready"


def test_reset_forgets_a_failure_but_keeps_a_running_server(tmp_path: Path, server: ls.LocalServer) -> None:
    missing = Settings(data_dir=tmp_path, local_model_path=tmp_path / "none.gguf")
    with pytest.raises(LocalModelError):
        server.ensure(missing)
    assert server.status(missing).state == "failed"
    server.reset()
    assert server.status(Settings(data_dir=tmp_path)).state == "not_assembled"
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF")
    settings = Settings(data_dir=tmp_path, local_model_path=own)
    url = server.ensure(settings)
    pid = server.status(settings).pid
    server.reset()  # e.g. the autouse fixture between two tests sharing this server
    st = server.status(settings)
    assert st.state == "ready" and st.pid == pid and server.ensure(settings) == url


def test_server_command_uses_the_documented_options(tmp_path: Path) -> None:
    cmd = ls.server_command(tmp_path / "m.gguf", 4321, Settings(data_dir=tmp_path, local_threads=3), "alias")
    opts = dict(zip(cmd[3::2], cmd[4::2], strict=False))
    assert cmd[1:3] == ["-m", "llama_cpp.server"] and opts["--host"] == "127.0.0.1" and opts["--port"] == "4321"
    assert opts["--n_threads"] == "3" and int(opts["--n_ctx"]) >= 4096 and opts["--cache"] == "true"
    assert opts["--interrupt_requests"] == "false" and opts["--logits_all"] == "false"
    # Every option must exist in the pinned server (its CLI is generated from these fields).
    from llama_cpp.server.settings import Settings as LlamaSettings

    assert {o.removeprefix("--") for o in opts} <= set(LlamaSettings.model_fields)


def test_over_long_prompt_is_refused_before_the_call(tmp_path: Path, parts: list[Path],
                                                     server: ls.LocalServer) -> None:
    # llama_cpp.server drops the stream on an over-long prompt (it would read as "server down"); the guard
    # asks the server's tokenizer first, only when the prompt might not fit. The stand-in counts 1 token a char.
    settings = Settings(data_dir=tmp_path, context_window=4096)
    model = make_model(settings)
    fits = model.stream([{"role": "user", "content": "字" * 3500 + "，约20字"}], max_tokens=30)
    assert len("".join(fits)) == 20
    with pytest.raises(ContextTooLongError, match="4096"):
        list(model.stream([{"role": "user", "content": "字" * 5000}], max_tokens=30))
    assert len(model.calls) == 1  # the refused one never reached the server
    model.close()


def test_server_exits_when_the_app_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # atexit does not run on kill -9; the watchdog in the server process must notice its parent is gone.
    import signal
    import subprocess
    import time

    monkeypatch.chdir(REPO)
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF")
    app = subprocess.Popen([sys.executable, "-c", f"""
import sys, time
from drafter.llm import local_server as ls
from drafter.settings import Settings
ls.SERVER.command_factory = lambda path, port, s, alias: [
    sys.executable, "-m", "tests.support.openai_stub_server", "--port", str(port)]
ls.ensure_local_server(Settings(data_dir=r"{tmp_path}", local_model_path=r"{own}"))
print(ls.SERVER._proc.pid, flush=True)
time.sleep(60)
"""], stdout=subprocess.PIPE, text=True)
    try:
        child = int(app.stdout.readline())
        os.kill(child, 0)  # running
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait()
        app.stdout.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{child}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            return
        if state == "Z":  # exited; waiting for an init that may never reap it
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the model server outlived the killed app")


def test_a_cached_model_survives_a_server_crash(tmp_path: Path, parts: list[Path], server: ls.LocalServer) -> None:
    settings = Settings(data_dir=tmp_path)
    with make_model(settings) as model:
        assert len("".join(model.stream([{"role": "user", "content": "约10字"}], max_tokens=50))) == 10
        first_pid = ls.local_status(settings).pid
        assert server._proc is not None
        server._proc.kill()  # e.g. the OOM killer
        server._proc.wait()
        assert ls.local_status(settings).state == "failed"
        assert len("".join(model.stream([{"role": "user", "content": "约12字"}], max_tokens=50))) == 12
        assert ls.local_status(settings).state == "ready" and ls.local_status(settings).pid != first_pid
