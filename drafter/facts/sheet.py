"""The fact sheet: what the secretary knows, validated, with a YAML file format and Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from drafter.facts.answers import answer_facts, check_answers
from drafter.facts.ledger.models import LedgerRecord
from drafter.settings import configured_limits
from drafter.text.clean import clean_text
from drafter.text.numerals import cn_date

Kind = Literal["annual_summary", "annual_plan", "thematic_summary"]
OrgType = Literal["school", "village", "enterprise", "hospital", "government", "university", "community", "other"]

KIND_LABELS: dict[str, str] = {
    "annual_summary": "年度工作总结",
    "annual_plan": "年度工作计划",
    "thematic_summary": "专项工作总结",
}
ORG_TYPE_LABELS: dict[str, str] = {
    "school": "学校", "village": "村", "enterprise": "企业", "hospital": "医院",
    "government": "机关", "university": "高校", "community": "社区", "other": "其他",
}

RETIREE_WORDS = ("离退休", "退休")  # in a branch's name: a branch of retired members (not 老干部: 老干部局 is a 机关)

# The wording used when the secretary leaves 指导思想 empty; current for reports of 2025-2026.
DEFAULT_GUIDING_THOUGHT = "习近平新时代中国特色社会主义思想"
MAX_LEDGER_RECORDS = 5_000  # a year's ledger has tens of rows; the reader refuses more (facts/ledger/read.py)

# Caps on one sheet (drafter.settings.Limits, as configured): a hostile file cannot make validation take minutes.
_CAPS = configured_limits()


def _clean(value: Any) -> Any:
    """Strip XML-illegal characters and surrounding whitespace from every string the user gives."""
    if isinstance(value, str):
        return clean_text(value).strip()
    return value


Text = Annotated[str, BeforeValidator(_clean)]
OptText = Annotated[str | None, BeforeValidator(lambda v: (_clean(v) or None) if isinstance(v, str) else v)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=_CAPS.max_text_chars)


class Branch(_Model):
    """The Party branch itself."""

    name: Text = Field(min_length=1, max_length=100)
    short_name: OptText = None
    org_type: OrgType = "other"
    parent_org: OptText = None
    secretary: OptText = None

    @property
    def display_name(self) -> str:
        """The name used in titles and the 落款: the short name when given."""
        return self.short_name or self.name

    @property
    def work_kind(self) -> str:
        """The kind of work the branch's leads speak of: its org_type, or "retirees" for a branch of retired
        members (离退休干部党支部 is filed under its 机关, but has no 业务 to fuse with)."""
        return "retirees" if any(w in self.name for w in RETIREE_WORDS) else self.org_type


class Members(_Model):
    """Member numbers and the people developed this year."""

    total: int | None = Field(default=None, ge=0, le=100_000)
    probationary: int | None = Field(default=None, ge=0, le=100_000)
    breakdown: OptText = None
    developed: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    activists: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)


class Activity(_Model):
    """One thing the branch did, with its date."""

    date: dt.date | None = None
    title: Text = Field(min_length=1, max_length=200)
    detail: Text = ""
    category: OptText = None  # optional hint for the section it belongs to (e.g. "理论学习")

    @property
    def date_cn(self) -> str:
        """The date the way the document writes it."""
        return cn_date(self.date) if self.date else ""


class Task(_Model):
    """One main task of a plan."""

    title: Text = Field(min_length=1, max_length=200)
    detail: Text = ""


class ScheduleItem(_Model):
    """One month of a plan's 时间安排."""

    month: int = Field(ge=1, le=12)
    item: Text = Field(min_length=1)


