"""No code from data: Jinja text from files (outline leads, edited templates, prompts) runs in a sandbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from drafter.cli import main
from drafter.documents.templates import TemplateSet
from drafter.drafting.prompting import PromptRenderer
from drafter.errors import TemplateError
from drafter.settings import RESOURCE_ROOT

SCHOOL = str(RESOURCE_ROOT / "examples" / "school_summary_2025.yaml")


def _payload(marker: Path) -> str:
    return "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"


def test_outline_lead_payload_is_inert(tmp_path, capsys):
    marker = tmp_path / "pwned"
    outline_file, out = tmp_path / "outline.yaml", tmp_path / "d.md"
    assert main(["draft", SCHOOL, "--outline-only", "-o", str(outline_file)]) == 0
    data = yaml.safe_load(outline_file.read_text(encoding="utf-8"))
    data["sections"][1]["lead"] = _payload(marker)
    outline_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code = main(["draft", SCHOOL, "--engine", "template", "--outline", str(outline_file), "-o", str(out)])
    assert not marker.exists()
    assert code != 0 and "模板渲染失败" in capsys.readouterr().err


def test_edited_template_payload_is_inert(tmp_path, school_facts):
    marker = tmp_path / "pwned"
    folder = tmp_path / "templates"
    shutil.copytree(RESOURCE_ROOT / "templates", folder)
    path = folder / "annual_summary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = _payload(marker)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateError):
        TemplateSet(folder).title(school_facts)
    assert not marker.exists()


def test_edited_prompt_payload_is_inert(tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "evil.j2").write_text(_payload(marker), encoding="utf-8")
    with pytest.raises(TemplateError):
        PromptRenderer(tmp_path).render("evil.j2")
    assert not marker.exists()


def test_ordinary_template_text_still_renders(tmp_path, school_facts, settings):
    ts = TemplateSet(settings.templates_dir)
    assert ts.render("{{ unit }}{{ year }}年{{ '好' | sentence }}", unit="某支部", year=2025) == "某支部2025年好。"
