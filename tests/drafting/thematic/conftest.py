"""The fixture ledger every thematic test tells: its records classified, and their year's counts."""

from __future__ import annotations

import pytest

from drafter.facts.ledger.classify import classify_all
from drafter.facts.ledger.stats import compute_stats
from tests.facts.ledger._records import ledger


@pytest.fixture(scope="module")
def records():
    return classify_all(ledger())


@pytest.fixture(scope="module")
def stats(records):
    return compute_stats(records)
