"""What a writer hands back and what a run reports: SectionResult (text with provenance) and DraftEvent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from drafter.documents.draft import Dropped, Section, SectionStatus, Span, VersionSource

# "delta" carries text that stays (append-only: the final text only adds to what was shown); "progress" carries,
# for a section the model writes whole, the count of characters accepted so far (its raw reply is never shown).
EventType = Literal["start", "delta", "progress", "done", "cut_off", "failed"]
# Which writer produced a text: "compose" (template backbone + checked model sentences) or "free" (the model).
Path = Literal["compose", "free"]


@dataclass
class DraftEvent:
    """Progress of one section, for the UI and the CLI."""

    section_id: str
    type: EventType
    text: str = ""
    error: str | None = None


OnEvent = Callable[[DraftEvent], None]


@dataclass
class SectionProgress:
    """What one section of a run has shown so far; the UI's live view and the CLI's progress lines both keep one
    per section and feed it every event (the one place events are read)."""

    status: str = "waiting"  # waiting / start / delta / done / cut_off / failed
    text: str = ""  # text that stays (append-only on the compose path; the whole text once done)
    chars: int = 0  # characters accepted so far (the free path shows a count, never the raw reply)
    error: str | None = None

    def apply(self, ev: DraftEvent) -> None:
        """Take one event (plain attribute updates: safe from the engine's worker threads)."""
        if ev.type == "start":
            self.status, self.text, self.error, self.chars = "start", "", None, 0
        elif ev.type == "delta":
            self.status = "delta"
            self.text += ev.text
            self.chars += len(ev.text)
        elif ev.type == "progress":
            self.status = "delta"
            self.chars = int(ev.text or 0)
        else:
            self.status = ev.type
            self.text = ev.text or self.text
            self.chars = len(self.text)
            self.error = ev.error


@dataclass
class SectionResult:
    """One section as a writer produced it: the text, each sentence's source, what the checks refused."""

    text: str
    path: Path
    spans: list[Span] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    status: SectionStatus = SectionStatus.DONE
    error: str | None = None  # shown beside the section (stopped, cut off, unchanged) — the text still counts

    def record(self, section: Section, source: VersionSource, instruction: str | None) -> None:
        """Keep the result as the section's new version, with its provenance (the one place that does)."""
        section.record(self.text, source, instruction, status=self.status, path=self.path, spans=self.spans,
                       dropped=self.dropped)
        section.error = self.error

    @property
    def event(self) -> EventType:
        """The event that ends this section's run."""
        return "cut_off" if self.status == SectionStatus.CUT_OFF else "done"
