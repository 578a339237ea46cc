"""Proofreading against lists: the shipped standard formulations and the unit's own word lists, in one automaton."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drafter.errors import TemplateError
from drafter.proofreading.findings import Finding, Severity, Where
from drafter.proofreading.matcher import Hit, Matcher, in_exception, normalize
from drafter.proofreading.rules_order import find_runs
from drafter.settings import RESOURCE_ROOT

if TYPE_CHECKING:
    from drafter.proofreading.wordlists import WordEntry

FORMULATIONS_FILE = RESOURCE_ROOT / "templates" / "formulations.yaml"
KIND_LABELS = {"literal": "规范写法", "order": "固定顺序", "deprecated": "已不再使用", "banned": "禁用/慎用词"}
OPEN_QUOTES, CLOSE_QUOTES = "“‘「『", "”’」』"


class Examples(BaseModel):
    """A sentence the entry must flag and one it must leave alone (the tests check both)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    wrong: str = Field(min_length=1)
    right: str = Field(min_length=1)


class Formulation(BaseModel):
    """One entry of templates/formulations.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str
    type: Literal["literal", "order", "deprecated", "banned"]
    wrong: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # order entries: the items in their canonical order (the fix reorders a run)
    min_items: int = Field(default=2, ge=2)
    right: str = ""
    usage: Literal["禁用", "慎用"] = "禁用"
    source: str = Field(min_length=2)
    date: str = Field(pattern=r"^(19|20)\d{2}-\d{2}(-\d{2})?$")
    start: int | None = Field(default=None, alias="from")
    end: int | None = Field(default=None, alias="to")
    exceptions: tuple[str, ...] = Field(default=(), alias="except")
    not_before: str = ""  # regex on the text just before a hit: when it matches, the hit is part of another word
    not_after: str = ""  # regex on the text just after a hit (村长达两年, 亲自部署)
    in_titles: bool = False  # also inside 《》 (only for entries about a document's own name)
    note: str = ""
    examples: Examples

    @model_validator(mode="after")
    def _years(self) -> Formulation:
        if self.type == "deprecated" and self.start is None:
            raise ValueError(f"{self.id}: deprecated 条目必须给出 from 年份")
        if self.type != "deprecated" and (self.start is not None or self.end is not None):
            raise ValueError(f"{self.id}: 只有 deprecated 条目才有 from/to")
        if not self.wrong and not (self.type == "order" and self.items):
            raise ValueError(f"{self.id}: 需要 wrong（order 条目可改给 items）")
        for rx in (self.not_before, self.not_after):
            re.compile(rx)
        return self

    @property
    def level(self) -> Severity:
        """The finding's severity: 禁用 is an error, 慎用 a hint."""
        return "info" if self.usage == "慎用" else "error"

    def in_context(self, text: str, start: int, end: int) -> bool:
        """Whether the surrounding characters make the hit part of another word (then it is not this entry)."""
        if self.not_before and re.search(f"(?:{self.not_before})$", text[max(0, start - 12):start]):
            return True
        return bool(self.not_after and re.match(self.not_after, text[end:end + 60]))

    def applies(self, year: int) -> bool:
        """Whether a report of this year should be told about it."""
        if self.type != "deprecated":
            return True
        return year >= (self.start or 0) and (self.end is None or year <= self.end)

    @property
    def replacement(self) -> str | None:
        """The one-click replacement: the correct form when it can stand in for the wrong one (never for 慎用)."""
        return self.right if self.right and self.type != "order" and self.usage == "禁用" else None

    def message(self, found: str, year: int) -> str:
        """The Chinese message for a hit."""
        if self.type == "order":
            head = f"“{found}”顺序有误，规范表述为“{self.right}”"
        elif self.type == "deprecated":
            head = f"“{found}”自{self.start}年起不再使用（本文为{year}年度）" + \
                (f"，现行表述为“{self.right}”" if self.right else "")
        elif self.type == "banned":
            head = f"“{found}”属于{self.usage}词" + (f"，建议改为“{self.right}”" if self.right else "")
        elif self.usage == "慎用":
            head = f"“{found}”请慎用，规范表述为“{self.right}”"
        else:
            head = f"“{found}”应写作“{self.right}”"
        return head + (f"；{self.note}" if self.note else "") + f"（依据：{self.source}，{self.date}）"


class FormulationFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")

    entries: list[Formulation]
    quotations: list[str] = []  # central-document sentences: quoted as they are, nothing inside is corrected


@cache
def _load(path: Path) -> FormulationFile:
    try:
        return FormulationFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"规范提法表 {path.name} 无法读取：{exc}") from None
    except ValidationError as exc:
        raise TemplateError(f"规范提法表 {path.name} 格式有误：{exc.errors()[0]['msg']}",
                            hint="请按文件开头的说明修改") from None


def quotations(path: Path = FORMULATIONS_FILE) -> tuple[str, ...]:
    """The central-document sentences of the table, quote-free (a hit inside one is not corrected)."""
    return tuple(normalize(q) for q in _load(path).quotations)


@cache
def load_formulations(path: Path = FORMULATIONS_FILE) -> tuple[Formulation, ...]:
    """Read templates/formulations.yaml (cached); a broken file is a developer's error."""
    entries = _load(path).entries
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise TemplateError(f"规范提法表 {path.name} 中有重复的 id")
    return tuple(entries)


