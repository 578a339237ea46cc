"""The error hierarchy: every message says, in Chinese, what went wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


class DrafterError(Exception):
    """Base of every error drafter raises on purpose; str() is a message for the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message}（{hint}）")


class InputError(DrafterError):
    """Something the user typed or uploaded cannot be used as it is."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: a code the UI can map to its own words, the field's path, a message."""

    code: str  # "missing", "too_long", "date", "int", "range", "format", "unknown_field", "value", …
    path: tuple[str | int, ...]  # ("activities", 2, "date")
    message: str  # Chinese, names the field and how to fix it


class FactsError(InputError):
    """A fact sheet failed validation; `problems` lists one Chinese message per field, `details` the same as
    Problem objects (code and path) for callers that place or word them themselves."""

    def __init__(self, problems: list[str] | list[Problem]) -> None:
        self.details = [p if isinstance(p, Problem) else Problem("value", (), p) for p in problems]
        self.problems = [p.message for p in self.details]
        super().__init__("事实材料有误：" + "；".join(self.problems), hint="请按提示修改对应栏目后再试")


class LedgerError(InputError):
    """A ledger (台账) file cannot be read: wrong type, too large, no header row found."""


class SampleError(DrafterError):
    """A sample document cannot be read or parsed."""


class TemplateError(DrafterError):
    """A document template or prompt template is broken (a developer's error)."""


class ConfidentialError(DrafterError):
    """Material marked as classified must not be sent to a cloud model."""

    def __init__(self, marks: list[str]) -> None:
        self.marks = marks
        shown = "、".join(f"“{m}”" for m in marks[:5])
        super().__init__(
            f"材料中含有密级标识{shown}，不能发送到云端模型",
            hint="请删除涉密内容，或在侧栏改用“本机内置模型”，文字不会离开本机",
        )


class ExportError(DrafterError):
    """The draft could not be exported."""


class StoreError(DrafterError):
    """The drafts database cannot be read or written."""


class LLMError(DrafterError):
    """A model call failed; `partial_text` keeps whatever arrived before the failure."""

    def __init__(self, message: str, *, hint: str | None = None, partial_text: str = "") -> None:
        self.partial_text = partial_text
        super().__init__(message, hint=hint)


class AuthError(LLMError):
    """The API key is missing or wrong."""


class ModelNotFoundError(LLMError):
    """The provider does not serve the requested model."""


class ContextTooLongError(LLMError):
    """The request is larger than the model's context window."""


class ContentFilteredError(LLMError):
    """The provider's content filter refused the request or the reply."""


class RateLimitError(LLMError):
    """The provider keeps answering 429 after every retry."""


class ServerDownError(LLMError):
    """The model server cannot be reached or keeps failing."""


class LocalModelError(LLMError):
    """The embedded model cannot be assembled, verified or started."""
