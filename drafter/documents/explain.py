"""Where each sentence of a draft came from: model, template, back-filled fact; and what the checks dropped."""

from __future__ import annotations

from drafter.documents.draft import SPAN_LABELS, Draft


def explain(draft: Draft) -> str:
    """A plain-text report, section by section: each sentence with its source, then the dropped replies."""
    lines: list[str] = []
    for sec in draft.sections:
        name = sec.heading or "开篇"
        if not sec.versions:
            lines.append(f"【{name}】（尚未生成）")
            continue
        v = sec.versions[-1]
        share = v.model_share
        head = f"【{name}】{v.label}"
        if share is not None:
            head += f" · 模型文字占{share:.0%}"
        lines.append(head)
        for span in v.spans:
            lines.append(f"  [{SPAN_LABELS.get(span.source, span.source)}] {span.text}")
        if not v.spans:
            lines.append(f"  [{v.label}] {v.text}")
        for d in v.dropped:
            lines.append(f"  [删去：{d.reason}] {d.text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
