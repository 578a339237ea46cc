"""The unit's own word lists (错误写法 → 建议写法, 禁用词): stored per deployment, CRUD, CSV/YAML import and export."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import delete, func, insert, select, update

from drafter.errors import InputError
from drafter.proofreading.findings import Severity
from drafter.storage.schema import word_entries
from drafter.storage.store import DraftStore
from drafter.text.safeinput import AliasRefused, safe_yaml_load

DEFAULT_LIST = "本单位词表"
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_TOTAL = 50_000  # every list together: the review's automaton is built from all of them on each change
# A spreadsheet runs a cell that starts with these as a formula (=HYPERLINK(…) leaks or runs things).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Format = Literal["csv", "yaml"]
# Column names accepted on import (Chinese as exported, or English).
_KEYS = {"词表": "list_name", "list": "list_name", "list_name": "list_name",
         "错误写法": "wrong", "wrong": "wrong", "禁用词": "wrong",
         "建议写法": "right", "right": "right", "规范写法": "right",
         "说明": "note", "note": "note", "备注": "note"}
CSV_HEADER = ["词表", "错误写法", "建议写法", "说明"]


class WordEntry(BaseModel):
    """One pair 错误写法 → 建议写法, or a 禁用词 when 建议写法 is empty."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    list_name: str = Field(default=DEFAULT_LIST, min_length=1, max_length=100)
    wrong: str = Field(min_length=1, max_length=200)
    right: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)

    @field_validator("list_name", mode="before")
    @classmethod
    def _default_list(cls, v: object) -> object:
        return v if v not in (None, "") else DEFAULT_LIST

    @field_validator("right", "note", mode="before")
    @classmethod
    def _none_empty(cls, v: object) -> object:
        return "" if v is None else v

    @property
    def banned(self) -> bool:
        """A 禁用词 (no replacement)."""
        return not self.right

    @property
    def severity(self) -> Severity:
        """Banned words are errors, replacements warnings."""
        return "error" if self.banned else "warning"

    def message(self) -> str:
        """The finding's Chinese message."""
        head = f"“{self.wrong}”是“{self.list_name}”中的禁用词，请删去或改写" if self.banned else \
            f"按“{self.list_name}”，“{self.wrong}”应写作“{self.right}”"
        return head + (f"（{self.note}）" if self.note else "")


@dataclass(frozen=True)
class StoredEntry:
    """A word-list entry with its database id."""

    id: str
    entry: WordEntry
    updated_at: datetime


@dataclass
class ImportResult:
    """What an import did, and the rows it skipped with the reason."""

    added: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """导入 12 条（新增 10，更新 2），跳过 1 行：…"""
        text = f"导入 {self.added + self.updated} 条（新增 {self.added}，更新 {self.updated}）"
        if self.skipped:
            text += f"，跳过 {len(self.skipped)} 行：" + "；".join(self.skipped[:5]) + \
                ("……" if len(self.skipped) > 5 else "")
        return text


def _entry(raw: dict[str, object], where: str, default_list: str) -> WordEntry:
    """A row as a WordEntry, or InputError naming the row."""
    data = {_KEYS[k.strip()]: v for k, v in raw.items() if isinstance(k, str) and k.strip() in _KEYS}
    if not data.get("list_name"):
        data["list_name"] = default_list
    try:
        entry = WordEntry.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        col = {"wrong": "错误写法", "right": "建议写法", "note": "说明", "list_name": "词表"}.get(
            str(err["loc"][0]) if err["loc"] else "", "")
        reason = "缺少错误写法" if col == "错误写法" and err["type"] in ("missing", "string_too_short") else \
            f"{col or '内容'}不合要求（{'过长' if 'long' in err['type'] else '格式不对'}）"
        raise InputError(f"{where}{reason}") from None
    if entry.right == entry.wrong:
        raise InputError(f"{where}错误写法与建议写法相同")
    return entry


