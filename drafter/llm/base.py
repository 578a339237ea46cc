"""The contract between the drafting engine and any model: a ChatModel streams a ChatStream."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass
class Usage:
    """Tokens one call used, as the provider reported them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int | None = None


@dataclass
class ChatResult:
    """What one call produced once its stream ended."""

    text: str
    finish_reason: str | None
    usage: Usage | None = None

    @property
    def cut_off(self) -> bool:
        """True when the reply hit max_tokens and is incomplete."""
        return self.finish_reason == "length"


class ChatStream(Iterator[str]):
    """Iterating yields text deltas; `result` is set once the stream is exhausted or closed."""

    def __init__(self, deltas: Iterator[str | ChatResult], on_close: Callable[[], None] | None = None) -> None:
        self._deltas = deltas
        self._on_close = on_close
        self._parts: list[str] = []
        self.result: ChatResult | None = None

    def __iter__(self) -> ChatStream:
        return self

    def __next__(self) -> str:
        if self.result is not None:
            raise StopIteration
        while True:
            try:
                item = next(self._deltas)
            except StopIteration:
                self.result = ChatResult("".join(self._parts), "stop")
                raise
            if isinstance(item, ChatResult):
                # The producer's final word: its finish_reason and usage, with the text we saw.
                self.result = ChatResult(item.text or "".join(self._parts), item.finish_reason, item.usage)
                raise StopIteration
            if item:
                self._parts.append(item)
                return item

    @property
    def text_so_far(self) -> str:
        """Everything received until now."""
        return "".join(self._parts)

    def close(self) -> None:
        """Stop early: the text so far is kept, finish_reason is "stopped"."""
        if self.result is None:
            self.result = ChatResult("".join(self._parts), "stopped")
        close = getattr(self._deltas, "close", None)
        if close:
            close()
        if self._on_close:
            self._on_close()


class ChatModel(Protocol):
    """Anything that can stream a chat completion: LLMClient over the SDK, or a test double."""

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int,
               temperature: float | None = None, stop: list[str] | None = None) -> ChatStream: ...
