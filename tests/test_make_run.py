"""`make run` listens on 127.0.0.1 unless the address is given on purpose."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run_line(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, timeout=30,
                         env={"PATH": "/usr/bin:/bin"})
    return next(line for line in out.stdout.splitlines() if "streamlit run" in line)


def test_make_run_binds_loopback_by_default():
    assert "--server.address 127.0.0.1 " in _run_line()


def test_make_run_address_can_be_given_deliberately():
    assert "--server.address 0.0.0.0 " in _run_line("ADDRESS=0.0.0.0")
