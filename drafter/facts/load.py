"""Reading a fact sheet: from data, YAML text or a file, with field limits and Chinese messages per field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from drafter.errors import FactsError, Problem
from drafter.facts import fields
from drafter.facts.sheet import FactSheet
from drafter.settings import Limits, configured_limits
from drafter.text.clean import clean_text
from drafter.text.safeinput import AliasRefused, NoAliasSafeLoader


def _where(loc: tuple[Any, ...]) -> str:
    """('activities', 2, 'date') -> 活动第3条的日期."""
    parts: list[str] = []
    i = 0
    while i < len(loc):
        key = loc[i]
        if isinstance(key, str) and i + 1 < len(loc) and isinstance(loc[i + 1], int) and fields.item_label(key):
            parts.append(f"{fields.item_label(key)}第{loc[i + 1] + 1}条")
            i += 2
            continue
        if isinstance(key, str):
            parts.append(fields.label(key))
        i += 1
    return "的".join(parts) if parts else "事实材料"


_CODES = {"extra_forbidden": "unknown_field", "missing": "missing", "int_parsing": "int", "int_type": "int",
          "int_from_float": "int", "greater_than_equal": "range", "less_than_equal": "range",
          "string_too_short": "empty", "string_too_long": "too_long", "literal_error": "choice",
          "value_error": "value", "too_long": "too_many",
          # the answers' own errors (drafter/facts/answers.py): their message is whole, named by the item's label
          "answer_unknown": "unknown_field", "answer_number": "int", "answer_range": "range",
          "answer_too_long": "too_long", "answer_too_many": "too_many", "answer_format": "format"}


def _problem(err: dict[str, Any]) -> Problem:
    """One pydantic error as a Problem: a code, the field's path and a Chinese message."""
    loc = tuple(err.get("loc", ()))
    typ = err.get("type", "")
    date = typ.startswith("date") or bool(loc and loc[-1] in ("date", "signature_date"))
    code = "date" if date else _CODES.get(typ, "format")
    return Problem(code, loc, _message(err))


def _message(err: dict[str, Any]) -> str:
    """One pydantic error as a Chinese sentence naming the field and position."""
    loc = tuple(err.get("loc", ()))
    typ = err.get("type", "")
    where = _where(loc)
    if typ.startswith("answer_"):
        return str(err.get("msg", ""))
    if typ == "extra_forbidden":
        return f"无法识别的栏目“{loc[-1]}”（位置：{_where(loc[:-1])}），请删除或改正拼写"
    if typ == "missing":
        return f"{where}：必须填写"
    if typ.startswith("date") or (loc and loc[-1] in ("date", "signature_date")):
        return f"{where.rsplit('的', 1)[0]}：日期应为 YYYY-MM-DD（如 2025-03-05）"
    if typ in ("int_parsing", "int_type", "int_from_float"):
        return f"{where}：应为整数"
    if typ in ("greater_than_equal", "less_than_equal"):
        limit = err.get("ctx", {})
        return f"{where}：数值超出范围（{limit.get('ge', limit.get('le', ''))}）"
    if typ == "string_too_short":
        return f"{where}：不能为空"
    if typ == "string_too_long":
        return f"{where}：内容过长（最多 {err.get('ctx', {}).get('max_length', '')} 字），请精简"
    if typ == "too_long":
        ctx = err.get("ctx", {})
        return f"{where}：条目过多（最多 {ctx.get('max_length', '')} 条），请合并相近的条目或删减"
    if typ == "literal_error":
        return f"{where}：取值应为 {err.get('ctx', {}).get('expected', '')} 之一"
    if typ == "value_error":
        return str(err.get("ctx", {}).get("error", err.get("msg", "")))
    if typ in ("list_type", "dict_type", "model_type", "string_type"):
        return f"{where}：格式不对（应为{'列表' if typ == 'list_type' else '文字' if typ == 'string_type' else '一组栏目'}）"
    return f"{where}：{err.get('msg', '填写有误')}"


def parse_facts(data: Any) -> FactSheet:
    """Validate raw data (from YAML, JSON or the form) into a FactSheet or raise FactsError in Chinese."""
    if not isinstance(data, dict):
        raise FactsError(["事实材料应为“栏目: 内容”形式的 YAML"])
    long = too_long(data)
    try:
        facts = FactSheet.model_validate(data)
    except ValidationError as exc:
        taken = {p.path for p in long}
        raise FactsError(long + [p for p in map(_problem, exc.errors()) if p.path not in taken]) from None
    if long:
        raise FactsError(long)
    return facts


def too_long(data: dict[str, Any]) -> list[Problem]:
    """A Problem for each free-text field over its limit (templates/fields.yaml); nothing is cut: the user
    shortens it. A list field counts all its lines."""
    out: list[Problem] = []
    places = [((), data)]
    for block in ("branch", "members"):
        if isinstance(data.get(block), dict):
            places.append(((block,), data[block]))
    for prefix, values in places:
        for key, limit in fields.limits().items():
            value = values.get(key)
            text = "\n".join(str(v) for v in value) if isinstance(value, list) else value
            if isinstance(text, str) and len(text) > limit:
                out.append(Problem("too_long", (*prefix, key),
                                   f"{fields.full_label(key)}：最多 {limit} 字，现在有 {len(text)} 字。请精简，"
                                   "或把一部分移到其他栏目"
                                   + ("（较长的说明会按句分成几条，在提纲中可移到合适的小节）" if key == "notes" else "")))
    note_limit = fields.limits()["note"]  # a note typed in the app; a file's cells are cut to as many (build.MAX_TEXT)
    for i, row in enumerate(data.get("ledger") or []):
        note = row.get("note") if isinstance(row, dict) else None
        if isinstance(note, str) and len(note) > note_limit:
            out.append(Problem("too_long", ("ledger", i, "note"), f"台账记录第{i + 1}条的备注：最多 {note_limit} 字，"
                                                                 f"现在有 {len(note)} 字。请精简"))
    return out


class _NoDatesLoader(NoAliasSafeLoader):
    """SafeLoader that leaves dates as strings, so a bad date gets pydantic's positioned message."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_facts_yaml(text: str, limits: Limits | None = None) -> FactSheet:
    """Parse YAML text into a FactSheet (refusing oversized text and YAML anchors/aliases before parsing)."""
    cap = (limits or configured_limits()).facts_max_bytes
    if len(text) > cap:  # characters, not bytes: cheaper, and a Chinese sheet is further under the cap in bytes
        raise FactsError([f"事实材料文件太大（{len(text) // 1024} KB，上限 {cap // 1024} KB），请只保留本年度的材料"])
    try:
        data = yaml.load(clean_text(text), Loader=_NoDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except AliasRefused as exc:
        raise FactsError([exc.message]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise FactsError([f"YAML 格式错误{where}，请检查缩进和冒号"]) from None
    return parse_facts(data)


def load_facts_file(path: str | Path) -> FactSheet:
    """Read and validate a fact sheet file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsError([f"无法读取文件 {p.name}：{exc.__class__.__name__}，请确认路径和 UTF-8 编码"]) from None
    return load_facts_yaml(text)


def dump_facts_yaml(facts: FactSheet) -> str:
    """The sheet as YAML a secretary can read and edit (empty fields left out)."""
    data = facts.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    data = {k: v for k, v in data.items() if v not in ([], {}, "")}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
