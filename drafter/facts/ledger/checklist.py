"""Section checklists (templates/checklists.yaml): what each section of each template usually reports, how an
answer to an item reads, and which items would fill a section that has no facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from drafter.errors import TemplateError
from drafter.facts.ledger._data import load_model

CHECKLISTS_FILE = "checklists.yaml"


class ChecklistItem(BaseModel):
    """One thing a section usually reports."""

    model_config = ConfigDict(extra="forbid")

    key: str
    label: str  # Chinese, shown on the form
    kind: Literal["number", "text", "list"]
    unit: str = ""  # for numbers: 名, 次, 元, 小时 …
    hint: str  # one line: what to write
    keywords: list[str] = Field(default_factory=list)  # a fact holding one of these covers the item
    say: str = ""  # how an answer reads: {value} (number), {items} and {count} (list); text items have none
    join: str = "、"  # what joins a list answer's entries in {items}
    field: str | None = None  # the sheet's own field for this item (asked there, so it is no answer)


class Checklists(RootModel[dict[str, dict[str, list[ChecklistItem]]]]):
    """Template kind -> section id -> items."""

    def items(self, section_key: str, kind: str = "annual_summary") -> list[ChecklistItem]:
        """The items of one section of one template kind ([] when there is none)."""
        return self.root.get(kind, {}).get(section_key, [])


def load_checklists(folder: Path | None = None) -> Checklists:
    """templates/checklists.yaml (cached)."""
    lists = load_model(CHECKLISTS_FILE, Checklists, folder)
    for kind, sections in lists.root.items():
        for section, items in sections.items():
            keys = [i.key for i in items]
            if len(set(keys)) != len(keys):
                raise TemplateError(f"规则文件 {CHECKLISTS_FILE} 中 {kind}.{section} 有重复的条目", hint="请让每个 key 只出现一次")
            for item in items:
                _check_say(f"{kind}.{section}.{item.key}", item)
    return lists


_PLACEHOLDER = {"number": "{value}", "list": "{items}"}


def _check_say(where: str, item: ChecklistItem) -> None:
    """An answerable number or list item says how it reads (never "label: value"); a text item is typed words."""
    if item.field is not None:
        return
    need = _PLACEHOLDER.get(item.kind)
    if need and need not in item.say:
        raise TemplateError(f"规则文件 {CHECKLISTS_FILE} 中 {where} 缺少 say（需含 {need}）",
                            hint="请写出这一项在文稿中的说法，如“全年收缴党费{value}元”")
    if not need and item.say:
        raise TemplateError(f"规则文件 {CHECKLISTS_FILE} 中 {where} 是文字项，不用 say", hint="文字项按书记填写的原话写入")


def checklist_for(section_key: str, kind: str = "annual_summary") -> list[ChecklistItem]:
    """What a section of a template kind usually reports."""
    return load_checklists().items(section_key, kind)


def answerable(kind: str) -> dict[str, list[ChecklistItem]]:
    """Section id -> the items the secretary answers in the form (those without a field of their own)."""
    return {section: [i for i in items if i.field is None]
            for section, items in load_checklists().root.get(kind, {}).items()}


def _given(value: Any) -> bool:
    """A number 0 is an answer; an empty string or list is not."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Iterable):
        return any(_given(v) for v in value)
    return True


def covered(item: ChecklistItem, facts: Mapping[str, Any] | Iterable[str],
            answers: Mapping[str, Any] | None = None) -> bool:
    """Whether the facts hold the item: by its key (answers from the form) or by a keyword in a fact's text."""
    if answers is not None and _given(answers.get(item.key)):
        return True
    if isinstance(facts, Mapping):
        if _given(facts.get(item.key)):
            return True
        texts = [str(v) for v in facts.values() if isinstance(v, str)]
    else:
        texts = [str(t) for t in facts]
    return any(k in t for t in texts for k in item.keywords)


def missing_material(section_key: str, facts_for_section: Mapping[str, Any] | Iterable[str], *,
                     kind: str = "annual_summary", answers: Mapping[str, Any] | None = None) -> list[str]:
    """Labels of the items the section's facts do not hold yet, in checklist order: what would fill the section.
    facts_for_section: the form's answers by item key, or the texts of the facts routed to the section; answers:
    the sheet's answers to this section (FactSheet.answers[section]), each covering its item."""
    facts = facts_for_section if isinstance(facts_for_section, Mapping) else list(facts_for_section)
    return [i.label for i in checklist_for(section_key, kind) if not covered(i, facts, answers)]