def parse_entries(data: bytes | str, fmt: Format, *, default_list: str = DEFAULT_LIST) -> tuple[list[WordEntry], list[str]]:
    """Entries from a CSV or YAML file, and the rows skipped with reasons; a file that yields none is an error."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"词表文件太大（{len(data) / 1024 / 1024:.1f} MB）",
                             hint=f"请拆成不超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的几个文件分别导入")
        for enc in ("utf-8-sig", "gb18030"):
            try:
                data = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError("词表文件无法识别文字编码", hint="请另存为 UTF-8 编码的 CSV 或 YAML 文件")
    if not data.strip():
        raise InputError("词表文件是空的", hint="CSV 第一行写“错误写法,建议写法,说明”，下面每行一条；或导出一份作为样例")
    rows = _csv_rows(data) if fmt == "csv" else _yaml_rows(data)
    entries: list[WordEntry] = []
    skipped: list[str] = []
    seen: set[tuple[str, str]] = set()
    for where, raw in rows:
        try:
            e = _entry(raw, where, default_list)
        except InputError as exc:
            skipped.append(exc.message)
            continue
        if (e.list_name, e.wrong) in seen:
            skipped.append(f"{where}“{e.wrong}”重复")
            continue
        seen.add((e.list_name, e.wrong))
        entries.append(e)
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"词表条目太多（{len(entries)} 条）", hint=f"一次最多导入 {MAX_ENTRIES} 条，请拆分文件")
    if not entries:
        reason = "；".join(skipped[:3]) if skipped else "没有找到任何条目"
        raise InputError(f"词表文件中没有可用的条目：{reason}",
                         hint="CSV 第一行写“错误写法,建议写法,说明”；YAML 写成 entries: 下的列表，每条有 wrong、right")
    return entries, skipped


def _csv_rows(data: str) -> list[tuple[str, dict[str, object]]]:
    try:
        dialect = csv.Sniffer().sniff(data[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(data), dialect)
    try:
        lines = [row for row in reader]
    except csv.Error as exc:
        raise InputError(f"CSV 文件格式有误：{exc}", hint="请用 Excel 或 WPS 另存为“CSV UTF-8”后再导入") from None
    lines = [row for row in lines if any(c.strip() for c in row)]
    if not lines:
        raise InputError("词表文件是空的", hint="CSV 第一行写“错误写法,建议写法,说明”，下面每行一条")
    header = [c.strip() for c in lines[0]]
    if not any(h in _KEYS and _KEYS[h] == "wrong" for h in header):
        if len(header) > 4 or not header[0]:
            raise InputError("CSV 文件缺少表头“错误写法”", hint="第一行请写“错误写法,建议写法,说明”（也可加“词表”一列）")
        header, body = ["错误写法", "建议写法", "说明", "词表"][:max(len(r) for r in lines)], lines
    else:
        body = lines[1:]
    return [(f"第{i}行：", dict(zip(header, [_uncell(c) for c in row], strict=False)))
            for i, row in enumerate(body, 2 if body is not lines else 1)]


def _yaml_rows(data: str) -> list[tuple[str, dict[str, object]]]:
    try:
        doc = safe_yaml_load(data)
    except AliasRefused as exc:
        raise InputError(exc.message, hint="请先导出一份作为样例，照它的写法逐条写出") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        raise InputError(f"YAML 文件格式有误{('（' + where + '）') if where else ''}",
                         hint="请检查缩进和冒号，或先导出一份作为样例") from None
    if isinstance(doc, dict):
        doc = doc.get("entries", doc.get("词表"))
    if not isinstance(doc, list):
        raise InputError("YAML 词表应是 entries: 下的列表", hint="每条写 wrong（错误写法）、right（建议写法）、note（说明）")
    out: list[tuple[str, dict[str, object]]] = []
    for i, item in enumerate(doc, 1):
        if isinstance(item, dict):
            out.append((f"第{i}条：", {str(k): v if v is None or isinstance(v, str) else str(v)
                                       for k, v in item.items()}))
        else:
            out.append((f"第{i}条：", {}))
    return out


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a ' (removed again on import)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def dump_entries(entries: list[WordEntry], fmt: Format) -> str:
    """Entries as CSV (with the Chinese header) or YAML; what this module imports back unchanged."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CSV_HEADER)
        for e in entries:
            w.writerow([_cell(e.list_name), _cell(e.wrong), _cell(e.right), _cell(e.note)])
        return buf.getvalue()
    rows = [{"list": e.list_name, "wrong": e.wrong, "right": e.right, "note": e.note} for e in entries]
    return yaml.safe_dump({"entries": rows}, allow_unicode=True, sort_keys=False)


