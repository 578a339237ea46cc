"""The outline: the document's sections, their headings, targets and assigned facts, editable before drafting."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from pydantic import BaseModel, Field

from drafter.errors import InputError
from drafter.facts.sheet import Kind

Role = str  # "opening" | "body" | "problems" | "next" | free; the template names them


class OutlineSection(BaseModel):
    """One section to draft: what it is called, what it is for, how long, which facts feed it."""

    id: str
    heading: str = ""  # empty for the unheaded opening paragraph
    heading_hint: str | None = None  # guidance when the model may write a parallel-phrase heading
    purpose: str = ""
    target_chars: int = Field(default=300, ge=30, le=20_000)
    fact_refs: list[str] = Field(default_factory=list)
    numbered: bool = True  # gets 一、二、… in the document; the opening does not
    role: Role = "body"
    lead: str = ""  # template-only opening sentence of the section


class Outline(BaseModel):
    """Title and ordered sections of one document."""

    kind: Kind
    title: str
    sections: list[OutlineSection]

    @property
    def total_chars(self) -> int:
        """Sum of the section targets."""
        return sum(s.target_chars for s in self.sections)

    def section(self, section_id: str) -> OutlineSection:
        """The section with this id, or an InputError naming it."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise InputError(f"提纲中没有“{section_id}”这一节", hint="请刷新提纲后再试")

    def numbered_headings(self, skip: Collection[str] = ()) -> dict[str, str]:
        """Section id -> heading with its ordinal (一、…), in order; sections in `skip` take no ordinal."""
        from drafter.text.numerals import cn_number

        out: dict[str, str] = {}
        n = 0
        for s in self.sections:
            if s.numbered and s.heading and s.id not in skip:
                n += 1
                out[s.id] = f"{cn_number(n)}、{s.heading}"
            else:
                out[s.id] = s.heading
        return out

    # --- edits: each returns a new Outline so the old one can stay in the history ------------

    def renamed(self, section_id: str, heading: str) -> Outline:
        """Rename one heading."""
        heading = heading.strip()
        if not heading:
            raise InputError("标题不能为空")
        new = self.model_copy(deep=True)
        new.section(section_id).heading = heading
        return new

    def moved(self, section_id: str, index: int) -> Outline:
        """Move a section to a new position."""
        new = self.model_copy(deep=True)
        sec = new.section(section_id)
        new.sections.remove(sec)
        new.sections.insert(max(0, min(index, len(new.sections))), sec)
        return new

    def removed(self, section_id: str) -> Outline:
        """Remove a section; its facts go to the nearest remaining body section so none is lost."""
        new = self.model_copy(deep=True)
        sec = new.section(section_id)
        if len(new.sections) == 1:
            raise InputError("提纲至少要保留一节")
        idx = new.sections.index(sec)
        new.sections.remove(sec)
        if sec.fact_refs:
            body = [s for s in new.sections if s.role == "body"] or new.sections
            heir = min(body, key=lambda s: abs(new.sections.index(s) - idx))
            heir.fact_refs.extend(sec.fact_refs)
        return new

    def added(self, heading: str, purpose: str = "", target_chars: int = 300, index: int | None = None) -> Outline:
        """Add a new body section with its own heading, purpose and length."""
        if not heading.strip():
            raise InputError("新增小节需要标题")
        new = self.model_copy(deep=True)
        sec = OutlineSection(id=f"custom-{uuid.uuid4().hex[:6]}", heading=heading.strip(), purpose=purpose.strip(),
                             target_chars=target_chars)
        new.sections.insert(len(new.sections) if index is None else index, sec)
        return new

    def fact_moved(self, ref: str, to_section: str) -> Outline:
        """Move one fact to another section (it stays assigned to exactly one)."""
        new = self.model_copy(deep=True)
        target = new.section(to_section)
        for s in new.sections:
            if ref in s.fact_refs:
                s.fact_refs.remove(ref)
        target.fact_refs.append(ref)
        return new

    def rescaled(self, total_chars: int) -> Outline:
        """Scale every section target so they add up to about total_chars."""
        if total_chars < 300:
            raise InputError("全文字数至少 300 字")
        new = self.model_copy(deep=True)
        factor = total_chars / max(1, self.total_chars)
        for s in new.sections:
            s.target_chars = max(30, round(s.target_chars * factor / 10) * 10)
        return new
