"""Character-level comparison of two texts (Chinese has no spaces, so words are not the unit)."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from drafter.text.safetext import md_escape
from drafter.text.sentences import split_sentences

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Piece:
    """A run of text that both versions share, or that only the new (insert) or old (delete) one has."""

    op: Op
    text: str


def diff_chars(old: str, new: str) -> list[Piece]:
    """Old → new as equal / delete / insert runs; a replacement is a deletion followed by an insertion."""
    sm = SequenceMatcher(None, old, new, autojunk=False)
    out: list[Piece] = []
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag == "equal":
            out.append(Piece("equal", old[a1:a2]))
            continue
        if a2 > a1:
            out.append(Piece("delete", old[a1:a2]))
        if b2 > b1:
            out.append(Piece("insert", new[b1:b2]))
    return _slide(_tidy(out))


_BREAKS = ("\n", "。", "；", "！", "？")


def _slide(pieces: list[Piece]) -> list[Piece]:
    """Move a lone insertion or deletion along repeated text so it starts after a line or sentence end."""
    out = list(pieces)
    for i in range(1, len(out) - 1):
        a, x, b = out[i - 1], out[i], out[i + 1]
        if a.op != "equal" or b.op != "equal" or x.op == "equal":
            continue
        left, mid, right = a.text, x.text, b.text
        # Slide fully left first, then try every position to the right.
        while left and mid and left[-1] == mid[-1]:
            left, mid, right = left[:-1], left[-1] + mid[:-1], mid[-1] + right
        options = [(left, mid, right)]
        while right and mid and right[0] == mid[0]:
            left, mid, right = left + mid[0], mid[1:] + right[0], right[1:]
            options.append((left, mid, right))
        best = next((o for o in options if o[0].endswith("\n") or not o[0]), None) or \
            next((o for o in options if o[0].endswith(_BREAKS[1:])), None) or (a.text, x.text, b.text)
        out[i - 1], out[i], out[i + 1] = Piece("equal", best[0]), Piece(x.op, best[1]), Piece("equal", best[2])
    return _merge(out)


def _tidy(pieces: list[Piece]) -> list[Piece]:
    """Fold a one-character shared run between two changes into them ("学习贯彻" vs "贯彻落实" reads better whole)."""
    # Groups: ("equal", text) or ("change", old, new).
    groups: list[list[str]] = []
    for p in pieces:
        if p.op == "equal":
            groups.append(["equal", p.text])
        else:
            if not groups or groups[-1][0] != "change":
                groups.append(["change", "", ""])
            groups[-1][1 if p.op == "delete" else 2] += p.text
    folded: list[list[str]] = []
    for g in groups:
        prev = folded[-1] if folded else None
        if (g[0] == "change" and prev is not None and prev[0] == "equal" and len(prev[1]) == 1
                and prev[1] not in "，。；：、！？\n" and len(folded) > 1 and folded[-2][0] == "change"):
            eq = folded.pop()[1]
            before = folded[-1]
            before[1] += eq + g[1]
            before[2] += eq + g[2]
            continue
        folded.append(list(g))
    out: list[Piece] = []
    for g in folded:
        if g[0] == "equal":
            out.append(Piece("equal", g[1]))
        else:
            out += [Piece("delete", g[1]), Piece("insert", g[2])]
    return _merge(out)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Join neighbours of the same kind and order each change as deletion then insertion; drop empty runs."""
    out: list[Piece] = []
    for p in pieces:
        if not p.text:
            continue
        if out and out[-1].op == p.op:
            out[-1] = Piece(p.op, out[-1].text + p.text)
        else:
            out.append(p)
    return out


def old_text(pieces: list[Piece]) -> str:
    """The old version back from the pieces."""
    return "".join(p.text for p in pieces if p.op != "insert")


def new_text(pieces: list[Piece]) -> str:
    """The new version back from the pieces."""
    return "".join(p.text for p in pieces if p.op != "delete")


def stats(pieces: list[Piece]) -> tuple[int, int]:
    """(characters inserted, characters deleted)."""
    return (sum(len(p.text) for p in pieces if p.op == "insert"),
            sum(len(p.text) for p in pieces if p.op == "delete"))


def to_html(pieces: list[Piece]) -> str:
    """Inline HTML: deletions struck through in red, insertions underlined in green, line breaks kept."""
    parts = []
    for p in pieces:
        t = md_escape(p.text).replace("\n", "<br>")
        if p.op == "delete":
            parts.append(f"<del style='background:#ffd6d6;color:#a00'>{t}</del>")
        elif p.op == "insert":
            parts.append(f"<ins style='background:#d6f5d6;color:#060;text-decoration:underline'>{t}</ins>")
        else:
            parts.append(t)
    return "".join(parts)


def to_html_pair(pieces: list[Piece]) -> tuple[str, str]:
    """Side by side: the old text with its deletions marked, the new text with its insertions marked."""
    old = [p for p in pieces if p.op != "insert"]
    new = [p for p in pieces if p.op != "delete"]
    return to_html(old), to_html(new)


def to_plain(pieces: list[Piece], *, color: bool = False) -> str:
    """Terminal text: [-deleted-]{+inserted+} (git's word-diff marks), or red/green with color=True."""
    parts = []
    for p in pieces:
        if p.op == "delete":
            parts.append(f"\033[31;9m{p.text}\033[0m" if color else f"[-{p.text}-]")
        elif p.op == "insert":
            parts.append(f"\033[32;4m{p.text}\033[0m" if color else f"{{+{p.text}+}}")
        else:
            parts.append(p.text)
    return "".join(parts)


def first_difference(text: str, before: str | None) -> tuple[str, bool]:
    """The first sentence of `text` that `before` does not have at the same place (and whether one differs);
    sentences as drafter.text.sentences splits them, a line break also ending one."""
    mine = [s for line in text.split("\n") for s in split_sentences(line) if s.strip()]
    theirs = [s for line in (before or "").split("\n") for s in split_sentences(line) if s.strip()]
    for i, sentence in enumerate(mine):
        if i >= len(theirs) or sentence.strip() != theirs[i].strip():
            return sentence.strip(), before is not None
    return (mine[0].strip() if mine else ""), False
