"""No template sentence written without facts claims a routine (三会一课, 主题党日 …) the facts may not hold."""

from __future__ import annotations

import pytest
import yaml

from drafter.proofreading.rules_claims import find_claims
from drafter.settings import RESOURCE_ROOT

KINDS = ["annual_summary", "annual_plan", "thematic_summary"]


def _sentences(kind: str) -> list[str]:
    data = yaml.safe_load((RESOURCE_ROOT / "templates" / f"{kind}.yaml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in ("lead", "empty", "closing", "opening", "tail"):
            out.append(value)

    walk(data)
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_template_prose_claims_no_routine(kind):
    sentences = _sentences(kind)
    assert sentences  # the walk found the template's prose
    claims = {s: [f.text for f in find_claims(None, s, [])] for s in sentences}
    assert not {s: c for s, c in claims.items() if c}
