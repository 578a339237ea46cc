"""Every bench/*.py runs in its quick mode against the local stub server, so a broken benchmark fails CI.

Quick mode measures nothing worth reporting; it proves the script still runs (a bench that raised TypeError
went unnoticed once). It never starts the embedded model.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.settings import RESOURCE_ROOT
from tests.support.openai_stub_server import StubServer

BENCHES = sorted((RESOURCE_ROOT / "bench").glob("*.py"))


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer(token_chars=8) as srv:
        yield srv


@pytest.mark.parametrize("script", BENCHES, ids=[p.stem for p in BENCHES])
def test_bench_runs_in_quick_mode(script: Path, stub: StubServer, tmp_path: Path) -> None:
    assert "--quick" in script.read_text(encoding="utf-8"), f"{script.name} needs a --quick mode for this test"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DRAFTER_", "OPENAI_")) and k not in ("DATABASE_URL", "http_proxy", "https_proxy")}
    env.update({"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": stub.base_url, "DRAFTER_MODEL": "stub",
                "DRAFTER_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path / "home"), "NO_PROXY": "127.0.0.1",
                "PYTHONPATH": str(RESOURCE_ROOT)})
    done = subprocess.run([sys.executable, str(script), "--quick"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.returncode == 0, f"{script.name} --quick failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert done.stdout.strip(), f"{script.name} printed nothing"
