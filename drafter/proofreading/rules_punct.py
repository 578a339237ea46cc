"""Punctuation and number style (GB/T 15834 标点符号用法, GB/T 15835 出版物上数字用法), each with a fix."""

from __future__ import annotations

import re

from drafter.proofreading.findings import Finding, Severity, Where
from drafter.text.numerals import cn_decimal

HAN = "\u4e00-\u9fff"
_CJK = f"[{HAN}“”‘’《》（）]"

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", ".": "。"}
# A half-width mark touching Chinese text ("学习,提高" / "如下:"); digits both sides (1,000 / 10:30) are fine.
_HALF_MARK = re.compile(rf"(?<={_CJK})[,;:!?]|[,;:!?](?={_CJK})|(?<=[{HAN}》”）>])\.(?![\d.A-Za-z])")
# Brackets, quotes and title marks around Chinese text.
_PARENS = re.compile(rf"\(([^()\n]*[{HAN}][^()\n]*)\)|\((\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\)(?=[{HAN}])")
_DQUOTES = re.compile(rf"\"([^\"\n]*[{HAN}][^\"\n]*)\"")
_SQUOTES = re.compile(rf"(?<![A-Za-z])'([^'\n]*[{HAN}][^'\n]*)'")
_TITLE = re.compile(rf"<<?([^<>\n]*[{HAN}][^<>\n]*)>>?")
# Two marks in a row where one is meant ("，，" "。。" "，。"); ……, ——, ？！ and ！？ are correct.
_RUN = re.compile(r"[，。、；：,;:][，。、；：,;:！？]+|[！？][，。、；：]+")
# Space between digits and Chinese ("2025 年度", "共 32 名"): Chinese official text has none.
_SPACE = re.compile(rf"(?<=[0-9%])[ \u00a0\u3000]+(?=[{HAN}])|(?<=[{HAN}])[ \u00a0\u3000]+(?=[0-9])")
# Decimals written in Chinese numerals next to a unit ("一点五万元").
_CN_DECIMAL = re.compile(r"([零〇一二三四五六七八九十两]{1,3})点([零〇一二三四五六七八九]{1,3})"
                         r"(?=[万亿倍个元亩吨米%％]|公里|小时|平方|个百分点)")
_AR_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


def _f(section_id: str | None, text: str, a: int, b: int, fix: str, rule: str, severity: Severity,
       message: str, where: Where, kind: str = "") -> Finding:
    return Finding(section_id=section_id, start=a, end=b, text=text[a:b], severity=severity, rule=rule,
                   message=message, where=where, fix=fix, kind=kind)


def find_punctuation(section_id: str | None, text: str, where: Where = "text", *,
                     document_has_arabic_decimal: bool | None = None) -> list[Finding]:
    """Half-width marks in Chinese text, doubled marks, spaces beside digits, and mixed decimal forms."""
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, fix: str, rule: str, severity: Severity, message: str, kind: str) -> None:
        if any(x < b and a < y for x, y in taken):
            return
        taken.append((a, b))
        out.append(_f(section_id, text, a, b, fix, rule, severity, message, where, kind))

    for m in _PARENS.finditer(text):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        add(m.start(), m.end(), f"（{inner}）", "punctuation", "warning", "中文里的括号应使用全角“（）”", "parens")
    for m in _DQUOTES.finditer(text):
        add(m.start(), m.end(), f"“{m.group(1)}”", "punctuation", "warning", "中文里的引号应使用全角“”", "dquotes")
    for m in _SQUOTES.finditer(text):
        add(m.start(), m.end(), f"‘{m.group(1)}’", "punctuation", "warning", "中文里的单引号应使用全角‘’", "squotes")
    for m in _TITLE.finditer(text):
        add(m.start(), m.end(), f"《{m.group(1)}》", "punctuation", "warning", "书名、文件名应使用书名号《》", "title")
    for m in _RUN.finditer(text):
        run = m.group()
        full = "".join(_HALF_TO_FULL.get(c, c) for c in run)
        keep = next((c for c in reversed(full) if c in "。！？"), full[0])
        add(m.start(), m.end(), keep, "punctuation", "warning", f"标点“{run}”连用，应只保留一个", "run")
    for m in _HALF_MARK.finditer(text):
        mark = m.group()
        add(m.start(), m.end(), _HALF_TO_FULL[mark], "punctuation", "warning",
            f"中文里的“{mark}”应使用全角“{_HALF_TO_FULL[mark]}”", "half_width")
    for m in _SPACE.finditer(text):
        add(m.start(), m.end(), "", "number_style", "info", "数字与汉字之间不空格（如“2025年度”）", "space")
    has_arabic = document_has_arabic_decimal if document_has_arabic_decimal is not None \
        else bool(_AR_DECIMAL.search(text))
    if has_arabic:
        for m in _CN_DECIMAL.finditer(text):
            value = cn_decimal(m.group(1), m.group(2))
            if value:
                add(m.start(), m.end(), value, "number_style", "warning",
                    f"小数写法不统一：文中其他地方用阿拉伯数字，“{m.group()}”宜写作“{value}”（GB/T 15835）", "cn_decimal")
    return out


def has_arabic_decimal(text: str) -> bool:
    """Whether the text writes any decimal in Arabic numerals (then Chinese-numeral decimals are mixed forms)."""
    return bool(_AR_DECIMAL.search(text))
