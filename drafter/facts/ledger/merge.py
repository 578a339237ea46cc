"""A ledger imported again, or a second file, merged into the records kept: no duplicates, corrections kept."""

from __future__ import annotations

from collections import defaultdict

from drafter.facts.ledger.models import LedgerRecord

# Fields a later import may fill when the kept record has them empty (the secretary's edits are never overwritten).
_FILLABLE = ("content", "expected", "present", "place", "host", "note", "routine")


def merge(existing: list[LedgerRecord], new: list[LedgerRecord]) -> tuple[list[LedgerRecord], int, int]:
    """(merged records in date order, how many were added, how many were already there) by LedgerRecord.key().

    Keys count as a multiset: a file holding two rows with the same key, imported twice, still gives two records.
    A record already kept stays as it is (its class corrected by hand and a note typed in the app included); only
    its empty fields are filled."""
    kept = [r.model_copy() for r in existing]
    free: dict[tuple, list[int]] = defaultdict(list)
    for i, record in enumerate(kept):
        free[record.key()].append(i)
    added = duplicates = 0
    for record in new:
        slots = free.get(record.key())
        if slots:
            i = slots.pop(0)
            # a note typed in the app, emptied ones included, is the secretary's: the file's does not replace it
            fillable = [f for f in _FILLABLE if not (f == "note" and kept[i].note_typed)]
            updates = {f: getattr(record, f) for f in fillable if getattr(kept[i], f) in ("", None)
                       and getattr(record, f) not in ("", None)}
            if updates:
                kept[i] = kept[i].model_copy(update=updates)
            duplicates += 1
        else:
            kept.append(record.model_copy())
            added += 1
    kept.sort(key=lambda r: r.date)  # stable: rows of one day keep their order
    return kept, added, duplicates
