"""The secretary's answers to the section checklists (templates/checklists.yaml): checked against the sheet's kind
(numbers read as numbers, texts cleaned, empty answers dropped) and each answer as the fact it states."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic_core import InitErrorDetails, PydanticCustomError

from drafter.facts import fields
from drafter.facts.ledger.checklist import ChecklistItem, answerable, load_checklists
from drafter.settings import configured_limits
from drafter.text.clean import clean_text

AnswerValue = int | float | str | list[str]
Answers = dict[str, dict[str, AnswerValue]]
FIELD = "answers"
REF_PREFIX = "answers."
NUMBER_MAX = 10_000_000  # far above a branch's 党费 in 元 or its service hours; a slip of extra zeros is caught
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,200 as a spreadsheet writes it
_CN_NUMERALS = set("零〇一二两三四五六七八九十百千万亿")
_CLOSERS = "。！？；;…，,、：:"


class _Refused(Exception):
    """One answer that cannot be used: why, in Chinese, saying how to fix it."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def _error(code: str, loc: tuple[str, ...], message: str, value: Any) -> InitErrorDetails:
    # '{message}' as the template: the message quotes what was typed, which may hold braces
    return InitErrorDetails(type=PydanticCustomError(f"answer_{code}", "{message}", {"message": message}),
                            loc=(FIELD, *loc), input=value)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not clean_text(value).strip()
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return False