class WordLists:
    """The word lists of this deployment, in the drafts database."""

    def __init__(self, store: DraftStore) -> None:
        self.store = store
        self._cache: tuple[tuple[int, object], tuple[WordEntry, ...]] | None = None

    def stamp(self) -> tuple[int, object]:
        """(count, latest change): changes whenever an entry is added, edited or deleted (one cheap query)."""
        t = word_entries
        with self.store.reading("读取词表") as conn:
            row = conn.execute(select(func.count(t.c.id), func.max(t.c.updated_at))).one()
        return int(row[0]), row[1]

    def all(self, list_name: str | None = None) -> list[StoredEntry]:
        """Every entry (or one list's), by list then wrong form."""
        t = word_entries
        q = select(t).order_by(t.c.list_name, t.c.wrong_form)
        if list_name:
            q = q.where(t.c.list_name == list_name)
        with self.store.reading("读取词表") as conn:
            rows = conn.execute(q).all()
        return [StoredEntry(r.id, WordEntry(list_name=r.list_name, wrong=r.wrong_form, right=r.right_form or "",
                                            note=r.note or ""), r.updated_at) for r in rows]

    def entries(self) -> tuple[WordEntry, ...]:
        """The entries as the review takes them (hashable, so the automaton is cached per content)."""
        stamp = self.stamp()
        if self._cache is None or self._cache[0] != stamp:
            self._cache = (stamp, tuple(s.entry for s in self.all()))
        return self._cache[1]

    def names(self) -> list[str]:
        """The names of the lists."""
        with self.store.reading("读取词表") as conn:
            return list(conn.execute(select(word_entries.c.list_name).distinct()
                                     .order_by(word_entries.c.list_name)).scalars())

    def add(self, entry: WordEntry) -> str:
        """Add an entry, or update the one with the same list and wrong form; returns its id."""
        return self._upsert([entry]).pop()

    def update(self, entry_id: str, entry: WordEntry) -> None:
        """Change an entry."""
        t = word_entries
        with self.store.writing("保存词表") as conn:
            clash = conn.execute(select(t.c.id).where(t.c.list_name == entry.list_name,
                                                      t.c.wrong_form == entry.wrong, t.c.id != entry_id)).first()
            if clash is not None:
                raise InputError(f"“{entry.list_name}”中已有“{entry.wrong}”", hint="请直接修改那一条")
            done = conn.execute(update(t).where(t.c.id == entry_id).values(
                list_name=entry.list_name, wrong_form=entry.wrong, right_form=entry.right, note=entry.note,
                updated_at=datetime.now(UTC))).rowcount
        if not done:
            raise InputError("这一条已被删除", hint="请刷新页面后重试")

    def delete(self, entry_id: str) -> None:
        """Remove an entry."""
        with self.store.writing("删除词表") as conn:
            conn.execute(delete(word_entries).where(word_entries.c.id == entry_id))

    def delete_list(self, list_name: str) -> int:
        """Remove a whole list; returns how many entries went."""
        with self.store.writing("删除词表") as conn:
            return conn.execute(delete(word_entries).where(word_entries.c.list_name == list_name)).rowcount

    def import_file(self, data: bytes | str, fmt: Format, *, default_list: str = DEFAULT_LIST) -> ImportResult:
        """Import a CSV/YAML file in one transaction: either every good row is saved or, on error, nothing."""
        entries, skipped = parse_entries(data, fmt, default_list=default_list)
        before = {(s.entry.list_name, s.entry.wrong) for s in self.all()}
        self._upsert(entries)
        updated = sum(1 for e in entries if (e.list_name, e.wrong) in before)
        return ImportResult(added=len(entries) - updated, updated=updated, skipped=skipped)

    def export(self, fmt: Format, list_name: str | None = None) -> str:
        """The entries as CSV or YAML text."""
        return dump_entries([s.entry for s in self.all(list_name)], fmt)

    def _upsert(self, entries: list[WordEntry]) -> list[str]:
        t = word_entries
        now = datetime.now(UTC)
        ids: list[str] = []
        with self.store.writing("保存词表") as conn:
            existing = {(r.list_name, r.wrong_form): r.id for r in conn.execute(
                select(t.c.id, t.c.list_name, t.c.wrong_form)).all()}
            new_rows = []
            for e in entries:
                values = {"right_form": e.right, "note": e.note, "updated_at": now}
                found = existing.get((e.list_name, e.wrong))
                if found:
                    conn.execute(update(t).where(t.c.id == found).values(**values))
                    ids.append(found)
                else:
                    new_id = uuid.uuid4().hex
                    existing[(e.list_name, e.wrong)] = new_id
                    new_rows.append({"id": new_id, "list_name": e.list_name, "wrong_form": e.wrong,
                                     "created_at": now, **values})
                    ids.append(new_id)
            if len(existing) > MAX_TOTAL:
                raise InputError(f"词表总条目将超过上限 {MAX_TOTAL} 条，本次未保存",
                                 hint="请先删去不再使用的词表，或合并重复的条目")
            if new_rows:
                conn.execute(insert(t), new_rows)
        return ids
