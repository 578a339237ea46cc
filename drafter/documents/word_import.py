"""Word round trip: read an edited .docx back into title, sections and 落款; changed sections get new versions."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from drafter.documents.draft import Draft, Signature, VersionSource
from drafter.documents.export.annex import ANNEX_STYLES
from drafter.documents.export.docx import HEADING_STYLES, STYLE_SIGN, STYLE_TITLE, blocks
from drafter.errors import InputError
from drafter.text.clean import clean_text

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


def _open(data: bytes):
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
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise InputError("Word 文件已损坏或不是文字文档，无法读取",
                         hint="请在 Word 或 WPS 中打开并重新保存为 .docx 后再上传") from None


def _style(paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError):
        return ""


def _is_heading(text: str) -> bool:
    return bool(_ORDINAL.match(text)) and len(text) <= _HEADING_MAX and "。" not in text[:-1]


def parse_docx(data: bytes) -> WordDoc:
    """Title, top-level parts and 落款 of a .docx: by this program's styles, else by the text's shape."""
    document = _open(data)
    paras = [(_style(p), clean_text(p.text).strip()) for p in document.paragraphs]
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
    return WordDoc(title=title, parts=parts, unit=unit, date=date, styled=styled)


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


def import_docx(draft: Draft, data: bytes) -> ImportReport:
    """Bring the edits of a .docx into the draft; nothing is overwritten that the file does not match."""
    doc = parse_docx(data)
    report = ImportReport()
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

    # New sections go into the outline after the section that precedes them in the Word file.
    for i, (sid, heading, _) in enumerate(plan):
        if sid is not None:
            continue
        name = _ORDINAL.sub("", heading).strip() or "Word 中新增的内容"
        after = next((plan[j][0] for j in range(i - 1, -1, -1) if plan[j][0]), None)
        index = [o.id for o in draft.outline.sections].index(after) + 1 if after else len(draft.outline.sections)
        new_outline = draft.outline.added(name, purpose="从 Word 文件导入", index=index)
        new_id = new_outline.sections[index].id
        draft.apply_outline(new_outline)
        plan[i] = (new_id, heading, plan[i][2])
        report.added.append(new_id)
        shown = heading or "第一个小标题之前的文字"
        report.messages.append(f"Word 文件中的“{shown}”对不上提纲中的任何一节，已作为新的一节加入；"
                               "原有各节未被覆盖，请核对后删去多余的一节")
    for sid, _heading, text in plan:
        sec = draft.section(sid)
        if sid in report.added:
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
