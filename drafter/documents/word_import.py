"""Word round trip: read an edited .docx back into title, sections and 落款; changed sections get new versions."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field

from drafter.documents.draft import Draft, Signature, VersionSource
from drafter.documents.export.annex import ANNEX_STYLES
from drafter.documents.export.docx import HEADING_STYLES, STYLE_SIGN, STYLE_TITLE, blocks
from drafter.documents.outline import OutlineSection
from drafter.errors import InputError
from drafter.settings import Limits, configured_limits
from drafter.text.clean import clean_text
from drafter.text.safeinput import safe_docx_bytes

MAX_DOCX_BYTES = 10 * 1024 * 1024  # an exported draft is about 40 KB; pictures make files this large
_ORDINAL = re.compile(r"^\s*[一二三四五六七八九十百]{1,4}\s*[、.．]\s*")
_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_HEADING_MAX = 64


@dataclass
class WordPart:
    """A top-level part of the Word file: its heading ("" before the first heading) and its paragraphs."""

    heading: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraphs as section text."""
        return "\n".join(self.lines)


@dataclass
class WordDoc:
    """What a .docx holds in the shape of a draft."""

    title: str
    parts: list[WordPart]
    unit: str | None = None
    date: dt.date | None = None
    styled: bool = False  # whether it carries this program's styles (an exported file)
    tables: int = 0  # tables in the body: their text is not imported, and the user must be told


