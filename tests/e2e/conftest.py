"""Browser-test fixtures: the stub OpenAI server, the app as a real `streamlit run` process, headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """`streamlit run app.py` on a free port; always stopped by the fixture, even when a test fails."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The app's address."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> App:
        """Start the server and wait until it answers its health check."""
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        out.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:  # noqa: S310 - loopback
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, as in a crash or a pulled plug."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """Kill the server process (its own process group) and wait for it."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def stub():
    """The scriptable OpenAI-compatible server on 127.0.0.1, in this process."""
    from tests.support.openai_stub_server import StubServer

    with StubServer(token_chars=4) as srv:
        yield srv


@pytest.fixture
def app_env(tmp_path, stub) -> dict[str, str]:
    """The app's environment: the custom provider pointing at the stub, data in tmp_path, no proxies."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DRAFTER_", "OPENAI_", "STREAMLIT_")) and k.lower() not in ("http_proxy", "https_proxy",
                                                                                        "all_proxy")}
    env.update({"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": stub.base_url, "DRAFTER_MODEL": "stub-model",
                "DRAFTER_DATA_DIR": str(tmp_path / "data"), "DRAFTER_CONCURRENCY": "2", "NO_PROXY": "127.0.0.1"})
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture
def make_app(app_env, tmp_path):
    """Start app processes; every one is stopped at the end of the test."""
    apps: list[App] = []

    def make() -> App:
        app = App(app_env, tmp_path / "streamlit.log")
        apps.append(app)
        return app.start()

    yield make
    for app in apps:
        app.stop()


@pytest.fixture
def browser():
    """Headless Debian Chromium through Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
