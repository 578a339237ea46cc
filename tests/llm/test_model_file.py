"""The embedded model's file: the installed parts, building the GGUF from them, and its cached verification."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafter.errors import LocalModelError
from drafter.llm import model_file as mf


def test_real_parts_are_installed_and_add_up() -> None:
    paths = mf.part_paths()
    assert len(paths) == 22 and sum(p.stat().st_size for p in paths) == mf.MODEL_SIZE


def test_build_model_file_joins_parts_atomically_with_progress(tmp_path: Path, parts: list[Path]) -> None:
    dest = tmp_path / "models" / "m.gguf"
    seen: list[tuple[str, float]] = []
    mf.build_model_file(dest, on_progress=lambda stage, f: seen.append((stage, f)))
    assert dest.read_bytes() == b"".join(p.read_bytes() for p in parts)
    assert {s for s, _ in seen} == {"assembling"} and seen[-1][1] == 1.0 and len(seen) > 5
    assert [f for _, f in seen] == sorted(f for _, f in seen)
    assert not list(dest.parent.glob("*.part"))  # no half-written file left behind
    assert mf._remembered(dest) == mf.MODEL_SHA256


def test_build_model_file_refuses_parts_with_the_wrong_hash(tmp_path: Path, parts: list[Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mf, "MODEL_SHA256", "0" * 64)
    dest = tmp_path / "models" / "m.gguf"
    with pytest.raises(LocalModelError, match="校验失败") as err:
        mf.build_model_file(dest)
    assert "重新安装" in str(err.value) or "force-reinstall" in str(err.value)
    assert not dest.exists() and not list(dest.parent.glob("*.part"))


def test_verification_is_cached_until_the_file_changes(tmp_path: Path, parts: list[Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "m.gguf"
    mf.build_model_file(dest)
    hashed: list[Path] = []
    real = mf.sha256_file
    monkeypatch.setattr(mf, "sha256_file", lambda p, cb=None: hashed.append(p) or real(p, cb))
    mf.verify(dest)
    assert hashed == []  # the sidecar from assembly vouches for it
    data = bytearray(dest.read_bytes())
    data[10] ^= 0xFF  # same size, different bytes, newer mtime
    dest.write_bytes(bytes(data))
    os.utime(dest, ns=(dest.stat().st_atime_ns, dest.stat().st_mtime_ns + 1_000_000))
    with pytest.raises(LocalModelError, match="校验失败") as err:
        mf.verify(dest)
    assert hashed == [dest] and "删除" in str(err.value)
