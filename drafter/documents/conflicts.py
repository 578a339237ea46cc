"""Save conflicts: what a stale copy changed is kept in the stored draft as versions to merge, never overwritten."""

from __future__ import annotations

from drafter.documents.draft import Draft, Version, VersionSource


def keep_stale_edits(stored: Draft, stale: Draft) -> list[str]:
    """Put the stale copy's differing section texts into `stored` as versions just before each current one (the
    current text stays the stored one); sections only the stale copy has are appended whole. Returns their ids."""
    kept: list[str] = []
    by_id = {s.id: s for s in stored.sections}
    added = []
    for sec in stale.sections:
        mine = by_id.get(sec.id)
        if mine is None:
            if sec.text:
                added.append(sec)
            continue
        known = {(v.text, v.at) for v in mine.versions}
        fresh = [v for v in sec.versions if (v.text, v.at) not in known]  # versions made in the stale copy
        if not fresh or sec.text == mine.text:
            continue
        if not mine.text:  # nothing there to overwrite
            mine.record(sec.text, VersionSource.CONFLICT, instruction="本页保存时文稿已在别处修改")
            kept.append(sec.id)
            continue
        kept_version = Version(text=sec.text, source=VersionSource.CONFLICT,
                               instruction="本页保存时文稿已在别处修改")
        # Before the current version: history and "compare with the previous version" then show the two side by side.
        mine.versions.insert(max(0, len(mine.versions) - 1), kept_version)
        kept.append(sec.id)
    if added:
        outline = stored.outline.model_copy(deep=True)
        stale_outline = {o.id: o for o in stale.outline.sections}
        outline.sections.extend(stale_outline[s.id] for s in added if s.id in stale_outline)
        stored.apply_outline(outline)
        by_id = {s.id: s for s in stored.sections}
        for sec in added:
            if sec.id in by_id:
                target = by_id[sec.id]
                target.versions = [v.model_copy() for v in sec.versions]
                target.text, target.status = sec.text, sec.status
                kept.append(sec.id)
    return kept
