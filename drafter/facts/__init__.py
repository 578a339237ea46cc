"""What the secretary knows: the fact sheet (sheet.py: pydantic models, YAML in and out, field limits and labels)
and the branch's ledger (ledger/: 台账 rows read from Excel, CSV or Word, classified into routines and counted)."""
