"""Claims of a routine (三会一课, 主题党日 …) the fact sheet does not mention (word lists in templates/claims.yaml)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafter.errors import TemplateError
from drafter.proofreading.findings import Finding, Where
from drafter.proofreading.matcher import normalize
from drafter.settings import RESOURCE_ROOT

CLAIMS_FILE = RESOURCE_ROOT / "templates" / "claims.yaml"


class Routine(BaseModel):
    """One routine: the words that claim it and the words in the facts that back it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    words: tuple[str, ...] = Field(min_length=1)
    facts: tuple[str, ...] = Field(min_length=1)


class ClaimsFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")

    routines: list[Routine]


@cache
def load_routines(path: Path = CLAIMS_FILE) -> tuple[Routine, ...]:
    """Read templates/claims.yaml (cached); a broken file is a developer's error."""
    try:
        return tuple(ClaimsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).routines)
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"{path.name} 无法读取：{exc}") from None
    except ValidationError as exc:
        raise TemplateError(f"{path.name} 格式有误：{exc.errors()[0]['msg']}") from None


def find_claims(section_id: str | None, text: str, fact_texts: Sequence[str], where: Where = "text") -> list[Finding]:
    """Each first mention per routine in the text when no fact mentions the routine."""
    facts = normalize("\n".join(fact_texts))
    out: list[Finding] = []
    for r in load_routines():
        if any(normalize(w) in facts for w in r.facts):
            continue
        hits = [(text.find(w), w) for w in r.words if w in text]
        if not hits:
            continue
        start, word = min(hits)
        out.append(Finding(
            section_id=section_id, start=start, end=start + len(word), text=word, severity="warning",
            rule="claimed_routine", where=where,
            message=f"文中写了{r.name}，材料里没有提到。如确有其事，请在“① 事实材料”中补上；"
                    "否则请删去这句，以免写出没有做过的工作"))
    return out