def _number(value: Any, item: ChecklistItem) -> int | float:
    """A figure typed or given (12, "12", "１２", "1,200", "12.5"); anything else refused with how to write it."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Refused("number", f"补充内容“{item.label}”应为一个数字（如 12）")
    if isinstance(value, str):
        raw = re.sub(r"\s+", "", clean_text(value).translate(_FULLWIDTH))
        if _GROUPED.fullmatch(raw):
            raw = raw.replace(",", "")
        if not _PLAIN.fullmatch(raw):
            raise _Refused("number", _how_to_write(value, raw, item))
        whole, _, frac = raw.partition(".")
        if len(frac.rstrip("0")) > 1:
            raise _Refused("number", f"补充内容“{item.label}”：“{value.strip()}”最多保留一位小数（如 12.5）")
        value = float(raw) if frac.rstrip("0") else int(whole)
    if isinstance(value, float):
        if not math.isfinite(value) or round(value, 1) != value:
            raise _Refused("number", f"补充内容“{item.label}”：最多保留一位小数（如 12.5）")
        value = int(value) if value.is_integer() else value
    if value < 0:
        raise _Refused("range", f"补充内容“{item.label}”：不能是负数")
    if value > NUMBER_MAX:
        raise _Refused("range", f"补充内容“{item.label}”：数值过大（最多 {NUMBER_MAX}），请核对")
    return value


def _how_to_write(typed: str, raw: str, item: ChecklistItem) -> str:
    """Why a typed figure is not a number, and how to write it."""
    head = f"补充内容“{item.label}”：“{typed.strip()}”不是数字，"
    if raw.startswith("-") and _PLAIN.fullmatch(raw[1:]):
        return f"补充内容“{item.label}”：不能是负数"
    if any(ch.isdigit() for ch in raw):
        unit = f"，单位“{item.unit}”已写在旁边，不用再写" if item.unit else ""
        return head + f"请只填阿拉伯数字（如 12）{unit}"
    if any(ch in _CN_NUMERALS for ch in raw):
        return head + "请用阿拉伯数字填写（如 12），不要写成汉字"
    return head + "请填写一个数字（如 12）；不清楚可以不填"


def _text(value: Any, item: ChecklistItem, limit: int) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Refused("format", f"补充内容“{item.label}”应为一段文字")
    text = "\n".join(line.strip() for line in clean_text(value).strip().splitlines())
    if len(text) > limit:
        raise _Refused("too_long", f"补充内容“{item.label}”：最多 {limit} 字，现在有 {len(text)} 字。请精简")
    return text


def _entries(value: Any, item: ChecklistItem, limit: int) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()  # a YAML file may give the entries as lines of one text
    if not isinstance(value, list):
        raise _Refused("format", f"补充内容“{item.label}”应为每行一条的几条文字")
    out: list[str] = []
    for entry in value:
        if isinstance(entry, int | float) and not isinstance(entry, bool):
            entry = str(entry)
        if not isinstance(entry, str):
            raise _Refused("format", f"补充内容“{item.label}”的每一条应为一句文字")
        entry = clean_text(entry).strip()
        if entry:
            out.append(entry)
    most = configured_limits().max_list_items
    if len(out) > most:
        raise _Refused("too_many", f"补充内容“{item.label}”：条目过多（最多 {most} 条），请合并相近的条目")
    total = len("\n".join(out))
    if total > limit:
        raise _Refused("too_long", f"补充内容“{item.label}”：最多 {limit} 字，现在有 {total} 字。请精简")
    return out


def _value(value: Any, item: ChecklistItem, limit: int) -> AnswerValue:
    if item.kind == "number":
        return _number(value, item)
    if item.kind == "list":
        return _entries(value, item, limit)
    return _text(value, item, limit)


def check_answers(kind: str, kind_label: str, raw: dict[str, Any]) -> tuple[Answers, list[InitErrorDetails]]:
    """The answers of a sheet of this kind, in checklist order with empty ones dropped, and an error (located at
    answers.<section>.<key>) for each answer that names no item of the kind or cannot be used."""
    allowed = answerable(kind)
    every = load_checklists().root.get(kind, {})
    limit = fields.limits()[FIELD]
    errors: list[InitErrorDetails] = []
    given: dict[str, dict[str, AnswerValue]] = {}
    for section, values in raw.items():
        if section not in allowed:
            errors.append(_error("unknown", (section,), f"补充内容中没有“{section}”这一部分：{kind_label}可填的部分为"
                                 f" {'、'.join(allowed)}，请改正或删除", values))
            continue
        if values is None:
            continue
        if not isinstance(values, dict):
            errors.append(_error("format", (section,), f"补充内容“{section}”部分应为“项目: 内容”的形式", values))
            continue
        items = {i.key: i for i in allowed[section]}
        for key, value in values.items():
            own = next((i for i in every[section] if i.key == key and i.field), None)
            if own is not None:
                where = own.field.split(".")[-1]
                errors.append(_error("unknown", (section, key), f"“{own.label}”请填在“{fields.label(where)}”栏目"
                                     f"（{own.field}），不用填在补充内容中", value))
                continue
            if key not in items:
                known = "、".join(f"{i.key}（{i.label}）" for i in allowed[section])
                errors.append(_error("unknown", (section, key), f"补充内容“{section}”部分中没有“{key}”这一项："
                                     f"可填 {known}，请改正或删除", value))
                continue
            if _blank(value):
                continue
            try:
                checked = _value(value, items[key], limit)
            except _Refused as exc:
                errors.append(_error(exc.code, (section, key), exc.message, value))
                continue
            if checked not in ("", []):
                given.setdefault(section, {})[key] = checked
    ordered = {s: {i.key: given[s][i.key] for i in allowed[s] if i.key in given[s]} for s in allowed if s in given}
    return ordered, errors


# --- answers as facts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerFact:
    """One answer as the fact it states, with where it belongs."""

    ref: str  # answers.<section>.<key>
    section: str
    label: str
    text: str
    words: bool  # the secretary's own words (a text item), not a figure or a list told the checklist's way


def answer_facts(kind: str, answers: Answers) -> list[AnswerFact]:
    """Each answer as a fact of its section, in checklist order: figures and lists by the item's `say`, texts as
    typed (lines joined)."""
    out: list[AnswerFact] = []
    for section, items in answerable(kind).items():
        for item in items:
            value = answers.get(section, {}).get(item.key)
            if value is None or value in ("", []):
                continue
            out.append(AnswerFact(f"{REF_PREFIX}{section}.{item.key}", section, item.label, stated(item, value),
                                  item.kind == "text"))
    return out


def stated(item: ChecklistItem, value: AnswerValue) -> str:
    """The answer as the document states it ("全年收缴党费2400元", "重点学习了A、B")."""
    if item.kind == "number":
        return item.say.replace("{value}", str(value))
    if item.kind == "list":
        entries = [e.rstrip(_CLOSERS) for e in value if e.rstrip(_CLOSERS)]
        return item.say.replace("{items}", item.join.join(entries)).replace("{count}", str(len(entries)))
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    # lines typed one under another are separate points: each ends with ； unless it closes already
    return "".join(line if k == len(lines) - 1 or line.endswith(tuple(_CLOSERS)) else line + "；"
                   for k, line in enumerate(lines))


def answer_item(kind: str, ref: str) -> ChecklistItem | None:
    """The checklist item an answer's ref names (None for any other ref)."""
    if not ref.startswith(REF_PREFIX):
        return None
    section, _, key = ref.removeprefix(REF_PREFIX).partition(".")
    return next((i for i in answerable(kind).get(section, []) if i.key == key), None)
