"""Helpers shared by the rule families: sections as the rules see them, the texts of a fact sheet."""

from __future__ import annotations

from dataclasses import dataclass

from drafter.documents.draft import SectionInput
from drafter.facts.sheet import FactSheet


@dataclass(frozen=True)
class Sec:
    """One section as the rules see it."""

    id: str
    heading: str
    text: str
    target: int | None


def as_secs(sections: list[SectionInput]) -> list[Sec]:
    """Tuples to Sec objects (text None counts as empty)."""
    return [Sec(s[0], s[1] or "", s[2] or "", s[3] if len(s) > 3 else None) for s in sections]


def fact_texts(facts: FactSheet) -> list[str]:
    """Every string the user typed into the sheet (all fields), plus dates in the document's form."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif value is not None and not isinstance(value, bool):
            out.append(str(value))

    walk(facts.model_dump(mode="json"))
    out.extend(it.text for it in facts.items())  # the dates as 2025年3月5日
    return out


def masked(text: str, spans: list[tuple[int, int]], fill: str = "\x00") -> str:
    """The text with the spans overwritten (same length, so offsets stay valid)."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = fill
    return "".join(chars)
