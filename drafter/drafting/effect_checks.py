"""The checks a model's sentence of effect must pass before it follows a fact (the compose path).

Word lists and patterns: templates/checks.yaml (effect); the review's own rules via proofreading.sentence_review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from drafter.documents.templates import sentence
from drafter.drafting.postprocess import tidy
from drafter.facts.sheet import FactSheet
from drafter.proofreading.rules_facts import Support
from drafter.proofreading.sentence_review import EFFECT_REFUSES, review_objection
from drafter.text.checks import RETELL_RUN, latin_words, load_words, prompt_echo, repeated_run, wrong_tense
from drafter.text.clean import bigrams, count_chars
from drafter.text.sentences import split_sentences

EFFECT_CHARS = (14, 48)  # the accepted length of an effect sentence, in characters


@cache
def _rx(key: str) -> re.Pattern[str]:
    return re.compile(load_words("checks.yaml")["effect"][key])


def new_things() -> tuple[str, ...]:
    """Words that bring in a new event, person or body the fact does not name."""
    return tuple(load_words("checks.yaml")["effect"]["new_things"])


def overclaims(text: str) -> bool:
    """A claim a reader marks in red after one activity ("壮大", "成效显著")."""
    return bool(_rx("overclaim").search(text))


@dataclass
class EffectContext:
    """What a reply is checked against: the document's facts and wording, its kind, the org type's words."""

    facts: FactSheet
    support: Support
    fact_text: str
    plan: bool
    foreign_words: tuple[str, ...]  # words of other kinds of units (公司 in a village's text)
    examples: tuple[str, ...] = ()  # the effect phrases offered to the model: copying them is not writing
    names: tuple[str, ...] = ()  # people of the sheet: a sentence of effect names nobody

    @classmethod
    def create(cls, facts: FactSheet, org_words: dict[str, list[str]]) -> EffectContext:
        """The context for one fact sheet; org_words maps an org type to words only such a unit uses."""
        from drafter.proofreading.rules_common import fact_texts

        text = " ".join(fact_texts(facts)) + facts.guiding + (facts.theme or "")
        own = set(org_words.get(facts.branch.org_type, []))
        foreign = tuple(dict.fromkeys(w for org, words in org_words.items() if org != facts.branch.org_type
                                      for w in words if w not in own and w not in text))
        m = facts.members
        names = tuple(n for n in [*m.developed, *m.activists, facts.branch.secretary or ""] if len(n) >= 2)
        return cls(facts, Support.from_facts(facts, facts.year), text, facts.kind == "annual_plan", foreign,
                   names=names)


def check_effect(reply: str, fact: str, ctx: EffectContext, written: str, section: str = "") -> tuple[str, str | None]:
    """(the sentence, None) when a model's effect sentence may follow the fact, else (text, why it may not);
    written is the document so far, section the text of this section so far."""
    text = tidy(reply).split("\n")[0].strip().strip("“”\"'")
    # The first sentence up to a full stop, not drafter.text.sentences' split: a ； inside it is a reason to reject.
    m = re.match(r"[^。！？]*[。！？]", text)
    text = sentence(m.group(0) if m else text)
    n = count_chars(text)
    if not EFFECT_CHARS[0] <= n <= EFFECT_CHARS[1]:
        return text, f"长度{n}字"
    copied = [e for e in ctx.examples if e in text]
    checks: list[tuple[bool, str]] = [
        ("；" in text or text.count("，") > 3 or _short_clauses(text), "罗列短语，不成句"),
        (prompt_echo(text, "effect") is not None, "复述了提示词"),  # "这项工作意义或成效是：……"
        (len(copied) >= 2 or (copied and n - len(copied[0]) < 14), "照抄了参考说法"),
        (bool(_rx("frequency").search(text)), "写了事实中没有的频次"),
        (bool(_rx("digits").search(text)), "有数字或数量"),
        (bool(_rx("time").search(text)), "写了时间"),
        (bool(latin_words(text, [ctx.fact_text])), "夹有外文"),
        (bool(_rx("quote").search(text)), "有书名或引文"),
        (any(name in text for name in ctx.names), "写了人名（事实只讲一次，在事实句里）"),
        (any(w in text and w not in fact for w in new_things()), "引入了事实中没有的活动或人物"),
        (any(w in text for w in ctx.foreign_words), "用了其他类型单位的说法"),
        (wrong_tense(text, plan=ctx.plan, year=ctx.facts.year, strict=True) is not None,
         "计划写成了已完成" if ctx.plan else "总结写成了打算"),
        (any(m.group(0) not in fact for m in _rx("overclaim").finditer(text)), "夸大或与这项工作无关的成效"),
        (bool(_rx("pronoun").search(text)), "用了人称代词"),
        (bool(_rx("self_reference").search(text)), "提到了文稿本身"),
        (_same_start(text, written, 6) or _same_start(text, section, 2), "与前文句式相同"),
        (_same_claim(text, written), "与前文或本节结语的成效说法相同"),
        (repeated_run(text, written, RETELL_RUN) is not None, "与前文用语重复"),
        (bool(_rx("push_more").search(text)), "搭配不当（推动了……更加……）"),
        (bool(_rx("bad_phrases").search(text)), "搭配不当或拔高（读者划过红线的说法）"),
        # three clauses of effect after one activity claim more than it did ("转变了作风，提升了能力，规范了……")
        (re.sub(r"^通过[^，。]{1,14}，", "", text).count("，") > 1, "成效说得太多（一件事只说一层成效）"),
    ]
    for failed, why in checks:
        if failed:
            return text, why
    why = review_objection(text, support=ctx.support, year=ctx.facts.year, fact_texts=[ctx.fact_text],
                           refuse=EFFECT_REFUSES)
    if why:
        return text, why
    grams = bigrams(text)
    if grams and len(grams & bigrams(fact)) / len(grams) >= 0.5:
        return text, "复述了事实"
    if grams and len(grams & bigrams(written)) / len(grams) >= 0.6:
        return text, "与前文重复"
    return text, None




def _short_clauses(text: str) -> bool:
    """Three or more clauses, all after the first short: phrases strung together ("此举进一步转变作风，提升工作能力，
    规范支部建设。" stitched from the few-shot phrases), not a sentence."""
    clauses = [c for c in re.split(r"[，。！？]", text) if c]
    return len(clauses) >= 3 and max(count_chars(c) for c in clauses[1:]) <= 8


def _same_claim(text: str, written: str) -> bool:
    """The sentence claims what one written (or the section's closing) claims, of the same subject: "党员的党性修养得到
    进一步提升。" before "党员的理论素养和政治站位进一步提升，……" (reading 23: the same claim twice in a section)."""
    claim = re.search(r"进一步(..)", text)
    if claim is None:
        return False
    return any(sent[:3] == text[:3] and f"进一步{claim.group(1)}" in sent for sent in split_sentences(written))


def _same_start(text: str, written: str, n: int) -> bool:
    """The sentence's first n characters begin a sentence already written ("广大党员积极参与……" twice in the
    document, "此举……" twice in a section)."""
    head = text[:n]
    return len(head) == n and any(sent.startswith(head) for sent in split_sentences(written))
