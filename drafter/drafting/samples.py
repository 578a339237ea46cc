"""The sample library: shipped samples/ (Markdown with YAML front matter) plus the user's .txt/.md/.docx files."""

from __future__ import annotations

import io
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from drafter.documents.parse import ParsedDoc, parse_document, year_of
from drafter.errors import InputError, SampleError
from drafter.facts.sheet import Kind, OrgType
from drafter.text.clean import clean_text, count_chars
from drafter.text.safeinput import safe_docx_bytes, safe_yaml_load
from drafter.text.tokens import count_tokens

log = logging.getLogger(__name__)

SUFFIXES = (".md", ".txt", ".docx")
MAX_BYTES = 2_000_000  # a 范文 is a few thousand characters; anything this big is not one
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_SKIP_NAMES = {"readme.md"}

# Keyword guesses for user samples without front matter, most specific first ("学院" before "学校").
_ORG_KEYWORDS: list[tuple[OrgType, tuple[str, ...]]] = [
    ("university", ("大学", "学院", "高校", "研究生")),
    ("school", ("小学", "中学", "学校", "幼儿园", "中心校", "一中", "二中", "三中", "职高", "教育集团")),
    ("hospital", ("医院", "卫生院", "卫生室", "卫生服务中心", "疾控", "保健院")),
    ("village", ("村党", "村委", "村民", "行政村", "村支部", "村")),
    ("community", ("社区", "居委会", "居民区", "街道")),
    ("enterprise", ("公司", "企业", "集团", "厂", "银行", "有限")),
    ("government", ("局", "机关", "政府", "委员会", "办公室", "人大", "政协", "法院", "检察院", "中心")),
]
_THEMATIC_WORDS = ("专项", "专题", "主题教育", "学习教育", "活动", "创先争优", "实践活动")
_PLAN_WORDS = ("计划", "要点", "安排", "方案", "打算", "思路")


class Defect(BaseModel):
    """A known flaw of a sample (garbled dates, placeholders, year mismatch, …)."""

    code: str
    note: str = ""


class SampleMeta(BaseModel):
    """Front matter of a sample, or what was inferred for a user's file without it."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=120)
    title: str
    kind: Kind = "annual_summary"
    org_type: OrgType = "other"
    year: int | None = Field(default=None, ge=1949, le=2100)
    year_basis: str | None = None
    source: str | None = None
    source_part: str | None = None
    appendix: str | None = None
    removed: list[str] = Field(default_factory=list)
    defects: list[Defect] = Field(default_factory=list)
    origin: Literal["shipped", "user"] = "shipped"
    inferred: bool = False  # True when kind/org type/year were guessed, not written by a person

    @field_validator("id", "title", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return str(v).strip() if isinstance(v, (str, int, float)) else v

    @field_validator("defects", mode="before")
    @classmethod
    def _defects(cls, v: Any) -> Any:
        # A bare string in the front matter is accepted as a note so hand-written files stay easy.
        if isinstance(v, list):
            return [{"code": "other", "note": d} if isinstance(d, str) else d for d in v]
        return v


class Sample(BaseModel):
    """One example document: metadata, text as published, its parse and its size."""

    meta: SampleMeta
    text: str
    parsed: ParsedDoc
    chars: int
    tokens: int
    path: Path | None = None

    @property
    def id(self) -> str:
        """The sample's id."""
        return self.meta.id

    @property
    def title(self) -> str:
        """The sample's title."""
        return self.meta.title

    @property
    def kind(self) -> Kind:
        """annual_summary | annual_plan | thematic_summary."""
        return self.meta.kind

    @property
    def org_type(self) -> OrgType:
        """school | village | …"""
        return self.meta.org_type

    @classmethod
    def from_text(cls, text: str, meta: SampleMeta, path: Path | None = None) -> Sample:
        """Build a sample from its body text and metadata."""
        text = clean_text(text).strip("\n")
        return cls(meta=meta, text=text, parsed=parse_document(text), chars=count_chars(text),
                   tokens=count_tokens(text), path=path)


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter dict or None, body) of a Markdown text; SampleError when the YAML is broken."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return None, text
    try:
        data = safe_yaml_load(m.group(1))
    except yaml.YAMLError as exc:
        raise SampleError("文件开头的元数据（YAML）格式有误", hint=str(exc).splitlines()[0]) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SampleError("文件开头的元数据（YAML）应当是“键: 值”的形式")
    return data, text[m.end():]


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Chinese Windows saves .txt; SampleError otherwise."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SampleError("无法识别文件的文字编码", hint="请另存为 UTF-8 编码的文本文件")


