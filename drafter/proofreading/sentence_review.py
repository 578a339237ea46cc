"""The review's rules applied to one sentence a writer proposes: the first reason to refuse it, or None.

Both writers ask this (compose.py for a sentence of effect, sentence_filter.py for a free reply's sentences); what
refuses a sentence is named here, once.
"""

from __future__ import annotations

from drafter.proofreading.rules_era import find_era
from drafter.proofreading.rules_facts import Support, find_unsupported
from drafter.proofreading.rules_style import find_chatbot, find_placeholders

# A sentence of effect states nothing of its own: any claim the facts do not back refuses it.
EFFECT_REFUSES = ("unsupported",)
# A free paragraph is checked more leniently: only names and honours the facts do not hold refuse a sentence
# (errors always do); other unsupported claims stay for the review to show.
FREE_REFUSES = ("unsupported_name", "unsupported_honour")


def review_objection(sentence: str, *, support: Support, year: int, fact_texts: list[str],
                     refuse: tuple[str, ...]) -> str | None:
    """The message of the first error, or of a finding whose rule starts with one of `refuse`, else None:
    placeholders, chatbot lines, stale slogans, numbers, names and honours the facts do not hold."""
    for finding in (find_placeholders(None, sentence) + find_chatbot(None, sentence)
                    + find_era(None, sentence, year, fact_texts) + find_unsupported(None, sentence, support)):
        if finding.severity == "error" or finding.rule.startswith(refuse):
            return finding.message
    return None
