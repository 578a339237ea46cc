"""Cleaning user text (XML-illegal characters), counting characters, and the punctuation-free form texts are
compared in."""

from __future__ import annotations

import re

# XML 1.0 forbids these; python-docx would write a file Word refuses to open.
_ILLEGAL_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def clean_text(text: str) -> str:
    """Drop control characters, lone surrogates and other XML-illegal code points; normalise newlines."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ILLEGAL_XML.sub("", text)
    # Non-characters in the supplementary planes (U+1FFFE, U+1FFFF, …) are XML-illegal too.
    return "".join(ch for ch in text if (ord(ch) & 0xFFFE) != 0xFFFE)


def count_chars(text: str) -> int:
    """Length as a secretary counts it: visible characters, whitespace not counted."""
    return sum(1 for ch in text if not ch.isspace())


def count_cjk(text: str) -> int:
    """Number of CJK ideographs in text."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】—…·,.;:?!\"'()[]<> \t\n\u3000～~-_")


def norm(text: str) -> str:
    """Text without punctuation and spaces, for lenient containment tests."""
    return "".join(ch for ch in text if ch not in PUNCT)


def bigrams(text: str) -> set[str]:
    """Character bigrams of the text with punctuation removed."""
    t = norm(text)
    return {t[i:i + 2] for i in range(len(t) - 1)}
