"""The GB/T 9704-2012 page: sizes, line pitch, fonts by role and the style names, shared by docx.py and annex.py."""

from __future__ import annotations

import unicodedata
from typing import Literal

FontSet = Literal["official", "common"]

# GB/T 9704-2012 5.2: A4, top margin 37 mm, 订口 28 mm, text block 156 × 225 mm.
PAGE_W, PAGE_H = 210, 297
MARGIN_TOP, MARGIN_LEFT = 37, 28
BLOCK_W, BLOCK_H = 156, 225
MARGIN_RIGHT = PAGE_W - MARGIN_LEFT - BLOCK_W  # 26
MARGIN_BOTTOM = PAGE_H - MARGIN_TOP - BLOCK_H  # 35
# 7.5: the page number's lower edge 7 mm below the text block; the footer distance is measured to it.
FOOTER_MM = MARGIN_BOTTOM - 7
BODY_PT, TITLE_PT, PAGE_NO_PT = 16, 22, 14
# 22 lines in 225 mm is 28.99 pt; 28.95 pt (579 twips) is the value offices use and keeps 22 lines.
LINE_PT = 28.95
# 28 characters of 16 pt need 448 pt but the block is 442 pt wide: condense each by 0.25 pt.
CHAR_SPACING_PT = -0.25
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22

# Role -> (official font, font shipped with Windows/WPS, bold in the common set).
FONTS: dict[str, tuple[str, str, bool]] = {
    "title": ("方正小标宋简体", "宋体", True),  # 宋体 bold keeps the serif look; 黑体 is level 1's face
    "body": ("仿宋_GB2312", "仿宋", False),
    "h1": ("黑体", "黑体", False),
    "h2": ("楷体_GB2312", "楷体", False),
    "page": ("宋体", "宋体", False),
}

STYLE_TITLE, STYLE_BODY, STYLE_SIGN, STYLE_PAGE = "公文标题", "公文正文", "落款", "页码"
HEADING_STYLES = ("一级标题", "二级标题", "三级标题", "四级标题")
HEADING_CHAR_STYLES = tuple(f"{name}字符" for name in HEADING_STYLES)
HEADING_FONT_ROLE = ("h1", "h2", "body", "body")


def display_width(text: str) -> float:
    """Width in body characters: full-width counts 1, half-width (digits, Latin) 0.5."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)
