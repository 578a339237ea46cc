"""One sentence splitter and one heading pattern, shared by the parser, assembler, compose path, review and export."""

from __future__ import annotations

import re
from collections.abc import Iterator

# What ends a sentence in this genre: full-width stops, their half-width forms and the semicolon (a 公文
# sentence is often a run of clauses joined by ；, each checked on its own).
SENTENCE_ENDS = "。！？；!?;"
_E = re.escape(SENTENCE_ENDS)
# A sentence with its end marks and a closing quote or bracket after them; a line's unterminated tail counts too.
SENTENCE = re.compile(rf"[^{_E}\n]*[{_E}]+[”’」）)]?|[^{_E}\n]+$", re.M)
_BREAK = re.compile(rf"[{_E}\n]+")

CN_NUMERAL = "[一二三四五六七八九十百]{1,4}"
# Heading markers of section text, outer to inner: 一、 → （一） → 1. / 1、 → （1）. The arabic marker never
# takes a decimal ("3.5万元帮扶资金…" is a sentence, not item 3) nor the start of a year ("2025年").
MARKERS = (
    rf"{CN_NUMERAL}、",
    rf"[（(]{CN_NUMERAL}[）)]",
    r"\d{1,2}\s*(?:[、．]|\.(?!\d))",
    r"[（(]\d{1,2}[）)]",
)
HEADING_LEVELS = tuple(re.compile(f"^{m}") for m in MARKERS)
# A sub-heading inside a section's text: （一）, 1. / 1、 or （1） at the start of a line.
SUBHEADING = re.compile("^(?:" + "|".join(f"(?:{m})" for m in MARKERS[1:]) + ")")


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, stripped, each keeping its end marks; lines never join."""
    return [s for m in SENTENCE.finditer(text) if (s := m.group(0).strip())]


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, end exclusive, end marks and line breaks left out."""
    pos = 0
    for m in _BREAK.finditer(text):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def heading_level(line: str) -> int:
    """1 for 一、, 2 for （一）, 3 for 1. or 1、, 4 for （1） at the start of the line; 0 for body text."""
    for level, pattern in enumerate(HEADING_LEVELS, 1):
        if pattern.match(line):
            return level
    return 0


def is_subheading(line: str) -> bool:
    """True when the line starts with a sub-heading marker: （一）, 1. / 1、 or （1）, never a decimal."""
    return SUBHEADING.match(line) is not None
