"""Fixed-order enumerations (政治意识、大局意识……): a run of an entry's items out of order, with the reordered run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# What joins the items of an enumeration; quotation marks may wrap each item (“四个意识”).
_SEP = r"(?:、|，|,|；|和|及|与|以及)"
_OPEN, _CLOSE = "[“‘\"']?", "[”’\"']?"


@dataclass(frozen=True)
class Run:
    """An enumeration out of order: its span, and the same text with the items in their canonical order."""

    start: int
    end: int
    fixed: str


@lru_cache(maxsize=64)
def _pattern(items: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))
    one = f"{_OPEN}(?:{alt}){_CLOSE}"
    return re.compile(f"{one}(?:{_SEP}{one})+")


def _split(run: str, items: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The run's item tokens (with their own quotes) and the separators between them."""
    alt = "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))
    tokens = [m.group() for m in re.finditer(f"{_OPEN}(?:{alt}){_CLOSE}", run)]
    seps, pos = [], 0
    for tok in tokens:
        at = run.index(tok, pos)
        if pos:
            seps.append(run[pos:at])
        pos = at + len(tok)
    return tokens, seps


def _bare(token: str) -> str:
    return token.strip("“”‘’\"'")


def find_runs(text: str, items: tuple[str, ...], min_items: int = 2) -> list[Run]:
    """Each enumeration of at least min_items distinct items whose order differs from the items' order."""
    rank = {item: i for i, item in enumerate(items)}
    out: list[Run] = []
    for m in _pattern(items).finditer(text):
        tokens, seps = _split(m.group(), items)
        names = [_bare(t) for t in tokens]
        if len(tokens) < min_items or len(set(names)) != len(names):
            continue
        order = [rank[n] for n in names]
        if order == sorted(order):
            continue
        ranked = sorted(tokens, key=lambda t: rank[_bare(t)])
        fixed = ranked[0] + "".join(s + t for s, t in zip(seps, ranked[1:], strict=True))
        out.append(Run(m.start(), m.end(), fixed))
    return out
