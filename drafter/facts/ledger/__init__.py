"""The branch's ledger (台账): its rows read from .xlsx/.csv/.docx, classified into the routines of the
支部工作条例 or an activity theme, counted, and checked against the usual minimums."""
