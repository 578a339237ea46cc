"""Telling records the way the genre does: a section opens with the totals of its routines, tells one to three
representative records in detail and names the rest by theme — never a dated chronicle (chronicle.py checks it).
Phrases live in templates/ledger_prose.yaml."""