@dataclass
class ImportReport:
    """What an import changed; `messages` say it in Chinese for the user."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        """Whether the draft changed at all."""
        return bool(self.changed or self.added) or any(m.startswith(("标题", "落款")) for m in self.messages)

    def summary(self) -> str:
        """One line: 已导入：2 节有修改，1 节新增，5 节未变."""
        if not self.anything:
            return "Word 文件与当前文稿一致，没有需要导入的修改"
        parts = [f"{len(self.changed)} 节有修改"]
        if self.added:
            parts.append(f"{len(self.added)} 节新增")
        parts.append(f"{len(self.unchanged)} 节未变")
        return "已导入：" + "，".join(parts)


def _open(data: bytes, limits: Limits | None = None):
    """The python-docx Document, or an InputError that says what the file is and what to do."""
    import docx

    if len(data) > MAX_DOCX_BYTES:
        raise InputError(f"Word 文件太大（{len(data) / 1024 / 1024:.1f} MB），最多 {MAX_DOCX_BYTES // 1024 // 1024} MB",
                         hint="文稿只需要文字：请删去图片后另存，或复制正文到新文档再上传")
    if not data:
        raise InputError("上传的文件是空的", hint="请重新选择 Word（.docx）文件")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError("这是旧版 Word（.doc）或 WPS（.wps）文件，无法直接读取",
                         hint="请在 Word 或 WPS 中“另存为” .docx 格式后再上传")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("这不是 Word（.docx）文件", hint="请上传本程序导出、在 Word/WPS 中修改后保存的 .docx 文件")
    data = safe_docx_bytes(data, limits)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise InputError("Word 文件已损坏或不是文字文档，无法读取",
                         hint="请在 Word 或 WPS 中打开并重新保存为 .docx 后再上传") from None


def _style_names(document) -> tuple[dict[str, str], str]:
    """Paragraph style id -> name, and the default style's name: looked up once, since python-docx's
    paragraph.style scans every style for each paragraph (seconds for a few thousand paragraphs)."""
    from docx.enum.style import WD_STYLE_TYPE

    names: dict[str, str] = {}
    default = ""
    try:
        for style in document.styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id:
                names[style.style_id] = style.name or ""
        found = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        default = found.name if found is not None else ""
    except (KeyError, AttributeError, ValueError):
        pass
    return names, default


def _style(paragraph, names: dict[str, str], default: str) -> str:
    try:
        style_id = paragraph._p.style
    except (KeyError, AttributeError):
        return ""
    return names.get(style_id, default) if style_id else default


def _is_heading(text: str) -> bool:
    return bool(_ORDINAL.match(text)) and len(text) <= _HEADING_MAX and "。" not in text[:-1]


def parse_docx(data: bytes, limits: Limits | None = None) -> WordDoc:
    """Title, top-level parts and 落款 of a .docx: by this program's styles, else by the text's shape."""
    document = _open(data, limits)
    names, default = _style_names(document)
    paras = [(_style(p, names, default), clean_text(p.text).strip()) for p in document.paragraphs]
    paras = [(s, t) for s, t in paras if t and s not in ANNEX_STYLES]  # 附件说明 and annex pages: not the draft's
    if not paras:
        raise InputError("Word 文件里没有文字", hint="请确认上传的是写好的文稿")
    styles = {s for s, _ in paras}
    styled = STYLE_TITLE in styles or HEADING_STYLES[0] in styles
    unit = date = None
    # 落款: the program's style, else a date line at the end with a short unit line above it.
    if STYLE_SIGN in styles:
        sign = [t for s, t in paras if s == STYLE_SIGN]
        paras = [(s, t) for s, t in paras if s != STYLE_SIGN]
    else:
        sign = []
        if len(paras) >= 3 and _DATE.match(paras[-1][1]):
            sign = [paras[-2][1], paras[-1][1]] if len(paras[-2][1]) <= 40 and "。" not in paras[-2][1] \
                else [paras[-1][1]]
            paras = paras[:-len(sign)]
    for line in sign:
        m = _DATE.match(line)
        if m:
            try:
                date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                date = None
        else:
            unit = line
    # Title: the program's title style, else the first paragraph when it is not a heading.
    title = ""
    if any(s == STYLE_TITLE for s, _ in paras):
        title = "\n".join(t for s, t in paras if s == STYLE_TITLE)
        paras = [(s, t) for s, t in paras if s != STYLE_TITLE]
    elif paras and not _is_heading(paras[0][1]) and len(paras[0][1]) <= _HEADING_MAX:
        title = paras[0][1]
        paras = paras[1:]
    parts = [WordPart("")]
    for style, text in paras:
        # A heading typed in body style ("六、新的一节") counts too: the export never writes such a line as body.
        if style == HEADING_STYLES[0] or (style not in HEADING_STYLES[1:] and _is_heading(text)):
            parts.append(WordPart(text))
        else:
            parts[-1].lines.append(text)
    if not parts[0].lines:
        parts = parts[1:]
    return WordDoc(title=title, parts=parts, unit=unit, date=date, styled=styled, tables=len(document.tables))


def read_docx_text(data: bytes) -> str:
    """The document as plain text (title, headings, paragraphs, 落款), one paragraph a line."""
    doc = parse_docx(data)
    lines = [doc.title] if doc.title else []
    for part in doc.parts:
        if part.heading:
            lines.append(part.heading)
        lines.extend(part.lines)
    lines += [x for x in (doc.unit, doc.date and f"{doc.date.year}年{doc.date.month}月{doc.date.day}日") if x]
    return "\n".join(lines)


def _key(heading: str) -> str:
    """A heading as compared: no ordinal, no spaces."""
    return _SPACE.sub("", _ORDINAL.sub("", heading))


def _body(text: str) -> str:
    """Section text as the Word file carries it: one paragraph a line, no blank lines or indents."""
    return "\n".join(b.head + b.text for b in blocks(text))


def import_docx(draft: Draft, data: bytes, limits: Limits | None = None) -> ImportReport:
    """Bring the edits of a .docx into the draft; nothing is overwritten that the file does not match."""
    doc = parse_docx(data, limits)
    report = ImportReport()
    if doc.tables:
        report.messages.append(f"Word 文件中有 {doc.tables} 个表格，表格里的文字没有导入；"
                               "如需保留，请把表格内容改写成段落后再导入")
    by_key = {_key(s.heading): s for s in draft.sections if s.heading}
    opening = next((s for s in draft.sections if not s.heading), None)
    used: set[str] = set()
    plan: list[tuple[str | None, str, str]] = []  # (section id or None for a new one, heading, text)
    for part in doc.parts:
        sec = opening if not part.heading else by_key.get(_key(part.heading))
        if sec is not None and sec.id in used:
            sec = None
        if sec is None and part.heading and plan:
            # A level-1 line that the section's own text already has ("一、" inside a section) is body text.
            prev_id, prev_heading, prev_text = plan[-1]
            prev = draft.section(prev_id) if prev_id else None
            if prev is not None and _SPACE.sub("", part.heading) in {_SPACE.sub("", x) for x in
                                                                     _body(prev.text).split("\n")}:
                plan[-1] = (prev_id, prev_heading, "\n".join([prev_text, part.heading, *part.lines]).strip("\n"))
                continue
        if sec is not None:
            used.add(sec.id)
        plan.append((sec.id if sec is not None else None, part.heading, part.text))

    _add_sections(draft, plan, report, limits or configured_limits())
    sections, added = {s.id: s for s in draft.sections}, set(report.added)
    for sid, _heading, text in plan:
        sec = sections[sid]
        if sid in added:
            sec.record(text, VersionSource.WORD_IMPORT)
        elif _body(text) != _body(sec.text):
            sec.record(text, VersionSource.WORD_IMPORT)
            report.changed.append(sid)
        else:
            report.unchanged.append(sid)
    matched = {sid for sid, _, _ in plan}
    for sec in draft.sections:
        if sec.id not in matched and sec.text:
            report.missing.append(sec.id)
            report.messages.append(f"Word 文件中没有“{sec.heading or '开头'}”，这一节保持原样")
    if doc.title and _SPACE.sub("", doc.title) != _SPACE.sub("", draft.title):
        report.messages.append(f"标题已改为“{doc.title}”")
        draft.outline = draft.outline.model_copy(update={"title": doc.title})
        draft.title = doc.title
    if doc.unit and doc.unit != draft.signature.unit or doc.date and doc.date != draft.signature.date:
        draft.signature = Signature(unit=doc.unit or draft.signature.unit, date=doc.date or draft.signature.date)
        report.messages.append(f"落款已改为“{draft.signature.unit} {draft.signature.date_cn}”")
    if report.anything:
        draft.touch()
    return report


def _add_sections(draft: Draft, plan: list[tuple[str | None, str, str]], report: ImportReport,
                  limits: Limits) -> None:
    """Give each unmatched part a new section, in one outline edit (linear in headings); past the cap, a part's
    text joins the last new section so nothing is lost."""
    if all(sid is not None for sid, _, _ in plan):
        return
    outline = draft.outline.model_copy(deep=True)
    order = [o.id for o in outline.sections]
    inserts: dict[str | None, list[OutlineSection]] = {}  # after which existing section id (None: at the end)
    after: str | None = None
    last_new: int | None = None
    extra = 0
    for i, (sid, heading, text) in enumerate(plan):
        if sid is not None:
            if sid in order:
                after = sid
            continue
        if len(report.added) >= limits.import_max_new_sections and last_new is not None:
            prev_id, prev_heading, prev_text = plan[last_new]
            plan[last_new] = (prev_id, prev_heading, "\n".join(x for x in (prev_text, heading, text) if x))
            plan[i] = (None, "", "")
            extra += 1
            continue
        name = _ORDINAL.sub("", heading).strip() or "Word 中新增的内容"
        new = OutlineSection(id=f"custom-{uuid.uuid4().hex[:12]}", heading=name, purpose="从 Word 文件导入")
        inserts.setdefault(after, []).append(new)
        plan[i] = (new.id, heading, text)
        last_new = i
        report.added.append(new.id)
        shown = heading or "第一个小标题之前的文字"
        report.messages.append(f"Word 文件中的“{shown}”对不上提纲中的任何一节，已作为新的一节加入；"
                               "原有各节未被覆盖，请核对后删去多余的一节")
    sections: list[OutlineSection] = []
    for o in outline.sections:
        sections.append(o)
        sections.extend(inserts.get(o.id, []))
    sections.extend(inserts.get(None, []))  # parts before any matched section go at the end, as they always did
    plan[:] = [p for p in plan if p[0] is not None]
    if extra:
        report.messages.append(f"Word 文件中对不上提纲的标题超过 {limits.import_max_new_sections} 个上限，"
                               f"其余 {extra} 个标题及其文字已并入最后新增的一节，请核对")
    draft.apply_outline(outline.model_copy(update={"sections": sections}))