def docx_text(data: bytes) -> str:
    """Paragraph texts of a .docx, one per line; SampleError when it is not a readable Word file."""
    import docx  # python-docx; imported here so text-only use stays light

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SampleError("不是有效的 .docx 文件", hint="旧版 Word 的 .doc 请先另存为 .docx")
    try:
        data = safe_docx_bytes(data, what="范文 Word 文件")
    except InputError as exc:
        raise SampleError(exc.message, hint=exc.hint) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds (KeyError, ValueError, lxml errors)
        raise SampleError("无法读取这个 Word 文件", hint=f"文件可能已损坏：{type(exc).__name__}") from exc
    return "\n".join(p.text for p in document.paragraphs)


def infer_meta(sample_id: str, text: str, parsed: ParsedDoc, fallback_title: str) -> SampleMeta:
    """Metadata guessed from a user's text: title, kind, org type and year."""
    title = parsed.title or fallback_title
    return SampleMeta(id=sample_id, title=title, kind=guess_kind(title), org_type=guess_org_type(title, text),
                      year=guess_year(parsed), origin="user", inferred=True)


def guess_kind(title: str) -> Kind:
    """计划 → annual_plan, 专项/主题/活动 总结 → thematic_summary, else annual_summary."""
    if "总结" in title:
        # "……总结暨明年工作计划" is a summary first.
        return "thematic_summary" if any(w in title for w in _THEMATIC_WORDS) else "annual_summary"
    if any(w in title for w in _PLAN_WORDS):
        return "annual_plan"
    return "thematic_summary" if any(w in title for w in _THEMATIC_WORDS) else "annual_summary"


def guess_org_type(title: str, text: str) -> OrgType:
    """Org type from keywords in the title, else the most frequent keyword group in the text."""
    for org, words in _ORG_KEYWORDS:
        if any(w in title for w in words):
            return org
    # Single-character keywords (村, 厂, 局) are too common in running text ("农村小学") to count there.
    scores = {org: sum(text.count(w) for w in words if len(w) > 1) for org, words in _ORG_KEYWORDS}
    best = max(scores.values(), default=0)
    if best == 0:
        return "other"
    return next(org for org, _ in _ORG_KEYWORDS if scores[org] == best)


def guess_year(parsed: ParsedDoc) -> int | None:
    """Year of the 落款 date, else the title's year, else the first year named in the opening."""
    if parsed.closing and (year := parsed.closing.year):
        return year
    for text in (parsed.title, parsed.opening_text()):
        if year := year_of(text):
            return year
    return None