class FactSheet(_Model):
    """Everything the secretary typed in, for one document."""

    kind: Kind = "annual_summary"
    year: int = Field(ge=2000, le=2100)
    theme: OptText = None
    guiding_thought: OptText = None
    branch: Branch
    members: Members = Field(default_factory=Members)
    activities: list[Activity] = Field(default_factory=list, max_length=_CAPS.max_activities)
    achievements: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    highlights: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    shortcomings: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    next_steps: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    goals: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    tasks: list[Task] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    schedule: list[ScheduleItem] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    safeguards: list[Text] = Field(default_factory=list, max_length=_CAPS.max_list_items)
    signature_date: dt.date | None = None  # the 落款 date; today when empty
    notes: OptText = None
    # The branch's ledger (台账): one record per meeting or activity, read from Excel/CSV/Word, classified.
    ledger: list[LedgerRecord] = Field(default_factory=list, max_length=MAX_LEDGER_RECORDS)
    # The secretary's answers to the checklist of each section (templates/checklists.yaml) for this kind:
    # section id -> item key -> a number, a text or a list of short texts. Typed Any here because what a value
    # may be depends on the kind: _answers_of_kind reads each against its item (drafter/facts/answers.py).
    answers: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _answers_of_kind(self) -> FactSheet:
        if not self.answers:
            return self
        answers, errors = check_answers(self.kind, KIND_LABELS[self.kind], self.answers)
        if errors:  # each located at answers.<section>.<key>, so the form shows it by the field
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        self.answers = answers
        return self

    @model_validator(mode="after")
    def _kind_specific(self) -> FactSheet:
        if self.kind == "thematic_summary" and not self.theme:
            raise ValueError("专项工作总结需要填写“专题名称”（theme）")
        for i, a in enumerate(self.activities, 1):
            if a.date and abs(a.date.year - self.year) > 1:
                raise ValueError(f"活动第{i}条：日期 {a.date.isoformat()} 与年度 {self.year} 不符")
        return self

    @property
    def guiding(self) -> str:
        """The guiding thought to write: the user's wording, or the current standard one."""
        return self.guiding_thought or DEFAULT_GUIDING_THOUGHT

    def items(self) -> list[FactItem]:
        """Every single fact as an addressable item; outlines assign these refs to sections."""
        out: list[FactItem] = []
        m = self.members
        if m.total is not None or m.probationary is not None or m.breakdown:
            parts = []
            if m.total is not None:
                parts.append(f"支部现有党员{m.total}名")
            if m.probationary:
                parts.append(f"其中预备党员{m.probationary}名")
            if m.breakdown:
                # "其中预备党员1名，其中60岁以上……": the second 其中 goes
                parts.append(m.breakdown.removeprefix("其中") if m.probationary else m.breakdown)
            out.append(FactItem(ref="members", field="members", text="，".join(parts)))
        if m.developed:
            out.append(FactItem(ref="members.developed", field="members.developed",
                                text="发展党员" + "、".join(m.developed), names=list(m.developed)))
        if m.activists:
            out.append(FactItem(ref="members.activists", field="members.activists",
                                text="入党积极分子" + "、".join(m.activists), names=list(m.activists)))
        for i, a in enumerate(self.activities):
            text = "，".join(x for x in (a.date_cn, a.title, a.detail) if x)
            out.append(FactItem(ref=f"activities[{i}]", field="activities", text=text,
                                title=a.title, category=a.category))
        for field in ("achievements", "highlights", "shortcomings", "next_steps", "goals", "safeguards"):
            for i, value in enumerate(getattr(self, field)):
                out.append(FactItem(ref=f"{field}[{i}]", field=field, text=value, title=value))
        for i, t in enumerate(self.tasks):
            out.append(FactItem(ref=f"tasks[{i}]", field="tasks", text="：".join(x for x in (t.title, t.detail) if x),
                                title=t.title))
        for i, s in enumerate(self.schedule):
            out.append(FactItem(ref=f"schedule[{i}]", field="schedule", text=f"{s.month}月：{s.item}", title=s.item))
        for a in answer_facts(self.kind, self.answers):
            # category names the answer's own section (documents.templates.route puts it there); no title: the
            # review looks for the fact's title or text in the draft, and the item's label is not written there
            out.append(FactItem(ref=a.ref, field="answers", text=a.text, category=a.section))
        if self.notes:
            # Long notes become several facts the user sees and can move in the outline; nothing is cut.
            pieces = split_notes(self.notes)
            for i, piece in enumerate(pieces):
                ref = "notes" if len(pieces) == 1 else f"notes[{i}]"  # one piece keeps the ref older drafts use
                out.append(FactItem(ref=ref, field="notes", text=piece))
        return out

    def item(self, ref: str) -> FactItem | None:
        """The item with this ref, if the sheet has it."""
        return self.item_index().get(ref)

    def item_index(self) -> dict[str, FactItem]:
        """Ref -> item, for callers that look up many refs."""
        return {it.ref: it for it in self.items()}


NOTE_CHARS = 200  # the longest piece of 其他说明 that is one fact (a section task takes up to 300 characters a fact)
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_CLAUSE_END = re.compile(r"(?<=[，、,：:])")


def split_notes(text: str, limit: int = NOTE_CHARS) -> list[str]:
    """其他说明 as facts: one per paragraph, a long paragraph split at sentence ends (a long sentence at commas,
    a long clause every `limit` characters). Joined back, the pieces are the whole text without line breaks."""
    out: list[str] = []
    for para in (p.strip() for p in text.splitlines()):
        if not para:
            continue
        piece = ""
        for unit in _units(para, limit):
            if piece and len(piece) + len(unit) > limit:
                out.append(piece)
                piece = ""
            piece += unit
        if piece:
            out.append(piece)
    return out


def _units(para: str, limit: int) -> list[str]:
    """The paragraph's sentences, each no longer than the limit (split at clauses, then by length)."""
    units: list[str] = []
    for sent in (x for x in _SENTENCE_END.split(para) if x):
        if len(sent) <= limit:
            units.append(sent)
            continue
        for clause in (x for x in _CLAUSE_END.split(sent) if x):
            units.extend(clause[i:i + limit] for i in range(0, len(clause), limit))
    return units


class FactItem(BaseModel):
    """One fact, addressable by ref ("activities[2]"), as the outline and the review see it."""

    ref: str
    field: str
    text: str
    title: str = ""
    category: str | None = None
    names: list[str] = Field(default_factory=list)

    @property
    def numbers(self) -> list[str]:
        """The numbers this fact states (digits only, as written)."""
        return re.findall(r"\d+(?:\.\d+)?", self.text)
