"""bench/eval_quality.py finds the ledger a sheet is drafted with from the sheet's own usage comment."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from drafter.settings import RESOURCE_ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("eval_quality", RESOURCE_ROOT / "bench" / "eval_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_sheets_name_the_ledgers_eval_ledger_drafts_them_with(bench) -> None:
    found = {p.relative_to(RESOURCE_ROOT).as_posix(): bench.ledger_of(p).relative_to(RESOURCE_ROOT).as_posix()
             for p in sorted((RESOURCE_ROOT / "examples").rglob("*.yaml")) if bench.ledger_of(p)}
    assert found == dict(bench.eval_ledger.PAIRS)


def test_a_missing_ledger_stops_the_bench(bench, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text("# drafter draft sheet.yaml --ledger examples/ledgers/none.csv\nkind: annual_summary\n",
                     encoding="utf-8")
    with pytest.raises(SystemExit, match="none.csv"):
        bench.ledger_of(sheet)
    sheet.write_text("kind: annual_summary\n# --ledger examples/ledgers/none.csv (below the header)\n", encoding="utf-8")
    assert bench.ledger_of(sheet) is None
