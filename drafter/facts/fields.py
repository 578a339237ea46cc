"""The one table of the fact sheet's fields: Chinese label, what one item is called, character limit, form block
(templates/fields.yaml). Validation messages, the form, review and drafting all read it."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from drafter.text.checks import load_words


class FieldSpec(BaseModel):
    """One field of the sheet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    full: str | None = None  # the label with its block, for messages ("支部信息的名称")
    item: str | None = None  # what one entry of a list field is called ("活动" → 活动第3条)
    limit: int | None = None  # most characters the whole field takes (a list field: all its lines)
    group: str | None = None  # the form block it belongs to


@cache
def fields() -> dict[str, FieldSpec]:
    """Every field by its key, as templates/fields.yaml lists them."""
    return {k: FieldSpec.model_validate(v) for k, v in load_words("fields.yaml").items()}


def label(key: str) -> str:
    """The field's Chinese label (the key itself when unknown)."""
    spec = fields().get(key)
    return spec.label if spec else key


def full_label(key: str) -> str:
    """The label a message names the field by ("支部信息的名称")."""
    spec = fields().get(key)
    return (spec.full or spec.label) if spec else key


def item_label(key: str) -> str | None:
    """What one entry of a list field is called, or None for a field that is not a list."""
    spec = fields().get(key)
    return spec.item if spec else None


def limits() -> dict[str, int]:
    """Field key -> the most characters it takes."""
    return {k: v.limit for k, v in fields().items() if v.limit}


def group(key: str) -> str:
    """The form block a field belongs to ("basics" when none is named)."""
    spec = fields().get(key)
    return (spec.group if spec and spec.group else "basics")
