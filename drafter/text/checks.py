"""Named checks on sentences, each written once and used by both writers (drafting/) and review (proofreading/).

Word lists live in templates/checks.yaml, templates/genre_rules.yaml (tense) and prompts/echoes.yaml (the prompts'
own words); thresholds are the named constants below.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import TemplateError
from drafter.settings import RESOURCE_ROOT
from drafter.text.clean import norm

# A run of this many characters copied from earlier text is a loop or padding (free path and review).
REPEAT_RUN = 12
# A sentence of effect is short (≤ 48 characters): 8 in a row already in the document is a retelling.
RETELL_RUN = 8
CHATTY_LINE_MAX = 60  # a chatty line is short; a long line starting "希望……" is prose

LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z'’\-]*[A-Za-z](?![A-Za-z])")


@cache
def load_words(name: str, folder: Path = RESOURCE_ROOT / "templates") -> dict[str, Any]:
    """One YAML word-list file of templates/ (or prompts/), loaded once per process."""
    path = folder / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"词表文件 {path} 无法读取：{exc}", hint="请检查 templates/ 和 prompts/ 目录是否完整") from exc
    if not isinstance(data, dict):
        raise TemplateError(f"词表文件 {path} 格式不对：应为“键: 列表”", hint="请检查 templates/ 和 prompts/ 目录是否完整")
    return data


def _checks() -> dict[str, Any]:
    return load_words("checks.yaml")


def _genre() -> dict[str, Any]:
    return load_words("genre_rules.yaml")


# --- Latin-script words -------------------------------------------------------------------------

def latin_words(text: str, allowed_texts: list[str] | tuple[str, ...] = ()) -> list[re.Match[str]]:
    """Latin-script words inside Chinese prose ("commitment") that no allowed text (the facts) contains,
    case-insensitively, and that are not common abbreviations (GDP, App)."""
    common = set(_checks().get("common_abbreviations", []))
    lowered = [t.lower() for t in allowed_texts]
    return [m for m in LATIN_WORD.finditer(text)
            if m.group() not in common and not any(m.group().lower() in t for t in lowered)]


# --- repetition -----------------------------------------------------------------------------------

def repeated_run(text: str, earlier: str, run: int = REPEAT_RUN, exempt: str = "") -> str | None:
    """The first run of `run` characters (punctuation ignored) of text that earlier text already has and that
    is not part of `exempt` (a fact's own wording may recur), or None."""
    key, flat, free = norm(text), norm(earlier), norm(exempt)
    for i in range(len(key) - run + 1):
        piece = key[i:i + run]
        if piece in flat and piece not in free:
            return piece
    return None


# --- tense ----------------------------------------------------------------------------------------

@cache
def _strict(key: str) -> re.Pattern[str]:
    return re.compile(_checks()[key])


def _words(key: str) -> tuple[str, ...]:
    """A genre word list, longest first (so 组织生活会 is taken before 组织)."""
    return tuple(sorted(_genre().get(key, []), key=len, reverse=True))


def past_claim(sentence: str, *, strict: bool = False) -> str | None:
    """The words that report a result as done ("取得了", "已完成"), or None; strict also takes any 了 or 已."""
    if strict:
        m = _strict("effect_past_pattern").search(sentence)
        return m.group(0) if m else None
    return next((w for w in _words("plan_past") if w in sentence), None)


@cache
def _future_rx(year: int) -> re.Pattern[str]:
    """A time word and, within a dozen characters of the same clause, a modal ("下一步，支部将"); not "为今后……打下基础"."""
    times = "|".join(re.escape(t.replace("{next_year}", str(year + 1))) for t in _words("future_time"))
    modals = "|".join(re.escape(m) for m in _words("future_modal"))
    return re.compile(f"(?<![为从])({times})[^。；！？]{{0,12}}?(?:{modals})")


def future_claim(sentence: str, year: int, *, strict: bool = False) -> str | None:
    """The words that make a sentence next year's plan ("下一步，支部将……", "2026年要……"), or None; strict also
    takes a bare 将, 要, 计划."""
    if strict:
        m = _strict("effect_future_pattern").search(sentence)
        return m.group(0) if m else None
    for phrase in _words("future_phrases"):
        if phrase in sentence:
            return phrase
    m = _future_rx(year).search(sentence)
    return m.group(1) if m else None


def wrong_tense(sentence: str, *, plan: bool, year: int, strict: bool = False) -> str | None:
    """The words that put a sentence in the wrong tense for its document: a plan's result, a summary's plan."""
    return past_claim(sentence, strict=strict) if plan else future_claim(sentence, year, strict=strict)


# --- the prompt read back, chat-model lines ---------------------------------------------------------

def prompt_echo(text: str, prompt: str = "section") -> str | None:
    """A word of our own prompt (prompts/echoes.yaml, "section" or "effect") that the text holds, or None."""
    words = load_words("echoes.yaml", RESOURCE_ROOT / "prompts").get(prompt, [])
    return next((w for w in words if w in text), None)


def block_labels() -> list[str]:
    """The labels of the prompts' own blocks ("本节事实：", "写法："): a reply line opening with one recites the input."""
    return list(load_words("echoes.yaml", RESOURCE_ROOT / "prompts").get("block_labels", []))


def chatty_line(line: str) -> bool:
    """A short line a chat model puts around the text it was asked for ("好的，以下是……")."""
    return len(line) < CHATTY_LINE_MAX and line.startswith(tuple(_checks().get("chatty_line_starts", [])))


@cache
def chatbot_phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, label) of phrases no secretary writes: greetings, thanks, AI self-talk."""
    return tuple((re.compile(p["pattern"]), p["label"]) for p in _checks().get("chatbot_phrases", []))
