"""Choose few-shot samples for a kind and org type under a token budget."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from drafter.documents.parse import ParsedSection
from drafter.drafting.samples import Sample
from drafter.text.tokens import count_tokens

# Headings that mark the part a role asks for; searched in every section, outer levels first.
# Bare "问题" is not enough: "解决群众关心的实际问题" (seed 003 篇三) is an achievement.
ROLE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "problems": ("存在的问题", "存在问题", "问题与不足", "问题和不足", "不足", "差距", "短板", "有待", "薄弱"),
    "next": ("下一步", "明年", "今后", "打算", "努力方向", "工作计划", "展望"),
}
ROLES = ("opening", "body", "problems", "next", "ending")
# A body fragment smaller than this (one list line) teaches nothing and only eats budget.
MIN_BODY_TOKENS = 60


class Excerpt(BaseModel):
    """A sample or part of one, ready to show the model."""

    sample_id: str
    title: str
    kind: str
    org_type: str
    year: int | None
    part: str  # "全文", "开头", "结尾" or the section's heading line
    text: str
    tokens: int
    whole: bool


def rank_key(sample: Sample, kind: str, org_type: str) -> tuple:
    """Sort key: same kind, then same org type, then the user's own, then fewer defects, then id."""
    return (sample.kind != kind, sample.org_type != org_type, sample.meta.origin != "user",
            len(sample.meta.defects), sample.id)


def rank_samples(samples: Iterable[Sample], kind: str, org_type: str) -> list[Sample]:
    """Samples in the order select_samples considers them."""
    return sorted(samples, key=lambda s: rank_key(s, kind, org_type))


def _excerpt(sample: Sample, part: str, text: str, *, whole: bool) -> Excerpt:
    tokens = sample.tokens if whole else count_tokens(text)
    return Excerpt(sample_id=sample.id, title=sample.title, kind=sample.kind, org_type=sample.org_type,
                   year=sample.meta.year, part=part, text=text, tokens=tokens, whole=whole)


def _section_label(section: ParsedSection) -> str:
    return section.heading_line if section.heading else f"{section.marker}{section.body[:16]}…"


def _largest_fitting(sections: Iterable[ParsedSection], sample: Sample, budget: int) -> Excerpt | None:
    best: Excerpt | None = None
    for section in sections:
        text = section.text()
        if not text:
            continue
        candidate = _excerpt(sample, _section_label(section), text, whole=False)
        # Strictly larger wins, so among equals the earlier section is kept (deterministic).
        if MIN_BODY_TOKENS <= candidate.tokens <= budget and (best is None or candidate.tokens > best.tokens):
            best = candidate
    return best


def part_for_role(sample: Sample, role: str | None, budget: int) -> Excerpt | None:
    """The part of a sample that serves the role and fits the budget, or None."""
    doc = sample.parsed
    role = role or "body"
    if role == "opening":
        text = doc.opening_text()
        candidate = _excerpt(sample, "开头", text, whole=False) if text else None
    elif role == "ending":
        # A bare 落款 teaches nothing; only concluding paragraphs make an ending worth showing.
        lines = list(doc.ending)
        if lines and doc.closing:
            lines += [x for x in (doc.closing.unit, doc.closing.date_text) if x]
        candidate = _excerpt(sample, "结尾", "\n".join(lines), whole=False) if lines else None
    elif role == "body":
        top = _largest_fitting(doc.sections, sample, budget)
        # No top-level section fits: one sub-section still shows the style.
        return top or _largest_fitting((s for s in doc.walk() if s.level == 2), sample, budget)
    else:
        keywords = ROLE_KEYWORDS.get(role, (role,))
        section = doc.find(keywords)
        candidate = _excerpt(sample, _section_label(section), section.text(), whole=False) if section else None
    return candidate if candidate is not None and 0 < candidate.tokens <= budget else None


def select_samples(library: Iterable[Sample], kind: str, org_type: str, budget_tokens: int, *,
                   role: str | None = None) -> list[Excerpt]:
    """Whole samples while they fit, else the part that serves the role; never more than budget_tokens in all."""
    remaining = max(0, int(budget_tokens))
    chosen: list[Excerpt] = []
    for sample in rank_samples(library, kind, org_type):
        if remaining <= 0:
            break
        if 0 < sample.tokens <= remaining:
            excerpt: Excerpt | None = _excerpt(sample, "全文", sample.text, whole=True)
        else:
            excerpt = part_for_role(sample, role, remaining)
        if excerpt is None:
            continue
        chosen.append(excerpt)
        remaining -= excerpt.tokens
    return chosen
