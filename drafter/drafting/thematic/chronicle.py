"""The chronicle rule of the genre: no more than three sentences in a row may open with a date (a summary groups
work by theme, it is not a dated list). Patterns in templates/ledger_prose.yaml (chronicle)."""

from __future__ import annotations

import re

from drafter.drafting.thematic.phrases import ProsePhrases, load_phrases

# Full sentences only: a run of clauses joined by ； is one sentence of a chronicle.
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")


def opens_with_date(sentence: str, phrases: ProsePhrases | None = None) -> bool:
    """Whether a sentence starts with a date, after an enumerator such as 一是 or （二）."""
    ch = (phrases or load_phrases()).chronicle
    text = sentence.strip()
    for pattern in ch.enumerators:
        text = re.sub(rf"^(?:{pattern})\s*", "", text)
    return any(re.match(p, text) for p in ch.date_openers)


def chronicle_run(text: str, *, max_run: int | None = None, phrases: ProsePhrases | None = None) -> list[str]:
    """The first run of more than max_run consecutive sentences opening with a date ([] when none): the genre's
    "no dated chronicle" rule."""
    ph = phrases or load_phrases()
    limit = ph.chronicle.max_run if max_run is None else max_run
    run: list[str] = []
    for sentence in _SENTENCE.findall(text):
        if not sentence.strip():
            continue
        if opens_with_date(sentence, ph):
            run.append(sentence.strip())
            if len(run) > limit:
                # report the whole run, not just its first max_run + 1 sentences
                continue
        elif len(run) > limit:
            return run
        else:
            run = []
    return run if len(run) > limit else []


def is_chronicle(text: str, *, max_run: int | None = None, phrases: ProsePhrases | None = None) -> bool:
    """Whether more than max_run (3) sentences in a row open with a date."""
    return bool(chronicle_run(text, max_run=max_run, phrases=phrases))
