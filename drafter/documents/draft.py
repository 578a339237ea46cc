"""The draft: a document's sections with status and version history, independent of how text is made."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from drafter.documents.outline import Outline
from drafter.errors import InputError
from drafter.facts.sheet import KIND_LABELS, FactSheet, Kind
from drafter.text.clean import clean_text
from drafter.text.numerals import cn_date


def _now() -> datetime:
    return datetime.now(UTC)


# (section_id, heading, text, target_chars or None): a section as review and the document readers pass it.
SectionInput = tuple[str, str, str, int | None]

class SectionStatus(StrEnum):
    """Where a section stands."""

    EMPTY = "empty"
    STREAMING = "streaming"
    DONE = "done"
    CUT_OFF = "cut_off"
    FAILED = "failed"
    EDITED = "edited"


class VersionSource(StrEnum):
    """How a version of a section's text came about."""

    TEMPLATE = "template"
    GENERATED = "generated"
    REGENERATED = "regenerated"
    EDITED = "edited"
    RESTORED = "restored"
    PROOFREAD = "proofread"  # a one-click fix from the review
    WORD_IMPORT = "word_import"  # the section's text from an uploaded .docx
    CONFLICT = "conflict"  # a text saved from a stale copy (another tab saved first): kept to merge, not current


SOURCE_LABELS = {
    "template": "模板生成", "generated": "模型生成", "regenerated": "重写", "edited": "手工修改", "restored": "恢复",
    "proofread": "审校修改", "word_import": "Word 导入",
    "conflict": "未保存的修改（别处已先保存，请核对合并）",
}


SPAN_LABELS = {"model": "模型", "template": "模板", "backfill": "补回的事实", "sample": "范文", "ledger": "台账",
               "note": "书记的话（原文）"}


class Span(BaseModel):
    """A sentence of a version and where it came from: model text, template text, or a back-filled fact."""

    text: str
    source: str  # "model" | "template" | "backfill" | "sample" | "ledger" | "note" (the secretary's words as typed)
    role: str = ""  # "lead" | "fact" | "effect" | "closing" | "tail" | "" (free prose)
    ref: str | None = None  # the fact it tells, if any


class Dropped(BaseModel):
    """A sentence of the model's reply that the checks removed, with the reason."""

    text: str
    reason: str


class Version(BaseModel):
    """One saved text of a section, with the provenance of its sentences when a drafting run made it."""

    text: str
    source: VersionSource
    instruction: str | None = None
    at: datetime = Field(default_factory=_now)
    path: str | None = None  # "compose" | "free" when a model run made it
    spans: list[Span] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)

    @property
    def model_chars(self) -> int:
        """Characters of this version that are the model's own text."""
        return sum(len(s.text) for s in self.spans if s.source == "model")

    @property
    def model_share(self) -> float | None:
        """The share of the text the model wrote (None when the provenance is unknown)."""
        total = sum(len(s.text) for s in self.spans)
        return self.model_chars / total if total else None

    @property
    def label(self) -> str:
        """A short Chinese description for the history list: what the version is, not only who asked for it."""
        base = SOURCE_LABELS[self.source]
        if self.source in (VersionSource.GENERATED, VersionSource.REGENERATED) and self.spans:
            model = sum(1 for s in self.spans if s.source == "model")
            filled = sum(1 for s in self.spans if s.source == "backfill")
            if not model:
                base = "模板文字（模型的句子未通过检查）" if self.dropped else "模板文字"
            elif self.path == "compose":
                base = f"{base}：模板句为主，模型写了{model}句"
            elif filled:
                base = f"{base}，补回{filled}句事实"
        return f"{base}（{self.instruction}）" if self.instruction else base


