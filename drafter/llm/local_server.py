"""The embedded model's server: one llama_cpp.server per process on 127.0.0.1, started once the file is ready."""

from __future__ import annotations

import atexit
import importlib.metadata
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from drafter.errors import ContextTooLongError, LocalModelError
from drafter.llm.model_file import Progress, build_model_file, model_path, verified_before, verify
from drafter.llm.providers import LOCAL_MODEL_ALIAS
from drafter.settings import Settings, child_env

log = logging.getLogger(__name__)

LLAMA_VERSION = "0.3.36"
START_TIMEOUT_S = 180.0

# on_progress(stage, fraction): stage is one of these keys; the UI shows the label and a bar.
STAGE_LABELS = {"assembling": "正在组装本机模型文件", "verifying": "正在校验模型文件",
                "starting": "正在启动本机模型", "ready": "本机模型已就绪"}
STATE_LABELS = {"not_assembled": "未组装", "not_started": "未启动", "assembling": "组装中", "verifying": "校验中", "starting": "启动中",
                "ready": "已就绪", "failed": "失败", "stopped": "已停止"}


@dataclass(frozen=True)
class LocalStatus:
    """The embedded model's state for the UI and `drafter doctor`."""

    state: str                      # a key of STATE_LABELS
    reason: str | None = None       # why it failed, in Chinese
    progress: float | None = None   # 0..1 while assembling or verifying
    model_path: Path | None = None
    custom_model: bool = False      # DRAFTER_LOCAL_MODEL: the user's own GGUF, not hash-checked
    assembled: bool = False
    verified: bool | None = None    # None: not checked since the file last changed
    base_url: str | None = None
    n_ctx: int | None = None
    pid: int | None = None

    @property
    def label(self) -> str:
        """The state in Chinese, with the reason when it failed."""
        text = STATE_LABELS.get(self.state, self.state)
        return f"{text}：{self.reason}" if self.reason else text


def llama_cpp_version() -> str | None:
    """The installed llama-cpp-python version, or None."""
    try:
        return importlib.metadata.version("llama_cpp_python")
    except importlib.metadata.PackageNotFoundError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _available_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def context_size(settings: Settings) -> int:
    """n_ctx: the configured window (≥ 4096), halved to 4096 when memory is short."""
    n_ctx = max(4096, settings.context_window)
    avail = _available_mb()
    if avail is not None and avail < 3000:  # model 1.1 GB + KV cache + prompt cache need headroom
        n_ctx = 4096
    return n_ctx


def server_command(path: Path, port: int, settings: Settings, alias: str) -> list[str]:
    """The llama_cpp.server command line (option names from llama_cpp/server/settings.py)."""
    threads = str(settings.local_threads or _cores())
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(path), "--model_alias", alias,
            "--host", "127.0.0.1", "--port", str(port),
            "--n_threads", threads, "--n_threads_batch", threads, "--n_ctx", str(context_size(settings)),
            # The server defaults to logits for every token (n_ctx × 152k floats ≈ 5 GB); we only sample.
            "--logits_all", "false",
            # Prompt cache: sections share a long prefix (system + facts + samples).
            "--cache", "true", "--cache_type", "ram", "--cache_size", str(1 << 30),
            # Its default stops a streaming reply whenever another request arrives: fatal for parallel sections.
            "--interrupt_requests", "false"]
    # No --chat_format: the server then uses the chat template embedded in the GGUF (Qwen2.5's ChatML variant),
    # which also suits a user's own GGUF from DRAFTER_LOCAL_MODEL.


def context_guard(settings: Settings, base_url: str,
                  timeout_s: float = 60.0) -> Callable[[list[dict[str, str]]], None]:
    """A preflight for LLMClient: llama_cpp.server answers an over-long prompt by dropping the stream,
    which would read as "server down", so count the prompt's tokens first when it might not fit."""
    n_ctx = SERVER._status.n_ctx if SERVER._status.base_url == base_url and SERVER._status.n_ctx else \
        context_size(settings)  # what the running server was started with
    root = base_url.removesuffix("/v1")

    def guard(messages: list[dict[str, str]]) -> None:
        text = "\n".join(str(m.get("content") or "") for m in messages)
        overhead = 8 * len(messages) + 32  # chat-template markers and Qwen's default system line
        if len(text) * 1.5 + overhead < n_ctx:
            return  # fits for sure: Qwen needs well under 1.5 tokens per character
        try:
            with httpx.Client(trust_env=False, timeout=timeout_s) as http:
                count = int(http.post(f"{root}/extras/tokenize/count", json={"input": text}).json()["count"])
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            return  # cannot tell; let the call itself try
        if count + overhead >= n_ctx:
            raise ContextTooLongError(f"材料太长：约 {count + overhead} 个词元，超过本机模型一次能处理的 {n_ctx} 个",
                                      hint="请减少范文数量、精简事实材料；内存充足时可把 DRAFTER_CONTEXT 调大")

    return guard


