"""The embedded model's plumbing with small fake parts and a stand-in server (the real model: test_local_real.py)."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.errors import ContextTooLongError, LocalModelError
from drafter.llm import local_model as lm
from drafter.llm import make_model
from drafter.settings import Settings

REPO = Path(__file__).resolve().parents[2]


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
    monkeypatch.setattr(lm, "part_paths", lambda: paths)
    monkeypatch.setattr(lm, "MODEL_SHA256", digest)
    monkeypatch.setattr(lm, "_CHUNK", 1024)  # several progress steps even for tiny files
    return paths


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[lm.LocalServer]:
    """A fresh LocalServer (not the process-wide one) whose "llama server" is the stub OpenAI server."""
    monkeypatch.chdir(REPO)  # `python -m tests.support…` resolves from here
    srv = lm.LocalServer()
    srv.command_factory = lambda path, port, settings, alias: [
        sys.executable, "-m", "tests.support.openai_stub_server", "--port", str(port)]
    monkeypatch.setattr(lm, "SERVER", srv)
    yield srv
    srv.stop()


def test_real_parts_are_installed_and_add_up() -> None:
    paths = lm.part_paths()
    assert len(paths) == 22 and sum(p.stat().st_size for p in paths) == lm.MODEL_SIZE


def test_assemble_joins_parts_atomically_with_progress(tmp_path: Path, parts: list[Path]) -> None:
    dest = tmp_path / "models" / "m.gguf"
    seen: list[tuple[str, float]] = []
    lm.assemble(dest, on_progress=lambda stage, f: seen.append((stage, f)))
    assert dest.read_bytes() == b"".join(p.read_bytes() for p in parts)
    assert {s for s, _ in seen} == {"assembling"} and seen[-1][1] == 1.0 and len(seen) > 5
    assert [f for _, f in seen] == sorted(f for _, f in seen)
    assert not list(dest.parent.glob("*.part"))  # no half-written file left behind
    assert lm._remembered(dest) == lm.MODEL_SHA256


def test_assemble_refuses_parts_with_the_wrong_hash(tmp_path: Path, parts: list[Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lm, "MODEL_SHA256", "0" * 64)
    dest = tmp_path / "models" / "m.gguf"
    with pytest.raises(LocalModelError, match="校验失败") as err:
        lm.assemble(dest)
    assert "重新安装" in str(err.value) or "force-reinstall" in str(err.value)
    assert not dest.exists() and not list(dest.parent.glob("*.part"))


def test_verification_is_cached_until_the_file_changes(tmp_path: Path, parts: list[Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "m.gguf"
    lm.assemble(dest)
    hashed: list[Path] = []
    real = lm.sha256_file
    monkeypatch.setattr(lm, "sha256_file", lambda p, cb=None: hashed.append(p) or real(p, cb))
    lm.verify(dest)
    assert hashed == []  # the sidecar from assembly vouches for it
    data = bytearray(dest.read_bytes())
    data[10] ^= 0xFF  # same size, different bytes, newer mtime
    dest.write_bytes(bytes(data))
    os.utime(dest, ns=(dest.stat().st_atime_ns, dest.stat().st_mtime_ns + 1_000_000))
    with pytest.raises(LocalModelError, match="校验失败") as err:
        lm.verify(dest)
    assert hashed == [dest] and "删除" in str(err.value)


def test_status_before_anything(tmp_path: Path) -> None:
    st = lm.LocalServer().status(Settings(data_dir=tmp_path))
    assert st.state == "not_assembled" and st.label == "未组装" and not st.assembled


def test_ensure_assembles_starts_shares_and_stops(tmp_path: Path, parts: list[Path],
                                                   server: lm.LocalServer) -> None:
    settings = Settings(data_dir=tmp_path)
    stages: list[str] = []
    url = lm.ensure_local_server(settings, on_progress=lambda stage, f: stages.append(stage))
    assert stages[0] == "assembling" and "verifying" in stages and stages[-2:] == ["starting", "ready"]
    status = lm.local_status(settings)
    assert status.state == "ready" and status.base_url == url and status.verified and status.n_ctx >= 4096
    assert lm.ensure_local_server(settings) == url and lm.local_status(settings).pid == status.pid  # shared
    model = make_model(settings.with_overrides(provider="local"))
    stream = model.stream([{"role": "user", "content": "请写“支部概况”约40字"}], max_tokens=100)
    assert len("".join(stream)) == 40
    model.close()
    server.stop()
    assert lm.local_status(settings).state == "stopped"
    stages.clear()
    lm.ensure_local_server(settings, on_progress=lambda stage, f: stages.append(stage))
    assert "assembling" not in stages  # assembled once; verified from the sidecar


def test_a_server_that_dies_reports_its_log(tmp_path: Path, parts: list[Path], server: lm.LocalServer) -> None:
    server.command_factory = lambda *a: [sys.executable, "-c",
                                         "import sys; print('error loading model: bad magic', file=sys.stderr); sys.exit(3)"]
    with pytest.raises(LocalModelError, match="bad magic"):
        lm.ensure_local_server(Settings(data_dir=tmp_path))
    st = lm.local_status(Settings(data_dir=tmp_path))
    assert st.state == "failed" and "bad magic" in (st.reason or "") and "失败" in st.label


def test_a_server_that_never_answers_times_out(tmp_path: Path, parts: list[Path], server: lm.LocalServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lm, "START_TIMEOUT_S", 1.0)
    server.command_factory = lambda *a: [sys.executable, "-c",
                                         "import time; print('loading tensors', flush=True); time.sleep(60)"]
    with pytest.raises(LocalModelError, match="未能启动") as err:
        lm.ensure_local_server(Settings(data_dir=tmp_path))
    assert "loading tensors" in str(err.value) and server._proc is None  # the stuck process was stopped


def test_own_gguf_must_exist_but_is_not_hash_checked(tmp_path: Path, server: lm.LocalServer) -> None:
    missing = Settings(data_dir=tmp_path, local_model_path=tmp_path / "none.gguf")
    with pytest.raises(LocalModelError, match="DRAFTER_LOCAL_MODEL"):
        lm.ensure_local_server(missing)
    own = tmp_path / "qwen2.5-7b-instruct.gguf"
    own.write_bytes(b"GGUF not really")
    settings = Settings(data_dir=tmp_path, local_model_path=own)
    assert lm.ensure_local_server(settings).startswith("http://127.0.0.1:")
    st = lm.local_status(settings)
    assert st.custom_model and st.model_path == own and st.state == "ready"


def test_server_command_uses_the_documented_options(tmp_path: Path) -> None:
    cmd = lm.server_command(tmp_path / "m.gguf", 4321, Settings(data_dir=tmp_path, local_threads=3), "alias")
    opts = dict(zip(cmd[3::2], cmd[4::2], strict=False))
    assert cmd[1:3] == ["-m", "llama_cpp.server"] and opts["--host"] == "127.0.0.1" and opts["--port"] == "4321"
    assert opts["--n_threads"] == "3" and int(opts["--n_ctx"]) >= 4096 and opts["--cache"] == "true"
    assert opts["--interrupt_requests"] == "false" and opts["--logits_all"] == "false"
    # Every option must exist in the pinned server (its CLI is generated from these fields).
    from llama_cpp.server.settings import Settings as LlamaSettings

    assert {o.removeprefix("--") for o in opts} <= set(LlamaSettings.model_fields)


def test_over_long_prompt_is_refused_before_the_call(tmp_path: Path, parts: list[Path],
                                                     server: lm.LocalServer) -> None:
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
from drafter.llm import local_model as lm
from drafter.settings import Settings
lm.SERVER.command_factory = lambda path, port, s, alias: [
    sys.executable, "-m", "tests.support.openai_stub_server", "--port", str(port)]
lm.ensure_local_server(Settings(data_dir=r"{tmp_path}", local_model_path=r"{own}"))
print(lm.SERVER._proc.pid, flush=True)
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


def test_a_cached_model_survives_a_server_crash(tmp_path: Path, parts: list[Path], server: lm.LocalServer) -> None:
    settings = Settings(data_dir=tmp_path)
    with make_model(settings) as model:
        assert len("".join(model.stream([{"role": "user", "content": "约10字"}], max_tokens=50))) == 10
        first_pid = lm.local_status(settings).pid
        assert server._proc is not None
        server._proc.kill()  # e.g. the OOM killer
        server._proc.wait()
        assert lm.local_status(settings).state == "failed"
        assert len("".join(model.stream([{"role": "user", "content": "约12字"}], max_tokens=50))) == 12
        assert lm.local_status(settings).state == "ready" and lm.local_status(settings).pid != first_pid
