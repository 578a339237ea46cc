"""EngineContext: what drafting needs besides the draft and the model (settings, templates, prompts, samples,
the provider's drafting policy)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from drafter.documents.draft import Draft
from drafter.documents.templates import TemplateSet, load_templates
from drafter.drafting.compose import Composer
from drafter.drafting.events import Path
from drafter.drafting.exemplars import mine
from drafter.drafting.prompting import DocumentPrompt, PromptRenderer, build_document_prompt, load_prompts
from drafter.facts.sheet import FactSheet
from drafter.settings import Settings

MANUAL_SAMPLE_BUDGET = 1500  # tokens, when the user picked samples by hand (also on the local model)
@dataclass
class EngineContext:
    """What the engine needs besides the draft and the model: settings, templates, prompts, samples, policy."""

    settings: Settings
    templates: TemplateSet
    prompts: PromptRenderer
    library: Any | None = None  # drafter.drafting.samples.SampleLibrary
    local: bool = True  # text stays on this machine (the guard lets marked material through)
    path: Path = "free"  # "compose": template backbone + checked model sentences; "free": the model writes sections
    sample_budget: int = 2500  # tokens of samples in the shared prefix (free path)
    fewshot: bool = True  # compose path: effect phrases mined from the samples go into the model's prompt
    tokens_per_char: float = 0.9  # reply budget; cl100k-based models need more
    max_continuations: int = 2  # "continue" requests when a reply is short
    section_prompt: str = "section.j2"
    continue_prompt: str = "continue.j2"
    extra_texts: dict[str, str] = field(default_factory=dict)  # typed texts the guard must also scan

    @classmethod
    def create(cls, settings: Settings, *, samples: Any | None = None, sample_ids: list[str] | None = None,
               **overrides: Any) -> EngineContext:
        """A context for these settings, its policy from the provider preset; sample_ids restricts the library."""
        from drafter.llm.providers import draft_policy, effective_concurrency, text_stays_local

        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:  # a typo must fail here, not be ignored (bench/draft_concurrency.py once passed repair=False)
            raise TypeError(f"EngineContext has no field(s) {', '.join(sorted(unknown))}")
        policy = draft_policy(settings)
        library = samples
        values: dict[str, Any] = {}
        if samples is not None and sample_ids:
            library = _Subset(samples, sample_ids)
            values["sample_budget"] = MANUAL_SAMPLE_BUDGET  # the user's explicit choice is honoured
        # A server with one slot (the embedded model) only queues parallel requests and delays every section.
        settings = settings.with_overrides(concurrency=effective_concurrency(settings))
        values = {"settings": settings, "templates": load_templates(settings.templates_dir),
                  "prompts": load_prompts(settings.prompts_dir), "library": library,
                  "local": text_stays_local(settings), "path": policy.path, "sample_budget": policy.sample_budget,
                  "tokens_per_char": policy.tokens_per_char, "section_prompt": policy.section_prompt,
                  "continue_prompt": policy.continue_prompt, **values}
        values.update(overrides)
        return cls(**values)

    def max_tokens(self, target_chars: int) -> int:
        """A reply budget that fits the section's upper length bound with room, but not endless padding."""
        return math.ceil(target_chars * 1.5 * self.tokens_per_char) + 60

    def document_prompt(self, draft: Draft) -> DocumentPrompt:
        """The shared prefix of every free-path request for this draft (facts, samples); warnings go to the draft."""
        reply = max(self.max_tokens(s.target_chars) for s in draft.outline.sections)
        prompt = build_document_prompt(draft.facts, draft.outline, prompts=self.prompts, library=self.library,
                                       context_window=self.settings.context_window, reply_tokens=reply,
                                       sample_budget=self.sample_budget)
        for w in prompt.warnings:
            if w not in draft.warnings:
                draft.warnings.append(w)
        return prompt

    @property
    def composes(self) -> bool:
        """True on the compose path (template backbone + checked model sentences), False on the free path."""
        return self.path == "compose"

    def composer(self, facts: FactSheet) -> Composer:
        """The compose path's per-document composer, with the samples' effect phrases unless few-shot is off."""
        phrases = mine(self.library) if (self.fewshot and self.library is not None) else ()
        return Composer(facts, self.templates, self.prompts, phrases)


class _Subset:
    """A sample library restricted to chosen ids (what select_samples sees)."""

    def __init__(self, library: Any, ids: list[str]) -> None:
        chosen = set(ids)
        self.samples = [s for s in library.samples if s.id in chosen]
        self.warnings = list(getattr(library, "warnings", []))

    def __iter__(self):  # noqa: ANN204 - mirrors SampleLibrary
        return iter(self.samples)

    def __len__(self) -> int:
        return len(self.samples)
