"""What a drafting path can honour: instructions and lengths the page must not promise (templates/path_limits.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from drafter.errors import TemplateError
from drafter.settings import RESOURCE_ROOT

LIMITS_FILE = RESOURCE_ROOT / "templates" / "path_limits.yaml"


class PathLimits(BaseModel):
    """One path's limits: the words of wishes it cannot honour, and what to say instead."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unreachable: tuple[str, ...] = ()
    instruction: str = ""
    length: str = ""


@cache
def load_limits(path: Path = LIMITS_FILE) -> dict[str, PathLimits]:
    """The file, per path name (cached)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {name: PathLimits.model_validate(v) for name, v in data.items()}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise TemplateError(f"{path.name} 无法读取：{exc}") from None
    except ValidationError as exc:
        raise TemplateError(f"{path.name} 格式有误：{exc.errors()[0]['msg']}") from None


def length_settable(path: str) -> bool:
    """Whether the path writes to a length the user sets (the compose path's length is what the facts support)."""
    return not load_limits().get(path, PathLimits()).length


def length_note(path: str) -> str:
    """Why the length cannot be set on this path (empty when it can)."""
    return load_limits().get(path, PathLimits()).length


def unreachable_instruction(path: str, instruction: str | None) -> str | None:
    """What to say when a rewrite instruction asks for what this path cannot do (None: it can try)."""
    limits = load_limits().get(path)
    text = (instruction or "").strip()
    if limits is None or not text or not any(w in text for w in limits.unreachable):
        return None
    return limits.instruction.format(instruction=text)


def reachable(findings: Iterable[Any], path: str) -> list[Any]:
    """The review's findings without the length findings this path has no button for."""
    if length_settable(path):
        return list(findings)
    return [f for f in findings if getattr(f, "rule", None) != "length"]
