"""Test doubles: a ChatModel whose replies are queued with enqueue(), in the spirit of simonw/llm's mock model."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from drafter.llm.base import ChatResult, ChatStream, Usage


@dataclass
class Call:
    """One request the fake received."""

    messages: list[dict[str, str]]
    max_tokens: int
    temperature: float | None
    started: float
    ended: float = 0.0


@dataclass
class _Reply:
    text: str | Callable[[list[dict[str, str]]], str]
    finish_reason: str = "stop"
    error: Exception | None = None
    delay: float = 0.0  # seconds per delta, to make calls overlap measurably


@dataclass
class FakeChatModel:
    """Replies are taken in order from the queue; with an empty queue `default` (or an echo) answers."""

    default: str | Callable[[list[dict[str, str]]], str] | None = None
    chunk: int = 8
    calls: list[Call] = field(default_factory=list)
    _queue: deque[_Reply] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def enqueue(self, text: str | Callable[[list[dict[str, str]]], str] = "", *, finish_reason: str = "stop",
                error: Exception | None = None, delay: float = 0.0) -> FakeChatModel:
        """Queue one reply (text, or a function of the messages), or an error raised after the text."""
        self._queue.append(_Reply(text, finish_reason, error, delay))
        return self

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int,
               temperature: float | None = None, stop: list[str] | None = None) -> ChatStream:
        with self._lock:
            reply = self._queue.popleft() if self._queue else _Reply(self.default if self.default is not None
                                                                     else "这是测试生成的段落。")
            call = Call(messages, max_tokens, temperature, time.monotonic())
            self.calls.append(call)
        text = reply.text(messages) if callable(reply.text) else reply.text

        def gen() -> Iterator[str | ChatResult]:
            for i in range(0, len(text), self.chunk):
                if reply.delay:
                    time.sleep(reply.delay)
                yield text[i:i + self.chunk]
            call.ended = time.monotonic()
            if reply.error is not None:
                err = reply.error
                if hasattr(err, "partial_text"):
                    err.partial_text = text
                raise err
            yield ChatResult(text, reply.finish_reason, Usage(len(str(messages)), len(text)))

        return ChatStream(gen())
