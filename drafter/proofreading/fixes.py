"""Acting on findings: a one-click fix makes a new section version; "ignore" is remembered on the draft."""

from __future__ import annotations

from collections.abc import Iterable

from drafter.documents.draft import Draft, Section, VersionSource
from drafter.errors import InputError
from drafter.proofreading.findings import Finding


def _check(draft: Draft, finding: Finding) -> Section:
    if finding.fix is None:
        raise InputError("这一处没有可直接替换的写法", hint="请在文稿中手工修改")
    if finding.section_id is None or finding.where != "text":
        raise InputError("标题和小标题请在提纲中修改", hint="在“② 提纲”里改标题后再生成或手工修改")
    sec = draft.section(finding.section_id)
    already = finding.fix.startswith(finding.text) and sec.text.startswith(finding.fix, finding.start)
    if sec.text[finding.start:finding.end] != finding.text or already:
        raise InputError("这一节在审校之后又被修改过，位置已对不上", hint="请重新审校后再修正")
    return sec


def apply_fix(draft: Draft, finding: Finding) -> Section:
    """Replace the finding's text with its fix; the section gets a new version "审校修改（A→B）"."""
    sec = _check(draft, finding)
    new = sec.text[:finding.start] + finding.fix + sec.text[finding.end:]
    sec.record(new, VersionSource.PROOFREAD, instruction=f"“{finding.text}”→“{finding.fix}”")
    draft.touch()
    return sec


def apply_fixes(draft: Draft, findings: Iterable[Finding]) -> int:
    """Apply every fixable finding of one or more sections as one new version per section; returns how many.
    A grouped finding (review.grouping) stands for all its places: "修正全部" fixes each of them."""
    by_section: dict[str, list[Finding]] = {}
    for f in (place for g in findings for place in g.places):
        if f.fix is not None and f.section_id is not None and f.where == "text":
            by_section.setdefault(f.section_id, []).append(f)
    done = 0
    for sid, items in by_section.items():
        sec = draft.section(sid)
        text, last = sec.text, len(sec.text) + 1
        applied = []
        for f in sorted(items, key=lambda f: -f.start):
            if f.end > last or text[f.start:f.end] != f.text:
                continue  # overlaps a fix already made, or stale
            text = text[:f.start] + f.fix + text[f.end:]
            last = f.start
            applied.append(f)
        if applied:
            sec.record(text, VersionSource.PROOFREAD, instruction=f"批量修正 {len(applied)} 处")
            done += len(applied)
    if done:
        draft.touch()
    return done


def ignore(draft: Draft, finding: Finding) -> None:
    """Stop reporting this finding (its rule and text; every place of a grouped one) in this draft."""
    keys = [k for k in dict.fromkeys(f.key for f in finding.places) if k not in draft.ignored]
    if keys:
        draft.ignored.extend(keys)
        draft.touch()


def unignore_all(draft: Draft) -> int:
    """Report every ignored finding again; returns how many were ignored."""
    n = len(draft.ignored)
    draft.ignored.clear()
    if n:
        draft.touch()
    return n
