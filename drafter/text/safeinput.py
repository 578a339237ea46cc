"""Bounded input: .docx packages checked before parsing, YAML without anchors or aliases."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import yaml

from drafter.errors import InputError
from drafter.settings import Limits, configured_limits

_CHUNK = 64 * 1024
_MAX_ENTRIES = 2000  # a .docx holds ~15 parts; pictures add one each


def safe_docx_bytes(data: bytes, limits: Limits | None = None, *, what: str = "Word 文件") -> bytes:
    """The package re-packed uncompressed after its sizes were checked, so a parser never inflates a zip bomb.

    The zip directory is checked first (sum of sizes, compression ratio), then every entry is read in small
    chunks: a directory that understates a size cannot make the parser inflate more than it says.
    """
    limits = limits or configured_limits()
    max_bytes = int(limits.docx_max_unpacked_mb * 1024 * 1024)
    hint = "文稿只需要文字：请在 Word 或 WPS 中打开，复制正文到新文档另存为 .docx 后再上传"
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return data  # not a zip at all: the caller's own check says what the file is
    if len(infos) > _MAX_ENTRIES:
        raise InputError(f"{what}内部文件过多（{len(infos)} 个），不像正常的文稿", hint=hint)
    declared = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if declared > max_bytes:
        raise InputError(f"{what}解压后有 {declared / 1024 / 1024:.0f} MB，超过上限 {limits.docx_max_unpacked_mb:g} MB，"
                         "已拒绝读取", hint=hint)
    if declared > 1024 * 1024 and declared / packed > limits.docx_max_ratio:
        raise InputError(f"{what}的压缩比异常（{declared / packed:.0f} 倍，上限 {limits.docx_max_ratio:g} 倍），"
                         "可能是恶意构造的文件，已拒绝读取", hint=hint)
    out = io.BytesIO()
    total = 0
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
            for info in infos:
                if info.is_dir():
                    continue
                parts: list[bytes] = []
                with package.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        total += len(chunk)
                        if total > max_bytes:
                            raise InputError(f"{what}解压后超过上限 {limits.docx_max_unpacked_mb:g} MB，已拒绝读取",
                                             hint=hint)
                        parts.append(chunk)
                clean.writestr(info.filename, b"".join(parts))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
            ValueError) as exc:
        raise InputError(f"{what}已损坏，无法读取（{exc.__class__.__name__}）",
                         hint="请在 Word 或 WPS 中打开并重新保存为 .docx 后再上传") from None
    return out.getvalue()


class AliasRefused(yaml.YAMLError):
    """A YAML document used an anchor (&) or alias (*); `message` says so in Chinese."""

    def __init__(self, line: int | None) -> None:
        where = f"第{line}行" if line else ""
        self.message = f"YAML 文件{where}用了锚点或别名（& 或 *），为安全起见不予读取，请把内容直接写出"
        super().__init__(self.message)


class NoAliasSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, so a few hundred bytes cannot expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            mark = event.start_mark
            raise AliasRefused(mark.line + 1 if mark is not None else None)
        return super().compose_node(parent, index)


def safe_yaml_load(text: str) -> Any:
    """yaml.safe_load without anchors or aliases (AliasRefused when the text has any)."""
    return yaml.load(text, Loader=NoAliasSafeLoader)  # noqa: S506 - a SafeLoader subclass