def read_sample(path: Path, *, origin: Literal["shipped", "user"] = "shipped",
                sample_id: str | None = None) -> Sample:
    """Read one sample file (.md with or without front matter, .txt, .docx); SampleError when unusable."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SampleError(f"不支持 {path.suffix or '无扩展名'} 格式", hint="范文只支持 .txt、.md、.docx")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SampleError("文件太大，不像一篇范文", hint="单个范文文件不能超过 2 MB")
        data = path.read_bytes()
    except OSError as exc:
        raise SampleError("无法读取文件", hint=exc.strerror or str(exc)) from exc
    text = docx_text(data) if suffix == ".docx" else decode_text(data)
    front, body = split_front_matter(text) if suffix == ".md" else (None, text)
    body = clean_text(body).strip("\n")
    if not body.strip():
        raise SampleError("文件里没有正文")
    parsed = parse_document(body)
    default_id = sample_id or (path.stem if origin == "shipped" else f"user-{path.stem}")
    if front is None:
        meta = infer_meta(default_id, body, parsed, path.stem)
        meta = meta.model_copy(update={"origin": origin})
    else:
        values = {"id": default_id, "title": parsed.title or path.stem, **front, "origin": origin}
        try:
            meta = SampleMeta.model_validate(values)
        except ValidationError as exc:
            problems = "；".join(f"{'.'.join(str(p) for p in e['loc'])}：{e['msg']}" for e in exc.errors())
            raise SampleError("元数据不符合要求", hint=problems) from exc
    return Sample(meta=meta, text=body, parsed=parsed, chars=count_chars(body), tokens=count_tokens(body),
                  path=path)


class SampleLibrary:
    """All samples that could be read, in a stable order, plus a warning for each file that was skipped."""

    def __init__(self, samples: list[Sample] | None = None, warnings: list[str] | None = None) -> None:
        self.samples: list[Sample] = list(samples or [])
        self.warnings: list[str] = list(warnings or [])

    @classmethod
    def load(cls, shipped_dir: Path | None, user_dir: Path | None = None) -> SampleLibrary:
        """Read both folders; unreadable files are skipped with a warning naming them, never an exception."""
        lib = cls()
        folders: list[tuple[Path | None, Literal["shipped", "user"]]] = [(shipped_dir, "shipped"), (user_dir, "user")]
        for folder, origin in folders:
            if folder is None or not Path(folder).is_dir():
                continue  # the user folder does not exist until the first upload
            for path in sorted(Path(folder).iterdir(), key=lambda p: p.name):
                if not path.is_file() or path.name.startswith((".", "~$")) or path.name.lower() in _SKIP_NAMES:
                    continue  # hidden files and Word's lock files "~$x.docx" are not samples
                if path.suffix.lower() not in SUFFIXES:
                    if origin == "user":
                        lib._skip(path, "不支持这种格式，范文只支持 .txt、.md、.docx")
                    continue
                lib._add(path, origin)
        return lib

    @classmethod
    def from_settings(cls, settings: Any) -> SampleLibrary:
        """The library for the app's settings (shipped samples/ and the user's sample folder)."""
        return cls.load(settings.samples_dir, settings.user_samples_dir)

    def _add(self, path: Path, origin: Literal["shipped", "user"]) -> None:
        try:
            sample = read_sample(path, origin=origin)
        except SampleError as exc:
            self._skip(path, str(exc))
            return
        except Exception as exc:  # a bad file must never break the app or the CLI
            self._skip(path, f"{type(exc).__name__}: {exc}")
            return
        if self.get(sample.id) is not None:
            if sample.meta.inferred:
                sample = sample.model_copy(update={"meta": sample.meta.model_copy(
                    update={"id": f"{sample.id}{path.suffix.lower()}"})})
            if self.get(sample.id) is not None:
                self._skip(path, f"编号“{sample.id}”与已有范文重复")
                return
        self.samples.append(sample)

    def _skip(self, path: Path, reason: str) -> None:
        message = f"已跳过范文文件 {path.name}：{reason}"
        self.warnings.append(message)
        log.warning("%s（%s）", message, path)

    def get(self, sample_id: str) -> Sample | None:
        """The sample with this id, or None."""
        return next((s for s in self.samples if s.id == sample_id), None)

    def __iter__(self) -> Iterator[Sample]:
        return iter(self.samples)

    def __len__(self) -> int:
        return len(self.samples)


def safe_filename(filename: str) -> str:
    """A file name safe to write in the user's folder: no directories, only CJK, letters, digits, -_()."""
    name = re.split(r"[\\/]", filename or "")[-1].strip()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = re.sub(r"\s+", "_", stem)
    stem = re.sub(r"[^\w\-()（）\u3400-\u9fff]", "", stem).strip("._-")[:80] or "范文"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def save_user_sample(user_dir: Path, filename: str, data: bytes) -> Path:
    """Store an uploaded sample in the user's folder after checking it can be read; SampleError if not."""
    name = safe_filename(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SampleError(f"不支持“{Path(filename).suffix or filename}”格式的范文",
                          hint="请上传 .txt、.md 或 .docx 文件；旧版 Word 的 .doc 请先另存为 .docx")
    if not data:
        raise SampleError("上传的文件是空的")
    if len(data) > MAX_BYTES:
        raise SampleError("文件太大，不像一篇范文", hint="单个范文文件不能超过 2 MB")
    text = docx_text(data) if suffix == ".docx" else decode_text(data)
    if suffix == ".md":
        split_front_matter(text)  # raises on broken YAML before the file lands in the folder
    if not text.strip():
        raise SampleError("文件里没有正文")
    user_dir = Path(user_dir)
    try:
        user_dir.mkdir(parents=True, exist_ok=True)
        target = user_dir / name
        n = 2
        while target.exists() and target.read_bytes() != data:
            target = user_dir / f"{Path(name).stem}-{n}{suffix}"
            n += 1
        # Write then rename so a half-written file is never loaded as a sample.
        fd, tmp = tempfile.mkstemp(dir=user_dir, prefix=".upload-", suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise SampleError("无法保存范文文件", hint=f"{user_dir}：{exc.strerror or exc}") from exc
    return target
