"""Which sections a whole-document redraft must not overwrite unasked, and undoing a redraft in one step."""

from __future__ import annotations

from drafter.documents.draft import Draft, Section, SectionStatus, VersionSource

# Text a person put there: typed by hand, a fix accepted in the review, or brought back from Word.
PERSONAL = {VersionSource.EDITED, VersionSource.PROOFREAD, VersionSource.WORD_IMPORT}


def _origin(sec: Section) -> VersionSource | None:
    """Where the section's current text came from, looking through restores to the version restored."""
    for v in reversed(sec.versions):
        if v.text != sec.text:
            continue
        if v.source != VersionSource.RESTORED:
            return v.source
    return None


def is_protected(sec: Section) -> bool:
    """A section whose current text a person wrote or accepted (a redraft would replace their work)."""
    if not sec.text:
        return False
    return sec.status == SectionStatus.EDITED or _origin(sec) in PERSONAL


def protected_sections(draft: Draft) -> list[Section]:
    """The sections 全部重新生成 keeps by default."""
    return [s for s in draft.sections if is_protected(s)]


def redraft_ids(draft: Draft, *, include_protected: bool = False) -> list[str]:
    """The sections a whole-document redraft rewrites: all, or all but the protected ones."""
    return [s.id for s in draft.sections if include_protected or not is_protected(s)]


def version_marks(draft: Draft, section_ids: list[str]) -> dict[str, int]:
    """How many versions each section has now: what `undo_redraft` goes back to."""
    return {sid: len(draft.section(sid).versions) for sid in section_ids}


def undo_redraft(draft: Draft, marks: dict[str, int]) -> int:
    """Bring back each section's text from before the redraft (as a new version: nothing is lost); the count."""
    undone = 0
    for sec in draft.sections:
        before = marks.get(sec.id)
        if before is None or len(sec.versions) <= before:
            continue
        if before == 0:
            sec.text, sec.status, sec.error = "", SectionStatus.EMPTY, None
        else:
            sec.restore(before - 1)
        undone += 1
    if undone:
        draft.touch()
    return undone
