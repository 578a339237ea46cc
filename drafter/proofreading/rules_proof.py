"""Proofreading against lists: the shipped standard formulations and the unit's own word lists, in one automaton."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drafter.errors import TemplateError
from drafter.proofreading.findings import Finding, Severity, Where
from drafter.proofreading.matcher import Hit, Matcher, in_exception, normalize
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
    wrong: tuple[str, ...] = Field(min_length=1)
    right: str = ""
    source: str = Field(min_length=2)
    start: int | None = Field(default=None, alias="from")
    end: int | None = Field(default=None, alias="to")
    severity: Severity | None = None
    exceptions: tuple[str, ...] = Field(default=(), alias="except")
    note: str = ""
    examples: Examples

    @model_validator(mode="after")
    def _years(self) -> Formulation:
        if self.type == "deprecated" and self.start is None:
            raise ValueError(f"{self.id}: deprecated 条目必须给出 from 年份")
        if self.type != "deprecated" and (self.start is not None or self.end is not None):
            raise ValueError(f"{self.id}: 只有 deprecated 条目才有 from/to")
        return self

    @property
    def level(self) -> Severity:
        """The finding's severity: banned words warn, wrong wording is an error."""
        return self.severity or ("warning" if self.type == "banned" else "error")

    def applies(self, year: int) -> bool:
        """Whether a report of this year should be told about it."""
        if self.type != "deprecated":
            return True
        return year >= (self.start or 0) and (self.end is None or year <= self.end)

    @property
    def replacement(self) -> str | None:
        """The one-click replacement: the correct form when it can stand in for the wrong one."""
        return self.right if self.right and self.type != "order" else None

    def message(self, found: str, year: int) -> str:
        """The Chinese message for a hit."""
        if self.type == "order":
            head = f"“{found}”顺序有误，规范表述为“{self.right}”"
        elif self.type == "deprecated":
            head = f"“{found}”自{self.start}年起不再使用（本文为{year}年度）" + \
                (f"，现行表述为“{self.right}”" if self.right else "")
        elif self.type == "banned":
            head = f"“{found}”属于禁用/慎用词" + (f"，建议改为“{self.right}”" if self.right else "")
        else:
            head = f"“{found}”应写作“{self.right}”"
        return head + (f"；{self.note}" if self.note else "") + f"（依据：{self.source}）"


class FormulationFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")

    entries: list[Formulation]


@cache
def load_formulations(path: Path = FORMULATIONS_FILE) -> tuple[Formulation, ...]:
    """Read templates/formulations.yaml (cached); a broken file is a developer's error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = FormulationFile.model_validate(data).entries
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"规范提法表 {path.name} 无法读取：{exc}") from None
    except ValidationError as exc:
        raise TemplateError(f"规范提法表 {path.name} 格式有误：{exc.errors()[0]['msg']}",
                            hint="请按文件开头的说明修改") from None
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
             message: Callable[[str], str], replacement: str | None, where: Where) -> Finding:
    a, b = hit.start, hit.end
    if replacement is not None:
        a, b = fix_span(text, a, b)
    return Finding(section_id=section_id, start=a, end=b, text=text[a:b], severity=severity, rule=rule,
                   message=message(text[a:b]), where=where, fix=replacement)


def find_listed(section_id: str | None, text: str, year: int, word_entries: Sequence[WordEntry] = (),
                where: Where = "text", *, matcher: Matcher | None = None) -> list[Finding]:
    """Wrong formulations and the unit's listed words in one pass over the text."""
    matcher = matcher or proof_matcher(tuple(word_entries))
    out: list[Finding] = []
    norm: str | None = None
    for hit in matcher.find(text):
        for item, within in hit.payloads:
            if within:
                norm = normalize(text) if norm is None else norm
                if in_exception(norm, hit.nstart, hit.pattern, within):
                    continue
            if isinstance(item, Formulation):
                if not item.applies(year):
                    continue
                out.append(_finding(section_id, text, hit, item.level, "formulation",
                                    lambda found, item=item: item.message(found, year), item.replacement, where))
            else:
                out.append(_finding(section_id, text, hit, item.severity, "wordlist",
                                    lambda _found, item=item: item.message(), item.right or None, where))
            break  # one finding per place: a formulation wins over a word-list entry for the same words
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
