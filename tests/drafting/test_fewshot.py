"""Few-shot selection: budget, preference order, determinism, parts for a role."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from drafter.drafting.fewshot import rank_samples, select_samples
from drafter.drafting.samples import Sample, SampleLibrary, SampleMeta

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
KINDS = ["annual_summary", "annual_plan", "thematic_summary"]


@pytest.fixture(scope="module")
def library() -> SampleLibrary:
    return SampleLibrary.load(SAMPLES)


@pytest.mark.parametrize("role", [None, "opening", "body", "problems", "next", "ending", "组织建设"])
@pytest.mark.parametrize("kind", KINDS)
def test_budget_is_never_exceeded(library, role, kind):
    for budget in (0, 1, 59, 300, 1000, 2500, 6000, 15000, 60000):
        for org in ("school", "village", "hospital"):
            chosen = select_samples(library, kind, org, budget, role=role)
            assert sum(e.tokens for e in chosen) <= budget
            assert len({e.sample_id for e in chosen}) == len(chosen)  # one excerpt per sample at most
            assert all(e.tokens > 0 and e.text for e in chosen)


def test_negative_budget_gives_nothing(library):
    assert select_samples(library, "annual_summary", "school", -5) == []


def test_same_kind_comes_first(library):
    plan = select_samples(library, "annual_plan", "village", 60000)
    assert plan[0].sample_id == "seed-002" and plan[0].whole
    thematic = select_samples(library, "thematic_summary", "village", 60000)
    assert thematic[0].sample_id == "seed-004"
    # With room for only one whole document, it is the one of the asked kind.
    one = select_samples(library, "annual_plan", "school", library.get("seed-002").tokens)
    assert [(e.sample_id, e.whole) for e in one] == [("seed-002", True)]


def test_same_org_type_comes_next(library):
    ranked = [s.id for s in rank_samples(library, "annual_summary", "village")]
    assert ranked[:2] == ["seed-003-3", "seed-003-1"]  # village summaries, fewer defects first
    assert set(ranked[-2:]) == {"seed-002", "seed-004"}  # other kinds last
    school = [s.id for s in rank_samples(library, "annual_summary", "school")]
    # Same kind and org type: fewer listed defects first, then by id.
    assert school[:5] == ["seed-000", "seed-003-4", "seed-003-5", "seed-001", "seed-003-2"]


def test_deterministic_whatever_the_input_order(library):
    first = select_samples(library, "annual_summary", "school", 9000, role="body")
    shuffled = list(library)
    random.Random(7).shuffle(shuffled)
    assert select_samples(shuffled, "annual_summary", "school", 9000, role="body") == first
    assert select_samples(library, "annual_summary", "school", 9000, role="body") == first


def test_parts_when_whole_samples_do_not_fit(library):
    smallest = min(s.tokens for s in library)
    budget = smallest - 1
    problems = select_samples(library, "annual_summary", "school", budget, role="problems")
    assert problems and not any(e.whole for e in problems)
    assert {e.sample_id: e.part for e in problems}["seed-000"] == "三、党支部工作成绩和不足"
    opening = select_samples(library, "annual_summary", "school", 400, role="opening")
    assert opening and all(e.part == "开头" for e in opening)
    assert opening[0].text == library.get("seed-000").parsed.opening_text()
    body = select_samples(library, "annual_summary", "school", 700, role="body")
    assert body[0].sample_id == "seed-000" and body[0].part.startswith("一、")
    assert body[0].text.startswith("一、党支部工作目标和理念\n1、党支部工作目标")
    ending = select_samples(library, "annual_summary", "school", 500, role="ending")
    assert [e.sample_id for e in ending] == ["seed-001", "seed-003-1"]
    assert ending[0].text.endswith("江北区实验小学\n20131")


def _sample(sid: str, kind: str, org: str, origin: str = "shipped", defects: int = 0) -> Sample:
    meta = SampleMeta(id=sid, title=sid, kind=kind, org_type=org, origin=origin,
                      defects=[{"code": "x"}] * defects)
    return Sample.from_text(f"{sid}\n开头。\n一、学习\n" + "内容。" * 50, meta)


def test_user_samples_and_fewer_defects_are_preferred():
    lib = [_sample("a", "annual_summary", "school", defects=2), _sample("b", "annual_summary", "school"),
           _sample("c", "annual_summary", "school", origin="user", defects=0),
           _sample("d", "annual_plan", "school"), _sample("e", "annual_summary", "village")]
    assert [s.id for s in rank_samples(lib, "annual_summary", "school")] == ["c", "b", "a", "e", "d"]