class Section(BaseModel):
    """One section of the draft."""

    id: str
    heading: str = ""  # with its ordinal, e.g. "一、强化理论武装，筑牢思想根基"; empty for the opening
    text: str = ""
    status: SectionStatus = SectionStatus.EMPTY
    error: str | None = None
    target_chars: int = 300
    versions: list[Version] = Field(default_factory=list)

    def record(self, text: str, source: VersionSource, instruction: str | None = None,
               status: SectionStatus | None = None, *, path: str | None = None, spans: list[Span] | None = None,
               dropped: list[Dropped] | None = None) -> None:
        """Set the current text and keep it as a new version (an identical text is not stored twice)."""
        text = clean_text(text).strip()
        self.text = text
        if not self.versions or self.versions[-1].text != text:
            self.versions.append(Version(text=text, source=source, instruction=instruction, path=path,
                                         spans=spans or [], dropped=dropped or []))
        self.error = None
        if status is not None:
            self.status = status
        elif source == VersionSource.EDITED:
            self.status = SectionStatus.EDITED
        else:
            self.status = SectionStatus.DONE

    def edit(self, text: str) -> None:
        """A hand edit by the user."""
        if clean_text(text).strip() != self.text:
            self.record(text, VersionSource.EDITED)

    def restore(self, index: int) -> None:
        """Make an earlier version current again (as a new version, so nothing is lost)."""
        if not 0 <= index < len(self.versions):
            raise InputError(f"没有第{index + 1}个版本")
        old = self.versions[index]
        self.text = old.text
        self.versions.append(Version(text=old.text, source=VersionSource.RESTORED,
                                     instruction=f"恢复到版本{index + 1}"))
        self.status = SectionStatus.EDITED if old.source == VersionSource.EDITED else SectionStatus.DONE
        self.error = None


class Signature(BaseModel):
    """The 落款: unit name, then the date on the next line."""

    unit: str
    date: dt.date

    @property
    def date_cn(self) -> str:
        """2025年12月6日."""
        return cn_date(self.date)


class Draft(BaseModel):
    """A whole document being drafted."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    name: str = ""
    kind: Kind
    title: str
    facts: FactSheet
    outline: Outline
    outline_history: list[Outline] = Field(default_factory=list)
    sections: list[Section]
    signature: Signature
    warnings: list[str] = Field(default_factory=list)  # e.g. facts shortened to fit the context window
    ignored: list[str] = Field(default_factory=list)  # Finding.key of findings the user chose to ignore here
    created_at: datetime = Field(default_factory=_now)
    updated_at: datetime = Field(default_factory=_now)
    # The store's revision this copy was read or last saved at (set by DraftStore; not part of the JSON).
    revision: int = Field(default=0, exclude=True)

    @property
    def kind_label(self) -> str:
        """年度工作总结 etc."""
        return KIND_LABELS[self.kind]

    def section(self, section_id: str) -> Section:
        """The section with this id."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise InputError(f"文稿中没有“{section_id}”这一节")

    def shown_sections(self) -> list[Section]:
        """The sections a file shows: one with no text is left out (a heading over nothing; the drafting path
        leaves a section without material unwritten) and the ordinals of the rest run on without it."""
        gone = {s.id for s in self.sections if not s.text.strip()}
        if not gone:
            return list(self.sections)
        ids = [s.id for s in self.sections]
        headings = self.outline.numbered_headings(skip=gone) if [o.id for o in self.outline.sections] == ids else {}
        return [s.model_copy(update={"heading": headings.get(s.id, s.heading)}) for s in self.sections
                if s.id not in gone]

    def body_text(self) -> str:
        """Headings and texts in order, as plain text (no title, no 落款)."""
        parts: list[str] = []
        for s in self.sections:
            if s.heading:
                parts.append(s.heading)
            if s.text:
                parts.append(s.text)
        return "\n".join(parts)

    def char_count(self) -> int:
        """Characters of title, body and 落款 as a secretary counts them."""
        from drafter.text.clean import count_chars

        return count_chars(self.title + self.body_text() + self.signature.unit + self.signature.date_cn)

    def touch(self) -> None:
        """Mark as changed now."""
        self.updated_at = _now()

    def apply_outline(self, outline: Outline) -> None:
        """Adopt an edited outline: keep texts of sections that remain, add empty ones, follow its order."""
        old = {s.id: s for s in self.sections}
        self.outline_history.append(self.outline)
        self.outline = outline
        self.title = outline.title
        headings = outline.numbered_headings()
        new_sections = []
        for o in outline.sections:
            s = old.get(o.id) or Section(id=o.id)
            s.heading = headings[o.id]
            s.target_chars = o.target_chars
            new_sections.append(s)
        self.sections = new_sections
        self.touch()


def new_draft(facts: FactSheet, outline: Outline, *, name: str = "", signature_date: dt.date | None = None) -> Draft:
    """An empty draft that follows the outline."""
    headings = outline.numbered_headings()
    sections = [Section(id=o.id, heading=headings[o.id], target_chars=o.target_chars) for o in outline.sections]
    sig = Signature(unit=facts.branch.display_name, date=signature_date or facts.signature_date or dt.date.today())
    return Draft(name=name or f"{facts.branch.display_name}{facts.year}年度{KIND_LABELS[facts.kind].removeprefix('年度')}",
                 kind=facts.kind, title=outline.title, facts=facts, outline=outline, sections=sections,
                 signature=sig)
