"""Tidy a model's reply into section text: no markdown, no echoed heading, no chatbot lines."""

from __future__ import annotations

import re

from drafter.text.checks import chatty_line
from drafter.text.clean import clean_text
from drafter.text.sentences import HEADING_LEVELS, MARKERS

_MD_PREFIX = re.compile(r"^\s*(#{1,6}\s*|[-*•]\s+|>\s*|\d+\.\s+(?=\*\*))")
_HEADING_ORDINAL = HEADING_LEVELS[0]  # 一、
# List marks become prose: "1." / "1、" at a line start, "1. " with a space inside a line; never the 3. of 3.5万元.
_LIST_NUMBER = re.compile(rf"^(?:{MARKERS[2]}|\d{{1,2}}[)）])\s*|(?<![\d.])\d{{1,2}}\.\s+")


def tidy(text: str, *, heading: str = "") -> str:
    """Clean a reply: markdown marks, an echoed heading, chatty lines, blank lines."""
    text = clean_text(text).replace("**", "").replace("```", "").replace("__", "")
    lines: list[str] = []
    bare_heading = _HEADING_ORDINAL.sub("", heading).strip()
    for raw in text.split("\n"):
        line = _MD_PREFIX.sub("", raw).strip().strip("\u3000")
        if not line or set(line) <= set("-=*_—"):
            continue
        if len(line) <= 4 and not any(p in line for p in "。！？；，"):
            continue  # a lone label such as "总结" or "小结"
        if _HEADING_ORDINAL.match(line) and len(line) < 40 and "。" not in line:
            continue  # a top-level heading inside a section is the model's own outline, not ours
        if not line.startswith("（"):  # keep （一）/（1） sub-headings; list numbers become prose
            line = _LIST_NUMBER.sub("", line)
        if chatty_line(line):  # lines a chat model puts around the text it was asked for
            continue
        # The model often repeats the heading it was given as its first line.
        plain = _HEADING_ORDINAL.sub("", line).strip("：:。 ")
        if not lines and bare_heading and (plain == bare_heading or plain == heading.strip("：: ")):
            continue
        lines.append(line)
    return "\n".join(lines)


def last_sentence_end(text: str) -> int:
    """Index just after the last sentence end (。！？；：), 0 when the text has none."""
    return max(text.rfind(p) for p in "。！？；：") + 1
