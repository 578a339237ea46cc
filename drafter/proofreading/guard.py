"""Confidentiality guard: find classification marks (密级) before any text goes to a cloud model."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from drafter.errors import ConfidentialError
from drafter.facts import fields
from drafter.facts.sheet import FactSheet
from drafter.settings import Settings

# Classification-like forms only. "秘密" in prose is ambiguous (the 入党誓词 says 保守党的秘密), so a
# bare 秘密/机密/绝密 counts only as a label: with ★, after 密级, in brackets, or alone at a line start.
_LEVEL = r"(?:绝密|机密|秘密)"
MARK_PATTERNS: list[tuple[str, str]] = [
    (rf"{_LEVEL}[ \t\u3000]*★[ \t\u3000]*(?:[\d一二三四五六七八九十]+[年月日个]*|长期)?", "密级★"),
    (rf"★[ \t\u3000]*{_LEVEL}", "★密级"),
    (r"密级[ \t\u3000]*[:：][ \t\u3000]*\S{0,4}", "密级标注"),
    (rf"[【\[（(〔][ \t\u3000]*{_LEVEL}[ \t\u3000]*[】\]）)〕]", "括注密级"),
    (rf"(?m)^[ \t\u3000]*{_LEVEL}(?=[ \t\u3000]*$|[ \t\u3000]+\S|[，,。:：])", "行首密级"),
    (r"内部资料[ \t\u3000，,、。;；]*注意(?:保密|保存)", "内部资料"),
    (r"注意保密", "注意保密"),
    (r"(?<![非不未无])涉密", "涉密"),
    (r"(?<!保守)(?<!泄露)(?<!泄漏)国家秘密(?!法)", "国家秘密"),
    (r"(?:请勿|严禁|不得)外传", "严禁外传"),
    (r"绝密|机密", "机密字样"),  # rare in branch prose, so flagged anywhere except the duties below
]
# 机密/绝密 in prose about duties ("严守党和国家机密", "商业机密") is not a mark on the material itself.
PROSE_BEFORE_LEVEL = re.compile(r"(?:保守|严守|泄露|泄漏|窃取|刺探|商业|技术|保护)[一-鿿]{0,4}$")
_MARKS = [(re.compile(p), label) for p, label in MARK_PATTERNS]
CONTEXT = 12  # characters shown either side of a mark


@dataclass(frozen=True)
class Mark:
    """One classification mark: where it was found, the mark as written, and the text around it."""

    where: str
    mark: str
    context: str


def scan(texts: Mapping[str, str]) -> list[Mark]:
    """Every classification mark in the texts, keyed by where each text came from."""
    out: list[Mark] = []
    for where, text in texts.items():
        if not text:
            continue
        taken: list[tuple[int, int]] = []
        for rx, label in _MARKS:
            for m in rx.finditer(text):
                a, b = m.start(), m.end()
                if label == "机密字样" and PROSE_BEFORE_LEVEL.search(text[max(0, a - 8):a]):
                    continue
                mark = m.group().strip(" \t\u3000")
                if not mark or any(x < b and a < y for x, y in taken):
                    continue
                taken.append((a, b))
                ctx = text[max(0, a - CONTEXT):b + CONTEXT].replace("\n", " ")
                out.append(Mark(where=where, mark=mark, context=ctx))
    return out


def _label(path: list[str | int]) -> str:
    """('activities', 2, 'detail') -> 活动第3条·内容."""
    parts: list[str] = []
    for key in path:
        if isinstance(key, int):
            parts[-1] = f"{parts[-1]}第{key + 1}条" if parts else f"第{key + 1}条"
        else:
            parts.append(fields.label(key))
    return "事实材料·" + "·".join(parts) if parts else "事实材料"


def gather_texts(facts: FactSheet | None = None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """All texts to check: every field of the fact sheet (labelled in Chinese) plus samples or typed texts."""
    out: dict[str, str] = {}

    def walk(value: object, path: list[str | int]) -> None:
        if isinstance(value, str):
            if value:
                out[_label(path)] = value
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, [*path, k])
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, [*path, i])

    if facts is not None:
        walk(facts.model_dump(mode="json"), [])
    for key, text in (extra or {}).items():
        out[key] = text
    return out


def check_before_sending(material: FactSheet | Mapping[str, str] | str, *, is_local: bool,
                         extra: Mapping[str, str] | None = None) -> list[Mark]:
    """Raise ConfidentialError when marks are found and the provider is not local; else return them (to warn)."""
    if isinstance(material, FactSheet):
        texts = gather_texts(material, extra)
    elif isinstance(material, str):
        texts = {"输入文字": material, **(extra or {})}
    else:
        texts = {**material, **(extra or {})}
    marks = scan(texts)
    if marks and not is_local:
        raise ConfidentialError([f"{m.mark}（{m.where}）" for m in marks])
    return marks


def check_before_drafting(facts: FactSheet, settings: Settings, *,
                          extra: Mapping[str, str] | None = None) -> list[Mark]:
    """The guard for these settings' provider: raise ConfidentialError for a cloud model, else return the marks.

    `extra` holds texts the user typed besides the facts (rewrite instructions), keyed by where they come from.
    """
    from drafter.llm.providers import text_stays_local

    return check_before_sending(facts, is_local=text_stays_local(settings), extra=extra)
