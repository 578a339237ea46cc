"""A one-click fix for a fixed-order finding (四个意识 …): the whole enumeration around it, put in order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from drafter.review.matcher import normalize
from drafter.review.rules_proof import load_formulations

if TYPE_CHECKING:
    from drafter.draft import Draft
    from drafter.review.findings import Finding

# One item of an enumeration: its text with any quotation marks around it, up to the next 、 or other stop.
_ITEM = re.compile(r"[“”\"‘’]*[^、，。；：！？\s“”\"‘’]+[“”\"‘’]*")


def _canonical(found: str) -> list[str] | None:
    """The right order of the fixed-order entry whose wrong form this is."""
    key = normalize(found)
    for entry in load_formulations():
        if entry.type == "order" and any(normalize(w) == key for w in entry.wrong):
            return entry.right.split("、")
    return None


def order_fix(text: str, start: int, end: int, found: str) -> tuple[int, int, str] | None:
    """(start, end, replacement) reordering the enumeration that contains text[start:end], or None when the
    enumeration holds anything but the entry's items (then only a person can rewrite it)."""
    right = _canonical(found)
    if right is None:
        return None
    # Widen over the quotation marks around the hit, then over neighbouring items joined by 、 of the entry.
    a, b = start, end
    while a > 0 and text[a - 1] in "“\"‘":
        a -= 1
    while b < len(text) and text[b] in "”\"’":
        b += 1
    while True:
        m = re.search(r"、(" + _ITEM.pattern + r")$", text[:a])
        if not m or normalize(m.group(1)) not in right:
            break
        a = m.start()
    while True:
        m = re.match(r"、(" + _ITEM.pattern + r")", text[b:])
        if not m or normalize(m.group(1)) not in right:
            break
        b += m.end()
    items = text[a:b].split("、")
    names = [normalize(x) for x in items]
    if sorted(names) != sorted(set(names)) or any(n not in right for n in names):
        return None
    ordered = sorted(items, key=lambda x: right.index(normalize(x)))
    fixed = "、".join(ordered)
    return (a, b, fixed) if fixed != text[a:b] else None


def with_order_fixes(draft: Draft, findings: Iterable[Finding]) -> list[Finding]:
    """The findings, each fixed-order one without a fix given the reordering of its enumeration."""
    out = []
    for f in findings:
        if f.rule == "formulation" and f.fix is None and f.where == "text" and f.section_id is not None:
            text = draft.section(f.section_id).text
            fix = order_fix(text, f.start, f.end, f.text)
            if fix is not None:
                a, b, new = fix
                f = f.model_copy(update={"start": a, "end": b, "text": text[a:b], "fix": new})
        out.append(f)
    return out