# Runs `python -m <module> …` but exits when its parent goes: a killed app (kill -9, a crashed container
# process) must not leave 1.8 GB of model server behind. atexit covers only orderly exits.
_WATCHDOG = """# drafter: local model server, exits with its parent
import os, runpy, sys, threading, time
parent, module = int(sys.argv[1]), sys.argv[3]
sys.argv = [module, *sys.argv[4:]]
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
if module == "llama_cpp.server":
    # llama.cpp 0.3.36 puts the weights in the CPU's AMX buffer where the CPU has AMX, and the first completion
    # then crashes the server (exit 139, seen on Xeon with amx_int8); the plain CPU buffer works everywhere.
    import llama_cpp, llama_cpp.llama as _llama
    _default = llama_cpp.llama_model_default_params
    def _plain_buffers():
        params = _default()
        params.use_extra_bufts = False
        return params
    llama_cpp.llama_model_default_params = _llama.llama_cpp.llama_model_default_params = _plain_buffers
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def _with_watchdog(cmd: list[str]) -> list[str]:
    if cmd[:2] == [sys.executable, "-m"]:
        return [sys.executable, "-c", _WATCHDOG, str(os.getpid()), *cmd[1:]]
    return cmd


class LocalServer:
    """One llama_cpp.server per process, shared by every session and CLI call; stopped at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._status = LocalStatus("not_assembled")
        # The model file the running server loaded. Not n_ctx: it follows free memory, and a restart because
        # memory dipped would cut every other session's stream.
        self._key: str | None = None
        self.command_factory = server_command       # tests swap in a stand-in server

    def status(self, settings: Settings) -> LocalStatus:
        """The current state without blocking (a start in another thread keeps running)."""
        s = self._status
        if s.state in ("assembling", "verifying", "starting") or (s.state == "ready" and self._alive()):
            return s
        if s.state == "ready":
            return replace(s, state="failed", reason="本机模型进程已退出")
        path = model_path(settings)
        if not path.is_file():
            if settings.local_model_path is not None:
                return LocalStatus("failed", f"找不到模型文件 {path}", model_path=path, custom_model=True)
            return LocalStatus("not_assembled" if s.state != "failed" else "failed", s.reason, model_path=path)
        verified = True if settings.local_model_path is None and verified_before(path) else None
        state = s.state if s.state in ("failed", "stopped") else "not_started"
        return LocalStatus(state, s.reason, model_path=path, custom_model=settings.local_model_path is not None,
                           assembled=True, verified=verified)

    def _alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _set(self, state: str, **kw: object) -> None:
        self._status = replace(self._status, state=state, **kw)  # type: ignore[arg-type]

    def ensure(self, settings: Settings, on_progress: Progress | None = None) -> str:
        """Assemble, verify and start as needed; return the base_url (…/v1) once the server answers."""
        with self._lock:
            path = model_path(settings)
            key = str(path)
            if self._alive() and self._key == key and self._status.state == "ready":
                assert self._status.base_url
                return self._status.base_url
            self._stop_locked()
            try:
                self._prepare(settings, path, on_progress)
                url = self._start(settings, path, on_progress)
            except LocalModelError as exc:
                self._set("failed", reason=str(exc), progress=None)
                raise
            self._key = key
            if on_progress:
                on_progress("ready", 1.0)
            return url

    def _prepare(self, settings: Settings, path: Path, on_progress: Progress | None) -> None:
        def report(stage: str, fraction: float) -> None:
            self._set(stage, progress=fraction)
            if on_progress:
                on_progress(stage, fraction)

        custom = settings.local_model_path is not None
        self._status = LocalStatus("not_assembled", model_path=path, custom_model=custom)
        if custom:
            if not path.is_file():
                raise LocalModelError(f"找不到 DRAFTER_LOCAL_MODEL 指定的模型文件：{path}",
                                      hint="请检查路径，或删除该设置改用内置模型")
            return  # the user's own GGUF: no hash to compare with
        if not path.is_file():
            report("assembling", 0.0)
            t0 = time.monotonic()
            build_model_file(path, on_progress=report)
            log.info("本机模型组装完成，用时 %.1f 秒", time.monotonic() - t0)
        report("verifying", 0.0)
        verify(path, on_progress=report)
        self._set("verifying", assembled=True, verified=True)

    def _start(self, settings: Settings, path: Path, on_progress: Progress | None) -> str:
        if llama_cpp_version() is None or importlib.util.find_spec("uvicorn") is None:
            raise LocalModelError("未安装本机模型运行库 llama-cpp-python[server]",
                                  hint=f"请运行 make run，或 pip install \"llama-cpp-python[server]=={LLAMA_VERSION}\"")
        port = _free_port()
        alias = LOCAL_MODEL_ALIAS if settings.local_model_path is None else path.stem
        cmd = self.command_factory(path, port, settings, alias)
        n_ctx = int(cmd[cmd.index("--n_ctx") + 1]) if "--n_ctx" in cmd else context_size(settings)
        logfile = _logfile(settings.model_cache_dir)
        self._set("starting", progress=None)
        if on_progress:
            on_progress("starting", 0.0)
        with logfile.open("wb") as out:  # the child keeps its own handle
            self._proc = subprocess.Popen(_with_watchdog(cmd), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          env=child_env(), start_new_session=True)
        base = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + START_TIMEOUT_S
        with httpx.Client(trust_env=False, timeout=2.0) as http:  # never through a proxy
            while True:
                if self._proc.poll() is not None:
                    raise LocalModelError(f"本机模型进程启动失败（退出码 {self._proc.returncode}）",
                                          hint="日志末尾：" + _tail(logfile))
                try:
                    if http.get(f"{base}/models").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    self._stop_locked()
                    raise LocalModelError(f"本机模型 {int(START_TIMEOUT_S)} 秒内未能启动",
                                          hint="日志末尾：" + _tail(logfile))
                time.sleep(0.25)
        self._status = replace(self._status, state="ready", reason=None, progress=None, base_url=base,
                               n_ctx=n_ctx, pid=self._proc.pid, assembled=True)
        log.info("本机模型已在 %s 就绪", base)
        return base

    def stop(self) -> None:
        """Stop the server if this process started one."""
        with self._lock:
            self._stop_locked()

    def reset(self) -> None:
        """Forget a failed or stopped start (tests); a server that is running is left running, as it is."""
        with self._lock:
            if not self._alive():
                self._proc, self._key, self._status = None, None, LocalStatus("not_assembled")

    def _stop_locked(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if proc is not None:
            self._status = replace(self._status, state="stopped", base_url=None, pid=None)
            self._key = None


def _logfile(folder: Path) -> Path:
    """This process's server log; logs of processes that are gone are removed (each app has its own server)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("llama_server-*.log"):
        try:
            os.kill(int(old.stem.rsplit("-", 1)[1]), 0)
        except (ValueError, ProcessLookupError):
            old.unlink(missing_ok=True)
        except PermissionError:
            pass  # another user's live process
    return folder / f"llama_server-{os.getpid()}.log"


def _tail(path: Path, lines: int = 12) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "（无日志）"
    return "\n".join(text.strip().splitlines()[-lines:]) or "（日志为空）"


SERVER = LocalServer()
atexit.register(SERVER.stop)


def ensure_local_server(settings: Settings, on_progress: Progress | None = None) -> str:
    """The shared embedded server's base_url, assembling and starting it on first use."""
    return SERVER.ensure(settings, on_progress)


def local_status(settings: Settings) -> LocalStatus:
    """The embedded model's state, without starting anything."""
    return SERVER.status(settings)


def stop_local_server() -> None:
    """Stop the shared embedded server (tests, `drafter doctor --start`)."""
    SERVER.stop()
