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


class LoginError(InputError):
    """A login was refused: wrong name or password, a disabled account, or too many tries (wait `retry_after` s)."""

    def __init__(self, message: str, *, hint: str | None = None, retry_after: float = 0.0) -> None:
        self.retry_after = retry_after
        super().__init__(message, hint=hint)


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
            hint="请删除涉密内容，或改用本机内置模型，文字不会离开本机",
        )


class ExportError(DrafterError):
    """The draft could not be exported."""


class StoreError(DrafterError):
    """The drafts database cannot be read or written."""


class ConflictError(StoreError):
    """A save against a stale copy: the draft was saved elsewhere first. `draft` is the stored draft, with the
    refused texts kept in it as versions to merge; `kept` names the sections that got one."""

    def __init__(self, draft: object, kept: list[str]) -> None:
        self.draft = draft
        self.kept = kept
        what = f"本页对 {len(kept)} 节正文的修改已另存为这些节的一个版本；" if kept else ""
        super().__init__(f"这份文稿已在别处修改（另一个标签页或另一位同事先保存了），没有覆盖任何内容。{what}"
                         "本页对提纲、标题、落款的其他修改未保存",
                         hint="已载入最新的文稿：请在各节的“版本记录”中对照“未保存的修改”合并，其他修改请重新操作")


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
