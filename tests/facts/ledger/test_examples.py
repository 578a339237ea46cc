"""The example ledgers of examples/ledgers/ (the demo's and the bench's) read completely."""

from __future__ import annotations

from collections import Counter

from drafter.facts.ledger.read import read_ledger
from drafter.settings import RESOURCE_ROOT

FOLDER = RESOURCE_ROOT / "examples" / "ledgers"


def test_enterprise_xlsx_below_title_and_filler_rows() -> None:
    ledger = read_ledger(FOLDER / "企业党支部2025年三会一课台账.xlsx")
    assert ledger.header_row == 3 and ledger.year == 2025 and len(ledger.records) == 46
    assert Counter(r.kind for r in ledger.records) == {"支委会": 12, "党小组会": 12, "主题党日": 11, "支部党员大会": 4,
                                                        "党课": 3, "谈心谈话": 2, "组织生活会": 1, "民主评议党员": 1}
    assert all(r.date.year == 2025 and (r.present or 0) <= (r.expected or 28) <= 28 for r in ledger.records)
    assert [(r.row, "签名" in r.reason) for r in ledger.refused] == [(51, True)]  # the 审核人 line under the table
    assert not ledger.notes


def test_village_csv_other_header_names_in_gbk() -> None:
    path = FOLDER / "村党支部2025年活动记录.csv"
    path.read_bytes().decode("gbk")  # really GBK, as Excel on Chinese Windows writes it
    ledger = read_ledger(path)
    assert set(ledger.mapping) == {"date", "kind", "topic", "content", "present", "place", "host", "note"}
    assert len(ledger.records) == 20 and not ledger.refused and not ledger.notes
    assert Counter(r.kind for r in ledger.records)["支部委员会"] == 4
