"""The fact sheet: what the secretary knows, validated, with a YAML file format and Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from drafter.errors import FactsError
from drafter.safeinput import AliasRefused, NoAliasSafeLoader
from drafter.settings import Limits, configured_limits
from drafter.textutil import clean_text, cn_date

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

# The wording used when the secretary leaves 指导思想 empty; current for reports of 2025-2026.
DEFAULT_GUIDING_THOUGHT = "习近平新时代中国特色社会主义思想"

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


# --- Chinese validation messages ------------------------------------------------------------

FIELD_LABELS: dict[str, str] = {
    "kind": "文稿类型", "year": "年度", "theme": "专题名称", "guiding_thought": "指导思想",
    "branch": "支部信息", "name": "名称", "short_name": "简称", "org_type": "单位类型",
    "parent_org": "上级党组织", "secretary": "支部书记", "members": "党员情况", "total": "党员总数",
    "probationary": "预备党员数", "breakdown": "党员构成", "developed": "新发展党员",
    "activists": "入党积极分子", "activities": "活动", "date": "日期", "title": "标题",
    "detail": "内容", "category": "类别", "achievements": "成绩荣誉", "highlights": "特色亮点",
    "shortcomings": "存在不足", "next_steps": "下一步打算", "goals": "工作目标", "tasks": "主要任务",
    "schedule": "时间安排", "month": "月份", "item": "事项", "safeguards": "保障措施",
    "signature_date": "落款日期", "notes": "其他说明",
}
_LIST_FIELDS = {"activities": "活动", "tasks": "任务", "schedule": "时间安排", "achievements": "成绩荣誉",
                "highlights": "特色亮点", "shortcomings": "存在不足", "next_steps": "下一步打算",
                "goals": "工作目标", "safeguards": "保障措施", "developed": "新发展党员",
                "activists": "入党积极分子"}


def _where(loc: tuple[Any, ...]) -> str:
    """('activities', 2, 'date') -> 活动第3条的日期."""
    parts: list[str] = []
    i = 0
    while i < len(loc):
        key = loc[i]
        if isinstance(key, str) and i + 1 < len(loc) and isinstance(loc[i + 1], int) and key in _LIST_FIELDS:
            parts.append(f"{_LIST_FIELDS[key]}第{loc[i + 1] + 1}条")
            i += 2
            continue
        if isinstance(key, str):
            parts.append(FIELD_LABELS.get(key, key))
        i += 1
    return "的".join(parts) if parts else "事实材料"


def _message(err: dict[str, Any]) -> str:
    """One pydantic error as a Chinese sentence naming the field and position."""
    loc = tuple(err.get("loc", ()))
    typ = err.get("type", "")
    where = _where(loc)
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
    try:
        return FactSheet.model_validate(data)
    except ValidationError as exc:
        raise FactsError([_message(e) for e in exc.errors()]) from None


class _NoDatesLoader(NoAliasSafeLoader):
    """SafeLoader that leaves dates as strings, so a bad date gets pydantic's positioned message."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_facts_yaml(text: str, limits: Limits | None = None) -> FactSheet:
    """Parse YAML text into a FactSheet (refusing oversized text and YAML anchors/aliases before parsing)."""
    cap = (limits or _CAPS).facts_max_bytes
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