@lru_cache(maxsize=8)
def proof_matcher(word_entries: tuple[WordEntry, ...] = ()) -> Matcher:
    """One automaton over every formulation's wrong forms and every word-list entry (cached per list content)."""
    pairs: list[tuple[str, object]] = [(w, (f, _within(w, (*f.exceptions, f.right))))
                                       for f in load_formulations() for w in f.wrong]
    pairs += [(e.wrong, (e, _within(e.wrong, (e.right,)))) for e in word_entries]
    return Matcher(pairs)


def _within(wrong: str, phrases: Iterable[str]) -> tuple[str, ...]:
    """The phrases that contain the wrong form (where a hit is correct text: 街道办事处 for 街道办)."""
    w = normalize(wrong)
    return tuple(normalize(p) for p in phrases if p and w in normalize(p))


def fix_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a hit over a quotation mark it leaves unbalanced, so the replacement's own quotes do not double."""
    inner = text[start:end]
    for o, c in zip(OPEN_QUOTES, CLOSE_QUOTES, strict=True):
        if inner.count(c) > inner.count(o) and start > 0 and text[start - 1] == o:
            start -= 1
        elif inner.count(o) > inner.count(c) and end < len(text) and text[end] == c:
            end += 1
    return start, end


def _finding(section_id: str | None, text: str, hit: Hit, severity: Severity, rule: str,
             message: Callable[[str], str], replacement: str | None, where: Where, kind: str) -> Finding:
    a, b = hit.start, hit.end
    if replacement is not None:
        a, b = fix_span(text, a, b)
    return Finding(section_id=section_id, start=a, end=b, text=text[a:b], severity=severity, rule=rule,
                   message=message(text[a:b]), where=where, fix=replacement, kind=kind)


_TITLE = re.compile(r"《[^《》\n]*》")


def _spans(text: str, norm: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The 《titles》 of the text (offsets into it) and the quoted central-document sentences (quote-free offsets)."""
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)] if "《" in text else []
    quoted: list[tuple[int, int]] = []
    for q in quotations():
        k = norm.find(q)
        while k >= 0:
            quoted.append((k, k + len(q)))
            k = norm.find(q, k + 1)
    return titles, quoted


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in spans)


def find_listed(section_id: str | None, text: str, year: int, word_entries: Sequence[WordEntry] = (),
                where: Where = "text", *, matcher: Matcher | None = None) -> list[Finding]:
    """Wrong formulations and the unit's listed words in one pass over the text, then fixed-order enumerations.

    A hit is left alone inside a 《title》 (unless the entry is about that document's name), inside a quoted
    central-document sentence, and where its entry's context says the characters belong to other words."""
    matcher = matcher or proof_matcher(tuple(word_entries))
    out: list[Finding] = []
    norm = normalize(text)
    titles, quoted = _spans(text, norm)
    for hit in matcher.find(text):
        if quoted and _inside(quoted, hit.nstart, hit.nstart + len(hit.pattern)):
            continue
        in_title = bool(titles) and any(x < hit.start < y for x, y in titles)
        for item, within in hit.payloads:
            if within and in_exception(norm, hit.nstart, hit.pattern, within):
                continue
            if isinstance(item, Formulation):
                if not item.applies(year) or (in_title and not item.in_titles) or \
                        item.in_context(text, hit.start, hit.end):
                    continue
                out.append(_finding(section_id, text, hit, item.level, "formulation",
                                    lambda found, item=item: item.message(found, year), item.replacement, where,
                                    item.id))
            else:
                if in_title:
                    continue
                out.append(_finding(section_id, text, hit, item.severity, "wordlist",
                                    lambda _found, item=item: item.message(), item.right or None, where,
                                    f"wordlist:{item.list_name}:{item.wrong}"))
            break  # one finding per place: a formulation wins over a word-list entry for the same words
    return out + _find_order(section_id, text, year, where, titles, quoted, norm, out)


def _find_order(section_id: str | None, text: str, year: int, where: Where, titles: list[tuple[int, int]],
                quoted: list[tuple[int, int]], norm: str, taken: list[Finding]) -> list[Finding]:
    """Enumerations of an order entry's items out of order, each with the reordered run as its fix."""
    out: list[Finding] = []
    for item in load_formulations():
        if not item.items or not item.applies(year):
            continue
        for run in find_runs(text, item.items, item.min_items):
            if any(f.start < run.end and run.start < f.end for f in (*taken, *out)) or \
                    any(x < run.start < y for x, y in titles) or \
                    (quoted and any(normalize(text[run.start:run.end]) in norm[x:y] for x, y in quoted)):
                continue
            found = text[run.start:run.end]
            out.append(Finding(section_id=section_id, start=run.start, end=run.end, text=found,
                               severity=item.level, rule="formulation", where=where, kind=item.id,
                               message=item.message(found, year),
                               fix=run.fixed if item.usage == "禁用" else None))
    return out


def merge_era(era: Iterable[Finding], listed: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Where the era table and a formulation hit the same words, one finding: the era's, with the replacement."""
    listed = list(listed)
    era_out: list[Finding] = []
    used: set[int] = set()
    for f in era:
        match = next((i for i, g in enumerate(listed) if g.rule == "formulation" and g.start < f.end
                      and f.start < g.end), None)
        if match is None:
            era_out.append(f)
            continue
        g = listed[match]
        used.add(match)
        basis = g.message[g.message.rfind("（依据："):] if "（依据：" in g.message else ""
        extra = "" if g.fix is None or f"“{g.fix}”" in f.message else f"；现行表述为“{g.fix}”"
        era_out.append(f.model_copy(update={"start": g.start, "end": g.end, "text": g.text, "fix": g.fix,
                                            "message": f.message + extra + basis}))
    return era_out, [g for i, g in enumerate(listed) if i not in used]
