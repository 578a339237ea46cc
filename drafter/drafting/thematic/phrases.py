"""The phrase patterns of templates/ledger_prose.yaml as a validated model, and their StrictUndefined rendering."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, StrictUndefined, Template
from pydantic import BaseModel, ConfigDict

from drafter.facts.ledger._data import load_model

PROSE_FILE = "ledger_prose.yaml"


class Item(BaseModel):
    """One total of the aggregate sentence: the verb it takes and its text."""

    model_config = ConfigDict(extra="forbid")

    verb: str
    text: str


class Aggregate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    opener: str
    sentence: str
    attendance: str
    attendance_min_records: int
    attendance_all: str = ""  # the whole ledger's rate (every record with 应到 and 实到)
    attendance_of: list[str] = []  # the routines a section's rate is taken over (its meetings)
    items: dict[str, Item]
    theme: Item
    theme_totalled: list[str] | None = None  # the themes totalled (None: every theme a row is classed as)
    # "支委会、党小组会做到每月召开": routines held in every month of the year, by how they are held
    monthly: dict[str, str] = {}
    monthly_sentence: str = ""
    quarterly: dict[str, str] = {}  # routines with a record in each quarter of the year
    quarterly_sentence: str = ""


class RecordPhrases(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sentence: str
    sentence_later: str = ""  # a record told after two dated ones: the date inside the sentence
    sentence_dateless: str = ""  # a case told after the paragraph's dated ones: no date at all
    sentence_dateless_own: str = ""  # … when its content names who did it
    when: str
    when_same: str = ""  # a record held the day the one told before it was ("同日")
    when_until: str = ""  # the end of a span after its first day ("至25日", "至8月2日"; month "" in the same month)
    subject: str
    place: str
    acts: dict[str, str]
    routine_with_clause: str
    routine_with_theme: str
    routine_with_theme_again: dict[str, str] = {}  # a routine told before in the section, said briefly
    lecture_by_host: str
    lecture_title_by_host: str
    lecture_clause_by_host: str = ""
    lecture_clause_verbs: list[str] = []
    secretary_title: str
    theme_default: str
    theme_acts: dict[str, str]
    theme_no_topic: str
    content: str
    people_both: str
    people_present: str
    people_first_clauses: int = 99  # a content of this many clauses or more: who came follows the act
    lead_verbs: list[str]
    procedure: str = ""  # steps of a procedure pasted without a verb ("自评、互评、民主测评") as one clause
    procedure_steps: list[str] = []  # how such a step ends
    lead_nouns: list[str] = []
    governing_verbs: list[str] = []
    no_people: list[str] = []
    place_not_venue: list[str] = []
    note_asides: list[str] = []  # a sentence of a note with one of these is about the record-keeping, not the work
    note_talk_verbs: list[str] = []
    note_talk: str = ""
    lecture_with: str = "结合"  # a lecture's content clause opening with this goes into the lecture's clause
    lecture_joined: str = ""
    lecture_verbs: list[str] = []  # a 结合 clause with one of these says its own act: it stays after the lecture
    outreach_themes: list[str] = []  # told by who went ("参加12人"), not 应到/实到
    place_generic: list[str] = []  # words of a place that do not name it  # names that open with a lead verb's characters ("组织生活会")
    clause_verbs: list[str]
    noun_verbs: dict[str, str]
    place_skip: list[str]
    retold_routines: list[str] = []  # routines whose title goes when the content retells it
    retold_share: float = 0.5  # share of the title's two-character pieces the content's first clause says again
    occasions: dict[str, str] = {}  # an occasion a title names, and how it is said when the title goes
    retold_occasion: str = ""
    own_rooms: list[str] = []  # a place ending so, of three or more records, is the branch's own room: not said
    lecture_words: list[str] = []  # a content clause saying these again after the lecture is dropped
    event_names: list[str] = []  # a 主题党日 whose topic names one of these was that event ("……推进会")
    theme_event_suffixes: list[str] = []  # "……研讨" as a 主题党日's topic: the theme is what was discussed
    theme_event_act: str = ""
    bare_acts: list[str] = []  # names of acts a ledger cell lists with commas ("对照检查，批评与自我批评")
    bare_acts_verb: str = ""
    note_subject_verbs: list[str] = []
    note_lecture_subject: str = ""  # what a lecture's note opening with a bare verb gets before it ("课上")
    note_total: str = ""
    count_clause_chars: int = 0  # a note this short that counts something joins its record's sentence  # a note that only counts the told act joins its sentence ("，共21人次")  # a note opening with one of these gets the record's subject


class ThemePhrases(BaseModel):
    model_config = ConfigDict(extra="forbid")

    several: str
    several_more: str
    one: str
    count_only: str
    others: str
    others_more: str
    max_named: int
    separator: str
    strip_suffix: list[str]
    named_as: dict[str, str]
    named_as_skip: list[str]
    date_patterns: list[str]
    focus: dict[str, str]
    # a record of the rest whose note or content holds a figure keeps it ("在“……”中，排查整改安全隐患17处")
    figured_item: str = ""
    figured_sentence: str = ""
    rest_first: str = ""
    rest_next: str = ""
    rest_same: str = ""
    rest_own: str = ""
    rest_when: str = "{{ month }}月"
    rest_undated: str = "{{ subject }}还{{ action }}"
    max_figured: int = 3
    max_dated: int = 2  # ledger rows a paragraph tells with their date; the rest of it is told without one
    # the agendas of a routine meeting, named without dates ("支部党员大会先后传达学习……、讨论接收预备党员等")
    agenda_routines: list[str] = []
    agenda: str = ""
    agendas: dict[str, str] = {}  # a routine's own pattern ("支委会先后研究了……等事项")
    agenda_strip: dict[str, list[str]] = {}  # verbs an agenda opens with that the pattern says already
    agenda_figures_of: list[str] = []  # the routines whose rows' figures follow their agendas (what they decided)
    agenda_figure_skip: list[str] = []  # a clause with these is about the meeting, not what it decided
    agenda_decisions: list[str] = []  # a clause with these is a decision on a member, told without a figure
    agenda_decided: str = "{{ when }}{{ meeting }}{{ clause }}"  # one meeting's decisions, by its month
    agenda_meeting_when: str = "{{ month }}月的"
    agenda_votes: str = ""  # a clause counting a meeting's votes (dropped when the sheet tells some of what it voted)
    agenda_common_words: list[str] = []  # words an agenda and a decision share without telling the same thing
    agenda_meeting_again: str = "会议"  # the meeting of a later item, after the first named it by its label
    agenda_decisions_sentence: str = "{{ items }}。"
    agenda_comma: str = ""  # what a comma inside one agenda becomes ("并")
    max_agenda: int = 5
    max_agenda_figures: int = 3
    # the 党课 of the rest, by who gave them
    lectures: str = ""
    lectures_by_one: str = ""


class MeasureGroup(BaseModel):
    """Records whose story is one of `keys`, told as one measure after one of its leads ("抓好党课教育")."""

    model_config = ConfigDict(extra="forbid")

    leads: list[str]
    keys: list[str]
    told: int | None = None  # cases told in detail (Measures.told when None)
    by_org: dict[str, list[str]] = {}  # the leads for one kind of branch (FactSheet branch.org_type)
    facts: list[str] = []  # the sheet's facts (refs) told right after the lead, before the cases
    notes_with: list[str] = []  # the secretary's notes with one of these words are told after those facts


class Measures(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ordinals: list[str]
    lead: str
    told: int
    groups: list[MeasureGroup]
    rest_one: str
    by_routine: list[str] = []


class Chronicle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_run: int
    date_openers: list[str]
    enumerators: list[str]


class ProsePhrases(BaseModel):
    """templates/ledger_prose.yaml."""

    model_config = ConfigDict(extra="forbid")

    aggregate: Aggregate
    record: RecordPhrases
    figure_units: list[str]
    theme: ThemePhrases
    measures: Measures
    chronicle: Chronicle


def load_phrases(folder: Path | None = None) -> ProsePhrases:
    """templates/ledger_prose.yaml (cached)."""
    return load_model(PROSE_FILE, ProsePhrases, folder)


@functools.cache
def _template(source: str) -> Template:
    return Environment(undefined=StrictUndefined, autoescape=False).from_string(source)


def render(source: str, **values: object) -> str:
    """A pattern rendered with StrictUndefined: a missing value is an error, never an empty gap."""
    return _template(source).render(**values)
